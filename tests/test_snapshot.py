"""The extraction of a fixed set of texts equals its committed snapshot (benchmarks/snapshot.py).

A failure names each text and record that changed. After an intended change, refresh the
snapshot (`.venv/bin/python benchmarks/snapshot.py --update`) and commit it with the change.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import snapshot  # noqa: E402  (benchmarks/snapshot.py)


def test_extraction_equals_committed_snapshot():
    current = json.loads(snapshot.as_json(snapshot.snapshot()))
    changes = snapshot.differences(snapshot.committed(), current)
    assert not changes, "extraction differs from benchmarks/snapshot.json.xz (refresh it after an " \
                        "intended change: benchmarks/snapshot.py --update):\n" + "\n".join(changes)


def test_differences_name_the_text_and_the_record():
    before = {"a.txt": {"header": {"number": "45", "symbol": "BC-UBND"},
                        "indicators": [{"value": 61.4, "subject": "tỷ lệ hồ sơ"}, {"value": 5.0, "subject": "x"}]}}
    after = {"a.txt": {"header": {"number": "45", "symbol": "BC-UBND"},
                       "indicators": [{"value": 61.4, "subject": "tỷ lệ hồ sơ trực tuyến"}]},
             "b.txt": {"header": {}}}
    assert snapshot.differences(before, after) == [
        "a.txt: indicators[0]: subject: 'tỷ lệ hồ sơ' -> 'tỷ lệ hồ sơ trực tuyến'",
        "a.txt: indicators: 2 -> 1 records",
        "b.txt: text new",
    ]
    assert snapshot.differences(before, before) == []
