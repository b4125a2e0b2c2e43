"""The schema (per ../shared/SCHEMA.md), its indexes and full-text indexes, and the row
counts kept at ingest: made on every database, new or old, when it is opened."""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

FTS_TOKENIZER = "unicode61 remove_diacritics 2"

# Columns each searchable table offers to full-text search. `search_text` holds
# the same text folded (no diacritics, đ -> d) so "duc pho" finds "Đức Phổ".
# The child tables (tens of rows per report) index only their folded text: their original
# columns said the same words again and cost the writer a fifth of its time (measured with
# benchmarks/scale.py's generator: 1.70 -> 1.37 ms per report); Datasette's search box folds
# what is typed (the plugin's escape_fts), so "Đức Phổ" still finds them. Databases made
# before keep their indexes.
FTS_COLUMNS = {
    "documents": ["ref", "doc_type", "subject", "issuer", "search_text"],
    "reports": ["title", "text", "search_text"],
    "citations": ["search_text"],
    "indicators": ["search_text"],
    "budget_lines": ["search_text"],
    "assignments": ["search_text"],
}

SCHEMA = {
    "files": {
        "id": int, "root": str, "path": str, "sha256": str, "size": int, "format": str, "pages": int,
        "ocr": int, "ocr_confidence": float, "legacy_encoding": str, "status": str, "error": str,
        "note": str, "warnings": str, "ingested_at": str, "missing_since": str,
    },
    # How each page of a file was read (loaders/textlayer.py): its text layer or OCR, and why.
    "pages": {
        "id": int, "file_id": int, "page": int, "source": str, "why": str, "rotation": int,
        "ocr_confidence": float, "characters": int,
    },
    "reports": {
        "id": int, "file_id": int, "kind": str, "type_code": str, "number": str, "symbol": str,
        "year_in_number": int, "place": str, "place_as_written": str, "date": str, "year": int, "month": int,
        "issuer": str, "title": str, "signer": str, "signer_title": str, "text": str, "search_text": str,
        "copy_of": int,
    },
    "documents": {
        "id": int, "ref": str, "number": str, "symbol": str, "year_in_number": int, "type_code": str,
        "doc_type": str, "issuer": str, "date": str, "year": int, "subject": str, "report_id": int,
        "search_text": str,
    },
    "citations": {
        "id": int, "report_id": int, "document_id": int, "page": int, "line": int, "context": str,
        "section": str, "text_as_written": str, "doc_type": str, "issuer": str, "subject": str,
        "date_as_written": str, "source": str, "search_text": str, "char_start": int, "char_end": int,
    },
    "tables": {
        "id": int, "report_id": int, "page": int, "title": str, "kind": str, "header": str, "rows": str,
        "unit": str, "total_check": str, "first_line": int, "last_line": int,
    },
    "indicators": {
        "id": int, "report_id": int, "page": int, "line": int, "section": str, "context": str,
        "value": float, "unit": str, "value_text": str, "numerator": float, "denominator": float,
        "value_high": float, "qualifier": str, "subject": str, "kind": str, "period": str, "year": int,
        "search_text": str, "char_start": int, "char_end": int,
    },
    "budget_lines": {
        "id": int, "report_id": int, "page": int, "line": int, "section": str, "context": str,
        "table_id": int, "item": str, "year": int, "period": str, "amount_text": str, "amount_vnd": int,
        "source_of_funds": str, "lead_unit": str, "status": str, "qualifier": str, "search_text": str,
        "source_key": str, "document_id": int, "char_start": int, "char_end": int,
    },
    "assignments": {
        "id": int, "report_id": int, "page": int, "line": int, "section": str, "context": str, "task": str,
        "lead_units": str, "coordinating_units": str, "timeframe": str, "deadline_year": int,
        "timeframe_kind": str, "product": str, "source": str, "form": str, "search_text": str,
    },
    "assignment_units": {
        "id": int, "assignment_id": int, "role": str, "unit": str, "unit_key": str,
    },
}

FOREIGN_KEYS = {
    "pages": [("file_id", "files", "id")],
    "reports": [("file_id", "files", "id"), ("copy_of", "reports", "id")],
    "documents": [("report_id", "reports", "id")],
    "citations": [("report_id", "reports", "id"), ("document_id", "documents", "id")],
    "tables": [("report_id", "reports", "id")],
    "indicators": [("report_id", "reports", "id")],
    "budget_lines": [("report_id", "reports", "id"), ("table_id", "tables", "id"), ("document_id", "documents", "id")],
    "assignments": [("report_id", "reports", "id")],
    "assignment_units": [("assignment_id", "assignments", "id")],
}

INDEXES = {
    "files": [["root", "path"], ["path"], ["sha256"]],
    "pages": [["file_id"]],
    "reports": [["file_id"], ["copy_of"], ["symbol", "year"], ["number", "symbol"]],
    "documents": [["ref", "date"], ["number", "symbol"]],
    "citations": [["report_id"], ["document_id"]],
    "tables": [["report_id"]],
    "indicators": [["report_id"]],
    "budget_lines": [["report_id"], ["year"]],
    "assignments": [["report_id"], ["deadline_year"]],
    "assignment_units": [["assignment_id"], ["unit_key"]],
}

# A file is identified by the folder it was ingested from (its canonical absolute path) and
# its path below that folder: `A/scan.txt` and `B/scan.txt` are two files.
FILE_IDENTITY = ["root", "path"]

# References to a report that outlive it: they are cleared when it is replaced (the batch-end
# step points them again); every other row that references a report is part of it and goes.
NULLED_REFERENCES = {("documents", "report_id"), ("reports", "copy_of")}

# The archive's bookkeeping, beside the contract's tables.
BOOKKEEPING = {
    # Work the batch-end step owes: reports written or left without their copy mark since it
    # last ran, documents that may have lost their last citation or report. Written in the same
    # transaction as the rows that cause them, so no interruption can lose them.
    "pending_reports": {"report_id": int},
    "pending_documents": {"document_id": int},
    # One row per ingest run: the generation, what it did, and when its batch-end step finished.
    "ingest_runs": {
        "id": int, "started_at": str, "finished_at": str, "status": str, "roots": str,
        "files_ok": int, "files_unchanged": int, "files_failed": int, "files_moved": int,
        "files_missing": int, "files_pruned": int, "consolidated_at": str, "reports_consolidated": int,
    },
    # Hand corrections, keyed by what identifies the fact across re-ingests (see pipeline/corrections.py).
    "corrections": {
        "id": int, "target": str, "field": str, "value": str, "extracted_value": str,
        "file_root": str, "file_path": str, "file_sha256": str, "line": int, "context": str, "value_text": str,
        "document_ref": str, "document_date": str, "into_ref": str, "into_date": str,
        "row_id": int, "status": str, "note": str, "created_at": str, "checked_at": str,
    },
}
BOOKKEEPING_KEYS = {"pending_reports": "report_id", "pending_documents": "document_id"}

# Indexes that search, Datasette's facets and its foreign-key links read; made on every
# database, new or old (`ensure_search_indexes`), so no page scans a table of millions of rows.
SEARCH_INDEXES = {
    "reports": [["file_id"], ["number", "symbol"], ["kind"], ["type_code"], ["year"], ["issuer"], ["date"]],
    "documents": [["report_id"], ["doc_type"], ["type_code"], ["year"], ["issuer"], ["date"]],
    "citations": [["doc_type"], ["source"], ["issuer"]],
    "indicators": [["kind"], ["unit"], ["year"]],
    "budget_lines": [["status"], ["source_of_funds"], ["source_key"], ["table_id"], ["document_id"]],
    "files": [["format"], ["status"]],
}


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a database ready for one writer and many readers."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    with db.atomic():
        for name, columns in SCHEMA.items():
            table = db[name]
            if not table.exists():
                table.create(columns, pk="id", foreign_keys=FOREIGN_KEYS.get(name, []))
                for cols in INDEXES.get(name, []):
                    table.create_index(cols, unique=(name == "files" and cols == FILE_IDENTITY), if_not_exists=True)
            else:
                missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
                for column, col_type in missing.items():
                    table.add_column(column, col_type)
    _ensure_bookkeeping(db)
    for name, columns in FTS_COLUMNS.items():
        if not db[f"{name}_fts"].exists():
            db[name].enable_fts(columns, tokenize=FTS_TOKENIZER, create_triggers=True)
        _reindex_only_on_text_updates(db, name, columns)
    ensure_search_indexes(db)
    ensure_row_counts(db)


def ensure_search_indexes(db: sqlite_utils.Database) -> None:
    with db.atomic():
        for table, indexes in SEARCH_INDEXES.items():
            for columns in indexes:
                db.execute(f"create index if not exists [idx_{table}_{'_'.join(columns)}] "
                           f"on [{table}] ({', '.join(f'[{c}]' for c in columns)})")


# Tables whose rows are counted as they are written (`row_counts`), so that Datasette starts
# without counting millions of rows (pipeline.serve passes them as its inspect data).
COUNTED_TABLES = ["files", "reports", "documents", "citations", "tables", "indicators", "budget_lines",
                  "assignments"]


def ensure_row_counts(db: sqlite_utils.Database) -> None:
    """A `row_counts` table kept exact by insert/delete triggers (one small update per row);
    a table added to COUNTED_TABLES later is counted once, then kept."""
    kept = {name for (name,) in db.execute("select name from row_counts")} if db["row_counts"].exists() else None
    missing = [t for t in COUNTED_TABLES if db[t].exists() and (kept is None or t not in kept)]
    if kept is not None and not missing:
        return
    with db.atomic():
        db.execute("create table if not exists row_counts (name text primary key, n integer not null)")
        for table in missing:
            db.execute("insert into row_counts values (?, (select count(*) from [" + table + "]))", [table])
            db.execute(f"create trigger if not exists [{table}_count_insert] after insert on [{table}] begin "
                       f"update row_counts set n = n + 1 where name = '{table}'; end")
            db.execute(f"create trigger if not exists [{table}_count_delete] after delete on [{table}] begin "
                       f"update row_counts set n = n - 1 where name = '{table}'; end")


def inspect_data(path: str | Path) -> dict | None:
    """What `datasette inspect` would write for this database (size and every table's row
    count), read from `row_counts` instead of counted; None for a database without it."""
    import sqlite3
    from contextlib import closing

    path = Path(path)
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        try:
            counts = table_counts(conn)
        except sqlite3.DatabaseError:
            return None
    return {"hash": None, "size": path.stat().st_size, "file": str(path),
            "tables": {name: {"count": n} for name, n in counts.items()}}


def table_counts(conn) -> dict[str, int]:
    """Rows of every table without counting the big ones: the triggers' totals for the tables
    above, the content table's for an FTS index and its per-row sizes; FTS's own storage
    (a few rows per thousand indexed) is counted."""
    counts = dict(conn.execute("select name, n from row_counts"))
    for (name,) in conn.execute("select name from sqlite_master where type = 'table' and name not in "
                                f"({', '.join('?' * len(counts))})", list(counts)):
        base = name[:-4] if name.endswith("_fts") else name[:-12] if name.endswith("_fts_docsize") else None
        if base in counts:
            counts[name] = counts[base]
        else:
            counts[name] = conn.execute(f"select count(*) from [{name}]").fetchone()[0]
    return counts


def _ensure_bookkeeping(db: sqlite_utils.Database) -> None:
    """The bookkeeping tables, and what a database made by an older baocao needs to use them."""
    with db.atomic():
        indexes = {tuple(i.columns): i for i in db["files"].indexes}
        if ("path",) in indexes and indexes[("path",)].unique:
            # files were unique by path alone: two folders' `scan.txt` collided
            db.execute(f"drop index [{indexes[('path',)].name}]")
        for name, columns in INDEXES.items():
            for cols in columns:
                db[name].create_index(cols, unique=(name == "files" and cols == FILE_IDENTITY), if_not_exists=True)
        for name, columns in BOOKKEEPING.items():
            if db[name].exists():
                continue
            db[name].create(columns, pk=BOOKKEEPING_KEYS.get(name, "id"))
            if name == "pending_reports":
                # an older database never had its copies checked with the issuer: check them all once
                db.execute("insert into pending_reports select id from reports")
        db["corrections"].create_index(["target", "document_ref"], if_not_exists=True)


def _reindex_only_on_text_updates(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """Make the FTS update trigger fire only when an indexed column changes.

    sqlite-utils' trigger re-indexes the whole row on any update: setting reports.copy_of
    re-indexed each report's full text, twice, and cost more than ingesting it.
    """
    trigger = f"{table}_au"
    row = db.execute("select sql from sqlite_master where type = 'trigger' and name = ?", [trigger]).fetchone()
    if row is None or " UPDATE OF " in row[0]:
        return
    indexed = ", ".join(f"[{c}]" for c in columns)
    with db.atomic():
        db.execute(f"drop trigger [{trigger}]")
        db.execute(row[0].replace(" AFTER UPDATE ON ", f" AFTER UPDATE OF {indexed} ON ", 1))


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows of the main tables, from `row_counts` (counting millions of rows takes seconds)."""
    kept = dict(db.execute("select name, n from row_counts")) if db["row_counts"].exists() else {}
    return {name: kept[name] if name in kept else db[name].count for name in COUNTED_TABLES}
