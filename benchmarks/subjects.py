#!/usr/bin/env python3
"""How well indicator subjects and periods read: a database against annotations that state them.

    .venv/bin/python benchmarks/subjects.py --db DB --gold ../shared/eval/gold [-v]

Each annotated indicator (gold JSON `indicators` with `subject`/`period`, or the hand-written
expectations of tests/data/unseen_numbers) is paired with the database's indicator of the same
report, value and nearest line; the subject is scored by difflib's similarity ratio of the two
texts (lower case, spaces collapsed), the period as right when both name the same time once
"năm", "tính", "ngày" and a horizon's "đến" are left aside (or both name none). Prints the share of subjects with similarity
≥ 0.5, their mean, and the share of periods right.
"""
from __future__ import annotations

import argparse
import difflib
import json
import pathlib
import re
import sqlite3
import sys
import unicodedata


def _norm(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").lower().split())


def similarity(a: str | None, b: str | None) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio()


# Words that do not change the time named: "năm 2024" = "2024", "đến năm 2025" (a horizon) = "2025".
_PERIOD_NOISE = re.compile(r"\b(?:năm|tính|ngày|vào)\b|^\s*đến\b(?!\s+nay)|[()]")


def same_period(a: str | None, b: str | None) -> bool:
    return " ".join(_PERIOD_NOISE.sub(" ", _norm(a)).split()) == " ".join(_PERIOD_NOISE.sub(" ", _norm(b)).split())


def score(predicted: list[dict], gold: list[dict], verbose: bool = False, label: str = "") -> list[tuple[float, bool]]:
    """[(subject similarity, period right)] for each gold item (0.0 / False when no value matches)."""
    results = []
    free = list(predicted)
    for g in gold:
        same = [p for p in free if round(p["value"], 3) == round(float(g["value"]), 3)]
        if g.get("line") is not None:
            same = [p for p in same if abs(p["line"] - g["line"]) <= 3]
            same.sort(key=lambda p: abs(p["line"] - g["line"]))
        if not same:
            results.append((0.0, False))
            if verbose:
                print(f"  {label} MISSING {g['value']} {g.get('subject')!r}")
            continue
        p = same[0]
        free.remove(p)
        sim = similarity(p["subject"], g.get("subject"))
        period_ok = same_period(p["period"], g.get("period"))
        results.append((sim, period_ok))
        if verbose and (sim < 0.5 or not period_ok):
            print(f"  {label}:{p['line']} {g.get('value_text', g['value'])} sim={sim:.2f}\n"
                  f"      got  {p['subject']!r} / {p['period']!r}\n      want {g.get('subject')!r} / {g.get('period')!r}")
    return results


def shares(results: list[tuple[float, bool]]) -> tuple[float, float, float]:
    """(share of subjects with similarity ≥ 0.5, mean similarity, share of periods right)."""
    n = len(results) or 1
    return (sum(s >= 0.5 for s, _ in results) / n, sum(s for s, _ in results) / n, sum(p for _, p in results) / n)


def summary(results: list[tuple[float, bool]]) -> str:
    right, mean, periods = shares(results)
    good, timed = sum(s >= 0.5 for s, _ in results), sum(p for _, p in results)
    return (f"subjects ≥0.5: {good}/{len(results)} ({right:.1%}), mean {mean:.3f}; "
            f"periods right: {timed}/{len(results)} ({periods:.1%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--gold", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    reports = {pathlib.PurePosixPath(path).stem: rid
               for rid, path in db.execute("select r.id, f.path from reports r join files f on f.id = r.file_id")}
    everything = []
    for gf in sorted(pathlib.Path(a.gold).glob("*.json")):
        g = json.loads(gf.read_text(encoding="utf-8"))
        gold = [x for x in g.get("indicators", []) if "subject" in x]
        rid = reports.get(pathlib.PurePosixPath(g.get("file") or gf.name).stem)
        if not gold or rid is None:
            continue
        predicted = [dict(zip(("value", "line", "subject", "period"), row)) for row in db.execute(
            "select value, line, subject, period from indicators where report_id = ?", (rid,))]
        results = score(predicted, gold, a.verbose, gf.stem[:3])
        print(f"{gf.stem:<28} {summary(results)}")
        everything += results
    print(f"{'overall':<28} {summary(everything)}")


if __name__ == "__main__":
    sys.exit(main())
