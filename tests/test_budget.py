"""find_budget_lines: table rows and prose amounts, in reports written for each rule (the seeds' forms
and traps; the seeds' own output is guarded by test_snapshot)."""
from pathlib import Path

import pytest

from extractors.budget import BREAKDOWN_FOLLOWS, find_budget_lines, funds_itself, source_key
from extractors.lang.periods import year_or_period
from extractors.models import ReportHeader
from extractors.sections import SectionIndex
from extractors.tables import find_tables
from extractors.text import Text
from pipeline.extract import extract


def prose(s: str, header: ReportHeader | None = None):
    text = Text.from_string(s)
    return find_budget_lines(text, find_tables(text), None, header)


def tab(*rows: str) -> str:
    return "\n".join(r.replace(" | ", "\t").replace("| ", "\t").replace(" |", "\t") for r in rows)


def budget_of(source: str, header: ReportHeader):
    text = Text.from_string(source)
    return find_budget_lines(text, find_tables(text), SectionIndex(text), header)


# ---------------------------------------------------------------- a report with a TAB table (as seed 000)

REPORT_WITH_APPENDIX = tab(
    "BÁO CÁO",
    "Kết quả ứng dụng công nghệ thông tin giai đoạn 2014-2024",
    "I. KẾT QUẢ",
    "- Triển khai an toàn thông tin cấp độ 2, mua sắm thiết bị tường lửa với tổng kinh phí trên 350 triệu đồng "
    "từ nguồn kinh phí ngân sách tỉnh năm 2023.",
    "- Tổng số tiền phí, lệ phí người dân đã thanh toán trực tuyến là 4.634.181.598 đồng.",   # paid, not budget
    "II. KINH PHÍ ĐỀ XUẤT TRONG NĂM 2025",
    "Tổng kinh phí khoảng 1.200 triệu đồng (theo Phụ lục II đính kèm).",    # the year from the heading
    "",
    "PHỤ LỤC I",
    "",
    "Kinh phí thực hiện đầu tư, phát triển CNTT giai đoạn 2014-2024",
    "",
    "Đơn vị tính: Triệu đồng.",
    "",
    "TT | Nội dung/Nhiệm vụ/Dự án | Kinh phí | Ghi chú",
    " | Năm 2014 |  | ",
    "1 | Chi thường xuyên cho ứng dụng CNTT | 300 | (Ngôn vốn ngân sách huyện)",     # OCR "Ngôn vốn" kept
    " | Năm 2022 |  | ",
    "1 | Trung tâm Điều hành Thông minh | 93 | (Chưa tính nguồn kinh phí)",
    "",                                                                               # a page break
    "TT | Nội dung/Nhiệm vụ/Dự án | Kinh phí | Ghi chú",
    " | IOC cho huyện |  | do VNPT tài trợ)",
    "2 | Mua sắm máy tính bảng phục vụ Phòng họp không giấy | 1.389 | (Nguồn vốn ngân sách huyện)",
    " | Tổng cộng: | 1.782 | ",
)


def test_table_rows_prose_amounts_and_a_planned_total():
    lines = budget_of(REPORT_WITH_APPENDIX, ReportHeader(kind="Báo cáo", year=2024, month=5))
    assert [(b.line, b.item, b.amount_text, b.amount_vnd, b.year, b.period, b.status, b.qualifier,
             b.source_of_funds, b.table_index) for b in lines] == [
        (17, "Chi thường xuyên cho ứng dụng CNTT", "300", 300_000_000, 2014, None, "spent", None,
         "Ngôn vốn ngân sách huyện", 0),                                   # the year of its group row
        (19, "Trung tâm Điều hành Thông minh IOC cho huyện", "93", 93_000_000, 2022, None, "spent", None,
         None, 0),                         # merged over the page break; "(Chưa tính nguồn kinh phí)" is a remark
        (23, "Mua sắm máy tính bảng phục vụ Phòng họp không giấy", "1.389", 1_389_000_000, 2022, None, "spent",
         None, "Nguồn vốn ngân sách huyện", 0),
        (24, "Tổng cộng:", "1.782", 1_782_000_000, None, "2014-2024", "total", None, None, 0),  # caption's period
        (4, "Triển khai an toàn thông tin cấp độ 2, mua sắm thiết bị tường lửa", "350 triệu đồng", 350_000_000,
         2023, None, "spent", "trên", "nguồn kinh phí ngân sách tỉnh năm 2023", None),
        (7, "Tổng kinh phí", "1.200 triệu đồng", 1_200_000_000, 2025, None, "total", "khoảng", None, None),
    ]
    items = [b for b in lines if b.table_index is not None and b.status != "total"]
    assert sum(b.amount_vnd for b in items) == 1_782_000_000              # the items add up to the stated total


# ---------------------------------------------------------------- flattened tables and wrapped prose (as seed 001)

def test_flattened_table_rows():
    text = Text.from_string((Path(__file__).parent / "data" / "tables_flattened_appendix.txt").read_text(encoding="utf-8"))
    lines = find_budget_lines(text, find_tables(text), None, ReportHeader(kind="Báo cáo", year=2023))
    assert [(b.line, b.item, b.amount_text, b.amount_vnd, b.year, b.period, b.status, b.source_of_funds)
            for b in lines] == [
        (24, "Từ năm 2021-2022", "1.300", 1_300_000_000, None, "2021-2022", "total", None),   # a subtotal row
        (26, "Hội nghị truyền hình trực tuyến cấp huyện", "1.000", 1_000_000_000, 2021, None, "spent",
         "Nguồn vốn ngân sách huyện"),
        (41, "Phòng họp không giấy", "300", 300_000_000, 2022, None, "spent", "Nguồn vốn ngân sách tỉnh"),
        (67, "Chữ ký số cho cán bộ", "120", 120_000_000, 2023, None, "spent", "Ngân sách huyện"),   # after the
    ]                                                                                     # repeated header


def test_flattened_plan_table_with_lead_units_takes_the_caption_year():
    """Seed 001's Phụ lục II as PDF text gives it (tests/data): a plan for "… NĂM 2024", its rows planned."""
    text = Text.from_string((Path(__file__).parent / "data" / "tables_001_pdf_phu_luc_ii.txt").read_text(encoding="utf-8"))
    lines = find_budget_lines(text, find_tables(text), None, ReportHeader(kind="Báo cáo", year=2023))
    first = lines[0]
    assert (first.item, first.amount_text, first.year, first.status, first.lead_unit, first.source_of_funds) == (
        "Duy trì hoạt động Trang thông tin điện tử thị xã", "120", 2024, "planned",
        "Phòng Văn hóa và Thông tin thị xã", "Chi thường xuyên, ngân sách thị xã")
    planned = [b for b in lines if b.status == "planned"]
    assert (len(planned), sum(b.amount_vnd for b in planned)) == (12, 13_570_000_000)
    assert [(b.amount_vnd, b.year, b.status) for b in lines if b.status == "total"] == [
        (13_570_000_000, 2024, "total"), (13_570_000_000, 2024, "total")]   # the table's row and the sentence


def test_hard_wrapped_prose_breakdown():
    text = Text.from_string("Tổng kinh phí chi cho công tác chuyển đổi số từ năm 2021 đến 2023 là: \n\n"
                            "8.962,46 triệu đồng; trong đó: năm 2021: 6.100 triệu đồng, năm 2022: 892,46 \n\n"
                            "triệu đồng, năm 2023: 1.970 triệu đồng. \n")
    lines = find_budget_lines(text, [], None, ReportHeader(kind="Báo cáo", year=2023))
    assert [(b.line, b.amount_text, b.amount_vnd, b.year, b.period, b.status) for b in lines] == [
        (3, "8.962,46 triệu đồng", 8_962_460_000, None, "2021-2023", "total"),     # followed by "trong đó"
        (3, "6.100 triệu đồng", 6_100_000_000, 2021, None, "spent"),
        (3, "892,46 triệu đồng", 892_460_000, 2022, None, "spent"),                # "892,46" / "triệu đồng" wrapped
        (5, "1.970 triệu đồng", 1_970_000_000, 2023, None, "spent"),
    ]
    assert lines[1].item == "Tổng kinh phí chi cho công tác chuyển đổi số năm 2021"


# ---------------------------------------------------------------- OCR, plans, cells with their own unit

def test_ocr_scanned_table_rows_take_their_group_year():
    """Seed 000's Phụ lục II as OCR reads the scan ("Tống cộng:", "Chỉ cho", "PHỤ LỤC H"): every item
    under "Năm 2015" … "Năm 2023" keeps that year, and the total row is the total for the caption's period."""
    text = Text.from_string((Path(__file__).parent / "data" / "ocr_000_phu_luc_i_ii.txt").read_text(encoding="utf-8"))
    lines = find_budget_lines(text, find_tables(text), None, ReportHeader(kind="Báo cáo", year=2024, month=5))
    items = [(b.year, b.amount_text) for b in lines if b.status == "spent"]
    assert items[:8] == [(2014, "300"), (2015, "350"), (2016, "350"), (2017, "400"), (2018, "500"),
                         (2019, "1.000"), (2020, "800"), (2021, "6.100")]
    assert items[8:12] == [(2022, "93"), (2022, "480"), (2022, "120"), (2022, "200")]
    assert {year for year, _ in items[12:]} == {2023} and len(items) == 21
    (total,) = [b for b in lines if b.status == "total"]
    assert (total.amount_vnd, total.year, total.period) == (15_030_000_000, None, "2014-2024")
    assert sum(b.amount_vnd for b in lines if b.status == "spent") == total.amount_vnd


def test_plan_without_amounts_has_no_budget_lines():
    plan = ("KẾ HOẠCH\nChuyển đổi số năm 2025\nI. MỤC TIÊU\n- Phấn đấu 100% văn bản được ký số.\n"
            "- Tỷ lệ hồ sơ trực tuyến đạt 90% vào năm 2025.\nII. NHIỆM VỤ\n1. Phòng Văn hóa và Thông tin chủ trì "
            "triển khai Kế hoạch số 12/KH-UBND ngày 05/01/2025.\n")
    assert budget_of(plan, ReportHeader(kind="Kế hoạch", year=2025)) == []


PROJECTS = tab(
    "Tình hình thực hiện các dự án từ năm 2020 đến nay, dự kiến các dự án trong thời gian tới",
    "TT | Nội dung/Nhiệm vụ/Dự án | Kết quả, tiến độ thực hiện | Kinh phí nếu có | Ghi chú",
    "1 | Trung tâm điều hành thông minh | Quý II/2022 | (Doanh nghiệp viễn thông tài trợ) | Đã đầu tư",
    "2 | Mua sắm thiết bị cho Bộ phận một cửa cấp xã | Dự kiến Quý III/2022 | "
    "1,5 tỷ đồng (Đơn vị thực hiện: Văn phòng huyện) | ",
    "",
    "TT | Nội dung/Nhiệm vụ/Dự án | Tổng mức đầu tư | Nguồn vốn đầu tư | Kết quả thực hiện đầu tư Dự án",
    "I | Dự án đã được thực hiện đầu tư |  |  | ",
    "1 | Hệ thống hội nghị truyền hình trực tuyến | 6,1 tỷ đồng | Ngân sách tỉnh hỗ trợ. | Trong năm 2021",
    "II | Dự kiến các dự án thực hiện trong thời gian tới |  |  | ",
    "2 | Hệ thống truyền thanh cơ sở | 4,5 tỷ đồng | Đơn vị thực hiện: Sở Thông tin và Truyền thông tỉnh | "
    "Dự kiến Quý III/2022",
    "3 | Trang thông tin điện tử huyện | 130 triệu đồng | Ngân sách huyện (Chi thường xuyên) | Trong năm 2022",
)


def test_cells_with_their_own_unit():
    """As seed 004 writes them: amounts in đồng in the cell, spent or planned by the group row or the
    timing ("Dự kiến Quý III/2022"), the body doing it given in the cell; a row without an amount gives none."""
    lines = budget_of(PROJECTS, ReportHeader(kind="Báo cáo", year=2022))
    assert [(b.line, b.item, b.amount_text, b.amount_vnd, b.year, b.status, b.lead_unit, b.source_of_funds)
            for b in lines] == [
        (4, "Mua sắm thiết bị cho Bộ phận một cửa cấp xã", "1,5 tỷ đồng", 1_500_000_000, 2022, "planned",
         "Văn phòng huyện", None),
        (8, "Hệ thống hội nghị truyền hình trực tuyến", "6,1 tỷ đồng", 6_100_000_000, 2021, "spent", None,
         "Ngân sách tỉnh hỗ trợ"),
        (10, "Hệ thống truyền thanh cơ sở", "4,5 tỷ đồng", 4_500_000_000, 2022, "planned",
         "Sở Thông tin và Truyền thông tỉnh", None),
        (11, "Trang thông tin điện tử huyện", "130 triệu đồng", 130_000_000, 2022, "planned", None,
         "Ngân sách huyện (Chi thường xuyên)"),
    ]


# ---------------------------------------------------------------- prose, synthetic

@pytest.mark.parametrize("sentence, amount_text, amount_vnd, year, period, status, qualifier", [
    ("- Mua sắm máy chủ với kinh phí 1,5 tỷ đồng năm 2022.", "1,5 tỷ đồng", 1_500_000_000, 2022, None, "spent", None),
    ("Tổng kinh phí dự kiến của Kế hoạch năm 2024 là 13.570 triệu đồng.", "13.570 triệu đồng",
     13_570_000_000, 2024, None, "total", None),
    ("Dự kiến đầu tư hệ thống camera năm 2025 khoảng 2 tỷ đồng.", "2 tỷ đồng", 2_000_000_000, 2025, None,
     "planned", "khoảng"),
    ("Giai đoạn 2021-2023 đã chi 350.000.000 đồng kinh phí cho tập huấn.", "350.000.000 đồng", 350_000_000,
     None, "2021-2023", "spent", None),
])
def test_prose_amounts(sentence, amount_text, amount_vnd, year, period, status, qualifier):
    (b,) = prose(sentence, ReportHeader(kind="Báo cáo", year=2023))
    assert (b.amount_text, b.amount_vnd, b.year, b.period, b.status, b.qualifier) == \
        (amount_text, amount_vnd, year, period, status, qualifier)


@pytest.mark.parametrize("sentence", [
    "Thanh toán trực tuyến 2.954 lượt người, với tổng số tiền 49.634.181.598 đồng.",   # an indicator, not budget
    "Trang thông tin có trên 2 triệu lượt truy cập.",
    "Tỷ lệ hồ sơ trực tuyến đạt 61,4%.",
    "Có 3 đồng chí tham gia Ban Chỉ đạo.",
])
def test_prose_that_is_not_budget(sentence):
    assert prose(sentence) == []


def test_a_plan_document_plans_its_amounts():
    (b,) = prose("Kinh phí thực hiện nhiệm vụ là 500 triệu đồng.", ReportHeader(kind="Kế hoạch", year=2024))
    assert b.status == "planned"


def test_table_amounts_in_a_header_unit():
    text = Text.from_string("TT\tNội dung\tKinh phí (triệu đồng)\tNguồn vốn\n1\tTập huấn\t92,460\t(Ngân sách thị xã)")
    (b,) = find_budget_lines(text, find_tables(text), None, ReportHeader(year=2023))
    assert (b.amount_text, b.amount_vnd, b.source_of_funds, b.year) == ("92,460", 92_460_000, "Ngân sách thị xã", None)


@pytest.mark.parametrize("s, expected", [
    ("Quý II/2022", (2022, None)),
    ("Dự kiến Quý III/2022", (2022, None)),
    ("Trong năm 2021", (2021, None)),
    ("Từ năm 2021-2022", (None, "2021-2022")),
    ("TỪ NĂM 2021 ĐẾN NĂM 2023", (None, "2021-2023")),
    ("từ năm 2020 đến nay", (None, None)),
    ("", (None, None)),
])
def test_year_or_period(s, expected):
    assert year_or_period(s) == expected


# ---------------------------------------------------------------- sources of funds and the documents funded

@pytest.mark.parametrize("source, key", [
    ("Nguồn vốn ngân sách tỉnh", "ngân sách tỉnh"),
    ("Ngân sách tỉnh hỗ trợ", "ngân sách tỉnh"),
    ("Nguồn vốn ngân sách thị xã", "ngân sách huyện, thị xã"),
    ("Ngôn vốn ngân sách thị xã và ngân sách tỉnh hỗ trợ", "ngân sách huyện, thị xã"),   # the first named
    ("Ngân sách tỉnh, ngân sách thị xã", "ngân sách tỉnh"),
    ("ngân sách huyện", "ngân sách huyện, thị xã"),
    ("Ngân sách thành phố Quảng Ngãi", "ngân sách huyện, thị xã"),
    ("NGÂN SÁCH XÃ", "ngân sách xã"),
    ("ngân sách phường", "ngân sách xã"),
    ("Vốn ngân sách Trung ương", "ngân sách trung ương"),
    ("Chương trình mục tiêu quốc gia giảm nghèo bền vững", "ngân sách trung ương"),
    ("Nguồn xã hội hóa", "xã hội hóa"),                 # not "xã"
    ("huy động hợp pháp khác", "xã hội hóa"),
    ("Vốn ODA của Ngân hàng Thế giới", "ODA"),
    ("Doanh nghiệp viễn thông tài trợ", "doanh nghiệp tài trợ"),
    ("Chi thường xuyên", "khác"),                       # named, but no level of budget
    ("", "không ghi"),
    (None, "không ghi"),
])
def test_source_key(source, key):
    assert source_key(source) == key


def test_every_line_has_a_source_key_and_the_report_stated_source_fills_the_gaps():
    text = Text.from_string(
        "Điều 1. Phê duyệt dự toán với tổng kinh phí là 2.350 triệu đồng, trong đó:\n"
        "- Nâng cấp hệ thống hội nghị truyền hình: 1.150 triệu đồng;\n"
        "- Mua sắm thiết bị: 750 triệu đồng từ nguồn xã hội hóa.\n\n"
        "Nguồn kinh phí: Ngân sách thị xã năm 2024 đã bố trí tại Quyết định số 2050/QĐ-UBND ngày 20/12/2023.\n"
    )
    lines = find_budget_lines(text, [], None, ReportHeader(kind="Quyết định", year=2024))
    assert [(b.amount_vnd, b.status == "total", b.source_of_funds, b.source_key) for b in lines] == [
        (2_350_000_000, True, None, "không ghi"),               # a total keeps no source
        (1_150_000_000, False, "Ngân sách thị xã", "ngân sách huyện, thị xã"),   # the stated source
        (750_000_000, False, "nguồn xã hội hóa", "xã hội hóa"),                 # its own source
    ]


def test_a_line_is_linked_to_the_document_its_sentence_names():
    text = Text.from_string(
        "- Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã, kinh phí 350 triệu đồng.\n\n"
        "- Mua sắm thiết bị với kinh phí 1,5 tỷ đồng.\n"
    )
    extraction = extract(text)
    named, unnamed = extraction.budget_lines
    assert extraction.documents[named.document_index].ref == "3225/KH-UBND"
    assert unnamed.document_index is None


def test_which_reports_fund_their_own_lines():
    assert funds_itself(ReportHeader(kind="Kế hoạch")) and funds_itself(ReportHeader(kind="Quyết định"))
    assert not funds_itself(ReportHeader(kind="Báo cáo")) and not funds_itself(None)


def test_a_table_row_is_linked_to_the_document_it_names():
    text = Text.from_string(
        "PHỤ LỤC II\nKinh phí thực hiện\nĐơn vị tính: Triệu đồng\n\n"
        "TT\tNội dung\tVăn bản\tKinh phí\tNguồn vốn\n"
        "1\tChuyển đổi số ngành thư viện\tKế hoạch số 3225/KH-UBND ngày 22/12/2022\t350\tNgân sách thị xã\n"
        "2\tTập huấn\t\t120\tNgân sách tỉnh\n")
    extraction = extract(text)
    named, unnamed = extraction.budget_lines
    assert (named.amount_vnd, extraction.documents[named.document_index].ref, named.source_key) == \
        (350_000_000, "3225/KH-UBND", "ngân sách huyện, thị xã")
    assert (unnamed.document_index, unnamed.source_key) == (None, "ngân sách tỉnh")
    assert named.section == unnamed.section == "PHỤ LỤC II: Kinh phí thực hiện"


def test_context_is_the_sentence_as_extractors_sentences_cuts_it():
    (line,) = find_budget_lines(Text.from_string(
        "Kết quả khác. Hỗ trợ TP. Hồ Chí Minh kinh phí 500 triệu đồng. Câu sau."), [])
    assert line.context == "Hỗ trợ TP. Hồ Chí Minh kinh phí 500 triệu đồng."


def test_budget_lines_carry_their_span_in_the_report_text():
    text = Text.from_string("\n".join([
        "Tổng kinh phí thực hiện là",
        "350 triệu đồng.",
        "Đơn vị tính: Triệu đồng",
        "TT\tNội dung\tKinh phí",
        "1\tMua máy tính\t1.389",
        "2\tTập huấn\t92,460",
    ]))
    lines = find_budget_lines(text, find_tables(text))
    assert sorted((b.amount_text, text.full[b.start:b.end]) for b in lines) == [
        ("1.389", "1.389"), ("350 triệu đồng", "350 triệu đồng"), ("92,460", "92,460")]


@pytest.mark.parametrize("after, opens_parts", [
    (", trong đó: ngân sách tỉnh 2 tỷ đồng", True),
    (" (bao gồm vốn sự nghiệp 300 triệu đồng)", True),
    (" gồm: xây dựng 3 trạm", True),
    ("; Trong đó vốn đối ứng 1 tỷ đồng", True),
    (", đã giải ngân 80%", False),
    (" trong năm 2024", False),                   # "trong" alone opens nothing
])
def test_breakdown_follows_an_amount(after, opens_parts):
    """numbers.PARTS_OPENER after an amount: the amount is the total of the parts named next."""
    assert bool(BREAKDOWN_FOLLOWS.match(after)) is opens_parts
