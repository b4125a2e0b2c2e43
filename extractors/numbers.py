"""Vietnamese numbers: "." groups thousands, "," marks decimals.

    1.050 -> 1050        61,4 -> 61.4        8.962,46 -> 8962.46
    92,460 -> 92.46      49.634.181.598 -> 49634181598

The one parser every extractor uses. A number written the English way
("1.5", as OCR or a careless typist may produce) is read as a decimal only
when the dot cannot be a thousands separator (not followed by exactly three digits).

Around a number the reports say more: a qualifier ("trên 75%" is more than 75%,
"80% trở lên" at least 80%) and a range ("từ 60% - 80%", "10 đến 15 lượt"):
QUALIFIER_BEFORE, QUALIFIER_AFTER, RANGE_TAIL; after a total, the words that open its parts
("…, trong đó …"): PARTS_OPENER. Amounts of money: extractors.lang.money.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Iterator

# A number as written in the reports, thousands groups and decimal part included.
NUMBER = re.compile(
    r"""
    (?<![\d.,])                      # not the tail of a longer number
    (?:
        \d{1,3}(?:\.\d{3})+          # 1.050, 49.634.181.598   (thousands groups)
      | \d+                          # 151, 2022
    )
    (?:,\d+)?                        # ,46   decimal part
    (?:\.\d{1,2}(?!\d))?             # .5    English decimal (only when not a thousands group)
    (?![\d])
    """,
    re.VERBOSE,
)

_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_DIGITS_DOTS_COMMAS = re.compile(r"[0-9.,]+")


def parse_number(text: str) -> float:
    """Parse one number written the Vietnamese way; raise ValueError otherwise."""
    s = text.strip().replace(" ", "")
    if not s or not _DIGITS_DOTS_COMMAS.fullmatch(s) or not s[0].isdigit() or not s[-1].isdigit():
        raise ValueError(f"not a number: {text!r}")
    if _THOUSANDS.match(s):
        value = float(s.replace(".", "").replace(",", "."))
    elif s.count(",") == 1 and "." not in s:
        value = float(s.replace(",", "."))
    elif s.count(".") == 1 and "," not in s:
        value = float(s)            # "1.5": a dot that cannot group thousands
    elif s.isdigit():
        value = float(s)
    else:
        raise ValueError(f"not a number: {text!r}")
    if not math.isfinite(value):    # hundreds of digits overflow to inf
        raise ValueError(f"number too large: {text!r}")
    return value


def format_number(value: float, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: format_number(8962.46) == "8.962,46".

    Without `decimals`, writes the shortest digits that read back as the same
    float (so parse_number(format_number(x)) == x), never exponent notation.
    """
    if decimals is None:
        plain = format(Decimal(repr(abs(float(value)))), "f")
    else:
        plain = f"{abs(value):.{decimals}f}"
    whole, _, frac = plain.partition(".")
    frac = frac.rstrip("0") if decimals is None else frac
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


# Words before a number that qualify it. "trên" means "more than" only here,
# before the number; "84,61% trên tổng số" (after it) means "out of".
_QUALIFIER_WORDS = r"""
        tối\s+thiểu(?:\s+là)? | ít\s+nhất | không\s+dưới        # at least
      | tối\s+đa | không\s+quá                                 # at most
      | trên | hơn | dưới | khoảng | gần | xấp\s+xỉ | chưa\s+đến
      | ước\s+tính | ước                                       # estimated
"""
QUALIFIER_BEFORE = re.compile(
    rf"""
    (?<!\w) (?P<qualifier>{_QUALIFIER_WORDS})
    \s+ (?:từ\s+)? $                 # directly before the number ("tối đa từ 60%")
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "80% trở lên": at least, written after the number (or after "14 tuổi").
QUALIFIER_AFTER = re.compile(r"^\s*(?P<qualifier>trở\s+lên)\b", re.IGNORECASE)

# The upper end of a range, read right after the lower number (and its "%").
RANGE_TAIL = re.compile(
    rf"""
    ^\s* (?:-|–|đến|tới) \s*         # "60% - 80%", "30% đến 50%", "10 đến 15"
    (?P<high>{NUMBER.pattern})
    (?P<percent>\s?%)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The words after a total that open its parts: "…, trong đó thu nội địa …", "… bao gồm …", "gồm:"
# (pattern text: indicators and budget lines add what else opens parts where they read them).
PARTS_OPENER = r"(?:trong\s+đó|(?:bao\s+)?gồm)"
# A trailing "là" of a qualifier as written: "tối thiểu là".
_TRAILING_LÀ = re.compile(r"\s+là$")


def normalize_qualifier(words: str | None) -> str | None:
    """"Tối  thiểu là" -> "tối thiểu": lower case, single spaces, no trailing "là"."""
    if not words:
        return None
    return _TRAILING_LÀ.sub("", " ".join(words.lower().split()))


# A digit: a text without one holds no number.
DIGIT = re.compile(r"\d")


def digit_led_finditer(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """pattern.finditer(text) for a pattern whose matches start with a digit, tried at the digits only.

    Such patterns (NUMBER, MONEY, the dates and document numbers) open with a look-behind,
    which keeps re from skipping ahead to a digit by itself: it tries them at every character.
    """
    position = 0
    while digit := DIGIT.search(text, position):
        m = pattern.match(text, digit.start())
        if m:
            yield m
            position = m.end()
        else:
            position = digit.start() + 1
