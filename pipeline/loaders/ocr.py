"""OCR of page images with Tesseract's Vietnamese model, through pytesseract.

pytesseract rather than ocrmypdf: the loaders need lines and per-page
confidence, not a new PDF. With pytesseract one `image_to_data` call per page
gives both (words with their line and confidence), pages are rasterised
in-process by pypdfium2 (no Ghostscript or pdftoppm per page), and the decision
"does this page have a text layer" stays in pdf.py, page by page. ocrmypdf would
add a PDF round trip and its own dependencies to get the same text.

Speed: Tesseract's own OpenMP threads make it several times slower on a small
machine, so every Tesseract runs single-threaded (OMP_THREAD_LIMIT=1) and
`ocr_images` keeps one running per core (`workers`, default the CPU count;
set BAOCAO_OCR_WORKERS=1 when files are already processed in parallel).
"""
from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

LANGUAGE = "vie"
# --psm 3: automatic page segmentation, which keeps columns and table cells apart.
TESSERACT_CONFIG = "--psm 3"
INSTALL_HINT = "install Tesseract with its Vietnamese model: apt-get install tesseract-ocr tesseract-ocr-vie"


@dataclass
class PageText:
    lines: list[str]
    confidence: float | None      # mean word confidence 0-100, None when no word was read
    words: int


def available() -> bool:
    """Tesseract and its Vietnamese model are installed."""
    return missing_reason() is None


def missing_reason() -> str | None:
    if not shutil.which("tesseract"):
        return f"Tesseract is not installed ({INSTALL_HINT})"
    try:
        import pytesseract

        if LANGUAGE not in pytesseract.get_languages(config=""):
            return f"Tesseract has no Vietnamese model ({INSTALL_HINT})"
    except Exception as e:  # a broken install reports itself here rather than page by page
        return f"Tesseract does not run ({type(e).__name__}: {e}); {INSTALL_HINT}"
    return None


def ocr_image(image) -> PageText:
    """One page image -> its lines in reading order and the mean word confidence."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")   # inherited by the tesseract process
    data = pytesseract.image_to_data(image, lang=LANGUAGE, config=TESSERACT_CONFIG, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        if float(data["conf"][i]) >= 0:
            confidences.append(float(data["conf"][i]))
    texts = []
    previous_block = None
    for key in lines:                    # dicts keep Tesseract's reading order
        if previous_block is not None and key[0] != previous_block:
            texts.append("")             # a new block is a new paragraph
        texts.append(" ".join(lines[key]))
        previous_block = key[0]
    confidence = sum(confidences) / len(confidences) if confidences else None
    return PageText(texts, confidence, len(confidences))


def default_workers() -> int:
    return int(os.environ.get("BAOCAO_OCR_WORKERS") or os.cpu_count() or 1)


def ocr_images(images: Iterable[tuple[int, object]], workers: int | None = None) -> Iterator[tuple[int, PageText]]:
    """OCR (page number, image) pairs with one single-threaded Tesseract per worker, in page order.

    Images are consumed lazily (at most a few ahead of the OCR), so a long scan
    is never held in memory all at once.
    """
    workers = workers or default_workers()
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


def mean_confidence(by_page: dict[int, float | None]) -> float | None:
    values = [c for c in by_page.values() if c is not None]
    return round(sum(values) / len(values), 1) if values else None
