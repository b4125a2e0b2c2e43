"""Flattened tables, best effort: appendix tables that PDF text extraction flattened into one
cell fragment per line (seed 001: "PHỤ LỤC I" + "Đơn vị tính: Triệu đồng." + a
header spread over several lines, then "1" / item text over many lines /
"2022 480" / "(Nguồn vốn ngân sách" / "thị xã)"). These are rebuilt from the
lines after such a caption: a line holding only a small number starts a row,
roman-numbered lines are group rows, "Từ năm 2021-2022 6.992,46", "Năm 2023
1.970" and "Tổng cộng: 13.570" are subtotal/total rows, the repeated header
at each page break is skipped. Within a row, the first numbers after the text
are the year and the amount (a year and an amount may share a line); text
before them is split into item, lead unit ("Đơn vị chủ trì", recognised by
its opening word) and description (wider lines); text after the amount is the
source of funds, a year line closes it. Another rendering of the same PDF
(pdfplumber, DOCX built from it) runs cells together on shared lines ("Phòng
họp không giấy 2022 480 (Nguồn vốn ngân sách thị xã) 4", the next row's
number at the end); there rows are found from their amounts (run_together.py): the number after
the row's year, or the number before the source of funds. Both readings are
tried and the one that finds more amounts wins. Amounts and years are
reliable; the text cells are approximate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.lang.money import MONEY_NUMBER
from extractors.models import Table
from extractors.tables.columns import (
    GROUP_LABEL,
    ITEM_NUMBER,
    UNIT_LINE,
    Columns,
    make_table,
    row_amount,
    row_kind,
)
from extractors.tables.flat_cells import TOTAL_LABEL, header_names, split_before, starts_flat_header
from extractors.tables.run_together import read_run_together_table
from extractors.text import APPENDIX_CAPTION_LINE, Line, Text, fold

# A line of a flattened table, by what it holds.
FLAT_NUMBER = re.compile(r"^\d{1,2}$")                                       # "1": a row starts
FLAT_GROUP = re.compile(r"^(?P<number>[IVXLC]{1,6})\.?\s+(?P<label>\D.*)$")  # "I Nhóm phát triển chính quyền số"
FLAT_TOTAL = re.compile(                                                       # "Từ năm 2021-2022 6.992,46"
    rf"""^{TOTAL_LABEL}
        \s+(?P<amount>{MONEY_NUMBER})$""",
    re.VERBOSE | re.IGNORECASE,
)
FLAT_NUMBERS = re.compile(                                                     # "2022 480", "2021", "6.100"
    rf"^(?:(?P<year>(?:19|20)\d{{2}})(?:\s+(?P<amount_after_year>{MONEY_NUMBER}))?|(?P<amount>{MONEY_NUMBER}))$"
)


@dataclass
class _FlatRow:
    number: str
    line: Line
    before: list[str]          # text lines before the first number (item, lead unit, description)
    after: list[str]           # text lines after the amount (source of funds / note)
    year: str = ""
    amount: str = ""
    label: str = ""            # group or total label


def _flat_header(lines: list[Line], start: int) -> tuple[list[str], int]:
    """The header names and how many non-blank lines the header spans, from its "TT"/"STT" line."""
    parts: list[str] = []
    count = 0
    for line in lines[start:]:
        if line.is_blank:
            continue
        s = line.text.strip()
        if count and (FLAT_NUMBER.match(s) or FLAT_GROUP.match(s) or FLAT_TOTAL.match(s)):
            break
        parts.append(s)
        count += 1
    return header_names(" ".join(parts)), count


def flattened_tables(text: Text, tab_tables: list[Table]) -> list[Table]:
    """Appendix tables that PDF text extraction flattened to one fragment per line (see module docstring)."""
    taken = [(t.first_line, t.last_line) for t in tab_tables]
    tables = []
    lines = text.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.is_table_row and len(line.text) < 60 and UNIT_LINE.search(line.text):
            j = next((k for k in range(i + 1, min(i + 4, len(lines))) if not lines[k].is_blank), None)
            if j is not None and not lines[j].is_table_row and starts_flat_header(lines[j].text.strip()) \
                    and not any(a <= lines[j].number <= b for a, b in taken):
                table, end = _best_reading(text, j)
                if table:
                    tables.append(table)
                    i = end
                    continue
        i += 1
    return tables


def _read_flat_table(text: Text, start: int) -> tuple[Table | None, int]:
    lines = text.lines
    header, header_size = _flat_header(lines, start)
    if len(header) < 3:
        return None, start + 1
    rows: list[_FlatRow] = []
    current: _FlatRow | None = None
    expected = 1
    i, last = start, lines[start]
    skip = header_size
    while i < len(lines):
        line = lines[i]
        i += 1
        s = line.text.strip()
        if line.is_blank:
            continue
        if line.is_table_row or APPENDIX_CAPTION_LINE.match(s):
            i -= 1
            break
        if skip:
            skip -= 1
            last = line
            continue
        if starts_flat_header(s) and _flat_header(lines, i - 1)[0] == header:
            skip = header_size - 1       # header repeated at a page break
            last = line
            continue
        total, group, numbers = FLAT_TOTAL.match(s), FLAT_GROUP.match(s), FLAT_NUMBERS.match(s)
        if total:
            current = _FlatRow("", line, [], [], amount=total["amount"], label=total["label"])
            rows.append(current)
            expected = 1
            last = line
            if not GROUP_LABEL.match(total["label"]):
                break                    # the grand total closes the table
            continue
        if group and not numbers:
            current = _FlatRow(group["number"], line, [], [], label=group["label"].strip())
            rows.append(current)
            expected = 1
            last = line
            continue
        if FLAT_NUMBER.match(s) and (current is None or current.amount or not current.number
                                     or (int(s) == expected and not current.before)):
            current = _FlatRow(s, line, [], [])
            rows.append(current)
            expected = int(s) + 1
            last = line
            continue
        if current is None or not current.number or not ITEM_NUMBER.match(current.number):
            break                        # text outside any row: the table has ended
        if numbers and current.before:
            if numbers["year"] and not current.year:
                current.year = numbers["year"]
                if numbers["amount_after_year"] and not current.amount:
                    current.amount = numbers["amount_after_year"]
            elif numbers["amount"] and not current.amount:
                current.amount = numbers["amount"]
            else:
                break
            last = line
            continue
        (current.after if current.amount else current.before).append(s)
        last = line
    if not rows:
        return None, i
    table = _flat_table(text, header, rows, lines[start], last)
    return table, i


def _flat_table(text: Text, header: list[str], flat_rows: list[_FlatRow], first: Line, last: Line) -> Table:
    columns = Columns.of(Table(None, "", header, []))
    description = next((i for i, h in enumerate(header) if fold(h) == "dien giai"), None)
    rows: list[list[str]] = []
    for flat in flat_rows:
        cells = [""] * len(header)
        if flat.label:
            cells[columns.number] = flat.number
            cells[columns.item] = flat.label
            if flat.amount and columns.money is not None:
                cells[columns.money] = flat.amount
            rows.append(cells)
            continue
        parts = split_before(flat.before, header)
        cells[columns.number] = flat.number
        cells[columns.item] = parts["item"]
        for column, value in ((columns.lead, parts["lead"]), (description, parts["description"]),
                              (columns.money, flat.amount), (columns.timing, flat.year),
                              (columns.source if columns.source is not None else columns.note, " ".join(flat.after))):
            if column is not None and value:
                cells[column] = value
        rows.append(cells)
    return make_table(text, header, rows, first, last.number, [f.line.number for f in flat_rows])


def _amount_rows(table: Table | None) -> int:
    if table is None:
        return 0
    columns = Columns.of(table)
    return sum(1 for row in table.rows if row_kind(row, columns) == "item" and row_amount(table, row, columns))


def _best_reading(text: Text, start: int) -> tuple[Table | None, int]:
    """One cell fragment per line (PDF text, seed 001) or cells run together on shared lines
    (pdfplumber / DOCX renderings of the same PDF): read both ways, keep the one that finds more amounts."""
    by_line, end = _read_flat_table(text, start)
    loose, loose_end = read_run_together_table(text, start)
    if _amount_rows(loose) > _amount_rows(by_line):
        return loose, loose_end
    return by_line, end
