"""Word .docx: the text as the page shows it, in document order.

python-docx opens the package and resolves fonts; the text is read from the XML
itself, because what Word draws and what `paragraph.text` returns differ:

- auto-numbered paragraphs (w:numPr, in the paragraph or its style) get the
  number Word draws ("1.", "a)", "-"), computed from word/numbering.xml, so
  headings and list items read like typed ones;
- footnotes and endnotes (word/footnotes.xml, endnotes.xml) keep their mark in
  the body ("…theo Kế hoạch[1] …") and their text becomes lines of their own
  ("[1] Công văn số …") right after the paragraph or table that cites them, so
  a reference in a footnote has a line and the section of its mark;
- text boxes (w:txbxContent) are read once (Word stores each twice: a DrawingML
  box and a VML fallback), as lines before their anchor paragraph's text;
- tables: an appendix table becomes one line per row with TAB-separated cells (a
  cell's own line breaks become spaces; a merged cell keeps its text in the
  first column it spans). A layout table — no visible border, at most three
  columns and a few rows: the issuer | motto header, Nơi nhận | signature — is
  read column by column, one line per paragraph, as the eye reads it; so is a
  table of one cell (a title in a box).

Text typed in the pre-Unicode fonts (TCVN3 ".VnTime", VNI "VNI-Times") is
converted run by run from the run's font, which also tells the case: TCVN3
capitals are lower-case codes drawn by a ".VnTimeH" font. Runs whose font is
not stated fall back to detection from the text (loaders/legacy.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import legacy
from .base import Loaded, LoadError
from .docx_numbering import Numbering, format_number
from .docx_xml import MC_FALLBACK, NAMESPACES, W, local_name, val
from ..i18n import _

# A table read as layout (column by column) has no visible border and is this small.
LAYOUT_MAX_COLUMNS = 3
LAYOUT_MAX_ROWS = 6
# A row number in a table's first column: "1", "2.", "I", "IV".
_ROW_NUMBER = re.compile(r"(?:\d{1,3}|[IVX]{1,4})\.?")
# Border values that draw nothing.
NO_BORDER = {"nil", "none"}
# Elements inside a paragraph whose runs are part of its text (w:del, w:moveFrom are not).
_RUN_CONTAINERS = {"hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml", "moveTo",
                   "dir", "bdo"}
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
    fonts = {font for root in (document.element, document.styles.element)     # (roots of their parts)
             for r_fonts in root.iter(W + "rFonts") for font in [r_fonts.get(W + "ascii")] if font is not None}
    return any(legacy.font_encoding(font)[0] for font in fonts)


# ------------------------------------------------------------------ notes

@dataclass
class _Notes:
    """Footnotes or endnotes by id, and the mark each gets when first cited."""

    kind: str                                   # "footnote" or "endnote"
    paragraphs: dict[str, list]                 # note id -> its w:p elements
    marks: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_part(cls, document, kind: str) -> "_Notes":
        from docx.oxml.parser import parse_xml

        paragraphs: dict[str, list] = {}
        for rel in document.part.rels.values():
            if not rel.is_external and rel.reltype.endswith(f"/{kind}s"):
                root = parse_xml(rel.target_part.blob)
                for note in root.iterchildren(W + kind):
                    if note.get(W + "type") in (None, "normal"):      # not the separator lines
                        paragraphs[note.get(W + "id")] = note.findall(f".//{W}p")
        return cls(kind, paragraphs)

    def mark(self, note_id: str) -> str:
        """"[1]", "[2]" … for footnotes and "[i]", "[ii]" … for endnotes, in the order cited."""
        if note_id not in self.marks:
            n = len(self.marks) + 1
            self.marks[note_id] = f"[{n}]" if self.kind == "footnote" else f"[{format_number(n, 'lowerRoman')}]"
        return self.marks[note_id]


# ------------------------------------------------------------------ the reader

class _Reader:
    def __init__(self, document, fonts: _Fonts | None):
        self.document = document
        self.fonts = fonts
        self.found: set[str] = set()               # legacy encodings met
        try:
            numbering_element = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_element = None
        self.numbering = Numbering(numbering_element, document.styles.element)
        self.notes = {kind: _Notes.from_part(document, kind) for kind in ("footnote", "endnote")}
        self._cited: list[tuple[_Notes, str]] = []  # notes cited by the block being read
        self._current_note: str | None = None       # the mark of the note being read

    # -- paragraphs

    def _run_text(self, r, paragraph, boxes: list) -> str:
        parts = []
        for child in r:
            tag = local_name(child)
            if tag == "t":
                parts.append(child.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag in ("footnoteReference", "endnoteReference"):
                notes = self.notes[tag[:-len("Reference")]]
                note_id = child.get(W + "id")
                if note_id in notes.paragraphs:
                    parts.append(notes.mark(note_id))
                    self._cited.append((notes, note_id))
            elif tag in ("footnoteRef", "endnoteRef") and self._current_note:
                parts.append(self._current_note)
            elif tag in ("drawing", "pict", "AlternateContent", "object"):
                boxes.extend(_text_boxes(child))
        text = "".join(parts)
        if self.fonts is not None:
            from docx.text.run import Run

            encoding, upper = legacy.font_encoding(self.fonts.run_font(Run(r, paragraph), paragraph))
            if encoding:
                self.found.add(encoding)
                text = legacy.decode(text, encoding, upper)
        return text

    def _inline(self, element, paragraph, parts: list[str], boxes: list) -> None:
        for child in element:
            tag = local_name(child)
            if tag == "r":
                parts.append(self._run_text(child, paragraph, boxes))
            elif tag in _RUN_CONTAINERS:
                self._inline(child, paragraph, parts, boxes)

    def paragraph_lines(self, p) -> list[str]:
        """The lines of one paragraph: its text boxes' lines, then its own (numbered) text."""
        from docx.text.paragraph import Paragraph

        parts: list[str] = []
        boxes: list = []
        self._inline(p, Paragraph(p, self.document), parts, boxes)
        text = "".join(parts)
        label = self.numbering.label(p)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        lines = []
        for box in boxes:
            lines.extend(self.block_lines(box))
        return lines + text.split("\n")

    # -- tables

    def _cell_paragraph_lines(self, tc) -> list[str]:
        return [line for p in tc.iterchildren(W + "p") for line in self.paragraph_lines(p)]

    def table_lines(self, tbl) -> list[str]:
        grid = _grid(tbl)
        columns = max((len(row) for row in grid), default=0)
        if columns == 1 and len(grid) == 1 or (
                columns <= LAYOUT_MAX_COLUMNS and len(grid) <= LAYOUT_MAX_ROWS
                and not _has_borders(tbl, self.document) and not _numbers_its_rows(grid)):
            lines = []
            for column in range(columns):
                seen = set()
                for row in grid:
                    tc = row[column] if column < len(row) else None
                    if tc is not None and id(tc) not in seen:
                        seen.add(id(tc))
                        # (tabs that align a cell's text are no table cells)
                        lines.extend(line.replace("\t", " ").strip()
                                     for line in self._cell_paragraph_lines(tc) if line.strip())
            return lines
        rows = []
        for row in grid:
            cells, previous = [], None
            for tc in row:
                # a cell spanning several grid columns (or continuing a vertical merge) is read once
                if tc is None or tc is previous:
                    cells.append("")
                else:
                    texts = (line.strip() for line in self._cell_paragraph_lines(tc))
                    cells.append(" ".join(t for t in texts if t).replace("\t", " "))
                previous = tc
            rows.append("\t".join(cells))
        return rows

    # -- blocks

    def block_lines(self, container) -> list[str]:
        """Paragraphs and tables of the body (or a text box, a cell), each block followed by the
        notes it cites."""
        lines: list[str] = []
        for block in container.iterchildren():
            tag = local_name(block)
            if tag == "p":
                lines.extend(self.paragraph_lines(block))
            elif tag == "tbl":
                lines.extend(self.table_lines(block))
            elif tag in ("sdt", "customXml"):
                content = block.find(W + "sdtContent") if tag == "sdt" else block
                if content is not None:
                    lines.extend(self.block_lines(content))
                continue
            else:
                continue
            lines.extend(self._note_lines())
        return lines

    def _note_lines(self) -> list[str]:
        lines: list[str] = []
        while self._cited:
            cited, self._cited = self._cited, []
            for notes, note_id in cited:
                outer, self._current_note = self._current_note, notes.marks[note_id]
                note_lines: list[str] = []
                for p in notes.paragraphs[note_id]:
                    note_lines.extend(self.paragraph_lines(p))
                self._current_note = outer
                note_lines = [line for line in note_lines if line.strip()]
                if note_lines and not note_lines[0].lstrip().startswith(notes.marks[note_id]):
                    note_lines[0] = f"{notes.marks[note_id]} {note_lines[0].lstrip()}"
                lines.extend(note_lines)
        return lines


def _text_boxes(element) -> list:
    """The text boxes inside a run's drawing, each once: DrawingML's (mc:Choice) before VML's fallback."""
    boxes = element.xpath(".//w:txbxContent", namespaces=NAMESPACES)
    if not boxes:
        return []
    inside_choice = [b for b in boxes if not any(a.tag == MC_FALLBACK for a in b.iterancestors())]
    boxes = inside_choice or boxes
    return [b for b in boxes if not any(a in boxes for a in b.iterancestors())]   # outermost only


def _grid(tbl) -> list[list]:
    """The table as rows of grid columns, each holding its w:tc (a cell spanning columns fills
    each of them; a vertically merged cell is the one it continues)."""
    rows: list[list] = []
    for tr in tbl.iterchildren(W + "tr"):
        row: list = []
        for tc in tr.iterchildren(W + "tc"):
            tc_pr = tc.find(W + "tcPr")
            span = int(val(tc_pr, "gridSpan", "1") or 1) if tc_pr is not None else 1
            v_merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
            if v_merge is not None and v_merge.get(W + "val", "continue") == "continue" and rows:
                above = rows[-1][len(row)] if len(row) < len(rows[-1]) else None
                row.extend([above] * span)
            else:
                row.extend([tc] * span)
        rows.append(row)
    return rows


def _cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(W + "t")).strip() if tc is not None else ""


def _numbers_its_rows(grid: list[list]) -> bool:
    """A data table, not a layout: its first column is "TT"/"STT" over row numbers ("1", "2", "I")."""
    first = [_cell_text(row[0]) for row in grid if row]
    if first and first[0].upper().rstrip(".") in ("TT", "STT", "SỐ TT"):
        return True
    numbers = [text for text in first[1:] if text]
    return len(numbers) >= 2 and all(_ROW_NUMBER.fullmatch(text) for text in numbers)


def _visible(borders) -> bool:
    return borders is not None and any(b.get(W + "val") not in NO_BORDER for b in borders)


def _cell_edges_hidden(tc) -> bool:
    """The cell says "no border" on each of its four edges (Word's "No Border" applied to the cells)."""
    borders = tc.find(f"{W}tcPr/{W}tcBorders")
    if borders is None:
        return False
    edges = [borders.find(W + edge) for edge in ("top", "left", "bottom", "right")]
    return all(edge is not None and edge.get(W + "val") in NO_BORDER for edge in edges)


def _has_borders(tbl, document) -> bool:
    """Whether the table draws any border: its own, its style's (e.g. "Table Grid") or a cell's;
    not when every cell hides its four edges."""
    cells = list(tbl.iter(W + "tc"))
    if cells and all(_cell_edges_hidden(tc) for tc in cells):
        return False
    tbl_pr = tbl.find(W + "tblPr")
    own = tbl_pr.find(W + "tblBorders") if tbl_pr is not None else None
    if own is not None:
        if _visible(own):
            return True
    else:
        style_id = val(tbl_pr, "tblStyle") if tbl_pr is not None else None
        style = document.styles.element.get_by_id(style_id) if style_id else None
        while style is not None:
            borders = style.find(f"{W}tblPr/{W}tblBorders")
            if borders is not None:
                if _visible(borders):
                    return True
                break
            based_on = val(style, "basedOn")
            style = document.styles.element.get_by_id(based_on) if based_on else None
    return any(_visible(b) for b in tbl.iter(W + "tcBorders"))


def load(path: Path) -> Loaded:
    import docx

    try:       # a file that is no zip at all was stopped by loaders.guards
        document = docx.Document(str(path))
    except MemoryError:   # the worker's memory limit, to be reported as such
        raise
    except Exception as e:  # python-docx raises many types for broken packages
        raise LoadError("error", _("unreadable .docx ({error}): open and re-save it in Word").format(error=type(e).__name__)) from None
    reader = _Reader(document, _Fonts(document) if _names_a_legacy_font(document) else None)
    lines = reader.block_lines(document.element.body)
    encoding = "+".join(sorted(reader.found)) or None
    if not encoding:     # legacy text in a font the file does not name
        lines, encoding = legacy.repair(lines)
    return Loaded([(line, None) for line in lines], notes=legacy.conversion_notes(encoding), legacy_encoding=encoding)
