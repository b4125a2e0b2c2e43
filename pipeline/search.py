"""Search the database the way staff ask: own words, diacritics or not, abbreviations, questions.

The index (written at ingest): every searchable row carries `search_text`, its
text folded (tone marks removed, đ -> d, lower case), in the row's FTS5 table.
SQLite's unicode61 tokenizer removes tone marks but keeps đ, so the folded
column is what makes "duc pho" find "Đức Phổ" here and in Datasette's search box.
Nothing is word-segmented at ingest (too slow for whole reports): word units are
a query-time matter.

Reading a query (`parse_query`):
1. Fold it and cut it into syllables, so "thu vien" and "thư viện" are the same
   query and "Đức Phồ" (an OCR slip) finds "Đức Phổ".
2. References ("3225/KH-UBND") and abbreviations (data/abbreviations.tsv) become
   concepts of their own; an abbreviation and its expansion match each other.
3. The rest is cut into Vietnamese words with underthesea's word segmentation
   (or, typed without diacritics, the longest words of underthesea's dictionary
   folded), so "thư viện" is one concept, not "thư" and "viện".
4. Question and function words are dropped; in a question the kind of document
   it names ("kế hoạch nào …") becomes the type filter.
5. At search time, a syllable found nowhere in the index is replaced by the
   indexed syllables one typing slip away ("chuyen doi sô" -> "so").

Ranking (`_Scorer`): FTS5 only picks candidates. Each concept adds its IDF when
one of its forms occurs whole (its syllables adjacent and in order), and at most
half of that when only some of its syllables occur apart, so text with the word
"thư viện" ranks above text with "thư" and "viện" apart. Neighbouring query
concepts found side by side in the text add a little more.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import sqlite_utils

from extractors.doctypes import DOC_TYPES, DocType
from extractors.gazetteer import PLACES
from extractors.text import Text, fold, nfc


# extractors.text.fold gives one character per character of NFC text, so offsets in the folded
# text are offsets in the original (used to highlight matches).
fold_text = fold


def index_text(*parts: str | None) -> str:
    """The folded text stored in `search_text` for the given columns."""
    return fold_text(nfc(" ".join(p for p in parts if p)))


# A syllable as unicode61 sees it: letters and digits; everything else separates.
_SYLLABLE = re.compile(r"[^\W_]+")

# A document reference typed in a query: "3225/KH-UBND", "36-NQ/TW", "42/2022/NĐ-CP".
_REFERENCE = re.compile(
    r"""\b\d+               # number
        (?:[-/][^\W_]+)*    # "/2022", "-NQ"
        (?:[-/][^\W\d_]+)   # at least one lettered part: "/KH", "-UBND", "/TW"
        (?:[-/&][^\W_]+)*   # the rest of the symbol: "-UBND", "&CNTT"
    """,
    re.VERBOSE,
)


def syllables(s: str) -> tuple[str, ...]:
    return tuple(_SYLLABLE.findall(fold_text(nfc(s))))


def _words(*phrases: str) -> frozenset[str]:
    return frozenset(nfc(p) for p in phrases)


# Words that ask rather than say what is sought.
QUESTION_WORDS = _words("nào", "gì", "đâu", "bao nhiêu", "mấy", "sao", "thế nào", "ra sao",
                        "như thế nào", "hay không", "chưa", "vậy", "những gì", "cái gì")
# "không" is a question word only at the end ("… không?"); elsewhere it means "no" ("không giấy").
_TRAILING_NEGATION = _words("không")
# Words that carry no subject; dropped from every query.
FUNCTION_WORDS = _words("về", "của", "các", "những", "được", "cho", "trong", "và", "là", "với", "đã",
                        "có", "theo", "tìm", "cần", "văn bản", "tài liệu", "liên quan", "nói", "đề cập",
                        "nội dung", "việc", "vấn đề", "ở", "tại", "đến", "hãy", "cho biết", "tôi",
                        "mình", "thì", "mà", "để", "một", "này", "đó", "ban hành", "hiện", "nay",
                        "xem", "muốn", "biết", "nêu", "gồm", "loại")

# Ranking weights (see the module docstring).
PARTIAL_SHARE = 0.5        # most a concept earns when its syllables occur only apart
CONTEXT_SHARE = 0.5        # a document matched only where it is cited, not by its own fields
IDENTITY_SHARE = 1.5       # a concept naming the document's kind, number or issuer
HEAD_TYPE_FACTOR = 1.25    # a document of the kind a query starts with ("kế hoạch …": a plan is sought)
NEIGHBOUR_SHARE = 0.25     # two neighbouring query concepts found side by side
REFERENCE_BONUS = 100.0    # the document whose reference was typed
CANDIDATES = 300           # rows FTS5 hands to the scorer
PASSAGES_PER_REPORT = 3
SNIPPET_CHARS = 280


@dataclass(frozen=True)
class Concept:
    """One thing sought: its forms are folded syllable sequences that each count as a match."""

    label: str                                  # as typed: "thư viện", "CNTT"
    forms: tuple[tuple[str, ...], ...]          # ("thu", "vien"); ("cntt",), ("cong", "nghe", "thong", "tin")
    is_reference: bool = False

    @property
    def syllables(self) -> frozenset[str]:
        return frozenset(s for form in self.forms for s in form)


@dataclass
class Query:
    text: str
    concepts: list[Concept]
    dropped: list[str] = field(default_factory=list)     # question and function words left out
    doc_type: DocType | None = None                       # implied by a question: "kế hoạch nào …"
    is_question: bool = False
    head_type: DocType | None = None                      # the kind a statement starts with: "kế hoạch …"


# ---------------------------------------------------------------------------------------------
# Abbreviations and document kinds


@dataclass(frozen=True)
class _Phrases:
    """Folded syllable sequences -> what they stand for, matched longest first."""

    table: dict[tuple[str, ...], object]

    @property
    def longest(self) -> int:
        return max((len(k) for k in self.table), default=0)

    def match_at(self, tokens: tuple[str, ...], i: int) -> tuple[int, object] | None:
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            found = self.table.get(tokens[i:i + n])
            if found is not None:
                return n, found
        return None


def read_abbreviations() -> dict[str, list[str]]:
    """ABBREVIATION -> its expansions, from the package's data/abbreviations.tsv."""
    text = resources.files("pipeline").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8")
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbreviation, expansion = (nfc(part.strip()) for part in line.split("\t"))
        table.setdefault(abbreviation, []).append(expansion)
    return table


@lru_cache(maxsize=1)
def _abbreviation_phrases() -> _Phrases:
    """Either form of an abbreviation -> all its forms: "cntt" and "cong nghe thong tin" alike."""
    groups: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for abbreviation, expansions in read_abbreviations().items():
        # Two abbreviations of the same words ("TT&TT", "TTTT") are one group.
        forms = {syllables(abbreviation), *(syllables(e) for e in expansions)}
        forms = forms.union(*(groups.get(f, set()) for f in forms))
        for form in forms:
            groups[form] = forms
    # A form's own spelling first, so a concept's first form is what was typed.
    return _Phrases({form: (form, *sorted(forms - {form})) for form, forms in groups.items()})


@lru_cache(maxsize=1)
def _doc_type_phrases() -> _Phrases:
    table: dict[tuple[str, ...], DocType] = {}
    for doc_type in DOC_TYPES:
        for word in (doc_type.name, *doc_type.variants):
            table.setdefault(syllables(word), doc_type)
    return _Phrases(table)


def doc_type_for(value: str) -> DocType:
    """A --type value: a code ("KH", "QĐ", "qd") or a kind ("Kế hoạch", "ke hoach")."""
    key = fold(" ".join(nfc(value).split()))
    for doc_type in DOC_TYPES:
        if doc_type.code and fold(doc_type.code) == key:
            return doc_type
    for doc_type in DOC_TYPES:
        if key in {fold(w) for w in (doc_type.name, *doc_type.variants)}:
            return doc_type
    known = ", ".join(sorted({f"{d.code} ({d.name})" for d in DOC_TYPES if d.code}))
    raise ValueError(f"unknown document type {value!r}; use a code or the word, e.g. {known}")


# ---------------------------------------------------------------------------------------------
# Word segmentation


_LONGEST_WORD = 5     # syllables; "Thành phố Hồ Chí Minh"


@lru_cache(maxsize=1)
def _folded_lexicon() -> frozenset[tuple[str, ...]]:
    """Words of several syllables from underthesea's segmentation dictionary and the gazetteer, folded.

    underthesea cannot segment text typed without diacritics ("thu vien" stays two words),
    so such queries are cut by longest match against its dictionary, folded."""
    import pickle

    import underthesea.pipeline.word_tokenize as ws

    path = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727" / "dictionary.bin"
    try:
        with open(path, "rb") as f:
            words = pickle.load(f)
    except OSError:      # another underthesea release: folded queries go unsegmented
        return frozenset()
    return frozenset(s for s in map(syllables, [*words, *PLACES]) if 2 <= len(s) <= _LONGEST_WORD)


def _has_diacritics(s: str) -> bool:
    return fold(s) != s.lower()


def segment(tokens: tuple[str, ...], original: str) -> list[tuple[int, int]]:
    """Word spans [start, end) over `tokens` (the folded syllables of `original`)."""
    if _has_diacritics(original):
        from underthesea import word_tokenize

        spans, i = [], 0
        for word in word_tokenize(original):
            word_tokens = syllables(word)
            if tokens[i:i + len(word_tokens)] != word_tokens:
                break                  # underthesea split differently (punctuation): use the lexicon
            if word_tokens:
                spans.append((i, i + len(word_tokens)))
                i += len(word_tokens)
        else:
            if i == len(tokens):
                return spans
    lexicon = _folded_lexicon()
    spans, i = [], 0
    while i < len(tokens):
        n = next((n for n in range(_LONGEST_WORD, 1, -1) if tokens[i:i + n] in lexicon and i + n <= len(tokens)), 1)
        spans.append((i, i + n))
        i += n
    return spans


# ---------------------------------------------------------------------------------------------
# Parsing a query


def _listed(typed: tuple[str, ...], words: frozenset[str]) -> bool:
    """Whether the syllables `typed` (lower case) are one of `words`: compared with their
    diacritics when typed with them ("nào", not "não"), folded otherwise ("nao")."""
    phrase = " ".join(typed)
    if _has_diacritics(phrase):
        return phrase in words
    return phrase in {fold(w) for w in words}


def _asks(typed: tuple[str, ...], text: str) -> bool:
    """A question: ends with "?" or has a question word ("nào", "gì", "bao nhiêu", …)."""
    return text.rstrip().endswith("?") or any(
        _listed(typed[i:i + n], QUESTION_WORDS) for n in (1, 2, 3) for i in range(len(typed) - n + 1))


def parse_query(text: str) -> Query:
    """Concepts, dropped words and implied type of a query (see the module docstring)."""
    text = nfc(text).strip()
    query = Query(text, [])
    for m in _REFERENCE.finditer(text):
        query.concepts.append(Concept(m.group(), (syllables(m.group()),), is_reference=True))
    rest = _REFERENCE.sub(" ", text)

    raw = [m.group() for m in _SYLLABLE.finditer(rest)]      # as typed, for labels
    typed = tuple(s.lower() for s in raw)
    tokens = tuple(fold(s) for s in typed)
    query.is_question = _asks(typed, rest)
    if query.is_question:
        found = next(((i, *m) for i in range(len(tokens)) if (m := _doc_type_phrases().match_at(tokens, i))),
                     None)
        if found:
            i, n, query.doc_type = found
            query.dropped.append(" ".join(raw[i:i + n]))
            del raw[i:i + n]
            typed, tokens = typed[:i] + typed[i + n:], tokens[:i] + tokens[i + n:]
    elif found := _doc_type_phrases().match_at(tokens, 0):
        query.head_type = found[1]

    # Abbreviations (either form) first; the runs between them are cut into words.
    runs: list[tuple[int, int, tuple | None]] = []
    i = start = 0
    while i < len(tokens):
        found = _abbreviation_phrases().match_at(tokens, i)
        if found:
            runs += [(start, i, None), (i, i + found[0], found[1])]
            i = start = i + found[0]
        else:
            i += 1
    runs.append((start, len(tokens), None))

    for begin, end, forms in runs:
        if forms is not None:
            query.concepts.append(Concept(" ".join(raw[begin:end]), forms))
            continue
        if begin == end:
            continue
        for a, b in segment(tokens[begin:end], " ".join(raw[begin:end])):
            a, b = a + begin, b + begin
            label = " ".join(raw[a:b])
            last = b == len(tokens)
            if (_listed(typed[a:b], QUESTION_WORDS | FUNCTION_WORDS)
                    or (last and _listed(typed[a:b], _TRAILING_NEGATION))):
                query.dropped.append(label)
            else:
                query.concepts.append(Concept(label, (tokens[a:b],)))
    return query


# ---------------------------------------------------------------------------------------------
# Searching


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

    def as_dict(self) -> dict:
        """What `baocao search --json` prints."""
        return {
            "query": self.query.text,
            "searched": [{"words": c.label, "forms": [" ".join(f) for f in c.forms]} for c in self.query.concepts],
            "left_out": self.query.dropped,
            "type": self.doc_type and {"code": self.doc_type.code, "name": self.doc_type.name},
            "notes": self.notes,
            "documents": [asdict(d) for d in self.documents],
            "passages": [{**asdict(p), "snippet": p.snippet} for p in self.passages],
        }


@dataclass(frozen=True)
class Filters:
    doc_type: DocType | None = None
    year: int | None = None
    issuer: str | None = None

    def sql(self, alias: str, kind_column: str) -> tuple[str, dict]:
        """Conditions on the row `alias` (documents or reports), and their parameters."""
        where, params = [], {}
        if self.doc_type:
            where.append(f"(baocao_fold({alias}.type_code) = :type_code"
                         f" or baocao_fold({alias}.{kind_column}) = :type_name)")
            params.update(type_code=fold(self.doc_type.code or self.doc_type.name),
                          type_name=fold(self.doc_type.name))
        if self.year:
            where.append(f"{alias}.year = :year")
            params["year"] = self.year
        if self.issuer:
            where.append(f"baocao_issuer_key({alias}.issuer) like :issuer")
            params["issuer"] = f"%{issuer_key(self.issuer)}%"
        return "".join(f" and {w}" for w in where), params


def issuer_key(issuer: str | None) -> str | None:
    """An issuer folded with every spelled-out abbreviation shortened: "Ủy ban nhân dân tỉnh"
    and "UBND tỉnh" give the same key, "ubnd tinh"."""
    if issuer is None:
        return None
    tokens = syllables(issuer)
    phrases, out, i = _abbreviation_phrases(), [], 0
    while i < len(tokens):
        found = phrases.match_at(tokens, i)
        if found:
            n, forms = found
            out.append(" ".join(min(forms, key=len)))
            i += n
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out)


def _prepare(db: sqlite_utils.Database) -> None:
    db.conn.create_function("baocao_fold", 1, lambda s: fold_text(s) if s else s, deterministic=True)
    db.conn.create_function("baocao_issuer_key", 1, issuer_key, deterministic=True)


def _match(forms) -> str:
    """An FTS5 expression on the folded column: any of the phrases. Syllables are [^\\W_]+,
    so quoting them is enough to keep user input from ever being FTS syntax."""
    return "search_text : (" + " OR ".join('"' + " ".join(f) + '"' for f in forms) + ")"


def _padded(text: str) -> str:
    """Folded syllables between spaces, so a form matches whole syllables: " thu vien "."""
    return " " + " ".join(_SYLLABLE.findall(text)) + " "


class _Scorer:
    """Scores folded texts against a query's concepts with IDFs from one FTS table."""

    def __init__(self, db: sqlite_utils.Database, fts: str, concepts: list[Concept]):
        self.db, self.fts = db, fts
        self.total = db.execute(f"select count(*) from [{fts}]").fetchone()[0] or 1
        self.concepts = concepts
        self.idf = {c: self._idf(c.forms) for c in concepts}
        self.syllable_idf = {s: self._idf([(s,)]) for c in concepts for s in c.syllables}

    def _idf(self, forms) -> float:
        df = self.db.execute(f"select count(*) from [{self.fts}] where [{self.fts}] match ?",
                             [_match(forms)]).fetchone()[0]
        return math.log(1 + (self.total - df + 0.5) / (df + 0.5))

    @staticmethod
    def whole(concept: Concept, padded: str) -> bool:
        return any(f" {' '.join(form)} " in padded for form in concept.forms)

    def concept_score(self, concept: Concept, padded: str) -> float:
        if self.whole(concept, padded):
            return self.idf[concept]
        best = 0.0
        for form in concept.forms:
            present = {s for s in form if f" {s} " in padded}
            # One syllable of a word says little: folded "thu" is also "thủ", "thu", "thụ".
            if len(present) >= 2:
                best = max(best, sum(map(self.syllable_idf.get, present)) / sum(map(self.syllable_idf.get, set(form))))
        return PARTIAL_SHARE * self.idf[concept] * best

    def neighbour_score(self, padded: str) -> float:
        score = 0.0
        for a, b in zip(self.concepts, self.concepts[1:]):
            if any(f" {' '.join(fa + fb)} " in padded for fa in a.forms for fb in b.forms):
                score += NEIGHBOUR_SHARE * (self.idf[a] + self.idf[b]) / 2
        return score

    def score(self, padded: str) -> float:
        return sum(self.concept_score(c, padded) for c in self.concepts) + self.neighbour_score(padded)


def _vocabulary_has(db: sqlite_utils.Database, terms: list[str]) -> dict[str, int]:
    """Indexed syllables among `terms`, with the number of report rows holding each."""
    found: dict[str, int] = {}
    for fts in ("reports_fts", "documents_fts"):
        vocab = f"baocao_vocab_{fts}"
        db.execute(f"create virtual table if not exists temp.[{vocab}] using fts5vocab(main, [{fts}], row)")
        marks = ",".join("?" * len(terms))
        for term, docs in db.execute(f"select term, doc from temp.[{vocab}] where term in ({marks})", terms):
            found[term] = found.get(term, 0) + docs
    return found


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_slip_away(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
            | {a + c + b for a, b in splits for c in _ALPHABET}) - {word}


def correct_slips(db: sqlite_utils.Database, query: Query) -> list[str]:
    """Give each syllable found nowhere in the index the indexed syllables one slip away.
    Returns notes for the user ("chuyen doi sô" -> "so")."""
    unknown_pool = sorted({s for c in query.concepts if not c.is_reference for s in c.syllables
                           if len(s) >= 3 and s.isalpha()})
    if not unknown_pool:
        return []
    known = _vocabulary_has(db, unknown_pool)
    notes = []
    for i, concept in enumerate(query.concepts):
        replacements: dict[str, list[str]] = {}
        for s in concept.syllables:
            if s in unknown_pool and s not in known:
                near = _vocabulary_has(db, sorted(_one_slip_away(s)))
                replacements[s] = sorted(near, key=lambda t: -near[t])[:3]
        if not replacements:
            continue
        forms = list(concept.forms)
        for form in concept.forms:
            for s, alternatives in replacements.items():
                if s in form:
                    forms += [tuple(a if t == s else t for t in form) for a in alternatives]
        query.concepts[i] = Concept(concept.label, tuple(dict.fromkeys(forms)), concept.is_reference)
        notes += [f"{s!r} is not in the index; also searched {', '.join(map(repr, alts))}"
                  for s, alts in replacements.items() if alts]
    return notes


def _candidates(db, fts: str, table: str, query: Query, filters: Filters, kind_column: str,
                limit: int) -> list[int]:
    """Row ids of `table` whose FTS row holds any form or syllable of the query, best bm25 first."""
    where, params = filters.sql("t", kind_column)
    sql = (f"select t.id from [{fts}] join [{table}] t on t.rowid = [{fts}].rowid "
           f"where [{fts}] match :q {where} order by bm25([{fts}]) limit :limit")
    return [r[0] for r in db.execute(sql, {"q": _match_anything(query), "limit": limit, **params})]


def _match_anything(query: Query) -> str:
    """An FTS5 expression for rows holding any form, or any syllable, of the query's concepts."""
    forms = {f for c in query.concepts for f in c.forms} | {(s,) for c in query.concepts for s in c.syllables}
    return _match(sorted(forms))


def search_documents(db, query: Query, filters: Filters, limit: int) -> list[DocumentHit]:
    """Documents whose own fields (or, worth less, the lines citing them) match, best first."""
    where, params = filters.sql("d", "doc_type")
    if query.concepts:
        ids = set(_candidates(db, "documents_fts", "documents", query, filters, "doc_type", CANDIDATES))
        ids |= {r[0] for r in db.execute(
            f"""select distinct c.document_id from citations_fts join citations c on c.rowid = citations_fts.rowid
                join documents d on d.id = c.document_id
                where citations_fts match :q {where} order by bm25(citations_fts) limit :limit""",
            {"q": _match_anything(query), "limit": CANDIDATES, **params})}
    else:   # only a type (or year, issuer): "kế hoạch nào?" lists them, newest first
        ids = {r[0] for r in db.execute(f"select d.id from documents d where 1 {where} "
                                        "order by d.date desc limit :limit", {"limit": limit, **params})}
    if not ids:
        return []
    scorer = _Scorer(db, "documents_fts", query.concepts)
    marks = ",".join("?" * len(ids))
    contexts: dict[int, list[str]] = {}
    for doc_id, text in db.execute(f"select document_id, search_text from citations where document_id in ({marks})",
                                   list(ids)):
        contexts.setdefault(doc_id, []).append(_padded(text or ""))
    references = {" ".join(form) for c in query.concepts if c.is_reference for form in c.forms}
    hits = []
    for doc_id, ref, type_code, doc_type, date, issuer, subject, search_text, report_path in db.execute(
            f"""select d.id, d.ref, d.type_code, d.doc_type, d.date, d.issuer, d.subject, d.search_text, f.path
                from documents d left join reports r on r.id = d.report_id left join files f on f.id = r.file_id
                where d.id in ({marks})""", list(ids)):
        own, cited = _padded(search_text or ""), " | ".join(contexts.get(doc_id, []))
        # What the document is (its number, issuer, kind) outweighs what its subject mentions:
        # "nghị quyết của Bộ Chính trị …" is 36-NQ/TW, not the plan "thực hiện Nghị quyết số
        # 36-NQ/TW … của Bộ Chính trị …". The kind counts only whole: "trình" is not "Chương trình".
        identity, kinds = _padded(index_text(ref, issuer)), {syllables(doc_type or ""), syllables(type_code or "")}
        score = sum(max(scorer.concept_score(c, own),
                        IDENTITY_SHARE * scorer.idf[c] if scorer.whole(c, identity) or kinds & set(c.forms) else 0.0,
                        CONTEXT_SHARE * scorer.concept_score(c, cited))
                    for c in query.concepts)
        score += max(scorer.neighbour_score(own), CONTEXT_SHARE * scorer.neighbour_score(cited))
        if query.head_type and _is_of_type(type_code, doc_type, query.head_type):
            score *= HEAD_TYPE_FACTOR
        if " ".join(syllables(ref)) in references:
            score += REFERENCE_BONUS
        if score > 0 or not query.concepts:
            hits.append(DocumentHit(doc_id, ref, doc_type, date, issuer, subject, round(score, 3), report_path))
    hits.sort(key=lambda h: (-h.score, _descending(h.date), h.ref))
    hits = hits[:limit]
    for hit in hits:
        hit.cited_in = [
            {"path": path, "line": line, "page": page, "context": context}
            for path, line, page, context in db.execute(
                """select f.path, c.line, c.page, c.context from citations c
                   join reports r on r.id = c.report_id join files f on f.id = r.file_id
                   where c.document_id = ? order by f.path, c.line""", [hit.id])
        ]
    return hits


def _is_of_type(type_code: str | None, doc_type: str | None, kind: DocType) -> bool:
    return (bool(type_code) and fold(type_code) == fold(kind.code or "")) or (
        bool(doc_type) and fold(doc_type) == fold(kind.name))


def _descending(date: str | None) -> str:
    """Sort key putting newer dates first and undated last."""
    return "".join(chr(0x7F - ord(c)) for c in date) if date else "\x7f"


def search_passages(db, query: Query, filters: Filters, limit: int) -> list[PassageHit]:
    """Paragraphs of the reports that match, best first, at most a few per report."""
    if not query.concepts:
        return []
    ids = _candidates(db, "reports_fts", "reports", query, filters, "kind", max(3 * limit, 20))
    if not ids:
        return []
    scorer = _Scorer(db, "reports_fts", query.concepts)
    hits: list[tuple[float, int, PassageHit]] = []
    for rank, report_id in enumerate(ids):
        path, text = db.execute("select f.path, r.text from reports r join files f on f.id = r.file_id "
                                "where r.id = ?", [report_id]).fetchone()
        found = []
        for paragraph in Text.from_stored(text or "").paragraphs():
            folded = fold_text(paragraph.text)
            padded = _padded(folded)
            # A paragraph is long: syllables of a word scattered in it are no evidence.
            if any(scorer.whole(c, padded) for c in query.concepts):
                found.append((scorer.score(padded), paragraph, folded))
        found.sort(key=lambda f: -f[0])
        for score, paragraph, folded in found[:PASSAGES_PER_REPORT]:
            hits.append((score, rank, _passage(path, paragraph, folded, query, score)))
    hits.sort(key=lambda h: (-h[0], h[1]))
    unique: dict[str, PassageHit] = {}
    for _, _, hit in hits:
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
    """Character spans in `folded` of every whole form, and of the syllables of concepts not
    found whole; `folded` has the original's offsets (fold_text keeps them)."""
    positions = [(m.start(), m.end(), m.group()) for m in _SYLLABLE.finditer(folded)]
    words = [w for _, _, w in positions]
    spans = []
    for concept in query.concepts:
        whole = []
        for form in concept.forms:
            n = len(form)
            whole += [(positions[i][0], positions[i + n - 1][1])
                      for i in range(len(words) - n + 1) if tuple(words[i:i + n]) == form]
        spans += whole or [(a, b) for a, b, w in positions if w in concept.syllables]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def search(db: sqlite_utils.Database, text: str, type_code: str | None = None, year: int | None = None,
           issuer: str | None = None, limit: int = 10) -> SearchResults:
    """Answer a query or question: matching documents, best first, then report passages.

    Raises ValueError for an unknown `type_code`."""
    _prepare(db)
    query = parse_query(text)
    given_type = doc_type_for(type_code) if type_code else None
    filters = Filters(given_type or query.doc_type, year, issuer)
    results = SearchResults(query, [], [], filters.doc_type)
    if not query.concepts and not (filters.doc_type or year or issuer):
        results.notes.append("nothing to search for: type some words, e.g. \"thư viện\"")
        return results
    results.notes += correct_slips(db, query)
    results.documents = search_documents(db, query, filters, limit)
    if not results.documents and query.doc_type and not given_type:
        results.notes.append(f"no {query.doc_type.name} matches; showing every type")
        filters = Filters(None, year, issuer)
        results.doc_type = None
        results.documents = search_documents(db, query, filters, limit)
    # The type narrows documents; passages come from reports of any kind ("which plan covers
    # thư viện?" also wants the reports that discuss it).
    results.passages = search_passages(db, query, Filters(None, year, issuer), limit)
    return results
