"""The word list search cuts queries with is shipped with the package, not read from inside underthesea."""
from __future__ import annotations

import unicodedata

from pipeline.wordlist import vietnamese_words


def test_the_word_list_is_there_and_holds_the_words_of_the_reports():
    words = vietnamese_words()
    assert len(words) > 70_000
    assert {"thư viện", "công nghệ", "ngân sách", "kế hoạch", "chuyển đổi", "thông tin"} <= words


def test_every_word_is_lower_case_nfc_with_single_spaces():
    for word in vietnamese_words():
        assert word == unicodedata.normalize("NFC", word) == word.lower() == " ".join(word.split()), word
