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

from . import store
from .cluster import ClusterPool
from .discover import FOLDER_LINK, SPECIAL, UNREADABLE_FOLDER, FoundFile, discover
from .extract import extract
from .loaders import LoadError, load
from .workers import Failure, Limits, Pool

# A changed environment (Tesseract installed, a bug fixed) may turn these into
# successes, so they are retried even when the file itself is unchanged.
RETRIED_STATUSES = {"needs_ocr", "error"}

# The writer commits when it holds this many files or has held one this long:
# large enough to amortise the commit, short enough that readers see progress.
BATCH_FILES = 100
BATCH_SECONDS = 1.0

# Five minutes for any file, plus 10 s per MB: a 60 MB scanned PDF of 200 pages
# needs its pages OCR'd, a 60 KB PDF that runs for minutes is pathological.
DEFAULT_LIMITS = Limits(timeout=300.0, seconds_per_mb=10.0)

# Why a file could not even be opened, by errno, with what to do about it.
_OS_REASONS = {
    errno.EACCES: "permission denied: make the file readable by the user running baocao",
    errno.EPERM: "permission denied: make the file readable by the user running baocao",
    errno.ELOOP: "symbolic link loop: the link points (via others) back to itself; fix or delete it",
    errno.ENOENT: "broken link or vanished file: its target does not exist",
    errno.EIO: "input/output error reading the disk: copy the file from a backup",
}

_KIND_REASONS = {
    FOLDER_LINK: ("unsupported", "link to a folder, not followed (links can loop): ingest the folder it points to"),
    SPECIAL: ("unsupported", "not a regular file (named pipe, socket or device): nothing to read"),
    UNREADABLE_FOLDER: ("error", "folder cannot be listed (permission denied?): make it readable and ingest again"),
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
        "path": found.rel, "sha256": sha256, "size": size, "format": found.format,
        "pages": None, "ocr": 0, "ocr_confidence": None, "legacy_encoding": None,
        "status": "ok", "error": None, "note": None, "ingested_at": store.now(),
        **fields,
    }


def process(found: FoundFile, sha256: str, size: int) -> Outcome:
    """Load and extract one file, and build its rows. Runs in a worker process."""
    record = file_record(found, sha256, size)
    started = time.perf_counter()
    try:
        loaded = load(found.path, found.format)
    except LoadError as e:
        return Outcome({**record, "status": e.status, "error": e.reason})
    except MemoryError:
        raise   # the worker reports it with the memory limit
    except OSError as e:
        return Outcome({**record, "status": "error", "error": os_reason(e)})
    except Exception as e:  # a loader bug must not stop the batch
        return Outcome({**record, "status": "error", "error": f"could not read the file ({type(e).__name__}: {e})"[:300]})
    loaded_at = time.perf_counter()
    record.update(pages=loaded.pages, ocr=int(loaded.ocr), ocr_confidence=loaded.ocr_confidence,
                  legacy_encoding=loaded.legacy_encoding, note="; ".join(loaded.notes) or None)
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
        reason = f"extraction failed ({type(e).__name__} in {Path(where.filename).name}:{where.lineno}): please report this file"
        return Outcome({**record, "status": "error", "error": reason})
    timings = {"load": loaded_at - started, "extract": extracted_at - loaded_at,
               "prepare": time.perf_counter() - extracted_at}
    return Outcome(record, report, timings)


def os_reason(e: OSError) -> str:
    return _OS_REASONS.get(e.errno, f"cannot read the file: {e.strerror or e}")


@dataclass
class Summary:
    ok: int = 0
    skipped: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    interrupted: bool = False
    not_reached: int = 0          # files left for the next run after an interruption
    timings: dict[str, float] = field(default_factory=dict)   # stage -> seconds summed over files
    peak_worker_rss_mb: float = 0.0

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
        return self.ok + self.skipped + len(self.failures)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ingest(roots: list[str | Path], db_path: str | Path, force: bool = False, **options) -> Summary:
    """Ingest every file under `roots` into the database at `db_path`."""
    return ingest_files(discover(roots), db_path, force, **options)


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

    def add(self, found: FoundFile, outcome: Outcome) -> None:
        started = time.perf_counter()
        if not self.db.conn.in_transaction:
            self.db.conn.execute("BEGIN")
            self.opened = time.monotonic()
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
            reason = f"could not store the results ({type(e).__name__}: {e})"[:250] + ": please report this file"
            outcome.record.update(status="error", error=reason)
            store.record_file(self.db, outcome.record)


def ingest_files(
    files: list[FoundFile],
    db_path: str | Path,
    force: bool = False,
    on_file: Callable[[FoundFile, Outcome | None], None] | None = None,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cluster: str | None = None,
) -> Summary:
    """Ingest the discovered files; `on_file` is told of each once stored (None: unchanged, skipped).

    `cluster` (`local[N]`, `tcp://scheduler:8786`) reads the files on a Dask cluster
    (pipeline/cluster.py) instead of `workers` local processes; all else is the same.

    Ctrl-C (KeyboardInterrupt) stops the batch: files already read are stored,
    the rest are counted in `Summary.not_reached` and read by the next run.
    """
    db = store.open_db(db_path)
    summary = Summary()
    writer = _Writer(db, summary, on_file)
    known = {} if force else store.known_files(db)
    by_rel = {found.rel: found for found in files}

    def tasks() -> Iterator[tuple[str, tuple, float]]:
        """Files to read, in order; files that need no worker go straight to the writer."""
        for found in files:
            if found.kind in _KIND_REASONS:
                status, reason = _KIND_REASONS[found.kind]
                writer.add(found, Outcome(file_record(found, None, None, status=status, error=reason)))
                continue
            try:
                size = found.path.stat().st_size
                sha256 = sha256_of(found.path)
            except OSError as e:
                writer.add(found, Outcome(file_record(found, None, None, status="error", error=os_reason(e))))
                continue
            sha_before, status_before = known.get(found.rel, (None, None))
            if sha_before == sha256 and status_before not in RETRIED_STATUSES:
                summary.skipped += 1
                if on_file:
                    on_file(found, None)
                continue
            yield found.rel, (found, sha256, size), size / 2**20

    try:
        pool = ClusterPool(process, cluster, limits) if cluster else Pool(process, workers or default_workers(), limits)
        with pool:
            try:
                for rel, result in pool.run(tasks(), on_idle=writer.commit_if_due, idle_seconds=BATCH_SECONDS):
                    found = by_rel[rel]
                    if isinstance(result, Failure):
                        result = Outcome(file_record(found, None, None, status="error", error=result.reason))
                    writer.add(found, result)
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                summary.peak_worker_rss_mb = pool.peak_worker_rss_mb
    finally:
        writer.commit()
        summary.not_reached = len(files) - summary.done
        summary.timings["store"] = writer.seconds
        if writer.wrote:
            store.consolidate(db)
        db.close()
    return summary
