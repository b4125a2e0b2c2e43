"""The money grammar (extractors.lang.money): units, scale words, amounts in cells and prose, rates."""
import pytest

from extractors.lang.money import (
    FUNDS_WORDS,
    HEADER_UNIT,
    MONEY,
    MONEY_WITH_UNIT,
    find_money,
    is_budget_amount,
    is_rate,
    money_in_cell,
    money_value,
    unit_multiplier,
)
from extractors.text import fold


@pytest.mark.parametrize("unit, multiplier", [
    ("Triệu đồng", 1_000_000), ("tỷ đồng", 1_000_000_000), ("Tỉ đồng", 1_000_000_000),
    ("đồng", 1), ("nghìn đồng", 1_000), ("Triệu đồng.", 1_000_000), ("triệu  VNĐ", 1_000_000),
    ("tr.đ", 1_000_000), ("Tr. đồng", 1_000_000), ("triệu", 1_000_000), ("tỷ", 1_000_000_000),
    ("nghìn tỷ đồng", 1_000_000_000_000),
    ("nghìn", None),                      # a scale word alone means money only for triệu and tỷ
    ("Cái", None), ("Người", None), ("", None), (None, None),
])
def test_unit_multiplier(unit, multiplier):
    assert unit_multiplier(unit) == multiplier


@pytest.mark.parametrize("cell, unit, text, vnd", [
    ("1.389", "Triệu đồng", "1.389", 1_389_000_000),
    ("92,460", "Triệu đồng", "92,460", 92_460_000),          # decimal comma: 92.46 triệu, not 92,460 triệu
    ("6.992,46", "Triệu đồng", "6.992,46", 6_992_460_000),
    ("(480)", "Triệu đồng", "480", 480_000_000),
    ("1,5 tỷ đồng (Đơn vị thực hiện: Văn phòng thị xã Đức Phổ)", None, "1,5 tỷ đồng", 1_500_000_000),
    ("130 triệu đồng", "Tỷ đồng", "130 triệu đồng", 130_000_000),   # own unit overrides the table's
    ("6,1 tỷ đồng", None, "6,1 tỷ đồng", 6_100_000_000),
    ("Khoảng 2 tỷ.", None, "2 tỷ", 2_000_000_000),
    ("350.000.000 VNĐ", "Triệu đồng", "350.000.000 VNĐ", 350_000_000),
    ("1,2 nghìn tỷ đồng", None, "1,2 nghìn tỷ đồng", 1_200_000_000_000),
    ("12", None, "12", 12),                                    # no unit at all: đồng
])
def test_money_in_cell(cell, unit, text, vnd):
    money = money_in_cell(cell, unit)
    assert (money.text, money.vnd) == (text, vnd)


@pytest.mark.parametrize("cell", ["(Tập đoàn Bưu chính viễn thông Việt Nam (VNPT) tài trợ)", "", "Quý II/2022",
                                  "06 đồng chí", "2 triệu lượt", "tỷ lệ 5"])
def test_no_money_in_cell(cell):
    assert money_in_cell(cell, "Triệu đồng") is None


@pytest.mark.parametrize("text, found", [
    ("1,5 tỷ đồng", "1,5 tỷ đồng"), ("130 triệu đồng.", "130 triệu đồng"), ("2 tỷ;", "2 tỷ"),
    ("8.450.000.000 VND", "8.450.000.000 VND"), ("12 đồng chí", None), ("đồng bộ 5 hệ thống", None),
])
def test_money_with_unit(text, found):
    m = MONEY_WITH_UNIT.search(text)
    assert (m.group(0) if m else None) == found


@pytest.mark.parametrize("header, unit", [
    ("Kinh phí (triệu đồng)", "triệu đồng"), ("Tổng mức đầu tư (ĐVT: tỷ đồng)", "tỷ đồng"),
    ("Kinh phí (tr.đ)", "tr.đ"), ("Số lượng (cái)", None),
])
def test_header_unit(header, unit):
    m = HEADER_UNIT.search(header)
    assert (m["unit"] if m else None) == unit


@pytest.mark.parametrize("text, values", [
    ("350 triệu đồng", [350_000_000]),
    ("1,2 nghìn tỷ đồng", [1_200_000_000_000]),
    ("15 tỷ 300 triệu đồng", [15_300_000_000]),
    ("từ 200 đến 300 triệu đồng", [200_000_000]),             # a range: its low end
    ("năm 2021 - 300 triệu đồng", [300_000_000]),             # a year before a dash is no range
    ("Tổng: 2.350.000.000 đồng", [2_350_000_000]),
])
def test_money_value(text, values):
    assert [money_value(m) for m in find_money(text)] == values


@pytest.mark.parametrize("sentence, rate", [
    ("Mức hỗ trợ 500.000 đồng/người/tháng.", True), ("chi 52,5 triệu đồng / năm", True),
    ("Kinh phí 500 triệu đồng/năm 2023", True), ("Kinh phí 500 triệu đồng.", False),
])
def test_is_rate(sentence, rate):
    (m,) = find_money(sentence)
    assert is_rate(sentence, m) == rate


@pytest.mark.parametrize("paragraph, budget", [
    ("Tổng kinh phí thực hiện 350 triệu đồng.", True),                       # a scale word: always money
    ("Kinh phí thực hiện là 350.000.000 đồng.", True),                       # đồng, in a clause about funds
    ("Đã thu phí với tổng số tiền 49.634.181.598 đồng.", False),            # collected: an indicator
    ("Kinh phí năm trước cao; năm nay thu 49.634.181.598 đồng.", False),     # the funds word is in another clause
    ("Ngân sách hỗ trợ 500.000 đồng/người.", False),                        # a rate
])
def test_is_budget_amount(paragraph, budget):
    (m,) = find_money(paragraph)
    assert is_budget_amount(paragraph, m) == budget


@pytest.mark.parametrize("clause, found", [("tổng kinh phí", True), ("nguồn vốn tỉnh", True),
                                           ("số tiền thu được", False), ("ngân sách nhà nước", True)])
def test_funds_words(clause, found):
    assert bool(FUNDS_WORDS.search(fold(clause))) == found


def test_money_reads_what_find_money_reads():
    text = "Chi 5 triệu đồng; 06 đồng chí; giải ngân 654,935/871,321 triệu đồng, 1,5 tỷ."
    assert [m.span() for m in find_money(text)] == [m.span() for m in MONEY.finditer(text)]
