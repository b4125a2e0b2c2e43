"""DOCX and PDF loaders: the shortcuts taken for speed read exactly what the long way reads,
and a worker's memory limit is not mistaken for a broken file."""
from pathlib import Path

import pytest

from extractors.text import Text
from pipeline.loaders import LoadError, docx, legacy, pdf, pdf_objects
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
        built = pdf_objects.pdfminer_objects(page)
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


def _pdfium_and_pdfminer_objects(path: Path, number: int):
    import pdfplumber
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        with pdfplumber.open(str(path)) as plumber:
            page = plumber.pages[number - 1]
            return pdf_objects.pdfium_objects(document[number - 1], page), pdf_objects.pdfminer_objects(page)
    finally:
        document.close()


def test_pdfium_objects_are_pdfminers_objects():
    """On a ruled page PDFium gives the characters and rules pdfminer gives: same text, same
    flags and kinds, boxes within a thousandth of a point (single precision)."""
    ours, theirs = _pdfium_and_pdfminer_objects(RULED_PDF, 8)
    assert ours is not None and len(ours["char"]) > 500 and len(ours["line"]) >= 4
    for kind in ("char", "line", "rect", "curve"):
        assert len(ours[kind]) == len(theirs.get(kind, [])), kind
        for a, b in zip(ours[kind], theirs.get(kind, [])):
            assert {k: v for k, v in a.items() if isinstance(v, (str, bool))} == \
                {k: b[k] for k, v in a.items() if isinstance(v, (str, bool))}
            for key in ("x0", "x1", "top", "bottom", "doctop", "width", "height", "size", "linewidth"):
                if key in b:
                    assert a[key] == pytest.approx(b[key], abs=1e-3), (kind, key, a.get("text"))
            if "pts" in b:
                assert [c for pt in a["pts"] for c in pt] == pytest.approx([c for pt in b["pts"] for c in pt], abs=1e-3)


def test_table_cells_are_table_extract():
    """The ruled page's tables read by bisection over the characters' centres: exactly the cells
    pdfplumber's own Table.extract gives."""
    import pdfplumber

    with pdfplumber.open(str(RULED_PDF)) as plumber:
        page = plumber.pages[7]
        tables = page.find_tables()
        centres = pdf._Centres(page.chars)
        assert tables and sum(len(table.rows) for table in tables) >= 5
        for table in tables:
            assert pdf._table_cells(table, centres) == table.extract()


def test_page_objects_walk_as_pypdfium2_does():
    """Objects, types and bounds read by address are pypdfium2's, into form objects as deep."""
    import ctypes

    import pypdfium2

    document = pypdfium2.PdfDocument(str(RULED_PDF))
    try:
        page = document[7]
        for depth in (1, 2):
            theirs = [(ctypes.cast(obj.raw, ctypes.c_void_p).value, obj.type, obj.get_bounds())
                      for obj in page.get_objects(max_depth=depth)]
            ours = [(address, kind, pdf_objects.object_bounds(address))
                    for address, kind in pdf_objects.page_objects(page, max_depth=depth)]
            assert len(ours) > 100 and ours == theirs
    finally:
        document.close()


def _fake_bold_page() -> list:
    # a title drawn twice, 0.3 pt apart, to look bold (PDFium keeps one copy, pdfminer both)
    return [PdfText(200, 150, "BÁO CÁO", 14), PdfText(200.3, 150, "BÁO CÁO", 14),
            *paragraph(["Kết quả thực hiện nhiệm vụ năm 2024."], 200)]


def _kerned_space_page() -> list:
    # a space glyph drawn as its own text object and the next word pulled back over it, 1.75 pt
    # after the last: PDFium reads a space of its own there (or none), pdfminer the glyph
    return [PdfText(85, 150, "Kết quả"), PdfText(None, 150, " "), PdfText(127.5, 150, "năm 2024 đạt 61,4%."),
            *paragraph(["Thực hiện nhiệm vụ được giao."], 200)]


@pytest.mark.parametrize("items", [_fake_bold_page, _kerned_space_page], ids=["drawn-twice", "kerned-space"])
def test_a_page_pdfium_reads_otherwise_is_left_to_pdfminer(tmp_path, items):
    path = make_pdf(tmp_path / "page.pdf", [items()])
    ours, theirs = _pdfium_and_pdfminer_objects(path, 1)
    assert ours is None and theirs["char"]


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


# ------------------------------------------------------------------ DOCX as the page shows it

from office_fixtures import (NAMESPACES, endnote_mark, footnote_mark, make_docx, notes_xml, numbered,  # noqa: E402
                             numbering_xml, p, styles_xml, table, text_box)


def _docx_lines(path: Path) -> list[str]:
    return [line for line, _ in docx.load(path).lines]


def test_footnotes_keep_their_mark_and_follow_the_paragraph_that_cites_them(tmp_path):
    body = (p("I. KẾT QUẢ")
            + p("Đã ban hành 03 văn bản", footnote_mark(7), " chỉ đạo triển khai", footnote_mark(2), ".")
            + p("1. Về tuyên truyền")
            + p("Thực hiện Nghị quyết số 12/NQ-HĐND.", endnote_mark(1)))
    path = make_docx(tmp_path / "notes.docx", body,
                     footnotes=notes_xml("footnote", {
                         2: ["Kế hoạch số 45/KH-UBND ngày 03/4/2024 của UBND huyện."],
                         7: ["Công văn số 118/SNV-TCBC ngày 09/01/2024;", "Công văn số 120/SNV-TCBC."]}),
                     endnotes=notes_xml("endnote", {1: ["Ban hành ngày 10/7/2023."]}))
    assert _docx_lines(path) == [
        "I. KẾT QUẢ",
        "Đã ban hành 03 văn bản[1] chỉ đạo triển khai[2].",
        # numbered in the order cited, whatever their ids; a note's second paragraph on its own line
        "[1] Công văn số 118/SNV-TCBC ngày 09/01/2024;",
        "Công văn số 120/SNV-TCBC.",
        "[2] Kế hoạch số 45/KH-UBND ngày 03/4/2024 của UBND huyện.",
        "1. Về tuyên truyền",
        "Thực hiện Nghị quyết số 12/NQ-HĐND.[i]",
        "[i] Ban hành ngày 10/7/2023.",
    ]


def test_a_citation_in_a_footnote_has_a_line_and_the_section_of_its_mark(tmp_path):
    from extractors.sections import SectionIndex
    from extractors.text import Text
    from pipeline.extract import extract

    body = (p("II. NHIỆM VỤ") + p("1. Về cải cách hành chính")
            + p("Triển khai các văn bản của tỉnh", footnote_mark(1), ".") + p("III. KIẾN NGHỊ") + p("Không."))
    path = make_docx(tmp_path / "section.docx", body, footnotes=notes_xml(
        "footnote", {1: ["Quyết định số 215/QĐ-UBND ngày 14/02/2024 của UBND tỉnh."]}))
    text = Text.from_lines(docx.load(path).lines)
    citation = next(c for c in extract(text).citations if c.ref == "215/QĐ-UBND")
    assert text.line(citation.line).text.startswith("[1] Quyết định số 215/QĐ-UBND")
    assert citation.date == "2024-02-14"
    assert SectionIndex(text).path_at(citation.line) == "II. NHIỆM VỤ > 1. Về cải cách hành chính"


def test_auto_numbered_paragraphs_get_the_number_word_draws(tmp_path):
    numbering = numbering_xml(
        {10: [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")], 20: [("bullet", "-")],
         30: [("decimal", "%1."), ("decimal", "%1.%2.")]},
        {1: 10, 2: 20, 3: 30, 4: 30}, start_overrides={4: 5})
    body = (numbered("MỤC TIÊU", 1) + numbered("Cải cách thể chế", 1, 1) + numbered("Mục tiêu", 1, 2)
            + numbered("Nhiệm vụ", 1, 2) + numbered("100% văn bản được kiểm tra", 2)
            + numbered("Cải cách thủ tục", 1, 1) + numbered("Mục tiêu", 1, 2)
            + numbered("NHIỆM VỤ", 1) + numbered("Tổ chức bộ máy", 1, 1)
            + p("Không đánh số") + p("", props='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
            + numbered("Đầu mục", 3) + numbered("Tiểu mục", 3, 1) + numbered("Mục mới", 4)
            + numbered("Mục theo kiểu", 0) + p("Chương một", props='<w:pStyle w:val="Chuong"/>'))
    path = make_docx(tmp_path / "numbered.docx", body, numbering=numbering,
                     styles=styles_xml({"Chuong": (1, 0)}))
    assert _docx_lines(path) == [
        "I. MỤC TIÊU", "1. Cải cách thể chế", "a) Mục tiêu", "b) Nhiệm vụ", "- 100% văn bản được kiểm tra",
        "2. Cải cách thủ tục", "a) Mục tiêu",                       # a deeper level starts again
        "II. NHIỆM VỤ", "1. Tổ chức bộ máy",
        "Không đánh số", "",                                        # an empty numbered paragraph draws nothing
        "1. Đầu mục", "1.1. Tiểu mục",
        "5. Mục mới",                                               # list 4 shares list 3's counters, but restarts at 5
        "Mục theo kiểu",                                            # numId 0: numbering switched off
        "IV. Chương một",                                           # numbered through its style (I, II, III counted)
    ]


def test_text_boxes_are_read_once(tmp_path):
    body = p(text_box("ỦY BAN NHÂN DÂN", "HUYỆN MINH LONG"), "BÁO CÁO") + p("Tình hình thực hiện nhiệm vụ")
    assert _docx_lines(make_docx(tmp_path / "box.docx", body)) == [
        "ỦY BAN NHÂN DÂN", "HUYỆN MINH LONG", "BÁO CÁO", "Tình hình thực hiện nhiệm vụ"]


def test_layout_tables_are_read_column_by_column_and_data_tables_row_by_row(tmp_path):
    header = table([[["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]],
                    ["Số: 27/BC-UBND", "Tân Phú, ngày 05 tháng 3 năm 2024"]], borders=False)
    title = table([[["Kết quả thực hiện công tác", "quý I năm 2024"]]], borders=True)
    data = table([["TT", "Nội dung", "Kết quả"], ["1", "Hồ sơ trực tuyến", "95%"]], borders=True)
    signature = table([[["Nơi nhận:", "- UBND huyện;", "- Lưu: VT."], "",
                        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Trần Văn Bình"]]], borders=False)
    body = header + p("BÁO CÁO") + title + data + p("Trên đây là báo cáo.") + signature
    assert _docx_lines(make_docx(tmp_path / "layout.docx", body)) == [
        "ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ", "Số: 27/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Tân Phú, ngày 05 tháng 3 năm 2024",
        "BÁO CÁO",
        "Kết quả thực hiện công tác", "quý I năm 2024",              # a title alone in a ruled 1x1 table
        "TT\tNội dung\tKết quả", "1\tHồ sơ trực tuyến\t95%",
        "Trên đây là báo cáo.",
        "Nơi nhận:", "- UBND huyện;", "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình",
    ]


def test_the_signer_of_a_signature_table_is_found(tmp_path):
    from extractors.header import extract_header
    from extractors.text import Text

    header = table([[["ỦY BAN NHÂN DÂN", "XÃ TÂN PHÚ"], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]],
                    ["Số: 27/BC-UBND", "Tân Phú, ngày 05 tháng 3 năm 2024"]], borders=False)
    signature = table([[["Nơi nhận:", "- UBND huyện;", "- Lưu: VT."],
                        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình"]]], borders=False)
    body = header + p("BÁO CÁO") + p("Kết quả công tác quý I năm 2024") + p("Trên đây là báo cáo.") + signature
    found = extract_header(Text.from_lines(docx.load(make_docx(tmp_path / "sig.docx", body)).lines))
    assert (found.signer, found.symbol, found.date) == ("Trần Văn Bình", "BC-UBND", "2024-03-05")


# ------------------------------------------------------------------ files recognised by their bytes

import shutil  # noqa: E402

from pipeline.loaders import load  # noqa: E402

REPORT_BODY = p("BÁO CÁO") + p("Thực hiện Kế hoạch số 45/KH-UBND ngày 03/4/2024 của UBND huyện.")
REPORT_LINES = ["BÁO CÁO", "Thực hiện Kế hoạch số 45/KH-UBND ngày 03/4/2024 của UBND huyện."]
RTF_REPORT = (r"{\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0\froman Times New Roman;}}{\*\generator Word;}"
              r"{\info{\author VT}}" "\n"
              r"\pard\qc B\'c1O C\'c1O\par" "\n"
              r"\pard Th\u7921?c hi\u7879?n K\u7871? ho\u7841?ch s\u7889? 45/KH-UBND ng\'e0y 03/4/2024\par" "\n"
              r"\trowd\cellx900\cellx4000\pard\intbl TT\cell N\u7897?i dung\cell\row" "\n"
              r"\trowd\cellx900\cellx4000\pard\intbl 1\cell H\u7891? s\u417?\par tr\u7921?c tuy\u7871?n\cell\row" "\n"
              r"\pard{\field{\*\fldinst HYPERLINK x}{\fldrslt Xem th\u234?m}}\par}")
HTML_REPORT = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Cổng thông tin</title>"
               "<script>var x = '<p>không</p>';</script><style>p { margin: 0 }</style></head><body>"
               "<h2>BÁO CÁO</h2><p>Thực hiện Kế hoạch số <b>45/KH-UBND</b>\n   ngày 03/4/2024&nbsp;của UBND huyện.</p>"
               "<table><tr><th>TT</th><th>Nội dung</th></tr><tr><td>1</td><td>Hồ sơ<br>trực tuyến</td></tr></table>"
               "<ul><li>Lưu: VT.</li></ul></body></html>")


def test_a_docx_named_doc_is_read_as_docx_with_a_note(tmp_path):
    path = make_docx(tmp_path / "report.docx", REPORT_BODY)
    misnamed = tmp_path / "report.doc"
    shutil.copy(path, misnamed)
    loaded = load(misnamed, "doc")
    assert [line for line, _ in loaded.lines] == REPORT_LINES
    assert loaded.notes == ["named as Word 97-2003 .doc but its content is Word .docx: read as such"]


def test_a_word_97_file_named_docx_is_read_as_doc():
    if not shutil.which("antiword"):
        pytest.skip("antiword is not installed (scripts/setup.sh installs it)")
    doc = next((CORPUS / "doc").glob("*.doc"))
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        misnamed = Path(tmp) / "report.docx"
        shutil.copy(doc, misnamed)
        loaded = load(misnamed, "docx")
    assert loaded.notes[0] == "named as Word .docx but its content is Word 97-2003 .doc: read as such"
    assert [line for line, _ in loaded.lines] == [line for line, _ in load(doc, "doc").lines]


def test_a_password_protected_docx_is_still_said_to_be_one(tmp_path):
    path = tmp_path / "locked.docx"        # an OLE container without a WordDocument stream
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + "EncryptedPackage".encode("utf-16-le") + bytes(480))
    with pytest.raises(LoadError, match="^password-protected or old-format Word file"):
        load(path, "docx")


def test_a_pdf_that_is_an_image_is_read_as_an_image(tmp_path, monkeypatch):
    from PIL import Image

    from pipeline.loaders import image

    path = tmp_path / "scan.pdf"
    Image.new("L", (40, 20), 255).save(path, format="PNG")
    seen = []
    monkeypatch.setattr(image, "load", lambda p: seen.append(p) or image.Loaded([("Số: 12/BC-UBND", 1)], pages=1))
    loaded = load(path, "pdf")          # the image loader (OCR) itself is tested in test_ocr.py
    assert seen == [path]
    assert loaded.notes == ["named as PDF but its content is image: read as such"]


RTF_LINES = ["BÁO CÁO", "Thực hiện Kế hoạch số 45/KH-UBND ngày 03/4/2024",
             "TT\tNội dung", "1\tHồ sơ trực tuyến", "Xem thêm"]          # a field's result, not its code
HTML_LINES = ["BÁO CÁO", "Thực hiện Kế hoạch số 45/KH-UBND ngày 03/4/2024 của UBND huyện.",
              "TT\tNội dung", "1\tHồ sơ trực tuyến", "- Lưu: VT."]     # no title, script or style text


@pytest.mark.parametrize("name, data, expected_format, expected_lines", [
    ("report.txt", RTF_REPORT.encode("ascii"), "RTF", RTF_LINES),
    ("report.doc", RTF_REPORT.encode("ascii"), "RTF", RTF_LINES),     # Word's "save as RTF" under a .doc name
    ("report.txt", HTML_REPORT.encode("utf-8"), "HTML", HTML_LINES),
    ("report.doc", HTML_REPORT.encode("utf-8"), "HTML", HTML_LINES),  # a web page saved under a .doc name
    ("report.txt", b"\xef\xbb\xbf\n  <html><body><p>B\xc3\x81O C\xc3\x81O</p></body></html>", "HTML", ["BÁO CÁO"]),
])
def test_rtf_and_html_named_txt_are_read_as_what_they_are(tmp_path, name, data, expected_format, expected_lines):
    path = tmp_path / name
    path.write_bytes(data)
    loaded = load(path, path.suffix[1:])
    assert loaded.notes[0].endswith(f"its content is {expected_format}: read as such")
    assert [line for line, _ in loaded.lines if line.strip()] == expected_lines


def test_plain_text_that_mentions_html_stays_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Ghi chú: thẻ <p> trong trang web\nBáo cáo số 12/BC-UBND\n", encoding="utf-8")
    loaded = load(path, "txt")
    assert loaded.notes == [] and loaded.lines[0][0] == "Ghi chú: thẻ <p> trong trang web"


# ------------------------------------------------------------------ PDF read by position

from pdf_fixtures import Box, Text as PdfText, make_pdf, paragraph, rule  # noqa: E402

BOTH_PATHS = pytest.mark.parametrize("fast", [True, False], ids=["pypdfium2", "pdfplumber"])


def _pdf_lines(path: Path, fast: bool) -> list[tuple[str, int]]:
    return [(" ".join(text.split()), page) for text, page in pdf.load(path, fast=fast).lines if text.strip()]


def _header_page() -> list:
    return [
        PdfText(100, 60, "ỦY BAN NHÂN DÂN"), PdfText(330, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12),
        PdfText(110, 78, "HUYỆN MINH LONG"), PdfText(360, 78, "Độc lập - Tự do - Hạnh phúc"),
        # one baseline: the number (left blank, as before signing) and the place and date
        PdfText(100, 104, "Số:"), PdfText(160, 104, "/BC-UBND"), PdfText(340, 104, "Minh Long, ngày 12 tháng 3 năm 2024"),
        PdfText(270, 150, "BÁO CÁO", 14),
        PdfText(200, 170, "Kết quả công tác quý I năm 2024"),
    ]


@BOTH_PATHS
def test_the_two_column_header_is_read_column_by_column(tmp_path, fast):
    path = make_pdf(tmp_path / "header.pdf", [_header_page() + paragraph(["Thực hiện nhiệm vụ được giao."], 220)])
    assert [text for text, _ in _pdf_lines(path, fast)] == [
        "ỦY BAN NHÂN DÂN", "HUYỆN MINH LONG", "Số: /BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Minh Long, ngày 12 tháng 3 năm 2024",
        "BÁO CÁO", "Kết quả công tác quý I năm 2024", "Thực hiện nhiệm vụ được giao.",
    ]


def _footnoted_pages() -> list[list]:
    running = PdfText(230, 40, "Báo cáo quý I năm 2024", 10)     # a running header, from page 2 on
    page1 = _header_page() + [
        PdfText(85, 220, "Thực hiện Kế hoạch số 12/KH-UBND của UBND huyện"), PdfText(None, 215, "1", 8.5),
        PdfText(None, 220, " và các văn bản"),
        PdfText(85, 239, "hướng dẫn của tỉnh, xã đã triển khai"), PdfText(None, 234, "2", 8.5),
        PdfText(None, 239, " nhiều nhiệm vụ trong quý, cụ thể"),
        PdfText(85, 258, "là rà soát, cập nhật dữ liệu dân cư của các thôn trong"),   # goes on over the page break
        rule(85, 745, 230),
        PdfText(85, 760, "1", 6.5), PdfText(90, 764, "Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND huyện về triển khai", 10),
        PdfText(85, 776, "nhiệm vụ năm 2024.", 10),
        PdfText(85, 790, "2", 6.5), PdfText(90, 794, "Công văn số 88/SNV-TCBC ngày 02/02/2024 của Sở Nội vụ.", 10),
    ]
    page2 = [running, PdfText(290, 60, "2", 12),                           # page number at the top
             *paragraph(["xã và hoàn thành trong tháng 3.", "II. NHIỆM VỤ QUÝ II",
                         "Tiếp tục triển khai các nhiệm vụ theo kế hoạch."], 100)]
    page3 = [running, *paragraph(["III. KIẾN NGHỊ", "Đề nghị UBND huyện quan tâm chỉ đạo."], 100),
             PdfText(290, 810, "- 3 -", 12)]                               # page number at the foot
    page4 = [running, *paragraph(["Trên đây là báo cáo của UBND xã./."], 100),
             # the signature block beside Nơi nhận: the two columns share baselines
             PdfText(85, 150, "Nơi nhận:", 12), PdfText(360, 150, "TM. ỦY BAN NHÂN DÂN", 13),
             PdfText(85, 166, "- UBND huyện;", 11), PdfText(395, 168, "CHỦ TỊCH", 13),
             PdfText(85, 180, "- Lưu: VT.", 11), PdfText(380, 240, "Trần Văn Bình", 13),
             PdfText(290, 810, "4", 12)]
    return [page1, page2, page3, page4]


@BOTH_PATHS
def test_footnotes_follow_their_paragraph_page_furniture_is_dropped_and_the_signature_is_apart(tmp_path, fast):
    path = make_pdf(tmp_path / "footnotes.pdf", _footnoted_pages())
    lines = _pdf_lines(path, fast)
    assert lines[8:] == [
        ("Thực hiện Kế hoạch số 12/KH-UBND của UBND huyện[1] và các văn bản", 1),
        ("hướng dẫn của tỉnh, xã đã triển khai[2] nhiều nhiệm vụ trong quý, cụ thể", 1),
        ("là rà soát, cập nhật dữ liệu dân cư của các thôn trong", 1),
        ("xã và hoàn thành trong tháng 3.", 2),
        # the footnotes of page 1, after the paragraph that runs over the page break
        ("[1] Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND huyện về triển khai", 1),
        ("nhiệm vụ năm 2024.", 1),
        ("[2] Công văn số 88/SNV-TCBC ngày 02/02/2024 của Sở Nội vụ.", 1),
        ("II. NHIỆM VỤ QUÝ II", 2),
        ("Tiếp tục triển khai các nhiệm vụ theo kế hoạch.", 2),
        ("III. KIẾN NGHỊ", 3),
        ("Đề nghị UBND huyện quan tâm chỉ đạo.", 3),
        ("Trên đây là báo cáo của UBND xã./.", 4),
        ("Nơi nhận:", 4), ("- UBND huyện;", 4), ("- Lưu: VT.", 4),
        ("TM. ỦY BAN NHÂN DÂN", 4), ("CHỦ TỊCH", 4), ("Trần Văn Bình", 4),
    ]


def test_a_citation_in_a_pdf_footnote_keeps_its_date_and_the_body_sentence_is_whole(tmp_path):
    from pipeline.extract import extract

    text = Text.from_lines(pdf.load(make_pdf(tmp_path / "footnotes.pdf", _footnoted_pages())).lines)
    citations = {(c.ref, c.date, text.line(c.line).page) for c in extract(text).citations}
    assert ("88/SNV-TCBC", "2024-02-02", 1) in citations and ("12/KH-UBND", "2024-01-05", 1) in citations
    assert any(p.text.endswith("các thôn trong xã và hoàn thành trong tháng 3.") for p in text.paragraphs())


def _chart_page() -> list:
    """A column chart as Word exports it: gridlines, a value axis "100,000%" … "0,000%", bars,
    category labels and a legend, between two paragraphs."""
    top, step = 160, 22
    items = paragraph(["Kết quả chỉ số cải cách hành chính của các đơn vị năm 2023 như sau:"], 100)
    for i in range(11):
        items += [PdfText(None, top + i * step + 4, f"{100 - 10 * i},000%", 9, right=140), rule(145, top + i * step, 500)]
    items += [Box(144, top, 145, top + 10 * step, filled=True), Box(500, top, 501, top + 10 * step, filled=True)]
    items += [Box(190 + 110 * k, top + (1 - h) * 10 * step, 230 + 110 * k, top + 10 * step, filled=True)
              for k, h in enumerate((0.6, 0.8, 0.7))]
    below = top + 10 * step
    items += [PdfText(185, below + 18, "Lâm Viên", 9), PdfText(295, below + 18, "Đạ Huoai", 9),
              PdfText(400, below + 18, "Bảo Lộc", 9), PdfText(290, below + 36, "Chỉ số chung", 9)]
    return items + paragraph(["Các đơn vị cần tiếp tục cải thiện, phấn đấu đạt 61,4% năm 2024."], below + 80)


def _bar_chart_page() -> list:
    """Horizontal bars: category labels at the left, the value axis "0%" … "100%" on one line under them."""
    items = paragraph(["Kết quả chỉ số cải cách hành chính của các đơn vị năm 2023 như sau:"], 100)
    for k, (name, share) in enumerate((("Lâm Viên", 0.6), ("Đạ Huoai", 0.8), ("Bảo Lộc", 0.7))):
        items += [PdfText(90, 150 + 30 * k, name, 9), Box(150, 140 + 30 * k, 150 + 300 * share, 152 + 30 * k, filled=True)]
    items += [PdfText(146 + 60 * i, 250, f"{20 * i}%", 9) for i in range(6)]
    return items + paragraph(["Các đơn vị cần tiếp tục cải thiện, phấn đấu đạt 61,4% năm 2024."], 300)


def _chart_without_axis_lines() -> list:
    return [item for item in _chart_page() if not (isinstance(item, Box) and item.x1 - item.x0 < 2)]


@BOTH_PATHS
@pytest.mark.parametrize("chart", [_chart_page, _chart_without_axis_lines, _bar_chart_page],
                         ids=["columns-ruled", "columns", "bars"])
def test_text_inside_a_chart_is_read_neither_as_prose_nor_as_a_table(tmp_path, fast, chart):
    from extractors.tables import find_tables
    from pipeline.extract import extract

    loaded = pdf.load(make_pdf(tmp_path / "chart.pdf", [chart()]), fast=fast)
    assert [text for text, _ in loaded.lines if text.strip()] == [
        "Kết quả chỉ số cải cách hành chính của các đơn vị năm 2023 như sau:",
        "Các đơn vị cần tiếp tục cải thiện, phấn đấu đạt 61,4% năm 2024.",
    ]
    text = Text.from_lines(loaded.lines)
    assert find_tables(text) == []
    assert [i.value for i in extract(text).indicators] == [61.4]


def test_a_hyphen_stored_as_u_fffe_is_a_hyphen():
    assert Text.from_lines(["Công văn số 428/TTXT\ufffeĐTDN ngày 09/9/2025"]).lines[0].text == \
        "Công văn số 428/TTXT-ĐTDN ngày 09/9/2025"


def test_small_type_at_the_page_foot_without_a_raised_mark_stays_in_the_body(tmp_path):
    page = paragraph(["Kết quả thực hiện các chỉ tiêu như sau:"], 100) + [
        PdfText(85, 770, "1. Số hồ sơ trực tuyến tăng 12% so với cùng kỳ;", 10),
        PdfText(85, 785, "2. Số thủ tục được rút ngắn thời gian giải quyết: 35.", 10)]
    lines = [text for text, _ in _pdf_lines(make_pdf(tmp_path / "list.pdf", [page]), fast=True)]
    assert lines == ["Kết quả thực hiện các chỉ tiêu như sau:",
                     "1. Số hồ sơ trực tuyến tăng 12% so với cùng kỳ;",
                     "2. Số thủ tục được rút ngắn thời gian giải quyết: 35."]


def test_a_footnote_cited_in_a_table_follows_the_table(tmp_path):
    cell_with_mark = f'<w:tc>{p("Kế hoạch số 45/KH-UBND", footnote_mark(1))}</w:tc>'
    body = ('<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single"/></w:tblBorders></w:tblPr>'
            f'<w:tr><w:tc>{p("TT")}</w:tc><w:tc>{p("Văn bản")}</w:tc><w:tc>{p("Ghi chú")}</w:tc></w:tr>'
            f'<w:tr><w:tc>{p("1")}</w:tc>{cell_with_mark}<w:tc>{p("")}</w:tc></w:tr></w:tbl>' + p("Trên đây là báo cáo."))
    path = make_docx(tmp_path / "table.docx", body,
                     footnotes=notes_xml("footnote", {1: ["Ban hành ngày 03/4/2024."]}))
    assert _docx_lines(path) == ["TT\tVăn bản\tGhi chú", "1\tKế hoạch số 45/KH-UBND[1]\t",
                                 "[1] Ban hành ngày 03/4/2024.", "Trên đây là báo cáo."]


@pytest.mark.parametrize("name, data, lines", [
    ("report.rtf", RTF_REPORT.encode("ascii"), RTF_LINES),
    ("report.html", HTML_REPORT.encode("utf-8"), HTML_LINES),
    ("report.htm", HTML_REPORT.encode("utf-8"), HTML_LINES),
])
def test_rtf_and_html_files_are_read_by_their_own_name(tmp_path, name, data, lines):
    from pipeline.discover import FoundFile

    path = tmp_path / name
    path.write_bytes(data)
    loaded = load(path, FoundFile(path, name).format)
    assert loaded.notes == [] and [line for line, _ in loaded.lines if line.strip()] == lines


def test_a_table_grid_whose_cells_hide_their_borders_is_a_layout_table(tmp_path):
    hidden = "".join(f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right"))
    cell = lambda *texts: (f"<w:tc><w:tcPr><w:tcBorders>{hidden}</w:tcBorders></w:tcPr>"
                           + "".join(p(t) for t in texts) + "</w:tc>")
    body = (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tr>'
            f'{cell("SỞ NỘI VỤ", "Số: 12/BC-SNV")}{cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")}'
            "</w:tr></w:tbl>")
    styles = (f'<w:styles {NAMESPACES}><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
              '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>'
              '</w:tblBorders></w:tblPr></w:style></w:styles>')
    assert _docx_lines(make_docx(tmp_path / "grid.docx", body, styles=styles)) == [
        "SỞ NỘI VỤ", "Số: 12/BC-SNV", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def test_footnotes_of_a_page_ending_inside_a_table_follow_the_table():
    from extractors.tables import find_tables
    from pipeline.loaders.pdf_layout import PageLayout, reading_order

    page1 = PageLayout(1, 595, 842, [], body=["Kết quả như sau:", "TT\tNội dung\tKết quả", "1\tHồ sơ trực tuyến[1]\t95%"],
                       footnotes=["[1] Tính đến ngày 30/11/2024."])
    page2 = PageLayout(2, 595, 842, [], body=["2\tThủ tục liên thông\t80%", "Trên đây là kết quả."])
    lines = reading_order([page1, page2])
    assert lines == [("Kết quả như sau:", 1), ("TT\tNội dung\tKết quả", 1), ("1\tHồ sơ trực tuyến[1]\t95%", 1),
                     ("2\tThủ tục liên thông\t80%", 2), ("[1] Tính đến ngày 30/11/2024.", 1),
                     ("Trên đây là kết quả.", 2)]
    (table,) = find_tables(Text.from_lines(lines))
    assert [row[0] for row in table.rows] == ["1", "2"]


# ------------------------------------------------------------------ the patterns, with real examples

from pipeline.loaders import guards, pdf_layout, pdf_lines, txt  # noqa: E402


@pytest.mark.parametrize("text, number", [
    ("2", "2"), ("- 3 -", "3"), ("– 12 –", "12"), ("Trang 4", "4"), ("trang 4", "4"), ("5/8", "5"),
    ("2025", "2025"),                       # (a year alone: only dropped where a page number may stand)
    ("2.", None), ("Điều 2", None), ("2 hồ sơ", None), ("12/KH-UBND", None),
])
def test_page_number_pattern(text, number):
    match = pdf_layout._PAGE_NUMBER.match(text)
    assert (match["n"] if match else None) == number


@pytest.mark.parametrize("text, mark, note", [
    ("1 Công văn số 88/SNV-TCBC ngày 02/02/2024.", "1", "Công văn số 88/SNV-TCBC ngày 02/02/2024."),
    ("12Kế hoạch số 45/KH-UBND", "12", "Kế hoạch số 45/KH-UBND"),          # pdfplumber: no space after the mark
    ("3", "3", None),                                                       # the mark alone, its text on the next line
    ("2024 và các năm tiếp theo", None, None),                              # a footnote's line starting with a year
    ("1.013947)", None, None), ("2,5 triệu đồng", None, None),
])
def test_footnote_start_pattern(text, mark, note):
    match = pdf_layout._FOOTNOTE_START.match(text)
    assert (match["mark"], match["text"]) == (mark, note) if mark else match is None


@pytest.mark.parametrize("text, marks", [
    ("mô hình, sáng kiến1", ["1"]),
    ("các TTHC trên địa bàn tỉnh2. Theo đó", ["2"]),
    ("văn bản chỉ đạo của Chủ tịch UBND tỉnh6).", ["6"]),
    ("“Hồ sơ không hẹn”3 và", ["3"]),
    ("ngày 21/8/2025 của Chủ tịch", []),                                  # dates: after "/" never
    ("Kế hoạch số 208/KH-CAT-PC06", ["06"]),                               # a candidate: its size decides
    ("đạt 61,4% năm 2024", []),
])
def test_footnote_mark_candidates(text, marks):
    assert [m[0] for m in pdf_lines._MARK_CANDIDATE.finditer(text)] == marks


@pytest.mark.parametrize("text, value", [
    ("100,000%", 100.0), ("90,000%", 90.0), ("0%", 0.0), ("1.500", 1500.0), ("2,5", 2.5),
    ("Lâm Viên", None), ("61,4% năm 2024", None), ("-20", None),
])
def test_axis_label_values(text, value):
    assert pdf_layout._axis_value(text) == value


@pytest.mark.parametrize("text, ends", [
    ("xây dựng kế hoạch và tổ chức phân công thực hiện.", True), ("cụ thể như sau:", True),
    ("hỗ trợ).", True), ("tỉnh Lâm Đồng./.", True), ("Công văn số 1014/SNV-CCHC&VTLT ngày 22/8/2025 của Sở Nội vụ để", False),
    ("(như: xã Hàm Thuận Nam, phường Phước Hội…).", True), ("- Sở Tài chính;", True),
])
def test_paragraph_end_pattern(text, ends):
    assert bool(pdf_layout._ENDS_PARAGRAPH.search(text)) is ends


@pytest.mark.parametrize("head, is_html", [
    (b"<!DOCTYPE html><html>", True), (b"<html lang='vi'>", True), (b"  \n<HTML>", True),
    (b"<!-- saved from url -->\n<html>", True), (b"<meta charset='utf-8'><p>B", True), (b"<table><tr>", True),
    (b"Ghi ch\xc3\xba: <p> trong trang", False), (b"<Ban hanh> ngay 12", False), (b"<p", False),
])
def test_html_start_pattern(head, is_html):
    assert bool(guards._HTML_START.match(head)) is is_html


@pytest.mark.parametrize("rtf, tokens", [
    (r"\par ", [("word", "par")]), (r"\u7871?", [("word", "u"), ("text", "?")]), (r"\'e1", [("byte", "e1")]),
    (r"\{x", [("symbol", "{"), ("text", "x")]), (r"{\*\generator W;}", [("brace", "{"), ("symbol", "*"),
                                                                      ("word", "generator"), ("text", "W;"), ("brace", "}")]),
    ("\\ansicpg1258\\deff0", [("word", "ansicpg"), ("word", "deff")]),
])
def test_rtf_tokens(rtf, tokens):
    found = [("word" if m["word"] else m.lastgroup, m["word"] or m[m.lastgroup]) for m in txt._RTF_TOKEN.finditer(rtf)
             if m.lastgroup or m["word"]]
    assert found == tokens


def test_a_page_whose_lines_cannot_be_placed_is_kept_in_content_order(tmp_path, monkeypatch):
    """A bug placing one page's lines costs that page its reading order, not the file."""
    def fails(lines, body_size):
        raise ValueError("unexpected geometry")

    monkeypatch.setattr(pdf_layout, "_split_footnotes", fails)
    loaded = pdf.load(make_pdf(tmp_path / "footnotes.pdf", _footnoted_pages()))
    assert loaded.notes[:2] == ["page 1 read in content order (ValueError placing its lines)",
                                "page 2 read in content order (ValueError placing its lines)"]
    texts = [text for text, _ in loaded.lines]
    assert texts[0] == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"      # as the text layer has it
    assert "Trên đây là báo cáo của UBND xã./." in texts


def test_rtf_footnotes_follow_their_paragraph():
    rtf = (r"{\rtf1\ansi\ansicpg1258{\fonttbl{\f0 Times;}}"
           r"\pard Th\u7921?c hi\u7879?n K\u7871? ho\u7841?ch{\super \chftn}{\footnote\pard {\super \chftn} "
           r"K\u7871? ho\u7841?ch s\u7889? 45/KH-UBND ng\'e0y 03/4/2024.}, x\u227? \'f0\u227? tri\u7875?n khai.\par"
           r"\pard Tr\u234?n \'f0\'e2y l\'e0 b\'e1o c\'e1o.\par}")
    assert [line for line in txt.rtf_lines(rtf) if line] == [
        "Thực hiện Kế hoạch[1], xã đã triển khai.",
        "[1] Kế hoạch số 45/KH-UBND ngày 03/4/2024.",
        "Trên đây là báo cáo.",
    ]


def test_rtf_in_a_code_page_python_does_not_know_is_read_as_western():
    assert txt.rtf_lines(r"{\rtf1\ansi\ansicpg77777 Caf\'e9\par}")[0] == "Café"


def test_a_borderless_table_ending_the_last_page_is_not_taken_for_a_signature_block(tmp_path):
    rows = [("Sở Tư pháp", "89,00", "82,78"), ("Sở Nội vụ", "87,00", "78,95"), ("Sở Tài chính", "85,00", "77,10"),
            ("Sở Y tế", "84,00", "76,40"), ("Sở Xây dựng", "83,00", "75,20"), ("Thanh tra tỉnh", "81,00", "64,23")]
    page = paragraph(["Kết quả chấm điểm của các cơ quan như sau:"], 100)
    for i, (unit, maximum, score) in enumerate(rows):
        page += [PdfText(90, 130 + 18 * i, unit, 12), PdfText(330, 130 + 18 * i, maximum, 12),
                 PdfText(450, 130 + 18 * i, score, 12)]
    lines = [text for text, _ in _pdf_lines(make_pdf(tmp_path / "scores.pdf", [page]), fast=True)]
    assert lines[1:] == [" ".join(row) for row in rows]


@pytest.mark.parametrize("rows", [
    [["TT", "Chỉ tiêu", "Kết quả"], ["1", "Hồ sơ trực tuyến", "95%"]],
    [["1", "Hồ sơ trực tuyến", "95%"], ["2", "Thanh toán trực tuyến", "60%"], ["3", "Số hóa kết quả", "80%"]],
], ids=["TT header", "numbered rows"])
def test_a_small_borderless_data_table_stays_rows(tmp_path, rows):
    path = make_docx(tmp_path / "data.docx", table(rows, borders=False))
    assert _docx_lines(path) == ["\t".join(row) for row in rows]


@pytest.mark.parametrize("text, is_row_number", [
    ("1", True), ("12", True), ("3.", True), ("IV", True), ("II.", True),
    ("Nơi nhận:", False), ("ỦY BAN NHÂN DÂN", False), ("2024", False), ("1.1", False),
])
def test_row_number_pattern(text, is_row_number):
    assert bool(docx._ROW_NUMBER.fullmatch(text)) is is_row_number
