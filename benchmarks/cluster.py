"""Cluster benchmark: `ingest --cluster local[N]` against the process pool, and the single writer's ceiling.

    .venv/bin/python benchmarks/cluster.py               # a quarter of benchmarks/run.py's archive
    .venv/bin/python benchmarks/cluster.py --scale 0.05  # a quick look
    .venv/bin/python benchmarks/cluster.py --json out.json

The archive is benchmarks/run.py's (byte-distinct copies of the corpus: text, DOCX,
text-layer PDFs, single scanned pages) and one long scan (48 pages at scale 1, split by page
on the cluster). Each format is ingested twice into two
databases, once by the process pool (`--workers N`) and once on a local Dask cluster
of N single-threaded workers (`--cluster local[N]`: threads of the ingest, each with its
own reader child), each run starting and stopping its own cluster as the command does; every
pool run comes first (see main). The two databases are then compared row for row
(tests/db_rows.py). Also measured: the cluster's start-up, the single writer alone
(reports stored per second from rows prepared in advance), and database and
full-text index size per 1,000 reports. Figures go to docs/SCALING.md.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))

from db_rows import differences  # noqa: E402  (the paths are added just above)
from run import FULL, build_archive, cpu_seconds, machine  # noqa: E402

from pipeline.discover import discover  # noqa: E402
from pipeline.ingest import default_workers, ingest_files  # noqa: E402
from pipeline.workers import Limits  # noqa: E402


def cpu_seconds_all() -> float:
    """`run.cpu_seconds` and the CPU time of the processes still running under this one and of
    those they reaped: the cluster's fork server and the readers it started (not this process's
    children, so not in its own count)."""
    import psutil

    under = 0.0
    for child in psutil.Process().children():
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        under += times.user + times.system + times.children_user + times.children_system
    return cpu_seconds() + under


def timed_ingest(files, db_path: Path, **how) -> dict:
    started, cpu_before = time.perf_counter(), cpu_seconds_all()
    summary = ingest_files(files, db_path, limits=Limits(timeout=600), **how)
    seconds, cpu = time.perf_counter() - started, cpu_seconds_all() - cpu_before
    with sqlite3.connect(db_path) as db:
        pages = db.execute("select coalesce(sum(pages), 0) from files").fetchone()[0]
    return {"files": len(files), "ok": summary.ok, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "files_per_s": round(len(files) / seconds, 2), "pages": pages,
            "pages_per_s": round(pages / seconds, 2) if pages else None}


def long_scan(folder: Path, pages: int) -> None:
    """One scanned PDF of `pages` pages, taken in turn from the corpus's scans: the cluster splits
    it by page across its workers (pipeline/pagesplit.py), the pool reads it in one worker."""
    import pypdfium2

    folder.mkdir(parents=True)
    target = pypdfium2.PdfDocument.new()
    sources = [pypdfium2.PdfDocument(str(path)) for path in sorted((REPO / "corpus" / "scanned").glob("*.pdf"))]
    while len(target) < pages:
        source = sources[len(target) % len(sources)]
        target.import_pages(source, [len(target) // len(sources) % len(source)])
    target.save(str(folder / "long_scan.pdf"))


def cluster_start_seconds(workers: int) -> float:
    from pipeline.cluster import ClusterPool
    from pipeline.ingest import process

    started = time.perf_counter()
    with ClusterPool(process, f"local[{workers}]"):
        ready = time.perf_counter() - started
    return round(ready, 2)


def writer_ceiling(reports: int = 1000) -> dict:
    """Reports per second the single writer stores, rows prepared beforehand (what a cluster sends it)."""
    from extractors.text import Text
    from pipeline import store
    from pipeline.extract import extract
    from pipeline.ingest import file_record
    from pipeline.discover import FoundFile

    seeds = sorted((REPO / "corpus").glob("*.txt"))
    prepared = []
    for path in seeds:
        text = Text.from_string(path.read_text(encoding="utf-8"))
        prepared.append(store.prepare_report(text, extract(text)))
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_db(Path(folder) / "writer.db")
        started, cpu_before = time.perf_counter(), time.process_time()
        db.conn.execute("BEGIN")
        for n in range(reports):
            found = FoundFile(Path(f"w/{n}.txt"), f"w/{n:06d}.txt")
            store.write_report(db, file_record(found, f"{n:064x}", 1000), prepared[n % len(prepared)])
            if n % 100 == 99:
                db.conn.execute("COMMIT")
                db.conn.execute("BEGIN")
        db.conn.execute("COMMIT")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_before
        db.close()
        size = (Path(folder) / "writer.db").stat().st_size
        with sqlite3.connect(Path(folder) / "writer.db") as conn:
            fts_bytes = _fts_bytes(conn)
    return {"reports": reports, "seconds": round(seconds, 2), "reports_per_s": round(reports / seconds, 1),
            "cpu_ms_per_report": round(cpu / reports * 1000, 2),
            "db_mb_per_1000_reports": round(size / 2**20 / reports * 1000, 1),
            "fts_mb_per_1000_reports": round(fts_bytes / 2**20 / reports * 1000, 1) if fts_bytes else None}


def _fts_bytes(conn: sqlite3.Connection) -> int | None:
    """Bytes of the full-text indexes' own tables (dbstat), or None where SQLite lacks dbstat."""
    try:
        return conn.execute("select sum(pgsize) from dbstat where name like '%\\_fts\\_%' escape '\\'").fetchone()[0]
    except sqlite3.OperationalError:
        return None


def markdown(results: dict) -> str:
    m, w = results["machine"], results["workers"]
    out = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, Python {m['python']}; "
           f"{w} workers, local cluster of {w} (start-up {results['cluster_start_s']} s, included below).", "",
           "| format | files | pages | pool s | cluster s | pool CPU-s | cluster CPU-s | cluster/pool throughput | same rows |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for fmt, r in results["formats"].items():
        p, c = r["pool"], r["cluster"]
        out.append(f"| {fmt} | {p['files']} | {p['pages'] or ''} | {p['seconds']} | {c['seconds']} | {p['cpu_seconds']} | "
                   f"{c['cpu_seconds']} | {r['ratio']} | {'yes' if not r['differences'] else 'NO'} |")
    wr = results["writer"]
    out += ["", f"Single writer alone: {wr['reports_per_s']} reports/s ({wr['cpu_ms_per_report']} ms CPU per report), "
                f"{wr['db_mb_per_1000_reports']} MB of database per 1,000 seed-sized reports"
                + (f", of which full-text indexes {wr['fts_mb_per_1000_reports']} MB." if wr["fts_mb_per_1000_reports"]
                   else ".")]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.25, help="fraction of benchmarks/run.py's archive")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--formats", default="txt,docx,pdf,scanned,longscan", help="which formats, comma-separated")
    args = parser.parse_args()

    counts = {k: max(1, round(v * args.scale)) for k, v in FULL.items()}
    with tempfile.TemporaryDirectory(prefix="baocao-cluster-") as folder:
        root = Path(folder)
        build_archive(root / "archive", counts)
        long_scan(root / "archive" / "longscan", max(8, round(48 * args.scale)))
        results: dict = {"machine": machine(), "workers": args.workers, "counts": counts, "formats": {}}
        everything = discover([root / "archive"])
        formats = args.formats.split(",")
        files = {fmt: [f for f in everything if f.rel.startswith(fmt + "/")] for fmt in formats}
        # Every pool run before the first cluster run: a reader forked by the pool shares this process's
        # address space, which Dask's threads and modules enlarge, under the same memory cap.
        pools = {fmt: timed_ingest(files[fmt], root / f"{fmt}_pool.db", workers=args.workers) for fmt in formats}
        results["cluster_start_s"] = cluster_start_seconds(args.workers)
        for fmt in formats:
            pool = pools[fmt]
            cluster = timed_ingest(files[fmt], root / f"{fmt}_cluster.db", cluster=f"local[{args.workers}]")
            results["formats"][fmt] = {
                "pool": pool, "cluster": cluster, "ratio": round(pool["seconds"] / cluster["seconds"], 2),   # throughput
                "differences": differences(str(root / f"{fmt}_pool.db"), str(root / f"{fmt}_cluster.db"))}
            print(f"{fmt}: {results['formats'][fmt]}", file=sys.stderr)
        results["writer"] = writer_ceiling()
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
