"""OCR slips inside document symbols, repaired where the symbol's own shape says what was meant.

Tesseract reads a scanned "163/2024/QH15" as "163/2024/QHI5", "1899/SGDĐT" as
"1899/§SGDĐT" (a speck before the code), "4180/2006/QĐ-UBND" as
"4180/2006//QĐ-UBND", and the Đ of a type code as the look-alike Ð (U+00D0) or
a plain D ("QD-UBND"). Each slip hides the mention from the reference pattern or
changes its symbol. `repair_symbols` fixes them in a text, character for
character: the text keeps its length, so every offset (lines, the mention as
written, taken from the text as read) stays where it was.

What is repaired, and only inside a number-and-symbol (digits, then "/" or "-"):
- a doubled "/" after the number or the year: the second becomes a space
  (the reference pattern allows a space beside "/");
- a speck glyph (§ $ | ! ¡ ¦) just before a symbol's first capital: a space;
- Ð (U+00D0, Icelandic eth) anywhere in the symbol: Đ;
- "I", "l", "O" among the digits after a code that takes a number (QH15,
  UBTVQH14, PC04): 1, 1, 0;
- a first segment that is no known type code but becomes one with Đ for D
  (QD, ND, TTLTD…): Đ.

The same look-alikes read a header's handwritten figures (`figures_as_read`):
"Số: l595 /…", "ngày |0 tháng 01". A type code OCR read with a letter doubled ("QĐĐ") is
repaired where the kind is named with it (`symbol_for_kind`): that changes the symbol read,
not the text, so the mention as written keeps the slip.
"""
from __future__ import annotations

import re

from .dates import YEAR_PATTERN
from .doctypes import is_type_code

# A number-and-symbol as OCR leaves it: the number, an optional year, then the symbol with
# whatever slipped into it, up to a space or punctuation that ends it.
_SLIPPED_REFERENCE = re.compile(
    rf"""
    (?<![\w/.,-])\d{{1,6}}                   # the number
    (?:\s?/\s?{YEAR_PATTERN})?             # the year in the number: 42/2022/…
    \s?[-/]{{1,2}}\s?                        # its separator, perhaps doubled ("//")
    [§$|!¡¦]?                              # a speck read before the code
    [A-ZĐÐ][A-Za-zĐđÐ0-9&|]*               # first segment
    (?:[-–/][A-ZĐÐ0-9][A-Za-zĐđÐ0-9&|]*)*  # further segments: -UBND, /TW, -PC04
    """,
    re.VERBOSE,
)
# Every _SLIPPED_REFERENCE has a digit (of its number or year) right before its separator, perhaps
# after one space: a text without one has nothing to repair (most texts, found far quicker).
_DIGIT_THEN_SEPARATOR = re.compile(r"\d\s?[-/]")
_DOUBLED_SLASH = re.compile(r"(?<=/)/")          # the second of "//"
_SPECK = re.compile(r"(?<=[/\s-])[§$|!¡¦](?=[A-ZĐÐ])")
# Codes followed by a number: Quốc hội's term (QH15), its standing committee (UBTVQH14), and the
# police units (PC04, PA05, PV01, PK02, PX03, PH01).
_NUMBERED_CODE = re.compile(r"(?<![A-Za-zĐđ])(?P<code>UBTVQH|QH|P[ACVKXH])(?P<digits>[0-9IlO|]{2})(?![A-Za-z0-9])")
# Letters and strokes OCR reads for a figure: a 1 as "I", "l" or "|", a 0 as "O".
_DIGIT_OF = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0"})
_FIRST_SEGMENT = re.compile(r"(?<=[/\s])(?P<code>[A-Z][A-Za-z]*)(?=-)")


def _repair_one(reference: str) -> str:
    fixed = _DOUBLED_SLASH.sub(" ", reference, count=1)
    fixed = _SPECK.sub(" ", fixed)
    fixed = fixed.replace("Ð", "Đ")
    fixed = _NUMBERED_CODE.sub(lambda m: m["code"] + (figures_as_read(m["digits"]) or m["digits"]), fixed)

    def with_dj(m: re.Match) -> str:
        code = m["code"]
        if is_type_code(code) or "D" not in code:
            return code
        dj = code.replace("D", "Đ")
        return dj if is_type_code(dj) else code

    return _FIRST_SEGMENT.sub(with_dj, fixed, count=1)


def symbol_for_kind(symbol: str, kind_code: str | None, own: bool = False) -> str | None:
    """A state symbol whose type code OCR read with a letter doubled, against the code of the kind
    named with it ("Quyết định số 1575/QĐĐ-BYT": QĐ-BYT), or None when there is nothing to repair.

    Only a doubled letter in a mention: a stroke read twice is OCR's slip, where a letter changed
    may be the writer's own typo, which stays as written ("Thông báo số 565/TN-VPCP", N beside B).
    `own`: the report's own symbol under its kind line ("TỜ TRÌNH" over "Số: 214/TTIr-PGDĐT"),
    where kind and code are one document's: any one letter more, less or changed is a slip.
    """
    first, dash, rest = symbol.partition("-")
    if not kind_code or not dash or first == kind_code or is_type_code(first):
        return None
    if own:
        return kind_code + dash + rest if _one_edit_apart(first, kind_code) else None
    doubled = any(first[i] == first[i - 1] and first[:i] + first[i + 1:] == kind_code for i in range(1, len(first)))
    return kind_code + dash + rest if doubled else None


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter inserted, dropped or changed turns `a` into `b`."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return len(longer) == len(shorter) + 1 and any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def figures_as_read(written: str) -> str | None:
    """A figure with its OCR look-alikes read as digits ("|0" -> "10", "l5" -> "15"); None unless
    it holds a true digit and nothing but digits and look-alikes (a lone "l" is a letter)."""
    figures = written.translate(_DIGIT_OF)
    return figures if figures.isdigit() and any(c.isdigit() for c in written) else None


def repair_symbols(text: str) -> str:
    """`text` with the OCR slips in its numbers-and-symbols repaired; same length, same offsets."""
    if not _DIGIT_THEN_SEPARATOR.search(text):
        return text
    out = None
    for m in _SLIPPED_REFERENCE.finditer(text):
        fixed = _repair_one(m.group())
        if fixed != m.group():
            out = out or list(text)
            out[m.start():m.end()] = fixed
    return "".join(out) if out else text
