"""find_tables: TAB tables, page-break merging, captions, units, kinds, total checks."""
from pathlib import Path

import pytest

from extractors.tables import find_tables
from extractors.tables.columns import DATE_CELL, GROUP_LABEL, UNIT_LINE, Columns, row_kind
from extractors.text import Text
from seeds import seed_text as seed


@pytest.fixture(scope="module")
def tables_000():
    return find_tables(seed("000"))


def fixture_text(name: str) -> Text:
    return Text.from_string((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))


def tab(*rows: str) -> str:
    return "\n".join(r.replace(" | ", "\t").replace("|", "\t") for r in rows)


# ---------------------------------------------------------------- small pieces

@pytest.mark.parametrize("line, unit", [
    ("Đơn vị tính: Triệu đồng.", "Triệu đồng"),
    ("Đơn vị tính: Triệu đồng  ", "Triệu đồng"),
    ("ĐVT: tỷ đồng", "tỷ đồng"),
    ("(Đơn vị tính: đồng)", "đồng"),
])
def test_unit_line(line, unit):
    assert UNIT_LINE.search(line)["unit"].strip() == unit


@pytest.mark.parametrize("label, start, end", [
    ("Năm 2014", "2014", None),
    ("Từ năm 2021-2022", "2021", "2022"),
    ("Giai đoạn 2021 - 2025", "2021", "2025"),
])
def test_group_label(label, start, end):
    m = GROUP_LABEL.match(label)
    assert (m["start"], m["end"]) == (start, end)


@pytest.mark.parametrize("row, kind", [
    (["", "Năm 2014", "", ""], "group"),
    (["I", "Nhóm phát triển chính quyền số", "", ""], "group"),
    (["1", "Chi cho thường xuyên", "300", ""], "item"),
    (["", "Tổng cộng:", "15.030", ""], "total"),
    (["", "Từ năm 2021-2022", "6.992,46", ""], "subtotal"),
    (["II", "Dự kiến các dự án", "5.000", ""], "subtotal"),
    (["Các kế hoạch ứng dụng CNTT hàng năm trên địa bàn", "", "", ""], "note"),
    (["", "Tống cộng:", "15.030", ""], "total"),            # OCR's reading of "Tổng cộng:"
    (["", "Công an thị xã", "37", ""], "note"),             # "Công" is not "Cộng"
])
def test_row_kind(row, kind):
    assert row_kind(row, Columns(0, 1, 2, None, 3, None, None)) == kind


# ---------------------------------------------------------------- seed 000

def test_000_finds_two_appendix_tables(tables_000):
    assert [(t.title, t.kind, t.first_line, t.last_line) for t in tables_000] == [
        ("PHỤ LỤC I", "document_list", 184, 211),
        ("PHỤ LỤC II — Kinh phí thực hiện đầu tư, phát triển CNTT giai đoạn 2014-2024", "budget", 219, 254),
    ]


def test_000_document_list_rows_merged_across_page_breaks(tables_000):
    t = tables_000[0]
    assert t.header == ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung"]
    assert len(t.rows) == 21                       # 20 documents + the trailing unnumbered note row
    assert [r[0] for r in t.rows[:20]] == [str(i) for i in range(1, 21)]   # repeated headers dropped
    assert t.rows[7][4] == ("Ứng dụng công nghệ thông tin trong hoạt động của các cơ quan Nhà nước thị xã Đức "
                            "Phổ, giai đoạn 2021-2023, định hướng đến năm 2025")
    assert t.rows[15][4].endswith("tầm nhìn đến năm 2030")
    assert t.row_lines[7:10] == [192, 196, 197]
    assert t.row_lines[15:17] == [203, 207]
    assert t.rows[20][0] == "Các kế hoạch ứng dụng CNTT hàng năm trên địa bàn"
    assert t.total_check is None


def test_000_budget_table(tables_000):
    t = tables_000[1]
    assert t.header == ["TT", "Nội dung/Nhiệm vụ/Dự án", "Kinh phí", "Ghi chú"]
    assert t.unit == "Triệu đồng"
    assert t.total_check == "ok"                   # 21 items sum to "Tổng cộng: 15.030"
    assert t.rows[0] == ["", "Năm 2014", "", ""]   # group row kept, not merged into anything
    ioc = t.rows[t.row_lines.index(237)]
    assert ioc == ["1", "Trung tâm Điều hành Thông minh IOC cho thị xã Đức Phổ", "93",
                   "(Chưa tính nguồn kinh phí) do Tập đoàn Bru chính Viễn thông (VNPT) tài trợ)"]
    assert 240 not in t.row_lines
    assert t.rows[-1] == ["", "Tổng cộng:", "15.030", ""]
    columns = Columns.of(t)
    assert [row_kind(r, columns) for r in t.rows].count("item") == 21
    assert [row_kind(r, columns) for r in t.rows].count("group") == 10


# ---------------------------------------------------------------- budget tables as reports write them

def test_total_with_decimal_comma():
    text = Text.from_string(tab(
        "Kinh phí thực hiện các nhiệm vụ như sau:",
        "Đơn vị tính: Triệu đồng",
        "TT | Nội dung | Thời gian | Kinh phí | Ghi chú",
        "1 | Trung tâm điều hành thông minh | 2022 | 92,460 | ",
        "2 | Phòng họp không giấy | 2022 | 480 | ",
        "3 | Chữ ký số | 2023 | 120 | ",
        "4 | Tập huấn | 2023 | 200 | ",
        " | Tổng cộng | | 892,46 | ",
    ))
    (t,) = find_tables(text)
    assert (t.kind, t.unit, t.total_check) == ("budget", "Triệu đồng", "ok")   # 92,46 + 480 + 120 + 200 = 892,46
    assert t.header[3] == "Kinh phí"
    assert t.row_lines == [4, 5, 6, 7, 8]


def test_tables_split_by_blank_lines_and_repeated_header():
    text = Text.from_string(tab(
        "Dự kiến đầu tư trang bị về hạ tầng CNTT trong năm 2024",
        "TT | Thiết bị | Số lượng | Kinh phí (triệu đồng)",
        "1 | Máy tính | 10 | 150",
        "",
        "Các dự án đầu tư phát triển:",
        "TT | Tên dự án | Tổng mức đầu tư | Ghi chú",
        "I | Dự án đã thực hiện |  | ",
        "1 | Hội nghị truyền hình | 6,1 tỷ đồng | ",
        "",
        "TT | Tên dự án | Tổng mức đầu tư | Ghi chú",       # the header repeated at a page break
        "II | Dự kiến các dự án |  | ",
        "2 | Trung tâm dữ liệu | 15 tỷ đồng | ",
    ))
    first, second = find_tables(text)
    assert first.title == "Dự kiến đầu tư trang bị về hạ tầng CNTT trong năm 2024"
    assert (first.kind, first.unit) == ("budget", "triệu đồng")
    assert second.title == "Các dự án đầu tư phát triển"
    assert [r[0] for r in second.rows] == ["I", "1", "II", "2"]
    assert second.row_lines == [7, 8, 11, 12]                  # the repeated header (line 10) dropped
    assert Columns.of(second).money == 2                       # "Tổng mức đầu tư"


def test_no_tables_in_prose():
    text = Text.from_string("I. KẾT QUẢ\nĐã cấp 1.050 tài khoản, đạt 61,4%.\nTổng kinh phí 350 triệu đồng.")
    assert find_tables(text) == []


# ---------------------------------------------------------------- synthetic

def test_mismatching_total_is_flagged():
    text = Text.from_string(tab(
        "Đơn vị tính: Triệu đồng.",
        "",
        "TT | Nội dung | Kinh phí | Ghi chú",
        "1 | Mua máy tính | 100 | ",
        "2 | Tập huấn | 50,5 | ",
        " | Tổng cộng: | 160 | ",
    ))
    (t,) = find_tables(text)
    assert t.total_check == "mismatch"


def test_subtotals_do_not_count_as_items():
    text = Text.from_string(tab(
        "Đơn vị tính: Triệu đồng",
        "TT | Nội dung | Kinh phí",
        " | Năm 2022 | 150",
        "1 | A | 100",
        "2 | B | 50",
        " | Năm 2023 | 30",
        "1 | C | 30",
        " | Tổng cộng | 180",
    ))
    (t,) = find_tables(text)
    assert t.total_check == "ok"


def test_two_level_header():
    text = Text.from_string(tab(
        "STT | Nội dung nhiệm vụ | Kinh phí và nguồn vốn |  | Thời gian thực hiện",
        " |  | Kinh phí | Nguồn vốn | ",
        "1 | Số hóa hồ sơ | 2.000 | Ngân sách tỉnh | 2024",
    ))
    (t,) = find_tables(text)
    assert t.header == ["STT", "Nội dung nhiệm vụ", "Kinh phí", "Nguồn vốn", "Thời gian thực hiện"]
    columns = Columns.of(t)
    assert (columns.money, columns.source, columns.timing) == (2, 3, 4)


def test_two_level_header_repeated_after_a_page_break_continues_the_table():
    rows = ["STT | Đơn vị | Năm 2023 |  | Năm 2024 | ", " |  | Điểm số | Xếp hạng | Điểm số | Xếp hạng"]
    text = Text.from_lines([(line, 1) for line in tab(*rows, "1 | Sở Tư pháp | 80,5 | 3 | 82,1 | 2").split("\n")]
                           + [(line, 2) for line in tab(*rows, "2 | Sở Nội vụ | 79,0 | 5 | 81,4 | 4",
                                                        " | Trung bình | 79,75 |  | 81,75 | ").split("\n")])
    (t,) = find_tables(text)
    assert t.header == ["STT", "Đơn vị", "Điểm số", "Xếp hạng", "Điểm số", "Xếp hạng"]
    assert [row[:2] for row in t.rows] == [["1", "Sở Tư pháp"], ["2", "Sở Nội vụ"], ["", "Trung bình"]]


def test_continuation_on_the_next_page_without_a_repeated_header():
    text = Text.from_lines([(line, 1) for line in tab("TT | Nội dung | Kinh phí", "1 | Số hóa hồ sơ | 200").split("\n")]
                           + [("", 1)] + [(line, 2) for line in tab("2 | Nâng cấp mạng | 150").split("\n")])
    (t,) = find_tables(text)
    assert t.rows == [["1", "Số hóa hồ sơ", "200"], ["2", "Nâng cấp mạng", "150"]]


def test_continuation_without_repeated_header_needs_a_lower_case_start():
    text = Text.from_string(tab(
        "TT | Nội dung | Kinh phí",
        "1 | Nâng cấp trang | 10",
        " | thiết bị | ",
        " | Ghi chú riêng | ",
    ))
    (t,) = find_tables(text)
    assert t.rows == [["1", "Nâng cấp trang thiết bị", "10"], ["", "Ghi chú riêng", ""]]


@pytest.mark.parametrize("cell, is_date", [
    ("18/9/2020", True),
    ("01-08-2019", True),
    ("04.4.2022", True),
    ("18/9-2020", False),                   # mixed separators
    ("2016-2020", False),
    ("Quý II/2022", False),
])
def test_date_cell(cell, is_date):
    assert bool(DATE_CELL.match(cell)) is is_date


def test_row_with_reference_and_date_but_no_number_is_a_new_entry():
    """OCR can lose a row's number cell; the row still holds a whole reference and date of its own."""
    text = Text.from_string(tab(
        "TT | Số ký hiệu | Ngày ban hành | Trích yếu nội dung",
        "7 | 3909/KH-UBND | 31/12/2020 | Ứng dụng CNTT năm 2021",
        " | 2665/KH-UBND | 18/9/2020 | Ứng dụng CNTT thị xã Đức Phổ,",
        " |  |  | định hướng đến năm 2025",
        " | 2339/KH-UBND |  | 2030 trên địa bàn",          # a reference without its date: a continuation
    ))
    (t,) = find_tables(text)
    assert t.rows == [
        ["7", "3909/KH-UBND", "31/12/2020", "Ứng dụng CNTT năm 2021"],
        ["", "2665/KH-UBND 2339/KH-UBND", "18/9/2020",
         "Ứng dụng CNTT thị xã Đức Phổ, định hướng đến năm 2025 2030 trên địa bàn"],
    ]


# ---------------------------------------------------------------- OCR'd tables (scanned seed 000)

def test_ocr_scanned_000_appendix_tables():
    """Seed 000's appendices as OCR reads the scan: one TAB row per grid row, pages joined without a
    blank line, "PHỤ LỤC II" read as "PHỤ LỤC H", "Tổng cộng:" as "Tống cộng:"."""
    documents, budget = find_tables(fixture_text("ocr_000_phu_luc_i_ii.txt"))
    assert documents.kind == "document_list"
    assert [r[0] for r in documents.rows[:20]] == [str(n) for n in range(1, 21)]
    assert documents.rows[19][4].endswith("định hướng đến năm 2030")     # row 20 continued after the header
    assert budget.title == "PHỤ LỤC H — Kinh phí thực hiện đầu tư, phát triển CNTT giai đoạn 2014-2024"
    assert budget.unit == "Triệu đồng"
    columns = Columns.of(budget)
    kinds = [row_kind(r, columns) for r in budget.rows]
    assert (kinds.count("group"), kinds.count("item"), kinds.count("total")) == (10, 21, 1)
    assert budget.rows[-1][1:3] == ["Tống cộng:", "15.030"]
    assert budget.total_check == "ok"


# ---------------------------------------------------------------- flattened PDF tables

def test_001_one_fragment_per_line_tables():
    first, second = find_tables(seed("001"))
    assert first.title == ("PHỤ LỤC I — DANH MỤC NỘI DUNG BỐ TRÍ KINH PHÍ THỰC HIỆN CÔNG TÁC CHUYỂN ĐỔI SỐ "
                           "TỪ NĂM 2021 ĐẾN NĂM 2023")                   # "(Ban hành kèm theo …)" dropped
    assert first.header == ["TT", "Nội dung/Nhiệm vụ/Dự án", "Kết quả, tiến độ thực hiện", "Kinh phí", "Ghi chú"]
    assert (first.unit, first.first_line, first.last_line, first.total_check) == ("Triệu đồng", 788, 960, None)
    assert first.rows[0] == ["", "Từ năm 2021-2022", "", "6.992,46", ""]
    assert first.rows[2] == ["2", "Trung tâm Điều hành Thông minh IOC cho thị xã Đức Phổ", "2022", "92,460",
                             "(Chưa tính nguồn kinh phí do Tập đoàn Bưu chính Viễn thông (VNPT) tài trợ)"]
    assert first.row_lines[:4] == [801, 803, 826, 847]
    assert len(first.rows) == 12                   # 10 items, 2 subtotals; the repeated header (929-940) dropped
    assert second.header == ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Diễn giải", "Kinh phí", "Nguồn vốn",
                             "Thời gian thực hiện"]                       # "Kinh phí và nguồn vốn" spans two
    assert second.total_check == "ok"                                     # 12 items = "Tổng cộng: 13.570"
    assert second.rows[3] == ["3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                              "Văn phòng HĐND và UBND thị xã,, UBND các xã, phường",
                              "Số hóa hồ sơ, kết quả giải quyết TTHC, tại Bộ phận một cửa cấp thị xã, các xã, "
                              "phường và các cơ quan, đơn vị.", "2.000", "Ngân sách tỉnh, ngân sách thị xã", "2024"]
    assert [r[0] for r in second.rows if r[0] and not r[0].isdigit()] == ["I", "II", "III", "IV", "V"]


def test_cells_run_together_year_before_amount():
    """pdfplumber's rendering: "Phòng họp không giấy 2022 480 (Nguồn vốn ngân sách thị xã) 4"."""
    (t,) = find_tables(fixture_text("tables_001_pdf_phu_luc_i.txt"))
    columns = Columns.of(t)
    items = [(r[2], r[3]) for r in t.rows if row_kind(r, columns) == "item"]
    assert items == [("2021", "6.100"), ("2022", "92,460"), ("2022", "480"), ("2022", "120"), ("2022", "200"),
                     ("2023", "120"), ("2023", "300"), ("2023", "700"), ("2023", "300"),
                     ("2023", "550")]              # "Chuyển đổi số năm 2023 2023 550": the pair is "2023 550"
    assert [r[1] for r in t.rows if row_kind(r, columns) == "subtotal"] == ["Từ năm 2021-2022", "Năm 2023"]
    assert t.rows[3][4] == "(Nguồn vốn ngân sách thị xã)"                 # the next row's number "4" left out


def test_cells_run_together_amount_before_source():
    """ "100 ngân sách thị xã 2024", "… khuyến cáo của Sở TT&TT 750" / "Ngân sách tỉnh, ngân sách thị xã 2024"."""
    (t,) = find_tables(fixture_text("tables_001_pdf_phu_luc_ii.txt"))
    columns = Columns.of(t)
    items = [(r[4], r[5], r[6]) for r in t.rows if row_kind(r, columns) == "item"]
    assert [a for a, _, _ in items] == ["120", "100", "2.000", "1.000", "200", "1.000", "150", "100", "750", "150",
                                        "4.000", "4.000"]
    assert {y for _, _, y in items} == {"2024"}
    assert items[7][1] == "ngân sách thị xã"
    assert t.total_check == "ok"


def test_unit_at_the_end_of_a_caption():
    assert UNIT_LINE.search("Ước thu, chi ngân sách năm 2024 (Đơn vị tính: triệu đồng):")["unit"] == "triệu đồng"
