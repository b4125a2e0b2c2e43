"""DOCX and PDF loaders: the shortcuts taken for speed read exactly what the long way reads,
and a worker's memory limit is not mistaken for a broken file."""
from pathlib import Path

import pytest

from pipeline.loaders import LoadError, docx, legacy, pdf
from seeds import CORPUS

RULED_PDF = next((CORPUS / "pdf").glob("000_*.pdf"))       # Phụ lục I and II: ruled tables on pages 8-12


# ------------------------------------------------------------------ DOCX: legacy fonts, looked up per style

def _legacy_styles_docx(path: Path) -> None:
    """Legacy text whose font comes only from styles: a paragraph style's base, and a character style."""
    import docx as python_docx
    from docx.enum.style import WD_STYLE_TYPE

    document = python_docx.Document()
    base = document.styles.add_style("Legacy base", WD_STYLE_TYPE.PARAGRAPH)
    base.font.name = ".VnTime"
    body = document.styles.add_style("Legacy body", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = base                       # no font of its own: inherited
    vni = document.styles.add_style("VNI words", WD_STYLE_TYPE.CHARACTER)
    vni.font.name = "VNI-Times"

    document.add_paragraph("Số: 12/BC-UBND")      # Unicode, default style
    for _ in range(2):                           # the second time from the style cache
        paragraph = document.add_paragraph(style="Legacy body")
        for text, upper in legacy.encode_tcvn3("Báo cáo tổng kết, THỊ XÃ"):
            run = paragraph.add_run(text)
            if upper:
                run.font.name = ".VnTimeH"       # toned capitals: drawn by the H font
        paragraph.add_run(" - ")
        paragraph.add_run(legacy.encode_vni("Đức Phổ"), style="VNI words")
    document.save(str(path))


def test_fonts_from_paragraph_and_character_styles_are_converted(tmp_path):
    path = tmp_path / "styles.docx"
    _legacy_styles_docx(path)
    loaded = docx.load(path)
    assert [line for line, _ in loaded.lines] == [
        "Số: 12/BC-UBND",
        "Báo cáo tổng kết, THỊ XÃ - Đức Phổ",
        "Báo cáo tổng kết, THỊ XÃ - Đức Phổ",
    ]
    assert loaded.legacy_encoding == "tcvn3+vni"


@pytest.mark.parametrize("path, names_legacy", [
    (next((CORPUS / "docx").glob("003_*.docx")), False),
    (next((CORPUS / "legacy").glob("003_*_tcvn3.docx")), True),
    (next((CORPUS / "legacy").glob("004_*_vni.docx")), True),
], ids=["unicode", "tcvn3", "vni"])
def test_documents_naming_no_legacy_font_skip_the_per_run_fonts(path, names_legacy):
    import docx as python_docx

    assert docx._names_a_legacy_font(python_docx.Document(str(path))) is names_legacy


def test_unicode_docx_lines_are_its_paragraph_texts(tmp_path):
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Báo cáo số 12/BC-UBND ngày 22/12/2022")
    run = document.add_paragraph().add_run("Ghi chú: chữ in thường")
    run.font.name = "Times New Roman"
    path = tmp_path / "unicode.docx"
    document.save(str(path))
    loaded = docx.load(path)
    assert [line for line, _ in loaded.lines] == ["Báo cáo số 12/BC-UBND ngày 22/12/2022", "Ghi chú: chữ in thường"]
    assert loaded.legacy_encoding is None and loaded.notes == []


# ------------------------------------------------------------------ PDF: pdfplumber's objects built directly

def test_layout_objects_are_pdfplumbers_own_objects():
    """On a ruled page, every object and attribute built for the table finder is the one pdfplumber builds."""
    import pdfplumber

    with pdfplumber.open(str(RULED_PDF)) as document:
        page = document.pages[7]
        built = pdf.layout_objects(page)
        parsed = page.objects
    assert len(built["char"]) > 500 and len(built["line"]) >= 4
    for kind, objects in built.items():
        reference = parsed.get(kind, [])
        assert len(objects) == len(reference), kind
        for ours, theirs in zip(objects, reference):
            assert ours == {key: theirs[key] for key in ours}, kind


def test_ruled_pages_read_as_with_pdfplumber_alone():
    fast, reference = pdf.load(RULED_PDF), pdf.load(RULED_PDF, fast=False)
    assert fast.lines[-40:] == reference.lines[-40:]          # the appendix tables, TAB rows
    assert any("\t" in line for line, page in fast.lines if page == 8)


# ------------------------------------------------------------------ memory limit

def test_memory_error_reading_a_docx_is_not_an_unreadable_file(monkeypatch):
    import docx as python_docx

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(python_docx, "Document", out_of_memory)
    with pytest.raises(MemoryError):
        docx.load(next((CORPUS / "docx").glob("000_*.docx")))


def test_memory_error_reading_pdf_tables_is_not_a_corrupt_pdf(monkeypatch):
    import pdfplumber

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pdfplumber, "open", out_of_memory)
    with pytest.raises(MemoryError):
        pdf.load(RULED_PDF)


def test_other_errors_reading_pdf_tables_still_say_corrupt_pdf(monkeypatch):
    import pdfplumber

    def broken(*args, **kwargs):
        raise ValueError("bad xref")

    monkeypatch.setattr(pdfplumber, "open", broken)
    with pytest.raises(LoadError, match=r"corrupt PDF \(ValueError on page 8\)"):
        pdf.load(RULED_PDF)
