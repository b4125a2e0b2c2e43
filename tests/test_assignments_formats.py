"""The same plan gives the same assignments whatever form it arrives in: seed 002 (the shared
example) as .txt, Word (.docx and the old .doc), a PDF text layer and a scan read by Tesseract.

Agreement = assignments whose lead units, coordinating units and timeframe equal the .txt
version's (units compared by unit_key), in reading order, over the larger count. A scan's OCR
slips ("Thông tỉn") cost a little. The OCR of the scan takes about a minute on two busy cores.
"""
from __future__ import annotations

import pytest

from extractors.text import Text
from extractors.units import unit_key
from pipeline.discover import FoundFile
from pipeline.extract import extract
from pipeline.loaders import load, ocr
from tests.seeds import CORPUS

STEM = "002_00686ccee144b57b"
FORMS = {"docx": ("docx/{}.docx", 1.0), "doc": ("doc/{}.doc", 1.0), "pdf": ("pdf/{}.pdf", 1.0),
         "scanned": ("scanned/{}.pdf", 0.8)}
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason=f"OCR tests need Tesseract: {ocr.missing_reason()}")


def assignments(path):
    loaded = load(path, FoundFile(path, path.name).format)
    return [(tuple(map(unit_key, a.lead_units)), tuple(map(unit_key, a.coordinating_units)), a.timeframe)
            for a in extract(Text.from_lines(loaded.lines)).assignments]


@pytest.fixture(scope="module")
def from_txt():
    found = assignments(CORPUS / f"{STEM}.txt")
    assert len(found) >= 42
    return found


@pytest.mark.parametrize("form", [pytest.param(f, marks=[needs_tesseract] if f == "scanned" else []) for f in FORMS])
def test_assignments_agree_with_the_txt_version(form, from_txt):
    pattern, required = FORMS[form]
    found = assignments(CORPUS / pattern.format(STEM))
    same = sum(1 for a, b in zip(from_txt, found) if a == b)
    assert len(found) == len(from_txt)
    assert same / max(len(found), len(from_txt)) >= required, [(a, b) for a, b in zip(from_txt, found) if a != b]
