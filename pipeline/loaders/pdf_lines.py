"""A PDF page's lines with their place on the page (loaders/pdf_layout.py puts them in reading
order): where each line stands, its type size, the digits in it set small (footnote marks?) and,
in the zones where two columns stand side by side, where the gap between them cuts it.

Only the geometry of each line's first and last character is read on the fast path (a few
PDFium calls per line), and every character's box only on the first page's header and the
last page, so this costs little next to the text extraction itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# The header zone: the top of the first page, where the two columns stand.
HEADER_ZONE = 0.40             # of the page height
# A gap this many times the font size between two characters of a line separates two columns.
COLUMN_GAP_SIZES = 2.5
# A gap between two characters wider than this (in ems) is a space between words.
WORD_GAP = 0.15
# A raised footnote mark is set smaller than this fraction of its line's type.
MARK_SIZE = 0.82

# Where pypdfium2's text breaks a line (U+FFFE: a hyphen at a line end, kept on its line).
_LINE_END = re.compile("\r\n|\n|\r|\ufffe")
# Digits opening a line, then a space: a footnote's mark when set small ("1 Công văn …").
_LEADING_DIGITS = re.compile(r"\s*(\d{1,3})(?=\s|[^\W\d_])")    # (pdfplumber sets no space after a mark)
# Where a footnote mark can stand: digits right after a word or a closing quote or bracket
# ("sáng kiến1", "”2"); a raised mark when they are set small. (Not after "/" or "-": dates, symbols.)
_MARK_CANDIDATE = re.compile(r"""(?<=[^\W\d_]|[”"’)\]])\d{1,3}(?!\d)""")


@dataclass
class PlacedLine:
    text: str
    top: float = 0.0            # top of its first character's box, from the page's top edge (points)
    bottom: float = 0.0         # bottom of that box (the baseline less the font's descent)
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0           # its type size (not a leading mark's); 0: unknown or a table row
    raised: list[tuple[int, int]] = field(default_factory=list)   # spans of digits set small: footnote marks?
    columns: tuple[str, str, float, float] | None = None   # (left, right, gap's x0, x1): a wide gap cuts it in two
    table_row: bool = False


# ------------------------------------------------------------------ reading the lines

def column_zone(number: int, pages: int) -> tuple[float, float] | None:
    """Where (fractions of the page height) a page may hold two columns side by side: the first
    page's header, the last page's signature block."""
    if number == pages:
        return 0.0, 1.0          # (the signature block stands wherever the closing prose ends)
    return (0.0, HEADER_ZONE) if number == 1 else None


def pdfium_lines(textpage, text: str, height: float, zone: tuple[float, float] | None) -> list[PlacedLine]:
    """The lines of pypdfium2's text (`text`: the page's whole text, one character per character
    index) with the geometry of their first and last characters. A hyphen PDFium marks U+FFFE
    (a word it joined at a line end) ends its line, as on the page. `zone`: also look for a
    column gap in the lines between these fractions of the page height (`column_zone`)."""
    geometry = _CharGeometry(textpage)
    box, font_size = geometry.loose_box, geometry.font_size
    placed: list[PlacedLine] = []
    with_text: list[tuple[PlacedLine, int]] = []   # each line with text, and where it starts in `text`
    notes = False                       # a footnote's mark seen: the page may have footnotes
    for start, end in _line_spans(text):
        # (a TAB in a PDF's text is a drawn tab, not a table cell: tables come from pdfplumber)
        content = text[start:end].replace("\ufffe", "-").replace("\t", " ")
        first = start + (len(content) - len(content.lstrip()))
        last = start + len(content.rstrip()) - 1
        if last < first:
            placed.append(PlacedLine(content))
            continue
        left, bottom, _, top = box(first)
        right = box(last)[2]
        first_size = font_size(first)
        # the line's type size: its first character's, or the one after a leading mark ("1 Công văn …")
        lead = _LEADING_DIGITS.match(content)
        after = start + len(content) - len(content[lead.end():].lstrip()) if lead else first
        size = font_size(after) if after <= last else first_size
        line = PlacedLine(content, top=height - top, bottom=height - bottom, x0=left, x1=right, size=size)
        if lead and first_size < MARK_SIZE * size:
            line.raised.append((lead.start(1), lead.end(1)))
            notes = True
        elif content.strip().isdigit():
            notes = True                    # a mark alone on its line, or a page number
        if zone and zone[0] * height <= line.top <= zone[1] * height:
            positions = [(i - start, *box(i)[0:3:2]) for i in range(first, last + 1) if not text[i].isspace()]
            line.columns = _split_at_gap(positions, content, line.size)
        placed.append(line)
        with_text.append((line, start))
    if notes:       # marks in the body are looked for only on a page that may have footnotes
        for line, start in with_text:
            line.raised += [(m.start(), m.end()) for m in _MARK_CANDIDATE.finditer(line.text)
                            if font_size(start + m.start()) < MARK_SIZE * line.size]
    return placed


class _CharGeometry:
    """A character's loose box and font size, each one PDFium call by address (pypdfium2's
    `get_charbox` makes a ctypes rectangle and converts its arguments at every call; the header
    and the last page ask for every character's box)."""

    def __init__(self, textpage):
        import ctypes

        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c

        from .pdf_objects import by_address

        self._error = pdfium.PdfiumError
        self._page = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self._loose_box = by_address("FPDFText_GetLooseCharBox", ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                                     ctypes.c_void_p)
        self._font_size = by_address("FPDFText_GetFontSize", ctypes.c_double, ctypes.c_void_p, ctypes.c_int)
        self._rect = pdfium_c.FS_RECTF()
        self._rect_address = ctypes.addressof(self._rect)

    def loose_box(self, index: int) -> tuple[float, float, float, float]:
        """`textpage.get_charbox(index, loose=True)`: (left, bottom, right, top)."""
        if not self._loose_box(self._page, index, self._rect_address):
            raise self._error("Failed to get charbox.")
        rect = self._rect
        return rect.left, rect.bottom, rect.right, rect.top

    def font_size(self, index: int) -> float:
        """`FPDFText_GetFontSize` of the character."""
        return self._font_size(self._page, index)


def _line_spans(text: str):
    """(start, end) of each line: lines end at "\r\n", "\n" or "\r", and after a U+FFFE hyphen."""
    start = 0
    for match in _LINE_END.finditer(text):
        end = match.start() + (1 if match[0] == "\ufffe" else 0)
        yield start, end
        start = match.end()
    yield start, len(text)


def plumber_line(line: dict, height: float, zone: tuple[float, float] | None) -> PlacedLine:
    """A line of pdfplumber's `extract_text_lines(return_chars=True)`."""
    chars = [c for c in line["chars"] if c["text"].strip()]
    item = PlacedLine(line["text"], top=line["top"], bottom=line["bottom"], x0=line["x0"], x1=line["x1"])
    if chars:
        item.size = max(c["size"] for c in chars)
        small_runs, run = [], ""             # the runs of digits set small, in order
        for c in chars + [{"text": "", "size": 0.0}]:
            if c["text"].isdigit() and c["size"] < MARK_SIZE * item.size:
                run += c["text"]
            elif run:
                small_runs.append(run)
                run = ""
        lead = _LEADING_DIGITS.match(item.text)
        if lead and small_runs and lead[1] == small_runs[0] and chars[0]["size"] < MARK_SIZE * item.size:
            item.raised.append((lead.start(1), lead.end(1)))
            small_runs.pop(0)
        for m in _MARK_CANDIDATE.finditer(item.text):
            if small_runs and m[0] == small_runs[0]:
                item.raised.append((m.start(), m.end()))
                small_runs.pop(0)
        if zone and zone[0] * height <= item.top <= zone[1] * height:
            # the line again from its characters, a space where they stand apart, so that a cut
            # falls at a known offset
            text, positions, previous = "", [], None
            for c in line["chars"]:
                if not c["text"].strip():
                    text += " "
                    continue
                if previous is not None and c["x0"] - previous["x1"] > WORD_GAP * c["size"]:
                    text += " "
                positions.append((len(text), c["x0"], c["x1"]))
                text += c["text"]
                previous = c
            item.columns = _split_at_gap(positions, text, item.size)
    return item


def _split_at_gap(positions: list[tuple[int, float, float]], text: str,
                  size: float) -> tuple[str, str, float, float] | None:
    """Cut a line at its widest gap (offset, x0, x1 of each visible character) when the gap is
    wide enough to part two columns; the caller checks that the parts sit in the two columns."""
    best = None
    for (i, _, right), (j, left, _) in zip(positions, positions[1:]):
        gap = left - right
        if gap > COLUMN_GAP_SIZES * max(size, 1.0) and (best is None or gap > best[0]):
            best = (gap, i + 1, j, right, left)
    if best is None:
        return None
    _, cut, resume, gap_x0, gap_x1 = best
    return text[:cut].strip(), text[resume:].strip(), gap_x0, gap_x1
