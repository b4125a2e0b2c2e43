from extractors.text import Text
from pipeline.extract import extract

FINAL_REPORT = """Số: 45/BC-UBND

Đức Phổ, ngày 10 tháng 01 năm 2024

BÁO CÁO

Kết quả chuyển đổi số năm 2023

Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã Đức Phổ, UBND thị xã báo cáo như sau.

PHỤ LỤC I

(Ban hành kèm theo Báo cáo số 45/BC-UBND ngày 10/01/2024 của UBND thị xã Đức Phổ)
"""


def test_a_report_quoting_its_own_number_does_not_cite_itself():
    extraction = extract(Text.from_string(FINAL_REPORT))
    assert extraction.header.number == "45" and extraction.header.symbol == "BC-UBND"
    assert [(c.ref, c.date) for c in extraction.citations] == [("3225/KH-UBND", "2022-12-22")]


PROVENANCE_TEXT = """KẾ HOẠCH

I. KẾT QUẢ

Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã, tỷ lệ hồ sơ trực tuyến đạt 61,4%. Kinh phí thực hiện 350 triệu đồng.

II. NHIỆM VỤ

1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát quy chế làm việc, hoàn thành trong Quý II/2025.
"""


def test_every_record_read_from_the_report_says_where():
    """Mentions, values, amounts and tasks carry their provenance (models.Provenance), the first three also
    their span (models.Spanned): the text at [start:end] is what was read as written."""
    text = Text.from_string(PROVENANCE_TEXT)
    found = extract(text)
    (citation,), (indicator,), (budget,) = found.citations, found.indicators, found.budget_lines
    for record, written in ((citation, citation.text_as_written), (indicator, indicator.value_text),
                            (budget, budget.amount_text)):
        assert text.full[record.start:record.end] == written
        assert record.line == 5 and record.section and record.context.startswith(("Thực hiện", "Kinh phí"))
    assert [(a.line, a.section is not None, a.context != "") for a in found.assignments] == [(9, True, True)]
