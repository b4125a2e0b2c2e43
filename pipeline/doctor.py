"""`baocao doctor`: what in a database needs a person's attention, read-only.

- the batch-end step unfinished (a run was killed during it; the next ingest completes it);
- files that vanished from their folder (kept, dated in `files.missing_since`);
- hand corrections whose target is gone (the file changed beyond recognition);
- documents that look like one document read twice: the same number and date, symbols that
  differ by one OCR-like slip (`1914/KH-STTTTT` and `1914/KH-STTTT`, `44/VHTT` and `44/VHTTT`),
  each with the `baocao merge` command that would join them (the less cited into the more cited).
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field

import sqlite_utils

from . import store
from .corrections import MERGE, TARGET_MISSING
from .i18n import _

# Letters Tesseract confuses, mapped to one representative: two symbols that differ only
# by these are one slip apart.
_OCR_LOOKALIKES = str.maketrans({"0": "O", "Q": "O", "D": "O", "1": "I", "l": "I", "L": "I", "5": "S",
                                 "8": "B", "Đ": "O"})


def one_slip_apart(a: str, b: str) -> bool:
    """Symbols that differ by one doubled or dropped letter, or one look-alike character."""
    if a == b:
        return False
    if a.translate(_OCR_LOOKALIKES) == b.translate(_OCR_LOOKALIKES):
        return True
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    # one letter more: dropping some letter of the longer gives the shorter
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@dataclass
class Twin:
    ref: str
    date: str | None
    citations: int
    into_ref: str
    into_date: str | None
    into_citations: int

    @property
    def command(self) -> str:
        def name(ref, date):
            return f"{ref}@{date}" if date else ref
        return f"baocao merge {name(self.ref, self.date)} {name(self.into_ref, self.into_date)}"


@dataclass
class Examination:
    pending: int = 0
    missing_files: list[str] = field(default_factory=list)
    corrections_missing: list[dict] = field(default_factory=list)
    twins: list[Twin] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not (self.pending or self.missing_files or self.corrections_missing or self.twins)

    def as_dict(self) -> dict:
        return {"healthy": self.healthy, "batch_end_pending": self.pending, "missing_files": self.missing_files,
                "corrections_missing": self.corrections_missing,
                "suggested_merges": [{**t.__dict__, "command": t.command} for t in self.twins]}

    def lines(self) -> list[str]:
        """The examination for a person, in the current language."""
        out = []
        if self.pending:
            out.append(_("batch-end step unfinished ({n} reports/documents waiting): "
                         "the next `baocao ingest` completes it first").format(n=self.pending))
        if self.missing_files:
            out.append(_("{n} files vanished from their folders (rows kept; "
                         "`baocao ingest FOLDER --prune` forgets them):").format(n=len(self.missing_files)))
            out += [f"  {where}" for where in self.missing_files[:20]]
        if self.corrections_missing:
            out.append(_("{n} corrections whose target is gone:").format(n=len(self.corrections_missing)))
            out += [f"  {c['id']}: {c['target']} {c['field']} = {c['value'] or c['into_ref']} "
                    f"({c['file_path'] or c['document_ref']})" for c in self.corrections_missing]
        if self.twins:
            out.append(_("{n} documents that look like another read with an OCR slip:").format(n=len(self.twins)))
            out += ["  " + _("{ref} ({n} citations) ~ {into} ({into_n}): {command}").format(
                        ref=t.ref, n=t.citations, into=t.into_ref, into_n=t.into_citations, command=t.command)
                    for t in self.twins]
        return out or [_("ok: nothing needs attention")]


def suggested_merges(db: sqlite_utils.Database) -> list[Twin]:
    """Documents with the same number and date whose symbols are one slip apart."""
    cited = collections.Counter(dict(db.execute("select document_id, count(*) from citations group by document_id")))
    merged_away = {(ref, date) for ref, date in db.execute(
        "select document_ref, document_date from corrections where field = ?", [MERGE])}
    groups: dict[tuple, list[tuple]] = collections.defaultdict(list)
    for doc_id, ref, number, symbol, date, year in db.execute(
            "select id, ref, number, symbol, date, year_in_number from documents where number is not null"):
        groups[(number, date, year)].append((doc_id, ref, symbol or ""))
    twins = []
    for (_number, date, _year), members in groups.items():
        for i, (a_id, a_ref, a_symbol) in enumerate(members):
            for b_id, b_ref, b_symbol in members[i + 1:]:
                if not one_slip_apart(a_symbol, b_symbol):
                    continue
                # the less cited is the slip; a tie keeps the shorter symbol (OCR adds strokes)
                (x_id, x_ref), (y_id, y_ref) = sorted(
                    [(a_id, a_ref), (b_id, b_ref)], key=lambda d: (cited[d[0]], -len(d[1])))
                if (x_ref, date) in merged_away:
                    continue
                twins.append(Twin(x_ref, date, cited[x_id], y_ref, date, cited[y_id]))
    return sorted(twins, key=lambda t: (t.into_ref, t.ref))


def examine(db: sqlite_utils.Database) -> Examination:
    tables = set(db.table_names())
    found = Examination()
    if "pending_reports" in tables:
        found.pending = store.pending_work(db)
    if "missing_since" in db["files"].columns_dict:
        found.missing_files = [store.location(root, path) for root, path in db.execute(
            "select root, path from files where missing_since is not null order by root, path")]
    if "corrections" in tables:
        found.corrections_missing = list(db.query("select * from corrections where status = ? order by id",
                                                  [TARGET_MISSING]))
    found.twins = suggested_merges(db)
    return found
