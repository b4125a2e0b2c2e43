"""The same report gives the same citations whatever form it arrives in.

For every seed, the multiset of (reference, date) of its citations read from the
.docx, the text-layer .pdf and the scanned .pdf (scripts/build_corpus.py) is compared
with the .txt version. Agreement = shared mentions / the larger of the two
counts, so both misses and extras count against it.

Time: the OCR of the five scanned reports (60 pages) takes about 2 minutes on
two cores; everything else here a few seconds.
"""
import collections
from pathlib import Path

import pytest

from extractors.models import canonical_ref
from extractors.text import Text
from pipeline.discover import FoundFile
from pipeline.extract import extract
from pipeline.loaders import load, ocr, pdf
from seeds import CORPUS

SEEDS = sorted(p.stem for p in CORPUS.glob("*.txt"))
FORMS = {"docx": "docx/{}.docx", "pdf": "pdf/{}.pdf", "scanned": "scanned/{}.pdf"}
REQUIRED = {"docx": 0.98, "pdf": 0.98, "scanned": 0.90}
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason=f"OCR tests need Tesseract: {ocr.missing_reason()}")


def citation_keys(path: Path) -> collections.Counter:
    loaded = load(path, FoundFile(path, path.name).format)
    extraction = extract(Text.from_lines(loaded.lines))
    return collections.Counter(
        (canonical_ref(c.number, c.symbol, c.year_in_number), c.date) for c in extraction.citations
    )


def agreement(a: collections.Counter, b: collections.Counter) -> float:
    return sum((a & b).values()) / max(sum(a.values()), sum(b.values()), 1)


@pytest.fixture(scope="module")
def txt_keys():
    return {stem: citation_keys(CORPUS / f"{stem}.txt") for stem in SEEDS}


def _cases():
    for form in FORMS:
        for stem in SEEDS:
            marks = [needs_tesseract] if form == "scanned" else []
            yield pytest.param(form, stem, marks=marks, id=f"{form}-{stem[:3]}")


@pytest.mark.parametrize("form, stem", list(_cases()))
def test_citations_agree_with_the_txt_version(form, stem, txt_keys):
    expected = txt_keys[stem]
    assert sum(expected.values()) > 0
    found = citation_keys(CORPUS / FORMS[form].format(stem))
    assert agreement(expected, found) >= REQUIRED[form], (
        f"missing {dict(expected - found)}; extra {dict(found - expected)}"
    )


@pytest.mark.parametrize("stem", SEEDS, ids=lambda s: s[:3])
def test_pdf_fast_path_reads_like_pdfplumber(stem):
    """pypdfium2 text + pdfplumber only on ruled pages gives the text that pdfplumber gives everywhere."""
    path = CORPUS / "pdf" / f"{stem}.pdf"
    fast, reference = pdf.load(path, fast=True), pdf.load(path, fast=False)
    fast_text, reference_text = Text.from_lines(fast.lines), Text.from_lines(reference.lines)
    assert [p.text for p in fast_text.paragraphs()] == [p.text for p in reference_text.paragraphs()]
    assert [line.page for line in fast_text.lines if not line.is_blank] == \
        [line.page for line in reference_text.lines if not line.is_blank]


def test_only_pages_with_ruled_tables_take_the_slow_path():
    import pypdfium2

    stem = next(s for s in SEEDS if s.startswith("000"))
    document = pypdfium2.PdfDocument(str(CORPUS / "pdf" / f"{stem}.pdf"))
    try:
        pages = len(document)
        ruled = [n for n in range(1, pages + 1) if pdf.has_ruled_table(document[n - 1])]
    finally:
        document.close()
    # Phụ lục I and II start on page 8 and run to the end; the title's rule on page 1 is not a table.
    assert ruled == list(range(8, pages + 1))


def test_text_layer_pdf_is_never_ocrd():
    loaded = load(CORPUS / "pdf" / f"{SEEDS[0]}.pdf", "pdf")
    assert loaded.ocr is False and loaded.ocr_confidence is None and loaded.ocr_page_confidence == {}
