"""Rows of one file: inserting, replacing and deleting what was read from it."""
from __future__ import annotations

import collections
import datetime as dt
import functools
import operator
from dataclasses import fields
from typing import Callable, Iterable, NamedTuple

import sqlite_utils

from ..discover import location
from .schema import NULLED_REFERENCES, SCHEMA


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def known_file(db: sqlite_utils.Database, path: str, root: str | None = None) -> dict | None:
    """The files row at (root, path); a row of an older database, which has no root, is adopted."""
    rows = list(db.query("select id, sha256, status from files where path = ? and (root = ? or root is null) "
                         "order by root is null limit 1", [path, root]))
    return rows[0] if rows else None


class KnownFile(NamedTuple):
    """A files row as the ingest sees it. A tuple: a run holds one per file of the archive,
    and a frozen dataclass cost twice the time to build and more memory (50,000 files: 0.065 ->
    0.033 s)."""

    id: int
    root: str | None
    path: str
    sha256: str | None
    status: str
    missing_since: str | None

    @property
    def location(self) -> str:
        return location(self.root, self.path)


_KNOWN_COLUMNS = "select id, root, path, sha256, status, missing_since from files"


class FileIndex:
    """The files rows an ingest asks about, looked up one at a time through the indexes on
    files(root, path) and files(sha256): a run's time and memory follow the files it meets, not
    the archive (loading all 50,000 rows up front was 0.8 s of the 1.5 s one new file took)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db
        self.adopted: set[int] = set()   # rows without a root already taken by a found file

    def _rows(self, where: str, params: list) -> list[KnownFile]:
        return list(map(KnownFile._make, self.db.execute(f"{_KNOWN_COLUMNS} where {where}", params)))

    def at(self, where: str) -> KnownFile | None:
        """The row recorded at this location (root and path joined), whichever of the location's
        folders was its root; else a row from before files.root with this path."""
        parts = where.split("/")
        pairs = [("/".join(parts[:i]) or "/", "/".join(parts[i:])) for i in range(1, len(parts))]
        if pairs:
            found = self._rows(" or ".join(["(root = ? and path = ?)"] * len(pairs)),
                               [v for pair in pairs for v in pair])
            if found:
                return found[0]
        return self.older(where)

    def older(self, path: str) -> KnownFile | None:
        """A row from before files.root with this path, once: the first root that has it adopts it."""
        for row in self._rows("root is null and path = ?", [path]):
            if row.id not in self.adopted:
                self.adopted.add(row.id)
                return row
        return None

    def with_sha(self, sha256: str) -> list[KnownFile]:
        return self._rows("sha256 = ?", [sha256])

    def under(self, roots: Iterable[str]) -> list[KnownFile]:
        """The rows recorded under these roots (the folders a run walked)."""
        roots = list(roots)
        return self._rows(f"root in ({', '.join('?' * len(roots))})", roots) if roots else []


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
def _stored_fields(table: str, record_type: type) -> tuple[tuple[str, ...], Callable[[object], tuple]]:
    """The names of the fields `table` stores and a function reading them all, as a tuple, at once."""
    names = tuple(f.name for f in fields(record_type) if f.name in SCHEMA[table] and f.name != "id")
    if len(names) > 1:     # (attrgetter gives a tuple for two names or more, and reads them in C)
        return names, operator.attrgetter(*names)
    return names, lambda record: tuple(getattr(record, name) for name in names)


def _row_of(table: str, record, **columns) -> dict:
    """A record's fields that `table` stores, then `columns` (which win); shallow, unlike
    dataclasses.asdict, whose deep copies took most of the time spent building rows."""
    names, read = _stored_fields(table, type(record))
    row = dict(zip(names, read(record)))
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
