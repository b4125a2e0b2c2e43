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

Split the eyecite way: the number-and-symbol pattern (extractors.lang.reference_pattern), the
tokens (reference_tokens), their completion paragraph by paragraph (reference_completion), the
tables of documents (reference_tables), and here the short forms, aliases and `find_citations`.
"""
from __future__ import annotations

import regex as re
from dataclasses import replace

from .doctypes import type_for_word
from .models import Citation, Table
from .reference_completion import complete, place_in_report, prose_citations
from .reference_tables import document_columns, table_citations
from .reference_tokens import Token
from .tables import find_tables
from .text import Paragraph, Text, fold

# An alias note: "(sau đây gọi tắt là Nghị quyết số 13-NQ/TU)", "(sau đây viết tắt là Chỉ thị số 16)".
ALIAS_NOTE = re.compile(r"\(\s*(?i:sau\s+đây\s+(?:được\s+)?(?:gọi|viết)(?:\s+tắt)?\s+là)\s+(?P<alias>[^()]{2,80}?)\s*\)")


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


def _resolve_short_forms(mentions: list[tuple[tuple[int, int], Citation, Token]]) -> list[Citation]:
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



# Any digit: an alias that repeats no number names too much to follow.
_DIGIT = re.compile(r"\d")


def _alias_mentions(paragraphs: list[Paragraph], found, text: Text) -> list[tuple[tuple[int, int], Citation, Token]]:
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
                    token = Token(m.start(), m.end(), "alias", alias, target.number, target=target)
                    citation = complete(later.text, token, len(later.text), later)
                    place_in_report(citation, later, text)
                    out.append(((line_no, m.start()), citation, token))
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
        mentions = prose_citations(para.text, para)
        for _, citation, _ in mentions:
            place_in_report(citation, para, text)
        found.extend(mentions)
    for table, columns in listed:
        found.extend(table_citations(text, table, columns))
    found.extend(_alias_mentions(paragraphs, found, text))
    found.sort(key=lambda f: f[0])

    citations = _resolve_short_forms(found)
    if sections is not None:
        for c in citations:
            c.section = sections.path_at(c.line)
    return citations
