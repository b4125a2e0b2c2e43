"""OCR: deskew, ruled-table grids on scans, images, and the needs_ocr path without Tesseract."""
import re

import numpy as np
import pytest

from pipeline.loaders import LoadError, load, ocr, scan_image
from seeds import CORPUS

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason=f"needs Tesseract: {ocr.missing_reason()}")


def _page(stem_prefix: str, number: int, dpi: int = 200):
    import pypdfium2

    path = next((CORPUS / "scanned").glob(f"{stem_prefix}_*.pdf"))
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[number - 1].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def test_grid_of_a_scanned_appendix_page():
    # Seed 000, page 8: Phụ lục I, five columns (TT, Số ký hiệu, Ngày, Cơ quan, Trích yếu).
    grids = scan_image.find_grids(scan_image.deskew(_page("000", 8)))
    assert len(grids) == 1
    assert len(grids[0].columns) == 6


def test_no_grid_on_a_page_of_prose():
    assert scan_image.find_grids(scan_image.deskew(_page("000", 2))) == []


@needs_tesseract
def test_scanned_table_page_reads_as_tab_rows():
    result = ocr.ocr_image(_page("000", 8))
    rows = [line.split("\t") for line in result.lines if "\t" in line]
    assert rows[1][:3] == ["1", "2151/KH-UBND", "01/10/2015"]
    assert result.confidence > 85


def test_erase_rules_removes_the_grid_and_keeps_the_text():
    # Seed 000, page 12: the second page of Phụ lục II (budget table).
    page = scan_image.deskew(_page("000", 12))
    (grid,) = scan_image.find_grids(page)
    erased = scan_image.erase_rules(page, [grid])
    assert scan_image.find_grids(erased) == []
    ink = lambda image: np.asarray(image.convert("L")) < 128   # noqa: E731
    inside = (slice(grid.rows[2] + 8, grid.rows[3] - 8), slice(grid.columns[1] + 8, grid.columns[2] - 8))
    assert ink(page)[inside].sum() > 1000                       # a cell's text ...
    assert (ink(erased)[inside] == ink(page)[inside]).all()     # ... untouched away from the rules


@needs_tesseract
def test_scanned_budget_table_cells_have_no_rule_debris():
    """Rules beside a cell were read as "|", "l", "[", "—" ("1 l _|", "300 II", "| 480 |", "1120" for
    "120"), which hid row numbers and group rows; amounts alone in their cells were dropped."""
    rows = [line.split("\t") for line in ocr.ocr_image(_page("000", 12)).lines if "\t" in line]
    assert rows[0] == ["TT", "Nội dung/Nhiệm vụ/Dự án", "Kinh phí", "Ghi chú"]
    assert rows[1] == ["", "Năm 2022", "", ""]
    assert [r[0] for r in rows[2:6]] == ["1", "2", "3", "4"]
    assert [r[2] for r in rows[2:6]] == ["93", "480", "120", "200"]
    assert rows[6][:3] == ["", "Năm 2023", ""]
    assert [r[2] for r in rows[7:16]] == ["120", "300", "700", "300", "441", "1.389", "500", "37", "550"]
    assert rows[16][2] == "15.030"
    assert not [c for r in rows for c in r if re.search(r"[|\[\]_—]", c)]


@needs_tesseract
@pytest.mark.parametrize("name, expected", [
    ("002_00686ccee144b57b_p1.png", "KẾ HOẠCH"),
    ("000_34c2b11754aa651e_p6.tif", "Nguyên nhân"),
])
def test_image_files_are_ocrd(name, expected):
    loaded = load(CORPUS / "images" / name, "image")
    assert loaded.ocr is True and loaded.pages == 1
    assert loaded.ocr_confidence > 80 and set(loaded.ocr_page_confidence) == {1}
    assert any(expected in line for line, _ in loaded.lines)


def test_scanned_pdf_without_tesseract_needs_ocr(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))          # no tesseract on the PATH
    with pytest.raises(LoadError) as caught:
        load(next((CORPUS / "scanned").glob("003_*.pdf")), "pdf")
    assert caught.value.status == "needs_ocr"
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in caught.value.reason


def test_image_without_tesseract_needs_ocr(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LoadError) as caught:
        load(CORPUS / "images" / "002_00686ccee144b57b_p1.png", "image")
    assert caught.value.status == "needs_ocr"


def test_doc_without_tools_is_unsupported(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LoadError) as caught:
        load(next((CORPUS / "doc").glob("*.doc")), "doc")
    assert caught.value.status == "unsupported" and "antiword" in caught.value.reason


def test_a_page_without_words_has_no_confidence_figure():
    # A blank scanned page gives no word and so no confidence: it must not break the note.
    assert ocr.confidence_note({2: 91.6, 1: 95.2, 3: None}) == "OCR confidence by page: 1: 95, 2: 92"


@needs_tesseract
def test_given_pages_of_a_scanned_pdf_are_ocrd_as_the_loader_reads_them():
    # What a cluster worker does with a page range of a long scan: only those pages, keyed by number.
    import pypdfium2

    from pipeline.loaders import pdf

    path = next((CORPUS / "scanned").glob("003_*.pdf"))
    assert ocr.page_count(path) == 9
    results = ocr.ocr_file_pages(path, [9, 8], workers=2)
    assert list(results) == [8, 9]
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[8]
        alone = ocr.ocr_image(ocr.page_image(page, pdf.scan_dpi(page)))
    finally:
        document.close()
    assert results[9].lines == alone.lines and results[9].confidence == alone.confidence
    assert results[8].lines != results[9].lines


@needs_tesseract
def test_given_frames_of_a_multi_page_tiff_are_ocrd(tmp_path):
    from PIL import Image

    first = Image.open(CORPUS / "images" / "002_00686ccee144b57b_p1.png").convert("L")
    blank = Image.new("L", first.size, 255)
    tiff = tmp_path / "scan.tif"
    blank.save(tiff, save_all=True, append_images=[first, blank])
    assert ocr.page_count(tiff) == 3
    results = ocr.ocr_file_pages(tiff, [2, 3])
    assert list(results) == [2, 3]
    assert any("KẾ HOẠCH" in line for line in results[2].lines)
    assert results[3].lines == [] and results[3].confidence is None


@pytest.mark.parametrize("length", [1, 2, 3, 5, 8, 40, 137])
def test_inked_run_marks_exactly_where_a_long_enough_run_starts(length):
    rng = np.random.default_rng(length)
    ink = rng.random((6, 400)) < 0.9
    ink[0, 10:10 + length] = True                       # a run of exactly `length` ...
    ink[0, 9] = ink[0, 10 + length] = False
    ink[1, :] = True
    ink[1, 50:50 + length] = True
    ink[1, 50 + length - 1] = False                     # ... and one a pixel short
    found = scan_image._inked_run(ink, length)
    expected = np.array([[ink[y, x:x + length].all() for x in range(400 - length + 1)] for y in range(6)])
    assert found.shape == expected.shape and (found == expected).all()
    assert found[0, 10] and not found[0, 9]


@needs_tesseract
def test_pages_read_side_by_side_in_threads_read_as_alone():
    """Each thread reads with its own loaded engine: two reads at once give what one read alone gives."""
    from concurrent.futures import ThreadPoolExecutor

    page = scan_image.deskew(_page("000", 2))
    top, bottom = page.crop((0, 0, page.width, page.height // 3)), page.crop((0, page.height // 3, page.width, page.height // 2))
    alone = [ocr.recognise(part, ocr.PAGE_SEGMENTATION)["text"] for part in (top, bottom)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = list(pool.map(lambda part: ocr.recognise(part, ocr.PAGE_SEGMENTATION)["text"], [top, bottom] * 2))
    assert together == alone * 2
    assert len([w for w in alone[0] if w.strip()]) > 20


def test_words_wrong_counts_seed_words_missed_and_words_read_beyond_the_seed(tmp_path):
    """The measure benchmarks/ocr_vs_ocrmypdf.py reports for OCR quality, on a stored text made
    from a seed's own text with one word misread and one stray mark read before it."""
    import sqlite3
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from ocr_vs_ocrmypdf import words_wrong   # (the measure the benchmark reports)

    seed = next(CORPUS.glob("002_*.txt"))
    words = seed.read_text(encoding="utf-8").split()
    read = ["~"] + words[:5] + ["tống" if words[5] != "tống" else "tổng"] + words[6:]
    db = tmp_path / "scans.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT)")
        conn.execute("CREATE TABLE reports (file_id INTEGER, text TEXT)")
        conn.execute("INSERT INTO files VALUES (1, ?), (2, 'notes/unrelated.pdf')", (f"scanned/{seed.stem}.pdf",))
        conn.execute("INSERT INTO reports VALUES (1, ?), (2, 'không phải hạt giống')", (" ".join(read),))
    assert words_wrong(db) == {"seed_words": len(words), "seed_words_wrong": 1, "words_read_not_in_seed": 2}
