"""Scale benchmark: what users wait for as the archive grows (search, Datasette, one new file).

    nice -n 5 .venv/bin/python benchmarks/scale.py --reports 5000             # real ingest of 5,000 texts
    nice -n 5 .venv/bin/python benchmarks/scale.py --reports 50000 --store    # 50,000 through the store API
    .venv/bin/python benchmarks/scale.py --reports 500 --json out.json         # a quick look, figures as JSON

The archive is generated, not copied: each report is a district, commune or department
report of one of 20 provinces (≈ 700 issuers), with its own number, date, title built from
≈ 70 topics and places, citing 2-6 documents from a per-province pool that grows with the
archive (so `documents` and the vocabulary grow as in a real archive), with percentages,
counts and money amounts in its prose.

Two ways to build it:
- default: the reports are written as text files and ingested by `ingest_files` exactly as
  `baocao ingest --workers N` does (real extraction) — the ingest rate is the real one;
- `--store`: the generator also writes the records it put in each text (header, cited
  documents with their lines, indicators, budget lines) and `store.store_report` writes them,
  skipping extraction; it measures the writer alone and builds 50,000 reports in minutes.

Then it measures, on the built database: size; writer peak memory; one new file ingested
(`ingest_files` on one more report, batch-end work included); `search()` p50/p95 over
mixed queries (topics, issuer + topic + year, numbers, questions; half without diacritics),
in process and `baocao search` end to end; Datasette start-up and the pages of the README.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractors.models import BudgetLine, Citation, CitedDocument, Extraction, Indicator, ReportHeader  # noqa: E402
from extractors.text import Text, fold  # noqa: E402

PROVINCES = ["Quảng Ngãi", "Cà Mau", "Bình Định", "Nghệ An", "Thái Bình", "Lào Cai", "Đắk Lắk", "Long An",
             "Hà Tĩnh", "Quảng Nam", "Phú Yên", "Sóc Trăng", "Bắc Giang", "Hải Dương", "Kiên Giang", "Gia Lai",
             "Thanh Hóa", "Yên Bái", "An Giang", "Tây Ninh"]
DISTRICT_NAMES = ["Sơn Tịnh", "Tư Nghĩa", "Mộ Đức", "Ba Tơ", "Minh Long", "Trà Bồng", "Nghĩa Hành", "Lý Sơn",
                  "Năm Căn", "Ngọc Hiển", "Phù Cát", "Tây Sơn", "Hoài Nhơn", "Đô Lương", "Yên Thành", "Quỳnh Lưu",
                  "Kiến Xương", "Tiền Hải", "Bảo Thắng", "Sa Pa", "Krông Pắc", "Ea Kar", "Đức Hòa", "Cần Giuộc",
                  "Kỳ Anh", "Hương Khê", "Duy Xuyên", "Núi Thành", "Tuy An", "Sông Cầu", "Mỹ Tú", "Lục Ngạn"]
COMMUNE_NAMES = ["Phổ Văn", "Phổ Thạnh", "Hành Thiện", "Tịnh Hà", "Đức Lân", "Nghĩa Kỳ", "Bình Sơn", "Tân Lập",
                 "Hòa Bình", "An Phú", "Thạnh Lợi", "Long Hiệp", "Xuân Lộc", "Phước Hòa", "Cát Hanh", "Ân Tường"]
DEPARTMENTS = ["Sở Tài nguyên và Môi trường", "Sở Giáo dục và Đào tạo", "Sở Y tế",
               "Sở Nông nghiệp và Phát triển nông thôn", "Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư",
               "Sở Giao thông vận tải", "Sở Lao động - Thương binh và Xã hội"]
TOPICS = ["xây dựng nông thôn mới", "phòng, chống dịch bệnh truyền nhiễm", "cải cách hành chính", "chuyển đổi số",
          "đầu tư đường giao thông nông thôn", "bảo vệ môi trường làng nghề", "phòng cháy và chữa cháy rừng",
          "bảo đảm an toàn thực phẩm", "phát triển hợp tác xã nông nghiệp", "giảm nghèo bền vững",
          "tiêm chủng mở rộng", "trồng rừng thay thế", "kiên cố hóa kênh mương", "xây dựng trường học đạt chuẩn",
          "bảo hiểm y tế toàn dân", "phát triển du lịch cộng đồng", "hỗ trợ hộ kinh doanh cá thể",
          "phòng, chống thiên tai và tìm kiếm cứu nạn", "quản lý đất đai", "cấp nước sạch nông thôn",
          "phổ cập giáo dục mầm non", "đào tạo nghề cho lao động nông thôn", "chăm sóc người cao tuổi",
          "phát triển thương mại điện tử", "quản lý chất thải rắn sinh hoạt", "bảo tồn di tích lịch sử",
          "phòng, chống ma túy", "an toàn giao thông đường bộ", "xây dựng gia đình văn hóa",
          "phát triển cây ăn quả", "nuôi trồng thủy sản", "chăn nuôi an toàn sinh học", "ứng dụng công nghệ thông tin",
          "thanh toán không dùng tiền mặt", "cấp căn cước công dân", "dịch vụ công trực tuyến",
          "thể dục thể thao quần chúng", "bình đẳng giới", "phòng chống bạo lực gia đình", "khuyến nông"]
KINDS = [("Báo cáo", "BC"), ("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Thông báo", "TB")]
INDICATOR_SUBJECTS = ["hộ dân được hỗ trợ", "hồ sơ giải quyết đúng hạn", "học sinh đến trường", "km đường được cứng hóa",
                      "xã đạt chuẩn", "người tham gia bảo hiểm", "hộ sử dụng nước sạch", "lao động được đào tạo"]
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Đức", "Huỳnh Thị Em", "Võ Văn Giang"]


def _issuer(rng: random.Random) -> tuple[str, str, str]:
    """(issuer as normalised, heading lines, place) of one report."""
    province = rng.choice(PROVINCES)
    roll = rng.random()
    if roll < 0.45:
        name = rng.choice(DISTRICT_NAMES)
        return f"UBND huyện {name}", f"ỦY BAN NHÂN DÂN\nHUYỆN {name.upper()}", name
    if roll < 0.8:
        name = rng.choice(COMMUNE_NAMES)
        return f"UBND xã {name}", f"ỦY BAN NHÂN DÂN\nXÃ {name.upper()}", name
    department = rng.choice(DEPARTMENTS)
    return f"{department} tỉnh {province}", f"UBND TỈNH {province.upper()}\n{department.upper()}", province


class Archive:
    """Reports generated one by one; cited documents come from a pool that grows with the archive."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.pool: list[tuple] = []      # (number, symbol, type_code, doc_type, date, issuer, subject)
        self.numbers: dict[str, int] = {}

    def _cited(self) -> tuple:
        rng = self.rng
        if len(self.pool) < 50 or rng.random() < 0.25:
            province = rng.choice(PROVINCES)
            doc_type, code = rng.choice([("Kế hoạch", "KH"), ("Quyết định", "QĐ"), ("Nghị quyết", "NQ")])
            year = rng.randint(2015, 2024)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            self.pool.append((str(rng.randint(1, 4999)), f"{code}-UBND", code, doc_type, date,
                              f"UBND tỉnh {province}",
                              f"{rng.choice(TOPICS)} trên địa bàn tỉnh {province} giai đoạn {year}-{year + 4}"))
        return rng.choice(self.pool)

    def report(self, i: int) -> tuple[str, Extraction]:
        rng = self.rng
        issuer, heading, place = _issuer(rng)
        kind, code = rng.choices(KINDS, weights=[6, 3, 1, 1])[0]
        year, month, day = rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28)
        number = str(rng.randint(1, 3999)).zfill(rng.choice([1, 1, 1, 4]))
        topic = rng.choice(TOPICS)
        title = f"{'Kết quả thực hiện ' if code == 'BC' else ''}{topic} năm {year} trên địa bàn {place}"
        lines = [*heading.split("\n"), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 f"Số: {number}/{code}-UBND", f"{place}, ngày {day:02d} tháng {month:02d} năm {year}",
                 kind.upper(), title[0].upper() + title[1:]]
        documents, indicators, budget = [], [], []
        for _ in range(rng.randint(2, 6)):
            num, symbol, tcode, dtype, date, d_issuer, subject = self._cited()
            y, m, d = date.split("-")
            line = f"Thực hiện {dtype} số {num}/{symbol} ngày {d}/{m}/{y} của {d_issuer} về {subject};"
            lines.append(line)
            mention = Citation(f"{dtype} số {num}/{symbol}", num, symbol, type_code=tcode, doc_type=dtype, date=date,
                               date_text=f"{d}/{m}/{y}", issuer=d_issuer, issuer_normalized=d_issuer, subject=subject,
                               line=len(lines), context=line)
            documents.append(CitedDocument(num, symbol, None, type_code=tcode, doc_type=dtype, date=date,
                                           issuer=d_issuer, subject=subject, mentions=[mention]))
        lines.append("I. KẾT QUẢ THỰC HIỆN")
        for k in range(rng.randint(6, 14)):
            subject = rng.choice(INDICATOR_SUBJECTS)
            value = round(rng.uniform(10, 99), 1)
            value_text = f"{value:.1f}".replace(".", ",") + "%"
            topic_k = rng.choice(TOPICS)
            line = (f"{k + 1}. Về {topic_k}: tỷ lệ {subject} đạt {value_text}; thôn {rng.choice(COMMUNE_NAMES)} "
                    f"đã triển khai {rng.randint(2, 90)} lượt kiểm tra, tuyên truyền tới người dân.")
            lines.append(line)
            indicators.append(Indicator(value, "%", value_text, subject=f"tỷ lệ {subject}", year=year,
                                        line=len(lines), context=line))
            if rng.random() < 0.3:
                amount = rng.randint(50, 9000)
                line = f"Kinh phí thực hiện {amount:,} triệu đồng từ nguồn ngân sách {place}.".replace(",", ".")
                lines.append(line)
                budget.append(BudgetLine(f"thực hiện {topic_k}", f"{amount} triệu đồng", amount * 1_000_000,
                                         year=year, source_of_funds=f"ngân sách {place}", line=len(lines),
                                         context=line))
        lines += ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", rng.choice(SIGNERS)]
        header = ReportHeader(kind=kind, type_code=code, number=number, symbol=f"{code}-UBND", place=place,
                              place_as_written=place, date=f"{year}-{month:02d}-{day:02d}", year=year, month=month,
                              issuer=issuer, title=title, signer_title="CHỦ TỊCH")
        return "\n".join(lines) + f"\n(bản {i})\n", Extraction(header, documents, [], indicators, budget)

    def queries(self, n: int) -> list[str]:
        """Mixed queries; every other one without diacritics."""
        rng, out = random.Random(11), []
        for i in range(n):
            topic = rng.choice(TOPICS).replace(",", "")
            form = i % 5
            if form == 0:
                q = topic
            elif form == 1:
                q = f"kế hoạch nào về {topic}"
            elif form == 2:
                q = f"{topic} huyện {rng.choice(DISTRICT_NAMES)} năm {rng.randint(2016, 2025)}"
            elif form == 3:
                num, symbol, *_ = rng.choice(self.pool)
                q = f"kế hoạch số {num.lstrip('0')} {rng.choice(PROVINCES)}"
            else:
                q = f"{topic.split()[0]} {rng.choice(['HTX', 'CNTT', 'UBND tỉnh', 'TP HCM'])} {rng.choice(PROVINCES)}"
            out.append(fold(q) if i % 2 else q)
        return out


def _file_record(path: str, text: str) -> dict:
    import hashlib

    from pipeline import store
    data = text.encode()
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "format": "txt",
            "pages": None, "ocr": 0, "status": "ok", "error": None, "note": None, "ingested_at": store.now()}


def build_with_store(db_path: Path, archive: Archive, n: int) -> dict:
    from pipeline import store
    db = store.open_db(db_path)
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        text, extraction = archive.report(i)
        if i % 200 == 0:
            db.conn.execute("begin")
        store.store_report(db, _file_record(f"r/{i:06d}.txt", text), Text.from_string(text), extraction)
        if i % 200 == 199 or i == n - 1:
            db.conn.execute("commit")
        if i % 5000 == 4999:
            print(f"  {i + 1} reports, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    store.consolidate(db)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.close()
    return {"mode": "store API (no extraction)", "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "reports_per_s": round(n / wall, 1)}


def build_with_ingest(db_path: Path, folder: Path, archive: Archive, n: int, workers: int) -> dict:
    from pipeline.discover import discover
    from pipeline.ingest import ingest_files
    for i in range(n):
        text, _ = archive.report(i)
        (folder / f"{i // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"r{i:06d}.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time()
    summary = ingest_files(discover([folder]), db_path, workers=workers)
    wall = time.perf_counter() - started
    child_cpu = (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN)) - (
        children.ru_utime + children.ru_stime)
    return {"mode": f"baocao ingest, {workers} workers", "ok": summary.ok, "wall_s": round(wall, 1),
            "cpu_s": round(time.process_time() - cpu + child_cpu, 1), "reports_per_s": round(n / wall, 1)}


# One run of `ingest_files` in a process of its own, as `baocao ingest new/` runs: the time of the
# run (imports left out), the writer's CPU time and its peak memory (the writer's own, not the
# worker's that read the file: what must stay flat as the archive grows).
_ONE_RUN = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from pipeline.discover import discover
from pipeline.ingest import ingest_files
started, cpu = time.perf_counter(), time.process_time()
ingest_files(discover([sys.argv[1]]), sys.argv[2], workers=1)
print(json.dumps({"s": time.perf_counter() - started, "writer_cpu_s": time.process_time() - cpu,
                  "writer_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def one_new_file(db_path: Path, folder: Path, archive: Archive, i: int, runs: int = 3) -> dict:
    """Median over `runs` new files, each ingested alone into the archive."""
    results = []
    for k in range(runs):
        new = folder / f"new{i + k}"
        new.mkdir(exist_ok=True)
        text, _ = archive.report(i + k)
        (new / f"new{i + k}.txt").write_text(text, encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", _ONE_RUN, str(new), str(db_path), str(REPO)],
                             capture_output=True, text=True, check=True).stdout
        results.append(json.loads(out.splitlines()[-1]))
    return {key: round(statistics.median(r[key] for r in results), 2) for key in results[0]} | {"runs": runs}


def _percentiles(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"p50_s": round(statistics.median(ordered), 3),
            "p95_s": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
            "max_s": round(ordered[-1], 3), "n": len(ordered)}


def measure_search(db_path: Path, queries: list[str]) -> dict:
    from pipeline.search import open_readonly, search
    conn = open_readonly(db_path)
    search(conn, "thư viện")        # loads the word list once, as the first query of a process does
    times, cpu = [], []
    for q in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        search(conn, q)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    cli, cli_cpu = [], []
    children = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))  # noqa: E731
    for q in queries[:10]:
        started, cpu_started = time.perf_counter(), children()
        subprocess.run([str(REPO / ".venv" / "bin" / "baocao"), "search", q, "--db", str(db_path)],
                       capture_output=True, check=True)
        cli.append(time.perf_counter() - started)
        cli_cpu.append(children() - cpu_started)
    return {"in_process": _percentiles(times), "in_process_cpu": _percentiles(cpu),
            "cli_end_to_end": _percentiles(cli), "cli_end_to_end_cpu": _percentiles(cli_cpu)}


def measure_datasette(db_path: Path, queries: list[str]) -> dict:
    import sqlite3

    from pipeline.serve import datasette_instance, load_metadata
    name = db_path.stem
    with sqlite3.connect(db_path) as conn:    # a report asked for by its reference, as a user would
        report_ref = conn.execute("select number || '/' || symbol from reports where number is not null "
                                  "order by id desc limit 1").fetchone()[0]
    started = time.perf_counter()
    ds = datasette_instance(db_path)

    async def fetch(path):
        t, cpu = time.perf_counter(), time.process_time()
        response = await ds.client.get(path)
        return response.status_code, (time.perf_counter() - t, time.process_time() - cpu)

    async def run():
        await ds.invoke_startup()
        await fetch("/")
        startup = time.perf_counter() - started
        topic = quote(queries[0])
        pages = {
            "/": "/", "documents": f"/{name}/documents", "reports": f"/{name}/reports",
            "documents search page": f"/-/search/{name}?_search={topic}",
            "reports?_search=": f"/{name}/reports?_search={topic}",
            "citations?_search=": f"/{name}/citations?_search={topic}",
            "indicators (facets)": f"/{name}/indicators",
            "budget_lines (facets)": f"/{name}/budget_lines",
            "Kế hoạch nào đề cập đến …?": f"/{name}/ke_hoach_de_cap?chu_de={topic}",
            "Kinh phí theo năm": f"/{name}/kinh_phi_theo_nam",
            "Văn bản được trích dẫn nhiều nhất": f"/{name}/van_ban_trich_dan_nhieu_nhat",
            "Các chỉ tiêu của một báo cáo": f"/{name}/chi_tieu_cua_bao_cao?bao_cao={quote(report_ref)}",
            "Nhiệm vụ của một cơ quan": f"/{name}/nhiem_vu_cua_co_quan?co_quan={quote('Sở Y tế')}&vai_tro=",
            "Việc sắp đến hạn": f"/{name}/viec_sap_den_han",
            "dashboard page": "/-/dashboards/kinh-phi",
        }
        # the dashboard's charts: each is a query the page's script asks for
        charts = load_metadata()["plugins"]["datasette-dashboards"]["kinh-phi"]["charts"]
        pages.update({f"chart {slug}": f"/{name}.json?_shape=array&sql={quote(chart['query'])}"
                      for slug, chart in charts.items()})
        out = {}
        for label, path in pages.items():
            status, (seconds, cpu) = await fetch(path)
            out[label] = {"status": status, "s": round(seconds, 3), "cpu_s": round(cpu, 3)}
        return round(startup, 2), out

    startup, pages = asyncio.run(run())
    return {"startup_s": startup, "pages": pages}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--store", action="store_true", help="build through the store API, without extraction")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--reuse", action="store_true", help="measure the database --keep names, built before")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="baocao-scale-"))
    db_path = args.keep or work / "scale.db"
    archive = Archive()
    folder = work / "archive"
    folder.mkdir()
    figures = {"reports": args.reports, "machine": f"{platform.processor() or platform.machine()}, "
               f"Python {platform.python_version()}"}
    print(f"building {args.reports} reports in {db_path} …", file=sys.stderr, flush=True)
    if args.reuse:
        if not db_path.exists():
            parser.error(f"--reuse: no database at {db_path}")
        for i in range(args.reports):    # the same generator state as when it was built
            archive.report(i)
        figures["build"] = {"mode": "reused"}
    elif args.store:
        figures["build"] = build_with_store(db_path, archive, args.reports)
    else:
        figures["build"] = build_with_ingest(db_path, folder, archive, args.reports, args.workers)
    from pipeline import store
    store.open_db(db_path).close()     # a database built by an older baocao gets its new indexes first, unmeasured
    if not args.reuse:
        figures["writer_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["size_mb"] = round(sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*")) / 2**20, 1)
    with __import__("sqlite3").connect(db_path) as conn:
        figures["rows"] = {t: conn.execute(f"select max(rowid) from {t}").fetchone()[0]
                           for t in ("reports", "documents", "citations", "indicators", "budget_lines")}
    print(json.dumps(figures, ensure_ascii=False), file=sys.stderr, flush=True)
    # A file name not used before (a --reuse run must not find it already ingested).
    figures["one_new_file"] = one_new_file(db_path, folder, archive, args.reports + 1 + int(time.time()) % 10**6)
    queries = archive.queries(args.queries)
    figures["search"] = measure_search(db_path, queries)
    figures["datasette"] = measure_datasette(db_path, queries)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
