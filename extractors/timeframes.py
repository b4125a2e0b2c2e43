"""When a task is due: the kind of a timeframe as written, and its deadline year.

    Quý IV/2025, Trước ngày 30/6/2027, Tháng 6 năm 2025    deadline     2025, 2027, 2025
    Năm 2025 - 2027, Giai đoạn 2024-2025, Từ … đến …       period       2027, 2025, the end's year
    Thường xuyên, Hằng năm, Năm 2024 và các năm tiếp theo  ongoing      None
    Hằng năm; riêng năm 2025 hoàn thành trong quý IV       ongoing      2025 (a dated milestone)
    Sau khi có hướng dẫn của Bộ …                          conditional  None

`deadline_year` is the year of the earliest completion point the timeframe states.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import YEAR_PATTERN
from .lang.periods import ANY_YEAR
from .text import fold

# Ongoing work: no completion point of its own.
ONGOING = re.compile(
    rf"""\b(?: thuong\s+xuyen | hang\s+nam | hang\s+quy | hang\s+thang | hang\s+tuan
        | dinh\s+ky | lien\s+tuc | cac\s+nam\s+tiep\s+theo | nhung\s+nam\s+tiep\s+theo
        | hang\s+ngay | ca\s+giai\s+doan
        | ^\W*(?:ke\s+)?tu\s+(?:nam\s+)?{YEAR_PATTERN}\W*$ )   # "Từ năm 2025": a start, no end
        (?:\b|$)""",
    re.VERBOSE,
)
# Work that waits for something else.
CONDITIONAL = re.compile(
    r"""^(?:\W*)(?: sau\s+khi | khi\s+(?:co|duoc) | theo\s
        | ngay\s+sau\s+khi | trong\s+thoi\s+gian\s+\d+\s+ngay\s+(?:ke\s+tu|sau) )""",
    re.VERBOSE,
)
# A span with an end: "2025 - 2027", "giai đoạn 2021-2025", "từ năm 2024 đến năm 2026".
PERIOD = re.compile(
    rf"""(?: (?P<start>{YEAR_PATTERN}) \s* (?:-|–|—|đến|den) \s* (?:nam\s+)? (?P<end>{YEAR_PATTERN})
        | tu\s+.*?\s+den\s+.*?(?P<until>{YEAR_PATTERN}) )""",
    re.VERBOSE,
)
# A dated completion point inside an ongoing timeframe: "riêng năm 2025 hoàn thành …".
MILESTONE = re.compile(r"\b(?:hoan\s+thanh|truoc|cham\s+nhat|xong|quy\s+[ivx]+|thang\s+\d)\b")

# A cell or a clause that states a time and nothing else ("Quý IV/2025", "2024-2025", "Thường xuyên").
TIMEFRAME_TEXT = re.compile(
    rf"""^\W*(?: (?:truoc|cham\s+nhat|hoan\s+thanh|giai\s+doan|den\s+(?:nam|thang|quy|ngay|\d))\b
        | (?:(?:trong|tu|du\s+kien)\s+)?(?:nam|quy|thang|ngay)\s+(?:[ivx]+\b|\d)   # "Quý IV/2025", "trong năm 2026"
        | thuong\s+xuyen | hang\s+(?:nam|quy|thang) | dinh\s+ky | lien\s+tuc | sau\s+khi | khi\s+co
        | theo\s+(?:huong\s+dan|yeu\s+cau) | {YEAR_PATTERN} )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Timeframe:
    text: str                  # as written, whitespace joined
    kind: str                  # "deadline", "period", "ongoing", "conditional"
    deadline_year: int | None


def looks_like_timeframe(text: str) -> bool:
    """Whether a short text is a time and not a name or a product."""
    folded = fold(text).strip()
    return bool(folded) and len(folded) <= 160 and bool(TIMEFRAME_TEXT.match(folded))


@lru_cache(maxsize=1024)
def read_timeframe(text: str | None) -> Timeframe | None:
    if not text or not text.strip():
        return None
    written = " ".join(text.split()).strip(" ;,.")
    folded = fold(written)
    years = [int(m["year"]) for m in ANY_YEAR.finditer(folded)]
    if CONDITIONAL.search(folded):
        return Timeframe(written, "conditional", None)
    if ONGOING.search(folded):
        milestone = MILESTONE.search(folded)
        later = [int(m["year"]) for m in ANY_YEAR.finditer(folded, milestone.start())] if milestone else []
        dated = [int(m["year"]) for m in ANY_YEAR.finditer(folded) if _before_milestone(folded, m.start())]
        return Timeframe(written, "ongoing", min(later or dated) if (later or dated) else None)
    if m := PERIOD.search(folded):
        end = int(m["end"] or m["until"])
        earlier = [y for y in years if y < end and y not in (int(m["start"] or 0),)]
        return Timeframe(written, "period", min(earlier + [end]) if earlier and _two_points(folded) else end)
    if years:
        return Timeframe(written, "deadline", min(years))
    return Timeframe(written, "deadline", None)


def _before_milestone(folded: str, at: int) -> bool:
    """A year written right before a completion word: "năm 2025 hoàn thành"."""
    return bool(re.match(r"\d{4}\s+(?:hoan\s+thanh|xong)", folded[at:]))


def _two_points(folded: str) -> bool:
    """Two separate points ("Quý II/2025 và Quý IV/2026"), not one span."""
    return bool(re.search(r"\bva\b|;", folded))
