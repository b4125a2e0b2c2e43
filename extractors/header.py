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

The heading's patterns are in extractors.header_patterns, the signature block is read by
extractors.header_signature; this module reads the top block and puts the header together.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .dates import PartialDate, parse_numeric_date
from .doctypes import TYPE_WORD_PATTERN, type_for_code, type_for_word
from .models import ReportHeader
from .gazetteer import normalize_place
from .header_patterns import (
    ATTACHMENT_CAPTION,
    BARE_DATE_LINE,
    BODY_ONLY_OPENING,
    BODY_OPENING,
    CLOSING_ISSUER,
    DATE_WITHOUT_YEAR,
    ENDS_SENTENCE,
    FOLDED_BODY_OPENING,
    GLUED_ITEM,
    JOINING_END,
    KIND_LINE,
    MOTTO,
    NUMBER_LABEL_ALONE,
    NUMBER_LINE,
    OPENING_ISSUER,
    OPENING_PARAGRAPHS,
    PLACE_DATE,
    RULE,
    SEPARATOR,
    SUBJECT_LINE,
    SUBJECT_MAX_LINES,
    SUBTITLE_MIN_WORDS,
    SUBTITLE_OPENING,
    SYMBOL_CUT,
    TOP_BLOCK_MAX_LINES,
    TRAILING_SUBTITLE,
)
from .header_signature import LIST_ITEM, line_cells, read_signature
from .lang.abbreviations import level_of_abbreviation
from .issuers import LEVELS, issuer_from_heading, normalize_issuer
from .sections import SectionIndex, is_heading as _is_heading
from .text import APPENDIX_CAPTION_LINE, STARTS_LOWER_OR_DIGIT, Line, Text, fold, is_upper, plain


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


def _place_before(text: str) -> str | None:
    """The place written right before ", ngày …": capitalised words read backwards ("Đức Phồ")."""
    words = []
    for word in reversed(text.split()):
        if level_of_abbreviation(word) == "thành phố" and words:
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
    cells = [_Cell(line.number, cell) for line in top for cell in line_cells(line)]
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
    return bool(line_text.startswith("(") or SEPARATOR.match(line_text)
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
        if not parts and (SEPARATOR.match(current) or current.startswith("(")):
            continue          # a rule line or "(Dự thảo)" between the kind and its title
        if _title_stops(current) or (parts and SUBJECT_LINE.match(current)):
            break
        if parts:
            lower_start = bool(STARTS_LOWER_OR_DIGIT.match(current))
            if upper is not None and upper != is_upper(current) and not lower_start:
                break         # capitals give way to running text, or the reverse
            if blank_before and not (lower_start or upper or JOINING_END.search(parts[-1])
                                     or _wrapped(text, parts[-1])):
                break         # a new paragraph, not a title wrapped over blank-separated lines
            if ENDS_SENTENCE.search(parts[-1]) and not lower_start:
                break
            if BODY_OPENING.match(current) or FOLDED_BODY_OPENING.match(fold(current)):
                break
            if not lower_start and current.endswith("."):
                break         # a sentence of the body: a title has no full stop
        elif BODY_ONLY_OPENING.match(current):
            return None
        parts.append(current)
        upper = is_upper(current) if upper is None else upper
        blank_before = False
    if not parts or (BODY_OPENING.match(parts[0]) and ENDS_SENTENCE.search(parts[-1])):
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
            item = next((m for m in GLUED_ITEM.finditer(subject) if subject[m.end()].isupper()), None)
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
        if (cell.line != line + 1 or cell.beside_motto or is_upper(cell.text) or SEPARATOR.match(cell.text)
                or LIST_ITEM.match(cell.text)
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
        text, at_number_line = RULE.sub(" ", cell.text).strip(), False
        if m := NUMBER_LINE.search(text):
            text, at_number_line = text[: m.start()].strip(), True
        if m := PLACE_DATE.search(text):
            before = text[: m.start()].rstrip()
            text = before[: len(before) - len(_place_before(before) or "")].strip()
        if text and not SEPARATOR.match(text):
            if not is_upper(text) or KIND_LINE.match(text):
                break                             # the body (or the title) has begun
            parts.append(text)
        if at_number_line:
            break
    return issuer_from_heading(parts)



# --- entry point ----------------------------------------------------------------------------

# A cheap test before plain() (which drops only spaces and * _ marks): a paragraph that can hold "kèm theo …".
_MAY_HOLD_ATTACHMENT = re.compile(r"kèm", re.IGNORECASE)


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


def _standalone_appendix(text: Text) -> tuple[int, str, None] | None:
    """A document that is an appendix of its own: its first line "PHỤ LỤC", "Phụ lục I", "Biểu số 02"."""
    first = next((line for line in text.lines if not line.is_blank), None)
    if first and APPENDIX_CAPTION_LINE.match(plain(first.text)):
        return first.number, APPENDIX, None
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

    header.signer_title, header.signer = read_signature(text, kind[0] if kind else 0)
    return header
