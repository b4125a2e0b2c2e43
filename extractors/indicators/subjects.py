"""What a value measures (its subject), as an analyst would name it.

    "Tỷ lệ thanh toán trực tuyến đạt 55,09%"         -> "Tỷ lệ thanh toán trực tuyến"
    "100% cơ quan, đơn vị, địa phương có mạng LAN"   -> "cơ quan, đơn vị, địa phương có mạng LAN"
    a table row "Thu ngân sách | 1.234,5 | 61,7%" under "Nội dung | Thực hiện | So với dự toán (%)"
                                                      -> "Thu ngân sách - So với dự toán"
"""
from __future__ import annotations

import re

from extractors.indicators.values import (
    BREAKDOWN_OPENER,
    SENTENCE_END,
    WORD,
    Found,
)
from extractors.lang.periods import ANY_YEAR, PERIOD, PERIOD_LEAD, TRAILING_PERIOD, YEAR, in_lower_case
from extractors.models import Indicator
from extractors.numbers import DIGIT, QUALIFIER_BEFORE
from extractors.sentences import clause_bounds

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
    r"""(?=[tscm])                          # the first letters below: lets re skip ahead to them
        (?<!\w)(?: (?:tỷ|tỉ)\s+lệ | tốc\s+độ | tổng\s+số | số\s+lượng | chỉ\s+số
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


def _clean_subject(s: str) -> str | None:
    s = " ".join(s.split())        # spaces collapsed, ends stripped
    if " ," in s or " ;" in s or " :" in s or " )" in s:   # (the only spaces left are single " ")
        s = _SPACE_BEFORE_PUNCTUATION.sub("", s)
    # (both leads are anchored at the start: one match to cut, not a substitution tried at every character)
    if lead := PERIOD_LEAD.match(s):
        s = s[lead.end():]
    s = s[_SUBJECT_LEAD.match(s).end():]    # (it matches, emptily if need be)
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
        label = _clean_subject(head[:colon])
        head = head[colon + 1:]
    open_paren = head.rfind("(")
    if open_paren > head.rfind(")"):      # "(cấp huyện 83, …"
        if not WORD.search(head, open_paren):     # "vốn ngân sách trung ương 12 tỷ đồng (78,4%)":
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
        if earlier_value and WORD.search(head, 0, earlier_value.start()):
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


def subject_in_context(subject: str | None, text: str, item: Found, clause_start: int, sentence_start: int,
                earlier: list[tuple[Found, Indicator]]) -> str | None:
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


def _breakdown_parent(text: str, item: Found, earlier: list[tuple[Found, Indicator]]) -> Indicator | None:
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


def row_subject(text: str, item: Found, column_names: list[str]) -> str | None:
    """In a table row, the row's label (its longest cell with words) and the value's column name.

    "Thu ngân sách | 1.234,5 | 61,7%" under "Nội dung | Thực hiện | So với dự toán (%)" ->
    "Thu ngân sách - So với dự toán"; a column named by a measure ("Tỷ lệ giải ngân (%)") goes first,
    a column named by a time ("Năm 2023") or a bare "%"/"Tỷ lệ" adds nothing.
    """
    cell_start = text.rfind("\t", 0, item.start) + 1
    cell_end = text.find("\t", item.end) % (len(text) + 1)    # (the row's end when no tab follows)
    if len(WORD.findall(text, cell_start, cell_end)) >= _PROSE_CELL_WORDS:
        # a sentence in the value's own cell ("… đảm bảo 100% văn bản được xử lý …"): read it as prose
        clause_start, clause_end = clause_bounds(text, item.start, item.end)
        subject, _ = subject_of(text, item, max(cell_start, clause_start), min(cell_end, clause_end), False)
        if subject:
            return subject
    cells = text.split("\t")
    labels = [c.strip() for c in cells if item.value_text not in c and WORD.search(c)]
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


def header_cells(row: str) -> list[str]:
    """The cells of a table's first row when it is a header (no figures in it), else []."""
    cells = row.split("\t")
    return [] if any(_FIGURE_CELL.match(c) for c in cells[1:]) else cells


def period_of_column(text: str, item: Found, column_names: list[str]) -> tuple[str, int | None] | None:
    """The time a table value's column names: "Năm 2025" -> ("năm 2025", 2025), "2024" -> ("2024", 2024)."""
    column = text.count("\t", 0, item.start)
    if column >= len(column_names):
        return None
    name = " ".join(_UNIT_IN_BRACKETS.sub("", column_names[column]).split())
    if YEAR.fullmatch(name):
        return name, int(name)
    m = PERIOD.fullmatch(name)
    if not m:
        return None
    years = {int(y) for y in ANY_YEAR.findall(name)}
    return in_lower_case(name), (years.pop() if len(years) == 1 else None)


def _column_name(cell: str) -> str | None:
    """A header cell as part of a subject: without "(%)"; None for a time, a bare "%" or "Tỷ lệ"."""
    name = " ".join(_UNIT_IN_BRACKETS.sub("", cell).split())
    if _UNINFORMATIVE_COLUMN.match(name) or PERIOD.fullmatch(name) or YEAR.fullmatch(name):
        return None
    return name
