"""Sentences inside a paragraph: the one splitter for the `context` of what a report says.

A sentence ends at ".", "!" or "?" (and any closing quote or bracket) before a space and a
capital, a digit, an opening bracket or quote, or a list mark. A dot that closes an
abbreviation inside a name does not end it: "TP. Hồ Chí Minh", "TS. Nguyễn Văn A",
"Q. Hải Châu" (quận), "P. Phú Hội" (phường): the rows marked "dotted" in data/abbreviations.tsv,
in any case ("Tp.", "đ/c."). Values (extractors/indicators) cut their runs at
the looser LOOSE_SENTENCE_END, which lower-case text also ends.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import regex

from .abbreviation_table import dotted_abbreviations

SENTENCE_END = regex.compile(
    r"""(?<=[.!?])
        (?<! (?<![\w/]) (?i: """ + "|".join(map(regex.escape, dotted_abbreviations())) + r""") \. )   # "TP. Hồ Chí Minh"
        ["”)]* \s+                                 # closing quotes or brackets, then a space
        (?= [-–+•*]? \s* (?: \p{Lu} | [0-9(“"] ) )  # what a sentence starts with
    """,
    regex.VERBOSE,
)

# The looser end a run of values is cut at: a mark before a word in any case, or at the end.
# Values read in lower-case or crawled text ("… đạt 61,4%. tỷ lệ …") must not run into the next
# sentence's values, where the context sentence above waits for a capital.
LOOSE_SENTENCE_END = re.compile(r"[.!?](?=\s+[^\W\d_])|[.!?]\s*$")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds position `offset`, stripped."""
    breaks = _breaks_of(text)
    breaks.read_past(offset)
    i = bisect.bisect_right(breaks.ends, offset)       # the first break that ends after `offset`
    start = breaks.ends[i - 1] if i else 0
    return text[start: breaks.starts[i]].strip() if i < len(breaks.ends) else text[start:].strip()


# Every SENTENCE_END match follows one of these (its look-behind): it is tried only there.
_END_MARK = re.compile(r"[.!?]")


class _Breaks:
    """The SENTENCE_END matches of a text, read as far as asked (most texts are asked about once,
    near their start; a paragraph with several values is asked again, and read on)."""

    def __init__(self, text: str):
        self.ends: list[int] = []
        self.starts: list[int] = []
        self._matches = self._find(text)

    @staticmethod
    def _find(text: str):
        position = 0
        for mark in _END_MARK.finditer(text):
            if mark.end() >= position and (m := SENTENCE_END.match(text, mark.end())):
                position = m.end()
                yield m

    def read_past(self, offset: int) -> None:
        """Read matches until one ends after `offset` (or none is left)."""
        while not self.ends or self.ends[-1] <= offset:
            m = next(self._matches, None)
            if m is None:
                return
            self.starts.append(m.start())
            self.ends.append(m.end())


@lru_cache(maxsize=4)   # every value of a paragraph asks for its sentence: the paragraph is read once
def _breaks_of(text: str) -> _Breaks:
    return _Breaks(text)


# Where a clause ends inside a paragraph, for what the words around an amount say about it
# ("kinh phí", "vốn" in the same clause): ";" or ".", "!", "?" before a space or the end.
CLAUSE_END = re.compile(r";|[.!?](?=\s|$)")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ";" or sentence ends) around text[start:end], as (start, end) offsets."""
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, start)]
    after = CLAUSE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))
