"""The ingest job: discover -> load -> extract -> store, one file at a time per stage.

`process` (load + extract) is a pure function of the file's bytes and never
raises: any failure becomes a status and a one-line reason, so one bad file
cannot stop a batch. Storing happens in one writer, one transaction per file.
"""
from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from extractors.models import Extraction
from extractors.text import Text

from . import store
from .discover import FoundFile, discover
from .extract import extract
from .loaders import LoadError, load

# A changed environment (Tesseract installed, a bug fixed) may turn these into
# successes, so they are retried even when the file itself is unchanged.
RETRIED_STATUSES = {"needs_ocr", "error"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Outcome:
    """What became of one file."""

    record: dict                        # the files row
    text: Text | None = None
    extraction: Extraction | None = None

    @property
    def status(self) -> str:
        return self.record["status"]


def file_record(found: FoundFile, sha256: str | None, size: int | None, **fields) -> dict:
    """A files row; `fields` override the defaults of a file read without trouble."""
    return {
        "path": found.rel, "sha256": sha256, "size": size, "format": found.format,
        "pages": None, "ocr": 0, "status": "ok", "error": None, "note": None, "ingested_at": store.now(),
        **fields,
    }


def process(found: FoundFile, sha256: str, size: int) -> Outcome:
    record = file_record(found, sha256, size)
    try:
        loaded = load(found.path, found.format)
    except LoadError as e:
        return Outcome({**record, "status": e.status, "error": e.reason})
    except Exception as e:  # a loader bug must not stop the batch
        return Outcome({**record, "status": "error", "error": f"could not read the file ({type(e).__name__}: {e})"[:300]})
    record.update(pages=loaded.pages, ocr=int(loaded.ocr), note="; ".join(loaded.notes) or None)
    text = Text.from_lines(loaded.lines)
    try:
        extraction = extract(text)
    except Exception as e:
        where = traceback.extract_tb(e.__traceback__)[-1]
        reason = f"extraction failed ({type(e).__name__} in {Path(where.filename).name}:{where.lineno}): please report this file"
        return Outcome({**record, "status": "error", "error": reason})
    return Outcome(record, text, extraction)


@dataclass
class Summary:
    ok: int = 0
    skipped: int = 0
    failed: dict[str, int] = field(default_factory=dict)   # status -> count
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "ok":
            self.ok += 1
        else:
            self.failed[outcome.status] = self.failed.get(outcome.status, 0) + 1
            self.failures.append((outcome.record["path"], outcome.status, outcome.record["error"]))


def ingest(roots: list[str | Path], db_path: str | Path, force: bool = False) -> Summary:
    """Ingest every file under `roots` into the database at `db_path`."""
    return ingest_files(discover(roots), db_path, force)


def ingest_files(
    files: list[FoundFile],
    db_path: str | Path,
    force: bool = False,
    on_file: Callable[[FoundFile, Outcome | None], None] | None = None,
) -> Summary:
    """Ingest the discovered files; `on_file` is told of each (None: unchanged, skipped)."""
    db = store.open_db(db_path)
    summary = Summary()
    try:
        for found in files:
            outcome = ingest_one(db, found, force)
            if outcome is None:
                summary.skipped += 1
            else:
                summary.add(outcome)
            if on_file:
                on_file(found, outcome)
    finally:
        store.consolidate(db)
        db.close()
    return summary


def ingest_one(db, found: FoundFile, force: bool = False) -> Outcome | None:
    """Load, extract and store one file; None when it is unchanged since the last run."""
    try:
        size = found.path.stat().st_size
        sha256 = sha256_of(found.path)
    except OSError as e:
        reason = f"cannot read the file: {e.strerror or e} (check its permissions and links)"
        outcome = Outcome(file_record(found, None, None, status="error", error=reason))
        store.record_file(db, outcome.record)
        return outcome
    known = store.known_file(db, found.rel)
    if not force and known and known["sha256"] == sha256 and known["status"] not in RETRIED_STATUSES:
        return None
    outcome = process(found, sha256, size)
    if outcome.extraction is None:
        store.record_file(db, outcome.record)
    else:
        store.store_report(db, outcome.record, outcome.text, outcome.extraction)
    return outcome
