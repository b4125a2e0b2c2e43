"""A review page for one report: its text with every extraction highlighted by type.

Each extracted row (citation, indicator, budget line) is placed back in
`reports.text` from its `line` and its text as written, and wrapped in a
`<mark>`: where marks overlap, the longest is shown and the others are named in
its tooltip. Extractions that cannot be found on their line are listed apart: a
reviewer sees them rather than a guess. Used by the Datasette plugin
(`/-/review/<db>/<id>?page=N`, one page of lines at a time so that a report of
a thousand pages answers as fast as a short one) and by
`baocao show FILE --html OUT.html` (the whole report).
"""
from __future__ import annotations

import bisect
import html
import json
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from .i18n import formats

CITATION, INDICATOR, BUDGET, ASSIGNMENT = "VĂN BẢN", "CHỈ TIÊU", "KINH PHÍ", "NHIỆM VỤ"
COLORS = {CITATION: "#9ecae1", INDICATOR: "#a1d99b", BUDGET: "#fdd0a2", ASSIGNMENT: "#dadaeb"}
LABEL_GLOSS = {CITATION: "văn bản được trích dẫn · cited document",
               INDICATOR: "chỉ tiêu · indicator",
               BUDGET: "kinh phí · money amount",
               ASSIGNMENT: "nhiệm vụ được giao · assignment"}
# An assignment is marked by the first words of its task (the whole sentence would hide the rest).
ASSIGNMENT_MARK_WORDS = 8

# How many lines from its `line` a mention may run over (PDF text hard-wraps sentences);
# a row of a table may run to the table's last line (flattened PDF tables wrap each cell).
SEARCH_LINES = 6

# Lines of the report on one page of the Datasette review: the work of one request is bounded
# by this (about 10 printed pages), not by the report's length.
LINES_PER_PAGE = 500

# One highlighted extraction, on one line so the page can keep the text's tabs and spaces
# (white-space: pre-wrap) without stray line breaks. Every value is escaped before it goes in.
_MARK_TEMPLATE = ('<mark class="entity" style="background: {bg}" title="{tooltip}">{text}'
                  '<span class="entity-label">{label}{link}</span></mark>')

REVIEW_CSS = """
.baocao-review .entities { white-space: pre-wrap; tab-size: 6; line-height: 1.8;
  font-family: Georgia, "Times New Roman", serif; font-size: 1rem; max-width: 72rem; }
.baocao-review mark.entity { padding: 0.15em 0.3em; border-radius: 0.3em; }
.baocao-review .entity-label { font: bold 0.65em sans-serif; margin-left: 0.4em; vertical-align: middle; }
.baocao-review .entity-label a { font-weight: normal; margin-left: 0.3em; }
.baocao-review .legend mark { padding: 0.1em 0.4em; border-radius: 0.3em; margin-right: 0.3em; }
.baocao-review .unplaced { color: #8a3b00; }
.baocao-review .pages a, .baocao-review .pages strong { margin-right: 0.5em; }
"""


@dataclass
class Mark:
    """One extraction to highlight: what to look for, where, and what to say about it."""

    label: str
    line: int | None
    text: str
    tooltip: str
    link: str | None = None        # e.g. the cited document's row in Datasette
    link_text: str | None = None
    last_line: int | None = None   # the last line it may be on, when known (its table's last line)


@dataclass
class Review:
    heading: str                   # "Báo cáo số 123/BC-UBND ngày 05/01/2023"
    title: str | None
    path: str
    body_html: str                 # legend, page links, highlighted text, extractions not found
    placed: dict[str, int] = field(default_factory=dict)
    unplaced: list[Mark] = field(default_factory=list)
    page: int = 1                  # this page, of `pages` (1 when the whole report is shown)
    pages: int = 1


def _mention_pattern(written: str) -> re.Pattern:
    """The text as written, any run of whitespace matching any other, not inside a longer number or word."""
    body = r"\s+".join(re.escape(piece) for piece in written.split())
    return re.compile(rf"(?<!\w)(?<!\d[.,]){body}(?!\w)(?![.,]\d)")


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def locate(text: str, marks: list[Mark]) -> tuple[list[tuple[int, int, Mark]], list[Mark]]:
    """Character spans of `marks` in `text`, each searched from its line on; the marks not found.

    Two marks of the same type and text on the same line take successive occurrences.
    """
    line_starts = _line_starts(text)
    taken: set[tuple[str, int]] = set()
    placed, unplaced = [], []
    for mark in marks:
        if not mark.text or not mark.text.strip() or not mark.line or mark.line > len(line_starts):
            unplaced.append(mark)
            continue
        last = max(mark.last_line or 0, mark.line + SEARCH_LINES - 1)
        start = line_starts[mark.line - 1]
        end = line_starts[last] if last < len(line_starts) else len(text)
        found = next((m for m in _mention_pattern(mark.text).finditer(text, start, end)
                      if (mark.label, m.start()) not in taken), None)
        if found is None:
            unplaced.append(mark)
            continue
        taken.add((mark.label, found.start()))
        placed.append((found.start(), found.end(), mark))
    return placed, unplaced


def shown_marks(placed: list[tuple[int, int, Mark]]) -> list[tuple[int, int, Mark, list[Mark]]]:
    """The marks to draw, in text order: the longest of overlapping ones (the earlier on a tie),
    each with the marks it hides (named in its tooltip, so none is lost)."""
    by_length = sorted(placed, key=lambda p: (-(p[1] - p[0]), p[0]))   # stable: placing order on ties
    starts: list[int] = []          # the shown spans, sorted, as parallel lists of starts and entries
    shown: list[tuple[int, int, Mark, list[Mark]]] = []
    for start, end, mark in by_length:
        i = bisect.bisect_right(starts, start)
        # spans shown so far do not overlap one another, so only the neighbours can overlap this one
        outer = next((shown[j] for j in (i - 1, i) if 0 <= j < len(shown)
                      and shown[j][0] < end and start < shown[j][1]), None)
        if outer is None:
            starts.insert(i, start)
            shown.insert(i, (start, end, mark, []))
        else:
            outer[3].append(mark)
    return shown


def render_marks(text: str, placed: list[tuple[int, int, Mark]]) -> str:
    """`text`, escaped, with the shown marks drawn around their spans; Datasette-free HTML."""
    out, last = ['<div class="entities">'], 0
    for start, end, mark, hidden in shown_marks(placed):
        tooltip = "\n".join([mark.tooltip] + [f"+ {m.label}: {m.tooltip}" for m in hidden])
        link = (f' <a href="{html.escape(mark.link)}">{html.escape(mark.link_text or "→")}</a>'
                if mark.link else "")
        out.append(html.escape(text[last:start]))
        out.append(_MARK_TEMPLATE.format(bg=COLORS[mark.label], tooltip=html.escape(tooltip),
                                         text=html.escape(text[start:end]), label=html.escape(mark.label),
                                         link=link))
        last = end
    out.append(html.escape(text[last:]))
    out.append("</div>")
    return "".join(out)


def _tooltip(*parts) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def _of_report(report_id: int, lines: tuple[int, int] | None) -> tuple[str, list]:
    """A where clause (`{t}`: the table's alias) for the rows of the report on `lines` (all when None)."""
    where, args = "{t}.report_id = ?", [report_id]
    if lines is not None:
        where += " and ({t}.line between ? and ?" + (" or {t}.line is null)" if lines[0] == 1 else ")")
        args += list(lines)
    return where, args


def report_marks(conn: sqlite3.Connection, report_id: int,
                 document_url: Callable[[int], str] | None = None,
                 lines: tuple[int, int] | None = None) -> list[Mark]:
    """The citations, indicators and budget lines of the report (those whose line is within
    `lines`, first and last, when given; those without a line go with the first page), as marks."""
    where, args = _of_report(report_id, lines)
    marks = []
    for line, written, ref, date, doc_id, doc_type in conn.execute(
        "select c.line, c.text_as_written, d.ref, d.date, d.id, coalesce(d.doc_type, c.doc_type) "
        f"from citations c join documents d on d.id = c.document_id where {where.format(t='c')} order by c.id", args,
    ):
        marks.append(Mark(CITATION, line, written or ref,
                          _tooltip(" ".join(p for p in (doc_type, ref, date and f"ngày {formats.date(date)}") if p),
                                   f"dòng {line}"),
                          link=document_url(doc_id) if document_url else None, link_text=ref))
    for line, value_text, value, unit, kind, period, subject in conn.execute(
        "select line, value_text, value, unit, kind, period, subject from indicators i "
        f"where {where.format(t='i')} order by id", args,
    ):
        kind_vi = {"actual": "kết quả", "target": "mục tiêu"}.get(kind, kind)
        value_unit = f"{formats.number(value)} {unit or ''}".strip() if value is not None else value_text
        marks.append(Mark(INDICATOR, line, value_text, _tooltip(value_unit, kind_vi, period, subject, f"dòng {line}")))
    for line, amount_text, amount_vnd, status, year, period, item, source, table_last_line in conn.execute(
        "select b.line, b.amount_text, b.amount_vnd, b.status, b.year, b.period, b.item, b.source_of_funds, "
        "t.last_line from budget_lines b left join tables t on t.id = b.table_id "
        f"where {where.format(t='b')} order by b.id", args,
    ):
        status_vi = {"spent": "đã chi", "planned": "dự kiến", "total": "dòng tổng"}.get(status, status)
        marks.append(Mark(BUDGET, line, amount_text,
                          _tooltip(formats.money(amount_vnd) or "?", status_vi, year or period, item, source, f"dòng {line}"),
                          last_line=table_last_line))
    marks += assignment_marks(conn, report_id, lines)
    return marks


def assignment_marks(conn: sqlite3.Connection, report_id: int,
                     lines: tuple[int, int] | None = None) -> list[Mark]:
    """Each assignment, marked at the first words of its task, its units and deadline in the tooltip."""
    where, args = _of_report(report_id, lines)
    marks = []
    for line, task, lead, coordinating, timeframe in conn.execute(
        "select line, task, lead_units, coordinating_units, timeframe from assignments a "
        f"where {where.format(t='a')} order by id", args,
    ):
        lead_units, coordinating_units = json.loads(lead or "[]"), json.loads(coordinating or "[]")
        marks.append(Mark(ASSIGNMENT, line, " ".join((task or "").split()[:ASSIGNMENT_MARK_WORDS]),
                          _tooltip("chủ trì: " + "; ".join(lead_units) if lead_units else None,
                                   "phối hợp: " + "; ".join(coordinating_units) if coordinating_units else None,
                                   f"thời gian: {timeframe}" if timeframe else None, f"dòng {line}"),
                          # a task cell of a flattened table runs over a line per word or two
                          last_line=line + 3 * ASSIGNMENT_MARK_WORDS if line else None))
    return marks


def _page_links(page: int, pages: int) -> str:
    """Links to the first, last and nearby pages (?page=N of the same address)."""
    numbers = sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)})
    links, previous = [], 0
    for n in numbers:
        if n > previous + 1:
            links.append("…")
        links.append(f"<strong>{n}</strong>" if n == page else f'<a href="?page={n}">{n}</a>')
        previous = n
    return f'<p class="pages">Trang · page {page}/{pages}: {" ".join(links)}</p>'


def report_review(conn: sqlite3.Connection, report_id: int,
                  document_url: Callable[[int], str] | None = None,
                  page: int | None = None, lines_per_page: int = LINES_PER_PAGE) -> Review | None:
    """The review of report `report_id`, or None when there is no such report.

    `page` (1-based) shows only that page of `lines_per_page` lines and its extractions (a page
    past the end shows the last one); None shows the whole report. A mention that runs past the
    page's last line is shown whole: the page runs on to the end of its line.
    """
    row = conn.execute(
        "select r.kind, r.number, r.symbol, r.date, r.year, r.title, r.text, f.path "
        "from reports r join files f on f.id = r.file_id where r.id = ?", [report_id]).fetchone()
    if row is None:
        return None
    kind, number, symbol, date, year, title, text, path = row
    text = text or ""
    line_starts = _line_starts(text)
    pages = max(1, math.ceil(len(line_starts) / lines_per_page)) if page is not None else 1
    page = min(max(page or 1, 1), pages)
    if pages > 1:
        first, last = (page - 1) * lines_per_page + 1, min(page * lines_per_page, len(line_starts))
        marks = report_marks(conn, report_id, document_url, lines=(first, last))
    else:
        first, last = 1, len(line_starts)
        marks = report_marks(conn, report_id, document_url)
    placed, unplaced = locate(text, marks)
    begin = line_starts[first - 1]
    end = line_starts[last] if last < len(line_starts) else len(text)
    if placed and max(e for _, e, _ in placed) > end:
        overrun = max(e for _, e, _ in placed)
        end = text.find("\n", overrun) + 1 or len(text)
    counts = {label: sum(1 for _, _, m in placed if m.label == label) for label in COLORS}
    totals = {label: sum(1 for m in marks if m.label == label) for label in COLORS}
    heading = " ".join(p for p in [kind or "Văn bản", f"số {number or '…'}/{symbol}" if symbol else None,
                                   f"ngày {formats.date(date)}" if date else (f"năm {year}" if year else None)] if p)
    legend = " ".join(
        f'<span><mark style="background: {COLORS[label]}">{label}</mark>{html.escape(LABEL_GLOSS[label])}: '
        f"{counts[label]}/{totals[label]}</span>&nbsp;&nbsp;" for label in COLORS)
    page_links = _page_links(page, pages) if pages > 1 else ""
    on_page = [(start - begin, stop - begin, mark) for start, stop, mark in placed]
    parts = [f'<div class="baocao-review"><p class="legend">{legend}</p>', page_links,
             render_marks(text[begin:end], on_page), page_links]
    if unplaced:
        items = "".join(f"<li>{html.escape(m.label)} «{html.escape(m.text or '')}» — {html.escape(m.tooltip)}</li>"
                        for m in unplaced)
        parts.append(f'<h3 class="unplaced">Không tìm thấy trên dòng đã ghi · not found on their line '
                     f"({len(unplaced)})</h3><ul class=\"unplaced\">{items}</ul>")
    parts.append("</div>")
    return Review(heading, title, path, "".join(parts), counts, unplaced, page, pages)


def review_page(review: Review) -> str:
    """A standalone HTML page (no server needed) for `baocao show FILE --html OUT.html`."""
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(review.heading)} — {html.escape(review.path)}</title>"
        f"<style>body {{ font-family: sans-serif; margin: 2rem; }} {REVIEW_CSS}</style></head>\n<body>\n"
        f"<h1>{html.escape(review.heading)}</h1>\n<h2>{html.escape(review.title or '')}</h2>\n"
        f"<p>{html.escape(review.path)}</p>\n{review.body_html}\n</body>\n</html>\n"
    )
