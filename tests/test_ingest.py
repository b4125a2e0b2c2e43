"""The ingest job: workers, the batching writer, skipping unchanged files, retrying failures."""
from __future__ import annotations

import shutil
import time
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from pipeline.discover import discover
from pipeline.ingest import BATCH_FILES, ingest, ingest_files, process, sha256_of
from pipeline.loaders.txt import decode
from pipeline.loaders import LoadError
from pipeline.workers import Limits

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "corpus").glob("*.txt"))


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    return folder


def files_table(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute("select path, status, error from files order by path").fetchall()


def count(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute(f"select count(*) from [{table}]").fetchone()[0]


def test_ingest_then_again_skips_unchanged_files(archive, tmp_path):
    db_path = tmp_path / "r.db"
    first = ingest([archive], db_path, workers=2)
    assert (first.ok, first.skipped, first.failed) == (3, 0, {})
    assert set(first.timings) == {"load", "extract", "prepare", "store"}
    reports = count(db_path, "reports")
    again = ingest([archive], db_path, workers=2)
    assert (again.ok, again.skipped) == (0, 3)
    assert count(db_path, "reports") == reports == 3


def test_a_changed_file_is_read_again_and_replaces_its_rows(archive, tmp_path):
    db_path = tmp_path / "r.db"
    ingest([archive], db_path, workers=1)
    citations = count(db_path, "citations")
    changed = sorted(archive.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nBổ sung.\n", encoding="utf-8")
    summary = ingest([archive], db_path, workers=1)
    assert (summary.ok, summary.skipped) == (1, 2)
    assert (count(db_path, "files"), count(db_path, "reports"), count(db_path, "citations")) == (3, 3, citations)
    with sqlite3.connect(db_path) as db:
        assert db.execute("select sha256 from files where path = ?", [changed.name]).fetchone() == (sha256_of(changed),)


def test_force_reads_everything_again_without_duplicates(archive, tmp_path):
    db_path = tmp_path / "r.db"
    ingest([archive], db_path, workers=1)
    summary = ingest([archive], db_path, force=True, workers=1)
    assert (summary.ok, summary.skipped) == (3, 0)
    assert (count(db_path, "files"), count(db_path, "reports")) == (3, 3)


def test_files_over_the_time_limit_are_recorded_then_retried_on_the_next_run(archive, tmp_path):
    db_path = tmp_path / "r.db"
    stopped = ingest([archive], db_path, workers=2, limits=Limits(timeout=0.001))
    assert (stopped.ok, stopped.failed) == (0, {"error": 3})
    assert files_table(db_path) == [
        (seed.name, "error", "took longer than 0.001 s: stopped (a pathological file?); raise --timeout to retry")
        for seed in SEEDS[:3]]
    assert count(db_path, "reports") == 0
    retried = ingest([archive], db_path, workers=2)
    assert (retried.ok, retried.skipped) == (3, 0)
    assert [status for _, status, _ in files_table(db_path)] == ["ok"] * 3


def test_many_files_are_written_in_batches_and_all_arrive(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    n = 2 * BATCH_FILES + 7
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"BÁO CÁO\nSố: {i}/BC-UBND\nTỷ lệ đạt {i},5%.\n", encoding="utf-8")
    seen = []
    summary = ingest_files(discover([folder]), tmp_path / "r.db", workers=2,
                           on_file=lambda found, outcome: seen.append((found.rel, outcome.status)))
    assert summary.ok == n
    assert sorted(seen) == [(f"{i:03d}.txt", "ok") for i in range(n)]
    assert count(tmp_path / "r.db", "reports") == n


def test_process_never_raises_and_says_what_to_do(tmp_path):
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"not a zip")
    [found] = discover([bad])
    outcome = process(found, sha256_of(bad), bad.stat().st_size)
    assert (outcome.status, outcome.record["error"], outcome.report) == (
        "error", "not a valid .docx (not a zip archive): open and re-save it in Word", None)


# Text the txt loader reads, by encoding, and what it says of text it refuses.
@pytest.mark.parametrize("data, text, encoding", [
    ("Đức Phổ".encode(), "Đức Phổ", "utf-8"),
    (b"\xef\xbb\xbf" + "Đức Phổ".encode(), "Đức Phổ", "utf-8"),
    ("Đức Phổ".encode("utf-16"), "Đức Phổ", "utf-16"),
    ("Báo cáo số 12".encode("utf-16-le"), "Báo cáo số 12", "utf-16"),
    ("Báo cáo số 12".encode("utf-16-be"), "Báo cáo số 12", "utf-16"),
    (b"\xd0\xfd\xecc Ph\xf4\xd2", "Đức Phổ", "cp1258"),   # Windows-1258: tone marks follow the vowel
])
def test_text_encodings(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.7\n...", "not text: a PDF file named .txt: rename it to .pdf"),
    (b"PK\x03\x04rest", "not text: a zip or Office (.docx/.xlsx) file named .txt: rename it to its real type"),
    (b"\xff\xd8\xff\xe0JFIF", "not text: a JPEG image named .txt: rename it to .jpg"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary data, not text (NUL bytes): check the file type"),
    ("Ce rapport décrit l'activité".encode("latin-1"), "not UTF-8 or Windows-1258 text (byte 12): re-save the file as UTF-8"),
    (b"\xff\xfe\x00\xd8", "invalid utf-16 text at byte 2: re-save the file as UTF-8"),
])
def test_text_that_is_not_text(data, reason):
    with pytest.raises(LoadError) as caught:
        decode(data)
    assert (caught.value.status, caught.value.reason) == ("error", reason)


def test_a_database_that_cannot_be_written_is_a_clear_error_not_a_traceback(archive, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    not_a_database = tmp_path / "reports.db"
    not_a_database.write_text("these are my notes, not a database\n")
    result = CliRunner().invoke(cli, ["ingest", str(archive), "--db", str(not_a_database), "-q"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {not_a_database} is not an SQLite database or is corrupt (file is not a database): check --db")
    assert not_a_database.read_text() == "these are my notes, not a database\n"


def test_a_file_the_database_refuses_is_recorded_and_its_batch_still_stored(archive, tmp_path):
    db_path = tmp_path / "r.db"
    ingest([archive], db_path, workers=1)
    refused = archive / "refused.txt"
    refused.write_text("BÁO CÁO\nSố: 9/BC-UBND\nNội dung bị từ chối.\n", encoding="utf-8")
    for seed in SEEDS[3:]:
        shutil.copy(seed, archive / seed.name)
    with sqlite3.connect(db_path) as db:   # a constraint of the database, as a real schema error would be
        db.execute("create trigger refuse before insert on reports when new.text like '%bị từ chối%' "
                   "begin select raise(abort, 'refused by the database'); end")
    summary = ingest([archive], db_path, workers=1)
    assert (summary.ok, summary.skipped) == (len(SEEDS) - 3, 3)
    assert summary.failures == [("refused.txt", "error", "could not store the results (IntegrityError: refused by "
                                                          "the database): please report this file")]
    assert count(db_path, "reports") == len(SEEDS)
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*) from reports r join files f on f.id = r.file_id "
                          "where f.path = 'refused.txt'").fetchone() == (0,)


def test_files_read_before_a_long_one_are_committed_while_it_is_still_being_read(tmp_path):
    from pipeline.workers import Pool

    done_early = []
    with Pool(lambda seconds: time.sleep(seconds) or seconds, workers=2) as pool:
        started = time.monotonic()
        for key, _ in pool.run([("quick", (0.05,), 0), ("long", (2.5,), 0)],
                               on_idle=lambda: done_early.append(time.monotonic() - started),
                               idle_seconds=1.0):
            pass
    assert done_early and all(1.0 <= t < 2.6 for t in done_early)   # each idle second while the long task ran


def test_ocr_confidence_and_legacy_encoding_reach_the_files_table(tmp_path):
    from pipeline.loaders import ocr

    corpus = REPO / "corpus"
    files = [corpus / "legacy" / "004_c4ca38d9cb09e442_vni.docx"]
    if ocr.available():
        files.append(corpus / "images" / "002_00686ccee144b57b_p1.png")
    ingest(files, tmp_path / "r.db", workers=1)
    rows = {r["path"]: r for r in sqlite_utils.Database(tmp_path / "r.db")["files"].rows}
    assert rows["004_c4ca38d9cb09e442_vni.docx"]["legacy_encoding"] == "vni"
    if ocr.available():
        png = rows["002_00686ccee144b57b_p1.png"]
        assert png["ocr"] == 1 and 50 < png["ocr_confidence"] <= 100


def test_a_file_that_fails_on_a_later_run_keeps_nothing_of_its_earlier_reading(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(REPO / "corpus" / "legacy" / "004_c4ca38d9cb09e442_vni.docx", archive / "bc.docx")
    ingest([archive], tmp_path / "r.db", workers=1)
    (archive / "bc.docx").write_bytes(b"not a zip any more")
    ingest([archive], tmp_path / "r.db", workers=1)
    [row] = sqlite_utils.Database(tmp_path / "r.db")["files"].rows
    assert (row["status"], row["legacy_encoding"], row["ocr_confidence"]) == ("error", None, None)
