"""The `baocao` command's own behaviour: light start-up, the default database, help."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.defaults import default_db

HEAVY = ["sqlite_utils", "datasette", "openpyxl", "numpy", "pdfplumber", "pypdfium2", "docx", "PIL", "underthesea",
         "extractors.references", "pipeline.store", "pipeline.search", "pipeline.ingest",
         "pipeline.workers", "multiprocessing", "ctypes"]


def test_the_command_line_imports_nothing_heavy_until_a_command_runs():
    probe = subprocess.run([sys.executable, "-c", f"""
import sys
from pipeline.cli import cli
print(" ".join(name for name in {HEAVY!r} if name in sys.modules))
"""], capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == []


def test_help_needs_nothing_heavy_either():
    probe = subprocess.run([sys.executable, "-c", f"""
import sys
from pipeline.cli import main
sys.argv = ["baocao", "--help"]
try:
    main()
except SystemExit:
    pass
print("loaded:", " ".join(name for name in {HEAVY!r} if name in sys.modules), file=sys.stderr)
"""], capture_output=True, text=True, timeout=60)
    assert "baocao" in probe.stdout
    assert probe.stderr.strip() == "loaded:"


@pytest.mark.parametrize("environment, folders, expected", [
    ({}, [], "reports.db"),                                        # anywhere: a file here, no folder made
    ({}, ["output"], str(Path("output") / "reports.db")),          # the repository after the demo
    ({"BAOCAO_DB": "/srv/archive/baocao.db"}, ["output"], "/srv/archive/baocao.db"),
])
def test_the_default_database(tmp_path, monkeypatch, environment, folders, expected):
    monkeypatch.delenv("BAOCAO_DB", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    for folder in folders:
        (tmp_path / folder).mkdir()
    assert default_db(tmp_path) == expected


def test_a_command_without_db_uses_the_default_and_creates_no_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAOCAO_DB", raising=False)
    result = CliRunner().invoke(cli, ["--lang", "en", "search", "thư viện"])
    assert result.exit_code == 1
    assert "reports.db" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["ingest", "search", "show", "export", "serve"])
def test_every_command_states_the_default_database_in_its_help(command):
    result = CliRunner().invoke(cli, ["--lang", "en", command, "--help"])
    assert result.exit_code == 0
    assert "$BAOCAO_DB, else output/reports.db if ./output/ exists, else reports.db" in " ".join(result.output.split())


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    from seeds import ingest_seeds

    return ingest_seeds(tmp_path_factory.mktemp("cli") / "reports.db")


def test_show_writes_dates_and_numbers_the_vietnamese_way_and_never_none(seed_db):
    result = CliRunner().invoke(cli, ["--lang", "vi", "show", "000_34c2b11754aa651e.txt", "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "  Báo cáo số …/BC-UBND — Đức Phổ, năm 2024"
    assert lines[3] == "  Người ký: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH Võ Thanh Hùng"
    assert "Trích dẫn (41)" in lines
    assert any("3225/KH-UBND" in line and "22/12/2022" in line for line in lines)
    assert any("350.000.000 đồng" in line and "đã chi" in line for line in lines)
    assert "None" not in result.output and "2022-12-22" not in result.output


def test_show_in_english(seed_db):
    result = CliRunner().invoke(cli, ["--lang", "en", "show", "000_34c2b11754aa651e.txt", "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    assert "Citations (41)" in result.output
    assert any("350,000,000 đồng" in line and "spent" in line for line in result.output.splitlines())


def test_the_ingest_summary_writes_counts_the_vietnamese_way(seed_db, capsys):
    from pipeline import i18n
    from pipeline.cli_output import print_ingest_summary
    from pipeline.ingest import Summary

    i18n.set_language("vi")
    try:
        print_ingest_summary(Summary(ok=12345, skipped=1200, failures=[("a.pdf", "needs_ocr", "…")] * 1001),
                             str(seed_db), quiet=False, as_json=False)
    finally:
        i18n.set_language()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Tệp: 12.345 đọc được, 1.200 không đổi (bỏ qua), 1.001 không đọc được (1.001 cần OCR)"
    assert lines[21].startswith("  … và 981 tệp nữa")
    assert lines[-1].startswith(f"Cơ sở dữ liệu {seed_db}: ") and " báo cáo, " in lines[-1]
