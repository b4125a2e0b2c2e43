"""Building a report's rows from its extraction, in the worker that extracted it."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from extractors.budget import funds_itself
from extractors.models import Assignment, CitedDocument, Extraction
from extractors.text import Text
from extractors.units import unit_key

from ..search_text import index_text
from .rows import _columns_of, _row_of


@dataclass
class PreparedReport:
    """Every row of one report, built where the text was extracted (a worker process).

    Folding text for `search_text` and flattening records cost more than the
    inserts, so they happen in parallel; the single writer only assigns ids.
    """

    report: dict
    documents: list[tuple[dict, list[dict]]]    # (documents row, its citations rows)
    tables: list[dict]
    indicators: list[dict]
    budget_lines: list[tuple[int | None, dict]]  # (index into tables, budget_lines row)
    assignments: list[tuple[dict, list[dict]]] = field(default_factory=list)  # (row, its assignment_units rows)
    budget_documents: list[int | None] = None    # per budget line: index into documents it names
    funds_itself: bool = False                   # a plan, a decision: lines naming no document fund the report itself


# The columns each table's `search_text` folds (as prepare_report and _document_id build it),
# for rows changed after extraction (pipeline/corrections.py).
SEARCH_TEXT_SOURCES = {
    "reports": ("title", "text"),
    "documents": ("ref", "doc_type", "subject", "issuer"),
    "citations": ("text_as_written", "context"),
    "indicators": ("subject", "context"),
    "budget_lines": ("item", "source_of_funds", "context"),
}


def prepare_report(text: Text, extraction: Extraction) -> PreparedReport:
    header = extraction.header
    memo: dict[str, str] = {}     # (folded parts: a sentence is the context of several rows)
    report = _row_of("reports", header, text=text.full, search_text=index_text(header.title, text.full, memo=memo))
    documents = [
        (_document_row(doc, memo), [
            _columns_of("citations", {
                "page": m.page, "line": m.line, "context": m.context, "section": m.section,
                "text_as_written": m.text_as_written, "doc_type": m.doc_type, "issuer": m.issuer,
                "subject": m.subject, "date_as_written": m.date, "source": m.source,
                "search_text": index_text(m.text_as_written, m.context, memo=memo),
                "char_start": m.start, "char_end": m.end,
            })
            for m in doc.mentions
        ])
        for doc in extraction.documents
    ]
    tables = [
        _row_of("tables", t, header=json.dumps(t.header, ensure_ascii=False),
                rows=json.dumps(t.rows, ensure_ascii=False))
        for t in extraction.tables
    ]
    indicators = [
        _row_of("indicators", i, search_text=index_text(i.subject, i.context, memo=memo),
                char_start=i.start, char_end=i.end)
        for i in extraction.indicators
    ]
    budget_lines = [
        (b.table_index, _row_of("budget_lines", b,
                                search_text=index_text(b.item, b.source_of_funds, b.context, memo=memo),
                                char_start=b.start, char_end=b.end))
        for b in extraction.budget_lines
    ]
    return PreparedReport(report, documents, tables, indicators, budget_lines,
                          assignments=[_assignment_rows(a, memo) for a in extraction.assignments],
                          budget_documents=[b.document_index for b in extraction.budget_lines],
                          funds_itself=funds_itself(header))


def _assignment_rows(assignment: Assignment, memo: dict[str, str] | None = None) -> tuple[dict, list[dict]]:
    """An assignments row (units as JSON arrays) and one assignment_units row per unit."""
    units = [{"role": role, "unit": unit, "unit_key": unit_key(unit)}
             for role, names in (("lead", assignment.lead_units), ("coordinating", assignment.coordinating_units))
             for unit in names]
    # the bodies also by their keys, so "UBND" finds "Ủy ban nhân dân" and the reverse
    row = _row_of("assignments", assignment,
                  lead_units=json.dumps(assignment.lead_units, ensure_ascii=False),
                  coordinating_units=json.dumps(assignment.coordinating_units, ensure_ascii=False),
                  search_text=index_text(assignment.task, *(u["unit"] for u in units), *(u["unit_key"] for u in units),
                                         assignment.timeframe, memo=memo))
    return row, units


def _document_row(doc: CitedDocument, memo: dict[str, str] | None = None) -> dict:
    return {
        "ref": doc.ref, "number": doc.number, "symbol": doc.symbol, "year_in_number": doc.year_in_number,
        "type_code": doc.type_code, "doc_type": doc.doc_type, "issuer": doc.issuer, "date": doc.date,
        "year": int(doc.date[:4]) if doc.date else None, "subject": doc.subject,
        "search_text": index_text(doc.ref, doc.doc_type, doc.subject, doc.issuer, memo=memo),
    }
