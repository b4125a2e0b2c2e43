"""Abbreviations of administrative prose and what they stand for: the one table, both ways.

The table is extractors/data/abbreviations.tsv (UBND ↔ Ủy ban nhân dân, STTTT ↔ Sở Thông tin và
Truyền thông, GD&ĐT ↔ giáo dục và đào tạo …). Matching ignores case, diacritics and punctuation:
a phrase is a tuple of folded syllables ("TT&TT" is ("tt", "tt")). Search matches either form when
the other is typed; an issuer's key (extractors.issuers.issuer_key) shortens every spelled-out form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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


def read_abbreviations() -> dict[str, list[str]]:
    """ABBREVIATION -> its expansions, from the package's data/abbreviations.tsv."""
    text = resources.files("extractors").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8")
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbreviation, expansion = (nfc(part.strip()) for part in line.split("\t"))
        table.setdefault(abbreviation, []).append(expansion)
    return table


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
