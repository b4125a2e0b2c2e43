"""Reading values in a paragraph: percentages, fractions, counts and amounts, before they are placed.

    "đã cấp trên 130.141/131.749 CCCD, đạt 98,78%" -> one value: 98,78 % of 130.141/131.749 CCCD
    "mức độ 3", "Điều 25", "năm 2023", "4G": numbers that name things, skipped

A count or fraction followed by the percentage it amounts to is one value; amounts that are
budget lines (extractors.lang.money.is_budget_amount) are left to extractors.budget.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.dates import NUMERIC_DATE, SPELLED_DATE
from extractors.lang.masking import MASK_CHAR, MONTH_YEAR, mask
from extractors.lang.money import DONG, MONEY, MONEY_HINT, is_bare_dong, is_budget_amount, is_rate, money_value
from extractors.lang.periods import YEAR
from extractors.numbers import (
    NUMBER,
    PARTS_OPENER,
    QUALIFIER_AFTER,
    QUALIFIER_BEFORE,
    RANGE_TAIL,
    digit_led_finditer,
    normalize_qualifier,
    parse_number,
)
from extractors.sentences import LOOSE_SENTENCE_END

# The most words a pattern read right before a number holds: "tối thiểu là từ" (QUALIFIER_BEFORE);
# LABEL_BEFORE holds two ("giai đoạn"), RANK_BEFORE and OWNER_BEFORE one.
_MOST_WORDS_BEFORE = 4


@lru_cache(maxsize=1)   # a number's labels, qualifier and owner are all read back from its start
def _words_before(text: str, end: int) -> int:
    """Start of the last few words (letters, spaces between) that end at `end`.

    The patterns read right before a number ("mức độ 3", "trên 80%", "của 15 xã") match
    only letters and spaces up to the number, each word whole (a look-behind at their start), and
    at most _MOST_WORDS_BEFORE words: so they are searched from here, not from the paragraph
    start (same match, without re-reading a long run of words for every number).
    """
    start = end
    words = 0
    in_word = False
    while start:
        c = text[start - 1]
        if c.isalpha():
            if not in_word:
                words += 1
                if words > _MOST_WORDS_BEFORE:
                    break
                in_word = True
        elif c.isspace():
            in_word = False
        else:
            break
        start -= 1
    return start


def _search_before(pattern: re.Pattern, text: str, end: int) -> re.Match | None:
    """pattern.search(text[:end]) for a pattern of letters and spaces anchored at its end ("…\\s*$")."""
    return pattern.search(text, _words_before(text, end), end)


# ---------------------------------------------------------------------------
# What sits around a number.

# A number that names something rather than counts it: "mức độ 3", "cấp độ 2",
# "mức 2", "Điều 25", "Khóa 11", "Đề án 06", "Nghị quyết số 36", "lần thứ 4",
# "năm 2023", "tháng 8", "quý 2", "giai đoạn 2", "Phụ lục 1", "Mục 2", "lúc 8".
LABEL_BEFORE = re.compile(
    r"""
    (?<!\w)
    (?: mức(?:\s+độ)? | cấp\s+độ | điều | khoản | khóa | khoá | đề\s+án | số | thứ
      | năm | tháng | ngày | quý | giai\s+đoạn | phụ\s+lục | mục | chương | phần
      | giờ | lúc | kỳ | đợt | tập | top | hạng | lớp | version | phiên\s+bản
    )
    \s* $
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "mức độ 3, 4" / "Điều 25, 26 và 27": a number continuing a list of labels.
LABEL_LIST_GAP = re.compile(r"^\s*(?:,|và|hoặc|-)\s*$")
# "nhóm 3/13 huyện": a rank (top 3 of 13), kept as a value of 3.
RANK_BEFORE = re.compile(r"(?<!\w)nhóm\s*$", re.IGNORECASE)
# "của 15 xã, phường": the places something belongs to, not what is counted.
OWNER_BEFORE = re.compile(r"(?<!\w)của\s*$", re.IGNORECASE)
# A list item or section number at the start of a paragraph: "2.3 Phát triển", "3 Mua sắm".
ITEM_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+(?=[A-ZĐÀ-Ỹ])")

# Words that follow a number without making it a count of things.
_NOT_UNITS = {
    "năm", "tháng", "tuần", "ngày", "giờ", "phút", "giây", "tuổi", "cấp", "lần", "khóa", "khoá",
    "điều", "khoản", "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "và", "hoặc", "hay", "là", "đến", "tới",
    "trên", "dưới", "so", "với", "của", "đã", "đang", "được", "trong", "tại", "từ", "mức", "độ",
    "lớp", "chiều", "x", "ngân", "nguồn", "kinh", "vốn", "chi",
}
# Words that end a unit phrase: verbs, prepositions and connectives after the counted noun.
_UNIT_STOP = {
    "của", "với", "được", "đã", "đang", "sẽ", "là", "tại", "trên", "dưới", "cho", "trong", "để",
    "và", "theo", "thuộc", "đạt", "chiếm", "có", "từ", "đến", "qua", "vào", "bị", "nhằm", "gồm",
    "so", "về", "do", "như", "thì", "mà", "nhưng", "hoặc", "hay", "này", "đó", "ở", "tham", "đầu",
    "thực", "tiếp", "giải", "kích", "sử", "hoạt", "triển", "cài", "phục", "chuyển", "đăng", "duyệt",
    "nâng", "xây", "cần", "kỳ", "hiện", "chưa", "không", "trực", "tương", "bao", "cụ", "kể",
}
# Place nouns a unit may list after a comma: "xã, phường", "huyện, thị xã, thành phố".
_PLACE_NOUNS = ("phường", "thị xã", "thị trấn", "thành phố", "tổ dân phố", "huyện", "xã", "thôn")
# ", thị xã", ", thành phố": one more place noun in such a list.
_MORE_PLACE_NOUNS = re.compile(r",\s*(" + "|".join(_PLACE_NOUNS) + r")(?!\w)", re.IGNORECASE)

WORD = re.compile(r"[^\W\d_]+")
# The counted noun right after a number: up to six words, stopped by punctuation or _UNIT_STOP.
UNIT_AFTER = re.compile(r"^[ ]+(?P<words>[^\W\d_]+(?:[ ]+[^\W\d_]+)*)")
# "130.141/131.749", "1.050 hồ sơ trực tuyến/tổng số 1.710", "123.653 hồ sơ cấp CCCD/128.329"
FRACTION_TAIL = re.compile(
    rf"""
    ^(?:[ ]+(?P<unit>[^\W\d_]+(?:[ ]+[^\W\d_]+){{0,5}}))?   # the numerator's noun, if written
    \s*/\s*
    (?:tổng\s+số\s+)?                                       # "/tổng số 1.710"
    (?P<denominator>{NUMBER.pattern})
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The "%" right after a number: "55,09%", "55,09 %".
_PERCENT_SIGN = re.compile(r"\s?%")
# A number standing alone: nothing counted follows ("…: 354;", "thị xã 01;", "(cấp xã 51)").
BARE_END = re.compile(r"^\s*(?:[;,.)*]|\(|$)")
# The end of an item's label: "cấp xã 51", "các xã, phường: 219", "… là 15".
_AFTER_LABEL = re.compile(r"[^\W\d_][\s:]*$|\blà\s*$")
# Where a total is broken down: "(trong đó: …)", "(…)", "gồm: …", "cụ thể: …".
BREAKDOWN_OPENER = re.compile(rf"\(|{PARTS_OPENER}|cụ\s+thể", re.IGNORECASE)
# "Tổng số chứng thư số đã cấp: 354": the total names its unit before the colon.
TOTAL_OF = re.compile(
    r"tổng\s+số\s+(?P<unit>[^\W\d_]+(?:\s+[^\W\d_]+)*?)(?:\s+(?:đã|được|là|hiện|có)\b[^:;]*)?\s*:\s*$",
    re.IGNORECASE,
)
# "Tỷ lệ", a share, also spelled "tỉ lệ": read in the links to a share and in the names of measures.
SHARE_WORD = r"(?:t[ỷỉ]\s+lệ)"
# Words between a count (or fraction) and the percentage it amounts to: "…, đạt 98,78%",
# "…, chiếm tỷ lệ 61,4%", "… (đạt tỉ lệ 96,36%)".
SHARE_LINK = re.compile(
    rf"""^[^;%]{{0,60}}?                        # the rest of the counted noun phrase ("… mức 2")
        (?:\b(?:đạt|chiếm|bằng)\s*{SHARE_WORD}? | \b{SHARE_WORD})
        \s*(?:là\s*)?$                       # a link right before the percentage
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A gap that starts a new measure ("…, tỷ lệ phủ sóng đạt 68%"): the percentage is not a share of the count.
NEW_MEASURE = re.compile(rf"{SHARE_WORD}\s+(?!là\b)[^\W\d_]", re.IGNORECASE)



@dataclass
class Found:
    """A value read from one paragraph, before it is placed in context."""

    start: int                  # span of the number(s) as written
    end: int
    value: float
    value_text: str
    unit: str | None
    value_high: float | None = None
    qualifier: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    unit_end: int = 0           # end of the unit phrase (for subjects read after the value)
    lead_start: int | None = None   # start of the count or fraction a percentage absorbed
    lead_unit: str | None = None    # its counted noun ("CCCD" of "130.141/131.749 CCCD, đạt 98,78%")
    itemised: bool = False      # a bare number that took its unit from the total it itemises
    numerator_unit: str | None = None   # a fraction's numerator noun: "hồ sơ cấp CCCD" of "123.653 hồ sơ cấp CCCD/128.329"

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    @property
    def lead_or_start(self) -> int:
        return self.lead_start if self.lead_start is not None else self.start


# ---------------------------------------------------------------------------
# Reading values.

def scan(text: str, references_masked: str, table_row: bool) -> list[Found]:
    """The values in `text`, read from `references_masked` (its document numbers masked)."""
    masked = mask(references_masked, (NUMERIC_DATE, SPELLED_DATE, MONTH_YEAR))
    values: list[Found] = []
    consumed_to = 0
    label_end = -1                 # end of the last number read as a label ("mức độ 3")
    parent: Found | None = None   # the last count, whose breakdown may follow
    item_number = ITEM_NUMBER.match(masked)
    may_hold_money = None          # looked for once, from the first number that may be an amount
    for m in digit_led_finditer(NUMBER, masked):
        start, end = m.span()
        if start < consumed_to or _glued(masked, start, end):
            continue
        if item_number and start < item_number.end():
            continue
        item = _percentage(text, masked, m)     # "mức 80%", "“50% …”": a percentage whatever precedes it
        if item is None and may_hold_money is None:    # an amount's money word follows its number
            may_hold_money = MONEY_HINT.search(masked, start) is not None
        money = MONEY.match(masked, start) if item is None and may_hold_money else None
        if money:                               # "mức 500.000 đồng/người": an amount whatever precedes it
            if is_budget_amount(text, money):
                consumed_to = money.end()       # a budget line (extractors.budget), not an indicator too
                continue
            item = _money(text, masked, money) if is_bare_dong(money) or is_rate(text, money) else None
        elif item is None:
            if label_end >= 0 and LABEL_LIST_GAP.match(masked[label_end:start]):
                label_end = end
                continue
            if _search_before(RANK_BEFORE, masked, start):
                item = _fraction(text, masked, m, rank=True)
                label_end = end
            elif _search_before(LABEL_BEFORE, masked, start) or _after_quote(masked, start):
                label_end = end
                continue
            else:
                label_end = -1
                if not table_row:
                    item = _fraction(text, masked, m, parent) or _count(text, masked, m, parent)
        if item is None:
            continue
        values.append(item)
        consumed_to = max(item.end, item.unit_end)
        if not item.percent and not item.itemised:
            parent = item
    return _merge_shares(values, masked)


def _after_quote(masked: str, start: int) -> bool:
    """The number opens a quotation: "“50% …”" (spaces between allowed)."""
    end = start
    while end and masked[end - 1].isspace():
        end -= 1
    return end > 0 and masked[end - 1] in "“\""


def _glued(masked: str, start: int, end: int) -> bool:
    """"4G", "IPv4", "3D", "A1": a number stuck to letters is part of a name."""
    before = masked[start - 1] if start else " "
    after = masked[end] if end < len(masked) else " "
    if before in "-/" and start >= 2 and masked[start - 2].isalpha():
        return True                  # "Covid-19"
    return before.isalpha() or before == MASK_CHAR or after.isalpha() or after == MASK_CHAR


def _is_year(number: str) -> bool:
    return bool(YEAR.fullmatch(number))


def _qualifier_before(masked: str, start: int) -> tuple[str | None, int]:
    q = _search_before(QUALIFIER_BEFORE, masked, start)
    if not q:
        return None, start
    return normalize_qualifier(q["qualifier"]), q.start()


def _percentage(text: str, masked: str, m: re.Match) -> Found | None:
    start, end = m.span()
    pct = _PERCENT_SIGN.match(masked, end)
    tail = RANGE_TAIL.match(masked[pct.end():] if pct else masked[end:])
    if not pct and not (tail and tail["percent"]):
        return None                 # no "%" at all, as for most numbers: not worth parsing
    value = parse_number(m.group())
    if not pct and parse_number(tail["high"]) <= value:
        return None                 # "22 - 24%": the "%" after the high end makes both percentages
    end = pct.end() if pct else end
    high = None
    if tail and tail["percent"]:
        high = parse_number(tail["high"])
        end += tail.end()
    qualifier, _ = _qualifier_before(masked, start)
    after = QUALIFIER_AFTER.match(masked[end:])
    unit_end = end
    if after:
        qualifier = qualifier or normalize_qualifier(after["qualifier"])
        unit_end = end + after.end()
    return Found(start, end, value, text[start:end], "%", high, qualifier, unit_end=unit_end)


def _money(text: str, masked: str, m: re.Match) -> Found:
    """An amount that is not a budget line: a rate ("50.000 đồng/người") or a sum collected, in đồng."""
    qualifier, _ = _qualifier_before(masked, m.start())
    written_end = max(m.end("number"), m.end("scale"), m.end("bare_scale"))   # "49.634.181.598", "52,5 triệu"
    return Found(m.start(), m.end(), float(money_value(m)), text[m.start():written_end], "đồng", None, qualifier,
                  unit_end=m.end())


def _fraction(text: str, masked: str, m: re.Match, parent: Found | None = None,
              rank: bool = False) -> Found | None:
    start, end = m.span()
    tail = FRACTION_TAIL.match(masked[end:])
    if not tail:
        return None
    numerator_unit = " ".join(tail["unit"].split()) if tail["unit"] else None
    numerator, denominator = parse_number(m.group()), parse_number(tail["denominator"])
    if numerator > denominator and not rank:
        return None
    den_end = end + tail.end()
    unit, unit_end = _unit_after(masked, den_end)
    itemised = not (unit or numerator_unit)
    unit = unit or numerator_unit or _breakdown_unit(masked, start, parent)
    qualifier, _ = _qualifier_before(masked, start)
    return Found(start, den_end, numerator, text[start:den_end], unit, None, qualifier,
                  numerator, denominator, unit_end=max(unit_end, den_end), itemised=itemised,
                  numerator_unit=numerator_unit)


def _count(text: str, masked: str, m: re.Match, parent: Found | None) -> Found | None:
    start, end = m.span()
    number = m.group()
    if _is_year(number):
        return None
    high = None
    itemised = False
    number_end = end
    tail = RANGE_TAIL.match(masked[end:])
    if tail and not tail["percent"]:
        high = parse_number(tail["high"])
        number_end = end + tail.end()
    unit, unit_end = _unit_after(masked, number_end)
    qualifier, _ = _qualifier_before(masked, start)
    if unit is None:
        if high is not None or not BARE_END.match(masked[number_end:]):
            return None
        total = TOTAL_OF.search(_clause_before(masked, start))
        unit = _unit_words(total["unit"]) if total else _breakdown_unit(masked, start, parent)
        if unit is None:
            return None
        unit_end = number_end
        itemised = total is None
    else:
        first = unit.split()[0].lower()
        if first in _NOT_UNITS or _search_before(OWNER_BEFORE, masked, start):
            return None
    after = QUALIFIER_AFTER.match(masked[unit_end:])
    if after:
        qualifier = qualifier or normalize_qualifier(after["qualifier"])
    return Found(start, number_end, parse_number(number), text[start:number_end], unit, high,
                  qualifier, unit_end=unit_end, itemised=itemised)


def _unit_words(words: str) -> str | None:
    """The counted noun at the start of `words`: up to six words, cut at a stop word."""
    kept = []
    for word in words.split():
        if word.lower() in _UNIT_STOP or len(kept) == 6:
            break
        kept.append(word)
    return " ".join(kept) or None


_CURRENCY_DONG = re.compile(DONG)


def _unit_after(masked: str, end: int) -> tuple[str | None, int]:
    """The counted noun after position `end` ("151 trạm BTS," -> "trạm BTS"), with where it ends."""
    m = UNIT_AFTER.match(masked[end:])
    if not m:
        return None, end
    unit = _unit_words(m["words"])
    if unit is None:
        return None, end
    unit_end = end + masked[end:].index(unit) + len(unit)
    # "15/15 xã, phường", "huyện, thị xã, thành phố": a list of place nouns.
    if unit.split()[-1].lower() in _PLACE_NOUNS or unit.lower() in _PLACE_NOUNS:
        while True:
            nxt = _MORE_PLACE_NOUNS.match(masked[unit_end:])
            if not nxt:
                break
            unit_end += nxt.end()
        unit = " ".join(masked[end:unit_end].split())
    if unit.lower().startswith(("triệu đồng", "tỷ đồng", "tỉ đồng", "nghìn đồng", "ngàn đồng")):
        return None, end
    if _CURRENCY_DONG.match(unit.lower()):       # "06 đồng chí" counts people, not đồng
        unit = "đồng"
        unit_end = end + masked[end:].index("đồng") + len("đồng")
    return unit, unit_end


def _breakdown_unit(masked: str, start: int, parent: Found | None) -> str | None:
    """The unit of a bare number that itemises a total: "(trong đó: thị xã 01; xã, phường 15)"."""
    label_end = start            # (the pattern reads only the last letter or "là" and what follows)
    while label_end and (masked[label_end - 1].isspace() or masked[label_end - 1] == ":"):
        label_end -= 1
    if not _AFTER_LABEL.search(masked, max(0, label_end - 2), start):
        return None            # an itemised number follows its label: "cấp xã 51", "các xã, phường: 219"
    if parent is None or parent.unit in (None, "%", "đồng"):
        return None
    between = masked[parent.end:start]
    if LOOSE_SENTENCE_END.search(between) or not BREAKDOWN_OPENER.search(between):
        return None
    return parent.unit


def _clause_before(masked: str, start: int) -> str:
    before = masked[:start]
    return before[max(before.rfind(";"), last_sentence_end(before)) + 1:]


def last_sentence_end(text: str) -> int:
    ends = [m.end() - 1 for m in LOOSE_SENTENCE_END.finditer(text)]
    return ends[-1] if ends else -1


# Where the link to the share starts after a count's noun phrase: ", đạt", " (chiếm tỷ lệ", " tỷ lệ".
_SHARE_LINK_START = re.compile(rf"[\s,(]*\b(?:đạt|chiếm|bằng|{SHARE_WORD})\b", re.IGNORECASE)
_MAX_COUNTED_WORDS = 12


def _counted_phrase(masked: str, count: Found, share_start: int) -> str | None:
    """The noun phrase of a count a share absorbed, up to the link: "3.178.002 dữ liệu chủ sử dụng đất có
    thông tin khớp (chiếm tỷ lệ 75%)" -> "dữ liệu chủ sử dụng đất có thông tin khớp"; its counted noun
    when the phrase is no longer than that or runs on."""
    if count.numerator_unit:            # "123.653 hồ sơ cấp CCCD/128.329 chỉ tiêu": what was counted
        return count.numerator_unit
    phrase = masked[count.end:share_start]
    link = _SHARE_LINK_START.search(phrase)
    phrase = " ".join(phrase[:link.start() if link else len(phrase)].split()).strip(" ,")
    if (count.unit and phrase.startswith(count.unit) and len(phrase) > len(count.unit)
            and len(phrase.split()) <= _MAX_COUNTED_WORDS and MASK_CHAR not in phrase):
        return phrase
    return count.unit


def _merge_shares(values: list[Found], masked: str) -> list[Found]:
    """A count or fraction followed by the percentage it amounts to becomes that percentage's parts."""
    merged: list[Found] = []
    for item in values:
        previous = merged[-1] if merged else None
        if (item.percent and previous is not None and not previous.percent and previous.unit != "đồng"
                and previous.value_high is None):
            gap = masked[max(previous.end, previous.unit_end):item.start]
            if SHARE_LINK.match(gap) and not NEW_MEASURE.search(gap) and not LOOSE_SENTENCE_END.search(gap):
                item.numerator = previous.numerator if previous.numerator is not None else previous.value
                item.denominator = previous.denominator
                item.qualifier = item.qualifier or previous.qualifier
                item.lead_start = previous.start
                item.lead_unit = _counted_phrase(masked, previous, item.start)
                merged[-1] = item
                continue
        merged.append(item)
    return merged
