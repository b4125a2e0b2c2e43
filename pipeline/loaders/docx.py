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

from pathlib import Path

from . import Loaded, LoadError, legacy


class _Fonts:
    """The font of each run in one document: the run's own, else its character
    style's, else its paragraph style's (or that style's base, and so on).

    Each style's font is looked up once per document: python-docx searches all
    the document's styles every time it resolves a paragraph's default style.
    """

    def __init__(self, document):
        self._part = document.part
        self._character: dict[str | None, str | None] = {}     # style id -> font
        self._paragraph: dict[str | None, str | None] = {}

    def _character_font(self, style_id: str | None) -> str | None:
        if style_id not in self._character:
            from docx.enum.style import WD_STYLE_TYPE

            style = self._part.get_style(style_id, WD_STYLE_TYPE.CHARACTER)
            self._character[style_id] = style.font.name if style is not None and style.font is not None else None
        return self._character[style_id]

    def _paragraph_font(self, style_id: str | None) -> str | None:
        if style_id not in self._paragraph:
            from docx.enum.style import WD_STYLE_TYPE

            style, font = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH), None
            while font is None and style is not None:
                font = style.font.name
                style = style.base_style
            self._paragraph[style_id] = font
        return self._paragraph[style_id]

    def run_font(self, run, paragraph) -> str | None:
        font = run.font.name
        if font is None:
            font = self._character_font(run._r.style)
        if font is None:
            font = self._paragraph_font(paragraph._p.style)
        return font


def _names_a_legacy_font(document) -> bool:
    """Whether any font the runs or styles name (w:rFonts/@w:ascii, what python-docx calls a
    font's name) is a TCVN3/VNI font; if none is, no run needs converting."""
    fonts = set()
    for root in (document.element, document.styles.element):
        fonts.update(root.xpath("//w:rFonts/@w:ascii"))
    return any(legacy.font_encoding(font)[0] for font in fonts)


def paragraph_text(paragraph, fonts: _Fonts | None, found: set[str]) -> str:
    """The paragraph's text with legacy-font runs in Unicode; `found` collects the encodings seen.

    `fonts` is None when the document names no legacy font.
    """
    if fonts is None or not any(legacy.font_encoding(fonts.run_font(r, paragraph))[0] for r in paragraph.runs):
        return paragraph.text
    parts = []
    for item in paragraph.iter_inner_content():
        runs = item.runs if hasattr(item, "runs") else [item]     # a hyperlink holds runs
        for run in runs:
            encoding, upper = legacy.font_encoding(fonts.run_font(run, paragraph))
            if encoding:
                found.add(encoding)
            parts.append(legacy.decode(run.text, encoding, upper))
    return "".join(parts)


def _cell_text(cell, fonts: _Fonts | None, found: set[str]) -> str:
    texts = (paragraph_text(p, fonts, found).strip() for p in cell.paragraphs)
    return " ".join(t for t in texts if t).replace("\t", " ")


def _table_lines(table, fonts: _Fonts | None, found: set[str]) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            cells.append("" if cell._tc is previous else _cell_text(cell, fonts, found))
            previous = cell._tc
        lines.append("\t".join(cells))
    return lines


def load(path: Path) -> Loaded:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:       # a file that is no zip at all was stopped by loaders.guards
        document = docx.Document(str(path))
    except MemoryError:   # the worker's memory limit, to be reported as such
        raise
    except Exception as e:  # python-docx raises many types for broken packages
        raise LoadError("error", f"unreadable .docx ({type(e).__name__}): open and re-save it in Word") from None
    fonts = _Fonts(document) if _names_a_legacy_font(document) else None
    lines: list[str] = []
    found: set[str] = set()
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(paragraph_text(Paragraph(block, document), fonts, found).split("\n"))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(block, document), fonts, found))
    encoding = "+".join(sorted(found)) or None
    if not encoding:     # legacy text in a font the file does not name
        lines, encoding = legacy.repair(lines)
    return Loaded([(line, None) for line in lines], notes=legacy.conversion_notes(encoding), legacy_encoding=encoding)
