"""Percentages and money amounts on reports the extractors were not written against.

The fixtures in tests/data/unseen_numbers/ are realistic passages written for this test
(not copies of the seed corpus). The expected values below were read off the fixtures by
hand, the way the hold-out annotations are scored (extractors score 1.000 on the seeds; this
checks that the rules generalise):

Percentages (indicators with unit "%")
- every percentage stated in the prose counts once: "tăng 7,5% so với cùng kỳ", "đạt 102,3% kế
  hoạch", "chiếm 45,2%", "khoảng 85%", "trên 90%", "100%", "(54,3%)", "90% trở lên";
- a range counts once, by its low value: "từ 15% đến 20%" -> 15, "từ 1,5 - 2%" -> 1.5,
  "22 - 24%" -> 22 (the "%" written only after the high end still makes both ends percentages);
- "giảm 0,8 điểm phần trăm" is a change in percentage points, not a percentage: it is not
  listed (an indicator with unit "điểm phần trăm" at most);
- percentages in table cells are optional (neither required nor an error), as for the scorer.

Money (budget_lines.amount_vnd together with indicators whose unit is "đồng")
- every amount in the prose counts once, in đồng: "125,6 tỷ đồng" = 125_600_000_000,
  "1.200 triệu đồng" = 1_200_000_000, "khoảng 1,2 nghìn tỷ đồng" = 1_200_000_000_000,
  "8.450.000.000 VNĐ", wherever the line breaks fall ("38.250 triệu / đồng");
- "15 tỷ 300 triệu đồng" is one amount, 15_300_000_000 (not 300 triệu, not two amounts);
- the amount spelled out in words after the figure ("(Bằng chữ: Hai tỷ, ba trăm năm mươi triệu
  đồng)") repeats it and is not counted again; an amount in parentheses of its own counts;
- a total and the parts it is broken into ("trong đó: …") all count, as in the seed annotations;
- a rate ("50.000 đồng/người/ngày", "15 triệu đồng/người", "52,5 triệu đồng/người/năm") is a
  money amount stated in the prose, counted once, as an indicator with unit "đồng" whose value
  is the amount in đồng; it is not a budget line (nothing is spent or planned by a rate);
- a range of money counts once, by its low value: "từ 200 đến 300 triệu đồng" -> 200_000_000,
  "từ 50 triệu đồng đến 80 triệu đồng" -> 50_000_000, "từ 150 - 200 tỷ đồng" -> 150_000_000_000;
- whether an amount becomes a budget line or an indicator, it is emitted once, never both;
- amounts in table cells are optional.
"""
import collections
import pathlib
import sys

import pytest

from extractors.lang.money import MONEY, find_money, is_rate, money_value
from extractors.text import Text
from pipeline.extract import extract

DATA = pathlib.Path(__file__).parent / "data" / "unseen_numbers"

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "benchmarks"))
from subjects import score as subject_score, shares  # noqa: E402  (the measure benchmarks/subjects.py reports)

T = 1_000_000_000      # tỷ
M = 1_000_000          # triệu

# file -> (prose percentages, table percentages (optional), prose money in đồng, table money (optional))
EXPECTED = {
    "bc_ktxh_6thang.txt": (
        [7.5, 48.6, 2.8, 9.1, 8.4, 17.8, 57.1, 25.1, 102.3, 3, 61.7, 112.4, 47.3,
         3.12, 4.05, 94.6, 100, 52, 71.5, 8, 1.5, 95],
        [],
        [6_842_700 * M, 1_215_300 * M, 3_904_200 * M, 1_723_200 * M, 1_234_500 * M, 845_600 * M,
         2_000 * T],
        [],
    ),
    "qd_phe_duyet_du_toan.txt": (
        [100],
        [],
        [2_350_000_000, 1_150_000_000, 750_000_000, 450_000_000, 50_000, 500_000],
        [],
    ),
    "kh_giam_ngheo.txt": (
        [4, 15, 18.5, 85, 90, 100, 22, 78.4],
        [],
        [450 * M, 15 * M, 600 * M, 50_000, 46_000, 15_300 * M, 12 * T, 2_100 * M, 1_200 * M,
         200 * M, 50 * M],
        [],
    ),
    "bc_dau_tu_cong.txt": (
        [60.01, 54.3, 90, 70, 30, 12.5, 100, 95],
        [90, 65.5, 35, 76.1],
        [286_450 * M, 171_900 * M, 125_600 * M, 42_500 * M, 38_250 * M, 15_300 * M, 1_050 * M],
        [42_500 * M, 38_250 * M, 8_000 * M, 5_240 * M, 12_300 * M, 4_305 * M, 62_800 * M, 47_795 * M],
    ),
    "bc_giao_duc_y_te.txt": (
        [100, 99.8, 98.75, 1.25, 80, 98, 7.6, 8.9, 92.5, 6.1, 90, 45.2],
        [93, 94.2, 101.3, 70, 72.4, 103.4, 4.5, 4.1],
        [500_000, 1_872_000_000, 52_500_000],
        [],
    ),
    "bc_nong_thon_moi.txt": (
        [26.1, 15.4, 100, 36.36, 100, 99.9, 85.3, 52, 90],
        [],
        [1_200 * T, 312_800 * M, 185 * T, 96_500 * M, 420 * T, 185_600 * M, 8_450 * M, 48_200_000,
         150 * T],
        [],
    ),
    # The table's unit is stated in its caption "(Đơn vị tính: triệu đồng):", which extractors.tables
    # does not read yet (the cells come out in đồng): those two extras are a known gap.
    "bc_cai_cach_hanh_chinh.txt": (
        [12.4, 68.2, 9.5, 97.8, 2.2, 96.5, 75, 100],
        [80, 82.5, 103.1, 90, 91.3, 101.4],
        [1_250 * M],
        [],
    ),
    "nq_muc_chi.txt": (
        [70, 100],
        [],
        [100_000, 1_500_000],
        [],
    ),
    "bc_thu_chi_ngan_sach.txt": (
        [108.5, 12.7, 46.2, 97.3, 93.2, 38, 10, 3],
        [108.5, 93.2],
        [2_856_400 * M, 1_320 * T, 645_800 * M, 500 * M, 2_145 * T, 980_600 * M, 1_164_400 * M,
         24_560 * M, 1_200 * M, 850 * M, 2_950 * T, 2_380 * T],
        [2_632_600 * M, 2_856_400 * M, 2_301_500 * M, 2_145_000 * M],
    ),
}


def _key(v):
    return round(float(v), 3)


def _compare(predicted, required, optional):
    """(missed, extra) as the scorer counts them: multisets; an extra that matches only an optional value is neither."""
    got, want = collections.Counter(map(_key, predicted)), collections.Counter(map(_key, required))
    extra = got - want
    for k in map(_key, optional):
        extra.pop(k, None)
    return sorted((want - got).elements()), sorted(extra.elements())


def _read(name):
    extraction = extract(Text.from_string((DATA / name).read_text(encoding="utf-8")))
    percentages = [i.value for i in extraction.indicators if i.unit == "%"]
    money = [b.amount_vnd for b in extraction.budget_lines] + \
            [i.value for i in extraction.indicators if i.unit == "đồng"]
    return percentages, money


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_percentages_stated_in_the_prose_are_found_once(name):
    required, optional, _, _ = EXPECTED[name]
    percentages, _ = _read(name)
    assert _compare(percentages, required, optional) == ([], [])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_money_amounts_are_found_once_in_dong(name):
    _, _, required, optional = EXPECTED[name]
    _, money = _read(name)
    assert _compare(money, required, optional) == ([], [])


def test_every_fixture_has_expectations():
    assert sorted(p.name for p in DATA.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize(
    "written, vnd, rate",
    [
        ("125,6 tỷ đồng", 125_600_000_000, False),
        ("2.350.000.000 đồng (Hai tỷ, ba trăm năm mươi triệu đồng)", 2_350_000_000, False),
        ("1.200 triệu đồng", 1_200_000_000, False),
        ("15 tỷ 300 triệu đồng", 15_300_000_000, False),
        ("khoảng 1,2 nghìn tỷ đồng", 1_200_000_000_000, False),
        ("8.450.000.000 VNĐ", 8_450_000_000, False),
        ("từ 200 đến 300 triệu đồng", 200_000_000, False),
        ("từ 50 triệu đồng đến 80 triệu đồng", 50_000_000, False),
        ("150 - 200 tỷ đồng", 150_000_000_000, False),
        ("năm 2021 - 300 triệu đồng", 300_000_000, False),      # a year before a dash is no range
        ("50.000 đồng/người/ngày", 50_000, True),
        ("52,5 triệu đồng/người/năm", 52_500_000, True),
    ],
)
def test_money_as_written(written, vnd, rate):
    m = MONEY.search(written)
    assert (money_value(m), is_rate(written, m)) == (vnd, rate)


@pytest.mark.parametrize("written", ["đồng chí Chủ tịch", "2 triệu lượt truy cập", "15 tỷ lệ", "đồng bộ 3 hệ thống"])
def test_not_money(written):
    assert MONEY.search(written) is None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_find_money_reads_what_a_full_scan_reads(name):
    # find_money tries MONEY only where a number starts; it must miss nothing a scan finds
    text = (DATA / name).read_text(encoding="utf-8") + "\n150 - 200 tỷ đồng, 1.2.3 tỷ đồng, 1,5,5 triệu đồng."
    assert [m.span() for m in find_money(text)] == [m.span() for m in MONEY.finditer(text)]
    assert len(list(find_money(text))) > 1


# ---------------------------------------------------------------------------
# What each figure measures and when: subjects and periods written by hand, the way an analyst would
# name the measure (not copied from the extractor's output). Scored as the hold-out annotations are:
# a subject is right when its similarity (difflib ratio, lower case) is at least 0.5.

# file -> [(value, subject, period)]
SUBJECTS = {
    "bc_ktxh_6thang.txt": [
        (7.5, "tổng giá trị sản xuất", "6 tháng đầu năm 2024"),
        (48.6, "tổng giá trị sản xuất", "6 tháng đầu năm 2024"),
        (2.8, "giá trị sản xuất nông, lâm, thủy sản", "6 tháng đầu năm 2024"),
        (9.1, "giá trị sản xuất công nghiệp - xây dựng", "6 tháng đầu năm 2024"),
        (8.4, "giá trị sản xuất thương mại - dịch vụ", "6 tháng đầu năm 2024"),
        (17.8, "cơ cấu kinh tế: nông, lâm, thủy sản", "6 tháng đầu năm 2024"),
        (57.1, "cơ cấu kinh tế: công nghiệp - xây dựng", "6 tháng đầu năm 2024"),
        (25.1, "cơ cấu kinh tế: thương mại - dịch vụ", "6 tháng đầu năm 2024"),
        (102.3, "tổng diện tích gieo trồng vụ Đông Xuân", "6 tháng đầu năm 2024"),
        (3, "tổng đàn gia súc", "6 tháng đầu năm 2024"),
        (61.7, "thu ngân sách nhà nước trên địa bàn", "6 tháng đầu năm 2024"),
        (112.4, "thu ngân sách nhà nước trên địa bàn", "6 tháng đầu năm 2024"),
        (47.3, "chi ngân sách địa phương", "6 tháng đầu năm 2024"),
        (3.12, "tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "6 tháng đầu năm 2024"),
        (4.05, "tỷ lệ hộ cận nghèo", "6 tháng đầu năm 2024"),
        (94.6, "tỷ lệ người dân tham gia bảo hiểm y tế", "6 tháng đầu năm 2024"),
        (100, "trạm y tế xã có bác sĩ làm việc", "6 tháng đầu năm 2024"),
        (52, "giải quyết việc làm mới cho lao động", "6 tháng đầu năm 2024"),
        (71.5, "tỷ lệ lao động qua đào tạo", "6 tháng đầu năm 2024"),
        (8, "tốc độ tăng giá trị sản xuất cả năm", "6 tháng cuối năm 2024"),
        (1.5, "tỷ lệ hộ nghèo", "6 tháng cuối năm 2024"),
        (95, "tỷ lệ tham gia bảo hiểm y tế", "6 tháng cuối năm 2024"),
    ],
    "kh_giam_ngheo.txt": [
        (4, "tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", None),
        (15, "số hộ nghèo hiện có ở các xã đặc biệt khó khăn", None),
        (18.5, "tỷ lệ hộ nghèo toàn huyện", "cuối năm 2024"),
        (85, "lao động thuộc hộ nghèo, hộ cận nghèo có nhu cầu được hỗ trợ kết nối việc làm", None),
        (90, "hộ nghèo có nhu cầu được vay vốn tín dụng ưu đãi", None),
        (100, "người thuộc hộ nghèo được cấp thẻ bảo hiểm y tế", None),
        (22, "tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi", None),
        (78.4, "vốn ngân sách trung ương trong tổng kinh phí", None),
    ],
    "bc_cai_cach_hanh_chinh.txt": [
        (12.4, "số hồ sơ thủ tục hành chính tiếp nhận", "từ 01/01/2025 đến ngày 30/6/2025"),
        (68.2, "tỷ lệ hồ sơ giải quyết trực tuyến", "từ 01/01/2025 đến ngày 30/6/2025"),
        (9.5, "tỷ lệ hồ sơ giải quyết trực tuyến", "từ 01/01/2025 đến ngày 30/6/2025"),
        (97.8, "số hồ sơ giải quyết đúng hạn", "năm 2025"),
        (2.2, "số hồ sơ quá hạn", "năm 2025"),
        (96.5, "tỷ lệ văn bản đi được ký số", "năm 2025"),
        (37, "số cụm loa bị hư hỏng", "năm 2025"),
        (75, "tỷ lệ hồ sơ giải quyết trực tuyến", "6 tháng cuối năm 2025 và năm 2026"),
        (100, "cơ quan hành chính nhà nước cấp tỉnh sử dụng chữ ký số chuyên dùng",
         "6 tháng cuối năm 2025 và năm 2026"),
    ],
    "nq_muc_chi.txt": [
        (100_000, "mức chi hỗ trợ tiền ăn đối với học viên học tập trung", None),
        (70, "mức hỗ trợ học phí đối với cán bộ, công chức được cử đi đào tạo trình độ thạc sĩ", None),
        (1_500_000, "mức chi thù lao giảng viên là chuyên gia cao cấp", None),
        (100, "tỷ lệ giải ngân dự toán được giao", "hằng năm"),
    ],
}


def _scored():
    """[(file, value, similarity, period right)] for every hand-written subject."""
    out = []
    for name, expected in SUBJECTS.items():
        found = extract(Text.from_string((DATA / name).read_text(encoding="utf-8"))).indicators
        predicted = [{"value": i.value, "line": i.line, "subject": i.subject, "period": i.period} for i in found]
        gold = [{"value": v, "subject": s, "period": p} for v, s, p in expected]
        out += [(name, g["value"], sim, period) for g, (sim, period) in zip(gold, subject_score(predicted, gold))]
    return out


def test_subjects_name_the_measure_and_periods_the_time():
    scored = _scored()
    right, mean, periods = shares([(s[2], s[3]) for s in scored])
    assert right >= 0.8, [s for s in scored if s[2] < 0.5]
    assert mean >= 0.65
    assert periods >= 0.92, [s for s in scored if not s[3]]


@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_every_extraction_names_its_section(name):
    extraction = extract(Text.from_string((DATA / name).read_text(encoding="utf-8")))
    rows = extraction.indicators + extraction.budget_lines + extraction.citations
    assert rows and all(r.section for r in rows)
