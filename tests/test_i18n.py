"""Vietnamese first, English available: the catalog, the choice of language, the formats."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline import i18n
from pipeline.i18n import catalog, formats


@pytest.fixture(autouse=True)
def restore_language():
    yield
    i18n.set_language()     # as the environment says (English in the suite: conftest.py)


def test_every_message_and_help_has_a_vietnamese_translation_and_the_mo_is_compiled_from_the_po():
    assert catalog.missing(catalog.updated()) == []
    assert catalog.MO_FILE.read_bytes() == catalog.compiled(catalog.load())


@pytest.mark.parametrize("environment, requested, expected", [
    ({}, None, "vi"),                                          # nothing said (a Windows machine): Vietnamese
    ({"LANG": "C.UTF-8"}, None, "vi"),                         # C names no language
    ({"LANG": "en_US.UTF-8"}, None, "en"),
    ({"LANG": "vi_VN.UTF-8"}, None, "vi"),
    ({"LANGUAGE": "fr_FR:en_GB", "LANG": "vi_VN.UTF-8"}, None, "en"),   # the first language we have
    ({"BAOCAO_LANG": "vi", "LANG": "en_US.UTF-8"}, None, "vi"),         # ours before the system's
    ({"BAOCAO_LANG": "vi"}, "en", "en"),                                # --lang before everything
    ({"LANG": "de_DE.UTF-8"}, None, "vi"),
])
def test_choose_language(monkeypatch, environment, requested, expected):
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.choose_language(requested) == expected


def test_messages_in_each_language():
    i18n.set_language("vi")
    assert i18n._("Budget lines") == "Kinh phí"
    i18n.set_language("en")
    assert i18n._("Budget lines") == "Budget lines"


@pytest.mark.parametrize("language, value, decimals, expected", [
    ("vi", 8962.46, None, "8.962,46"),
    ("vi", 350_000_000, None, "350.000.000"),
    ("vi", 61.4, None, "61,4"),
    ("vi", 2.5, 2, "2,50"),
    ("en", 8962.46, None, "8,962.46"),
    ("en", 350_000_000, None, "350,000,000"),
    ("vi", None, None, ""),
])
def test_numbers(language, value, decimals, expected):
    i18n.set_language(language)
    assert formats.number(value, decimals) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-12-22", "22/12/2022"), ("2022", "2022"), ("2022-12", "2022-12"), (None, ""), ("", ""),
])
def test_dates(value, expected):
    assert formats.date(value) == expected


def run_baocao(*args, **environment):
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          capture_output=True, text=True, env={**env, **environment}, timeout=60)


def test_the_command_line_speaks_vietnamese_unless_told_otherwise():
    vietnamese = run_baocao("--help", LANG="C.UTF-8")
    assert "Cách dùng: baocao" in vietnamese.stdout and "Hiện hướng dẫn này rồi thoát." in vietnamese.stdout
    assert "Xuất các bảng đã bóc tách" in vietnamese.stdout
    english = run_baocao("--help", LANG="en_US.UTF-8")
    assert "Usage: baocao" in english.stdout and "Export the extracted tables" in english.stdout
    assert "Usage: baocao export" in run_baocao("--lang", "en", "export", "--help", BAOCAO_LANG="vi").stdout


def test_click_errors_are_in_vietnamese_too():
    result = run_baocao("export", "--bogus", LANG="C.UTF-8")
    assert result.returncode == 2
    assert "Lỗi: Không có tùy chọn '--bogus'." in result.stderr


def test_the_reasons_stored_for_unread_files_are_in_the_language_of_the_run(tmp_path):
    import sqlite3

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "rong.txt").write_bytes(b"")
    (archive / "hong.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    for language, empty, corrupt in [("vi", "tệp rỗng (0 byte): hãy sao chép lại từ nguồn", "PDF bị hỏng ("),
                                     ("en", "empty file (0 bytes): copy it again from its source", "corrupt PDF (")]:
        db = tmp_path / f"{language}.db"
        result = run_baocao("--lang", language, "ingest", str(archive), "--db", str(db), "-q", "-j", "1")
        assert result.returncode == 3, result.stderr          # some files not read
        with sqlite3.connect(db) as conn:
            stored = {path.rsplit("/", 1)[-1]: error for path, error in conn.execute("select path, error from files")}
        assert stored["rong.txt"] == empty
        assert stored["hong.pdf"].startswith(corrupt), stored["hong.pdf"]


def test_words_click_fixes_when_an_option_is_declared_follow_the_language_of_the_run(tmp_path):
    """--version and click.Path's "File '…' is a directory" are worded at import by click, in no
    language: the CLI words them again for each run."""
    assert run_baocao("--version", LANG="C.UTF-8").stdout.startswith("baocao, phiên bản ")
    assert run_baocao("--lang", "en", "--version", LANG="C.UTF-8").stdout.startswith("baocao, version ")
    result = run_baocao("search", "x", "--db", str(tmp_path), LANG="C.UTF-8")
    assert result.returncode == 2
    assert f"Lỗi: Giá trị không hợp lệ cho '--db': Tệp '{tmp_path}' là một thư mục." in result.stderr


def test_the_ingest_summary_names_file_statuses_in_vietnamese(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "rong.txt").write_bytes(b"")
    result = run_baocao("ingest", str(archive), "--db", str(tmp_path / "r.db"), "-q", "-j", "1", LANG="C.UTF-8")
    assert result.returncode == 3
    assert "1 không đọc được (1 rỗng)" in result.stdout
    assert "  rỗng        rong.txt: tệp rỗng (0 byte)" in result.stdout


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    archive = folder / "archive"
    archive.mkdir()
    (archive / "bc.txt").write_text("UBND TỈNH QUẢNG NGÃI\nBÁO CÁO\nKết quả năm 2023\n", encoding="utf-8")
    assert run_baocao("ingest", str(archive), "--db", str(folder / "r.db"), "-q", "-j", "1").returncode == 0
    return folder / "r.db"


@pytest.mark.parametrize("args, expected", [
    (["ingest", "khong_co_thu_muc"], "Lỗi: không có tệp hoặc thư mục: khong_co_thu_muc"),
    (["export", "--table", "reports", "--query", "select 1"], "Lỗi: hãy cho --table hoặc --query, không cả hai"),
    (["correct", "report", "khong_co.txt", "date=2023-01-05"], "Lỗi: khong_co.txt không có trong cơ sở dữ liệu"),
    (["merge", "1/A", "2/B"], "Lỗi: không có văn bản 1/A"),
    (["doctor"], "tốt: không có gì cần xử lý"),
])
def test_errors_and_reports_of_each_command_are_in_vietnamese(small_db, args, expected):
    result = run_baocao(*args, "--db", str(small_db), LANG="C.UTF-8")
    assert expected in result.stdout + result.stderr, result.stdout + result.stderr


def test_the_usage_line_and_what_options_take_are_worded_in_the_language_of_each_run():
    """click's metavars ("[OPTIONS]", "INTEGER RANGE") and type names in errors follow --lang,
    and go back to English in the next English run of the same process."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    for _round in range(2):
        vietnamese = CliRunner().invoke(cli, ["--lang", "vi", "search", "--help"], prog_name="baocao").output
        assert "Cách dùng: baocao search [TÙY_CHỌN] QUERY" in vietnamese
        assert "--limit SỐ NGUYÊN" in vietnamese and "--type CHUỖI" in vietnamese
        english = CliRunner().invoke(cli, ["--lang", "en", "search", "--help"], prog_name="baocao").output
        assert "Usage: baocao search [OPTIONS] QUERY" in english
        assert "--limit INTEGER RANGE" in english and "--type TEXT" in english
    error = CliRunner().invoke(cli, ["--lang", "vi", "search", "x", "--limit", "abc"])
    assert error.exit_code == 2 and "'abc' không phải là số nguyên hợp lệ" in error.output
