"""PDF, page by page: text layer where there is one, OCR where there is not.

Each page takes the cheapest road that gives the same result:
- text layer, no ruled table: pypdfium2's text (well over 100 pages/s);
- text layer with a ruled table (at least two horizontal and two vertical rules
  among the page's path objects): pdfplumber, whose table finder renders the
  table as TAB-separated rows at its place on the page (~30 pages/s);
- no text layer (fewer than MIN_TEXT_CHARS characters) but an image: OCR
  (loaders/ocr.py), rasterised with pypdfium2 in-process at the scan's resolution. A page with a text
  layer is never OCR'd. Without Tesseract such pages make the file `needs_ocr`
  (all pages scanned) or are noted (some pages).

Text typed in the pre-Unicode TCVN3/VNI fonts is converted (loaders/legacy.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from . import legacy, ocr, pdf_layout, pdf_lines, pdf_objects, textlayer
from .base import Loaded, LoadError
from .pdf_layout import PageLayout
from .pdf_lines import PlacedLine
from ..i18n import _

MIN_TEXT_CHARS = 20        # fewer visible characters than this: no usable text layer
# A ruling line is a path object this thin (points) and at least this long.
RULE_THICKNESS = 3.0
RULE_MIN_LENGTH = 8.0
MIN_RULES = 2              # per direction, for a page to hold a ruled table
# OCR at the scan's own resolution (more pixels add no detail, only Tesseract time), within limits.
OCR_DPI_RANGE = (150, 400)
OCR_DPI_DEFAULT = 300


# ------------------------------------------------------------------ pdfplumber (tables)

def _outside(boxes: list[tuple[float, float, float, float]]):
    """A test of a pdfplumber object: its centre lies in none of the boxes (x0, top, x1, bottom),
    edges included."""
    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                return False
        return True
    return outside


class _Centres:
    """A page's characters by the height of their centre, for `Table.extract`'s test (a character
    is in a box when its centre is, right and bottom edges excluded) without testing every
    character of the page against every row of a table."""

    def __init__(self, chars: list[dict]):
        self.chars = chars
        self.across = [(char["x0"] + char["x1"]) / 2 for char in chars]
        self.down = [(char["top"] + char["bottom"]) / 2 for char in chars]
        self.order = sorted(range(len(chars)), key=self.down.__getitem__)
        self.heights = [self.down[index] for index in self.order]

    def within(self, box: tuple[float, float, float, float], among: list[int] | None = None) -> list[int]:
        """The indices of the characters (of `among`, else of the page) whose centre lies in the
        box, in page order."""
        from bisect import bisect_left

        x0, top, x1, bottom = box
        across, down = self.across, self.down
        if among is None:
            band = self.order[bisect_left(self.heights, top):bisect_left(self.heights, bottom)]
            return sorted(index for index in band if x0 <= across[index] < x1)
        return [index for index in among if x0 <= across[index] < x1 and top <= down[index] < bottom]


def _table_cells(table, centres: _Centres) -> list[list[str | None]]:
    """`table.extract()`, the same cells: each row's characters are those whose centre lies in the
    row's box, each cell's those of its row whose centre lies in the cell's box, each cell's text
    pdfplumber's `extract_text` of them in page order."""
    from pdfplumber.utils import extract_text

    out = []
    for row in table.rows:
        row_chars = centres.within(row.bbox)
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cell_chars = [centres.chars[index] for index in centres.within(cell, row_chars)]
            cells.append(extract_text(cell_chars) if cell_chars else "")
        out.append(cells)
    return out


def plumber_page_lines(page, legacy_fonts: bool = False,
                       zone: tuple[float, float] | None = None) -> list[PlacedLine]:
    """A pdfplumber page: running text by line, each table as TAB rows at its place.

    `legacy_fonts`: first convert every character set in a TCVN3 font, whose name
    also tells the case (".VnTimeH" draws capitals). VNI spreads a letter over two
    characters, so it is converted later, line by line. `zone`: where to look for two
    columns side by side (pdf_lines.column_zone).
    """
    if legacy_fonts:
        for char in page.chars:
            encoding, upper = legacy.font_encoding(char.get("fontname"))
            if encoding == legacy.TCVN3:
                char["text"] = legacy.decode_tcvn3(char["text"], upper)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    rest = page.filter(_outside(boxes)) if boxes else page
    placed = [pdf_lines.plumber_line(line, page.height, zone) for line in rest.extract_text_lines(return_chars=True)]
    centres = _Centres(page.chars) if tables else None
    for table in tables:
        top = table.bbox[1]
        rows = [[(cell or "").replace("\n", " ").replace("\t", " ").strip() for cell in row]
                for row in _table_cells(table, centres)]
        if all(sum(1 for cell in row if cell) <= 1 for row in rows):
            # one column of text in a frame (a boxed title, a ruled paragraph): prose, not a table
            placed.extend(PlacedLine(" ".join(cell for cell in row if cell), top=top, bottom=table.bbox[3])
                          for row in rows)
            continue
        placed.extend(PlacedLine("\t".join(row), top=top, bottom=table.bbox[3], table_row=True) for row in rows)
    placed.sort(key=lambda line: line.top)        # (stable: a table's rows keep their order)
    return placed


# ------------------------------------------------------------------ pypdfium2 (fast path)

def has_ruled_table(page) -> bool:
    """Cheap test on path objects: enough thin horizontal and vertical rules for a grid."""
    import pypdfium2.raw as pdfium_c

    horizontal = vertical = 0
    for address, kind in pdf_objects.page_objects(page, max_depth=2):
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = pdf_objects.object_bounds(address)
        width, height = right - left, top - bottom
        if height <= RULE_THICKNESS and width >= RULE_MIN_LENGTH:
            horizontal += 1
        elif width <= RULE_THICKNESS and height >= RULE_MIN_LENGTH:
            vertical += 1
        if horizontal >= MIN_RULES and vertical >= MIN_RULES:
            return True
    return False


def has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def scan_dpi(page) -> int:
    """The resolution of the widest image on the page, as placed (a page-size scan: its scanner dpi)."""
    import pypdfium2.raw as pdfium_c

    best = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, _, right, _ = obj.get_bounds()
        pixels = obj.get_px_size()[0]
        if right - left > 72 and (best is None or pixels > best[0]):
            best = (pixels, right - left)
    if not best:
        return OCR_DPI_DEFAULT
    low, high = OCR_DPI_RANGE
    return int(min(max(best[0] / (best[1] / 72), low), high))


def fast_page_lines(page, zone: tuple[float, float] | None = None, textpage=None) -> list[PlacedLine]:
    """pypdfium2's text of the page, by line, with each line's place (loaders/pdf_lines.py).
    `textpage`: the page's text page, if open already (else one is opened and closed here)."""
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        # PDFium joins a word hyphenated at a line end and marks the hyphen U+FFFE; keep the
        # hyphen and the line break, as the page shows them (and as pdfplumber reads them).
        return pdf_lines.pdfium_lines(textpage, text, page.get_height(), zone)
    finally:
        if own:
            textpage.close()


def _visible_chars(lines: list[str]) -> int:
    return sum(len("".join(line.split())) for line in lines)


# ------------------------------------------------------------------ the loader

def _open(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        # PDFium tries the empty password itself, so this is a real user password.
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise LoadError("error", _("encrypted PDF: password required (ask the sender for an unprotected copy)")) from None
        raise LoadError("error", _("corrupt PDF ({error}): re-export or re-scan it").format(error=e)) from None


def load(path: Path, fast: bool = True, ocr_pages: Mapping[int, ocr.PageText] | None = None) -> Loaded:
    """Read a PDF; `fast=False` reads every text page with pdfplumber (the reference path).

    `ocr_pages`: pages already OCR'd elsewhere (a long scan split across cluster workers,
    pipeline/pagesplit.py), taken as they are; the other scanned pages are OCR'd here."""
    pdf = _open(path)
    plumber = _Plumber(path)
    try:
        pages = len(pdf)
        by_page: dict[int, list[str]] = {}
        placed: dict[int, list[PlacedLine]] = {}    # text pages' lines with their place (pdf_layout)
        sizes: dict[int, tuple[float, float]] = {}   # page number -> (width, height) in points
        plumber_pages: list[int] = []
        scanned: list[tuple[int, object]] = []      # (page number, rendered image)
        verdicts: dict[int, textlayer.Verdict] = {}
        ocr_results: dict[int, ocr.PageText] = {}
        for number in range(1, pages + 1):
            try:
                page = pdf[number - 1]
            except MemoryError:   # the worker's memory limit, to be reported as such
                raise
            except Exception as e:
                raise LoadError("error", _("corrupt PDF ({error} on page {page}): re-export it").format(error=type(e).__name__, page=number)) from None
            sizes[number] = (page.get_width(), page.get_height())
            textpage = page.get_textpage()      # (read once: by the fast path and for pdfplumber's objects)
            try:
                placed_lines = fast_page_lines(page, pdf_lines.column_zone(number, pages), textpage)
                lines = [line.text for line in placed_lines]
                # Trust the text layer, or OCR the page (loaders/textlayer.py: no layer, or not Vietnamese).
                verdicts[number] = textlayer.judge(lines, _visible_chars(lines) >= MIN_TEXT_CHARS, lambda: has_image(page))
                if verdicts[number].source != "text":
                    if verdicts[number].source == "ocr":
                        scanned.append((number, page))
                    by_page[number] = []
                elif not fast or has_ruled_table(page):
                    plumber_pages.append(number)
                    if fast:    # (read again below if the text turns out to be in TCVN3 fonts)
                        placed[number] = plumber.page_lines(number, page, textpage)
                else:
                    by_page[number] = lines
                    placed[number] = placed_lines
            finally:
                textpage.close()
        text_pages = [n for n, lines in by_page.items() if lines] + plumber_pages
        fast_text = "\n".join(line for lines in by_page.values() for line in lines)
        fast_encoding = legacy.detect(fast_text)
        legacy_fonts = fast_encoding is not None
        if legacy_fonts:
            # pdfium drops the soft hyphen that TCVN3 uses for "ư" and knows no fonts: read with pdfplumber.
            plumber_pages = sorted(text_pages)
        if legacy_fonts or not fast:
            placed.update({n: plumber.page_lines(n, legacy_fonts=legacy_fonts, fast=fast) for n in plumber_pages})
        if plumber_pages:
            by_page.update({n: [line.text for line in placed[n]] for n in plumber_pages})
        notes: list[str] = []
        page_confidence: dict[int, float] = {}
        ocr_pages = ocr_pages or {}
        to_read = [(n, page) for n, page in scanned if n not in ocr_pages]
        if scanned:
            missing = ocr.missing_reason() if to_read else None   # asks Tesseract once (a subprocess)
            if missing:
                if len(scanned) == pages:
                    raise LoadError("needs_ocr", _("scanned PDF with no text layer: {reason}").format(reason=missing))
                notes.append(_("pages without a text layer, not OCR'd ({reason}): {pages}").format(
                    reason=missing, pages=", ".join(str(n) for n, _page in scanned)))
            else:
                images = ((n, ocr.page_image(page, scan_dpi(page))) for n, page in to_read)
                read_here = ocr.ocr_images(images, total=len(to_read))
                for number, page in scanned:   # in page order, as read here or elsewhere
                    result = ocr_pages[number] if number in ocr_pages else next(read_here)[1]
                    by_page[number] = result.lines
                    page_confidence[number] = result.confidence
                    ocr_results[number] = result
    finally:
        plumber.close()
        pdf.close()

    # Reading order: header columns apart, page furniture dropped, footnotes after their paragraph
    # (pages read by OCR stay as they are).
    layouts = [PageLayout(n, *sizes[n], placed[n]) if n in placed and n not in page_confidence
               else PageLayout(n, *sizes[n], [PlacedLine(line) for line in by_page.get(n, [])], placed=False)
               for n in range(1, pages + 1)]
    lines = pdf_layout.arrange(layouts)
    notes.extend(layout.note for layout in layouts if layout.note)
    # Without ruled or scanned pages the whole text is the text already tested.
    encoding = fast_encoding if not plumber_pages and not page_confidence else \
        legacy.detect("\n".join(text for text, _ in lines))
    if encoding:      # text-level conversion: VNI, or TCVN3 in fonts not named as such
        repaired = legacy.repair_lines([text for text, _ in lines], encoding)
        lines = [(text, page) for text, (_, page) in zip(repaired, lines)]
    elif legacy_fonts:
        encoding = legacy.TCVN3          # converted character by character, from the fonts
    notes.extend(legacy.conversion_notes(encoding))
    if page_confidence:
        notes.append(ocr.confidence_note(page_confidence))
    return Loaded(
        lines, pages=pages, ocr=bool(page_confidence), notes=notes,
        ocr_confidence=ocr.mean_confidence(page_confidence), ocr_page_confidence=page_confidence,
        legacy_encoding=encoding, page_reads=textlayer.page_reads(verdicts, ocr_results, by_page),
    )


class _Plumber:
    """pdfplumber on the file, opened when a page first needs it."""

    def __init__(self, path: Path):
        self.path = path
        self.pdf = None
        self.fonts: dict = {}    # the document's declared fonts, read once (pdf_objects._declared_fonts)

    def page_lines(self, number: int, pdfium_page=None, textpage=None, legacy_fonts: bool = False,
                   fast: bool = True) -> list[PlacedLine]:
        """The page read by pdfplumber (`plumber_page_lines`). `fast`: hand it the objects read by
        PDFium (`pdfium_page` and its open `textpage`), or else by pdfminer (pdf_objects.py); else
        let it build its own. Pages in TCVN3 fonts are read by pdfminer: PDFium drops the soft
        hyphen those fonts draw "ư" with."""
        import pdfplumber

        try:
            if self.pdf is None:
                self.pdf = pdfplumber.open(str(self.path))
            page = self.pdf.pages[number - 1]
            if fast:    # what `page.objects` returns once parsed
                page._objects = (None if legacy_fonts or pdfium_page is None
                                 else pdf_objects.pdfium_objects(pdfium_page, page, self.fonts, textpage)) \
                    or pdf_objects.pdfminer_objects(page)
            lines = plumber_page_lines(page, legacy_fonts, pdf_lines.column_zone(number, len(self.pdf.pages)))
            page.flush_cache()
            return lines
        except MemoryError:   # the worker's memory limit, to be reported as such
            raise
        except Exception as e:
            raise LoadError("error", _("corrupt PDF ({error} on page {page}): re-export it").format(
                error=type(e).__name__, page=number)) from None

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
