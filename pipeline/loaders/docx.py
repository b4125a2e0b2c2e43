"""Word .docx with python-docx: paragraphs and tables in document order.

Appendix tables hold most references and all budget lines, so each table row
becomes one line with TAB-separated cells (a cell's own line breaks become
spaces); a merged cell keeps its text in the first column it spans.

Text typed in the pre-Unicode fonts (TCVN3 ".VnTime", VNI "VNI-Times") is
converted run by run from the run's font, which also tells the case: TCVN3
capitals are lower-case codes drawn by a ".VnTimeH" font. Runs whose font is
not stated fall back to detection from the text (loaders/legacy.py).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from . import Loaded, LoadError, legacy


def _run_font(run, paragraph) -> str | None:
    """The run's font, else its character style's, else the paragraph style's."""
    font = run.font.name
    if font is None and run.style is not None and run.style.font is not None:
        font = run.style.font.name
    style = paragraph.style
    while font is None and style is not None:
        font = style.font.name
        style = style.base_style
    return font


def paragraph_text(paragraph, found: set[str]) -> str:
    """The paragraph's text with legacy-font runs in Unicode; `found` collects the encodings seen."""
    if not any(legacy.font_encoding(_run_font(r, paragraph))[0] for r in paragraph.runs):
        return paragraph.text
    parts = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if hasattr(item, "runs") else [item]     # a hyperlink holds runs
        for run in runs:
            encoding, upper = legacy.font_encoding(_run_font(run, paragraph))
            if encoding:
                found.add(encoding)
            parts.append(legacy.decode(run.text, encoding, upper))
    return "".join(parts)


def _cell_text(cell, found: set[str]) -> str:
    texts = (paragraph_text(p, found).strip() for p in cell.paragraphs)
    return " ".join(t for t in texts if t).replace("\t", " ")


def _table_lines(table, found: set[str]) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            cells.append("" if cell._tc is previous else _cell_text(cell, found))
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
    found: set[str] = set()
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(paragraph_text(Paragraph(block, document), found).split("\n"))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(block, document), found))
    encoding = "+".join(sorted(found)) or None
    if not encoding:     # legacy text in a font the file does not name
        encoding = legacy.detect("\n".join(lines))
        if encoding:
            lines = legacy.repair_lines(lines, encoding)
    notes = [f"text typed in {encoding.upper()} converted to Unicode"] if encoding else []
    return Loaded([(line, None) for line in lines], notes=notes, legacy_encoding=encoding)
