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
number at the end); there rows are found from their amounts: the number after
the row's year, or the number before the source of funds. Both readings are
tried and the one that finds more amounts wins. Amounts and years are
reliable; the text cells are approximate.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from extractors.lang.money import MONEY_NUMBER
from extractors.models import Table
from extractors.tables.columns import (
    GROUP_LABEL,
    ITEM_NUMBER,
    LEAD_HEADERS,
    UNIT_LINE,
    Columns,
    caption_above,
    find_column,
    header_unit,
    row_amount,
    row_kind,
    table_kind,
    total_check,
)
from extractors.text import APPENDIX_CAPTION_LINE, Line, Text, fold

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
        if not line.is_table_row and len(line.text) < 60 and UNIT_LINE.search(line.text):
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
        if line.is_table_row or APPENDIX_CAPTION_LINE.match(s):
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
    has_lead = find_column(header, LEAD_HEADERS) is not None
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
    title, unit = caption_above(text, first.number)
    unit = unit or header_unit(header)
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
        if line.is_table_row or APPENDIX_CAPTION_LINE.match(s) or (len(s) < 60 and UNIT_LINE.search(s)):
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
    title, unit = caption_above(text, lines[start].number)
    table = Table(title=title, kind=table_kind(header, unit, rows), header=header, rows=rows,
                  unit=unit or header_unit(header), page=lines[start].page,
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
