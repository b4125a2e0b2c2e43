"""Flattened appendix tables, the other rendering: cells run together on shared lines.

Another rendering of the same appendix as flattened.py reads (pdfplumber, a DOCX built from the
PDF) puts several cells on one line and the next row's number at the end of the previous row's
last line:
    Phòng họp không giấy 2022 480 (Nguồn vốn ngân sách thị xã) 4
    Chi thường xuyên, ngân sách thị xã 2024 2
Rows are found from their amounts instead: an amount is the number right after the row's
year (when the year column comes before the money column) or right before the source of
funds ("120" / "Chi thường xuyên, …", "100 ngân sách thị xã 2024").
"""
from __future__ import annotations

import re
from bisect import bisect_right

from extractors.dates import YEAR_PATTERN
from extractors.lang.money import MONEY_NUMBER
from extractors.models import Table
from extractors.tables.columns import (
    GROUP_LABEL, ITEM_NUMBER, UNIT_LINE, Columns, make_table,
)
from extractors.tables.flat_cells import TOTAL_LABEL, header_names, split_before, starts_flat_header
from extractors.text import APPENDIX_CAPTION_LINE, Line, Text, fold

# Words a header is made of (folded), to recognise its lines wherever the PDF broke them.
HEADER_WORDS = set(
    "tt stt noi dung nhiem vu du an don vi chu tri thuc hien dien giai ket qua tien do tong muc dau tu "
    "kinh phi nguon von ghi thoi gian va".split()
)
TRAILING_ROW_NUMBER = re.compile(r"\s+\d{1,2}$")
# The opening words of a source-of-funds cell: "(Nguồn vốn …", "Ngân sách tỉnh", "Chi thường xuyên", "(Chưa tính …".
# OCR reads "Chi" as "Chỉ".
SOURCE_START = r"\(?\s*(?:Nguồn|Ngôn\s+vốn|Ngân\s+sách|Ch[iỉ]\s+thường\s+xuyên|Vốn|Chưa\s+tính|Xã\s+hội\s+hóa)"
LOOSE_YEAR = rf"(?<![\w.,/]){YEAR_PATTERN}(?![\w.,/])"
AMOUNT_AFTER_YEAR = re.compile(   # "2022 480"; in "năm 2023 2023 550" the pair is "2023 550"
    rf"(?P<year>{LOOSE_YEAR})\s+(?P<amount>{MONEY_NUMBER})(?![\w.,/])(?![ \t]+\d)")
AMOUNT_BEFORE_SOURCE = re.compile(rf"(?<![\w.,/])(?P<amount>{MONEY_NUMBER})\s+(?={SOURCE_START})", re.IGNORECASE)
YEAR_TOKEN = re.compile(rf"(?<!năm )(?P<year>{LOOSE_YEAR})", re.IGNORECASE)
# What may close a row after its source of funds, up to the line's end: a year, then a row number.
ROW_TAIL = re.compile(rf"(?:\s*{YEAR_PATTERN})?(?:\s+\d{{1,2}})?(?=\s*(?:\n|$))")
LOOSE_TOTAL = re.compile(
    rf"""^{TOTAL_LABEL}
        \s+(?P<amount>{MONEY_NUMBER})(?:\s+\d{{1,2}})?$""",
    re.VERBOSE | re.IGNORECASE,
)
LOOSE_GROUP = re.compile(r"^(?P<number>[IVXLC]{1,6})\.?\s+(?P<label>[^\d]+?)(?:\s+\d{1,2})?$")


def _is_header_line(s: str) -> bool:
    words = [w for w in re.split(r"[\s/,]+", fold(TRAILING_ROW_NUMBER.sub("", s))) if w]
    return bool(words) and all(w in HEADER_WORDS for w in words)


def _header_block(lines: list[Line], start: int) -> tuple[list[str], int]:
    """The header's lines from a "TT"/"STT" line on, and the index after them."""
    parts: list[str] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.is_blank:
            i += 1
            continue
        s = line.text.strip()
        if parts and not _is_header_line(s):
            break
        if not parts and not starts_flat_header(s):
            break
        parts.append(TRAILING_ROW_NUMBER.sub("", s) if parts else s)
        i += 1
    return parts, i


def read_run_together_table(text: Text, start: int) -> tuple[Table | None, int]:
    lines = text.lines
    header_parts, i = _header_block(lines, start)
    header = header_names(" ".join(header_parts))
    if len(header) < 3:
        return None, start + 1
    data: list[Line] = []
    while i < len(lines):
        line = lines[i]
        s = line.text.strip()
        if line.is_blank:
            i += 1
            continue
        if line.is_table_row or APPENDIX_CAPTION_LINE.match(s) or (len(s) < 60 and UNIT_LINE.search(s)):
            break
        if starts_flat_header(s) and _is_header_line(s):
            _, i = _header_block(lines, i)     # header repeated at a page break
            continue
        data.append(line)
        i += 1
        total = LOOSE_TOTAL.match(s)
        if total and not GROUP_LABEL.match(total["label"]):
            break                              # the grand total closes the table
    if not data:
        return None, i
    rows, row_lines = _loose_rows(data, header)
    if not rows:
        return None, i
    return make_table(text, header, rows, lines[start], data[-1].number, row_lines), i


def _loose_rows(data: list[Line], header: list[str]) -> tuple[list[list[str]], list[int]]:
    columns = Columns.of(Table(None, "", header, []))
    year_first = columns.timing is not None and columns.money is not None and columns.timing < columns.money
    source_column = columns.source if columns.source is not None else columns.note
    # The data as one string, with the line each character came from.
    starts, pieces, offset = [], [], 0
    for line in data:
        starts.append(offset)
        pieces.append(line.text.strip())
        offset += len(pieces[-1]) + 1
    stream = "\n".join(pieces)

    def line_at(pos: int) -> Line:
        return data[max(0, bisect_right(starts, pos) - 1)]

    events: list[tuple[int, int, list[str]]] = []     # (start, end, cells) in stream order
    special: list[tuple[int, int]] = []
    for line, begin in zip(data, starts):
        s = line.text.strip()
        total, group = LOOSE_TOTAL.match(s), LOOSE_GROUP.match(s)
        cells = [""] * len(header)
        if total:
            cells[columns.item] = total["label"]
            cells[columns.money if columns.money is not None else -1] = total["amount"]
        elif group:
            cells[columns.number], cells[columns.item] = group["number"], group["label"].strip()
        else:
            continue
        events.append((begin, begin + len(s), cells))
        special.append((begin, begin + len(s)))

    pattern = AMOUNT_AFTER_YEAR if year_first else AMOUNT_BEFORE_SOURCE
    amounts = [m for m in pattern.finditer(stream) if not any(a <= m.start() < b for a, b in special)]
    tail = 0
    for k, m in enumerate(amounts):
        next_start = amounts[k + 1].start() if k + 1 < len(amounts) else len(stream)
        next_special = min((a for a, _ in special if a > m.end()), default=len(stream))
        limit = min(next_start, next_special)
        row_begin = max([tail] + [b + 1 for a, b in special if b <= m.start()])
        year = m["year"] if year_first else ""
        after = stream[m.end():limit]
        if year_first:          # the source runs to its closing parenthesis, or to the line's end
            source_end = _source_end(after)
        else:                   # the source runs to the year that closes the row
            y = YEAR_TOKEN.search(after)
            year = y["year"] if y else ""
            source_end = y.start() if y else _source_end(after)
        source = " ".join(after[:source_end].split())
        rest = after[source_end:]
        trailing = ROW_TAIL.match(rest)
        tail = m.end() + source_end + (trailing.end() if trailing else 0)
        before_text = stream[row_begin:m.start("year") if year_first else m.start()]
        before = [p.strip() for p in before_text.split("\n") if p.strip()]
        parts = split_before(before, header)
        cells = [""] * len(header)
        cells[columns.item] = parts["item"]
        description = next((i for i, h in enumerate(header) if fold(h) == "dien giai"), None)
        for column, value in ((columns.lead, parts["lead"]), (description, parts["description"]),
                              (columns.money, m["amount"]), (columns.timing, year), (source_column, source)):
            if column is not None and value:
                cells[column] = value
        cells[columns.number] = str(k + 1)
        begin_at = row_begin + len(before_text) - len(before_text.lstrip())
        events.append((begin_at, m.end(), cells))
    events.sort(key=lambda e: e[0])
    _renumber(events, columns)
    return [cells for _, _, cells in events], [line_at(begin).number for begin, _, _ in events]


def _source_end(after: str) -> int:
    """Where a source-of-funds cell ends: its closing parenthesis, else the end of its line."""
    stripped = after.lstrip()
    offset = len(after) - len(stripped)
    if stripped.startswith("("):
        depth = 0
        for i, c in enumerate(stripped):
            depth += (c == "(") - (c == ")")
            if depth == 0:
                return offset + i + 1
    newline = after.find("\n", offset)
    return newline if newline >= 0 else len(after)


def _renumber(events: list[tuple[int, int, list[str]]], columns: Columns) -> None:
    """Item numbers restart after each group or subtotal row, as in the source tables."""
    n = 0
    for _, _, cells in events:
        if ITEM_NUMBER.match(cells[columns.number]):
            n += 1
            cells[columns.number] = str(n)
        else:
            n = 0
