"""A long scan split by page across cluster workers (issue 18 item 3).

Read whole, a 300-page scan holds one worker for many minutes while the others idle. On a
cluster (`ingest --cluster`) the head cuts a scanned PDF of at least SPLIT_PAGES pages
without a text layer, or a multi-page TIFF of as many frames, into parts of PART_PAGES
pages; each part is OCR'd by whichever worker is free (`read_pages`, under the same time
and memory limits as a file), and one worker then reads the file with those pages handed
in (`ingest.process(..., ocr_pages)`, `loaders.pdf.load`, `loaders.image.load`): it
judges, lays out, extracts and builds the rows exactly as if it had OCR'd every page
itself, so the file is still one `files` row and one report.

Only the OCR is split: it is all but the whole cost of a scan (about a CPU-second a page,
against milliseconds for the rest). A page the quick look here takes for a scan but the
loader does not (a blank page) is OCR'd for nothing; a page the loader OCRs that is not
handed in is OCR'd by the joining worker: the rows never depend on how the file was cut.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cluster import Split
from .discover import FoundFile
from .i18n import _

# A scanned PDF of at least this many pages without text is split into parts ...
SPLIT_PAGES = 8
# ... of this many pages each: about 3 s of OCR, so a part's round trip (Dask's 10-20 ms, the
# PDF opened again) is noise, and small enough that the workers finish within a part of each
# other (parts of 4 left a 12-page scan's third part to one worker while the other idled).
PART_PAGES = 2


@dataclass(frozen=True)
class PagesRead:
    """Told to the ingest (its `--log` and progress bar) when a worker has OCR'd a part."""

    pages: tuple[int, ...]
    worker: str

    def __str__(self) -> str:
        if len(self.pages) == 1:
            return _("page {page} OCR'd on cluster worker {worker}").format(page=self.pages[0], worker=self.worker)
        return _("pages {pages} OCR'd on cluster worker {worker}").format(pages=page_span(self.pages),
                                                                           worker=self.worker)


def page_span(pages: tuple[int, ...]) -> str:
    """"3–6" for consecutive pages, "3, 5, 8" otherwise."""
    if len(pages) > 1 and list(pages) == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}–{pages[-1]}"
    return ", ".join(map(str, pages))


def parts(found: FoundFile, sha256: str, size: int) -> list[tuple] | None:
    """The parts to OCR apart (`read_pages`'s arguments), or None: the file is read whole."""
    if found.format == "pdf":
        scanned = _scanned_pdf_pages(found.path)
    elif found.format == "image":
        scanned = _image_frames(found.path)
    else:
        return None
    if not scanned or len(scanned) < SPLIT_PAGES:
        return None
    return [(found.path, tuple(scanned[i:i + PART_PAGES])) for i in range(0, len(scanned), PART_PAGES)]


def _scanned_pdf_pages(path: Path) -> list[int] | None:
    """A PDF's pages without any text object, or None once too few are left to reach SPLIT_PAGES.

    Those are the pages the loader OCRs, and more (textlayer.judge), which the joining worker
    then reads itself. Asking for text objects costs about a millisecond a page, half of
    counting characters: this runs on the head, for every PDF.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(str(path))
    except Exception:   # encrypted, corrupt: read whole, and the loader gives the reason
        return None
    try:
        pages = len(document)
        scanned: list[int] = []
        for number in range(1, pages + 1):
            if pages - number + 1 + len(scanned) < SPLIT_PAGES:
                return None   # too few pages left to reach SPLIT_PAGES: a text PDF stops here
            texts = document[number - 1].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2)
            if next(texts, None) is None:
                scanned.append(number)
    except Exception:
        return None
    finally:
        document.close()
    return scanned


def _image_frames(path: Path) -> list[int] | None:
    """Every frame of a multi-page image (TIFF): each is a scanned page. Only the header and
    the frame directory are read, not the pixels."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return list(range(1, getattr(image, "n_frames", 1) + 1))
    except Exception:   # unreadable: read whole, and the loader gives the reason
        return None


def read_pages(path: Path, pages: tuple[int, ...]) -> dict:
    """OCR these pages of a scanned PDF or frames of a TIFF as the loaders would
    (ocr.ocr_file_pages): page number -> ocr.PageText. Empty where Tesseract is missing: the joining worker then says so."""
    from .loaders import ocr

    return {} if ocr.missing_reason() else ocr.ocr_file_pages(path, pages)


def _failed(part: tuple, reason: str) -> str:
    return _("pages {pages} could not be read: {reason}").format(pages=page_span(part[1]), reason=reason)


# What `ingest --cluster` splits: long scanned PDFs, by page.
SCANNED_PAGES = Split(parts=parts, read=read_pages, done=lambda part, worker: PagesRead(part[1], worker),
                      failed=_failed)
