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
"""
from __future__ import annotations

import itertools
import re

from .dates import PartialDate, parse_numeric_date, parse_spelled_date
from .doctypes import TYPE_WORD_PATTERN, type_for_code, type_for_word
from .models import ReportHeader
from .gazetteer import correct_places, normalize_place
from .sections import SectionIndex, is_heading as _is_heading
from .text import Line, Paragraph, Text, fold, is_upper, plain

# How far down the top block may reach when no section heading ends it sooner.
TOP_BLOCK_MAX_LINES = 60

# A document reference as the header writes it; shared by the "Số:" line and the caption.
_REFERENCE = r"""
    (?P<number> \d+ [a-zA-Z]? )?                 # 3225, 06; blank in a draft
    [\s.…_]*                                     # the blank itself: "Số:    /BC-UBND", "Số: …/BC-UBND"
    (?: (?<=\d)\s?[-–]\s? | / \s* )              # "/" before a state symbol, "-" before a Party one (36-NQ/TW, "12 - BC/TU")
    (?: (?P<year> (?:19|20)\d{2} ) / )?          # 42/2022/NĐ-CP
    (?P<symbol> [A-ZĐ] [\w&.]* (?: [-/] [\w&.]+ )* )   # BC-UBND, NQ/TW, STTTT-BCVT&CNTT
"""

NUMBER_LINE = re.compile(
    r"(?:^|(?<=\s))Số \s* (?: : \s* | (?=[\d./…_]) )" + _REFERENCE,   # "Số: …", "Số 12/…"
    re.VERBOSE,
)

# ", ngày 22 tháng 12 năm 2022" after the place; every number may be blank or dotted in a draft.
# Some offices write the date in figures: ", ngày 04/4/2024".
PLACE_DATE = re.compile(
    r""",\s*
        (?P<date> ngày [\s\d.…_]* tháng [\s\d.…_]* năm \s* (?:19|20)\d{2}
                | ngày \s* \d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2} )
    """,
    re.VERBOSE,
)
# A date line without a place: "ngày 22 tháng 12 năm 2022" standing alone.
BARE_DATE_LINE = re.compile(r"^(?P<date>ngày [\s\d.…_]* tháng [\s\d.…_]* năm \s* (?:19|20)\d{2})\s*$", re.VERBOSE)

KIND_LINE = re.compile(rf"^(?P<kind>{TYPE_WORD_PATTERN})(?:\s+(?P<rest>.+))?$", re.IGNORECASE)

# "(Ban hành kèm theo Báo cáo số /BC-UBND ngày tháng năm 2023 của UBND thị xã Đức Phổ)"
ATTACHMENT_CAPTION = re.compile(
    rf"""[Kk]èm \s+ theo \s+
        (?P<kind> {TYPE_WORD_PATTERN} ) \s+ số \s* """
    + _REFERENCE
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

SUBJECT_LINE = re.compile(r"^(?:V/v|V/V|Về\s+việc)\s+\S")

_SEPARATOR = re.compile(r"^[-_–—=*.\s]{3,}$")

# Lines that begin the body: the title has ended before them.
BODY_OPENING = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Theo|Kính\s+gửi|Trên\s+cơ\s+sở|Xét|Để|Nhằm)\b")

# Issuer: "ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỔ" -> "UBND thị xã Đức Phổ" (matched on the folded form).
_BODY_ABBREVIATIONS = [("uy ban nhan dan", "UBND"), ("ubnd", "UBND"), ("hoi dong nhan dan", "HĐND"), ("hdnd", "HĐND"),
                       ("thi uy", "Thị ủy"), ("tinh uy", "Tỉnh ủy"), ("huyen uy", "Huyện ủy")]
_ADMINISTRATIVE_LEVELS = ["thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "phường", "xã"]

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


def _cells(line: Line) -> list[str]:
    """A line's cells: TAB-separated columns, each without markup (a plain line is one cell)."""
    return [c for c in (plain(cell) for cell in line.text.split("\t")) if c]


def _without_motto(cell: str) -> str:
    """Drop the national motto from a cell where a loader glued it to the issuer or the number."""
    folded = fold(cell)
    for m in reversed(list(MOTTO.finditer(folded))):
        cell = cell[: m.start()] + " " + cell[m.end():]   # fold() keeps offsets for NFC text
    return " ".join(cell.split())


# --- the top block -------------------------------------------------------------------------

def _top_lines(text: Text, sections: SectionIndex) -> list[Line]:
    first_heading = min((h.line for h in sections.headings), default=len(text.lines) + 1)
    end = min(first_heading, TOP_BLOCK_MAX_LINES + 1)
    return [line for line in text.lines[: end - 1] if not line.is_blank]


def _parse_date(date_text: str) -> PartialDate | None:
    """"ngày 04/4/2024" or "ngày 22 tháng 12 năm 2022" (dots and dashes of a blank form are gaps)."""
    return parse_numeric_date(date_text) or parse_spelled_date(re.sub(r"[.…_]+", " ", date_text))


def _apply_reference(header: ReportHeader, m: re.Match) -> None:
    header.number = m["number"]
    header.symbol = m["symbol"].rstrip(".")


def _place_before(text: str) -> str | None:
    """The place written right before ", ngày …": capitalised words read backwards ("Đức Phồ")."""
    words = []
    for word in reversed(text.split()):
        if not word.isalpha() or (is_upper(word) and len(word) > 1) or len(words) == 5:
            break
        words.append(word)
    while words and not words[-1][0].isupper():
        words.pop()          # a place starts with a capital: "Thành phố Hồ Chí Minh"
    return " ".join(reversed(words)) or None


def _apply_date(header: ReportHeader, date: PartialDate | None) -> None:
    if date:
        header.year, header.month, header.date = date.year, date.month, date.iso


def _read_number_and_date(header: ReportHeader, top: list[Line]) -> None:
    for line in top:
        for cell in _cells(line):
            cell = _without_motto(cell)
            if header.symbol is None and (m := NUMBER_LINE.search(cell)):
                _apply_reference(header, m)
            if header.year is None:
                if m := PLACE_DATE.search(cell):
                    place = _place_before(cell[: m.start()])
                    header.place_as_written = place
                    header.place = normalize_place(place)
                    _apply_date(header, _parse_date(m["date"]))
                elif m := BARE_DATE_LINE.match(cell):
                    _apply_date(header, _parse_date(m["date"]))


def _find_kind(top: list[Line]) -> tuple[int, str, str | None] | None:
    """(line number, kind word as written, rest of the line) of the upper-case kind line."""
    for line in top:
        for cell in _cells(line):
            m = KIND_LINE.match(cell)
            if m and is_upper(cell) and (m["rest"] is None or len(m["rest"].split()) >= 2):
                return line.number, m["kind"], m["rest"]
    return None


def _read_title(text: Text, kind_line: int, rest: str | None) -> str | None:
    """The paragraph under the kind word, up to a "(Phục vụ …)" subtitle or the body's first words."""
    if rest:
        return rest
    candidates: list[tuple[Paragraph, int]] = []     # (paragraph, offset where the title may start)
    for paragraph in text.paragraphs():
        last = paragraph.lines[-1].number
        if paragraph.first_line.number <= kind_line < last:
            # "KẾ HOẠCH" glued to a title that starts in lower case ("thực hiện Nghị quyết …")
            i = next(i for i, line in enumerate(paragraph.lines) if line.number > kind_line)
            candidates.append((paragraph, paragraph.starts[i]))
        elif paragraph.first_line.number > kind_line:
            candidates.append((paragraph, 0))
        if len(candidates) == 3:
            break
    for paragraph, offset in candidates:
        first = plain(paragraph.text[offset:])
        if _SEPARATOR.match(first) or first.startswith("("):
            continue          # a rule line or "(Dự thảo)" between the kind and its title
        if BODY_OPENING.match(first) or paragraph.first_line.is_table_row or _is_heading(first):
            return None
        end = len(paragraph.text)
        for line, start in zip(paragraph.lines, paragraph.starts):
            if start > offset and (line.text.startswith("(") or BODY_OPENING.match(line.text)):
                end = start
                break
        title = re.sub(r"\s*[-_–—]{3,}$", "", plain(paragraph.text[offset:end]))
        return _without_subtitle(title) or None
    return None


def _without_subtitle(title: str) -> str:
    """Drop a trailing "(Phục vụ …)" subtitle glued to the title; keep a short "(Khóa XI)"."""
    m = TRAILING_SUBTITLE.search(title)
    if m and (len(m["inner"].split()) >= SUBTITLE_MIN_WORDS or SUBTITLE_OPENING.match(m["inner"])):
        return title[: m.start()]
    return title


def _read_subject_line(top: list[Line]) -> str | None:
    """A Công văn has no kind word; its subject is the "V/v …" line under the number, with the
    lines it wraps onto ("V/v triển khai Quyết định số 12/QĐ-UBND" / "ngày 28/12/2022 của UBND tỉnh")."""
    for i, line in enumerate(top):
        for cell in _cells(line):
            if SUBJECT_LINE.match(cell):
                return " ".join([cell, *_subject_continuation(top[i + 1:], line.number)])
    return None


def _subject_continuation(following: list[Line], subject_line: int) -> list[str]:
    """The first cells of the lines right below a "V/v" line, up to a blank line, the motto, the
    number or date line, an upper-case line or the body."""
    parts = []
    for expected, line in enumerate(following, start=subject_line + 1):
        cells = _cells(line)
        cell = _without_motto(cells[0]) if cells else ""
        if (line.number != expected or not cell or cell != cells[0] or is_upper(cell) or _SEPARATOR.match(cell)
                or NUMBER_LINE.search(cell) or PLACE_DATE.search(cell) or BODY_OPENING.match(cell)
                or SUBJECT_LINE.match(cell)):
            break
        parts.append(cell)
    return parts


def normalize_issuer(issuer: str | None) -> str | None:
    """"ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỔ", "UBND Thị xã Đức Phổ" -> "UBND thị xã Đức Phổ"."""
    if not issuer:
        return None
    issuer = " ".join(issuer.split()).strip(" .,;")
    folded = fold(issuer)
    for long_form, abbreviation in _BODY_ABBREVIATIONS:
        if folded == long_form or folded.startswith(long_form + " "):
            rest = issuer[len(long_form):].strip()
            for level in _ADMINISTRATIVE_LEVELS:
                if fold(rest).startswith(fold(level) + " "):
                    place = rest[len(level):].strip()
                    place = normalize_place(place.title() if is_upper(place) else place)
                    return f"{abbreviation} {level} {place}"
            if is_upper(rest):
                rest = correct_places(rest.title())
            return f"{abbreviation} {rest}".strip()
    return issuer


def _read_issuer(top: list[Line], kind_line: int | None) -> str | None:
    """The issuing body: upper-case cells above (or beside) the number line, motto removed."""
    parts = []
    for line in top:
        if kind_line is not None and line.number >= kind_line:
            break
        at_number_line = False
        for cell in _cells(line):
            cell = _without_motto(cell)
            if m := NUMBER_LINE.search(cell):
                cell, at_number_line = cell[: m.start()].strip(), True
            if m := PLACE_DATE.search(cell):
                before = cell[: m.start()].rstrip()
                cell = before[: len(before) - len(_place_before(before) or "")].strip()
            if not cell or _SEPARATOR.match(cell):
                continue
            if not is_upper(cell) or KIND_LINE.match(cell):
                return _issuer_from(parts)        # the body (or the title) has begun
            parts.append(cell)
        if at_number_line:
            break
    return _issuer_from(parts)


def _issuer_from(parts: list[str]) -> str | None:
    if not parts:
        return None
    # "UBND TỈNH QUẢNG NGÃI / SỞ THÔNG TIN VÀ TRUYỀN THÔNG": the first line is the parent body.
    if len(parts) > 1 and any(f" {fold(level)} " in f" {fold(parts[0])} " for level in _ADMINISTRATIVE_LEVELS):
        parts = parts[1:]
    return normalize_issuer(" ".join(parts))


# --- the signature block --------------------------------------------------------------------

def _is_signing_title(cell: str) -> bool:
    cell = _RECIPIENTS.sub("", cell)
    if not cell or not is_upper(cell) or any(c.isdigit() for c in cell):
        return False
    return bool(SIGNING_PREFIX.match(cell)) or cell.rstrip(".") in SIGNING_ROLES


def _as_name(cell: str) -> str | None:
    """A person's name: 2-6 capitalised words ("Võ Thanh Hùng"), also written in capitals."""
    words = cell.split()
    if not 2 <= len(words) <= 6 or not all(w.isalpha() for w in words) or _is_heading(cell):
        return None
    if is_upper(cell):
        return None if _ROLE_WORDS & set(words) else cell.title()
    if all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return cell
    return None


def _read_signature(text: Text, after_line: int) -> tuple[str | None, str | None]:
    lines = text.lines[after_line:]
    recipients = next((i for i, l in enumerate(lines)
                       if _MAY_OPEN_RECIPIENTS.match(l.text) and _RECIPIENTS.match(plain(l.text))), None)
    start = max(0, recipients - 12) if recipients is not None else 0
    anchor = next(
        (i for i in range(start, len(lines)) if any(_is_signing_title(c) for c in _cells(lines[i]))), None
    )
    if anchor is None:
        return None, None
    titles: list[str] = []
    for line in lines[anchor: anchor + SIGNATURE_SEARCH_LINES]:
        for cell in _cells(line):
            cell = _RECIPIENTS.sub("", cell)
            if not cell or _LIST_ITEM.match(cell) or _SIGNED_MARK.match(cell):
                continue
            if _is_signing_title(cell) or (titles and is_upper(cell) and _ROLE_WORDS & set(cell.split())):
                titles.extend(part for part in re.split(r"\s+/\s+", cell) if part)
                continue
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
        if header.kind and caption_type and caption_type.name != header.kind:
            continue          # an appendix of another document
        if header.kind is None and caption_type:
            header.kind, header.type_code = caption_type.name, caption_type.code
        if header.symbol is None:
            _apply_reference(header, m)
        if header.year is None and m["date"]:
            _apply_date(header, _parse_date(m["date"]))
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
        if not any(fold(issuer).endswith(" " + fold(level)) for level in _ADMINISTRATIVE_LEVELS):
            return issuer
    return None


def _symbol_code(symbol: str | None) -> str | None:
    """"BC-UBND" -> "BC" (state); "NQ/TW" -> "NQ" (Party)."""
    if not symbol:
        return None
    return re.split(r"[-/]", symbol, maxsplit=1)[0]


def extract_header(text: Text, sections: SectionIndex | None = None) -> ReportHeader:
    sections = sections or SectionIndex(text)
    top = _top_lines(text, sections)
    header = ReportHeader()
    _read_number_and_date(header, top)

    kind = _find_kind(top)
    if kind:
        kind_line, word, rest = kind
        doc_type = type_for_word(word)
        header.kind, header.type_code = doc_type.name, doc_type.code
        header.title = _read_title(text, kind_line, rest)
    header.issuer = _read_issuer(top, kind[0] if kind else None)

    _apply_caption(header, text)
    if header.kind is None and header.symbol:
        # No kind word: the symbol's code names the kind; a symbol without one is a Công văn.
        system = "party" if "/" in header.symbol else "state"
        doc_type = type_for_code(_symbol_code(header.symbol), system) or type_for_word("Công văn")
        header.kind, header.type_code = doc_type.name, doc_type.code
    if header.title is None and not kind:
        header.title = _read_subject_line(top)
    if header.issuer is None:
        header.issuer = _issuer_in_body(text, kind[0] if kind else 0)

    header.signer_title, header.signer = _read_signature(text, kind[0] if kind else 0)
    return header
