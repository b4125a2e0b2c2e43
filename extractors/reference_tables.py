"""Document mentions in appendix tables that list documents ("Số ký hiệu", "Ngày ban hành", "Cơ quan
ban hành", "Trích yếu"): one mention per row, and a reference inside a Trích yếu cell is a mention
of its own. extractors.references does not read these rows again as prose.
"""
from __future__ import annotations

import regex as re

from .issuers import normalize_issuer
from .lang.reference_pattern import REFERENCE_NUMBER
from .models import Citation, Table
from .reference_completion import DATE_AFTER, doc_type_of, prose_citations, read_date
from .reference_tokens import FULL_MENTION, Token, symbol_parts
from .text import Line, Text, fold

# ------------------------------------------------------------------ tables of documents

_COLUMN_KEYS = {
    "number": ("so ky hieu", "so, ky hieu", "so hieu", "so van ban", "ky hieu"),
    "date": ("ngay ban hanh", "ngay, thang", "ngay thang", "ngay ky", "ngay"),
    "issuer": ("co quan ban hanh", "don vi ban hanh", "noi ban hanh", "co quan"),
    "subject": ("trich yeu", "noi dung", "ten van ban"),
    "kind": ("loai van ban", "hinh thuc van ban", "the loai"),
}


def document_columns(header: list[str]) -> dict[str, int] | None:
    """Column of each field in a table that lists documents, or None when the table is not such a list."""
    folded = [" ".join(fold(h).split()) for h in header]
    columns: dict[str, int] = {}
    for field, keys in _COLUMN_KEYS.items():
        for key in keys:
            i = next((i for i, h in enumerate(folded) if key in h and i not in columns.values()), None)
            if i is not None:
                columns[field] = i
                break
    if "number" not in columns:
        return None
    columns.setdefault("date", columns["number"])   # "Số, ký hiệu, ngày tháng văn bản" in one column
    return columns


# Scanning debris at the edges of an OCR'd cell: "UBND huyện Đức Phổ |_", "[ 158-KH/TU", "| 28/4/2016".
_CELL_DEBRIS = " \t|_[]{}—–-†~•*"


def _cell(row: list[str], columns: dict[str, int], field: str) -> str:
    i = columns.get(field)
    return row[i].strip(_CELL_DEBRIS) if i is not None and i < len(row) else ""


# One or two letters OCR glued in front of a number: "Ï2339/KH-UBND".
_GLUED_LETTERS = re.compile(r"^\D{1,2}(?=\d)")


def _numbers_in_cell(cell: str) -> list[re.Match]:
    """The numbers and symbols in a "Số ký hiệu" cell: usually one, several when rows ran together
    (a PDF or OCR row merged with the next); a letter glued on by OCR ("Ï2339/KH-UBND") is skipped."""
    found = list(FULL_MENTION.finditer(cell)) or list(REFERENCE_NUMBER.finditer(cell))
    if not found:
        glued = REFERENCE_NUMBER.match(_GLUED_LETTERS.sub("", cell))
        found = [glued] if glued else []
    return found


def _place_in_line(citation: Citation, cell: str, line: Line | None, text: Text) -> None:
    """citation.start and end, offsets in `cell`, made offsets in reports.text through the row's line that
    holds the cell; None when the line does not hold it as written (a row continued on the next line)."""
    at = line.text.find(cell) if line is not None and cell else -1
    if at < 0:
        citation.start = citation.end = None
    else:
        offset = text.line_start(line.number) + at
        citation.start, citation.end = citation.start + offset, citation.end + offset


def table_citations(text: Text, table: Table, columns: dict[str, int]) -> list[tuple[tuple[int, int], Citation, Token]]:
    """One mention per row of a table that lists documents."""
    out = []
    for r, row in enumerate(table.rows):
        if [c.strip() for c in row] == [h.strip() for h in table.header]:
            continue
        number_cell = _cell(row, columns, "number")
        numbers = _numbers_in_cell(number_cell)
        if not numbers:
            continue
        line_no = table.row_lines[r] if r < len(table.row_lines) else table.first_line
        line = text.line(line_no) if 0 < line_no <= len(text.lines) else None
        date_cell = _cell(row, columns, "date")
        shared_cell = columns["date"] == columns["number"]
        dates = [] if shared_cell else [d for d in DATE_AFTER.finditer(date_cell)]
        issuer = _cell(row, columns, "issuer") or None
        subject = _cell(row, columns, "subject") or None
        page = line.page if line else None
        for i, m in enumerate(numbers):
            symbol, code, year, party = symbol_parts(m)
            word = m.groupdict().get("word") or _cell(row, columns, "kind") or None
            doc_type, type_code = doc_type_of(word, code, party)
            if shared_cell:                      # "Quyết định số 12/QĐ-UBND ngày 05/01/2023"
                date, date_text, _ = read_date(date_cell, m.end())
            else:   # the i-th date goes with the i-th number; when the counts differ, only a lone number is sure
                paired = len(dates) == len(numbers) or (len(numbers) == 1 and dates)
                date_text = dates[i]["date"] if paired else None
                date = read_date(date_text, 0)[0] if date_text else None
            citation = Citation(
                text_as_written=m.group(0).strip(), number=m["number"], symbol=symbol, year_in_number=year,
                type_code=type_code, doc_type=doc_type, date=date, date_text=date_text,
                issuer=issuer, issuer_normalized=normalize_issuer(issuer), subject=subject,
                line=line_no, page=page,
                context=" | ".join(c.strip() for c in row if c.strip()), source="table",
                start=m.start(), end=m.start() + len(m.group(0).strip()),
            )
            _place_in_line(citation, number_cell, line, text)
            out.append(((line_no, 0), citation, Token(0, 0, "full", word, m["number"])))
        # A reference inside another cell (a Trích yếu that says "Thực hiện Nghị quyết số 13-NQ/TU …").
        for field in ("subject", "issuer"):
            cell = _cell(row, columns, field)
            for pos, nested, token in prose_citations(cell, None):
                nested.line, nested.page, nested.source = line_no, page, "table"
                _place_in_line(nested, cell, line, text)
                out.append(((line_no, 1 + pos[1]), nested, token))
    return out
