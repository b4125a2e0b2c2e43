import re

import pytest

from extractors.dates import YEAR_PATTERN, PartialDate, parse_numeric_date, parse_spelled_date


@pytest.mark.parametrize(
    "text, iso",
    [
        ("ngày 01/7/2014 của Bộ Chính trị", "2014-07-01"),
        ("22/12/2022", "2022-12-22"),
        ("01-08-2019", "2019-08-01"),          # hyphenated, day first (not 8 January)
        ("24-12-2019", "2019-12-24"),
        ("ngày 06/01/2022", "2022-01-06"),
        ("07.10.2022", "2022-10-07"),
    ],
)
def test_numeric_dates_are_day_first(text, iso):
    assert parse_numeric_date(text).iso == iso


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2020",          # no such day
        "13/13/2020",          # no such month
        "130.141/131.749",     # a fraction, not a date
        "Quý II/2022",
        "2021-2025",
        "42/2022/NĐ-CP",
        "15/15 xã",
    ],
)
def test_not_dates(text):
    assert parse_numeric_date(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đức Phổ, ngày 22 tháng 12 năm 2022", PartialDate(2022, 12, 22)),
        ("Đức Phồ, ngày tháng 5 năm 2024", PartialDate(2024, 5, None)),     # draft: day left blank
        ("Đức Phổ, ngày tháng năm 2024", PartialDate(2024, None, None)),    # draft: day and month blank
        ("ngày       tháng      năm 2023", PartialDate(2023, None, None)),
    ],
)
def test_spelled_dates_keep_partial_parts(text, expected):
    assert parse_spelled_date(text) == expected


def test_partial_date_has_no_iso():
    assert PartialDate(2024, 5, None).iso is None
    assert PartialDate(2022, 12, 22).iso == "2022-12-22"


@pytest.mark.parametrize("text, is_year", [
    ("2023", True), ("1945", True), ("1900", True), ("2099", True),
    ("1899", False), ("2100", False), ("023", False), ("20234", False),
])
def test_year_pattern(text, is_year):
    """The one pattern of a year (dates, periods, references, tables and timeframes build on it)."""
    assert bool(re.fullmatch(YEAR_PATTERN, text)) is is_year
