"""Tables in a report: TAB-separated rows, and appendix tables flattened by PDF extraction.

Every loader renders a table as one line per row with cells separated by TAB
(a DOCX/PDF cell's internal newlines become spaces), so one parser serves all
formats (tab.py); appendix tables that PDF text extraction flattened into one
cell fragment per line are rebuilt, best effort, by flattened.py (or, where cells
run together on shared lines, by run_together.py; what both read a header and a
row's text as: flat_cells.py). What columns and rows mean, captions and units: columns.py.
"""
from __future__ import annotations

from extractors.models import Table
from extractors.tables.flattened import flattened_tables
from extractors.tables.tab import tab_drafts, to_table
from extractors.text import Text


def find_tables(text: Text) -> list[Table]:
    """Every table in the report, in reading order, rows continued across page breaks merged."""
    tables = [to_table(text, d) for d in tab_drafts(text) if d.rows]
    tables += flattened_tables(text, tables)
    return sorted(tables, key=lambda t: t.first_line)
