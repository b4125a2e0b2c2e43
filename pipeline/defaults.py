"""Defaults the command line shows in --help, kept in a module that imports nothing heavy
(`baocao --help` must not load the extractors, sqlite-utils or Datasette)."""
from __future__ import annotations

import os
from pathlib import Path

from .workers import Limits

# Five minutes for any file, plus 10 s per MB: a 60 MB scanned PDF of 200 pages
# needs its pages OCR'd, a 60 KB PDF that runs for minutes is pathological.
DEFAULT_LIMITS = Limits(timeout=300.0, seconds_per_mb=10.0)

DB_VARIABLE = "BAOCAO_DB"


def default_db(cwd: Path | None = None) -> str:
    """The database file when --db is not given: $BAOCAO_DB; else output/reports.db when the
    current folder has an output/ folder (the repository, after the demo); else reports.db in
    the current folder — never a folder created behind the user's back."""
    if os.environ.get(DB_VARIABLE):
        return os.environ[DB_VARIABLE]
    if ((cwd or Path.cwd()) / "output").is_dir():
        return str(Path("output") / "reports.db")
    return "reports.db"
