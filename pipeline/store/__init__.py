"""Stage 4: write results to SQLite with sqlite-utils, exactly per ../shared/SCHEMA.md.

The store never parses text: it receives records from the extractors and
decides only identity (which `documents` row a mention belongs to) and
transactions (a file's rows appear all together or not at all).

By job: `schema` (tables, indexes, full-text indexes, row counts), `rows` (a file's rows
inserted, replaced, deleted), `prepare` (a report's rows built in the worker), `writer` (the
single writer: a report in one transaction; ingest runs), `batch_end` (the step after a run:
documents), `copies` (the same report in several forms). This module is the API.
"""
from ..discover import location
from .batch_end import consolidate
from .copies import mark_copies
from .prepare import SEARCH_TEXT_SOURCES, PreparedReport, prepare_report
from .rows import (
    PAGE_ROWS, FileIndex, KnownFile, _insert, delete_files, known_file, mark_missing, move_file, now, record_file,
)
from .schema import (
    BOOKKEEPING, BOOKKEEPING_KEYS, COUNTED_TABLES, FOREIGN_KEYS, FTS_COLUMNS, FTS_TOKENIZER, INDEXES, SCHEMA,
    SEARCH_INDEXES, counts, ensure_row_counts, ensure_schema, ensure_search_indexes, inspect_data, open_db,
    table_counts,
)
from .writer import finish_run, pending_work, start_run, store_report, write_report

__all__ = [
    "location", "consolidate", "mark_copies", "SEARCH_TEXT_SOURCES", "PreparedReport", "prepare_report",
    "PAGE_ROWS", "FileIndex", "KnownFile", "delete_files", "known_file", "mark_missing", "move_file", "now",
    "record_file", "BOOKKEEPING", "BOOKKEEPING_KEYS", "COUNTED_TABLES", "FOREIGN_KEYS", "FTS_COLUMNS",
    "FTS_TOKENIZER", "INDEXES", "SCHEMA", "SEARCH_INDEXES", "counts", "ensure_row_counts", "ensure_schema",
    "ensure_search_indexes", "inspect_data", "open_db", "table_counts", "finish_run", "pending_work",
    "start_run", "store_report", "write_report",
    "_insert",   # pipeline.corrections writes its rows the same way
]
