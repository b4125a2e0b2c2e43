"""Dates as the reports write them.

    01/7/2014, 06/5/2024          numeric, day first
    01-08-2019, 24-12-2019        hyphenated (appendix tables), still day first
    ngày 22 tháng 12 năm 2022     spelled out (date lines); parts may be blank in drafts:
    ngày   tháng 5 năm 2024       -> year 2024, month 5, no day
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# A year as the reports' documents have them, 1900-2099: the pattern text every other pattern builds on
# (a document's date, its number "42/2022/NĐ-CP", a period, a table's year column).
YEAR_PATTERN = r"(?:19|20)\d{2}"

# dd/mm/yyyy or dd-mm-yyyy (also dd.mm.yyyy), day first as in all Vietnamese documents.
NUMERIC_DATE = re.compile(
    rf"""
    (?<![\d/.-])
    (?P<day>\d{{1,2}}) (?P<sep>[/.-]) (?P<month>\d{{1,2}}) (?P=sep) (?P<year>{YEAR_PATTERN})
    (?![\d/])
    """,
    re.VERBOSE,
)

# The words of a spelled-out date, with the tone slips OCR makes on them ("tháng 3 nắm 2024").
DAY_WORD = "ng[àáảãạa]y"
MONTH_WORD = "th[áàảãạa]ng"
YEAR_WORD = "n[ăắằẳẵặ]m"

# "ngày 22 tháng 12 năm 2022"; each number may be missing in a draft.
SPELLED_DATE = re.compile(
    rf"""
    {DAY_WORD} \s* (?P<day>\d{{1,2}})? \s*
    {MONTH_WORD} \s* (?P<month>\d{{1,2}})? \s*
    {YEAR_WORD} \s* (?P<year>{YEAR_PATTERN})
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class PartialDate:
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str | None:
        """ISO date only when all three parts are known and form a real date."""
        if not (self.year and self.month and self.day):
            return None
        try:
            return dt.date(self.year, self.month, self.day).isoformat()
        except ValueError:
            return None


def _partial(day: str | None, month: str | None, year: str | None) -> PartialDate | None:
    d, m, y = (int(x) if x else None for x in (day, month, year))
    if m is not None and not 1 <= m <= 12:
        return None
    if d is not None and not 1 <= d <= 31:
        return None
    return PartialDate(y, m, d)


def parse_numeric_date(text: str) -> PartialDate | None:
    """"01-08-2019" -> 2019-08-01 (day first); None when the text holds no valid date."""
    m = NUMERIC_DATE.search(text)
    if not m:
        return None
    date = _partial(m["day"], m["month"], m["year"])
    return date if date and date.iso else None


def parse_spelled_date(text: str) -> PartialDate | None:
    """"ngày tháng 5 năm 2024" -> PartialDate(2024, 5, None)."""
    m = SPELLED_DATE.search(text)
    return _partial(m["day"], m["month"], m["year"]) if m else None
