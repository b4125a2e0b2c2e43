"""What each figure measures, when, and who issued each cited document: a second set of unseen texts.

The fixtures in tests/data/unseen_numbers2/ were written for this test the way offices write (other
provinces and kinds than tests/data/unseen_numbers/: a decision with articles, a council resolution
of spending rates, a plan of targets, a half-year report with a table, hard-wrapped crawled text,
markdown from a crawler, a letter, a regulation with chapters and an appendix, a disbursement report
over a date range). The expectations below were written by hand from the texts before the
extractors were run on them, as an analyst would state them:

- subject: the noun phrase that names the measure, from the figure's own clause ("tỷ lệ phòng học
  kiên cố"), with the row label and the column header for a table cell, and "mức … đối với Y" for a
  rate set by a rule; scored as the hold-out annotations are (difflib ratio >= 0.5 is right);
- period: the time the figure holds for, from its clause, else from the heading it sits under (None when
  neither names one: the report's title is not read for it, as in the hold-out annotations, where a
  figure under a heading without a time has none); date ranges and multi-part periods whole;
- kind: "actual" (a result) or "target" (a goal), None where either reading is fair (rates set by a rule);
- citation issuer: the body that issued the cited document as written (with the signing role:
  "Bộ trưởng Bộ Tài chính", "Chủ tịch UBND tỉnh"), ending where the body's name ends, compared by
  extractors.issuers.issuer_key; None where the text names no issuer; a report's mention of its own
  number (the regulation's "Ban hành kèm theo Quyết định số 35/2024/QĐ-UBND") is no citation;
- section: every citation, indicator and budget line names one; for citations, the innermost heading
  the mention sits under (its label: "Điều 2", "III", "Phụ lục"; OPENING_SECTION above the first).
"""
import pathlib
import sys

import pytest

from extractors.issuers import issuer_key
from extractors.sections import OPENING_SECTION, PATH_SEPARATOR
from extractors.text import Text
from pipeline.extract import extract
from pipeline.loaders import load

DATA = pathlib.Path(__file__).parent / "data" / "unseen_numbers2"

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "benchmarks"))
from subjects import same_period, shares, similarity  # noqa: E402  (the measure benchmarks/subjects.py reports)

A, T = "actual", "target"
OPEN = OPENING_SECTION

# file -> [(value, subject, period, kind)]; a rate's value is in đồng.
SUBJECTS = {
    "qd_de_an_nhan_luc_y_te.txt": [
        (100, "tỷ lệ trạm y tế xã, phường, thị trấn có bác sĩ làm việc", "đến năm 2025", T),
        (35, "tỷ lệ bác sĩ có trình độ sau đại học", "đến năm 2025", T),
        (80, "tỷ lệ điều dưỡng có trình độ cao đẳng trở lên", "đến năm 2030", T),
        (95, "cán bộ quản lý bệnh viện tuyến tỉnh được bồi dưỡng về quản lý bệnh viện", "đến năm 2030", T),
        (60_000_000, "mức hỗ trợ một lần đối với bác sĩ về công tác tại trạm y tế xã vùng khó khăn",
         "giai đoạn 2024-2030", None),
        (100, "hỗ trợ học phí đối với viên chức được cử đi đào tạo chuyên khoa cấp I, bác sĩ nội trú",
         "giai đoạn 2024-2030", None),
        (76.1, "ngân sách tỉnh trong tổng kinh phí thực hiện Đề án", "giai đoạn 2024-2030", T),
    ],
    "nq_hdnd_muc_chi_cchc.txt": [
        (50_000, "mức chi đối với phiếu khảo sát dưới 30 chỉ tiêu", None, None),
        (80_000, "mức chi đối với phiếu khảo sát từ 30 chỉ tiêu trở lên", None, None),
        (5_000_000, "chi thưởng cho tập thể đạt giải Nhất cuộc thi tìm hiểu về cải cách hành chính cấp tỉnh",
         None, None),
        (700_000, "chi hỗ trợ công chức làm việc tại Bộ phận Một cửa cấp xã", None, None),
        (100, "ngân sách cấp tỉnh bảo đảm đối với các nhiệm vụ do cơ quan cấp tỉnh thực hiện", None, None),
        (50, "ngân sách cấp huyện bảo đảm đối với các nhiệm vụ do cấp xã thực hiện", None, None),
    ],
    "kh_chuyen_doi_so.txt": [
        (100, "hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng", "năm 2024", T),
        (80, "tỷ lệ dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành chính có đủ điều kiện",
         "năm 2024", T),
        (90, "tỷ lệ hồ sơ được số hóa kết quả giải quyết thủ tục hành chính", "năm 2024", T),
        (12, "tỷ trọng kinh tế số trong GRDP của tỉnh", "năm 2024", T),
        (50, "tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "năm 2024", T),
        (85, "tỷ lệ dân số trưởng thành có điện thoại thông minh", "năm 2024", T),
        (80, "tỷ lệ hộ gia đình có kết nối Internet cáp quang băng rộng", "năm 2024", T),
        (100, "thôn, khu phố được phủ sóng 4G", None, T),
        (30, "số thôn được phủ sóng 5G", "đến năm 2025", T),
    ],
    "bc_ktxh_6thang_2025.txt": [
        (6.85, "tổng sản phẩm trên địa bàn tỉnh (GRDP)", "6 tháng đầu năm 2025", A),
        (3.12, "GRDP khu vực nông, lâm nghiệp và thủy sản", "6 tháng đầu năm 2025", A),
        (10.47, "GRDP khu vực công nghiệp - xây dựng", "6 tháng đầu năm 2025", A),
        (7.26, "GRDP khu vực dịch vụ", "6 tháng đầu năm 2025", A),
        (101.2, "diện tích lúa vụ Đông Xuân xuống giống", "6 tháng đầu năm 2025", A),
        (8.4, "sản lượng tôm nuôi", "6 tháng đầu năm 2025", A),
        (54.6, "tổng thu ngân sách nhà nước trên địa bàn", "6 tháng đầu năm 2025", A),
        (91.8, "thu nội địa trong tổng thu", "6 tháng đầu năm 2025", A),
        (41.3, "tổng chi ngân sách địa phương", "6 tháng đầu năm 2025", A),
        (52, "kim ngạch xuất khẩu hàng hóa: tỷ lệ so với kế hoạch", "6 tháng đầu năm 2025", A),
        (44, "tổng vốn đầu tư toàn xã hội: tỷ lệ so với kế hoạch", "6 tháng đầu năm 2025", A),
        (56.2, "số doanh nghiệp thành lập mới: tỷ lệ so với kế hoạch", "6 tháng đầu năm 2025", A),
        (98.52, "tỷ lệ học sinh tốt nghiệp trung học phổ thông", "6 tháng đầu năm 2025", A),
        (0.37, "tỷ lệ học sinh tốt nghiệp trung học phổ thông", "6 tháng đầu năm 2025", A),
        (92.1, "tỷ lệ bao phủ bảo hiểm y tế", "6 tháng đầu năm 2025", A),
        (48.5, "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin", "6 tháng đầu năm 2025", A),
        (55.3, "giải quyết việc làm cho lao động", "6 tháng đầu năm 2025", A),
        (8, "tốc độ tăng trưởng GRDP", "năm 2025", T),
        (0.8, "tỷ lệ hộ nghèo", "năm 2025", T),
        (70, "tỷ lệ lao động qua đào tạo", "năm 2025", T),
    ],
    "bc_giao_duc_ntm_wrapped.txt": [
        (81.25, "tỷ lệ trường đạt chuẩn quốc gia", "năm 2024 và 6 tháng đầu năm 2025", A),
        (92.4, "tỷ lệ phòng học kiên cố", "năm 2024 và 6 tháng đầu năm 2025", A),
        (100, "tỷ lệ trẻ em 5 tuổi ra lớp", "năm 2024 và 6 tháng đầu năm 2025", A),
        (34.6, "tỷ lệ huy động trẻ nhà trẻ", "năm 2024 và 6 tháng đầu năm 2025", A),
        (64, "vốn Chương trình mục tiêu quốc gia trong tổng kinh phí đầu tư", "năm 2024 và 6 tháng đầu năm 2025", A),
        (100, "xã, thị trấn duy trì đạt chuẩn phổ cập giáo dục tiểu học mức độ 3",
         "năm 2024 và 6 tháng đầu năm 2025", A),
        (96.8, "tỷ lệ thanh niên, thiếu niên độ tuổi 15 - 18 tốt nghiệp trung học cơ sở",
         "năm 2024 và 6 tháng đầu năm 2025", A),
        (84.4, "tỷ lệ trường đạt chuẩn quốc gia", "6 tháng cuối năm 2025", T),
        (95, "tỷ lệ phòng học kiên cố", "6 tháng cuối năm 2025", T),
    ],
    "bc_de_an_06_markdown.txt": [
        (98.7, "hồ sơ cấp căn cước đã thu nhận trên số công dân thuộc diện phải cấp",
         "từ 01/01/2022 đến ngày 31/3/2025", A),
        (71.4, "tài khoản định danh điện tử mức độ 2 được kích hoạt", "từ năm 2022 đến nay", A),
        (86.3, "đăng ký khai sinh: tỷ lệ trực tuyến", "từ năm 2022 đến nay", A),
        (94.1, "đăng ký thường trú: tỷ lệ trực tuyến", "từ năm 2022 đến nay", A),
        (46.2, "tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình", "năm 2024", A),
        (18.5, "tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình", "năm 2024", A),
        (100, "công dân đủ điều kiện được cấp tài khoản định danh điện tử mức độ 2", "năm 2025", T),
    ],
    "cv_gop_y_ca_phe.txt": [
        (18, "diện tích cà phê già cỗi cần tái canh", "cuối năm 2023", A),
        (41.5, "diện tích cà phê được chứng nhận sản xuất bền vững", "cuối năm 2023", A),
        (25, "tỷ lệ diện tích cà phê tái canh, ghép cải tạo", "giai đoạn 2024-2030", T),
        (30, "tỷ lệ diện tích cà phê tái canh, ghép cải tạo", "giai đoạn 2024-2030", T),
        (15_000_000, "mức hỗ trợ giống đối với hộ tái canh", None, None),
    ],
    "qd_quy_che_quy_khuyen_hoc.txt": [
        (30, "hỗ trợ của ngân sách tỉnh trong tổng nguồn thu của Quỹ", "hằng năm", None),
        (10_000_000, "mức thưởng học sinh đạt giải Nhất kỳ thi chọn học sinh giỏi quốc gia", None, None),
        (5_000_000, "mức thưởng đối với giáo viên có học sinh đạt giải quốc gia", None, None),
        (3_000_000, "mức hỗ trợ đối với học sinh dân tộc thiểu số thuộc hộ nghèo đỗ vào đại học", None, None),
        (20, "chi hỗ trợ cho hoạt động khuyến học ở các xã đặc biệt khó khăn", "hằng năm", None),
        (5, "chi phí quản lý Quỹ", "hằng năm", None),
        (89, "tổng chi của Quỹ so với tổng thu", "năm 2023", A),
    ],
    "bc_giai_ngan_dau_tu_cong.txt": [
        (72.4, "giải ngân kế hoạch vốn", "từ 01/01/2021 đến ngày 25/6/2022", A),
        (61, "giải ngân vốn thực hiện Nghị quyết số 43/2022/QH15", "từ 01/01/2021 đến ngày 25/6/2022", A),
        (95.3, "giải ngân kế hoạch vốn được giao", "năm 2021", A),
        (38.6, "giải ngân kế hoạch vốn năm 2022", "6 tháng đầu năm 2022", A),
        (67, "diện tích đã bàn giao mặt bằng", None, A),
        (100, "giải ngân kế hoạch vốn năm 2022", "năm 2022", T),
    ],
    # written after the first round of rule changes, to check they generalise (measured before any change)
    "bc_nong_nghiep_nam_2024.txt": [
        (1.2, "tổng diện tích gieo trồng lúa cả năm", "năm 2024", A),
        (98.6, "sản lượng lúa", "năm 2024", A),
        (4.5, "diện tích ngô", "năm 2024", A),
        (59.2, "tỷ lệ che phủ rừng toàn tỉnh", "năm 2024", A),
        (0.3, "tỷ lệ che phủ rừng toàn tỉnh", "năm 2024", A),
        (12, "trồng mới rừng tập trung", "năm 2024", A),
        (76.2, "xã đạt chuẩn nông thôn mới", "năm 2024", A),
        (14.5, "xã đạt chuẩn nông thôn mới nâng cao", "năm 2024", A),
        (91.5, "tỷ lệ dân số nông thôn sử dụng nước sạch", "năm 2023", A),
        (93.4, "tỷ lệ dân số nông thôn sử dụng nước sạch", "năm 2024", A),
        (3.85, "tỷ lệ hộ nghèo", "năm 2023", A),
        (2.96, "tỷ lệ hộ nghèo", "năm 2024", A),
        (3, "tốc độ tăng giá trị sản xuất nông, lâm, thủy sản", "năm 2025", T),
        (59.5, "tỷ lệ che phủ rừng", "năm 2025", T),
    ],
    "kh_phat_trien_giao_thong.txt": [
        (100, "đường huyện được nhựa hóa hoặc bê tông hóa", "đến năm 2025", T),
        (85, "tỷ lệ đường xã được cứng hóa", "đến năm 2025", T),
        (70, "đường thôn, làng được cứng hóa", "đến năm 2025", T),
        (50, "đường trục chính nội đồng được cứng hóa", "đến năm 2025", T),
        (300_000_000, "mức hỗ trợ đối với đường thôn, làng", None, None),
        (200_000_000, "mức hỗ trợ đối với đường trục chính nội đồng", None, None),
        (20, "phần đóng góp của nhân dân trong tổng giá trị công trình", None, None),
    ],
    "nq_du_toan_ngan_sach.txt": [
        (6.3, "tổng thu ngân sách nhà nước trên địa bàn", "năm 2024", None),
        (98.4, "thu nội địa", "năm 2024", None),
        (34.7, "chi đầu tư phát triển trong tổng chi", "năm 2024", None),
        (10, "tiết kiệm chi thường xuyên để thực hiện cải cách tiền lương", "năm 2024", None),
    ],
    "bc_so_ket_chuyen_doi_so.txt": [
        (78.3, "tỷ lệ hộ gia đình có kết nối Internet băng rộng cố định", "từ 01/01/2021 đến ngày 25/6/2022", A),
        (32.5, "tỷ lệ hồ sơ trực tuyến mức độ 3, 4", "năm 2021", A),
        (47.8, "tỷ lệ hồ sơ trực tuyến mức độ 3, 4", "6 tháng đầu năm 2022", A),
        (15.3, "tỷ lệ hồ sơ trực tuyến mức độ 3, 4", "6 tháng đầu năm 2022", A),
        (95, "học viên đạt yêu cầu", None, A),
    ],
    # written after the second round, measured before any further change
    "bc_giam_ngheo_lao_dong.txt": [
        (105.3, "giải quyết việc làm cho lao động", "năm 2024", A),
        (2.1, "giải quyết việc làm cho lao động", "năm 2024", A),
        (116.4, "xuất khẩu lao động", "năm 2024", A),
        (73.5, "tỷ lệ lao động qua đào tạo", "năm 2024", A),
        (31.2, "tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "năm 2024", A),
        (3.41, "tỷ lệ hộ nghèo đa chiều", "năm 2024", A),
        (2.35, "tỷ lệ hộ nghèo đa chiều", "năm 2024", A),
        (1, "tỷ lệ hộ nghèo", "năm 2024", A),             # "có 6/27 huyện … có tỷ lệ hộ nghèo dưới 1%"
        (90, "hộ nghèo có nhu cầu được vay vốn từ Ngân hàng Chính sách xã hội tỉnh", "năm 2024", A),
        (4.6, "người tham gia bảo hiểm xã hội tự nguyện", "năm 2024", A),
        (75, "tỷ lệ lao động qua đào tạo", "năm 2025", T),
        (1, "tỷ lệ hộ nghèo đa chiều", "năm 2025", T),
    ],
    "bc_thu_ngan_sach_huyen.txt": [
        (57.3, "tổng thu ngân sách nhà nước trên địa bàn", "6 tháng đầu năm 2024", A),
        (52.8, "tổng thu ngân sách nhà nước trên địa bàn", "6 tháng đầu năm 2024", A),
        (118.9, "tổng thu ngân sách nhà nước trên địa bàn", "6 tháng đầu năm 2024", A),
        (65.4, "thu tiền sử dụng đất", "6 tháng đầu năm 2024", A),
        (49.1, "thu thuế ngoài quốc doanh", "6 tháng đầu năm 2024", A),
        (61.2, "thu ngân sách huyện được hưởng theo phân cấp", None, A),
        (42.6, "tổng chi ngân sách huyện", "6 tháng đầu năm 2024", A),
        (38.7, "chi đầu tư phát triển", "6 tháng đầu năm 2024", A),
        (47.9, "chi thường xuyên", "6 tháng đầu năm 2024", A),
        (100, "hoàn thành dự toán thu", "năm 2024", T),
        (95, "giải ngân vốn đầu tư công", "năm 2024", T),
    ],
    "qd_ho_tro_san_xuat.txt": [
        (50, "hỗ trợ chi phí mua giống cây trồng đối với hộ sản xuất trong vùng quy hoạch", None, None),
        (30_000_000, "hỗ trợ tối đa chi phí mua giống cây trồng", None, None),
        (100_000, "hỗ trợ xây dựng nhà màng, nhà lưới", None, None),
        (100, "hỗ trợ lãi suất vay vốn thương mại trong năm đầu", None, None),
        (50, "hỗ trợ lãi suất vay vốn thương mại trong năm thứ hai", None, None),
        (70, "ngân sách tỉnh bảo đảm", "hằng năm", None),
        (30, "ngân sách cấp huyện bảo đảm", "hằng năm", None),
    ],
    # written after the third round, measured before any further change
    "kh_chi_tieu_xa.txt": [
        (8.2, "tổng giá trị sản xuất trên địa bàn xã", "năm 2024", A),
        (58_400_000, "thu nhập bình quân đầu người", "năm 2024", A),
        (112.6, "thu ngân sách xã", "năm 2024", A),
        (8.2, "tốc độ tăng giá trị sản xuất", "năm 2024", A),
        (8.5, "tốc độ tăng giá trị sản xuất", "năm 2025", T),
        (2.1, "tỷ lệ hộ nghèo", "năm 2024", A),
        (1.6, "tỷ lệ hộ nghèo", "năm 2025", T),
        (93.8, "tỷ lệ người dân tham gia bảo hiểm y tế", "năm 2024", A),
        (95, "tỷ lệ người dân tham gia bảo hiểm y tế", "năm 2025", T),
        (5, "thu ngân sách vượt dự toán huyện giao", None, T),
        (100, "trẻ em trong độ tuổi được tiêm chủng đầy đủ", None, T),
        (12, "tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", None, T),
    ],
    "bc_y_te_wrapped_footnote.txt": [
        (54.2, "tổng số lượt khám bệnh tại các cơ sở y tế công lập", "6 tháng đầu năm 2023", A),
        (6.8, "tổng số lượt khám bệnh tại các cơ sở y tế công lập", "6 tháng đầu năm 2023", A),
        (96.5, "công suất sử dụng giường bệnh bình quân", "6 tháng đầu năm 2023", A),
        (45.7, "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "6 tháng đầu năm 2023", A),
        (47.3, "tỷ lệ phụ nữ có thai được tiêm vắc xin uốn ván", "6 tháng đầu năm 2023", A),
        (38, "số ca mắc sốt xuất huyết", "6 tháng đầu năm 2023", A),
        (95, "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "6 tháng cuối năm 2023", T),
        (93.5, "tỷ lệ dân số tham gia bảo hiểm y tế", "6 tháng cuối năm 2023", T),
    ],
    # written after the fourth round, measured before any further change
    "kh_chuyen_doi_so_tinh_2030.txt": [
        (80, "dịch vụ công trực tuyến toàn trình được cung cấp trên nhiều phương tiện truy cập khác nhau",
         "đến năm 2025", T),
        (100, "hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng", "đến năm 2025", T),
        (90, "hồ sơ công việc cấp huyện được xử lý trên môi trường mạng", "đến năm 2025", T),
        (60, "hồ sơ công việc cấp xã được xử lý trên môi trường mạng", "đến năm 2025", T),
        (50, "hoạt động kiểm tra của cơ quan quản lý được thực hiện thông qua môi trường số", "đến năm 2025", T),
        (10, "tỷ trọng kinh tế số trong GRDP của tỉnh", "đến năm 2025", T),
        (5, "tỷ trọng thương mại điện tử trong tổng mức bán lẻ hàng hóa", "đến năm 2025", T),
        (100, "dịch vụ công trực tuyến được cung cấp toàn trình", "đến năm 2030", T),
        (80, "tỷ lệ dân số trưởng thành có tài khoản thanh toán điện tử", "đến năm 2030", T),
        (1, "ngân sách tỉnh bố trí cho chuyển đổi số", "hằng năm", T),
    ],
    "qd_phe_duyet_ke_hoach_nuoc_sach.txt": [
        (75, "tỷ lệ dân số nông thôn được sử dụng nước sạch đáp ứng quy chuẩn", "năm 2025", T),
        (70, "tỷ lệ công trình cấp nước tập trung hoạt động bền vững", "năm 2025", T),
        (18, "tỷ lệ thất thoát nước sạch", "năm 2025", T),
        (69.5, "vốn doanh nghiệp", "năm 2025", None),
        (40, "hỗ trợ chi phí đấu nối cho hộ nghèo, hộ cận nghèo", "năm 2025", None),
        (2_000_000, "hỗ trợ tối đa chi phí đấu nối", "năm 2025", None),
    ],
    # written after the fifth round, measured before any further change
    "bc_cai_cach_hanh_chinh_quy.txt": [
        (11.2, "số hồ sơ tiếp nhận", "quý III năm 2024", A),
        (99, "hồ sơ giải quyết đúng hạn", "quý III năm 2024", A),
        (84, "hồ sơ tiếp nhận trực tuyến", "quý III năm 2024", A),
        (96.3, "người dân hài lòng với việc giải quyết thủ tục hành chính", "quý III năm 2024", A),
        (1.4, "người dân hài lòng với việc giải quyết thủ tục hành chính", "quý III năm 2024", A),
        (91.5, "tỷ lệ trực tuyến UBND thị trấn Đu", "quý III năm 2024", A),
        (78.2, "tỷ lệ trực tuyến UBND xã Yên Ninh", "quý III năm 2024", A),
        (98, "tỷ lệ hồ sơ giải quyết đúng hạn", "quý IV năm 2024", T),
    ],
    # written after the sixth round, measured before any further change
    "cv_tong_hop_van_ban.txt": [
        (92.4, "tỷ lệ trạm y tế xã có bác sĩ", None, A),
        (88, "tỷ lệ trạm y tế xã đạt Bộ tiêu chí quốc gia về y tế xã", None, A),
    ],
    # written after the seventh round, measured before any further change
    "bc_dau_tu_cong_2023.txt": [
        (91.2, "giải ngân kế hoạch vốn", "31/01/2024", A),
        (80.1, "bình quân chung cả nước", "31/01/2024", A),
        (90, "chủ đầu tư giải ngân", "năm 2023", A),
        (80, "chủ đầu tư giải ngân trên 90%", "năm 2023", A),
        (94.5, "giải ngân vốn ngân sách trung ương", "năm 2023", A),
        (88.3, "giải ngân vốn ngân sách địa phương", "năm 2023", A),
        (2.6, "giải ngân vốn ngân sách địa phương", "năm 2023", A),
        (9.8, "tổng vốn đầu tư toàn xã hội bình quân", "giai đoạn 2021 - 2023", A),
        (95, "giải ngân kế hoạch vốn", "năm 2024", T),
        (85, "giải ngân vốn nước ngoài", "năm 2024", T),
    ],
    # written after the seventh round's changes, measured before any further change
    "nq_hdnd_ke_hoach_ktxh.txt": [
        (7.5, "tốc độ tăng giá trị sản xuất bình quân", "năm 2025", T),
        (38, "cơ cấu kinh tế: nông nghiệp", "năm 2025", T),
        (27, "cơ cấu kinh tế: công nghiệp - xây dựng", "năm 2025", T),
        (35, "cơ cấu kinh tế: thương mại - dịch vụ", "năm 2025", T),
        (2, "tỷ lệ hộ nghèo", "năm 2025", T),
        (72, "tỷ lệ lao động qua đào tạo", "năm 2025", T),
        (32, "tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "năm 2025", T),
        (95, "tỷ lệ chất thải rắn sinh hoạt được thu gom và xử lý", "năm 2025", T),
    ],
    # written after round eight, measured before any further change
    "bc_giai_ngan_phu_luc.txt": [
        (54.2, "giải ngân kế hoạch vốn được giao", "30/9/2024", A),
        (71.8, "giải ngân các dự án chuyển tiếp", "30/9/2024", A),
        (23.4, "giải ngân các dự án khởi công mới", "30/9/2024", A),
        (81, "tỷ lệ giải ngân Đường ĐH2 đoạn qua xã Đại Hiệp", "30/9/2024", A),
        (30, "tỷ lệ giải ngân Trường THCS Lý Tự Trọng", "30/9/2024", A),
    ],
    # round ten, written after round nine's changes, measured before any further change
    "bc_giam_ngheo_huyen_2024.txt": [
        (104, "hộ thoát nghèo", "năm 2024", A),
        (48.6, "tỷ lệ hộ nghèo", "năm 2024", A),
        (41.2, "tỷ lệ hộ nghèo", "năm 2024", A),
        (7.4, "tỷ lệ hộ nghèo giảm", "năm 2024", A),
        (6, "chỉ tiêu giảm tỷ lệ hộ nghèo Nghị quyết Hội đồng nhân dân huyện giao", "năm 2024", T),
        (97.5, "hỗ trợ xây mới, sửa chữa nhà ở cho hộ nghèo, hộ cận nghèo", None, A),
        (40_000_000, "vốn ngân sách trung ương hỗ trợ xây mới nhà ở", None, None),
        (20_000_000, "vốn ngân sách trung ương hỗ trợ sửa chữa nhà ở", None, None),
        (60.3, "giải ngân vốn Chương trình", "31/10/2024", A),
        (5, "giảm tỷ lệ hộ nghèo", "năm 2025", T),
        (90, "lao động thuộc hộ nghèo có nhu cầu được đào tạo nghề", "năm 2025", T),
    ],
}

# file -> [(reference as written after "số", issuer (None: the text names none), innermost heading label)]
CITATIONS = {
    "qd_de_an_nhan_luc_y_te.txt": [
        ("20-NQ/TW", "Ban Chấp hành Trung ương Đảng", OPEN),
        ("869/QĐ-BYT", "Bộ Y tế", OPEN),
        ("15/2023/NQ-HĐND", "Hội đồng nhân dân tỉnh Bình Định", OPEN),
        ("96/TTr-SYT", None, OPEN),
        ("2214/STC-HCSN", "Sở Tài chính", "Điều 2"),
    ],
    "nq_hdnd_muc_chi_cchc.txt": [
        ("55/2023/TT-BTC", "Bộ trưởng Bộ Tài chính", OPEN),       # (as written, with the signing role)
        ("215/TTr-UBND", "Ủy ban nhân dân tỉnh Lào Cai", OPEN),
        ("55/2023/TT-BTC", "Bộ Tài chính", "4."),
        ("08/2019/NQ-HĐND", "Hội đồng nhân dân tỉnh Lào Cai", "2."),
    ],
    "kh_chuyen_doi_so.txt": [
        ("749/QĐ-TTg", "Thủ tướng Chính phủ", OPEN),
        ("5204/KH-UBND", "UBND tỉnh Ninh Thuận", OPEN),
        ("412/UBND-VXNV", "UBND tỉnh", "V."),
    ],
    "bc_ktxh_6thang_2025.txt": [
        ("12/NQ-HĐND", "HĐND tỉnh", OPEN),
    ],
    "bc_giao_duc_ntm_wrapped.txt": [
        ("1126/UBND-NLN", "Ủy ban nhân dân huyện Sơn Dương", OPEN),
        ("57/KH-UBND", "UBND huyện Sơn Dương", "3."),
        ("25/NQ-HĐND", "Hội đồng nhân dân tỉnh Tuyên Quang", "III."),
    ],
    "bc_de_an_06_markdown.txt": [
        ("06/QĐ-TTg", "Thủ tướng Chính phủ", OPEN),
        ("112/KH-BCĐ", "Ban Chỉ đạo Đề án 06 tỉnh", "II."),
    ],
    "cv_gop_y_ca_phe.txt": [
        ("3318/SKHĐT-KTN", "Sở Kế hoạch và Đầu tư", OPEN),
        ("402/BC-CTK", "Cục Thống kê tỉnh", "1."),
        ("1488/QĐ-UBND", "UBND tỉnh Đắk Lắk", "2."),
    ],
    "qd_quy_che_quy_khuyen_hoc.txt": [
        ("93/2019/NĐ-CP", "Chính phủ", OPEN),
        ("12/2018/QĐ-UBND", "UBND tỉnh Hà Giang", "Điều 2"),
        ("41/2022/TT-BTC", "Bộ Tài chính", "Điều 5"),
    ],
    "bc_giai_ngan_dau_tu_cong.txt": [
        ("43/2022/QH15", "Quốc hội", "I."),
        ("185/TB-VPCP", "Văn phòng Chính phủ", "II."),
        ("1532/UBND-KT", "UBND tỉnh Quảng Ngãi", "III."),
    ],
    "bc_nong_nghiep_nam_2024.txt": [
        ("8812/UBND-KTN", "UBND tỉnh Quảng Nam", OPEN),
    ],
    "kh_phat_trien_giao_thong.txt": [
        ("05-NQ/HU", "Ban Chấp hành Đảng bộ huyện Chư Sê", OPEN),
        ("1120/QĐ-UBND", "Chủ tịch UBND tỉnh Gia Lai", OPEN),
        ("12/NQ-HĐND", "HĐND huyện Chư Sê", "IV."),
    ],
    "nq_du_toan_ngan_sach.txt": [
        ("1600/QĐ-TTg", "Thủ tướng Chính phủ", OPEN),
        ("205/TTr-UBND", "Ủy ban nhân dân tỉnh", OPEN),
        ("163/2016/NĐ-CP", "Chính phủ", "Điều 2"),
    ],
    "bc_so_ket_chuyen_doi_so.txt": [
        ("52-NQ/TW", "Bộ Chính trị", OPEN),
        ("411/QĐ-TTg", "Thủ tướng Chính phủ", "II."),
        ("95/KH-UBND", "UBND thành phố Cần Thơ", "II."),
    ],
    "bc_giam_ngheo_lao_dong.txt": [
        ("5120/BLĐTBXH-VP", "Bộ Lao động - Thương binh và Xã hội", OPEN),
        ("240/KH-UBND", "Ủy ban nhân dân tỉnh Thanh Hóa", OPEN),
        ("05-CT/TU", "Ban Thường vụ Tỉnh ủy Thanh Hóa", "PHẦN II"),
    ],
    "bc_thu_ngan_sach_huyen.txt": [
        ("04/CT-UBND", "UBND thành phố Hà Nội", "III."),
        ("112/TB-KBNN", "Kho bạc Nhà nước Đông Anh", "III."),
    ],
    "qd_ho_tro_san_xuat.txt": [
        ("57/2018/NĐ-CP", "Chính phủ", OPEN),
        ("160/2022/NQ-HĐND", "Hội đồng nhân dân tỉnh Lâm Đồng", OPEN),
        ("08/2019/QĐ-UBND", "Ủy ban nhân dân tỉnh Lâm Đồng", "Điều 3"),
    ],
    "kh_chi_tieu_xa.txt": [
        ("12/KH-UBND", "UBND huyện Định Quán", "3."),
    ],
    "bc_y_te_wrapped_footnote.txt": [
        ("45/KH-UBND", "Ủy ban nhân dân tỉnh Nghệ An", OPEN),
        ("2348/QĐ-BYT", "Bộ trưởng Bộ Y tế", OPEN),
    ],
    "kh_chuyen_doi_so_tinh_2030.txt": [
        ("06-NQ/TU", "Tỉnh ủy Trà Vinh", OPEN),
        ("942/QĐ-TTg", "Thủ tướng Chính phủ", OPEN),
    ],
    "qd_phe_duyet_ke_hoach_nuoc_sach.txt": [
        ("1978/QĐ-TTg", "Thủ tướng Chính phủ", OPEN),
        ("188/TTr-SNN", None, OPEN),
        ("23/2022/TT-BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn", "Điều 2"),
    ],
    "bc_cai_cach_hanh_chinh_quy.txt": [
        ("3120/KH-UBND", "UBND tỉnh Thái Nguyên", "II."),
    ],
    "cv_tong_hop_van_ban.txt": [
        ("4512/BYT-KHTC", "Bộ Y tế", OPEN),
        ("20-NQ/TW", "Ban Chấp hành Trung ương", "1."),
        ("25-CT/TW", "Ban Bí thư", "2."),
        ("2348/QĐ-TTg", "Thủ tướng Chính phủ", "3."),
        ("112-KH/TU", "Ban Thường vụ Tỉnh ủy Bắc Giang", "4."),
        ("35/2023/NQ-HĐND", "HĐND tỉnh Bắc Giang", "5."),
        ("08/HD-SYT", "Sở Y tế tỉnh Bắc Giang", "6."),
        ("276/UBMTTQ-BTT", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Giang", "7."),
    ],
    "bc_dau_tu_cong_2023.txt": [
        ("93/NQ-CP", "Chính phủ", "II."),
        ("08/CT-TTg", "Thủ tướng Chính phủ", "II."),
    ],
    "nq_hdnd_ke_hoach_ktxh.txt": [
        ("156/NQ-HĐND", "Hội đồng nhân dân tỉnh Đồng Tháp", OPEN),
        ("512/BC-UBND", "Ủy ban nhân dân huyện", OPEN),
    ],
    "bc_giai_ngan_phu_luc.txt": [
        ("1856/QĐ-UBND", "UBND huyện Đại Lộc", "II."),
    ],
    "bc_giam_ngheo_huyen_2024.txt": [
        ("90/QĐ-TTg", "Thủ tướng Chính phủ", "II."),
    ],
}


def _extraction(name):
    """What the pipeline extracts from the file (read by its loader, as `baocao ingest` reads it)."""
    return extract(Text.from_lines(load(DATA / name, "txt").lines))


def scored_subjects():
    """[(file, value, subject similarity, period right, kind right or None)] for every hand-written figure.

    Each expectation is paired, in document order, with the first indicator of the same value not yet
    paired (as benchmarks/subjects.py pairs annotations without a line); none: similarity 0.
    """
    out = []
    for name, expected in SUBJECTS.items():
        free = list(_extraction(name).indicators)
        for value, subject, period, kind in expected:
            same = [i for i in free if round(i.value, 3) == round(value, 3)]
            if not same:
                out.append((name, value, 0.0, False, False, None))
                continue
            i = same[0]
            free.remove(i)
            out.append((name, value, similarity(i.subject, subject), same_period(i.period, period),
                        None if kind is None else i.kind == kind, (i.subject, i.period, i.kind)))
    return out


def scored_citations():
    """[(file, reference, issuer found, issuer right, section found, section right)] for every hand-written citation."""
    out = []
    for name, expected in CITATIONS.items():
        free = [c for c in _extraction(name).citations if not c.short_form]
        for ref, issuer, label in expected:
            same = [c for c in free if ref in c.text_as_written]
            if not same:
                out.append((name, ref, None, False, None, False))
                continue
            c = same[0]
            free.remove(c)
            innermost = (c.section or "").split(PATH_SEPARATOR)[-1]
            out.append((name, ref, c.issuer, issuer_key(c.issuer) == issuer_key(issuer), c.section,
                        innermost.startswith(label)))
    return out


def test_subjects_name_the_measure_and_periods_the_time():
    scored = scored_subjects()
    right, mean, periods = shares([(s[2], s[3]) for s in scored])
    assert right >= 0.8, [s for s in scored if s[2] < 0.5]
    assert mean >= 0.65
    assert periods >= 0.92, [s for s in scored if not s[3]]


def test_kinds_tell_goals_from_results():
    scored = [s for s in scored_subjects() if s[4] is not None]
    assert sum(s[4] for s in scored) / len(scored) >= 0.9, [s for s in scored if not s[4]]


def test_citation_issuers_end_where_the_issuer_ends():
    scored = scored_citations()
    right = [s for s in scored if s[3]]
    assert len(right) / len(scored) >= 0.95, [s[:3] for s in scored if not s[3]]


def test_citations_sit_under_their_heading():
    scored = scored_citations()
    assert [s for s in scored if not s[5]] == []


@pytest.mark.parametrize("name", sorted(SUBJECTS))
def test_every_extraction_names_its_section(name):
    extraction = _extraction(name)
    rows = extraction.indicators + extraction.budget_lines + extraction.citations
    assert rows and all(r.section for r in rows)


def test_every_fixture_has_expectations():
    assert sorted(p.name for p in DATA.glob("*.txt")) == sorted(SUBJECTS) == sorted(CITATIONS)


# The rules the texts above asked for, each on a sentence of its own: (sentence, value, subject).
@pytest.mark.parametrize(
    "sentence, value, subject",
    [
        # the words after a value that a verb links to the next value are the next value's subject
        # (parts of a total named by "trong đó" take the total's name)
        ("Giá trị sản xuất tăng 5,1%, trong đó nông nghiệp tăng 2,3%, công nghiệp tăng 8,9%.", 2.3,
         "Giá trị sản xuất nông nghiệp"),
        ("Giá trị sản xuất tăng 5,1%, trong đó nông nghiệp tăng 2,3%, công nghiệp tăng 8,9%.", 8.9,
         "Giá trị sản xuất công nghiệp"),
        # a share of an amount: the amount's item, and the total it is a share of
        ("Tổng vốn là 120 tỷ đồng, trong đó vốn ngân sách tỉnh 90 tỷ đồng, chiếm 75% tổng vốn.", 75,
         "vốn ngân sách tỉnh trong tổng vốn"),
        ("Kế hoạch vốn 50 tỷ đồng, đã giải ngân 30 tỷ đồng, đạt 60% kế hoạch.", 60, "đã giải ngân"),
        # a time phrase opening the words is the period, not the subject
        ("6 tháng đầu năm 2023 tỷ lệ giải ngân đạt 41,2%.", 41.2, "tỷ lệ giải ngân"),
        ("Riêng năm 2022, thu ngân sách đạt 104,5% dự toán.", 104.5, "thu ngân sách"),
        ("Phấn đấu đến năm 2030 có 50% số xã đạt chuẩn nông thôn mới nâng cao.", 50,
         "số xã đạt chuẩn nông thôn mới nâng cao"),
        # a ceiling: "không vượt quá", "không quá" link the value like "đạt"
        ("Chi phí quản lý dự án không vượt quá 3% tổng mức đầu tư.", 3, "Chi phí quản lý dự án"),
        # a count whose measure is named before its verb
        ("Sản lượng lúa ước đạt 512.300 tấn, tăng 2,1% so với cùng kỳ.", 2.1, "Sản lượng lúa"),
        # what a percentage became: the same measure
        ("Đề nghị nâng tỷ lệ che phủ rừng từ 45% lên 47%.", 47, "tỷ lệ che phủ rừng"),
        # a rate whose name holds a count
        ("Mức chi đối với hội nghị dưới 50 đại biểu là 2.000.000 đồng/cuộc.", 2_000_000,
         "Mức chi đối với hội nghị dưới 50 đại biểu"),
        # the words after a count a percentage absorbed, when they say more than its noun
        ("Toàn huyện có 12/15 xã đạt chuẩn nông thôn mới, chiếm 80%.", 80, "xã đạt chuẩn nông thôn mới"),
        # a quantity in a unit of measure: the measure is named before the number
        ("Diện tích cà phê 8.200 ha, tăng 3,5% so với năm trước.", 3.5, "Diện tích cà phê"),
        # a share after a clause: its own noun phrase after the comma
        ("Người dân hiến đất, góp công, phần đóng góp của người dân chiếm 15% tổng mức đầu tư.", 15,
         "phần đóng góp của người dân"),
        # a share of an amount after "trong đó" is not a part of the total's change
        ("Tổng thu là 500 tỷ đồng, tăng 5% so với dự toán, trong đó thu thuế 400 tỷ đồng, chiếm 80%.", 80,
         "thu thuế"),
        # words opening with a comma and running to the next value are the next value's
        ("Ngân sách tỉnh bảo đảm 60%, ngân sách huyện bảo đảm 40% tổng kinh phí.", 60, "Ngân sách tỉnh bảo đảm"),
        ("Ngân sách tỉnh bảo đảm 60%, ngân sách huyện bảo đảm 40% tổng kinh phí.", 40, "ngân sách huyện bảo đảm"),
        # a bound on the value before measures the same thing
        ("Hỗ trợ 40% chi phí làm chuồng trại, tối đa không quá 10 triệu đồng/hộ.", 10_000_000,
         "Hỗ trợ chi phí làm chuồng trại"),
        # "nâng tổng số lên …, chiếm": the clause's measure
        ("Số hộ sử dụng nước sạch tăng 1.200 hộ, nâng tổng số lên 45.000 hộ, chiếm 92% số hộ.", 92,
         "Số hộ sử dụng nước sạch"),
        # a list of values after one measure: each names the measure and its own noun
        ("Tỷ lệ tiêm chủng đạt 95% ở trẻ em, 90% ở phụ nữ có thai.", 90, "Tỷ lệ tiêm chủng ở phụ nữ có thai"),
        ("Phấn đấu 90% hồ sơ được giải quyết trực tuyến, 70% hồ sơ được số hóa.", 70, "hồ sơ được số hóa"),
        # a comparison opening the words is no measure: the sentence's
        ("Có 96,3% người dân hài lòng; so với quý II năm 2024 tăng 1,4%.", 1.4, "người dân hài lòng"),
        # an office's counting verb before a count names what is counted
        ("Bộ phận Một cửa tiếp nhận 4.215 hồ sơ (tăng 11,2% so với quý II).", 11.2, "hồ sơ tiếp nhận"),
        # "(hiện đạt …)", "(chiếm …)", "(đạt …)" after the measure or its amount: the words before the bracket
        ("Nêu rõ tỷ lệ trạm y tế xã có bác sĩ (hiện đạt 92,4%).", 92.4, "tỷ lệ trạm y tế xã có bác sĩ"),
        ("Tổng vốn 500 tỷ đồng, trong đó: vốn tỉnh 200 tỷ đồng (chiếm 40%); vốn huyện 100 tỷ đồng (20%).", 20,
         "vốn huyện"),
        ("Kế hoạch vốn là 40 tỷ đồng, đã giải ngân 36 tỷ đồng (đạt 90%).", 90, "đã giải ngân"),
        # a short verb after a label measures the label's thing
        ("- Vốn ngân sách tỉnh: giải ngân đạt 91,5%;", 91.5, "giải ngân vốn ngân sách tỉnh"),
        ("2. Y tế: Tỷ lệ bao phủ bảo hiểm y tế đạt 92,1%.", 92.1, "Tỷ lệ bao phủ bảo hiểm y tế"),
        # a fraction's noun and what it did, with the share after it
        ("Kết quả: 45/50 xã hoàn thành, tỷ lệ 90%.", 90, "xã hoàn thành"),
        # a second amount of one measure, joined by "và"
        ("Ngân sách tỉnh hỗ trợ 30 triệu đồng/hộ làm mới và 15 triệu đồng/hộ sửa chữa.", 15_000_000,
         "Ngân sách tỉnh hỗ trợ"),
        # markdown emphasis is no part of a subject
        ("Tỷ lệ hộ có điện đạt **99,2%**, tăng **0,4%** so với năm 2022.", 0.4, "Tỷ lệ hộ có điện"),
    ],
)
def test_subject_rules(sentence, value, subject):
    found = [i for i in extract(Text.from_string(sentence)).indicators if round(i.value, 3) == value]
    assert [i.subject for i in found] == [subject]


def test_markdown_from_a_crawler_reads_as_text(tmp_path):
    crawled = tmp_path / "crawled.txt"
    crawled.write_text("## II. KẾT QUẢ NĂM 2024\n\n| Chỉ tiêu | Tỷ lệ (%) |\n|---|:---:|\n| Hồ sơ trực tuyến | 86,3 |\n"
                       "Tỷ lệ giải quyết đúng hạn đạt **97,5%**.\n", encoding="utf-8")
    assert [line for line, _ in load(crawled, "txt").lines] == [
        "II. KẾT QUẢ NĂM 2024", "", "Chỉ tiêu\tTỷ lệ (%)", "Hồ sơ trực tuyến\t86,3",
        "Tỷ lệ giải quyết đúng hạn đạt 97,5%.", ""]
    found = extract(Text.from_lines(load(crawled, "txt").lines)).indicators
    assert [(i.value, i.unit, i.period, i.section) for i in found] == [
        (86.3, "%", "năm 2024", "II. KẾT QUẢ NĂM 2024"), (97.5, "%", "năm 2024", "II. KẾT QUẢ NĂM 2024")]


def test_text_without_markdown_is_read_as_it_is(tmp_path):
    plain_text = tmp_path / "plain.txt"
    plain_text.write_text("Số: 12/BC-UBND\nHồ sơ #3 | ghi chú\n**KT. CHỦ TỊCH**\n", encoding="utf-8")
    assert [line for line, _ in load(plain_text, "txt").lines] == [
        "Số: 12/BC-UBND", "Hồ sơ #3 | ghi chú", "**KT. CHỦ TỊCH**", ""]


@pytest.mark.parametrize(
    "rows, percentages",
    [
        (["Chỉ tiêu\tKế hoạch\tThực hiện\tTỷ lệ so với kế hoạch (%)", "Thu ngân sách\t1.200\t780\t65,0"], [65.0]),
        (["Xã\tSố hồ sơ\t%", "Xã A\t120\t45,5"], [45.5]),
        (["Xã\tSố hồ sơ\tTỷ lệ (%)", "Xã A\t120\t45,5%"], [45.5]),        # written with its sign: read once
        (["Chỉ tiêu\tKế hoạch\tThực hiện", "Thu ngân sách\t1.200\t780"], []),   # no column of percentages
        (["Chỉ tiêu\tNăm 2023\tNăm 2024", "Tỷ lệ hộ nghèo (%)\t3,85\t2,96"], [3.85, 2.96]),   # a row of them
        (["TT\tChỉ tiêu\tĐVT\tNăm 2024", "1\tTỷ lệ hộ nghèo\t%\t2,1"], [2.1]),   # after its unit cell (not "1")
    ],
)
def test_bare_numbers_in_a_column_or_row_of_percentages(rows, percentages):
    found = extract(Text.from_lines(rows)).indicators
    assert [i.value for i in found if i.unit == "%"] == percentages


@pytest.mark.parametrize(
    "sentence, issuer",
    [
        ("Thực hiện Công văn số 77/STNMT-QLĐĐ ngày 3/3/2024 của Sở Tài nguyên và Môi trường đề nghị báo cáo.",
         "Sở Tài nguyên và Môi trường"),
        ("Phúc đáp Công văn số 15/SXD-QLN ngày 9/9/2024 của Sở Xây dựng yêu cầu rà soát.", "Sở Xây dựng"),
        ("Theo Công văn số 8/UBND-KT ngày 2/2/2024 của UBND huyện Krông Pắc gửi Sở Tài chính.",
         "UBND huyện Krông Pắc"),
        ("Căn cứ Thông tư số 55/2023/TT-BTC ngày 15/8/2023 của Bộ trưởng Bộ Tài chính quy định.",
         "Bộ trưởng Bộ Tài chính"),
        ("Thực hiện Thông báo số 185/TB-VPCP ngày 20/5/2022 của Văn phòng Chính phủ Kết luận của Phó Thủ tướng.",
         "Văn phòng Chính phủ"),
    ],
)
def test_citation_issuer_ends_where_the_body_ends(sentence, issuer):
    assert [c.issuer for c in extract(Text.from_string(sentence)).citations] == [issuer]


@pytest.mark.parametrize(
    "sentence, period",
    [
        ("Thu ngân sách năm 2024 là 500 tỷ đồng, tăng 5% so với dự toán năm 2023.", "năm 2024"),
        ("Năm 2024, chi thường xuyên tăng 4,1% so với ước thực hiện năm 2023.", "năm 2024"),
        ("Báo cáo trước ngày 25/10/2024; nêu rõ tỷ lệ xã đạt chuẩn (hiện đạt 88%).", None),
        ("Tỷ lệ hộ nghèo năm 2023 là 4,2%, năm 2024 còn 3,1%.", "năm 2024"),      # the nearest before it
    ],
)
def test_the_year_compared_with_or_a_deadline_is_not_the_period(sentence, period):
    assert [i.period for i in extract(Text.from_string(sentence)).indicators if i.unit == "%"][-1] == period


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("Vốn Chương trình mục tiêu quốc gia đã giải ngân đạt 64%.", "actual"),
        ("Giải quyết việc làm cho 1.200 lao động, đạt 55,3% kế hoạch năm.", "actual"),
        ("Phấn đấu tỷ lệ lao động qua đào tạo đạt 70%.", "target"),
        ("Phấn đấu thu vượt 5% dự toán; giải ngân vốn đầu tư công đạt trên 95% kế hoạch.", "target"),  # 95: same verb
    ],
)
def test_goal_or_result(sentence, kind):
    assert [i.kind for i in extract(Text.from_string(sentence)).indicators if i.unit == "%"][-1] == kind


@pytest.mark.parametrize(
    "heading, kind",
    [
        ("II. NHIỆM VỤ QUÝ IV NĂM 2024", "target"),
        ("PHẦN II: NHIỆM VỤ NĂM 2025", "target"),
        ("2.1. Nhiệm vụ phát triển chính quyền số", "actual"),     # a field of work, under results
    ],
)
def test_a_heading_of_tasks_ahead_states_goals(heading, kind):
    text = f"I. KẾT QUẢ\n\n{heading}\n\nTỷ lệ hồ sơ giải quyết đúng hạn đạt 98%.\n"
    assert [i.kind for i in extract(Text.from_string(text)).indicators] == [kind]


@pytest.mark.parametrize(
    "column, period, kind",
    [
        ("Thực hiện năm 2024", "năm 2024", "actual"),
        ("Kế hoạch năm 2025", "năm 2025", "target"),
        ("Ước TH 6 tháng đầu năm 2025", "6 tháng đầu năm 2025", "actual"),
        ("So với cùng kỳ năm 2023 (%)", None, None),        # the year compared with; the kind from elsewhere
    ],
)
def test_a_column_says_when_and_which(column, period, kind):
    rows = [f"Chỉ tiêu\tĐVT\t{column}", "Tỷ lệ hộ nghèo\t%\t2,1"]
    [found] = extract(Text.from_lines(rows)).indicators
    assert found.period == period
    assert kind is None or found.kind == kind
