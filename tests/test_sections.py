"""Heading paths: levels, hard-wrapped headings, broken numbering, and paths in a report written for the rules."""

from pathlib import Path

import pytest

from extractors.sections import OPENING_SECTION, SectionIndex, is_heading
from extractors.text import Text
# One heading line as the seeds (and other reports) write it -> (level, title).
@pytest.mark.parametrize(
    "line, level, title",
    [
        ("PHẦN THỨ NHẤT", 1, "PHẦN THỨ NHẤT"),
        ("Phần thứ hai", 1, "Phần thứ hai"),
        ("PHỤ LỤC II", 1, "PHỤ LỤC II"),
        ("Phụ lục 2: Danh mục văn bản", 1, "Phụ lục 2: Danh mục văn bản"),
        ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", 4, "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"),
        ("IV ĐÁNH GIÁ CHUNG", 4, "IV ĐÁNH GIÁ CHUNG"),                      # no dot after the numeral
        ("II. KẾT QUẢ THỰC HIỆN ", 4, "II. KẾT QUẢ THỰC HIỆN"),
        ("I. Kết quả thực hiện Chỉ thị 19-CT/TU ngày 18/5/2022 của Ban Thường vụ Tỉnh ủy", 4,
         "I. Kết quả thực hiện Chỉ thị 19-CT/TU ngày 18/5/2022 của Ban Thường vụ Tỉnh ủy"),
        ("1. Mục tiêu ", 5, "1. Mục tiêu"),
        ("1. Về chỉ tiêu:", 5, "1. Về chỉ tiêu"),
        ("5. Bảo đảm an toàn, an ninh thông tin; giữ vững chủ quyền quốc gia trên không gian mạng", 5,
         "5. Bảo đảm an toàn, an ninh thông tin; giữ vững chủ quyền quốc gia trên không gian mạng"),
        ("1.1. Quan điểm", 6, "1.1. Quan điểm"),
        ("2.3 Phát triển xã hội số, thu hẹp khoảng cách số", 6, "2.3 Phát triển xã hội số, thu hẹp khoảng cách số"),
        ("8.1. Lĩnh vực nông nghiệp: Ứng dụng công nghệ, dữ liệu số trong sản xuất", 6, "8.1. Lĩnh vực nông nghiệp"),
        ("2.1.1. Kiến tạo thể chế", 7, "2.1.1. Kiến tạo thể chế"),
        ("a) Ban hành và triển khai thực hiện các kế hoạch: UBND thị xã đã triển khai kịp thời", 9,
         "a) Ban hành và triển khai thực hiện các kế hoạch"),
        ("đ) Đề xuất tổ chức các lớp đào tạo", 9, "đ) Đề xuất tổ chức các lớp đào tạo"),
        ("a) **Đẩy mạnh chuyển đổi số trong lĩnh vực quản lý đô thị;** hình thành bản đồ số", 9,
         "a) Đẩy mạnh chuyển đổi số trong lĩnh vực quản lý đô thị; hình thành bản đồ số"),
        # decisions and regulations: chapters, groups of articles, articles; appendix tables
        ("Chương II. QUY ĐỊNH CỤ THỂ", 2, "Chương II. QUY ĐỊNH CỤ THỂ"),
        ("CHƯƠNG I", 2, "CHƯƠNG I"),
        ("Mục 2. TỔ CHỨC THỰC HIỆN", 3, "Mục 2. TỔ CHỨC THỰC HIỆN"),
        ("Điều 1. Phê duyệt Kế hoạch thực hiện chuyển đổi số năm 2024. Nội dung như sau:", 4,
         "Điều 1. Phê duyệt Kế hoạch thực hiện chuyển đổi số năm 2024"),
        ("Điều 2: Tổ chức thực hiện", 4, "Điều 2: Tổ chức thực hiện"),
        ("ĐIỀU 12a. Hiệu lực thi hành", 4, "ĐIỀU 12a. Hiệu lực thi hành"),
        ("Điều 3.", 4, "Điều 3."),
        ("Phụ biểu 01: Tổng hợp kinh phí", 1, "Phụ biểu 01: Tổng hợp kinh phí"),
        ("BIỂU SỐ 02", 1, "BIỂU SỐ 02"),
        ("PHU LUC II", 1, "PHU LUC II"),                                    # OCR lost the tone marks
        ("PHỤ LỤC A. Danh mục dự án", 1, "PHỤ LỤC A. Danh mục dự án"),
    ],
)
def test_heading_levels_and_titles(line, level, title):
    index = SectionIndex(Text.from_string(line))
    assert [(h.line, h.level, h.title) for h in index.headings] == [(1, level, title)]


@pytest.mark.parametrize(
    "line",
    [
        "- Tỷ lệ văn bản được ký số khi ban hành trên môi trường mạng đạt 90%.",   # bullet
        "+ 15 Tổ Công nghệ số cộng đồng của 15 xã, phường với 134 thành viên.",   # bullet
        "1  Duy trì hoạt động",                       # a table's row number, no dot
        "I  Nhóm phát triển chính quyền số",          # a table's group row: bare numeral, mixed case
        "V/v báo cáo kết quả thực hiện",              # a Công văn subject, not "V."
        "1.050 hồ sơ trực tuyến",                     # a number, not "1."
        "Phụ lục II kèm theo báo cáo này.",           # a sentence that mentions the appendix
        "Phần mềm quản lý văn bản",
        "(Chi tiết theo Phụ lục I đính kèm).",
        "8",                                          # page number
        "Mục tiêu cụ thể đến năm 2025",               # "Mục" + a word, not a group of articles
        "Mục 2 Phần II của Kế hoạch đã nêu rõ.",      # a sentence that mentions a group
        "Điều 5 Luật Ngân sách nhà nước quy định …",  # an article mentioned, no "." after its number
        "Chương trình chuyển đổi số quốc gia",        # "Chương trình", not a chapter
        "Biểu dương các tập thể",                     # "Biểu dương", not a table caption
    ],
)
def test_not_headings(line):
    assert not is_heading(line)
    assert SectionIndex(Text.from_string(line)).headings == []


DECISION = """QUYẾT ĐỊNH
Phê duyệt Kế hoạch ứng dụng công nghệ thông tin năm 2024

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;

QUYẾT ĐỊNH:

Điều 1. Phê duyệt Kế hoạch ứng dụng công nghệ thông tin năm 2024, với các nội dung sau:

1. Mục tiêu: 100% hồ sơ được xử lý trên môi trường mạng.

2. Kinh phí: 1.500 triệu đồng.

Điều 2. Tổ chức thực hiện

Chương I

QUY ĐỊNH CHUNG

Mục 1. PHẠM VI

Điều 3. Phạm vi điều chỉnh

a) Nội dung
"""


def test_decision_articles_chapters_and_groups_nest():
    index = SectionIndex(Text.from_string(DECISION))
    assert index.path_at(4) == OPENING_SECTION                 # a "Căn cứ" line above every heading
    assert index.path_at(10) == "Điều 1. Phê duyệt Kế hoạch ứng dụng công nghệ thông tin năm 2024, với các nội dung sau > 1. Mục tiêu"
    assert index.path_at(14) == "Điều 2. Tổ chức thực hiện"     # the next article clears the items of the last
    assert index.path_at(20) == "Chương I: QUY ĐỊNH CHUNG > Mục 1. PHẠM VI"
    assert index.path_at(24) == "Chương I: QUY ĐỊNH CHUNG > Mục 1. PHẠM VI > Điều 3. Phạm vi điều chỉnh > a) Nội dung"


def test_long_item_title_is_capped_at_a_word():
    line = "c) " + "Phối hợp, tổ chức các hội nghị tập huấn, bồi dưỡng về chuyển đổi số " * 4
    (heading,) = SectionIndex(Text.from_string(line)).headings
    assert heading.title.endswith("…") and len(heading.title) <= 161
    assert heading.title.startswith("c) Phối hợp, tổ chức các hội nghị tập huấn")


SYNTHETIC = """BÁO CÁO

I. MỤC TIÊU

1. Mục tiêu cụ thể

- 100% hồ sơ công việc được xử lý trên môi trường mạng.

1.1. Về chính quyền số

a) Dịch vụ công

II. NHIỆM VỤ

Nội dung ngay dưới mục II.

II. TỔ CHỨC THỰC HIỆN

2. Phòng Văn hóa và Thông tin
"""


def test_new_heading_replaces_its_level_and_clears_deeper_ones():
    index = SectionIndex(Text.from_string(SYNTHETIC))
    assert index.path_at(1) == OPENING_SECTION          # the kind line sits above every heading
    assert index.titles_at(1) == []
    assert index.path_at(7) == "I. MỤC TIÊU > 1. Mục tiêu cụ thể"   # the bullet is not a heading
    assert index.path_at(11) == "I. MỤC TIÊU > 1. Mục tiêu cụ thể > 1.1. Về chính quyền số > a) Dịch vụ công"
    assert index.path_at(15) == "II. NHIỆM VỤ"          # deeper levels cleared
    assert index.path_at(19) == "II. TỔ CHỨC THỰC HIỆN > 2. Phòng Văn hóa và Thông tin"   # repeated "II."
    assert index.titles_at(11)[-1] == "a) Dịch vụ công"
    assert index.titles_at(7) == ["I. MỤC TIÊU", "1. Mục tiêu cụ thể"]


def fixture_index() -> SectionIndex:
    """tests/data/text/sections.txt: parts with their title lines, a roman heading without its dot,
    a repeated "III.", "2.3 " without its last dot, an appendix with its caption."""
    return SectionIndex(Text.from_string((Path(__file__).parent / "data" / "text" / "sections.txt")
                                         .read_text(encoding="utf-8")))


PART_1 = "PHẦN THỨ NHẤT: TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT"
PART_2 = "PHẦN THỨ HAI: NHIỆM VỤ, GIẢI PHÁP TRONG TÌNH HÌNH MỚI"


@pytest.mark.parametrize("line, path", [
    (2, OPENING_SECTION),                                                   # above the first heading
    (8, f"{PART_1} > I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO > 1. Công tác học tập và quán triệt Nghị quyết"),
    (11, f"{PART_1} > IV ĐÁNH GIÁ CHUNG > 1. Kết quả đạt được"),            # "IV" without its dot
    (15, f"{PART_2} > I. BỐI CẢNH VÀ YÊU CẦU"),                             # a new part clears everything
    (19, f"{PART_2} > III. ĐỊNH HƯỚNG NĂM 2024 > 1. Mục tiêu > a) Phát triển Chính quyền số"),
    (21, f"{PART_2} > III. ĐỊNH HƯỚNG NĂM 2024 > 1. Mục tiêu > 2.3 Phát triển xã hội số"),   # clears "a)"
    (23, f"{PART_2} > III. NGUỒN KINH PHÍ"),                                # the repeated "III." replaces it
    (28, "PHỤ LỤC II: Kinh phí thực hiện giai đoạn 2021-2024"),             # caption joined, "(Kèm theo …)" not
])
def test_paths(line, path):
    assert fixture_index().path_at(line) == path


def test_levels_and_count():
    headings = fixture_index().headings
    assert len(headings) == 13
    assert [h.level for h in headings[:4]] == [1, 4, 5, 4]
    assert (headings[3].line, headings[3].level, headings[3].title) == (9, 4, "IV ĐÁNH GIÁ CHUNG")


def test_titles_mark_target_sections():
    index = fixture_index()
    assert index.titles_at(19)[1:3] == ["III. ĐỊNH HƯỚNG NĂM 2024", "1. Mục tiêu"]
    assert index.titles_at(19)[-1] == "a) Phát triển Chính quyền số"


def test_pdf_wrapped_headings_keep_their_own_lines_only():
    """PDF text: wrapped lines are glued into paragraphs, body included; the heading keeps its own part."""
    prose = "Những năm qua, các cấp ủy, chính quyền, cơ quan, đơn vị tập trung đẩy mạnh"
    lines = [
        "II. KẾT QUẢ THỰC HIỆN",
        "1.2. Phát triển kinh tế số, nâng cao năng lực cạnh tranh của nền kinh tế",
        "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 60% trong năm",   # body, glued by the wrap
        "2. Tham gia phát triển, ứng dụng hạ tầng số theo chỉ đạo của",
        "Thủ tướng Chính phủ",                                    # cut mid-phrase: a name goes on
        "3. Công tác tuyên truyền, phổ biến, nâng cao nhận thức về nội dung của Nghị",
        "quyết số 36-NQ/TW",
        "III. KẾT QUẢ ĐẠT ĐƯỢC SAU 10 NĂM THỰC HIỆN NGHỊ QUYẾT SỐ 36-",
        "NQ/TW",                                                  # a symbol broken at its hyphen
    ] + [prose] * 12
    text = Text.from_lines(lines)
    assert text.wrap_width is not None
    assert [(h.line, h.title) for h in SectionIndex(text).headings] == [
        (1, "II. KẾT QUẢ THỰC HIỆN"),
        (2, "1.2. Phát triển kinh tế số, nâng cao năng lực cạnh tranh của nền kinh tế"),
        (4, "2. Tham gia phát triển, ứng dụng hạ tầng số theo chỉ đạo của Thủ tướng Chính phủ"),
        (6, "3. Công tác tuyên truyền, phổ biến, nâng cao nhận thức về nội dung của Nghị quyết số 36-NQ/TW"),
        (8, "III. KẾT QUẢ ĐẠT ĐƯỢC SAU 10 NĂM THỰC HIỆN NGHỊ QUYẾT SỐ 36-NQ/TW"),
    ]
