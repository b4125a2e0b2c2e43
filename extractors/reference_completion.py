"""Document mentions, step two: each token completed from the text after it, paragraph by paragraph.

The date ("ngày 01/7/2014", "01-08-2019", "ngày 22 tháng 12 năm 2022"), the issuer ("của …" up to
the purpose clause) and the subject ("về …", or the purpose clause itself: "thực hiện …"); numbers
listed under one kind word share what is written once after the last.
"""
from __future__ import annotations


import regex as re

from .dates import YEAR_PATTERN, parse_numeric_date, parse_spelled_date
from .doctypes import TYPE_WORD_PATTERN, correct_type_words, type_for_code, type_for_word
from .cited_issuers import read_issuer
from .issuers import normalize_issuer
from .lang.reference_pattern import REFERENCE_HINT
from .models import Citation
from .reference_tokens import LIST_SEPARATOR, SHORT_MENTION_BEFORE_CORRECTION, Token, find_tokens
from .sentences import sentence_at
from .symbol_repair import repair_symbols
from .text import FOOTNOTE_MARK, Paragraph, Text, fold

# Upper-case letters by Unicode property ("[À-Ỹ]" would take in lower-case letters too);
# the `regex` module is used here for these classes.
UPPER = r"\p{Lu}"

# The date that follows a number: "ngày 01/7/2014", ", ngày 01-08-2019", "ngày 22 tháng 12 năm 2022".
DATE_AFTER = re.compile(
    rf"""
    \s*(?:FOOTNOTE_MARK)?\s*,?\s*                           # a footnote mark may stand before it
    (?:(?i:ban\s+hành\s+)?(?i:ng[aàáảãạâầấẩẫậ]y)\s*)?      # "ngày", OCR "ngầy"
    (?P<date>
        \d{{1,2}}\s?[/.-]\s?\d{{1,2}}\s?[/.-]\s?{YEAR_PATTERN}
      | \d{{1,2}}\s+(?i:tháng)\s+\d{{1,2}}\s+(?i:năm)\s+{YEAR_PATTERN}
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


# ------------------------------------------------------------------ completion

# A date separator with the spaces a PDF or OCR put around it: "01 / 7/2014".
_SPACED_DATE_SEPARATOR = re.compile(r"\s*([/.-])\s*")
_ANY_SPACE = re.compile(r"\s")
# A numeric date's day: "01/", "1-", "22." (a spelled one reads "22 tháng …").
_NUMERIC_DAY = re.compile(r"\d{1,2}[/.-]")


def read_date(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """(ISO date, date as written, end) of the date starting at pos, else (None, None, pos)."""
    m = DATE_AFTER.match(text, pos)
    if not m:
        return None, None, pos
    written = m["date"]
    # (without a space there is nothing to close up: most dates are written "22/12/2022")
    compact = _SPACED_DATE_SEPARATOR.sub(r"\1", written) if _ANY_SPACE.search(written) else written
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


def doc_type_of(word: str | None, code: str | None, party: bool) -> tuple[str | None, str | None]:
    """(doc_type, type_code): the kind from the word, else from the code; the code from the symbol, else the word."""
    system = "party" if party else "state"
    by_word = type_for_word(word) or type_for_code(word, system)
    by_code = type_for_code(code, system)
    if by_word and by_word.name == "Công văn" and fold(word or "").startswith("van ban") and by_code:
        by_word = by_code   # "văn bản số 12/QĐ-UBND": the generic word yields to the code
    doc_type = by_word or by_code
    type_code = code or (by_word.code if by_word else None)
    return (doc_type.name if doc_type else None), type_code


def complete(text: str, token: Token, limit: int, para: Paragraph | None) -> Citation:
    """Turn a token into a Citation: date, issuer and subject from the text after it."""
    date, date_text, pos = read_date(text, token.end)
    issuer, issuer_end = _read_issuer(text, pos, limit)
    if issuer and not date_text:   # "Kế hoạch số 12/KH-UBND của UBND tỉnh ngày 5/6/2023"
        date, date_text, after = read_date(text, issuer_end)
        if date_text:
            issuer_end = after
    subject = _read_subject(text, issuer_end if issuer else pos, after_issuer=bool(issuer))
    doc_type, type_code = doc_type_of(token.word, token.type_code, token.party)
    written = (para.text if para else text)[token.start: max(pos, token.end)].strip()   # as read
    citation = Citation(
        text_as_written=written,
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
        start=token.start, end=token.start + len(written),   # in `text`: place_in_report makes them the report's
    )
    if para is not None:
        line = para.line_at(token.start)
        citation.line, citation.page = line.number, line.page
    return citation



def place_in_report(citation: Citation, para: Paragraph, text: Text) -> None:
    """citation.start and end, read as offsets in the paragraph, made offsets in reports.text: a paragraph
    joins its lines with spaces, and a blank line may lie between two of them."""
    citation.start, citation.end = text.position(para, citation.start), text.position(para, citation.end - 1) + 1


# ------------------------------------------------------------------ prose

def prose_citations(text: str, para: Paragraph | None) -> list[tuple[tuple[int, int], Citation, Token]]:
    """The mentions in a paragraph or table cell, its type words corrected first (unless it can hold none)."""
    # (REFERENCE_HINT needs one of its separators: most texts without one are spared the regex;
    # correct_type_words leaves digits and separators alone)
    with_symbol = ("/" in text or "-" in text or "–" in text) and REFERENCE_HINT.search(text) is not None
    if not (with_symbol or SHORT_MENTION_BEFORE_CORRECTION.search(text)):
        return []
    text = repair_symbols(correct_type_words(text))   # both keep offsets: text_as_written is read from para.text
    tokens = find_tokens(text, with_symbol)
    line_no = para.first_line.number if para else 0
    out = []
    for i, token in enumerate(tokens):
        limit = tokens[i + 1].start if i + 1 < len(tokens) else len(text)
        citation = complete(text, token, limit, para)
        out.append(((line_no, token.start), citation, token))
    _share_list_completion(text, out)
    return out


def _share_list_completion(text: str, mentions: list[tuple[tuple[int, int], Citation, Token]]) -> None:
    """Numbers listed under one kind word share the date, issuer and subject written once after the last:
    "các Quyết định số 123/QĐ-UBND, 124/QĐ-UBND ngày 10/02/2023 của UBND tỉnh" dates both."""
    for (_, first, token), (_, listed, next_token) in reversed(list(zip(mentions, mentions[1:]))):
        if (next_token.kind == "bare" and not first.date_text and not first.issuer
                and LIST_SEPARATOR.match(text[token.end: next_token.start])):
            first.date, first.date_text = listed.date, listed.date_text
            first.issuer, first.issuer_normalized = listed.issuer, listed.issuer_normalized
            first.subject = first.subject or listed.subject
