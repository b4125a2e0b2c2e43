"""Report header: "Số:" line, place and date, kind and title, issuer, signature block."""

from pathlib import Path

import pytest

import extractors.header_patterns as header_module
from extractors.header import NUMBER_LINE, extract_header
from extractors.text import Text
from seeds import seed_path


def header_of(text: str):
    return extract_header(Text.from_string(text))


def seed_header(prefix: str):
    return header_of(seed_path(prefix).read_text(encoding="utf-8"))


FIELDS = ("kind", "type_code", "number", "symbol", "place", "place_as_written", "date", "year", "month",
          "issuer", "title", "signer", "signer_title")

# What each seed's own text says (read from the files, fields in FIELDS order).
SEEDS = [
    ("000", ("Báo cáo", "BC", None, "BC-UBND", "Đức Phổ", "Đức Phồ", None, 2024, 5, "UBND thị xã Đức Phổ",
             "Tổng kết 10 năm thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị (Khóa XI) về đẩy "
             "mạnh ứng dụng, phát triển công nghệ thông tin đáp ứng yêu cầu phát triển bền vững và hội nhập quốc tế",
             "Võ Thanh Hùng", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    # No "Số:"/date lines: symbol, year and issuer come from the appendix caption; place is not stated;
    # the subtitle "(Phục vụ …)" is not part of the title; the signature is interleaved with "Nơi nhận".
    ("001", ("Báo cáo", "BC", None, "BC-UBND", None, None, None, 2023, None, "UBND thị xã Đức Phổ",
             "Kết quả thực hiện công tác chuyển đổi số trên địa bàn thị xã năm 2023",
             "Võ Thanh Hùng", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    ("002", ("Kế hoạch", "KH", None, "KH-UBND", "Đức Phổ", "Đức Phổ", None, 2024, None, "UBND thị xã Đức Phổ",
             "Triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy khóa XX về "
             "chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030 trên địa bàn thị xã Đức Phổ",
             "Võ Thanh Hùng", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    ("003", ("Báo cáo", "BC", None, "BC-UBND", "Đức Phổ", "Đức Phổ", None, 2023, None, "UBND thị xã Đức Phổ",
             "Kết quả thực hiện Chỉ thị số 19-CT/TU ngày 18/5/2022 của Ban Thường vụ Tỉnh ủy về tăng cường sự "
             "lãnh đạo, chỉ đạo của Đảng đối với chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030",
             "Võ Thanh Hùng", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    # "Đức Phố" slip: place normalised, the title keeps the text as written.
    ("004", ("Báo cáo", "BC", None, "BC-UBND", "Đức Phổ", "Đức Phố", None, 2022, None, "UBND thị xã Đức Phổ",
             "Tình hình quản lý và triển khai công tác thông tin và truyền thông trên địa bàn thị xã Đức Phố",
             "Võ Thanh Hùng", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
]


@pytest.mark.parametrize("prefix, expected", SEEDS, ids=[s[0] for s in SEEDS])
def test_seed_headers(prefix, expected):
    header = seed_header(prefix)
    assert {f: getattr(header, f) for f in FIELDS} == dict(zip(FIELDS, expected))


# "Số:" line -> (number, year in the number, symbol).
@pytest.mark.parametrize(
    "line, number, year, symbol",
    [
        ("Số: /BC-UBND", None, None, "BC-UBND"),                    # draft: number left blank
        ("Số:           /BC-UBND", None, None, "BC-UBND"),
        ("Số: ……/KH-UBND", None, None, "KH-UBND"),                  # dotted blank
        ("Số: ...../QĐ-UBND", None, None, "QĐ-UBND"),
        ("Số: 3225/KH-UBND", "3225", None, "KH-UBND"),
        ("Số: 06/QĐ-TTg", "06", None, "QĐ-TTg"),                     # leading zero kept
        ("Số: 42/2022/NĐ-CP", "42", "2022", "NĐ-CP"),
        ("Số 158-KH/TU", "158", None, "KH/TU"),                       # Party: hyphen, no colon
        ("Số: 36-NQ/TW", "36", None, "NQ/TW"),
        ("Số: 734/STTTT-BCVT&CNTT", "734", None, "STTTT-BCVT&CNTT"),  # Công văn: no type code
        ("Số: 12/TTr-UBND", "12", None, "TTr-UBND"),
        ("Số: 3225/KH-UBND Đức Phổ, ngày 22 tháng 12 năm 2022", "3225", None, "KH-UBND"),   # columns glued
    ],
)
def test_number_line(line, number, year, symbol):
    m = NUMBER_LINE.search(line)
    assert (m["number"], m["year"], m["symbol"]) == (number, year, symbol)


@pytest.mark.parametrize("line", ["Số lượng hồ sơ trực tuyến là 1.050", "Tổng số: 134 TTHC", "Số hóa dữ liệu"])
def test_not_number_lines(line):
    assert NUMBER_LINE.search(line) is None


# The official layout (Nghị định 30/2020) as loaders flatten it: TAB-separated columns.
OFFICIAL_TABS = """ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THỊ XÃ ĐỨC PHỔ\tĐộc lập - Tự do - Hạnh phúc
Số: 3225/KH-UBND\tĐức Phổ, ngày 22 tháng 12 năm 2022

KẾ HOẠCH
Triển khai Chương trình chuyển đổi số ngành thư viện đến năm 2025

Thực hiện Quyết định số 206/QĐ-TTg ngày 11/02/2021 của Thủ tướng Chính phủ, UBND thị xã ban hành Kế hoạch:

I. MỤC ĐÍCH, YÊU CẦU

Nơi nhận:\tTM. ỦY BAN NHÂN DÂN
- UBND tỉnh;\tKT. CHỦ TỊCH
- Lưu: VT.\tPHÓ CHỦ TỊCH

\tNguyễn Văn An
"""

# The same layout from a Word file whose columns came out joined by spaces.
OFFICIAL_SPACES = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THỊ XÃ ĐỨC PHỔ        Độc lập – Tự do – Hạnh phúc
     ______          ________________________
Số: 142/QĐ-UBND           Đức Phổ, ngày 05 tháng 01 năm 2022

QUYẾT ĐỊNH
Về việc thành lập Tổ công nghệ số cộng đồng
_________

CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỔ

Căn cứ Luật Tổ chức chính quyền địa phương;

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

CHỦ TỊCH

(Đã ký)

TRẦN VĂN BÌNH
"""

PARTY = """ĐẢNG BỘ TỈNH QUẢNG NGÃI\tĐẢNG CỘNG SẢN VIỆT NAM
THỊ ỦY ĐỨC PHỔ
*
Số 158-KH/TU\t*Đức Phổ, ngày 19 tháng 12 năm 2023*

KẾ HOẠCH
thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy
về chuyển đổi số tỉnh Quảng Ngãi

I. MỤC ĐÍCH

T/M BAN THƯỜNG VỤ
"""

CONG_VAN = """UBND TỈNH QUẢNG NGÃI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG\tĐộc lập - Tự do - Hạnh phúc
Số: 734/STTTT-BCVT&CNTT\tQuảng Ngãi, ngày 04 tháng 5 năm 2023
V/v báo cáo kết quả thực hiện Chỉ thị số 19-CT/TU

Kính gửi: UBND các huyện, thị xã, thành phố.

Nơi nhận:\tKT. GIÁM ĐỐC
- Như trên;\tPHÓ GIÁM ĐỐC

\tLê Thị Hoa
"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (OFFICIAL_TABS, dict(
            kind="Kế hoạch", type_code="KH", number="3225", symbol="KH-UBND", place="Đức Phổ",
            date="2022-12-22", year=2022, month=12, issuer="UBND thị xã Đức Phổ",
            title="Triển khai Chương trình chuyển đổi số ngành thư viện đến năm 2025",
            signer="Nguyễn Văn An", signer_title="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
        (OFFICIAL_SPACES, dict(
            kind="Quyết định", type_code="QĐ", number="142", symbol="QĐ-UBND", place="Đức Phổ",
            date="2022-01-05", year=2022, month=1, issuer="UBND thị xã Đức Phổ",
            title="Về việc thành lập Tổ công nghệ số cộng đồng",
            signer="Trần Văn Bình", signer_title="CHỦ TỊCH")),            # "(Đã ký)" skipped, name in capitals
        (PARTY, dict(
            kind="Kế hoạch", type_code="KH", number="158", symbol="KH/TU", place="Đức Phổ",
            date="2023-12-19", year=2023, month=12, issuer="Thị ủy Đức Phổ",
            title="thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy "
                  "về chuyển đổi số tỉnh Quảng Ngãi",
            signer=None, signer_title="T/M BAN THƯỜNG VỤ")),               # no name follows
        (CONG_VAN, dict(
            kind="Công văn", type_code=None, number="734", symbol="STTTT-BCVT&CNTT", place="Quảng Ngãi",
            date="2023-05-04", year=2023, month=5, issuer="Sở Thông tin và Truyền thông tỉnh Quảng Ngãi",
            title="V/v báo cáo kết quả thực hiện Chỉ thị số 19-CT/TU",
            signer="Lê Thị Hoa", signer_title="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")),
    ],
    ids=["tabs", "spaces", "party", "cong_van"],
)
def test_official_layouts(text, expected):
    header = header_of(text)
    assert {f: getattr(header, f) for f in expected} == expected


@pytest.mark.parametrize(
    "date_line, place, place_as_written, date, year, month",
    [
        ("Đức Phổ, ngày 22 tháng 12 năm 2022", "Đức Phổ", "Đức Phổ", "2022-12-22", 2022, 12),
        ("Đức Phồ, ngày tháng 5 năm 2024", "Đức Phổ", "Đức Phồ", None, 2024, 5),      # OCR slip, blank day
        ("Đức Phố, ngày tháng năm 2022", "Đức Phổ", "Đức Phố", None, 2022, None),
        ("Quảng Ngãi, ngày ... tháng ... năm 2024", "Quảng Ngãi", "Quảng Ngãi", None, 2024, None),
        ("*Thành phố Hồ Chí Minh, ngày 01 tháng 7 năm 2014*", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh",
         "2014-07-01", 2014, 7),
        ("ngày 30 tháng 02 năm 2023", None, None, None, 2023, 2),                    # impossible day: no ISO date
    ],
)
def test_place_and_date_line(date_line, place, place_as_written, date, year, month):
    header = header_of(f"Số: 12/BC-UBND\n{date_line}\nBÁO CÁO\nKết quả\n")
    assert (header.place, header.place_as_written, header.date, header.year, header.month) == (
        place, place_as_written, date, year, month)


def test_caption_fills_a_missing_top():
    text = """ BÁO CÁO

Kết quả thực hiện công tác chuyển đổi số năm 2023

I. KHÁI QUÁT CHUNG

Nội dung.

PHỤ LỤC I

DANH MỤC KINH PHÍ

(Ban hành kèm theo Báo cáo số   /BC-UBND  ngày  tháng 11 năm 2023

của UBND thị xã Đức Phổ)
"""
    header = header_of(text)
    assert (header.kind, header.number, header.symbol, header.year, header.month, header.issuer) == (
        "Báo cáo", None, "BC-UBND", 2023, 11, "UBND thị xã Đức Phổ")
    assert header.place is None


def test_caption_of_another_kind_is_not_the_report():
    text = "BÁO CÁO\n\nKết quả\n\nPHỤ LỤC\n\n(Kèm theo Quyết định số 12/QĐ-UBND ngày 01/02/2023 của UBND tỉnh)\n"
    header = header_of(text)
    assert (header.kind, header.symbol, header.year) == ("Báo cáo", None, None)


def test_kind_from_symbol_when_no_kind_word():
    header = header_of("Số: 57/TTr-UBND\nĐức Phổ, ngày 3 tháng 4 năm 2024\n")
    assert (header.kind, header.type_code, header.number) == ("Tờ trình", "TTr", "57")


def test_title_wrapped_over_blank_separated_lines_stops_at_subtitle():
    text = """BÁO CÁO

Kết quả thực hiện công tác chuyển đổi số trên địa bàn

thị xã năm 2023

(Phục vụ công tác kiểm tra của Sở Thông tin và Truyền thông tỉnh)

Thực hiện nội dung Kế hoạch số 1690/KH-STTTT ngày 06/9/2023 của Sở Thông tin và Truyền thông tỉnh.
"""
    assert header_of(text).title == "Kết quả thực hiện công tác chuyển đổi số trên địa bàn thị xã năm 2023"


def test_subtitle_on_the_title_line_is_dropped_but_short_brackets_stay():
    glued = "BÁO CÁO\nKết quả thực hiện công tác chuyển đổi số năm 2023 (Phục vụ công tác kiểm tra thực hiện " \
            "công tác chuyển đổi số của Sở Thông tin và Truyền thông tỉnh)\nThực hiện nội dung Kế hoạch.\n"
    assert header_of(glued).title == "Kết quả thực hiện công tác chuyển đổi số năm 2023"
    short = "BÁO CÁO\nTổng kết Nghị quyết số 36-NQ/TW của Bộ Chính trị (Khóa XI)\n"
    assert header_of(short).title == "Tổng kết Nghị quyết số 36-NQ/TW của Bộ Chính trị (Khóa XI)"


def test_signature_without_a_name():
    text = "Số: /KH-UBND\nĐức Phổ, ngày tháng năm 2024\nKẾ HOẠCH\nTriển khai\n\nNơi nhận:\n- Lưu VT.\n\n" \
           "**KT. CHỦ TỊCH / PHÓ CHỦ TỊCH**\n\nPHỤ LỤC I\n"
    header = header_of(text)
    assert (header.signer, header.signer_title) == (None, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


def test_no_header_at_all():
    header = header_of("Nội dung không có phần đầu văn bản.\n")
    assert (header.kind, header.symbol, header.year, header.title, header.signer) == (None,) * 5


@pytest.mark.parametrize("caption, recipients", [
    ("(Kèm theo Báo cáo số 45/BC-UBND ngày 12 tháng 11 năm 2023 của UBND thị xã Đức Phổ)", "Nơi nhận:"),
    ("(K**èm theo Báo cáo số 45/BC-UBND NGÀY 12 THÁNG 11 NĂM 2023 của UBND thị xã Đức Phổ)", " **NƠI NHẬN:**"),
])
def test_caption_and_recipients_are_read_through_emphasis_and_case(caption, recipients):
    # the cheap tests before plain() must not skip a caption or a "Nơi nhận" that plain() would reveal
    text = f"BÁO CÁO\nKết quả\n\n{recipients}\n- Lưu VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nVõ Thanh Hùng\n\nPHỤ LỤC\n\n{caption}\n"
    header = header_of(text)
    assert (header.symbol, header.number, header.date) == ("BC-UBND", "45", "2023-11-12")
    assert (header.signer_title, header.signer) == ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Võ Thanh Hùng")


# Headers of documents written for these tests (tests/data/unseen_headers/), one per kind of layout
# problem; the expected values were written by hand from reading each text.
UNSEEN = Path(__file__).parent / "data" / "unseen_headers"
# The same Báo cáo of a Sở as a Word-exported PDF reads (columns interleaved on a line), as a DOCX
# whose header table came out as one flattened line, and as a DOCX read cell by cell.
SO_REPORT = dict(
    kind="Báo cáo", number="215", symbol="BC-STC", year_in_number=None, place="Nghệ An", date="2024-04-03",
    issuer="Sở Tài chính tỉnh Nghệ An",
    title="Tình hình thực hiện dự toán ngân sách nhà nước quý I năm 2024 và nhiệm vụ, giải pháp quý II năm 2024",
    signer="Nguyễn Thị Hạnh", signer_title="KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")


@pytest.mark.parametrize("name, expected", [
    # crawled text hard-wrapped inside the issuer, "Số:" / number, the motto and the date; emphasis marks
    # inside words; the year in the number; an upper-case title wrapped over three lines, ended by the
    # adopting council's line
    ("nq_hdnd_crawl_wrapped", dict(
        kind="Nghị quyết", number="64", symbol="NQ-HĐND", year_in_number=2025, place="Đồng Tháp",
        date="2025-07-10", issuer="HĐND tỉnh Đồng Tháp",
        title="QUY ĐỊNH MỨC CHI HỖ TRỢ ĐỐI VỚI LỰC LƯỢNG THAM GIA BẢO VỆ AN NINH, TRẬT TỰ Ở CƠ SỞ TRÊN ĐỊA BÀN TỈNH",
        signer="Phan Văn Thắng", signer_title="CHỦ TỊCH")),
    # the whole heading flattened onto one line, "TP. Hồ Chí Minh" whole; the signature on one line too
    ("qd_ubnd_crawl_oneline", dict(
        kind="Quyết định", number="2871", symbol="QĐ-UBND", place="TP. Hồ Chí Minh", date="2024-08-05",
        issuer="UBND thành phố Hồ Chí Minh", title="VỀ VIỆC BAN HÀNH KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2024 CỦA THÀNH PHỐ",
        signer="Võ Văn Hoan", signer_title="KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    ("bc_so_word_pdf", SO_REPORT),
    ("bc_so_docx_flat", SO_REPORT),
    ("bc_so_docx_cells", SO_REPORT),
    # OCR: a handwritten number and day misread ("2l8j", "|5"): the number unknown, the day's "|"
    # read as the 1 it stands for, the rest read;
    # a rank before the signer's name
    ("cv_scan_ocr_damaged", dict(
        kind="Công văn", number=None, symbol="CAT-PV01", place="Nghệ An", date="2023-09-15", year=2023, month=9,
        issuer="Công an tỉnh Nghệ An",
        title="V/v tăng cường công tác bảo đảm trật tự, an toàn giao thông dịp khai giảng năm học mới",
        signer="Lê Văn Hùng", signer_title="GIÁM ĐỐC")),
    # a Công văn's "V/v" subject wrapped over three lines before the motto; a degree before the signer
    ("cv_vv_number_own_line", dict(
        kind="Công văn", number="412", symbol="UBND-VP", place="Sơn Tây", date="2024-03-20",
        issuer="UBND huyện Sơn Tây",
        title="V/v triển khai thực hiện Kế hoạch số 56/KH-UBND ngày 12/3/2024 của UBND tỉnh về chuyển đổi số",
        signer="Đinh Văn Minh", signer_title="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")),
    # an appendix filed on its own: its date and issuer are those of the document it belongs to
    ("phu_luc_standalone", dict(
        kind="Phụ lục", number=None, symbol=None, year=2025, month=1, issuer="Chủ tịch UBND tỉnh Gia Lai",
        title="TỔNG HỢP KẾT QUẢ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2024 CỦA CÁC SỞ, BAN, NGÀNH")),
    # a crawled page: the heading as a markdown table, every line followed by a blank line, a Kế hoạch
    # whose title starts "Thực hiện …" (so does the body's first sentence), the signature as a table row
    ("kh_crawl_markdown_table", dict(
        kind="Kế hoạch", number="157", symbol="KH-UBND", place="Quảng Trị", date="2024-10-21",
        issuer="UBND tỉnh Quảng Trị",
        title="Thực hiện Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về một số chủ trương, chính sách "
              "chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư trên địa bàn tỉnh",
        signer="Hoàng Nam", signer_title="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")),
    # the kind and the title on one line, the issuer on one line above the motto
    ("qd_kind_and_title_one_line", dict(
        kind="Quyết định", number="3012", place="Đại Lộc", date="2023-11-08", issuer="UBND huyện Đại Lộc",
        title="Về việc kiện toàn Ban Chỉ đạo chuyển đổi số huyện Đại Lộc", signer="Trần Văn Lộc")),
    # the council's office under the council; the body starts right under the title with "Ngày …"
    ("tb_van_phong_ket_luan", dict(
        kind="Thông báo", number="215", symbol="TB-VPUB", place="Bình Định", date="2024-06-12",
        issuer="Văn phòng UBND tỉnh Bình Định",
        title="Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về tiến độ chuyển đổi số năm 2024",
        signer="Lê Văn Tư", signer_title="KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG")),
    # a Word-exported PDF: the V/v subject and the place and date share its first line
    ("cv_pdf_subject_beside_date", dict(
        kind="Công văn", number="2150", symbol="SYT-NVY", place="Khánh Hòa", date="2024-06-05",
        issuer="Sở Y tế tỉnh Khánh Hòa",
        title="V/v tăng cường phòng, chống dịch sốt xuất huyết trên địa bàn tỉnh",
        signer="Nguyễn Văn Sáu", signer_title="GIÁM ĐỐC")),
    # crawled text wrapped inside the symbol ("312/BC-" / "UBND") and the date ("tháng 8" / "năm 2025");
    # the body's first sentence ("Năm 2025, …") right under the title
    ("bc_crawl_wrapped_symbol_date", dict(
        kind="Báo cáo", number="312", symbol="BC-UBND", place="An Giang", date="2025-08-15",
        issuer="UBND tỉnh An Giang",
        title="Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2025",
        signer="Hồ Văn Bảy", signer_title="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")),
    ("thuyet_minh_de_an", dict(
        kind="Thuyết minh", number="05", symbol="TM-UBND", place="Tân Hòa", date="2024-11-14",
        issuer="UBND xã Tân Hòa",
        title="Dự toán kinh phí thực hiện Đề án xây dựng xã nông thôn mới nâng cao năm 2025")),
])
def test_unseen_layouts(name, expected):
    header = header_of((UNSEEN / f"{name}.txt").read_text(encoding="utf-8"))
    assert {f: getattr(header, f) for f in expected} == expected


@pytest.mark.parametrize("line, number, symbol", [
    ("Số: 4jl2 /CAT-PC04", None, "CAT-PC04"),           # handwritten number misread by OCR
    ("Số: 2/35 /SGDĐT-CTrTT", None, "SGDĐT-CTrTT"),      # ... with a stroke of it read as "/"
    ("Số: 1413/CAT-PC04(Đ1)", "1413", "CAT-PC04(Đ1)"),  # a unit's suffix in brackets
    ("S6: 463/SGDĐT-CTrTT", "463", "SGDĐT-CTrTT"),       # OCR "S6" for "Số"
    ("Số: l595 /SGDĐT-CTrTT", "1595", "SGDĐT-CTrTT"),    # a handwritten 1 read as "l"
    ("Số: |6 /QĐ-UBND", "16", "QĐ-UBND"),                 # ... or as "|"
    ("Số: 76QĐ-STNMT", "76", "QĐ-STNMT"),                 # the "/" lost: the symbol opens with a type code
    ("Số: 215TCKH-NS", None, None),                       # ... not a type code: left unread
])
def test_number_line_survives_ocr(line, number, symbol):
    header = header_of(f"{line}\nBÁO CÁO\nKết quả\n")
    assert (header.number, header.symbol) == (number, symbol)


@pytest.mark.parametrize("date_line, year, month, date", [
    ("Lâm Đồng, ngày Ảb tháng 3 năm 2026", 2026, 3, None),    # unreadable day
    ("Đà Nẵng, ngày 84 tháng 5 năm 2019", 2019, 5, None),     # a day no month has
    ("Hà Nội, ngày 12 tháng 5Š năm 2025", 2025, None, None),  # unreadable month: no day either
    ("An Giang, ngày 11 tháng 3 nắm 2024", 2024, 3, "2024-03-11"),     # a tone slip on "năm"
    ("An Giang, ngảy 11 thảng 3 năm 2024", 2024, 3, "2024-03-11"),     # ... on "ngày" and "tháng"
    ("Hải Dương, ngày |0 tháng 01 năm 2011", 2011, 1, "2011-01-10"),   # a handwritten 1 read as "|"
    ("Hà Nội, ngày 12 tháng l2 năm 2025", 2025, 12, "2025-12-12"),     # ... or as "l"
])
def test_date_line_survives_an_unreadable_figure(date_line, year, month, date):
    header = header_of(f"Số: 12/BC-UBND\n{date_line}\nBÁO CÁO\nKết quả\n")
    assert (header.year, header.month, header.date, header.place is not None) == (year, month, date, True)


@pytest.mark.parametrize("written, name", [
    ("Thiếu tướng Trương Văn Bảy", "Trương Văn Bảy"),
    ("Đại tá Nguyễn Văn Tám", "Nguyễn Văn Tám"),
    ("Trung tá Lê Thị Chín", "Lê Thị Chín"),
    ("TS. Phạm Văn Mười", "Phạm Văn Mười"),
    ("ThS. Hồ Thị Một", "Hồ Thị Một"),
    ("PGS.TS. Lê Văn Hai", "Lê Văn Hai"),
    ("Đại tá, TS. Nguyễn Văn Ba", "Nguyễn Văn Ba"),            # a rank and a degree, one after the other
    ("Thượng tá ThS. Đỗ Thị Tư", "Đỗ Thị Tư"),
])
def test_signer_after_a_rank_or_degree(written, name):
    text = f"BÁO CÁO\nKết quả\n\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\n\n{written}\n"
    assert header_of(text).signer == name


@pytest.mark.parametrize("subject_lines, title", [
    # OCR put the subject's wrapped part in a paragraph of its own: a blank line inside the subject
    ("V/v tăng cường kiểm tra, xử lý\n\nvi phạm nồng độ cồn\n\nKính gửi: Công an các huyện.",
     "V/v tăng cường kiểm tra, xử lý vi phạm nồng độ cồn"),
    # a subject that ends before a blank line, the body after it
    ("V/v báo cáo kết quả\n\nKính gửi: Sở Nội vụ.", "V/v báo cáo kết quả"),
    ("V/v báo cáo kết quả.\n\nthực hiện theo hướng dẫn", "V/v báo cáo kết quả."),
])
def test_subject_over_a_blank_line(subject_lines, title):
    text = f"CÔNG AN TỈNH KON TUM\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 905/PC08-TTr\tKon Tum, ngày 22 tháng 4 năm 2024\n{subject_lines}\n"
    assert header_of(text).title == title


@pytest.mark.parametrize("block, signer", [
    # a seal over the signature: its ring read as a lone mark, and as a quote glued to the name
    ("Nơi nhận:\tKT. CHỦ TỊCH\n- Như trên;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\t-\n\n\"Đỗ Văn Khải\n", "Đỗ Văn Khải"),
    ("Nơi nhận:\tGIÁM ĐỐC\n- Lưu: VT.\tXề\n\n“Lê Thị Hoa”\n", "Lê Thị Hoa"),
    ("Nơi nhận:\tGIÁM ĐỐC\nh là v\tPHÓ GIÁM ĐỐC\n- Lưu: VT.\n\nLê Thị Hoa\n", "Lê Thị Hoa"),
    ("Nơi nhận:\tGIÁM ĐỐC\n- Lưu: VT.\n\nKết quả thực hiện\n", None),   # prose: no name, not skipped
])
def test_signer_under_a_seal(block, signer):
    assert header_of(f"BÁO CÁO\nKết quả\n\n{block}").signer == signer


@pytest.mark.parametrize("after_list, signer", [
    ("\nTrần Nguyễn Minh Thành\n", "Trần Nguyễn Minh Thành"),      # the title lost under a stamp (scan)
    ("\nPHỤ LỤC I\nDanh mục\n", None),                             # capitals: a heading, not a name
    ("\nDanh mục các văn bản đã ban hành trong năm\n", None),       # prose, not a name
])
def test_signer_under_the_recipients_when_the_title_was_lost(after_list, signer):
    text = f"Số: 12/SGDĐT-CTrTT\nV/v bảo đảm an toàn giao thông\nNội dung.\nNơi nhận:\n- Như trên;\n" \
           f"_~UBND TP. Đà Nẵng:\n- Lưu: VT.\n{after_list}"
    header = header_of(text)
    assert (header.signer, header.signer_title) == (signer, None)


def test_subject_stops_at_a_numbered_note_read_into_its_line():
    text = "Số: 235/SGDĐT-CTrTT\tĐà Nẵng, ngày 31 tháng 5 năm 2019\n" \
           "V/v bảo đảm TTATGT cho HS, SV 1. Cô Hương gửi văn bản đến các đơn vị\ntrong dịp nghỉ hè\nKính gửi: X\n"
    assert header_of(text).title == "V/v bảo đảm TTATGT cho HS, SV"


# Tables of real examples beside the heading's regexes.
@pytest.mark.parametrize("pattern, text, matches", [
    ("AUTHORITY", "HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP", True),
    ("AUTHORITY", "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", True),
    ("AUTHORITY", "BỘ TRƯỞNG BỘ TÀI CHÍNH", True),
    ("AUTHORITY", "QUY CHẾ LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH", False),      # inside a title, after CỦA
    ("BODY_OPENING", "Căn cứ Luật Tổ chức chính quyền địa phương", True),
    ("BODY_OPENING", "Năm 2025, trong bối cảnh còn nhiều khó khăn", True),
    ("BODY_OPENING", "Ngày 10/6/2024, Chủ tịch UBND tỉnh chủ trì", True),
    ("BODY_OPENING", "Năm học 2024-2025", False),
    ("BODY_OPENING", "Theodore", False),
    ("SUBJECT_LINE", "V/v báo cáo kết quả", True),
    ("SUBJECT_LINE", "V/v: báo cáo kết quả", True),
    ("SUBJECT_LINE", "Số: 12/UBND-VP V/v báo cáo", True),                  # after the number on its line
    ("SUBJECT_LINE", "Báo cáo về việc thực hiện", False),
    ("SYMBOL_CUT", "Số: 312/BC-", True),
    ("SYMBOL_CUT", "Số: 64/2025/NQ-", True),
    ("SYMBOL_CUT", "Số: 312/BC-UBND", False),
    ("DATE_WITHOUT_YEAR", "An Giang, ngày 15 tháng 8", True),
    ("DATE_WITHOUT_YEAR", "Đồng Tháp, ngày 10 tháng 7 năm", True),
    ("DATE_WITHOUT_YEAR", "Đồng Tháp, ngày 10 tháng 7 năm 2025", False),
])
def test_heading_patterns(pattern, text, matches):
    assert bool(getattr(header_module, pattern).search(text)) == matches
