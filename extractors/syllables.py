"""The shape of a Vietnamese syllable: onset, vowel cluster, final, and at most one tone.

Written Vietnamese is a string of syllables, each built by the same grammar, so
"does this word look like a Vietnamese syllable?" tells real text from mojibake
(legacy fonts read as Latin-1) and from the wrong-language OCR layers of old
scans ("Thoc hien Cong van s6", "CHiJ NGHiA"). Pure functions, no data files.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

GRAVE, ACUTE, TILDE, HOOK, DOT_BELOW = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
TONES = frozenset({GRAVE, ACUTE, TILDE, HOOK, DOT_BELOW})
# A syllable closed by a stop (-c, -ch, -p, -t) takes only the sắc or nặng tone:
# "thực", "việc", "đạt", "sát"; "thoc", "viec", "tat" are not Vietnamese.
STOP_TONES = frozenset({ACUTE, DOT_BELOW})

# A Vietnamese syllable once tone marks are removed: onset, vowel cluster, final.
SYLLABLE = re.compile(
    r"""^(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?
        (?P<vowels>[aăâeêioôơuưy]{1,3})
        (?P<final>ch|ng|nh|[cmnpt])?$
    """,
    re.VERBOSE,
)
STOP_FINALS = frozenset({"c", "ch", "p", "t"})
WORD = re.compile(r"[^\W\d_]+")     # a run of letters: the unit tested


def _shape(word: str) -> tuple[re.Match, str | None] | None:
    """The syllable's parts (toneless) and its tone mark, or None when the word is not one."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in TONES]
    if len(tones) > 1:
        return None
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    match = SYLLABLE.match(toneless)
    return (match, tones[0] if tones else None) if match else None


@functools.lru_cache(maxsize=1 << 16)   # a text repeats its words
def is_syllable(word: str) -> bool:
    """Onset, vowels and final fit together (tones not checked against the final)."""
    return _shape(word) is not None


@functools.lru_cache(maxsize=1 << 16)
def is_well_formed(word: str) -> bool:
    """A syllable whose tone also fits its final: a stop final takes sắc or nặng only."""
    shape = _shape(word)
    if shape is None:
        return False
    match, tone = shape
    return match.group("final") not in STOP_FINALS or tone in STOP_TONES


@functools.lru_cache(maxsize=1 << 16)
def is_marked(word: str) -> bool:
    """The word carries a Vietnamese mark: a tone, a vowel's hat or horn (ă â ê ô ơ ư), or đ."""
    return any(unicodedata.combining(c) or c == "đ" for c in unicodedata.normalize("NFD", word.lower()))


class Shares(NamedTuple):
    words: int            # letter runs read
    well_formed: float    # share of them that are well-formed syllables
    marked: float         # share carrying a Vietnamese mark: 75-90% in real text, none in an OCR layer that drops them


def syllable_shares(text: str, most: int | None = None) -> Shares:
    """How Vietnamese the letter runs of `text` are, over its first `most` runs (a page's first
    lines tell its layer as well as all of them)."""
    words = WORD.findall(text[: most * 12] if most else text)[:most]
    if not words:
        return Shares(0, 0.0, 0.0)
    return Shares(len(words), sum(map(is_well_formed, words)) / len(words), sum(map(is_marked, words)) / len(words))
