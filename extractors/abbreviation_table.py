"""The table of abbreviations, extractors/data/abbreviations.tsv, read once: its one reader.

A basic module, below the language layer, so that both sides read the same rows:
extractors.lang.abbreviations reads the table both ways (search, issuer and unit keys), and
extractors.sentences reads the rows marked "dotted", the abbreviations written with a dot before a
name ("TP. Hồ Chí Minh", "TS. Nguyễn Văn A"), whose dot ends no sentence.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .text import nfc

# What a row's third column may say (empty: an abbreviation of prose that search expands both ways).
NAME = "name"        # part of a body's name ("Sở GD&ĐT"): unit keys spell it out
DOTTED = "dotted"    # written with a dot before a name, read only there: no sentence ends at its dot


class AbbreviationRow(NamedTuple):
    abbreviation: str     # "UBND", "TP"
    expansion: str        # "Ủy ban nhân dân", "thành phố"
    use: str | None       # NAME, DOTTED or None


@lru_cache(maxsize=1)
def abbreviation_rows() -> tuple[AbbreviationRow, ...]:
    """Every row of data/abbreviations.tsv, NFC, in the file's order (comments and blank lines skipped)."""
    text = resources.files("extractors").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbreviation, expansion, *use = (nfc(part.strip()) for part in line.split("\t"))
        rows.append(AbbreviationRow(abbreviation, expansion, use[0] if use and use[0] else None))
    return tuple(rows)


def dotted_abbreviations() -> tuple[str, ...]:
    """The abbreviations written with a dot before a name: "TP", "Q", "TS", "Đ/c" …"""
    return tuple(row.abbreviation for row in abbreviation_rows() if row.use == DOTTED)
