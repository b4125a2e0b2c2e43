"""The bundled seed reports (corpus/*.txt), shared by the test modules."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from click.testing import CliRunner

from extractors.text import Text
from pipeline.cli import cli

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def seed_path(prefix: str) -> Path:
    """corpus/000_….txt from "000"."""
    return next(CORPUS.glob(f"{prefix}_*.txt"))


@lru_cache(maxsize=None)
def seed_text(prefix: str) -> Text:
    return Text.from_string(seed_path(prefix).read_text(encoding="utf-8"))


def ingest_seeds(db_path: Path) -> Path:
    """The seed reports (corpus/*.txt) ingested by the real `baocao ingest` into `db_path`."""
    seeds = sorted(CORPUS.glob("*.txt"))
    result = CliRunner().invoke(cli, ["ingest", *map(str, seeds), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    return db_path
