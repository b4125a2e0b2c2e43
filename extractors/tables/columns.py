"""What a table's columns and rows mean: which column holds the item, the amount, the source,
the lead unit, the timing; which row is an item, a group, a subtotal or the total; the caption
and unit above a table.

- kind: `document_list` (a "Số ký hiệu"/"Ngày ban hành" column), `budget` (a money column such as
  "Kinh phí"/"Tổng mức đầu tư", or a unit in đồng), else `other`. total_check compares a stated
  total row with the sum of the item rows (numbered rows; group rows and subtotals excluded).
- Caption above the table: "PHỤ LỤC II" plus the caption lines under it ("PHỤ LỤC II — Kinh phí
  thực hiện …"), else the nearest heading-like line; "Đơn vị tính: Triệu đồng." gives unit "Triệu đồng".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.dates import YEAR_PATTERN
from extractors.lang.money import BARE_AMOUNT, HEADER_UNIT, MONEY_WITH_UNIT, Money, money_in_cell, unit_multiplier
from extractors.lang.periods import YEAR
from extractors.models import Table
from extractors.text import APPENDIX_CAPTION_LINE, Line, Text, fold

# "Đơn vị tính: Triệu đồng." / "ĐVT: triệu đồng" / "Đơn vị: đồng" -> the unit.
UNIT_LINE = re.compile(
    r"""(?=đ)                             # the first letter below: lets re skip ahead to it
        (?:Đơn\s+vị\s+tính|ĐVT|Đơn\s+vị(?=\s*:\s*(?:\w+\s+)?đồng))\s*:\s*   # the label
        (?P<unit>[^.;,()\t]+?)           # the unit, up to punctuation
        \s*[.;:)]*\s*$                 # closing punctuation: "(Đơn vị tính: triệu đồng):"
    """,
    re.VERBOSE | re.IGNORECASE,
)

# The number cell of an item row: "1", "12", "1.2", "3."
ITEM_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")
# The number cell of a group row: roman "I", "IV", "II."; or a letter "A", "B".
GROUP_NUMBER = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")

# A group label: "Năm 2014", "Từ năm 2021-2022", "Giai đoạn 2021-2025", with an optional ":".
GROUP_LABEL = re.compile(
    rf"""^(?:Từ\s+)?(?:năm|giai\s+đoạn)\s+
        (?P<start>{YEAR_PATTERN})
        (?:\s*(?:-|–|đến)\s*(?:năm\s+)?(?P<end>{YEAR_PATTERN}))?
        \s*:?$""",
    re.VERBOSE | re.IGNORECASE,
)
# The words of a total row's label: "Tổng cộng:", "Tổng số", "Cộng", "Tổng"; OCR misreads the
# tone of the two-word forms ("Tống cộng:"), never of "Cộng" alone, which would be "Công an …".
# Read with re.VERBOSE | re.IGNORECASE, in cells here, in flattened text (flat_cells) and in the
# labels of indicators read from a table (indicators/table_subjects).
_SUM_WORDS = r"""(?: (?:t[ổốồỗộơ]ng\s+)? cộng )   # "Cộng", "Tổng cộng", OCR's "Tống cộng"
                 """
_COUNT_WORDS = r"""(?: t[ổốồỗộơ]ng\s+số | tổng )  # "Tổng số", OCR's "Tống số"; "Tổng", exact
                   """
TOTAL_WORDS = rf"(?: {_SUM_WORDS} | {_COUNT_WORDS} )"
TOTAL_LABEL = re.compile(rf"^{TOTAL_WORDS}\b", re.VERBOSE | re.IGNORECASE)
# A label that is a total row's and nothing else: a sum with whatever follows ("Cộng toàn huyện",
# "Tổng cộng (I+II)"), a count only alone ("Tổng số:"), since "Tổng số hộ nghèo" names a measure.
TOTAL_ROW_LABEL = re.compile(rf"^(?: {_SUM_WORDS} \b | {_COUNT_WORDS} \s*:?$ )", re.VERBOSE | re.IGNORECASE)
# A row of a document list that opens a new entry even without its number cell (OCR dropped
# it): a cell holding a whole reference (WHOLE_REFERENCE: "2665/KH-UBND", "16-CT/TU", "42/2022/NĐ-CP") ...
# ... and a cell holding a whole date: "18/9/2020", "01-08-2019".
DATE_CELL = re.compile(rf"^\d{{1,2}}([/.-])\d{{1,2}}\1{YEAR_PATTERN}$")

# Header words (folded) that name a column.
NUMBER_HEADERS = ("tt", "stt", "so tt", "so thu tu")
MONEY_HEADERS = ("kinh phi", "tong muc dau tu", "so tien", "thanh tien", "du toan", "gia tri", "von dau tu")
ITEM_HEADERS = ("noi dung", "nhiem vu", "du an", "hang muc", "ten ")
SOURCE_HEADERS = ("nguon von", "nguon kinh phi", "nguon")
NOTE_HEADERS = ("ghi chu",)
LEAD_HEADERS = ("chu tri", "don vi thuc hien", "co quan thuc hien")
TIMING_HEADERS = ("thoi gian", "tien do", "ket qua thuc hien", "nam thuc hien")
DOCUMENT_LIST_HEADERS = ("so ky hieu", "so, ky hieu", "ngay ban hanh", "trich yeu")


def find_column(header: list[str], keywords: tuple[str, ...], exclude: tuple[int, ...] = ()) -> int | None:
    """Index of the first header cell containing one of the keywords (earlier keywords win)."""
    folded = [fold(h) for h in header]
    for keyword in keywords:
        for i, h in enumerate(folded):
            if i not in exclude and (h == keyword.strip() or keyword in h):
                return i
    return None


@dataclass(frozen=True)
class Columns:
    """Which column holds what, read from the header."""

    number: int
    item: int
    money: int | None
    source: int | None
    note: int | None
    lead: int | None
    timing: int | None

    @classmethod
    def of(cls, table: Table) -> "Columns":
        header = table.header
        number = 0
        item = find_column(header, ITEM_HEADERS, exclude=(number,))
        item = 1 if item is None else item
        money = find_column(header, MONEY_HEADERS, exclude=(number, item))
        if money is not None:   # "Kinh phí và nguồn vốn" spanning two sub-columns: prefer a plain "Kinh phí"
            exact = [i for i, h in enumerate(header) if fold(HEADER_UNIT.sub("", h)).strip() == "kinh phi"]
            money = exact[0] if exact else money
        if money is None:
            money = _numeric_column(table, exclude=(number, item))
        taken = (number, item, money)
        source = find_column(header, SOURCE_HEADERS, exclude=taken)
        note = find_column(header, NOTE_HEADERS, exclude=taken)
        lead = find_column(header, LEAD_HEADERS, exclude=taken + (source,))
        timing = find_column(header, TIMING_HEADERS, exclude=taken + (source, note, lead))
        return cls(number, item, money, source, note, lead, timing)


def _numeric_column(table: Table, exclude: tuple[int, ...]) -> int | None:
    """The column holding amounts when no header names one: the one with most money-like cells."""
    if not table.unit or unit_multiplier(table.unit) is None:
        return None
    counts: dict[int, int] = {}
    for row in table.rows:
        for i, cell in enumerate(row):
            if i not in exclude and BARE_AMOUNT.match(cell.strip()) and not YEAR.fullmatch(cell.strip()):
                counts[i] = counts.get(i, 0) + 1
    return max(counts, key=counts.get) if counts else None


def row_kind(row: list[str], columns: Columns) -> str:
    """What a row is.

    `item` a numbered row; `group` a heading row ("Năm 2014", "I | Nhóm …");
    `subtotal` a heading row that carries an amount ("Từ năm 2021-2022 | 6.992,46");
    `total` the stated total ("Tổng cộng: | 15.030"); `note` anything else.
    """
    number = column_text(row, columns.number)
    label = next((c.strip() for c in row if c.strip() and c.strip() != number), "")
    if TOTAL_LABEL.match(number) or (not number and TOTAL_LABEL.match(label)):
        return "total"
    if ITEM_NUMBER.match(number):
        return "item"
    if GROUP_NUMBER.match(number) or (not number and GROUP_LABEL.match(label)):
        has_amount = any(_is_amount(c) for i, c in enumerate(row) if i != columns.number and c.strip() != label)
        return "subtotal" if has_amount else "group"
    return "note"


def _is_amount(cell: str) -> bool:
    cell = cell.strip()
    return bool(BARE_AMOUNT.match(cell) or MONEY_WITH_UNIT.search(cell)) and not YEAR.fullmatch(cell)


def column_text(row: list[str], i: int | None) -> str:
    """The stripped text of column `i` of a row, "" when there is no such column."""
    return row[i].strip() if i is not None and i < len(row) else ""


def row_amount(table: Table, row: list[str], columns: Columns) -> Money | None:
    """The amount of a row: its money column, or (for a total row without one) its last number."""
    if columns.money is not None:
        money = money_in_cell(column_text(row, columns.money), table.unit)
        if money:
            return money
    if row_kind(row, columns) in ("total", "subtotal"):
        for cell in reversed(row):
            money = money_in_cell(cell, table.unit)
            if money and not YEAR.fullmatch(cell.strip()):
                return money
    return None


def make_table(text: Text, header: list[str], rows: list[list[str]], first: Line, last_line: int,
               row_lines: list[int]) -> Table:
    """A table as each reader hands it on: titled by its caption, in the caption's unit (else the header's),
    of its kind, with its stated total checked."""
    title, unit = caption_above(text, first.number)
    unit = unit or header_unit(header)
    table = Table(title=title, kind=table_kind(header, unit, rows), header=header, rows=rows, unit=unit,
                  page=first.page, first_line=first.number, last_line=last_line, row_lines=row_lines)
    table.total_check = total_check(table)
    return table


def total_check(table: Table) -> str | None:
    """"ok" when the stated total equals the sum of the item rows, "mismatch" when not, None without a total."""
    columns = Columns.of(table)
    kinds = [row_kind(row, columns) for row in table.rows]
    totals = [row for row, kind in zip(table.rows, kinds) if kind == "total"]
    stated = row_amount(table, totals[-1], columns) if totals else None
    if stated is None:
        return None
    items = [row_amount(table, row, columns) for row, kind in zip(table.rows, kinds) if kind in ("item", "note")]
    total = sum(m.vnd for m in items if m)
    return "ok" if abs(total - stated.vnd) <= max(1, stated.vnd // 100_000) else "mismatch"


def table_kind(header: list[str], unit: str | None, rows: list[list[str]]) -> str:
    folded = " | ".join(fold(h) for h in header)
    if any(k in folded for k in DOCUMENT_LIST_HEADERS):
        return "document_list"
    if any(k in folded for k in MONEY_HEADERS) or unit_multiplier(unit) is not None:
        return "budget"
    if any(MONEY_WITH_UNIT.search(c) for row in rows for c in row):
        return "budget"
    return "other"


# A bracketed remark in a caption: "(Ban hành kèm theo Báo cáo số …)".
_IN_BRACKETS = re.compile(r"\s*\([^()]*\)")


def caption_above(text: Text, first_line: int) -> tuple[str | None, str | None]:
    """(title, unit) from the lines just above a table."""
    unit = None
    collected: list[str] = []
    appendix = None
    i = first_line - 1
    while i >= 1 and len(collected) < 6:
        line = text.line(i)
        i -= 1
        if line.is_blank:
            continue
        if line.is_table_row:
            break
        s = line.text.strip()
        m = UNIT_LINE.search(s)
        if m and len(s) < 60:
            unit = unit or m["unit"].strip()
            continue
        if APPENDIX_CAPTION_LINE.match(s):
            appendix = s
            break
        collected.append(s)
    if appendix:   # "PHỤ LỤC II — <caption>", without "(Ban hành kèm theo Báo cáo số …)"
        caption = _IN_BRACKETS.sub("", " ".join(reversed(collected))).strip()
        return (f"{appendix} — {caption}" if caption else appendix), unit
    if collected and len(collected[0]) <= 200:
        return collected[0].lstrip("-+•* ").rstrip(" :"), unit
    return None, unit


def header_unit(header: list[str]) -> str | None:
    units = (HEADER_UNIT.search(h) for h in header)
    return next((m["unit"].strip() for m in units if m), None)
