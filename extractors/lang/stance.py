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
    r"""(?=[pmdđks]) (?: phấn\s+đấu
      | mục\s+tiêu(?!\s+quốc\s+gia)                  # (not "Chương trình mục tiêu quốc gia", a programme's name)
      | dự\s+kiến | dự\s+tr[ùì] | đề\s+ra
      | (?<!%)(?<!%\s)kế\s+hoạch\s+năm                 # (not "đạt 48,5% kế hoạch năm", what a result is compared with)
      | sẽ\s+triển\s+khai )""",
    re.VERBOSE | re.IGNORECASE,
)
# A goal verb that governs the clauses after it in its sentence: "Phấn đấu A đạt 75%; B đạt 70%".
GOAL_VERB = re.compile(r"phấn\s+đấu", re.IGNORECASE)
# In a section title; whichever cue comes first in the title decides.
TARGET_TITLE = re.compile(
    r"""mục\s+tiêu | chỉ\s+tiêu | định\s+hướng | phương\s+hướng | nhiệm\s+vụ\s*(?:,|và)\s*giải\s+pháp
      | dự\s+kiến | dự\s+tr[ùì] | kiến\s+nghị | đề\s+xuất | thời\s+gian\s+(?:tới|đến)
      | ^(?:PHẦN\s+\S+|[IVX]+|\d+(?:\.\d+)*)?[.):]?\s*nhiệm\s+vụ(?:\s+(?:trọng\s+tâm|chủ\s+yếu))?
         \s+(?:quý|năm|\d|thời\s+gian)    # "II. NHIỆM VỤ QUÝ IV NĂM 2024", "Nhiệm vụ trọng tâm năm 2025"
                                          # (not "2.1. Nhiệm vụ phát triển chính quyền số" under results)""",
    re.VERBOSE | re.IGNORECASE,
)
ACTUAL_TITLE = re.compile(
    r"kết\s+quả|tình\s+hình|thực\s+trạng|đánh\s+giá|khái\s+quát|đạt\s+được|hạn\s+chế|tồn\s+tại",
    re.IGNORECASE,
)
# A table column that says which: "Kế hoạch năm 2025", "KH 2025", "Mục tiêu" / "Thực hiện năm 2024", "Ước TH".
TARGET_COLUMN = re.compile(r"^\s*(?:kế\s+hoạch|KH|mục\s+tiêu|chỉ\s+tiêu|dự\s+kiến|dự\s+toán)(?!\w)", re.IGNORECASE)
ACTUAL_COLUMN = re.compile(r"^\s*(?:(?:ước\s+)?(?:thực\s+hiện|TH)|kết\s+quả)(?!\w)", re.IGNORECASE)
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


def column_stance(column: str | None) -> str | None:
    """"target" or "actual" as a table value's column header says ("Kế hoạch năm 2025"), else None."""
    if column and TARGET_COLUMN.match(column):
        return "target"
    if column and ACTUAL_COLUMN.match(column):
        return "actual"
    return None


def stance(clause: str, titles: list[str], header: ReportHeader | None, sentence_before: str = "") -> str:
    """"target" or "actual" for a figure read in `clause` under the section `titles` (outermost first);
    `sentence_before`: the clauses of its sentence before it ("Phấn đấu …; giảm tỷ lệ hộ nghèo …").

    The one rule for indicators (target/actual) and budget lines (planned/spent).
    """
    report_year = header.year if header else None
    if _states_goal(clause, report_year) or (sentence_before and GOAL_VERB.search(sentence_before)):
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
