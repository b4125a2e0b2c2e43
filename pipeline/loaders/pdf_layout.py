"""A PDF's text layer read by position, as a reader sees the page.

Text extraction gives the lines in content order; a Word-exported report needs
more than that, so each line carries a little geometry (where it sits, its font
size) and the pages are put in reading order:

- the two-column header of the first page (issuer | motto, "Số: …" | "…, ngày …")
  is split at the wide gap between its columns (character boxes), and read left
  column first, then right column, so the columns never interleave;
- page numbers ("2", "- 2 -", "Trang 2") and running headers repeated at the top or
  foot of the pages are dropped;
- the last page's signature block beside "Nơi nhận" is read left column first, too;
- footnotes (a block of smaller type at the foot of the page whose first line
  starts with a raised mark) are separated from the body: each becomes "[n] its
  text", the superscript mark in the body becomes "[n]" (the line break PDF text
  puts after a raised mark is undone), and the footnotes follow the paragraph or
  table that was running at the foot of the page, never splitting a sentence or a
  table that goes on over the page break;
- the text of a chart (its value axis "100,000%" … "0,000%", category labels,
  legend; and the "table" pdfplumber finds in its gridlines) is dropped.

The lines and their geometry come from loaders/pdf_lines.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.numbers import parse_number

from .pdf_lines import HEADER_ZONE, PlacedLine

# Page numbers and running headers live in these bands at the top and the foot of a page.
FURNITURE_BAND = 0.12          # of the page height
RUNNING_HEADER_MIN_PAGES = 3
# Footnote type: at most this fraction of the body's font size.
FOOTNOTE_SIZE = 0.88
# A value axis has at least this many labels; the category labels and legend under it take a few lines.
AXIS_MIN_LABELS = 4
AXIS_BAND_LINES_BELOW = 4
# A label inside a chart is shorter than this fraction of the text width.
CHART_LABEL_WIDTH = 0.5
# Two lines whose first characters' bottoms differ by less than this (points) share a baseline.
SAME_BASELINE = 2.0
# A header or signature block has a few lines cut in two columns; more is a borderless table's rows.
MAX_CUT_LINES = 5
# Running headers stand at the same height on every page, to within this (points).
SAME_PLACE = 3.0

# A page number as printed: "2", "- 2 -", "– 2 –", "Trang 2", "2/8".
_PAGE_NUMBER = re.compile(r"""^\s*
    (?:[-–—]\s*)?            # "- " before it
    (?:Trang\s+)?            # "Trang "
    (?P<n>\d{1,4})
    (?:\s*/\s*\d{1,4})?      # "/8": of how many pages
    (?:\s*[-–—])?\s*$        # " -" after it
    """, re.IGNORECASE | re.VERBOSE)
# A footnote's first line: its mark, then (on the same line or the next) its text, which
# does not start with a digit ("1 Công văn …", "1Công văn …" from pdfplumber, "3" alone);
# "1.013947" and "2,5" are numbers, not a mark.
_FOOTNOTE_START = re.compile(r"""^\s*(?P<mark>\d{1,3})(?:\s*(?P<text>(?![.,]\d)\D.*))?$""")
# A chart's value axis: a label holding only a number, perhaps a percentage ("100,000%", "1.500").
_AXIS_LABEL = re.compile(r"^\s*(?P<number>\d[\d.,]*)\s*%?\s*$")
# A footnote line as this module writes it: "[3] …".
_NOTE_MARK = re.compile(r"\[(\d{1,3})\]")
# A line that ends a paragraph: footnotes may follow it without cutting a sentence.
_ENDS_PARAGRAPH = re.compile(r"""[.;:!?…](?:\s*[)”"\]’])*\s*$""")
# Text after a mark that joins it without a space: punctuation.
_STARTS_WITH_PUNCTUATION = re.compile(r"^\s*[.,;:!?)\]”’]")


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[PlacedLine]
    placed: bool = True         # False: lines without geometry (OCR), left as they are
    body: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    note: str | None = None     # why the page was left in content order, for files.note


# ------------------------------------------------------------------ reading order

def arrange(pages: list[PageLayout]) -> list[tuple[str, int]]:
    """All pages' lines in reading order, (text, page): furniture dropped, the header's columns
    apart, footnotes after the paragraph running at the foot of their page."""
    running = _running_headers(pages)
    for page in pages:
        if page.placed:
            try:
                _arrange_page(page, running, first=page is pages[0], last=page is pages[-1])
            except MemoryError:
                raise
            except Exception as e:   # geometry no page should have: keep its text, in content order
                page.body, page.footnotes = [line.text for line in page.lines], []
                page.note = f"page {page.number} read in content order ({type(e).__name__} placing its lines)"
        else:
            page.body = [line.text for line in page.lines]
    return reading_order(pages)


def reading_order(pages: list[PageLayout]) -> list[tuple[str, int]]:
    """The pages' bodies in order, each page's footnotes after the paragraph or table running at
    its foot (so a sentence or a table going on over the page break stays whole)."""
    out: list[tuple[str, int]] = []
    pending: list[tuple[str, int]] = []       # footnotes waiting for the paragraph (or table) to end
    for page in pages:
        for text in page.body:
            if pending and text.strip() and "\t" not in text and out and "\t" in out[-1][0]:
                out.extend(pending)           # a table ran over the page break: its notes follow it
                pending = []
            out.append((text, page.number))
            if pending and "\t" not in text and _ENDS_PARAGRAPH.search(text):
                out.extend(pending)
                pending = []
        pending.extend((text, page.number) for text in page.footnotes)
        last = next((text for text in reversed(page.body) if text.strip()), "")
        if pending and (not last or "\t" not in last and _ENDS_PARAGRAPH.search(last)):
            out.extend(pending)
            pending = []
    return out + pending


def _furniture_key(line: PlacedLine) -> tuple[str, int]:
    """A line's text (digits as "#", so "Trang 2" and "Trang 3" agree) and its height on the page."""
    return re.sub(r"\d+", "#", " ".join(line.text.split())), round(line.top / SAME_PLACE)


def _edge_lines(lines: list[PlacedLine]) -> list[PlacedLine]:
    """The two first and two last lines with text: where page furniture stands in content order."""
    visible = [line for line in lines if line.text.strip() and not line.table_row]
    return visible[:2] + visible[-2:]


def _in_band(line: PlacedLine, page: PageLayout) -> bool:
    return line.top < FURNITURE_BAND * page.height or line.top > (1 - FURNITURE_BAND) * page.height


# A list item is body text even when the same one stands at the foot of three pages (a plan's
# "- Thời gian thực hiện: Năm 2024 và các năm tiếp theo." after each task).
_LIST_ITEM = re.compile(r"^\s*(?:[-–+•]\s|[a-zđ]\)\s)")


def _running_headers(pages: list[PageLayout]) -> set[tuple[str, int]]:
    """Furniture keys of the lines that open or close at least three pages at the same height, in
    the top or foot band: a running header or footer (never a line of the body that happens to
    repeat: it would not stand at the page's edge at the same height each time, and a list item
    is body text even there)."""
    counts: dict[tuple[str, int], int] = {}
    for page in pages:
        if not page.placed:
            continue
        for key in {_furniture_key(line) for line in _edge_lines(page.lines)
                    if _in_band(line, page) and not _LIST_ITEM.match(line.text)}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, n in counts.items() if n >= RUNNING_HEADER_MIN_PAGES and key[0].strip("# ")}


def _is_page_number(line: PlacedLine, page: PageLayout) -> bool:
    match = _PAGE_NUMBER.match(line.text)
    return bool(match) and _in_band(line, page) and page.number - 3 <= int(match["n"]) <= page.number + 1


def _arrange_page(page: PageLayout, running: set[str], first: bool, last: bool) -> None:
    edges = _edge_lines(page.lines)
    lines = [line for line in page.lines
             if not (any(line is edge for edge in edges) and _in_band(line, page) and _furniture_key(line) in running)]
    lines = [line for line in lines if not (_is_page_number(line, page) and line is _edge(lines, line))]
    body_size = _body_size(lines)
    lines = _without_charts(lines, body_size)
    body, footnotes = _split_footnotes(lines, body_size)
    marks = {m[1] for m in (_NOTE_MARK.match(text) for text in footnotes) if m}
    body = _mark_references(body, body_size, marks)
    if first:
        body = _header_columns(body, page)
    if last:
        body = _signature_columns(body, page)
    page.body = [line.text for line in body]
    page.footnotes = footnotes


def _axis_value(text: str) -> float | None:
    match = _AXIS_LABEL.match(text)
    if not match:
        return None
    try:
        return parse_number(match["number"])
    except ValueError:
        return None


def _axis_values(labels: list[str]) -> list[float] | None:
    """Each label's value, or None as soon as one is not a number (most lines: at their first word)."""
    values = []
    for label in labels:
        value = _axis_value(label)
        if value is None:
            return None
        values.append(value)
    return values


def _evenly_spaced(values: list[float]) -> bool:
    steps = [b - a for a, b in zip(values, values[1:])]
    return bool(steps) and all(abs(step - steps[0]) <= 0.02 * abs(steps[0]) for step in steps) and steps[0] != 0


def _without_charts(lines: list[PlacedLine], body_size: float) -> list[PlacedLine]:
    """The page without the text of its charts. A chart is known by its value axis: at least
    AXIS_MIN_LABELS lines holding only a number, right-aligned one above the other at even
    distances, their values falling evenly from top to bottom ("100,000%", "90,000%" … "0,000%");
    or one line of such numbers rising evenly from left to right. Every line and table row in the
    band from the axis's top (a horizontal axis: from the short labels above it) to a few lines
    under it (category labels, legend) is chart text."""
    bands: list[tuple[float, float]] = []
    labels = [(line, value) for line in lines if not line.table_row
              for value in [_axis_value(line.text)] if value is not None]
    by_edge: dict[int, list[tuple[PlacedLine, float]]] = {}
    for line, value in labels:
        by_edge.setdefault(round(line.x1 / 3), []).append((line, value))
    size = body_size or 12.0
    for column in by_edge.values():
        column.sort(key=lambda item: item[0].top)
        values = [value for _, value in column]
        tops = [line.top for line, _ in column]
        if len(column) >= AXIS_MIN_LABELS and values[0] > values[-1] and _evenly_spaced(values) \
                and _evenly_spaced(tops):
            bands.append((tops[0] - 2 * size, _labels_bottom(lines, column[-1][0], size)))
    for line in lines:
        numbers = line.text.split()
        values = _axis_values(numbers) if len(numbers) >= AXIS_MIN_LABELS else None
        if values and values[0] < values[-1] and _evenly_spaced(values):
            bands.append((_plot_top(lines, line, size), _labels_bottom(lines, line, size)))
    if not bands:
        return lines
    return [line for line in lines
            if not any(low <= line.top <= high or line.table_row and line.top <= high and line.bottom >= low
                       for low, high in bands)]


def _is_label(line: PlacedLine, width: float, size: float) -> bool:
    """Short or in small type, and not ending a sentence or a clause: a chart's label, not prose."""
    return (line.x1 - line.x0 <= CHART_LABEL_WIDTH * width or 0 < line.size < FOOTNOTE_SIZE * size) \
        and not _ENDS_PARAGRAPH.search(line.text)


def _text_width(lines: list[PlacedLine]) -> float:
    visible = [line for line in lines if line.text.strip() and not line.table_row]
    return max(line.x1 for line in visible) - min(line.x0 for line in visible)


def _plot_top(lines: list[PlacedLine], axis: PlacedLine, size: float) -> float:
    """Where the plot above a horizontal value axis starts: the labels right above the axis
    (the bars' categories) up to a line of prose."""
    width, top = _text_width(lines), axis.top
    for line in sorted((l for l in lines if l.text.strip() and not l.table_row and l.top < axis.top),
                       key=lambda l: -l.top):
        if not _is_label(line, width, size):
            break
        top = line.top
    return top


def _labels_bottom(lines: list[PlacedLine], axis: PlacedLine, size: float) -> float:
    """Where a chart ends under its axis's last label: the labels (categories, legend) within a
    few lines under it, up to a line of prose."""
    width, bottom = _text_width(lines), axis.bottom
    for line in sorted((l for l in lines if l.text.strip() and not l.table_row and l.top > axis.top),
                       key=lambda l: l.top):
        if line.top > axis.bottom + AXIS_BAND_LINES_BELOW * size or not _is_label(line, width, size):
            break
        bottom = line.bottom
    return bottom


def _body_size(lines: list[PlacedLine]) -> float:
    """The font size most of the page's text is set in (by characters)."""
    weight: dict[float, int] = {}
    for line in lines:
        if line.size and not line.table_row:
            size = round(line.size * 2) / 2
            weight[size] = weight.get(size, 0) + len(line.text)
    return max(weight, key=weight.get) if weight else 0.0


def _edge(lines: list[PlacedLine], line: PlacedLine) -> PlacedLine | None:
    """`line` itself when it is the first or the last line with text on the page."""
    visible = [l for l in lines if l.text.strip()]
    return line if visible and (line is visible[0] or line is visible[-1]) else None


def _split_footnotes(lines: list[PlacedLine], body_size: float) -> tuple[list[PlacedLine], list[str]]:
    """The body, and the footnote block at the foot of the page as "[n] text" lines."""
    if not body_size:
        return lines, []
    start = len(lines)
    while start > 0:
        line = lines[start - 1]
        if line.text.strip() and (line.table_row or not 0 < line.size <= FOOTNOTE_SIZE * body_size):
            break
        start -= 1
    block = [line for line in lines[start:] if line.text.strip()]
    if not block or not _starts_with_mark(block[0]):      # (small type without a mark: "Nơi nhận", a note)
        return lines, []
    notes: list[str] = []
    mark: str | None = None
    for line in block:
        match = _FOOTNOTE_START.match(line.text)
        is_mark = _starts_with_mark(line)
        if is_mark and not match["text"]:
            mark = match["mark"]                 # the mark alone: its text is the next line
            continue
        if is_mark:
            notes.append(f"[{match['mark']}] {match['text']}")
        elif mark is not None:
            notes.append(f"[{mark}] {line.text.strip()}")
        else:
            notes.append(line.text.strip())
        mark = None
    return lines[:start], notes


def _starts_with_mark(line: PlacedLine) -> bool:
    """The line opens with a footnote's mark: raised digits, or digits alone on their line."""
    match = _FOOTNOTE_START.match(line.text)
    return bool(match) and (not match["text"] or any(a == match.start("mark") for a, _ in line.raised))


def _mark_references(lines: list[PlacedLine], body_size: float, marks: set[str]) -> list[PlacedLine]:
    """Raised digits that are marks of this page's footnotes become "[n]"; a mark ending its line
    (PDF text breaks the line after a raised character) is joined to the text after it on the
    same visual line."""
    if not marks:
        return lines
    out: list[PlacedLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        spans = [(a, b) for a, b in line.raised if line.text[a:b] in marks and not line.table_row]
        if spans:
            text = line.text
            for a, b in reversed(spans):
                text = f"{text[:a]}[{text[a:b]}]{text[b:]}"
            line = PlacedLine(**{**line.__dict__, "text": text, "raised": []})
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if spans[-1][1] == len(lines[i].text.rstrip()) and nxt is not None and nxt.text.strip() \
                    and not nxt.table_row and abs(nxt.bottom - line.bottom) < SAME_BASELINE and nxt.x0 >= line.x1 - 1:
                glue = "" if _STARTS_WITH_PUNCTUATION.match(nxt.text) else " "
                line.text = line.text.rstrip() + glue + nxt.text.strip()
                line.x1 = nxt.x1
                i += 1
        out.append(line)
        i += 1
    return out


def _header_columns(lines: list[PlacedLine], page: PageLayout) -> list[PlacedLine]:
    """The first page's two-column header read left column first: from the top, the lines that
    stand in one column or are cut in two by the column gap, up to the last one with a right
    part (what follows, "V/v …" under the issuer or "Kính gửi:", stays in place) and never past
    a line across the page (the title, centred)."""
    if (gap := _column_gap(lines, page)) is None:
        return lines
    centre, tolerance = gap
    sides: list[tuple[PlacedLine | None, PlacedLine | None]] = []     # (left part, right part) per line
    end = 0                                   # lines[:end] is the header's two columns
    for index, line in enumerate(lines):
        if not line.text.strip():
            sides.append((None, None))
            continue
        if line.table_row or line.top > HEADER_ZONE * page.height:
            break
        parts = _sides(line, centre, tolerance)
        if parts is None:
            break
        sides.append(parts)
        if parts[1] is not None:
            end = index + 1
    left, right = _split(sides[:end])
    if not left or not right or _cut_lines(sides[:end]) > MAX_CUT_LINES:
        return lines
    return left + right + lines[end:]


def _column_gap(lines: list[PlacedLine], page: PageLayout) -> tuple[float, float] | None:
    """Where a two-column block of the page splits: the middle of its visible text outside tables, and
    how far from it a line still stands across the page (centred); None on a page with no such text."""
    visible = [line for line in lines if line.text.strip() and not line.table_row]
    if not visible:
        return None
    return (min(line.x0 for line in visible) + max(line.x1 for line in visible)) / 2, 0.08 * page.width


def _split(sides: list[tuple[PlacedLine | None, PlacedLine | None]]) -> tuple[list[PlacedLine], list[PlacedLine]]:
    """The left column's lines and the right column's, each from the top."""
    return [l for l, _ in sides if l is not None], [r for _, r in sides if r is not None]


def _cut_lines(sides: list[tuple[PlacedLine | None, PlacedLine | None]]) -> int:
    return sum(1 for left, right in sides if left is not None and right is not None)


def _sides(line: PlacedLine, centre: float, tolerance: float) -> tuple[PlacedLine | None, PlacedLine | None] | None:
    """(left part, right part) of a line standing in two columns, in one of them, or None for a
    line across the page (centred or full width)."""
    # a cut whose right part starts in the right half (not the blank number of "Số:      /BC-UBND")
    if line.columns and line.columns[2] < centre and line.columns[3] > centre - tolerance:
        left_text, right_text, _, _ = line.columns
        return PlacedLine(left_text), PlacedLine(right_text)
    middle = (line.x0 + line.x1) / 2
    if abs(middle - centre) < tolerance or line.x0 < centre - 2 * tolerance and line.x1 > centre + 2 * tolerance:
        return None
    return (line, None) if middle < centre else (None, line)


def _signature_columns(lines: list[PlacedLine], page: PageLayout) -> list[PlacedLine]:
    """The last page's closing block read left column first (Nơi nhận and its list, then the
    signer's title and name): from the end, the lines that stand in one column or are cut in two
    by the column gap, up to a line across the page (the closing prose)."""
    if (gap := _column_gap(lines, page)) is None:
        return lines
    centre, tolerance = gap
    start, sides = len(lines), []
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if not line.text.strip():
            continue
        if line.table_row:
            break
        parts = _sides(line, centre, tolerance)
        if parts is None:
            break
        sides.insert(0, parts)
        start = index
    left, right = _split(sides)
    if not left or not right or not 0 < _cut_lines(sides) <= MAX_CUT_LINES:
        return lines
    return lines[:start] + left + right
