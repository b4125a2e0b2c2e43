"""One stance rule (extractors.lang.stance): an indicator's target/actual and a budget line's
planned/spent come from the same cues, so a figure and an amount in the same place agree."""
import pytest

from extractors.budget import find_budget_lines
from extractors.indicators import find_indicators
from extractors.lang.stance import ACTUAL_TITLE, TARGET_CLAUSE, TARGET_TITLE, stance
from extractors.models import ReportHeader
from extractors.sections import SectionIndex
from extractors.text import Text

SENTENCE = "Tỷ lệ hồ sơ trực tuyến đạt 80%, kinh phí thực hiện 500 triệu đồng."


@pytest.mark.parametrize("kind, text, expected", [
    ("Chương trình", SENTENCE, ("target", "planned")),        # a document that states goals
    ("Đề án", SENTENCE, ("target", "planned")),
    ("Kế hoạch", SENTENCE, ("target", "planned")),
    ("Báo cáo", SENTENCE, ("actual", "spent")),
    ("Báo cáo", "I. PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2024\n" + SENTENCE, ("target", "planned")),   # a title of goals
    ("Báo cáo", "I. KẾT QUẢ THỰC HIỆN\n" + SENTENCE, ("actual", "spent")),
    ("Báo cáo", "Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80%, kinh phí dự kiến 500 triệu đồng.", ("target", "planned")),
    ("Báo cáo", "Đến năm 2025 tỷ lệ hồ sơ trực tuyến đạt 80%, kinh phí 500 triệu đồng.", ("target", "planned")),
])
def test_indicator_and_budget_line_in_one_place_agree(kind, text, expected):
    report = Text.from_string(text)
    header = ReportHeader(kind=kind, year=2023)
    sections = SectionIndex(report)
    (indicator,) = find_indicators(report, sections, header)
    (line,) = find_budget_lines(report, [], sections, header)
    assert (indicator.kind, line.status) == expected


@pytest.mark.parametrize("clause, target", [
    ("phấn đấu đạt", True), ("dự kiến", True), ("kinh phí dự trù", True), ("sẽ triển khai", True),
    ("mục tiêu đề ra", True), ("kế hoạch năm", True),
    ("đã bố trí 01 chuyên viên để tham mưu, đề xuất việc triển khai", False),   # "đề xuất" as a verb
    ("đã thực hiện", False),
])
def test_target_clause(clause, target):
    assert bool(TARGET_CLAUSE.search(clause)) == target


@pytest.mark.parametrize("title, kind", [
    ("II. MỤC TIÊU", "target"), ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024", "target"),
    ("IV. ĐỀ XUẤT, KIẾN NGHỊ", "target"), ("I. KẾT QUẢ THỰC HIỆN", "actual"),
    ("1.6. Tóm tắt tình hình thực hiện …, dự kiến các Dự án", "actual"),      # the first cue decides
    ("2. Về hạ tầng số", None),
])
def test_title_cues(title, kind):
    target, actual = TARGET_TITLE.search(title), ACTUAL_TITLE.search(title)
    found = None
    if target or actual:
        found = "target" if target and (not actual or target.start() < actual.start()) else "actual"
    assert found == kind
    assert stance("", [title], None) == (kind or "actual")
