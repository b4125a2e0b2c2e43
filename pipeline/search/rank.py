"""Ranking: how well a candidate answers the query's concepts.

Each concept earns its IDF (from the FTS vocabulary) once, from the best field it occurs in
*whole* (its syllables adjacent and in order):
- what the document is — its number, reference, kind, issuer, the place and year of issue —
  earns IDENTITY_SHARE (a resolution "of the Politburo" is the one issued by it, not the plan
  that mentions it);
- its subject (or the title of the ingested file) earns the full IDF, scaled down for subjects
  far longer than a subject line (a whole preamble matches everything);
- the head of its own ingested text earns OWN_TEXT_SHARE, the lines citing it CONTEXT_SHARE.
Syllables found only apart earn nothing: "giai[đoạn]" and "quyết[định]" in a long field are
not "giải quyết". A concept typed with diacritics earns FOLDED_SHARE of its credit where the
text has only the folded form ("hộ kinh doanh" is not "Hồ"). Neighbouring concepts found side
by side in the subject add NEIGHBOUR_SHARE.

`coverage` is the share of the query's IDF a document earned: below WEAK_COVERAGE nothing
matched well, and a document far below the best is left out rather than shown as an answer.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from extractors.doctypes import DocType
from extractors.issuers import issuer_key
from extractors.lang.abbreviations import SYLLABLE, syllables
from extractors.text import fold

from .query import Concept, Query, fold_text

IDENTITY_SHARE = 1.5       # a concept naming the document's number, kind, issuer, place or year
OWN_TEXT_SHARE = 0.6       # found in the head of the document's own text (not its subject line)
CONTEXT_SHARE = 0.5        # found only in lines citing the document
YEAR_SHARE = 0.7           # a year typed is the year of issue: a soft match ("năm 2021" in a subject is more)
FOLDED_SHARE = 0.8         # typed with diacritics, found only without them
NEIGHBOUR_SHARE = 0.25     # two neighbouring query concepts found side by side
HEAD_TYPE_FACTOR = 1.5    # a document of the kind a query starts with ("kế hoạch …": a plan is sought)
REFERENCE_BONUS = 100.0    # the document whose reference was typed
SUBJECT_SYLLABLES = 40     # a long subject line; longer subjects count less (square root)
WEAK_COVERAGE = 0.5        # below this share of the query, nothing matched well
KEEP_SHARE = 0.5           # documents scoring under this share of the best are not answers


def padded(text: str) -> str:
    """Folded syllables between spaces, so a form matches whole syllables: " thu vien "."""
    return " " + " ".join(SYLLABLE.findall(text)) + " "


def _has_form(concept: Concept, text: str) -> bool:
    return any(f" {' '.join(form)} " in text for form in concept.forms)


@dataclass
class Field:
    """A field's folded syllables (padded) and its lower-case original (for diacritics)."""

    folded: str
    original: str

    @classmethod
    def of(cls, *parts: str | None) -> Field:
        text = " ".join(p for p in parts if p)
        return cls(padded(fold_text(text)), padded(text.lower()))

    def credit(self, concept: Concept) -> float:
        """1 when the concept occurs whole (exactly as typed, if typed with diacritics), less
        when only its folded form does, 0 when it does not occur whole."""
        typed, *others = concept.forms
        if f" {' '.join(typed)} " in self.folded:
            if concept.typed and not any(f" {t} " in self.original for t in concept.typed):
                return FOLDED_SHARE
            return 1.0
        # An abbreviation's expansion, or a slip's correction: no diacritics were typed for it.
        return 1.0 if any(f" {' '.join(form)} " in self.folded for form in others) else 0.0

    @property
    def length(self) -> int:
        return self.folded.count(" ") - 1


class Scorer:
    """Scores documents against a query's concepts with IDFs from the FTS vocabulary."""

    def __init__(self, query: Query, frequencies: dict[str, int], total: int):
        self.query, self.total = query, max(total, 1)
        self.concepts = query.concepts
        self.idf = {c: self._idf(c, frequencies) for c in self.concepts}
        self.possible = sum(self.idf.values()) or 1.0

    def _idf(self, concept: Concept, frequencies: dict[str, int]) -> float:
        """A phrase is at most as common as its rarest syllable; a number or year names one
        document (or year) whatever the text says."""
        if concept.kind in ("number", "reference"):
            df = 1
        else:
            df = max((min((frequencies.get(s, 0) for s in form), default=0) for form in concept.forms), default=0)
        df = min(df, self.total)
        return math.log(1 + (self.total - df + 0.5) / (df + 0.5))

    def score(self, doc, contexts: list[str]) -> tuple[float, float]:
        """(score, coverage) of one document (sql.DocumentFields) and its citing lines."""
        identity = Field.of(doc.ref, _bare_number(doc.number), doc.issuer, issuer_key(doc.issuer),
                            doc.report_place)
        # The kind counts only whole: "trình" is not "Chương trình".
        kinds = {syllables(doc.doc_type or ""), syllables(doc.type_code or "")}
        years = {y for y in (doc.year, doc.year_in_number, doc.report_year) if y}
        subject = Field.of(doc.subject, doc.report_title)
        norm = min(1.0, math.sqrt(SUBJECT_SYLLABLES / max(subject.length, 1)))
        # The head of the own text and the citing lines are long: read only when they could
        # give a concept more than its identity and subject did.
        lazy: dict[str, Field] = {}
        own = lambda: lazy.get("own") or lazy.setdefault("own", Field.of(doc.own_text))  # noqa: E731
        cited = lambda: lazy.get("cited") or lazy.setdefault("cited", Field.of(" | ".join(contexts)))  # noqa: E731
        score = earned = 0.0
        references = {" ".join(syllables(doc.ref))}
        for concept in self.concepts:
            idf = self.idf[concept]
            if concept.kind == "reference":
                credit = 1.0 if " ".join(concept.forms[0]) in references else 0.0
                score += REFERENCE_BONUS * credit
                earned += idf * credit
                continue
            best = max(YEAR_SHARE if concept.kind == "year" and int(concept.forms[0][0]) in years else 0.0,
                       IDENTITY_SHARE * (1.0 if kinds & set(concept.forms) else identity.credit(concept)),
                       norm * subject.credit(concept))
            if best < OWN_TEXT_SHARE and doc.own_text:
                best = max(best, OWN_TEXT_SHARE * own().credit(concept))
            if best < CONTEXT_SHARE and contexts:
                best = max(best, CONTEXT_SHARE * cited().credit(concept))
            score += idf * best
            earned += idf * min(best, 1.0)
        score += norm * self._neighbours(subject)
        if self.query.head_type and is_of_type(doc.type_code, doc.doc_type, self.query.head_type):
            score *= HEAD_TYPE_FACTOR
        return score, min(1.0, earned / self.possible)

    def _neighbours(self, field: Field) -> float:
        score = 0.0
        for a, b in zip(self.concepts, self.concepts[1:]):
            if any(f" {' '.join(fa + fb)} " in field.folded for fa in a.forms for fb in b.forms):
                score += NEIGHBOUR_SHARE * (self.idf[a] + self.idf[b]) / 2
        return score

    def passage_score(self, folded_paragraph: str) -> float:
        text = padded(folded_paragraph)
        return (sum(self.idf[c] for c in self.concepts if _has_form(c, text))
                + self._neighbours(Field(text, "")))

    def in_passage(self, folded_paragraph: str) -> bool:
        text = padded(folded_paragraph)
        return any(_has_form(c, text) for c in self.concepts)


def _bare_number(number: str | None) -> str | None:
    """The number without leading zeros, as a second form: "0204" is also "204"."""
    return number.lstrip("0") or number if number else None


def is_of_type(type_code: str | None, doc_type: str | None, kind: DocType) -> bool:
    return (bool(type_code) and fold(type_code) == fold(kind.code or "")) or (
        bool(doc_type) and fold(doc_type) == fold(kind.name))
