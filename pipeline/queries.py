"""Read-only questions to a baocao database that the command line and the library share:
which report a file name means, and what was extracted from one report.

    from pipeline.dbfile import open_readonly
    from pipeline import queries
    db = open_readonly("reports.db")
    report = queries.report(db, queries.report_id_for(db, "000_34c2b11754aa651e.txt"))
    for kind, rows in queries.extractions(db, report["id"]).items(): ...

Nothing here writes; the rows are plain dicts (the columns of SCHEMA.md).
"""
from __future__ import annotations

import sqlite_utils

from .discover import location
from .i18n import _


class NotFound(LookupError):
    """What a person named is not in the database: the message says what to check, in one line."""


def report_id_for(db: sqlite_utils.Database, file: str) -> int:
    """The report of an ingested file, given as its path, its location or its file name."""
    name = file.replace("\\", "/").rsplit("/", 1)[-1]
    root = "f.root" if "root" in db["files"].columns_dict else "null"   # a database of an older baocao
    rows = db.execute(
        f"select r.id, {root}, f.path from reports r join files f on f.id = r.file_id "
        "where f.path = ? or f.path like ? order by f.path = ? desc",
        [file, f"%{name}", file]).fetchall()
    exact = [r for r in rows if file in (r[2], location(r[1], r[2]))]
    rows = exact or [r for r in rows if r[2].rsplit("/", 1)[-1] == name]   # LIKE's _ matches any letter
    if not rows:
        raise NotFound(_("{file} is not in the database: check `select root, path from files`").format(file=file))
    if len(rows) > 1:
        places = ", ".join(location(root, path) for _id, root, path in rows[:5])
        raise NotFound(_("{file} names {n} files ({places}): give the path as ingested").format(
            file=file, n=len(rows), places=places))
    return rows[0][0]


def report(db: sqlite_utils.Database, report_id: int) -> dict:
    """The `reports` row with its file's `path`."""
    return next(db.query("select r.*, f.path from reports r join files f on f.id = r.file_id where r.id = ?",
                         [report_id]))


# What `baocao show` lists of a report, each kind in reading order.
_EXTRACTIONS = {
    "citations": "select c.line, d.ref, d.date, c.text_as_written from citations c "
                 "join documents d on d.id = c.document_id where c.report_id = ? order by c.line",
    "indicators": "select line, value, value_text, unit, kind, period, subject from indicators "
                  "where report_id = ? order by line",
    "budget_lines": "select line, amount_text, amount_vnd, year, period, status, item from budget_lines "
                    "where report_id = ? order by line",
    "assignments": "select a.line, a.task, a.timeframe, l.units as lead, c.units as coordinating from assignments a "
                   "left join (select assignment_id, group_concat(unit, '; ') as units from assignment_units "
                   "           where role = 'lead' group by assignment_id) l on l.assignment_id = a.id "
                   "left join (select assignment_id, group_concat(unit, '; ') as units from assignment_units "
                   "           where role = 'coordinating' group by assignment_id) c on c.assignment_id = a.id "
                   "where a.report_id = ? order by a.line, a.id",
}


def extractions(db: sqlite_utils.Database, report_id: int) -> dict[str, list[dict]]:
    """The citations, indicators, budget lines and assignments of one report, by kind."""
    return {kind: list(db.query(sql, [report_id])) for kind, sql in _EXTRACTIONS.items()}
