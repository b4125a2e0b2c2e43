import re

import pytest

from extractors.header import extract_header
from extractors.indicators import find_indicators
from extractors.indicators.values import NEW_MEASURE, SHARE_LINK
from extractors.lang.periods import PERIOD
from extractors.models import ReportHeader
from extractors.sections import SectionIndex
from extractors.text import Text
from seeds import CORPUS

REPORT_2023 = ReportHeader(kind="Báo cáo", year=2023)


def indicators_of(source: str, header: ReportHeader = REPORT_2023):
    text = Text.from_string(source)
    return find_indicators(text, SectionIndex(text), header)


def values(source: str, header: ReportHeader = REPORT_2023):
    return [(i.value, i.unit, i.value_text, i.numerator, i.denominator, i.qualifier, i.value_high)
            for i in indicators_of(source, header)]


# (sentence, [(value, unit, value_text, numerator, denominator, qualifier, value_high)])
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("- Tỷ lệ thanh toán trực tuyến đạt 55,09%.",
         [(55.09, "%", "55,09%", None, None, None, None)]),
        ("- Tỷ lệ gửi, nhận văn bản điện tử các cấp chính quyền đạt trên 95%.",
         [(95, "%", "95%", None, None, "trên", None)]),
        ("- Mạng số liệu chuyên dùng được đầu tư đến các cấp xã, phường; 100% cơ quan, đơn vị, địa phương có "
         "mạng LAN kết nối băng thông rộng; 100% cán bộ, công chức, viên chức được trang bị máy tính.",
         [(100, "%", "100%", None, None, None, None), (100, "%", "100%", None, None, None, None)]),
        ("- 95% hồ sơ công việc của thị xã; 80% trở lên hồ sơ công việc xã, phường được xử lý trên môi trường mạng.",
         [(95, "%", "95%", None, None, None, None), (80, "%", "80%", None, None, "trở lên", None)]),
        ("- Tối thiểu 50% hoạt động kiểm tra của cơ quan quản lý nhà nước được thực hiện thông qua môi trường số.",
         [(50, "%", "50%", None, None, "tối thiểu", None)]),
        ("bảo đảm tỷ lệ chi cho chuyển đổi số hằng năm đạt tối thiểu là 0,5% tổng chi thường xuyên ngân sách thị xã.",
         [(0.5, "%", "0,5%", None, None, "tối thiểu", None)]),
        ("- Giảm tối đa từ 60% - 80% việc sử dụng tài liệu giấy tại các cuộc họp.",
         [(60, "%", "60% - 80%", None, None, "tối đa", 80)]),
        ("- 30% đến 50% xã có hệ thống thông tin truyền thanh cơ sở ứng dụng công nghệ số, nền tảng số.",
         [(30, "%", "30% đến 50%", None, None, None, 50)]),
        # fractions absorbed by the percentage they amount to: one statement, not two
        ("- Tính đến 31/12/2023, đã cấp trên 130.141/131.749 CCCD, đạt 98,78%; hướng dẫn kích hoạt trên 76.743 "
         "tài khoản định danh điện tử mức 2, đạt 84,61% trên tổng số tài khoản được cấp.",
         [(98.78, "%", "98,78%", 130141, 131749, "trên", None), (84.61, "%", "84,61%", 76743, None, "trên", None)]),
        ("Bộ phận một cửa thị xã tiếp nhận 1.050 hồ sơ trực tuyến/tổng số 1.710 hồ sơ, chiếm tỷ lệ 61,4% "
         "(mức độ 3 là 310/845, mức độ 4 là 740/865).",
         [(61.4, "%", "61,4%", 1050, 1710, None, None), (310, "hồ sơ", "310/845", 310, 845, None, None),
          (740, "hồ sơ", "740/865", 740, 865, None, None)]),
        ("+ Trong năm 2021: đã giải quyết 20.653/21.003 hồ sơ, chiếm 98,33% tổng số hồ sơ đã tiếp nhận.",
         [(98.33, "%", "98,33%", 20653, 21003, None, None)]),
        ("- Đã tiến hành thu nhận 123.653 hồ sơ cấp CCCD/128.329 chỉ tiêu (đạt tỉ lệ 96,36%).",
         [(96.36, "%", "96,36%", 123653, 128329, None, None)]),
        ("Hạ tầng băng rộng cáp quang, kết nối internet đã được phủ đến 15/15 xã, phường.",
         [(15, "xã, phường", "15/15", 15, 15, None, None)]),
        # a count next to a percentage of something else stays a count
        ("Hệ thống đài truyền thanh có 419 cụm loa, tỷ lệ phủ sóng đạt 68%.",
         [(419, "cụm loa", "419", None, None, None, None), (68, "%", "68%", None, None, None, None)]),
        # counts with their noun
        ("- 100% các thôn/tổ dân phố được phủ sóng, toàn thị xã có 151 trạm BTS, tỷ lệ người từ 14 tuổi trở lên "
         "có điện thoại thông minh đạt trên 75%.",
         [(100, "%", "100%", None, None, None, None), (151, "trạm BTS", "151", None, None, None, None),
          (75, "%", "75%", None, None, "trên", None)]),
        ("- Phát huy hiệu quả 99 Tổ công nghệ số cộng đồng trên địa bàn thị xã.",
         [(99, "Tổ công nghệ số cộng đồng", "99", None, None, None, None)]),
        ("- Tính đến nay, toàn thị xã đã thành lập 99 Tổ Công nghệ số cộng đồng, với 615 thành viên, cụ thể:",
         [(99, "Tổ Công nghệ số cộng đồng", "99", None, None, None, None),
          (615, "thành viên", "615", None, None, None, None)]),
        ("+ 15 Tổ Công nghệ số cộng đồng của 15 xã, phường với 134 thành viên.",   # "của 15 xã": whose, not what
         [(15, "Tổ Công nghệ số cộng đồng", "15", None, None, None, None),
          (134, "thành viên", "134", None, None, None, None)]),
        ("- Ngày 15/9/2023, Sở tổ chức chương trình diễn tập với trên 70 người tham gia.",
         [(70, "người", "70", None, None, "trên", None)]),
        ("- Đã thanh toán trực tuyến 2.954 lượt người, với tổng số tiền 49.634.181.598 đồng.",
         [(2954, "lượt người", "2.954", None, None, None, None),
          (49634181598, "đồng", "49.634.181.598", None, None, None, None)]),
        ("- 80% hộ sản xuất nông nghiệp được tập huấn; 10 đến 15 lượt giao dịch sản phẩm nông nghiệp được tiêu thụ.",
         [(80, "%", "80%", None, None, None, None), (10, "lượt giao dịch sản phẩm nông", "10 đến 15", None, None, None, 15)]),
        ("- Phân bổ thêm phần mềm phòng, chống mã độc trên các máy trạm (khoảng 500 máy trạm).",
         [(500, "máy trạm", "500", None, None, "khoảng", None)]),
        # a total broken down: the items take the total's noun
        ("- Tổng số chứng thư số đã cấp: 354; trong đó: các cơ quan, đơn vị thị xã: 135, các xã, phường: 219.",
         [(354, "chứng thư số", "354", None, None, None, None), (135, "chứng thư số", "135", None, None, None, None),
          (219, "chứng thư số", "219", None, None, None, None)]),
        ("- Trên địa bàn thị xã có 16 Trang thông tin điện tử (trong đó: thị xã 01; xã, phường 15) hoạt động.",
         [(16, "Trang thông tin điện tử", "16", None, None, None, None),
          (1, "Trang thông tin điện tử", "01", None, None, None, None),
          (15, "Trang thông tin điện tử", "15", None, None, None, None)]),
        ("- Tổng số dịch vụ công trực tuyến mức độ 3 và mức độ 4 là 134 TTHC (cấp huyện 83, cấp xã 51).",
         [(134, "TTHC", "134", None, None, None, None), (83, "TTHC", "83", None, None, None, None),
          (51, "TTHC", "51", None, None, None, None)]),
        ("- Năm 2024, phấn đấu chỉ số chuyển đổi số của thị xã nằm trong nhóm 3/13 huyện, thị xã, thành phố.",
         [(3, "huyện, thị xã, thành phố", "3/13", 3, 13, None, None)]),     # a rank: top 3 of 13
        ("- Đến năm 2023, đạt 100% thủ tục hành chính công trực tuyến mức độ 3, 60% thủ tục hành chính công "
         "trực tuyến mức độ 4 được cung cấp.",
         [(100, "%", "100%", None, None, None, None), (60, "%", "60%", None, None, None, None)]),
        ("Hệ thống được xây dựng nhằm đáp ứng chỉ tiêu “50% hoạt động kiểm tra được thực hiện thông qua môi trường số”.",
         [(50, "%", "50%", None, None, None, None)]),
        # a table row: percentages only
        ("1\tTỷ lệ hồ sơ giải quyết trực tuyến\t85,5%\t2023", [(85.5, "%", "85,5%", None, None, None, None)]),
        ("2\tMua sắm Ipad phục vụ Phòng họp không giấy\t480\t15 máy", []),
    ],
)
def test_values(sentence, expected):
    assert values(sentence) == expected


# (sentence, index of the indicator, subject)
@pytest.mark.parametrize(
    "sentence, index, subject",
    [
        ("- Tính đến cuối năm 2023, Hồ sơ trực tuyến một phần (mức độ 3) đạt tỷ lệ 88,62%; hồ sơ trực tuyến toàn phần "
         "(mức độ 4) đạt tỷ lệ 98,63%.", 0, "Hồ sơ trực tuyến một phần (mức độ 3)"),
        ("- Tính đến cuối năm 2023, Hồ sơ trực tuyến một phần (mức độ 3) đạt tỷ lệ 88,62%; hồ sơ trực tuyến toàn phần "
         "(mức độ 4) đạt tỷ lệ 98,63%.", 1, "hồ sơ trực tuyến toàn phần (mức độ 4)"),
        ("- Mạng số liệu chuyên dùng được đầu tư đến các cấp xã, phường; 100% cơ quan, đơn vị, địa phương có mạng LAN "
         "kết nối băng thông rộng; 100% cán bộ được trang bị máy tính.", 0,
         "cơ quan, đơn vị, địa phương có mạng LAN kết nối băng thông rộng"),
        ("- 80% hồ sơ công việc tại UBND thị xã và 70% hồ sơ công việc tại UBND các xã, phường được xử lý trên môi "
         "trường mạng.", 0, "hồ sơ công việc tại UBND thị xã"),
        ("- 80% hồ sơ công việc tại UBND thị xã và 70% hồ sơ công việc tại UBND các xã, phường được xử lý trên môi "
         "trường mạng.", 1, "hồ sơ công việc tại UBND các xã, phường được xử lý trên môi trường mạng"),
        ("- Hạ tầng mạng băng rộng cáp quang phủ trên 80% hộ gia đình, 100% xã, phường.", 1,
         "Hạ tầng mạng băng rộng cáp quang xã, phường"),        # (the list's measure, and its own noun)
        ("- Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 50%.", 0,
         "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số"),
        ("- Lĩnh vực Công an: 15.982/16.891 hồ sơ, tỉ lệ 94,62%; Lĩnh vực Điện lực: 326/326 hồ sơ, tỉ lệ 100%.", 1,
         "Lĩnh vực Điện lực"),
        ("- Tổng số cán bộ được phân công làm công tác chuyển đổi số là 31 người (UBND thị xã: 01 người, UBND các "
         "xã, phường: 30 người).", 0, "Tổng số cán bộ được phân công làm công tác chuyển đổi số"),
        ("- Tổng số cán bộ được phân công làm công tác chuyển đổi số là 31 người (UBND thị xã: 01 người, UBND các "
         "xã, phường: 30 người).", 2,
         "cán bộ được phân công làm công tác chuyển đổi số UBND các xã, phường"),    # the total's measure, for a part
        ("- Tổng số chứng thư số đã cấp: 354; trong đó: các cơ quan, đơn vị thị xã: 135, các xã, phường: 219.", 1,
         "các cơ quan, đơn vị thị xã"),
        ("- Tổng số dịch vụ công trực tuyến mức độ 3 và mức độ 4 là 134 TTHC (cấp huyện 83, cấp xã 51).", 2,
         "dịch vụ công trực tuyến mức độ 3 và mức độ 4 cấp xã"),
        # the clause's own subject, not the words beside the number
        ("Thu ngân sách nhà nước trên địa bàn ước đạt 1.234,5 tỷ đồng, đạt 61,7% dự toán tỉnh giao và bằng "
         "112,4% so với cùng kỳ.", 0, "Thu ngân sách nhà nước trên địa bàn"),
        ("Thu ngân sách nhà nước trên địa bàn ước đạt 1.234,5 tỷ đồng, đạt 61,7% dự toán tỉnh giao và bằng "
         "112,4% so với cùng kỳ.", 1, "Thu ngân sách nhà nước trên địa bàn"),     # not "so với cùng kỳ"
        ("Tổng giá trị sản xuất ước đạt 6.842,7 tỷ đồng, tăng 7,5% so với cùng kỳ, đạt 48,6% kế hoạch năm.", 1,
         "Tổng giá trị sản xuất"),                                                  # not "kế hoạch năm"
        ("Chi ngân sách địa phương ước thực hiện 845,6 tỷ đồng, đạt 47,3% dự toán.", 0, "Chi ngân sách địa phương"),
        ("Tỷ lệ hộ nghèo toàn huyện đến cuối năm 2024 còn dưới 18,5%.", 0, "Tỷ lệ hộ nghèo toàn huyện"),
        ("- Phấn đấu giảm tỷ lệ hộ nghèo bình quân 1,5 - 2%/năm.", 0, "tỷ lệ hộ nghèo bình quân"),
        ("bố trí kinh phí chi thường xuyên, bảo đảm tỷ lệ chi cho chuyển đổi số hằng năm đạt tối thiểu là 0,5% "
         "tổng chi thường xuyên.", 0, "tỷ lệ chi cho chuyển đổi số hằng năm"),
        ("Tính đến 31/12/2023, đã cấp trên 130.141/131.749 CCCD, đạt 98,78%.", 0, "CCCD đã cấp"),
        ("Giải quyết việc làm mới cho 1.450 lao động, đạt 52% kế hoạch.", 0, "Giải quyết việc làm mới cho lao động"),
        ("vốn ngân sách trung ương 12 tỷ đồng (78,4%); vốn ngân sách tỉnh 2.100 triệu đồng.", 0,
         "vốn ngân sách trung ương"),                                               # a share in brackets
        ("Phòng Tài chính sử dụng kinh phí đúng mục đích, bảo đảm giải ngân đạt 100% dự toán được giao.", 0,
         "giải ngân"),
        ("thu học phí không dùng tiền mặt đạt 60,2% trên tổng số tiền thu và đạt 55,1% trên tổng số giao dịch.", 1,
         "thu học phí không dùng tiền mặt"),                      # the first base is not the second's subject
        ("- Duy trì cấp giấy phép lái xe cho 100% người đủ điều kiện.", 0,
         "Duy trì cấp giấy phép lái xe cho người đủ điều kiện"),
        ("- Duy trì cấp thẻ cho 100% công dân từ đủ 14 tuổi trở lên.", 0, "Duy trì cấp thẻ cho công dân từ đủ 14 tuổi"),
        ("đến nay đã có 1.500/2.000 hợp tác xã (đạt tỷ lệ 75%).", 0, "hợp tác xã"),
        ("Đến nay, Công an cấp xã đã thu thập 1.200/2.400 dữ liệu (đạt 50%).", 0, "dữ liệu Công an cấp xã đã thu thập"),
        ("Như vậy, các kiến nghị đã được trả lời đạt 96%.", 0, "các kiến nghị đã được trả lời"),
        ("Kim ngạch xuất khẩu ước đạt 1.250 triệu USD, tăng 5,2% so với cùng kỳ; chiếm 48% kế hoạch năm.", 1,
         "Kim ngạch xuất khẩu"),                                     # a clause with no subject: the sentence's
        ("Số xã đạt chuẩn nông thôn mới: 85 xã (tăng 6 xã so với năm 2024).", 1, "Số xã đạt chuẩn nông thôn mới"),
        ("Triển khai Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ về Chính phủ số, Sở đã hướng dẫn "
         "100% cơ quan, đơn vị gửi, nhận văn bản điện tử có ký số (theo Quyết định số 15/QĐ-UBND).",
         0, "cơ quan, đơn vị gửi, nhận văn bản điện tử có ký số"),  # the % counts what follows, not the clause
        ("Trang thông tin điện tử của 100% xã, phường công khai thông tin theo Nghị định số 42/2022/NĐ-CP.", 0,
         "Trang thông tin điện tử của xã, phường công khai thông tin theo Nghị định số 42/2022/NĐ-CP"),
        ("Thực hiện tiết kiệm 10% chi thường xuyên, số tiền tiết kiệm là 2.400 triệu đồng.", 0,
         "Thực hiện tiết kiệm chi thường xuyên"),
        ("- Có ≥ 90% cơ quan nhà nước sử dụng nền tảng họp trực tuyến.", 0,
         "cơ quan nhà nước sử dụng nền tảng họp trực tuyến"),       # not "Có ≥"
        ("- Tốc độ tăng trưởng kinh tế bình quân giai đoạn 2021 - 2025 đạt 7,5%/năm.", 0,
         "Tốc độ tăng trưởng kinh tế bình quân"),                    # the period is not part of the measure
        ("- Đã rà soát 2.500 hộ có thẻ bảo hiểm y tế còn hạn sử dụng (chiếm tỷ lệ 80%).", 0,
         "hộ có thẻ bảo hiểm y tế còn hạn sử dụng đã rà soát"),      # the count's whole noun phrase
        ("(2) Rà soát dữ liệu dân cư, đạt 75%.", 0, "Rà soát dữ liệu dân cư"),
        # counts: the counted noun with what it belongs to
        ("- tính đến thời điểm hiện tại đã thanh toán trực tuyến 2.954 lượt người.", 0,
         "lượt người thanh toán trực tuyến"),                        # what was done to what is counted
        ("- Tính đến nay, toàn thị xã đã thành lập 99 Tổ Công nghệ số cộng đồng, với 615 thành viên.", 1,
         "thành viên Tổ Công nghệ số cộng đồng"),
        ("+ Tổ Công nghệ số cộng đồng thị xã Đức Phổ với 15 thành viên.", 0,
         "thành viên Tổ Công nghệ số cộng đồng thị xã Đức Phổ"),
        # rates set by a rule
        ("Điều 2. Mức chi hỗ trợ học viên tham gia lớp tập huấn là 50.000 đồng/người/ngày.", 0,
         "Mức chi hỗ trợ học viên tham gia lớp tập huấn"),
        ("Mức chi 30.000 đồng/người/ngày đối với học viên không hưởng lương.", 0,
         "Mức chi đối với học viên không hưởng lương"),
        ("- Đã tiến hành hướng dẫn cài đặt 198 máy trạm cho cán bộ công chức trên địa bàn thị xã.", 0,
         "máy trạm cho cán bộ công chức trên địa bàn thị xã"),
        ("1\tTỷ lệ hồ sơ giải quyết trực tuyến\t85,5%\t2023", 0, "Tỷ lệ hồ sơ giải quyết trực tuyến"),
        # table rows: the row's label and the value's column
        ("TT\tNội dung\tThực hiện\tSo với dự toán (%)\n1\tThu ngân sách nhà nước\t1.234,5\t61,7%", 0,
         "Thu ngân sách nhà nước - So với dự toán"),
        ("TT\tĐơn vị\tTỷ lệ giải ngân (%)\n1\tXã Phổ An\t85,5%", 0, "Tỷ lệ giải ngân Xã Phổ An"),
        ("TT\tChỉ tiêu\tNăm 2023\n1\tTỷ lệ hộ nghèo\t3,5%", 0, "Tỷ lệ hộ nghèo"),     # a year column adds nothing
        ("TT\tĐơn vị\tTỷ lệ giải ngân (%)\n1\tXã Phổ An\t85,5%\n\tCộng\t80,1%", 1, "Cộng - Tỷ lệ giải ngân"),
        ("**II.** Hỗ trợ 100% hộ nghèo có nhu cầu vay vốn.", 0, "Hỗ trợ hộ nghèo có nhu cầu vay vốn"),
        # a sentence in the value's own cell (a plan's task table) is read as prose
        ("TT\tNhiệm vụ\tSản phẩm\tThời gian\n2\tRà soát quy trình nội bộ.\t100% quy trình nội bộ được công khai đúng hạn"
         "\tTrong năm", 0, "quy trình nội bộ được công khai đúng hạn"),
    ],
)
def test_subject(sentence, index, subject):
    assert indicators_of(sentence)[index].subject == subject


# (sentence, period, year)
@pytest.mark.parametrize(
    "sentence, period, year",
    [
        ("Tính đến 31/12/2023, đã cấp 130.141/131.749 CCCD, đạt 98,78%.", "31/12/2023", 2023),
        ("- Tính đến cuối năm 2023, Hồ sơ trực tuyến đạt tỷ lệ 88,62%.", "cuối năm 2023", 2023),
        ("+ Trong 6 tháng đầu năm 2022: đã tiếp nhận 18.432 hồ sơ.", "6 tháng đầu năm 2022", 2022),
        ("+ Trong năm 2021: đã tiếp nhận 21.003 hồ sơ.", "năm 2021", 2021),
        ("- Tổng số hồ sơ (từ tháng 8/2022 đến hết quý I-2023): 2.661 hồ sơ.", "từ tháng 8/2022 đến hết quý I-2023", None),
        ("- thanh toán trực tuyến (năm 2022 và quý I-2023) cho 1.112 lượt người.", "năm 2022 và quý I-2023", None),
        ("III. Định hướng 6 tháng cuối năm 2022 và năm 2023\n\n- 100% cơ quan dùng phần mềm chống virus.",
         "6 tháng cuối năm 2022 và năm 2023", None),                       # a period of two parts, from the heading
        ("I. KẾT QUẢ NĂM 2025\n\n- Tỷ lệ hồ sơ trực tuyến đạt 90%.", "năm 2025", 2025),   # a heading in capitals
        ("- Tốc độ tăng trưởng kinh tế bình quân giai đoạn 2021 - 2025 đạt 7,5%/năm.", "giai đoạn 2021 - 2025", None),
        ("Kim ngạch xuất khẩu 6 tháng đầu năm ước đạt 1.250 triệu USD, tăng 5,2%.", "6 tháng đầu năm", None),
        ("Điều 1. Giao chỉ tiêu năm 2025\n\na) Tổng sản phẩm trên địa bàn tăng 8,5% so với năm 2024.", "năm 2025", 2025),
        ("I. KẾT QUẢ NĂM 2024\n\nTT\tChỉ tiêu\tNăm 2024\tNăm 2025\n1\tTỷ lệ hộ nghèo\t3,5%\t2,8%",
         "năm 2024", 2024),                                 # a table's year column, not only the heading
        ("- Tình hình hoạt động (từ 01/01/2021 đến ngày 25/6/2022) đã đăng 524 tin.",
         "từ 01/01/2021 đến ngày 25/6/2022", None),
        ("- Đến năm 2025, đạt 100% thủ tục hành chính được cung cấp trực tuyến.", "đến năm 2025", 2025),
        ("- UBND thị xã đã thanh toán từ năm 2022 đến nay, đã thanh toán 2.954 lượt người.", "từ năm 2022 đến nay", 2022),
        ("- Tính đến nay, toàn thị xã đã thành lập 99 Tổ Công nghệ số cộng đồng.", "đến nay", None),
        ("- Ngày 15/9/2023, Sở tổ chức diễn tập theo Kế hoạch số 1914/KH-STTTT ngày 07/9/2023, với trên 70 người "
         "tham gia.", "15/9/2023", 2023),
        ("- 100% Trang thông tin điện tử công khai thông tin theo Nghị định số 42/2022/NĐ-CP ngày 24/6/2022.", None, None),
    ],
)
def test_period(sentence, period, year):
    found = indicators_of(sentence)[0]
    assert (found.period, found.year) == (period, year)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã.",
        "theo quy định tại Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ.",
        "Tổng kết 10 năm thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị (Khóa XI).",
        "Công văn số 2285/UBND-KGVX ngày 06/5/2024 của UBND tỉnh.",
        "Đức Phổ, ngày 22 tháng 12 năm 2022",
        "(GIAI ĐOẠN ĐẾN NĂM 2030, ĐỊNH HƯỚNG ĐẾN NĂM 2035)",
        "giai đoạn 2021-2025, định hướng đến năm 2025.",
        "1.1. Việc triển khai thực hiện các kế hoạch của UBND tỉnh",
        "2.3 Phát triển xã hội số, thu hẹp khoảng cách số",
        "nhiều dịch vụ công trực tuyến mức độ 3, 4 đã đưa vào phục vụ người dân",
        "việc gửi, nhận văn bản qua trục liên thông giữa 4 cấp đã được thực hiện",
        "Triển khai thực hiện an toàn thông tin cấp độ 2, mua sắm thiết bị tường lửa.",
        "Phổ cập dịch vụ mạng di động 4G/5G.",
        "chuyển đổi địa chỉ giao thức Internet thế hệ cũ (IPv4) sang IPv6 và IPv4/IPv6",
        "theo quy định tại Điều 25, 26 và 27 của Luật An toàn thông tin mạng.",
        "Tỷ lệ giải quyết hồ sơ trong 02 năm qua được cải thiện.",
        "tỷ lệ người từ 14 tuổi trở lên có điện thoại thông minh",
        "Công tác triển khai thực hiện Đề án 06 đạt những kết quả quan trọng.",
        "Số hóa dữ liệu các khu di tích bằng công nghệ 3D, 4D.",
        "8",
        "Hằng ngày báo Quảng Ngãi đến Bưu điện thị xã vào lúc 8 giờ sáng.",
        "dịch Covid-19 vừa phục hồi và phát triển kinh tế",
        "Mô hình “4 lớp” về an toàn thông tin được hoàn thiện.",
        "Cuộc cách mạng công nghiệp lần thứ IV",
        "- Thời gian thực hiện: Năm 2024 và các năm tiếp theo.",
        "Hệ thống Hội nghị truyền hình 3 cấp - tỉnh huyện xã; đảm bảo kết nối 4 cấp.",
        # budget amounts belong to extractors.budget
        "mua sắm thiết bị tường lửa với tổng kinh phí trên 350 triệu đồng từ nguồn ngân sách tỉnh năm 2023.",
        "Tổng kinh phí khoảng 13.570 triệu đồng (theo Phụ lục II đính kèm).",
        "Nâng cấp, đầu tư cơ sở vật chất với kinh phí 1,5 tỷ đồng.",
        "Tổng cộng: 13.570",
        "2022 480",
    ],
)
def test_not_indicators(sentence):
    assert indicators_of(sentence) == []


def test_trên_before_a_number_is_more_than_and_after_a_percentage_is_out_of():
    first, second = indicators_of("hướng dẫn kích hoạt trên 76.743 tài khoản định danh điện tử mức 2, "
                                  "đạt 84,61% trên tổng số tài khoản được cấp.") + [None]
    assert second is None
    assert (first.value, first.numerator, first.denominator, first.qualifier) == (84.61, 76743, None, "trên")


def test_decimal_comma_with_trailing_zero_in_a_count():
    assert values("- Hỗ trợ 92,460 lượt người.") == [(92.46, "lượt người", "92,460", None, None, None, None)]


def test_a_repeated_target_is_counted_at_each_mention():
    text = ("- 100% người đứng đầu được tuyên truyền về bảo đảm an toàn thông tin.\n\n"
            "- 100% người đứng đầu được tuyên truyền về bảo đảm an toàn thông tin.")
    assert [i.line for i in indicators_of(text)] == [1, 3]


def test_hard_wrapped_value_points_at_its_own_line():
    text = Text.from_string(
        "- Tổng số cán bộ, công chức, viên chức được phân công làm công tác chuyển đổi số, an\n\n"
        "toàn, an ninh mạng là 31 người (UBND thị xã: 01 người, UBND các xã, phường: 30\n\n"
        "người).\n"
    )
    found = find_indicators(text, SectionIndex(text), REPORT_2023)
    assert [(i.value, i.line) for i in found] == [(31, 3), (1, 3), (30, 3)]


# ---------------------------------------------------------------------------
# Goal or result.

@pytest.mark.parametrize(
    "source, header, kinds",
    [
        ("II. KẾT QUẢ THỰC HIỆN\n\n- Tỷ lệ văn bản được ký số đạt 90%.", REPORT_2023, ["actual"]),
        ("III. ĐỊNH HƯỚNG VỀ KẾ HOẠCH THỰC HIỆN TRONG NĂM 2024\n\n1. Mục tiêu\n\n- 70% các cuộc họp thực hiện trực tuyến.",
         REPORT_2023, ["target"]),
        ("II. MỤC TIÊU\n\n1. Mục tiêu cụ thể đến năm 2025\n\n- Trên 80% dân số trưởng thành có điện thoại thông minh.",
         ReportHeader(kind="Kế hoạch", year=2024), ["target"]),
        ("III. Định hướng triển khai 6 tháng cuối năm 2022 và năm 2023\n\n1. Về chỉ tiêu:\n\n"
         "- 100% các cơ quan, đơn vị triển khai sử dụng phần mềm chống virus.", ReportHeader(kind="Báo cáo", year=2022),
         ["target"]),
        ("2. Một số kết quả đạt được\n\n2.1. Nhiệm vụ phát triển chính quyền số\n\n- Trên 40% người dân được xác thực.",
         REPORT_2023, ["actual"]),
        ("V. KIẾN NGHỊ, ĐỀ XUẤT\n\n- Phân bổ thêm phần mềm (khoảng 500 máy trạm).", REPORT_2023, ["target"]),
        ("- Năm 2024, phấn đấu 100% cán bộ được tuyên truyền.", REPORT_2023, ["target"]),
        ("- Đến năm 2025, đạt 100% thủ tục hành chính trực tuyến.", ReportHeader(kind="Báo cáo", year=2022), ["target"]),
        ("- Một số chỉ tiêu dịch vụ công đạt chỉ tiêu cao: Lĩnh vực Điện lực: 326/326 hồ sơ, tỉ lệ 100%.",
         REPORT_2023, ["actual"]),
        ("III. NGUỒN KINH PHÍ\n\n- bảo đảm tỷ lệ chi hàng năm đạt tối thiểu là 0,5% tổng chi.",
         ReportHeader(kind="Kế hoạch", year=2024), ["target"]),
        ("- Tỷ lệ văn bản được ký số đạt 90%.", None, ["actual"]),
    ],
)
def test_kind(source, header, kinds):
    assert [i.kind for i in indicators_of(source, header)] == kinds


# ---------------------------------------------------------------------------
# The seeds: each percentage written in prose is one indicator; the report's sections set goal or result.

def seed(stem: str):
    text = Text.from_string((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
    sections = SectionIndex(text)
    return text, sections, find_indicators(text, sections, extract_header(text))


PERCENT_WRITTEN = re.compile(r"(?<![\d.,])\d[\d.,]*\s?%")


@pytest.mark.parametrize("stem", ["000_34c2b11754aa651e", "001_a7f3320d628c041e", "002_00686ccee144b57b",
                                  "003_4c52c7ef9ddfe9f7", "004_c4ca38d9cb09e442"])
def test_seed_every_percentage_once(stem):
    text, _, found = seed(stem)
    # the upper ends of ranges ("60% - 80%", "30% đến 50%") belong to the lower one
    written = [m for m in PERCENT_WRITTEN.finditer(text.full)
               if not re.search(r"%\s*(?:-|–|đến)\s*$", text.full[max(0, m.start() - 10):m.start()])]
    assert sum(1 for i in found if i.unit == "%") == len(written)


PLAN = """KẾ HOẠCH
Chuyển đổi số huyện Sơn Tịnh năm 2025

I. MỤC TIÊU

1. Mục tiêu cụ thể

- 100% văn bản được ký số khi ban hành trên môi trường mạng.

- Tỷ lệ hồ sơ giải quyết thủ tục hành chính trực tuyến đạt trên 80%.

- Bảo đảm tỷ lệ chi cho chuyển đổi số hàng năm đạt tối thiểu 0,5% tổng chi thường xuyên.

II. NHIỆM VỤ

1. Phòng Tài chính - Kế hoạch bố trí kinh phí bảo đảm tỷ lệ chi cho chuyển đổi số hàng năm tối thiểu là 0,5% tổng chi ngân sách huyện.
"""


def test_a_plan_states_targets_only():
    """A Kế hoạch (as seed 002): every percentage is a target, the budget share at each mention."""
    found = indicators_of(PLAN, ReportHeader(kind="Kế hoạch", year=2025))
    assert [(i.line, i.value, i.unit, i.kind) for i in found] == [
        (8, 100, "%", "target"), (10, 80, "%", "target"), (12, 0.5, "%", "target"), (16, 0.5, "%", "target")]


REPORT = """BÁO CÁO
Kết quả chuyển đổi số năm 2023

I. KHÁI QUÁT CHUNG

Huyện đã triển khai các nhiệm vụ chuyển đổi số theo kế hoạch.

II. KẾT QUẢ THỰC HIỆN

- Tỷ lệ văn bản được ký số đạt 92%.

- Mua sắm thiết bị tường lửa với tổng kinh phí trên 350 triệu đồng.

- Toàn huyện đã thành lập 50 Tổ Công nghệ số cộng đồng, với 300 thành viên, cụ thể:

+ Tổ Công nghệ số cộng đồng huyện với 10 thành viên.

+ 9 Tổ Công nghệ số cộng đồng của 9 xã với 90 thành viên.

+ 40 Tổ Công nghệ số cộng đồng của 40 thôn với 200 thành viên.

III. ĐỊNH HƯỚNG NHIỆM VỤ NĂM 2024

1. Mục tiêu

- 100% người đứng đầu của các đơn vị được tuyên truyền về chuyển đổi số.

- Tỷ lệ hồ sơ trực tuyến đạt 60%.

2. Giải pháp

- Tuyên truyền để 100% người đứng đầu của các đơn vị được tuyên truyền về chuyển đổi số.
"""


def test_a_report_results_in_its_results_section_targets_under_its_plans():
    """A Báo cáo (as seed 001): values under "II. KẾT QUẢ THỰC HIỆN" are results, under "III. ĐỊNH HƯỚNG …
    NĂM 2024" targets; an amount in đồng is a budget line, not an indicator."""
    found = indicators_of(REPORT, ReportHeader(kind="Báo cáo", year=2023))
    by_section = {}
    for i in found:
        by_section.setdefault(i.section.split(".")[0], set()).add(i.kind)
    assert by_section == {"II": {"actual"}, "III": {"target"}}
    assert [i.value for i in found if i.unit == "đồng"] == []          # "trên 350 triệu đồng"


def test_a_breakdown_of_teams_and_members():
    """"50 Tổ …, với 300 thành viên, cụ thể: + … với 10 thành viên. + 9 Tổ … với 90 thành viên. …":
    each count with its own unit, the members adding up to their total."""
    found = indicators_of(REPORT, ReportHeader(kind="Báo cáo", year=2023))
    members = [i.value for i in found if i.unit == "thành viên"]
    teams = [i.value for i in found if (i.unit or "").lower() == "tổ công nghệ số cộng đồng"]
    assert members == [300, 10, 90, 200] and sum(members[1:]) == members[0]
    assert teams == [50, 9, 40]


# ---------------------------------------------------------------------------
# The patterns, with real examples.

@pytest.mark.parametrize(
    "text, period",
    [
        ("Tính đến 31/12/2023, đã cấp", "Tính đến 31/12/2023"),
        ("Trong 6 tháng đầu năm 2022", "6 tháng đầu năm 2022"),
        ("(từ 15/12/2020 đến ngày 14/6/2022 theo chu kỳ", "từ 15/12/2020 đến ngày 14/6/2022"),
        ("(năm 2022 và quý I-2023)", "năm 2022 và quý I-2023"),
        ("trong 6 tháng cuối năm 2022 và năm 2023,", "6 tháng cuối năm 2022 và năm 2023"),
        ("đến hết quý I-2023", "quý I-2023"),
        ("hồ sơ hằng năm", "hằng năm"),
    ],
)
def test_period_pattern(text, period):
    assert PERIOD.search(text).group() == period


@pytest.mark.parametrize("sentence", [
    "Năm 2025 tỷ lệ hồ sơ trực tuyến đạt 80%.",            # "Năm" opening the sentence, capitalised
    "Tỷ lệ hồ sơ trực tuyến đạt 80% vào năm 2025.",
])
def test_a_later_year_makes_a_target_whatever_its_case(sentence):
    # one NAMED_YEAR (extractors.lang.periods) for indicators and budget: before, the indicators'
    # copy read "năm" and "NĂM" but not "Năm", so a capitalised horizon stayed "actual"
    (found,) = find_indicators(Text.from_string(sentence), None, REPORT_2023)
    assert (found.kind, found.year) == ("target", 2025)


def test_context_is_the_sentence_as_extractors_sentences_cuts_it():
    # one splitter for every `context` column: "TP. Hồ Chí Minh" does not end a sentence, the end mark stays
    (found,) = find_indicators(Text.from_string(
        "Kết quả khác. Tại TP. Hồ Chí Minh, tỷ lệ hồ sơ trực tuyến đạt 80%. Câu sau."), None, REPORT_2023)
    assert found.context == "Tại TP. Hồ Chí Minh, tỷ lệ hồ sơ trực tuyến đạt 80%."


def test_values_carry_their_span_in_the_report_text():
    # reports.text[start:end] is the value as written, also across the lines a paragraph re-joins
    text = Text.from_string("Kết quả:\n\n- Tỷ lệ hồ sơ trực tuyến\nđạt 61,4%; đã cấp 130.141/131.749 CCCD.\nThu 49.634.181.598 đồng.")
    found = find_indicators(text, None, REPORT_2023)
    assert [(i.value_text, text.full[i.start:i.end]) for i in found] == [
        ("61,4%", "61,4%"), ("130.141/131.749", "130.141/131.749"), ("49.634.181.598", "49.634.181.598")]
    assert text.full[found[0].start - 4:found[0].start] == "đạt "


@pytest.mark.parametrize("sentence", [
    "Tổng giá trị sản xuất ước đạt 6.842,7 tỷ đồng, đạt 48,6% kế hoạch năm. Trong đó: nông, lâm, thủy sản "
    "ước đạt 1.215,3 tỷ đồng, tăng 2,8%.",
    "Tổng giá trị sản xuất ước **đạt** 6.842,7 tỷ đồng, đạt 48,6% kế hoạch năm. **Trong** đó: nông, lâm, thủy sản "
    "**ước** đạt 1.215,3 tỷ đồng, tăng 2,8%.",                          # emphasis after the sentence end
])
def test_a_value_s_clause_is_extractors_sentences_clause(sentence):
    """The clause a value's stance and subject are read in is extractors.sentences.clause_bounds's:
    it ends at ". **Trong đó" as at ". Trong đó"."""
    last = indicators_of(sentence, ReportHeader(kind="Báo cáo", year=2024))[-1]
    assert (last.value, last.kind) == (2.8, "actual")
    assert last.subject.startswith("nông, lâm, thủy sản")


@pytest.mark.parametrize("gap, links", [
    (" hồ sơ, đạt ", True),
    (" hồ sơ được cấp mức 2 (chiếm tỷ lệ ", True),
    (" chỉ tiêu (đạt tỉ lệ ", True),                 # the other spelling of the share word
    (" hồ sơ, TỶ LỆ ", True),
    (" hồ sơ; tỷ lệ ", False),                      # a ";" ends the count's phrase
])
def test_share_link(gap, links):
    assert bool(SHARE_LINK.match(gap)) is links


@pytest.mark.parametrize("gap, new", [
    (", tỷ lệ phủ sóng đạt ", True),
    (", tỉ lệ hộ nghèo còn ", True),
    (", tỷ lệ là ", False),                          # "tỷ lệ là": the share of the count itself
    (", đạt ", False),
])
def test_new_measure(gap, new):
    assert bool(NEW_MEASURE.search(gap)) is new
