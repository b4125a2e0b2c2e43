"""Document mentions, step one: the tokens (eyecite's tokenizer) - where a mention is, before completion.

A token is anchored on a number with its symbol (extractors.lang.reference_pattern): a full mention
with its kind word ("Kế hoạch số 3225/KH-UBND"), a bare number that a type code, a year or a list
makes a reference ("… và 158-KH/TU"), or a short form ("Nghị quyết số 36") that
extractors.references later points back to a full mention.
"""
from __future__ import annotations

import regex as re
from dataclasses import dataclass

from .doctypes import (
    TYPE_CODE_PATTERN, TYPE_WORD_END_ANY_TONE_PATTERN, TYPE_WORD_PATTERN, canonical_code, type_for_code, type_for_word,
)
from .lang.reference_pattern import NUMBER_WORD, REFERENCE_NUMBER, REFERENCE_NUMBER_SOURCE
from .models import Citation
from .symbol_repair import symbol_for_kind

# ------------------------------------------------------------------ mentions

# Type codes written as words before "số": "QĐ số 12/QĐ-UBND", "CV số 12/UBND".
_CODE_WORD = rf"(?:{TYPE_CODE_PATTERN})(?=\s+{NUMBER_WORD})"

# The anchor of a full mention: a word naming the document kind, "số", the number and symbol.
FULL_MENTION = re.compile(
    rf"""
    (?<!\w)(?P<word>(?i:{TYPE_WORD_PATTERN})|{_CODE_WORD})   # Kế hoạch, NGHỊ QUYẾT, Chương trình hành động, QĐ
    \s+(?:{NUMBER_WORD}\s*[:.]?\s*)?                 # "số", "số:", OCR "sổ", or nothing ("Quyết định 569/…")
    {REFERENCE_NUMBER_SOURCE}
    """,
    re.VERBOSE,
)

# A short form: the kind and a bare number ("Nghị quyết số 36", "Chỉ thị 16"); kept only when
# it points back to a document cited in full, which rules out names such as "Đề án 06".
SHORT_MENTION = re.compile(
    rf"""
    (?<!\w)(?P<word>(?i:{TYPE_WORD_PATTERN}))
    \s+(?:{NUMBER_WORD}\s*:?\s*)?
    (?P<number>\d{{1,6}})
    (?!\w|[/.,-]\w)                                # not "36-NQ/TW", "1.050", "2021-2025"
    """,
    re.VERBOSE,
)
# Whether a text holds a short form at all. Most paragraphs with a full mention have none, and
# searched backwards, from its few digits, the answer is far quicker than by the forward scan.
_ANY_SHORT_MENTION = re.compile("(?r)" + SHORT_MENTION.pattern, re.VERBOSE)

# The number line of a report's own heading, "Số: 12/BC-UBND": not a mention of another document.
_OWN_NUMBER = re.compile(r"(?:^\s*(?i:số)\s*:?|(?:^|\s)Số\s*:)\s*$")


# ------------------------------------------------------------------ tokens

@dataclass
class Token:
    """One anchor found in a paragraph, before completion."""

    start: int
    end: int
    kind: str            # "full", "bare", "short", "alias"
    word: str | None
    number: str
    symbol: str | None = None
    type_code: str | None = None
    year: int | None = None
    party: bool = False
    target: Citation | None = None   # for an alias mention: the document it names


# Spaces a PDF line wrap or OCR left inside a symbol: "KH- STTTT", "87 /BC-UBND".
_SPACES = re.compile(r"\s+")


def _clean_symbol(symbol: str) -> str:
    return _SPACES.sub("", symbol).replace("–", "-")


def symbol_parts(m: re.Match) -> tuple[str, str | None, int | None, bool]:
    """(symbol as written, type code, year in number, Party?) of a REFERENCE_NUMBER-shaped match."""
    if m["party_code"]:
        code = m["party_code"]
        return _clean_symbol(f"{code}/{m['party_org']}"), canonical_code(code), None, True
    symbol = _clean_symbol(m["state"])
    first = symbol.split("-", 1)[0]
    code = canonical_code(first) if type_for_code(first) else None
    return symbol, code, int(m["year"]) if m["year"] else None, False


# Without a number with a symbol only a short form remains, and its kind may be misspelt until
# correct_type_words has run: so the last word of a kind in any tone ("đinh", "ĐỊNH"), "số" or nothing,
# then the number. correct_type_words changes only letters, into letters, so a short form it could
# bring out already reads this way.
SHORT_MENTION_BEFORE_CORRECTION = re.compile(
    rf"(?r)(?:{TYPE_WORD_END_ANY_TONE_PATTERN})\s+(?:\w\w\s*:?\s*)?\d"
)

# What may stand between the start of a full mention and its number: the kind word (at most four words),
# "số" and a ":" or "." - letters, ":" and "." in at most six runs split by spaces. Matched backwards from
# the number, greedily, it reaches at least as far back as any full mention that ends in that number.
_MENTION_LEAD = re.compile(r"(?r)(?:[^\W\d_]|[:.])*(?:\s+(?:[^\W\d_]|[:.])+){0,5}\s*")


def _full_mentions(text: str, numbers: list[re.Match]):
    """FULL_MENTION.finditer(text), found from the numbers instead of trying the kind words everywhere.

    A full mention is a kind word, "số", then a number with its symbol that REFERENCE_NUMBER matches on
    its own (the same pattern ends FULL_MENTION), and it starts within _MENTION_LEAD of that number: so
    searching each such stretch, up to the number's end, finds the same mentions in the same order.
    `numbers`: every REFERENCE_NUMBER match, overlapping ones included.
    """
    pos = 0
    for number in numbers:
        if number.start() < pos:
            continue
        lead = _MENTION_LEAD.search(text, pos, number.start())
        m = FULL_MENTION.search(text, lead.start(), number.end())
        if m and m.start() < number.start():
            yield m
            pos = m.end()


def _leftmost(matches: list[re.Match]):
    """The matches finditer would give (no overlaps, leftmost first) out of every match (overlapped=True)."""
    end = 0
    for m in matches:
        if m.start() >= end:
            yield m
            end = m.end()


def find_tokens(text: str, with_symbol: bool) -> list[Token]:
    """The mentions in `text`; `with_symbol`: it has a digit before a "/" or hyphen (REFERENCE_HINT)."""
    tokens: list[Token] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    numbers = list(REFERENCE_NUMBER.finditer(text, overlapped=True)) if with_symbol else []
    for m in _full_mentions(text, numbers):
        symbol, code, year, party = symbol_parts(m)
        kind = type_for_word(m["word"]) if code is None and not party else None
        if kind and (repaired := symbol_for_kind(symbol, kind.code)):
            symbol, code = repaired, kind.code      # "Quyết định số 1575/QĐĐ-BYT": OCR doubled the Đ
        tokens.append(Token(m.start(), m.end(), "full", m["word"], m["number"], symbol, code, year, party))
        taken.append((m.start(), m.end()))
    for m in _leftmost(numbers):
        if not free(m.start(), m.end()) or _OWN_NUMBER.search(text[: m.start()]):
            continue
        symbol, code, year, party = symbol_parts(m)
        word, listed = _word_before(text, m.start(), tokens)
        # A bare number needs a type code ("158-KH/TU"), a year ("86/2015/QH13"), or a place in a list
        # of mentions ("Công văn số 820/STTTT, 821/STTTT").
        if code or year or listed:
            tokens.append(Token(m.start(), m.end(), "bare", word, m["number"], symbol, code, year, party))
            taken.append((m.start(), m.end()))
    for m in SHORT_MENTION.finditer(text) if _ANY_SHORT_MENTION.search(text) else ():
        if free(m.start(), m.end()):
            tokens.append(Token(m.start(), m.end(), "short", m["word"], m["number"]))
            taken.append((m.start(), m.end()))
    tokens.sort(key=lambda t: t.start)
    return tokens


# "Luật An toàn thông tin mạng số 86/2015/QH13": a capitalised kind word, a name, then "số".
_NAMED_BEFORE = re.compile(rf"(?P<word>(?:{TYPE_WORD_PATTERN}))(?!\w)[^.;:!?()]{{0,60}}?\s{NUMBER_WORD}\s*:?\s*$")
# "Quyết định số 12/QĐ-UBND và 13/QĐ-UBND": a number listed after another mention.
_LISTED_AFTER = re.compile(rf"^[^.;:!?()]{{0,40}}?(?:\svà|,)\s*(?:{NUMBER_WORD}\s*)?$")
# "các Quyết định số 123/QĐ-UBND, 124/QĐ-UBND ngày …": nothing but the list separator between two numbers.
LIST_SEPARATOR = re.compile(rf"^\s*(?:,|và|,\s*và)\s*(?:{NUMBER_WORD}\s*)?$")


def _word_before(text: str, start: int, earlier: list[Token]) -> tuple[str | None, bool]:
    """(the kind word that governs a bare number, whether it is listed after another mention):
    a word naming it a few words back, or the mention it is listed after."""
    m = _NAMED_BEFORE.search(text, max(0, start - 80), start)
    if m:
        return m["word"], False
    before = [t for t in earlier if t.end <= start]
    if before:
        last = max(before, key=lambda t: t.end)
        if _LISTED_AFTER.match(text[last.end: start]):
            return last.word, True
    return None, False
