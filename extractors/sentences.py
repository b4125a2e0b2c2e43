"""Sentences inside a paragraph: the one splitter for the `context` of what a report says.

A sentence ends at ".", "!" or "?" (and any closing quote or bracket) before a space and a
capital, a digit, an opening bracket or quote, or a list mark. A dot that closes an
abbreviation inside a name does not end it: "TP. Hồ Chí Minh", "TS. Nguyễn Văn A",
"Q. Hải Châu" (quận), "P. Phú Hội" (phường).
"""
from __future__ import annotations

import re

import regex

# Abbreviations written with a dot before a capitalised name.
_ABBREVIATIONS = ("TP", "Tp", "TX", "Tx", "TT", "Q", "P", "TS", "ThS", "Ths", "PGS", "GS", "BS", "KS", "CN", "Đ/c", "đ/c")

SENTENCE_END = regex.compile(
    r"""(?<=[.!?])
        (?<! (?<![\w/]) (?:""" + "|".join(regex.escape(a) for a in _ABBREVIATIONS) + r""") \. )   # "TP. Hồ Chí Minh"
        ["”)]* \s+                                 # closing quotes or brackets, then a space
        (?= [-–+•*]? \s* (?: \p{Lu} | [0-9(“"] ) )  # what a sentence starts with
    """,
    regex.VERBOSE,
)


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds position `offset`, stripped."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > offset:
            return text[start: m.start()].strip()
        start = m.end()
    return text[start:].strip()


# Where a clause ends inside a paragraph, for what the words around an amount say about it
# ("kinh phí", "vốn" in the same clause): ";" or ".", "!", "?" before a space or the end.
CLAUSE_END = re.compile(r";|[.!?](?=\s|$)")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ";" or sentence ends) around text[start:end], as (start, end) offsets."""
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, start)]
    after = CLAUSE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))
