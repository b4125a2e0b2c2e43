"""find_tables: TAB tables, page-break merging, captions, units, kinds, total checks."""
from pathlib import Path

import pytest

from extractors.tables import find_tables
from extractors.tables.columns import (
    DATE_CELL, GROUP_LABEL, TOTAL_LABEL, TOTAL_ROW_LABEL, UNIT_LINE, Columns, row_kind,
)
from extractors.tables.flattened import FLAT_TOTAL
from extractors.tables.run_together import ROW_TAIL
from extractors.text import Text


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


@pytest.mark.parametrize("rest, tail", [
    (" 2023 5\n12 Tiếp theo", " 2023 5"),   # the row's year, then its number
    (" 7", " 7"),                            # a row number alone, at the end
    (" 2022", " 2022"),                      # a year alone
    ("\nII. Chi khác", ""),                  # nothing closes the row: the next line starts
    (" 480 triệu", None),                    # more words follow: not a tail
])
def test_row_tail(rest, tail):
    found = ROW_TAIL.match(rest)
    assert (found[0] if found else None) == tail


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


# ---------------------------------------------------------------- appendices as reports write them

APPENDICES = tab(
    "Các văn bản và kinh phí đã triển khai, chi tiết tại các phụ lục kèm theo.",
    "",
    "PHỤ LỤC I",
    "",
    "TT | Số ký hiệu | Ngày ban hành | Cơ quan ban hành | Trích yếu nội dung",
    "1 | 12/KH-UBND | 05/01/2021 | UBND huyện Sơn Tịnh | Về việc ứng dụng CNTT trong hoạt động của các cơ quan "
    "nhà nước huyện Sơn",
    "",                                                                       # a page break:
    "TT | Số ký hiệu | Ngày ban hành | Cơ quan ban hành | Trích yếu nội dung",  # the header again,
    " |  |  |  | Tịnh giai đoạn 2021-2025",                                  # the row's last cell goes on
    "2 | 45/QĐ-UBND | 10/3/2022 | UBND huyện Sơn Tịnh | Thành lập Tổ công nghệ số cộng đồng",
    "Các kế hoạch hằng năm của các xã |  |  |  | ",
    "",
    "PHỤ LỤC II",
    "",
    "Kinh phí thực hiện chuyển đổi số giai đoạn 2021-2023",
    "",
    "Đơn vị tính: Triệu đồng.",
    "",
    "TT | Nội dung | Kinh phí | Ghi chú",
    " | Năm 2021 |  | ",
    "1 | Mua sắm máy tính | 300 | (Ngân sách huyện)",
    " | Năm 2022 |  | ",
    "1 | Trung tâm điều hành thông minh | 93 | (Chưa tính kinh phí)",
    "",
    "TT | Nội dung | Kinh phí | Ghi chú",
    " | IOC của huyện |  | do VNPT tài trợ",                              # both cells go on after the break
    "2 | Chữ ký số | 120 | ",
    " | Tổng cộng: | 513 | ",
)


@pytest.fixture(scope="module")
def appendices():
    return find_tables(Text.from_string(APPENDICES))


def test_each_appendix_is_a_table_with_its_caption(appendices):
    assert [(t.title, t.kind, t.first_line, t.last_line) for t in appendices] == [
        ("PHỤ LỤC I", "document_list", 5, 11),
        ("PHỤ LỤC II — Kinh phí thực hiện chuyển đổi số giai đoạn 2021-2023", "budget", 19, 28),
    ]


def test_document_list_rows_merged_across_a_page_break(appendices):
    t = appendices[0]
    assert t.header == ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung"]
    assert t.rows == [
        ["1", "12/KH-UBND", "05/01/2021", "UBND huyện Sơn Tịnh",
         "Về việc ứng dụng CNTT trong hoạt động của các cơ quan nhà nước huyện Sơn Tịnh giai đoạn 2021-2025"],
        ["2", "45/QĐ-UBND", "10/3/2022", "UBND huyện Sơn Tịnh", "Thành lập Tổ công nghệ số cộng đồng"],
        ["Các kế hoạch hằng năm của các xã", "", "", "", ""],            # an unnumbered note row, kept
    ]
    assert t.row_lines == [6, 10, 11]                                     # the repeated header is no row
    assert [row_kind(r, Columns.of(t)) for r in t.rows] == ["item", "item", "note"]
    assert t.total_check is None


def test_budget_table_groups_items_and_total(appendices):
    t = appendices[1]
    assert t.header == ["TT", "Nội dung", "Kinh phí", "Ghi chú"]
    assert t.unit == "Triệu đồng"
    assert t.rows == [
        ["", "Năm 2021", "", ""],                    # group rows kept, not merged into anything
        ["1", "Mua sắm máy tính", "300", "(Ngân sách huyện)"],
        ["", "Năm 2022", "", ""],
        ["1", "Trung tâm điều hành thông minh IOC của huyện", "93", "(Chưa tính kinh phí) do VNPT tài trợ"],
        ["2", "Chữ ký số", "120", ""],
        ["", "Tổng cộng:", "513", ""],
    ]
    assert t.row_lines == [20, 21, 22, 23, 27, 28]
    assert [row_kind(r, Columns.of(t)) for r in t.rows] == ["group", "item", "group", "item", "item", "total"]
    assert t.total_check == "ok"                     # 300 + 93 + 120 = 513


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


@pytest.mark.parametrize("label, starts_total, whole_total", [
    ("Tổng cộng:", True, True),
    ("Cộng", True, True),
    ("Cộng toàn huyện", True, True),          # a sum, whatever follows it
    ("Tổng cộng (I+II)", True, True),
    ("Tống cộng", True, True),                # OCR's tone slip of the two-word forms
    ("Tổng số:", True, True),
    ("Tổng", True, True),
    ("Tổng số hộ nghèo", True, False),        # a count with more words names a measure of its own
    ("Tổng kinh phí", True, False),
    ("Công an xã", False, False),             # "Công" is no total
    ("Xã Phổ An", False, False),
])
def test_total_labels(label, starts_total, whole_total):
    """TOTAL_LABEL opens a total row in a table; TOTAL_ROW_LABEL is a label that is a total and nothing
    else (an indicator read from that row is the column's total, not a measure of its own)."""
    assert bool(TOTAL_LABEL.match(label)) == starts_total
    assert bool(TOTAL_ROW_LABEL.match(label)) == whole_total


# ---------------------------------------------------------------- flattened PDF tables

@pytest.mark.parametrize("line, label, amount", [
    ("Tổng cộng: 13.570", "Tổng cộng:", "13.570"),
    ("Tống cộng: 13.570", "Tống cộng:", "13.570"),        # OCR's tone slip, as in a cell (TOTAL_WORDS)
    ("Cộng 1.970", "Cộng", "1.970"),
    ("Từ năm 2021-2022 6.992,46", "Từ năm 2021-2022", "6.992,46"),
    ("Năm 2023 480", "Năm 2023", "480"),
    ("Công an 12", None, None),                          # "Công" is no total, whatever OCR does
])
def test_flattened_total_row(line, label, amount):
    m = FLAT_TOTAL.match(line)
    assert (m and m["label"], m and m["amount"]) == (label, amount)


def test_one_fragment_per_line_table():
    """A PDF table read one cell fragment per line (blank lines between): the caption with its title
    line ("(Ban hành kèm theo …)" dropped), a header over several lines, rows wrapped over several lines,
    and the header repeated after a page break."""
    (t,) = find_tables(fixture_text("tables_flattened_appendix.txt"))
    assert t.title == "PHỤ LỤC I — DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2023"
    assert t.header == ["TT", "Nội dung/Nhiệm vụ/Dự án", "Kết quả, tiến độ thực hiện", "Kinh phí", "Ghi chú"]
    assert (t.kind, t.unit) == ("budget", "Triệu đồng")
    assert t.rows == [
        ["", "Từ năm 2021-2022", "", "1.300", ""],
        ["1", "Hội nghị truyền hình trực tuyến cấp huyện", "2021", "1.000", "(Nguồn vốn ngân sách huyện)"],
        ["2", "Phòng họp không giấy", "2022", "300", "(Nguồn vốn ngân sách tỉnh)"],
        ["3", "Chữ ký số cho cán bộ", "2023", "120", "(Ngân sách huyện)"],   # after the repeated header
    ]
    assert t.row_lines == [24, 26, 41, 67]           # each row at its first line


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
