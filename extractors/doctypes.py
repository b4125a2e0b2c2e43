"""Kinds of official documents and the codes their symbols carry.

A document's symbol ("số, ký hiệu") names its kind with a short code:
"3225/KH-UBND" is a Kế hoạch, "36-NQ/TW" a Party Nghị quyết, "42/2022/NĐ-CP" a
Nghị định. The state's administrative codes are those of Nghị định
30/2020/NĐ-CP, Phụ lục III; legal documents (Luật ban hành văn bản quy phạm
pháp luật 2015) and the Party's documents (Hướng dẫn 36-HD/VPTW) add their own.
A Công văn has no code at all: "2285/UBND-KGVX", "820/STTTT", so its kind can
only come from the word in front of the number.

State and Party symbols are told apart by their shape: the Party writes the
number with a hyphen and the code before the slash ("158-KH/TU"), the state
the other way round ("3225/KH-UBND"). The two systems share most codes; where
they differ ("TT" is a state Thông tư but a Party Thông tri, "QĐi" is the
Party's Quy định) the system decides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, nfc, respell_folded


@dataclass(frozen=True)
class DocType:
    name: str                   # sentence case, as the documents table stores it: "Kế hoạch"
    code: str | None            # the code in a symbol: "KH"; None for Công văn, Luật, …
    systems: frozenset[str]     # "state" (incl. legal documents), "party"
    variants: tuple[str, ...] = ()   # other words for the same kind: "Kế hoạch hành động"


def _t(name, code, systems="state party", variants=()):
    return DocType(name, code, frozenset(systems.split()), tuple(variants))


DOC_TYPES: list[DocType] = [
    # Nghị định 30/2020/NĐ-CP, Phụ lục III (administrative documents); the Party uses the same codes.
    _t("Nghị quyết", "NQ"),
    _t("Quyết định", "QĐ"),
    _t("Chỉ thị", "CT"),
    _t("Quy chế", "QC"),
    _t("Quy định", "QyĐ", "state"),
    _t("Thông cáo", "TC", "state"),
    _t("Thông báo", "TB", variants=("Thông báo kết luận",)),
    _t("Hướng dẫn", "HD"),
    _t("Chương trình", "CTr"),
    _t("Chương trình hành động", "CTr"),
    _t("Kế hoạch", "KH", variants=("Kế hoạch hành động",)),
    _t("Phương án", "PA"),
    _t("Đề án", "ĐA"),
    _t("Dự án", "DA", "state"),
    _t("Báo cáo", "BC"),
    _t("Biên bản", "BB"),
    _t("Tờ trình", "TTr"),
    _t("Hợp đồng", "HĐ", "state"),
    _t("Công văn", None, "state", variants=("Văn bản",)),
    _t("Công điện", "CĐ"),
    _t("Bản ghi nhớ", "BGN", "state"),
    _t("Bản thỏa thuận", "BTT", "state", variants=("Bản thoả thuận",)),
    _t("Giấy ủy quyền", "GUQ", "state", variants=("Giấy uỷ quyền",)),
    _t("Giấy mời", "GM"),
    _t("Giấy giới thiệu", "GGT"),
    _t("Giấy nghỉ phép", "GNP", "state"),
    _t("Phiếu gửi", "PG"),
    _t("Phiếu chuyển", "PC", "state"),
    _t("Phiếu báo", "PB", "state"),
    _t("Thư công", None, "state"),
    # Parts and companions of a document that offices file as documents of their own.
    _t("Phụ lục", None, "state"),
    _t("Thuyết minh", None, "state"),
    # Legal documents (their own codes; a Luật's symbol is only "QH13").
    _t("Nghị định", "NĐ", "state"),
    _t("Thông tư", "TT", "state"),
    _t("Thông tư liên tịch", "TTLT", "state"),
    _t("Nghị quyết liên tịch", "NQLT", "state"),
    _t("Luật", "L", "state"),
    _t("Bộ luật", "BL", "state"),
    _t("Pháp lệnh", "PL", "state"),
    _t("Lệnh", "L", "state"),
    _t("Hiến pháp", None, "state"),
    # Party documents (Hướng dẫn 36-HD/VPTW): codes the state does not use, or uses differently.
    _t("Kết luận", "KL", "party"),
    _t("Quy định", "QĐi", "party"),
    _t("Thông tri", "TT", "party"),
    _t("Quy hoạch", "QH", "party"),
    _t("Công văn", "CV", "party"),
    _t("Giấy chứng nhận", "GCN", "party"),
]

# Spellings of codes seen in the wild that differ from the table ("QYĐ" in upper-case text).
_CODE_SPELLINGS = {"QYĐ": "QyĐ", "QĐI": "QĐi", "CTR": "CTr", "TTR": "TTr"}

_BY_CODE: dict[tuple[str, str], DocType] = {}
for _d in DOC_TYPES:
    if _d.code:
        for _s in sorted(_d.systems):
            _BY_CODE.setdefault((_d.code, _s), _d)

_BY_WORD: dict[str, DocType] = {}
for _d in DOC_TYPES:
    for _w in (_d.name, *_d.variants):
        _BY_WORD.setdefault(fold(_w), _d)

# Every word naming a document kind, longest first so "Chương trình hành động" wins over "Chương trình".
# (ties in alphabetical order: the same pattern text in every run, whatever the hash seed)
_TYPE_WORDS = sorted({w for d in DOC_TYPES for w in (d.name, *d.variants)}, key=lambda w: (-len(w), w))


def _alternation(words: list[str], space: str) -> str:
    """The words as a regex alternation grouped by first letter, `space` between their words:
    ["Chương trình", "Chỉ thị", "Nghị quyết"] -> "C(?:hương\\s+trình|hỉ\\s+thị)|N(?:ghị\\s+quyết)".

    A scan then tries only the group of the letter it stands on instead of every word, about a third
    faster. Words that can match at one place share their first letter (the words come all capitalised
    or all folded), and a group keeps the words' order, so the same word wins as in the plain alternation.
    """
    def escaped(text):
        return space.join(re.escape(part) for part in text.split(" "))

    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    return "|".join(
        escaped(first) + "(?:" + "|".join(escaped(word[1:]) for word in group) + ")"
        for first, group in groups.items()
    )


# Any type word, with any spaces between its words, as written (callers add (?i:…) to take any case).
TYPE_WORD_PATTERN = _alternation(_TYPE_WORDS, space=r"\s+")


# Every code a symbol may carry, as written in a symbol ("KH", "CTr", "QĐi"), longest first; offices
# also write one as a word before the number ("QĐ số 12/QĐ-UBND").
TYPE_CODE_PATTERN = "|".join(sorted({re.escape(d.code) for d in DOC_TYPES if d.code}, key=lambda c: (-len(c), c)))


def canonical_code(code: str | None) -> str | None:
    """"QYĐ" -> "QyĐ"; a code not in the tables comes back unchanged."""
    if not code:
        return code
    return _CODE_SPELLINGS.get(code, code)


def type_for_code(code: str | None, system: str = "state") -> DocType | None:
    """The kind a symbol's code names: ("KH") -> Kế hoạch; ("TT", "party") -> Thông tri."""
    code = canonical_code(code)
    if not code:
        return None
    return _BY_CODE.get((code, system)) or _BY_CODE.get((code, "party" if system == "state" else "state"))


def type_for_word(word: str | None) -> DocType | None:
    """The kind a word names, in any case: "NGHỊ QUYẾT" -> Nghị quyết; unknown -> None."""
    if not word:
        return None
    return _BY_WORD.get(fold(" ".join(nfc(word).split())))


def is_type_code(code: str | None) -> bool:
    return type_for_code(code) is not None


# Every type word folded (no tone marks, đ -> d), to find the ones OCR or a typist misspelt.
_FOLDED_TYPE_WORD = re.compile(
    r"(?<![\w])(?:" + _alternation([fold(w) for w in _TYPE_WORDS], space=" ") + r")(?![\w])"
)
_SPELLING_BY_FOLD = {fold(w): w for d in DOC_TYPES for w in (d.name, *d.variants)}


def _any_tone(word: str) -> str:
    """A folded word as a regex for every way it may be written: each letter in either case, or any
    non-ASCII character ("dinh" also reads "định", "ĐỊNH", "đinh")."""
    return "".join(f"[{letter}{letter.upper()}\\x80-\\U0010FFFF]" for letter in word)


# The last word of any type word as the text may read before correct_type_words, which leaves all but
# letters alone and only ever replaces a letter by one that folds the same: the letter in either case
# or a non-ASCII letter.
TYPE_WORD_END_ANY_TONE_PATTERN = "|".join(
    _any_tone(last_word) for last_word in sorted({fold(w).split()[-1] for w in _TYPE_WORDS}, key=lambda w: (-len(w), w))
)


def correct_type_words(text: str) -> str:
    """Restore the tone marks of type words: "KÉ HOẠCH" -> "KẾ HOẠCH", "Quyêt định" -> "Quyết định".

    Tesseract confuses tone marks on letters with a circumflex. A word that folds to a known type
    word is given that word's spelling, keeping each letter's case; everything else is untouched,
    and so are offsets (NFC letters fold one to one).
    """
    return respell_folded(text, _FOLDED_TYPE_WORD, _type_word_spelling)


def _type_word_spelling(folded: str, written: str) -> str:
    """A type word's known spelling, in the case of each letter as written."""
    spelling = _SPELLING_BY_FOLD[folded]
    if written == spelling or written == spelling.upper():   # spelt right (most are): nothing to restore
        return written
    return "".join(s.upper() if w.isupper() else s.lower() for w, s in zip(written, spelling))
