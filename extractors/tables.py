"""Tables in a report: TAB-separated rows, and appendix tables flattened by PDF extraction.

Every loader renders a table as one line per row with cells separated by TAB
(a DOCX/PDF cell's internal newlines become spaces), so one parser serves all
formats:

- A table block is a run of TAB lines; blank lines may sit in between (page
  breaks). A block that starts with the previous table's header, after only
  blank lines or page furniture, continues that table.
- The first row is the header when it reads like one ("TT | Nội dung | Kinh
  phí | Ghi chú"); a header row repeated inside the table (page break) is
  dropped, and a following row whose number cell (TT/STT) is empty continues
  the row before it, cell by cell (seed 000 Phụ lục I rows 8 and 16). Group
  rows ("Năm 2014", "I | Nhóm phát triển chính quyền số") and total rows
  ("Tổng cộng: | 15.030") are rows of their own, never continuations.
- Caption above the table: "PHỤ LỤC II" plus the caption lines under it
  ("PHỤ LỤC II — Kinh phí thực hiện …"), else the nearest heading-like line;
  "Đơn vị tính: Triệu đồng." gives unit "Triệu đồng".
- kind: `document_list` (a "Số ký hiệu"/"Ngày ban hành" column), `budget` (a
  money column such as "Kinh phí"/"Tổng mức đầu tư", or a unit in đồng), else
  `other`. total_check compares a stated total row with the sum of the item
  rows (numbered rows; group rows and subtotals excluded).

Best effort: appendix tables that PDF text extraction flattened into one cell
fragment per line (seed 001: "PHỤ LỤC I" + "Đơn vị tính: Triệu đồng." + a
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
number at the end); there rows are found from their amounts: the number after
the row's year, or the number before the source of funds. Both readings are
tried and the one that finds more amounts wins. Amounts and years are
reliable; the text cells are approximate.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from extractors.lang.reference_pattern import WHOLE_REFERENCE
from extractors.models import Table
from extractors.numbers import DONG, MONEY_NUMBER, parse_number
from extractors.text import STARTS_LOWER_OR_DIGIT, Line, Text, fold

# ---------------------------------------------------------------- money in a cell

# Multipliers from a unit as written to đồng (keys are folded).
UNIT_MULTIPLIER = {
    "dong": 1,
    "vnd": 1,
    "nghin dong": 1_000,
    "ngan dong": 1_000,
    "trieu dong": 1_000_000,
    "trieu": 1_000_000,
    "ty dong": 1_000_000_000,
    "ti dong": 1_000_000_000,
    "ty": 1_000_000_000,
    "ti": 1_000_000_000,
    "trieu vnd": 1_000_000,
    "ty vnd": 1_000_000_000,
    "tr.d": 1_000_000,
    "trd": 1_000_000,
    "tr. dong": 1_000_000,
    "tr.dong": 1_000_000,
}

# A money amount written with its own unit: "1,5 tỷ đồng", "130 triệu đồng", "350.000.000 đồng".
MONEY_WITH_UNIT = re.compile(
    rf"""
    (?<![\d.,])
    (?P<number>{MONEY_NUMBER})   # 1.389  6,1  350.000.000
    \s*
    (?P<unit>
        (?:nghìn|ngàn|triệu|tỷ|tỉ)\s+(?:đồng|VNĐ|VND)       # "1,5 tỷ đồng"
      | (?:triệu|tỷ|tỉ)(?=\s*(?:[.,;:)]|$))              # "1,5 tỷ." (not "2 triệu lượt", "tỷ lệ")
      | {DONG}                                          # not "đồng chí", "đồng bộ"
      | VNĐ | VND
    )
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A cell that is just a number ("1.389", "92,460"), possibly in parentheses.
BARE_AMOUNT = re.compile(rf"^\(?(?P<number>{MONEY_NUMBER})\)?$")


@dataclass(frozen=True)
class Money:
    text: str        # as written: "1.389", "1,5 tỷ đồng"
    value: float     # in the unit
    vnd: int


def unit_multiplier(unit: str | None) -> int | None:
    if not unit:
        return None
    return UNIT_MULTIPLIER.get(re.sub(r"\s+", " ", fold(unit)).strip(" ."))


def money_in_cell(cell: str, unit: str | None) -> Money | None:
    """The amount in a table cell: a bare number in the table's unit, or one with its own unit."""
    cell = cell.strip()
    own = MONEY_WITH_UNIT.search(cell)
    if own:
        value = parse_number(own["number"])
        return Money(own.group(0), value, round(value * unit_multiplier(own["unit"])))
    bare = BARE_AMOUNT.match(cell)
    if bare:
        value = parse_number(bare["number"])
        return Money(bare["number"], value, round(value * (unit_multiplier(unit) or 1)))
    return None


# ---------------------------------------------------------------- table structure

# "Đơn vị tính: Triệu đồng." / "ĐVT: triệu đồng" / "Đơn vị: đồng" -> the unit.
UNIT_LINE = re.compile(
    r"""(?:Đơn\s+vị\s+tính|ĐVT|Đơn\s+vị(?=\s*:\s*(?:\w+\s+)?đồng))\s*:\s*   # the label
        (?P<unit>[^.;,()\t]+?)           # the unit, up to punctuation
        \s*[.;:)]*\s*$                 # closing punctuation: "(Đơn vị tính: triệu đồng):"
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A unit inside a header cell: "Kinh phí (triệu đồng)", "Tổng mức đầu tư (ĐVT: tỷ đồng)".
HEADER_UNIT = re.compile(r"\((?:ĐVT\s*:\s*)?(?P<unit>(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:đồng|VNĐ|VND)|tr\.?\s*đ(?:ồng)?)\)", re.IGNORECASE)

# A caption line "PHỤ LỤC II", "PHỤ LỤC A" (alone on its line; "Phụ lục I đính kèm" in prose is not one).
APPENDIX_LINE = re.compile(r"^PH[ỤU]\s+L[ỤU]C(?:\s+(?:[IVXLC]+|[A-Z]|\d+))?\s*[.:]?$", re.IGNORECASE)

# The number cell of an item row: "1", "12", "1.2", "3."
ITEM_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")
# The number cell of a group row: roman "I", "IV", "II."; or a letter "A", "B".
GROUP_NUMBER = re.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")

# A group label: "Năm 2014", "Từ năm 2021-2022", "Giai đoạn 2021-2025", with an optional ":".
GROUP_LABEL = re.compile(
    r"""^(?:Từ\s+)?(?:năm|giai\s+đoạn)\s+
        (?P<start>(?:19|20)\d{2})
        (?:\s*(?:-|–|đến)\s*(?:năm\s+)?(?P<end>(?:19|20)\d{2}))?
        \s*:?$""",
    re.VERBOSE | re.IGNORECASE,
)
# A total row label: "Tổng cộng:", "Tổng số", "Cộng", "Tổng"; OCR misreads the tone of the
# two-word forms ("Tống cộng:"), never of "Cộng" alone, which would be "Công an …".
TOTAL_LABEL = re.compile(
    r"""^(?: t[ổốồỗộơ]ng\s+(?:cộng|số)   # "Tổng cộng", "Tổng số", OCR's "Tống cộng"
         | tổng | cộng                  # the one-word forms, exact
        )\b""",
    re.VERBOSE | re.IGNORECASE,
)
# A row of a document list that opens a new entry even without its number cell (OCR dropped
# it): a cell holding a whole reference (WHOLE_REFERENCE: "2665/KH-UBND", "16-CT/TU", "42/2022/NĐ-CP") ...
# ... and a cell holding a whole date: "18/9/2020", "01-08-2019".
DATE_CELL = re.compile(r"^\d{1,2}([/.-])\d{1,2}\1(?:19|20)\d{2}$")

# Header words (folded) that name a column.
NUMBER_HEADERS = ("tt", "stt", "so tt", "so thu tu")
MONEY_HEADERS = ("kinh phi", "tong muc dau tu", "so tien", "thanh tien", "du toan", "gia tri", "von dau tu")
ITEM_HEADERS = ("noi dung", "nhiem vu", "du an", "hang muc", "ten ")
SOURCE_HEADERS = ("nguon von", "nguon kinh phi", "nguon")
NOTE_HEADERS = ("ghi chu",)
LEAD_HEADERS = ("chu tri", "don vi thuc hien", "co quan thuc hien")
TIMING_HEADERS = ("thoi gian", "tien do", "ket qua thuc hien", "nam thuc hien")
DOCUMENT_LIST_HEADERS = ("so ky hieu", "so, ky hieu", "ngay ban hanh", "trich yeu")


def _find_column(header: list[str], keywords: tuple[str, ...], exclude: tuple[int, ...] = ()) -> int | None:
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
        item = _find_column(header, ITEM_HEADERS, exclude=(number,))
        item = 1 if item is None else item
        money = _find_column(header, MONEY_HEADERS, exclude=(number, item))
        if money is not None:   # "Kinh phí và nguồn vốn" spanning two sub-columns: prefer a plain "Kinh phí"
            exact = [i for i, h in enumerate(header) if fold(HEADER_UNIT.sub("", h)).strip() == "kinh phi"]
            money = exact[0] if exact else money
        if money is None:
            money = _numeric_column(table, exclude=(number, item))
        taken = (number, item, money)
        source = _find_column(header, SOURCE_HEADERS, exclude=taken)
        note = _find_column(header, NOTE_HEADERS, exclude=taken)
        lead = _find_column(header, LEAD_HEADERS, exclude=taken + (source,))
        timing = _find_column(header, TIMING_HEADERS, exclude=taken + (source, note, lead))
        return cls(number, item, money, source, note, lead, timing)


def _numeric_column(table: Table, exclude: tuple[int, ...]) -> int | None:
    """The column holding amounts when no header names one: the one with most money-like cells."""
    if not table.unit or unit_multiplier(table.unit) is None:
        return None
    counts: dict[int, int] = {}
    for row in table.rows:
        for i, cell in enumerate(row):
            if i not in exclude and BARE_AMOUNT.match(cell.strip()) and not re.fullmatch(r"(?:19|20)\d{2}", cell.strip()):
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
    return bool(BARE_AMOUNT.match(cell) or MONEY_WITH_UNIT.search(cell)) and not re.fullmatch(r"(?:19|20)\d{2}", cell)


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
            if money and not re.fullmatch(r"(?:19|20)\d{2}", cell.strip()):
                return money
    return None


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


# ---------------------------------------------------------------- TAB tables


def _cells(line: Line) -> list[str]:
    return [c.strip() for c in line.text.split("\t")]


def _norm_row(cells: list[str]) -> str:
    return "\t".join(fold(c) for c in cells).strip()


def _looks_like_header(cells: list[str]) -> bool:
    first = fold(cells[0]).strip(" .")
    if first in NUMBER_HEADERS:
        return True
    filled = [c for c in cells if c]
    if ITEM_NUMBER.match(cells[0]) or len(filled) < 2:
        return False
    return all(not re.search(r"\d", c) for c in filled)


@dataclass
class _Row:
    cells: list[str]
    line: Line


@dataclass
class _Draft:
    header: list[str]
    header_line: Line | None
    rows: list[_Row]
    last_line: Line
    # the header's rows as printed (normalised): a page break repeats them all, a two-row one too
    header_rows: list[str] = field(default_factory=list)


def _is_page_furniture(line: Line) -> bool:
    """Lines a page break leaves between two parts of a table: page numbers, "Trang 3"."""
    return bool(re.fullmatch(r"(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?", line.text.strip(), re.I))


def _tab_drafts(text: Text) -> list[_Draft]:
    drafts: list[_Draft] = []
    current: _Draft | None = None
    gap_since_row = False          # a blank line or page furniture since the last row
    for line in text.lines:
        if not line.is_table_row:
            if line.is_blank or _is_page_furniture(line):
                gap_since_row = True
                continue
            if current:            # prose: the table is closed, but a repeated header may still resume it
                drafts.append(current)
                current = None
            gap_since_row = False
            continue
        cells = _cells(line)
        if current is None and drafts and _is_header_again(cells, drafts[-1]) \
                and _only_gap_between(text, drafts[-1].last_line, line):
            current = drafts.pop()     # the same table resumes after a page break
            current.last_line = line
            gap_since_row = True
            continue
        if current is None:
            if _looks_like_header(cells):
                current = _Draft(cells, line, [], line, [_norm_row(cells)])
            else:
                current = _Draft([], None, [_Row(cells, line)], line)
            gap_since_row = False
            continue
        if current.header and _is_header_again(cells, current):
            gap_since_row = True       # header repeated at a page break
            current.last_line = line
            continue
        if current.header and fold(cells[0]).strip(" .") in NUMBER_HEADERS:
            drafts.append(current)     # a different header: a new table
            current = _Draft(cells, line, [], line, [_norm_row(cells)])
            gap_since_row = False
            continue
        if current.header and not current.rows and _is_sub_header(cells):
            current.header = [s or h for h, s in zip(current.header, cells + [""] * len(current.header))]
            current.header_rows.append(_norm_row(cells))
            current.last_line = line
            continue
        _add_row(current, cells, line, gap_since_row)
        current.last_line = line
        gap_since_row = False
    if current:
        drafts.append(current)
    return drafts


def _is_header_again(cells: list[str], draft: _Draft) -> bool:
    """The row repeats the draft's header: as merged, or one of its printed rows."""
    row = _norm_row(cells)
    return row == _norm_row(draft.header) or row in draft.header_rows


def _only_gap_between(text: Text, last: Line, line: Line) -> bool:
    between = text.lines[last.number:line.number - 1]
    return all(l.is_blank or _is_page_furniture(l) for l in between)


def _is_sub_header(cells: list[str]) -> bool:
    """The second line of a two-level header: "| | | Kinh phí | Nguồn vốn |"."""
    filled = [c for c in cells if c]
    return (not cells[0] and len(filled) >= 2 and not any(re.search(r"\d", c) for c in filled)
            and all(len(c) <= 30 for c in filled) and not GROUP_LABEL.match(filled[0]))


def _is_document_entry(cells: list[str]) -> bool:
    """A document list's row with its own reference and date: a new entry, whatever its number cell."""
    return any(WHOLE_REFERENCE.match(c) for c in cells) and any(DATE_CELL.match(c) for c in cells)


def _add_row(draft: _Draft, cells: list[str], line: Line, after_break: bool) -> None:
    width = max(len(draft.header), len(cells))
    cells = cells + [""] * (width - len(cells))
    columns = Columns(0, 1, None, None, None, None, None)
    kind = row_kind(cells, columns)
    first_text = next((c for c in cells if c), "")
    continues = (draft.rows and not cells[0] and kind == "note" and not _is_document_entry(cells)
                 and (after_break or STARTS_LOWER_OR_DIGIT.match(first_text)))
    if continues:
        previous = draft.rows[-1]
        previous.cells += [""] * (width - len(previous.cells))
        previous.cells = [" ".join(p for p in (a, b) if p) for a, b in zip(previous.cells, cells)]
    else:
        draft.rows.append(_Row(cells, line))


# ---------------------------------------------------------------- caption and unit


def _caption(text: Text, first_line: int) -> tuple[str | None, str | None]:
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
        if APPENDIX_LINE.match(s):
            appendix = s
            break
        collected.append(s)
    if appendix:   # "PHỤ LỤC II — <caption>", without "(Ban hành kèm theo Báo cáo số …)"
        caption = re.sub(r"\s*\([^()]*\)", "", " ".join(reversed(collected))).strip()
        return (f"{appendix} — {caption}" if caption else appendix), unit
    if collected and len(collected[0]) <= 200:
        return collected[0].lstrip("-+•* ").rstrip(" :"), unit
    return None, unit


def _header_unit(header: list[str]) -> str | None:
    units = (HEADER_UNIT.search(h) for h in header)
    return next((m["unit"].strip() for m in units if m), None)


def _to_table(text: Text, draft: _Draft) -> Table:
    start = draft.header_line or draft.rows[0].line
    title, unit = _caption(text, start.number)
    unit = unit or _header_unit(draft.header)
    rows = [r.cells for r in draft.rows]
    table = Table(
        title=title,
        kind=table_kind(draft.header, unit, rows),
        header=draft.header,
        rows=rows,
        unit=unit,
        page=start.page,
        first_line=start.number,
        last_line=draft.last_line.number,
        row_lines=[r.line.number for r in draft.rows],
    )
    table.total_check = total_check(table)
    return table


def find_tables(text: Text) -> list[Table]:
    """Every table in the report, in reading order, rows continued across page breaks merged."""
    tables = [_to_table(text, d) for d in _tab_drafts(text) if d.rows]
    tables += flattened_tables(text, tables)
    return sorted(tables, key=lambda t: t.first_line)


# ---------------------------------------------------------------- flattened PDF tables

# Column names a flattened header is rebuilt from, as they read once its lines are re-joined.
# "Kinh phí và nguồn vốn" spans the "Kinh phí" and "Nguồn vốn" sub-columns printed after it.
HEADER_NAMES = re.compile(
    r"""(?P<span>Kinh\s+phí\s+và\s+nguồn\s+vốn)
      | (?P<name>
            S?TT
          | Nội\s+dung\s*/\s*Nhiệm\s+vụ\s*/\s*Dự\s+án | Nội\s+dung\s+nhiệm\s+vụ | Nội\s+dung
          | Đơn\s+vị\s+chủ\s+trì | Đơn\s+vị\s+thực\s+hiện | Diễn\s+giải
          | Kết\s+quả,?\s+tiến\s+độ\s+thực\s+hiện | Kết\s+quả\s+thực\s+hiện
          | Tổng\s+mức\s+đầu\s+tư | Kinh\s+phí | Nguồn\s+vốn | Ghi\s+chú | Thời\s+gian\s+thực\s+hiện
        )(?!\w)""",
    re.VERBOSE | re.IGNORECASE,
)
# A line of a flattened table, by what it holds.
FLAT_NUMBER = re.compile(r"^\d{1,2}$")                                       # "1": a row starts
FLAT_GROUP = re.compile(r"^(?P<number>[IVXLC]{1,6})\.?\s+(?P<label>\D.*)$")  # "I Nhóm phát triển chính quyền số"
# The label of a total or subtotal row read from flattened text: "Tổng cộng:", "Từ năm 2021-2022".
_TOTAL_LABEL = r"""(?P<label>(?:Tổng\s+cộng|Tổng\s+số|Tổng|Cộng)\s*:?
                 | (?:Từ\s+)?[Nn]ăm\s+(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?)"""
FLAT_TOTAL = re.compile(                                                       # "Từ năm 2021-2022 6.992,46"
    rf"""^{_TOTAL_LABEL}
        \s+(?P<amount>{MONEY_NUMBER})$""",
    re.VERBOSE | re.IGNORECASE,
)
FLAT_NUMBERS = re.compile(                                                     # "2022 480", "2021", "6.100"
    rf"^(?:(?P<year>(?:19|20)\d{{2}})(?:\s+(?P<amount_after_year>{MONEY_NUMBER}))?|(?P<amount>{MONEY_NUMBER}))$"
)
# The opening word of a lead-unit cell ("Văn phòng HĐND", "Phòng Văn hóa", "UBND các xã", "Các phòng, ban").
LEAD_UNIT_START = re.compile(
    r"^(?:Văn\s+phòng|Phòng|UBND|Ủy\s+ban|Sở|Ban\s|Các\s+(?:phòng|cơ\s+quan|đơn\s+vị|sở|ban)|Công\s+an|Trung\s+tâm|Chi\s+cục|Bưu\s+điện)"
)
DESCRIPTION_WIDTH = 26   # lines of the wide "Diễn giải" column run longer than the narrow item and unit columns


@dataclass
class _FlatRow:
    number: str
    line: Line
    before: list[str]          # text lines before the first number (item, lead unit, description)
    after: list[str]           # text lines after the amount (source of funds / note)
    year: str = ""
    amount: str = ""
    label: str = ""            # group or total label


def _header_names(joined: str) -> list[str]:
    names: list[str] = []
    span_at = None
    for m in HEADER_NAMES.finditer(joined):
        if m["span"]:
            span_at = len(names)
            continue
        name = re.sub(r"\s+", " ", m["name"]).replace(" /", "/").replace("/ ", "/")
        if span_at is not None and fold(name) in ("kinh phi", "nguon von"):
            names.insert(span_at, name)
            span_at += 1
        else:
            names.append(name)
    return names


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
    return _header_names(" ".join(parts)), count


def _starts_flat_header(s: str) -> bool:
    return fold(s.split(" ")[0]) in ("tt", "stt")


def flattened_tables(text: Text, tab_tables: list[Table]) -> list[Table]:
    """Appendix tables that PDF text extraction flattened to one fragment per line (see module docstring)."""
    taken = [(t.first_line, t.last_line) for t in tab_tables]
    tables = []
    lines = text.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.is_table_row and UNIT_LINE.search(line.text) and len(line.text) < 60:
            j = next((k for k in range(i + 1, min(i + 4, len(lines))) if not lines[k].is_blank), None)
            if j is not None and not lines[j].is_table_row and _starts_flat_header(lines[j].text.strip()) \
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
        if line.is_table_row or APPENDIX_LINE.match(s):
            i -= 1
            break
        if skip:
            skip -= 1
            last = line
            continue
        if _starts_flat_header(s) and _flat_header(lines, i - 1)[0] == header:
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


def _split_before(before: list[str], header: list[str]) -> dict[str, str]:
    """Item, lead unit and description from the text lines before a row's numbers."""
    has_lead = _find_column(header, LEAD_HEADERS) is not None
    has_description = any(fold(h) == "dien giai" for h in header)
    lead_at = next((k for k in range(1, len(before)) if has_lead and LEAD_UNIT_START.match(before[k])), None)
    search_from = (lead_at or 0) + 1
    description_at = next((k for k in range(search_from, len(before))
                           if has_description and len(before[k]) >= DESCRIPTION_WIDTH), None)
    item_end = lead_at if lead_at is not None else (description_at if description_at is not None else len(before))
    lead_end = description_at if description_at is not None else len(before)
    return {
        "item": " ".join(before[:item_end]),
        "lead": " ".join(before[lead_at:lead_end]) if lead_at is not None else "",
        "description": " ".join(before[description_at:]) if description_at is not None else "",
    }


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
        parts = _split_before(flat.before, header)
        cells[columns.number] = flat.number
        cells[columns.item] = parts["item"]
        for column, value in ((columns.lead, parts["lead"]), (description, parts["description"]),
                              (columns.money, flat.amount), (columns.timing, flat.year),
                              (columns.source if columns.source is not None else columns.note, " ".join(flat.after))):
            if column is not None and value:
                cells[column] = value
        rows.append(cells)
    title, unit = _caption(text, first.number)
    unit = unit or _header_unit(header)
    table = Table(
        title=title,
        kind=table_kind(header, unit, rows),
        header=header,
        rows=rows,
        unit=unit,
        page=first.page,
        first_line=first.number,
        last_line=last.number,
        row_lines=[f.line.number for f in flat_rows],
    )
    table.total_check = total_check(table)
    return table


def _amount_rows(table: Table | None) -> int:
    if table is None:
        return 0
    columns = Columns.of(table)
    return sum(1 for row in table.rows if row_kind(row, columns) == "item" and row_amount(table, row, columns))


def _best_reading(text: Text, start: int) -> tuple[Table | None, int]:
    """One cell fragment per line (PDF text, seed 001) or cells run together on shared lines
    (pdfplumber / DOCX renderings of the same PDF): read both ways, keep the one that finds more amounts."""
    by_line, end = _read_flat_table(text, start)
    loose, loose_end = _read_loose_table(text, start)
    if _amount_rows(loose) > _amount_rows(by_line):
        return loose, loose_end
    return by_line, end


# ---------------------------------------------------------------- cells run together on shared lines
#
# Another rendering of the same appendix puts several cells on one line and the next row's
# number at the end of the previous row's last line:
#     Phòng họp không giấy 2022 480 (Nguồn vốn ngân sách thị xã) 4
#     Chi thường xuyên, ngân sách thị xã 2024 2
# Rows are found from their amounts instead: an amount is the number right after the row's
# year (when the year column comes before the money column) or right before the source of
# funds ("120" / "Chi thường xuyên, …", "100 ngân sách thị xã 2024").

# Words a header is made of (folded), to recognise its lines wherever the PDF broke them.
HEADER_WORDS = set(
    "tt stt noi dung nhiem vu du an don vi chu tri thuc hien dien giai ket qua tien do tong muc dau tu "
    "kinh phi nguon von ghi thoi gian va".split()
)
TRAILING_ROW_NUMBER = re.compile(r"\s+\d{1,2}$")
# The opening words of a source-of-funds cell: "(Nguồn vốn …", "Ngân sách tỉnh", "Chi thường xuyên", "(Chưa tính …".
# OCR reads "Chi" as "Chỉ".
SOURCE_START = r"\(?\s*(?:Nguồn|Ngôn\s+vốn|Ngân\s+sách|Ch[iỉ]\s+thường\s+xuyên|Vốn|Chưa\s+tính|Xã\s+hội\s+hóa)"
LOOSE_YEAR = r"(?<![\w.,/])(?:19|20)\d{2}(?![\w.,/])"
AMOUNT_AFTER_YEAR = re.compile(   # "2022 480"; in "năm 2023 2023 550" the pair is "2023 550"
    rf"(?P<year>{LOOSE_YEAR})\s+(?P<amount>{MONEY_NUMBER})(?![\w.,/])(?![ \t]+\d)")
AMOUNT_BEFORE_SOURCE = re.compile(rf"(?<![\w.,/])(?P<amount>{MONEY_NUMBER})\s+(?={SOURCE_START})", re.IGNORECASE)
YEAR_TOKEN = re.compile(rf"(?<!năm )(?P<year>{LOOSE_YEAR})", re.IGNORECASE)
LOOSE_TOTAL = re.compile(
    rf"""^{_TOTAL_LABEL}
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
        if not parts and not _starts_flat_header(s):
            break
        parts.append(TRAILING_ROW_NUMBER.sub("", s) if parts else s)
        i += 1
    return parts, i


def _read_loose_table(text: Text, start: int) -> tuple[Table | None, int]:
    lines = text.lines
    header_parts, i = _header_block(lines, start)
    header = _header_names(" ".join(header_parts))
    if len(header) < 3:
        return None, start + 1
    data: list[Line] = []
    while i < len(lines):
        line = lines[i]
        s = line.text.strip()
        if line.is_blank:
            i += 1
            continue
        if line.is_table_row or APPENDIX_LINE.match(s) or (UNIT_LINE.search(s) and len(s) < 60):
            break
        if _starts_flat_header(s) and _is_header_line(s):
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
    title, unit = _caption(text, lines[start].number)
    table = Table(title=title, kind=table_kind(header, unit, rows), header=header, rows=rows,
                  unit=unit or _header_unit(header), page=lines[start].page,
                  first_line=lines[start].number, last_line=data[-1].number, row_lines=row_lines)
    table.total_check = total_check(table)
    return table, i


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
        trailing = re.match(r"(?:\s*(?:19|20)\d{2})?(?:\s+\d{1,2})?(?=\s*(?:\n|$))", rest)
        tail = m.end() + source_end + (trailing.end() if trailing else 0)
        before_text = stream[row_begin:m.start("year") if year_first else m.start()]
        before = [p.strip() for p in before_text.split("\n") if p.strip()]
        parts = _split_before(before, header)
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
