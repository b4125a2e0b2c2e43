"""Build the scan fixtures in tests/data/scans/ (committed; run again to rebuild them).

Each fixture is one kind of problem real office scans have, on a short công văn
written for the tests (not taken from any real document):

- `upright.png`                   the page as scanned (a two-column header: issuer and "Số:" left,
                                  motto, place and date right; "Nơi nhận" beside the signer), the
                                  reference reading;
- `rotated_90.png`, `_180`, `_270` the same page turned on the scanner glass (counter-clockwise);
- `stamped.png`                   a red round seal printed over the signature block and a body line;
- `shaded.jpg`                    a shadow falling from the right edge (the binding, a phone's photo):
                                  the paper there is a third as bright as on the left;
- `dark_margins.jpg`              scanned with the lid open: nearly black margins around the page;
- `low_resolution.png`            the page at 100 dpi (a fax, a web copy): letters 14 pixels high;
- `garbage_layer.pdf`             the page image with an invisible (render mode 3) text layer from a
                                  wrong-language OCR engine: tone marks dropped, "ố" read as "6".

Needs Pillow and the DejaVu or Liberation fonts (Debian fonts-dejavu-core / fonts-liberation2).
Usage: python scripts/build_scan_fixtures.py [OUT_DIR]
"""
from __future__ import annotations

import io
import sys
import unicodedata
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "scans"
DPI = 200
WIDTH, HEIGHT = 1654, 1500          # A4 width at 200 dpi, the top half and a bit of the page
MARGIN = 150
FONT_PATHS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
]
BOLD_PATHS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
]

# The letter: (left column, right column) header rows, then the body.
HEADER = [
    ("UBND HUYỆN AN PHÚ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", "Độc lập - Tự do - Hạnh phúc"),
    ("", ""),
    ("Số: 215/TCKH-NS", "An Phú, ngày 12 tháng 3 năm 2024"),
    ("V/v báo cáo kết quả chuyển đổi số", ""),
]
BODY = [
    "Kính gửi: Ủy ban nhân dân các xã, thị trấn.",
    "",
    "Thực hiện Quyết định số 1520/QĐ-UBND ngày 05/02/2024 của UBND tỉnh",
    "về giao dự toán ngân sách năm 2024; Kế hoạch số 87/KH-UBND ngày",
    "18/01/2024 của UBND huyện về chuyển đổi số; Nghị định số 24/2023/NĐ-CP",
    "ngày 14/5/2023 của Chính phủ, Phòng Tài chính - Kế hoạch đề nghị Ủy ban",
    "nhân dân các xã, thị trấn báo cáo kết quả thực hiện trước ngày 30/3/2024.",
    "",
    "Nơi nhận:                                              TRƯỞNG PHÒNG",
    "- Như trên;",
    "- Lưu: VT.                                               Nguyễn Văn Bình",
]


def _font(paths: list[str], size: int):
    for path in paths:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise SystemExit(f"no font found: install fonts-liberation2 or fonts-dejavu-core ({paths})")


def render_page(header_rows=HEADER, body=BODY) -> Image.Image:
    """The letter as a clean grey scan."""
    page = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    regular, bold = _font(FONT_PATHS, 34), _font(BOLD_PATHS, 32)
    left_centre, right_centre = MARGIN + 300, WIDTH - MARGIN - 430
    y = 120
    for left, right in header_rows:
        for text, centre in ((left, left_centre), (right, right_centre)):
            if text:
                font = bold if text.isupper() or text.startswith("Độc") else regular
                width = draw.textlength(text, font=font)
                draw.text((centre - width / 2, y), text, font=font, fill=0)
        y += 52
    y += 40
    for line in body:
        if line:
            draw.text((MARGIN, y), line, font=regular, fill=0)
        y += 52
    return page


def add_red_stamp(page: Image.Image, centre: tuple[int, int], radius: int = 170) -> Image.Image:
    """A red round stamp (rings, a star, lettering) printed over the page."""
    stamped = page.convert("RGB")
    layer = Image.new("RGBA", stamped.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (205, 30, 40, 200)
    x, y = centre
    for r, width in ((radius, 7), (radius - 22, 3), (radius - 80, 3)):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=red, width=width)
    draw.regular_polygon((x, y, 45), 5, fill=red)
    font = _font(BOLD_PATHS, 26)
    for i, letter in enumerate("PHÒNG TÀI CHÍNH KẾ HOẠCH"):
        # Letters on the ring, as on a real seal.
        import math
        angle = math.radians(200 + i * 6.2)
        draw.text((x + (radius - 52) * math.cos(angle) - 8, y + (radius - 52) * math.sin(angle) - 12),
                  letter, font=font, fill=red)
    stamped.paste(layer, (0, 0), layer)
    return stamped


def add_shadow(page: Image.Image, darkest: float = 0.35) -> Image.Image:
    """The page photographed or scanned with a shadow falling from its right edge (the binding, a
    phone's own shade): the paper dims to `darkest` of its brightness at that edge."""
    import numpy as np

    grey = np.asarray(page.convert("L"), dtype=np.float32)
    height, width = grey.shape
    across = np.arange(width, dtype=np.float32) / width
    down = np.arange(height, dtype=np.float32)[:, None] / height
    light = darkest + (1 - darkest) * np.clip(1 - across ** 3 * 0.9 - down * 0.2, 0, 1)
    return Image.fromarray(np.clip(grey * light * 0.9, 0, 255).astype(np.uint8))


def add_dark_margins(page: Image.Image) -> Image.Image:
    """The page scanned with the lid open on a larger glass: nearly black margins, the page off-centre."""
    framed = Image.new("L", (page.width + 160, page.height + 120), 25)
    framed.paste(page.convert("L"), (110, 40))
    return framed


def fold_like_wrong_ocr(text: str) -> str:
    """What a non-Vietnamese OCR engine makes of the text: marks dropped, đ->d, 'ố' -> '6'."""
    text = text.replace("ố", "6").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (the invisible layer of a Helvetica text object)."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def scan_pdf(page: Image.Image, layer_lines: list[str]) -> bytes:
    """A one-page PDF: the page image (JPEG), and `layer_lines` as invisible text (render mode 3).

    Written by hand, object by object, so the fixture holds exactly what a scanner's
    PDF holds and nothing a library would add.
    """
    jpeg = io.BytesIO()
    page.convert("L").save(jpeg, "JPEG", quality=70)
    width_pt, height_pt = page.width * 72 / DPI, page.height * 72 / DPI
    content = [b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (width_pt, height_pt), b"BT 3 Tr /F1 10 Tf"]
    top = height_pt - 40
    for i, line in enumerate(layer_lines):
        content.append(b"1 0 0 1 54 %.2f Tm %s Tj" % (top - i * 19, _pdf_string(line)))
    content.append(b"ET")
    stream = zlib.compress(b"\n".join(content))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> /Font << /F1 6 0 R >> >> >>" % (width_pt, height_pt),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (page.width, page.height, jpeg.tell())
        + jpeg.getvalue() + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _save_png(image: Image.Image, path: Path) -> None:
    """Grey pages as 1-bit PNG (a few dozen KB, as a fax-mode scan); colour kept for stamps."""
    if image.mode == "L":
        image = image.point(lambda v: 255 if v > 150 else 0).convert("1")
    image.save(path, optimize=True)


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    page = render_page()
    _save_png(page, out / "upright.png")
    for degrees in (90, 180, 270):
        # PIL turns counter-clockwise: the page lies on the glass turned by `degrees`.
        _save_png(page.rotate(degrees, expand=True), out / f"rotated_{degrees}.png")
    _save_png(add_red_stamp(page, (WIDTH - MARGIN - 330, 120 + 5 * 52 + 40 + 9 * 52)), out / "stamped.png")
    add_shadow(page).save(out / "shaded.jpg", quality=80)
    add_dark_margins(page.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255)).save(
        out / "dark_margins.jpg", quality=80)
    page.resize((WIDTH // 2, HEIGHT // 2), Image.Resampling.LANCZOS).save(out / "low_resolution.png", optimize=True)
    text_lines = [f"{left}    {right}".strip() for left, right in HEADER] + BODY
    (out / "garbage_layer.pdf").write_bytes(scan_pdf(page, [fold_like_wrong_ocr(t) for t in text_lines]))
    print(f"wrote the scan fixtures to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
