"""OCR of page images with Tesseract's Vietnamese model, in-process through tesserocr.

Tesseract's library in-process (tesserocr) rather than ocrmypdf: the loaders need
lines and per-page confidence, not a new PDF. One recognition per page gives both
(words with their line and confidence, Tesseract's TSV), pages are rasterised
in-process by pypdfium2 (no Ghostscript or pdftoppm per page), and the decision
"does this page have a text layer" stays in pdf.py, page by page. ocrmypdf would
add a PDF round trip and its own dependencies to get the same text.

In-process rather than a `tesseract` program per page (pytesseract): each program
loads the Vietnamese model again, reads the page from a file and writes its TSV,
and that cost a quarter of a page's CPU (measured 1.75 -> 1.31 CPU-s a page). A
loaded model is kept per thread (`_engine`) and reused page after page. The
`tesseract` program and its `vie` model (Debian's tesseract-ocr packages) are still
what `available` asks for: the models are read from its tessdata folder, and
orientation detection (`detect_rotation`, rare) still runs the program.

A page, in order (the image work in loaders/scan_image.py, the layout in
loaders/scan_layout.py, the reading here): stamp ink dropped by colour
(`drop_red_ink`), dark margins and unevenly lit paper evened out (`whiten_dark_margins`,
`even_out_light`), levelled (`deskew`), ruled tables found and their rules painted
out (`find_grids`, `erase_rules`), read with word boxes, turned upright when the
reading is poor or the boxes stand on end (`detect_rotation`, Tesseract's OSD) and
read again; the words are laid out in the page's order, columns side by side as TAB
cells (`layout_rows`), a symbol cut by the line end joined (`join_broken_symbols`).
In a ruled table each word goes to the cell under its centre, and a cell with ink but
no word (page segmentation drops short lone words) is read on its own.

Speed: Tesseract's own OpenMP threads make it several times slower on a small
machine, so it reads single-threaded (tesserocr's library is built without OpenMP; the
`tesseract` program asked for orientation gets OMP_THREAD_LIMIT=1) and `ocr_images`
keeps one read running per core (`workers`, default the CPU count; set
BAOCAO_OCR_WORKERS=1 when files are already processed in parallel). Tesseract releases
Python's lock while it reads, so threads read side by side.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator

from ..i18n import N_, _
from .scan_image import (
    Grid, deskew, drop_red_ink, enlarged, erase_rules, even_out_light, find_grids, page_image, whiten_dark_margins,
)
from .scan_layout import OcrLine, Word, join_broken_symbols, layout_rows, restore_bullet_dashes

LANGUAGE = "vie"
# Page segmentation (Tesseract's --psm): a page by automatic segmentation (3), which keeps
# columns and table cells apart; a table cell read on its own as a single block of text (6).
PAGE_SEGMENTATION = 3
CELL_SEGMENTATION = 6
CELL_MARGIN = 4         # pixels kept clear of the rules when a cell is cropped
MIN_CELL_INK = 20       # dark pixels in a cell below which it is empty (scan specks)
# Below this mean word confidence, or when the words' boxes stand on end, a page may be
# sideways or upside down: ask Tesseract's orientation detection (OSD). Upright scans read
# at 85-96, turned ones at 30-50, so an upright page pays nothing for the check.
UPRIGHT_CONFIDENCE = 75.0
MIN_OSD_CONFIDENCE = 1.5    # OSD's orientation confidence below which its answer is a guess
# Words' median height (pixels, words of 3 letters or more): 26-33 on the 200-dpi scans here.
# Below SMALL_WORDS (a 100-150 dpi fax or web copy) letters lose strokes: the page is read again
# enlarged to WORD_HEIGHT, at most MAX_ENLARGEMENT times.
SMALL_WORDS = 20
WORD_HEIGHT = 32
MAX_ENLARGEMENT = 3.0
INSTALL_HINT = N_("install Tesseract with its Vietnamese model: apt-get install tesseract-ocr tesseract-ocr-vie")


@dataclass
class PageText:
    lines: list[str]
    confidence: float | None      # mean word confidence 0-100, None when no word was read
    rotation: int = 0             # degrees (clockwise) the page was turned to read it upright
    rotation_doubt: str | None = None   # why the orientation is uncertain, for a warning
    sideways: bool = False        # most words' boxes stand taller than wide: text running up or down
    word_height: float | None = None    # the median height of words of 3 letters or more, in pixels
    adjusted: list[str] = field(default_factory=list)   # what was done to the image besides levelling


def available() -> bool:
    """Tesseract and its Vietnamese model are installed."""
    return missing_reason() is None


def missing_reason() -> str | None:
    """Why OCR cannot run here, or None. Asked once per file, answered once per PATH: asking
    Tesseract for its models is a subprocess, 14 CPU-ms, 1% of a single-page scan's OCR."""
    return _missing_reason_on(os.environ.get("PATH", ""))


@cache
def _missing_reason_on(path: str) -> str | None:
    if not shutil.which("tesseract", path=path):
        return _("Tesseract is not installed ({hint})").format(hint=_(INSTALL_HINT))
    try:
        import pytesseract

        if LANGUAGE not in pytesseract.get_languages(config=""):
            return _("Tesseract has no Vietnamese model ({hint})").format(hint=_(INSTALL_HINT))
    except Exception as e:  # a broken install reports itself here rather than page by page
        return _("Tesseract does not run ({error}); {hint}").format(error=f"{type(e).__name__}: {e}", hint=_(INSTALL_HINT))
    return None


def ocr_image(image) -> PageText:
    """One page image -> its lines in reading order (ruled tables as TAB rows) and the mean word confidence.

    Stamp ink is dropped, dark margins and uneven light evened out, the page is
    levelled (`deskew`), read (again enlarged if its print is small), and when the
    reading is poor or runs across the lines, turned upright by Tesseract's
    orientation detection and read again; the better reading is kept.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")   # inherited by the tesseract program (OSD)
    adjusted: list[str] = []            # what was done to the page, for the pages table
    grey = drop_red_ink(image)
    for adjust, note in ((whiten_dark_margins, "dark margins whitened"), (even_out_light, "uneven light evened out")):
        if (done := adjust(grey)) is not grey:
            grey = done
            adjusted.append(note)
    result = _read_upright(deskew(grey))
    if result.word_height and result.word_height < SMALL_WORDS:
        # Scanned at a low resolution (a fax, a web copy): read again with letters of a readable size.
        scale = min(WORD_HEIGHT / result.word_height, MAX_ENLARGEMENT)
        grey = enlarged(grey, scale)
        result = _read_upright(deskew(grey))
        adjusted.append(f"small print read enlarged {scale:.1f}x")
    result.adjusted = adjusted
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
            turned.rotation, turned.adjusted, result = turn, adjusted, turned
    if rotation and result.rotation != rotation and not doubt:
        doubt = _("orientation detection said {said}°, the page read better turned {turned}°").format(
            said=rotation, turned=result.rotation)
    result.rotation_doubt = doubt
    return result


@contextmanager
def as_uncompressed_file(image) -> Iterator[Path]:
    """The image in a temporary PGM/PPM file, for Tesseract to read.

    pytesseract hands Tesseract a PNG, whose compression cost 0.17 CPU-s for a
    200-dpi page: a tenth of the page's OCR. A PNM file holds the same pixels and
    no resolution either (Tesseract estimates it from the text, as it does for
    pytesseract's PNG), so the reading is the same.
    """
    with tempfile.TemporaryDirectory(prefix="baocao-ocr-") as folder:
        path = Path(folder) / "page.pnm"
        image.save(path, format="PPM")
        yield path


def detect_rotation(image) -> tuple[int, str | None]:
    """Degrees (0, 90, 180, 270) to turn the page clockwise to make it upright, and a doubt if any."""
    import pytesseract

    try:
        with as_uncompressed_file(image) as uncompressed:
            osd = pytesseract.image_to_osd(str(uncompressed), config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:       # too few characters to tell
        return 0, _("orientation could not be detected (too little text)")
    rotation = int(osd.get("rotate", 0)) % 360
    if float(osd.get("orientation_conf", 0)) < MIN_OSD_CONFIDENCE:
        return rotation, _("orientation uncertain (OSD confidence {confidence})").format(
            confidence=f"{float(osd.get('orientation_conf', 0)):.1f}")
    return rotation, None


def _read_upright(image) -> PageText:
    """OCR an upright, levelled grey page: running text by Tesseract's lines, ruled tables as TAB rows."""
    grids = find_grids(image)
    image = erase_rules(image, grids)
    data = recognise(image, PAGE_SEGMENTATION)
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
    placed_text = restore_bullet_dashes(join_broken_symbols(layout_rows(list(lines.values()))))
    # Tesseract reads some pages turned by 90° with a good confidence, but its boxes then run
    # down the page: words of three letters or more are wider than tall on an upright page.
    long_words = [w for line in lines.values() for w in line.words if len(w.text) >= 3]
    sideways = sum(w.bottom - w.top > w.right - w.left for w in long_words) > len(long_words) / 2
    heights = sorted(min(w.bottom - w.top, w.right - w.left) for w in long_words)   # across the line, if sideways
    word_height = heights[len(heights) // 2] if heights else None
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
    return PageText([text for _, text in placed_text], confidence, sideways=sideways, word_height=word_height)


def _read_cell_alone(image, grid: Grid, row: int, column: int) -> list[str]:
    """The words of one table cell OCR'd on its own; [] for a cell without ink."""
    import numpy as np

    box = (grid.columns[column] + CELL_MARGIN, grid.rows[row] + CELL_MARGIN,
           grid.columns[column + 1] - CELL_MARGIN, grid.rows[row + 1] - CELL_MARGIN)
    if box[2] <= box[0] + 8 or box[3] <= box[1] + 8:
        return []
    crop = image.crop(box)
    if int((np.asarray(crop.convert("L")) < 128).sum()) < MIN_CELL_INK:
        return []
    words = [word for word in recognise(crop, CELL_SEGMENTATION)["text"] if word.strip()]
    return words if any(ch.isalnum() for word in words for ch in word) else []


TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
               "left", "top", "width", "height", "conf", "text")


def recognise(image, segmentation: int) -> dict[str, list]:
    """Tesseract's words of a grey image, column by column as its TSV has them (block_num,
    par_num, line_num, left, top, width, height, conf, text; `pytesseract.image_to_data`'s form).

    The image is handed over as raw grey bytes, which carry no resolution: Tesseract
    estimates it from the text, as it did for the PNM file the `tesseract` program read.
    """
    grey = image.convert("L")
    with _engine() as engine:
        engine.SetPageSegMode(segmentation)
        engine.SetImageBytes(grey.tobytes(), grey.width, grey.height, 1, grey.width)
        engine.Recognize()          # the read itself, outside Python's lock: threads read side by side
        tsv = engine.GetTSVText(0)
    data: dict[str, list] = {column: [] for column in TSV_COLUMNS}
    for row in tsv.splitlines():
        fields = row.split("\t")
        if len(fields) != len(TSV_COLUMNS):
            continue
        for column, value in zip(TSV_COLUMNS, fields):
            data[column].append(value if column == "text" else float(value) if column == "conf" else int(value))
    return data


_idle_engines: list = []        # loaded Tesseract engines not in use, reused page after page
_engines_lock = threading.Lock()


@contextmanager
def _engine():
    """A Tesseract engine with the Vietnamese model loaded, for this thread alone while in use.

    Loading the model costs about 0.1 CPU-s; engines are kept and lent to whichever
    thread reads next (one engine is not safe to share between threads at once).
    """
    with _engines_lock:
        engine = _idle_engines.pop() if _idle_engines else None
    if engine is None:
        import tesserocr

        engine = tesserocr.PyTessBaseAPI(path=tessdata_folder(), lang=LANGUAGE)
    try:
        yield engine
    finally:
        with _engines_lock:
            _idle_engines.append(engine)


def _forget_engines_after_fork() -> None:
    """A forked worker starts with a fresh lock (another thread may have held it at the fork)."""
    global _engines_lock
    _engines_lock = threading.Lock()


if hasattr(os, "register_at_fork"):      # POSIX only; without fork (Windows) workers are spawned fresh
    os.register_at_fork(after_in_child=_forget_engines_after_fork)

# `tesseract --list-langs` names its tessdata folder: List of available languages in "/usr/share/…/tessdata/" (3):
TESSDATA_FOLDER = re.compile(r'languages in "(?P<folder>[^"]+)"')


@cache
def tessdata_folder() -> str:
    """The folder of the `tesseract` program's models (its TESSDATA_PREFIX or the built-in one)."""
    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=True)
    found = TESSDATA_FOLDER.search(listing.stdout + listing.stderr)
    if not found:
        raise RuntimeError(f"tesseract --list-langs names no tessdata folder: {listing.stdout!r}")
    return found["folder"]


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


def page_count(path: Path) -> int:
    """Pages of a PDF, or frames of an image file (a multi-page TIFF is a scanned document)."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        document = pypdfium2.PdfDocument(str(path))
        try:
            return len(document)
        finally:
            document.close()
    from .image import open_image

    with open_image(path) as image:
        return getattr(image, "n_frames", 1)


def ocr_file_pages(path: Path, pages: Iterable[int], workers: int | None = None) -> dict[int, PageText]:
    """OCR the given pages (1-based) of one scanned PDF or image file, as the loaders do: each PDF
    page rasterised at its scan's resolution, each image frame in colour or grey as scanned.

    For a cluster worker that takes a range of a long scan's pages; the head puts the
    `PageText`s back together in page order. Pages are reported to the progress bar as
    they are done (`PageProgress`).
    """
    wanted = sorted(set(pages))
    if path.suffix.lower() == ".pdf":
        images = _pdf_page_images(path, wanted)
        return dict(ocr_images(images, workers=workers, total=len(wanted)))
    from .image import frames, open_image

    with open_image(path) as image:
        images = ((n, frame) for n, frame in frames(image) if n in wanted)
        return dict(ocr_images(images, workers=workers, total=len(wanted)))


def _pdf_page_images(path: Path, numbers: list[int]):
    import pypdfium2

    from .pdf import scan_dpi

    document = pypdfium2.PdfDocument(str(path))
    try:
        for number in numbers:
            page = document[number - 1]
            yield number, page_image(page, scan_dpi(page))
    finally:
        document.close()


def confidence_note(by_page: dict[int, float | None]) -> str:
    """The files.note part for OCR'd pages; a page where Tesseract found no word has no figure."""
    return _("OCR confidence by page: {pages}").format(pages=", ".join(
        f"{n}: {c:.0f}" for n, c in sorted(by_page.items()) if c is not None))


def mean_confidence(by_page: dict[int, float | None]) -> float | None:
    values = [c for c in by_page.values() if c is not None]
    return round(sum(values) / len(values), 1) if values else None
