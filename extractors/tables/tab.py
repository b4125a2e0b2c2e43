"""TAB tables: every loader renders a table row as one line with TAB-separated cells.

- A table block is a run of TAB lines; blank lines may sit in between (page
  breaks). A block that starts with the previous table's header, after only
  blank lines or page furniture, continues that table.
- The first row is the header when it reads like one ("TT | Nội dung | Kinh
  phí | Ghi chú"); a header row repeated inside the table (page break) is
  dropped, and a following row whose number cell (TT/STT) is empty continues
  the row before it, cell by cell (seed 000 Phụ lục I rows 8 and 16). Group
  rows ("Năm 2014", "I | Nhóm phát triển chính quyền số") and total rows
  ("Tổng cộng: | 15.030") are rows of their own, never continuations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.lang.reference_pattern import WHOLE_REFERENCE
from extractors.models import Table
from extractors.tables.columns import (
    DATE_CELL,
    GROUP_LABEL,
    ITEM_NUMBER,
    NUMBER_HEADERS,
    Columns,
    make_table,
    row_kind,
)
from extractors.text import STARTS_LOWER_OR_DIGIT, Line, Text, fold

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


# A line a page break leaves between two parts of a table: "3", "- 3 -", "Trang 3", "3/12".
PAGE_FURNITURE = re.compile(r"(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?", re.IGNORECASE)


def _is_page_furniture(line: Line) -> bool:
    """Lines a page break leaves between two parts of a table: page numbers, "Trang 3"."""
    return bool(PAGE_FURNITURE.fullmatch(line.text.strip()))


def tab_drafts(text: Text) -> list[_Draft]:
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


def to_table(text: Text, draft: _Draft) -> Table:
    return make_table(text, draft.header, [r.cells for r in draft.rows], draft.header_line or draft.rows[0].line,
                      draft.last_line.number, [r.line.number for r in draft.rows])
