import re
import unicodedata
from pathlib import Path

import pytest

from extractors.text import (
    APPENDIX_CAPTION, APPENDIX_CAPTION_LINE, RECIPIENTS_HEADING, Line, Text, fold, respell_folded, without_specks,
)


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


def fixture(name: str) -> Text:
    """A report written for these rules (tests/data/text): PDF-like hard-wrapped, or one paragraph a line."""
    return Text.from_string((Path(__file__).parent / "data" / "text" / f"{name}.txt").read_text(encoding="utf-8"))


def test_hard_wrapped_reference_is_rejoined_with_its_lines():
    # "… của UBND thị xã Đức" / "Phổ …" with blank lines in between, as PDF text gives it
    text = fixture("wrapped")
    para = next(p for p in text.paragraphs() if "3916/KH-UBND" in p.text)
    assert para.text == ("- Kế hoạch số 3916/KH-UBND ngày 31/12/2020 của UBND thị xã Đức Phổ triển khai thực hiện "
                         "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030 của thị xã Đức Phổ.")
    assert [line.number for line in para.lines] == [15, 17, 19]
    assert para.line_at(para.text.index("Phổ triển khai")).number == 17


def test_split_date_is_rejoined():
    text = fixture("wrapped")
    para = next(p for p in text.paragraphs() if "1914/KH-STTTT" in p.text)
    assert "Kế hoạch số 1914/KH-STTTT ngày 07/9/2023 của Sở" in para.text
    assert para.line_at(para.text.index("07/9/2023")).number == 31


def test_headings_and_bullets_start_new_paragraphs():
    text = fixture("wrapped")
    starts = {p.first_line.number: p.text for p in text.paragraphs()}
    assert starts[9] == "I. KHÁI QUÁT CHUNG"
    assert starts[21] == "II. KẾT QUẢ THỰC HIỆN"
    assert starts[15].startswith("- Kế hoạch số 3916/KH-UBND")     # a bullet after a clause ending in ":"
    assert starts[33].startswith("- Đã triển khai")                # a bullet after a sentence
    assert starts[11].endswith("cụ thể như sau:")                  # the wrapped lead-in is whole


def test_numbers_at_line_start_do_not_break_a_sentence():
    # "… tiếp nhận 1.050 hồ sơ trực tuyến/tổng số" / "1.710 hồ sơ" is one sentence.
    text = fixture("wrapped")
    para = next(p for p in text.paragraphs() if "1.050 hồ sơ" in p.text)
    assert "1.050 hồ sơ trực tuyến/tổng số 1.710 hồ sơ, chiếm tỷ lệ 61,4%" in para.text


def test_unwrapped_text_keeps_one_paragraph_per_line():
    text = fixture("unwrapped")
    assert text.wrap_width is None
    starts = {p.first_line.number: p.text for p in text.paragraphs()}
    assert starts[4].startswith("Tổng kết 10 năm") and starts[5].startswith("Thực hiện Công văn")
    assert starts[7] == "Các cơ quan đã triển khai hệ thống quản lý văn bản và điều hành, được sử dụng thường xuyên."


def test_table_rows_are_paragraphs_of_their_own():
    text = fixture("unwrapped")
    rows = [p for p in text.paragraphs() if p.first_line.is_table_row]
    assert [len(p.lines) for p in rows] == [1, 1, 1]
    assert rows[1].text == "1\t3225/KH-UBND\t22/12/2022\tKế hoạch chuyển đổi số năm 2023"


def test_list_inside_open_parentheses_continues_after_a_semicolon():
    text = Text.from_string("- Làm sạch 219.497 dữ liệu (Hội Nông dân: 14.740;\n\nBảo hiểm xã hội: 147.978; Thuế: 1.415).\n\nTiếp theo.")
    assert [p.text for p in text.paragraphs()] == [
        "- Làm sạch 219.497 dữ liệu (Hội Nông dân: 14.740; Bảo hiểm xã hội: 147.978; Thuế: 1.415).",
        "Tiếp theo.",
    ]


def test_stored_text_reads_back_as_it_was_normalised():
    text = fixture("wrapped")
    stored = Text.from_stored(text.full)
    assert stored.lines == [Line(l.number, l.text, None) for l in text.lines]
    assert [p.text for p in stored.paragraphs()] == [p.text for p in text.paragraphs()]


# The appendix caption's one definition (sections, tables and the header all read it): where it
# starts a line (`caption`, as matched) and whether the line is the caption alone (`alone`).
@pytest.mark.parametrize("line, caption, alone", [
    ("PHỤ LỤC II", "PHỤ LỤC II", True),
    ("PHỤ LỤC", "PHỤ LỤC", True),
    ("Phụ lục I", "Phụ lục I", True),
    ("PHỤ LỤC 02", "PHỤ LỤC 02", True),
    ("Phụ lục số 2:", "Phụ lục số 2", True),
    ("Phụ Lục III.", "Phụ Lục III", True),                        # title case, closing dot
    ("PHỤ LỤC A", "PHỤ LỤC A", True),                             # lettered appendices
    ("PHỤ LỤC H", "PHỤ LỤC H", True),                             # OCR's "H" for "II"
    ("PHU LUC II", "PHU LUC II", True),                           # OCR lost the tone marks
    ("phụ lục ii", None, True),                                   # lower case: a caption only alone on its line
    ("PHỤ BIỂU 01", "PHỤ BIỂU 01", True),
    ("Biểu số 02", "Biểu số 02", True),                           # an appendix table
    ("Phụ lục 2: Danh mục văn bản", "Phụ lục 2", False),
    ("PHỤ LỤC II – KINH PHÍ THỰC HIỆN", "PHỤ LỤC II", False),
    ("PHỤ LỤC CHI TIẾT", "PHỤ LỤC", False),                       # "C" of CHI is no roman numeral
    ("Phụ lục kèm theo báo cáo", "Phụ lục", False),
    ("Phụ lục I đính kèm báo cáo này.", "Phụ lục I", False),       # prose that mentions it (sections decide)
    ("Biểu mẫu báo cáo", None, False),                            # "Biểu" without "số N"
    ("Phụ cấp lục quân", None, False),
    ("Phụ lục, biểu mẫu", None, False),
])
def test_appendix_caption(line, caption, alone):
    m = APPENDIX_CAPTION.match(line)
    assert (m[0] if m else None) == caption
    assert bool(APPENDIX_CAPTION_LINE.match(line)) == alone


def test_an_appendix_caption_starts_a_paragraph():
    long_line = "Kinh phí thực hiện các nhiệm vụ năm 2023 được bố trí từ nguồn ngân sách thị xã và tỉnh hỗ trợ"
    text = Text.from_string(f"{long_line}\nPHỤ LỤC II\n{long_line}\nBiểu số 02\n{long_line}\nBiểu mẫu 02")
    text.wrap_width = 100   # hard-wrapped: a long line runs on into the next unless that starts a block
    assert [p.text for p in text.paragraphs()] == [long_line, "PHỤ LỤC II", long_line, "Biểu số 02",
                                                   f"{long_line} Biểu mẫu 02"]


@pytest.mark.parametrize("text, respelled", [
    ("UBND thị xã Đức Phồ", "UBND thị xã Đức Phổ"),          # a tone-mark slip
    ("ĐỨC PHỒ", "ĐỨC PHỔ"),                                   # the case as written is kept
    ("Đức Phổ", "Đức Phổ"),                                   # spelt right: nothing to do
    ("Đức Phổ\u0301", "Đức Phổ\u0301"),                       # folds to another length: left as it is
])
def test_respell_folded(text, respelled):
    known = {"duc pho": "Đức Phổ"}
    pattern = re.compile(r"(?<!\w)duc pho(?!\w)")

    def spelling(folded, written):
        return "".join(k.upper() if w.isupper() else k for w, k in zip(written, known[folded]))
    assert respell_folded(text, pattern, spelling) == respelled


@pytest.mark.parametrize("line, heading", [
    ("Nơi nhận:", True), ("Nơi  nhận:", True), ("NƠI NHẬN", True),
    ("Nơi gửi:", False), ("Nơi nhập số liệu", False),
])
def test_recipients_heading(line, heading):
    assert bool(re.match(rf"{RECIPIENTS_HEADING}\b", line, re.IGNORECASE)) is heading


def test_the_recipients_heading_starts_a_block_of_its_own():
    """A hard-wrapped paragraph is not glued onto the distribution list's heading."""
    text = Text.from_string("Đã triển khai các nội dung của\nNơi  nhận:\n- Như trên;")
    assert [p.text for p in text.paragraphs()] == ["Đã triển khai các nội dung của", "Nơi nhận:", "- Như trên;"]


@pytest.mark.parametrize("read, kept", [
    ('"Trần Văn Lợi', "Trần Văn Lợi"),                 # a seal's ring read as a quote
    ("'Tiêm chủng mở rộng năm 2024", "Tiêm chủng mở rộng năm 2024"),
    ("| Kết quả thực hiện", "Kết quả thực hiện"),
    ("“Ngày hội” năm 2024", "“Ngày hội” năm 2024"),     # a quoted phrase keeps its marks
    ("Kế hoạch “Ngày hội”", "Kế hoạch “Ngày hội”"),
    ("Phạm Thị Mai", "Phạm Thị Mai"),
    ("'", ""),
])
def test_without_specks(read, kept):
    assert without_specks(read) == kept
