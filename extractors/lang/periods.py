"""Years and periods: when a value holds or an amount is spent, as the reports write it.

    "năm 2023", "Năm 2025", "giai đoạn 2021 - 2025", "6 tháng đầu năm 2022 và năm 2023",
    "quý II/2022", "Tính đến 31/12/2023", "từ 01/01/2021 đến ngày 25/6/2022", "từ năm 2022 đến nay"

PERIOD reads a time phrase in prose (indicators); YEAR_RANGE and `year_or_period` read the
year or range of a budget line, a table group row or a caption. A year itself is
extractors.dates.YEAR_PATTERN (below this layer, so dates can read it too).
"""
from __future__ import annotations

import re

from extractors.dates import YEAR_PATTERN

# A cell or name that is only a year: YEAR.fullmatch("2023").
YEAR = re.compile(YEAR_PATTERN)

# A year range: "từ năm 2021 đến 2023", "giai đoạn 2021-2023", "2014-2024", "từ năm 2020 đến nay".
YEAR_RANGE = re.compile(
    rf"""(?P<start>{YEAR_PATTERN})
        \s*(?:-|–|đến(?:\s+năm)?)\s*
        (?:(?P<end>{YEAR_PATTERN})(?!\d) | nay\b)""",
    re.VERBOSE | re.IGNORECASE,
)
# "năm 2023", "Năm 2025": a year named as such (not a number that only looks like one, nor the
# year of a date such as 26/6/2023). ((?=n): its first letter, which lets re skip ahead to it)
NAMED_YEAR = re.compile(rf"(?=n)\bnăm\s+(?P<year>{YEAR_PATTERN})(?!\d)", re.IGNORECASE)
# Any year in a text: "2022", "Quý II/2022", "Trong năm 2021".
ANY_YEAR = re.compile(rf"(?<!\d)(?P<year>{YEAR_PATTERN})(?!\d)")

# A date inside a time phrase: 31/12/2023.
_DATE = rf"\d{{1,2}}/\d{{1,2}}/{YEAR_PATTERN}"
# A time phrase: "Tính đến 31/12/2023", "6 tháng đầu năm 2022", "giai đoạn 2021 - 2025".
PERIOD = re.compile(
    rf"""
    (?<!\w)(?:
        từ\s+(?:ngày\s+)?(?P<from_date>{_DATE})\s+đến\s+(?:hết\s+)?(?:ngày\s+)?{_DATE}
                                                        # từ 01/01/2021 đến ngày 25/6/2022
      | từ\s+tháng\s+\d{{1,2}}/{YEAR_PATTERN}\s+đến\s+(?:hết\s+)?(?:quý\s+[IV]+\s*[-/]\s*{YEAR_PATTERN}|tháng\s+\d{{1,2}}/{YEAR_PATTERN}|nay)
                                                        # từ tháng 8/2022 đến hết quý I-2023
      | (?:tính\s+)?đến\s+(?:hết\s+)?(?:ngày\s+)?(?P<until_date>{_DATE})   # Tính đến 31/12/2023
      | ngày\s+(?P<on_date>{_DATE})                      # Ngày 15/9/2023
      | \d{{1,2}}\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+{YEAR_PATTERN})?   # 6 tháng đầu năm 2022, 6 tháng đầu năm
      | quý\s+[IV]+\s*(?:[-/]|năm)\s*{YEAR_PATTERN}             # quý I-2023, quý II/2022
      | giai\s+đoạn\s+{YEAR_PATTERN}\s*[-–]\s*{YEAR_PATTERN}              # giai đoạn 2021 - 2025
      | từ\s+năm\s+{YEAR_PATTERN}\s*(?:-|đến)\s*(?:năm\s+)?(?:{YEAR_PATTERN}|nay)   # từ năm 2022 đến nay
      | (?:cuối|đầu)\s+năm\s+{YEAR_PATTERN}                     # cuối năm 2023
      | (?:đến|vào)\s+năm\s+{YEAR_PATTERN}                      # đến năm 2025 (a target horizon)
      | năm\s+{YEAR_PATTERN}                                    # năm 2023
      | (?:tính\s+)?đến\s+nay | hằng\s+năm | hàng\s+năm
    )(?!\w)
    (?:\s*(?:,|và|-)\s*                                 # more parts: "6 tháng cuối năm 2022 và năm 2023",
       (?: \d{{1,2}}\s+tháng\s+(?:đầu|cuối)\s+năm\s+{YEAR_PATTERN}   # "năm 2022 và quý I-2023"
         | quý\s+[IV]+\s*(?:[-/]|năm)\s*{YEAR_PATTERN}
         | (?:cuối\s+|đầu\s+)?năm\s+{YEAR_PATTERN} )(?!\w) )*
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "Tính đến …": the verb is left out of the period phrase.
PERIOD_VERB = re.compile(r"^(?:tính\s+)?", re.IGNORECASE)

# A time phrase ending a subject: it is the value's period, not part of what is measured.
TRAILING_PERIOD = re.compile(r"(?:\s|^)(?:" + PERIOD.pattern + r")\s*$", re.VERBOSE | re.IGNORECASE)

# A time phrase leading a clause: "Tính đến cuối năm 2023, …", "Năm 2024, …".
PERIOD_LEAD = re.compile(
    r"""^(?:[-+•*]\s*)?
        (?: (?:tính\s+đến|đến|trong|ngày|năm|từ)\b[^,:]{0,40}?(?:\d{4}|\bnay)[^,:]{0,10}[,:]\s*
          | (?:tính\s+)?đến\s+nay\s+ )                   # "đến nay đã có …" (no comma)""",
    re.VERBOSE | re.IGNORECASE,
)

# A time phrase closing a clause head: "… từ năm 2021 đến 2023".
TIME_TAIL = re.compile(rf"\s*(?:từ\s+năm|giai\s+đoạn|trong\s+năm|năm)\s+{YEAR_PATTERN}.*$", re.IGNORECASE)


# "tăng 12,4% so với cùng kỳ năm 2024": the time compared with, not the time the value holds for.
COMPARED_WITH = re.compile(
    r"""(?:so\s+với|cùng\s+kỳ)
        (?:\s+(?:dự\s+toán|kế\s+hoạch|(?:ước\s+)?thực\s+hiện|cùng\s+kỳ))?   # "so với dự toán năm 2023"
        \s*$""",
    re.VERBOSE | re.IGNORECASE,
)


# "báo cáo trước ngày 25/10/2024", "chậm nhất ngày …": a deadline of a task, not the time a value holds for.
DEADLINE_BEFORE = re.compile(r"(?:trước|chậm\s+nhất(?:\s+là)?|hạn)\s*$", re.IGNORECASE)


def find_periods(references_masked: str) -> list[re.Match]:
    """The time phrases of a paragraph, from its text with document numbers masked.

    Read once for all its values: no time phrase or document number holds ";" or the
    "." of a sentence end, so the phrases inside a clause (or before it) are the ones
    its own text would give.
    """
    return [m for m in PERIOD.finditer(references_masked)
            if not COMPARED_WITH.search(references_masked, max(0, m.start() - 30), m.start())
            and not DEADLINE_BEFORE.search(references_masked, max(0, m.start() - 15), m.start())]


_QUARTER_NUMERAL = re.compile(r"(?<=quý )[ivx]+\b")


def in_lower_case(phrase: str) -> str:
    """A time phrase as it reads inside a sentence: from a heading in capitals ("6 THÁNG ĐẦU NĂM 2024")
    or opening a sentence ("Đến nay", "Từ 01/01/2025 …", "Năm 2025"); "quý I-2023" keeps its numeral."""
    if phrase.isupper():               # "QUÝ III NĂM 2024" -> "quý III năm 2024" (the numeral kept)
        return _QUARTER_NUMERAL.sub(lambda m: m.group().upper(), phrase.lower())
    if phrase[1:2].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def range_period(r: re.Match | None) -> tuple[None, str | None] | None:
    """(None, "2021-2023") for a range of years; (None, None) for "từ năm 2022 đến nay" (open-ended, no period)."""
    if r and r["start"] != r["end"]:
        return None, (f"{r['start']}-{r['end']}" if r["end"] else None)
    return None


def year_or_period(s: str | None) -> tuple[int | None, str | None]:
    """(2022, None) for "Quý II/2022"; (None, "2021-2023") for "từ năm 2021 đến 2023"; else (None, None)."""
    if not s:
        return None, None
    if period := range_period(YEAR_RANGE.search(s)):
        return period
    years = {int(m["year"]) for m in ANY_YEAR.finditer(s)}
    return (years.pop(), None) if len(years) == 1 else (None, None)
