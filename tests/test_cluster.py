"""`baocao ingest --cluster local[2]`: the same database as the process pool, on a real Dask cluster.

Each test starts its own local cluster of two worker processes (on loopback, no
dashboard) through the real command and stops it when the command ends.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import psutil
import pytest

from db_rows import differences
from pipeline.cluster import LOCAL_CLUSTER, BatchSize, batches
from pipeline.discover import discover_list

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def baocao(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=600, **kwargs)


def stored_any(db_path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            return db.execute("select count(*) from files").fetchone()[0] > 0
    except sqlite3.Error:   # not created yet
        return False


def statuses(db_path: Path) -> dict[str, str]:
    with sqlite3.connect(db_path) as db:
        return dict(db.execute("select path, status from files"))


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    """Text, Word, a text-layer PDF, an OCR'd image, copies of one report, and a broken file."""
    folder = tmp_path_factory.mktemp("mixed")
    for name in ["000_34c2b11754aa651e.txt", "002_00686ccee144b57b.txt", "004_c4ca38d9cb09e442.txt",
                 "docx/000_34c2b11754aa651e.docx", "pdf/002_00686ccee144b57b.pdf",
                 "images/002_00686ccee144b57b_p1.png"]:
        shutil.copy(CORPUS / name, folder / Path(name).name)
    (folder / "nested").mkdir()
    shutil.copy(CORPUS / "003_4c52c7ef9ddfe9f7.txt", folder / "nested" / "003_4c52c7ef9ddfe9f7.txt")
    (folder / "truncated.pdf").write_bytes((CORPUS / "pdf" / "002_00686ccee144b57b.pdf").read_bytes()[:2000])
    return folder


@pytest.fixture(scope="module")
def pool_db(mixed_folder, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("pool") / "pool.db"
    done = baocao("ingest", str(mixed_folder), "--db", str(db), "-q", "--workers", "2")
    assert done.returncode == 3, done.stderr   # 3: some files not read (the truncated PDF)
    return db


def test_local_cluster_gives_the_same_database_as_the_process_pool(mixed_folder, pool_db, tmp_path):
    db = tmp_path / "cluster.db"
    done = baocao("ingest", str(mixed_folder), "--db", str(db), "-q", "--cluster", "local[2]")
    assert done.returncode == 3, done.stderr
    assert statuses(db) == statuses(pool_db)
    assert statuses(db)["truncated.pdf"] == "error"
    assert statuses(db)["002_00686ccee144b57b_p1.png"] == "ok"
    assert differences(str(db), str(pool_db)) == []

    again = baocao("ingest", str(mixed_folder), "--db", str(db), "--cluster", "local[2]")
    assert again.returncode == 3, again.stderr
    # the unchanged files are skipped on their hash; only the broken one is tried again
    assert "0 ok, 7 unchanged (skipped), 1 not read" in again.stdout
    assert differences(str(db), str(pool_db)) == []


@pytest.fixture
def process_cluster(tmp_path) -> Iterator[tuple[str, psutil.Process]]:
    """A real cluster on loopback, as the docs start one: a Dask scheduler, and `dask worker`
    with two single-threaded worker processes (a local[N] cluster's workers are threads).
    Gives the scheduler's address and the process whose children the workers are."""
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    scheduler_file = tmp_path / "scheduler.json"
    loopback = ["--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"]
    started = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", *loopback, "--port", "0",
                                 "--scheduler-file", str(scheduler_file)], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        address = None
        deadline = time.monotonic() + 120
        while address is None and time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                address = json.loads(scheduler_file.read_text())["address"]
            except (OSError, ValueError):   # not written yet, or not whole yet
                continue
        assert address, "the Dask scheduler did not start"
        started.append(subprocess.Popen([sys.executable, "-m", "dask", "worker", address, *loopback,
                                         "--nworkers", "2", "--nthreads", "1", "--memory-limit", "0"],
                                        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield address, psutil.Process(started[-1].pid)
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_worker_killed_mid_run_loses_no_file(mixed_folder, pool_db, tmp_path, process_cluster):
    """kill -9 of a cluster worker process while it reads: Dask runs its batch again elsewhere."""
    address, workers = process_cluster
    folder = tmp_path / "scans"
    shutil.copytree(mixed_folder, folder)
    for i in range(6):   # more OCR work, so a worker is surely busy when it is killed
        shutil.copy(CORPUS / "images" / "000_34c2b11754aa651e_p6.tif", folder / f"scan{i}.tif")
    db = tmp_path / "cluster.db"
    run = subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main()", "ingest", str(folder), "--db", str(db),
                            "-q", "--cluster", address], cwd=REPO, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    killed = None
    deadline = time.monotonic() + 180
    while not stored_any(db) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)   # the workers have started and sent results back
    while killed is None and time.monotonic() < deadline and run.poll() is None:
        # a cluster worker with its reader child (kept between batches): with the scans still
        # to read, it holds a batch now
        for worker in workers.children():
            try:
                if worker.children():
                    os.kill(worker.pid, signal.SIGKILL)
                    killed = worker.pid
                    break
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.05)
    out, err = run.communicate(timeout=600)
    assert killed is not None, "no cluster worker was seen reading"
    assert run.returncode == 3, err   # the truncated PDF only
    found = statuses(db)
    assert len(found) == 14
    assert [path for path, status in found.items() if status != "ok"] == ["truncated.pdf"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from reports").fetchone()[0] == 13
        assert conn.execute("select count(distinct file_id) from reports").fetchone()[0] == 13
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_from_list_names_each_file_by_its_path_as_listed(tmp_path, monkeypatch):
    for folder in ("A", "B"):
        (tmp_path / folder).mkdir()
        shutil.copy(CORPUS / "000_34c2b11754aa651e.txt", tmp_path / folder / "Scan0001.txt")
    listing = tmp_path / "files.txt"
    listing.write_text("# made by find\nA/Scan0001.txt\n\n./B/Scan0001.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = discover_list(listing)
    assert [(Path(f.root).name, f.rel) for f in found] == [("A", "Scan0001.txt"), ("B", "Scan0001.txt")]
    assert len({f.location for f in found}) == 2
    listing.write_text("A/Scan0001.txt\nC/missing.txt\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="C/missing.txt"):
        discover_list(listing)


def test_ingest_from_list_on_the_cluster(tmp_path):
    listing = tmp_path / "files.txt"
    listing.write_text(f"{CORPUS / '000_34c2b11754aa651e.txt'}\n{CORPUS / 'docx' / '000_34c2b11754aa651e.docx'}\n",
                       encoding="utf-8")
    db = tmp_path / "r.db"
    done = baocao("ingest", "--from-list", str(listing), "--db", str(db), "--cluster", "local[2]")
    assert done.returncode == 0, done.stderr
    assert "2 ok" in done.stdout
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("select root, path from files")) == [
            (str(CORPUS), "000_34c2b11754aa651e.txt"), (str(CORPUS / "docx"), "000_34c2b11754aa651e.docx")]


@pytest.mark.parametrize("args, message", [
    (["--cluster", "tcp://127.0.0.1:9"], "cannot reach the cluster at tcp://127.0.0.1:9"),
    ([], "give the folders or files to read, or --from-list FILE"),
])
def test_cluster_and_list_mistakes_get_one_clear_line(tmp_path, args, message):
    paths = [str(CORPUS / "000_34c2b11754aa651e.txt")] if args else []
    done = baocao("ingest", *paths, "--db", str(tmp_path / "r.db"), *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("address, workers", [("local[2]", "2"), ("local[16]", "16"), ("local[0]", None),
                                              ("local", None), ("tcp://head:8786", None)])
def test_local_cluster_address(address, workers):
    match = LOCAL_CLUSTER.fullmatch(address)
    assert (match["workers"] if match else None) == workers


def test_batches_bound_files_and_megabytes():
    tasks = [(f"f{i}", (), mb) for i, mb in enumerate([0.1, 0.1, 5.0, 0.1, 0.1, 0.1, 3.0, 2.0])]
    quick_files = BatchSize(most=3, seconds_per_file=0.001)
    sizes = [[key for key, _, _ in batch] for batch in batches(tasks, quick_files, max_mb=4.0)]
    # a file larger than a batch travels alone; no batch exceeds 3 files or 4 MB otherwise
    assert sizes == [["f0", "f1"], ["f2"], ["f3", "f4", "f5"], ["f6"], ["f7"]]


def test_a_batch_holds_the_files_that_take_about_half_a_second():
    size = BatchSize(seconds=0.5, most=8)
    assert size.files() == 1            # nothing known yet: the first files may be long scans
    size.took(0.4, files=8)             # text files, 50 ms each
    assert size.files() == 8            # at most 8
    size.took(1.5, files=1)             # a scan: the average is now (0.05 + 1.5) / 2
    assert size.files() == 1
    size.took(0.1, files=1)             # (0.775 + 0.1) / 2 = 0.44 s a file
    assert size.files() == 1
    size.took(0.5, files=5)             # (0.4375 + 0.1) / 2 = 0.27 s a file
    assert size.files() == 1
    size.took(0.25, files=5)            # (0.27 + 0.05) / 2 = 0.16 s a file
    assert size.files() == 3


def test_a_batch_follows_the_size_as_it_changes():
    size = BatchSize(seconds=0.5, most=8)
    tasks = iter([(f"f{i}", (), 0.01) for i in range(12)])
    made = batches(tasks, size)
    assert len(next(made)) == 1
    size.took(0.05, files=1)
    assert len(next(made)) == 8
    size.took(3.0, files=8)             # (0.05 + 0.375) / 2 = 0.21 s a file
    assert len(next(made)) == 2


# ------------------------------------------------------------------ a long scan split by page

def pool_and_cluster(folder: Path, tmp_path: Path):
    """The folder ingested by the process pool (pool.db) and by a local cluster (cluster.db), with the
    cluster's log lines."""
    from pipeline.discover import discover
    from pipeline.ingest import ingest_files

    pool = ingest_files(discover([folder]), tmp_path / "pool.db", workers=2)
    logged: list[tuple] = []
    cluster = ingest_files(discover([folder]), tmp_path / "cluster.db", cluster="local[2]",
                           log=lambda *line: logged.append(line))
    return pool, cluster, logged


def scanned_pdf(target: Path, source: Path, pages: list[int]) -> Path:
    """A real scan: these pages (0-based) of a scanned PDF of the corpus, images only."""
    import pypdfium2 as pdfium

    document, original = pdfium.PdfDocument.new(), pdfium.PdfDocument(str(source))
    document.import_pages(original, pages)
    document.save(str(target))
    return target


@pytest.fixture
def small_parts(monkeypatch):
    """Split scans of 3 pages or more, a page a part: the test's scan is cut into 4 parts."""
    from pipeline import pagesplit

    monkeypatch.setattr(pagesplit, "SPLIT_PAGES", 3)
    monkeypatch.setattr(pagesplit, "PART_PAGES", 1)


def test_a_long_scan_is_read_by_both_workers_and_stored_as_one_file(tmp_path, small_parts):
    folder = tmp_path / "scans"
    folder.mkdir()
    scanned_pdf(folder / "long.pdf", CORPUS / "scanned" / "003_4c52c7ef9ddfe9f7.pdf", [0, 1, 2, 3])
    shutil.copy(CORPUS / "002_00686ccee144b57b.txt", folder)   # a file read whole beside it
    pool, cluster, logged = pool_and_cluster(folder, tmp_path)
    assert (pool.ok, cluster.ok, cluster.failures) == (2, 2, [])
    assert differences(str(tmp_path / "cluster.db"), str(tmp_path / "pool.db")) == []
    with sqlite3.connect(tmp_path / "cluster.db") as db:
        assert db.execute("select pages, ocr, status from files where path = 'long.pdf'").fetchall() == [(4, 1, "ok")]
        assert db.execute("select count(*) from reports").fetchone()[0] == 2
    read = [reason for status, where, reason in logged if status == "pages"]
    assert all(where.endswith("long.pdf") for status, where, _ in logged if status == "pages")
    assert sorted(int(r.split()[1]) for r in read) == [1, 2, 3, 4]   # "page 3 OCR'd on cluster worker 1"
    assert {r.rsplit(" ", 1)[1] for r in read} == {"0", "1"}         # both workers took pages


def test_a_part_that_fails_fails_its_file_with_the_reason(tmp_path, small_parts):
    from pipeline.discover import discover
    from pipeline.ingest import ingest_files
    from pipeline.workers import Limits

    scanned_pdf(tmp_path / "long.pdf", CORPUS / "scanned" / "003_4c52c7ef9ddfe9f7.pdf", [0, 1, 2])
    summary = ingest_files(discover([tmp_path / "long.pdf"]), tmp_path / "r.db", cluster="local[2]",
                           limits=Limits(timeout=0.01))   # no page is OCR'd that fast
    assert summary.ok == 0
    [(path, status, reason)] = summary.failures
    assert (path, status) == ("long.pdf", "error")
    assert reason.startswith("pages ") and "could not be read: took longer than 0.01 s" in reason


def scanned_tiff(target: Path, source: Path, pages: list[int]) -> Path:
    """A real multi-page TIFF scan: these pages (0-based) of a scanned PDF, one frame each, as a
    copier saves them (grey, 200 dpi)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    frames = [document[n].render(scale=200 / 72).to_pil().convert("L") for n in pages]
    frames[0].save(target, save_all=True, append_images=frames[1:], compression="tiff_deflate", dpi=(200, 200))
    return target


def test_a_multipage_tiff_is_split_by_frame_like_a_scanned_pdf(tmp_path, small_parts):
    from pipeline import pagesplit
    from pipeline.discover import discover

    folder = tmp_path / "scans"
    folder.mkdir()
    tiff = scanned_tiff(folder / "long.tif", CORPUS / "scanned" / "003_4c52c7ef9ddfe9f7.pdf", [0, 1, 2])
    assert pagesplit.parts(discover([tiff])[0], "", 0) == [(tiff, (1,)), (tiff, (2,)), (tiff, (3,))]
    pool, cluster, logged = pool_and_cluster(folder, tmp_path)
    assert (pool.ok, cluster.ok, cluster.failures) == (1, 1, [])
    assert differences(str(tmp_path / "cluster.db"), str(tmp_path / "pool.db")) == []
    with sqlite3.connect(tmp_path / "cluster.db") as db:
        assert db.execute("select pages, ocr, status from files").fetchall() == [(3, 1, "ok")]
        assert db.execute("select count(*) from reports").fetchone()[0] == 1
    read = [reason for status, where, reason in logged if status == "pages"]
    assert sorted(int(r.split()[1]) for r in read) == [1, 2, 3]   # "page 2 OCR'd on cluster worker 0"


def test_single_frame_images_are_not_split(tmp_path, small_parts):
    from pipeline import pagesplit
    from pipeline.discover import discover

    found = discover([CORPUS / "images"])
    assert found and all(pagesplit.parts(f, "", 0) is None for f in found)
    (tmp_path / "not-an-image.tif").write_bytes(b"not an image")
    assert pagesplit.parts(discover([tmp_path / "not-an-image.tif"])[0], "", 0) is None


# A split task for the retry tests: each part's reader is killed (SIGKILL, as the kernel's OOM
# killer does) on its first `deaths` tries; every try leaves a line in the folder's log.
def _parts(folder: str, deaths: int, parts: int) -> list[tuple]:
    return [(folder, deaths, part) for part in range(parts)]


def _read_or_die(folder: str, deaths: int, part: int) -> dict:
    log = Path(folder) / f"part{part}.log"
    with log.open("a") as tries:
        tries.write("try\n")
    if len(log.read_text().splitlines()) <= deaths:
        os.kill(os.getpid(), signal.SIGKILL)
    return {part: f"part {part} read by {os.getpid()}"}


def _joined(folder: str, deaths: int, parts: int, read: dict) -> list[int]:
    return sorted(read)


def _retry_split():
    from pipeline.cluster import Split

    return Split(parts=_parts, read=_read_or_die, done=lambda part, worker: part[2],
                 failed=lambda part, reason: f"part {part[2]}: {reason}")


def _run_split(tmp_path: Path, deaths: int) -> tuple[dict, list[int]]:
    from pipeline.cluster import ClusterPool
    from pipeline.workers import Limits

    with ClusterPool(_joined, "local[2]", Limits(timeout=60), split=_retry_split()) as pool:
        results = dict(pool.run([("task", (str(tmp_path), deaths, 3), 0.0)]))
    tries = [len((tmp_path / f"part{part}.log").read_text().splitlines()) for part in range(3)]
    return results, tries


def test_a_part_whose_reader_dies_is_read_again(tmp_path):
    results, tries = _run_split(tmp_path, deaths=1)
    assert results == {"task": [0, 1, 2]}
    assert tries == [2, 2, 2]


def test_a_part_whose_reader_dies_twice_fails_its_task_with_the_reason(tmp_path):
    from pipeline.workers import Failure

    results, tries = _run_split(tmp_path, deaths=2)
    assert tries == [2, 2, 2]   # tried twice, not more
    [failure] = results.values()
    assert isinstance(failure, Failure)
    assert re.match(r"part [012]: the reader was killed on this file", failure.reason)


def _quick_then_slow(n: int) -> int:
    time.sleep(0 if n == 0 else 120)
    return n


def test_a_local_cluster_stopped_mid_batch_abandons_what_it_reads():
    """Ctrl-C or an error in the writer: the files being read are abandoned, as the process pool
    does, not waited for (a local cluster's workers are threads that would finish their batch)."""
    from pipeline.cluster import ClusterPool
    from pipeline.workers import Limits

    with ClusterPool(_quick_then_slow, "local[2]", Limits(timeout=300)) as pool:
        results = pool.run([(n, (n,), 5.0) for n in range(3)])   # 5 MB: a batch each
        assert next(results) == (0, 0)
        readers = [reader for server in psutil.Process().children() for reader in server.children()]   # the fork server's
        stopping = time.monotonic()
        results.close()
    assert time.monotonic() - stopping < 60   # not the 120 s the other two files would take
    assert readers and not any(reader.is_running() for reader in readers)


@pytest.mark.parametrize("pages, span", [((3,), "3"), ((3, 4, 5, 6), "3–6"), ((2, 5, 9), "2, 5, 9")])
def test_page_span(pages, span):
    from pipeline.pagesplit import page_span

    assert page_span(pages) == span


def test_only_scans_long_enough_are_split(tmp_path, monkeypatch):
    from pipeline import pagesplit
    from pipeline.discover import discover

    monkeypatch.setattr(pagesplit, "SPLIT_PAGES", 4)
    monkeypatch.setattr(pagesplit, "PART_PAGES", 3)
    long_scan = scanned_pdf(tmp_path / "long.pdf", CORPUS / "scanned" / "003_4c52c7ef9ddfe9f7.pdf", [0, 1, 2, 3, 4])
    scanned_pdf(tmp_path / "short.pdf", CORPUS / "scanned" / "003_4c52c7ef9ddfe9f7.pdf", [0, 1, 2])
    shutil.copy(CORPUS / "pdf" / "002_00686ccee144b57b.pdf", tmp_path / "text.pdf")   # a text layer on every page
    found = {f.rel: f for f in discover([tmp_path])}
    assert pagesplit.parts(found["long.pdf"], "", 0) == [(long_scan, (1, 2, 3)), (long_scan, (4, 5))]
    assert pagesplit.parts(found["short.pdf"], "", 0) is None
    assert pagesplit.parts(found["text.pdf"], "", 0) is None
