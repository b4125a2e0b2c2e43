"""extractors.text.fold: tone marks and đ/Đ folded, lower case — the same text whichever way it is
computed (a table of the blocks Vietnamese is written in, else character by character)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from extractors.text import _FOLD_BLOCKS, _strip_marks, fold

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def folded_by_definition(s: str) -> str:
    """The definition, on the whole text: decomposed, marks dropped, đ/Đ -> d/D, then lower case."""
    decomposed = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@pytest.mark.parametrize("text, expected", [
    ("Đức Phổ", "duc pho"),
    ("QUYẾT ĐỊNH", "quyet dinh"),
    ("Kế hoạch số 3225/KH-UBND", "ke hoach so 3225/kh-ubnd"),
    (unicodedata.normalize("NFD", "Ủy ban nhân dân"), "uy ban nhan dan"),   # decomposed letters
    ("đạt ≥ 80% – “100%”", "dat ≥ 80% – “100%”"),                         # signs kept
    ("a ≠ b", "a = b"),                                                   # a sign with a mark
    ("\uf0b7 Tổ chức", "\uf0b7 to chuc"),                                 # Word's Symbol-font bullet
    ("ΟΔΟΣ", "οδος"),                                                     # final sigma: the whole text
    ("ΣΑΣ Đà", "σας da"),
    ("Hà Nội 北京", "ha noi 北京"),
])
def test_fold_examples(text, expected):
    assert fold(text) == expected


def test_every_character_of_the_blocks_folds_as_defined():
    for first, end in _FOLD_BLOCKS:
        for code in range(first, end):
            c = chr(code)
            assert fold(c) == folded_by_definition(c), hex(code)
            assert fold(f"Ab{c}Đ") == folded_by_definition(f"Ab{c}Đ"), hex(code)
            # folding per character is exact only while no folded form holds the capital sigma
            assert "Σ" not in _strip_marks(c), hex(code)


def test_characters_outside_the_blocks_fold_as_defined():
    for code in [*range(0x0250, 0x0300), *range(0x0370, 0x0400), 0x2260, 0x2460, 0x3000, 0x4E2C, 0xFB01, 0x1D400]:
        c = chr(code)
        assert fold(f"Ấp {c}Σ") == folded_by_definition(f"Ấp {c}Σ"), hex(code)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_reports_fold_as_defined(path):
    text = path.read_text(encoding="utf-8")
    for form in (text, unicodedata.normalize("NFD", text), text.upper()):
        assert fold(form) == folded_by_definition(form)
