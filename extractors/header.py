"""The report's own heading block and signature (Nghị định 30/2020 layout).

    ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM      issuer | national motto
    THỊ XÃ ĐỨC PHỔ             Độc lập - Tự do - Hạnh phúc
    Số: 3225/KH-UBND           Đức Phổ, ngày 22 tháng 12 năm 2022      number, symbol | place, date
                    KẾ HOẠCH                                           kind
        Triển khai thực hiện … trên địa bàn thị xã                     title (trích yếu)
    …
    Nơi nhận:                  KT. CHỦ TỊCH                            signature block
    - …;                       PHÓ CHỦ TỊCH
                               Võ Thanh Hùng

Loaders flatten the two columns into separate lines, into TAB-separated cells,
or into one line joined by spaces; PDF text loses the issuer box altogether and
may interleave the signature with the distribution list ("Nơi nhận: KT. CHỦ TỊCH").
Drafts leave the number and day blank ("Số: /BC-UBND", "ngày tháng 5 năm 2024").
When the top has no "Số:" line at all, an appendix caption "(Ban hành kèm theo
Báo cáo số /BC-UBND ngày tháng năm 2023 của UBND thị xã Đức Phổ)" names the
report itself and fills the gaps.

Crawled text wraps anywhere ("Số:" / "64/2025/NQ-HĐND", "ỦY BAN NHÂN" / "DÂN**",
"ngày 10 tháng 7" / "năm 2025") or flattens the whole heading onto one line, so the
heading is first read into cells in reading order and mended (_top_cells); each field is
then read from the cells, and a field OCR could not read stays empty without losing the
rest of its line ("ngày |0 tháng 01 năm 2011" still gives the year and month). The
issuer is built from both heading lines by extractors.issuers.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .dates import PartialDate, parse_numeric_date
from .doctypes import TYPE_WORD_PATTERN, type_for_code, type_for_word
from .models import ReportHeader
from .gazetteer import normalize_place
from .issuers import LEVELS, issuer_from_heading, normalize_issuer
from .lang.reference_pattern import HEADING_REFERENCE_SOURCE
from .sections import SectionIndex, is_heading as _is_heading
from .text import STARTS_LOWER_OR_DIGIT, Line, Text, fold, is_upper, plain

# How far down the top block may reach when no section heading ends it sooner.
TOP_BLOCK_MAX_LINES = 60

NUMBER_LINE = re.compile(
    r"(?:^|(?<=\s))S[ố6] \s* (?: : \s* | (?=[\d./…_]) )" + HEADING_REFERENCE_SOURCE,   # "Số: …", "Số 12/…", OCR "S6:"
    re.VERBOSE,
)
# "Số:" alone at a line's end, the reference on the next line (hard-wrapped crawled text).
NUMBER_LABEL_ALONE = re.compile(r"(?:^|\s)Số\s*:?\s*$")
# A symbol cut by a hard wrap after its hyphen or slash: "Số: 64/2025/NQ-" / "HĐND".
SYMBOL_CUT = re.compile(r"(?:^|\s)Số\s*:?\s*[\d.…_]*\s*/[\w/&.-]*[-/]$")

# ", ngày 22 tháng 12 năm 2022" after the place; every number may be blank or dotted in a draft,
# or a handwritten figure OCR misread ("ngày |0", "ngày Ảb"): that slot is unknown, the rest is read.
# Some offices write the date in figures: ", ngày 04/4/2024".
_SPELLED_DATE = r"""
    ngày \s* (?P<day> [^\s,]{1,3} )?? [\s.…_]* tháng \s* (?P<month> [^\s,]{1,3} )?? [\s.…_]* năm \s* (?P<year> (?:19|20)\d{2} )
"""
PLACE_DATE = re.compile(
    r""",\s*
        (?P<date> """ + _SPELLED_DATE + r"""
                | ngày \s* \d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2} )
    """,
    re.VERBOSE,
)
# A date line without a place: "ngày 22 tháng 12 năm 2022" standing alone.
BARE_DATE_LINE = re.compile(r"^(?P<date>" + _SPELLED_DATE + r")\s*$", re.VERBOSE)
# A date line cut before its year by a hard wrap: "Đồng Tháp, ngày 10 tháng 7 năm" / "2025",
# "…, ngày 10 tháng 7" / "năm 2025".
DATE_WITHOUT_YEAR = re.compile(r",\s*ngày\s*\S{0,3}(?:\s*tháng\s*\S{0,3}(?:\s*năm)?)?\s*$")

KIND_LINE = re.compile(rf"^(?P<kind>{TYPE_WORD_PATTERN})(?:\s+(?P<rest>.+))?$", re.IGNORECASE)

# "(Ban hành kèm theo Báo cáo số /BC-UBND ngày tháng năm 2023 của UBND thị xã Đức Phổ)"
ATTACHMENT_CAPTION = re.compile(
    rf"""[Kk]èm \s+ theo \s+
        (?P<kind> {TYPE_WORD_PATTERN} ) \s+ số \s* """
    + HEADING_REFERENCE_SOURCE
    + r"""
        (?: \s* (?P<date> ngày [\s\d.…_]* tháng [\s\d.…_]* năm \s* (?:19|20)\d{2} ) )?
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
_GLUED_ITEM = re.compile(r"\s\d{1,2}\.\s+(?=\w)")
# A "V/v" subject sits in the narrow left column: a few lines at most (OCR may hide where it ends).
SUBJECT_MAX_LINES = 5
# "V/v …" (about …) under a Công văn's number; in a flattened heading it follows the number on its line.
SUBJECT_LINE = re.compile(r"(?:^|(?<=\s))(?P<subject>[Vv]/[Vv]|^Về\s+việc)\s*:?\s+\S")   # also "V/v: …", "v/v …"

_SEPARATOR = re.compile(r"^[-_–—=*.\s]{3,}$")
_ENDS_SENTENCE = re.compile(r"[.!?;:]$")
_RULE = re.compile(r"(?:^|\s)[-_–—=*.]{3,}(?=\s|$)")      # "--------" between a flattened heading's parts

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
_JOINING_END = re.compile(r"(?:^|\s)(?:của|và|về|với|đối\s+với|trong|trên|tại|cho|các|năm|giai\s+đoạn|đến|thực\s+hiện)$",
                          re.IGNORECASE)
# The same openings without tone marks (OCR, typing), where they cannot be the words of a title.
_FOLDED_BODY_OPENING = re.compile(r"^(?:can\s+cu|thuc\s+hien|kinh\s+gui|tren\s+co\s+so)\b", re.IGNORECASE)


# The body names its author in set phrases: the closing "…, UBND Thị xã Đức Phổ kính báo cáo./."
# and the opening "…, Ủy ban nhân dân thị xã Đức Phổ xây dựng Kế hoạch …".
_ISSUER_PHRASE = (
    r"(?:^|[,.;]\s*)(?P<issuer>(?:UBND|HĐND|Ủy\s+ban|Uỷ\s+ban|Sở|Phòng|Ban|Thị\s+ủy|Huyện\s+ủy|Tỉnh\s+ủy)\b"
    r"[^,.;()]{0,80}?)\s+"
)
CLOSING_ISSUER = re.compile(_ISSUER_PHRASE + r"kính\s+(?:báo\s+cáo|trình|gửi)")
OPENING_ISSUER = re.compile(_ISSUER_PHRASE + rf"(?:xây\s+dựng|ban\s+hành|báo\s+cáo)\s+(?:{TYPE_WORD_PATTERN}|kết\s+quả)")
OPENING_PARAGRAPHS = 3

# Signature block.
# "TM." (on behalf of a body), "KT." (for the head), "Q." (acting), "TL."/"TUQ." (by delegation);
# Party documents write "T/M".
SIGNING_PREFIX = re.compile(r"^(?:(?:TM|KT|TL|TUQ|PP|Q)\.|T/M|K/T|T\.M\.|K\.T\.)\s*\S")
SIGNING_ROLES = {
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "BÍ THƯ", "PHÓ BÍ THƯ", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
    "THỦ TRƯỞNG", "TỔNG GIÁM ĐỐC", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG",
    "CỤC TRƯỞNG", "VỤ TRƯỞNG", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "CHÁNH ÁN", "TRƯỞNG ĐOÀN", "NGƯỜI LẬP",
}
# Words that make an upper-case line a title rather than a name written in capitals.
_ROLE_WORDS = {"CHỦ", "TỊCH", "GIÁM", "ĐỐC", "TRƯỞNG", "PHÓ", "BÍ", "ỦY", "UỶ", "BAN", "SỞ", "PHÒNG",
               "CHÁNH", "THỦ", "TƯỚNG", "BỘ", "CỤC", "VỤ", "VIỆN", "HỘI", "ĐỒNG", "NHÂN", "DÂN", "THƯỜNG", "TRỰC"}
_RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.IGNORECASE)
# Cheap tests on a line before plain() (which drops only spaces and * _ marks) is worth it:
# a line that can become "Nơi nhận…", a paragraph that can hold "kèm theo …".
_MAY_OPEN_RECIPIENTS = re.compile(r"[\s*_]*n", re.IGNORECASE)
_MAY_HOLD_ATTACHMENT = re.compile(r"kèm", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[-–+•]\s|^Lưu\b")
_SIGNED_MARK = re.compile(r"^\(?(?:đã\s+ký|ký,?\s+ghi\s+rõ|ký\s+tên|chữ\s+ký)", re.IGNORECASE)
SIGNATURE_SEARCH_LINES = 40


# A row of a markdown table, as crawled pages render the heading's two columns: "| ỦY BAN … | CỘNG HÒA … |".
_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _cells(line: Line) -> list[str]:
    """A line's cells: TAB-separated columns (or a markdown table's), each without markup
    (a plain line is one cell)."""
    columns = line.text.strip().strip("|").split("|") if _MARKDOWN_ROW.match(line.text) else line.text.split("\t")
    return [c for c in (plain(cell) for cell in columns) if c]


# --- the top block -------------------------------------------------------------------------

def _top_lines(text: Text, sections: SectionIndex) -> list[Line]:
    first_heading = min((h.line for h in sections.headings), default=len(text.lines) + 1)
    end = min(first_heading, TOP_BLOCK_MAX_LINES + 1)
    return [line for line in text.lines[: end - 1] if not line.is_blank]


def _slot(written: str | None, low: int, high: int) -> int | None:
    """A day or month as written, None when blank or unreadable ("|0", "Ảb")."""
    digits = (written or "").strip(".…_")
    return int(digits) if digits.isdigit() and low <= int(digits) <= high else None


def _parse_date(m: re.Match) -> PartialDate | None:
    """"ngày 04/4/2024" or "ngày 22 tháng 12 năm 2022"; blank or unreadable slots stay unknown."""
    if m["year"] is None:
        return parse_numeric_date(m["date"])
    month = _slot(m["month"], 1, 12)
    return PartialDate(int(m["year"]), month, _slot(m["day"], 1, 31) if month else None)


def _caption_date(date_text: str) -> PartialDate | None:
    """The date of an appendix caption, written in any case ("NGÀY 12 THÁNG 11 NĂM 2023")."""
    m = BARE_DATE_LINE.match(" ".join(date_text.lower().split()))
    return _parse_date(m) if m else None


def _apply_reference(header: ReportHeader, m: re.Match) -> None:
    header.number = m["number"]
    header.year_in_number = int(m["year"]) if m["year"] else None
    header.symbol = m["symbol"].rstrip(".")


CITY_ABBREVIATION = re.compile(r"^(?:TP|Tp|T\.P)\.?$")


def _place_before(text: str) -> str | None:
    """The place written right before ", ngày …": capitalised words read backwards ("Đức Phồ")."""
    words = []
    for word in reversed(text.split()):
        if CITY_ABBREVIATION.match(word) and words:
            words.append(word)           # "TP. Hồ Chí Minh", whole
            break
        if not word.isalpha() or (is_upper(word) and len(word) > 1) or len(words) == 5:
            break
        words.append(word)
    while words and not words[-1][0].isupper():
        words.pop()          # a place starts with a capital: "Thành phố Hồ Chí Minh"
    return " ".join(reversed(words)) or None


def _apply_date(header: ReportHeader, date: PartialDate | None) -> None:
    if date:
        header.year, header.month, header.date = date.year, date.month, date.iso


@dataclass
class _Cell:
    """One column of a heading line, emphasis and the national motto removed."""
    line: int
    text: str
    beside_motto: bool = False       # the motto was cut out of this cell (a loader glued the columns)


def _top_cells(top: list[Line]) -> list[_Cell]:
    """The heading's cells in reading order, mended where hard wraps and loaders broke them:
    the motto removed even when wrapped ("… CHỦ NGHĨA VIỆT" / "NAM"), "Số:" joined to the reference
    on the next line, a date joined to its year on the next line."""
    cells = [_Cell(line.number, cell) for line in top for cell in _cells(line)]
    joined = "\n".join(c.text for c in cells)
    folded = fold(joined)
    for m in reversed(list(MOTTO.finditer(folded))):     # fold() keeps offsets for NFC text
        joined = joined[: m.start()] + re.sub(r"[^\n]", " ", joined[m.start(): m.end()]) + joined[m.end():]
    for cell, text in zip(cells, joined.split("\n")):
        cell.beside_motto = text != cell.text
        cell.text = " ".join(text.split())
    cells = [c for c in cells if c.text]
    mended: list[_Cell] = []
    for cell in cells:
        previous = mended[-1] if mended else None
        if previous and SYMBOL_CUT.search(previous.text) and cell.line == previous.line + 1:
            previous.text = previous.text + cell.text.split()[0]
            rest = cell.text.split(maxsplit=1)[1:]
            if rest:
                mended.append(_Cell(cell.line, rest[0]))
        elif previous and (NUMBER_LABEL_ALONE.search(previous.text) or DATE_WITHOUT_YEAR.search(previous.text)):
            previous.text = f"{previous.text} {cell.text}"
        else:
            mended.append(cell)
    return mended


def _read_number_and_date(header: ReportHeader, cells: list[_Cell]) -> None:
    for cell in cells:
        if header.symbol is None and (m := NUMBER_LINE.search(cell.text)):
            _apply_reference(header, m)
        if header.year is None:
            if m := PLACE_DATE.search(cell.text):
                place = _place_before(cell.text[: m.start()])
                header.place_as_written = place
                header.place = normalize_place(place)
                _apply_date(header, _parse_date(m))
            elif m := BARE_DATE_LINE.match(cell.text):
                _apply_date(header, _parse_date(m))


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


def _find_kind(cells: list[_Cell]) -> tuple[int, str, str | None] | None:
    """(line number, kind word as written, rest of the cell) of the upper-case kind line; in a
    heading flattened onto one line, the first kind word in capitals after the number or date."""
    for cell in cells:
        m = KIND_LINE.match(cell.text)
        if m and is_upper(m["kind"]) and (m["rest"] is None or len(m["rest"].split()) >= 2) and (
                is_upper(cell.text) or SUBJECT_LINE.match(m["rest"]) or m["rest"].startswith(("Về ", "về "))):
            return cell.line, m["kind"], m["rest"]       # "NGHỊ QUYẾT Về việc …" on one line
    for cell in cells:
        anchor = max((m.end() for pattern in (NUMBER_LINE, PLACE_DATE) if (m := pattern.search(cell.text))),
                     default=None)
        if anchor is None:
            continue
        for m in KIND_IN_CAPITALS.finditer(cell.text, anchor):
            if is_upper(m["kind"]):
                rest = cell.text[m.end():].strip()
                return cell.line, m["kind"], rest or None
    return None


# A kind word standing in capitals inside a flattened line ("… năm 2024 QUYẾT ĐỊNH VỀ VIỆC …").
KIND_IN_CAPITALS = re.compile(rf"(?<!\S)(?P<kind>(?i:{TYPE_WORD_PATTERN}))(?!\S)")


def _title_stops(line_text: str) -> bool:
    """Whether a line after the title's start begins the next block."""
    return bool(line_text.startswith("(") or _SEPARATOR.match(line_text)
                or AUTHORITY.match(line_text) or _is_heading(line_text)
                or NUMBER_LINE.search(line_text) or PLACE_DATE.search(line_text)
                or MOTTO.search(fold(line_text)))


def _wrapped(text: Text, line_text: str) -> bool:
    """A line of a hard-wrapped text that reaches the wrap width: it goes on in the next line."""
    width = text.wrap_width
    return width is not None and len(line_text) >= 0.75 * width


def _read_title(text: Text, kind_line: int, rest: str | None) -> str | None:
    """The lines under the kind word (or the rest of its line) up to the next block: the body's
    first words, the adopting body in capitals, a "(Phục vụ …)" subtitle, a heading or a rule."""
    parts: list[str] = []
    if rest:
        cut = AUTHORITY.search(rest)
        if cut:
            return rest[: cut.start()].strip() or None
        parts.append(rest)
    upper = None
    blank_before = False
    for line in text.lines[kind_line:]:
        if line.is_blank:
            blank_before = True
            continue
        if line.is_table_row:
            break
        current = plain(line.text)
        if not parts and (_SEPARATOR.match(current) or current.startswith("(")):
            continue          # a rule line or "(Dự thảo)" between the kind and its title
        if _title_stops(current) or (parts and SUBJECT_LINE.match(current)):
            break
        if parts:
            lower_start = bool(STARTS_LOWER_OR_DIGIT.match(current))
            if upper is not None and upper != is_upper(current) and not lower_start:
                break         # capitals give way to running text, or the reverse
            if blank_before and not (lower_start or upper or _JOINING_END.search(parts[-1])
                                     or _wrapped(text, parts[-1])):
                break         # a new paragraph, not a title wrapped over blank-separated lines
            if _ENDS_SENTENCE.search(parts[-1]) and not lower_start:
                break
            if BODY_OPENING.match(current) or _FOLDED_BODY_OPENING.match(fold(current)):
                break
            if not lower_start and current.endswith("."):
                break         # a sentence of the body: a title has no full stop
        elif BODY_ONLY_OPENING.match(current):
            return None
        parts.append(current)
        upper = is_upper(current) if upper is None else upper
        blank_before = False
    if not parts or (BODY_OPENING.match(parts[0]) and _ENDS_SENTENCE.search(parts[-1])):
        return None           # "Thực hiện Kế hoạch …, UBND xã báo cáo như sau:" is the body
    title = re.sub(r"\s*[-_–—]{3,}$", "", " ".join(parts))
    return _without_subtitle(title) or None


def _without_subtitle(title: str) -> str:
    """Drop a trailing "(Phục vụ …)" subtitle glued to the title; keep a short "(Khóa XI)"."""
    m = TRAILING_SUBTITLE.search(title)
    if m and (len(m["inner"].split()) >= SUBTITLE_MIN_WORDS or SUBTITLE_OPENING.match(m["inner"])):
        return title[: m.start()]
    return title


def _read_subject_line(cells: list[_Cell]) -> str | None:
    """A Công văn has no kind word; its subject is the "V/v …" line under the number, with the
    lines it wraps onto ("V/v triển khai Quyết định số 12/QĐ-UBND" / "ngày 28/12/2022 của UBND tỉnh")."""
    for i, cell in enumerate(cells):
        if m := SUBJECT_LINE.search(cell.text):
            subject = cell.text[m.start("subject"):]
            if date := PLACE_DATE.search(subject):     # the right column's date line glued to it (PDF)
                before = subject[: date.start()].rstrip()
                subject = before[: len(before) - len(_place_before(before) or "")].strip()
            item = next((m for m in _GLUED_ITEM.finditer(subject) if subject[m.end()].isupper()), None)
            if item:                                    # a note typed over the scan, read into the line
                return subject[: item.start()]
            return " ".join([subject, *_subject_continuation(cells, i)])
    return None


def _subject_continuation(cells: list[_Cell], subject: int) -> list[str]:
    """The first cells of the lines right below a "V/v" line, up to a blank line, the motto, the
    number or date line, an upper-case line or the body."""
    parts: list[str] = []
    line = cells[subject].line
    for i in range(subject + 1, len(cells)):
        if len(parts) == SUBJECT_MAX_LINES - 1:
            break
        cell = cells[i]
        if cell.line == cells[i - 1].line:
            continue          # a second column: the date or the motto beside the subject
        text = cell.text
        if date := PLACE_DATE.search(text):               # "… năm 2024 Sơn Tây, ngày 20 tháng 3 năm 2024"
            before = text[: date.start()].rstrip()
            text = before[: len(before) - len(_place_before(before) or "")].strip()
            if text and cell.line == line + 1 and not is_upper(text):
                parts.append(text)
            break
        if (cell.line != line + 1 or cell.beside_motto or is_upper(cell.text) or _SEPARATOR.match(cell.text)
                or _LIST_ITEM.match(cell.text)
                or NUMBER_LINE.search(cell.text)
                or BODY_OPENING.match(cell.text) or SUBJECT_LINE.search(cell.text)):
            break
        parts.append(cell.text)
        line = cell.line
    return parts


def _read_issuer(cells: list[_Cell], kind_line: int | None) -> str | None:
    """The issuing body: upper-case cells above (or beside) the number line, motto removed."""
    parts = []
    for cell in cells:
        if kind_line is not None and cell.line > kind_line:
            break
        text, at_number_line = _RULE.sub(" ", cell.text).strip(), False
        if m := NUMBER_LINE.search(text):
            text, at_number_line = text[: m.start()].strip(), True
        if m := PLACE_DATE.search(text):
            before = text[: m.start()].rstrip()
            text = before[: len(before) - len(_place_before(before) or "")].strip()
        if text and not _SEPARATOR.match(text):
            if not is_upper(text) or KIND_LINE.match(text):
                break                             # the body (or the title) has begun
            parts.append(text)
        if at_number_line:
            break
    return issuer_from_heading(parts)


# --- the signature block --------------------------------------------------------------------

def _is_signing_title(cell: str) -> bool:
    cell = _RECIPIENTS.sub("", cell)
    if not cell or not is_upper(cell) or any(c.isdigit() for c in cell):
        return False
    return bool(SIGNING_PREFIX.match(cell)) or cell.rstrip(".") in SIGNING_ROLES


# A rank or degree written before the signer's name: "Thiếu tướng Trương Minh Đương", "TS. Lê Văn A".
RANK = re.compile(
    r"""^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)
         | (?:PGS|GS)\.?\s*(?:TS|TSKH)\. | TSKH\. | TS\. | ThS\. | BS\.(?:\s*CKII?\.)? | KS\. | CN\. | Ths\.
         | Tiến\s+sĩ | Thạc\s+sĩ | Bác\s+sĩ | Kỹ\s+sư | Luật\s+sư )\s*""",
    re.VERBOSE | re.IGNORECASE,
)
_SIGNING_PREFIX_WORD = re.compile(r"^(?:(?:TM|KT|TL|TUQ|PP|Q)\.|T/M|K/T|T\.M\.|K\.T\.)$")
# Signing roles by their first word, longest first: "PHÓ" -> [("PHÓ", "CHÁNH", "VĂN", "PHÒNG"), …].
_ROLES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _role in sorted((tuple(role.split()) for role in SIGNING_ROLES), key=len, reverse=True):
    _ROLES_BY_FIRST_WORD.setdefault(_role[0], []).append(_role)
# Whether a cell may hold a signing block at all: a prefix or a role's first word standing as a word.
# (_signature_cells only splits at a word that is one of these, so a cell without one stays whole.)
_MAY_HOLD_SIGNING = re.compile(
    r"(?<!\S)(?:(?:TM|KT|TL|TUQ|PP|Q)\.|T/M|K/T|T\.M\.|K\.T\.|"
    + "|".join(sorted(_ROLES_BY_FIRST_WORD, key=len, reverse=True)) + r")(?!\S)")


def _role_at(words: list[str], i: int) -> int:
    """The number of words of the signing role that starts at words[i] ("PHÓ GIÁM ĐỐC": 3), else 0."""
    return next((len(role) for role in _ROLES_BY_FIRST_WORD.get(words[i], ())
                 if tuple(words[i: i + len(role)]) == role), 0)


def _title_parts(block: str) -> list[str]:
    """A signing block flattened onto one line, in its lines: "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" ->
    ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]; "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" -> ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]."""
    words = block.split()
    parts: list[list[str]] = []
    i = 0
    while i < len(words):
        if _SIGNING_PREFIX_WORD.match(words[i]):
            part = [words[i]]
            i += 1
            n = _role_at(words, i)
            if n:
                part += words[i: i + n]
                i += n
            else:
                while i < len(words) and not _role_at(words, i) and not _SIGNING_PREFIX_WORD.match(words[i]):
                    part.append(words[i])
                    i += 1
            parts.append(part)
        elif n := _role_at(words, i):
            parts.append(words[i: i + n])
            i += n
        elif parts:
            parts[-1].append(words[i])     # "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
            i += 1
        else:
            return [block]
    return [" ".join(p) for p in parts]


def _signature_cells(cell: str) -> list[str]:
    """A cell as the signature reader takes it: a signing block glued to the end of a recipients
    line ("- UBND tỉnh (b/c); PHÓ GIÁM ĐỐC", "- Lưu: VT. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Võ Văn Hoan") is
    cut off it, and a flattened block split into its titles and the name."""
    cell = _RECIPIENTS.sub("", cell)
    if not _MAY_HOLD_SIGNING.search(cell):
        return [cell]
    words = cell.split()
    for i in range(len(words)):
        if not (_SIGNING_PREFIX_WORD.match(words[i]) or _role_at(words, i)):
            continue
        if i and not _LIST_ITEM.match(cell) and not words[i - 1].endswith((".", ";", ":")):
            continue          # a role inside running text
        upper_end = i
        while upper_end < len(words) and (is_upper(words[upper_end]) or _SIGNING_PREFIX_WORD.match(words[upper_end])):
            upper_end += 1
        name = " ".join(words[upper_end:])
        if name and not _as_name(RANK.sub("", name)):
            continue
        return ([" ".join(words[:i])] if i else []) + _title_parts(" ".join(words[i:upper_end])) + (
            [name] if name else [])
    return [cell]


def _as_name(cell: str) -> str | None:
    """A person's name: 2-6 capitalised words ("Võ Thanh Hùng"), also written in capitals,
    after a rank or degree ("Đại tá Lê Văn Hùng", "TS. Đinh Văn Minh")."""
    cell = RANK.sub("", cell)
    words = cell.split()
    if not 2 <= len(words) <= 6 or not all(w.isalpha() for w in words) or _is_heading(cell):
        return None
    if is_upper(cell):
        return None if _ROLE_WORDS & set(words) else cell.title()
    if all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return cell
    return None


# How far below "Nơi nhận:" a name may stand when the signing title was lost (under a stamp on a scan).
NAME_AFTER_RECIPIENTS_LINES = 12


def _name_after_recipients(lines: list[Line], recipients: int | None) -> str | None:
    """The signer's name under the recipients' list when no signing title was read: the first line
    after the list's items that is a name written in running case (capitals could be a heading)."""
    if recipients is None:
        return None
    for line in lines[recipients + 1: recipients + 1 + NAME_AFTER_RECIPIENTS_LINES]:
        cells = _cells(line)
        if not cells or _LIST_ITEM.match(cells[0]) or not cells[0][:1].isalpha():
            continue          # a blank line, an item, or OCR debris before one ("_~UBND …")
        name = _as_name(cells[0])
        return name if name and not is_upper(cells[0]) else None
    return None


def _read_signature(text: Text, after_line: int) -> tuple[str | None, str | None]:
    lines = text.lines[after_line:]
    recipients = next((i for i, l in enumerate(lines)
                       if _MAY_OPEN_RECIPIENTS.match(l.text) and _RECIPIENTS.match(plain(l.text))), None)
    start = max(0, recipients - 12) if recipients is not None else 0
    anchor = next((i for i in range(start, len(lines))
                   if any(_is_signing_title(c) for cell in _cells(lines[i]) for c in _signature_cells(cell))), None)
    if anchor is None:
        return None, _name_after_recipients(lines, recipients)
    titles: list[str] = []
    for line in lines[anchor: anchor + SIGNATURE_SEARCH_LINES]:
        for cell in (c for cell in _cells(line) for c in _signature_cells(cell)):
            if not cell or _LIST_ITEM.match(cell) or _SIGNED_MARK.match(cell):
                continue
            if _is_signing_title(cell) or (titles and is_upper(cell) and _ROLE_WORDS & set(cell.split())):
                titles.extend(part for part in re.split(r"\s+/\s+", cell) if part)
                continue
            if not titles:
                continue      # the recipients' list before a block that follows it on the same line
            return " / ".join(titles), _as_name(cell)
    return " / ".join(titles) or None, None


# --- entry point ----------------------------------------------------------------------------

def _apply_caption(header: ReportHeader, text: Text) -> None:
    """Fill what the top lacks from an appendix caption that names the report itself."""
    for paragraph in text.paragraphs():
        # (a "*" is the one mark plain() may drop from inside a word: "k**èm")
        if not _MAY_HOLD_ATTACHMENT.search(paragraph.text.replace("*", "")):
            continue
        m = ATTACHMENT_CAPTION.search(plain(paragraph.text))
        if not m:
            continue
        caption_type = type_for_word(m["kind"])
        if header.kind == APPENDIX and caption_type and caption_type.name != APPENDIX:
            # a stand-alone appendix: its date and issuer are those of the document it belongs to
            if header.year is None and m["date"]:
                _apply_date(header, _caption_date(m["date"]))
            header.issuer = header.issuer or normalize_issuer(m["issuer"])
            return
        if header.kind and caption_type and caption_type.name != header.kind:
            continue          # an appendix of another document
        if header.kind is None and caption_type:
            header.kind, header.type_code = caption_type.name, caption_type.code
        if header.symbol is None:
            _apply_reference(header, m)
        if header.year is None and m["date"]:
            _apply_date(header, _caption_date(m["date"]))
        if header.issuer is None and m["issuer"]:
            header.issuer = normalize_issuer(m["issuer"])
        return


def _issuer_in_body(text: Text, kind_line: int) -> str | None:
    """The author named by the closing or opening phrase, when it names a place ("UBND thị xã" does not)."""
    paragraphs = [p for p in text.paragraphs() if p.first_line.number > kind_line]
    candidates = itertools.chain(   # read lazily: the first that names a place is the answer
        (m for p in reversed(paragraphs) for m in CLOSING_ISSUER.finditer(p.text)),
        (m for p in paragraphs[:OPENING_PARAGRAPHS] for m in OPENING_ISSUER.finditer(p.text)))
    for m in candidates:
        issuer = normalize_issuer(m["issuer"])
        if not any(fold(issuer).endswith(" " + fold(level)) for level in LEVELS):
            return issuer
    return None


def _symbol_code(symbol: str | None) -> str | None:
    """"BC-UBND" -> "BC" (state); "NQ/TW" -> "NQ" (Party)."""
    if not symbol:
        return None
    return re.split(r"[-/]", symbol, maxsplit=1)[0]


APPENDIX = "Phụ lục"
# A document that is an appendix of its own, its first line "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC 02".
APPENDIX_FIRST_LINE = re.compile(r"^(?P<kind>(?i:phụ\s+lục))(?:\s+(?:[IVXLC]+|\d{1,2}[a-z]?|số\s+\d+))?\s*[.:]?$")


def _standalone_appendix(text: Text) -> tuple[int, str, None] | None:
    first = next((line for line in text.lines if not line.is_blank), None)
    if first and (m := APPENDIX_FIRST_LINE.match(plain(first.text))):
        return first.number, m["kind"], None
    return None


def extract_header(text: Text, sections: SectionIndex | None = None) -> ReportHeader:
    sections = sections or SectionIndex(text)
    cells = _top_cells(_top_lines(text, sections))
    header = ReportHeader()
    _read_number_and_date(header, cells)

    kind = _find_kind(cells) or _standalone_appendix(text)
    if kind:
        kind_line, word, rest = kind
        doc_type = type_for_word(word)
        header.kind, header.type_code = doc_type.name, doc_type.code
        header.title = _read_title(text, kind_line, rest)
    header.issuer = _read_issuer(cells, kind[0] if kind else None)

    _apply_caption(header, text)
    if header.kind is None and header.symbol:
        # No kind word: the symbol's code names the kind; a symbol without one is a Công văn.
        system = "party" if "/" in header.symbol else "state"
        doc_type = type_for_code(_symbol_code(header.symbol), system) or type_for_word("Công văn")
        header.kind, header.type_code = doc_type.name, doc_type.code
    if header.title is None and not kind:
        header.title = _read_subject_line(cells)
    if header.issuer is None:
        header.issuer = _issuer_in_body(text, kind[0] if kind else 0)

    header.signer_title, header.signer = _read_signature(text, kind[0] if kind else 0)
    return header
