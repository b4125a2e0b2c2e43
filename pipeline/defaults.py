"""Defaults the command line shows in --help, kept in a module that imports nothing heavy
(`baocao --help` must not load the extractors, sqlite-utils, Datasette, nor the worker pool's
multiprocessing and ctypes)."""
from __future__ import annotations

import os
from pathlib import Path

# Five minutes for any file, plus 10 s per MB: a 60 MB scanned PDF of 200 pages
# needs its pages OCR'd, a 60 KB PDF that runs for minutes is pathological.
TIMEOUT_SECONDS = 300.0
SECONDS_PER_MB = 10.0
MEMORY_MB = 2048   # address space of one worker

DB_VARIABLE = "BAOCAO_DB"


def __getattr__(name: str):
    """`DEFAULT_LIMITS` (a workers.Limits), built when first asked for, not when --help imports this."""
    if name == "DEFAULT_LIMITS":
        from .workers import Limits

        return Limits(timeout=TIMEOUT_SECONDS, seconds_per_mb=SECONDS_PER_MB, memory_mb=MEMORY_MB)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_db(cwd: Path | None = None) -> str:
    """The database file when --db is not given: $BAOCAO_DB; else output/reports.db when the
    current folder has an output/ folder (the repository, after the demo); else reports.db in
    the current folder — never a folder created behind the user's back."""
    if os.environ.get(DB_VARIABLE):
        return os.environ[DB_VARIABLE]
    if ((cwd or Path.cwd()) / "output").is_dir():
        return str(Path("output") / "reports.db")
    return "reports.db"
