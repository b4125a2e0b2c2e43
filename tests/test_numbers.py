import math

import pytest
from hypothesis import given, strategies as st

from extractors.numbers import (
    NUMBER,
    QUALIFIER_AFTER,
    QUALIFIER_BEFORE,
    RANGE_TAIL,
    format_number,
    normalize_qualifier,
    parse_number,
)


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
    "before, qualifier",
    [
        ("đạt trên ", "trên"),
        ("với tổng kinh phí khoảng ", "khoảng"),
        ("tối thiểu là ", "tối thiểu"),
        ("Tối thiểu ", "tối thiểu"),
        ("ít nhất ", "ít nhất"),
        ("còn dưới ", "dưới"),
        ("tối đa từ ", "tối đa"),
        ("gần ", "gần"),
        ("không quá ", "không quá"),
        ("ước tính ", "ước tính"),           # estimated (budget amounts: "ước tính 350 triệu đồng")
        ("kinh phí ước ", "ước"),
        ("Giảm ", None),
        ("tổng số ", None),
        ("trên tổng số ", None),            # "trên" must sit right before the number
    ],
)
def test_qualifier_before(before, qualifier):
    m = QUALIFIER_BEFORE.search(before)
    assert (normalize_qualifier(m["qualifier"]) if m else None) == qualifier


@pytest.mark.parametrize(
    "after, high, percent",
    [("% - 80%", None, None), (" - 80%", "80", "%"), (" đến 50%", "50", "%"), (" đến 15 lượt", "15", None),
     (" tới 1.000", "1.000", None), (" hồ sơ", None, None)],
)
def test_range_tail(after, high, percent):
    m = RANGE_TAIL.match(after)
    assert ((m["high"], m["percent"]) if m else (None, None)) == (high, percent)


@pytest.mark.parametrize("after, found", [(" trở lên", True), ("% trở lên", False), (" hồ sơ", False)])
def test_qualifier_after(after, found):
    assert bool(QUALIFIER_AFTER.match(after)) == found


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
