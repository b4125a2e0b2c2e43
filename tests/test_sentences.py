"""The one sentence splitter (extractors.sentences)."""
import pytest

from extractors.sentences import LOOSE_SENTENCE_END, SENTENCE_END, sentence_at


@pytest.mark.parametrize("text, word, sentence", [
    ("Đã họp. UBND TP. Hồ Chí Minh ban hành Kế hoạch. Sau đó triển khai.", "Kế hoạch",
     "UBND TP. Hồ Chí Minh ban hành Kế hoạch."),                                  # "TP." is no end
    ("Mời TS. Nguyễn Văn A báo cáo. Hết.", "báo cáo", "Mời TS. Nguyễn Văn A báo cáo."),
    ("Tại Q. Hải Châu có 12 điểm. Tại P. Phú Hội có 3.", "12 điểm", "Tại Q. Hải Châu có 12 điểm."),
    ("Ở Tp. Đà Nẵng và tx. Đức Phổ có 5 điểm. Hết.", "5 điểm", "Ở Tp. Đà Nẵng và tx. Đức Phổ có 5 điểm."),  # any case
    ("Giao ThS. Lê Văn B và đ/c. Trần C làm. Hết.", "làm", "Giao ThS. Lê Văn B và đ/c. Trần C làm."),
    ("Xây dựng 3 trạm BTS. Trạm thứ tư năm sau.", "Trạm", "Trạm thứ tư năm sau."),  # "BTS" is no title: "TS" as a word only
    ("Kết quả đạt 61,4%. - Năm 2024 tăng.", "Năm", "- Năm 2024 tăng."),            # a list mark starts one
    ("Văn bản (sau đây gọi tắt là “Kế hoạch”). Tiếp theo.", "Văn bản", "Văn bản (sau đây gọi tắt là “Kế hoạch”)."),
    ("Tăng 5 lần so với năm 2023 v.v. và nhiều hơn", "nhiều", "Tăng 5 lần so với năm 2023 v.v. và nhiều hơn"),
])
def test_sentence_at(text, word, sentence):
    assert sentence_at(text, text.index(word)) == sentence


def test_sentence_at_reads_as_a_full_scan_does_whatever_the_order_of_offsets():
    # sentence_at reads a text's sentence ends lazily, only after ".", "!", "?": it must give what a
    # plain SENTENCE_END scan gives, at every offset, asked in any order
    text = ("Đã họp.  UBND TP. Hồ Chí Minh ban hành Kế hoạch! Có 5. (Xem thêm) “Trích”. v.v. và hơn? "
            "- Năm 2024 tăng.1. Kết thúc.")

    def scanned(offset):
        start = 0
        for m in SENTENCE_END.finditer(text):
            if m.end() > offset:
                return text[start:m.start()].strip()
            start = m.end()
        return text[start:].strip()

    for offset in [50, 3, len(text), 0, *range(len(text))]:
        assert sentence_at(text, offset) == scanned(offset), offset


@pytest.mark.parametrize("text, ends", [
    ("Giải ngân đạt 61,4%. Tỷ lệ hồ sơ trực tuyến đạt 80%.", [19, 51]),
    ("giải ngân đạt 61,4%. tỷ lệ hồ sơ trực tuyến đạt 80%", [19]),   # lower case ends too
    ("đạt 2.954 lượt, tăng 5,2% so với cùng kỳ", []),               # no mark, no end
    ("kinh phí 1,5 tỷ đồng.", [20]),                                  # at the paragraph's end
    ("theo Quyết định số 12/QĐ-UBND. 2024 là năm", []),               # a digit after is no new sentence
])
def test_loose_sentence_end(text, ends):
    assert [m.start() for m in LOOSE_SENTENCE_END.finditer(text)] == ends
