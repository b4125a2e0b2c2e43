"""A scanned page saved as an image (.png, .jpg, .tif): OCR every frame.

A multi-page TIFF is a scanned document, one frame per page.
"""
from __future__ import annotations

from pathlib import Path

from . import ocr, textlayer
from .base import Loaded, LoadError
from ..i18n import _


IMAGE_PAGE = textlayer.Verdict("ocr", "scanned image")


def frames(image):
    """(frame number, frame) of an open image: colour kept, anything else grey."""
    from PIL import ImageSequence

    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
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


def load(path: Path) -> Loaded:
    reason = ocr.missing_reason()
    if reason:
        raise LoadError("needs_ocr", _("scanned image: {reason}").format(reason=reason))
    image = open_image(path)
    with image:
        pages = getattr(image, "n_frames", 1)
        lines: list[tuple[str, int | None]] = []
        confidence: dict[int, float | None] = {}
        results: dict[int, ocr.PageText] = {}
        for number, result in ocr.ocr_images(frames(image), total=pages):
            lines.extend((line, number) for line in result.lines)
            confidence[number] = result.confidence
            results[number] = result
    notes = [ocr.confidence_note(confidence)]
    return Loaded(lines, pages=pages, ocr=True, notes=notes,
                  ocr_confidence=ocr.mean_confidence(confidence), ocr_page_confidence=confidence,
                  page_reads=textlayer.page_reads({n: IMAGE_PAGE for n in results}, results,
                                                  {n: r.lines for n, r in results.items()}))
