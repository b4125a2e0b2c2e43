"""Export a baocao database, or the answer to one SQL query, to Excel (.xlsx), CSV or JSON.

    from pipeline.export import export
    export("output/reports.db", "baocao.xlsx")                             # every table, one sheet each
    export("output/reports.db", "chi_tieu.csv", tables=["indicators"])
    export("output/reports.db", "-", fmt="json", query="select ref, date from documents")

For people (xlsx, CSV): column headers in the current language (Vietnamese by default,
pipeline.i18n); in Excel numbers stay numbers and ISO dates become dates shown dd/mm/yyyy.
For scripts (JSON): column names and values as stored (ISO dates). The database is
opened read-only. Rows of copies (a report also ingested in a more faithful form,
`reports.copy_of` set) are left out unless `include_copies`, so nothing counts twice;
a `query` is exported as written.
"""
from __future__ import annotations

import csv
import datetime
import json
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .i18n import N_, _

FORMATS = ("xlsx", "csv", "json")

# The tables an analyst works with, in this order; those missing from a database are skipped.
TABLES = ("reports", "documents", "citations", "indicators", "budget_lines", "assignments", "tables", "files")

# Columns left out of every export: the folded copies kept for search, and the full text of a
# report (too long for a spreadsheet cell; `baocao show` and Datasette show it).
LEFT_OUT = {"search_text": None, "text": "reports"}

TABLE_LABELS = {
    "reports": N_("Reports"), "documents": N_("Documents"), "citations": N_("Citations"),
    "indicators": N_("Indicators"), "budget_lines": N_("Budget lines"), "assignments": N_("Assignments"),
    "tables": N_("Tables"), "files": N_("Files"),
}

# Column headers by column name (the same name means the same thing in every table).
COLUMN_LABELS = {
    "id": N_("ID"), "report_id": N_("Report ID"), "document_id": N_("Document ID"), "file_id": N_("File ID"),
    "table_id": N_("Table ID"), "copy_of": N_("Copy of report"),
    "page": N_("Page"), "line": N_("Line"), "section": N_("Section"), "context": N_("Context"),
    "path": N_("File"), "sha256": N_("SHA-256"), "size": N_("Size (bytes)"), "format": N_("Format"),
    "pages": N_("Pages"), "ocr": N_("OCR"), "ocr_confidence": N_("OCR confidence"),
    "legacy_encoding": N_("Legacy encoding"), "status": N_("Status"), "error": N_("Reason"), "note": N_("Note"),
    "ingested_at": N_("Ingested at"),
    "kind": N_("Kind"), "type_code": N_("Type code"), "doc_type": N_("Document type"), "number": N_("Number"),
    "symbol": N_("Symbol"), "ref": N_("Reference"), "year_in_number": N_("Year in number"),
    "place": N_("Place"), "place_as_written": N_("Place as written"), "date": N_("Date"), "year": N_("Year"),
    "month": N_("Month"), "issuer": N_("Issuer"), "title": N_("Title"), "subject": N_("Subject"),
    "signer": N_("Signer"), "signer_title": N_("Signer's title"),
    "text_as_written": N_("As written"), "source": N_("Source"),
    "value": N_("Value"), "value_high": N_("Upper value"), "unit": N_("Unit"), "value_text": N_("Value as written"),
    "numerator": N_("Numerator"), "denominator": N_("Denominator"), "period": N_("Period"),
    "item": N_("Item"), "amount_text": N_("Amount as written"), "amount_vnd": N_("Amount (đồng)"),
    "source_of_funds": N_("Source of funds"), "lead_unit": N_("Lead unit"),
    "header": N_("Header"), "rows": N_("Rows"), "total_check": N_("Total check"),
    "first_line": N_("First line"), "last_line": N_("Last line"),
    "task": N_("Task"), "lead_units": N_("Lead units"), "coordinating_units": N_("Coordinating units"),
    "timeframe": N_("Timeframe"), "deadline_year": N_("Deadline year"), "timeframe_kind": N_("Timeframe kind"),
}

# Columns holding a JSON array of names (SCHEMA.md): a person reads them as "a; b".
LIST_COLUMNS = {"lead_units", "coordinating_units", "header"}

WIDE_COLUMNS = {"context", "title", "subject", "task", "item", "text_as_written", "path", "error"}

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")                      # 2022-12-22, as SCHEMA.md stores dates
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?")   # ingested_at
EXCEL_MAX_ROWS = 1_048_576 - 1      # one row of headers
EXCEL_MAX_CELL = 32_767             # characters in one cell
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class ExportError(Exception):
    """A one-line reason the export could not be done."""


@dataclass
class Sheet:
    """One table or query: its sheet name, column names, and a cursor over its rows."""

    name: str
    label: str
    columns: list[str]
    rows: Iterator[tuple]


def open_read_only(db_path: str | Path) -> sqlite3.Connection:
    """The database, read-only (pipeline.dbfile: read-only media work, a file that is not SQLite
    gives one line), its errors as ExportError. Any SQLite file: a --query may read any."""
    from .dbfile import DatabaseFileError, connect_readonly

    try:
        return connect_readonly(db_path, baocao_only=False)
    except DatabaseFileError as e:
        raise ExportError(str(e)) from None


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'pragma table_info("{table}")')]


def _table_sheet(conn: sqlite3.Connection, table: str, include_copies: bool) -> Sheet:
    present = _columns(conn, table)
    columns = [c for c in present if c not in LEFT_OUT or LEFT_OUT[c] not in (None, table)]
    where = ""
    if not include_copies and "copy_of" in _columns(conn, "reports"):
        if table == "reports":
            where = " where copy_of is null"
        elif "report_id" in present:
            where = " where report_id is null or report_id not in (select id from reports where copy_of is not null)"
    select = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'select {select} from "{table}"{where} order by id' if "id" in present
                        else f'select {select} from "{table}"{where}')
    return Sheet(table, _(TABLE_LABELS.get(table, table)), columns, rows)


def sheets(conn: sqlite3.Connection, tables: list[str] | None = None, query: str | None = None,
           include_copies: bool = False) -> list[Sheet]:
    """What to export: the answer to `query`, or each of `tables` (default: every table of TABLES
    in the database)."""
    if query is not None:
        try:
            cursor = conn.execute(query)
        except sqlite3.Error as e:
            raise ExportError(_("the query failed: {error}").format(error=e)) from None
        if cursor.description is None:
            raise ExportError(_("the query returns no columns: give a select"))
        return [Sheet("query", _("Query"), [d[0] for d in cursor.description], cursor)]
    existing = {name for (name,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    if tables:
        unknown = [t for t in tables if t not in existing]
        if unknown:
            raise ExportError(_("no table {names} in the database; tables: {tables}").format(
                names=", ".join(unknown), tables=", ".join(t for t in TABLES if t in existing)))
    return [_table_sheet(conn, t, include_copies) for t in (tables or [t for t in TABLES if t in existing])]


def readable(part: Sheet) -> Iterator[tuple]:
    """The rows of `part` for a person: JSON lists of names joined with "; "."""
    lists = [i for i, column in enumerate(part.columns) if column in LIST_COLUMNS]
    for row in part.rows:
        if lists:
            row = list(row)
            for i in lists:
                try:
                    names = json.loads(row[i]) if isinstance(row[i], str) else None
                except ValueError:
                    continue
                if isinstance(names, list) and all(isinstance(n, str) for n in names):
                    row[i] = "; ".join(names)
        yield tuple(row)


def header(column: str) -> str:
    return _(COLUMN_LABELS[column]) if column in COLUMN_LABELS else column


def excel_value(value):
    """A cell value for Excel: ISO dates as dates, text cut to what a cell holds, numbers as they are."""
    if isinstance(value, str):
        if ISO_DATE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                return value
        if ISO_TIMESTAMP.fullmatch(value):
            return datetime.datetime.fromisoformat(value)
        if len(value) > EXCEL_MAX_CELL:
            return value[:EXCEL_MAX_CELL - 1] + "…"
    return value


def _sheet_title(label: str, taken: set[str]) -> str:
    title = SHEET_NAME_FORBIDDEN.sub(" ", label)[:SHEET_NAME_MAX]
    n = 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = title[:SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def write_xlsx(parts: list[Sheet], out: Path) -> dict[str, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)     # rows go straight to the file: memory stays flat
    counts, taken = {}, set()
    bold = Font(bold=True)
    for part in parts:
        sheet = book.create_sheet(_sheet_title(part.label, taken))
        sheet.freeze_panes = "A2"
        for i, column in enumerate(part.columns, 1):
            sheet.column_dimensions[get_column_letter(i)].width = 40 if column in WIDE_COLUMNS else 14
        headers = []
        for column in part.columns:
            cell = WriteOnlyCell(sheet, header(column))
            cell.font = bold
            headers.append(cell)
        sheet.append(headers)
        n = 0
        for row in readable(part):
            n += 1
            if n > EXCEL_MAX_ROWS:
                raise ExportError(_("{table} has more rows than an Excel sheet holds: export it as CSV").format(
                    table=part.name))
            cells = []
            for value in row:
                value = excel_value(value)
                cell = WriteOnlyCell(sheet, value)
                if isinstance(value, datetime.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM:SS"
                elif isinstance(value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, int) and abs(value) >= 10_000:
                    cell.number_format = "#,##0"
                cells.append(cell)
            sheet.append(cells)
        if part.columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(part.columns))}{n + 1}"
        counts[part.name] = n
    book.save(out)
    return counts


def _write_csv(part: Sheet, stream) -> int:
    writer = csv.writer(stream)
    writer.writerow([header(c) for c in part.columns])
    n = 0
    for row in readable(part):
        writer.writerow(row)
        n += 1
    return n


def _json_rows(part: Sheet) -> list[dict]:
    return [dict(zip(part.columns, row)) for row in part.rows]


def export(db_path: str | Path, out: str | Path, fmt: str | None = None, tables: list[str] | None = None,
           query: str | None = None, include_copies: bool = False) -> dict[str, int]:
    """Write the export to `out` ("-": standard output, CSV and JSON only); the rows written, by table.

    `fmt` defaults to `out`'s extension. CSV of several tables: `out` is a folder, one file
    each (`<table>.csv`, UTF-8 with a byte-order mark so that Excel reads the Vietnamese letters).
    JSON of several tables: one object, table name -> rows.
    """
    fmt = fmt or (Path(str(out)).suffix.lstrip(".").lower() if str(out) != "-" else "json")
    if fmt not in FORMATS:
        raise ExportError(_("unknown format {format}: use {formats}").format(format=fmt, formats=", ".join(FORMATS)))
    with closing(open_read_only(db_path)) as conn:
        parts = sheets(conn, tables, query, include_copies)
        if fmt == "xlsx":
            if str(out) == "-":
                raise ExportError(_("an Excel file cannot go to standard output: give -o FILE.xlsx"))
            return write_xlsx(parts, Path(out))
        if fmt == "json":
            data = (_json_rows(parts[0]) if len(parts) == 1 and (query or tables)
                    else {part.name: _json_rows(part) for part in parts})
            counts = {part.name: len(rows) for part, rows in
                      zip(parts, [data] if isinstance(data, list) else data.values())}
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            if str(out) == "-":
                sys.stdout.write(text)
            else:
                Path(out).write_text(text, encoding="utf-8")
            return counts
        if len(parts) == 1 and (query or tables):
            if str(out) == "-":
                return {parts[0].name: _write_csv(parts[0], sys.stdout)}
            with open(out, "w", encoding="utf-8-sig", newline="") as stream:
                return {parts[0].name: _write_csv(parts[0], stream)}
        if str(out) == "-":
            raise ExportError(_("several tables as CSV go to a folder: give -o FOLDER or one --table"))
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        counts = {}
        for part in parts:
            with open(folder / f"{part.name}.csv", "w", encoding="utf-8-sig", newline="") as stream:
                counts[part.name] = _write_csv(part, stream)
        return counts
