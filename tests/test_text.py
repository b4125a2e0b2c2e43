import unicodedata

import pytest

from extractors.text import Line, Text, fold
from seeds import seed_text as seed


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Đức Phổ", "Đức Phổ"),                                  # already NFC
        (unicodedata.normalize("NFD", "Đức Phổ"), "Đức Phổ"),    # decomposed, as old Word files give
        ("  Kế\u00a0hoạch   số  ", "Kế hoạch số"),                 # no-break space, runs of spaces
        ("thư\u200b viện\ufeff", "thư viện"),                      # zero-width and BOM characters
        ("1\t2151/KH-UBND \t 01/10/2015", "1\t2151/KH-UBND\t01/10/2015"),  # TAB kept as cell separator
        ("\tNăm 2014\t\t", "\tNăm 2014\t\t"),                    # empty cells survive
        ("QÐ-UBND, NÐ-CP, ðồng", "QĐ-UBND, NĐ-CP, đồng"),               # OCR's eth for the Vietnamese Đ/đ
        ("Báo cáo\r", "Báo cáo"),                                 # CRLF remnant
        ("số 45\n/BC-UBND", "số 45 /BC-UBND"),                  # a break inside a loader's line: one line still
    ],
)
def test_lines_are_normalised_one_by_one(raw, expected):
    # the whole text is normalised in one pass: no step may reach across a line
    lines = Text.from_lines([(raw, 1), " ", (raw, 2)]).lines
    assert [(line.number, line.text, line.page) for line in lines] == [(1, expected, 1), (2, "", None), (3, expected, 2)]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Đức Phổ", "duc pho"),
        ("Đức Phồ", "duc pho"),         # OCR slip folds to the same key
        ("THƯ VIỆN", "thu vien"),
        ("Quyết định", "quyet dinh"),
        ("NĐ-CP", "nd-cp"),
    ],
)
def test_fold_handles_d_bar_and_tone_marks(text, folded):
    assert fold(text) == folded


def test_fold_keeps_length_of_nfc_text():
    s = "Kế hoạch số 3225/KH-UBND của UBND thị xã Đức Phổ"
    assert len(fold(s)) == len(s)


def test_lines_are_never_merged_or_split():
    raw = "a\n\nb\tc\n"
    text = Text.from_string(raw)
    assert [l.number for l in text.lines] == [1, 2, 3, 4]
    assert text.full == raw


def test_hard_wrapped_reference_is_rejoined_with_its_lines():
    # seed 001: "… của UBND thị xã Đức" / "Phổ …" with blank lines in between
    text = seed("001")
    para = next(p for p in text.paragraphs() if "3916/KH-UBND" in p.text)
    assert "của UBND thị xã Đức Phổ triển khai thực hiện Chương trình" in para.text
    assert para.first_line.number == 90
    assert para.line_at(para.text.index("Phổ triển khai")).number == 92


def test_split_date_is_rejoined():
    text = seed("001")
    para = next(p for p in text.paragraphs() if "1914/KH-STTTT" in p.text)
    assert "Kế hoạch số 1914/KH-STTTT ngày 07/9/2023" in para.text
    assert para.line_at(para.text.index("07/9/2023")).number == 270


def test_headings_and_bullets_start_new_paragraphs():
    text = seed("001")
    starts = {p.first_line.number: p.text for p in text.paragraphs()}
    assert starts[19] == "I. KHÁI QUÁT CHUNG"
    assert starts[61] == "II. KẾT QUẢ THỰC HIỆN"
    assert starts[82].startswith("- Quyết định số 3348/QĐ-UBND")


def test_numbers_at_line_start_do_not_break_a_sentence():
    # "… tiếp nhận 1.050 hồ sơ trực tuyến/tổng số" / "1.710 hồ sơ" is one sentence.
    text = seed("001")
    para = next(p for p in text.paragraphs() if "1.050 hồ sơ" in p.text)
    assert "1.050 hồ sơ trực tuyến/tổng số 1.710 hồ sơ, chiếm tỷ lệ 61,4%" in para.text


def test_unwrapped_text_keeps_one_paragraph_per_line():
    text = seed("000")
    assert text.wrap_width is None
    titles = [p.text for p in text.paragraphs() if p.first_line.number in (9, 11)]
    assert titles[0].startswith("Tổng kết 10 năm") and titles[1].startswith("Thực hiện Công văn")


def test_table_rows_are_paragraphs_of_their_own():
    text = seed("000")
    rows = [p for p in text.paragraphs() if p.first_line.is_table_row]
    assert all(len(p.lines) == 1 for p in rows)
    assert any(p.text.startswith("10\t3225/KH-UBND\t22/12/2022") for p in rows)


def test_list_inside_open_parentheses_continues_after_a_semicolon():
    text = Text.from_string("- Làm sạch 219.497 dữ liệu (Hội Nông dân: 14.740;\n\nBảo hiểm xã hội: 147.978; Thuế: 1.415).\n\nTiếp theo.")
    assert [p.text for p in text.paragraphs()] == [
        "- Làm sạch 219.497 dữ liệu (Hội Nông dân: 14.740; Bảo hiểm xã hội: 147.978; Thuế: 1.415).",
        "Tiếp theo.",
    ]


def test_stored_text_reads_back_as_it_was_normalised():
    text = seed("001")
    stored = Text.from_stored(text.full)
    assert stored.lines == [Line(l.number, l.text, None) for l in text.lines]
    assert [p.text for p in stored.paragraphs()] == [p.text for p in text.paragraphs()]
