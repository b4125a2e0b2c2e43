"""The one sentence splitter (extractors.sentences)."""
import pytest

from extractors.sentences import sentence_at


@pytest.mark.parametrize("text, word, sentence", [
    ("Đã họp. UBND TP. Hồ Chí Minh ban hành Kế hoạch. Sau đó triển khai.", "Kế hoạch",
     "UBND TP. Hồ Chí Minh ban hành Kế hoạch."),                                  # "TP." is no end
    ("Mời TS. Nguyễn Văn A báo cáo. Hết.", "báo cáo", "Mời TS. Nguyễn Văn A báo cáo."),
    ("Tại Q. Hải Châu có 12 điểm. Tại P. Phú Hội có 3.", "12 điểm", "Tại Q. Hải Châu có 12 điểm."),
    ("Kết quả đạt 61,4%. - Năm 2024 tăng.", "Năm", "- Năm 2024 tăng."),            # a list mark starts one
    ("Văn bản (sau đây gọi tắt là “Kế hoạch”). Tiếp theo.", "Văn bản", "Văn bản (sau đây gọi tắt là “Kế hoạch”)."),
    ("Tăng 5 lần so với năm 2023 v.v. và nhiều hơn", "nhiều", "Tăng 5 lần so với năm 2023 v.v. và nhiều hơn"),
])
def test_sentence_at(text, word, sentence):
    assert sentence_at(text, text.index(word)) == sentence
