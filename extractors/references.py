"""Mentions of official documents in a report (eyecite-style: tokenize, then complete).

A mention is anchored on a document number with its symbol, in the forms the
reports use:

    Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị (Khóa XI) về …   Party symbol
    Kế hoạch số 1690/KH-STTTT ngày 06/9/2023 của Sở … tỉnh Quảng Ngãi …     state symbol
    Quyết định 569/QĐ-UBND ngày 26/6/2023 của UBND tỉnh                    no "số"
    Nghị định số 42/2022/NĐ-CP ngày 24/6/2022 của Chính phủ                year in the number
    Công văn số 820/STTTT, Công văn số 2285/UBND-KGVX                      no type code
    NGHỊ QUYẾT SỐ 36-NQ/TW                                                 upper-case heading
    … và 158-KH/TU                                                         bare symbol with a type code

then completed from what follows it: the date ("ngày 01/7/2014", "01-08-2019",
"ngày 22 tháng 12 năm 2022"), the issuer ("của …" up to the purpose clause)
and the subject ("về …", or the purpose clause itself: "thực hiện …",
"thành lập …"). Short forms that point back to a document cited in full
earlier ("Nghị quyết số 36", an alias set up by "(sau đây gọi tắt là Chỉ thị
số 16)") are mentions too, with the number, symbol and date of that document.

Appendix tables that list documents ("Số ký hiệu", "Ngày ban hành", "Cơ quan
ban hành", "Trích yếu") give one mention per row, and a reference inside a
Trích yếu cell is a mention of its own. Their rows are not read again as prose.

Not mentions: "giai đoạn 2021-2025", "Điều 25, 26 và 27", "15/15 xã",
"130.141/131.749", "Quý II/2022", "4G/5G", "Đề án 06" (a name, not a number
with a symbol), and a report's blank self-reference "Báo cáo số /BC-UBND".
"""
from __future__ import annotations

import regex as re
from dataclasses import dataclass, replace

from .dates import parse_numeric_date, parse_spelled_date
from .doctypes import (
    TYPE_WORD_END_ANY_TONE_PATTERN, TYPE_WORD_PATTERN, canonical_code, correct_type_words, type_for_code,
    type_for_word,
)
from .issuers import normalize_issuer, read_issuer
from .lang.reference_pattern import NUMBER_WORD, REFERENCE_HINT, REFERENCE_NUMBER, REFERENCE_NUMBER_SOURCE
from .sentences import sentence_at
from .models import Citation, Table
from .symbol_repair import repair_symbols
from .tables import find_tables
from .text import FOOTNOTE_MARK, Paragraph, Text, fold

# Upper-case letters by Unicode property ("[À-Ỹ]" would take in lower-case letters too);
# the `regex` module is used here for these classes.
UPPER = r"\p{Lu}"

# ------------------------------------------------------------------ mentions

# Type codes written as words before "số": "QĐ số 12/QĐ-UBND", "CV số 12/UBND".
_CODE_WORD = rf"(?:NQ|QĐ|CT|KH|CTr|TB|HD|BC|TTr|NĐ|TT|KL|CV|CĐ)(?=\s+{NUMBER_WORD})"

# The anchor of a full mention: a word naming the document kind, "số", the number and symbol.
FULL_MENTION = re.compile(
    rf"""
    (?<!\w)(?P<word>(?i:{TYPE_WORD_PATTERN})|{_CODE_WORD})   # Kế hoạch, NGHỊ QUYẾT, Chương trình hành động, QĐ
    \s+(?:{NUMBER_WORD}\s*[:.]?\s*)?                 # "số", "số:", OCR "sổ", or nothing ("Quyết định 569/…")
    {REFERENCE_NUMBER_SOURCE}
    """,
    re.VERBOSE,
)

# A short form: the kind and a bare number ("Nghị quyết số 36", "Chỉ thị 16"); kept only when
# it points back to a document cited in full, which rules out names such as "Đề án 06".
SHORT_MENTION = re.compile(
    rf"""
    (?<!\w)(?P<word>(?i:{TYPE_WORD_PATTERN}))
    \s+(?:{NUMBER_WORD}\s*:?\s*)?
    (?P<number>\d{{1,6}})
    (?!\w|[/.,-]\w)                                # not "36-NQ/TW", "1.050", "2021-2025"
    """,
    re.VERBOSE,
)
# Whether a text holds a short form at all. Most paragraphs with a full mention have none, and
# searched backwards, from its few digits, the answer is far quicker than by the forward scan.
_ANY_SHORT_MENTION = re.compile("(?r)" + SHORT_MENTION.pattern, re.VERBOSE)

# The date that follows a number: "ngày 01/7/2014", ", ngày 01-08-2019", "ngày 22 tháng 12 năm 2022".
DATE_AFTER = re.compile(
    r"""
    \s*(?:FOOTNOTE_MARK)?\s*,?\s*                           # a footnote mark may stand before it
    (?:(?i:ban\s+hành\s+)?(?i:ng[aàáảãạâầấẩẫậ]y)\s*)?      # "ngày", OCR "ngầy"
    (?P<date>
        \d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:19|20)\d{2}
      | \d{1,2}\s+(?i:tháng)\s+\d{1,2}\s+(?i:năm)\s+(?:19|20)\d{2}
    )
    (?!\d)
    """.replace("FOOTNOTE_MARK", FOOTNOTE_MARK),
    re.VERBOSE,
)

# "của" introducing the issuer (after the number or date, or a footnote mark there).
OF_ISSUER = re.compile(rf"\s*(?:{FOOTNOTE_MARK})?\s*,?\s*(?i:của)\s+(?={UPPER})")

# A subject ends at the end of its sentence or clause, an alias note, or a new clause
# that starts with a capital after a comma (", UBND thị xã báo cáo …").
_SUBJECT_END_SOURCE = r"""
      \.\s*/\s*\.                    # "./." closing a report
    | [.!?](?=\s|$)
    | [;:\t]
    | \s*\(\s*(?i:sau\s+đây)
    | ,\s+(?={UPPER})
    | FOOTNOTE_MARK                  # a footnote mark closes what it annotates
    """.replace("{UPPER}", UPPER).replace("FOOTNOTE_MARK", FOOTNOTE_MARK)
_SUBJECT_END = re.compile(_SUBJECT_END_SOURCE, re.VERBOSE)
# Where _subject_end has to look: a bracket, a subject end, or the next document
# ("… của Chính phủ về … và Quyết định số 274/QĐ-TTg …"), which is not part of the subject.
# One search finds the next of them instead of trying the patterns at every character.
_SUBJECT_STOP = re.compile(
    rf"""
      [()]
    | {_SUBJECT_END_SOURCE}
    | \s+(?:và|,)\s+(?i:{TYPE_WORD_PATTERN})\s+(?:(?i:số)\s*)?\d     # the next document
    """,
    re.VERBOSE,
)
# Inside brackets only their nesting counts.
_BRACKET = re.compile(r"[()]")
_ABOUT = re.compile(rf"\s*(?:{FOOTNOTE_MARK})?\s*(?i:về)\s+")
# An alias note: "(sau đây gọi tắt là Nghị quyết số 13-NQ/TU)", "(sau đây viết tắt là Chỉ thị số 16)".
ALIAS_NOTE = re.compile(r"\(\s*(?i:sau\s+đây\s+(?:được\s+)?(?:gọi|viết)(?:\s+tắt)?\s+là)\s+(?P<alias>[^()]{2,80}?)\s*\)")
# The number line of a report's own heading, "Số: 12/BC-UBND": not a mention of another document.
_OWN_NUMBER = re.compile(r"(?:^\s*(?i:số)\s*:?|(?:^|\s)Số\s*:)\s*$")


# ------------------------------------------------------------------ tokens

@dataclass
class _Token:
    """One anchor found in a paragraph, before completion."""

    start: int
    end: int
    kind: str            # "full", "bare", "short", "alias"
    word: str | None
    number: str
    symbol: str | None = None
    type_code: str | None = None
    year: int | None = None
    party: bool = False
    target: Citation | None = None   # for an alias mention: the document it names


# Spaces a PDF line wrap or OCR left inside a symbol: "KH- STTTT", "87 /BC-UBND".
_SPACES = re.compile(r"\s+")


def _clean_symbol(symbol: str) -> str:
    return _SPACES.sub("", symbol).replace("–", "-")


def _symbol_parts(m: re.Match) -> tuple[str, str | None, int | None, bool]:
    """(symbol as written, type code, year in number, Party?) of a REFERENCE_NUMBER-shaped match."""
    if m["party_code"]:
        code = m["party_code"]
        return _clean_symbol(f"{code}/{m['party_org']}"), canonical_code(code), None, True
    symbol = _clean_symbol(m["state"])
    first = symbol.split("-", 1)[0]
    code = canonical_code(first) if type_for_code(first) else None
    return symbol, code, int(m["year"]) if m["year"] else None, False


_DIGIT = re.compile(r"\d")
# Without a number with a symbol only a short form remains, and its kind may be misspelt until
# correct_type_words has run: so the last word of a kind in any tone ("đinh", "ĐỊNH"), "số" or nothing,
# then the number. correct_type_words changes only letters, into letters, so a short form it could
# bring out already reads this way.
_SHORT_MENTION_BEFORE_CORRECTION = re.compile(
    rf"(?r)(?:{TYPE_WORD_END_ANY_TONE_PATTERN})\s+(?:\w\w\s*:?\s*)?\d"
)

# What may stand between the start of a full mention and its number: the kind word (at most four words),
# "số" and a ":" or "." - letters, ":" and "." in at most six runs split by spaces. Matched backwards from
# the number, greedily, it reaches at least as far back as any full mention that ends in that number.
_MENTION_LEAD = re.compile(r"(?r)(?:[^\W\d_]|[:.])*(?:\s+(?:[^\W\d_]|[:.])+){0,5}\s*")


def _full_mentions(text: str, numbers: list[re.Match]):
    """FULL_MENTION.finditer(text), found from the numbers instead of trying the kind words everywhere.

    A full mention is a kind word, "số", then a number with its symbol that REFERENCE_NUMBER matches on
    its own (the same pattern ends FULL_MENTION), and it starts within _MENTION_LEAD of that number: so
    searching each such stretch, up to the number's end, finds the same mentions in the same order.
    `numbers`: every REFERENCE_NUMBER match, overlapping ones included.
    """
    pos = 0
    for number in numbers:
        if number.start() < pos:
            continue
        lead = _MENTION_LEAD.search(text, pos, number.start())
        m = FULL_MENTION.search(text, lead.start(), number.end())
        if m and m.start() < number.start():
            yield m
            pos = m.end()


def _leftmost(matches: list[re.Match]):
    """The matches finditer would give (no overlaps, leftmost first) out of every match (overlapped=True)."""
    end = 0
    for m in matches:
        if m.start() >= end:
            yield m
            end = m.end()


def _tokens(text: str, with_symbol: bool) -> list[_Token]:
    """The mentions in `text`; `with_symbol`: it has a digit before a "/" or hyphen (REFERENCE_HINT)."""
    tokens: list[_Token] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= s or start >= e for s, e in taken)

    numbers = list(REFERENCE_NUMBER.finditer(text, overlapped=True)) if with_symbol else []
    for m in _full_mentions(text, numbers):
        symbol, code, year, party = _symbol_parts(m)
        tokens.append(_Token(m.start(), m.end(), "full", m["word"], m["number"], symbol, code, year, party))
        taken.append((m.start(), m.end()))
    for m in _leftmost(numbers):
        if not free(m.start(), m.end()) or _OWN_NUMBER.search(text[: m.start()]):
            continue
        symbol, code, year, party = _symbol_parts(m)
        word, listed = _word_before(text, m.start(), tokens)
        # A bare number needs a type code ("158-KH/TU"), a year ("86/2015/QH13"), or a place in a list
        # of mentions ("Công văn số 820/STTTT, 821/STTTT").
        if code or year or listed:
            tokens.append(_Token(m.start(), m.end(), "bare", word, m["number"], symbol, code, year, party))
            taken.append((m.start(), m.end()))
    for m in SHORT_MENTION.finditer(text) if _ANY_SHORT_MENTION.search(text) else ():
        if free(m.start(), m.end()):
            tokens.append(_Token(m.start(), m.end(), "short", m["word"], m["number"]))
            taken.append((m.start(), m.end()))
    tokens.sort(key=lambda t: t.start)
    return tokens


# "Luật An toàn thông tin mạng số 86/2015/QH13": a capitalised kind word, a name, then "số".
_NAMED_BEFORE = re.compile(rf"(?P<word>(?:{TYPE_WORD_PATTERN}))(?!\w)[^.;:!?()]{{0,60}}?\s{NUMBER_WORD}\s*:?\s*$")
# "Quyết định số 12/QĐ-UBND và 13/QĐ-UBND": a number listed after another mention.
_LISTED_AFTER = re.compile(rf"^[^.;:!?()]{{0,40}}?(?:\svà|,)\s*(?:{NUMBER_WORD}\s*)?$")
# "các Quyết định số 123/QĐ-UBND, 124/QĐ-UBND ngày …": nothing but the list separator between two numbers.
_LIST_SEPARATOR = re.compile(rf"^\s*(?:,|và|,\s*và)\s*(?:{NUMBER_WORD}\s*)?$")


def _word_before(text: str, start: int, earlier: list[_Token]) -> tuple[str | None, bool]:
    """(the kind word that governs a bare number, whether it is listed after another mention):
    a word naming it a few words back, or the mention it is listed after."""
    m = _NAMED_BEFORE.search(text, max(0, start - 80), start)
    if m:
        return m["word"], False
    before = [t for t in earlier if t.end <= start]
    if before:
        last = max(before, key=lambda t: t.end)
        if _LISTED_AFTER.match(text[last.end: start]):
            return last.word, True
    return None, False


# ------------------------------------------------------------------ completion

# A date separator with the spaces a PDF or OCR put around it: "01 / 7/2014".
_SPACED_DATE_SEPARATOR = re.compile(r"\s*([/.-])\s*")
# A numeric date's day: "01/", "1-", "22." (a spelled one reads "22 tháng …").
_NUMERIC_DAY = re.compile(r"\d{1,2}[/.-]")


def _read_date(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """(ISO date, date as written, end) of the date starting at pos, else (None, None, pos)."""
    m = DATE_AFTER.match(text, pos)
    if not m:
        return None, None, pos
    written = m["date"]
    compact = _SPACED_DATE_SEPARATOR.sub(r"\1", written)
    parsed = parse_numeric_date(compact) if _NUMERIC_DAY.match(compact) else parse_spelled_date("ngày " + written)
    return (parsed.iso if parsed else None), written, m.end()


def _read_issuer(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    """The issuer after "của" at pos, as written without qualifiers, and where it ends."""
    m = OF_ISSUER.match(text, pos)
    if not m:
        return None, pos
    issuer, end = read_issuer(text, m.end(), limit)
    return (issuer, end) if issuer else (None, pos)


# What may follow an issuer: a purpose clause ("… thực hiện …"), or "và" and a về clause further on.
_WORD_AFTER_SPACE = re.compile(r"\s+[\wÀ-ỹ]")
_AND_WORD = re.compile(r"và\s")
_ABOUT_WORD = re.compile(r"\s(?i:về)\s+")


def _read_subject(text: str, pos: int, after_issuer: bool) -> str | None:
    """The "về …" clause, or (right after an issuer) the purpose clause, up to the clause end."""
    m = _ABOUT.match(text, pos)
    if m:
        start = m.end()
    elif after_issuer and _WORD_AFTER_SPACE.match(text, pos):
        start = pos + 1
        if _AND_WORD.match(text, start):   # "của Bộ Chính trị và các văn bản … về …": the về clause
            clause_end = _SUBJECT_END.search(text, start)
            about = _ABOUT_WORD.search(text, start, clause_end.start() if clause_end else len(text))
            if not about:
                return None
            start = about.end()
    else:
        return None
    end = _subject_end(text, start)
    subject = text[start:end].strip(" ,")
    return subject or None


def _subject_end(text: str, start: int) -> int:
    """The first subject end or next document outside brackets, or a ")" closing a bracket opened before start."""
    depth, pos = 0, start
    while stop := (_BRACKET if depth else _SUBJECT_STOP).search(text, pos):
        i = stop.start()
        if text[i] == "(":
            if depth == 0 and _SUBJECT_END.match(text, i):   # "(sau đây gọi tắt là …)"
                return i
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
        else:
            return i
        pos = i + 1
    return len(text)


def _doc_type(word: str | None, code: str | None, party: bool) -> tuple[str | None, str | None]:
    """(doc_type, type_code): the kind from the word, else from the code; the code from the symbol, else the word."""
    system = "party" if party else "state"
    by_word = type_for_word(word) or type_for_code(word, system)
    by_code = type_for_code(code, system)
    if by_word and by_word.name == "Công văn" and fold(word or "").startswith("van ban") and by_code:
        by_word = by_code   # "văn bản số 12/QĐ-UBND": the generic word yields to the code
    doc_type = by_word or by_code
    type_code = code or (by_word.code if by_word else None)
    return (doc_type.name if doc_type else None), type_code


def _complete(text: str, token: _Token, limit: int, para: Paragraph | None) -> Citation:
    """Turn a token into a Citation: date, issuer and subject from the text after it."""
    date, date_text, pos = _read_date(text, token.end)
    issuer, issuer_end = _read_issuer(text, pos, limit)
    if issuer and not date_text:   # "Kế hoạch số 12/KH-UBND của UBND tỉnh ngày 5/6/2023"
        date, date_text, after = _read_date(text, issuer_end)
        if date_text:
            issuer_end = after
    subject = _read_subject(text, issuer_end if issuer else pos, after_issuer=bool(issuer))
    doc_type, type_code = _doc_type(token.word, token.type_code, token.party)
    citation = Citation(
        text_as_written=(para.text if para else text)[token.start: max(pos, token.end)].strip(),   # as read
        number=token.number,
        symbol=token.symbol,
        year_in_number=token.year,
        type_code=type_code,
        doc_type=doc_type,
        date=date,
        date_text=date_text,
        issuer=issuer,
        issuer_normalized=normalize_issuer(issuer),
        subject=subject,
        context=sentence_at(text, token.start),
        short_form=token.kind in ("short", "alias"),
    )
    if para is not None:
        line = para.line_at(token.start)
        citation.line, citation.page = line.number, line.page
    return citation


# ------------------------------------------------------------------ short forms and aliases

def _short_key(word: str | None, number: str) -> tuple[str, str]:
    doc_type = type_for_word(word)
    return (doc_type.name if doc_type else fold(word or "")), number


def _point_back(short: Citation, target: Citation) -> Citation:
    """A short form filled from the full mention it points back to."""
    return replace(
        short, number=target.number, symbol=target.symbol, year_in_number=target.year_in_number,
        type_code=target.type_code, doc_type=short.doc_type or target.doc_type,
        date=target.date, date_text=None,
    )


def _resolve_short_forms(mentions: list[tuple[tuple[int, int], Citation, _Token]]) -> list[Citation]:
    """Fill short forms from the nearest earlier full mention of the same kind and number (else a later one);
    drop those that point nowhere ("Đề án 06")."""
    full = [(pos, c, _short_key(c.doc_type, c.number)) for pos, c, t in mentions if not c.short_form]
    out = []
    for pos, citation, token in mentions:
        if not citation.short_form:
            out.append(citation)
            continue
        target = token.target
        if target is None:
            key = _short_key(token.word, token.number)
            earlier = [c for p, c, full_key in full if p < pos and full_key == key]
            later = [c for p, c, full_key in full if p > pos and full_key == key]
            target = earlier[-1] if earlier else (later[0] if later else None)
        if target is not None:
            out.append(_point_back(citation, target))
    return out


# The numbers an alias repeats: "Chỉ thị số 16" -> 16.
_DIGITS = re.compile(r"\d+")


def _alias_target(alias_start: int, alias: str, found: list[tuple[int, Citation]]) -> Citation | None:
    """The full mention an alias note names: the nearest one before it, preferring one whose number the alias repeats."""
    before = [c for start, c in found if start < alias_start and not c.short_form]
    numbers = set(_DIGITS.findall(alias))
    for citation in reversed(before):
        if citation.number in numbers:
            return citation
    return before[-1] if before and not numbers else None


# ------------------------------------------------------------------ tables of documents

_COLUMN_KEYS = {
    "number": ("so ky hieu", "so, ky hieu", "so hieu", "so van ban", "ky hieu"),
    "date": ("ngay ban hanh", "ngay, thang", "ngay thang", "ngay ky", "ngay"),
    "issuer": ("co quan ban hanh", "don vi ban hanh", "noi ban hanh", "co quan"),
    "subject": ("trich yeu", "noi dung", "ten van ban"),
    "kind": ("loai van ban", "hinh thuc van ban", "the loai"),
}


def document_columns(header: list[str]) -> dict[str, int] | None:
    """Column of each field in a table that lists documents, or None when the table is not such a list."""
    folded = [" ".join(fold(h).split()) for h in header]
    columns: dict[str, int] = {}
    for field, keys in _COLUMN_KEYS.items():
        for key in keys:
            i = next((i for i, h in enumerate(folded) if key in h and i not in columns.values()), None)
            if i is not None:
                columns[field] = i
                break
    if "number" not in columns:
        return None
    columns.setdefault("date", columns["number"])   # "Số, ký hiệu, ngày tháng văn bản" in one column
    return columns


# Scanning debris at the edges of an OCR'd cell: "UBND huyện Đức Phổ |_", "[ 158-KH/TU", "| 28/4/2016".
_CELL_DEBRIS = " \t|_[]{}—–-†~•*"


def _cell(row: list[str], columns: dict[str, int], field: str) -> str:
    i = columns.get(field)
    return row[i].strip(_CELL_DEBRIS) if i is not None and i < len(row) else ""


# One or two letters OCR glued in front of a number: "Ï2339/KH-UBND".
_GLUED_LETTERS = re.compile(r"^\D{1,2}(?=\d)")


def _numbers_in_cell(cell: str) -> list[re.Match]:
    """The numbers and symbols in a "Số ký hiệu" cell: usually one, several when rows ran together
    (a PDF or OCR row merged with the next); a letter glued on by OCR ("Ï2339/KH-UBND") is skipped."""
    found = list(FULL_MENTION.finditer(cell)) or list(REFERENCE_NUMBER.finditer(cell))
    if not found:
        glued = REFERENCE_NUMBER.match(_GLUED_LETTERS.sub("", cell))
        found = [glued] if glued else []
    return found


def _table_citations(text: Text, table: Table, columns: dict[str, int]) -> list[tuple[tuple[int, int], Citation, _Token]]:
    out = []
    for r, row in enumerate(table.rows):
        if [c.strip() for c in row] == [h.strip() for h in table.header]:
            continue
        number_cell = _cell(row, columns, "number")
        numbers = _numbers_in_cell(number_cell)
        if not numbers:
            continue
        line_no = table.row_lines[r] if r < len(table.row_lines) else table.first_line
        line = text.line(line_no) if 0 < line_no <= len(text.lines) else None
        date_cell = _cell(row, columns, "date")
        shared_cell = columns["date"] == columns["number"]
        dates = [] if shared_cell else [d for d in DATE_AFTER.finditer(date_cell)]
        issuer = _cell(row, columns, "issuer") or None
        subject = _cell(row, columns, "subject") or None
        page = line.page if line else None
        for i, m in enumerate(numbers):
            symbol, code, year, party = _symbol_parts(m)
            word = m.groupdict().get("word") or _cell(row, columns, "kind") or None
            doc_type, type_code = _doc_type(word, code, party)
            if shared_cell:                      # "Quyết định số 12/QĐ-UBND ngày 05/01/2023"
                date, date_text, _ = _read_date(date_cell, m.end())
            else:   # the i-th date goes with the i-th number; when the counts differ, only a lone number is sure
                paired = len(dates) == len(numbers) or (len(numbers) == 1 and dates)
                date_text = dates[i]["date"] if paired else None
                date = _read_date(date_text, 0)[0] if date_text else None
            citation = Citation(
                text_as_written=m.group(0).strip(), number=m["number"], symbol=symbol, year_in_number=year,
                type_code=type_code, doc_type=doc_type, date=date, date_text=date_text,
                issuer=issuer, issuer_normalized=normalize_issuer(issuer), subject=subject,
                line=line_no, page=page,
                context=" | ".join(c.strip() for c in row if c.strip()), source="table",
            )
            out.append(((line_no, 0), citation, _Token(0, 0, "full", word, m["number"])))
        # A reference inside another cell (a Trích yếu that says "Thực hiện Nghị quyết số 13-NQ/TU …").
        for field in ("subject", "issuer"):
            cell = _cell(row, columns, field)
            for pos, nested, token in _prose_citations(cell, None):
                nested.line, nested.page, nested.source = line_no, page, "table"
                out.append(((line_no, 1 + pos[1]), nested, token))
    return out


# ------------------------------------------------------------------ prose

def _prose_citations(text: str, para: Paragraph | None) -> list[tuple[tuple[int, int], Citation, _Token]]:
    """The mentions in a paragraph or table cell, its type words corrected first (unless it can hold none)."""
    with_symbol = REFERENCE_HINT.search(text) is not None   # correct_type_words leaves digits alone
    if not (with_symbol or _SHORT_MENTION_BEFORE_CORRECTION.search(text)):
        return []
    text = repair_symbols(correct_type_words(text))   # both keep offsets: text_as_written is read from para.text
    tokens = _tokens(text, with_symbol)
    line_no = para.first_line.number if para else 0
    out = []
    for i, token in enumerate(tokens):
        limit = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        citation = _complete(text, token, limit, para)
        out.append(((line_no, token.start), citation, token))
    _share_list_completion(text, out)
    return out


def _share_list_completion(text: str, mentions: list[tuple[tuple[int, int], Citation, _Token]]) -> None:
    """Numbers listed under one kind word share the date, issuer and subject written once after the last:
    "các Quyết định số 123/QĐ-UBND, 124/QĐ-UBND ngày 10/02/2023 của UBND tỉnh" dates both."""
    for (_, first, token), (_, listed, next_token) in reversed(list(zip(mentions, mentions[1:]))):
        if (next_token.kind == "bare" and not first.date_text and not first.issuer
                and _LIST_SEPARATOR.match(text[token.end: next_token.start])):
            first.date, first.date_text = listed.date, listed.date_text
            first.issuer, first.issuer_normalized = listed.issuer, listed.issuer_normalized
            first.subject = first.subject or listed.subject


def _alias_mentions(paragraphs: list[Paragraph], found) -> list[tuple[tuple[int, int], Citation, _Token]]:
    """Mentions of an alias set up by "(sau đây gọi tắt là …)", from its note on, where no other token is."""
    taken: dict[int, list[tuple[int, int]]] = {}
    for (line_no, _), _, token in found:
        taken.setdefault(line_no, []).append((token.start, token.end))
    by_line: dict[int, list[tuple[int, Citation]]] = {}
    for pos, c, _ in found:
        by_line.setdefault(pos[0], []).append((pos[1], c))
    out = []
    for p, para in enumerate(paragraphs):
        if "(" not in para.text:     # an alias note is in parentheses
            continue
        in_para = by_line.get(para.first_line.number, [])
        for note in ALIAS_NOTE.finditer(para.text):
            alias = note["alias"].strip()
            if not _DIGIT.search(alias):   # "(sau đây gọi là Kế hoạch)" names too much to follow
                continue
            target = _alias_target(note.start(), alias, in_para)
            if target is None:
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(alias)}(?![\w/-])")
            for later in paragraphs[p:]:
                line_no = later.first_line.number
                for m in pattern.finditer(later.text):
                    if later is para and m.start() < note.start("alias"):
                        continue
                    if any(m.start() < e and m.end() > s for s, e in taken.get(line_no, [])):
                        continue
                    token = _Token(m.start(), m.end(), "alias", alias, target.number, target=target)
                    out.append(((line_no, m.start()), _complete(later.text, token, len(later.text), later), token))
                    taken.setdefault(line_no, []).append((m.start(), m.end()))
    return out


def find_citations(text: Text, sections=None, tables: list[Table] | None = None) -> list[Citation]:
    """Every mention of an official document in the report, in reading order."""
    if tables is None:
        tables = find_tables(text)
    listed = [(t, cols) for t in tables if (cols := document_columns(t.header))]
    table_lines = {n for t, _ in listed for n in range(t.first_line, t.last_line + 1)}

    paragraphs = [p for p in text.paragraphs()
                  if not (p.first_line.is_table_row and p.first_line.number in table_lines)]
    found = []
    for para in paragraphs:
        found.extend(_prose_citations(para.text, para))
    for table, columns in listed:
        found.extend(_table_citations(text, table, columns))
    found.extend(_alias_mentions(paragraphs, found))
    found.sort(key=lambda f: f[0])

    citations = _resolve_short_forms(found)
    if sections is not None:
        for c in citations:
            c.section = sections.path_at(c.line)
    return citations
