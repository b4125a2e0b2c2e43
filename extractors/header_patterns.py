"""The patterns of a report's heading block (Nghị định 30/2020 layout): the number line, place and
date, the kind line, appendix captions, the motto, title and subject lines, the body's first words,
the adopting body under a title and the phrases that name the author. extractors.header reads the heading with them.
"""
from __future__ import annotations

import re

from .dates import DAY_WORD, MONTH_WORD, YEAR_PATTERN, YEAR_WORD
from .doctypes import TYPE_WORD_PATTERN
from .lang.reference_pattern import HEADING_REFERENCE_SOURCE

# How far down the top block may reach when no section heading ends it sooner.
TOP_BLOCK_MAX_LINES = 60

NUMBER_LINE = re.compile(
    r"(?:^|(?<=\s))S[ố6] \s* (?: : \s* | (?=[\d./…_]) )" + HEADING_REFERENCE_SOURCE,   # "Số: …", "Số 12/…", OCR "S6:"
    re.VERBOSE,
)
# "Số: 76QĐ-STNMT": OCR lost the "/" between the number and a symbol; taken only when the symbol
# opens with a type code (`code`), so that "Số: 12A" or a number glued to a word stays unread.
NUMBER_GLUED_TO_SYMBOL = re.compile(
    r"""(?:^|(?<=\s))S[ố6] \s* :? \s*
        (?P<number> \d{1,6} )
        (?P<symbol> (?P<code> [A-ZĐ][A-Za-zĐ]{0,5} ) - [\w&.]+ (?: [-/][\w&.]+ )* )""",
    re.VERBOSE,
)
# "Số:" alone at a line's end, the reference on the next line (hard-wrapped crawled text).
NUMBER_LABEL_ALONE = re.compile(r"(?:^|\s)Số\s*:?\s*$")
# A symbol cut by a hard wrap after its hyphen or slash: "Số: 64/2025/NQ-" / "HĐND".
SYMBOL_CUT = re.compile(r"(?:^|\s)Số\s*:?\s*[\d.…_]*\s*/[\w/&.-]*[-/]$")

# ", ngày 22 tháng 12 năm 2022" after the place; every number may be blank or dotted in a draft,
# or a handwritten figure OCR misread ("ngày Ảb"): that slot is unknown, the rest is read (a 1 read as
# "|" or "l" is a 1: "ngày |0" is the 10th, `symbol_repair.figures_as_read`).
# Some offices write the date in figures: ", ngày 04/4/2024".
_SPELLED_DATE = rf"""
    {DAY_WORD} \s* (?P<day> [^\s,]{{1,3}} )?? [\s.…_]* {MONTH_WORD} \s* (?P<month> [^\s,]{{1,3}} )?? [\s.…_]*
    {YEAR_WORD} \s* (?P<year> {YEAR_PATTERN} )
"""
PLACE_DATE = re.compile(
    r""",\s*
        (?P<date> """ + _SPELLED_DATE + rf"""
                | {DAY_WORD} \s* \d{{1,2}}[/.-]\d{{1,2}}[/.-]{YEAR_PATTERN} )
    """,
    re.VERBOSE,
)
# A date line without a place: "ngày 22 tháng 12 năm 2022" standing alone.
BARE_DATE_LINE = re.compile(r"^(?P<date>" + _SPELLED_DATE + r")\s*$", re.VERBOSE)
# A date line cut before its year by a hard wrap: "Đồng Tháp, ngày 10 tháng 7 năm" / "2025",
# "…, ngày 10 tháng 7" / "năm 2025".
DATE_WITHOUT_YEAR = re.compile(rf",\s*{DAY_WORD}\s*\S{{0,3}}(?:\s*{MONTH_WORD}\s*\S{{0,3}}(?:\s*{YEAR_WORD})?)?\s*$")

KIND_LINE = re.compile(rf"^(?P<kind>{TYPE_WORD_PATTERN})(?:\s+(?P<rest>.+))?$", re.IGNORECASE)

# "(Ban hành kèm theo Báo cáo số /BC-UBND ngày tháng năm 2023 của UBND thị xã Đức Phổ)"
ATTACHMENT_CAPTION = re.compile(
    rf"""[Kk]èm \s+ theo \s+
        (?P<kind> {TYPE_WORD_PATTERN} ) \s+ số \s* """
    + HEADING_REFERENCE_SOURCE
    + rf"""
        (?: \s* (?P<date> ngày [\s\d.…_]* tháng [\s\d.…_]* năm \s* {YEAR_PATTERN} ) )?
        (?: \s* ,? \s* của \s+ (?P<issuer> [^()]+? ) )?
        \s* \)""",
    re.VERBOSE | re.IGNORECASE,
)

MOTTO = re.compile(
    r"""cong \s+ hoa \s+ xa \s+ hoi \s+ chu \s+ nghia \s+ viet \s+ nam
      | doc \s+ lap \s* [-–—] \s* tu \s+ do \s* [-–—] \s* hanh \s+ phuc
      | dang \s+ cong \s+ san \s+ viet \s+ nam""",
    re.VERBOSE,
)   # matched on fold(line): the motto's spelling varies ("HÒA"/"HOÀ", "-"/"–")

# A parenthesised subtitle after the title: "(Phục vụ công tác kiểm tra …)", "(Dự thảo)".
TRAILING_SUBTITLE = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*$")
SUBTITLE_OPENING = re.compile(r"^(?:Phục\s+vụ|Dự\s+thảo|Kèm\s+theo|Ban\s+hành\s+kèm|Tài\s+liệu)", re.IGNORECASE)
SUBTITLE_MIN_WORDS = 6

# A numbered item read into a subject's line: "V/v bảo đảm … cho HS, SV 1. Cô Hương gửi …".
GLUED_ITEM = re.compile(r"\s\d{1,2}\.\s+(?=\w)")
# A "V/v" subject sits in the narrow left column: a few lines at most (OCR may hide where it ends).
SUBJECT_MAX_LINES = 5
# "V/v …" (about …) under a Công văn's number; in a flattened heading it follows the number on its line.
SUBJECT_LINE = re.compile(r"(?:^|(?<=\s))(?P<subject>[Vv]/[Vv]|^Về\s+việc)\s*:?\s+\S")   # also "V/v: …", "v/v …"

SEPARATOR = re.compile(r"^[-_–—=*.\s]{3,}$")
ENDS_SENTENCE = re.compile(r"[.!?;:]$")
RULE = re.compile(r"(?:^|\s)[-_–—=*.]{3,}(?=\s|$)")      # "--------" between a flattened heading's parts

# Lines that begin the body: the title has ended before them.
BODY_OPENING = re.compile(
    r"""^(?: (?:Căn\s+cứ|Thực\s+hiện|Theo|Kính\s+gửi|Trên\s+cơ\s+sở|Xét|Để|Nhằm   # the usual openings
              |Thời\s+gian\s+qua|Hiện\s+nay|Sau\s+khi
              |Trong\s+(?:năm|thời\s+gian|tháng|quý|những)|Qua\s+(?:một|gần|hơn|thời|các)) (?!\w)
          | Ngày\s+\d | Năm\s+\d{4}\s*, | Qua\s+\d )        # "Ngày 10/6/2024, …", "Năm 2024, …" """,
    re.VERBOSE)
# Openings that only the body uses; a title may start "Thực hiện …" (a Kế hoạch implementing a Nghị quyết).
BODY_ONLY_OPENING = re.compile(r"^(?:Căn\s+cứ|Kính\s+gửi|Xét)\b")
# A title line cut before its end: it ends with a word that joins it to the next ("… hoạt động của").
JOINING_END = re.compile(r"(?:^|\s)(?:của|và|về|với|đối\s+với|trong|trên|tại|cho|các|năm|giai\s+đoạn|đến|thực\s+hiện)$",
                          re.IGNORECASE)
# The same openings without tone marks (OCR, typing), where they cannot be the words of a title.
FOLDED_BODY_OPENING = re.compile(r"^(?:can\s+cu|thuc\s+hien|kinh\s+gui|tren\s+co\s+so)\b", re.IGNORECASE)


# The body names its author in set phrases: the closing "…, UBND Thị xã Đức Phổ kính báo cáo./."
# and the opening "…, Ủy ban nhân dân thị xã Đức Phổ xây dựng Kế hoạch …".
_ISSUER_PHRASE = (
    r"(?:^|[,.;]\s*)(?P<issuer>(?:UBND|HĐND|Ủy\s+ban|Uỷ\s+ban|Sở|Phòng|Ban|Thị\s+ủy|Huyện\s+ủy|Tỉnh\s+ủy)\b"
    r"[^,.;()]{0,80}?)\s+"
)
CLOSING_ISSUER = re.compile(_ISSUER_PHRASE + r"kính\s+(?:báo\s+cáo|trình|gửi)")
OPENING_ISSUER = re.compile(_ISSUER_PHRASE + rf"(?:xây\s+dựng|ban\s+hành|báo\s+cáo)\s+(?:{TYPE_WORD_PATTERN}|kết\s+quả)")
OPENING_PARAGRAPHS = 3

# The body that adopts a decision or resolution, written under its title in capitals
# ("HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP", "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ …", "BỘ TRƯỞNG BỘ …"):
# the title has ended before it. Not after "CỦA"/"VÀ", where it is part of the title.
AUTHORITY = re.compile(
    r"""(?<!CỦA\s)(?<!VÀ\s)(?<!\S)(?:
        (?:PHÓ\s+)?CHỦ\s+TỊCH\s+(?:ỦY|UỶ)\s+BAN
      | (?:ỦY|UỶ)\s+BAN\s+NHÂN\s+DÂN | HỘI\s+ĐỒNG\s+NHÂN\s+DÂN
      | BỘ\s+TRƯỞNG\s+BỘ | THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ | GIÁM\s+ĐỐC\s+SỞ
      | BAN\s+(?:THƯỜNG\s+VỤ|CHẤP\s+HÀNH) )(?!\w)""",
    re.VERBOSE,
)
# A kind word standing in capitals inside a flattened line ("… năm 2024 QUYẾT ĐỊNH VỀ VIỆC …").
KIND_IN_CAPITALS = re.compile(rf"(?<!\S)(?P<kind>(?i:{TYPE_WORD_PATTERN}))(?!\S)")
