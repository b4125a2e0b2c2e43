"""Stage 4: write results to SQLite with sqlite-utils, exactly per ../shared/SCHEMA.md.

The store never parses text: it receives records from the extractors and
decides only identity (which `documents` row a mention belongs to) and
transactions (a file's rows appear all together or not at all).
"""
from __future__ import annotations

import collections
import datetime as dt
import difflib
import functools
import json
from dataclasses import dataclass, field, fields
from pathlib import Path

import sqlite_utils

from extractors.budget import funds_itself
from extractors.issuers import best_issuer, normalize_issuer
from extractors.models import Assignment, CitedDocument, Extraction
from extractors.resolve import best_subject
from extractors.text import Text, fold
from extractors.units import unit_key

from .discover import location
from .search import index_text

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
    "budget_lines": [["status"], ["source_of_funds"], ["table_id"]],
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


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def known_file(db: sqlite_utils.Database, path: str, root: str | None = None) -> dict | None:
    """The files row at (root, path); a row of an older database, which has no root, is adopted."""
    rows = list(db.query("select id, sha256, status from files where path = ? and (root = ? or root is null) "
                         "order by root is null limit 1", [path, root]))
    return rows[0] if rows else None


@dataclass(frozen=True)
class KnownFile:
    id: int
    root: str | None
    path: str
    sha256: str | None
    status: str
    missing_since: str | None

    @property
    def location(self) -> str:
        return location(self.root, self.path)


def known_files(db: sqlite_utils.Database) -> list[KnownFile]:
    """Every file recorded so far, in one query."""
    return [KnownFile(*row) for row in
            db.execute("select id, root, path, sha256, status, missing_since from files")]


def move_file(db: sqlite_utils.Database, file_id: int, root: str | None, path: str) -> None:
    """An unchanged file found at a new place: its row (and report) follow it."""
    db.execute("update files set root = ?, path = ?, missing_since = null where id = ?", [root, path, file_id])


def mark_missing(db: sqlite_utils.Database, file_ids: list[int]) -> None:
    """Files no longer where they were: kept (a disk may be unmounted), dated."""
    db.conn.executemany("update files set missing_since = ? where id = ? and missing_since is null",
                        [(now(), i) for i in file_ids])


def delete_files(db: sqlite_utils.Database, file_ids: list[int]) -> None:
    """Forget files and everything read from them (`ingest --prune`)."""
    with db.atomic():
        for file_id in file_ids:
            _delete_report_rows(db, file_id)
            # and what other tables keep of the file itself (its pages)
            _delete_where(db, "files", "id = ?", [file_id], _references(db))


_SQL_CACHE: dict[tuple[str, tuple[str, ...]], str] = {}


def _insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert one row with plain SQL (sqlite-utils' insert costs more than the write itself)."""
    columns = tuple(row)
    sql = _SQL_CACHE.get((table, columns))
    if sql is None:
        sql = _SQL_CACHE[(table, columns)] = (
            f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})"
        )
    return db.conn.execute(sql, list(row.values())).lastrowid


def _columns_of(table: str, row: dict) -> dict:
    """Only the columns the schema has: a field added to a record type does not break storing."""
    return {k: v for k, v in row.items() if k in SCHEMA[table] and k != "id"}


@functools.cache
def _stored_fields(table: str, record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type) if f.name in SCHEMA[table] and f.name != "id")


def _row_of(table: str, record, **columns) -> dict:
    """A record's fields that `table` stores, then `columns` (which win); shallow, unlike
    dataclasses.asdict, whose deep copies took most of the time spent building rows."""
    row = {name: getattr(record, name) for name in _stored_fields(table, type(record))}
    row.update(_columns_of(table, columns))
    return row


_REFERENCES_CACHE: dict[tuple[int, int], dict[str, list[tuple[str, str]]]] = {}


def _references(db: sqlite_utils.Database) -> dict[str, list[tuple[str, str]]]:
    """table -> [(referencing table, column)], from the declared foreign keys (every helper's tables)."""
    key = (id(db.conn), db.execute("pragma schema_version").fetchone()[0])
    if key not in _REFERENCES_CACHE:
        refs: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        for table in db.table_names():
            for fk in db[table].foreign_keys:
                refs[fk.other_table].append((fk.table, fk.column))
        _REFERENCES_CACHE.clear()
        _REFERENCES_CACHE[key] = refs
    return _REFERENCES_CACHE[key]


def _delete_where(db: sqlite_utils.Database, table: str, where: str, params: list, refs: dict) -> None:
    """Delete rows of `table` and, first, every row that references them (or clear the reference)."""
    selected = f"select id from [{table}] where {where}"
    for child, column in refs.get(table, []):
        if child == table:
            continue
        if (child, column) in NULLED_REFERENCES:
            db.execute(f"update [{child}] set [{column}] = null where [{column}] in ({selected})", params)
        else:
            _delete_where(db, child, f"[{column}] in ({selected})", params, refs)
    db.execute(f"delete from [{table}] where {where}", params)


def _delete_report_rows(db: sqlite_utils.Database, file_id: int) -> None:
    """Delete the file's report and its rows in the current transaction; what pointed to the
    report (copies, the document it is) is cleared and queued for the batch-end step."""
    report_ids = [r for (r,) in db.execute("select id from reports where file_id = ?", [file_id])]
    if not report_ids:
        return
    marks = ",".join("?" * len(report_ids))
    db.execute(f"""insert or ignore into pending_documents
                   select document_id from citations where report_id in ({marks})
                   union select id from documents where report_id in ({marks})""", report_ids * 2)
    db.execute(f"insert or ignore into pending_reports select id from reports where copy_of in ({marks})", report_ids)
    db.execute(f"update reports set copy_of = null where copy_of in ({marks})", report_ids)
    refs = _references(db)
    _delete_where(db, "reports", f"id in ({marks})", report_ids, refs)


def _upsert_file(db: sqlite_utils.Database, record: dict) -> int:
    page_rows = record.get(PAGE_ROWS) or []
    record = _columns_of("files", {**record, "missing_since": None})
    existing = known_file(db, record["path"], record.get("root"))
    if existing:
        _delete_report_rows(db, existing["id"])
        db["files"].update(existing["id"], record)
        file_id = existing["id"]
    else:
        file_id = _insert(db, "files", record)
    _write_pages(db, file_id, page_rows)
    return file_id


# The key of a files record that carries its `pages` rows (not a files column).
PAGE_ROWS = "page_rows"


def _write_pages(db: sqlite_utils.Database, file_id: int, rows: list[dict]) -> None:
    """Replace the file's `pages` rows (a changed file may have other pages)."""
    db.execute("delete from pages where file_id = ?", [file_id])
    for row in rows:
        _insert(db, "pages", {**_columns_of("pages", row), "file_id": file_id})


def record_file(db: sqlite_utils.Database, record: dict) -> int:
    """Write a file that yielded no report (error, empty, needs_ocr, unsupported)."""
    with db.atomic():
        return _upsert_file(db, record)


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
    report = _row_of("reports", header, text=text.full, search_text=index_text(header.title, text.full))
    documents = [
        (_document_row(doc), [
            _columns_of("citations", {
                "page": m.page, "line": m.line, "context": m.context, "section": m.section,
                "text_as_written": m.text_as_written, "doc_type": m.doc_type, "issuer": m.issuer,
                "subject": m.subject, "date_as_written": m.date, "source": m.source,
                "search_text": index_text(m.text_as_written, m.context),
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
        _row_of("indicators", i, search_text=index_text(i.subject, i.context), char_start=i.start, char_end=i.end)
        for i in extraction.indicators
    ]
    budget_lines = [
        (b.table_index, _row_of("budget_lines", b, search_text=index_text(b.item, b.source_of_funds, b.context),
                                     char_start=b.start, char_end=b.end))
        for b in extraction.budget_lines
    ]
    return PreparedReport(report, documents, tables, indicators, budget_lines,
                          assignments=[_assignment_rows(a) for a in extraction.assignments],
                          budget_documents=[b.document_index for b in extraction.budget_lines],
                          funds_itself=funds_itself(header))


def _assignment_rows(assignment: Assignment) -> tuple[dict, list[dict]]:
    """An assignments row (units as JSON arrays) and one assignment_units row per unit."""
    units = [{"role": role, "unit": unit, "unit_key": unit_key(unit)}
             for role, names in (("lead", assignment.lead_units), ("coordinating", assignment.coordinating_units))
             for unit in names]
    # the bodies also by their keys, so "UBND" finds "Ủy ban nhân dân" and the reverse
    row = _row_of("assignments", assignment,
                  lead_units=json.dumps(assignment.lead_units, ensure_ascii=False),
                  coordinating_units=json.dumps(assignment.coordinating_units, ensure_ascii=False),
                  search_text=index_text(assignment.task, *(u["unit"] for u in units), *(u["unit_key"] for u in units),
                                         assignment.timeframe))
    return row, units


def _write_assignments(db: sqlite_utils.Database, report_id: int, assignments: list[tuple[dict, list[dict]]]) -> None:
    for row, units in assignments:
        assignment_id = _insert(db, "assignments", {**row, "report_id": report_id})
        for unit in units:
            _insert(db, "assignment_units", {**unit, "assignment_id": assignment_id})


def _document_row(doc: CitedDocument) -> dict:
    return {
        "ref": doc.ref, "number": doc.number, "symbol": doc.symbol, "year_in_number": doc.year_in_number,
        "type_code": doc.type_code, "doc_type": doc.doc_type, "issuer": doc.issuer, "date": doc.date,
        "year": int(doc.date[:4]) if doc.date else None, "subject": doc.subject,
        "search_text": index_text(doc.ref, doc.doc_type, doc.subject, doc.issuer),
    }


def _document_id(db: sqlite_utils.Database, row: dict) -> int:
    """The documents row for `row`: same ref and date; an undated mention joins the one dated document."""
    if row["date"]:
        found = db.execute("select id, subject, issuer, doc_type from documents where ref = ? and date = ?",
                           [row["ref"], row["date"]]).fetchall()
    else:
        found = db.execute("select id, subject, issuer, doc_type from documents where ref = ? and date is not null",
                           [row["ref"]]).fetchall()
        if len(found) != 1:
            found = db.execute("select id, subject, issuer, doc_type from documents where ref = ? and date is null",
                               [row["ref"]]).fetchall()
    if not found:
        return _insert(db, "documents", row)
    doc_id, subject, issuer, doc_type = found[0]
    better = {}
    # (the batch-end step settles both from every mention: `_describe_documents`)
    if row["subject"] and best_subject([subject, row["subject"]]) != subject:
        better["subject"] = row["subject"]
    if row["issuer"] and best_issuer([issuer, row["issuer"]]) != issuer:
        better["issuer"] = row["issuer"]          # the more complete form ("UBND tỉnh Quảng Ngãi" over "UBND tỉnh")
    if row["doc_type"] and not doc_type:
        better["doc_type"] = row["doc_type"]
    if better:
        merged = {**dict(zip(("subject", "issuer", "doc_type"), (subject, issuer, doc_type))), **better}
        better["search_text"] = index_text(row["ref"], merged["doc_type"], merged["subject"], merged["issuer"])
        db["documents"].update(doc_id, better)
    return doc_id


def _own_document(db: sqlite_utils.Database, report: dict, report_id: int) -> int | None:
    """An ingested report with a number is itself a document (ref with the year in the number, kind,
    date, issuer, its title as subject), written with the report so search and citations treat it like
    any cited one. (A draft without a number has no ref, which documents rows always have.) Its id."""
    if not (report.get("number") and report.get("symbol")):
        return None
    row = _document_row(CitedDocument(report["number"], report["symbol"], report.get("year_in_number"),
                                      report["type_code"], report["kind"], report["date"], report["issuer"],
                                      report["title"]))
    row["year"] = row["year"] or report.get("year")
    doc_id = _document_id(db, row)
    db.execute("update documents set report_id = ? where id = ? and report_id is null", [report_id, doc_id])
    return doc_id


def write_report(db: sqlite_utils.Database, file_record: dict, prepared: PreparedReport) -> int:
    """Write one ingested file and every row extracted from it in a single transaction (or savepoint)."""
    with db.atomic():
        file_id = _upsert_file(db, file_record)
        report_id = _insert(db, "reports", {**prepared.report, "file_id": file_id})
        own_id = _own_document(db, prepared.report, report_id)
        document_ids = []
        for doc_row, citations in prepared.documents:
            doc_id = _document_id(db, doc_row)
            document_ids.append(doc_id)
            for citation in citations:
                _insert(db, "citations", {**citation, "report_id": report_id, "document_id": doc_id})
        table_ids = [_insert(db, "tables", {**t, "report_id": report_id}) for t in prepared.tables]
        for indicator in prepared.indicators:
            _insert(db, "indicators", {**indicator, "report_id": report_id})
        funded = own_id if prepared.funds_itself else None   # a plan's lines that name no document fund it
        named = prepared.budget_documents or [None] * len(prepared.budget_lines)
        for (table_index, line), document_index in zip(prepared.budget_lines, named):
            table_id = table_ids[table_index] if table_index is not None else None
            document_id = document_ids[document_index] if document_index is not None else funded
            _insert(db, "budget_lines", {**line, "report_id": report_id, "table_id": table_id,
                                         "document_id": document_id})
        _write_assignments(db, report_id, prepared.assignments)
        db.execute("insert or ignore into pending_reports values (?)", [report_id])
    return report_id


def store_report(db: sqlite_utils.Database, file_record: dict, text: Text, extraction: Extraction) -> int:
    """Extract the rows and write them: `prepare_report` then `write_report`, in one process."""
    return write_report(db, file_record, prepare_report(text, extraction))


def start_run(db: sqlite_utils.Database, roots: list[str]) -> int:
    """A new ingest_runs row (the run's generation); called holding the ingest lock, so a run
    still marked running was killed."""
    with db.atomic():
        db.execute("update ingest_runs set status = 'killed' where status = 'running'")
        return _insert(db, "ingest_runs", {"started_at": now(), "status": "running",
                                           "roots": json.dumps(roots, ensure_ascii=False)})


def finish_run(db: sqlite_utils.Database, run_id: int, outcome: dict) -> None:
    with db.atomic():
        db["ingest_runs"].update(run_id, {"finished_at": now(), **outcome})


def pending_work(db: sqlite_utils.Database) -> int:
    """How many reports and documents await the batch-end step (0: it is complete)."""
    return sum(db.execute(f"select count(*) from [{t}]").fetchone()[0] for t in BOOKKEEPING_KEYS)


def consolidate(db: sqlite_utils.Database, full: bool = False, run_id: int | None = None) -> int:
    """The batch-end step: cross-report work for what changed since it last ran.

    Only the reports queued in `pending_reports` (written, or left without the report their
    copy mark pointed to) and the documents queued in `pending_documents` are looked at, with
    what they point to, so the step costs what a run changed; `full` queues every report.
    Everything, the emptying of the queues included, is one transaction: interrupted, it is
    redone whole by the next run. Returns the number of reports looked at.
    """
    from .corrections import apply_corrections   # corrections build on the store

    with db.atomic():
        if full:
            db.execute("insert or ignore into pending_reports select id from reports")
        db.execute("create temp table if not exists dirty_reports (id integer primary key)")
        db.execute("create temp table if not exists dirty_documents (id integer primary key)")
        db.execute("delete from temp.dirty_reports")
        db.execute("delete from temp.dirty_documents")
        db.execute("insert into temp.dirty_reports select report_id from pending_reports "
                   "where report_id in (select id from reports)")
        reports = db.execute("select count(*) from temp.dirty_reports").fetchone()[0]
        apply_corrections(db, rows=True)
        # documents the changed reports cite, those that lost a citation or their report, and the
        # documents of the same ref (an undated mention joins the one dated document of its ref)
        db.execute(
            """insert or ignore into temp.dirty_documents
               select document_id from pending_documents
               union select document_id from citations where report_id in (select id from temp.dirty_reports)"""
        )
        db.execute(
            """insert or ignore into temp.dirty_documents
               select d.id from documents d where d.ref in (
                   select ref from documents where id in (select id from temp.dirty_documents))
               union select id from documents where report_id in (select id from temp.dirty_reports)"""
        )
        # a report whose number, symbol or date changed (a correction) is no longer its old document
        db.execute(
            """update documents set report_id = null
               where id in (select id from temp.dirty_documents) and report_id is not null
                 and not exists (select 1 from reports r where r.id = documents.report_id
                                 and r.number = documents.number and r.symbol = documents.symbol
                                 and (r.date = documents.date or documents.date is null))"""
        )
        # An undated document joins the dated one with the same ref when there is exactly one.
        db.execute(
            """
            update citations set document_id = (
                select d2.id from documents d1 join documents d2 on d2.ref = d1.ref and d2.date is not null
                where d1.id = citations.document_id
            )
            where document_id in (
                select d1.id from documents d1 where d1.id in (select id from temp.dirty_documents)
                  and d1.date is null and (
                    select count(*) from documents d2 where d2.ref = d1.ref and d2.date is not null) = 1
            )
            """
        )
        mark_copies(db, [r for (r,) in db.execute("select id from temp.dirty_reports")])
        # An ingested report with a number is itself a document, cited or not.
        for number, symbol, year_in_number, type_code, kind, date, issuer, title in db.execute(
            "select number, symbol, year_in_number, type_code, kind, date, issuer, title from reports "
            "where id in (select id from temp.dirty_reports) "
            "and number is not null and symbol is not null and copy_of is null"
        ).fetchall():
            doc_id = _document_id(db, _document_row(CitedDocument(number, symbol, year_in_number, type_code, kind,
                                                                  date, issuer, title)))
            db.execute("insert or ignore into temp.dirty_documents values (?)", [doc_id])
        db.execute(
            """
            update documents set report_id = (
                select r.id from reports r
                where r.number = documents.number and r.symbol = documents.symbol
                  and (r.date = documents.date or documents.date is null)
                order by r.copy_of is not null, r.id
                limit 1
            )
            where report_id is null and id in (select id from temp.dirty_documents)
            """
        )
        db.execute(
            """
            delete from documents where report_id is null and id in (select id from temp.dirty_documents)
              and not exists (select 1 from citations c where c.document_id = documents.id)
              and not exists (select 1 from budget_lines b where b.document_id = documents.id)
            """
        )
        _describe_documents(db)
        apply_corrections(db, rows=False)
        for table in BOOKKEEPING_KEYS:
            db.execute(f"delete from [{table}]")
        if run_id is not None:
            db["ingest_runs"].update(run_id, {"consolidated_at": now(), "reports_consolidated": reports})
    return reports


def _describe_documents(db: sqlite_utils.Database) -> None:
    """The subject and issuer of each document in `temp.dirty_documents`, from all that was read
    of it: its own report's title and issuer and every mention's, copies (`reports.copy_of`) only
    when nothing else names it; chosen by the extractors' rules (`resolve.best_subject`,
    `issuers.best_issuer`), so neither the order reports were stored in nor a scan's misread
    accent decides what a document is called."""
    read: dict[int, list[tuple[bool, str | None, str | None]]] = collections.defaultdict(list)
    for doc_id, is_copy, subject, issuer in db.execute(
        """select d.id, r.copy_of is not null, r.title, r.issuer from documents d join reports r on r.id = d.report_id
           where d.id in (select id from temp.dirty_documents)
           union all
           select c.document_id, r.copy_of is not null, c.subject, c.issuer from citations c
           join reports r on r.id = c.report_id where c.document_id in (select id from temp.dirty_documents)"""
    ):
        read[doc_id].append((bool(is_copy), subject, issuer))
    for doc_id, sources in read.items():
        originals = [(s, i) for is_copy, s, i in sources if not is_copy]
        copies = [(s, i) for is_copy, s, i in sources if is_copy]
        subject = best_subject(s for s, _ in originals) or best_subject(s for s, _ in copies)
        issuer = best_issuer(normalize_issuer(i) for _, i in originals) or \
            best_issuer(normalize_issuer(i) for _, i in copies)
        ref, doc_type, stored_subject, stored_issuer = db.execute(
            "select ref, doc_type, subject, issuer from documents where id = ?", [doc_id]).fetchone()
        subject, issuer = subject or stored_subject, issuer or stored_issuer
        if (subject, issuer) != (stored_subject, stored_issuer):
            db["documents"].update(doc_id, {"subject": subject, "issuer": issuer,
                                            "search_text": index_text(ref, doc_type, subject, issuer)})


# How faithful a file's text is: born-digital text beats a PDF text layer and converted
# legacy fonts, which beat OCR.
def _fidelity(fmt: str | None, ocr: int | None, legacy_encoding: str | None) -> int:
    if ocr:
        return 0
    if fmt == "pdf" or legacy_encoding:
        return 1
    return 2


def _same_content(a: collections.Counter, b: collections.Counter) -> bool:
    """Most of the figures (or references) of two reports agree: copies, not two editions."""
    if not a and not b:
        return True
    return sum((a & b).values()) >= 0.6 * max(sum(a.values()), sum(b.values()))


@functools.lru_cache(maxsize=1 << 16)   # asked again for every candidate a changed report is compared with
def _letters(text: str | None) -> str:
    """Only the folded letters and digits (at most 200): what survives OCR spacing, lost tone
    marks and legacy fonts that drop a letter ("Thờng" for "Thường")."""
    return "".join(ch for ch in fold(text or "").lower() if ch.isalnum())[:200]


def _alike(a: str, b: str) -> bool:
    """Two fields (as `_letters`) agree when either is unknown, or they have the same digits
    ("Phường 1" is not "Phường 2", "13-NQ/TU" not "14-NQ/TU") and the same letters but for a
    slip every 20 letters (the "ư" a legacy font drops, a letter OCR misreads; "Phổ An" is not
    "Phổ Quang")."""
    if not a or not b or a == b:
        return True
    allowed = 1 + max(len(a), len(b)) // 20
    if abs(len(a) - len(b)) > allowed or [ch for ch in a if ch.isdigit()] != [ch for ch in b if ch.isdigit()]:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # quick_ratio bounds the matching letters from above: most pairs stop here, cheaply
    if (len(a) + len(b)) * (1 - matcher.quick_ratio()) > allowed:
        return False
    matching = sum(block.size for block in matcher.get_matching_blocks())
    return len(a) + len(b) - 2 * matching <= allowed


@dataclass(frozen=True)
class _Heading:
    """What identifies a report, from its header: copies agree on it."""

    id: int
    fidelity: int
    path: str     # files.path: which of equally faithful copies is the report
    type_code: str | None
    number: str | None
    symbol: str | None
    date: str | None
    year: int | None
    month: int | None
    issuer: str   # as _letters
    title: str    # as _letters

    def same_report(self, other: _Heading) -> bool:
        """Same issuer, number/symbol and date wherever both are known, and at least one of
        them known on both: similar text alone (one template filled in by fifty communes)
        is not a copy."""
        for a, b in ((self.type_code, other.type_code), (self.number, other.number),
                     (self.symbol, other.symbol), (self.date, other.date),
                     (self.year, other.year), (self.month, other.month)):
            if a is not None and b is not None and a != b:
                return False
        anchored = ((self.number and other.number) or (self.date and other.date)
                    or (self.issuer and other.issuer))
        return bool(anchored) and _alike(self.issuer, other.issuer) and _alike(self.title, other.title)


_HEADING_SQL = """select r.id, f.path, f.format, f.ocr, f.legacy_encoding, r.type_code, r.number, r.symbol, r.date,
                         r.year, r.month, r.issuer, r.title
                  from reports r join files f on f.id = r.file_id"""


def _headings(rows) -> list[_Heading]:
    return [_Heading(rid, _fidelity(fmt, ocr, legacy), path, *rest, _letters(issuer), _letters(title))
            for rid, path, fmt, ocr, legacy, *rest, issuer, title in rows]


def _content(db: sqlite_utils.Database, ids: list[int]) -> dict[int, collections.Counter]:
    """The figures and cited references of each report."""
    figures = {rid: collections.Counter() for rid in ids}
    marks = ",".join("?" * len(ids))
    for rid, value in db.execute(f"select report_id, round(value, 3) from indicators where report_id in ({marks})", ids):
        figures[rid][value] += 1
    for rid, ref in db.execute(
        f"""select c.report_id, d.ref from citations c join documents d on d.id = c.document_id
            where c.report_id in ({marks})""", ids):
        figures[rid][ref] += 1
    return figures


def mark_copies(db: sqlite_utils.Database, report_ids: list[int] | None = None) -> None:
    """Set reports.copy_of on every copy of a report that was also ingested in a better form.

    Archives keep the same report as a scan, a PDF and a Word file. Copies agree on their
    heading (type, number, symbol, date, issuer, title where each is known: see
    `_Heading.same_report`) and share most of their figures; the copy with the most faithful
    text (not OCR'd, not a PDF; among equals the first by path, so the choice does not depend
    on the order files were read in) is the report, the others point to it, so totals over
    reports can leave them out. No row is deleted. Only `report_ids` (every report when None)
    and the reports they could be copies of (see `_cluster`) are looked at.
    """
    if report_ids is None:
        report_ids = [rid for (rid,) in db.execute("select id from reports")]
    changed: list[_Heading] = []
    for chunk in range(0, len(report_ids), 500):
        ids = report_ids[chunk:chunk + 500]
        changed += _headings(db.execute(_HEADING_SQL + f" where r.id in ({','.join('?' * len(ids))})", ids))
    placed: set[int] = set()
    for h in sorted(changed, key=lambda h: h.id):
        if h.id not in placed:
            placed.add(h.id)
            _mark_group(db, _cluster(db, h, placed))


# Reports that could be copies of a report: same symbol and year, and type, number, date and
# month equal or unknown (the index on symbol and year finds them; SQLite filters the rest).
_CANDIDATES_SQL = _HEADING_SQL + """
    where r.symbol is ? and r.year is ?
      and (r.type_code is null or ? is null or r.type_code = ?) and (r.number is null or ? is null or r.number = ?)
      and (r.date is null or ? is null or r.date = ?) and (r.month is null or ? is null or r.month = ?)"""


def _cluster(db: sqlite_utils.Database, start: _Heading, placed: set[int]) -> list[_Heading]:
    """`start` with every report linked to it by possible copying, directly or through others:
    their marks are decided together. Its cost is the cluster's, not the archive's."""
    cluster, todo = [start], [start]
    while todo:
        h = todo.pop()
        for other in _headings(db.execute(_CANDIDATES_SQL, [h.symbol, h.year, h.type_code, h.type_code, h.number,
                                                            h.number, h.date, h.date, h.month, h.month])):
            if other.id not in placed and h.same_report(other):
                placed.add(other.id)
                cluster.append(other)
                todo.append(other)
    return cluster


def _mark_group(db: sqlite_utils.Database, heads: list[_Heading]) -> None:
    heads = sorted(heads, key=lambda h: (-h.fidelity, h.path, h.id))
    marked: dict[int, int] = {}
    content: dict[int, collections.Counter] = {}
    if len(heads) > 1:
        content = _content(db, [h.id for h in heads])
    kept: list[_Heading] = []
    for h in heads:
        original = next((k for k in kept if k.same_report(h) and _same_content(content[k.id], content[h.id])), None)
        if original is None:
            kept.append(h)
        else:
            marked[h.id] = original.id
    ids = [h.id for h in heads]
    before = dict(db.execute(f"select id, copy_of from reports where id in ({','.join('?' * len(ids))})", ids))
    # only the rows whose mark changes are written
    changes = [(marked.get(rid), rid) for rid in ids if marked.get(rid) != before.get(rid)]
    db.conn.executemany("update reports set copy_of = ? where id = ?", changes)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows of the main tables, from `row_counts` (counting millions of rows takes seconds)."""
    kept = dict(db.execute("select name, n from row_counts")) if db["row_counts"].exists() else {}
    return {name: kept[name] if name in kept else db[name].count for name in COUNTED_TABLES}
