"""Abbreviations of administrative prose and what they stand for: the one table, both ways.

The table is extractors/data/abbreviations.tsv (UBND ↔ Ủy ban nhân dân, STTTT ↔ Sở Thông tin và
Truyền thông, GD&ĐT ↔ giáo dục và đào tạo …). Matching ignores case, diacritics and punctuation:
a phrase is a tuple of folded syllables ("TT&TT" is ("tt", "tt")). Search matches either form when
the other is typed; an issuer's key (extractors.issuers.issuer_key) shortens every spelled-out form;
a unit's key (extractors.units.unit_key) spells out the abbreviations of names; the issuer's normal
form writes "UBND"/"HĐND" as the table does. The levels written short before a place ("TP.", "TX")
are here too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..abbreviation_table import DOTTED, NAME, AbbreviationRow, abbreviation_rows
from ..text import fold, nfc

# A syllable as SQLite's unicode61 tokenizer sees it: letters and digits; everything else separates.
SYLLABLE = re.compile(r"[^\W_]+")


def syllables(s: str) -> tuple[str, ...]:
    """The folded syllables of a text: "Sở GD&ĐT" -> ("so", "gd", "dt")."""
    return tuple(SYLLABLE.findall(fold(nfc(s))))


@dataclass(frozen=True)
class Phrases:
    """Folded syllable sequences -> what they stand for, matched longest first."""

    table: dict[tuple[str, ...], object]
    longest: int = 0

    def __post_init__(self):
        object.__setattr__(self, "longest", max((len(k) for k in self.table), default=0))

    def match_at(self, tokens: tuple[str, ...], i: int) -> tuple[int, object] | None:
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            found = self.table.get(tokens[i:i + n])
            if found is not None:
                return n, found
        return None


def _rows() -> tuple[AbbreviationRow, ...]:
    """The rows this layer reads both ways: all but the dotted ones, which are read only before a name."""
    return tuple(row for row in abbreviation_rows() if row.use != DOTTED)


def read_abbreviations() -> dict[str, list[str]]:
    """ABBREVIATION -> its expansions, from the package's data/abbreviations.tsv."""
    table: dict[str, list[str]] = {}
    for abbreviation, expansion, _ in _rows():
        table.setdefault(abbreviation, []).append(expansion)
    return table


def abbreviation_of(phrase: str) -> str | None:
    """The abbreviation of a body's name as written in the table, for its spelled-out form in any case
    or spelling: "ỦY BAN NHÂN DÂN", "Uỷ ban nhân dân" -> "UBND"."""
    return _NAME_ABBREVIATIONS.get(syllables(phrase))


def spelled_out(abbreviation: str) -> str | None:
    """A body's name abbreviation spelled out as the table writes it: "UBND" -> "Ủy ban nhân dân"."""
    return next((e for a, e in _NAME_ROWS if a == abbreviation), None)


def expand_name_abbreviations(lower: str) -> str:
    """A lower-case body's name with the abbreviations of names spelled out (the table's "name" rows):
    "phòng gd & đt thị xã" -> "phòng giáo dục và đào tạo thị xã"."""
    return _NAME_ABBREVIATION.sub(lambda m: _NAME_EXPANSIONS[m.lastindex - 1], lower)


_NAME_ROWS = [(a, e) for a, e, use in _rows() if use == NAME]
_NAME_ABBREVIATIONS = {syllables(e): a for a, e in reversed(_NAME_ROWS)}     # the first row of an expansion wins
_NAME_EXPANSIONS = [e.lower() for _, e in _NAME_ROWS]
# Each abbreviation a group of its own, as a word; "&" with or without spaces around it ("gd & đt").
_NAME_ABBREVIATION = re.compile("|".join(
    r"(?<!\w)(" + r"\s*&\s*".join(re.escape(part) for part in a.lower().split("&")) + r")(?!\w)"
    for a, _ in _NAME_ROWS))


@lru_cache(maxsize=1)
def abbreviation_phrases() -> Phrases:
    """Either form of an abbreviation -> all its forms: "cntt" and "cong nghe thong tin" alike."""
    groups: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for abbreviation, expansions in read_abbreviations().items():
        # Two abbreviations of the same words ("TT&TT", "TTTT") are one group.
        forms = {syllables(abbreviation), *(syllables(e) for e in expansions)}
        forms = forms.union(*(groups.get(f, set()) for f in forms))
        for form in forms:
            groups[form] = forms
    # A form's own spelling first, so a concept's first form is what was typed.
    return Phrases({form: (form, *sorted(forms - {form})) for form, forms in groups.items()})


def shorten_abbreviations(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Folded syllables with every abbreviated phrase in its shortest form:
    ("uy", "ban", "nhan", "dan", "tinh") -> ("ubnd", "tinh")."""
    phrases, out, i = abbreviation_phrases(), [], 0
    while i < len(tokens):
        found = phrases.match_at(tokens, i)
        if found:
            n, forms = found
            out.extend(min(forms, key=len))
            i += n
        else:
            out.append(tokens[i])
            i += 1
    return tuple(out)


# Administrative levels written short before a place ("TP. Hồ Chí Minh", "TX Đức Phổ", "TT. Châu Ổ"):
# the table's dotted rows say what they stand for; these are the ways each is spelled there ("TT"
# alone is also Trung tâm, Thông tư: a level only with its dot).
_LEVEL_ABBREVIATION_SPELLINGS = {"TP": ("tp", "tp.", "t.p", "t.p."), "TX": ("tx", "tx."), "TT": ("tt.",)}
_DOTTED_EXPANSIONS = {a: e for a, e, use in abbreviation_rows() if use == DOTTED}
_LEVEL_SPELLINGS = {spelling: _DOTTED_EXPANSIONS[abbreviation]
                    for abbreviation, spellings in _LEVEL_ABBREVIATION_SPELLINGS.items() for spelling in spellings}
# One of them as a word, in any case: "TP.", "Tp", "T.P", "TX", "TT.".
LEVEL_ABBREVIATION = re.compile(
    "(?i:" + "|".join(re.escape(s) for s in sorted(_LEVEL_SPELLINGS, key=len, reverse=True)) + ")")


def level_of_abbreviation(word: str) -> str | None:
    """The level a short word stands for: "TP." and "T.P" -> "thành phố", "tx" -> "thị xã"; else None."""
    return _LEVEL_SPELLINGS.get(word.lower())
