"""pipeline.search_text.index_text: the parts folded one by one are the parts joined and folded."""
from __future__ import annotations

import unicodedata

import pytest

from extractors.text import fold, nfc
from pipeline.search_text import index_text


@pytest.mark.parametrize("parts", [
    ("Kế hoạch số 3225/KH-UBND", "UBND thị xã Đức Phổ"),
    ("Tỷ lệ hồ sơ", None, "", "đạt 61,4%"),
    (unicodedata.normalize("NFD", "Ủy ban nhân dân"), "Ủy ban nhân dân"),   # decomposed and composed
    ("ΟΔΟΣ", "ΣΑΣ", "Đà Nẵng ≥ 5"),                                           # final sigma at a part's end
    ("ΑΣ'", "'Σ", "北京 Hà Nội"),                                               # beside case-ignorable marks
])
def test_parts_fold_as_joined(parts):
    joined = fold(nfc(" ".join(p for p in parts if p)))
    assert index_text(*parts) == joined
    memo: dict[str, str] = {}
    assert index_text(*parts, memo=memo) == joined
    assert index_text(*parts, memo=memo) == joined          # again, from the memo
    assert set(memo) == {p for p in parts if p}


def test_memo_is_read():
    memo = {"Đức Phổ": "duc pho"}
    assert index_text("Thị xã", "Đức Phổ", memo=memo) == "thi xa duc pho"
    memo["Đức Phổ"] = "(from the memo)"
    assert index_text("Đức Phổ", memo=memo) == "(from the memo)"
