"""Years and periods (extractors.lang.periods): one grammar for indicators, budget lines and tables."""
import pytest

from extractors.lang.periods import ANY_YEAR, NAMED_YEAR, PERIOD, YEAR, YEAR_RANGE, find_periods, in_lower_case, \
    year_or_period


@pytest.mark.parametrize("text, years", [
    ("đến năm 2025", ["2025"]), ("Năm 2024, toàn thị xã", ["2024"]), ("TRONG NĂM 2023", ["2023"]),
    ("ngày 26/6/2023", []),                 # the year of a date is not a named year
    ("năm 20231", []), ("Quyết định số 12/2023", []),
])
def test_named_year(text, years):
    assert [m["year"] for m in NAMED_YEAR.finditer(text)] == years


@pytest.mark.parametrize("text, years", [("Quý II/2022", ["2022"]), ("2014-2024", ["2014", "2024"]),
                                         ("120234", []), ("số 1999", ["1999"])])
def test_any_year(text, years):
    assert ANY_YEAR.findall(text) == years


@pytest.mark.parametrize("cell, is_year", [("2023", True), ("1999", True), ("2150", False), ("12", False)])
def test_year(cell, is_year):
    assert bool(YEAR.fullmatch(cell)) == is_year


@pytest.mark.parametrize("text, period", [
    ("Tính đến 31/12/2023, toàn thị xã", "Tính đến 31/12/2023"),
    ("trong 6 tháng cuối năm 2022 và năm 2023 đạt", "6 tháng cuối năm 2022 và năm 2023"),
    ("từ 01/01/2021 đến ngày 25/6/2022", "từ 01/01/2021 đến ngày 25/6/2022"),
    ("giai đoạn 2021 - 2025", "giai đoạn 2021 - 2025"),
    ("từ năm 2022 đến nay", "từ năm 2022 đến nay"),
    ("quý II/2022", "quý II/2022"),
    ("hằng năm", "hằng năm"),
    ("Mục tiêu cụ thể", None),
])
def test_period(text, period):
    m = PERIOD.search(text)
    assert (m.group() if m else None) == period


def test_periods_skip_the_time_compared_with():
    assert [m.group() for m in find_periods("năm 2024 tăng 12,4% so với cùng kỳ năm 2023")] == ["năm 2024"]


@pytest.mark.parametrize("text, year_period", [
    ("Quý II/2022", (2022, None)), ("từ năm 2021 đến 2023", (None, "2021-2023")),
    ("Giai đoạn 2021-2025", (None, "2021-2025")), ("từ năm 2020 đến nay", (None, None)),
    ("năm 2021 và 2022", (None, None)), ("", (None, None)), (None, (None, None)),
])
def test_year_or_period(text, year_period):
    assert year_or_period(text) == year_period


@pytest.mark.parametrize("text, start, end", [("2021 - 2023", "2021", "2023"), ("2021 đến năm 2023", "2021", "2023"),
                                             ("2020 đến nay", "2020", None)])
def test_year_range(text, start, end):
    m = YEAR_RANGE.search(text)
    assert (m["start"], m["end"]) == (start, end)


@pytest.mark.parametrize("phrase, lower", [("6 THÁNG ĐẦU NĂM 2024", "6 tháng đầu năm 2024"), ("Đến nay", "đến nay"),
                                           ("quý I-2023", "quý I-2023")])
def test_in_lower_case(phrase, lower):
    assert in_lower_case(phrase) == lower
