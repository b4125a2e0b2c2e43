"""What a value measures (its subject), as an analyst would name it.

    "Tỷ lệ thanh toán trực tuyến đạt 55,09%"         -> "Tỷ lệ thanh toán trực tuyến"
    "100% cơ quan, đơn vị, địa phương có mạng LAN"   -> "cơ quan, đơn vị, địa phương có mạng LAN"

The words of the value's own clause (subject_of); the subject completed from the values before it
lives in subject_context.py, a table row's subject in table_subjects.py.
"""
from __future__ import annotations

import re

from extractors.indicators.values import SHARE_WORD, WORD, Found
from extractors.lang.periods import PERIOD, PERIOD_LEAD, TRAILING_PERIOD, in_lower_case
from extractors.numbers import DIGIT, PARTS_OPENER, QUALIFIER_BEFORE
from extractors.text import plain

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
    r"không\s+vượt\s+quá", r"không\s+quá", "vượt",
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
_MEASURE_NOUN = re.compile(rf"^(?:tổng\s+số|số\s+lượng|số|{SHARE_WORD})\b", re.IGNORECASE)
# Where the name of a measure starts inside a longer clause: "bảo đảm tỷ lệ chi cho chuyển đổi số …",
# "Giảm tỷ lệ hộ nghèo …", "với tổng số người tham gia …", "Điều 2. Mức chi hỗ trợ học viên …".
MEASURE_START = re.compile(
    rf"""(?=[tscm])                         # the first letters below: lets re skip ahead to them
        (?<!\w)(?: {SHARE_WORD} | tốc\s+độ | tổng\s+số | số\s+lượng | chỉ\s+số
                 | mức\s+(?:chi|thu|hỗ\s+trợ|đóng|phí|lương|trợ\s+cấp) )(?!\w)""",
    re.VERBOSE | re.IGNORECASE,
)
# A predicate that states an earlier value of the clause ("… ước đạt 6.842,7 tỷ đồng, tăng 7,5%",
# "… ước thực hiện 845,6 tỷ đồng, đạt 47,3%"): the clause's subject is the words before it.
EARLIER_VALUE = re.compile(
    rf"""\s(?:ước\s+(?:đạt|thực\s+hiện|tính)|đạt|tăng|giảm|chiếm|là|còn|bằng|thực\s+hiện)
        (?:\s+(?:được|khoảng|trên|dưới|gần|hơn|xuống|lên|tới|{SHARE_WORD}|là))*
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
# The words of a total before what it counts: "Tổng số", "Số lượng", "Tổng".
_TOTAL_WORDS = r"(?:tổng\s+số|số\s+lượng|tổng)"
# "Tổng số …", "Số lượng …": a total's name, left out when one of its parts is named after it.
TOTAL_PREFIX = re.compile(rf"^{_TOTAL_WORDS}\s+", re.IGNORECASE)

# Words after a value that open with a comma and run to the next value are that value's.
_OPENS_WITH_COMMA = re.compile(r"^[\s*]*,")
# Inside a bracket before a value, only "now" and a link: "(hiện đạt", "(hiện nay là", "(đạt".
_NOW_ONLY = re.compile(rf"\s*(?:hiện(?:\s+(?:nay|tại))?\s+)?(?:đạt|là|chiếm|ước\s+đạt)(?:\s+{SHARE_WORD})?\s*$",
                       re.IGNORECASE)
# A verb this short after a label names the label's measure: "Vốn ngân sách tỉnh: giải ngân đạt …".
_MAX_VERB_ONLY_WORDS = 2
# A label before a colon that names no measure: "Kết quả:", "Cụ thể:", "Tình hình:".
_GENERIC_LABEL = re.compile(r"(?:kết\s+quả(?:\s+(?:đạt\s+được|cụ\s+thể))?|tình\s+hình|cụ\s+thể|trong\s+đó|như\s+sau"
                            r"|số\s+liệu|kết\s+quả\s+thực\s+hiện)$", re.IGNORECASE)
# A total's word alone: "nâng tổng số lên" names no measure of its own.
_BARE_TOTAL = re.compile(_TOTAL_WORDS, re.IGNORECASE)      # (read with fullmatch)
# Words after a previous value that open a phrase of their own: ", ngân sách cấp huyện bảo đảm".
_NEW_PHRASE = re.compile(r"^\s*[,;]\s*(?!(?:so\s+với|đạt|tăng|giảm|bằng|chiếm|và|với|trong\s+đó)\b)[^\W\d_]+\s+[^\W\d_]+",
                         re.IGNORECASE)
# A verb that states a value, ending the words before it: "Sản lượng tôm nuôi ước đạt", "… tăng", "… là".
_VALUE_VERB = rf"""(?:(?:ước\s+)?(?:đạt|tăng|giảm|chiếm|là|bằng|còn)|ước\s+thực\s+hiện)
                  (?:\s+(?:được|khoảng|trên|dưới|gần|hơn|xuống|lên|còn|{SHARE_WORD}))*"""
_STATES_VALUE = re.compile(r"(?<!\w)" + _VALUE_VERB + r"[\s*]*$", re.VERBOSE | re.IGNORECASE)
# Words after a value, then such a verb: the next value's subject ("…, khu vực dịch vụ tăng" 7,26%).
_STATES_NEXT_VALUE = re.compile(r"[^\W\d_][\s,*]+" + _VALUE_VERB + r"[\s*]*$", re.VERBOSE | re.IGNORECASE)
# The words _STATES_VALUE and AMOUNT_BEFORE_SHARE can end with: a head ending otherwise is spared the search.
_VALUE_VERB_LAST_WORDS = frozenset({"đạt", "tăng", "giảm", "chiếm", "là", "bằng", "còn", "hiện", "được", "khoảng",
                                    "trên", "dưới", "gần", "hơn", "xuống", "lên", "lệ"})
_SHARE_LINK_LAST_WORDS = frozenset({"đạt", "chiếm", "bằng", "lệ"})
_SPACE_AND_STARS = " \t\n\r\f\v*"


def _last_word(s: str) -> str:
    """The last word of a text, in lower case, without the spaces and "*" after it."""
    words = s.rstrip(_SPACE_AND_STARS).rsplit(None, 1)
    return words[-1].lstrip("*").lower() if words else ""


# A count's verb reached through words of its own ("có", "với"): "toàn thị xã có 151 trạm": the noun counts.
_COUNT_VERB = re.compile(r"(?<!\w)(?:có|với|gồm)(?!\w)", re.IGNORECASE)
# An amount, then the link to the share it makes: "142 tỷ đồng, chiếm", "171,2 tỷ đồng, đạt".
AMOUNT_BEFORE_SHARE = re.compile(
    rf"""\s(?!(?:19|20)\d{{2}}\b)\d[\d.,]*(?:\s+[^\W\d_]+){{1,3}}  # 142 tỷ đồng, 38.600 tấn (not "năm 2023, đạt")
        [\s*]*,[\s*]*(?P<link>(?:ước\s+)?(?:đạt|chiếm|bằng)(?:\s+{SHARE_WORD})?)[\s*]*$""",
    re.VERBOSE | re.IGNORECASE,
)
# An amount, then the bracket its share is in: "ngân sách tỉnh 185 tỷ đồng (15,4%", "… (chiếm 26,1%".
AMOUNT_BEFORE_BRACKET = re.compile(
    rf"\s\d[\d.,]*(?:\s+[^\W\d_]+){{1,3}}\s*\(\s*(?:(?:chiếm|đạt|bằng)(?:\s+{SHARE_WORD})?\s*)?$", re.IGNORECASE)
# "trong đó", "gồm": where the part of a total is named.
_PART_OPENER = re.compile(rf"(?<!\w)(?:{PARTS_OPENER}|riêng)(?!\w)\s*:?", re.IGNORECASE)
_COMMA = re.compile(",")


# Units a quantity is measured in (not things counted): the measure is named before the number.
_MEASUREMENT_UNITS = {"ha", "tấn", "tạ", "kg", "km", "m", "m2", "m²", "m3", "m³", "lít", "MW", "kW", "kWh",
                      "USD", "triệu USD", "tỷ USD"}
# "…, <3+ words> chiếm": the share's own noun phrase after the last comma of a longer clause.
_SHARE_AFTER_CLAUSE = re.compile(r",\s*(?P<part>[^\W\d_]+(?:\s+[^\W\d_,]+){2,})\s+chiếm\b[^,]*$", re.IGNORECASE)
# A fraction or count a percentage absorbed, then its words: "147/193 xã đạt chuẩn nông thôn mới, chiếm".
_LEAD_NUMBER = re.compile(r"^[\d.,]+(?:\s*/\s*[\d.,]+)?\s+")


def _lead_phrase(text: str, item: Found) -> str | None:
    """The words after the count a percentage absorbed, when they say more than its counted noun."""
    if not item.lead_unit or item.lead_start is None:
        return None
    number = _LEAD_NUMBER.match(text[item.lead_start:item.start])
    phrase = clean_subject(text[item.lead_start + number.end():item.start]) if number else None
    if phrase and phrase.startswith(item.lead_unit) and len(phrase.split()) > len(item.lead_unit.split()) \
            and "/" not in phrase:
        return phrase
    return None


def _part_start(head: str, amount: re.Match) -> int:
    """Where the item of an amount is named: after the last "trong đó" or comma before it (else 0)."""
    return max(head.rfind(",", 0, amount.start()) + 1,
               max((m.end() for m in _PART_OPENER.finditer(head, 0, amount.start())), default=0))


def _linked_to_count(head: str) -> bool:
    """Whether the verb before a count is reached through "có"/"với" (the count's noun names the measure)."""
    return bool(_COUNT_VERB.search(head[-40:]))


def clean_subject(s: str) -> str | None:
    s = plain(s)                   # no "**" of a crawler's markdown; spaces collapsed, ends stripped
    if " ," in s or " ;" in s or " :" in s or " )" in s:   # (the only spaces left are single " ")
        s = _SPACE_BEFORE_PUNCTUATION.sub("", s)
    # (both leads are anchored at the start: one match to cut, not a substitution tried at every character)
    if lead := PERIOD_LEAD.match(s):
        s = s[lead.end():]
    s = s[_SUBJECT_LEAD.match(s).end():]    # (it matches, emptily if need be)
    if s[:2].lower() == "so" and _COMPARISON_LEAD.match(s):
        return None                                    # "so với quý II năm 2024 tăng 1,4%": a comparison, no measure
    leading_period = PERIOD.match(s) if DIGIT.search(s) else None     # (a time phrase taken out has a digit)
    if leading_period and DIGIT.search(leading_period.group()):
        s = s[leading_period.end():]          # "6 tháng đầu năm 2022 giải ngân đạt …", "đến năm 2025 có 30% …"
    measure = MEASURE_START.search(s, 1)
    if measure and WORD.search(s, measure.end()):     # "bảo đảm tỷ lệ chi …" -> "tỷ lệ chi …"
        s = s[measure.start():]
    if "so" in s.casefold():                           # (the comparison's first word, in any case)
        s = _COMPARISON_TAIL.sub("", s)                 # "… xã so với năm 2024": the comparison is no measure
    if s.endswith(")"):
        s = _SOURCE_IN_BRACKETS.sub("", s)
    s = _without_tail(s)
    if DIGIT.search(s):                                # (only a time phrase with a digit is taken out)
        period = TRAILING_PERIOD.search(s)             # "Tỷ lệ hộ nghèo đến cuối năm 2024 (còn)"
        if period and period.start() > 0 and DIGIT.search(period.group()):   # ("… hằng năm" stays)
            s = _without_tail(s[:period.start()])
    s = s.strip(" ,;:-*.")
    if s.count("(") > s.count(")"):
        s = s[: s.rfind("(")].strip(" ,")
    return s if WORD.search(s) else None


_COMPARISON_LEAD = re.compile(r"so\s+(?:với|cùng)(?!\w)", re.IGNORECASE)
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


def subject_of(text: str, item: Found, segment_start: int, segment_end: int,
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
        label = clean_subject(head[:colon])
        if label and _GENERIC_LABEL.match(label):
            label = None                  # "Kết quả: 45/50 xã hoàn thành, tỷ lệ 90%": names nothing
        head = head[colon + 1:]
    open_paren = head.rfind("(")
    if open_paren > head.rfind(")"):      # "(cấp huyện 83, …"
        if not WORD.search(head, open_paren) or _NOW_ONLY.match(head, open_paren + 1) and WORD.search(head, 0, open_paren):
            # "vốn ngân sách trung ương 12 tỷ đồng (78,4%)", "… 312,8 tỷ đồng (chiếm 26,1%)",
            # "tỷ lệ trạm y tế xã có bác sĩ (hiện đạt 92,4%)":
            amount = _LAST_NUMBER.search(head, 0, open_paren)   # the share of the item before the amount,
            head = head[:amount.start()] if amount else head[:open_paren]   # named since its comma or "trong đó"
            if amount and WORD.search(head, _part_start(head, amount)):
                head = head[_part_start(head, amount):]
        else:
            head = head[open_paren + 1:]
    opener = None
    for opener in _SUBCLAUSE_OPENER.finditer(head):
        pass
    if opener:                            # "…, bảo đảm giải ngân đạt 100%": the last sub-clause's words
        head = head[opener.end():]
    if follows_value and COMPARISON_BASE.match(head.strip(" ,;*")):
        # "đạt 45,6% trên tổng số chi phí và đạt 39,6% …": the last one's base; but "… so với cùng kỳ năm
        # 2024, trong đó khu vực dịch vụ tăng 7,26%": the part named after the comparison
        part = _PART_OPENER.search(head) or _COMMA.search(head)
        head = head[part.end():] if part else ""
    amount = AMOUNT_BEFORE_SHARE.search(head) if _last_word(head) in _SHARE_LINK_LAST_WORDS else None
    if not follows_value and not (amount and _part_start(head, amount)):
        earlier_value = EARLIER_VALUE.search(head)
        if earlier_value and WORD.search(head, 0, earlier_value.start()):
            head = head[:earlier_value.start()]   # "Thu ngân sách … ước đạt 1.234,5 tỷ đồng, đạt 61,7%"
            amount = AMOUNT_BEFORE_SHARE.search(head) if _last_word(head) in _SHARE_LINK_LAST_WORDS else None
    share_of_amount = False
    shared = _SHARE_AFTER_CLAUSE.search(head) if "chiếm" in head else None   # (the link it ends with)
    if shared and not amount:             # "Nhân dân đóng góp ngày công …, phần đóng góp của nhân dân chiếm khoảng"
        head = head[shared.start("part"):]
    if amount and WORD.search(head, _part_start(head, amount), amount.start()):
        # "…, trong đó ngân sách tỉnh 142 tỷ đồng, chiếm 76,1%", "…, đã giải ngân 171,2 tỷ đồng, đạt 72,4%":
        # the share is of the amount's item
        head = f"{head[_part_start(head, amount):amount.start()]} {amount['link']}"
        share_of_amount = amount["link"].lower().startswith("chiếm")
    before = clean_subject(head)
    rest_start = max(item.end, item.unit_end)
    after_text = _until_close(text[rest_start:segment_end])
    another_value = _ANOTHER_VALUE.search(after_text)
    if another_value:                     # "… 10% chi thường xuyên …, số tiền tiết kiệm là 24.560 triệu đồng"
        after_text = after_text[:another_value.start()]
    after_end = rest_start + len(after_text)
    after = clean_subject(after_text)
    if after and after_end == segment_end and DIGIT.match(text, segment_end) \
            and (_STATES_NEXT_VALUE.search(after_text) or _OPENS_WITH_COMMA.match(after_text)):
        after, after_end = None, rest_start   # "… tăng 3,12%, khu vực … tăng 10,47%", "… 70%, ngân sách cấp huyện bảo đảm 30%": the next one's
    if after and (COMPARISON_BASE.match(after) or COMPARISON_BASE.match(after_text.lstrip(" ,*"))):
        after = None                       # "tăng 7,5% so với cùng kỳ", "đạt 48,6% kế hoạch năm"
    if item.percent:
        if label and before and len(before.split()) <= _MAX_VERB_ONLY_WORDS and not MEASURE_START.match(before) \
                and not _MEASURE_NOUN.match(before):
            before = f"{before} {in_lower_case(label)}"  # "- Vốn ngân sách trung ương: giải ngân đạt 94,5%"
        if follows_value and before and _BARE_TOTAL.fullmatch(before):
            return None, rest_start       # "… tăng 12.340 người, nâng tổng số lên 96.200 người, chiếm 4,6%": the clause's measure
        if before and after and share_of_amount and TOTAL_PREFIX.match(after):
            return f"{before} trong {after}", after_end    # "ngân sách tỉnh …, chiếm 76,1% tổng kinh phí"
        lead_phrase = _lead_phrase(text, item)
        if lead_phrase:                   # "Toàn tỉnh có 147/193 xã đạt chuẩn nông thôn mới, chiếm 76,2%"
            return lead_phrase, rest_start
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
        if before and not (follows_value and after and not _NEW_PHRASE.match(head)):
            return before, rest_start     # (", ngân sách cấp huyện bảo đảm 30% tổng kinh phí": its own words first)
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
    if before and _last_word(head) in _VALUE_VERB_LAST_WORDS and _STATES_VALUE.search(head) \
            and not _linked_to_count(head):
        return before, rest_start              # "Sản lượng tôm nuôi ước đạt 38.600 tấn"
    if _ends_with_với(head) and (owner := clean_subject(head)) and len(owner.split()) <= _MAX_OWNER_WORDS:
        return f"{item.unit} {owner}", rest_start   # "Tổ … thị xã Đức Phổ với 15 thành viên"
    noun_phrase = _NOUN_PHRASE_END.split(after_text, maxsplit=1)[0]
    if before and item.unit in _MEASUREMENT_UNITS and not clean_subject(noun_phrase):
        return before, rest_start          # "diện tích ngô 12.300 ha": the unit measures what is named before
    done = _DONE_VERB.search(head) or _COUNTING_VERB.search(head)
    if done and not clean_subject(noun_phrase) and (verb := clean_subject(head[done.end():])) \
            and len(verb.split()) <= _MAX_DONE_WORDS and not _NOT_A_VERB_PHRASE.search(verb):
        return f"{item.unit} {verb}", rest_start    # "… đã thanh toán trực tuyến 2.954 lượt người"
    return (clean_subject(f"{item.unit} {noun_phrase}") or before or label), rest_start + len(noun_phrase)


# "đã <verb phrase> <count>": what was done to what is counted ("đã thanh toán trực tuyến 2.954 lượt người").
_DONE_VERB = re.compile(r"\bđã\s+(?!.*\bđã\s)", re.IGNORECASE | re.DOTALL)
# Without "đã": a verb of the offices' counts right before the number ("Bộ phận Một cửa tiếp nhận 4.215 hồ sơ").
_COUNTING_VERB = re.compile(
    r"""(?<!\w)(?=(?:tiếp\s+nhận|giải\s+quyết|cấp(?:\s+(?:mới|đổi))?|đào\s+tạo|tập\s+huấn|bồi\s+dưỡng
                  |xử\s+lý|kiểm\s+tra|tuyển\s+sinh|khám|điều\s+trị|trồng(?:\s+mới)?|lắp\s+đặt|phát\s+hiện
                  |xử\s+phạt|thành\s+lập|đăng\s+ký|số\s+hóa|ký\s+số|tiêm)\s*$)""",
    re.VERBOSE | re.IGNORECASE,
)
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


# An owner longer than this is a clause of its own, not a noun phrase ("Sở … phối hợp … với 70 người").
_MAX_OWNER_WORDS = 12


def _ends_with_với(head: str) -> bool:
    """"… với 15 thành viên": the count belongs to the noun phrase before "với"."""
    return bool(_VỚI_END.search(head))


def fold_lower(s: str) -> str:
    return " ".join(s.lower().split())


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
