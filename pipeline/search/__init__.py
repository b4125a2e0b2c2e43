"""Search the database the way staff ask: own words, diacritics or not, abbreviations, questions.

One engine for `baocao search`, the Python API and Datasette (the canned query "Kế hoạch nào
đề cập đến …?" and the documents search box call `ranked_document_ids` through the plugin's
SQL function `baocao_search`):
- `query`: reading a query into concepts (words, abbreviations, references, numbers, years);
- `sql`: bounded reads — FTS5 candidates by bm25 with a LIMIT, vocabulary lookups, no scans;
- `rank`: scoring candidates field by field.

The index (written at ingest): every searchable row carries `search_text`, its text folded
(tone marks removed, đ -> d, lower case), in the row's FTS5 table. SQLite's unicode61
tokenizer removes tone marks but keeps đ, so the folded column is what makes "duc pho" find
"Đức Phổ" here and in Datasette's search box. Nothing is word-segmented at ingest (too slow
for whole reports): word units are a query-time matter.

At search time a syllable found nowhere in the index is replaced by the indexed syllables one
typing slip away ("chuyen doi sô" -> "so").
"""
from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field

from extractors.doctypes import DocType
from extractors.issuers import issuer_key
from extractors.lang.abbreviations import SYLLABLE, read_abbreviations, syllables
from extractors.text import Text
from pipeline.assignment_search import BodyAssignments, find_body_assignments

from . import sql
from .query import (
    MAX_CONCEPTS, MAX_FILTER_CHARS, MAX_QUERY_CHARS, Concept, Query, QueryError, doc_type_for, fold_text, parse_query,
)
from .rank import KEEP_SHARE, WEAK_COVERAGE, Scorer
from ..search_text import index_text
from ..i18n import _

__all__ = [
    "search", "ranked_document_ids", "open_readonly", "DatabaseUnavailable", "SearchResults", "DocumentHit", "PassageHit",
    "Query", "Concept", "QueryError", "parse_query", "doc_type_for", "index_text", "fold_text",
    "issuer_key", "read_abbreviations", "syllables", "MAX_QUERY_CHARS",
]

open_readonly = sql.open_readonly
DatabaseUnavailable = sql.DatabaseUnavailable

PASSAGES_PER_REPORT = 3
SNIPPET_CHARS = 280
CITED_IN_SHOWN = 10          # citing lines listed per document (the total is given)
MAX_LIMIT = 200              # results of each kind one search may return
SLIP_SYLLABLE_LETTERS = 12   # longer "syllables" are not Vietnamese words: no typo candidates
MAX_SLIPS = 6                # unknown syllables given typo candidates per query


@dataclass
class DocumentHit:
    id: int                                              # documents.id
    ref: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    score: float
    report_path: str | None = None                       # when the document is itself an ingested file
    cited_in: list[dict] = field(default_factory=list)   # {"path", "line", "page", "context"}
    cited_total: int = 0                                 # how many lines cite it (cited_in shows the first)
    cited_reports: int = 0                               # in how many reports (copies of a report left out)
    coverage: float = 1.0                                # share of the query it answers (0-1)


@dataclass
class PassageHit:
    path: str
    line: int
    page: int | None
    text: str                                            # the passage (cut around the matches)
    highlights: list[tuple[int, int]]                    # [start, end) of matched words in `text`
    score: float
    also_in: list[str] = field(default_factory=list)     # other files with the same passage (a DOCX and its PDF)

    @property
    def snippet(self) -> str:
        """The passage with matched words in [brackets]."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], "[", self.text[start:end], "]"]
            last = end
        return "".join(out) + self.text[last:]


@dataclass
class SearchResults:
    query: Query
    documents: list[DocumentHit]
    passages: list[PassageHit]
    doc_type: DocType | None = None      # the type filter applied (given or implied by the question)
    notes: list[str] = field(default_factory=list)
    weak: bool = False                   # nothing matched well: `documents` holds no answer
    assignments: BodyAssignments | None = None   # the tasks of the body the query names ("Sở Nội vụ chủ trì")

    def as_dict(self) -> dict:
        """What `baocao search --json` prints."""
        return {
            "query": self.query.text,
            "searched": [{"words": c.label, "kind": c.kind, "forms": [" ".join(f) for f in c.forms]}
                         for c in self.query.concepts],
            "left_out": self.query.dropped,
            "type": self.doc_type and {"code": self.doc_type.code, "name": self.doc_type.name},
            "notes": self.notes,
            "matched_well": not self.weak,
            "documents": [asdict(d) for d in self.documents],
            "passages": [{**asdict(p), "snippet": p.snippet} for p in self.passages],
            "assignments": self.assignments and self.assignments.as_dict(),
        }


Filters = sql.Filters


def _connection(db) -> sqlite3.Connection:
    """A sqlite3 connection from a sqlite-utils Database or a connection."""
    return getattr(db, "conn", db)


def _validated(type_code, year, issuer, limit) -> tuple[DocType | None, int | None, str | None, int]:
    given_type = doc_type_for(type_code) if type_code else None
    if year is not None and not 1900 <= int(year) <= 2100:
        raise QueryError(_("year {year} is out of range: give a year between 1900 and 2100").format(year=year))
    if issuer is not None and len(issuer) > MAX_FILTER_CHARS:
        raise QueryError(_("the issuer is {n} characters long; at most {limit}").format(n=len(issuer), limit=MAX_FILTER_CHARS))
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise QueryError(_("limit {limit} is out of range: give 1 to {most}").format(limit=limit, most=MAX_LIMIT))
    return given_type, year, issuer, int(limit)


def search(db, text: str, type_code: str | None = None, year: int | None = None,
           issuer: str | None = None, limit: int = 10, passages: bool = True) -> SearchResults:
    """Answer a query or question: matching documents, best first, then report passages.

    `db`: a sqlite-utils Database or sqlite3 connection (read-only is enough).
    Raises QueryError (a ValueError) for an unknown `type_code`, a query too long, a year or
    limit out of range."""
    conn = _connection(db)
    given_type, year, issuer, limit = _validated(type_code, year, issuer, limit)
    query = parse_query(text)
    sql.prepare(conn)
    filters = Filters(given_type or query.doc_type, year, issuer)
    results = SearchResults(query, [], [], filters.doc_type)
    if not query.concepts and not (filters.doc_type or year or issuer):
        results.notes.append(_("nothing to search for: type some words, e.g. \"thư viện\""))
        return results
    if query.left_over:
        results.notes.append(_("only the first {n} words were searched; left out: {words}").format(
            n=MAX_CONCEPTS, words=", ".join(query.left_over[:10]) + (" …" if len(query.left_over) > 10 else "")))
    results.notes += correct_slips(conn, query)
    # The type narrows documents; reports (and their passages) are of any kind ("which plan
    # covers thư viện?" also wants the reports that discuss it).
    report_ids = sql.ranked_reports(conn, query, Filters(None, year, issuer))
    results.documents, results.weak = search_documents(conn, query, filters, limit, report_ids)
    if not results.documents and query.doc_type and not given_type:
        results.notes.append(_("no {type} matches; showing every type").format(type=query.doc_type.name))
        filters = Filters(None, year, issuer)
        results.doc_type = None
        results.documents, results.weak = search_documents(conn, query, filters, limit, report_ids)
    if results.weak:
        unmatched = [c.label for c in query.concepts if c.kind == "topic"]
        results.notes.append((_("nothing matched well (searched: {words}); try other words or fewer").format(
            words=", ".join(unmatched)) if unmatched else _("nothing matched well; try other words or fewer")))
        results.notes += closest_spellings(conn, query)
    if passages and not results.weak:
        results.passages = search_passages(conn, query, report_ids[:max(2 * limit, 10)], limit)
    results.assignments = find_body_assignments(conn, text, limit=5 * limit)
    return results


def ranked_document_ids(conn: sqlite3.Connection, text: str, type_code: str | None = None,
                        limit: int = 50) -> list[int]:
    """Ids of the documents answering `text`, best first (what Datasette's `baocao_search` returns).
    An empty or unsearchable query gives no ids rather than an error."""
    try:
        results = search(conn, text or "", type_code=type_code, limit=limit, passages=False)
    except QueryError:
        return []
    if results.weak or not results.query.concepts:    # a type alone is not a topic
        return []
    return [d.id for d in results.documents]


def search_documents(conn, query: Query, filters: Filters, limit: int,
                     report_ids: list[int] = ()) -> tuple[list[DocumentHit], bool]:
    """Documents best answering the query (`report_ids`: the reports ranked for it, whose
    documents are candidates too), and whether nothing matched well."""
    if query.concepts:
        ids, contexts = sql.document_candidates(conn, query, filters, list(report_ids))
    else:   # only a type (or year, issuer): "kế hoạch nào?" lists them, newest first
        ids, contexts = set(sql.latest_documents(conn, filters, limit)), {}
    if not ids:
        return [], bool(query.concepts)
    frequencies = sql.document_frequencies(conn, "documents_fts",
                                           {s for c in query.concepts for s in c.syllables})
    scorer = Scorer(query, frequencies, sql.row_total(conn, "documents"))
    hits = []
    for doc in sql.document_fields(conn, ids):
        score, coverage = scorer.score(doc, contexts.get(doc.id, []))
        if score > 0 or not query.concepts:
            hits.append(DocumentHit(doc.id, doc.ref, doc.doc_type, doc.date, doc.issuer, doc.subject,
                                    round(score, 3), doc.report_path, coverage=round(coverage, 3)))
    hits.sort(key=lambda h: (-h.score, _descending(h.date), h.ref))
    if query.concepts:
        best = max((h.coverage for h in hits), default=0.0)
        if best < WEAK_COVERAGE:
            return [], True
        hits = [h for h in hits if h.coverage >= KEEP_SHARE * best]
    hits = hits[:limit]
    for hit in hits:
        hit.cited_in, hit.cited_total, hit.cited_reports = sql.cited_in(conn, hit.id, CITED_IN_SHOWN)
    return hits, False


def _descending(date: str | None) -> str:
    """Sort key putting newer dates first and undated last."""
    return "".join(chr(0x7F - ord(c)) for c in date) if date else "\x7f"


# ---------------------------------------------------------------------------------------------
# Typing slips


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_slip_away(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`
    (about 54 per letter: callers bound the word's length)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
            | {a + c + b for a, b in splits for c in _ALPHABET}) - {word}


def _unknown_syllables(conn, query: Query) -> list[str]:
    # An abbreviation is not a slip: "CĐS" may be in no document that spells out "chuyển đổi số".
    pool = sorted({s for c in query.of_kind("topic") if len(c.forms) == 1 for s in c.syllables
                   if 3 <= len(s) <= SLIP_SYLLABLE_LETTERS and s.isalpha()})
    known = sql.indexed(conn, pool)
    return [s for s in pool if s not in known][:MAX_SLIPS]


def _near(conn, syllable: str) -> list[str]:
    near = sql.indexed(conn, _one_slip_away(syllable))
    return sorted(near, key=lambda t: (-near[t], t))[:3]


def correct_slips(conn, query: Query) -> list[str]:
    """Give each syllable found nowhere in the index the indexed syllables one slip away.
    Returns notes for the user ("chuyen doi sô" -> "so")."""
    unknown = _unknown_syllables(conn, query)
    if not unknown:
        return []
    replacements = {s: _near(conn, s) for s in unknown}
    notes = []
    for i, concept in enumerate(query.concepts):
        mine = {s: alts for s, alts in replacements.items() if s in concept.syllables and alts}
        if not mine:
            continue
        forms = list(concept.forms)
        for form in concept.forms:
            for s, alternatives in mine.items():
                if s in form:
                    forms += [tuple(a if t == s else t for t in form) for a in alternatives]
        query.concepts[i] = Concept(concept.label, tuple(dict.fromkeys(forms)), concept.kind)
        notes += [_("{word!r} is not in the index; also searched {others}").format(
                      word=s, others=", ".join(map(repr, alts))) for s, alts in mine.items()]
    return notes


def closest_spellings(conn, query: Query) -> list[str]:
    """For a query that matched nothing well: the indexed words closest to those found nowhere."""
    notes = []
    for s in _unknown_syllables(conn, query):
        if not _near(conn, s):
            notes.append(_("{word!r} is in no document, and no indexed word is one letter away").format(word=s))
    return notes


# ---------------------------------------------------------------------------------------------
# Passages


def search_passages(conn, query: Query, report_ids: list[int], limit: int) -> list[PassageHit]:
    """Paragraphs of the given reports (ranked for the query) that match, best first, at most
    a few per report."""
    reports = sql.report_texts(conn, report_ids)
    if not reports:
        return []
    # IDFs from the documents' index: the same words, far shorter doclists than the reports'.
    frequencies = sql.document_frequencies(conn, "documents_fts", {s for c in query.concepts for s in c.syllables})
    scorer = Scorer(query, frequencies, sql.row_total(conn, "documents"))
    hits: list[tuple[float, int, PassageHit]] = []
    for rank, (report_id, path, text) in enumerate(reports):
        found = []
        for paragraph in Text.from_stored(text or "").paragraphs():
            folded = fold_text(paragraph.text)
            # A paragraph is long: syllables of a word scattered in it are no evidence.
            if scorer.in_passage(folded):
                found.append((scorer.passage_score(folded), paragraph, folded))
        found.sort(key=lambda f: -f[0])
        for score, paragraph, folded in found[:PASSAGES_PER_REPORT]:
            hits.append((score, rank, _passage(path, paragraph, folded, query, score)))
    hits.sort(key=lambda h: (-h[0], h[1]))
    unique: dict[str, PassageHit] = {}
    for _score, _rank, hit in hits:
        same = unique.setdefault(fold_text(hit.text), hit)
        if same is not hit:
            same.also_in.append(f"{hit.path}:{hit.line}")
    return list(unique.values())[:limit]


def _passage(path: str, paragraph, folded: str, query: Query, score: float) -> PassageHit:
    spans = _highlights(folded, query)
    text, offset = paragraph.text, 0
    if len(text) > SNIPPET_CHARS:
        first = spans[0][0] if spans else 0
        offset = max(0, min(first - SNIPPET_CHARS // 4, len(text) - SNIPPET_CHARS))
        offset = text.rfind(" ", 0, offset) + 1 if offset else 0
        end = text.find(" ", offset + SNIPPET_CHARS)
        text = ("…" if offset else "") + text[offset:end if end != -1 else None] + ("…" if end != -1 else "")
    shift = offset - (1 if offset else 0)
    visible = [(a - shift, b - shift) for a, b in spans if a >= offset and (a - shift) < len(text)]
    line = paragraph.line_at(spans[0][0] if spans else 0)
    return PassageHit(path, line.number, line.page, text, visible, round(score, 3))


def _highlights(folded: str, query: Query) -> list[tuple[int, int]]:
    """Character spans in `folded` of every whole form; `folded` has the original's offsets
    (fold_text keeps them)."""
    positions = [(m.start(), m.end(), m.group()) for m in SYLLABLE.finditer(folded)]
    words = [w for _, _, w in positions]
    spans = []
    for concept in query.concepts:
        for form in concept.forms:
            n = len(form)
            spans += [(positions[i][0], positions[i + n - 1][1])
                      for i in range(len(words) - n + 1) if tuple(words[i:i + n]) == form]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
