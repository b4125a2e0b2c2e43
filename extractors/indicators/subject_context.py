"""A subject completed from the values before it in the paragraph: a part of a breakdown takes the
total's measure, a bare comparison or a count's owner what the clause's earlier value measured.

    "Tổng số 31 người (UBND thị xã: 01 người, …)"   -> the part "01 người" is "người UBND thị xã"
    "tỷ lệ … từ 25% lên 30%"                          -> 30% measures what 25% measures
"""
from __future__ import annotations

import re

from extractors.indicators.subjects import (
    AMOUNT_BEFORE_BRACKET,
    AMOUNT_BEFORE_SHARE,
    COMPARISON_BASE,
    MEASURE_START,
    RATE_APPLIES_TO,
    TOTAL_PREFIX,
    clean_subject,
    fold_lower,
)
from extractors.indicators.values import BREAKDOWN_OPENER, SHARE_WORD, Found
from extractors.models import Indicator
from extractors.sentences import LOOSE_SENTENCE_END

# "99 Tổ …, với 615 thành viên": a count of what the previous count counted.
_JOINED_BY_VỚI = re.compile(r"[\s,]*với(?:\s+(?:khoảng|trên|gần|hơn))?\s*$", re.IGNORECASE)


# " của 15 xã, phường": the owner of the previous count, which the count after "với" belongs to.
_OWNER_PREPOSITION = re.compile(r"\s(?:của|tại|thuộc)\s", re.IGNORECASE)


def subject_in_context(subject: str | None, text: str, item: Found, clause_start: int, sentence_start: int,
                earlier: list[tuple[Found, Indicator]]) -> str | None:
    """The subject completed from the values before it in the paragraph.

    A part of a breakdown ("31 người (UBND thị xã: 01 người, …)", "134 TTHC (cấp huyện 83, cấp xã 51)")
    is the total's measure for that part; a value with no words of its own ("…, bằng 112,4% so với
    cùng kỳ") or only a count's owner ("…, với 615 thành viên") measures what the clause's earlier
    value measured; a value with no subject at all, what the sentence's last subject named.
    """
    if item.unit == "đồng" and earlier and earlier[-1][0].unit == "đồng" and earlier[-1][1].subject \
            and earlier[-1][0].start >= clause_start \
            and _NEXT_RATE.match(text, max(earlier[-1][0].end, earlier[-1][0].unit_end), item.lead_or_start):
        return earlier[-1][1].subject     # "hỗ trợ 40 triệu đồng/hộ xây mới và 20 triệu đồng/hộ sửa chữa"
    parent = _breakdown_parent(text, item, earlier)
    if parent is not None and parent.subject:
        total = TOTAL_PREFIX.sub("", parent.subject)
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
    if item.unit == "đồng" and (not subject or subject.startswith(item.unit)):
        # "mức chi đối với phiếu khảo sát dưới 30 chỉ tiêu là 50.000 đồng/phiếu": a count inside the
        # rate's name cut it off; the name runs from the measure word
        measure = [m for m in MEASURE_START.finditer(text, clause_start, item.lead_or_start)]
        named = clean_subject(text[measure[-1].start():item.lead_or_start]) if measure else None
        if named:
            whom = RATE_APPLIES_TO.match(text, max(item.end, item.unit_end))
            return f"{named} {' '.join(whom['whom'].split())}" if whom else named
        previous = same_clause[-1] if same_clause else None
        if previous and previous[1].subject and _CEILING.search(text, max(previous[0].end, previous[0].unit_end),
                                                                  item.lead_or_start):
            return previous[1].subject    # "Hỗ trợ 50% chi phí mua giống …, tối đa không quá 30 triệu đồng/hộ"
    if not same_clause:
        return subject
    previous_item, previous = same_clause[-1]
    between = text[max(previous_item.end, previous_item.unit_end):item.lead_or_start]
    if previous.subject and item.percent and previous_item.percent and _CHANGED_TO.match(between):
        return previous.subject                         # "tỷ lệ … từ 25% lên 30%"
    if previous.subject and item.percent and previous_item.unit not in (None, "%", "đồng") \
            and _SHARE_LINK_ONLY.match(between):
        return previous.subject                         # "Kích hoạt 385.210 tài khoản …, chiếm 71,4% dân số"
    if previous.subject and item.percent and previous_item.percent and between.rstrip().endswith(",") \
            and _reads_after(text, item, subject) and _reads_before(text, previous_item, previous, clause_start):
        return f"{previous.subject} {subject}"          # "Hạ tầng … cáp quang phủ trên 80% hộ gia đình, 100% xã, phường"
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


# A bound on the value before: "…, tối đa không quá 30 triệu đồng/hộ", "…, tối thiểu 5 triệu đồng".
_CEILING = re.compile(r"(?<!\w)(?:tối\s+đa|tối\s+thiểu|không\s+(?:vượt\s+)?quá)(?!\w)", re.IGNORECASE)
# Between two amounts of one measure: the first one's "per …" and what it is for, then "và" or ",".
_NEXT_RATE = re.compile(r"(?:/[^\W\d_]+)*(?:\s+[^\W\d_]+){0,4}\s*(?:và|,|hoặc)\s*$", re.IGNORECASE)
# Between two percentages: the second is what the first became ("từ 25% lên 30%", "giảm từ 4,2% xuống 3,8%").
_CHANGED_TO = re.compile(r"^[\s*]*(?:lên|xuống|còn)[\s*]*$", re.IGNORECASE)
# Between a count and a percentage: only the link of a share ("…, chiếm", ", bằng").
_SHARE_LINK_ONLY = re.compile(rf"^[\s*]*,[\s*]*(?:chiếm|bằng)(?:\s+{SHARE_WORD})?[\s*]*$", re.IGNORECASE)


def _reads_after(text: str, item: Found, subject: str) -> bool:
    """Whether a value's subject is the words right after it ("100% xã, phường")."""
    return text[max(item.end, item.unit_end):].lstrip(" *").startswith(subject)


def _reads_before(text: str, item: Found, indicator: Indicator, clause_start: int) -> bool:
    """Whether a value's subject was read before it in its clause: a measure a list of values shares."""
    return fold_lower(indicator.subject) in fold_lower(text[clause_start:item.lead_or_start])


def _breakdown_parent(text: str, item: Found, earlier: list[tuple[Found, Indicator]]) -> Indicator | None:
    """The total whose breakdown ("(trong đó: …)", "(…)", "gồm: …") the value belongs to, if any."""
    for found, indicator in reversed(earlier):
        if found.itemised:
            continue
        between = text[max(found.end, found.unit_end):item.lead_or_start]
        if LOOSE_SENTENCE_END.search(between):
            return None
        opener = BREAKDOWN_OPENER.search(between)
        if opener:
            inside = between[opener.start():]
            if _share_of_amount(text, item):
                return None           # "…, trong đó thu nội địa 4.180 tỷ đồng, chiếm 98,4%": a share of the amount
            if opener.group() == "(" and inside.count("(") <= inside.count(")"):
                return None
            return indicator
    return None


# An amount and its share are written close together: "ngân sách tỉnh 185 tỷ đồng (15,4%)".
_SHARE_REACH = 80


def _share_of_amount(text: str, item: Found) -> bool:
    """Whether a percentage is the share of the amount written right before it ("4.180 tỷ đồng, chiếm 98,4%",
    "185 tỷ đồng (15,4%)"), not a part of a total named earlier."""
    start = max(0, item.start - _SHARE_REACH)
    return bool(AMOUNT_BEFORE_SHARE.search(text, start, item.start) or AMOUNT_BEFORE_BRACKET.search(text, start, item.start))
