"""PDF with a text layer, page by page with pdfplumber.

Tables found by pdfplumber are rendered as TAB-separated rows at their place on
the page; the words inside them are left out of the running text. A page with
no text layer is noted (it needs OCR), never silently skipped.
"""
from __future__ import annotations

from pathlib import Path

from . import Loaded, LoadError


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _page_lines(page) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    rest = page.filter(lambda obj: not any(_inside(obj, b) for b in boxes)) if boxes else page
    placed: list[tuple[float, list[str]]] = [
        (line["top"], [line["text"]]) for line in rest.extract_text_lines(return_chars=False)
    ]
    for table in tables:
        rows = [
            "\t".join((cell or "").replace("\n", " ").replace("\t", " ").strip() for cell in row)
            for row in table.extract()
        ]
        placed.append((table.bbox[1], rows))
    placed.sort(key=lambda item: item[0])
    return [line for _, group in placed for line in group]


def load(path: Path) -> Loaded:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect:
        raise LoadError("error", "encrypted PDF: password required") from None
    except Exception as e:
        cause = e.__cause__ or e
        if isinstance(cause, PDFPasswordIncorrect):
            raise LoadError("error", "encrypted PDF: password required") from None
        raise LoadError("error", f"corrupt PDF ({type(cause).__name__}): re-export or re-scan it") from None
    lines: list[tuple[str, int | None]] = []
    without_text: list[int] = []
    with pdf:
        number = 0
        try:
            for number, page in enumerate(pdf.pages, start=1):
                page_lines = _page_lines(page)
                if not any(l.strip() for l in page_lines):
                    without_text.append(number)
                lines.extend((l, number) for l in page_lines)
                page.flush_cache()
        except Exception as e:
            raise LoadError("error", f"corrupt PDF ({type(e).__name__} on page {number or 1}): re-export it") from None
        pages = len(pdf.pages)
    if without_text and len(without_text) == pages:
        raise LoadError("needs_ocr", "scanned PDF with no text layer: OCR needed (install tesseract-ocr and tesseract-ocr-vie)")
    notes = [f"pages without a text layer (OCR needed): {', '.join(map(str, without_text))}"] if without_text else []
    return Loaded(lines, pages=pages, notes=notes)
