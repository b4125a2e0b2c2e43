"""The report's top block read into cells: its lines down to the first section heading, each
line's columns in reading order, mended where hard wraps and loaders broke them (the motto cut out,
"Số:" joined to its reference, a date to its year), and the place written before ", ngày …".
extractors.header reads the number, date and issuer from the cells, extractors.header_title the
kind and title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .header_patterns import DATE_WITHOUT_YEAR, MOTTO, NUMBER_LABEL_ALONE, SYMBOL_CUT, TOP_BLOCK_MAX_LINES
from .header_signature import line_cells
from .lang.abbreviations import level_of_abbreviation
from .sections import SectionIndex
from .text import Line, Text, fold, is_upper


def top_lines(text: Text, sections: SectionIndex) -> list[Line]:
    first_heading = min((h.line for h in sections.headings), default=len(text.lines) + 1)
    end = min(first_heading, TOP_BLOCK_MAX_LINES + 1)
    return [line for line in text.lines[: end - 1] if not line.is_blank]


@dataclass
class Cell:
    """One column of a heading line, emphasis and the national motto removed."""
    line: int
    text: str
    beside_motto: bool = False       # the motto was cut out of this cell (a loader glued the columns)


def top_cells(top: list[Line]) -> list[Cell]:
    """The heading's cells in reading order, mended where hard wraps and loaders broke them:
    the motto removed even when wrapped ("… CHỦ NGHĨA VIỆT" / "NAM"), "Số:" joined to the reference
    on the next line, a date joined to its year on the next line."""
    cells = [Cell(line.number, cell) for line in top for cell in line_cells(line)]
    joined = "\n".join(c.text for c in cells)
    folded = fold(joined)
    for m in reversed(list(MOTTO.finditer(folded))):     # fold() keeps offsets for NFC text
        joined = joined[: m.start()] + re.sub(r"[^\n]", " ", joined[m.start(): m.end()]) + joined[m.end():]
    for cell, text in zip(cells, joined.split("\n")):
        cell.beside_motto = text != cell.text
        cell.text = " ".join(text.split())
    cells = [c for c in cells if c.text]
    mended: list[Cell] = []
    for cell in cells:
        previous = mended[-1] if mended else None
        if previous and SYMBOL_CUT.search(previous.text) and cell.line == previous.line + 1:
            previous.text = previous.text + cell.text.split()[0]
            rest = cell.text.split(maxsplit=1)[1:]
            if rest:
                mended.append(Cell(cell.line, rest[0]))
        elif previous and (NUMBER_LABEL_ALONE.search(previous.text) or DATE_WITHOUT_YEAR.search(previous.text)):
            previous.text = f"{previous.text} {cell.text}"
        else:
            mended.append(cell)
    return mended


def place_before(text: str) -> str | None:
    """The place written right before ", ngày …": capitalised words read backwards ("Đức Phồ")."""
    words = []
    for word in reversed(text.split()):
        if level_of_abbreviation(word) == "thành phố" and words:
            words.append(word)           # "TP. Hồ Chí Minh", whole
            break
        if not word.isalpha() or (is_upper(word) and len(word) > 1) or len(words) == 5:
            break
        words.append(word)
    while words and not words[-1][0].isupper():
        words.pop()          # a place starts with a capital: "Thành phố Hồ Chí Minh"
    return " ".join(reversed(words)) or None
