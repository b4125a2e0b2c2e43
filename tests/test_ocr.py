"""OCR: deskew, ruled-table grids on scans, images, and the needs_ocr path without Tesseract."""
from pathlib import Path

import pytest

from pipeline.loaders import LoadError, load, ocr

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
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
    grids = ocr.find_grids(ocr.deskew(_page("000", 8)))
    assert len(grids) == 1
    assert len(grids[0].columns) == 6


def test_no_grid_on_a_page_of_prose():
    assert ocr.find_grids(ocr.deskew(_page("000", 2))) == []


@needs_tesseract
def test_scanned_table_page_reads_as_tab_rows():
    result = ocr.ocr_image(_page("000", 8))
    rows = [line.split("\t") for line in result.lines if "\t" in line]
    assert rows[1][:3] == ["1", "2151/KH-UBND", "01/10/2015"]
    assert result.confidence > 85


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
