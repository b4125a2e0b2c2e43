"""Compare two baocao databases row for row, ignoring ids and timestamps.

Ids differ between two runs that read files in another order, so each foreign key is
replaced by the natural key of the row it points to (a report by its file's path, a
document by its ref and date, …), recursively. Used to show that two ways of ingesting
the same files (process pool, cluster) give the same database.
"""
from __future__ import annotations

import collections
import sqlite3


def is_time_column(column: str) -> bool:
    """Columns whose values are times of the run, not facts read from the files
    (ingested_at, consolidated_at, missing_since …)."""
    return column.endswith(("_at", "_since"))



# Tables that record the runs themselves (how many, when), not what was read from the files.
RUN_HISTORY = {"ingest_runs"}


def _tables(conn: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    # FTS5 shadow tables (_data, _idx, _docsize, _config, _content) are compared through the FTS table itself.
    shadows = {f"{fts}_{part}" for fts in names for part in ("data", "idx", "docsize", "config", "content")}
    return [n for n in names if not n.startswith("sqlite_") and n not in shadows and n not in RUN_HISTORY]


def canonical_rows(path: str) -> dict[str, collections.Counter]:
    """table -> multiset of rows, each row with ids replaced by what they identify."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    tables = _tables(conn)
    foreign = {t: {fk[3]: fk[2] for fk in conn.execute(f"pragma foreign_key_list('{t}')")} for t in tables}
    rows = {t: {r["_rowid_"]: dict(r) for r in conn.execute(f"select rowid as _rowid_, * from '{t}'")} for t in tables}
    cache: dict[tuple[str, int], tuple] = {}

    def key(table: str, rowid: int | None, seen: frozenset = frozenset()) -> tuple | None:
        if rowid is None or (table, rowid) in seen:
            return None
        if (table, rowid) not in cache:
            row = rows[table].get(rowid)
            if row is None:
                return ("missing", table, rowid)
            cache[(table, rowid)] = tuple(
                (column, key(foreign[table][column], value, seen | {(table, rowid)})
                 if column in foreign[table] else value)
                for column, value in row.items()
                if column not in ("_rowid_", "id") and not is_time_column(column))
        return cache[(table, rowid)]

    fts = {t for t in tables if "USING fts" in (conn.execute(
        "select sql from sqlite_master where name = ?", [t]).fetchone()[0] or "")}
    result = {}
    for table in tables:
        if table in fts:   # rowids are ids of the content table: compare the indexed text only
            result[table] = collections.Counter(
                tuple(v for k, v in r.items() if k != "_rowid_") for r in rows[table].values())
        else:
            result[table] = collections.Counter(key(table, rowid) for rowid in rows[table])
    conn.close()
    return result


def differences(a: str, b: str) -> list[str]:
    """Lines saying how database `a` differs from `b`; empty when they hold the same rows."""
    rows_a, rows_b = canonical_rows(a), canonical_rows(b)
    out = []
    for table in sorted(set(rows_a) | set(rows_b)):
        only_a = rows_a.get(table, collections.Counter()) - rows_b.get(table, collections.Counter())
        only_b = rows_b.get(table, collections.Counter()) - rows_a.get(table, collections.Counter())
        if only_a or only_b:
            out.append(f"{table}: {sum(only_a.values())} rows only in {a}, {sum(only_b.values())} only in {b}; "
                       f"e.g. {next(iter(only_a or only_b))!r:.300}")
    return out
