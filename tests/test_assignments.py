"""Plan assignments: the regexes with tables of real forms, and whole plans written for these
tests in layouts other than the seeds' (task blocks with roles in the wording, shared blocks,
unit sections of a decision, inline "giao", a flattened crawled table, a DOCX table with merged
cells, a TAB table with empty merged cells and a row split across a page), with expectations
written by hand."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.assignment_paragraphs import MARKER, TIME_IN_TEXT
from extractors.assignments import find_assignments
from extractors.labels import LABEL
from extractors.roles import roles_after_actor, roles_in_value
from extractors.sections import SectionIndex
from extractors.tables import find_tables
from extractors.task_text import first_sentence
from extractors.text import Text
from extractors.timeframes import looks_like_timeframe, read_timeframe
from extractors.units import is_generic, split_units, unit_key, units_at_start
from pipeline.extract import extract

DATA = Path(__file__).parent / "data" / "assignments"


def assignments_of(source: str, kind: str | None = "Kế hoạch"):
    text = Text.from_string(source)
    return find_assignments(text, SectionIndex(text), find_tables(text), kind)


def summary(assignments):
    return [(a.line, a.lead_units, a.coordinating_units, a.timeframe) for a in assignments]


# ---------------------------------------------------------------- units


@pytest.mark.parametrize("written, units", [
    ("Các cơ quan, ban, ngành thị xã, UBND các xã, phường.", ["Các cơ quan, ban, ngành thị xã", "UBND các xã, phường"]),
    ("Thị đoàn Đức Phổ, các cơ quan, ban, ngành thị xã, UBND các xã, phường",
     ["Thị đoàn Đức Phổ", "các cơ quan, ban, ngành thị xã", "UBND các xã, phường"]),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội tỉnh"]),
    ("Phòng Văn hóa và Thông tin huyện, Văn phòng HĐND và UBND huyện",
     ["Phòng Văn hóa và Thông tin huyện", "Văn phòng HĐND và UBND huyện"]),
    ("Sở Lao động, Thương binh và Xã hội; Sở Tài chính", ["Sở Lao động, Thương binh và Xã hội", "Sở Tài chính"]),
    ("Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh, Sở Y tế", ["Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh", "Sở Y tế"]),
    ("Văn phòng HĐND và UBND thị xã,, UBND các xã, phường", ["Văn phòng HĐND và UBND thị xã", "UBND các xã, phường"]),
    ("Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thị xã, thành phố",
     ["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các huyện, thị xã, thành phố"]),
    ("Phòng Kinh tế huyện Phòng Nội vụ huyện", ["Phòng Kinh tế huyện", "Phòng Nội vụ huyện"]),   # separator missing
    ("Cộng đồng khu dân cư (thôn, tổ dân phố), các tổ chức, cá nhân",
     ["Cộng đồng khu dân cư (thôn, tổ dân phố)", "các tổ chức, cá nhân"]),
    ("Trung tâm Văn hóa, Thông tin và Thể thao huyện và Đài Truyền thanh các xã",
     ["Trung tâm Văn hóa, Thông tin và Thể thao huyện", "Đài Truyền thanh các xã"]),
    ("*Sở Khoa học và Công nghệ*", ["Sở Khoa học và Công nghệ"]),
])
def test_split_units(written, units):
    assert split_units(written) == units


@pytest.mark.parametrize("clause, units, rest", [
    ("Sở Y tế, Sở Tài chính và UBND các huyện tổ chức kiểm tra", ["Sở Y tế", "Sở Tài chính", "UBND các huyện"], "tổ chức"),
    ("Phòng Văn hóa và Thông tin triển khai nhiệm vụ", ["Phòng Văn hóa và Thông tin"], "triển khai"),
    ("các tổ chức chính trị - xã hội tham gia giám sát", ["các tổ chức chính trị - xã hội"], "tham gia"),
    ("Ban Quản lý dự án chủ trì", ["Ban Quản lý dự án"], "chủ trì"),
    ("Tổ chức tập huấn cho Sở Y tế", [], ""),            # "Tổ chức" is a verb here, not a body
    ("Ban hành quy chế", [], ""),
    ("Hội nghị sơ kết do Sở Nội vụ tổ chức", [], ""),
    ("Đơn vị tính: Triệu đồng", [], ""),
])
def test_units_at_start(clause, units, rest):
    found, end = units_at_start(clause)
    assert found == units
    assert clause[end:].strip().startswith(rest)


@pytest.mark.parametrize("a, b", [
    ("UBND thị xã", "Ủy ban nhân dân thị xã"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Phòng Tài chính – Kế hoạch thị xã", "Phòng Tài chính - Kế hoạch"),
    ("Phòng Văn hoá và Thông tin thị xã", "Phòng Văn hóa và Thông tin"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("SỞ NỘI VỤ", "Sở Nội vụ tỉnh"),
    ("Ủy ban MTTQ Việt Nam huyện", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện"),
])
def test_unit_key_groups_one_body(a, b):
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize("a, b", [
    ("UBND tỉnh", "UBND huyện"),                       # two councils, not one
    ("Công an tỉnh", "Công an huyện"),
    ("Phòng Kinh tế", "Phòng Kinh tế và Hạ tầng"),
])
def test_unit_key_keeps_bodies_apart(a, b):
    assert unit_key(a) != unit_key(b)


def test_unit_key_reads_like_a_name():
    assert unit_key("UBND các xã, phường") == "ủy ban nhân dân các xã, phường"


@pytest.mark.parametrize("unit, generic", [
    ("các cơ quan, đơn vị, địa phương liên quan", True),
    ("các đơn vị có liên quan", True),
    ("cơ quan liên quan", True),
    ("Sở Y tế", False),
    ("các cơ quan, ban, ngành thị xã", False),
])
def test_generic_units(unit, generic):
    assert is_generic(unit) is generic


# ---------------------------------------------------------------- labels, markers, roles


@pytest.mark.parametrize("line, kind, value", [
    ("Cơ quan tham mưu, thực hiện: Phòng Văn hóa và Thông tin thị xã.", "lead", "Phòng Văn hóa và Thông tin thị xã."),
    ("Cơ quan chủ trì: Sở Y tế", "lead", "Sở Y tế"),
    ("Đơn vị thực hiện: Trường Cao đẳng Y tế (chủ trì)", "lead", "Trường Cao đẳng Y tế (chủ trì)"),
    ("Cơ quan, đơn vị chủ trì: Sở Nội vụ", "lead", "Sở Nội vụ"),
    ("Chủ trì thực hiện: Sở Tư pháp", "lead", "Sở Tư pháp"),
    ("Đơn vị phụ trách: Trung tâm Chuyển đổi số", "lead", "Trung tâm Chuyển đổi số"),
    ("Thực hiện: Sở Nội vụ", "lead", "Sở Nội vụ"),
    ("Cơ quan phối hợp: Các cơ quan, ban, ngành", "coordinating", "Các cơ quan, ban, ngành"),
    ("Đơn vị phối hợp thực hiện: Sở Tài chính", "coordinating", "Sở Tài chính"),
    ("Thời gian thực hiện: Năm 2024 và các năm tiếp theo.", "time", "Năm 2024 và các năm tiếp theo."),
    ("Thời hạn hoàn thành: Quý IV/2025", "time", "Quý IV/2025"),
    ("Tiến độ thực hiện: Tháng 6/2025", "time", "Tháng 6/2025"),
    ("Sản phẩm: Quy chế được ban hành", "product", "Quy chế được ban hành"),
    ("Kết quả dự kiến: Báo cáo đánh giá", "product", "Báo cáo đánh giá"),
    ("Kinh phí thực hiện: ngân sách tỉnh", "funding", "ngân sách tỉnh"),
])
def test_label(line, kind, value):
    m = LABEL.match(line)
    assert m and m[kind] and m["value"] == value


@pytest.mark.parametrize("line", [
    "Phối hợp với Phòng Văn hóa và Thông tin trong việc xây dựng nội dung",   # a duty, no colon
    "Thời gian qua, công tác chuyển đổi số đạt kết quả",
    "Thực hiện Kế hoạch số 158-KH/TU, UBND thị xã xây dựng Kế hoạch như sau:",
])
def test_not_a_label(line):
    assert LABEL.match(line) is None


@pytest.mark.parametrize("paragraph, marker", [
    ("- Cơ quan chủ trì: Sở Y tế", "dash"), ("+ Rà soát", "plus"), ("đ) Đề xuất", "letter"),
    ("8.1. Lĩnh vực nông nghiệp: Ứng dụng", "number"), ("2.3 Phát triển xã hội số", "number"),
    ("IV. TỔ CHỨC THỰC HIỆN", "roman"), ("Điều 2. Tổ chức thực hiện", "article"),
])
def test_marker(paragraph, marker):
    assert MARKER.match(paragraph)[marker]


@pytest.mark.parametrize("value, role, lead, coordinating", [
    ("Sở Y tế chủ trì, phối hợp với Sở Tài chính; UBND các huyện.", "lead",
     ["Sở Y tế"], ["Sở Tài chính", "UBND các huyện"]),
    ("Sở Y tế chủ trì phối hợp Sở Tài chính", "lead", ["Sở Y tế"], ["Sở Tài chính"]),
    ("Trường Cao đẳng Y tế (chủ trì); Sở Nội vụ, Sở Tài chính (phối hợp)", "lead",
     ["Trường Cao đẳng Y tế"], ["Sở Nội vụ", "Sở Tài chính"]),
    ("Các cơ quan, ban, ngành thị xã, UBND các xã, phường.", "lead", ["Các cơ quan, ban, ngành thị xã", "UBND các xã, phường"], []),
    ("Thị đoàn, UBND các xã", "coordinating", [], ["Thị đoàn", "UBND các xã"]),
    ("Sở Y tế (chủ trì), Sở Tài chính", "lead", ["Sở Y tế"], ["Sở Tài chính"]),
    ("Sở Y tế chủ trì; Sở Tài chính, UBND các huyện phối hợp", "lead", ["Sở Y tế"], ["Sở Tài chính", "UBND các huyện"]),
    ("Chủ trì: Sở Y tế; Phối hợp: Sở Tài chính", "lead", ["Sở Y tế"], ["Sở Tài chính"]),
    ("Sở Y tế chủ trì thực hiện, phối hợp cùng các sở, ngành liên quan", "lead", ["Sở Y tế"], ["các sở, ngành liên quan"]),
])
def test_roles_in_value(value, role, lead, coordinating):
    roles = roles_in_value(value, role)
    assert (roles.lead, roles.coordinating) == (lead, coordinating)


@pytest.mark.parametrize("duty, lead, coordinating", [
    ("Chủ trì, phối hợp với Phòng Tài chính - Kế hoạch tổng hợp báo cáo", ["Phòng X"], ["Phòng Tài chính - Kế hoạch"]),
    ("Chủ trì và phối hợp triển khai các nhiệm vụ", ["Phòng X"], []),
    ("Phối hợp với Sở Y tế xây dựng kế hoạch", ["Sở Y tế"], ["Phòng X"]),                    # the named partner leads
    ("Phối hợp với các cơ quan, đơn vị liên quan triển khai", ["Phòng X"], ["các cơ quan, đơn vị liên quan"]),
    ("Chịu trách nhiệm phối hợp với đơn vị chủ trì khi được yêu cầu", [], ["Phòng X"]),     # no partner named
    ("Tham mưu UBND huyện bố trí kinh phí", ["Phòng X"], []),                               # the addressee is no unit
    ("Hướng dẫn các xã thực hiện; phối hợp với Công an huyện kiểm tra", ["Phòng X"], ["Công an huyện"]),
])
def test_roles_after_actor(duty, lead, coordinating):
    roles = roles_after_actor(["Phòng X"], duty)
    assert (roles.lead, roles.coordinating) == (lead, coordinating)


# ---------------------------------------------------------------- timeframes


@pytest.mark.parametrize("written, kind, year", [
    ("Trước ngày 30/6/2027", "deadline", 2027),
    ("Quý IV/2025", "deadline", 2025),
    ("Tháng 6 năm 2025", "deadline", 2025),
    ("Năm 2025 - 2027", "period", 2027),
    ("Giai đoạn 2024-2025", "period", 2025),
    ("Từ tháng 3/2025 đến tháng 12/2026", "period", 2026),
    ("Thường xuyên", "ongoing", None),
    ("Hằng năm.", "ongoing", None),
    ("Năm 2024 và các năm tiếp theo", "ongoing", None),
    ("Từ năm 2025", "ongoing", None),
    ("Thực hiện hằng năm; riêng năm 2025 hoàn thành trong quý IV", "ongoing", 2025),
    ("Sau khi được cấp có thẩm quyền phê duyệt", "conditional", None),
    ("Theo hướng dẫn của Bộ Nội vụ", "conditional", None),
    ("Quý II/2025 và Quý IV/2026", "deadline", 2025),
])
def test_read_timeframe(written, kind, year):
    timeframe = read_timeframe(written)
    assert (timeframe.kind, timeframe.deadline_year) == (kind, year)
    assert timeframe.text == written.rstrip(".")


@pytest.mark.parametrize("cell, is_time", [
    ("Quý IV/2025", True), ("2025-2026", True), ("Thường xuyên", True), ("Trong năm 2026", True),
    ("Sở Nội vụ", False), ("Quy chế được ban hành", False),
])
def test_looks_like_timeframe(cell, is_time):
    assert looks_like_timeframe(cell) is is_time


@pytest.mark.parametrize("sentence, found", [
    ("Tổng hợp báo cáo trước ngày 15/12/2025.", "trước ngày 15/12/2025"),
    ("Rà soát thủ tục, đề xuất đơn giản hóa trong Quý II/2025.", "trong Quý II/2025"),
    ("Hoàn thành chậm nhất là tháng 9/2026.", "chậm nhất là tháng 9/2026"),
    ("Xây dựng kế hoạch (Thời gian: Quý III/2025).", "Thời gian: Quý III/2025"),
])
def test_time_in_text(sentence, found):
    assert TIME_IN_TEXT.search(sentence).group(0) == found


@pytest.mark.parametrize("text, sentence", [
    ("Tuyên truyền, vận động Nhân dân. Phát huy vai trò của Đoàn.", "Tuyên truyền, vận động Nhân dân."),
    ("Khai thác hồ sơ điện tử, ... Thực hiện triệt để", "Khai thác hồ sơ điện tử, ..."),
    ("Phối hợp với UBND TP. Hồ Chí Minh tổ chức hội nghị. Sau đó", "Phối hợp với UBND TP. Hồ Chí Minh tổ chức hội nghị."),
    ("Lĩnh vực y tế: Ứng dụng công nghệ số. Ứng dụng", "Lĩnh vực y tế: Ứng dụng công nghệ số."),
])
def test_first_sentence(text, sentence):
    assert first_sentence(text) == sentence


# ---------------------------------------------------------------- whole plans


def test_plan_with_roles_in_wording_shared_block_and_unit_sections():
    found = assignments_of((DATA / "ke_hoach_so_y_te.txt").read_text(encoding="utf-8"))
    assert summary(found) == [
        (22, ["Bệnh viện Đa khoa tỉnh"], ["Trung tâm Công nghệ thông tin và Truyền thông tỉnh", "Sở Khoa học và Công nghệ"],
         "Quý IV/2025"),
        # b) and c) share one block
        (30, ["Phòng Nghiệp vụ Y (Sở Y tế)"], ["Bảo hiểm xã hội tỉnh", "UBND các huyện, thị xã, thành phố"], "Năm 2025 - 2026"),
        (32, ["Phòng Nghiệp vụ Y (Sở Y tế)"], ["Bảo hiểm xã hội tỉnh", "UBND các huyện, thị xã, thành phố"], "Năm 2025 - 2026"),
        # item 2 is only a title: its paragraph is the task
        (42, ["Trường Cao đẳng Y tế Bình Định"], ["Sở Nội vụ", "Sở Tài chính"],
         "Hằng năm; riêng năm 2025 hoàn thành trong quý III"),
        (52, ["Văn phòng Sở"], ["Phòng Kế hoạch - Tài chính"], "trước ngày 15/12/2025"),
        (54, ["Sở Thông tin và Truyền thông"], ["Văn phòng Sở"], None),
        (58, ["Phòng Kế hoạch - Tài chính"], [], None),         # "gửi Sở Tài chính": a recipient
        (62, ["Các đơn vị trực thuộc Sở"], [], "trước ngày 30/4/2025"),
        (64, [], ["Các đơn vị trực thuộc Sở"], None),
        (68, ["Liên đoàn Lao động tỉnh", "Hội Chữ thập đỏ tỉnh"], [], None),
    ]
    first = found[0]
    assert first.task == "Nâng cấp hệ thống mạng nội bộ của các bệnh viện tuyến tỉnh."
    assert (first.deadline_year, first.timeframe_kind, first.product) == (2025, "deadline", "Hệ thống mạng được nâng cấp, nghiệm thu")
    assert (found[1].deadline_year, found[1].timeframe_kind) == (2026, "period")
    assert (found[3].deadline_year, found[3].timeframe_kind) == (2025, "ongoing")
    assert found[4].section == "III. TỔ CHỨC THỰC HIỆN > 1. Văn phòng Sở"
    assert {a.form for a in found} == {"task_block", "unit_section"}
    # the closing formula and the recipients name bodies but give no task
    assert not any("Sở Y tế (qua" in a.context or a.line > 68 for a in found)


def test_decision_with_unit_sections_inline_giao_and_execution_article():
    found = assignments_of((DATA / "quyet_dinh_ubnd_huyen.txt").read_text(encoding="utf-8"), "Quyết định")
    assert summary(found) == [
        (22, ["Phòng Nội vụ huyện"], ["Văn phòng HĐND và UBND huyện"], "trước ngày 10/12/2025"),   # "1. Unit: duties"
        (26, ["Phòng Lao động - Thương binh và Xã hội"], [], "trong Quý II/2025"),                # "2. Giao Unit:"
        (28, ["Phòng Lao động - Thương binh và Xã hội"], ["các cơ quan, đơn vị có liên quan"], None),
        (32, ["Phòng Tài chính – Kế hoạch huyện"], ["UBND các xã, thị trấn"], None),             # the partner leads
        (34, ["UBND các xã, thị trấn"], [], "Thường xuyên"),
        # one paragraph, two clauses with their own "giao": two assignments; the issuer is no unit
        (36, ["Trung tâm Văn hóa, Thông tin và Thể thao huyện"], ["Đài Truyền thanh các xã, thị trấn"], None),
        (36, ["Công an huyện"], [], None),
    ]
    assert found[1].deadline_year == 2025 and found[4].timeframe_kind == "ongoing"
    assert found[6].task.startswith("giao Công an huyện hướng dẫn")


def test_flattened_crawled_table():
    found = assignments_of((DATA / "ke_hoach_crawl_flat.txt").read_text(encoding="utf-8"))
    table = [a for a in found if a.source == "table"]
    assert [(a.line, a.task, a.lead_units, a.coordinating_units, a.timeframe, a.deadline_year, a.product)
            for a in table] == [
        (12, "Xây dựng cơ sở dữ liệu đất đai tỉnh", ["Sở Tài nguyên và Môi trường"],
         ["Sở Khoa học và Công nghệ", "UBND các huyện, thị xã, thành phố"], "Quý IV/2025", 2025,
         "Cơ sở dữ liệu được đưa vào vận hành"),
        # no coordinating cell: the time is not taken for a unit
        (18, "Ban hành quy chế quản lý, vận hành Trung tâm điều hành thông minh", ["Văn phòng UBND tỉnh"], [],
         "Tháng 6/2025", 2025, "Quy chế được ban hành"),
        (23, "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã", ["Sở Nội vụ"], ["Sở Thông tin và Truyền thông"],
         "Thường xuyên", None, "Các lớp tập huấn"),
    ]
    assert all(a.form == "table" for a in table)
    # the column names "Cơ quan chủ trì" are no assignment; the closing sentence is one (subject + action)
    assert [(a.line, a.lead_units) for a in found if a.source == "text"] == [(29, ["Các sở, ban, ngành"])]


@pytest.mark.parametrize("caption", ["PHỤ LỤC II", "Phụ lục 2", "Biểu số 02"])
def test_an_appendix_caption_ends_a_flattened_table(caption):
    """The appendix caption (text.APPENDIX_CAPTION, in any of its forms) closes the table above it: the
    last row keeps its own cells and the appendix's title is nobody's product."""
    source = (DATA / "ke_hoach_crawl_flat.txt").read_text(encoding="utf-8").split("III. TỔ CHỨC THỰC HIỆN")[0]
    found = assignments_of(source + f"{caption}\nDanh mục các cơ sở dữ liệu dùng chung của tỉnh\n")
    assert [(a.line, a.lead_units, a.timeframe, a.product) for a in found if a.source == "table"][-1] == (
        23, ["Sở Nội vụ"], "Thường xuyên", "Các lớp tập huấn")


# As a PDF loader renders a table: merged cells empty in the rows below, and row 3 split by a
# page break (the page number "4" between its two parts, the second part without its number).
TAB_TABLE_WITH_MERGED_CELLS = """KẾ HOẠCH

I. PHÂN CÔNG NHIỆM VỤ

STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tSản phẩm
I\tNhóm nhiệm vụ về thể chế\t\t\t\t
1\tRà soát quy chế làm việc của UBND tỉnh\tSở Nội vụ, Văn phòng UBND tỉnh\tSở Tư pháp\tQuý II/2025\tQuy chế sửa đổi
2\tBan hành quy định phân cấp quản lý\t\t\t\tQuyết định của UBND tỉnh
3\tTổ chức đánh giá chỉ số cải cách hành chính của các sở, ngành và\t\t\t\t

4

\tđịa phương năm 2025\tSở Nội vụ chủ trì, phối hợp với Sở Tài chính\t\tTrước ngày 31/12/2025\tBáo cáo
"""


def test_tab_table_merged_cells_and_row_split_across_pages():
    text = Text.from_string(TAB_TABLE_WITH_MERGED_CELLS)
    found = find_assignments(text, SectionIndex(text), find_tables(text))
    assert [(a.task, a.lead_units, a.coordinating_units, a.timeframe, a.product) for a in found] == [
        ("Rà soát quy chế làm việc của UBND tỉnh", ["Sở Nội vụ", "Văn phòng UBND tỉnh"], ["Sở Tư pháp"], "Quý II/2025",
         "Quy chế sửa đổi"),
        # the empty unit and time cells were merged with the row above
        ("Ban hành quy định phân cấp quản lý", ["Sở Nội vụ", "Văn phòng UBND tỉnh"], ["Sở Tư pháp"], "Quý II/2025",
         "Quyết định của UBND tỉnh"),
        # one row over a page break; roles in the wording of the cell
        ("Tổ chức đánh giá chỉ số cải cách hành chính của các sở, ngành và địa phương năm 2025", ["Sở Nội vụ"],
         ["Sở Tài chính"], "Trước ngày 31/12/2025", "Báo cáo"),
    ]
    assert [a.line for a in found] == [7, 8, 9]
    assert all(a.source == "table" and a.section == "I. PHÂN CÔNG NHIỆM VỤ" for a in found)


def test_docx_task_table_with_merged_cells(tmp_path):
    docx = pytest.importorskip("docx")
    from pipeline.loaders import load

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("II. NHIỆM VỤ")
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
            ["I", "Nhóm nhiệm vụ về thể chế", "", "", "", ""],
            ["1", "Rà soát quy chế làm việc", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2025", "Quy chế sửa đổi"],
            ["2", "Ban hành quy định phân cấp", "", "", "", "Quyết định của UBND tỉnh"],
            ["3", "Đánh giá chỉ số cải cách hành chính", "Văn phòng UBND tỉnh", "Các sở, ban, ngành", "Hằng năm", "Báo cáo"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value:
                table.cell(i, j).text = value
    for column in (2, 3, 4):          # rowspan: rows 1 and 2 share their unit and time cells
        table.cell(2, column).merge(table.cell(3, column))
    path = tmp_path / "ke_hoach_bang.docx"
    document.save(path)
    text = Text.from_lines(load(path, "docx").lines)
    found = extract(text).assignments
    assert [(a.task, a.lead_units, a.coordinating_units, a.timeframe, a.timeframe_kind, a.product, a.source)
            for a in found] == [
        ("Rà soát quy chế làm việc", ["Sở Nội vụ"], ["Sở Tư pháp"], "Quý II/2025", "deadline", "Quy chế sửa đổi", "table"),
        ("Ban hành quy định phân cấp", ["Sở Nội vụ"], ["Sở Tư pháp"], "Quý II/2025", "deadline",
         "Quyết định của UBND tỉnh", "table"),
        ("Đánh giá chỉ số cải cách hành chính", ["Văn phòng UBND tỉnh"], ["Các sở, ban, ngành"], "Hằng năm", "ongoing",
         "Báo cáo", "table"),
    ]


def test_a_report_telling_what_was_done_gives_no_subject_assignments():
    report = """BÁO CÁO

I. NHIỆM VỤ TRỌNG TÂM

- Sở Y tế tổ chức 3 lớp tập huấn cho cán bộ y tế cơ sở.

- UBND tỉnh đã giao Sở Tài chính bố trí kinh phí cho các huyện.
"""
    assert summary(assignments_of(report, "Báo cáo")) == []
    # the same sentence in a plan is a task
    assert summary(assignments_of(report, "Kế hoạch")) == [(5, ["Sở Y tế"], [], None)]


PLAN_WITH_TASK_BLOCKS_AND_UNIT_SECTIONS = """KẾ HOẠCH
Chuyển đổi số huyện Sơn Tịnh năm 2025

II. NHIỆM VỤ, GIẢI PHÁP

a) Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước. Thực hiện gửi, nhận văn bản điện tử.

- *Cơ quan tham mưu, thực hiện:* Phòng Văn hóa và Thông tin huyện, Văn phòng HĐND và UBND huyện.

- *Thời gian thực hiện:* Năm 2025 và các năm tiếp theo.

III. TỔ CHỨC THỰC HIỆN

1. Các cơ quan, ban, ngành huyện và UBND các xã

- Chịu trách nhiệm phối hợp với đơn vị chủ trì triển khai các dự án chuyển đổi số tại cơ quan, đơn vị mình.

2. Phòng Nội vụ huyện

- Phối hợp với Phòng Văn hóa và Thông tin trong việc xây dựng nội dung các lớp bồi dưỡng cho cán bộ, công chức.

- Hàng năm tiến hành sơ kết Kế hoạch, gửi Phòng Tài chính - Kế hoạch huyện tổng hợp.

3. Trách nhiệm của cộng đồng

Hộ gia đình, các tổ chức, cá nhân chủ động nâng cao kỹ năng ứng dụng công nghệ số.

Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các cơ quan kịp thời phản ánh về Phòng Văn hóa và Thông tin để tổng hợp, trình UBND huyện xem xét, quyết định./.

Nơi nhận:

- Sở Khoa học và Công nghệ;
- UBND các xã;
- Lưu: VT.
"""


def test_task_blocks_and_unit_sections():
    """A plan's two forms, as seed 002 writes them: a task with "Cơ quan tham mưu, thực hiện:" and
    "Thời gian thực hiện:" lines; a unit's heading over the tasks it does ("Phối hợp với X" under
    heading Y: X leads, Y coordinates); the community's paragraph, the closing formula and the
    recipients give none."""
    found = assignments_of(PLAN_WITH_TASK_BLOCKS_AND_UNIT_SECTIONS)
    assert [(a.line, a.form, a.lead_units, a.coordinating_units, a.timeframe) for a in found] == [
        (6, "task_block", ["Phòng Văn hóa và Thông tin huyện", "Văn phòng HĐND và UBND huyện"], [],
         "Năm 2025 và các năm tiếp theo"),
        (16, "unit_section", [], ["Các cơ quan, ban, ngành huyện", "UBND các xã"], None),   # "phối hợp với đơn vị chủ trì"
        (20, "unit_section", ["Phòng Văn hóa và Thông tin"], ["Phòng Nội vụ huyện"], None),
        (22, "unit_section", ["Phòng Nội vụ huyện"], [], "Hàng năm"),
    ]
    assert found[0].task.startswith("Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước.")


def test_flattened_table_with_groups_other_column_order_and_a_cell_of_two_paragraphs():
    found = assignments_of((DATA / "chuong_trinh_crawl_groups.txt").read_text(encoding="utf-8"), "Chương trình")
    assert [(a.line, a.task, a.product, a.timeframe, a.deadline_year, a.lead_units, a.coordinating_units)
            for a in found] == [
        (13, "Xây dựng quy định về quản lý dữ liệu số của tỉnh.", "Nghị quyết của HĐND tỉnh", "Quý II/2026", 2026,
         ["Sở Khoa học và Công nghệ"], ["Sở Tư pháp", "Văn phòng UBND tỉnh"]),
        (20, "Rà soát thủ tục hành chính có thể số hóa toàn trình", "Danh mục thủ tục", "Trước ngày 30/9/2026", 2026,
         ["Văn phòng UBND tỉnh"], []),                                   # the last cell (phối hợp) left empty
        (27, "Phủ sóng 5G các khu công nghiệp", "Trạm 5G được lắp đặt", "2026-2027", 2027,
         ["Các doanh nghiệp viễn thông"], ["Sở Khoa học và Công nghệ", "UBND các xã, phường"]),
        # after the table ("III. TỔ CHỨC THỰC HIỆN" ends it): an inline assignment
        (33, "Giao Sở Khoa học và Công nghệ theo dõi, tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 15/12/2026.",
         None, "trước ngày 15/12/2026", 2026, ["Sở Khoa học và Công nghệ"], []),
    ]
    assert [a.timeframe_kind for a in found] == ["deadline", "deadline", "period", "deadline"]


BRACKETED = """KẾ HOẠCH

II. NHIỆM VỤ

1. Tổ chức tập huấn kỹ năng số cho cán bộ cấp xã (Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; thời gian: Quý III/2025).

2. Rà soát danh mục dữ liệu mở của tỉnh (Cơ quan chủ trì: Sở Khoa học và Công nghệ; Thời hạn hoàn thành: năm 2025).

3. Xây dựng bản đồ số dùng chung (sau đây gọi tắt là bản đồ số).

4. Đánh giá mức độ hài lòng của người dân (Văn phòng UBND tỉnh (chủ trì), Sở Nội vụ).
"""


def test_roles_in_brackets_after_the_task():
    found = assignments_of(BRACKETED)
    assert [(a.line, a.task, a.lead_units, a.coordinating_units, a.timeframe, a.deadline_year) for a in found] == [
        (5, "Tổ chức tập huấn kỹ năng số cho cán bộ cấp xã", ["Sở Nội vụ"], ["Sở Tài chính"], "Quý III/2025", 2025),
        (7, "Rà soát danh mục dữ liệu mở của tỉnh", ["Sở Khoa học và Công nghệ"], [], "năm 2025", 2025),
        (11, "Đánh giá mức độ hài lòng của người dân", ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"], None, None),
    ]


PIPES_AND_TWO_LEVEL_HEADER = """KẾ HOẠCH

II. NHIỆM VỤ

| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Các sở, ban, ngành | Quý IV/2025 |
| 2 | Ban hành danh mục dữ liệu mở | Văn phòng UBND tỉnh | | Từ năm 2025 |

PHỤ LỤC

TT\tNội dung công việc\tCơ quan thực hiện\t\tLộ trình
\t\tChủ trì\tPhối hợp\t
1\tCập nhật cơ sở dữ liệu cán bộ\tSở Nội vụ\tUBND các huyện\t2025-2026

III. TỔ CHỨC THỰC HIỆN

1. Sở Tài chính có trách nhiệm:

- Bố trí kinh phí thực hiện Kế hoạch trong dự toán hằng năm.
"""


def test_pipe_table_two_level_header_and_a_heading_announcing_duties():
    found = assignments_of(PIPES_AND_TWO_LEVEL_HEADER)
    assert [(a.line, a.task, a.lead_units, a.coordinating_units, a.timeframe, a.timeframe_kind, a.source)
            for a in found] == [
        (7, "Xây dựng kho dữ liệu dùng chung", ["Sở Khoa học và Công nghệ"], ["Các sở, ban, ngành"], "Quý IV/2025",
         "deadline", "table"),
        # an empty cell in a row with all its cells is no merged cell: nothing inherited
        (8, "Ban hành danh mục dữ liệu mở", ["Văn phòng UBND tỉnh"], [], "Từ năm 2025", "ongoing", "table"),
        (14, "Cập nhật cơ sở dữ liệu cán bộ", ["Sở Nội vụ"], ["UBND các huyện"], "2025-2026", "period", "table"),
        (20, "Bố trí kinh phí thực hiện Kế hoạch trong dự toán hằng năm.", ["Sở Tài chính"], [], None, None, "text"),
    ]


LABELS_ON_ONE_LINE_AND_INSIDE_THE_TASK = """KẾ HOẠCH

II. NHIỆM VỤ

1. Nâng cấp Cổng dịch vụ công của tỉnh.

- Cơ quan chủ trì: Văn phòng UBND tỉnh; Cơ quan phối hợp: Sở Khoa học và Công nghệ; Thời gian: Quý II/2026.

2. Xây dựng cơ sở dữ liệu ngành y tế. Cơ quan chủ trì: Sở Y tế; Thời hạn hoàn thành: năm 2026.

3. Số hóa hồ sơ lưu trữ lịch sử.

- Cơ quan chủ trì:

Sở Nội vụ

- Thời gian thực hiện: Năm 2026 - 2027.
"""


def test_labels_on_one_line_inside_the_task_and_a_value_on_the_next_line():
    found = assignments_of(LABELS_ON_ONE_LINE_AND_INSIDE_THE_TASK)
    assert [(a.line, a.task, a.lead_units, a.coordinating_units, a.timeframe, a.deadline_year) for a in found] == [
        (5, "Nâng cấp Cổng dịch vụ công của tỉnh.", ["Văn phòng UBND tỉnh"], ["Sở Khoa học và Công nghệ"],
         "Quý II/2026", 2026),
        (9, "Xây dựng cơ sở dữ liệu ngành y tế.", ["Sở Y tế"], [], "năm 2026", 2026),
        (11, "Số hóa hồ sơ lưu trữ lịch sử.", ["Sở Nội vụ"], [], "Năm 2026 - 2027", 2027),
    ]


LABELLED_TASKS = """KẾ HOẠCH

II. NHIỆM VỤ

1. Công tác chỉ đạo, điều hành

- Nội dung: Ban hành kế hoạch cải cách hành chính năm 2026 của huyện.

- Đơn vị chủ trì: Phòng Nội vụ huyện

- Thời gian hoàn thành: Tháng 01/2026

- Nội dung: Kiểm tra công tác cải cách hành chính tại các xã.

- Đơn vị chủ trì: Phòng Nội vụ huyện

- Đơn vị phối hợp: Văn phòng HĐND và UBND huyện

- Thời gian hoàn thành: Quý III/2026
"""


def test_labelled_tasks_each_with_their_own_block():
    found = assignments_of(LABELLED_TASKS)
    assert [(a.line, a.task, a.lead_units, a.coordinating_units, a.timeframe) for a in found] == [
        (7, "Ban hành kế hoạch cải cách hành chính năm 2026 của huyện.", ["Phòng Nội vụ huyện"], [], "Tháng 01/2026"),
        (13, "Kiểm tra công tác cải cách hành chính tại các xã.", ["Phòng Nội vụ huyện"],
         ["Văn phòng HĐND và UBND huyện"], "Quý III/2026"),
    ]


TABLE_GOING_ON_WITHOUT_ITS_HEADER = """KẾ HOẠCH

PHỤ LỤC

STT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian
1\tRà soát quy chế làm việc\tSở Nội vụ\tSở Tư pháp\tQuý II/2026
2\tCập nhật cơ sở dữ liệu cán bộ\tSở Nội vụ\tUBND các huyện\tQuý III/2026

Phụ lục (tiếp theo)

3\tĐánh giá chỉ số hài lòng của người dân\tVăn phòng UBND tỉnh\tSở Nội vụ\tQuý IV/2026
4\tCông bố chỉ số cải cách hành chính\tSở Nội vụ\tCác sở, ban, ngành\tThường xuyên
"""

DOCUMENT_LIST_WITHOUT_HEADER = """BÁO CÁO

1\t3225/KH-UBND\t22/12/2022\tKế hoạch chuyển đổi số ngành thư viện\tUBND thị xã Đức Phổ
2\t611/KH-UBND\t09/3/2023\tKế hoạch phát triển hạ tầng số\tUBND thị xã Đức Phổ
"""


def test_a_table_going_on_without_its_header_keeps_its_columns():
    found = assignments_of(TABLE_GOING_ON_WITHOUT_ITS_HEADER)
    assert [(a.line, a.lead_units, a.coordinating_units, a.timeframe) for a in found] == [
        (6, ["Sở Nội vụ"], ["Sở Tư pháp"], "Quý II/2026"),
        (7, ["Sở Nội vụ"], ["UBND các huyện"], "Quý III/2026"),
        (11, ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"], "Quý IV/2026"),
        (12, ["Sở Nội vụ"], ["Các sở, ban, ngành"], "Thường xuyên"),
    ]
    # and without the table before it, from what its cells hold
    alone = assignments_of(TABLE_GOING_ON_WITHOUT_ITS_HEADER.split("Phụ lục (tiếp theo)")[1])
    assert [(a.task, a.lead_units, a.coordinating_units, a.timeframe) for a in alone] == [
        ("Đánh giá chỉ số hài lòng của người dân", ["Văn phòng UBND tỉnh"], ["Sở Nội vụ"], "Quý IV/2026"),
        ("Công bố chỉ số cải cách hành chính", ["Sở Nội vụ"], ["Các sở, ban, ngành"], "Thường xuyên"),
    ]


def test_a_list_of_documents_and_their_issuers_is_no_task_table():
    assert assignments_of(DOCUMENT_LIST_WITHOUT_HEADER, "Báo cáo") == []


def test_pdf_task_table_with_merged_cells():
    """A PDF printed by Chromium from bang.html (beside it): a rowspan unit cell comes out empty
    in the row below, as the PDF loader renders tables."""
    from pipeline.loaders import load

    text = Text.from_lines(load(DATA / "ke_hoach_bang_nhiem_vu.pdf", "pdf").lines)
    found = extract(text).assignments
    assert [(a.task, a.lead_units, a.coordinating_units, a.timeframe, a.product, a.source, a.page) for a in found] == [
        ("Xây dựng kho dữ liệu dùng chung của huyện", ["Phòng Văn hóa và Thông tin huyện"],
         ["Văn phòng HĐND và UBND huyện"], "Quý II/2026", "Kho dữ liệu", "table", 1),
        ("Kết nối kho dữ liệu với nền tảng của tỉnh", ["Phòng Văn hóa và Thông tin huyện"],
         ["Văn phòng HĐND và UBND huyện"], "Quý IV/2026", "Kết nối được nghiệm thu", "table", 1),
        ("Tập huấn kỹ năng số cho cán bộ, công chức cấp xã", ["Phòng Nội vụ huyện"], ["UBND các xã, thị trấn"],
         "Hằng năm", "Các lớp tập huấn", "table", 1),
        ("Giao Phòng Tài chính - Kế hoạch huyện bố trí kinh phí thực hiện Kế hoạch trong dự toán năm 2026.",
         ["Phòng Tài chính - Kế hoạch huyện"], [], None, None, "text", 1),
    ]


def test_goals_are_no_tasks():
    plan = """KẾ HOẠCH

I. MỤC TIÊU

- Các cơ quan nhà nước của tỉnh ứng dụng dữ liệu số trong công tác chỉ đạo, điều hành.

II. NHIỆM VỤ

- Các cơ quan nhà nước của tỉnh ứng dụng dữ liệu số trong công tác chỉ đạo, điều hành.
"""
    assert summary(assignments_of(plan)) == [(9, ["Các cơ quan nhà nước của tỉnh"], [], None)]


@pytest.mark.parametrize("clause, units", [
    ("Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh cụ thể hóa Kết luận 57", ["Ban cán sự đảng UBND tỉnh"]),
    ("Sở Thông tin và Truyền thông kính trình UBND tỉnh xem xét", ["Sở Thông tin và Truyền thông"]),
    # no word ends the name within reach: no list read
    ("Trung tâm dữ liệu dùng chung của tỉnh với các máy chủ đặt tại nhiều nơi khác nhau trong và ngoài nước luôn sẵn sàng",
     []),
])
def test_where_a_subject_ends(clause, units):
    assert units_at_start(clause)[0] == units


def test_a_proposal_asks_and_assigns_nothing():
    to_trinh = """TỜ TRÌNH

II. NỘI DUNG ĐỀ XUẤT

Sở Thông tin và Truyền thông kính trình UBND tỉnh xem xét, quyết định.
"""
    assert assignments_of(to_trinh, "Tờ trình") == []


DECISION_WITH_ITS_PLAN = """QUYẾT ĐỊNH

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.

Điều 2. Chánh Văn phòng UBND huyện, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.

Nơi nhận:
- Như Điều 2;
- Sở Nội vụ tỉnh;
- Lưu: VT.

CHỦ TỊCH

KẾ HOẠCH

Chuyển đổi số năm 2026

I. NHIỆM VỤ

1. Số hóa hồ sơ một cửa của huyện.

- Cơ quan chủ trì: Văn phòng HĐND và UBND huyện.
"""


def test_a_plan_attached_after_the_recipients_is_read():
    assert summary(assignments_of(DECISION_WITH_ITS_PLAN, "Quyết định")) == [
        (20, ["Văn phòng HĐND và UBND huyện"], [], None)]


def test_a_plain_heading_giving_work_to_a_body():
    plan = """KẾ HOẠCH

IV. TỔ CHỨC THỰC HIỆN

Giao Sở Lao động - Thương binh và Xã hội:

a) Chủ trì hướng dẫn các huyện rà soát hộ nghèo trước ngày 15/10/2025.

b) Phối hợp với Sở Tài chính bố trí kinh phí hỗ trợ.

Các huyện, thị xã, thành phố chủ động bố trí nguồn lực.
"""
    assert summary(assignments_of(plan)) == [
        (7, ["Sở Lao động - Thương binh và Xã hội"], [], "trước ngày 15/10/2025"),
        (9, ["Sở Tài chính"], ["Sở Lao động - Thương binh và Xã hội"], None),
        # after the heading's items: a paragraph of its own, its subject the actor
        (11, ["Các huyện, thị xã, thành phố"], [], None),
    ]


def test_unit_headings_in_capitals():
    plan = """KẾ HOẠCH

III. TỔ CHỨC THỰC HIỆN

1. SỞ NỘI VỤ

- Chủ trì, phối hợp với Sở Tài chính hướng dẫn các đơn vị triển khai Kế hoạch.

2. ĐỀ NGHỊ ỦY BAN MTTQ VIỆT NAM TỈNH VÀ CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI TỈNH

Tuyên truyền, vận động đoàn viên, hội viên tham gia thực hiện Kế hoạch.
"""
    assert summary(assignments_of(plan)) == [
        (7, ["SỞ NỘI VỤ"], ["Sở Tài chính"], None),
        (11, ["ỦY BAN MTTQ VIỆT NAM TỈNH", "CÁC TỔ CHỨC CHÍNH TRỊ - XÃ HỘI TỈNH"], [], None),
    ]


CRAWLED_ROWS_NUMBERED_WITH_THEIR_TASK = """Kế hoạch cải cách hành chính năm 2026
STT
Nội dung công việc
Đơn vị chủ trì
Đơn vị phối hợp
Thời gian hoàn thành
1. Rà soát, công bố thủ tục hành chính
Văn phòng UBND tỉnh
Các sở, ban, ngành
Quý I/2026
2. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính
Sở Khoa học và Công nghệ
UBND các xã, phường
Thường xuyên
"""


def test_crawled_rows_numbered_on_their_task_line():
    found = assignments_of(CRAWLED_ROWS_NUMBERED_WITH_THEIR_TASK)
    assert [(a.line, a.task, a.lead_units, a.coordinating_units, a.timeframe) for a in found] == [
        (7, "Rà soát, công bố thủ tục hành chính", ["Văn phòng UBND tỉnh"], ["Các sở, ban, ngành"], "Quý I/2026"),
        (11, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", ["Sở Khoa học và Công nghệ"],
         ["UBND các xã, phường"], "Thường xuyên"),
    ]
