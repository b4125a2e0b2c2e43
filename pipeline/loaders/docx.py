"""Word .docx with python-docx: paragraphs and tables in document order.

Appendix tables hold most references and all budget lines, so each table row
becomes one line with TAB-separated cells (a cell's own line breaks become
spaces); a merged cell keeps its text in the first column it spans.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from . import Loaded, LoadError


def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()).replace("\t", " ")


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            cells.append("" if cell._tc is previous else _cell_text(cell))
            previous = cell._tc
        lines.append("\t".join(cells))
    return lines


def load(path: Path) -> Loaded:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(path):
        raise LoadError("error", "not a valid .docx (not a zip archive): open and re-save it in Word")
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many types for broken packages
        raise LoadError("error", f"unreadable .docx ({type(e).__name__}): open and re-save it in Word") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(block, document).text.split("\n"))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(block, document)))
    return Loaded([(line, None) for line in lines])
