"""The Vietnamese word list search cuts queries with (pipeline/data/vietnamese_words.txt,
from underthesea's segmentation dictionary: see scripts/build_wordlist.py)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

WORD_LIST = "vietnamese_words.txt"


@lru_cache(maxsize=1)
def vietnamese_words() -> frozenset[str]:
    """Every word of the list (lower case, NFC, syllables separated by one space).

    The list is package data: a missing list is an installation error and raises, rather
    than leaving search to cut queries worse without a word."""
    text = resources.files("pipeline").joinpath("data", WORD_LIST).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
