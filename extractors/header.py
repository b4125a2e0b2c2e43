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
heading is first read into cells in reading order and mended (top_cells); each field is
then read from the cells, and a field OCR could not read stays empty without losing the
rest of its line ("ngày |0 tháng 01 năm 2011" still gives the year and month). The
issuer is built from both heading lines by extractors.issuers.

The heading's patterns are in extractors.header_patterns; the top block is read into cells by
extractors.header_cells, the kind and title by extractors.header_title, the signature block by
extractors.header_signature; this module reads the number, date and issuer and puts the header
together.
"""
from __future__ import annotations

import itertools
import re

from .dates import PartialDate, parse_numeric_date
from .doctypes import is_type_code, type_for_code, type_for_word
from .gazetteer import normalize_place
from .header_cells import Cell, place_before, top_cells, top_lines
from .header_patterns import (
    ATTACHMENT_CAPTION, BARE_DATE_LINE, CLOSING_ISSUER, KIND_LINE, NUMBER_GLUED_TO_SYMBOL, NUMBER_LINE, OPENING_ISSUER,
    OPENING_PARAGRAPHS, PLACE_DATE, RULE, SEPARATOR,
)
from .header_signature import read_signature
from .header_title import find_kind, read_subject_line, read_title
from .issuers import LEVELS, issuer_from_heading, normalize_issuer
from .models import ReportHeader
from .sections import SectionIndex
from .symbol_repair import figures_as_read, symbol_for_kind
from .text import APPENDIX_CAPTION_LINE, Text, fold, is_upper, plain

# --- number, date and issuer ---------------------------------------------------------------

def _slot(written: str | None, low: int, high: int) -> int | None:
    """A day or month as written, a handwritten 1 read as "|" or "l" included ("|0" is 10); None
    when blank or unreadable ("Ảb", "84")."""
    digits = figures_as_read((written or "").strip(".…_"))
    return int(digits) if digits and low <= int(digits) <= high else None


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
    header.number = m["number"] or (m["unreadable"] and figures_as_read(m["unreadable"]))
    header.year_in_number = int(m["year"]) if m["year"] else None
    header.symbol = m["symbol"].rstrip(".")


def _apply_date(header: ReportHeader, date: PartialDate | None) -> None:
    if date:
        header.year, header.month, header.date = date.year, date.month, date.iso


def _read_number_and_date(header: ReportHeader, cells: list[Cell]) -> None:
    for cell in cells:
        if header.symbol is None and (m := NUMBER_LINE.search(cell.text)):
            _apply_reference(header, m)
        elif header.symbol is None and (m := NUMBER_GLUED_TO_SYMBOL.search(cell.text)) and is_type_code(m["code"]):
            header.number, header.symbol = m["number"], m["symbol"].rstrip(".")
        if header.year is None:
            if m := PLACE_DATE.search(cell.text):
                place = place_before(cell.text[: m.start()])
                header.place_as_written = place
                header.place = normalize_place(place)
                _apply_date(header, _parse_date(m))
            elif m := BARE_DATE_LINE.match(cell.text):
                _apply_date(header, _parse_date(m))


def _read_issuer(cells: list[Cell], kind_line: int | None) -> str | None:
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
            text = before[: len(before) - len(place_before(before) or "")].strip()
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
    cells = top_cells(top_lines(text, sections))
    header = ReportHeader()
    _read_number_and_date(header, cells)

    kind = find_kind(cells) or _standalone_appendix(text)
    if kind:
        kind_line, word, rest = kind
        doc_type = type_for_word(word)
        header.kind, header.type_code = doc_type.name, doc_type.code
        header.title = read_title(text, kind_line, rest)
        if header.symbol and (repaired := symbol_for_kind(header.symbol, doc_type.code, own=True)):
            header.symbol = repaired       # "TỜ TRÌNH" over "Số: 214/TTIr-PGDĐT": OCR read a stroke as I
    header.issuer = _read_issuer(cells, kind[0] if kind else None)

    _apply_caption(header, text)
    if header.kind is None and header.symbol:
        # No kind word: the symbol's code names the kind; a symbol without one is a Công văn.
        system = "party" if "/" in header.symbol else "state"
        doc_type = type_for_code(_symbol_code(header.symbol), system) or type_for_word("Công văn")
        header.kind, header.type_code = doc_type.name, doc_type.code
    if header.title is None and not kind:
        header.title = read_subject_line(cells)
    if header.issuer is None:
        header.issuer = _issuer_in_body(text, kind[0] if kind else 0)

    header.signer_title, header.signer = read_signature(text, kind[0] if kind else 0)
    return header
