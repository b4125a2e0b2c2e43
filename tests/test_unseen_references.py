"""Citations and headers of reports written for this test, not taken from the seeds.

Each fixture in tests/data/unseen/ is a short administrative document in one of the
styles the pipeline meets (Quyết định and Nghị quyết with "Căn cứ …" lines, Tờ trình,
Công văn, a Party Kế hoạch, a Báo cáo of a Sở, a PDF-wrapped Báo cáo of a huyện).
The expected values were written by hand from reading the text: every mention of a
document with a number and symbol, in reading order, with the date of the document it
cites (None where the report never dates it). A report's own number quoted in an
appendix caption is not a citation. Named laws without a number ("Luật Giao dịch điện tử
năm 2023") are not citations either.
"""
from collections import Counter
from pathlib import Path

import pytest

from extractors.header import extract_header
from extractors.references import find_citations
from extractors.resolve import resolve
from extractors.text import Text
from pipeline.extract import extract

DATA = Path(__file__).parent / "data" / "unseen"

CITATIONS = {
    "qd_ubnd_tinh": [
        ("30/2020/NĐ-CP", "2020-03-05"),
        ("45/2020/NĐ-CP", "2020-04-08"),            # Nghị định without "số"
        ("01/2019/TT-BNV", "2019-01-24"),           # "ngày 24 tháng 01 năm 2019"
        ("28/2018/QĐ-TTg", "2018-07-12"),
        ("95/TTr-STTTT", "2023-08-02"),             # "tại Tờ trình số …"
        ("1275/QĐ-UBND", "2019-12-30"),
    ],
    "nq_hdnd_tinh": [
        ("163/2016/NĐ-CP", "2016-12-21"),
        ("03/2020/TT-BTTTT", "2020-02-24"),
        ("40/2017/TT-BTC", "2017-04-28"),
        ("48/TTr-UBND", "2023-04-03"),
        ("31/BC-HĐND", "2023-04-20"),               # "Báo cáo thẩm tra số …"
        ("10-CTr/TU", "2021-11-22"),                # Chương trình hành động
        ("749/QĐ-TTg", "2020-06-03"),
        ("03/2020/TT-BTTTT", "2020-02-24"),         # again, undated: joins the dated mention
        ("18/2017/NQ-HĐND", "2017-07-13"),
    ],
    "to_trinh_so": [
        ("102/KH-UBND", "2023-06-15"),
        ("30/2020/NĐ-CP", "2020-03-05"),            # undated here, dated further down
        ("01/2019/TT-BNV", None),                   # never dated in this report
        ("2150/VPUB-KGVX", "2023-07-20"),
        ("1275/QĐ-UBND", "2019-12-30"),
        ("1275/QĐ-UBND", "2019-12-30"),             # the alias note "(sau đây gọi tắt là Quyết định số 1275)"
        ("1275/QĐ-UBND", "2019-12-30"),             # the short form "Quyết định số 1275"
        ("30/2020/NĐ-CP", "2020-03-05"),
        ("28/2018/QĐ-TTg", "2018-07-12"),           # lower-case "quyết định số"
        ("1456/STTTT-CNTT", "2023-07-25"),          # "(văn bản số … ngày …)" in parentheses
    ],
    "cong_van_ubnd": [
        ("82/2024/NĐ-CP", "2024-02-10"),            # in the V/v line, undated there
        ("1520/BTC-NSNN", "2024-02-21"),
        ("82/2024/NĐ-CP", "2024-02-10"),
        ("455/SKHĐT-KTĐN", "2024-03-12"),
        ("35/2021/QĐ-UBND", "2021-07-15"),
        ("69/KH-UBND", "2023-05-09"),
        ("5678/UBND-KT", "2023-12-01"),
        ("5678/UBND-KT", "2023-12-01"),             # "(theo mẫu … kèm theo Công văn số 5678/UBND-KT)"
    ],
    "ke_hoach_tinh_uy": [
        ("57-KL/TW", "2023-06-15"),                 # title
        ("57-KL/TW", "2023-06-15"),                 # ", ngày 15-6-2023"
        ("57-KL/TW", "2023-06-15"),                 # alias note "(sau đây gọi tắt là Kết luận 57)"
        ("12-HD/BTGTW", "2023-07-20"),              # "ngày 20.7.2023"
        ("57-KL/TW", "2023-06-15"),                 # "Kết luận 57"
        ("36-NQ/TW", "2014-07-01"),                 # en dash "36–NQ/TW"
        ("05-CT/TW", "2016-05-15"),
        ("22-QĐ/TW", "2021-07-28"),
        ("128-KH/TU", "2019-04-12"),
        ("125-TB/TU", "2024-01-05"),                # "các Thông báo kết luận số 125-TB/TU, 126-TB/TU ngày …"
        ("126-TB/TU", "2024-01-05"),
        ("57-KL/TW", "2023-06-15"),                 # "Kết luận 57"
        ("72/2015/NĐ-CP", "2015-09-07"),
    ],
    "bao_cao_so_noi_vu": [
        ("3456/UBND-NC", "2023-10-02"),
        ("86/2015/QH13", None),                     # "Luật An toàn thông tin mạng số 86/2015/QH13"
        ("123/QĐ-UBND", "2023-02-10"),              # "các Quyết định số 123/QĐ-UBND, 124/QĐ-UBND ngày …"
        ("124/QĐ-UBND", "2023-02-10"),
        ("58/KH-UBND", "2023-03-22"),
        ("01/2011/TT-BNV", "2011-01-19"),
        ("30/2020/NĐ-CP", None),
        ("02/2019/TT-BNV", "2019-01-24"),           # lower-case "thông tư số", "24-01-2019"
        ("942/QĐ-TTg", "2021-06-15"),
        ("06/QĐ-TTg", "2022-01-06"),
        ("1562/QĐ-UBND", "2022-12-28"),             # OCR "Quyết đinh", in parentheses
        ("13/2023/NĐ-CP", "2023-04-17"),            # "nghị định số …", "17.4.2023"
        ("14/CT-TTg", "2019-06-07"),
        ("12/2022/TT-BTTTT", "2022-08-12"),         # OCR "sô"
        ("18/2022/NQ-HĐND", "2022-12-22"),          # "ngày 22 tháng 12 năm 2022"
        ("58/KH-UBND", "2023-03-22"),               # "(Kế hoạch số 58/KH-UBND đã đề ra …)"
    ],
    "bao_cao_huyen_pdf": [
        ("03-NQ/HU", "2021-08-10"),                 # title, wrapped after "của"
        ("112/KH-UBND", "2021-09-20"),
        ("03-NQ/HU", "2021-08-10"),
        ("845/UBND", "2024-05-25"),
        ("15/KH-UBND", "2022-01-24"),
        ("09/KH-UBND", "2023-01-18"),               # number wrapped onto the next line
        ("21/KH-UBND", "2024-01-30"),
        ("1880/QĐ-UBND", "2021-12-27"),             # date wrapped onto the next line
        ("411/QĐ-TTg", "2022-03-31"),
        ("52-NQ/TW", "2019-09-27"),                 # "Nghị quyết số" / "52-NQ/TW" across a wrap
        ("03-NQ/HU", "2021-08-10"),                 # short form "Nghị quyết số 03"
        ("03-NQ/HU", "2021-08-10"),
        ("411/QĐ-TTg", "2022-03-31"),               # "Quyết định 411/QĐ-TTg."
    ],
    "cong_van_scan_ocr": [
        ("1562/QĐ-UBND", "2022-12-28"),             # V/v line wrapped before its date
        ("1562/QĐ-UBND", "2022-12-28"),             # OCR "sổ", eth "QÐ", "ngầy"
        ("820/SNNPTNT", "2024-03-15"),              # listed numbers without a type code share the date
        ("821/SNNPTNT", "2024-03-15"),
        ("14-KL/HU", "2024-02-02"),                 # "14 - KL/HU"
        ("98/2018/NĐ-CP", "2018-07-05"),            # "98 /2018/NĐ-CP"
        ("07/NQ-HĐND", "2023-12-20"),               # "các Nghị quyết số 07/NQ-HĐND và 08/NQ-HĐND ngày …"
        ("08/NQ-HĐND", "2023-12-20"),
        ("12/2021/TT-BNNPTNT", None),
    ],
}

# (kind, type_code, number, symbol, year, title)
HEADERS = {
    "qd_ubnd_tinh": ("Quyết định", "QĐ", "812", "QĐ-UBND", 2023,
                     "Ban hành Quy chế quản lý, vận hành và khai thác Hệ thống quản lý văn bản và điều hành tỉnh Quảng Ngãi"),
    "nq_hdnd_tinh": ("Nghị quyết", "NQ", "05", "NQ-HĐND", 2023,
                     "Quy định mức chi hỗ trợ thực hiện nhiệm vụ chuyển đổi số trên địa bàn tỉnh Quảng Ngãi "
                     "giai đoạn 2023 - 2025"),
    "to_trinh_so": ("Tờ trình", "TTr", "95", "TTr-STTTT", 2023,
                    "Về việc ban hành Quy chế quản lý, vận hành và khai thác Hệ thống quản lý văn bản và điều hành "
                    "tỉnh Quảng Ngãi"),
    "cong_van_ubnd": ("Công văn", None, "1234", "UBND-KT", 2024,
                      "V/v triển khai thực hiện Nghị định số 82/2024/NĐ-CP của Chính phủ"),
    "ke_hoach_tinh_uy": ("Kế hoạch", "KH", "45", "KH/TU", 2024,
                         "thực hiện Kết luận số 57-KL/TW ngày 15/6/2023 của Bộ Chính trị về tiếp tục nâng cao "
                         "chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới"),
    "bao_cao_so_noi_vu": ("Báo cáo", "BC", "215", "BC-SNV", 2023,
                          "Kết quả thực hiện công tác văn thư, lưu trữ và bảo đảm an toàn thông tin năm 2023"),
    "bao_cao_huyen_pdf": ("Báo cáo", "BC", "87", "BC-UBND", 2024,
                          "Sơ kết 03 năm thực hiện Nghị quyết số 03-NQ/HU ngày 10/8/2021 của Ban Chấp hành Đảng bộ "
                          "huyện về phát triển kinh tế số"),
    "cong_van_scan_ocr": ("Công văn", None, "318", "UBND-NN", 2024,
                          "V/v triển khai thực hiện Quyết định số 1562/QĐ-UBND ngày 28/12/2022 của UBND tỉnh"),
}

# (signer_title, signer)
SIGNATURES = {
    "qd_ubnd_tinh": ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Trần Phước Hiền"),
    "nq_hdnd_tinh": ("CHỦ TỊCH", "Bùi Thị Quỳnh Vân"),
    "to_trinh_so": ("GIÁM ĐỐC", "Nguyễn Đăng Vĩnh"),
    "cong_van_ubnd": ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Trần Hoàng Tuấn"),
    "ke_hoach_tinh_uy": ("T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ THƯỜNG TRỰC", "Đặng Ngọc Dũng"),
    "bao_cao_so_noi_vu": ("GIÁM ĐỐC", "Phạm Tấn Hoàng"),
    "bao_cao_huyen_pdf": ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "Nguyễn Văn Quang"),
    "cong_van_scan_ocr": ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Lê Văn Bình"),
}


def extraction(name: str):
    return extract(Text.from_string((DATA / f"{name}.txt").read_text(encoding="utf-8")))


def mentions(name: str) -> Counter:
    """(ref, date) of every mention, dated as the document it was grouped into."""
    return Counter((doc.ref, doc.date) for doc in extraction(name).documents for _ in doc.mentions)


def test_every_fixture_has_expectations():
    assert sorted(p.stem for p in DATA.glob("*.txt")) == sorted(CITATIONS) == sorted(HEADERS) == sorted(SIGNATURES)


@pytest.mark.parametrize("name", sorted(CITATIONS))
def test_citations(name):
    found, expected = mentions(name), Counter(CITATIONS[name])
    assert (found - expected, expected - found) == (Counter(), Counter())


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header(name):
    h = extraction(name).header
    assert (h.kind, h.type_code, h.number, h.symbol, h.year, h.title) == HEADERS[name]


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature(name):
    h = extraction(name).header
    assert (h.signer_title, h.signer) == SIGNATURES[name]


# ---------------------------------------------------------------- the forms behind the fixes, one by one

def cited(s: str):
    return [(d.ref, d.date) for d in resolve(find_citations(Text.from_string(s), tables=[])) for _ in d.mentions]


@pytest.mark.parametrize("written, expected", [
    # a PDF or OCR space beside the "/" or "-" of a symbol
    ("Căn cứ Quyết định số 123 /QĐ-UBND ngày 10/02/2023.", [("123/QĐ-UBND", "2023-02-10")]),
    ("Căn cứ Quyết định số 123/ QĐ-UBND ngày 10/02/2023.", [("123/QĐ-UBND", "2023-02-10")]),
    ("Theo Nghị định số 98 /2018/NĐ-CP ngày 05/7/2018.", [("98/2018/NĐ-CP", "2018-07-05")]),
    ("Thực hiện Kết luận số 57 - KL/TW ngày 15/6/2023.", [("57-KL/TW", "2023-06-15")]),
    ("Thực hiện Kết luận số 57 -KL/TW ngày 15/6/2023.", [("57-KL/TW", "2023-06-15")]),
    # OCR: the tone on "số" and "ngày" slips; the eth "Ð" stands for "Đ"
    ("Căn cứ Công văn sổ 2150/VPUB-KGVX ngày 20/7/2023.", [("2150/VPUB-KGVX", "2023-07-20")]),
    ("Căn cứ Công văn sô 2150/VPUB-KGVX ngày 20/7/2023.", [("2150/VPUB-KGVX", "2023-07-20")]),
    ("Căn cứ Quyết định số 123/QĐ-UBND ngầy 10/02/2023.", [("123/QĐ-UBND", "2023-02-10")]),
    ("Căn cứ Nghị định số 30/2020/NÐ-CP ngày 05/3/2020.", [("30/2020/NĐ-CP", "2020-03-05")]),
    # numbers listed under one kind word: no type code needed, one date for all
    ("Thực hiện Công văn số 820/STTTT, 821/STTTT ngày 05/3/2024 của Sở.",
     [("820/STTTT", "2024-03-05"), ("821/STTTT", "2024-03-05")]),
    ("Căn cứ các Nghị quyết: số 01/NQ-HĐND, 02/NQ-HĐND ngày 11/02/2023 của HĐND tỉnh.",
     [("01/NQ-HĐND", "2023-02-11"), ("02/NQ-HĐND", "2023-02-11")]),
])
def test_reference_variants(written, expected):
    assert cited(written) == expected


@pytest.mark.parametrize("written, expected", [
    # each dated on its own: the later date is not shared back
    ("Căn cứ Quyết định số 123/QĐ-UBND ngày 10/02/2023; số 124/QĐ-UBND ngày 11/02/2023.",
     [("123/QĐ-UBND", "2023-02-10"), ("124/QĐ-UBND", "2023-02-11")]),
    # two full mentions, the first undated: its kind word is repeated, so it is not one list
    ("Căn cứ Quyết định số 123/QĐ-UBND và Quyết định số 124/QĐ-UBND ngày 11/02/2023.",
     [("123/QĐ-UBND", None), ("124/QĐ-UBND", "2023-02-11")]),
    # a number and symbol needs a capital after the slash: not "15 / 15 xã", "Quý II/2022"
    ("Đạt 15 / 15 xã trong Quý II/2022.", []),
    # "so" is a word of its own: without a number after it nothing is read
    ("Kế hoạch so với năm 2022 tăng 5%.", []),
])
def test_reference_variant_traps(written, expected):
    assert cited(written) == expected


@pytest.mark.parametrize("top, expected", [
    # the date in figures on the place line
    ("UBND TỈNH QUẢNG NGÃI\nSỞ Y TẾ\nSố: 12/KH-SYT\nQuảng Ngãi, ngày 05/01/2024\n\nKẾ HOẠCH\nTriển khai tiêm chủng năm 2024\n",
     ("Kế hoạch", "12", "KH-SYT", "2024-01-05", "Triển khai tiêm chủng năm 2024")),
    # the eth in the kind word and the symbol
    ("UBND TỈNH QUẢNG NGÃI\nSố: 12/QÐ-UBND\nQuảng Ngãi, ngày 05 tháng 01 năm 2024\n\nQUYẾT ÐỊNH\nVề việc thành lập Tổ công tác\n",
     ("Quyết định", "12", "QĐ-UBND", "2024-01-05", "Về việc thành lập Tổ công tác")),
    # a Party number with spaces around the hyphen
    ("TỈNH ỦY QUẢNG NGÃI\n*\nSố 12 - BC/TU\nQuảng Ngãi, ngày 05 tháng 01 năm 2024\nBÁO CÁO\nkết quả công tác năm 2023\n",
     ("Báo cáo", "12", "BC/TU", "2024-01-05", "kết quả công tác năm 2023")),
    # a V/v line that stops at a blank line
    ("UBND HUYỆN BÌNH SƠN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 456/VP-TH\tBình Sơn, ngày 10 tháng 01 năm 2024\n"
     "V/v báo cáo kết quả chuyển đổi số\n\nKính gửi: Các phòng, ban.\n",
     ("Công văn", "456", "VP-TH", "2024-01-10", "V/v báo cáo kết quả chuyển đổi số")),
])
def test_header_variants(top, expected):
    h = extract_header(Text.from_string(top))
    assert (h.kind, h.number, h.symbol, h.date, h.title) == expected
