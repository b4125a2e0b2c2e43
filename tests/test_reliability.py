"""Issue 6: baocao survives folders nobody has cleaned.

Every fault is generated here (tests/fault_corpus.py), ingested by the real
command in a subprocess, and its `files` row checked for the status and the
one-line reason the user reads. When the tests run as root (CI), the subprocess
gives up root's power to read any file (capabilities CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH), so a permission-denied file is really unreadable. (It
cannot become `nobody`: the interpreter lives under /root.)
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import fault_corpus
from extractors.dates import parse_numeric_date, parse_spelled_date
from extractors.references import find_citations
from extractors.sections import SectionIndex
from extractors.tables import find_tables
from extractors.text import Text
from pipeline.discover import discover
from pipeline.ingest import ingest_files
from pipeline.workers import Failure, Limits, Pool

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").glob("*.txt"))
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _without_root_file_access():
    """preexec_fn: drop the capabilities that let root read files whatever their permissions."""
    import ctypes

    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_cli(*args: str, cwd: Path, unprivileged: bool = False, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_without_root_file_access if unprivileged and os.geteuid() == 0 else None, **popen,
    )


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, params).fetchall()


def assert_consistent(db_path: Path) -> None:
    """Integrity ok, every path once, and a file's rows all present or all absent."""
    assert rows(db_path, "pragma integrity_check") == [("ok",)]
    assert rows(db_path, "select path, count(*) from files group by path having count(*) > 1") == []
    assert rows(db_path, "select f.path from files f where f.status = 'ok' and "
                         "(select count(*) from reports r where r.file_id = f.id) != 1") == []
    assert rows(db_path, "select r.id from reports r join files f on f.id = r.file_id where f.status != 'ok'") == []
    assert rows(db_path, "select r.id from reports r where not exists (select 1 from files f where f.id = r.file_id)") == []


def test_fault_corpus_every_file_recorded_with_its_reason(tmp_path):
    expected = fault_corpus.build(tmp_path / "archive")
    db_path = tmp_path / "reports.db"
    started = time.monotonic()
    proc = run_cli("ingest", str(tmp_path / "archive"), "--db", str(db_path), "-q", "--workers", "2",
                   cwd=tmp_path, unprivileged=True)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err   # some files not read (the faults)
    assert time.monotonic() - started < 60

    recorded = {path: (status, error) for path, status, error in rows(db_path, "select path, status, error from files")}
    assert sorted(recorded) == sorted(expected)
    for path, (status, reason) in expected.items():
        assert recorded[path][0] == status, (path, recorded[path])
        if reason:
            assert re.search(reason, recorded[path][1]), (path, recorded[path][1])
        else:
            assert recorded[path][1] is None, (path, recorded[path][1])
        if status != "ok":   # one line, said to the user in the summary too
            assert "\n" not in recorded[path][1]
    assert_consistent(db_path)
    ok = sum(1 for status, _ in expected.values() if status == "ok")
    assert f"Files: {ok} ok, 0 unchanged (skipped), {len(expected) - ok} not read" in out
    assert "  error       unreadable.txt: permission denied" in out

    # The text behind the odd encodings and names arrived intact.
    report_text = fault_corpus.VIETNAMESE_REPORT.splitlines()[3]
    for path in ("utf16.txt", "utf16-no-bom.txt", "windows-1258.txt", "Kế hoạch số 2 (bản NFD).txt",
                 "bao c\\xe1o latin-1 name.txt", "Báo cáo #3 tháng 6 năm 2023.txt"):
        (text,) = rows(db_path, "select r.text from reports r join files f on f.id = r.file_id where f.path = ?", [path])[0]
        assert report_text in text, path
    for path in ("broken-xref.pdf", "encrypted-empty-password.pdf"):
        (text, pages), = rows(db_path, "select r.text, f.pages from reports r join files f on f.id = r.file_id "
                                       "where f.path = ?", [path])
        assert "So: 12/BC-UBND" in text and "Trang 3 dong 19" in text and pages == 3, path


def test_a_stuck_file_is_stopped_and_the_batch_goes_on():
    def job(name):
        if name == "hangs":
            time.sleep(600)
        return name.upper()

    with Pool(job, workers=2, limits=Limits(timeout=1.0)) as pool:
        started = time.monotonic()
        results = dict(pool.run((i, (name,), 0) for i, name in enumerate(["a", "hangs", "b", "c", "d"])))
    assert time.monotonic() - started < 5
    assert results == {0: "A", 2: "B", 3: "C", 4: "D",
                       1: Failure("took longer than 1 s: stopped (a pathological file?); raise --timeout to retry")}


def test_a_larger_file_gets_more_time():
    def job(seconds):
        time.sleep(seconds)
        return seconds

    with Pool(job, workers=2, limits=Limits(timeout=0.5, seconds_per_mb=1.0)) as pool:
        results = dict(pool.run([("small", (1.0,), 0.1), ("large", (1.0,), 2.0)]))
    assert results == {"large": 1.0,
                       "small": Failure("took longer than 0.6 s: stopped (a pathological file?); raise --timeout to retry")}


def test_a_file_that_needs_too_much_memory_is_stopped_and_the_batch_goes_on():
    def job(megabytes):
        return len(bytearray(megabytes << 20))

    with Pool(job, workers=1, limits=Limits(timeout=30, memory_mb=300)) as pool:
        results = dict(pool.run((mb, (mb,), 0) for mb in [1, 800, 2, 4096, 3]))
    assert results == {
        1: 1 << 20, 2: 2 << 20, 3: 3 << 20,
        800: Failure("needs more than 300 MB of memory: stopped (raise --max-memory to retry)"),
        4096: Failure("needs more than 300 MB of memory: stopped (raise --max-memory to retry)"),
    }


def test_a_crashing_reader_is_replaced_and_the_batch_goes_on():
    def job(name):
        if name == "segfault":
            import ctypes
            ctypes.string_at(0)
        if name == "exits":
            os._exit(3)
        return name

    with Pool(job, workers=2) as pool:
        results = dict(pool.run((name, (name,), 0) for name in ["a", "segfault", "b", "exits", "c"]))
    assert results == {
        "a": "a", "b": "b", "c": "c",
        "segfault": Failure("the reader crashed (segmentation fault) on this file: it is probably corrupt; re-export it"),
        "exits": Failure("the reader exited (code 3) on this file: it may be corrupt; re-export it"),
    }


def _flate_bomb_pdf(path: Path, unpacked_mb: int) -> None:
    """A one-page PDF whose content stream inflates to `unpacked_mb` MB of drawing commands."""
    import zlib

    compressor = zlib.compressobj(1)
    block = b"0 0 m 1 1 l S\n" * (1 << 16)
    stream = b"".join(compressor.compress(block) for _ in range((unpacked_mb << 20) // len(block))) + compressor.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(out)


def test_a_pdf_decompression_bomb_is_stopped_by_the_memory_limit(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    _flate_bomb_pdf(archive / "bomb.pdf", unpacked_mb=600)
    (archive / "report.txt").write_text(fault_corpus.VIETNAMESE_REPORT)
    summary = ingest_files(discover([archive]), tmp_path / "r.db", workers=1,
                           limits=Limits(timeout=60, memory_mb=400))
    assert summary.ok == 1
    [(path, status, reason)] = summary.failures
    assert (path, status) == ("bomb.pdf", "error")
    assert re.fullmatch(r"(the reader aborted on this file \(out of memory\? limit 400 MB\): it may be corrupt or too large; "
                        r"re-export it or raise --max-memory"
                        r"|needs more than 400 MB of memory: stopped \(raise --max-memory to retry\))", reason), reason


# --- interruption and concurrent readers ---------------------------------------

# More files than one write batch (100), so an interruption always lands half-way.
ARCHIVE_FILES = 300


def make_archive(folder: Path, n: int) -> Path:
    """n distinct copies of the seed reports' first pages (heading, references, figures)."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8")[:8000] for p in SEEDS]
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(seeds[i % len(seeds)] + f"\nBản sao số {i}.\n", encoding="utf-8")
    return folder


def wait_for_files(db_path: Path, at_least: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            count = rows(db_path, "select count(*) from files")[0][0]
            if count >= at_least:
                return count
        except sqlite3.OperationalError:
            pass   # not created yet
        time.sleep(0.02)
    raise AssertionError(f"fewer than {at_least} files stored after {timeout} s")


def worker_pids(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += map(int, (task / "children").read_text().split())
    return children


def test_kill_9_half_way_then_again_loses_and_duplicates_nothing(tmp_path):
    archive = make_archive(tmp_path / "archive", ARCHIVE_FILES)
    db_path = tmp_path / "r.db"
    first = run_cli("ingest", str(archive), "--db", str(db_path), "-q", "-j", "2", cwd=tmp_path)
    wait_for_files(db_path, 20)
    workers = worker_pids(first.pid)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert workers, "ingest runs its files in worker processes"
    time.sleep(1.0)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()
            and "zombie" not in Path(f"/proc/{pid}/status").read_text()] == [], "workers die with their parent"

    assert_consistent(db_path)
    stored = rows(db_path, "select count(*) from files")[0][0]
    assert 20 <= stored < ARCHIVE_FILES

    second = run_cli("ingest", str(archive), "--db", str(db_path), "-q", cwd=tmp_path)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert f"Files: {ARCHIVE_FILES - stored} ok, {stored} unchanged (skipped), 0 not read" in out
    assert_consistent(db_path)
    assert rows(db_path, "select count(*), count(distinct path), sum(status = 'ok') from files") == [(ARCHIVE_FILES,) * 3]
    assert rows(db_path, "select count(*) from reports") == [(ARCHIVE_FILES,)]


def test_ctrl_c_stops_cleanly_with_a_summary(tmp_path):
    archive = make_archive(tmp_path / "archive", ARCHIVE_FILES)
    db_path = tmp_path / "r.db"
    proc = run_cli("ingest", str(archive), "--db", str(db_path), "-q", "-j", "2", cwd=tmp_path, start_new_session=True)
    wait_for_files(db_path, 20)
    os.killpg(proc.pid, signal.SIGINT)   # as the terminal does: to the command and its workers
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    stored = rows(db_path, "select count(*) from files")[0][0]
    assert re.search(rf"^Interrupted: {ARCHIVE_FILES - stored} files not read yet; run the same command again to continue\.$", out, re.M), out
    assert f"Files: {stored} ok, 0 unchanged (skipped), 0 not read" in out
    assert_consistent(db_path)

    again = run_cli("ingest", str(archive), "--db", str(db_path), "-q", cwd=tmp_path)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert rows(db_path, "select count(*), count(distinct path), sum(status = 'ok') from files") == [(ARCHIVE_FILES,) * 3]


READER = """
import sqlite3, sys, time, json
path, seconds = sys.argv[1], float(sys.argv[2])
queries = errors = 0
seen, messages = [], []
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        # As Datasette opens a database: read-only URI; a short wait, not Python's 5 s default.
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        with db:
            db.execute("begin")
            files, reports = db.execute("select count(*), (select count(*) from reports) from files").fetchone()
            half = db.execute("select count(*) from files f where f.status = 'ok' and not exists "
                              "(select 1 from reports r where r.file_id = f.id)").fetchone()[0]
            db.execute("select count(*) from reports_fts where reports_fts match 'xa'").fetchone()
        db.close()
        seen.append((files, reports, half))
        queries += 1
    except sqlite3.OperationalError as e:
        if "no such table" not in str(e) and "unable to open" not in str(e):
            errors += 1
            messages.append(str(e))
    time.sleep(0.005)
print(json.dumps({"queries": queries, "errors": errors, "messages": messages[:5], "seen": seen}))
"""


def test_readers_are_never_locked_out_while_ingest_writes(tmp_path):
    import json

    archive = make_archive(tmp_path / "archive", ARCHIVE_FILES)
    db_path = tmp_path / "r.db"
    ingest = run_cli("ingest", str(archive), "--db", str(db_path), "-q", "-j", "2", cwd=tmp_path)
    wait_for_files(db_path, 1)
    reader = subprocess.run([sys.executable, "-c", READER, str(db_path), "4"], capture_output=True, text=True, timeout=60)
    ingest.communicate(timeout=120)
    assert ingest.returncode == 0
    report = json.loads(reader.stdout)
    assert report["errors"] == 0, report["messages"]
    assert report["queries"] > 50
    assert rows(db_path, "pragma journal_mode") == [("wal",)]
    seen = report["seen"]
    assert [half for _, _, half in seen] == [0] * len(seen), "a file's rows appear all together"
    assert [files for files, _, _ in seen] == sorted(files for files, _, _ in seen)
    assert seen[0][0] < ARCHIVE_FILES, "the reader ran while ingest was writing"


def test_5000_small_files(tmp_path):
    archive = tmp_path / "archive"
    for folder in range(10):
        (archive / f"đơn vị {folder}").mkdir(parents=True)
        for i in range(500):
            (archive / f"đơn vị {folder}" / f"báo cáo {i}.txt").write_text(
                f"ỦY BAN NHÂN DÂN XÃ {folder}\nSố: {i}/BC-UBND\nBÁO CÁO\nTỷ lệ đạt {i},5%.\n", encoding="utf-8")
    db_path = tmp_path / "r.db"
    started = time.monotonic()
    summary = ingest_files(discover([archive]), db_path, workers=2)
    first = time.monotonic() - started
    assert (summary.ok, summary.failures) == (5000, [])
    assert rows(db_path, "select count(*), count(distinct path) from files") == [(5000, 5000)]
    assert rows(db_path, "select count(*) from reports") == [(5000,)]
    assert first < 90

    started = time.monotonic()
    again = ingest_files(discover([archive]), db_path, workers=2)
    assert (again.ok, again.skipped) == (0, 5000)
    assert time.monotonic() - started < 10   # hash check only


# --- any input, no exception (hypothesis) ------------------------------------

# Pieces of the syntax the parsers look for, so random text reaches their deeper branches.
REFERENCE_PIECES = st.sampled_from([
    "số ", "Số: ", "/", "-", "KH-UBND", "NQ/TW", "/2022/NĐ-CP", "QĐ", "ngày ", " tháng ", " năm ", "2022",
    "22/12/2022", "của ", "UBND tỉnh ", "về việc ", "Kế hoạch ", "Nghị quyết ", "Chỉ thị số ", "\t", "\n",
    "(", ")", "“", "”", "36", "3225", ";", ".", " ", "TT", "Phụ lục", "I. ", "1. ", "a) ", "Đ", "đ",
])
TEXTISH = st.one_of(st.text(), st.lists(st.one_of(REFERENCE_PIECES, st.text(max_size=3)), max_size=60).map("".join))
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(TEXTISH)
def test_date_parsers_take_any_string(text):
    for parse in (parse_numeric_date, parse_spelled_date):
        date = parse(text)
        assert date is None or (date.month is None or 1 <= date.month <= 12)
    numeric = parse_numeric_date(text)
    assert numeric is None or numeric.iso is not None


@PROPERTY_SETTINGS
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["/", "-", "."]), st.booleans())
def test_a_date_written_the_vietnamese_way_parses_back(date, separator, zero_padded):
    day, month = (f"{date.day:02d}", f"{date.month:02d}") if zero_padded else (str(date.day), str(date.month))
    assert parse_numeric_date(f"ban hành {day}{separator}{month}{separator}{date.year} của").iso == date.isoformat()
    assert parse_spelled_date(f"Đức Phổ, ngày {day} tháng {month} năm {date.year}").iso == date.isoformat()


@PROPERTY_SETTINGS
@given(TEXTISH)
def test_reference_parser_takes_any_text(raw):
    text = Text.from_lines([(line, None) for line in raw.split("\n")])
    tables = find_tables(text)
    for citation in find_citations(text, SectionIndex(text), tables):
        assert 1 <= citation.line <= len(text.lines)
        assert citation.number and citation.symbol


@pytest.fixture(scope="module")
def searchable_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    archive = folder / "archive"
    archive.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, archive / seed.name)
    ingest_files(discover([archive]), folder / "r.db", workers=1)
    from pipeline.store import open_db

    db = open_db(folder / "r.db")
    yield db
    db.close()


SEARCH_PIECES = st.sampled_from([
    '"', "'", "*", "NEAR", "NEAR(", "AND", "OR", "NOT", "(", ")", ":", "^", "-", "+", "thư viện", "thu vien",
    "3225/KH-UBND", "kế hoạch nào", "'; drop table files; --", "\" OR 1=1 --", "select * from", "\\", "%", "_",
    "ngày", "2022", "\x00", "🙂", "  ", "Đức Phổ", "col:val", "{a b}", "NEAR(a b, 2)",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(), st.lists(st.one_of(SEARCH_PIECES, st.text(max_size=2)), max_size=12).map(" ".join)))
def test_search_takes_any_query(searchable_db, query):
    from pipeline.search import search

    results = search(searchable_db, query)
    assert isinstance(results.documents, list) and isinstance(results.passages, list)
    assert searchable_db.execute("select count(*) from files").fetchone()[0] == 2   # nothing dropped, whatever was typed


def test_a_worker_that_dies_while_idle_is_replaced():
    def job(name):
        return os.getpid()

    with Pool(job, workers=1) as pool:
        [(_, first)] = list(pool.run([("a", ("a",), 0)]))
        os.kill(first, signal.SIGKILL)   # as the OOM killer might, between two files
        time.sleep(0.2)
        [(_, second)] = list(pool.run([("b", ("b",), 0)]))
    assert second != first


def _dies(n: int) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _returns(n: int) -> int:
    return n


def test_readers_dying_in_one_thread_are_seen_while_other_threads_start_readers():
    """A local cluster runs one pool per worker thread, and they start their readers at the same
    moments. A reader forked for one pool must not inherit the pipe of a reader another thread is
    starting: when that other reader dies, its pool would wait, forever, for an end of file the
    first reader holds back (a hang seen in CI)."""
    import threading

    rounds, together = 25, threading.Barrier(4)
    idle_pools: list[Pool] = []
    died: list[object] = []

    def start_idle_readers():   # each pool's reader stays alive, waiting for a next file
        for n in range(rounds):
            together.wait()
            pool = Pool(_returns, workers=1)
            idle_pools.append(pool)
            list(pool.run([(n, (n,), 0)]))

    def start_dying_readers():
        for n in range(rounds):
            together.wait()
            with Pool(_dies, workers=1) as pool:
                died.extend(result for _, result in pool.run([(n, (n,), 0)]))

    threads = [threading.Thread(target=work, daemon=True)
               for work in (start_idle_readers, start_idle_readers, start_dying_readers, start_dying_readers)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60   # a few seconds; a stuck pool waits until the idle readers stop
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    together.abort()
    for pool in idle_pools:
        pool.close()
    assert stuck == 0
    assert len(died) == 2 * rounds and all(isinstance(result, Failure) for result in died)


def test_a_result_that_cannot_be_sent_back_is_a_failure_not_a_crash():
    def job(name):
        return (lambda: name) if name == "unpicklable" else name

    with Pool(job, workers=1) as pool:
        results = dict(pool.run((name, (name,), 0) for name in ["a", "unpicklable", "b"]))
    assert results["a"] == "a" and results["b"] == "b"
    assert isinstance(results["unpicklable"], Failure)
    assert results["unpicklable"].reason.startswith("worker could not return its result (")
