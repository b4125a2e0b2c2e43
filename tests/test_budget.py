"""find_budget_lines: table rows and prose amounts, with the seeds' traps."""
from pathlib import Path

import pytest

from extractors.budget import find_budget_lines, funds_itself, source_key
from extractors.lang.periods import year_or_period
from extractors.models import ReportHeader
from extractors.tables import find_tables
from extractors.text import Text
from pipeline.extract import extract
from seeds import seed_text


# The report headers as the seeds state them (the header extractor is tested elsewhere).
HEADERS = {
    "000": ReportHeader(kind="Báo cáo", year=2024, month=5),
    "001": ReportHeader(kind="Báo cáo", year=2023),
    "002": ReportHeader(kind="Kế hoạch", year=2024),
    "003": ReportHeader(kind="Báo cáo", year=2023),
    "004": ReportHeader(kind="Báo cáo", year=2022),
}


def seed_lines(prefix: str):
    text = seed_text(prefix)
    return find_budget_lines(text, find_tables(text), None, HEADERS[prefix])


@pytest.fixture(scope="module")
def lines_000():
    return seed_lines("000")


@pytest.fixture(scope="module")
def lines_001():
    return seed_lines("001")


def by_line(lines, line):
    return [b for b in lines if b.line == line]


def prose(s: str, header: ReportHeader | None = None):
    text = Text.from_string(s)
    return find_budget_lines(text, find_tables(text), None, header)


# ---------------------------------------------------------------- seed 000, a TAB table

@pytest.mark.parametrize("line, item, year, amount_text, amount_vnd, source", [
    (221, "Chi cho thường xuyên cho ứng dụng CNTT trên địa bàn", 2014, "300", 300_000_000,
     "Ngôn vốn ngân sách thị xã và ngân sách tỉnh hỗ trợ"),       # OCR "Ngôn vốn" kept as written
    (231, "Chi cho thường xuyên cho ứng dụng CNTT trên địa bàn", 2019, "1.000", 1_000_000_000,
     "Ngôn vốn ngân sách thị xã và ngân sách tỉnh hỗ trợ"),
    (237, "Trung tâm Điều hành Thông minh IOC cho thị xã Đức Phổ", 2022, "93", 93_000_000, None),  # merged over a page break
    (241, "Mua sắm Ipad phục vụ Phòng họp không giấy", 2022, "480", 480_000_000, "Nguồn vốn ngân sách thị xã"),
    (250, "Kinh phí mua sắm thiết bị tại các đơn vị và UBND các xã, phường", 2023, "1.389", 1_389_000_000,
     "Nguồn vốn ngân sách thị xã"),
    (253, "Thực hiện các nhiệm vụ Chuyển đổi số năm 2023", 2023, "550", 550_000_000, "Nguồn vốn ngân sách tỉnh"),
])
def test_000_table_items(lines_000, line, item, year, amount_text, amount_vnd, source):
    (b,) = by_line(lines_000, line)
    assert (b.item, b.year, b.amount_text, b.amount_vnd, b.status, b.source_of_funds, b.table_index) == \
        (item, year, amount_text, amount_vnd, "spent", source, 1)


def test_000_group_rows_are_not_budget_lines(lines_000):
    assert by_line(lines_000, 220) == [] and by_line(lines_000, 236) == []   # "Năm 2014", "Năm 2022"
    assert by_line(lines_000, 240) == []                                     # the continuation, merged


def test_000_total_row(lines_000):
    (b,) = by_line(lines_000, 254)
    assert (b.item, b.amount_text, b.amount_vnd, b.status, b.year, b.period) == \
        ("Tổng cộng:", "15.030", 15_030_000_000, "total", None, "2014-2024")   # period from the caption


def test_000_prose_amount(lines_000):
    (b,) = by_line(lines_000, 99)
    assert (b.item, b.amount_text, b.amount_vnd, b.year, b.status, b.qualifier, b.source_of_funds, b.table_index) == (
        "Triển khai thực hiện an toàn thông tin cấp độ 2, mua sắm thiết bị tường lửa", "350 triệu đồng",
        350_000_000, 2023, "spent", "trên", "nguồn kinh phí ngân sách tỉnh năm 2023", None)


def test_000_items_add_up_to_the_stated_total(lines_000):
    items = [b for b in lines_000 if b.table_index is not None and b.status != "total"]
    assert len(items) == 21
    assert sum(b.amount_vnd for b in items) == 15_030_000_000


# ---------------------------------------------------------------- seed 001, PDF-flattened tables and wrapped prose

@pytest.mark.parametrize("line, year, period, amount_text, amount_vnd, status, lead_unit", [
    (801, None, "2021-2022", "6.992,46", 6_992_460_000, "total", None),    # subtotal row "Từ năm 2021-2022 6.992,46"
    (803, 2021, None, "6.100", 6_100_000_000, "spent", None),
    (826, 2022, None, "92,460", 92_460_000, "spent", None),               # decimal comma: 92.46 triệu
    (847, 2022, None, "480", 480_000_000, "spent", None),                 # "2022 480" on one line
    (885, 2023, None, "1.970", 1_970_000_000, "total", None),             # subtotal row "Năm 2023 1.970"
    (942, 2023, None, "300", 300_000_000, "spent", None),                 # after the header repeated at a page break
    (994, 2024, None, "120", 120_000_000, "planned", "Phòng Văn hóa và Thông tin thị xã"),
    (1088, 2024, None, "2.000", 2_000_000_000, "planned", "Văn phòng HĐND và UBND thị xã,, UBND các xã, phường"),
    (1492, 2024, None, "4.000", 4_000_000_000, "planned",
     "Các phòng, ban ngành thuộc UBND thị xã, UBND các xã, phường."),
    (1517, 2024, None, "13.570", 13_570_000_000, "total", None),          # year from the caption "… NĂM 2024"
])
def test_001_flattened_table_rows(lines_001, line, year, period, amount_text, amount_vnd, status, lead_unit):
    (b,) = by_line(lines_001, line)
    assert (b.year, b.period, b.amount_text, b.amount_vnd, b.status, b.lead_unit) == \
        (year, period, amount_text, amount_vnd, status, lead_unit)


def test_001_flattened_item_and_source(lines_001):
    (b,) = by_line(lines_001, 994)
    assert (b.item, b.source_of_funds) == ("Duy trì hoạt động Trang thông tin điện tử thị xã",
                                          "Chi thường xuyên, ngân sách thị xã")
    (b,) = by_line(lines_001, 803)
    assert b.source_of_funds == "Nguồn vốn ngân sách thị xã và ngân sách tỉnh hỗ trợ"


def test_001_hard_wrapped_prose_breakdown(lines_001):
    rows = [(b.amount_text, b.amount_vnd, b.year, b.period, b.status) for b in lines_001 if b.line in (296, 298)]
    assert rows == [
        ("8.962,46 triệu đồng", 8_962_460_000, None, "2021-2023", "total"),   # followed by "trong đó"
        ("6.100 triệu đồng", 6_100_000_000, 2021, None, "spent"),
        ("892,46 triệu đồng", 892_460_000, 2022, None, "spent"),              # "892,46" / "triệu đồng" wrapped
        ("1.970 triệu đồng", 1_970_000_000, 2023, None, "spent"),
    ]
    assert by_line(lines_001, 296)[1].item == "Tổng kinh phí chi cho công tác chuyển đổi số năm 2021"


@pytest.mark.parametrize("line, qualifier", [(712, "khoảng"), (1519, None)])
def test_001_planned_total_in_prose(lines_001, line, qualifier):
    (b,) = by_line(lines_001, line)
    # 712 names no year: it comes from the heading "III. … TRONG NĂM 2024 VÀ KINH PHÍ ĐỀ XUẤT …"
    assert (b.amount_vnd, b.year, b.status, b.qualifier) == (13_570_000_000, 2024, "total", qualifier)


def test_001_per_table_sums(lines_001):
    spent = [b for b in lines_001 if b.table_index is not None and b.status == "spent"]
    planned = [b for b in lines_001 if b.status == "planned"]
    assert (len(spent), sum(b.amount_vnd for b in spent)) == (10, 8_962_460_000)
    assert (len(planned), sum(b.amount_vnd for b in planned)) == (12, 13_570_000_000)


def test_001_payment_collected_is_not_a_budget_line(lines_001):
    assert all(b.amount_vnd != 49_634_181_598 for b in lines_001)


# ---------------------------------------------------------------- seeds 002-004

def test_000_ocr_scanned_table_rows_take_their_group_year():
    """Seed 000's Phụ lục II as OCR reads the scan ("Tống cộng:", "Chỉ cho", "PHỤ LỤC H"): every item
    under "Năm 2015" … "Năm 2023" keeps that year, and the total row is the total for the caption's period."""
    text = Text.from_string((Path(__file__).parent / "data" / "ocr_000_phu_luc_i_ii.txt").read_text(encoding="utf-8"))
    lines = find_budget_lines(text, find_tables(text), None, HEADERS["000"])
    items = [(b.year, b.amount_text) for b in lines if b.status == "spent"]
    assert items[:8] == [(2014, "300"), (2015, "350"), (2016, "350"), (2017, "400"), (2018, "500"),
                         (2019, "1.000"), (2020, "800"), (2021, "6.100")]
    assert items[8:12] == [(2022, "93"), (2022, "480"), (2022, "120"), (2022, "200")]
    assert {year for year, _ in items[12:]} == {2023} and len(items) == 21
    (total,) = [b for b in lines if b.status == "total"]
    assert (total.amount_vnd, total.year, total.period) == (15_030_000_000, None, "2014-2024")
    assert sum(b.amount_vnd for b in lines if b.status == "spent") == total.amount_vnd


def test_002_plan_without_amounts_has_no_budget_lines():
    assert seed_lines("002") == []


def test_003_items_and_total():
    lines = seed_lines("003")
    assert [(b.amount_text, b.amount_vnd, b.year, b.status) for b in lines] == [
        ("92,460", 92_460_000, 2022, "spent"),
        ("480", 480_000_000, 2022, "spent"),
        ("120", 120_000_000, 2022, "spent"),
        ("200", 200_000_000, 2022, "spent"),
        ("892,46", 892_460_000, None, "total"),
    ]
    assert lines[0].source_of_funds is None        # "(Chưa tính nguồn kinh phí do … tài trợ)" is a remark


def test_004_cells_with_their_own_unit():
    lines = seed_lines("004")
    assert [(b.line, b.amount_text, b.amount_vnd, b.year, b.status) for b in lines] == [
        (101, "1,5 tỷ đồng", 1_500_000_000, 2022, "planned"),       # "Dự kiến Quý III/2022"
        (147, "6,1 tỷ đồng", 6_100_000_000, 2021, "spent"),         # group "I | Dự án đã được thực hiện đầu tư"
        (150, "1,5 tỷ đồng", 1_500_000_000, 2022, "planned"),       # group "II | Dự kiến các Dự án …"
        (151, "4,5 tỷ đồng", 4_500_000_000, 2022, "planned"),
        (152, "130 triệu đồng", 130_000_000, 2022, "planned"),
    ]                                               # rows "(VNPT tài trợ)" without an amount give nothing
    assert lines[0].lead_unit == "Văn phòng thị xã Đức Phổ"
    assert (lines[3].lead_unit, lines[3].source_of_funds) == ("Sở Thông tin và Truyền thông tỉnh", None)
    assert lines[4].source_of_funds == "Ngân sách thị xã (Chi thường xuyên)"


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
