"""Goal or result: whether a figure states a target or an actual result.

A value is a `target` when its clause says so ("phấn đấu", "mục tiêu", "đến năm 2025" after the
report's year), else as the section titles above it say (Mục tiêu, Chỉ tiêu, Định hướng, …
versus Kết quả, Tình hình, …), else by the document kind (a Kế hoạch, Chương trình, Đề án …
states goals); otherwise `actual`. A budget line is `planned` where an indicator would be a
`target` (or when its own year is after the report's), `spent` otherwise.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.dates import NUMERIC_DATE
from extractors.lang.masking import DOCUMENT_REFERENCE, mask
from extractors.lang.periods import NAMED_YEAR
from extractors.models import ReportHeader


# In the clause itself (for a table row: its timing and note cells). ("đề xuất" is a verb in a clause
# ("… tham mưu, đề xuất việc triển khai"); in a title or caption it names a proposal: TARGET_TITLE.)
# ((?=[pmdđks]): the cues' first letters, in either case, which let re skip ahead to them: a third of the time)
TARGET_CLAUSE = re.compile(
    r"(?=[pmdđks]) (?: phấn\s+đấu | mục\s+tiêu | dự\s+kiến | dự\s+tr[ùì] | đề\s+ra | kế\s+hoạch\s+năm | sẽ\s+triển\s+khai )",
    re.VERBOSE | re.IGNORECASE,
)
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
GOAL_DOCUMENTS = {"kế hoạch", "chương trình", "đề án", "phương án", "chỉ thị", "nghị quyết"}


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


def stance(clause: str, titles: list[str], header: ReportHeader | None) -> str:
    """"target" or "actual" for a figure read in `clause` under the section `titles` (outermost first).

    The one rule for indicators (target/actual) and budget lines (planned/spent).
    """
    report_year = header.year if header else None
    if _states_goal(clause, report_year):
        return "target"
    for title in reversed(titles):
        kind = _title_kind(title, report_year)
        if kind:
            return kind
    if header and header.kind and header.kind.lower() in GOAL_DOCUMENTS:
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
            and _names_later_year(mask(s, (DOCUMENT_REFERENCE, NUMERIC_DATE)), report_year))


def _names_later_year(s: str, report_year: int) -> bool:
    return any(int(y) > report_year for y in NAMED_YEAR.findall(s))
