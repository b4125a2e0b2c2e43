"""What a `search_text` column holds: the row's text folded (tone marks removed, đ -> d, lower
case), so that "duc pho" finds "Đức Phổ" in the FTS5 indexes.

One definition for the writer (pipeline.store builds the column) and the search (pipeline.search
folds queries the same way); neither imports the other for it.
"""
from __future__ import annotations

from extractors.text import fold, nfc


def index_text(*parts: str | None) -> str:
    """The folded text stored in `search_text` for the given columns."""
    return fold(nfc(" ".join(p for p in parts if p)))
