"""Quantitative statements: percentages, fractions, counts and money totals in prose.

    "Tỷ lệ thanh toán trực tuyến đạt 55,09%"            -> 55.09 %
    "100% cơ quan, đơn vị, địa phương có mạng LAN"      -> 100 %, subject after the value
    "đã cấp trên 130.141/131.749 CCCD, đạt 98,78%"      -> 98.78 %, numerator 130141, denominator 131749
    "tiếp nhận 1.050 hồ sơ trực tuyến/tổng số 1.710 hồ sơ, chiếm tỷ lệ 61,4%" -> 61.4 %, 1050/1710
    "mức độ 3 là 310/845"                               -> 310 hồ sơ (a fraction without a percentage)
    "toàn thị xã có 151 trạm BTS"                       -> 151 trạm BTS
    "với tổng số tiền 49.634.181.598 đồng"              -> 49634181598 đồng

A count or fraction followed by the percentage it amounts to ("…, đạt 98,78%")
is one statement, not two. Numbers that only name things are skipped: document
numbers and dates (masked before scanning), years, "mức độ 3", "cấp độ 2",
"Điều 25", "Đề án 06", "4G/5G", "10 năm", "14 tuổi", section numbers.
Budget amounts in "triệu đồng"/"tỷ đồng" belong to extractors.budget.

Each indicator is labelled `target` (a goal) or `actual` (a result): from the
clause ("phấn đấu", "đến năm 2025" after the report's year), else from the
section titles above it (Mục tiêu, Chỉ tiêu, Định hướng, … versus Kết quả,
Tình hình, …), else from the document kind (a Kế hoạch states goals).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.budget import is_budget_amount
from extractors.dates import NUMERIC_DATE, SPELLED_DATE
from extractors.lang.reference_pattern import DOCUMENT_REFERENCE, REFERENCE_HINT
from extractors.models import Indicator, ReportHeader
from extractors.numbers import (
    DONG,
    MONEY,
    MONEY_HINT,
    NUMBER,
    QUALIFIER_AFTER,
    QUALIFIER_BEFORE,
    RANGE_TAIL,
    digit_led_finditer,
    is_bare_dong,
    is_rate,
    money_value,
    normalize_qualifier,
    parse_number,
)
from extractors.text import Paragraph, Text

# ---------------------------------------------------------------------------
# Masking: spans that hold numbers but no indicator are blanked (same length,
# so offsets still map back to lines) before numbers are read.

_MASK_CHAR = "#"

# "tháng 8/2022", "Quý II/2022" style month/year pairs: a date, not a fraction.
MONTH_YEAR = re.compile(r"(?<![\d/.,])\d{1,2}/(?:19|20)\d{2}(?![\d/])")


# What each masked pattern needs in the text to match at all (a cheap test that spares running it):
# its digits and separators without the look-behind (which keeps re from skipping ahead), or its fixed word.
_NEEDS = {
    DOCUMENT_REFERENCE: REFERENCE_HINT,                               # "3225/KH", "36-NQ"
    NUMERIC_DATE: re.compile(r"\d[/.-]\d{1,2}[/.-](?:19|20)\d{2}"),    # "22/12/2022", "15.9.2023"
    MONTH_YEAR: re.compile(r"\d/(?:19|20)\d{2}"),                      # "8/2022"
    SPELLED_DATE: re.compile(r"tháng", re.IGNORECASE),                # "ngày 22 tháng 12 năm 2022"
}


def _mask(text: str, patterns) -> str:
    if not _DIGIT.search(text):    # every masked span holds a digit
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
        pieces += (text[done:m.start()], _MASK_CHAR * (m.end() - m.start()))
        done = m.end()
    pieces.append(text[done:])
    return "".join(pieces)


_DIGIT = re.compile(r"\d")
# Masked patterns whose matches start with a digit (see numbers.digit_led_finditer).
_DIGIT_LED = {DOCUMENT_REFERENCE, MONTH_YEAR, NUMERIC_DATE}


@lru_cache(maxsize=1)   # a number's labels, qualifier and owner are all read back from its start
def _words_before(text: str, end: int) -> int:
    """Start of the run of letters and spaces that ends at `end`.

    The patterns read right before a number ("mức độ 3", "trên 80%", "của 15 xã") match
    only letters and spaces up to the number, so they are searched from here, not from
    the paragraph start (same match, without re-reading the paragraph for every number).
    """
    start = end
    while start and (text[start - 1].isalpha() or text[start - 1].isspace()):
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

_WORD = re.compile(r"[^\W\d_]+")
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
BREAKDOWN_OPENER = re.compile(r"\(|trong\s+đó|gồm|cụ\s+thể", re.IGNORECASE)
# "Tổng số chứng thư số đã cấp: 354": the total names its unit before the colon.
TOTAL_OF = re.compile(
    r"tổng\s+số\s+(?P<unit>[^\W\d_]+(?:\s+[^\W\d_]+)*?)(?:\s+(?:đã|được|là|hiện|có)\b[^:;]*)?\s*:\s*$",
    re.IGNORECASE,
)
# Words between a count (or fraction) and the percentage it amounts to: "…, đạt 98,78%",
# "…, chiếm tỷ lệ 61,4%", "… (đạt tỉ lệ 96,36%)".
SHARE_LINK = re.compile(
    r"""^[^;%]{0,60}?                          # the rest of the counted noun phrase ("… mức 2")
        (?:\b(?:đạt|chiếm|bằng)\s*(?:tỷ\s+lệ|tỉ\s+lệ)? | \b(?:tỷ\s+lệ|tỉ\s+lệ))
        \s*(?:là\s*)?$                       # a link right before the percentage
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A gap that starts a new measure ("…, tỷ lệ phủ sóng đạt 68%"): the percentage is not a share of the count.
NEW_MEASURE = re.compile(r"(?:tỷ|tỉ)\s+lệ\s+(?!là\b)[^\W\d_]", re.IGNORECASE)

# Clause and sentence ends inside a paragraph.
SENTENCE_END = re.compile(r"[.!?](?=\s+[^\W\d_])|[.!?]\s*$")
CLAUSE_END = re.compile(r";")
# Leading words that are not part of a subject: bullets, a section or article label ("II.", "1.2.",
# "a)", "Điều 2."), and words that open a clause ("trong đó:", "phấn đấu", "riêng").
_SUBJECT_LEAD = re.compile(
    r"""^[\s\-+•*–,:(]*
        (?:(?:điều\s+\d+|[IVX]+|\d+(?:\.\d+)*)\.[\s*]+ | \(?(?:[a-zđ]|\d{1,2})\)[\s*]+)?   # Điều 2.  II.**  a)  (2)
        [\s*]*
        (?:(?:trong\s+đó|cụ\s+thể|gồm|phấn\s+đấu|đạt|và|với|riêng|bảo\s+đảm|đảm\s+bảo|như\s+vậy)\b\s*:?)?[\s,:]*""",
    re.VERBOSE | re.IGNORECASE,
)
# Linking words between a subject and its value: "… đạt tỷ lệ", "… là", "… chiếm" (words apart by \s+).
_LINKING_WORDS = (
    "và", "của", "đạt", "là", "chiếm", r"tỷ\s+lệ", r"tỉ\s+lệ", "trên", "khoảng", "gần", r"tối\s+thiểu",
    r"tối\s+đa", r"ít\s+nhất", "dưới", "hơn", "có", "với", "từ", "giảm", "tăng", "bằng", "đến", "phủ",
    "còn", "ước", "xuống", r"trở\s+lên", "lên", "khi", "được", "đã", "đang", "sẽ",
)
# Separators and linking words ending a subject ("…), trong đó" too).
# One removal leaves none: the leftmost match already takes every linking word that ends the subject.
_SUBJECT_TAIL = re.compile(r"(?:[\s,:(≥≤<>]+|\s*\)?\s*,?\s*trong\s+đó|\b(?:" + "|".join(_LINKING_WORDS) + r")\b)+$",
                           re.IGNORECASE)
# Up to the last character no such tail can hold (not a separator, not a letter of a linking word):
# a tail lies after it, so it is searched for there, in the subject's last few characters.
_BEFORE_SUBJECT_TAIL = re.compile(
    r".*[^\s,:(≥≤<>" + "".join(dict.fromkeys(c for words in _LINKING_WORDS for c in words.replace(r"\s+", ""))) + "]",
    re.IGNORECASE | re.DOTALL,
)
# A space left before punctuation: "hồ sơ , đạt".
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,;:)])")   # removed by a plain "" (no template to expand)
# Where the noun phrase after a count ends: punctuation, "(" or another number.
_NOUN_PHRASE_END = re.compile(r"[,;:(\d]")
_MEASURE_NOUN = re.compile(r"^(?:tổng\s+số|số\s+lượng|số|tỷ\s+lệ|tỉ\s+lệ)\b", re.IGNORECASE)
# Where the name of a measure starts inside a longer clause: "bảo đảm tỷ lệ chi cho chuyển đổi số …",
# "Giảm tỷ lệ hộ nghèo …", "với tổng số người tham gia …", "Điều 2. Mức chi hỗ trợ học viên …".
MEASURE_START = re.compile(
    r"""(?<!\w)(?: (?:tỷ|tỉ)\s+lệ | tốc\s+độ | tổng\s+số | số\s+lượng | chỉ\s+số
                 | mức\s+(?:chi|thu|hỗ\s+trợ|đóng|phí|lương|trợ\s+cấp) )(?!\w)""",
    re.VERBOSE | re.IGNORECASE,
)
# A predicate that states an earlier value of the clause ("… ước đạt 6.842,7 tỷ đồng, tăng 7,5%",
# "… ước thực hiện 845,6 tỷ đồng, đạt 47,3%"): the clause's subject is the words before it.
EARLIER_VALUE = re.compile(
    r"""\s(?:ước\s+(?:đạt|thực\s+hiện|tính)|đạt|tăng|giảm|chiếm|là|còn|bằng|thực\s+hiện)
        (?:\s+(?:được|khoảng|trên|dưới|gần|hơn|xuống|lên|tới|(?:tỷ|tỉ)\s+lệ|là))*
        \s+\d""",
    re.VERBOSE | re.IGNORECASE,
)
# What a percentage is compared with, not what it measures: "so với cùng kỳ", "kế hoạch năm", "dự toán".
COMPARISON_BASE = re.compile(
    r"^(?:so\s+(?:với\s+)?(?:cùng\s+kỳ|kế\s+hoạch|dự\s+toán|năm|cuối|đầu)|so\s+với|kế\s+hoạch|dự\s+toán|cùng\s+kỳ"
    r"|chỉ\s+tiêu\s+(?:được\s+)?giao|mục\s+tiêu|nghị\s+quyết|điểm\s+phần\s+trăm|trên\s+tổng)(?!\w)",
    re.IGNORECASE,
)
# "… đối với học viên", "… cho mỗi hộ": whom a rate applies to, read after the amount.
RATE_APPLIES_TO = re.compile(
    r"""(?:/[^\W\d_]+(?:\s[^\W\d_]+)?)*             # what the rate is per: "/người/ngày", "/hộ/tháng"
        \W*(?P<whom>(?:đối\s+với|cho\s+(?:mỗi|một))\s+[^,;.()\d]+)""",
    re.VERBOSE | re.IGNORECASE,
)
# "Tổng số …", "Số lượng …": a total's name, left out when one of its parts is named after it.
_TOTAL_WORDS = re.compile(r"^(?:tổng\s+số|số\s+lượng|tổng)\s+", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Time: when a value holds ("Tính đến 31/12/2023", "6 tháng đầu năm 2022").

_DATE = r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}"
_YEAR = r"(?:19|20)\d{2}"
PERIOD = re.compile(
    rf"""
    (?<!\w)(?:
        từ\s+(?:ngày\s+)?(?P<from_date>{_DATE})\s+đến\s+(?:hết\s+)?(?:ngày\s+)?{_DATE}
                                                        # từ 01/01/2021 đến ngày 25/6/2022
      | từ\s+tháng\s+\d{{1,2}}/{_YEAR}\s+đến\s+(?:hết\s+)?(?:quý\s+[IV]+\s*[-/]\s*{_YEAR}|tháng\s+\d{{1,2}}/{_YEAR}|nay)
                                                        # từ tháng 8/2022 đến hết quý I-2023
      | (?:tính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+)?(?P<until_date>{_DATE})   # Tính đến 31/12/2023
      | ngày\s+(?P<on_date>{_DATE})                      # Ngày 15/9/2023
      | \d{{1,2}}\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+{_YEAR})?   # 6 tháng đầu năm 2022, 6 tháng đầu năm
      | quý\s+[IV]+\s*(?:[-/]|năm)\s*{_YEAR}             # quý I-2023, quý II/2022
      | giai\s+đoạn\s+{_YEAR}\s*[-–]\s*{_YEAR}              # giai đoạn 2021 - 2025
      | từ\s+năm\s+{_YEAR}\s*(?:-|đến)\s*(?:năm\s+)?(?:{_YEAR}|nay)   # từ năm 2022 đến nay
      | (?:cuối|đầu)\s+năm\s+{_YEAR}                     # cuối năm 2023
      | (?:đến|vào)\s+năm\s+{_YEAR}                      # đến năm 2025 (a target horizon)
      | năm\s+{_YEAR}                                    # năm 2023
      | (?:tính\s+)?đến\s+nay | hằng\s+năm | hàng\s+năm
    )(?!\w)
    (?:\s*(?:,|và|-)\s*                                 # more parts: "6 tháng cuối năm 2022 và năm 2023",
       (?: \d{{1,2}}\s+tháng\s+(?:đầu|cuối)\s+năm\s+{_YEAR}   # "năm 2022 và quý I-2023"
         | quý\s+[IV]+\s*(?:[-/]|năm)\s*{_YEAR}
         | (?:cuối\s+|đầu\s+)?năm\s+{_YEAR} )(?!\w) )*
    """,
    re.VERBOSE | re.IGNORECASE,
)
_YEAR_IN = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_YEAR_NUMBER = re.compile(_YEAR)
# "năm 2025": a year named as such (not a number that only looks like one).
_NAMED_YEAR = re.compile(rf"(?:năm|NĂM)\s+({_YEAR})")
# "Tính đến …": the verb is left out of the period phrase.
_PERIOD_VERB = re.compile(r"^(?:tính\s+)?", re.IGNORECASE)

# ---------------------------------------------------------------------------
# Goal or result.

# In the clause itself.
TARGET_CLAUSE = re.compile(r"phấn\s+đấu|mục\s+tiêu|dự\s+kiến|kế\s+hoạch\s+năm|đề\s+ra", re.IGNORECASE)
# In a section title; whichever cue comes first in the title decides.
TARGET_TITLE = re.compile(
    r"""mục\s+tiêu | chỉ\s+tiêu | định\s+hướng | phương\s+hướng | nhiệm\s+vụ\s*(?:,|và)\s*giải\s+pháp
      | dự\s+kiến | dự\s+tr[ùì] | kiến\s+nghị | đề\s+xuất | thời\s+gian\s+(?:tới|đến)""",
    re.VERBOSE | re.IGNORECASE,
)
ACTUAL_TITLE = re.compile(
    r"kết\s+quả|tình\s+hình|thực\s+trạng|đánh\s+giá|khái\s+quát|đạt\s+được|hạn\s+chế|tồn\s+tại",
    re.IGNORECASE,
)
# Document kinds whose body states goals.
_GOAL_DOCUMENTS = {"kế hoạch", "chương trình", "đề án", "phương án", "chỉ thị", "nghị quyết"}


@dataclass
class _Found:
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


def find_indicators(
    text: Text,
    sections=None,
    header: ReportHeader | None = None,
) -> list[Indicator]:
    """Every quantitative statement in the report, in reading order."""
    found: list[Indicator] = []
    column_names: list[str] = []     # the header row of the table being read
    after_table_row = False
    for paragraph in text.paragraphs():
        table_row = paragraph.first_line.is_table_row
        if table_row and not after_table_row:       # a table's first row names its columns
            column_names = _column_names(paragraph.text)
        after_table_row = table_row
        if not _DIGIT.search(paragraph.text):   # no number to read, as in most paragraphs
            continue
        previous_end = 0           # where the previous value's words end
        references_masked = _mask(paragraph.text, (DOCUMENT_REFERENCE,))   # read for values and time phrases
        items = _scan(paragraph.text, references_masked, table_row)
        periods = _periods(references_masked) if items else []
        earlier: list[tuple[_Found, Indicator]] = []
        for i, item in enumerate(items):
            next_start = items[i + 1].lead_or_start if i + 1 < len(items) else len(paragraph.text)
            indicator, previous_end = _place(item, paragraph, table_row, sections, header,
                                             previous_end, next_start, periods, earlier, column_names)
            earlier.append((item, indicator))
            found.append(indicator)
    return found


# ---------------------------------------------------------------------------
# Reading values.

def _scan(text: str, references_masked: str, table_row: bool) -> list[_Found]:
    """The values in `text`, read from `references_masked` (its document numbers masked)."""
    masked = _mask(references_masked, (NUMERIC_DATE, SPELLED_DATE, MONTH_YEAR))
    values: list[_Found] = []
    consumed_to = 0
    label_end = -1                 # end of the last number read as a label ("mức độ 3")
    parent: _Found | None = None   # the last count, whose breakdown may follow
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
    return before.isalpha() or before == _MASK_CHAR or after.isalpha() or after == _MASK_CHAR


def _is_year(number: str) -> bool:
    return bool(_YEAR_NUMBER.fullmatch(number))


def _qualifier_before(masked: str, start: int) -> tuple[str | None, int]:
    q = _search_before(QUALIFIER_BEFORE, masked, start)
    if not q:
        return None, start
    return normalize_qualifier(q["qualifier"]), q.start()


def _percentage(text: str, masked: str, m: re.Match) -> _Found | None:
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
    return _Found(start, end, value, text[start:end], "%", high, qualifier, unit_end=unit_end)


def _money(text: str, masked: str, m: re.Match) -> _Found:
    """An amount that is not a budget line: a rate ("50.000 đồng/người") or a sum collected, in đồng."""
    qualifier, _ = _qualifier_before(masked, m.start())
    written_end = max(m.end("number"), m.end("scale"), m.end("bare_scale"))   # "49.634.181.598", "52,5 triệu"
    return _Found(m.start(), m.end(), float(money_value(m)), text[m.start():written_end], "đồng", None, qualifier,
                  unit_end=m.end())


def _fraction(text: str, masked: str, m: re.Match, parent: _Found | None = None,
              rank: bool = False) -> _Found | None:
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
    return _Found(start, den_end, numerator, text[start:den_end], unit, None, qualifier,
                  numerator, denominator, unit_end=max(unit_end, den_end), itemised=itemised,
                  numerator_unit=numerator_unit)


def _count(text: str, masked: str, m: re.Match, parent: _Found | None) -> _Found | None:
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
    return _Found(start, number_end, parse_number(number), text[start:number_end], unit, high,
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


def _breakdown_unit(masked: str, start: int, parent: _Found | None) -> str | None:
    """The unit of a bare number that itemises a total: "(trong đó: thị xã 01; xã, phường 15)"."""
    before = masked[:start]
    if not _AFTER_LABEL.search(before):
        return None            # an itemised number follows its label: "cấp xã 51", "các xã, phường: 219"
    if parent is None or parent.unit in (None, "%", "đồng"):
        return None
    between = masked[parent.end:start]
    if SENTENCE_END.search(between) or not BREAKDOWN_OPENER.search(between):
        return None
    return parent.unit


def _clause_before(masked: str, start: int) -> str:
    before = masked[:start]
    return before[max(before.rfind(";"), _last_sentence_end(before)) + 1:]


def _last_sentence_end(text: str) -> int:
    ends = [m.end() - 1 for m in SENTENCE_END.finditer(text)]
    return ends[-1] if ends else -1


# Where the link to the share starts after a count's noun phrase: ", đạt", " (chiếm tỷ lệ", " tỷ lệ".
_SHARE_LINK_START = re.compile(r"[\s,(]*\b(?:đạt|chiếm|bằng|tỷ\s+lệ|tỉ\s+lệ)\b", re.IGNORECASE)
_MAX_COUNTED_WORDS = 12


def _counted_phrase(masked: str, count: _Found, share_start: int) -> str | None:
    """The noun phrase of a count a share absorbed, up to the link: "3.178.002 dữ liệu chủ sử dụng đất có
    thông tin khớp (chiếm tỷ lệ 75%)" -> "dữ liệu chủ sử dụng đất có thông tin khớp"; its counted noun
    when the phrase is no longer than that or runs on."""
    if count.numerator_unit:            # "123.653 hồ sơ cấp CCCD/128.329 chỉ tiêu": what was counted
        return count.numerator_unit
    phrase = masked[count.end:share_start]
    link = _SHARE_LINK_START.search(phrase)
    phrase = " ".join(phrase[:link.start() if link else len(phrase)].split()).strip(" ,")
    if (count.unit and phrase.startswith(count.unit) and len(phrase) > len(count.unit)
            and len(phrase.split()) <= _MAX_COUNTED_WORDS and _MASK_CHAR not in phrase):
        return phrase
    return count.unit


def _merge_shares(values: list[_Found], masked: str) -> list[_Found]:
    """A count or fraction followed by the percentage it amounts to becomes that percentage's parts."""
    merged: list[_Found] = []
    for item in values:
        previous = merged[-1] if merged else None
        if (item.percent and previous is not None and not previous.percent and previous.unit != "đồng"
                and previous.value_high is None):
            gap = masked[max(previous.end, previous.unit_end):item.start]
            if SHARE_LINK.match(gap) and not NEW_MEASURE.search(gap) and not SENTENCE_END.search(gap):
                item.numerator = previous.numerator if previous.numerator is not None else previous.value
                item.denominator = previous.denominator
                item.qualifier = item.qualifier or previous.qualifier
                item.lead_start = previous.start
                item.lead_unit = _counted_phrase(masked, previous, item.start)
                merged[-1] = item
                continue
        merged.append(item)
    return merged


# ---------------------------------------------------------------------------
# Placing a value: line, subject, period, goal or result.

def _place(item: _Found, paragraph: Paragraph, table_row: bool, sections, header,
           previous_end: int, next_start: int, periods: list[re.Match],
           earlier: list[tuple[_Found, Indicator]], column_names: list[str]) -> tuple[Indicator, int]:
    """The indicator for `item`, and where the words it took as its subject end.

    `earlier`: the values placed before it in the paragraph; `column_names`: the header row of
    the table a table row belongs to.
    """
    text = paragraph.text
    value_start = item.start
    line = paragraph.line_at(value_start)
    sentence_start = _last_sentence_end(text[:value_start]) + 1
    sentence_end = _sentence_end(text, value_start)
    clause_start, clause_end = _clause(text, value_start, sentence_start, sentence_end)
    titles = list(sections.titles_at(line.number)) if sections is not None else []
    period, year = _period(periods, clause_start, clause_end, sentence_start, titles)
    if table_row:
        subject, subject_end = _row_subject(text, item, column_names), item.end
        column_period = _column_period(text, item, column_names)
        if column_period:                 # "Chỉ tiêu | Năm 2024 | Năm 2025": the value's column says when
            period, year = column_period
    else:
        follows_value = previous_end > clause_start
        subject, subject_end = _subject(text, item, max(clause_start, previous_end),
                                        min(clause_end, max(next_start, item.end)), follows_value)
        subject = _in_context(subject, text, item, clause_start, sentence_start, earlier)
    return Indicator(
        value=item.value,
        unit=item.unit,
        value_text=item.value_text,
        subject=subject,
        kind=_kind(text[clause_start:clause_end], titles, header),
        numerator=item.numerator,
        denominator=item.denominator,
        value_high=item.value_high,
        qualifier=item.qualifier,
        period=period,
        year=year,
        line=line.number,
        page=line.page,
        context=text if table_row else text[sentence_start:sentence_end].strip(),
        section=sections.path_at(line.number) if sections is not None else None,
    ), subject_end


def _clause(text: str, offset: int, sentence_start: int, sentence_end: int) -> tuple[int, int]:
    """The clause around `offset` within its sentence: between ";" or the sentence's ends."""
    start = max(text.rfind(";", 0, offset) + 1, sentence_start)
    end = sentence_end
    semicolon = text.find(";", offset)
    if semicolon != -1:
        end = min(end, semicolon)
    return start, end


def _sentence_end(text: str, offset: int) -> int:
    m = SENTENCE_END.search(text, offset)
    return m.start() if m else len(text)


def _clean_subject(s: str) -> str | None:
    s = " ".join(s.split())        # spaces collapsed, ends stripped
    s = _SPACE_BEFORE_PUNCTUATION.sub("", s)
    s = PERIOD_LEAD.sub("", s)
    s = _SUBJECT_LEAD.sub("", s)
    measure = MEASURE_START.search(s, 1)
    if measure and _WORD.search(s, measure.end()):     # "bảo đảm tỷ lệ chi …" -> "tỷ lệ chi …"
        s = s[measure.start():]
    if "so" in s.casefold():                           # (the comparison's first word, in any case)
        s = _COMPARISON_TAIL.sub("", s)                 # "… xã so với năm 2024": the comparison is no measure
    if s.endswith(")"):
        s = _SOURCE_IN_BRACKETS.sub("", s)
    s = _without_tail(s)
    if _DIGIT.search(s):                                # (only a time phrase with a digit is taken out)
        period = _TRAILING_PERIOD.search(s)             # "Tỷ lệ hộ nghèo đến cuối năm 2024 (còn)"
        if period and period.start() > 0 and _DIGIT.search(period.group()):   # ("… hằng năm" stays)
            s = _without_tail(s[:period.start()])
    s = s.strip(" ,;:-*.")
    if s.count("(") > s.count(")"):
        s = s[: s.rfind("(")].strip(" ,")
    return s if _WORD.search(s) else None


_COMPARISON_TAIL = re.compile(r"\s+so\s+(?:với|cùng)\b.*$", re.IGNORECASE | re.DOTALL)


# A verb phrase before a value that quantifies the words after it, kept up to this length.
_MAX_VERB_WORDS = 5
# After a value, a comma opening words with a figure of their own: another statement.
# (a figure: digits not inside a document number or date, followed by "%" or a word)
_ANOTHER_VALUE = re.compile(r",(?=[^,()]*(?<![\d/.])\d[\d.,]*(?:\s*%|\s+[^\W\d_]))")
# A reference in brackets closing a subject: "(theo Quyết định số 1562/QĐ-UBND …)" is the source, not the measure.
_SOURCE_IN_BRACKETS = re.compile(r"\s*\((?:theo|tại|kèm\s+theo|căn\s+cứ)\b[^()]*\)$", re.IGNORECASE)


def _without_tail(s: str) -> str:
    """Without the separators and linking words that end it ("… ước đạt", "… còn", "…, đạt tỷ lệ")."""
    before_tail = _BEFORE_SUBJECT_TAIL.match(s)
    tail = _SUBJECT_TAIL.search(s, before_tail.end() if before_tail else 0)
    return s[:tail.start()].strip() if tail else s


# A time phrase leading the clause: "Tính đến cuối năm 2023, …", "Năm 2024, …".
PERIOD_LEAD = re.compile(
    r"""^(?:[-+•*]\s*)?
        (?: (?:tính\s+đến|đến|trong|ngày|năm|từ)\b[^,:]{0,40}?(?:\d{4}|\bnay)[^,:]{0,10}[,:]\s*
          | (?:tính\s+)?đến\s+nay\s+ )                   # "đến nay đã có …" (no comma)""",
    re.VERBOSE | re.IGNORECASE,
)


def _subject(text: str, item: _Found, segment_start: int, segment_end: int,
             follows_value: bool) -> tuple[str | None, int]:
    """What is measured: the words before the value in its clause, else the words after it.

    The segment runs from the clause start or the end of the previous value's words
    to the next value or the clause end, so "80% hồ sơ … và 70% hồ sơ …" and
    "phủ trên 80% hộ gia đình, 100% xã, phường" give each percentage its own words.
    """
    lead = item.lead_or_start
    head = text[segment_start:lead]
    label = None
    colon = head.rfind(":")
    if colon != -1:                       # "Lĩnh vực Công an: 15.982/16.891 hồ sơ"
        label = _clean_subject(head[:colon])
        head = head[colon + 1:]
    open_paren = head.rfind("(")
    if open_paren > head.rfind(")"):      # "(cấp huyện 83, …"
        if not _WORD.search(head, open_paren):     # "vốn ngân sách trung ương 12 tỷ đồng (78,4%)":
            amount = _LAST_NUMBER.search(head, 0, open_paren)   # the share of the item before the amount
            head = head[:amount.start()] if amount else head[:open_paren]
        else:
            head = head[open_paren + 1:]
    opener = None
    for opener in _SUBCLAUSE_OPENER.finditer(head):
        pass
    if opener:                            # "…, bảo đảm giải ngân đạt 100%": the last sub-clause's words
        head = head[opener.end():]
    if follows_value and COMPARISON_BASE.match(head.strip(" ,;")):
        head = ""                         # "đạt 45,6% trên tổng số chi phí và đạt 39,6% …": the last one's base
    if not follows_value:
        earlier_value = EARLIER_VALUE.search(head)
        if earlier_value and _WORD.search(head, 0, earlier_value.start()):
            head = head[:earlier_value.start()]   # "Thu ngân sách … ước đạt 1.234,5 tỷ đồng, đạt 61,7%"
    before = _clean_subject(head)
    rest_start = max(item.end, item.unit_end)
    after_text = _until_close(text[rest_start:segment_end])
    another_value = _ANOTHER_VALUE.search(after_text)
    if another_value:                     # "… 10% chi thường xuyên …, số tiền tiết kiệm là 24.560 triệu đồng"
        after_text = after_text[:another_value.start()]
    after_end = rest_start + len(after_text)
    after = _clean_subject(after_text)
    if after and (COMPARISON_BASE.match(after) or COMPARISON_BASE.match(after_text.lstrip(" ,"))):
        after = None                       # "tăng 7,5% so với cùng kỳ", "đạt 48,6% kế hoạch năm"
    if item.percent:
        if item.lead_unit and not before and not after:             # "2.846.632 tài khoản …/2.935.139 …, đạt 97%"
            return (label or item.lead_unit), rest_start            # "Lĩnh vực Điện lực: 326/326 hồ sơ, tỉ lệ 100%"
        if before and item.lead_unit and not MEASURE_START.match(before) and not _MEASURE_NOUN.match(before) \
                and fold_lower(item.lead_unit) not in fold_lower(before):
            if _ENDS_WITH_PREPOSITION.search(before):               # "… việc làm mới cho 1.450 lao động, đạt 52%"
                return f"{before} {item.lead_unit}", rest_start
            before = _AUXILIARY_LEAD.sub(lambda m: m.group().lower(), before)   # "Đã rà soát" inside a phrase
            return f"{item.lead_unit} {before}", rest_start        # "đã cấp 130.141/131.749 CCCD, đạt 98,78%"
        preposition = _ENDS_WITH_PREPOSITION.search(head.rstrip())     # (a linking word, gone from `before`)
        if before and after and preposition and not before.endswith(preposition.group().strip()):
            return f"{before}{preposition.group()} {after}", after_end   # "Trang … của 100% xã, phường …"
        if before and after and (len(before.split()) <= 2 and not MEASURE_START.match(before) or preposition):
            return f"{before} {after}", after_end        # "Hỗ trợ 70% học phí đối với …", "… cấp thẻ cho 100% công dân …"
        if before and after and not follows_value and not item.lead_unit and not _linked_to_value(head) \
                and not MEASURE_START.search(before):   # the % counts what follows: a short verb phrase with it
            if len(before.split()) <= _MAX_VERB_WORDS:    # ("Thực hiện tiết kiệm 10% chi thường xuyên")
                return f"{before} {after}", after_end
            return after, after_end        # "… của Thủ tướng …, Sở đã hướng dẫn 100% cơ quan, đơn vị gửi, nhận …"
        if before and not (follows_value and after):
            return before, rest_start
        return (after or label), after_end
    if item.unit == "đồng":               # a rate or a sum: "Mức chi hỗ trợ … là 50.000 đồng/người/ngày"
        if before and label and MEASURE_START.fullmatch(before):
            before = f"{before} ({label})"        # "Hỗ trợ người lao động …: mức hỗ trợ tối đa 15 triệu đồng/người"
        whom = RATE_APPLIES_TO.match(text, rest_start, segment_end)
        if before and whom:
            return f"{before} {' '.join(whom['whom'].split())}", whom.end()
        if before or label:
            return (before or label), rest_start
    if item.itemised or (before and _MEASURE_NOUN.match(before)) or (label and not before):
        return (before or label), rest_start   # "thị xã 01", "Tổng số …: 354", "UBND thị xã: 01 người"
    if _ends_with_với(head) and (owner := _clean_subject(head)) and len(owner.split()) <= _MAX_OWNER_WORDS:
        return f"{item.unit} {owner}", rest_start   # "Tổ … thị xã Đức Phổ với 15 thành viên"
    noun_phrase = _NOUN_PHRASE_END.split(after_text, maxsplit=1)[0]
    done = _DONE_VERB.search(head)
    if done and not _clean_subject(noun_phrase) and (verb := _clean_subject(head[done.end():])) \
            and len(verb.split()) <= _MAX_DONE_WORDS and not _NOT_A_VERB_PHRASE.search(verb):
        return f"{item.unit} {verb}", rest_start    # "… đã thanh toán trực tuyến 2.954 lượt người"
    return (_clean_subject(f"{item.unit} {noun_phrase}") or before or label), rest_start + len(noun_phrase)


# "đã <verb phrase> <count>": what was done to what is counted ("đã thanh toán trực tuyến 2.954 lượt người").
_DONE_VERB = re.compile(r"\bđã\s+(?!.*\bđã\s)", re.IGNORECASE | re.DOTALL)
# A short verb phrase only: a list, a bracket or a long run is a clause of its own.
_MAX_DONE_WORDS = 5
_NOT_A_VERB_PHRASE = re.compile(r"[,;()*]")


# An auxiliary opening a verb phrase, in lower case once the phrase follows its noun ("CCCD đã cấp").
_AUXILIARY_LEAD = re.compile(r"^(?:Đã|Được|Đang|Sẽ)(?=\s)")
# The last number in a text (an amount before a share in brackets).
_LAST_NUMBER = re.compile(r"\s*\d[\d.,]*(?!.*\d)[^()]*$", re.DOTALL)
# ", bảo đảm …", ", nhằm …": a sub-clause whose own words name the measure after it.
_SUBCLAUSE_OPENER = re.compile(r",\s*(?:bảo\s+đảm|đảm\s+bảo|phấn\s+đấu|nhằm|để)\s+", re.IGNORECASE)
# "… cho", "… của", "… tại": the counted noun completes the phrase.
_ENDS_WITH_PREPOSITION = re.compile(r"\s(?:cho|của|tại|đối\s+với)$", re.IGNORECASE)

# A head that ends in a link to its value ("… đạt", "… chiếm tỷ lệ", "… là", "… còn dưới", "… phủ trên"):
# the words before name the measure; without one ("Sở đã hướng dẫn 100% cơ quan …") the value
# quantifies the noun phrase after it.
_LINKED_TO_VALUE = re.compile(r"(?:\b(?:" + "|".join(_LINKING_WORDS) + r")\b|[:(])[\s,:(]*$", re.IGNORECASE)


def _linked_to_value(head: str) -> bool:
    """Whether the words before a value end in a link to it, a qualifier aside ("… đạt trên")."""
    qualifier = QUALIFIER_BEFORE.search(head)
    return bool(_LINKED_TO_VALUE.search(head[:qualifier.start()] if qualifier else head))

# "… với 15 thành viên" (not ", với …", which opens a clause of its own).
_VỚI_END = re.compile(r"(?<![,;\s])\s+với(?:\s+(?:khoảng|trên|gần|hơn|tổng\s+số))?\s*$", re.IGNORECASE)


# "99 Tổ …, với 615 thành viên": a count of what the previous count counted.
_JOINED_BY_VỚI = re.compile(r"[\s,]*với(?:\s+(?:khoảng|trên|gần|hơn))?\s*$", re.IGNORECASE)


# " của 15 xã, phường": the owner of the previous count, which the count after "với" belongs to.
_OWNER_PREPOSITION = re.compile(r"\s(?:của|tại|thuộc)\s", re.IGNORECASE)
# An owner longer than this is a clause of its own, not a noun phrase ("Sở … phối hợp … với 70 người").
_MAX_OWNER_WORDS = 12


def _ends_with_với(head: str) -> bool:
    """"… với 15 thành viên": the count belongs to the noun phrase before "với"."""
    return bool(_VỚI_END.search(head))


def _in_context(subject: str | None, text: str, item: _Found, clause_start: int, sentence_start: int,
                earlier: list[tuple[_Found, Indicator]]) -> str | None:
    """The subject completed from the values before it in the paragraph.

    A part of a breakdown ("31 người (UBND thị xã: 01 người, …)", "134 TTHC (cấp huyện 83, cấp xã 51)")
    is the total's measure for that part; a value with no words of its own ("…, bằng 112,4% so với
    cùng kỳ") or only a count's owner ("…, với 615 thành viên") measures what the clause's earlier
    value measured; a value with no subject at all, what the sentence's last subject named.
    """
    parent = _breakdown_parent(text, item, earlier)
    if parent is not None and parent.subject:
        total = _TOTAL_WORDS.sub("", parent.subject)
        if not subject or COMPARISON_BASE.match(subject):
            return parent.subject
        if fold_lower(subject) in fold_lower(total):
            return parent.subject
        if len(subject.split()) <= 6 and fold_lower(total) not in fold_lower(subject):
            return f"{total} {subject}"
        return subject
    if not subject:                    # "…, tăng 5,2% so với cùng kỳ; chiếm 48% kế hoạch năm": the sentence's
        same_sentence = [i for f, i in earlier if f.start >= sentence_start and i.subject]
        return same_sentence[-1].subject if same_sentence else None
    same_clause = [(f, i) for f, i in earlier if f.start >= clause_start]
    if not same_clause:
        return subject
    previous_item, previous = same_clause[-1]
    if COMPARISON_BASE.match(subject):
        return previous.subject or subject
    if item.percent or previous_item.unit in (None, "%", "đồng") or not subject.startswith(f"{item.unit}"):
        return subject
    owner = subject[len(item.unit):]
    if not owner and _JOINED_BY_VỚI.match(text, max(previous_item.end, previous_item.unit_end), item.lead_or_start):
        return f"{subject} {previous_item.unit}"      # "… 99 Tổ Công nghệ số cộng đồng, với 615 thành viên"
    if _OWNER_PREPOSITION.match(owner):                # "15 Tổ … của 15 xã, phường với 134 thành viên"
        return f"{item.unit} {previous_item.unit}{owner}"
    return subject


def fold_lower(s: str) -> str:
    return " ".join(s.lower().split())


def _breakdown_parent(text: str, item: _Found, earlier: list[tuple[_Found, Indicator]]) -> Indicator | None:
    """The total whose breakdown ("(trong đó: …)", "(…)", "gồm: …") the value belongs to, if any."""
    for found, indicator in reversed(earlier):
        if found.itemised:
            continue
        between = text[max(found.end, found.unit_end):item.lead_or_start]
        if SENTENCE_END.search(between):
            return None
        opener = BREAKDOWN_OPENER.search(between)
        if opener:
            inside = between[opener.start():]
            if opener.group() == "(" and inside.count("(") <= inside.count(")"):
                return None
            return indicator
    return None


def _until_close(s: str) -> str:
    """Cut at a ")" that closes a parenthesis opened before the value."""
    if ")" not in s:
        return s
    depth = 0
    for i, c in enumerate(s):
        depth += c == "("
        depth -= c == ")"
        if depth < 0:
            return s[:i]
    return s


def _row_subject(text: str, item: _Found, column_names: list[str]) -> str | None:
    """In a table row, the row's label (its longest cell with words) and the value's column name.

    "Thu ngân sách | 1.234,5 | 61,7%" under "Nội dung | Thực hiện | So với dự toán (%)" ->
    "Thu ngân sách - So với dự toán"; a column named by a measure ("Tỷ lệ giải ngân (%)") goes first,
    a column named by a time ("Năm 2023") or a bare "%"/"Tỷ lệ" adds nothing.
    """
    cell_start = text.rfind("\t", 0, item.start) + 1
    cell_end = text.find("\t", item.end) % (len(text) + 1)    # (the row's end when no tab follows)
    if len(_WORD.findall(text, cell_start, cell_end)) >= _PROSE_CELL_WORDS:
        # a sentence in the value's own cell ("… đảm bảo 100% văn bản được xử lý …"): read it as prose
        start = max(cell_start, _last_sentence_end(text[:item.start]) + 1, text.rfind(";", 0, item.start) + 1)
        end = min(cell_end, _sentence_end(text, item.end), text.find(";", item.end) % (len(text) + 1))
        subject, _ = _subject(text, item, start, end, False)
        if subject:
            return subject
    cells = text.split("\t")
    labels = [c.strip() for c in cells if item.value_text not in c and _WORD.search(c)]
    label = max(labels, key=len) if labels else None
    column = next((i for i, c in enumerate(cells) if item.value_text in c), None)
    name = _column_name(column_names[column]) if column is not None and column < len(column_names) else None
    if label and _TOTAL_ROW.match(label):
        return f"{label} - {name}" if name else label    # "Cộng": the column's total, not a measure of its own
    if not label or not name or fold_lower(name) in fold_lower(label):
        return label or name
    if MEASURE_START.match(name) and not MEASURE_START.match(label):
        return f"{name} {label}"        # "Tỷ lệ giải ngân (%)" of "Xã Phổ An"
    return f"{label} - {name}"


# A table's total row: "Cộng", "Tổng cộng", "Tổng số", "Tổng".
_TOTAL_ROW = re.compile(r"^(?:tổng\s+)?cộng\b|^tổng(?:\s+số)?\s*:?$", re.IGNORECASE)
# A cell with this many words besides its value is a sentence, not a figure.
_PROSE_CELL_WORDS = 4
_UNIT_IN_BRACKETS = re.compile(r"\s*\((?:%|tỷ\s+lệ|tỉ\s+lệ|đơn\s+vị[^)]*)\)\s*$", re.IGNORECASE)
_UNINFORMATIVE_COLUMN = re.compile(r"^(?:%|(?:tỷ|tỉ)\s+lệ|số\s+liệu|giá\s+trị|kết\s+quả|ghi\s+chú|stt|tt)?$",
                                   re.IGNORECASE)


# A cell that holds a figure, not a name: "85,5%", "1.234", "12" (a year such as "2023" names a column).
_FIGURE_CELL = re.compile(r"^\s*(?!(?:19|20)\d{2}\s*$)[\d.,%\s]*\d[\d.,%\s]*$")


def _column_names(row: str) -> list[str]:
    """The cells of a table's first row when it is a header (no figures in it), else []."""
    cells = row.split("\t")
    return [] if any(_FIGURE_CELL.match(c) for c in cells[1:]) else cells


def _column_period(text: str, item: _Found, column_names: list[str]) -> tuple[str, int | None] | None:
    """The time a table value's column names: "Năm 2025" -> ("năm 2025", 2025), "2024" -> ("2024", 2024)."""
    column = text.count("\t", 0, item.start)
    if column >= len(column_names):
        return None
    name = " ".join(_UNIT_IN_BRACKETS.sub("", column_names[column]).split())
    if _YEAR_NUMBER.fullmatch(name):
        return name, int(name)
    m = PERIOD.fullmatch(name)
    if not m:
        return None
    years = {int(y) for y in _YEAR_IN.findall(name)}
    return _in_lower_case(name), (years.pop() if len(years) == 1 else None)


def _column_name(cell: str) -> str | None:
    """A header cell as part of a subject: without "(%)"; None for a time, a bare "%" or "Tỷ lệ"."""
    name = " ".join(_UNIT_IN_BRACKETS.sub("", cell).split())
    if _UNINFORMATIVE_COLUMN.match(name) or PERIOD.fullmatch(name) or _YEAR_NUMBER.fullmatch(name):
        return None
    return name


# A time phrase ending a subject: it is the value's period, not part of what is measured.
_TRAILING_PERIOD = re.compile(r"(?:\s|^)(?:" + PERIOD.pattern + r")\s*$", re.VERBOSE | re.IGNORECASE)


# "tăng 12,4% so với cùng kỳ năm 2024": the time compared with, not the time the value holds for.
_COMPARED_WITH = re.compile(r"(?:so\s+với|cùng\s+kỳ)\s*$", re.IGNORECASE)


def _periods(references_masked: str) -> list[re.Match]:
    """The time phrases of a paragraph, from its text with document numbers masked.

    Read once for all its values: no time phrase or document number holds ";" or the
    "." of a sentence end, so the phrases inside a clause (or before it) are the ones
    its own text would give.
    """
    return [m for m in PERIOD.finditer(references_masked)
            if not _COMPARED_WITH.search(references_masked, max(0, m.start() - 30), m.start())]


def _period(periods: list[re.Match], clause_start: int, clause_end: int, sentence_start: int,
            titles: list[str]) -> tuple[str | None, int | None]:
    """The time the value refers to: in its clause, else earlier in its sentence or paragraph, else a section title."""
    candidates = [m for m in periods if clause_start <= m.start() and m.end() <= clause_end][:1]
    if not candidates:
        earlier = [m for m in periods if m.end() <= clause_start]
        sentence = [m for m in earlier if m.start() >= sentence_start]
        candidates = sentence[-1:] or earlier[-1:]
    if not candidates:
        for title in reversed(titles):
            found = _title_period(title)
            if found:
                candidates = [found]
                break
    if not candidates:
        return None, None
    m = candidates[0]
    for name in ("until_date", "on_date"):
        if m[name]:
            return m[name], int(m[name][-4:])
    phrase = " ".join(m.group().split())
    phrase = _PERIOD_VERB.sub("", phrase)
    phrase = _in_lower_case(phrase)
    years = {int(y) for y in _YEAR_IN.findall(phrase)}
    return phrase, years.pop() if len(years) == 1 else None


def _in_lower_case(phrase: str) -> str:
    """A time phrase as it reads inside a sentence: from a heading in capitals ("6 THÁNG ĐẦU NĂM 2024")
    or opening a sentence ("Đến nay", "Từ 01/01/2025 …", "Năm 2025"); "quý I-2023" keeps its numeral."""
    if phrase.isupper():
        return phrase.lower()
    if phrase[1:2].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


@lru_cache(maxsize=256)   # a report's few section titles are read for every value under them
def _title_period(title: str) -> re.Match | None:
    periods = _periods(_mask(title, (DOCUMENT_REFERENCE,)))   # (not "… so với năm 2024" in an item heading)
    return periods[0] if periods else None


@lru_cache(maxsize=256)
def _title_kind(title: str, report_year: int | None) -> str | None:
    """"target" or "actual" as a section title says, None when it says neither."""
    target, actual = TARGET_TITLE.search(title), ACTUAL_TITLE.search(title)
    if target and (not actual or target.start() < actual.start()):
        return "target"
    if actual:
        return "actual"
    if _mentions_later_year(title, report_year):
        return "target"
    return None


def _kind(clause: str, titles: list[str], header: ReportHeader | None) -> str:
    report_year = header.year if header else None
    if _states_goal(clause, report_year):
        return "target"
    for title in reversed(titles):
        kind = _title_kind(title, report_year)
        if kind:
            return kind
    if header and header.kind and header.kind.lower() in _GOAL_DOCUMENTS:
        return "target"
    return "actual"


@lru_cache(maxsize=1)   # values of one clause come one after the other
def _states_goal(clause: str, report_year: int | None) -> bool:
    return bool(TARGET_CLAUSE.search(clause)) or _mentions_later_year(clause, report_year)


def _mentions_later_year(s: str, report_year: int | None) -> bool:
    """"đến năm 2025" / "Năm 2024" in a report written in 2023: a horizon ahead."""
    if not report_year:
        return False
    # Masking only blanks text, so a year named in the masked text is named in `s`: most clauses name
    # none and need no masking.
    return (_names_later_year(s, report_year)
            and _names_later_year(_mask(s, (DOCUMENT_REFERENCE, NUMERIC_DATE)), report_year))


def _names_later_year(s: str, report_year: int) -> bool:
    return any(int(y) > report_year for y in _NAMED_YEAR.findall(s))
