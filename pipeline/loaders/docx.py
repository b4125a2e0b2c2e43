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
from ..i18n import _

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
NAMESPACES = {"w": W[1:-1]}

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
# Bullet characters kept as drawn; any other bullet glyph (Symbol/Wingdings private-use codes) is "•".
_PLAIN_BULLETS = set("-–—+*•")


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _val(element, name: str, default: str | None = None) -> str | None:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val", default) if child is not None else default


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


# ------------------------------------------------------------------ automatic numbering

def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's counter as Word draws it for a w:numFmt value."""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)       # decimal, and the national formats we do not draw


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False     # w:isLgl: every level's number drawn in decimal


@dataclass
class _List:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    used: bool = False


class Numbering:
    """The labels of auto-numbered paragraphs, in document order, from word/numbering.xml.

    Counters belong to the abstract list, so list instances that share it continue
    one another's numbering; an instance with a start override restarts that level.
    """

    def __init__(self, numbering_element, styles_element):
        self._levels: dict[str, dict[int, _Level]] = {}
        self._lists: dict[str, _List] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numbering: dict[str, tuple[str | None, str | None]] = {}
        if numbering_element is not None:
            for abstract in numbering_element.iterchildren(W + "abstractNum"):
                self._levels[abstract.get(W + "abstractNumId")] = {
                    int(level.get(W + "ilvl", "0")): _Level(
                        start=int(_val(level, "start", "1") or 1),
                        fmt=_val(level, "numFmt", "decimal") or "decimal",
                        text=_val(level, "lvlText", "") or "",
                        legal=level.find(W + "isLgl") is not None)
                    for level in abstract.iterchildren(W + "lvl")}
            for num in numbering_element.iterchildren(W + "num"):
                overrides = {int(o.get(W + "ilvl", "0")): int(_val(o, "startOverride"))
                             for o in num.iterchildren(W + "lvlOverride") if _val(o, "startOverride") is not None}
                self._lists[num.get(W + "numId")] = _List(_val(num, "abstractNumId"), overrides)
        if styles_element is not None:
            based_on: dict[str, str | None] = {}
            own: dict[str, tuple[str | None, str | None]] = {}
            for style in styles_element.iterchildren(W + "style"):
                sid = style.get(W + "styleId")
                based_on[sid] = _val(style, "basedOn")
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    own[sid] = (_val(num_pr, "numId"), _val(num_pr, "ilvl"))
            for sid in based_on:
                chain, seen = sid, set()
                while chain and chain not in own and chain not in seen:
                    seen.add(chain)
                    chain = based_on.get(chain)
                if chain in own:
                    self._style_numbering[sid] = own[chain]

    def label(self, p) -> str | None:
        """The number or bullet Word draws before paragraph `p` (counting it), or None."""
        p_pr = p.find(W + "pPr")
        num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "numId"), _val(num_pr, "ilvl")
        style = _val(p_pr, "pStyle") if p_pr is not None else None
        if style in self._style_numbering:
            style_num, style_ilvl = self._style_numbering[style]
            num_id, ilvl = num_id or style_num, ilvl or style_ilvl
        instance = self._lists.get(num_id) if num_id and num_id != "0" else None
        levels = self._levels.get(instance.abstract) if instance else None
        if not levels:
            return None
        level_index = int(ilvl or 0)
        level = levels.get(level_index)
        if level is None:
            return None
        counters = self._counters.setdefault(instance.abstract, {})
        if not instance.used:
            instance.used = True
            for index, start in instance.start_overrides.items():
                counters[index] = start - 1
        counters[level_index] = counters.get(level_index, levels[level_index].start - 1) + 1
        for deeper in [i for i in counters if i > level_index]:
            del counters[deeper]          # a deeper level starts again under the next item
        if level.fmt == "bullet":
            bullet = level.text.strip()
            return bullet if bullet in _PLAIN_BULLETS else "•"
        text = level.text
        for index in range(8, -1, -1):        # nine levels at most, so "%1" is never the start of "%10"
            if f"%{index + 1}" in text:
                other = levels.get(index, _Level())
                value = counters.get(index, other.start)
                fmt = "decimal" if level.legal and index < level_index else other.fmt
                text = text.replace(f"%{index + 1}", format_number(value, fmt))
        return text.strip() or None


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
            self.marks[note_id] = f"[{n}]" if self.kind == "footnote" else f"[{_roman(n)}]"
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
            tag = _local(child)
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
            tag = _local(child)
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
            tag = _local(block)
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
            span = int(_val(tc_pr, "gridSpan", "1") or 1) if tc_pr is not None else 1
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
        style_id = _val(tbl_pr, "tblStyle") if tbl_pr is not None else None
        style = document.styles.element.get_by_id(style_id) if style_id else None
        while style is not None:
            borders = style.find(f"{W}tblPr/{W}tblBorders")
            if borders is not None:
                if _visible(borders):
                    return True
                break
            based_on = _val(style, "basedOn")
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
