"""Search for a body's assignments: "Sở Nội vụ chủ trì" -> the tasks Sở Nội vụ leads, in every plan.

A query names a body when, once a role word ("chủ trì", "phối hợp") and filler words
("nhiệm vụ", "làm gì", "giao") are taken off, what is left is found among the stored unit keys
(`assignment_units.unit_key`, compared without diacritics and with abbreviations expanded as
`extractors.units.unit_key` does: "ubnd cac xa" finds "ủy ban nhân dân các xã, phường"). Without a
role word the body must be named from its first word ("sở nội vụ", not "nội vụ"), so an
ordinary topic search ("thư viện") does not list assignments. Read-only.

>>> hits = find_body_assignments(db, "Sở Nội vụ chủ trì")
>>> hits.role, hits.keys, hits.assignments[0].task
('lead', ['sở nội vụ'], 'Rà soát, sửa đổi …')
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import sqlite_utils

from extractors.text import fold, nfc
from extractors.units import unit_key

# Role words of a query (folded) and the role each asks for.
QUERY_ROLES = {"chu tri": "lead", "phoi hop": "coordinating"}
# Words around a body's name in a question that are not part of it (folded).
QUERY_FILLER = re.compile(
    r"\b(?:nhung\s+)?(?:nhiem\s+vu|viec|cong\s+viec)(?:\s+(?:cua|do|duoc\s+giao(?:\s+cho)?|cho))?\b"
    r"|\blam\s+gi\b|\bduoc\s+giao\b"
    r"|\bgiao\s+cho\b|\bcac\s+viec\b|\?")
_ROLE = re.compile(r"\b(?P<role>chu\s+tri|phoi\s+hop)\b")


@dataclass
class BodyAssignment:
    unit: str                 # as written in the plan
    role: str                 # "lead" or "coordinating"
    task: str
    timeframe: str | None
    deadline_year: int | None
    path: str                 # the plan's file
    ref: str | None           # "88/QĐ-UBND"
    line: int
    report_id: int


@dataclass
class BodyAssignments:
    name: str                           # the body as typed
    role: str | None                    # the role asked for, None for both
    keys: list[str] = field(default_factory=list)   # the unit keys it matched
    assignments: list[BodyAssignment] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def read_body_query(text: str) -> tuple[str, str | None, bool]:
    """(the body's name as typed; the role asked for; whether the query said a role)."""
    typed = " ".join(nfc(text).split())
    folded = fold(typed)
    if len(folded) != len(typed):     # (folding keeps one character per character of NFC text)
        typed = folded
    role = None
    if m := _ROLE.search(folded):
        role = QUERY_ROLES[" ".join(m["role"].split())]
        typed, folded = typed[:m.start()] + typed[m.end():], folded[:m.start()] + folded[m.end():]
    for m in reversed(list(QUERY_FILLER.finditer(folded))):
        typed = typed[:m.start()] + " " + typed[m.end():]
    return " ".join(typed.split()).strip(" ,.;:"), role, role is not None


def find_body_assignments(db: sqlite_utils.Database, text: str, limit: int = 50) -> BodyAssignments | None:
    """The assignments of the body a query names, lead first and earliest deadline first;
    None when the query names no stored body (or the database has no assignments)."""
    if not db["assignment_units"].exists():
        return None
    name, role, said_role = read_body_query(text)
    if not name:
        return None
    wanted = fold(unit_key(name))
    keys = sorted(key for (key,) in db.execute("select distinct unit_key from assignment_units")
                  if key and (wanted in fold(key) if said_role else fold(key).startswith(wanted)))
    if not keys:
        return None
    marks = ", ".join("?" * len(keys))
    rows = db.execute(
        f"""select u.unit, u.role, a.task, a.timeframe, a.deadline_year, f.path,
                   case when r.number is not null and r.symbol is not null then r.number || '/' || r.symbol end,
                   a.line, r.id
            from assignment_units u join assignments a on a.id = u.assignment_id
              join reports r on r.id = a.report_id join files f on f.id = r.file_id
            where u.unit_key in ({marks}) and (? is null or u.role = ?) and r.copy_of is null
            order by u.role = 'lead' desc, a.deadline_year is null, a.deadline_year, f.path, a.line
            limit ?""", [*keys, role, role, limit]).fetchall()
    return BodyAssignments(text, role, keys, [BodyAssignment(*row) for row in rows])
