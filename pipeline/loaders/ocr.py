"""OCR of page images with Tesseract's Vietnamese model, through pytesseract.

pytesseract rather than ocrmypdf: the loaders need lines and per-page
confidence, not a new PDF. With pytesseract one `image_to_data` call per page
gives both (words with their line and confidence), pages are rasterised
in-process by pypdfium2 (no Ghostscript or pdftoppm per page), and the decision
"does this page have a text layer" stays in pdf.py, page by page. ocrmypdf would
add a PDF round trip and its own dependencies to get the same text.

A page, in order: stamp ink dropped by colour (`drop_red_ink`), levelled (`deskew`), read
with word boxes, turned upright when the reading is poor or the boxes stand on end
(`detect_rotation`, Tesseract's OSD) and read again; the words are laid out in the
page's order, columns side by side as TAB cells (`layout_rows`), a symbol cut by the
line end joined (`join_broken_symbols`).

Ruled tables: the grid is found from the rules (`find_grids`), the rules are then
painted out (`erase_rules`, else Tesseract reads them as "|", "[", "—" glued to
the cells' words), each word goes to the cell under its centre, and a cell with
ink but no word (page segmentation drops short lone words) is read on its own.

Speed: Tesseract's own OpenMP threads make it several times slower on a small
machine, so every Tesseract runs single-threaded (OMP_THREAD_LIMIT=1) and
`ocr_images` keeps one running per core (`workers`, default the CPU count;
set BAOCAO_OCR_WORKERS=1 when files are already processed in parallel).
"""
from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..i18n import N_, _

LANGUAGE = "vie"
# --psm 3: automatic page segmentation, which keeps columns and table cells apart.
TESSERACT_CONFIG = "--psm 3"
# One table cell read on its own: a single block of text.
CELL_CONFIG = "--psm 6"
VERTICAL_RULE_INK = 0.8  # share of a table row's height a column rule inks
HORIZONTAL_RULE_INK = 0.5  # share of a table's width a row rule inks (text never comes near)
CELL_MARGIN = 4         # pixels kept clear of the rules when a cell is cropped
MIN_CELL_INK = 20       # dark pixels in a cell below which it is empty (scan specks)
RULE_REACH = 4          # pixels a rule may stray past the grid's outer bounds (residual skew)
MAX_SKEW = 2.0          # degrees a page may be tilted on the scanner glass
COLUMN_GAP = 1.5        # a gap this many line heights wide separates columns (running text: at most 0.6)
RED_MIN = 120           # a stamp's red channel at least this bright ...
RED_MARGIN = 60         # ... and this far above green (red and purple stamps; blue handwriting is kept)
# Below this mean word confidence, or when the words' boxes stand on end, a page may be
# sideways or upside down: ask Tesseract's orientation detection (OSD). Upright scans read
# at 85-96, turned ones at 30-50, so an upright page pays nothing for the check.
UPRIGHT_CONFIDENCE = 75.0
MIN_OSD_CONFIDENCE = 1.5    # OSD's orientation confidence below which its answer is a guess
INSTALL_HINT = N_("install Tesseract with its Vietnamese model: apt-get install tesseract-ocr tesseract-ocr-vie")


@dataclass
class PageText:
    lines: list[str]
    confidence: float | None      # mean word confidence 0-100, None when no word was read
    rotation: int = 0             # degrees (clockwise) the page was turned to read it upright
    rotation_doubt: str | None = None   # why the orientation is uncertain, for a warning
    sideways: bool = False        # most words' boxes stand taller than wide: text running up or down


def available() -> bool:
    """Tesseract and its Vietnamese model are installed."""
    return missing_reason() is None


def missing_reason() -> str | None:
    if not shutil.which("tesseract"):
        return _("Tesseract is not installed ({hint})").format(hint=_(INSTALL_HINT))
    try:
        import pytesseract

        if LANGUAGE not in pytesseract.get_languages(config=""):
            return _("Tesseract has no Vietnamese model ({hint})").format(hint=_(INSTALL_HINT))
    except Exception as e:  # a broken install reports itself here rather than page by page
        return _("Tesseract does not run ({error}); {hint}").format(error=f"{type(e).__name__}: {e}", hint=_(INSTALL_HINT))
    return None


def drop_red_ink(image):
    """A colour page in grey, with red and purple ink (seals, "ĐẾN" mail stamps) turned to paper.

    A stamp over the signature or the title is read as stray letters glued to the
    text around it. Stamp ink is told from black and from the blue of handwritten
    numbers and signatures by its channels: a bright red channel well above green
    (red and purple inks; blue ink has little red).
    """
    import numpy as np
    from PIL import Image

    if image.mode not in ("RGB", "RGBA"):
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"))
    if not _red(rgb[::4, ::4].astype(np.int16)).any():     # a grey scan, or no stamp: skip the full pass
        return image.convert("L")
    stamp = _red(rgb.astype(np.int16))
    grey = np.asarray(image.convert("L")).copy()
    grey[stamp] = 255
    return Image.fromarray(grey)


def _red(rgb):
    """Pixels of stamp ink (red or purple) in an (int16) RGB array."""
    import numpy as np

    red, green = rgb[..., 0], rgb[..., 1]
    return (red > RED_MIN) & (red - green > RED_MARGIN)


def page_image(page, dpi: int):
    """A PDF page (pypdfium2) rendered for OCR: in colour when a scan on it is in colour, so that
    `drop_red_ink` can see the stamps; grey otherwise (a third of the pixels to render and convert)."""
    return page.render(scale=dpi / 72, grayscale=not _has_colour_image(page)).to_pil()


def _has_colour_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    grey = {pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY}
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        metadata = obj.get_metadata()
        if metadata.bits_per_pixel > 1 and metadata.colorspace not in grey:
            return True
    return False


def deskew(image):
    """Rotate a scanned page level: the angle (within MAX_SKEW) that gives the sharpest row profile."""
    import numpy as np
    from PIL import Image

    small = image.convert("L").reduce(4)
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        profile = np.asarray(ink.rotate(angle, resample=Image.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    # Coarse to fine: half degrees, then tenths around the best.
    coarse = max((step / 2 for step in range(-int(MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)), key=sharpness)
    best_angle = max((coarse + step / 10 for step in range(-4, 5)), key=sharpness)
    if not best_angle:
        return image
    return image.convert("L").rotate(best_angle, resample=Image.BICUBIC, fillcolor=255)


def _runs(mask) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D mask."""
    import numpy as np

    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2], edges[1::2]))


@dataclass
class Grid:
    """A ruled table on the page image: row boundaries (y) and column boundaries (x)."""

    top: int
    bottom: int
    left: int
    right: int
    rows: list[int]
    columns: list[int]

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.left <= x <= self.right and self.top <= y <= self.bottom):
            return None
        row = sum(1 for b in self.rows[1:-1] if y > b)
        column = sum(1 for b in self.columns[1:-1] if x > b)
        return row, column


def find_grids(image) -> list[Grid]:
    """Ruled tables: long horizontal rules joined by vertical rules that span them."""
    import numpy as np

    thick = _thick_ink(image)
    height, width = thick.shape

    # A horizontal rule: a run of ink an eighth of the page wide.
    length = max(width // 12, 40)
    sums = np.cumsum(np.pad(thick, ((0, 0), (1, 0))), axis=1, dtype=np.int32)
    rules = [(a + b) // 2 for a, b in _runs(((sums[:, length:] - sums[:, :-length]) == length).any(axis=1))]

    def columns_between(y1: int, y2: int) -> list[int]:
        # Vertical rules: columns inked over nearly the whole band between two rules.
        band = thick[y1 + 3:y2 - 2, :]
        if band.shape[0] < 5:
            return []
        return [(a + b) // 2 for a, b in _runs(band.mean(axis=0) > VERTICAL_RULE_INK)]

    grids: list[Grid] = []
    group: list[int] = []
    columns: list[int] = []
    for y1, y2 in zip(rules, rules[1:] + [None]):
        between = columns_between(y1, y2) if y2 is not None else []
        if len(between) >= 2:
            group = group or [y1]
            group.append(y2)
            columns = sorted(set(columns) | set(between))
            continue
        if len(group) >= 2:
            # Rules a couple of pixels apart are one rule seen twice.
            merged = [x for i, x in enumerate(columns) if i == 0 or x - columns[i - 1] > 4]
            grids.append(Grid(group[0], group[-1], merged[0], merged[-1], group, merged))
        group, columns = [], []
    return grids


def _thick_ink(image):
    """Ink of a page, thickened by a pixel each way: a one-pixel rule on a noisy scan has gaps and steps."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < 128
    thick = ink.copy()
    thick[1:, :] |= ink[:-1, :]
    thick[:-1, :] |= ink[1:, :]
    thick[:, 1:] |= ink[:, :-1]
    thick[:, :-1] |= ink[:, 1:]
    return thick


def erase_rules(image, grids: list[Grid]):
    """The page with its tables' ruling lines painted white.

    Tesseract reads a rule beside or under a word as a glyph ("|", "l", "[", "_",
    "—", or a "1" glued to "120" making "1120"), and that debris lands in the
    cells ("1 l _|", "— Năm 2015", "300 II"). The rules are found by the same
    test as in `find_grids`: a horizontal rule is a pixel row inked over most of
    the table's width, a vertical one a pixel column inked over VERTICAL_RULE_INK
    of a row's height. Text is never that long in either direction.
    """
    import numpy as np
    from PIL import Image

    if not grids:
        return image
    pixels = np.asarray(image.convert("L")).copy()
    thick = _thick_ink(image)
    height, width = pixels.shape
    for grid in grids:
        top, bottom = max(grid.top - RULE_REACH, 0), min(grid.bottom + RULE_REACH + 1, height)
        left, right = max(grid.left - RULE_REACH, 0), min(grid.right + RULE_REACH + 1, width)
        across = thick[top:bottom, left:right].mean(axis=1) > HORIZONTAL_RULE_INK
        for y in np.flatnonzero(across) + top:
            pixels[max(y - 1, 0):y + 2, left:right] = 255
        for y1, y2 in zip(grid.rows, grid.rows[1:]):
            band = thick[y1:y2, left:right]
            for x in np.flatnonzero(band.mean(axis=0) > VERTICAL_RULE_INK) + left:
                pixels[y1:y2, max(x - 1, 0):x + 2] = 255
    return Image.fromarray(pixels)


def ocr_image(image) -> PageText:
    """One page image -> its lines in reading order (ruled tables as TAB rows) and the mean word confidence.

    Stamp ink is dropped, the page is levelled (`deskew`), read, and when the
    reading is poor or runs across the lines, turned upright by Tesseract's
    orientation detection and read again; the better reading is kept.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")   # inherited by the tesseract process
    grey = drop_red_ink(image)
    result = _read_upright(deskew(grey))
    if result.confidence is not None and result.confidence >= UPRIGHT_CONFIDENCE and not result.sideways:
        return result
    rotation, doubt = detect_rotation(grey)
    # Boxes standing on end mean a quarter turn, whatever OSD says: then try both quarter turns.
    candidates = [rotation] if rotation and not (result.sideways and rotation == 180) else []
    if result.sideways and rotation in (0, 180):
        candidates = [90, 270]
    for turn in candidates:
        turned = _read_upright(deskew(grey.rotate(-turn, expand=True)))
        # A reading along the lines beats one across them; else the more confident reading wins.
        if (turned.sideways, -(turned.confidence or 0)) < (result.sideways, -(result.confidence or 0)):
            turned.rotation, result = turn, turned
    if rotation and result.rotation != rotation and not doubt:
        doubt = _("orientation detection said {said}°, the page read better turned {turned}°").format(
            said=rotation, turned=result.rotation)
    result.rotation_doubt = doubt
    return result


def detect_rotation(image) -> tuple[int, str | None]:
    """Degrees (0, 90, 180, 270) to turn the page clockwise to make it upright, and a doubt if any."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:       # too few characters to tell
        return 0, _("orientation could not be detected (too little text)")
    rotation = int(osd.get("rotate", 0)) % 360
    if float(osd.get("orientation_conf", 0)) < MIN_OSD_CONFIDENCE:
        return rotation, _("orientation uncertain (OSD confidence {confidence})").format(
            confidence=f"{float(osd.get('orientation_conf', 0)):.1f}")
    return rotation, None


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass
class OcrLine:
    """One line as Tesseract segmented it: its block and its words with their boxes."""

    block: int
    words: list[Word]

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return self.words[-1].right

    def cells(self) -> list[str]:
        """The line's words, cut into cells where a gap is wider than COLUMN_GAP x-heights
        ("Số: 215/TCKH-NS" | "An Phú, ngày 12 tháng 3 năm 2024" on one scanned row)."""
        height = max(self.bottom - self.top, 1)
        out = [[self.words[0].text]]
        for before, word in zip(self.words, self.words[1:]):
            if word.left - before.right > COLUMN_GAP * height:
                out.append([])
            out[-1].append(word.text)
        return [" ".join(cell) for cell in out]


def layout_rows(lines: list[OcrLine]) -> list[tuple[int, str]]:
    """(top, text) rows in the order of the page: top to bottom, and left to right within a row.

    Lines side by side (the header's two columns, "Nơi nhận:" beside the signer,
    a note in the margin), which Tesseract puts in separate blocks or glues
    into one line, become one row whose cells are TAB-separated, as a Word
    header table is; the header and signature readers take cells apart. A blank
    line separates rows that share no block (paragraphs, as Tesseract found them).
    """
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: (line.top + line.bottom) / 2):
        centre = (line.top + line.bottom) / 2
        row = rows[-1] if rows else None
        if row and row[0].top <= centre <= row[0].bottom and not any(
                line.left < other.right and other.left < line.right for other in row):
            row.append(line)
        else:
            rows.append([line])
    placed: list[tuple[int, str]] = []
    previous_blocks: set[int] = set()
    for row in rows:
        row.sort(key=lambda line: line.left)
        blocks = {line.block for line in row}
        if previous_blocks and not blocks & previous_blocks:
            placed.append((row[0].top, ""))
        placed.append((min(line.top for line in row), "\t".join(cell for line in row for cell in line.cells())))
        previous_blocks = blocks
    return placed


# A row that ends inside a symbol ("… Quyết định số 7619/QĐ-") and the code that the next row starts with ("BCA").
_SYMBOL_CUT = re.compile(r"\d{1,6}\s?/\s?(?:(?:19|20)\d{2}/)?(?:[A-ZĐ][A-Za-zĐđ0-9&]*-)+$")
_CODE_START = re.compile(r"^[A-ZĐ][A-ZĐ0-9&]*[A-ZĐ0-9](?=$|[\s,;.)])")


def join_broken_symbols(rows: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Move the code that ends a symbol cut by the line end back to its line: "7619/QĐ-" + "BCA ngày …"."""
    out = list(rows)
    emptied = set()
    for i in range(len(out) - 1):
        top, text = out[i]
        below_top, below = out[i + 1]
        if "\t" in text or "\t" in below or not _SYMBOL_CUT.search(text):
            continue
        if code := _CODE_START.match(below):
            out[i] = (top, text + code.group())
            out[i + 1] = (below_top, below[code.end():].lstrip())
            if not out[i + 1][1]:
                emptied.add(i + 1)      # the row held only the code: not a blank line between paragraphs
    return [row for i, row in enumerate(out) if i not in emptied]


def _read_upright(image) -> PageText:
    """OCR an upright, levelled grey page: running text by Tesseract's lines, ruled tables as TAB rows."""
    import pytesseract

    grids = find_grids(image)
    image = erase_rules(image, grids)
    data = pytesseract.image_to_data(image, lang=LANGUAGE, config=TESSERACT_CONFIG, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], OcrLine] = {}
    cells: dict[int, dict[tuple[int, int], list[str]]] = {}     # grid -> (row, column) -> words
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        if float(data["conf"][i]) >= 0:
            confidences.append(float(data["conf"][i]))
        left, top, width, height = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        placed = next(((g, cell) for g, grid in enumerate(grids)
                       if (cell := grid.cell_of(left + width / 2, top + height / 2))), None)
        if placed:
            cells.setdefault(placed[0], {}).setdefault(placed[1], []).append(word)
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, OcrLine(key[0], [])).words.append(Word(word, left, top, left + width, top + height))
    placed_text = join_broken_symbols(layout_rows(list(lines.values())))
    # Tesseract reads some pages turned by 90° with a good confidence, but its boxes then run
    # down the page: words of three letters or more are wider than tall on an upright page.
    long_words = [w for line in lines.values() for w in line.words if len(w.text) >= 3]
    sideways = sum(w.bottom - w.top > w.right - w.left for w in long_words) > len(long_words) / 2
    for g, grid in enumerate(grids):
        found = cells.get(g, {})
        for r in range(len(grid.rows) - 1):
            # Page segmentation drops a short word alone in its cell (a row number "2", an amount
            # "480" once the rules beside it are erased): read cells that hold ink but no word alone.
            for c in range(len(grid.columns) - 1):
                if (r, c) not in found and (alone := _read_cell_alone(image, grid, r, c)):
                    found[(r, c)] = alone
        rows = [
            (grid.rows[r], "\t".join(" ".join(found.get((r, c), [])) for c in range(len(grid.columns) - 1)))
            for r in range(len(grid.rows) - 1)
        ]
        rows = [(top, text) for top, text in rows if text.strip()]
        at = next((i for i, (top, _) in enumerate(placed_text) if top > grid.top), len(placed_text))
        placed_text[at:at] = rows
    confidence = sum(confidences) / len(confidences) if confidences else None
    return PageText([text for _, text in placed_text], confidence, sideways=sideways)


def _read_cell_alone(image, grid: Grid, row: int, column: int) -> list[str]:
    """The words of one table cell OCR'd on its own; [] for a cell without ink."""
    import numpy as np
    import pytesseract

    box = (grid.columns[column] + CELL_MARGIN, grid.rows[row] + CELL_MARGIN,
           grid.columns[column + 1] - CELL_MARGIN, grid.rows[row + 1] - CELL_MARGIN)
    if box[2] <= box[0] + 8 or box[3] <= box[1] + 8:
        return []
    crop = image.crop(box)
    if int((np.asarray(crop.convert("L")) < 128).sum()) < MIN_CELL_INK:
        return []
    words = pytesseract.image_to_string(crop, lang=LANGUAGE, config=CELL_CONFIG).split()
    return words if any(ch.isalnum() for word in words for ch in word) else []


def default_workers() -> int:
    return int(os.environ.get("BAOCAO_OCR_WORKERS") or os.cpu_count() or 1)


@dataclass(frozen=True)
class PageProgress:
    """Sent to the ingest's progress bar (workers.report) as each page is OCR'd."""

    done: int
    total: int | None

    def __str__(self) -> str:
        return (_("OCR page {done}/{total}").format(done=self.done, total=self.total) if self.total
                else _("OCR page {done}").format(done=self.done))


def ocr_images(images: Iterable[tuple[int, object]], workers: int | None = None,
               total: int | None = None) -> Iterator[tuple[int, PageText]]:
    """OCR (page number, image) pairs with one single-threaded Tesseract per worker, in page order.

    Images are consumed lazily (at most a few ahead of the OCR), so a long scan
    is never held in memory all at once. Each page done is reported (`PageProgress`
    of `total` pages) to the ingest's progress bar when running in a worker.
    """
    from ..workers import report

    workers = workers or default_workers()
    for done, (number, result) in enumerate(_ocr_in_order(images, workers), start=1):
        report(PageProgress(done, total))
        yield number, result


def _ocr_in_order(images: Iterable[tuple[int, object]], workers: int) -> Iterator[tuple[int, PageText]]:
    if workers == 1:
        for number, image in images:
            yield number, ocr_image(image)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending = []
        for number, image in images:
            pending.append((number, pool.submit(ocr_image, image)))
            while len(pending) > workers:
                first, future = pending.pop(0)
                yield first, future.result()
        for number, future in pending:
            yield number, future.result()


def confidence_note(by_page: dict[int, float | None]) -> str:
    """The files.note part for OCR'd pages; a page where Tesseract found no word has no figure."""
    return _("OCR confidence by page: {pages}").format(pages=", ".join(
        f"{n}: {c:.0f}" for n, c in sorted(by_page.items()) if c is not None))


def mean_confidence(by_page: dict[int, float | None]) -> float | None:
    values = [c for c in by_page.values() if c is not None]
    return round(sum(values) / len(values), 1) if values else None
