"""Money as the reports write it: the one grammar for amounts in prose and in table cells.

    "350 triệu đồng" -> 350_000_000        "1,2 nghìn tỷ đồng" -> 1_200_000_000_000
    "15 tỷ 300 triệu đồng" -> 15_300_000_000   "từ 200 đến 300 triệu đồng" -> 200_000_000 (low end)
    "654,935/871,321 triệu đồng": two amounts sharing the second's unit
    a table cell "92,460" under "Đơn vị tính: Triệu đồng" -> 92_460_000

An amount in "… đồng/người" is a rate (an indicator, not a budget line); a bare "… đồng"
amount is budget only in a clause about funds (kinh phí, vốn, ngân sách …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from extractors.numbers import DIGIT, digit_led_finditer, parse_number
from extractors.sentences import clause_bounds
from extractors.text import fold

# ---------------------------------------------------------------- units and scale words

# Scale words before "đồng", largest first so "nghìn tỷ" is not read as "nghìn".
_SCALE = r"(?:nghìn|ngàn)\s+(?:tỷ|tỉ) | nghìn | ngàn | triệu | tỷ | tỉ"
# What each scale word multiplies by (folded, single spaces).
SCALE_VALUE = {"nghin ty": 10**12, "ngan ty": 10**12, "nghin ti": 10**12, "ngan ti": 10**12,
               "ty": 10**9, "ti": 10**9, "trieu": 10**6, "nghin": 10**3, "ngan": 10**3}
# The currency as written: "đồng", "VNĐ", "VND".
_CURRENCY = r"(?:đồng|VNĐ|VND)"
_CURRENCY_FOLDED = ("dong", "vnd")
# A scale word standing for money on its own ("1,5 tỷ." but not "2 triệu lượt", "tỷ lệ").
_BARE_SCALE = r"(?:triệu|tỷ|tỉ) (?=\s*(?:[.,;:)]|$))"
_BARE_SCALE_FOLDED = ("trieu", "ty", "ti")
# Table units for a million written short: "tr.đ", "trđ", "tr. đồng".
_MILLION_SHORT = ("tr.d", "trd", "tr. dong", "tr.dong")

# An amount as written: "1.389", "6,1", "350.000.000", "8.962,46" (pattern text for other patterns).
MONEY_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# The word "đồng" as the currency, not "đồng chí", "đồng bộ" … (pattern text for other patterns).
DONG = r"đồng(?!\s+(?:chí|bộ|thời|ý|tình|hành|loạt|đều|nghiệp|minh|tâm|hồ))"
# The unit of an amount: "tỷ đồng", "triệu", "đồng", "VNĐ" (pattern text; its scale in group `scale`
# or `bare_scale`).
_UNIT = rf"""(?P<scale>{_SCALE}) \s+ {_CURRENCY}       # "1,5 tỷ đồng"
      | (?P<bare_scale>{_BARE_SCALE})                 # "1,5 tỷ."
      | {DONG}                                        # not "đồng chí", "đồng bộ"
      | VNĐ | VND"""

# An amount of money as prose writes it: "350 triệu đồng", "1,2 nghìn tỷ đồng", "2.350.000.000 đồng",
# "8.450.000.000 VNĐ", a compound "15 tỷ 300 triệu đồng", a range read by its low end
# ("từ 200 đến 300 triệu đồng", "150 - 200 tỷ đồng", "50 triệu đồng đến 80 triệu đồng").
MONEY = re.compile(
    rf"""
    (?<![\d.,])
    (?: (?P<low>{MONEY_NUMBER}) \s* (?P<low_scale>{_SCALE})? (?:\s+{_CURRENCY})?
        \s* (?:-|–|đến|tới) \s* )?                    # the low end of a range: "200 đến", "50 triệu đồng đến"
    (?: (?P<major>{MONEY_NUMBER}) \s* (?P<major_scale>{_SCALE}) \s+ (?=\d) )?   # "15 tỷ " in "15 tỷ 300 triệu đồng"
    (?P<number>{MONEY_NUMBER}) \s*
    (?P<unit>
        {_UNIT}
      | (?= \s*/\s* (?:{MONEY_NUMBER}) \s* (?P<shared_scale>{_SCALE}) \s+ {_CURRENCY} )
                                                     # "654,935/871,321 triệu đồng": the first of two amounts
                                                     # (spent of planned) shares the second's unit
    )
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)
# An amount in a table cell with its own unit: "1,5 tỷ đồng", "130 triệu đồng", "350.000.000 đồng".
MONEY_WITH_UNIT = re.compile(
    rf"""
    (?<![\d.,])
    (?P<number>{MONEY_NUMBER}) \s*
    (?P<unit> {_UNIT} )
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A cell that is just a number ("1.389", "92,460"), possibly in parentheses.
BARE_AMOUNT = re.compile(rf"^\(?(?P<number>{MONEY_NUMBER})\)?$")
# A unit inside a header cell: "Kinh phí (triệu đồng)", "Tổng mức đầu tư (ĐVT: tỷ đồng)", "(tr.đ)".
HEADER_UNIT = re.compile(r"\((?:ĐVT\s*:\s*)?(?P<unit>(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:đồng|VNĐ|VND)|tr\.?\s*đ(?:ồng)?)\)",
                         re.IGNORECASE)

# Every MONEY match holds one of these words: a paragraph without them needs no MONEY scan.
# ((?=[đvt]): their first letters, which let re skip ahead to them instead of trying every character)
MONEY_HINT = re.compile(r"(?=[đvt])(?:đồng|VNĐ|VND|triệu|tỷ|tỉ)", re.IGNORECASE)
# "50.000 đồng/người/ngày", "15 triệu đồng/người": a rate per person, month, …, not a sum.
_PER = re.compile(r"\s*/\s*[^\W\d_]")
# A bare "… đồng" amount counts as budget only in a clause about funds (folded words).
FUNDS_WORDS = re.compile(r"\b(?:kinh phi|von|ngan sach|du toan|tong muc dau tu)\b")


def unit_multiplier(unit: str | None) -> int | None:
    """đồng per unit: "Triệu đồng" -> 1_000_000, "tỷ" -> 1_000_000_000, "đồng" -> 1; None for no money unit."""
    if not unit:
        return None
    words = " ".join(fold(unit).split()).strip(" .")
    if words in _MILLION_SHORT:
        return 10**6
    scale, _, last = words.rpartition(" ")
    if last in _CURRENCY_FOLDED:
        return SCALE_VALUE.get(scale) if scale else 1
    return SCALE_VALUE[words] if words in _BARE_SCALE_FOLDED else None


def _scale(words: str | None) -> int:
    return SCALE_VALUE[" ".join(fold(words).split())] if words else 1


# ---------------------------------------------------------------- prose

def find_money(s: str) -> Iterator[re.Match]:
    """MONEY.finditer(s), faster: only at digits, and only in text with a money word after its first
    digit (an amount starts with its number; digits are rarer than the letters MONEY_HINT tries)."""
    first_digit = DIGIT.search(s)
    return digit_led_finditer(MONEY, s) if first_digit and MONEY_HINT.search(s, first_digit.start()) else iter(())


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


def is_budget_amount(s: str, m: re.Match) -> bool:
    """Whether the MONEY amount `m` in paragraph `s` is a budget line.

    Not a rate ("50.000 đồng/người": an indicator); an amount in đồng only in a clause about
    funds, so "tổng số tiền 49.634.181.598 đồng" collected stays an indicator.
    """
    if is_rate(s, m):
        return False
    if not is_bare_dong(m):
        return True
    clause_start, clause_end = clause_bounds(s, m.start(), m.end())
    return money_value(m) >= 1000 and bool(FUNDS_WORDS.search(fold(s[clause_start:clause_end])))


# ---------------------------------------------------------------- table cells

@dataclass(frozen=True)
class Money:
    text: str        # as written: "1.389", "1,5 tỷ đồng"
    value: float     # in the unit
    vnd: int


def money_in_cell(cell: str, unit: str | None) -> Money | None:
    """The amount in a table cell: a bare number in the table's unit, or one with its own unit."""
    cell = cell.strip()
    own = MONEY_WITH_UNIT.search(cell)
    if own:
        value = parse_number(own["number"])
        return Money(own.group(0), value, round(value * unit_multiplier(own["unit"])))
    bare = BARE_AMOUNT.match(cell)
    if bare:
        value = parse_number(bare["number"])
        return Money(bare["number"], value, round(value * (unit_multiplier(unit) or 1)))
    return None
