"""Small PDFs laid out like Word exports, written with PDFium (pypdfium2) at test time: text at
chosen places and sizes in an embedded TrueType font (Liberation Serif, with Vietnamese), thin
rules and filled boxes. Enough for the layouts the PDF loader must read by position: two-column
headers, footnotes under a rule, page numbers, running headers, tables over a page break, charts.

Coordinates are in points from the page's top-left corner; `y` of a text is its baseline.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
WIDTH, HEIGHT = 595.0, 842.0


@dataclass
class Text:
    x: float | None       # None: right after the text placed before it (a raised footnote mark), or `right`
    y: float
    text: str
    size: float = 13.0
    right: float | None = None   # set: placed so that the text ends here (right-aligned labels)


@dataclass
class Box:
    """A rectangle: stroked thin (a rule or a table cell border) or filled (a chart bar)."""
    x0: float
    y0: float
    x1: float
    y1: float
    filled: bool = False


def rule(x0: float, y: float, x1: float) -> Box:
    return Box(x0, y, x1, y + 0.5, filled=True)


def make_pdf(path: Path, pages: list[list[Text | Box]]) -> Path:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument.new()
    data = FONT.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = pdfium_c.FPDFText_LoadFont(document.raw, buffer, len(data), pdfium_c.FPDF_FONT_TRUETYPE, True)
    for items in pages:
        page = document.new_page(WIDTH, HEIGHT)
        right = 0.0
        for item in items:
            if isinstance(item, Text):
                obj = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, item.size)
                encoded = (item.text + "\0").encode("utf-16-le")
                wide = ctypes.create_string_buffer(encoded, len(encoded))
                pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
                bounds = [ctypes.c_float() for _ in range(4)]
                pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(b) for b in bounds))
                width = bounds[2].value - bounds[0].value
                if item.right is not None:
                    x = item.right - width
                else:
                    x = right + 0.3 if item.x is None else item.x
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, HEIGHT - item.y)
                right = x + width
            else:
                obj = pdfium_c.FPDFPageObj_CreateNewRect(item.x0, HEIGHT - item.y1, item.x1 - item.x0, item.y1 - item.y0)
                if item.filled:
                    pdfium_c.FPDFPageObj_SetFillColor(obj, 0, 0, 0, 255)
                    pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_WINDING, False)
                else:
                    pdfium_c.FPDFPageObj_SetStrokeWidth(obj, 0.5)
                    pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_NONE, True)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    document.save(str(path))
    document.close()
    return path


def paragraph(lines: list[str], top: float, x: float = 85.0, size: float = 13.0, leading: float = 19.0) -> list[Text]:
    """Body lines one under the other, the first baseline at `top`."""
    return [Text(x, top + i * leading, line, size) for i, line in enumerate(lines)]
