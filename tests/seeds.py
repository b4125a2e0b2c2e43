"""The bundled seed reports (corpus/*.txt), shared by the test modules."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extractors.text import Text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def seed_path(prefix: str) -> Path:
    """corpus/000_….txt from "000"."""
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@lru_cache(maxsize=None)
def seed_text(prefix: str) -> Text:
    return Text.from_string(seed_path(prefix).read_text(encoding="utf-8"))
