"""Masking (extractors.lang.masking): numbers that are no values are blanked, same length."""
import pytest

from extractors.dates import NUMERIC_DATE, SPELLED_DATE
from extractors.lang.masking import DOCUMENT_REFERENCE, MONTH_YEAR, mask


@pytest.mark.parametrize("text, masked", [
    ("theo Kế hoạch số 3225/KH-UBND ngày 22/12/2022 đạt 80%", "theo Kế hoạch số " + "#" * 28 + " đạt 80%"),
    ("Nghị định 42/2022/NĐ-CP, đạt 5%", "Nghị định " + "#" * 13 + ", đạt 5%"),
    ("đạt 130.141/131.749 hồ sơ", "đạt 130.141/131.749 hồ sơ"),      # a fraction is a value
    ("không có số", "không có số"),
])
def test_mask_references_and_dates(text, masked):
    assert mask(text, (DOCUMENT_REFERENCE, NUMERIC_DATE)) == masked


@pytest.mark.parametrize("text, found", [("tháng 8/2022", "8/2022"), ("Quý II/2022", None), ("15/20", None),
                                         ("130/2022/NĐ", None), ("đến 12/2023,", "12/2023")])
def test_month_year(text, found):
    m = MONTH_YEAR.search(text)
    assert (m.group() if m else None) == found


def test_spelled_date_is_masked():
    assert mask("ngày 22 tháng 12 năm 2022 đạt 5%", (SPELLED_DATE,)).endswith(" đạt 5%")
    assert "2022" not in mask("ngày 22 tháng 12 năm 2022 đạt 5%", (SPELLED_DATE,))
