"""Stage 4: write results to SQLite with sqlite-utils, exactly per ../shared/SCHEMA.md.

The store never parses text: it receives records from the extractors and
decides only identity (which `documents` row a mention belongs to) and
transactions (a file's rows appear all together or not at all).
"""
from __future__ import annotations

import collections
import datetime as dt
import functools
import json
from dataclasses import dataclass, fields
from pathlib import Path

import sqlite_utils

from extractors.models import CitedDocument, Extraction
from extractors.text import Text, fold

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
}

SCHEMA = {
    "files": {
        "id": int, "path": str, "sha256": str, "size": int, "format": str, "pages": int,
        "ocr": int, "ocr_confidence": float, "legacy_encoding": str, "status": str, "error": str,
        "note": str, "ingested_at": str,
    },
    "reports": {
        "id": int, "file_id": int, "kind": str, "type_code": str, "number": str, "symbol": str,
        "place": str, "place_as_written": str, "date": str, "year": int, "month": int,
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
        "date_as_written": str, "source": str, "search_text": str,
    },
    "tables": {
        "id": int, "report_id": int, "page": int, "title": str, "kind": str, "header": str, "rows": str,
        "unit": str, "total_check": str, "first_line": int, "last_line": int,
    },
    "indicators": {
        "id": int, "report_id": int, "page": int, "line": int, "section": str, "context": str,
        "value": float, "unit": str, "value_text": str, "numerator": float, "denominator": float,
        "value_high": float, "qualifier": str, "subject": str, "kind": str, "period": str, "year": int,
        "search_text": str,
    },
    "budget_lines": {
        "id": int, "report_id": int, "page": int, "line": int, "section": str, "context": str,
        "table_id": int, "item": str, "year": int, "period": str, "amount_text": str, "amount_vnd": int,
        "source_of_funds": str, "lead_unit": str, "status": str, "qualifier": str, "search_text": str,
    },
}

FOREIGN_KEYS = {
    "reports": [("file_id", "files", "id"), ("copy_of", "reports", "id")],
    "documents": [("report_id", "reports", "id")],
    "citations": [("report_id", "reports", "id"), ("document_id", "documents", "id")],
    "tables": [("report_id", "reports", "id")],
    "indicators": [("report_id", "reports", "id")],
    "budget_lines": [("report_id", "reports", "id"), ("table_id", "tables", "id")],
}

INDEXES = {
    "files": [["path"], ["sha256"]],
    "documents": [["ref", "date"], ["number", "symbol"]],
    "citations": [["report_id"], ["document_id"]],
    "tables": [["report_id"]],
    "indicators": [["report_id"]],
    "budget_lines": [["report_id"], ["year"]],
}

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

# Rows of a file that are replaced when the file changes, children first.
REPORT_CHILDREN = ["citations", "budget_lines", "indicators", "tables"]


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
                    table.create_index(cols, unique=(name == "files" and cols == ["path"]), if_not_exists=True)
            else:
                missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
                for column, col_type in missing.items():
                    table.add_column(column, col_type)
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
COUNTED_TABLES = ["files", "reports", "documents", "citations", "tables", "indicators", "budget_lines"]


def ensure_row_counts(db: sqlite_utils.Database) -> None:
    """A `row_counts` table kept exact by insert/delete triggers (one small update per row)."""
    if db["row_counts"].exists():
        return
    with db.atomic():
        db.execute("create table row_counts (name text primary key, n integer not null)")
        for table in COUNTED_TABLES:
            db.execute("insert into row_counts values (?, (select count(*) from [" + table + "]))", [table])
            db.execute(f"create trigger [{table}_count_insert] after insert on [{table}] begin "
                       f"update row_counts set n = n + 1 where name = '{table}'; end")
            db.execute(f"create trigger [{table}_count_delete] after delete on [{table}] begin "
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


def known_file(db: sqlite_utils.Database, path: str) -> dict | None:
    rows = list(db.query("select id, sha256, status from files where path = ?", [path]))
    return rows[0] if rows else None


def known_files(db: sqlite_utils.Database) -> dict[str, tuple[str | None, str]]:
    """path -> (sha256, status) of every file recorded so far, in one query."""
    return {path: (sha, status) for path, sha, status in db.execute("select path, sha256, status from files")}


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


def _delete_report_rows(db: sqlite_utils.Database, file_id: int) -> None:
    for (report_id,) in db.execute("select id from reports where file_id = ?", [file_id]).fetchall():
        for child in REPORT_CHILDREN:
            db.execute(f"delete from [{child}] where report_id = ?", [report_id])
        db.execute("update documents set report_id = null where report_id = ?", [report_id])
        db.execute("delete from reports where id = ?", [report_id])


def _upsert_file(db: sqlite_utils.Database, record: dict) -> int:
    record = _columns_of("files", record)
    existing = known_file(db, record["path"])
    if existing:
        _delete_report_rows(db, existing["id"])
        db["files"].update(existing["id"], record)
        return existing["id"]
    return _insert(db, "files", record)


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
        _row_of("indicators", i, search_text=index_text(i.subject, i.context))
        for i in extraction.indicators
    ]
    budget_lines = [
        (b.table_index, _row_of("budget_lines", b, search_text=index_text(b.item, b.source_of_funds, b.context)))
        for b in extraction.budget_lines
    ]
    return PreparedReport(report, documents, tables, indicators, budget_lines)


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
    if row["subject"] and len(row["subject"]) > len(subject or ""):
        better["subject"] = row["subject"]
    if row["issuer"] and not issuer:
        better["issuer"] = row["issuer"]
    if row["doc_type"] and not doc_type:
        better["doc_type"] = row["doc_type"]
    if better:
        merged = {**dict(zip(("subject", "issuer", "doc_type"), (subject, issuer, doc_type))), **better}
        better["search_text"] = index_text(row["ref"], merged["doc_type"], merged["subject"], merged["issuer"])
        db["documents"].update(doc_id, better)
    return doc_id


def write_report(db: sqlite_utils.Database, file_record: dict, prepared: PreparedReport) -> int:
    """Write one ingested file and every row extracted from it in a single transaction (or savepoint)."""
    with db.atomic():
        file_id = _upsert_file(db, file_record)
        report_id = _insert(db, "reports", {**prepared.report, "file_id": file_id})
        for doc_row, citations in prepared.documents:
            doc_id = _document_id(db, doc_row)
            for citation in citations:
                _insert(db, "citations", {**citation, "report_id": report_id, "document_id": doc_id})
        table_ids = [_insert(db, "tables", {**t, "report_id": report_id}) for t in prepared.tables]
        for indicator in prepared.indicators:
            _insert(db, "indicators", {**indicator, "report_id": report_id})
        for table_index, line in prepared.budget_lines:
            table_id = table_ids[table_index] if table_index is not None else None
            _insert(db, "budget_lines", {**line, "report_id": report_id, "table_id": table_id})
    return report_id


def store_report(db: sqlite_utils.Database, file_record: dict, text: Text, extraction: Extraction) -> int:
    """Extract the rows and write them: `prepare_report` then `write_report`, in one process."""
    return write_report(db, file_record, prepare_report(text, extraction))


def consolidate(db: sqlite_utils.Database) -> None:
    """Cross-report clean-up after a batch: resolve undated mentions, link reports, drop orphans."""
    with db.atomic():
        # An undated document joins the dated one with the same ref when there is exactly one.
        db.execute(
            """
            update citations set document_id = (
                select d2.id from documents d1 join documents d2 on d2.ref = d1.ref and d2.date is not null
                where d1.id = citations.document_id
            )
            where document_id in (
                select d1.id from documents d1 where d1.date is null and (
                    select count(*) from documents d2 where d2.ref = d1.ref and d2.date is not null) = 1
            )
            """
        )
        # An ingested report with a number is itself a document, cited or not.
        for number, symbol, type_code, kind, date, issuer, title in db.execute(
            "select number, symbol, type_code, kind, date, issuer, title from reports "
            "where number is not null and symbol is not null and copy_of is null"
        ).fetchall():
            _document_id(db, _document_row(CitedDocument(number, symbol, None, type_code, kind, date, issuer, title)))
        db.execute(
            """
            update documents set report_id = (
                select r.id from reports r
                where r.number = documents.number and r.symbol = documents.symbol
                  and (r.date = documents.date or documents.date is null)
                limit 1
            )
            where report_id is null
            """
        )
        db.execute(
            """
            delete from documents where report_id is null
              and not exists (select 1 from citations c where c.document_id = documents.id)
            """
        )
        mark_copies(db)


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


def mark_copies(db: sqlite_utils.Database) -> None:
    """Set reports.copy_of on every copy of a report that was also ingested in a better form.

    Archives keep the same report as a scan, a PDF and a Word file. Copies share the heading
    (kind, number, symbol, year, month, title) and most of their figures; the copy with the most
    faithful text (not OCR'd, not a PDF, else the first ingested) is the report, the others point
    to it, so totals over reports can leave them out. No row is deleted.
    """
    copy_of: dict[int, int | None] = dict(db.execute("select id, copy_of from reports").fetchall())
    marked: dict[int, int] = {}
    groups: dict[tuple, list[tuple]] = collections.defaultdict(list)
    for rid, kind, number, symbol, year, month, title, fmt, ocr, legacy in db.execute(
        """select r.id, r.kind, r.number, r.symbol, r.year, r.month, r.title, f.format, f.ocr, f.legacy_encoding
           from reports r join files f on f.id = r.file_id where r.title is not null"""
    ):
        key = (kind, number, symbol, year, month, " ".join(fold(title).split()))
        groups[key].append((-_fidelity(fmt, ocr, legacy), rid))
    for members in groups.values():
        if len(members) < 2:
            continue
        ids = [rid for _, rid in sorted(members)]
        figures = {rid: collections.Counter() for rid in ids}
        marks = ",".join("?" * len(ids))
        for rid, value in db.execute(f"select report_id, round(value, 3) from indicators where report_id in ({marks})", ids):
            figures[rid][value] += 1
        for rid, ref in db.execute(
            f"""select c.report_id, d.ref from citations c join documents d on d.id = c.document_id
                where c.report_id in ({marks})""", ids):
            figures[rid][ref] += 1
        kept: list[int] = []
        for rid in ids:
            original = next((k for k in kept if _same_content(figures[k], figures[rid])), None)
            if original is None:
                kept.append(rid)
            else:
                marked[rid] = original
    # only the rows whose mark changes are written
    changes = [(marked.get(rid), rid) for rid, before in copy_of.items() if marked.get(rid) != before]
    db.conn.executemany("update reports set copy_of = ? where id = ?", changes)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows of the main tables, from `row_counts` (counting millions of rows takes seconds)."""
    if db["row_counts"].exists():
        return {name: n for name, n in db.execute("select name, n from row_counts") if name in COUNTED_TABLES}
    return {name: db[name].count for name in COUNTED_TABLES}
