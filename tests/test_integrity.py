"""Issue 20: archive integrity over weeks of work (re-scans, several folders, fixes by hand).

Each test is one of the issue's reproductions, run against the real ingest, the real
command line and real SQLite files.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline import corrections, dbfile, store
from pipeline.cli import cli
from pipeline.discover import discover
from pipeline.doctor import examine, one_slip_apart
from pipeline.ingest import EXIT_FILES_NOT_READ, ingest
from pipeline.serve import ServeError, check_port, plan
from pipeline.workers import TEMP_PREFIX, Failure, Limits, Pool

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
STEM = "003_4c52c7ef9ddfe9f7"
# One report in every form that reads without OCR (the TCVN3 PDF has no title: its font drops "ư").
FORMS = {
    "txt": f"{STEM}.txt", "docx": f"docx/{STEM}.docx", "pdf": f"pdf/{STEM}.pdf",
    "tcvn3_docx": f"legacy/{STEM}_tcvn3.docx", "tcvn3_pdf": f"legacy/{STEM}_tcvn3.pdf",
}
# The same form of another seed: what "the file changed" means for a binary format.
OTHER = {"txt": "004_c4ca38d9cb09e442.txt", "docx": "docx/004_c4ca38d9cb09e442.docx",
         "pdf": "pdf/004_c4ca38d9cb09e442.pdf", "tcvn3_docx": "legacy/004_c4ca38d9cb09e442_vni.docx",
         "tcvn3_pdf": "pdf/004_c4ca38d9cb09e442.pdf"}


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, params).fetchall()


def assert_sound(db_path: Path, files_on_disk: int) -> None:
    """Integrity, foreign keys, one report per ok file, no file twice, copy marks point to reports."""
    assert rows(db_path, "pragma integrity_check") == [("ok",)]
    assert rows(db_path, "pragma foreign_key_check") == []
    assert rows(db_path, "select count(*) from files where missing_since is null") == [(files_on_disk,)]
    assert rows(db_path, "select root, path from files group by root, path having count(*) > 1") == []
    assert rows(db_path, "select f.path from files f where f.status = 'ok' and "
                         "(select count(*) from reports r where r.file_id = f.id) != 1") == []
    assert rows(db_path, "select id from reports where copy_of is not null and copy_of not in (select id from reports)") == []
    assert rows(db_path, "select count(*) from pending_reports") == [(0,)]


def copy_marks(db_path: Path) -> dict[str, str | None]:
    """form -> the form its report is marked a copy of."""
    found = rows(db_path, """select f.path, o.path from reports r join files f on f.id = r.file_id
                             left join reports c on c.id = r.copy_of left join files o on o.id = c.file_id""")
    return {Path(p).stem.split(".")[0]: (Path(o).stem if o else None) for p, o in found}


def table_counts(db_path: Path) -> dict[str, int]:
    return {t: rows(db_path, f"select count(*) from [{t}]")[0][0]
            for t in ("files", "reports", "documents", "citations", "tables", "indicators", "budget_lines")}


def one_report_and_its_copies(db_path: Path) -> bool:
    marks = copy_marks(db_path)
    originals = [form for form, copy in marks.items() if copy is None]
    return len(originals) == 1 and originals[0] in ("txt", "docx") and \
        all(copy == originals[0] for form, copy in marks.items() if form != originals[0])


def place(archive: Path, form: str, source: str) -> Path:
    target = archive / f"{form}{Path(source).suffix}"
    shutil.copy(CORPUS / source, target)
    return target


# 1. Re-ingest always works, for every form, whatever points to the report.

def test_every_form_changed_forced_deleted_and_added_again_keeps_the_archive_sound(tmp_path):
    archive, db_path = tmp_path / "archive", tmp_path / "r.db"
    archive.mkdir()
    for form, source in FORMS.items():
        place(archive, form, source)
    ingest([archive], db_path, workers=2)
    assert_sound(db_path, len(FORMS))
    # one born-digital form is the report; every other form, the TCVN3 PDF without a title included, its copy
    assert one_report_and_its_copies(db_path)
    reports_before = rows(db_path, "select count(*) from reports")[0][0]
    counts_before = table_counts(db_path)

    for form, source in FORMS.items():
        path = archive / f"{form}{Path(source).suffix}"
        # changed: another report in the same form
        shutil.copy(CORPUS / OTHER[form], path)
        summary = ingest([archive], db_path, workers=2)
        assert (summary.ok, summary.failures) == (1, [])
        assert_sound(db_path, len(FORMS))
        # forced: everything read again, nothing duplicated
        summary = ingest([archive], db_path, workers=2, force=True)
        assert summary.ok == len(FORMS)
        assert_sound(db_path, len(FORMS))
        # deleted, then pruned: its rows go, the others stay
        path.unlink()
        summary = ingest([archive], db_path, workers=2, prune=True)
        assert summary.pruned == 1
        assert_sound(db_path, len(FORMS) - 1)
        assert rows(db_path, "select count(*) from reports")[0][0] == reports_before - 1
        # added again as it was
        place(archive, form, source)
        summary = ingest([archive], db_path, workers=2)
        assert summary.ok == 1
        assert_sound(db_path, len(FORMS))
        assert rows(db_path, "select count(*) from reports")[0][0] == reports_before
        assert table_counts(db_path) == counts_before      # no row lost or duplicated
    assert one_report_and_its_copies(db_path)


def test_replacing_the_report_others_are_copies_of_repoints_them(tmp_path):
    archive, db_path = tmp_path / "archive", tmp_path / "r.db"
    archive.mkdir()
    txt = place(archive, "txt", FORMS["txt"])
    place(archive, "pdf", FORMS["pdf"])
    ingest([archive], db_path, workers=1)
    assert copy_marks(db_path) == {"txt": None, "pdf": "txt"}
    txt.write_text(txt.read_text(encoding="utf-8") + "\nBổ sung một dòng.\n", encoding="utf-8")
    assert ingest([archive], db_path, workers=1).ok == 1   # today: FOREIGN KEY constraint failed, for good
    assert copy_marks(db_path) == {"txt": None, "pdf": "txt"}
    assert_sound(db_path, 2)


# 2. Files are identified by where they are.

def test_the_same_name_in_two_folders_is_two_files(tmp_path):
    for folder, number in (("A", 11), ("B", 12)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "scan.txt").write_text(
            f"Số: {number}/BC-UBND\nBÁO CÁO\nKết quả tháng {number}\nĐạt 5{number},5%.\n", encoding="utf-8")
    db_path = tmp_path / "r.db"
    summary = ingest([tmp_path / "A", tmp_path / "B"], db_path, workers=1)
    assert summary.ok == 2
    assert sorted(rows(db_path, "select root, path from files")) == [
        (str((tmp_path / "A").resolve()), "scan.txt"), (str((tmp_path / "B").resolve()), "scan.txt")]
    # ingesting B alone later does not replace A's report
    (tmp_path / "B" / "scan.txt").write_text("Số: 13/BC-UBND\nBÁO CÁO\nKhác\n", encoding="utf-8")
    ingest([tmp_path / "B"], db_path, workers=1)
    assert sorted(rows(db_path, "select number from reports")) == [("11",), ("13",)]


def test_a_moved_unchanged_file_is_a_move_not_a_new_report(tmp_path):
    (tmp_path / "inbox").mkdir()
    shutil.copy(CORPUS / FORMS["txt"], tmp_path / "inbox" / "bc.txt")
    db_path = tmp_path / "r.db"
    ingest([tmp_path / "inbox"], db_path, workers=1)
    report = rows(db_path, "select id, file_id from reports")
    (tmp_path / "sorted" / "2023").mkdir(parents=True)
    shutil.move(tmp_path / "inbox" / "bc.txt", tmp_path / "sorted" / "2023" / "bc-2023.txt")
    summary = ingest([tmp_path / "inbox", tmp_path / "sorted"], db_path, workers=1)
    assert (summary.moved, summary.ok, summary.missing) == (1, 0, 0)
    assert rows(db_path, "select id, file_id from reports") == report
    assert rows(db_path, "select root, path, missing_since from files") == [
        (str((tmp_path / "sorted").resolve()), "2023/bc-2023.txt", None)]


def test_a_vanished_file_is_dated_and_pruned_on_request(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for seed in ("003_4c52c7ef9ddfe9f7.txt", "004_c4ca38d9cb09e442.txt"):
        shutil.copy(CORPUS / seed, archive / seed)
    db_path = tmp_path / "r.db"
    ingest([archive], db_path, workers=1)
    (archive / "004_c4ca38d9cb09e442.txt").unlink()
    assert ingest([archive], db_path, workers=1).missing == 1
    assert rows(db_path, "select path from files where missing_since is not null") == [("004_c4ca38d9cb09e442.txt",)]
    assert rows(db_path, "select count(*) from reports") == [(2,)]      # kept: the disk may come back
    assert ingest([archive], db_path, workers=1, prune=True).pruned == 1
    assert rows(db_path, "select path from files") == [("003_4c52c7ef9ddfe9f7.txt",)]
    assert rows(db_path, "select count(*) from reports") == [(1,)]


def test_a_database_of_the_older_layout_keeps_its_files(tmp_path):
    """Rows written before files.root are adopted by their root, not read again as new files."""
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(CORPUS / FORMS["txt"], archive / "bc.txt")
    db_path = tmp_path / "r.db"
    ingest([archive], db_path, workers=1)
    with sqlite3.connect(db_path) as db:
        db.execute("update files set root = null")
    summary = ingest([archive], db_path, workers=1)
    assert (summary.ok, summary.skipped) == (0, 1)
    assert rows(db_path, "select root, path from files") == [(str(archive.resolve()), "bc.txt")]


# 3. Exit codes and summaries scripts can use.

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=300)


def test_exit_codes_json_summary_and_log(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(CORPUS / FORMS["txt"], archive / "bc.txt")
    db_path, log = tmp_path / "r.db", tmp_path / "ingest.log"
    ok = run("ingest", str(archive), "--db", str(db_path), "--json", "-j", "1")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["files"]["ok"] == 1

    (archive / "broken.txt").write_bytes(b"\x00\x01binary")
    (archive / "notes.xlsx").write_bytes(b"PK\x03\x04")
    failed = run("ingest", str(archive), "--db", str(db_path), "--json", "--log", str(log), "-j", "1")
    assert failed.returncode == EXIT_FILES_NOT_READ == 3     # today: 0
    summary = json.loads(failed.stdout)
    assert (summary["exit_code"], summary["files"]["unchanged"], summary["files"]["not_read_error"]) == (3, 1, 1)
    lines = sorted(line.split("\t")[:2] for line in log.read_text(encoding="utf-8").splitlines())
    root = str(archive.resolve())
    assert lines == [["error", f"{root}/broken.txt"], ["unchanged", f"{root}/bc.txt"],
                     ["unsupported", f"{root}/notes.xlsx"]]

    quiet = run("ingest", str(archive), "--db", str(db_path), "-q", "-j", "1")
    assert quiet.returncode == 3
    # the files line and what was not read (failures are retried; the .xlsx is unchanged, so skipped)
    assert quiet.stdout.splitlines() == [
        "Files: 0 ok, 2 unchanged (skipped), 1 not read (1 error)",
        f"  error       broken.txt: {rows(db_path, 'select error from files where path = ?', ['broken.txt'])[0][0]}"]
    verbose = run("ingest", str(archive), "--db", str(db_path), "-v", "-j", "1")
    assert f"unchanged\t{root}/bc.txt" in verbose.stderr.splitlines()

    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 100)
    fatal = run("ingest", str(archive), "--db", str(notes))
    assert fatal.returncode == 1
    assert fatal.stderr.strip().splitlines() == [
        f"Error: {notes} is not an SQLite database or is corrupt (file is not a database): check --db"]
    assert run("ingest", str(archive), "--db", str(tmp_path)).returncode == 2   # a usage error: a folder


# 4, 11. Read-only commands never write; foreign, corrupt and old files get one line.

def foreign_db(path: Path) -> bytes:
    with sqlite3.connect(path) as db:
        db.execute("create table customers (id integer primary key, name text)")
        db.execute("insert into customers (name) values ('An')")
    return path.read_bytes()


@pytest.mark.parametrize("command", [["search", "thư viện"], ["show", "bc.txt"], ["doctor"]])
def test_read_commands_leave_a_foreign_database_untouched_with_one_line(tmp_path, command):
    path = tmp_path / "shop.db"
    before = foreign_db(path)
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: {path} is not a baocao database (it holds other tables: customers): choose another --db"]
    assert path.read_bytes() == before     # today: 57 schema objects added


@pytest.mark.parametrize("command", [["search", "thư viện"], ["show", "bc.txt"], ["serve", "--port", "8799"]])
def test_read_commands_on_a_file_that_is_not_a_database_say_so_in_one_line(tmp_path, command):
    path = tmp_path / "notes.db"
    path.write_text("my notes\n" * 200)
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert result.output.strip().splitlines() == [
        f"Error: {path} is not an SQLite database or is corrupt (file is not a database): check --db"]


def test_ingest_refuses_a_foreign_database_and_leaves_it_as_it_was(tmp_path):
    path = tmp_path / "shop.db"
    before = foreign_db(path)
    (tmp_path / "in").mkdir()
    shutil.copy(CORPUS / FORMS["txt"], tmp_path / "in" / "bc.txt")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(path), "-q"])
    assert result.exit_code == 1
    assert "is not a baocao database" in result.output
    assert path.read_bytes() == before


def test_an_older_database_is_read_without_being_changed(tmp_path, seed_archive_db):
    path = tmp_path / "old.db"
    shutil.copy(seed_archive_db, path)
    with sqlite3.connect(path) as db:   # what an older baocao wrote: no bookkeeping, files by path alone
        for table in ("pending_reports", "pending_documents", "ingest_runs", "corrections"):
            db.execute(f"drop table {table}")
        db.execute("drop index idx_files_root_path")
        db.execute("alter table files drop column root")
        db.execute("alter table files drop column missing_since")
    schema = rows(path, "select count(*) from sqlite_master")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["show", "bc.txt", "--db", str(path)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["search", "chuyển đổi số", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before and rows(path, "select count(*) from sqlite_master") == schema
    with sqlite3.connect(path) as db:   # older still: reports without their folded text
        for trigger in ("reports_ai", "reports_ad", "reports_au"):
            db.execute(f"drop trigger {trigger}")
        db.execute("drop table reports_fts")
        db.execute("alter table reports drop column search_text")
    result = CliRunner().invoke(cli, ["search", "chuyển đổi số", "--db", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {path} was made by an older baocao (")
    assert result.output.strip().endswith(f"run `baocao ingest FOLDER --db {path}` once to upgrade it")


@pytest.fixture
def seed_archive_db(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(CORPUS / FORMS["txt"], tmp_path / "in" / "bc.txt")
    db_path = tmp_path / "seed.db"
    ingest([tmp_path / "in"], db_path, workers=1)
    return db_path


def test_a_second_ingest_says_one_is_running(tmp_path, seed_archive_db):
    with dbfile.ingest_lock(seed_archive_db):
        result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(seed_archive_db), "-q"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: another ingest is running on {seed_archive_db} (pid {os.getpid()}): "
                                     "wait for it to finish, or stop it first")


def test_serve_checks_the_port_first_and_warns_beyond_loopback(seed_archive_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"port {port} on 127.0.0.1 is already in use"):
            check_port("127.0.0.1", port)
        result = CliRunner().invoke(cli, ["serve", "--db", str(seed_archive_db), "--port", str(port)])
        assert result.exit_code == 1 and "Serving" not in result.output
    live, notes = plan(seed_archive_db, "0.0.0.0", 0, live=False)
    assert not live
    assert notes[0].startswith("warning: --host 0.0.0.0 serves the database to every machine")
    assert plan(seed_archive_db, "127.0.0.1", 0, live=False) == (False, [])


def test_serve_during_an_ingest_serves_live(seed_archive_db):
    with dbfile.ingest_lock(seed_archive_db):
        live, notes = plan(seed_archive_db, "127.0.0.1", 0, live=False)
    assert live and notes == ["an ingest is writing this database: serving it live (rows appear as they are stored)"]


# 5. Corrections survive.

SLIPS = """Số: 45/BC-UBND
Đức Phổ, ngày 10 tháng 01 năm 2024
BÁO CÁO
Kết quả chuyển đổi số năm 2023
Thực hiện Kế hoạch số 1914/KH-STTTT ngày 05/8/2022 của Sở Thông tin và Truyền thông.
Căn cứ Kế hoạch số 1914/KH-STTTT ngày 05/8/2022, UBND thị xã đã triển khai.
Theo Kế hoạch số 1914/KH-STTTTT ngày 05/8/2022 (bản chụp).
Tỷ lệ hồ sơ trực tuyến đạt 61,4%.
"""


def test_corrections_survive_force_and_a_changed_file(tmp_path):
    archive, db_path = tmp_path / "in", tmp_path / "r.db"
    archive.mkdir()
    report = archive / "bc45.txt"
    report.write_text(SLIPS, encoding="utf-8")
    ingest([archive], db_path, workers=1)
    db = store.open_db(db_path)
    # the doctor sees the OCR twin, the archivist merges it and fixes three facts
    assert [t.command for t in examine(db).twins] == ["baocao merge 1914/KH-STTTTT@2022-08-05 1914/KH-STTTT@2022-08-05"]
    corrections.merge_documents(db, "1914/KH-STTTTT", "1914/KH-STTTT", "2022-08-05", "2022-08-05")
    doc = corrections.row_id_for(db, "document", "1914/KH-STTTT")
    corrections.correct(db, "document", doc, "issuer", "Sở TT&TT tỉnh Quảng Ngãi")
    indicator = db.execute("select id from indicators where value_text = '61,4%'").fetchone()[0]
    corrections.correct(db, "indicator", indicator, "value", "61.5", note="61,5% in the signed copy")
    corrections.correct(db, "report", corrections.report_id_for(db, "bc45.txt"), "signer", "Võ Thanh Hùng")
    db.close()

    def facts():
        return (rows(db_path, "select ref, issuer from documents where ref like '1914/%'"),
                rows(db_path, "select value, value_text from indicators"),
                rows(db_path, "select signer from reports"),
                rows(db_path, "select status, count(*) from corrections group by status"))

    expected = ([("1914/KH-STTTT", "Sở TT&TT tỉnh Quảng Ngãi")], [(61.5, "61,4%")], [("Võ Thanh Hùng",)],
                [("applied", 4)])
    assert facts() == expected
    ingest([archive], db_path, workers=1, force=True)          # today: every fix is wiped
    assert facts() == expected
    report.write_text("Ghi chú: bản sửa lần 2.\n\n" + SLIPS, encoding="utf-8")   # lines move down
    ingest([archive], db_path, workers=1)
    assert facts() == expected
    shown = rows(db_path, "select target, field, extracted_value, value from corrections where target = 'indicators'")
    assert shown == [("indicators", "value", "61.4", "61.5")]    # Datasette shows both

    # the sentence is gone: the correction is reported, not lost
    report.write_text(SLIPS.replace("Tỷ lệ hồ sơ trực tuyến đạt 61,4%.\n", ""), encoding="utf-8")
    summary = ingest([archive], db_path, workers=1)
    assert summary.corrections_missing == 1
    assert rows(db_path, "select target, status from corrections where status != 'applied'") == [
        ("indicators", "target missing")]
    result = CliRunner().invoke(cli, ["doctor", "--db", str(db_path)])
    assert result.exit_code == 4
    assert "1 corrections whose target is gone:" in result.output


def test_correct_and_merge_on_the_command_line(tmp_path):
    archive, db_path = tmp_path / "in", tmp_path / "r.db"
    archive.mkdir()
    (archive / "bc45.txt").write_text(SLIPS, encoding="utf-8")
    ingest([archive], db_path, workers=1)
    runner = CliRunner()
    result = runner.invoke(cli, ["correct", "report", "bc45.txt", "date=2024-01-11", "--db", str(db_path)])
    assert rows(db_path, "select ref, date, report_id from documents where ref like '4_/BC-UBND'") == [
        ("45/BC-UBND", "2024-01-11", 1)]
    result = runner.invoke(cli, ["correct", "report", "bc45.txt", "number=46", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert rows(db_path, "select number, date from reports") == [("46", "2024-01-11")]
    # the report is now document 46/BC-UBND of its corrected date, and 45/BC-UBND is gone
    assert rows(db_path, "select ref, date, report_id from documents where ref like '4_/BC-UBND'") == [
        ("46/BC-UBND", "2024-01-11", 1)]
    result = runner.invoke(cli, ["merge", "1914/KH-STTTTT", "1914/KH-STTTT", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert rows(db_path, "select count(*) from documents where ref like '1914/%'") == [(1,)]
    result = runner.invoke(cli, ["correct", "indicator", "9999", "value=1", "--db", str(db_path)])
    assert result.output.strip() == "Error: no indicator with id 9999: look it up in Datasette or `baocao show`"
    result = runner.invoke(cli, ["correct", "report", "bc45.txt", "colour=red", "--db", str(db_path)])
    assert result.exit_code == 1 and "reports has no field 'colour'" in result.output


@pytest.mark.parametrize("a, b, twins", [
    ("KH-STTTT", "KH-STTTTT", True),      # a doubled letter
    ("VHTT", "VHTTT", True),
    ("KH-UBND", "KH-UBNĐ", True),         # Đ read for D
    ("QĐ-UBND", "QĐ-UBND", False),        # the same symbol
    ("KH-UBND", "BC-UBND", False),        # two kinds of document
    ("NQ/TW", "NQ/TU", False),            # central and provincial Party bodies
])
def test_one_ocr_slip_apart(a, b, twins):
    assert one_slip_apart(a, b) is twins


# 6. The batch-end step is recorded and completed by the next run.

def test_an_interrupted_batch_end_step_is_completed_by_the_next_run(tmp_path, monkeypatch):
    archive, db_path = tmp_path / "archive", tmp_path / "r.db"
    archive.mkdir()
    place(archive, "txt", FORMS["txt"])
    place(archive, "pdf", FORMS["pdf"])

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.batch_end, "mark_copies", ctrl_c)   # as the batch-end step calls it
    result = CliRunner().invoke(cli, ["ingest", str(archive), "--db", str(db_path), "-j", "1"])
    assert result.exit_code == 130       # today: "Aborted!", exit 1, no summary
    assert "the batch-end step (copies, documents) is unfinished; run the same command again" in result.output
    assert "Files: 2 ok" in result.output
    assert rows(db_path, "select count(*) from pending_reports") == [(2,)]
    assert rows(db_path, "select status from ingest_runs") == [("interrupted",)]
    monkeypatch.undo()
    summary = ingest([archive], db_path, workers=1)       # nothing changed on disk
    assert (summary.skipped, summary.consolidated) == (2, 2)
    assert copy_marks(db_path) == {"txt": None, "pdf": "txt"}
    assert rows(db_path, "select status, consolidated_at is not null from ingest_runs order by id") == [
        ("interrupted", 0), ("done", 1)]


def test_the_batch_end_step_looks_only_at_what_changed(tmp_path):
    archive, db_path = tmp_path / "archive", tmp_path / "r.db"
    archive.mkdir()
    for seed in sorted(CORPUS.glob("*.txt")):
        shutil.copy(seed, archive / seed.name)
    assert ingest([archive], db_path, workers=2).consolidated == 5
    new = archive / "new.txt"
    new.write_text("Số: 7/BC-UBND\nBÁO CÁO\nMột báo cáo mới\n", encoding="utf-8")
    assert ingest([archive], db_path, workers=1).consolidated == 1
    assert ingest([archive], db_path, workers=1).consolidated == 0


# 7. Copies need the same issuer, number/symbol or date.

TEMPLATE = """Số: /BC-UBND
ngày 05 tháng 6 năm 2024
BÁO CÁO
Kết quả thực hiện chuyển đổi số 6 tháng đầu năm 2024
UBND {commune} báo cáo kết quả như sau:
Tỷ lệ hồ sơ trực tuyến đạt 61,4%. Có 151 trạm BTS. Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022.
"""


def test_one_template_filled_in_by_two_communes_is_two_reports(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name, commune in (("a.txt", "xã Phổ An"), ("b.txt", "xã Phổ Quang")):
        (archive / name).write_text(TEMPLATE.format(commune=commune), encoding="utf-8")
    (archive / "a_copy.txt").write_text(TEMPLATE.format(commune="xã Phổ An") + "\n", encoding="utf-8")
    db_path = tmp_path / "r.db"
    ingest([archive], db_path, workers=1)
    assert rows(db_path, "select count(distinct issuer) from reports") == [(2,)]
    assert copy_marks(db_path) == {"a": None, "a_copy": "a", "b": None}   # today: b is a copy of a


# 12. Orphans: children of workers, temporary files, the file_id index.

def _hang_in_a_child(seconds: float) -> str:
    """A reader that starts a program (as pytesseract starts tesseract) and hangs."""
    import subprocess as sp
    import tempfile

    with open(os.path.join(tempfile.gettempdir(), "page.png"), "wb") as f:
        f.write(b"x" * 1000)
    child = sp.Popen(["sleep", str(seconds)])
    Path(tempfile.gettempdir(), "child.pid").write_text(str(child.pid))
    child.wait()
    return "done"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_a_stopped_worker_takes_its_children_and_temporary_files_with_it():
    with Pool(_hang_in_a_child, 1, Limits(timeout=1.0)) as pool:
        temp_dir = pool._spawn().temp_dir
        [(key, result)] = list(pool.run([("f", (600,), 0.0)]))
        assert isinstance(result, Failure) and "took longer than 1 s" in result.reason
    child = int((Path(temp_dir) / "child.pid").read_text()) if (Path(temp_dir) / "child.pid").exists() else None
    assert not Path(temp_dir).exists()
    time.sleep(0.2)
    assert child is None or not _alive(child)


def test_kill_9_of_the_ingest_takes_the_readers_children_with_it(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\nsys.path[:0] = [%r, %r]\n" % (str(REPO), str(REPO / "tests"))
        + "from pipeline.workers import Pool, Limits\nfrom test_integrity import _hang_in_a_child\n"
        "with Pool(_hang_in_a_child, 1, Limits(timeout=600)) as pool:\n"
        "    print(pool._spawn().temp_dir, flush=True)\n"
        "    list(pool.run([('f', (600,), 0.0)]))\n")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    temp_dir = Path(parent.stdout.readline().strip())
    deadline = time.monotonic() + 30
    while not (temp_dir / "child.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int((temp_dir / "child.pid").read_text())
    assert _alive(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)            # today: the child runs on under PID 1
    with Pool(_hang_in_a_child, 1):   # the next ingest removes what the killed one left
        assert not temp_dir.exists()
    assert TEMP_PREFIX in temp_dir.name


def test_reports_file_id_is_indexed(seed_archive_db):
    db = sqlite_utils.Database(seed_archive_db)
    assert ["file_id"] in [i.columns for i in db["reports"].indexes]
    plan_rows = db.execute("explain query plan select id from reports where file_id = 1").fetchall()
    assert "USING" in plan_rows[0][-1] and "INDEX" in plan_rows[0][-1]


def test_discover_names_the_root_of_each_file(tmp_path):
    (tmp_path / "A" / "sub").mkdir(parents=True)
    (tmp_path / "A" / "sub" / "x.txt").write_text("x")
    found = discover([tmp_path / "A" / "sub", tmp_path / "A"])    # nested roots: found once
    assert [(f.root, f.rel) for f in found] == [(str((tmp_path / "A" / "sub").resolve()), "x.txt")]


def test_while_an_ingest_runs_a_second_one_stops_and_serve_goes_live(tmp_path):
    """Real processes: today the second ingest fails with "database is locked" after 1.3 s, and
    serve answers "database disk image is malformed"."""
    import random

    from test_soak import report_text

    archive, db_path = tmp_path / "archive", tmp_path / "r.db"
    archive.mkdir()
    rng = random.Random(3)
    for i in range(400):
        (archive / f"{i:04d}.txt").write_text(report_text(rng, i + 1), encoding="utf-8")
    first = subprocess.Popen([sys.executable, "-c", "from pipeline.cli import main; main()", "ingest", str(archive),
                              "--db", str(db_path), "-q", "-j", "1"], cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not dbfile.ingest_running(db_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run("ingest", str(archive), "--db", str(db_path), "-q")
        assert second.returncode == 1
        assert second.stderr.strip() == (f"Error: another ingest is running on {db_path} (pid {first.pid}): "
                                          "wait for it to finish, or stop it first")
        assert first.poll() is None
        live, notes = plan(db_path, "127.0.0.1", 0, live=False)
        assert live and "serving it live" in notes[0]
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0
    assert not dbfile.ingest_running(db_path)
    assert rows(db_path, "select count(*) from reports") == [(400,)]


def test_read_commands_work_on_read_only_media(tmp_path, seed_archive_db):
    """A folder nobody may write to (chattr +i binds root too): a database in WAL mode cannot get
    its -shm file there, so it is opened immutable. Today: a traceback."""
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    shutil.copy(seed_archive_db, shelf / "r.db")
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(shelf)]).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        assert subprocess.run(["touch", str(shelf / "probe")], capture_output=True).returncode != 0
        for command in (["show", "bc.txt"], ["search", "chuyển đổi số"], ["doctor"]):
            result = CliRunner().invoke(cli, [*command, "--db", str(shelf / "r.db")])
            assert result.exit_code == 0, (command, result.output)
        assert "Kết quả thực hiện Chỉ thị số 19-CT/TU" in CliRunner().invoke(
            cli, ["show", "bc.txt", "--db", str(shelf / "r.db")]).output
    finally:
        subprocess.run(["chattr", "-i", str(shelf)])


def test_workers_do_not_hold_the_ingest_lock(seed_archive_db):
    """After kill -9 the lock must go with the ingest, not live on in a worker about to die."""
    import multiprocessing

    with dbfile.ingest_lock(seed_archive_db):
        child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(30,))
        child.start()
        time.sleep(0.5)   # the child is running (a worker lives for the whole ingest)
    try:
        assert child.is_alive() and not dbfile.ingest_running(seed_archive_db)
    finally:
        child.kill()
        child.join()


def test_an_ingest_warns_when_an_immutable_serve_reads_the_database(tmp_path, seed_archive_db):
    with dbfile.immutable_reader(seed_archive_db):
        result = CliRunner().invoke(
            cli, ["ingest", str(tmp_path / "in"), "--db", str(seed_archive_db), "-q"])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"warning: a `baocao serve` shows {seed_archive_db} as an immutable file")
    assert not dbfile.has_immutable_reader(seed_archive_db)


def test_a_corrected_document_date_holds_when_the_old_date_is_read_again(tmp_path):
    archive, db_path = tmp_path / "in", tmp_path / "r.db"
    archive.mkdir()
    for name in ("a.txt", "b.txt"):
        (archive / name).write_text(SLIPS.replace("45/BC", f"4{len(name)}{name[0]}/BC"), encoding="utf-8")
    ingest([archive], db_path, workers=1)
    db = store.open_db(db_path)
    doc = corrections.row_id_for(db, "document", "1914/KH-STTTT")
    corrections.correct(db, "document", doc, "date", "2022-08-06", note="the signed copy")
    db.close()
    expected = [("1914/KH-STTTT", "2022-08-06", 2022, 4)]
    query = ("select d.ref, d.date, d.year, count(c.id) from documents d join citations c on c.document_id = d.id "
             "where d.ref = '1914/KH-STTTT' group by d.id")
    assert rows(db_path, query) == expected
    (archive / "a.txt").write_text(SLIPS.replace("45/BC", "46/BC") + "Bổ sung.\n", encoding="utf-8")
    ingest([archive], db_path, workers=1)           # a.txt read again cites the old date
    assert rows(db_path, query) == expected
    ingest([archive], db_path, workers=1, force=True)
    assert rows(db_path, query) == expected
    assert rows(db_path, "select status from corrections") == [("applied",)]
