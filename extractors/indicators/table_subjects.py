"""A table row's subject: the row's label and the value's column name, and the percentages a column
or a unit cell marks without their sign.

    "Thu ngân sách | 1.234,5 | 61,7%" under "Nội dung | Thực hiện | So với dự toán (%)"
                                                      -> "Thu ngân sách - So với dự toán"
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.dates import YEAR_PATTERN
from extractors.indicators.subjects import MEASURE_START, fold_lower, subject_of
from extractors.indicators.values import SHARE_WORD, WORD, Found
from extractors.lang.periods import ANY_YEAR, PERIOD, YEAR, find_periods, in_lower_case
from extractors.numbers import DIGIT, parse_number
from extractors.sentences import clause_bounds
from extractors.tables.columns import TOTAL_ROW_LABEL

def row_subject(text: str, item: Found, column_names: list[str]) -> str | None:
    """In a table row, the row's label (its longest cell with words) and the value's column name.

    "Thu ngân sách | 1.234,5 | 61,7%" under "Nội dung | Thực hiện | So với dự toán (%)" ->
    "Thu ngân sách - So với dự toán"; a column named by a measure ("Tỷ lệ giải ngân (%)") goes first,
    a column named by a time ("Năm 2023") or a bare "%"/"Tỷ lệ" adds nothing.
    """
    cell_start = text.rfind("\t", 0, item.start) + 1
    cell_end = text.find("\t", item.end) % (len(text) + 1)    # (the row's end when no tab follows)
    if len(WORD.findall(text, cell_start, cell_end)) >= _PROSE_CELL_WORDS:
        # a sentence in the value's own cell ("… đảm bảo 100% văn bản được xử lý …"): read it as prose
        clause_start, clause_end = clause_bounds(text, item.start, item.end)
        subject, _ = subject_of(text, item, max(cell_start, clause_start), min(cell_end, clause_end), False)
        if subject:
            return subject
    cells = text.split("\t")
    labels = [c.strip() for c in cells if item.value_text not in c and WORD.search(c)]
    label = _UNIT_IN_BRACKETS.sub("", max(labels, key=len)) if labels else None   # "Tỷ lệ hộ nghèo (%)"
    column = next((i for i, c in enumerate(cells) if item.value_text in c), None)
    name = _column_name(column_names[column]) if column is not None and column < len(column_names) else None
    if label and TOTAL_ROW_LABEL.match(label):
        return f"{label} - {name}" if name else label    # "Cộng": the column's total, not a measure of its own
    if not label or not name or fold_lower(name) in fold_lower(label):
        return label or name
    if MEASURE_START.match(name) and not MEASURE_START.match(label):
        return f"{name} {label}"        # "Tỷ lệ giải ngân (%)" of "Xã Phổ An"
    return f"{label} - {name}"


# A cell with this many words besides its value is a sentence, not a figure.
_PROSE_CELL_WORDS = 4
_UNIT_IN_BRACKETS = re.compile(rf"\s*\((?:%|{SHARE_WORD}|đơn\s+vị[^)]*)\)\s*$", re.IGNORECASE)
_UNINFORMATIVE_COLUMN = re.compile(rf"^(?:%|{SHARE_WORD}|số\s+liệu|giá\s+trị|kết\s+quả|ghi\s+chú|stt|tt)?$",
                                   re.IGNORECASE)


# A cell that holds a figure, not a name: "85,5%", "1.234", "12" (a year such as "2023" names a column).
_FIGURE_CELL = re.compile(rf"^\s*(?!{YEAR_PATTERN}\s*$)[\d.,%\s]*\d[\d.,%\s]*$")


def header_cells(row: str) -> list[str]:
    """The cells of a table's first row when it is a header (no figures in it), else []."""
    cells = row.split("\t")
    return [] if any(_FIGURE_CELL.match(c) for c in cells[1:]) else cells


# A header cell naming a column of percentages: "Tỷ lệ so với kế hoạch (%)", "%", "Tỷ lệ (%)".
_PERCENT_COLUMN = re.compile(r"(?:^|\()\s*%\s*\)?\s*$")


@lru_cache(maxsize=64)   # a table's header row, read for each of its rows
def _percent_columns(column_names: tuple[str, ...]) -> bool:
    return any(_PERCENT_COLUMN.search(name) for name in column_names)


def percent_cells(text: str, column_names: list[str], read: list[Found]) -> list[Found]:
    """The bare numbers of a table row in a column of percentages ("52,0" under "Tỷ lệ (%)"), or in a row
    of them ("Tỷ lệ hộ nghèo (%) | 3,85 | 2,96", "Tỷ lệ hộ nghèo | % | 2,1 | 1,6" after its unit), not read yet."""
    has_sign = "%" in text               # (a row of percentages, or its unit cell, writes the sign)
    if not has_sign and not _percent_columns(tuple(column_names)):
        return []
    cells = text.split("\t")
    row_of_percentages = has_sign and any(_PERCENT_COLUMN.search(c) and WORD.search(c) for c in cells)
    unit_cell = next((i for i, c in enumerate(cells) if c.strip() == "%"), None) if has_sign else None   # "ĐVT": "%"
    found, start = [], 0
    for column, cell in enumerate(cells):
        number = cell.strip()
        if (row_of_percentages or unit_cell is not None and column > unit_cell
                or column < len(column_names) and _PERCENT_COLUMN.search(column_names[column])) \
                and _FIGURE_CELL.match(number) and "%" not in number:
            offset = start + cell.index(number)
            try:
                value = parse_number(number)
            except ValueError:
                continue
            if not any(f.start <= offset < f.end for f in read):
                found.append(Found(offset, offset + len(number), value, number, "%", unit_end=offset + len(number)))
        start += len(cell) + 1
    return found


def column_of(text: str, item: Found, column_names: list[str]) -> str | None:
    """The header cell above a table value, if the table has one for its column."""
    column = text.count("\t", 0, item.start)
    return column_names[column] if column < len(column_names) else None


def period_of_column(text: str, item: Found, column_names: list[str]) -> tuple[str, int | None] | None:
    """The time a table value's column names: "Năm 2025" -> ("năm 2025", 2025), "2024" -> ("2024", 2024),
    "Kế hoạch năm 2025" -> ("năm 2025", 2025) (not the year compared with: "So với năm 2023 (%)")."""
    column = column_of(text, item, column_names)
    return None if column is None else _column_period(column)


@lru_cache(maxsize=256)   # a table's few header cells, read for each of its values
def _column_period(column: str) -> tuple[str, int | None] | None:
    name = " ".join(_UNIT_IN_BRACKETS.sub("", column).split())
    if YEAR.fullmatch(name):
        return name, int(name)
    if not PERIOD.fullmatch(name):
        found = find_periods(name) if DIGIT.search(name) else []
        if not found:
            return None
        name = found[0].group()
    years = {int(y) for y in ANY_YEAR.findall(name)}
    return in_lower_case(name), (years.pop() if len(years) == 1 else None)


def _column_name(cell: str) -> str | None:
    """A header cell as part of a subject: without "(%)"; None for a time, a bare "%" or "Tỷ lệ"."""
    name = " ".join(_UNIT_IN_BRACKETS.sub("", cell).split())
    if _UNINFORMATIVE_COLUMN.match(name) or PERIOD.fullmatch(name) or YEAR.fullmatch(name):
        return None
    return name
