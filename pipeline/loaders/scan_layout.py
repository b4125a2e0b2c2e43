"""Tesseract's words laid out as the page shows them: columns side by side as TAB cells
of one row (`layout_rows`), a symbol cut by the line end joined back (`join_broken_symbols`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

COLUMN_GAP = 1.5        # a gap this many line heights wide separates columns (running text: at most 0.6)


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int


@dataclass
class OcrLine:
    """One line as Tesseract segmented it: its block and its words with their boxes."""

    block: int
    words: list[Word]

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def left(self) -> int:
        return self.words[0].left

    @property
    def right(self) -> int:
        return self.words[-1].right

    def cells(self) -> list[str]:
        """The line's words, cut into cells where a gap is wider than COLUMN_GAP x-heights
        ("Số: 215/TCKH-NS" | "An Phú, ngày 12 tháng 3 năm 2024" on one scanned row)."""
        height = max(self.bottom - self.top, 1)
        out = [[self.words[0].text]]
        for before, word in zip(self.words, self.words[1:]):
            if word.left - before.right > COLUMN_GAP * height:
                out.append([])
            out[-1].append(word.text)
        return [" ".join(cell) for cell in out]


def layout_rows(lines: list[OcrLine]) -> list[tuple[int, str]]:
    """(top, text) rows in the order of the page: top to bottom, and left to right within a row.

    Lines side by side (the header's two columns, "Nơi nhận:" beside the signer,
    a note in the margin), which Tesseract puts in separate blocks or glues
    into one line, become one row whose cells are TAB-separated, as a Word
    header table is; the header and signature readers take cells apart. A blank
    line separates rows that share no block (paragraphs, as Tesseract found them).
    """
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: (line.top + line.bottom) / 2):
        centre = (line.top + line.bottom) / 2
        row = rows[-1] if rows else None
        if row and row[0].top <= centre <= row[0].bottom and not any(
                line.left < other.right and other.left < line.right for other in row):
            row.append(line)
        else:
            rows.append([line])
    placed: list[tuple[int, str]] = []
    previous_blocks: set[int] = set()
    for row in rows:
        row.sort(key=lambda line: line.left)
        blocks = {line.block for line in row}
        if previous_blocks and not blocks & previous_blocks:
            placed.append((row[0].top, ""))
        placed.append((min(line.top for line in row), "\t".join(cell for line in row for cell in line.cells())))
        previous_blocks = blocks
    return placed


# A row that ends inside a symbol ("… Quyết định số 7619/QĐ-") and the code that the next row starts with ("BCA").
_SYMBOL_CUT = re.compile(r"""
    \d{1,6} \s? / \s?                  # the number and its slash: "7619/", "24 / "
    (?: (?:19|20)\d{2} / )?             # the year of a decree's symbol: "2023/"
    (?: [A-ZĐ][A-Za-zĐđ0-9&]* - )+      # codes each ending in the hyphen where the line was cut: "QĐ-"
    $""", re.VERBOSE)
_CODE_START = re.compile(r"""
    ^ [A-ZĐ] [A-ZĐ0-9&]* [A-ZĐ0-9]      # a capital code of two characters or more: "BCA", "UBND", "CP"
    (?= $ | [\s,;.)] )                  # ... ending where a word ends
    """, re.VERBOSE)


def join_broken_symbols(rows: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Move the code that ends a symbol cut by the line end back to its line: "7619/QĐ-" + "BCA ngày …"."""
    out = list(rows)
    emptied = set()
    for i in range(len(out) - 1):
        top, text = out[i]
        below_top, below = out[i + 1]
        if "\t" in text or "\t" in below or not _SYMBOL_CUT.search(text):
            continue
        if code := _CODE_START.match(below):
            out[i] = (top, text + code.group())
            out[i + 1] = (below_top, below[code.end():].lstrip())
            if not out[i + 1][1]:
                emptied.add(i + 1)      # the row held only the code: not a blank line between paragraphs
    return [row for i, row in enumerate(out) if i not in emptied]


# A bullet's dash that OCR read with a tilde ("~ Trên 50% …", "~- Chịu trách nhiệm …"): a mark of
# dashes and tildes alone at the start of a row, before its words. No Vietnamese line opens with "~",
# and the readers of lists (assignments, indicators) know a bullet by its "-".
_TILDE_DASH = re.compile(r"""
    ^ [-–—]* ~ [~\-–—]*        # tildes, with or without dashes: "~", "~-", "-~"
    (?= \s )                   # standing alone before the row's words
    """, re.VERBOSE)


def restore_bullet_dashes(rows: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A row opening with a dash read as a tilde opens with "-" again."""
    return [(top, _TILDE_DASH.sub("-", text)) for top, text in rows]
