"""Per page of a PDF: trust its text layer, or OCR the page image — and say why.

A scanned PDF often carries an invisible text layer made by some earlier OCR
engine. When that engine did not know Vietnamese the layer reads "Thoc hien
Cong van s6 2114/BGDDT" and taking it as the page's text loses the header and
the citations. A real Vietnamese text layer is made of syllables: in the seed
PDFs and the real Word exports 85-100% of letter runs per page are well-formed
syllables (onset + vowels + final with a fitting tone, extractors/syllables.py),
while wrong-language layers score 60-67% (they drop tone marks, so "thực"
becomes the impossible "thuc"); and in real text most words carry a mark (a tone,
ă â ê ô ơ ư, đ), where such a layer has next to none. A page below TRUSTED_SHARE,
or with fewer marked words than MIN_MARKED_SHARE, whose text is not a
pre-Unicode font either (loaders/legacy.py converts those) is OCR'd when it has
an image to OCR.

`page_reads` records the decision for every page (the `pages` table), and
`warnings` lists pages a person should look at (the `files.warnings` column).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

from extractors.syllables import syllable_shares

from . import legacy
from ..i18n import _

TRUSTED_SHARE = 0.8        # well-formed syllables among a page's letter runs, for a layer to be Vietnamese
# ... and words with a Vietnamese mark: 75-90% on real layers, 0-2% on layers whose OCR dropped
# every mark, which can still pass as syllables ("Phong Giao duc va Dao tao": 79%).
MIN_MARKED_SHARE = 0.25
MIN_JUDGED_WORDS = 12      # fewer words than this cannot be judged (a page number, a signature): trusted
JUDGED_WORDS = 150         # the words a verdict reads: a page's first lines (a third of a page of prose)
LOW_CONFIDENCE = 60.0      # mean OCR word confidence below which a page is read badly: warn


@dataclass(frozen=True)
class Verdict:
    """Where a page's text comes from: "text" (its layer), "ocr" (its image) or "none"."""

    source: str
    why: str


def judge(lines: list[str], has_layer: bool, has_image: Callable[[], bool]) -> Verdict:
    """Decide for one page. `has_image` is asked only when the layer is missing or fails."""
    if not has_layer:
        return Verdict("ocr", "no text layer") if has_image() else Verdict("none", "no text layer and no image")
    text = "\n".join(lines)
    shares = syllable_shares(text, JUDGED_WORDS)
    if shares.words < MIN_JUDGED_WORDS:
        return Verdict("text", f"text layer ({shares.words} words, too few to judge)")
    if shares.well_formed >= TRUSTED_SHARE and shares.marked >= MIN_MARKED_SHARE:
        return Verdict("text", f"text layer: {shares.well_formed:.0%} Vietnamese syllables")
    if legacy.detect(text):
        return Verdict("text", "text layer in a pre-Unicode font (converted)")
    if shares.well_formed >= TRUSTED_SHARE:
        doubt = (f"text layer without Vietnamese marks ({shares.marked:.0%} of its words marked, "
                 f"below {MIN_MARKED_SHARE:.0%})")
    else:
        doubt = f"text layer not Vietnamese ({shares.well_formed:.0%} Vietnamese syllables, below {TRUSTED_SHARE:.0%})"
    if has_image():
        return Verdict("ocr", doubt)
    return Verdict("text", doubt + "; kept, no image to OCR")


@dataclass(frozen=True)
class PageRead:
    """How one page was read: a row of the `pages` table."""

    page: int
    source: str                    # text / ocr / none
    why: str
    characters: int                # visible characters of the page's text as stored
    rotation: int | None = None    # degrees the scan was turned to read it upright (OCR only)
    ocr_confidence: float | None = None
    warning: str | None = None     # what a person should check on this page


def ocr_warning(page: int, confidence: float | None, rotation_doubt: str | None = None) -> str | None:
    """The warning for an OCR'd page: nothing read, read badly, or orientation unsure."""
    if confidence is None:
        return _("page {page}: OCR found no text: check the scan").format(page=page)
    if confidence < LOW_CONFIDENCE:
        return _("page {page}: OCR confidence {confidence} (below {least}): check the scan").format(
            page=page, confidence=f"{confidence:.0f}", least=f"{LOW_CONFIDENCE:.0f}")
    if rotation_doubt:
        return _("page {page}: {doubt}").format(page=page, doubt=rotation_doubt)
    return None


def page_reads(verdicts: dict[int, Verdict], ocr_results: dict[int, object],
               by_page: dict[int, list[str]]) -> list[PageRead]:
    """The record of every page: the verdict, and for an OCR'd page what the OCR gave."""
    reads = []
    for number, verdict in sorted(verdicts.items()):
        characters = sum(len("".join(line.split())) for line in by_page.get(number, []))
        result = ocr_results.get(number)
        if result is None:
            source = "none" if verdict.source == "ocr" else verdict.source   # OCR planned but not run
            reads.append(PageRead(number, source, verdict.why, characters))
            continue
        reads.append(PageRead(
            number, "ocr", "; ".join([verdict.why, *result.adjusted]), characters, rotation=result.rotation,
            ocr_confidence=None if result.confidence is None else round(result.confidence, 1),
            warning=ocr_warning(number, result.confidence, result.rotation_doubt)))
    return reads


def warnings(reads: list[PageRead]) -> str | None:
    """The files.warnings text: every page warning, or None."""
    found = [r.warning for r in reads if r.warning]
    return "; ".join(found) or None


def file_fields(reads: list[PageRead]) -> dict:
    """What a file's record gains from its page reads: `warnings` and the `pages` rows (store.PAGE_ROWS)."""
    return {"warnings": warnings(reads), "page_rows": [asdict(r) for r in reads]}
