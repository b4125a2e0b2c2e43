"""The ingest job: discover -> load -> extract (in worker processes) -> store (one writer).

`process` (load + extract + building the rows) is a pure function of a file's
bytes and never raises: any failure becomes a status and a one-line reason, so
one bad file cannot stop a batch. It runs in a `workers.Pool`, each file under
a time and memory limit. The parent process is the only writer: it stores
results in batches, one transaction per batch and a savepoint per file, so a
file's rows appear all together or not at all and readers (Datasette) are
never locked out for long. Unchanged files are skipped on their hash alone.
"""
from __future__ import annotations

import collections
import errno
import hashlib
import os
import sqlite3
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from extractors.text import Text

from . import dbfile, pagesplit, store
from .cluster import ClusterPool
from .corrections import TARGET_MISSING
from .defaults import DEFAULT_LIMITS
from .discover import FOLDER_LINK, SPECIAL, UNREADABLE_FOLDER, FoundFile, canonical_root, discover
from .extract import extract
from .loaders import LoadError, load, textlayer
from .workers import Failure, Limits, Pool
from .i18n import N_, _

# A changed environment (Tesseract installed, a bug fixed) may turn these into
# successes, so they are retried even when the file itself is unchanged.
RETRIED_STATUSES = {"needs_ocr", "error"}

# The writer commits when it holds this many files or has held one this long:
# large enough to amortise the commit, short enough that readers see progress.
BATCH_FILES = 100
BATCH_SECONDS = 1.0

# Why a file could not even be opened, by errno, with what to do about it.
_OS_REASONS = {
    errno.EACCES: N_("permission denied: make the file readable by the user running baocao"),
    errno.EPERM: N_("permission denied: make the file readable by the user running baocao"),
    errno.ELOOP: N_("symbolic link loop: the link points (via others) back to itself; fix or delete it"),
    errno.ENOENT: N_("broken link or vanished file: its target does not exist"),
    errno.EIO: N_("input/output error reading the disk: copy the file from a backup"),
}

_KIND_REASONS = {
    FOLDER_LINK: ("unsupported", N_("link to a folder, not followed (links can loop): ingest the folder it points to")),
    SPECIAL: ("unsupported", N_("not a regular file (named pipe, socket or device): nothing to read")),
    UNREADABLE_FOLDER: ("error", N_("folder cannot be listed (permission denied?): make it readable and ingest again")),
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Outcome:
    """What became of one file: its `files` row and, when it yielded a report, that report's rows."""

    record: dict
    report: store.PreparedReport | None = None
    timings: dict[str, float] = field(default_factory=dict)   # stage -> seconds, for the benchmark

    @property
    def status(self) -> str:
        return self.record["status"]


def file_record(found: FoundFile, sha256: str | None, size: int | None, **fields) -> dict:
    """A files row; `fields` override the defaults of a file read without trouble."""
    return {
        "root": found.root, "path": found.rel, "sha256": sha256, "size": size, "format": found.format,
        "pages": None, "ocr": 0, "ocr_confidence": None, "legacy_encoding": None,
        "status": "ok", "error": None, "note": None, "warnings": None, "ingested_at": store.now(),
        **fields,
    }


def process(found: FoundFile, sha256: str, size: int, ocr_pages: dict | None = None) -> Outcome:
    """Load and extract one file, and build its rows. Runs in a worker process. `ocr_pages`: the
    pages of a long scan already OCR'd by other cluster workers (pipeline/pagesplit.py)."""
    record = file_record(found, sha256, size)
    started = time.perf_counter()
    try:
        loaded = load(found.path, found.format, ocr_pages)
    except LoadError as e:
        return Outcome({**record, "status": e.status, "error": e.reason})
    except MemoryError:
        raise   # the worker reports it with the memory limit
    except OSError as e:
        return Outcome({**record, "status": "error", "error": os_reason(e)})
    except Exception as e:  # a loader bug must not stop the batch
        return Outcome({**record, "status": "error", "error": _("could not read the file ({error})").format(
            error=f"{type(e).__name__}: {e}"[:250])})
    loaded_at = time.perf_counter()
    record.update(pages=loaded.pages, ocr=int(loaded.ocr), ocr_confidence=loaded.ocr_confidence,
                  legacy_encoding=loaded.legacy_encoding, note="; ".join(loaded.notes) or None)
    record.update(textlayer.file_fields(loaded.page_reads))   # files.warnings and the pages rows
    try:
        text = Text.from_lines(loaded.lines)
        del loaded
        extraction = extract(text)
        extracted_at = time.perf_counter()
        report = store.prepare_report(text, extraction)
    except MemoryError:
        raise
    except Exception as e:
        where = traceback.extract_tb(e.__traceback__)[-1]
        reason = _("extraction failed ({error} in {where}): please report this file").format(
            error=type(e).__name__, where=f"{Path(where.filename).name}:{where.lineno}")
        return Outcome({**record, "status": "error", "error": reason})
    timings = {"load": loaded_at - started, "extract": extracted_at - loaded_at,
               "prepare": time.perf_counter() - extracted_at}
    return Outcome(record, report, timings)


def os_reason(e: OSError) -> str:
    return _(_OS_REASONS[e.errno]) if e.errno in _OS_REASONS else _("cannot read the file: {error}").format(
        error=e.strerror or e)


# Exit codes of `baocao ingest`, for scripts (README, Reliability).
EXIT_OK = 0
EXIT_FATAL = 1            # nothing or not everything could be stored: the database, a lock, a folder
EXIT_FILES_NOT_READ = 3   # the run completed, but some files were not read (error, needs_ocr, empty)
EXIT_INTERRUPTED = 130    # Ctrl-C (the shell's code for SIGINT): the same command continues
# Statuses that make a run exit EXIT_FILES_NOT_READ; `unsupported` (a spreadsheet beside the
# reports, a link to a folder) is recorded and listed but is no failure to read a report.
NOT_READ = {"error", "needs_ocr", "empty"}


@dataclass
class Summary:
    ok: int = 0
    skipped: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    interrupted: bool = False
    not_reached: int = 0          # files left for the next run after an interruption
    timings: dict[str, float] = field(default_factory=dict)   # stage -> seconds summed over files
    peak_worker_rss_mb: float = 0.0
    moved: int = 0                # unchanged files found at a new place (same sha256)
    missing: int = 0              # files recorded under an ingested folder that are no longer there
    pruned: int = 0               # of those, forgotten with --prune
    run_id: int | None = None     # ingest_runs.id: this run's generation
    consolidated: int = 0         # reports the batch-end step looked at
    consolidation_pending: bool = False   # interrupted during the batch-end step: the next run finishes it
    corrections_missing: int = 0  # hand corrections whose target is no longer there

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "ok":
            self.ok += 1
        else:
            self.failures.append((outcome.record["path"], outcome.status, outcome.record["error"]))
        for stage, seconds in outcome.timings.items():
            self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    @property
    def failed(self) -> dict[str, int]:
        """Files not read, by status."""
        return dict(collections.Counter(status for _, status, _ in self.failures))

    @property
    def done(self) -> int:
        return self.ok + self.skipped + len(self.failures) + self.moved

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if any(status in NOT_READ for _, status, _ in self.failures):
            return EXIT_FILES_NOT_READ
        return EXIT_OK

    def as_dict(self) -> dict:
        return {
            "exit_code": self.exit_code, "run_id": self.run_id, "interrupted": self.interrupted,
            "files": {"ok": self.ok, "unchanged": self.skipped, "not_read": len(self.failures),
                      "moved": self.moved, "missing": self.missing, "pruned": self.pruned,
                      "not_reached": self.not_reached, **{f"not_read_{k}": v for k, v in self.failed.items()}},
            "failures": [{"path": p, "status": st, "reason": r} for p, st, r in self.failures],
            "batch_end": {"reports": self.consolidated, "pending": self.consolidation_pending},
            "corrections_missing": self.corrections_missing,
        }


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ingest(roots: list[str | Path], db_path: str | Path, force: bool = False, **options) -> Summary:
    """Ingest every file under `roots` into the database at `db_path`."""
    return ingest_files(discover(roots), db_path, force, roots=roots, **options)


class _Writer:
    """The single writer: stores each file as it arrives, in its own savepoint, and
    commits every BATCH_FILES files or BATCH_SECONDS seconds. Writing as results
    arrive keeps the workers fed; committing in batches keeps commits cheap.
    """

    def __init__(self, db, summary: Summary, on_file):
        self.db, self.summary, self.on_file = db, summary, on_file
        self.batch: list[tuple[FoundFile, Outcome]] = []
        self.opened = 0.0
        self.wrote = False
        self.seconds = 0.0

    def begin(self) -> None:
        if not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN IMMEDIATE")
            self.opened = time.monotonic()

    def add(self, found: FoundFile, outcome: Outcome) -> None:
        started = time.perf_counter()
        self.begin()
        self._store(outcome)
        self.batch.append((found, outcome))
        self.seconds += time.perf_counter() - started
        if len(self.batch) >= BATCH_FILES:
            self.commit()
        else:
            self.commit_if_due()

    def commit_if_due(self) -> None:
        """Commit a batch held for BATCH_SECONDS (also while a long file keeps the workers busy)."""
        if self.batch and time.monotonic() - self.opened >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        if self.db.conn.in_transaction:
            started = time.perf_counter()
            self.db.conn.execute("COMMIT")
            self.seconds += time.perf_counter() - started
        batch, self.batch = self.batch, []
        self.wrote = self.wrote or bool(batch)
        for found, outcome in batch:
            self.summary.add(outcome)
            if self.on_file:
                self.on_file(found, outcome)

    def _store(self, outcome: Outcome) -> None:
        if outcome.report is None:
            store.record_file(self.db, outcome.record)
            return
        try:
            store.write_report(self.db, outcome.record, outcome.report)
        except sqlite3.OperationalError:
            raise   # disk full, database locked: not this file's fault, stop the batch
        except Exception as e:   # the savepoint rolled back this file's rows; record why
            outcome.report = None
            reason = _("could not store the results ({error}): please report this file").format(
                error=f"{type(e).__name__}: {e}"[:200])
            outcome.record.update(status="error", error=reason)
            store.record_file(self.db, outcome.record)


def ingest_files(
    files: list[FoundFile],
    db_path: str | Path,
    force: bool = False,
    on_file: Callable[[FoundFile, Outcome | None], None] | None = None,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    roots: list[str | Path] | None = None,
    prune: bool = False,
    log: Callable[[str, str, str | None], None] | None = None,
    on_progress: Callable[[FoundFile, object], None] | None = None,
    cluster: str | None = None,
) -> Summary:
    """Ingest the discovered files; `on_file` is told of each once stored (None: unchanged, skipped
    or moved); `log(status, location, reason)` of every file (status `ok`, `unchanged`, `moved`,
    `missing`, `pruned`, a failure's, or `pages`: which cluster worker OCR'd which pages of a long
    scan, pipeline/pagesplit.py); `on_progress(file, message)` of what a worker reports
    while reading it (ocr.PageProgress).

    `cluster` (`local[N]`, `tcp://scheduler:8786`) reads the files on a Dask cluster
    (pipeline/cluster.py) instead of `workers` local processes; all else is the same.

    Files recorded under the folders in `roots` that are no longer there are marked
    `files.missing_since` (their rows kept), or forgotten with `prune`. An unchanged file found
    at a new place is a move: its row follows it. Ctrl-C (KeyboardInterrupt) stops the batch:
    files already read are stored, the rest are counted in `Summary.not_reached` and read by the
    next run; so is an unfinished batch-end step. Raises dbfile.DatabaseFileError when the
    database is not baocao's or another ingest holds it.
    """
    dbfile.check_writable(db_path)
    with dbfile.ingest_lock(db_path):
        db = store.open_db(db_path)
        try:
            return _ingest_locked(db, files, force, on_file, workers, limits, roots, prune, log, on_progress,
                                  cluster)
        finally:
            db.close()


def _finish_run(db, summary: Summary) -> None:
    store.finish_run(db, summary.run_id, {
        "status": "interrupted" if summary.interrupted else "done",
        "files_ok": summary.ok, "files_unchanged": summary.skipped, "files_failed": len(summary.failures),
        "files_moved": summary.moved, "files_missing": summary.missing, "files_pruned": summary.pruned})


def _consolidate(db, summary: Summary) -> None:
    """The batch-end step, if any work is owed; Ctrl-C during it leaves it for the next run."""
    if not store.pending_work(db):
        return
    try:
        summary.consolidated += store.consolidate(db, run_id=summary.run_id)
    except KeyboardInterrupt:
        summary.interrupted = summary.consolidation_pending = True


def _ingest_locked(db, files, force, on_file, workers, limits, roots, prune, log, on_progress, cluster) -> Summary:
    summary = Summary()
    summary.run_id = store.start_run(db, [str(r) for r in roots or []])
    _consolidate(db, summary)   # an earlier run's unfinished batch-end step comes first
    if summary.interrupted:
        summary.not_reached = len(files)
        _finish_run(db, summary)
        return summary
    writer = _Writer(db, summary, on_file)
    known = store.FileIndex(db)
    by_location_found = {found.location: found for found in files}
    moved_from: set[int] = set()

    def note(status: str, where: str, reason: str | None = None) -> None:
        if log:
            log(status, where, reason)

    def was_moved(found: FoundFile, sha256: str) -> bool:
        """An unchanged file whose recorded place is empty now: its row follows it."""
        for k in known.with_sha(sha256):
            if k.id in moved_from or k.location in by_location_found or os.path.lexists(k.location):
                continue
            moved_from.add(k.id)
            writer.begin()
            store.move_file(db, k.id, found.root, found.rel)
            summary.moved += 1
            note("moved", found.location, f"from {k.location}")
            return k.status not in RETRIED_STATUSES
        return False

    def tasks() -> Iterator[tuple[str, tuple, float]]:
        """Files to read, in order; files that need no worker go straight to the writer."""
        for found in files:
            if found.kind in _KIND_REASONS:
                status, reason = _KIND_REASONS[found.kind]
                reason = _(reason)
                writer.add(found, Outcome(file_record(found, None, None, status=status, error=reason)))
                continue
            try:
                size = found.path.stat().st_size
                sha256 = sha256_of(found.path)
            except OSError as e:
                writer.add(found, Outcome(file_record(found, None, None, status="error", error=os_reason(e))))
                continue
            # a row from before files.root is adopted by the first root that has its path
            before = known.at(found.location) or known.older(found.rel)
            if before is None:
                if was_moved(found, sha256) and not force:
                    if on_file:
                        on_file(found, None)
                    continue
            elif before.sha256 == sha256 and before.status not in RETRIED_STATUSES and not force:
                if before.missing_since or before.root != found.root:   # back again, or adopted by its root
                    writer.begin()
                    store.move_file(db, before.id, found.root, found.rel)
                summary.skipped += 1
                note("unchanged", found.location)
                if on_file:
                    on_file(found, None)
                continue
            yield found.location, (found, sha256, size), size / 2**20

    def stored(found: FoundFile, outcome: Outcome | None) -> None:
        if outcome is not None:
            note(outcome.status, found.location, outcome.record.get("error"))
        if on_file:
            on_file(found, outcome)

    writer.on_file = stored
    try:
        pool = ClusterPool(process, cluster, limits, split=pagesplit.SCANNED_PAGES) if cluster \
            else Pool(process, workers or default_workers(), limits)
        with pool:
            try:
                def progress(location: str, message) -> None:
                    if isinstance(message, pagesplit.PagesRead):   # which cluster worker read which pages
                        note("pages", location, str(message))
                    if on_progress:
                        on_progress(by_location_found[location], message)

                for location, result in pool.run(tasks(), on_idle=writer.commit_if_due, idle_seconds=BATCH_SECONDS,
                                                 on_progress=progress):
                    found = by_location_found[location]
                    if isinstance(result, Failure):
                        result = Outcome(file_record(found, None, None, status="error", error=result.reason))
                    writer.add(found, result)
                if not summary.interrupted:
                    _record_vanished(db, writer, known, by_location_found, moved_from, roots, prune, summary, note)
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                summary.peak_worker_rss_mb = pool.peak_worker_rss_mb
    finally:
        try:
            writer.commit()
        except KeyboardInterrupt:
            writer.commit()
            summary.interrupted = True
        summary.not_reached = max(0, len(files) - summary.done)
        summary.timings["store"] = writer.seconds
        _consolidate(db, summary)
        summary.corrections_missing = db.execute(
            "select count(*) from corrections where status = ?", [TARGET_MISSING]).fetchone()[0]
        _finish_run(db, summary)
    return summary


def _record_vanished(db, writer, known, found_at, moved_from, roots, prune, summary, note) -> None:
    """Files recorded under the ingested folders that are gone: dated, or forgotten with `prune`."""
    folders = {canonical_root(Path(r)) for r in roots or [] if Path(r).is_dir()}
    gone = [k for k in known.under(folders)
            if k.location not in found_at and k.id not in moved_from and not os.path.lexists(k.location)]
    if not gone:
        return
    writer.begin()
    if prune:
        store.delete_files(db, [k.id for k in gone])
        summary.pruned = len(gone)
    else:
        store.mark_missing(db, [k.id for k in gone if not k.missing_since])
    summary.missing = len(gone)
    for k in gone:
        note("pruned" if prune else "missing", k.location)
