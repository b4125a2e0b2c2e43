"""Task tables: "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm".

Two renderings are read:

- TAB tables (extractors/tables.py gives them, rows split across pages already joined). A row
  whose unit cell is empty, or that has fewer cells than the header, takes the missing cells
  from the row above: a merged (rowspan) cell of the original. Group rows ("I | Nhóm nhiệm
  vụ …", no units) are not tasks.
- Tables flattened into one cell per line (crawled web pages, some PDF text): a run of header
  lines ("STT" / "Nhiệm vụ" / "Cơ quan chủ trì" …), then rows that start with a number line.
  A cell that cannot belong to its column (no body in a unit column, no time in a time column)
  is an empty cell there, so a missing cell does not shift the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Assignment, Table
from .roles import Roles, roles_in_value
from .sections import SectionIndex
from .tables import find_tables
from .tables.columns import GROUP_NUMBER, ITEM_NUMBER, TOTAL_LABEL
from .task_text import first_sentence
from .text import APPENDIX_CAPTION, RECIPIENTS_HEADING, Line, Text, fold, plain
from .timeframes import looks_like_timeframe, read_timeframe
from .units import starts_unit

# Header words (folded) of each column, earlier keys first; "phối hợp" is never a lead column.
# Time before lead: "Thời gian thực hiện" is a time column, "Cơ quan thực hiện" a lead one.
COLUMN_WORDS = {
    "coordinating": ("phoi hop",),
    "time": ("thoi gian", "thoi han", "tien do", "moc thoi gian", "hoan thanh", "nam thuc hien", "lo trinh"),
    "lead": ("chu tri", "co quan thuc hien", "don vi thuc hien", "trach nhiem", "co quan tham muu",
             "don vi dau moi", "to chuc thuc hien", "bo phan thuc hien"),
    "product": ("san pham", "ket qua du kien", "ket qua dau ra", "hinh thuc"),
    "funding": ("kinh phi", "nguon"),
    "task": ("nhiem vu", "noi dung", "cong viec", "hoat dong", "giai phap", "ten de an"),
    "number": ("stt", "tt", "so tt"),
}


def _column_of(cell: str) -> str | None:
    folded = " ".join(fold(plain(cell)).replace("/", " / ").split()).strip(" .:")
    if folded in COLUMN_WORDS["number"]:
        return "number"
    for column, words in COLUMN_WORDS.items():
        if column != "number" and any(w in folded for w in words):
            return column
    return None


@dataclass(frozen=True)
class TaskColumns:
    index: dict[str, int]     # column kind -> index of its cell

    @classmethod
    def of(cls, header: list[str]) -> "TaskColumns | None":
        index: dict[str, int] = {}
        for i, cell in enumerate(header):
            column = _column_of(cell)
            if column and column not in index:
                index[column] = i
        if "task" not in index or not ({"lead", "coordinating"} & index.keys()):
            return None
        return cls(index)

    @classmethod
    def from_cells(cls, table: Table) -> "TaskColumns | None":
        """Columns read from what the rows hold, for a table whose header is missing or unreadable (an
        OCR'd header): the number column first, the columns naming bodies lead then coordinating, a
        column of times, the longest other text the task. Only with a time column or two of bodies,
        so a list of documents and their issuers is no task table."""
        rows = [row for row in table.rows if row and ITEM_NUMBER.match(row[0].strip())]
        if len(rows) < 2 or table.kind == "document_list":
            return None
        width = max(len(row) for row in rows)
        index: dict[str, int] = {"number": 0}
        units, times, lengths = [], [], {}
        for i in range(1, width):
            cells = [row[i].strip() for row in rows if i < len(row) and row[i].strip()]
            if len(cells) * 2 < len(rows):
                continue
            if sum(starts_unit(c) for c in cells) >= 0.7 * len(cells):
                units.append(i)
            elif sum(looks_like_timeframe(c) for c in cells) >= 0.7 * len(cells):
                times.append(i)
            else:
                lengths[i] = sum(map(len, cells)) / len(cells)
        if not units or not lengths or not (times or len(units) >= 2):
            return None
        index["task"] = max(lengths, key=lengths.get)
        index.update(zip(("lead", "coordinating"), units))
        if times:
            index["time"] = times[0]
        return cls(index)

    def cell(self, row: list[str], column: str) -> str:
        i = self.index.get(column)
        return " ".join(row[i].split()) if i is not None and i < len(row) else ""


def _is_group_row(row: list[str], columns: TaskColumns) -> bool:
    number = columns.cell(row, "number")
    return bool(number) and bool(GROUP_NUMBER.match(number)) and not ITEM_NUMBER.match(number)


def _row_assignment(cells: dict[str, str], line: int, text: Text, sections: SectionIndex,
                    context: str) -> Assignment | None:
    task = re.sub(r"^\d{1,2}(?:\.\d{1,2})*[.)]\s+", "", cells["task"])
    if not task or TOTAL_LABEL.match(task):
        return None
    roles = roles_in_value(cells["lead"], "lead") if cells["lead"] else Roles()
    if cells["coordinating"]:
        roles.add(roles_in_value(cells["coordinating"], "coordinating"))
    # a cell that names no body ("2022", "Quý II/2022") is not a unit
    roles.lead = [u for u in roles.lead if starts_unit(u)]
    roles.coordinating = [u for u in roles.coordinating if starts_unit(u)]
    timeframe = read_timeframe(cells["time"])
    source_line = text.line(line)
    return Assignment(
        task=first_sentence(plain(task)), lead_units=roles.lead, coordinating_units=roles.coordinating,
        timeframe=timeframe.text if timeframe else None,
        deadline_year=timeframe.deadline_year if timeframe else None,
        timeframe_kind=timeframe.kind if timeframe else None,
        product=cells["product"] or None, form="table", line=line, page=source_line.page,
        context=context[:1000], section=sections.path_at(line), source="table",
    )


_CARRIED = ("lead", "coordinating", "time", "product")


def _inherit(cells: dict[str, str], above: dict[str, str] | None, short_row: bool) -> None:
    """A merged (rowspan) cell gives its value to the rows below it."""
    if above is None or not (short_row or not cells["lead"]):
        return
    for column in _CARRIED:
        if not cells[column]:
            cells[column] = above[column]


def _tab_table_assignments(table: Table, columns: TaskColumns, text: Text, sections: SectionIndex,
                           rows_text: Text | None = None) -> list[Assignment]:
    """`rows_text`: the text the table was read from, when not `text` itself (pipe rows as TABs)."""
    found: list[Assignment] = []
    above: dict[str, str] | None = None
    for row, line in zip(table.rows, table.row_lines):
        if _is_group_row(row, columns):
            above = None
            continue
        cells = {c: columns.cell(row, c) for c in ("task",) + _CARRIED}
        if not cells["task"]:
            continue
        width = len(table.header) or max(columns.index.values()) + 1
        _inherit(cells, above, short_row=len((rows_text or text).line(line).text.split("\t")) < width)
        above = cells
        task_line = line
        assignment = _row_assignment(cells, task_line, text, sections, " | ".join(c for c in row if c))
        if assignment:
            found.append(assignment)
    return found


# ---------------------------------------------------------------- flattened tables

_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")
_GROUP_LINE = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\.?$")


def _fits(column: str, cell: str) -> bool:
    if column in ("lead", "coordinating"):
        return starts_unit(cell)
    if column == "time":
        return looks_like_timeframe(cell)
    return True


# A line that closes a flattened table: the next section, an appendix, the recipients, a capitals title.
_TABLE_END = re.compile(rf"^(?:[IVX]{{1,5}}\.\s|{APPENDIX_CAPTION.pattern}|{RECIPIENTS_HEADING})|^[^a-zà-ỹđ]{{12,}}$", re.VERBOSE)


def _map_cells(raw: list[str], columns: list[str], task_lines: int) -> tuple[dict[str, str], int]:
    """Cells of one flattened row, the task cell spread over `task_lines` lines; a line that cannot
    belong to a column (no body under "Cơ quan chủ trì") leaves that column empty. Also how many
    lines were taken."""
    cells = dict.fromkeys(("task",) + _CARRIED, "")
    k = 0
    for column in columns:
        if k >= len(raw):
            break
        if column == "task":
            cells["task"] = " ".join(raw[k:k + task_lines])
            k += task_lines
        elif _fits(column, raw[k]):
            if column in cells:
                cells[column] = raw[k]
            k += 1
    return cells, k


# A row's number with its task on the same line: "1. Xây dựng cơ sở dữ liệu …".
_NUMBERED_CELL = re.compile(r"^(?P<number>\d{1,3})\.?\s+(?P<cell>\S.*)$")


def _row_start(line: str, expected: int) -> tuple[int, str | None] | None:
    """(the row's number, its first cell when on the same line) when a line starts a row: a bare
    number, or the next number in sequence followed by the task."""
    if _ROW_NUMBER.match(line):
        return int(line.rstrip(".")), None
    m = _NUMBERED_CELL.match(line)
    if m and int(m["number"]) in (expected, 1):
        return int(m["number"]), m["cell"]
    return None


def _flat_rows(lines: list[str], order: list[str]) -> list[tuple[int, dict[str, str], list[str]]]:
    """(index of the row's first cell line, cells, raw cells) of each numbered row.

    A row's lines run to the next row number; the task cell takes as many lines as make the
    other cells fall into their columns exactly (a cell of several paragraphs); a row whose lines
    do not fit ends the table after the cells that do.
    """
    rows = []
    columns = [c for c in order if c != "number"]
    expected = 1
    i = 0
    while i < len(lines):
        begun = _row_start(lines[i], expected)
        if begun is None:
            if _GROUP_LINE.match(lines[i]):      # a group row: "II" and its title
                i += 2 if i + 1 < len(lines) and _row_start(lines[i + 1], expected) is None else 1
                continue
            break
        number, first_cell = begun
        expected = number + 1
        start = i + 1 if first_cell is None else i
        j = i + 1
        while j < len(lines) and _row_start(lines[j], expected) is None and not _GROUP_LINE.match(lines[j]) \
                and not _TABLE_END.match(lines[j]):
            j += 1
        raw = ([first_cell] if first_cell is not None else []) + lines[i + 1:j]
        fitted = next(((cells, k) for extra in range(1, len(raw) + 1)
                       for cells, k in [_map_cells(raw, columns, extra)]
                       if k == len(raw) and (cells["lead"] or cells["coordinating"])), None)
        if fitted is None:
            cells, k = _map_cells(raw, columns, 1)
            rows.append((start, cells, raw[:k]))
            break            # lines no column takes: the table has ended
        rows.append((start, fitted[0], raw))
        i = j
    return rows


# A line holding only a task column's name: without one there is no flattened task table.
FLAT_TASK_HEADER = re.compile(
    r"^[*_\s]*(?:nhiệm\s+vụ|nội\s+dung(?:\s+(?:công\s+việc|nhiệm\s+vụ))?|tên\s+nhiệm\s+vụ|công\s+việc"
    r"|hoạt\s+động|nhiệm\s+vụ,?\s+giải\s+pháp)[*_\s]*$", re.IGNORECASE | re.MULTILINE)


def _flat_table_assignments(text: Text, sections: SectionIndex) -> list[Assignment]:
    found: list[Assignment] = []
    if not FLAT_TASK_HEADER.search(text.full):
        return found
    lines = [(l.number, plain(l.text)) for l in text.lines if not l.is_blank and not l.is_table_row]
    i = 0
    while i < len(lines):
        order: list[str] = []
        j = i
        while j < len(lines) and len(lines[j][1]) <= 60:
            column = _column_of(lines[j][1])
            if not column or column in order:
                break
            order.append(column)
            j += 1
        if len(order) < 3 or "task" not in order or not ({"lead", "coordinating"} & set(order)):
            i = max(j, i + 1)
            continue
        rest = lines[j:]
        rows = _flat_rows([s for _, s in rest], order)
        above = None
        for start, cells, raw in rows:
            _inherit(cells, above, short_row=False)
            above = cells
            assignment = _row_assignment(cells, rest[start][0], text, sections, " | ".join(raw))
            if assignment:
                found.append(assignment)
        i = j + 1
    return found


# A table row written with pipes, as crawled pages and Markdown give them: "| 1 | Xây dựng … | Sở Y tế |".
PIPE_ROW = re.compile(r"^\s*\|?(?:[^|\n]*\|){2,}[^|\n]*\|?\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")   # "|---|---|"


def _with_pipes_as_tabs(text: Text) -> Text:
    """The text with its pipe rows written with TABs (and only those: other tables are read already),
    for the TAB table parser."""
    lines = []
    for line in text.lines:
        if PIPE_RULE.match(line.text):
            lines.append(Line(line.number, "", line.page))
        elif PIPE_ROW.match(line.text):
            cells = line.text.strip().strip("|").split("|")
            lines.append(Line(line.number, "\t".join(c.strip() for c in cells), line.page))
        else:
            lines.append(Line(line.number, "" if line.is_table_row else line.text, line.page))
    return Text(lines)


def find_table_assignments(text: Text, tables: list[Table], sections: SectionIndex) -> list[Assignment]:
    found = _tab_tables_assignments(tables, text, sections)
    if "|" in text.full:
        piped = _with_pipes_as_tabs(text)
        found += _tab_tables_assignments(find_tables(piped), text, sections, piped)
    return found + _flat_table_assignments(text, sections)


def _tab_tables_assignments(tables: list[Table], text: Text, sections: SectionIndex,
                            rows_text: Text | None = None) -> list[Assignment]:
    """Task tables by their header; a table without a header of its own (a page of a long table the
    parser could not join, an unreadable header) takes the columns of the task table before it when
    it is as wide, else the columns its cells show."""
    found: list[Assignment] = []
    previous: tuple[TaskColumns, int] | None = None
    for table in tables:
        columns = TaskColumns.of(table.header)
        width = max((len(row) for row in table.rows), default=0)
        if columns is None and previous and previous[1] == width and not _names_columns(table.header):
            columns = previous[0]
        if columns is None and not _names_columns(table.header):
            columns = TaskColumns.from_cells(table)
        if columns is None:
            continue
        previous = (columns, width)
        found += _tab_table_assignments(table, columns, text, sections, rows_text)
    return found


def _names_columns(header: list[str]) -> bool:
    """A header of known column names (another kind of table), not a missing or garbled one."""
    return sum(_column_of(cell) is not None for cell in header) >= 2
