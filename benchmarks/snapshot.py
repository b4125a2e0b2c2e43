"""Everything the extractors find in a fixed set of texts, as JSON: proof that a speed change changes nothing.

    .venv/bin/python benchmarks/snapshot.py /tmp/before.json   # on the code before the change
    .venv/bin/python benchmarks/snapshot.py /tmp/after.json    # after it
    cmp /tmp/before.json /tmp/after.json                      # silent: the same output

The texts: the corpus as the loaders read it (text, DOCX, text-layer and legacy-font
PDF and DOCX; scans are left out, OCR is too slow for this), the hand-made fixtures
under tests/data, and variants of each that exercise the cheap pre-checks the fast
paths rely on: all capitals, all lower case, tone marks stripped from some words,
bold markers around and inside words, typing slips, runs of spaces, decomposed
Unicode and the eth look-alike of Đ. The variants are drawn with a fixed seed, so
two runs of the same code give the same file.

The snapshot of the code as committed is kept in benchmarks/snapshot.json.xz;
tests/test_snapshot.py fails, naming each text and record that changed, when the
extraction no longer gives it. After an intended change, refresh it and commit it
with the change (saying in the message which output changed and why):

    .venv/bin/python benchmarks/snapshot.py --update
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import lzma
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractors.text import Text  # noqa: E402  (the repo root is added just above)
from pipeline.extract import extract  # noqa: E402
from pipeline.loaders import load  # noqa: E402

CORPUS = REPO / "corpus"
COMMITTED = REPO / "benchmarks" / "snapshot.json.xz"
FIXTURES = [REPO / "tests" / "data" / "unseen", REPO / "tests" / "data" / "unseen_numbers"]
_WORD = re.compile(r"\S+")


def sources() -> dict[str, list[tuple[str, int | None]]]:
    """name -> raw lines (with pages) as the loaders hand them to Text.from_lines."""
    found: dict[str, list[tuple[str, int | None]]] = {}
    for folder, fmt in [(CORPUS, "txt"), (CORPUS / "docx", "docx"), (CORPUS / "pdf", "pdf"),
                        (CORPUS / "legacy", "docx"), (CORPUS / "legacy", "pdf")]:
        for path in sorted(folder.glob(f"*.{fmt}")):
            found[str(path.relative_to(REPO))] = [(line, page) for line, page in load(path, fmt).lines]
    for folder in FIXTURES:
        for path in sorted(folder.glob("*.txt")):
            found[str(path.relative_to(REPO))] = [(line, None) for line in path.read_text(encoding="utf-8").split("\n")]
    return found


def _strip_marks(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _slip(rng: random.Random) -> Callable[[str], str]:
    def slip(word: str) -> str:
        i = rng.randrange(len(word))
        return word[:i] + rng.choice("oaeiu0123456789/.-,") + word[i + 1:]
    return slip


def variants(text: str, rng: random.Random) -> dict[str, str]:
    def some_words(change: Callable[[str], str], share: float) -> str:
        return _WORD.sub(lambda m: change(m.group()) if rng.random() < share else m.group(), text)

    return {
        "as read": text,
        "capitals": text.upper(),
        "lower case": text.lower(),
        "marks stripped": some_words(_strip_marks, 0.2),
        "bold words": some_words(lambda w: f"**{w}**", 0.1),
        "bold inside words": some_words(lambda w: w[:1] + "**" + w[1:], 0.05),
        "slips": some_words(_slip(rng), 0.05),
        "spaces": text.replace(" ", "  ").replace("\n", " \n"),
        "decomposed": unicodedata.normalize("NFD", text),
        "eth": text.replace("Đ", "Ð").replace("đ", "ð"),
    }


def snapshot() -> dict[str, object]:
    rng = random.Random(2024)
    result: dict[str, object] = {}
    for name, lines in sources().items():
        result[name] = dataclasses.asdict(extract(Text.from_lines(lines)))
        joined = "\n".join(line for line, _ in lines)
        for kind, text in variants(joined, rng).items():
            result[f"{name} ({kind})"] = dataclasses.asdict(extract(Text.from_string(text)))
    return result


def as_json(result: dict[str, object]) -> str:
    """The snapshot as written to its file (what `cmp` compares)."""
    return json.dumps(result, ensure_ascii=False, default=str, sort_keys=True, indent=0) + "\n"


def committed() -> dict[str, object]:
    """The snapshot of the code as committed (benchmarks/snapshot.json.xz)."""
    return json.loads(lzma.decompress(COMMITTED.read_bytes()).decode("utf-8"))


def differences(before: dict[str, object], after: dict[str, object], limit: int = 20) -> list[str]:
    """What changed from one snapshot to another, one line per changed record (at most `limit` lines)."""
    found: list[str] = []
    for name in sorted(before.keys() | after.keys()):
        if name not in after or name not in before:
            found.append(f"{name}: text {'gone' if name not in after else 'new'}")
            continue
        old, new = before[name], after[name]
        for kind in sorted(old.keys() | new.keys()):   # header, documents, indicators, …
            old_records, new_records = old.get(kind), new.get(kind)
            if old_records == new_records:
                continue
            if not isinstance(old_records, list) or not isinstance(new_records, list):
                found.append(f"{name}: {kind}: {_field_changes(old_records, new_records)}")
                continue
            for i in range(max(len(old_records), len(new_records))):
                a = old_records[i] if i < len(old_records) else None
                b = new_records[i] if i < len(new_records) else None
                if a != b:
                    found.append(f"{name}: {kind}[{i}]: {_field_changes(a, b)}")
                    break      # the records after a first change are often only shifted
            if len(old_records) != len(new_records):
                found.append(f"{name}: {kind}: {len(old_records)} -> {len(new_records)} records")
    return found[:limit] + ([f"… and {len(found) - limit} more"] if len(found) > limit else [])


def _field_changes(a: object, b: object) -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        return "; ".join(f"{key}: {a.get(key)!r} -> {b.get(key)!r}"
                         for key in sorted(a.keys() | b.keys()) if a.get(key) != b.get(key))
    return f"{a!r} -> {b!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("out", type=Path, nargs="?", help="JSON file to write")
    target.add_argument("--update", action="store_true",
                        help=f"rewrite the committed snapshot ({COMMITTED.relative_to(REPO)})")
    args = parser.parse_args()
    result = snapshot()
    if args.update:
        COMMITTED.write_bytes(lzma.compress(as_json(result).encode("utf-8"), preset=9))
        print(f"{len(result)} texts -> {COMMITTED}", file=sys.stderr)
        return
    args.out.write_text(as_json(result))
    print(f"{len(result)} texts -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
