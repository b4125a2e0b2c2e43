"""A scanned page saved as an image (.png, .jpg, .tif): OCR every frame.

A multi-page TIFF is a scanned document, one frame per page.
"""
from __future__ import annotations

from collections.abc import Container, Mapping
from pathlib import Path

from . import ocr, textlayer
from .base import Loaded, LoadError
from ..i18n import _


IMAGE_PAGE = textlayer.Verdict("ocr", "scanned image")


def frames(image, skip: Container[int] = ()):
    """(frame number, frame) of an open image: colour kept, anything else grey; the frames
    numbered in `skip` are not decoded."""
    from PIL import ImageSequence

    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        if number in skip:
            continue
        # Colour is kept for scan_image.drop_red_ink (stamps); bilevel and palette frames become grey or RGB.
        yield number, frame.convert("RGB" if frame.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr") else "L")


def open_image(path: Path):
    """The image file opened and decoded, or a LoadError that says what to do."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
        image.load()
    except (UnidentifiedImageError, OSError) as e:
        raise LoadError("error", _("unreadable image ({error}): re-scan or re-save it").format(error=type(e).__name__)) from None
    return image


def load(path: Path, ocr_pages: Mapping[int, ocr.PageText] | None = None) -> Loaded:
    """`ocr_pages`: frames already OCR'd elsewhere (a long TIFF split across cluster workers,
    pipeline/pagesplit.py); the others are OCR'd here."""
    reason = ocr.missing_reason()
    if reason:
        raise LoadError("needs_ocr", _("scanned image: {reason}").format(reason=reason))
    read_elsewhere = ocr_pages or {}
    image = open_image(path)
    with image:
        pages = getattr(image, "n_frames", 1)
        read_here = ocr.ocr_images(frames(image, skip=read_elsewhere), total=pages - len(read_elsewhere))
        results: dict[int, ocr.PageText] = dict(sorted({**read_elsewhere, **dict(read_here)}.items()))
    lines: list[tuple[str, int | None]] = []
    confidence: dict[int, float | None] = {}
    for number, result in results.items():
        lines.extend((line, number) for line in result.lines)
        confidence[number] = result.confidence
    notes = [ocr.confidence_note(confidence)]
    return Loaded(lines, pages=pages, ocr=True, notes=notes,
                  ocr_confidence=ocr.mean_confidence(confidence), ocr_page_confidence=confidence,
                  page_reads=textlayer.page_reads({n: IMAGE_PAGE for n in results}, results,
                                                  {n: r.lines for n, r in results.items()}))
