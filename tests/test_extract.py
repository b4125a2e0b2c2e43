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
