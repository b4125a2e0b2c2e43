"""find_citations: the forms of document references in the seeds, the traps, and what is not a reference."""

import pytest

from extractors.models import Table
from extractors.references import document_columns, find_citations
from extractors.sections import SectionIndex
from extractors.text import Text


def cite(s: str):
    return find_citations(Text.from_string(s), tables=[])


# ---------------------------------------------------------------- full mentions in prose

FIELDS = ("doc_type", "type_code", "number", "symbol", "year_in_number", "date", "date_text", "issuer", "subject")


@pytest.mark.parametrize("sentence, expected", [
    ("Thực hiện Công văn số 2285/UBND-KGVX ngày 06/5/2024 của UBND tỉnh về việc xây dựng báo cáo tổng kết, "
     "UBND thị xã báo cáo như sau:",
     ("Công văn", None, "2285", "UBND-KGVX", None, "2024-05-06", "06/5/2024", "UBND tỉnh",
      "việc xây dựng báo cáo tổng kết")),
    ("Thực hiện nội dung Kế hoạch số 1690/KH-STTTT ngày 06/9/2023 của Sở Thông tin và Truyền thông tỉnh Quảng Ngãi "
     "kiểm tra thực hiện công tác chuyển đổi số các cơ quan nhà nước trên địa bàn tỉnh Quảng Ngãi, UBND thị xã báo cáo",
     ("Kế hoạch", "KH", "1690", "KH-STTTT", None, "2023-09-06", "06/9/2023",
      "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi",
      "kiểm tra thực hiện công tác chuyển đổi số các cơ quan nhà nước trên địa bàn tỉnh Quảng Ngãi")),
    ("(Quyết định 569/QĐ-UBND ngày 26/6/2023 của UBND tỉnh).",
     ("Quyết định", "QĐ", "569", "QĐ-UBND", None, "2023-06-26", "26/6/2023", "UBND tỉnh", None)),
    ("công khai thông tin đầy đủ theo quy định tại Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ quy định "
     "về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng.",
     ("Nghị định", "NĐ", "42", "NĐ-CP", 2022, "2022-06-24", "24/6/2022", "Chính phủ",
      "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng")),
    ("theo yêu cầu tại Nghị định 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ.",
     ("Nghị định", "NĐ", "45", "NĐ-CP", 2020, "2020-04-08", "08/4/2020", "Chính phủ", None)),
    ("Theo nội dung Công văn số 820/STTTT ngày 17/6/2022 của Sở Thông tin và Truyền thông tỉnh Quảng Ngãi về việc "
     "báo cáo tình hình thực hiện công tác Thông tin và Truyền thông, UBND thị xã báo cáo",
     ("Công văn", None, "820", "STTTT", None, "2022-06-17", "17/6/2022",
      "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi",
      "việc báo cáo tình hình thực hiện công tác Thông tin và Truyền thông")),
    ("Theo nội dung Công văn số 734/STTTT-BCVT&CNTT ngày 04/5/2023 của Sở Thông tin và Truyền thông tỉnh Quảng Ngãi "
     "về việc báo cáo kết quả, UBND thị xã Đức Phổ báo cáo",
     ("Công văn", None, "734", "STTTT-BCVT&CNTT", None, "2023-05-04", "04/5/2023",
      "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi", "việc báo cáo kết quả")),
    ("- Tiếp tục đẩy mạnh thực hiện Chỉ thị số 14/CT-TTg ngày 07/6/2019 của Thủ tướng Chính phủ về tăng cường bảo "
     "đảm an toàn, an ninh mạng. Triển khai các hoạt động giám sát",
     ("Chỉ thị", "CT", "14", "CT-TTg", None, "2019-06-07", "07/6/2019", "Thủ tướng Chính phủ",
      "tăng cường bảo đảm an toàn, an ninh mạng")),
    ("- Hướng dẫn số 01/VHTT ngày 12/01/2022 của Phòng Văn hóa và Thông tin thị xã ban hành Hướng dẫn Tuyên truyền "
     "về An toàn thực phẩm; phòng, chống buôn lậu",
     ("Hướng dẫn", "HD", "01", "VHTT", None, "2022-01-12", "12/01/2022", "Phòng Văn hóa và Thông tin thị xã",
      "ban hành Hướng dẫn Tuyên truyền về An toàn thực phẩm")),
    ("- Thông báo số 776/TB-UBND ngày 11/7/2023 của UBND thị xã Đức Phổ tổ chức tập huấn về công tác Chuyển đổi số "
     "trên địa bàn thị xã năm 2023.",
     ("Thông báo", "TB", "776", "TB-UBND", None, "2023-07-11", "11/7/2023", "UBND thị xã Đức Phổ",
      "tổ chức tập huấn về công tác Chuyển đổi số trên địa bàn thị xã năm 2023")),
    ("d) Tiếp tục đẩy mạnh thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ về Phê duyệt "
     "Đề án phát triển ứng dụng dữ liệu về dân cư",
     ("Quyết định", "QĐ", "06", "QĐ-TTg", None, "2022-01-06", "06/01/2022", "Thủ tướng Chính phủ",
      "Phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư")),
    ("- Quyết định số 3348/QĐ-UBND ngày 13/9/2022 của UBND thị xã Đức Phổ thành lập Ban Chỉ đạo Chuyển đổi số thị xã "
     "Đức Phổ.",
     ("Quyết định", "QĐ", "3348", "QĐ-UBND", None, "2022-09-13", "13/9/2022", "UBND thị xã Đức Phổ",
      "thành lập Ban Chỉ đạo Chuyển đổi số thị xã Đức Phổ")),
    ("- Kế hoạch số 1946/KH-UBND ngày 30/8/2021 của UBND thị xã về ứng dụng CNTT trong hoạt động của cơ quan nhà "
     "nước, phát triển chính quyền số và đảm bảo an toàn thông tin thị xã Đức Phổ năm 2022.",
     ("Kế hoạch", "KH", "1946", "KH-UBND", None, "2021-08-30", "30/8/2021", "UBND thị xã",
      "ứng dụng CNTT trong hoạt động của cơ quan nhà nước, phát triển chính quyền số và đảm bảo an toàn thông tin "
      "thị xã Đức Phổ năm 2022")),
    ("- Kế hoạch số 3160/KH-UBND ngày 02/11/2020 của UBND thị xã Đức Phổ truyền thông về thực hiện thủ tục hành "
     "chính trên môi trường điện tử trên địa bàn thị xã Đức Phổ.",
     ("Kế hoạch", "KH", "3160", "KH-UBND", None, "2020-11-02", "02/11/2020", "UBND thị xã Đức Phổ",
      "truyền thông về thực hiện thủ tục hành chính trên môi trường điện tử trên địa bàn thị xã Đức Phổ")),
    ("Thực hiện Chương trình hành động số 57-CTr/TU ngày 23/12/2014 của Ban Thường vụ Tỉnh ủy Quảng Ngãi thực hiện "
     "Nghị quyết về công nghệ thông tin; UBND thị xã đã chỉ đạo",
     ("Chương trình hành động", "CTr", "57", "CTr/TU", None, "2014-12-23", "23/12/2014",
      "Ban Thường vụ Tỉnh ủy Quảng Ngãi", "thực hiện Nghị quyết về công nghệ thông tin")),
    ("- Kế hoạch số 3306/KH-UBND ngày 14/11/2019 của UBND huyện Đức Phổ (nay là UBND thị xã Đức Phổ) về thực hiện "
     "chương trình.",
     ("Kế hoạch", "KH", "3306", "KH-UBND", None, "2019-11-14", "14/11/2019", "UBND huyện Đức Phổ",
      "thực hiện chương trình")),
    ("Căn cứ Quyết định số 1234/QĐ-UBND ngày 15 tháng 8 năm 2023 của Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi về "
     "việc phê duyệt kế hoạch;",
     ("Quyết định", "QĐ", "1234", "QĐ-UBND", None, "2023-08-15", "15 tháng 8 năm 2023",
      "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi", "việc phê duyệt kế hoạch")),
])
def test_full_mention(sentence, expected):
    (c,) = cite(sentence)
    assert tuple(getattr(c, f) for f in FIELDS) == expected
    assert not c.short_form and c.source == "text"


@pytest.mark.parametrize("sentence, issuer", [
    # term qualifiers are dropped, written in brackets or not
    ("Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị (Khóa XI) về đẩy mạnh ứng dụng", "Bộ Chính trị"),
    ("Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy khóa XX về chuyển đổi số", "Ban Thường vụ Tỉnh ủy"),
    # the next reference ends an issuer
    ("theo Quyết định số 468/QĐ-TTg ngày 27/3/2022 của Thủ tướng Chính phủ và Nghị định số 107/2021/NĐ-CP",
     "Thủ tướng Chính phủ"),
    # "và" + lower case ends it, "và" + capital is part of a name
    ("Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị và các văn bản hướng dẫn", "Bộ Chính trị"),
    ("Công văn số 42/VHTT ngày 29/4/2022 của Phòng Văn hóa và Thông tin thị xã về việc hướng dẫn",
     "Phòng Văn hóa và Thông tin thị xã"),
    ("Kế hoạch số 1914/KH-STTTT ngày 07/9/2023 của Sở Thông tin và Truyền thông, với trên 70 người",
     "Sở Thông tin và Truyền thông"),
    ("Kế hoạch số 158-KH/TU ngày 19/12/2023 của Ban Thường vụ Thị ủy Đức Phổ thực hiện Nghị quyết",
     "Ban Thường vụ Thị ủy Đức Phổ"),
    ("Kế hoạch số 1224/KH-UBND ngày 09/6/2022 của UBND thị xã Đức Phổ Triển khai thực hiện Đề án",
     "UBND thị xã Đức Phổ"),
    ("Chỉ thị số 16 của Ban Thường vụ Thị ủy, đồng thời", None),   # a short form with nothing to point back to
])
def test_issuer_ends(sentence, issuer):
    found = cite(sentence)
    assert (found[0].issuer if found else None) == issuer


@pytest.mark.parametrize("sentence, ref, date", [
    ("TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT SỐ 36-NQ/TW", "36-NQ/TW", None),               # upper-case heading
    ("theo tinh thần Nghị quyết 36-NQ/TW của Bộ Chính trị.", "36-NQ/TW", None),      # no "số"
    ("I. Kết quả thực hiện Chỉ thị 19-CT/TU ngày 18/5/2022 của Ban Thường vụ Tỉnh ủy", "19-CT/TU", "2022-05-18"),
    ("Theo Quyết định số 12/QĐ-UBND và 13/QĐ-UBND của UBND tỉnh.", "12/QĐ-UBND", None),
    ("Căn cứ Luật An toàn thông tin mạng số 86/2015/QH13 ngày 19/11/2015;", "86/2015/QH13", "2015-11-19"),
    ("Thực hiện Văn bản số 567/STTTT-CNTT ngày 02/3/2023 của Sở.", "567/STTTT-CNTT", "2023-03-02"),
    ("Văn bản số 12/QĐ-UBND ngày 5-6-2023.", "12/QĐ-UBND", "2023-06-05"),
])
def test_mention_forms(sentence, ref, date):
    c = cite(sentence)[0]
    assert (c.ref, c.date) == (ref, date)


def test_bare_number_after_a_mention_takes_its_kind():
    refs = [(c.ref, c.doc_type) for c in cite("Theo Quyết định số 12/QĐ-UBND và 13/QĐ-UBND của UBND tỉnh.")]
    assert refs == [("12/QĐ-UBND", "Quyết định"), ("13/QĐ-UBND", "Quyết định")]


def test_generic_word_yields_to_the_code():
    assert cite("Văn bản số 12/QĐ-UBND ngày 5-6-2023.")[0].doc_type == "Quyết định"
    assert cite("Thực hiện Văn bản số 567/STTTT-CNTT.")[0].doc_type == "Công văn"


def test_word_names_the_kind_even_when_the_code_differs():
    (c,) = cite("Công văn số 04/HD-VHTT ngày 10/3/2022 của Phòng Văn hóa và Thông tin thị xã Hướng dẫn tuyên truyền.")
    assert (c.doc_type, c.type_code) == ("Công văn", "HD")


def test_own_number_line_is_not_a_mention():
    assert cite("Số: 45/BC-UBND\nĐức Phổ, ngày 12 tháng 5 năm 2024") == []


# ---------------------------------------------------------------- not references

@pytest.mark.parametrize("sentence", [
    "Hạ tầng băng rộng cáp quang đã được phủ đến 15/15 xã, phường.",
    "mức độ 3 là 310/845, mức độ 4 là 740/865",
    "Tính đến 31/12/2023, đã cấp trên 130.141/131.749 CCCD, đạt 98,78%.",
    "Trung tâm Điều hành Thông minh IOC | Quý II/2022",
    "Phổ cập dịch vụ mạng di động 4G/5G.",
    "giai đoạn 2021-2025, định hướng đến năm 2030",
    "Tính đến cuối năm 2025, tỷ lệ đạt 65%.",
    "theo quy định tại Điều 25, 26 và 27 của Luật An toàn thông tin mạng.",
    "Công tác triển khai thực hiện Đề án 06 đạt những kết quả quan trọng.",
    "Kinh phí thực hiện Kế hoạch này từ ngân sách nhà nước.",
    "(Ban hành kèm theo Báo cáo số           /BC-UBND  ngày       tháng      năm 2023",
    "Tổng kinh phí dự kiến của Kế hoạch năm 2024 là 13.570 triệu đồng.",
    "chuyển đổi toàn bộ địa chỉ giao thức Internet thế hệ cũ (IPv4) sang IPv6",
    "phòng, chống dịch Covid-19 trên địa bàn",
])
def test_not_a_reference(sentence):
    assert cite(sentence) == []


# ---------------------------------------------------------------- nested references, short forms, aliases

def test_nested_reference_gives_two_mentions():
    c = cite("Thực hiện Công văn số 2285/UBND-KGVX ngày 06/5/2024 của UBND tỉnh về việc xây dựng báo cáo tổng kết "
             "10 năm thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị, UBND thị xã báo cáo")
    assert [(x.ref, x.date, x.issuer, x.subject) for x in c] == [
        ("2285/UBND-KGVX", "2024-05-06", "UBND tỉnh",
         "việc xây dựng báo cáo tổng kết 10 năm thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị"),
        ("36-NQ/TW", "2014-07-01", "Bộ Chính trị", None),
    ]


def test_subject_stops_before_a_coordinated_mention():
    c = cite("Thực hiện các mục tiêu tại Nghị định 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện thủ tục "
             "hành chính trên môi trường điện tử và Quyết định số 274/QĐ-TTg ngày 12/03/2019 của Thủ tướng Chính phủ "
             "về phê duyệt Đề án Cổng dịch vụ công quốc gia.")
    assert [(x.ref, x.subject) for x in c] == [
        ("61/2018/NĐ-CP", "thực hiện thủ tục hành chính trên môi trường điện tử"),
        ("274/QĐ-TTg", "phê duyệt Đề án Cổng dịch vụ công quốc gia"),
    ]


def test_short_form_points_back_to_the_full_mention():
    c = cite("Thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị.\n"
             "Quán triệt Nghị quyết số 36 với nhiều hình thức.")
    assert [(x.ref, x.date, x.short_form, x.text_as_written) for x in c] == [
        ("36-NQ/TW", "2014-07-01", False, "Nghị quyết số 36-NQ/TW ngày 01/7/2014"),
        ("36-NQ/TW", "2014-07-01", True, "Nghị quyết số 36"),
    ]


def test_alias_notes_and_their_short_forms():
    text = ("Quán triệt Nghị quyết số 13-NQ/TU và Chỉ thị số 16-CT/TU ngày 26/4/2023 của Ban Thường vụ Thị ủy về "
            "chuyển đổi số (sau đây viết tắt là Chỉ thị số 16) nhằm nâng cao nhận thức.\n"
            "Thực hiện các nhiệm vụ nêu trong Nghị quyết số 13 và Chỉ thị số 16, tạo sự chuyển biến.")
    c = cite(text)
    assert [(x.ref, x.short_form, x.line) for x in c] == [
        ("13-NQ/TU", False, 1), ("16-CT/TU", False, 1), ("16-CT/TU", True, 1),
        ("13-NQ/TU", True, 2), ("16-CT/TU", True, 2),
    ]
    assert c[1].subject == "chuyển đổi số"       # the alias note ends the subject
    assert c[4].date == "2023-04-26"              # filled from the full mention


def test_alias_with_its_own_name():
    c = cite("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị (sau đây gọi tắt là Nghị quyết 52) đề ra.\n"
             "Thực hiện Nghị quyết 52, các cơ quan phải làm tốt.")
    assert [(x.ref, x.short_form) for x in c] == [("52-NQ/TW", False), ("52-NQ/TW", True), ("52-NQ/TW", True)]


def test_short_form_of_another_kind_does_not_point_back():
    c = cite("Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ.\nThực hiện Đề án 06 trên địa bàn.")
    assert [x.ref for x in c] == ["06/QĐ-TTg"]


# ---------------------------------------------------------------- hard-wrapped PDF text

# A page as a PDF's text layer gives it, wrapped at the page width (written for the rule: every kind
# of break inside a mention, at about 75 characters a line).
WRAPPED = """Thực hiện Kế hoạch số 1914/KH-STTTT ngày
07/9/2023 của Sở Thông tin và Truyền thông, Ủy ban nhân dân thị xã đã tổ
chức kiểm tra, rà soát toàn bộ hệ thống thông tin của các cơ quan, đơn vị
trên địa bàn và chỉ đạo khắc phục ngay các điểm yếu, lỗ hổng đã phát hiện
theo đúng hướng dẫn (Quyết
định số 3381/QĐ-UBND ngày 07/10/2022 của UBND thị xã Đức Phổ). Đồng thời
đề nghị Sở Thông tin và Truyền thông hỗ trợ việc đánh giá an toàn của Sở
Thông tin và Truyền thông tỉnh Quảng Ngãi kiểm tra theo kế hoạch năm nay
và các năm tiếp theo để bảo đảm an toàn thông tin mạng trên địa bàn thị xã
(Quyết định số 7596/QĐ-UBND
ngày 28/12/2022) đã được triển khai đầy đủ tại các xã, phường trên địa bàn
thị xã, kết quả được tổng hợp báo cáo Ủy ban nhân dân tỉnh theo quy định."""


def test_reference_split_over_lines():
    text = Text.from_string(WRAPPED)
    by_line = {c.line: c for c in find_citations(text, tables=[])}
    # "Kế hoạch số 1914/KH-STTTT ngày" / "07/9/2023 của Sở Thông tin và Truyền thông, …"
    assert (by_line[1].ref, by_line[1].date, by_line[1].date_text, by_line[1].issuer) == (
        "1914/KH-STTTT", "2023-09-07", "07/9/2023", "Sở Thông tin và Truyền thông")
    # "(Quyết" / "định số 3381/QĐ-UBND ngày 07/10/2022 của UBND thị xã Đức Phổ)."
    assert (by_line[5].doc_type, by_line[5].ref, by_line[5].issuer) == (
        "Quyết định", "3381/QĐ-UBND", "UBND thị xã Đức Phổ")
    # "(Quyết định số 7596/QĐ-UBND" / "ngày 28/12/2022)"
    assert (by_line[10].ref, by_line[10].date, by_line[10].issuer) == ("7596/QĐ-UBND", "2022-12-28", None)
    assert by_line[10].page is None and "Quyết định số 7596/QĐ-UBND ngày 28/12/2022" in by_line[10].context
    assert sorted(by_line) == [1, 5, 10]


def test_issuer_split_over_lines():
    # "của Sở" / "Thông tin và Truyền thông tỉnh Quảng Ngãi kiểm tra …": the issuer goes on after the break
    text = Text.from_string(WRAPPED.replace("đánh giá an toàn của Sở", "đánh giá theo Kế hoạch số 12/KH-STTTT của Sở"))
    (c,) = [c for c in find_citations(text, tables=[]) if c.ref == "12/KH-STTTT"]
    assert c.issuer == "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"


def test_section_of_a_mention():
    text = Text.from_string("II. KẾT QUẢ THỰC HIỆN\n1. Chuyển đổi số\na) Nhận thức số\nĐã tuyên truyền.\n"
                            "b) Xây dựng hạ tầng chuyển đổi số\nThực hiện Chỉ thị số 14/CT-TTg ngày 07/6/2019 "
                            "của Thủ tướng Chính phủ, đã lắp đặt 15 trạm BTS.")
    (c,) = find_citations(text, SectionIndex(text))
    assert c.section == "II. KẾT QUẢ THỰC HIỆN > 1. Chuyển đổi số > b) Xây dựng hạ tầng chuyển đổi số"


# ---------------------------------------------------------------- tables of documents

def doc_table(rows, row_lines=None, header=None):
    header = header or ["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung"]
    row_lines = row_lines or list(range(2, 2 + len(rows)))
    return Table(title="PHỤ LỤC I", kind="document_list", header=header, rows=rows,
                 first_line=1, last_line=row_lines[-1], row_lines=row_lines)


def table_text(table: Table) -> Text:
    lines = ["\t".join(table.header)] + ["\t".join(r) for r in table.rows]
    return Text.from_string("\n".join(lines))


def test_document_table_rows():
    table = doc_table([
        ["1", "2151/KH-UBND", "01/10/2015", "UBND huyện Đức Phổ", "Về việc ứng dụng CNTT giai đoạn 2016-2020"],
        ["3", "2254/KH-UBND", "01-08-2019", "UBND huyện Đức Phổ", "Đầu tư ứng dụng công nghệ thông tin năm 2020"],
        ["19", "16-CT/TU", "26/4/2023", "Thị ủy Đức Phổ", "Tăng cường sự lãnh đạo của Đảng"],
        ["20", "158-KH/TU", "19/12/2023", "Thị ủy Đức Phổ",
         "Thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy về tăng cường sự lãnh đạo"],
        ["Các kế hoạch ứng dụng CNTT hàng năm trên địa bàn", "", "", "", ""],
    ])
    c = find_citations(table_text(table), tables=[table])
    assert [(x.ref, x.doc_type, x.date, x.date_text, x.issuer, x.line, x.source) for x in c] == [
        ("2151/KH-UBND", "Kế hoạch", "2015-10-01", "01/10/2015", "UBND huyện Đức Phổ", 2, "table"),
        ("2254/KH-UBND", "Kế hoạch", "2019-08-01", "01-08-2019", "UBND huyện Đức Phổ", 3, "table"),  # day first
        ("16-CT/TU", "Chỉ thị", "2023-04-26", "26/4/2023", "Thị ủy Đức Phổ", 4, "table"),
        ("158-KH/TU", "Kế hoạch", "2023-12-19", "19/12/2023", "Thị ủy Đức Phổ", 5, "table"),
        ("13-NQ/TU", "Nghị quyết", "2023-09-06", "06/9/2023", "Ban Thường vụ Tỉnh ủy", 5, "table"),  # nested
    ]
    assert c[0].subject == "Về việc ứng dụng CNTT giai đoạn 2016-2020"
    assert c[4].subject == "tăng cường sự lãnh đạo"
    assert c[0].context == "1 | 2151/KH-UBND | 01/10/2015 | UBND huyện Đức Phổ | Về việc ứng dụng CNTT giai đoạn 2016-2020"


def test_table_rows_are_not_read_again_as_prose():
    table = doc_table([["1", "2151/KH-UBND", "01/10/2015", "UBND huyện Đức Phổ", "Về việc ứng dụng CNTT"]])
    assert [c.source for c in find_citations(table_text(table), tables=[table])] == ["table"]


def test_number_and_date_in_one_column():
    header = ["STT", "Số, ký hiệu, ngày tháng văn bản", "Trích yếu"]
    table = doc_table([["1", "Quyết định số 12/QĐ-UBND ngày 05/01/2023", "Về việc thành lập Tổ"]], header=header)
    (c,) = find_citations(table_text(table), tables=[table])
    assert (c.ref, c.doc_type, c.date, c.subject) == ("12/QĐ-UBND", "Quyết định", "2023-01-05", "Về việc thành lập Tổ")


@pytest.mark.parametrize("header, is_list", [
    (["TT", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung"], True),
    (["STT", "Số, ký hiệu văn bản", "Ngày, tháng", "Trích yếu"], True),
    (["TT", "Nội dung/Nhiệm vụ/Dự án", "Kinh phí", "Ghi chú"], False),
    (["TT", "Nội dung/Nhiệm vụ/Dự án", "Tổng mức đầu tư", "Nguồn vốn đầu tư", "Địa điểm xây dựng"], False),
])
def test_document_columns(header, is_list):
    assert (document_columns(header) is not None) is is_list


# ---------------------------------------------------------------- a whole report

# Each kind of mention once or more: the title, the body, a footnote, a short form ("Nghị quyết 36"),
# a mention without an issuer, a document table; the report's own "Số: 45/BC-UBND" is none.
REPORT = "\n".join([
    "UBND HUYỆN SƠN TỊNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Số: 45/BC-UBND\tSơn Tịnh, ngày 10 tháng 3 năm 2024",
    "BÁO CÁO",
    "Kết quả thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị",
    "",
    "Thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị và Kế hoạch số 12/KH-UBND ngày 05/01/2021 của UBND huyện Sơn Tịnh[1], UBND huyện báo cáo như sau:",
    "[1] Kế hoạch số 12/KH-UBND ngày 05/01/2021 của UBND huyện Sơn Tịnh về ứng dụng CNTT.",
    "1. Sau 10 năm thực hiện Nghị quyết 36, huyện đã ban hành Quyết định số 45/QĐ-UBND ngày 10/3/2022 thành lập Tổ công nghệ số và Công văn số 606/UBND ngày 02/4/2023 hướng dẫn triển khai.",
    "2. Theo Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ, 100% thủ tục được cung cấp trực tuyến.",
    "",
    "PHỤ LỤC I",
    "TT\tSố ký hiệu\tNgày ban hành\tCơ quan ban hành\tTrích yếu nội dung",
    "1\t12/KH-UBND\t05/01/2021\tUBND huyện Sơn Tịnh\tVề ứng dụng CNTT",
    "2\t45/QĐ-UBND\t10/3/2022\tUBND huyện Sơn Tịnh\tThành lập Tổ công nghệ số cộng đồng",
])


def test_every_mention_of_a_report():
    found = find_citations(Text.from_string(REPORT))
    assert [(c.line, c.ref, c.source, c.short_form) for c in found] == [
        (4, "36-NQ/TW", "text", False),
        (6, "36-NQ/TW", "text", False),
        (6, "12/KH-UBND", "text", False),
        (7, "12/KH-UBND", "text", False),              # the footnote
        (8, "36-NQ/TW", "text", True),                 # "Nghị quyết 36"
        (8, "45/QĐ-UBND", "text", False),
        (8, "606/UBND", "text", False),
        (9, "42/2022/NĐ-CP", "text", False),
        (13, "12/KH-UBND", "table", False),
        (14, "45/QĐ-UBND", "table", False),
    ]
    assert [(c.doc_type, c.date, c.issuer) for c in found if c.line == 8] == [
        ("Nghị quyết", "2014-07-01", None), ("Quyết định", "2022-03-10", None), ("Công văn", "2023-04-02", None)]


@pytest.mark.parametrize("sentence, ref, doc_type", [
    ("Thực hiện CV số 12/UBND ngày 05/01/2023 của UBND tỉnh.", "12/UBND", "Công văn"),   # code written as the word
    ("theo QĐ số 99/QĐ-UBND ngày 01/01/2023", "99/QĐ-UBND", "Quyết định"),
    ("Quyết định sô 99/QĐ-UBND ngày 01/01/2023", "99/QĐ-UBND", "Quyết định"),           # OCR "sô": bare number
    ("Nghị quyết số 36–NQ/TW ngày 01/7/2014", "36-NQ/TW", "Nghị quyết"),                 # en dash
])
def test_unusual_spellings(sentence, ref, doc_type):
    c = cite(sentence)[0]
    assert (c.ref, c.doc_type) == (ref, doc_type)


def test_own_number_after_other_heading_text():
    assert cite("UBND THỊ XÃ ĐỨC PHỔ Số: 45/BC-UBND Đức Phổ, ngày 12 tháng 5 năm 2024") == []


def test_lower_case_kind_word_in_running_text_does_not_name_a_bare_number():
    # OCR of a table without TABs: "… giáo dục pháp luật giai đoạn 2019-2021" then the next row's number
    (c,) = cite("phổ biến, giáo dục pháp luật giai đoạn 2019-2021 trên địa bàn 5 3918/KH-UBND 31/12/2020")
    assert (c.ref, c.doc_type, c.date) == ("3918/KH-UBND", "Kế hoạch", "2020-12-31")


def test_ocr_debris_in_table_cells():
    table = doc_table([
        ["2", "876/KH-UBND", "| 28/4/2016", "UBND huyện Đức Phổ |_", "Về việc xây dựng chính quyền điện tử"],
        ["11", "Ï2339/KH-UBND", "13/10/2022", "UBND thị xã Đức Phố", "Phát triển Chính quyền điện tử"],
        ["20", "[ 158-KH/TU", "| 19/12/2023", "Thị ủy Đức Phổ", "Thực hiện Nghị quyết"],
    ])
    c = find_citations(table_text(table), tables=[table])
    assert [(x.ref, x.date, x.issuer, x.issuer_normalized) for x in c] == [
        ("876/KH-UBND", "2016-04-28", "UBND huyện Đức Phổ", "UBND huyện Đức Phổ"),
        ("2339/KH-UBND", "2022-10-13", "UBND thị xã Đức Phố", "UBND thị xã Đức Phổ"),
        ("158-KH/TU", "2023-12-19", "Thị ủy Đức Phổ", "Thị ủy Đức Phổ"),
    ]


def test_rows_run_together_give_one_mention_per_number():
    # An OCR'd repeated header swallowed two rows: numbers and dates pair up in order.
    table = doc_table([
        ["1", "Số ký hiệu 3909/KH-UBND 1946/KH-UBND", "Ngày ban hành 31/12/2020 30/8/2021", "UBND thị xã", "…"],
    ])
    c = find_citations(table_text(table), tables=[table])
    assert [(x.ref, x.date, x.text_as_written) for x in c] == [
        ("3909/KH-UBND", "2020-12-31", "3909/KH-UBND"), ("1946/KH-UBND", "2021-08-30", "1946/KH-UBND")]


def test_rows_run_together_with_a_garbled_number_leave_dates_unpaired():
    table = doc_table([
        ["1", "3909/KH-UBND 3SSEH-DBNB 1946/KH-UBND", "31/12/2020 18/9/2020 30/8/2021", "UBND thị xã", "…"],
    ])
    c = find_citations(table_text(table), tables=[table])
    assert [(x.ref, x.date) for x in c] == [("3909/KH-UBND", None), ("1946/KH-UBND", None)]


def test_type_word_with_an_ocr_slip_is_still_a_reference():
    # A Công văn's symbol has no type code, so only its type word makes "820/STTTT" a reference.
    text = Text.from_string("Theo Công vãn số 820/STTTT ngày 17/6/2022 của Sở Thông tin và Truyền thông.")
    [c] = find_citations(text)
    assert (c.doc_type, c.number, c.symbol, c.date) == ("Công văn", "820", "STTTT", "2022-06-17")


@pytest.mark.parametrize("text, date, issuer, subject", [
    # a footnote's mark, as the loaders write it, inside a mention
    ("Thực hiện Kế hoạch số 12/KH-UBND[1] ngày 05/01/2024 của UBND tỉnh.", "2024-01-05", "UBND tỉnh", None),
    ("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024[2] của UBND tỉnh về chuyển đổi số.",
     "2024-01-05", "UBND tỉnh", "chuyển đổi số"),
    ("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh[1] về chuyển đổi số.",
     "2024-01-05", "UBND tỉnh", "chuyển đổi số"),
    ("Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh về chuyển đổi số[3], cụ thể:",
     "2024-01-05", "UBND tỉnh", "chuyển đổi số"),
])
def test_a_footnote_mark_does_not_cut_a_mention(text, date, issuer, subject):
    from pipeline.extract import extract

    (citation,) = extract(Text.from_string(text)).citations
    assert (citation.ref, citation.date, citation.issuer, citation.subject) == ("12/KH-UBND", date, issuer, subject)
