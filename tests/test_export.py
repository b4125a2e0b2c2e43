"""`baocao export`: Excel, CSV and JSON of the extracted tables, read back and checked."""
from __future__ import annotations

import csv
import datetime
import json
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.export import ExportError, export
from pipeline.i18n import set_language
from seeds import CORPUS, ingest_seeds, seed_path


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    return ingest_seeds(tmp_path_factory.mktemp("export") / "reports.db")


@pytest.fixture(scope="module")
def db_with_copies(tmp_path_factory):
    """Seed 000 as text and as DOCX: the DOCX row is a copy of the text one."""
    folder = tmp_path_factory.mktemp("copies")
    archive = folder / "archive"
    archive.mkdir()
    shutil.copy(seed_path("000"), archive)
    shutil.copy(CORPUS / "docx" / "000_34c2b11754aa651e.docx", archive)
    db = folder / "reports.db"
    result = CliRunner().invoke(cli, ["ingest", str(archive), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from reports where copy_of is not null").fetchone()[0] == 1
    return db


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_excel_file_has_one_sheet_per_table_with_vietnamese_headers_numbers_and_dates(seed_db, tmp_path):
    out = tmp_path / "baocao.xlsx"
    counts = export(seed_db, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:5] == ["Báo cáo", "Văn bản", "Trích dẫn", "Chỉ tiêu", "Kinh phí"]
    with sqlite3.connect(seed_db) as conn:
        assert counts["documents"] == conn.execute("select count(*) from documents").fetchone()[0]
        assert counts["budget_lines"] == conn.execute("select count(*) from budget_lines").fetchone()[0]
    documents = rows_of(book["Văn bản"])
    headers = documents[0]
    assert {"Số ký hiệu", "Ngày", "Cơ quan ban hành", "Trích yếu"} <= set(headers)
    plan = next(row for row in documents[1:] if row[headers.index("Số ký hiệu")] == "3225/KH-UBND")
    assert plan[headers.index("Ngày")] == datetime.datetime(2022, 12, 22)      # openpyxl reads dates back as datetimes
    assert plan[headers.index("Năm")] == 2022
    cell = book["Văn bản"].cell(row=documents.index(plan) + 1, column=headers.index("Ngày") + 1)
    assert cell.is_date and cell.number_format == "DD/MM/YYYY"
    budget = rows_of(book["Kinh phí"])
    amounts = [row[budget[0].index("Số tiền (đồng)")] for row in budget[1:]]
    assert amounts and all(isinstance(a, int) for a in amounts if a is not None)
    assert 350_000_000 in amounts
    indicators = rows_of(book["Chỉ tiêu"])
    values = [row[indicators[0].index("Giá trị")] for row in indicators[1:]]
    assert 61.4 in values and all(isinstance(v, (int, float)) for v in values if v is not None)


def test_the_full_text_and_the_search_copies_are_left_out(seed_db, tmp_path):
    out = tmp_path / "reports.xlsx"
    export(seed_db, out, tables=["reports"])
    headers = rows_of(openpyxl.load_workbook(out)["Báo cáo"])[0]
    assert "Trích yếu" in headers and "text" not in headers and "search_text" not in headers
    assert "Toàn văn" not in headers


def test_copies_are_left_out_unless_asked_for(db_with_copies, tmp_path):
    with sqlite3.connect(db_with_copies) as conn:
        original = conn.execute("select id from reports where copy_of is null").fetchone()[0]
        all_budget = conn.execute("select count(*) from budget_lines").fetchone()[0]
        original_budget = conn.execute("select count(*) from budget_lines where report_id = ?", [original]).fetchone()[0]
    assert 0 < original_budget < all_budget
    counts = export(db_with_copies, tmp_path / "a.xlsx", tables=["reports", "budget_lines"])
    assert counts == {"reports": 1, "budget_lines": original_budget}
    counts = export(db_with_copies, tmp_path / "b.xlsx", tables=["reports", "budget_lines"], include_copies=True)
    assert counts == {"reports": 2, "budget_lines": all_budget}


def test_csv_of_one_table_opens_in_excel_with_its_vietnamese_letters(seed_db, tmp_path):
    out = tmp_path / "van_ban.csv"
    export(seed_db, out, tables=["documents"])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")          # the byte-order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    plan = next(r for r in rows if r["Số ký hiệu"] == "3225/KH-UBND")
    assert plan["Ngày"] == "2022-12-22" and plan["Cơ quan ban hành"] == "UBND thị xã Đức Phổ"


def test_csv_of_several_tables_is_a_folder_of_files(seed_db, tmp_path):
    counts = export(seed_db, tmp_path / "csv", fmt="csv", tables=["documents", "indicators"])
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["documents.csv", "indicators.csv"]
    with open(tmp_path / "csv" / "indicators.csv", encoding="utf-8-sig") as f:
        assert sum(1 for _ in f) == counts["indicators"] + 1


def test_json_keeps_column_names_and_iso_values(seed_db, tmp_path):
    out = tmp_path / "q.json"
    export(seed_db, out, query="select ref, date, year from documents where ref = '3225/KH-UBND'")
    assert json.loads(out.read_text(encoding="utf-8")) == [{"ref": "3225/KH-UBND", "date": "2022-12-22", "year": 2022}]


def test_headers_follow_the_language(seed_db, tmp_path):
    set_language("en")
    export(seed_db, tmp_path / "en.xlsx", tables=["documents"])
    book = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert book.sheetnames == ["Documents"]
    assert rows_of(book["Documents"])[0][:3] == ("ID", "Reference", "Number")


@pytest.mark.parametrize("kwargs, message", [
    ({"tables": ["nope"]}, "nope"),
    ({"query": "select * from nowhere"}, "nowhere"),
    ({"query": "delete from documents"}, ""),
    ({"fmt": "ods"}, "ods"),
])
def test_bad_requests_give_one_line_and_change_nothing(seed_db, tmp_path, kwargs, message):
    before = seed_db.read_bytes()
    with pytest.raises(ExportError) as error:
        export(seed_db, tmp_path / "out.xlsx", **kwargs)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert seed_db.read_bytes() == before


def test_a_file_that_is_not_a_database_gets_one_line(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "--db", str(bogus), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "notes.db" in result.output


def test_the_command_writes_the_database_name_with_the_extension_by_default(seed_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    assert Path("reports.xlsx").exists()
    result = CliRunner().invoke(cli, ["export", "--db", str(seed_db), "--table", "documents", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "3225/KH-UBND" in {row["ref"] for row in json.loads(result.stdout)}


def test_lists_of_names_read_as_text_for_people_and_stay_json_for_scripts(tmp_path):
    db = tmp_path / "units.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table assignments (id integer primary key, task text, lead_units text)")
        conn.execute("insert into assignments values (1, 'Triển khai', ?)", [json.dumps(["Phòng VH-TT", "UBND xã"], ensure_ascii=False)])
    export(db, tmp_path / "a.xlsx", tables=["assignments"])
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Phân công"]
    assert rows_of(sheet) == [("ID", "Nhiệm vụ", "Đơn vị chủ trì"), (1, "Triển khai", "Phòng VH-TT; UBND xã")]
    export(db, tmp_path / "a.json", tables=["assignments"])
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))[0]["lead_units"] == '["Phòng VH-TT", "UBND xã"]'
