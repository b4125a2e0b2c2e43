"""Hand corrections that survive re-ingest.

An archivist who fixes a date, an issuer or a figure must not lose the fix when the file is
read again (`--force`, a new scan, an extractor change). A correction is therefore stored in
the `corrections` table, keyed not by row ids (a re-ingest renumbers every row) but by what
identifies the fact across readings:

- a report's field: the file's location (root and path), or its sha256 after a move;
- a document's field: its reference and date (`3225/KH-UBND`, `2022-12-22`);
- a citation, indicator, budget line, table or assignment: its report's file as above, plus its
  line, its context (the sentence or table row) and its text as written; the context wins when
  lines moved, the line when the context was re-worded;
- "these two documents are one" (an OCR slip: `1914/KH-STTTTT` is `1914/KH-STTTT`): the ref and
  date of each; citations of the first move to the second.

The batch-end step (`store.consolidate`) applies every correction after every extraction.
A correction shows, in Datasette, the value extracted beside the value set; one whose target
is gone is kept with status `target missing` (and `baocao doctor` lists it), never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from . import store
from .i18n import N_, _
from .queries import report_id_for
from .search_text import index_text

# Target names (as typed) -> tables.
TARGETS = {
    "report": "reports", "document": "documents", "citation": "citations", "indicator": "indicators",
    "budget_line": "budget_lines", "table": "tables", "assignment": "assignments",
}
# The text that, with the line and the context, tells one row of a report from its neighbours.
_AS_WRITTEN = {"citations": "text_as_written", "indicators": "value_text", "budget_lines": "amount_text"}
# Columns that are identity or bookkeeping, not facts to correct.
_FIXED = {"id", "report_id", "file_id", "document_id", "table_id", "copy_of", "text", "search_text", "ref"}

APPLIED, TARGET_MISSING = "applied", "target missing"
STATUS_LABELS = {APPLIED: N_("applied"), TARGET_MISSING: N_("target missing")}   # as a person reads them
MERGE = "merge_into"


class CorrectionError(ValueError):
    """A correction that cannot be recorded: the message says why, in one line."""


@dataclass(frozen=True)
class Outcome:
    id: int
    status: str
    row_id: int | None


def _table_of(target: str) -> str:
    table = TARGETS.get(target.replace("-", "_").rstrip("s") if target not in TARGETS else target)
    if table is None:
        raise CorrectionError(_("unknown target {target!r}: one of {targets}").format(target=target, targets=", ".join(TARGETS)))
    return table


def _convert(db: sqlite_utils.Database, table: str, field: str, value: str | None):
    """The typed value of a column, from text; '' or NULL clears it."""
    columns = db[table].columns_dict
    if field not in columns or field in _FIXED:
        allowed = ", ".join(c for c in columns if c not in _FIXED)
        raise CorrectionError(_("{table} has no field {field!r} that can be corrected: one of {allowed}").format(
            table=table, field=field, allowed=allowed))
    if value is None or value == "" or value.upper() == "NULL":
        return None
    kind = columns[field]
    try:
        return kind(value.replace(",", ".") if kind is float else value) if kind in (int, float) else value
    except ValueError:
        raise CorrectionError(_("{table}.{field} holds {kind} values, not {value!r}").format(
            table=table, field=field, kind=kind.__name__, value=value)) from None


def correct(db: sqlite_utils.Database, target: str, row_id: int, field: str, value: str | None,
            note: str | None = None) -> Outcome:
    """Record a correction of `field` of one row (as it is now) and apply it.

    `target` is report, document, citation, indicator, budget_line, table or assignment; the row's
    durable key is read from the row, so the correction finds the fact again after any re-ingest.
    """
    table = _table_of(target)
    if not db[table].exists():
        raise CorrectionError(_("this database has no {table} table").format(table=table))
    _convert(db, table, field, value)
    rows = list(db.query(f"select * from [{table}] where id = ?", [row_id]))
    if not rows:
        raise CorrectionError(_("no {target} with id {id}: look it up in Datasette or `baocao show`").format(
            target=target, id=row_id))
    row = rows[0]
    key: dict = {}
    if table == "documents":
        key = {"document_ref": row["ref"], "document_date": row["date"]}
    else:
        report_id = row["id"] if table == "reports" else row["report_id"]
        root, path, sha = db.execute("select f.root, f.path, f.sha256 from reports r join files f on f.id = r.file_id "
                                     "where r.id = ?", [report_id]).fetchone()
        key = {"file_root": root, "file_path": path, "file_sha256": sha}
        if table != "reports":
            key.update(line=row.get("line") or row.get("first_line"), context=row.get("context"),
                       value_text=row.get(_AS_WRITTEN.get(table, ""), None))
    return _record(db, {"target": table, "field": field, "value": value,
                        "extracted_value": None if row[field] is None else str(row[field]), **key}, note)


def merge_documents(db: sqlite_utils.Database, ref: str, into_ref: str, date: str | None = None,
                    into_date: str | None = None, note: str | None = None) -> Outcome:
    """Record that document `ref` (of `date`) is `into_ref` (of `into_date`), and apply it.
    Without a date, the ref's only document is meant."""
    date = _only_date(db, ref) if date is None else date
    into_date = _only_date(db, into_ref) if into_date is None else into_date
    for r, d in ((ref, date), (into_ref, into_date)):
        if _document(db, r, d) is None:
            raise CorrectionError(_("no document {ref}: check `select ref, date from documents`").format(
                ref=f"{r}@{d}" if d else r))
    if (ref, date) == (into_ref, into_date):
        raise CorrectionError(_("a document cannot be merged into itself"))
    return _record(db, {"target": "documents", "field": MERGE, "document_ref": ref, "document_date": date,
                        "into_ref": into_ref, "into_date": into_date}, note)


def _only_date(db: sqlite_utils.Database, ref: str) -> str | None:
    dates = [d for (d,) in db.execute("select date from documents where ref = ?", [ref])]
    if len(dates) > 1:
        raise CorrectionError(_several_dates(ref, dates))
    return dates[0] if dates else None


def _several_dates(ref: str, dates: list) -> str:
    return _("{ref} has {n} dates ({dates}): write {ref}@DATE").format(
        ref=ref, n=len(dates), dates=", ".join(map(str, dates)))   # ISO: the form @DATE is written in


def _record(db: sqlite_utils.Database, correction: dict, note: str | None) -> Outcome:
    with db.atomic():
        correction_id = store._insert(db, "corrections", {**correction, "note": note, "created_at": store.now()})
        _apply(db, db["corrections"].get(correction_id))
        c = db["corrections"].get(correction_id)
        if c["target"] == "reports" and c["row_id"] is not None:
            # a corrected number, date or issuer changes what the report is a copy of and
            # which document it is: the batch-end step decides again
            db.execute("insert or ignore into pending_reports values (?)", [c["row_id"]])
    if store.pending_work(db):
        store.consolidate(db)
    c = db["corrections"].get(correction_id)
    return Outcome(correction_id, c["status"], c["row_id"])


def apply_corrections(db: sqlite_utils.Database, rows: bool) -> int:
    """Apply the corrections of report rows (`rows`) or of documents; returns how many are missing.
    Runs inside the batch-end step's transaction."""
    if not db["corrections"].exists():
        return 0
    where = "target != 'documents'" if rows else "target = 'documents' order by field != ?, id"
    params = [] if rows else [MERGE]
    missing = 0
    for correction in list(db.query(f"select * from corrections where {where}", params)):
        missing += _apply(db, correction) == TARGET_MISSING
    return missing


def _document(db: sqlite_utils.Database, ref: str, date: str | None) -> int | None:
    found = db.execute("select id from documents where ref = ? and date is ?", [ref, date]).fetchone()
    return found[0] if found else None


def _report(db: sqlite_utils.Database, c: dict) -> int | None:
    """The report read from the corrected file: at its place, else where its bytes are now."""
    for sql, params in (
        ("select r.id from reports r join files f on f.id = r.file_id where f.root is ? and f.path = ?",
         [c["file_root"], c["file_path"]]),
        ("select r.id from reports r join files f on f.id = r.file_id where f.sha256 = ? order by r.id",
         [c["file_sha256"]]),
    ):
        found = db.execute(sql, params).fetchone()
        if found:
            return found[0]
    return None


def _row_in_report(db: sqlite_utils.Database, table: str, report_id: int, c: dict) -> int | None:
    """The row of the report the correction is about: same context (and text as written),
    nearest the recorded line; else the same line and text as written."""
    line_column = "first_line" if table == "tables" else "line"
    columns = db[table].columns_dict
    as_written = _AS_WRITTEN.get(table)

    def rows_where(column: str, value) -> list:
        """The report's rows with `column` = value (and the same text as written)."""
        sql = f"select id, [{line_column}] from [{table}] where report_id = ? and [{column}] = ?"
        params = [report_id, value]
        if as_written:
            sql += f" and [{as_written}] is ?"
            params.append(c["value_text"])
        return db.execute(sql, params).fetchall()

    candidates = []
    if "context" in columns and c["context"] is not None:
        candidates = rows_where("context", c["context"])
    if not candidates and c["line"] is not None and line_column in columns:
        candidates = rows_where(line_column, c["line"])
    if not candidates:
        return None
    return min(candidates, key=lambda r: (abs((r[1] or 0) - (c["line"] or 0)), r[0]))[0]


def _find(db: sqlite_utils.Database, c: dict) -> int | None:
    table = c["target"]
    if not db[table].exists():
        return None
    if table == "documents":
        found = _document(db, c["document_ref"], c["document_date"])
        if found is None and c["field"] == "date":   # the corrected date is the document's now
            found = _document(db, c["document_ref"], _convert(db, table, "date", c["value"]))
        return found
    report_id = _report(db, c)
    if report_id is None or table == "reports":
        return report_id
    return _row_in_report(db, table, report_id, c)


def _apply(db: sqlite_utils.Database, c: dict) -> str:
    if c["field"] == MERGE:
        status, row_id = _apply_merge(db, c)
    else:
        row_id = _find(db, c)
        status = TARGET_MISSING if row_id is None else APPLIED
        if row_id is not None:
            row_id = _set(db, c, row_id)
    db.execute("update corrections set status = ?, row_id = ?, checked_at = ? where id = ?",
               [status, row_id, store.now(), c["id"]])
    return status


def _set(db: sqlite_utils.Database, c: dict, row_id: int) -> int:
    """Set the corrected value on the row; returns the row that holds it."""
    table, field = c["target"], c["field"]
    value = _convert(db, table, field, c["value"])
    current = db.execute(f"select [{field}] from [{table}] where id = ?", [row_id]).fetchone()[0]
    if current == value:
        return row_id
    # what the extractor says now, shown beside the correction
    db.execute("update corrections set extracted_value = ? where id = ?",
               [None if current is None else str(current), c["id"]])
    if table == "documents" and field == "date":
        # the date is half a document's identity: where the corrected document already
        # exists (an earlier reading, corrected), this one joins it
        ref = db.execute("select ref from documents where id = ?", [row_id]).fetchone()[0]
        same = _document(db, ref, value)
        if same is not None and same != row_id:
            _join_documents(db, row_id, same)
            return same
    update = {field: value}
    if table == "documents" and field == "date":
        update["year"] = int(value[:4]) if value else None
    sources = store.SEARCH_TEXT_SOURCES.get(table)
    if sources and field in sources and "search_text" in db[table].columns_dict:
        row = {**db[table].get(row_id), field: value}
        update["search_text"] = index_text(*(row[s] for s in sources))
    db[table].update(row_id, update)
    return row_id


def _apply_merge(db: sqlite_utils.Database, c: dict) -> tuple[str, int | None]:
    into = _document(db, c["into_ref"], c["into_date"])
    if into is None:
        return TARGET_MISSING, None
    merged = _document(db, c["document_ref"], c["document_date"])
    if merged is not None:
        _join_documents(db, merged, into)
    return APPLIED, into


def _join_documents(db: sqlite_utils.Database, merged: int, into: int) -> None:
    """Document `merged` is `into`: its citations (and its report, if `into` has none) move."""
    db.execute("update citations set document_id = ? where document_id = ?", [into, merged])
    db.execute("update documents set report_id = coalesce(report_id, (select report_id from documents where id = ?)) "
               "where id = ?", [merged, into])
    db.execute("delete from documents where id = ?", [merged])


def split_ref(text: str) -> tuple[str, str | None]:
    """"44/VHTT@2023-05-04" -> ("44/VHTT", "2023-05-04"); without "@", no date."""
    ref, _, date = text.partition("@")
    return ref.strip(), date.strip() or None


def row_id_for(db: sqlite_utils.Database, target: str, row: str) -> int:
    """The id of the row a user names: an id; a report's file; a document's ref[@date]."""
    table = _table_of(target)
    if row.isdigit():
        return int(row)
    if table == "reports":
        return report_id_for(db, row)
    if table == "documents":
        ref, date = split_ref(row)
        found = db.execute("select id, date from documents where ref = ?" + (" and date = ?" if date else ""),
                           [ref, date] if date else [ref]).fetchall()
        if len(found) == 1:
            return found[0][0]
        if not found:
            raise CorrectionError(_("no document {ref}: check `select ref, date from documents`").format(ref=row))
        raise CorrectionError(_several_dates(ref, [d for _, d in found]))
    raise CorrectionError(_("give the id of the {target} (as Datasette shows it)").format(target=target))
