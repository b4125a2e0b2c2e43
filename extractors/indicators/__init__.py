"""Quantitative statements: percentages, fractions, counts and money totals in prose.

    "Tỷ lệ thanh toán trực tuyến đạt 55,09%"            -> 55.09 %
    "100% cơ quan, đơn vị, địa phương có mạng LAN"      -> 100 %, subject after the value
    "đã cấp trên 130.141/131.749 CCCD, đạt 98,78%"      -> 98.78 %, numerator 130141, denominator 131749
    "tiếp nhận 1.050 hồ sơ trực tuyến/tổng số 1.710 hồ sơ, chiếm tỷ lệ 61,4%" -> 61.4 %, 1050/1710
    "mức độ 3 là 310/845"                               -> 310 hồ sơ (a fraction without a percentage)
    "toàn thị xã có 151 trạm BTS"                       -> 151 trạm BTS
    "với tổng số tiền 49.634.181.598 đồng"              -> 49634181598 đồng

A count or fraction followed by the percentage it amounts to ("…, đạt 98,78%")
is one statement, not two. Numbers that only name things are skipped: document
numbers and dates (masked before scanning), years, "mức độ 3", "cấp độ 2",
"Điều 25", "Đề án 06", "4G/5G", "10 năm", "14 tuổi", section numbers.
Budget amounts in "triệu đồng"/"tỷ đồng" belong to extractors.budget.

Each indicator is labelled `target` (a goal) or `actual` (a result): from the
clause ("phấn đấu", "đến năm 2025" after the report's year), else from the
section titles above it (Mục tiêu, Chỉ tiêu, Định hướng, … versus Kết quả,
Tình hình, …), else from the document kind (a Kế hoạch states goals): extractors.lang.stance.

    values.py    reading the values of a paragraph (numbers, their units, counts and shares)
    subjects.py         what each value measures, from the words of its clause
    subject_context.py  ... completed from the values before it (a breakdown's part, a bare comparison)
    table_subjects.py   ... in a table row: the row's label and the column's name
    here         placing a value: its line, sentence, clause, subject, period and stance
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.indicators.subject_context import subject_in_context
from extractors.indicators.subjects import subject_of
from extractors.indicators.table_subjects import column_of, header_cells, percent_cells, period_of_column, row_subject
from extractors.indicators.values import Found, last_sentence_end, scan
from extractors.lang.masking import DOCUMENT_REFERENCE, mask
from extractors.lang.periods import ANY_YEAR, PERIOD_VERB, find_periods, in_lower_case
from extractors.lang.stance import column_stance, stance
from extractors.models import Indicator, ReportHeader
from extractors.numbers import DIGIT
from extractors.sentences import clause_bounds, sentence_at
from extractors.text import Paragraph, Text


def find_indicators(
    text: Text,
    sections=None,
    header: ReportHeader | None = None,
) -> list[Indicator]:
    """Every quantitative statement in the report, in reading order."""
    found: list[Indicator] = []
    column_names: list[str] = []     # the header row of the table being read
    after_table_row = False
    for paragraph in text.paragraphs():
        table_row = paragraph.first_line.is_table_row
        if table_row and not after_table_row:       # a table's first row names its columns
            column_names = header_cells(paragraph.text)
        after_table_row = table_row
        if not DIGIT.search(paragraph.text):   # no number to read, as in most paragraphs
            continue
        previous_end = 0           # where the previous value's words end
        references_masked = mask(paragraph.text, (DOCUMENT_REFERENCE,))   # read for values and time phrases
        items = scan(paragraph.text, references_masked, table_row)
        if table_row and column_names:     # "52,0" under "Tỷ lệ so với kế hoạch (%)"
            items = sorted(items + percent_cells(paragraph.text, column_names, items), key=lambda f: f.start)
        periods = find_periods(references_masked) if items else []
        earlier: list[tuple[Found, Indicator]] = []
        for i, item in enumerate(items):
            next_start = items[i + 1].lead_or_start if i + 1 < len(items) else len(paragraph.text)
            indicator, previous_end = _place(item, paragraph, table_row, sections, header,
                                             previous_end, next_start, periods, earlier, column_names)
            indicator.start = text.position(paragraph, item.start)
            indicator.end = text.position(paragraph, item.start + len(item.value_text))
            earlier.append((item, indicator))
            found.append(indicator)
    return found


# ---------------------------------------------------------------------------
# Placing a value: line, subject, period, goal or result.

def _place(item: Found, paragraph: Paragraph, table_row: bool, sections, header,
           previous_end: int, next_start: int, periods: list[re.Match],
           earlier: list[tuple[Found, Indicator]], column_names: list[str]) -> tuple[Indicator, int]:
    """The indicator for `item`, and where the words it took as its subject end.

    `earlier`: the values placed before it in the paragraph; `column_names`: the header row of
    the table a table row belongs to.
    """
    text = paragraph.text
    value_start = item.start
    line = paragraph.line_at(value_start)
    sentence_start = last_sentence_end(text[:value_start]) + 1
    clause_start, clause_end = clause_bounds(text, value_start, value_start)
    titles = list(sections.titles_at(line.number)) if sections is not None else []
    period, year = _period(periods, clause_start, clause_end, sentence_start, titles, value_start)
    if table_row:
        subject, subject_end = row_subject(text, item, column_names), item.end
        column_period = period_of_column(text, item, column_names)
        if column_period:                 # "Chỉ tiêu | Năm 2024 | Năm 2025": the value's column says when
            period, year = column_period
    else:
        follows_value = previous_end > clause_start
        subject, subject_end = subject_of(text, item, max(clause_start, previous_end),
                                        min(clause_end, max(next_start, item.end)), follows_value)
        subject = subject_in_context(subject, text, item, clause_start, sentence_start, earlier)
    return Indicator(
        value=item.value,
        unit=item.unit,
        value_text=item.value_text,
        subject=subject,
        kind=(table_row and column_stance(column_of(text, item, column_names))) or stance(
            text[clause_start:clause_end], titles, header, text[sentence_start:clause_start]),
        numerator=item.numerator,
        denominator=item.denominator,
        value_high=item.value_high,
        qualifier=item.qualifier,
        period=period,
        year=year,
        line=line.number,
        page=line.page,
        context=text if table_row else sentence_at(text, value_start),
        section=sections.path_at(line.number) if sections is not None else None,
    ), subject_end


def _period(periods: list[re.Match], clause_start: int, clause_end: int, sentence_start: int,
            titles: list[str], value_start: int) -> tuple[str | None, int | None]:
    """The time the value refers to: in its clause (the nearest before it: "năm 2023 là 4,2%, năm 2024 còn
    3,1%"), else earlier in its sentence or paragraph, else a section title."""
    in_clause = [m for m in periods if clause_start <= m.start() and m.end() <= clause_end]
    candidates = [m for m in in_clause if m.end() <= value_start][-1:] or in_clause[:1]
    if not candidates:
        earlier = [m for m in periods if m.end() <= clause_start]
        sentence = [m for m in earlier if m.start() >= sentence_start]
        candidates = sentence[-1:] or earlier[-1:]
    if not candidates:
        for title in reversed(titles):
            found = _title_period(title)
            if found:
                candidates = [found]
                break
    if not candidates:
        return None, None
    m = candidates[0]
    for name in ("until_date", "on_date"):
        if m[name]:
            return m[name], int(m[name][-4:])
    phrase = " ".join(m.group().split())
    phrase = PERIOD_VERB.sub("", phrase)
    phrase = in_lower_case(phrase)
    years = {int(y) for y in ANY_YEAR.findall(phrase)}
    return phrase, years.pop() if len(years) == 1 else None


@lru_cache(maxsize=256)   # a report's few section titles are read for every value under them
def _title_period(title: str) -> re.Match | None:
    periods = find_periods(mask(title, (DOCUMENT_REFERENCE,)))   # (not "… so với năm 2024" in an item heading)
    return periods[0] if periods else None
