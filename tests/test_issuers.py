"""Issuers: the one normaliser for the report's own issuer and for cited documents' issuers."""
import pytest

from extractors.cited_issuers import read_issuer
from extractors.issuers import best_issuer, issuer_from_heading, issuer_key, normalize_issuer
from extractors.references import find_citations
from extractors.text import Text


@pytest.mark.parametrize("written, normalized", [
    # a heading in capitals
    ("ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỔ", "UBND thị xã Đức Phổ"),
    ("UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "UBND tỉnh Quảng Ngãi"),
    ("HỘI ĐỒNG NHÂN DÂN HUYỆN BÌNH SƠN", "HĐND huyện Bình Sơn"),
    ("THỊ ỦY ĐỨC PHỔ", "Thị ủy Đức Phổ"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG", "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"),
    ("SỞ CÔNG THƯƠNG TỈNH LÂM ĐỒNG", "Sở Công Thương tỉnh Lâm Đồng"),      # a known name keeps its capitals
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH HUYỆN SƠN TÂY", "Phòng Tài chính - Kế hoạch huyện Sơn Tây"),
    ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ TỈNH GIA LAI", "Ban Chỉ đạo chuyển đổi số tỉnh Gia Lai"),   # named by its task
    ("TRƯỜNG THCS TỊNH HÒA", "Trường THCS Tịnh Hòa"),       # "TỊNH" is no level ("TỈNH"); a school's name
    ("UBND XÃ TỊNH KỲ", "UBND xã Tịnh Kỳ"),
    ("ỦY BAN NHÂN**\nDÂN** TỈNH ĐỒNG THÁP", "UBND tỉnh Đồng Tháp"),     # crawled: wrapped, emphasis marks
    # running text, as citations write it
    ("Ủy ban nhân dân thị xã Đức Phổ", "UBND thị xã Đức Phổ"),
    ("Uỷ ban nhân dân tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
    ("UBND Thị xã Đức Phồ", "UBND thị xã Đức Phổ"),       # capital level and a tone-mark slip
    ("UBND TP. Hồ Chí Minh", "UBND thành phố Hồ Chí Minh"),
    ("UBND thành phố Hồ Chí", "UBND thành phố Hồ Chí Minh"),   # a place cut by a line break, completed
    ("UBND tỉnh Quảng", "UBND tỉnh Quảng"),                     # ambiguous (Quảng Ngãi, Quảng Nam …): as is
    ("Hội đồng nhân dân tỉnh", "HĐND tỉnh"),
    ("Bộ Chính trị (Khóa XI)", "Bộ Chính trị"),
    ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
    ("", None),
    (None, None),
])
def test_normalize_issuer(written, normalized):
    assert normalize_issuer(written) == normalized


@pytest.mark.parametrize("a, b", [
    ("Ủy ban nhân dân thị xã Đức Phổ", "UBND thị xã Đức Phồ"),
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "UBND tỉnh Lâm Đồng"),
    ("UBND TP. Hồ Chí Minh", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("Sở Thông tin và Truyền thông tỉnh Quảng Ngãi", "STTTT tỉnh Quảng Ngãi"),   # an abbreviation spelled out
    ("Sở GD&ĐT tỉnh Lâm Đồng", "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng"),
])
def test_issuer_key_is_the_same_for_every_spelling(a, b):
    assert issuer_key(a) == issuer_key(b)


def test_issuer_key_value():
    assert issuer_key("Ủy ban nhân dân thị xã Đức Phổ") == "ubnd thi xa duc pho"
    assert issuer_key("Sở Thông tin và Truyền thông") == "stttt"


def test_search_compares_issuers_by_the_same_key():
    import pipeline.search
    from pipeline.search import rank, sql

    assert rank.issuer_key is issuer_key and sql.issuer_key is issuer_key and pipeline.search.issuer_key is issuer_key


def test_a_more_complete_form_is_kept_even_where_abbreviations_would_merge_it():
    # "thành phố Hồ Chí Minh" shortens to one token in the key; the place it adds still counts
    assert best_issuer(["UBND thành phố", "UBND thành phố Hồ Chí Minh", "UBND thành phố"]) == "UBND thành phố Hồ Chí Minh"


@pytest.mark.parametrize("lines, issuer", [
    (["ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỔ"], "UBND thị xã Đức Phổ"),                  # one body, two lines
    (["ỦY BAN NHÂN", "DÂN", "TỈNH ĐỒNG THÁP"], "UBND tỉnh Đồng Tháp"),                # hard-wrapped
    (["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Lâm Đồng"),                 # parent's place
    (["UBND TỈNH LÂM ĐỒNG SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Lâm Đồng"),                    # the same, flattened
    (["UBND TỈNH KHÁNH HÒA", "TRUNG TÂM XÚC TIẾN ĐẦU TƯ", "THƯƠNG MẠI VÀ DU LỊCH"],
     "Trung tâm Xúc tiến đầu tư thương mại và Du lịch tỉnh Khánh Hòa"),              # a name over two lines
    (["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "THỊ ỦY ĐỨC PHỔ"], "Thị ủy Đức Phổ"),                # a place of its own
    (["TỈNH ỦY BÌNH ĐỊNH", "BAN TUYÊN GIÁO"], "Ban Tuyên giáo Tỉnh ủy Bình Định"),
    (["BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN"], "Công an tỉnh Nghệ An"),
    (["UBND TỈNH BÌNH ĐỊNH", "VĂN PHÒNG"], "Văn phòng UBND tỉnh Bình Định"),            # the council's office
    (["UBND TỈNH BÌNH ĐỊNH", "THANH TRA"], "Thanh tra tỉnh Bình Định"),
    (["HĐND TỈNH ĐỒNG THÁP", "BAN PHÁP CHẾ"], "Ban Pháp chế HĐND tỉnh Đồng Tháp"),      # a board of the council
    (["HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP", "BAN KINH TẾ - NGÂN SÁCH"],
     "Ban Kinh tế - Ngân sách HĐND tỉnh Đồng Tháp"),
    (["UBND TP. HỒ CHÍ MINH", "SỞ NỘI VỤ"], "Sở Nội vụ thành phố Hồ Chí Minh"),
    ([], None),
])
def test_issuer_from_heading(lines, issuer):
    assert issuer_from_heading(lines) == issuer


@pytest.mark.parametrize("sentence, issuer", [
    ("theo Luật số 12/2025/QH15 của Quốc hội khoảng 110 tỷ đồng", "Quốc hội"),
    ("Thông báo số 5/TB-VPCP ngày 3/1/2025 của Văn phòng Chính phủ Kết luận Phiên họp Chính phủ",
     "Văn phòng Chính phủ"),
    ("Kết luận số 132-KL/TW của Bộ Chính trị ngày 18/3/2025 về tiếp tục", "Bộ Chính trị"),
    ("Công văn số 14/SNV-CCHC ngày 22/8/2025 của Sở Nội vụ để các cơ quan triển khai", "Sở Nội vụ"),
    ("Nghị định số 52/2015/NĐ-CP của Chính phủ cơ sở dữ liệu quốc gia", "Chính phủ"),
    ("Nghị định số 42/2010/NĐ-CP của Chính phủ Quy định chi tiết", "Chính phủ"),
    ("Quyết định số 12/QĐ-UBND ngày 3/1/2025 của UBND TP. Hồ Chí Minh về việc", "UBND TP. Hồ Chí Minh"),
    ("Quyết định số 7/QĐ-UBND của Chủ tịch Ủy ban nhân dân tỉnh về việc", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Kế hoạch số 1690/KH-STTTT của Sở Thông tin và Truyền thông tỉnh Quảng Ngãi về", 
     "Sở Thông tin và Truyền thông tỉnh Quảng Ngãi"),
])
def test_cited_issuer_ends_where_the_issuer_ends(sentence, issuer):
    (citation,) = find_citations(Text.from_string(sentence))
    assert citation.issuer == issuer


def test_cited_issuer_keeps_the_date_after_it():
    (citation,) = find_citations(Text.from_string("Thực hiện Kết luận số 132-KL/TW của Bộ Chính trị ngày 18/3/2025 về X."))
    assert (citation.issuer, citation.date) == ("Bộ Chính trị", "2025-03-18")


def test_read_issuer_returns_where_it_ends():
    text = "của Quốc hội (Khóa XV) khoảng"
    assert read_issuer(text, 4, len(text)) == ("Quốc hội", len("của Quốc hội (Khóa XV)"))


@pytest.mark.parametrize("issuers, best", [
    (["UBND tỉnh", "UBND tỉnh", "UBND tỉnh Quảng Ngãi"], "UBND tỉnh Quảng Ngãi"),   # most complete
    (["Chính phủ", "Chính phủ", "Bộ Tài chính"], "Chính phủ"),                         # most often seen
    (["Chính phủ", "Chính phủ", "Chính phủ Quy định chi tiết"], "Chính phủ"),           # a run-on is no completion
    (["Thị ủy", "Thị ủy Đức Phổ"], "Thị ủy Đức Phổ"),                                   # the place added
    (["Bộ Nội vụ", None], "Bộ Nội vụ"),
    ([None], None),
])
def test_best_issuer(issuers, best):
    assert best_issuer(issuers) == best
