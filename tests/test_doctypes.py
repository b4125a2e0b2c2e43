"""Document kinds and their codes (Nghị định 30/2020/NĐ-CP Phụ lục III, legal and Party documents)."""
import pytest

from extractors.doctypes import (
    DOC_TYPES,
    correct_type_words,
    canonical_code,
    is_type_code,
    type_for_code,
    type_for_word,
)


@pytest.mark.parametrize("code, system, name", [
    ("NQ", "state", "Nghị quyết"),
    ("QĐ", "state", "Quyết định"),
    ("CT", "state", "Chỉ thị"),
    ("QC", "state", "Quy chế"),
    ("QyĐ", "state", "Quy định"),
    ("QYĐ", "state", "Quy định"),        # upper-case spelling
    ("TB", "state", "Thông báo"),
    ("HD", "state", "Hướng dẫn"),
    ("CTr", "state", "Chương trình"),
    ("KH", "state", "Kế hoạch"),
    ("PA", "state", "Phương án"),
    ("ĐA", "state", "Đề án"),
    ("DA", "state", "Dự án"),
    ("BC", "state", "Báo cáo"),
    ("BB", "state", "Biên bản"),
    ("TTr", "state", "Tờ trình"),
    ("HĐ", "state", "Hợp đồng"),
    ("CĐ", "state", "Công điện"),
    ("BGN", "state", "Bản ghi nhớ"),
    ("BTT", "state", "Bản thỏa thuận"),
    ("GUQ", "state", "Giấy ủy quyền"),
    ("GM", "state", "Giấy mời"),
    ("GGT", "state", "Giấy giới thiệu"),
    ("GNP", "state", "Giấy nghỉ phép"),
    ("PG", "state", "Phiếu gửi"),
    ("PC", "state", "Phiếu chuyển"),
    ("PB", "state", "Phiếu báo"),
    ("NĐ", "state", "Nghị định"),
    ("TT", "state", "Thông tư"),
    ("TTLT", "state", "Thông tư liên tịch"),
    ("PL", "state", "Pháp lệnh"),
    # Party codes: same letters, different kinds where the systems differ
    ("NQ", "party", "Nghị quyết"),
    ("KL", "party", "Kết luận"),
    ("QĐi", "party", "Quy định"),
    ("TT", "party", "Thông tri"),
    ("CV", "party", "Công văn"),
    ("KH", "party", "Kế hoạch"),
    ("CTr", "party", "Chương trình"),
])
def test_type_for_code(code, system, name):
    assert type_for_code(code, system).name == name


@pytest.mark.parametrize("word, name", [
    ("Kế hoạch", "Kế hoạch"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
    ("Chương trình  hành động", "Chương trình hành động"),
    ("Thông báo kết luận", "Thông báo"),
    ("Văn bản", "Công văn"),
    ("Điều", None),
    ("Phụ lục", "Phụ lục"),           # an appendix filed as a document of its own (issue 13)
    ("THUYẾT MINH", "Thuyết minh"),
    (None, None),
])
def test_type_for_word(word, name):
    found = type_for_word(word)
    assert (found.name if found else None) == name


@pytest.mark.parametrize("code, known", [
    ("KH", True), ("NQ", True), ("CTr", True), ("QĐ", True), ("NĐ", True),
    ("UBND", False), ("STTTT", False), ("VHTT", False), ("TW", False), (None, False),
])
def test_is_type_code(code, known):
    assert is_type_code(code) is known


def test_canonical_code():
    assert canonical_code("QYĐ") == "QyĐ"
    assert canonical_code("KH") == "KH"


def test_every_state_code_names_its_own_kind():
    for doc_type in DOC_TYPES:
        if doc_type.code and "state" in doc_type.systems and doc_type.code != "L" and doc_type.name != "Chương trình hành động":
            assert type_for_code(doc_type.code, "state").name == doc_type.name
            assert type_for_word(doc_type.name).code == doc_type.code


@pytest.mark.parametrize(
    "written, corrected",
    [
        ("KÉ HOẠCH SỐ 3225/KH-UBND", "KẾ HOẠCH SỐ 3225/KH-UBND"),      # OCR: tone mark on a circumflex letter
        ("Quyêt định số 569/QĐ-UBND", "Quyết định số 569/QĐ-UBND"),
        ("NGHI QUYET 36-NQ/TW", "NGHỊ QUYẾT 36-NQ/TW"),                # typed without diacritics
        ("các kế hoạch", "các kế hoạch"),                              # correct already: case kept
        ("ke hoachs", "ke hoachs"),                                    # not a whole word
    ],
)
def test_correct_type_words(written, corrected):
    assert correct_type_words(written) == corrected
