"""Masking: spans that hold numbers but no value (document numbers, dates) are blanked before
numbers are read, to the same length, so offsets still map back to lines.

    mask("theo Kế hoạch số 3225/KH-UBND ngày 22/12/2022 đạt 80%", (DOCUMENT_REFERENCE, NUMERIC_DATE))
    -> "theo Kế hoạch số ############################ đạt 80%"
"""
from __future__ import annotations

import re

from extractors.dates import NUMERIC_DATE, SPELLED_DATE, YEAR_PATTERN
from extractors.lang.reference_pattern import DOCUMENT_REFERENCE, REFERENCE_HINT
from extractors.numbers import DIGIT, digit_led_finditer

MASK_CHAR = "#"

# "tháng 8/2022", "Quý II/2022" style month/year pairs: a date, not a fraction.
MONTH_YEAR = re.compile(rf"(?<![\d/.,])\d{{1,2}}/{YEAR_PATTERN}(?![\d/])")


# What each masked pattern needs in the text to match at all (a cheap test that spares running it):
# its digits and separators without the look-behind (which keeps re from skipping ahead), or its fixed word.
_NEEDS = {
    DOCUMENT_REFERENCE: REFERENCE_HINT,                               # "3225/KH", "36-NQ"
    NUMERIC_DATE: re.compile(rf"\d[/.-]\d{{1,2}}[/.-]{YEAR_PATTERN}"),    # "22/12/2022", "15.9.2023"
    MONTH_YEAR: re.compile(rf"\d/{YEAR_PATTERN}"),                      # "8/2022"
    SPELLED_DATE: re.compile(r"tháng", re.IGNORECASE),                # "ngày 22 tháng 12 năm 2022"
}


def mask(text: str, patterns) -> str:
    """`text` with every match of `patterns` (keys of _NEEDS) blanked to MASK_CHAR, same length."""
    if not DIGIT.search(text):    # every masked span holds a digit
        return text
    for pattern in patterns:
        if _NEEDS[pattern].search(text):
            text = _blank_matches(pattern, text)
    return text


def _blank_matches(pattern: re.Pattern, text: str) -> str:
    """pattern.sub(…) with each match blanked to "#"s (no masked pattern matches an empty span)."""
    matches = digit_led_finditer(pattern, text) if pattern in _DIGIT_LED else pattern.finditer(text)
    pieces = []
    done = 0
    for m in matches:
        pieces += (text[done:m.start()], MASK_CHAR * (m.end() - m.start()))
        done = m.end()
    pieces.append(text[done:])
    return "".join(pieces)


# Masked patterns whose matches start with a digit (see numbers.digit_led_finditer).
_DIGIT_LED = {DOCUMENT_REFERENCE, MONTH_YEAR, NUMERIC_DATE}
