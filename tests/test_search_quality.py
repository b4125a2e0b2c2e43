"""Search quality on the seed reports: mean reciprocal rank and recall@5 of a query set.

tests/data/search_queries.tsv holds questions written from corpus/*.txt, each with
the document that answers it. Every question is asked as written and folded
(without diacritics, as staff often type). The seeds are ingested with the real
extractors, so the figures measure the whole pipeline: a reference the extractors
miss, or a wrong subject, costs rank here too.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.text import fold
from pipeline import store
from pipeline.ingest import ingest
from pipeline.search import search

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "data" / "search_queries.tsv"
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
MIN_MRR = 0.9


def read_queries() -> list[tuple[str, str, str | None]]:
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, ref, *date = line.split("\t")
            rows.append((question, ref, date[0] if date else None))
    return rows


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("quality") / "seeds.db"
    summary = ingest(SEEDS, path)
    assert summary.ok == len(SEEDS)
    return store.open_db(path)


def rank_of(db, question: str, ref: str, date: str | None) -> int | None:
    documents = search(db, question, limit=10).documents
    return next((i for i, d in enumerate(documents, 1) if d.ref == ref and (date is None or d.date == date)), None)


def measure(db, fold_questions: bool) -> tuple[float, float, list[str]]:
    reciprocal, in_top5, misses = [], [], []
    for question, ref, date in read_queries():
        asked = fold(question) if fold_questions else question
        rank = rank_of(db, asked, ref, date)
        reciprocal.append(1 / rank if rank else 0.0)
        in_top5.append(rank is not None and rank <= 5)
        if rank != 1:
            misses.append(f"{asked!r} -> {ref}: rank {rank}")
    return sum(reciprocal) / len(reciprocal), sum(in_top5) / len(in_top5), misses


def test_query_set_is_large_enough_and_answerable(seeds_db):
    queries = read_queries()
    assert len(queries) >= 25
    known = {(ref, date) for ref, date in seeds_db.execute("select ref, date from documents")}
    assert [q for q in queries if not any(r == q[1] and (q[2] is None or d == q[2]) for r, d in known)] == []


@pytest.mark.parametrize("fold_questions", [False, True], ids=["with diacritics", "without diacritics"])
def test_mean_reciprocal_rank_and_recall_at_5(seeds_db, fold_questions, capsys):
    mrr, recall5, misses = measure(seeds_db, fold_questions)
    with capsys.disabled():
        label = "without diacritics" if fold_questions else "with diacritics"
        print(f"\nsearch quality ({len(read_queries())} questions, {label}): "
              f"MRR {mrr:.3f}, recall@5 {recall5:.3f}" + "".join(f"\n  {m}" for m in misses))
    assert mrr >= MIN_MRR, misses
