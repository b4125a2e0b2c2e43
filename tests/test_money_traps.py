"""Traps met on real reports (issue 13, item 6): words that look like money, and two amounts in one."""
import pytest

from extractors.lang.money import MONEY, money_value
from extractors.text import Text
from pipeline.extract import extract


def amounts(sentence: str) -> list[int]:
    """Every money amount the extraction keeps: budget lines and indicators in đồng."""
    extraction = extract(Text.from_string(sentence))
    return sorted([b.amount_vnd for b in extraction.budget_lines]
                  + [round(i.value) for i in extraction.indicators if i.unit == "đồng"])


@pytest.mark.parametrize("sentence, found", [
    ("Hội nghị có 06 đồng chí lãnh đạo tham dự.", []),                     # comrades, not đồng
    ("Thành lập tổ công tác gồm 12 đồng chí.", []),
    ("Đã giải ngân 654,935/871,321 triệu đồng kinh phí được giao.", [654_935_000, 871_321_000]),
    ("Giải ngân 1.250/3.000 triệu đồng.", [1_250_000_000, 3_000_000_000]),  # spent of planned: both
    ("Mức hỗ trợ 500.000 đồng/người/tháng.", [500_000]),                     # a rate stays one amount
])
def test_money_traps(sentence, found):
    assert amounts(sentence) == found


@pytest.mark.parametrize("text, values", [
    ("654,935/871,321 triệu đồng", [654_935_000, 871_321_000]),
    ("2/5 tỷ đồng", [2_000_000_000, 5_000_000_000]),
    ("130.141/131.749 hồ sơ", []),                                          # a ratio, not money
])
def test_money_pattern_reads_both_sides_of_a_fraction(text, values):
    assert [money_value(m) for m in MONEY.finditer(text)] == values
