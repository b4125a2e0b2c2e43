"""Vietnamese numbers: "." groups thousands, "," marks decimals.

    1.050 -> 1050        61,4 -> 61.4        8.962,46 -> 8962.46
    92,460 -> 92.46      49.634.181.598 -> 49634181598

The one parser every extractor uses. A number written the English way
("1.5", as OCR or a careless typist may produce) is read as a decimal only
when the dot cannot be a thousands separator (not followed by exactly three digits).

Quantities add what the reports say around a number: a qualifier ("trên 75%"
is more than 75%, "80% trở lên" at least 80%) and ranges ("từ 60% - 80%",
"10 đến 15 lượt"), see `parse_quantity`.
"""
from __future__ import annotations

import math
import re
from typing import Iterator
from dataclasses import dataclass
from decimal import Decimal

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

# A whole quantity on its own: qualifier, number, "%", range, "trở lên".
QUANTITY = re.compile(
    rf"""
    ^\s*
    (?:(?P<qualifier>{_QUALIFIER_WORDS})\s+)?       # "trên ", "tối thiểu là "
    (?:từ\s+)?
    (?P<low>{NUMBER.pattern})
    (?P<percent>\s?%)?
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    value: float
    value_high: float | None = None   # upper end of a range
    qualifier: str | None = None      # lower case: "trên", "tối thiểu", "trở lên"
    percent: bool = False
    text: str = ""                    # the number part as written: "61,4%", "60% - 80%"


def normalize_qualifier(words: str | None) -> str | None:
    """"Tối  thiểu là" -> "tối thiểu": lower case, single spaces, no trailing "là"."""
    if not words:
        return None
    return re.sub(r"\s+là$", "", " ".join(words.lower().split()))


def parse_quantity(text: str) -> Quantity:
    """"trên 75%" -> Quantity(75, qualifier="trên", percent=True); raise ValueError if no number leads."""
    m = QUANTITY.match(text)
    if not m:
        raise ValueError(f"not a quantity: {text!r}")
    value = parse_number(m["low"])
    end = m.end()
    percent = bool(m["percent"])
    high = None
    tail = RANGE_TAIL.match(text[end:])
    if tail:
        high = parse_number(tail["high"])
        percent = percent or bool(tail["percent"])
        end += tail.end()
    qualifier = normalize_qualifier(m["qualifier"])
    after = QUALIFIER_AFTER.match(text[end:])
    if after and not qualifier:
        qualifier = normalize_qualifier(after["qualifier"])
    return Quantity(value, high, qualifier, percent, text[m.start("low"):end].strip())


# ---------------------------------------------------------------- money

# Scale words before "đồng", largest first so "nghìn tỷ" is not read as "nghìn".
_SCALE = r"(?:nghìn|ngàn)\s+(?:tỷ|tỉ) | nghìn | ngàn | triệu | tỷ | tỉ"
_SCALE_VALUE = {"nghìn tỷ": 10**12, "ngàn tỷ": 10**12, "nghìn tỉ": 10**12, "ngàn tỉ": 10**12,
                "tỷ": 10**9, "tỉ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3}
# An amount as written: "1.389", "6,1", "350.000.000", "8.962,46" (pattern text for other patterns).
MONEY_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# The word "đồng" as the currency, not "đồng chí", "đồng bộ" … (pattern text for other patterns).
DONG = r"đồng(?!\s+(?:chí|bộ|thời|ý|tình|hành|loạt|đều|nghiệp|minh|tâm|hồ))"

# An amount of money as prose writes it: "350 triệu đồng", "1,2 nghìn tỷ đồng", "2.350.000.000 đồng",
# "8.450.000.000 VNĐ", a compound "15 tỷ 300 triệu đồng", a range read by its low end
# ("từ 200 đến 300 triệu đồng", "150 - 200 tỷ đồng", "50 triệu đồng đến 80 triệu đồng").
MONEY = re.compile(
    rf"""
    (?<![\d.,])
    (?: (?P<low>{MONEY_NUMBER}) \s* (?P<low_scale>{_SCALE})? (?:\s+(?:đồng|VNĐ|VND))?
        \s* (?:-|–|đến|tới) \s* )?                    # the low end of a range: "200 đến", "50 triệu đồng đến"
    (?: (?P<major>{MONEY_NUMBER}) \s* (?P<major_scale>{_SCALE}) \s+ (?=\d) )?   # "15 tỷ " in "15 tỷ 300 triệu đồng"
    (?P<number>{MONEY_NUMBER}) \s*
    (?P<unit>
        (?P<scale>{_SCALE}) \s+ (?:đồng|VNĐ|VND)      # "1,5 tỷ đồng"
      | (?P<bare_scale>triệu|tỷ|tỉ) (?=\s*(?:[.,;:)]|$))   # "1,5 tỷ." (not "2 triệu lượt", "tỷ lệ")
      | {DONG}                                       # not "đồng chí", "đồng bộ"
      | VNĐ | VND
      | (?= \s*/\s* (?:{MONEY_NUMBER}) \s* (?P<shared_scale>{_SCALE}) \s+ (?:đồng|VNĐ|VND) )
                                                     # "654,935/871,321 triệu đồng": the first of two amounts
                                                     # (spent of planned) shares the second's unit
    )
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Every MONEY match holds one of these words: a paragraph without them needs no MONEY scan.
# ((?=[đvt]): their first letters, which let re skip ahead to them instead of trying every character)
MONEY_HINT = re.compile(r"(?=[đvt])(?:đồng|VNĐ|VND|triệu|tỷ|tỉ)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def digit_led_finditer(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """pattern.finditer(text) for a pattern whose matches start with a digit, tried at the digits only.

    Such patterns (NUMBER, MONEY, the dates and document numbers) open with a look-behind,
    which keeps re from skipping ahead to a digit by itself: it tries them at every character.
    """
    position = 0
    while digit := _DIGIT.search(text, position):
        m = pattern.match(text, digit.start())
        if m:
            yield m
            position = m.end()
        else:
            position = digit.start() + 1


def find_money(s: str) -> Iterator[re.Match]:
    """MONEY.finditer(s), faster: only in text with a money word, only at digits."""
    return digit_led_finditer(MONEY, s) if MONEY_HINT.search(s) else iter(())
# "50.000 đồng/người/ngày", "15 triệu đồng/người": a rate per person, month, …, not a sum.
_PER = re.compile(r"\s*/\s*[^\W\d_]")


def _scale(words: str | None) -> int:
    return _SCALE_VALUE[" ".join(words.lower().split())] if words else 1


def money_value(m: re.Match) -> int:
    """The amount a MONEY match states, in đồng; a range gives its low end."""
    scale = _scale(m["scale"] or m["bare_scale"] or m["shared_scale"])
    value = parse_number(m["number"]) * scale
    if m["major"]:
        value += parse_number(m["major"]) * _scale(m["major_scale"])
    if m["low"]:
        low = parse_number(m["low"]) * (_scale(m["low_scale"]) if m["low_scale"] else scale)
        if low < value:             # "năm 2021 - 300 triệu đồng" is no range
            value = low
    return round(value)


def is_bare_dong(m: re.Match) -> bool:
    """"2.350.000.000 đồng": an amount written in đồng, without a scale word."""
    return not (m["scale"] or m["bare_scale"] or m["shared_scale"])


def is_rate(text: str, m: re.Match) -> bool:
    """The amount is a rate: "50.000 đồng/người", "52,5 triệu đồng/người/năm"."""
    return bool(_PER.match(text, m.end()))
