"""Turn the seed texts (corpus/*.txt) into the documents users really have.

    .venv/bin/python scripts/build_corpus.py            # rebuild everything below
    .venv/bin/python scripts/build_corpus.py --only 000 # one seed

Writes, for every seed NNN_*.txt (same file name, so the scorer matches them):
  corpus/docx/     Word files: headings styled as headings, appendices as real
                   Word tables (ruled, header row repeated on each page)
  corpus/pdf/      those files converted by LibreOffice headless (text layer;
                   long tables split across pages)
  corpus/scanned/  those PDF pages rasterised at 200 dpi, slightly rotated, with
                   noise and blur, then stored black-and-white (CCITT G4) as office
                   scanners do in text mode: no text layer. A grey JPEG page costs
                   ~300 KB, six times more, so grey scans are the single images.
and a few extra forms:
  corpus/images/   single scanned pages (.tif grey JPEG, .png black-and-white)
  corpus/legacy/   a report typed in TCVN3 (.VnTime/.VnTimeH fonts), as .docx and
                   .pdf, and one typed in VNI (VNI-Times), as .docx
  corpus/doc/      a Word 97-2003 .doc

Needs python-docx, pypdfium2, Pillow, numpy (all in .venv) and, for the PDFs
and the .doc, LibreOffice (`apt-get install libreoffice-writer-nogui
fonts-liberation2`: Liberation 2 has the Vietnamese letters; with
version 1 LibreOffice draws them from a fallback font, out of reading order). The output is deterministic up to LibreOffice's version.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
sys.path.insert(0, str(CORPUS.parent))

from extractors.text import Text  # noqa: E402  (the repo root is added just above)
from pipeline.loaders.legacy import encode_tcvn3, encode_vni  # noqa: E402

SCAN_DPI = 200
JPEG_QUALITY = 35
BLACK_BELOW = 150     # grey level under which a scanner in text mode stores black
# Extra forms: (seed prefix, what to make)
IMAGE_PAGES = [("002", 1, "png"), ("000", 6, "tif")]   # (seed, page of its PDF, image format)
TCVN3_SEED = "003"
VNI_SEED = "004"
DOC_SEED = "002"

# Headings of the seeds, by level, as their own first words show them.
HEADING_LEVELS = [
    (1, re.compile(r"^(PHẦN\b|PHỤ LỤC\b|[IVX]+\.\s)")),
    (2, re.compile(r"^\d{1,2}\.\s")),
    (3, re.compile(r"^\d{1,2}\.\d{1,2}\.?\s")),
]
# The document kind line under the header ("BÁO CÁO", "KẾ HOẠCH").
KIND_LINE = re.compile(r"^(BÁO CÁO|KẾ HOẠCH|QUYẾT ĐỊNH|TỜ TRÌNH|CHƯƠNG TRÌNH)$")
PLACE_DATE_LINE = re.compile(r",\s*ngày\b.*\bnăm\b")


# ------------------------------------------------------------------ seed -> blocks

def seed_blocks(path: Path) -> list[tuple[str, object]]:
    """The seed as ("p", text) paragraphs and ("table", rows) tables, in order.

    The seeds are text extracted from PDFs: hard-wrapped lines are re-joined into
    paragraphs, and a table split at a page break (header repeated, the cut row
    continued in a row with an empty number cell) becomes one table again.
    """
    text = Text.from_string(path.read_text(encoding="utf-8"))
    blocks: list[tuple[str, object]] = []
    for paragraph in text.paragraphs():
        if "\t" not in paragraph.text:
            blocks.append(("p", paragraph.text))
            continue
        cells = paragraph.text.split("\t")
        if blocks and blocks[-1][0] == "table":
            rows = blocks[-1][1]
            if cells == rows[0]:           # header repeated after a page break
                rows.append(None)          # marks "the next row may continue the one before"
                continue
            if rows[-1] is None:
                rows.pop()
                if not cells[0].strip() and rows:
                    previous = rows[-1] + [""] * (len(cells) - len(rows[-1]))
                    rows[-1] = [" ".join(filter(None, (a.strip(), b.strip()))) for a, b in zip(previous, cells)]
                    continue
            rows.append(cells)
        else:
            blocks.append(("table", [cells]))
    for kind, rows in blocks:
        if kind == "table":
            while rows and rows[-1] is None:
                rows.pop()
    return blocks


# ------------------------------------------------------------------ DOCX

def _set_font(style_or_run, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style_or_run.font
    font.name = name
    if size_pt:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _repeat_header_row(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def write_docx(blocks, out: Path, encoding: str | None = None) -> None:
    """A Word file of the blocks; `encoding` "tcvn3" or "vni" types it with legacy fonts."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    body_font, upper_font = {
        None: ("Times New Roman", "Times New Roman"),
        "tcvn3": (".VnTime", ".VnTimeH"),     # .VnTimeH draws the lower-case codes as capitals
        "vni": ("VNI-Times", "VNI-Times"),
    }[encoding]

    def add_text(paragraph, s: str, **fmt) -> None:
        if encoding == "tcvn3":
            # Whole upper-case lines are set in the capitals font, as typists did;
            # elsewhere a capital with a tone mark needs a one-letter run in it.
            runs = [(encode_tcvn3(s.lower())[0][0], True)] if s.isupper() else encode_tcvn3(s)
        else:
            runs = [(encode_vni(s) if encoding == "vni" else s, False)]
        for text, upper in runs:
            _set_font(paragraph.add_run(text), upper_font if upper else body_font, **fmt)

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _set_font(document.styles["Normal"], "Times New Roman", 13)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    for level, size in ((1, 13), (2, 13), (3, 13)):
        style = document.styles[f"Heading {level}"]
        _set_font(style, "Times New Roman", size, bold=True)
        style.font.italic = level == 3
        style.paragraph_format.space_before = Pt(6)
    _set_font(document.styles["Title"], "Times New Roman", 14, bold=True)

    for kind, content in blocks:
        if kind == "table":
            width = max(len(r) for r in content)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, cells in enumerate(content):
                row = table.add_row()
                if i == 0:
                    _repeat_header_row(row)
                for cell, value in zip(row.cells, cells + [""] * (width - len(cells))):
                    cell.paragraphs[0].paragraph_format.space_after = Pt(0)
                    if value:
                        add_text(cell.paragraphs[0], value, size_pt=11, bold=(i == 0))
            document.add_paragraph()
            continue
        text = content
        level = next((lvl for lvl, pattern in HEADING_LEVELS if pattern.match(text)), None)
        if KIND_LINE.match(text):
            paragraph = document.add_paragraph(style="Title")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_text(paragraph, text, size_pt=14, bold=True)
        elif level and len(text) < 250:
            paragraph = document.add_paragraph(style=f"Heading {level}")
            add_text(paragraph, text, size_pt=13, bold=True)
        else:
            paragraph = document.add_paragraph()
            if PLACE_DATE_LINE.search(text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                add_text(paragraph, text, size_pt=13)
                paragraph.runs[0].italic = True
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                paragraph.paragraph_format.first_line_indent = Cm(1)
                add_text(paragraph, text, size_pt=13)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))


# ------------------------------------------------------------------ LibreOffice

def libreoffice_convert(sources: list[Path], target: str, outdir: Path) -> None:
    """`soffice --convert-to` with a private profile, so a running LibreOffice does not interfere."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice is needed to make the PDFs and the .doc: apt-get install libreoffice-writer-nogui fonts-liberation2")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
             "--outdir", str(outdir), *map(str, sources)],
            check=True, stdout=subprocess.DEVNULL,
        )


# ------------------------------------------------------------------ scanning

def scan_page(image, rng: random.Random):
    """A clean greyscale page made to look scanned: tilt, blur, uneven paper, sensor noise, specks."""
    import numpy as np
    from PIL import Image, ImageFilter

    angle = rng.uniform(0.25, 0.8) * rng.choice((-1, 1))
    page = image.convert("L").rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(page.filter(ImageFilter.GaussianBlur(0.5)), dtype=np.float32)
    noise_rng = np.random.default_rng(rng.randrange(1 << 30))
    paper = 232 + 10 * np.linspace(0, 1, pixels.shape[1])[None, :]      # paper is never white
    pixels = pixels * (paper / 255.0) + noise_rng.normal(0, 12, pixels.shape)
    pixels[noise_rng.random(pixels.shape) < 0.0004] = 30
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def bilevel(page):
    """What an office scanner in "text" mode stores: black and white, about 50 KB a page (CCITT G4)."""
    return page.point(lambda v: 255 if v > BLACK_BELOW else 0).convert("1", dither=0)


def render_pages(pdf_path: Path, dpi: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for page in pdf:
            yield page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        pdf.close()


def write_scanned_pdf(pdf_path: Path, out: Path, rng: random.Random) -> None:
    pages = [bilevel(scan_page(image, rng)) for image in render_pages(pdf_path, SCAN_DPI)]
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI)


def write_page_image(pdf_path: Path, page_number: int, out: Path, rng: random.Random) -> None:
    image = list(render_pages(pdf_path, SCAN_DPI))[page_number - 1]
    page = scan_page(image, rng)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".tif":       # grey, JPEG-compressed, as photocopier scans come
        page.save(out, compression="jpeg", quality=JPEG_QUALITY, dpi=(SCAN_DPI, SCAN_DPI))
    else:
        bilevel(page).save(out, optimize=True, dpi=(SCAN_DPI, SCAN_DPI))


# ------------------------------------------------------------------ main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="seed prefix, e.g. 000")
    args = parser.parse_args()
    seeds = sorted(p for p in CORPUS.glob("*.txt") if not args.only or p.name.startswith(args.only))
    rng = random.Random(20240501)
    docx_dir, pdf_dir = CORPUS / "docx", CORPUS / "pdf"
    for seed in seeds:
        print(f"build: {seed.stem}")
        write_docx(seed_blocks(seed), docx_dir / f"{seed.stem}.docx")
    libreoffice_convert([docx_dir / f"{s.stem}.docx" for s in seeds], "pdf", pdf_dir)
    for seed in seeds:
        write_scanned_pdf(pdf_dir / f"{seed.stem}.pdf", CORPUS / "scanned" / f"{seed.stem}.pdf", rng)
    by_prefix = {s.name[:3]: s for s in seeds}
    for prefix, page, fmt in IMAGE_PAGES:
        if prefix in by_prefix:
            stem = by_prefix[prefix].stem
            write_page_image(pdf_dir / f"{stem}.pdf", page, CORPUS / "images" / f"{stem}_p{page}.{fmt}", rng)
    legacy = CORPUS / "legacy"
    if TCVN3_SEED in by_prefix:
        stem = by_prefix[TCVN3_SEED].stem
        write_docx(seed_blocks(by_prefix[TCVN3_SEED]), legacy / f"{stem}_tcvn3.docx", encoding="tcvn3")
        libreoffice_convert([legacy / f"{stem}_tcvn3.docx"], "pdf", legacy)
    if VNI_SEED in by_prefix:
        stem = by_prefix[VNI_SEED].stem
        write_docx(seed_blocks(by_prefix[VNI_SEED]), legacy / f"{stem}_vni.docx", encoding="vni")
    if DOC_SEED in by_prefix:
        stem = by_prefix[DOC_SEED].stem
        libreoffice_convert([docx_dir / f"{stem}.docx"], "doc:MS Word 97", CORPUS / "doc")


if __name__ == "__main__":
    main()
