"""A review page for one report: its text with every extraction highlighted by type.

Each extracted row (citation, indicator, budget line) is placed back in
`reports.text` from its `line` and its text as written, turned into a span of a
spaCy `Doc`, and rendered with displacy's entity style. Extractions that cannot
be found on their line are listed apart: a reviewer sees them rather than a
guess. Used by the Datasette plugin (`/-/review/<db>/<id>`) and by
`baocao show FILE --html OUT.html`.
"""
from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy import displacy
from spacy.tokens import Doc
from spacy.util import filter_spans, get_words_and_spaces
from spacy.vocab import Vocab

from extractors.numbers import format_number

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

# Tokens of the review Doc: words, and every other non-space character alone, so
# that "3225/KH-UBND" or "61,4%" split where any extraction may start or end.
_TOKEN = re.compile(r"\w+|[^\w\s]")

# One entity of displacy's "ent" style, on one line so the page can keep the
# text's tabs and spaces (white-space: pre-wrap) without stray line breaks.
_ENT_TEMPLATE = ('<mark class="entity" style="background: {bg}" title="{tooltip}">{text}'
                 '<span class="entity-label">{label}{link}</span></mark>')

REVIEW_CSS = """
.baocao-review .entities { white-space: pre-wrap; tab-size: 6; line-height: 1.8;
  font-family: Georgia, "Times New Roman", serif; font-size: 1rem; max-width: 72rem; }
.baocao-review mark.entity { padding: 0.15em 0.3em; border-radius: 0.3em; }
.baocao-review .entity-label { font: bold 0.65em sans-serif; margin-left: 0.4em; vertical-align: middle; }
.baocao-review .entity-label a { font-weight: normal; margin-left: 0.3em; }
.baocao-review .legend mark { padding: 0.1em 0.4em; border-radius: 0.3em; margin-right: 0.3em; }
.baocao-review .unplaced { color: #8a3b00; }
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
    heading: str                   # "Báo cáo số 123/BC-UBND ngày 2023-01-05"
    title: str | None
    path: str
    body_html: str                 # legend, highlighted text, extractions not found
    placed: dict[str, int] = field(default_factory=dict)
    unplaced: list[Mark] = field(default_factory=list)


def _mention_pattern(written: str) -> re.Pattern:
    """The text as written, any run of whitespace matching any other, not inside a longer number or word."""
    body = r"\s+".join(re.escape(piece) for piece in written.split())
    return re.compile(rf"(?<!\w)(?<!\d[.,]){body}(?!\w)(?![.,]\d)")


def locate(text: str, marks: list[Mark]) -> tuple[list[tuple[int, int, Mark]], list[Mark]]:
    """Character spans of `marks` in `text`, each searched from its line on; the marks not found.

    Two marks of the same type and text on the same line take successive occurrences.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
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


def review_doc(text: str, placed: list[tuple[int, int, Mark]]) -> Doc:
    """A Doc of `text` whose `spans["extractions"]` are all placed marks and whose ents are the
    longest non-overlapping ones (a mark overlapping a longer one is named in its tooltip)."""
    words = _TOKEN.findall(text)
    words, spaces = get_words_and_spaces(words, text)
    doc = Doc(Vocab(), words=words, spaces=spaces)
    spans = []
    for start, end, mark in placed:
        span = doc.char_span(start, end, label=mark.label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["extractions"] = spans
    doc.ents = filter_spans(spans)
    return doc


def render_marks(doc: Doc, placed: list[tuple[int, int, Mark]]) -> str:
    """displacy markup of the Doc's ents, each with its tooltip and link; Datasette-free HTML."""
    marks_at = {}
    for start, end, mark in placed:
        span = doc.char_span(start, end, alignment_mode="expand")
        marks_at.setdefault((span.start_char, span.end_char, mark.label), mark)
    tooltips = {key: [mark.tooltip] for key, mark in marks_at.items()}
    for span in doc.spans["extractions"]:
        key = (span.start_char, span.end_char, span.label_)
        outer = next((e for e in doc.ents if e.start < span.end and span.start < e.end), None)
        if outer is not None and (outer.start_char, outer.end_char, outer.label_) != key:
            tooltips[(outer.start_char, outer.end_char, outer.label_)].append(
                f"+ {span.label_}: {marks_at[key].tooltip}")
    parsed = displacy.parse_ents(doc)
    for ent in parsed["ents"]:
        key = (ent["start"], ent["end"], ent["label"])
        mark = marks_at[key]
        link = (f' <a href="{html.escape(mark.link)}">{html.escape(mark.link_text or "→")}</a>'
                if mark.link else "")
        ent["params"] = {"tooltip": html.escape("\n".join(tooltips[key])), "link": link}
    return displacy.render(parsed, style="ent", manual=True,
                           options={"colors": COLORS, "template": _ENT_TEMPLATE})


def _vnd(amount: int | None) -> str:
    return f"{format_number(amount)} đồng" if amount is not None else "?"


def _tooltip(*parts) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def report_marks(conn: sqlite3.Connection, report_id: int,
                 document_url: Callable[[int], str] | None = None) -> list[Mark]:
    """Every citation, indicator and budget line of the report, as marks to place."""
    marks = []
    for line, written, ref, date, doc_id, doc_type in conn.execute(
        "select c.line, c.text_as_written, d.ref, d.date, d.id, coalesce(d.doc_type, c.doc_type) "
        "from citations c join documents d on d.id = c.document_id where c.report_id = ? order by c.id",
        [report_id],
    ):
        marks.append(Mark(CITATION, line, written or ref,
                          _tooltip(" ".join(p for p in (doc_type, ref, date and f"ngày {date}") if p), f"dòng {line}"),
                          link=document_url(doc_id) if document_url else None, link_text=ref))
    for line, value_text, value, unit, kind, period, subject in conn.execute(
        "select line, value_text, value, unit, kind, period, subject from indicators where report_id = ? order by id",
        [report_id],
    ):
        kind_vi = {"actual": "kết quả", "target": "mục tiêu"}.get(kind, kind)
        value_unit = f"{format_number(value)} {unit or ''}".strip() if value is not None else value_text
        marks.append(Mark(INDICATOR, line, value_text, _tooltip(value_unit, kind_vi, period, subject, f"dòng {line}")))
    for line, amount_text, amount_vnd, status, year, period, item, source, table_last_line in conn.execute(
        "select b.line, b.amount_text, b.amount_vnd, b.status, b.year, b.period, b.item, b.source_of_funds, "
        "t.last_line from budget_lines b left join tables t on t.id = b.table_id where b.report_id = ? order by b.id",
        [report_id],
    ):
        status_vi = {"spent": "đã chi", "planned": "dự kiến", "total": "dòng tổng"}.get(status, status)
        marks.append(Mark(BUDGET, line, amount_text,
                          _tooltip(_vnd(amount_vnd), status_vi, year or period, item, source, f"dòng {line}"),
                          last_line=table_last_line))
    marks += assignment_marks(conn, report_id)
    return marks


def assignment_marks(conn: sqlite3.Connection, report_id: int) -> list[Mark]:
    """Each assignment, marked at the first words of its task, its units and deadline in the tooltip."""
    marks = []
    for line, task, lead, coordinating, timeframe in conn.execute(
        "select line, task, lead_units, coordinating_units, timeframe from assignments where report_id = ? order by id",
        [report_id],
    ):
        lead_units, coordinating_units = json.loads(lead or "[]"), json.loads(coordinating or "[]")
        marks.append(Mark(ASSIGNMENT, line, " ".join((task or "").split()[:ASSIGNMENT_MARK_WORDS]),
                          _tooltip("chủ trì: " + "; ".join(lead_units) if lead_units else None,
                                   "phối hợp: " + "; ".join(coordinating_units) if coordinating_units else None,
                                   f"thời gian: {timeframe}" if timeframe else None, f"dòng {line}"),
                          # a task cell of a flattened table runs over a line per word or two
                          last_line=line + 3 * ASSIGNMENT_MARK_WORDS if line else None))
    return marks


def report_review(conn: sqlite3.Connection, report_id: int,
                  document_url: Callable[[int], str] | None = None) -> Review | None:
    """The review of report `report_id`, or None when there is no such report."""
    row = conn.execute(
        "select r.kind, r.number, r.symbol, r.date, r.year, r.title, r.text, f.path "
        "from reports r join files f on f.id = r.file_id where r.id = ?", [report_id]).fetchone()
    if row is None:
        return None
    kind, number, symbol, date, year, title, text, path = row
    text = text or ""
    marks = report_marks(conn, report_id, document_url)
    placed, unplaced = locate(text, marks)
    doc = review_doc(text, placed)
    counts = {label: sum(1 for _, _, m in placed if m.label == label) for label in COLORS}
    totals = {label: sum(1 for m in marks if m.label == label) for label in COLORS}
    heading = " ".join(p for p in [kind or "Văn bản", f"số {number or '…'}/{symbol}" if symbol else None,
                                   f"ngày {date}" if date else (str(year) if year else None)] if p)
    legend = " ".join(
        f'<span><mark style="background: {COLORS[label]}">{label}</mark>{html.escape(LABEL_GLOSS[label])}: '
        f"{counts[label]}/{totals[label]}</span>&nbsp;&nbsp;" for label in COLORS)
    parts = [f'<div class="baocao-review"><p class="legend">{legend}</p>', render_marks(doc, placed)]
    if unplaced:
        items = "".join(f"<li>{html.escape(m.label)} «{html.escape(m.text or '')}» — {html.escape(m.tooltip)}</li>"
                        for m in unplaced)
        parts.append(f'<h3 class="unplaced">Không tìm thấy trên dòng đã ghi · not found on their line '
                     f"({len(unplaced)})</h3><ul class=\"unplaced\">{items}</ul>")
    parts.append("</div>")
    return Review(heading, title, path, "".join(parts), counts, unplaced)


def review_page(review: Review) -> str:
    """A standalone HTML page (no server needed) for `baocao show FILE --html OUT.html`."""
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(review.heading)} — {html.escape(review.path)}</title>"
        f"<style>body {{ font-family: sans-serif; margin: 2rem; }} {REVIEW_CSS}</style></head>\n<body>\n"
        f"<h1>{html.escape(review.heading)}</h1>\n<h2>{html.escape(review.title or '')}</h2>\n"
        f"<p>{html.escape(review.path)}</p>\n{review.body_html}\n</body>\n</html>\n"
    )
