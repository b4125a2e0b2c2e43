"""Copies: the same report ingested in several forms (scan, PDF, Word) is marked once."""
from __future__ import annotations

import collections
import difflib
import functools
from dataclasses import dataclass

import sqlite_utils

from extractors.text import fold


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
    candidates: dict[tuple, list[_Heading]] = {}
    for h in sorted(changed, key=lambda h: h.id):
        if h.id not in placed:
            placed.add(h.id)
            _mark_group(db, _cluster(db, h, placed, candidates))


# Reports that could be copies of a report: same symbol and year, and type, number, date and
# month equal or unknown (the index on symbol and year finds them; SQLite filters the rest).
_CANDIDATES_SQL = _HEADING_SQL + """
    where r.symbol is ? and r.year is ?
      and (r.type_code is null or ? is null or r.type_code = ?) and (r.number is null or ? is null or r.number = ?)
      and (r.date is null or ? is null or r.date = ?) and (r.month is null or ? is null or r.month = ?)"""


def _cluster(db: sqlite_utils.Database, start: _Heading, placed: set[int],
             candidates: dict[tuple, list[_Heading]]) -> list[_Heading]:
    """`start` with every report linked to it by possible copying, directly or through others:
    their marks are decided together. Its cost is the cluster's, not the archive's.
    `candidates` keeps each heading key's candidates for the call of `mark_copies`: the members
    of a cluster mostly share one key (400 copies of one report asked the same 400 rows 400 times)."""
    cluster, todo = [start], [start]
    while todo:
        h = todo.pop()
        if not (h.number or h.date or h.issuer):
            continue    # `same_report` needs one of them on both sides: nothing can be its copy
        key = (h.symbol, h.year, h.type_code, h.number, h.date, h.month)
        if key not in candidates:
            candidates[key] = _headings(db.execute(_CANDIDATES_SQL, [h.symbol, h.year, h.type_code, h.type_code,
                                                                     h.number, h.number, h.date, h.date,
                                                                     h.month, h.month]))
        for other in candidates[key]:
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
