import math

import pytest
from hypothesis import given, strategies as st

from extractors.numbers import NUMBER, Quantity, format_number, parse_number, parse_quantity


@pytest.mark.parametrize(
    "text, value",
    [
        ("1.050", 1050),                   # "." groups thousands
        ("61,4", 61.4),                    # "," marks decimals
        ("8.962,46", 8962.46),
        ("92,460", 92.46),                 # decimal comma with a trailing zero, not 92460
        ("49.634.181.598", 49634181598),
        ("0,5", 0.5),                      # not 5
        ("130.141", 130141),
        ("01", 1),                         # leading zero: "thị xã 01"
        ("6.992", 6992),
        ("1.5", 1.5),                      # English decimal: the dot cannot group thousands
        (" 2.954 ", 2954),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.2.3", ".5", "5.", "-3", "1.05.0", "٣", "1e5", "9" * 400])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    "value, decimals, text",
    [
        (8962.46, None, "8.962,46"),
        (1050, None, "1.050"),
        (0.5, None, "0,5"),
        (49634181598, None, "49.634.181.598"),
        (1.5e-07, None, "0,00000015"),     # never exponent notation
        (5, 2, "5,00"),
        (8962.456, 2, "8.962,46"),
    ],
)
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    "text, quantity",
    [
        ("trên 75%", Quantity(75, None, "trên", True, "75%")),
        ("khoảng 13.570", Quantity(13570, None, "khoảng", False, "13.570")),
        ("tối thiểu là 0,5%", Quantity(0.5, None, "tối thiểu", True, "0,5%")),
        ("Tối thiểu 50%", Quantity(50, None, "tối thiểu", True, "50%")),
        ("ít nhất 3", Quantity(3, None, "ít nhất", False, "3")),
        ("80% trở lên hồ sơ", Quantity(80, None, "trở lên", True, "80%")),
        ("dưới 5%", Quantity(5, None, "dưới", True, "5%")),
        ("tối đa 10", Quantity(10, None, "tối đa", False, "10")),
        ("gần 1.000", Quantity(1000, None, "gần", False, "1.000")),
        ("tối đa từ 60% - 80%", Quantity(60, 80, "tối đa", True, "60% - 80%")),
        ("30% đến 50%", Quantity(30, 50, None, True, "30% đến 50%")),
        ("10 đến 15 lượt", Quantity(10, 15, None, False, "10 đến 15")),
        ("61,4%", Quantity(61.4, None, None, True, "61,4%")),
    ],
)
def test_parse_quantity(text, quantity):
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize("text", ["Giảm", "trên tổng số", ""])
def test_parse_quantity_rejects(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


@pytest.mark.parametrize(
    "text, found",
    [
        ("đạt 61,4%", ["61,4"]),
        ("130.141/131.749 CCCD", ["130.141", "131.749"]),
        ("49.634.181.598 đồng", ["49.634.181.598"]),
        ("8.962,46 triệu đồng", ["8.962,46"]),
    ],
)
def test_number_pattern(text, found):
    assert [m.group() for m in NUMBER.finditer(text)] == found


finite = st.floats(min_value=0, max_value=1e18, allow_nan=False, allow_infinity=False)


@given(finite)
def test_format_then_parse_gives_the_value_back(value):
    assert parse_number(format_number(value)) == value


@given(st.integers(min_value=0, max_value=10**15))
def test_integers_round_trip(value):
    assert parse_number(format_number(value)) == value


@given(st.text())
def test_parse_number_returns_a_float_or_raises_value_error(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert isinstance(value, float) and math.isfinite(value)


@given(st.from_regex(r"[0-9.,]{1,20}", fullmatch=True))
def test_parse_number_on_digit_soup(text):
    try:
        value = parse_number(text)
    except ValueError:
        return
    assert isinstance(value, float) and value >= 0
