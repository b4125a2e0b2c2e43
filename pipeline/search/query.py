"""Reading a query: what is sought, in which field, and what the words only ask.

1. Fold it and cut it into syllables, so "thu vien" and "thư viện" are the same query and
   "Đức Phồ" (an OCR slip) finds "Đức Phổ".
2. References ("3225/KH-UBND") are concepts of their own; so are bare numbers ("số 204", matched
   against a document's number with or without leading zeros) and years ("2022", a soft match on
   the document's year and a word of its subject).
3. Abbreviations (extractors/data/abbreviations.tsv, extractors.lang.abbreviations) become concepts whose forms are the abbreviation and its
   expansions, so either matches the other.
4. The rest is cut into Vietnamese words by longest match against a word list (underthesea's
   segmentation dictionary, shipped as pipeline/data/vietnamese_words.txt, and the gazetteer), with
   diacritics when typed with them and folded otherwise, so "thư viện" is one concept.
5. Question and function words are dropped; in a question the kind of document it names
   ("kế hoạch nào …") becomes the type filter.

Input is bounded (`MAX_QUERY_CHARS`, `MAX_CONCEPTS`): any text gives a query or a QueryError
with a one-line message, in time that does not depend on what was typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.doctypes import DOC_TYPES, DocType
from extractors.gazetteer import PLACES
from extractors.lang.abbreviations import SYLLABLE, Phrases, abbreviation_phrases, syllables
from extractors.lang.reference_pattern import TYPED_REFERENCE
from extractors.text import fold, nfc

from ..i18n import _

MAX_QUERY_CHARS = 500        # a question, not a document: longer input is refused with a message
MAX_CONCEPTS = 24            # distinct things sought in one query
MAX_FILTER_CHARS = 200       # --issuer and other filter values

# extractors.text.fold gives one character per character of NFC text, so offsets in the folded
# text are offsets in the original (used to highlight matches).
fold_text = fold


class QueryError(ValueError):
    """A query or filter that cannot be searched; the message says what to change."""


# A year typed alone: "2022", "năm 2025" (1900-2099; other numbers are document numbers).
_YEAR = re.compile(r"(?:19|20)\d\d")


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
                        "xem", "muốn", "biết", "nêu", "gồm", "loại", "ngày", "do")
# Search-engine operators typed in capitals ("thư viện AND CNTT"): every word is sought anyway.
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# "số" before a number only introduces it ("kế hoạch số 204"); elsewhere it is a word ("chuyển đổi số").
_NUMBER_WORDS = _words("số", "năm")


@dataclass(frozen=True)
class Concept:
    """One thing sought: its forms are folded syllable sequences that each count as a match.

    `kind`: "topic" (words), "reference" (3225/KH-UBND), "number" (204: a document number,
    any leading zeros) or "year" (2022). `typed` holds the forms as typed with diacritics
    (lower case), when they were: text that has them exactly earns full credit."""

    label: str                                  # as typed: "thư viện", "CNTT"
    forms: tuple[tuple[str, ...], ...]          # ("thu", "vien"); ("cntt",), ("cong", "nghe", "thong", "tin")
    kind: str = "topic"
    typed: tuple[str, ...] = ()                 # "thư viện" (only when typed with diacritics)

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
    left_over: list[str] = field(default_factory=list)   # words past MAX_CONCEPTS, not searched

    def of_kind(self, *kinds: str) -> list[Concept]:
        return [c for c in self.concepts if c.kind in kinds]


# ---------------------------------------------------------------------------------------------
# Abbreviations and document kinds


@lru_cache(maxsize=1)
def _doc_type_phrases() -> Phrases:
    table: dict[tuple[str, ...], DocType] = {}
    for doc_type in DOC_TYPES:
        for word in (doc_type.name, *doc_type.variants):
            table.setdefault(syllables(word), doc_type)
    return Phrases(table)


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
    raise QueryError(_("unknown document type {value!r}; use a code or the word, e.g. {known}").format(value=value[:40], known=known))


# ---------------------------------------------------------------------------------------------
# Word segmentation: longest match against a word list


_LONGEST_WORD = 5     # syllables; "Thành phố Hồ Chí Minh"


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """The Vietnamese word list (72k words of underthesea's segmentation dictionary, lower case,
    with diacritics; pipeline/wordlist.py) and the gazetteer's place names."""
    from pipeline.wordlist import vietnamese_words

    return frozenset([*vietnamese_words(), *(" ".join(p.lower().split()) for p in PLACES)])


@lru_cache(maxsize=1)
def _folded_dictionary() -> frozenset[str]:
    return frozenset(fold(w) for w in _dictionary())


@lru_cache(maxsize=1)
def _folded_places() -> frozenset[str]:
    return frozenset(fold(" ".join(p.lower().split())) for p in PLACES)


@lru_cache(maxsize=1)
def _known_syllables() -> frozenset[str]:
    """Syllables (with diacritics) of the dictionary's words: one outside them is likely a slip."""
    return frozenset(s for w in _dictionary() for s in w.split())


def _has_diacritics(s: str) -> bool:
    return fold(s) != s.lower()


def segment(typed: tuple[str, ...], tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    """Word spans [start, end) over the syllables of a run: `typed` (lower case as typed) and
    `tokens` (folded), longest word first. A word typed with diacritics is matched with them
    ("bảo vệ", never "bao về"), else folded: typed without them, a place name (its tone marks
    are often slipped: "Đức Phồ"), or with a syllable no word has (a slip)."""
    with_marks = _has_diacritics(" ".join(typed))
    exact, folded = _dictionary(), _folded_dictionary()
    spans, i = [], 0
    while i < len(tokens):
        n = next((n for n in range(min(_LONGEST_WORD, len(tokens) - i), 1, -1)
                  if with_marks and " ".join(typed[i:i + n]) in exact), 0)
        n = n or next((n for n in range(min(_LONGEST_WORD, len(tokens) - i), 1, -1)
                       if " ".join(tokens[i:i + n]) in folded
                       and (not with_marks or " ".join(tokens[i:i + n]) in _folded_places()
                            or not _known_syllables().issuperset(typed[i:i + n]))), 1)
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


def _number_forms(digits: str) -> tuple[tuple[str, ...], ...]:
    """A document number typed with or without leading zeros: "204" and "0204" are one number."""
    bare = digits.lstrip("0") or "0"
    return tuple(dict.fromkeys([(digits,), (bare,)]))


def _add(query: Query, concept: Concept) -> None:
    if any(c.forms == concept.forms for c in query.concepts):
        return                   # a word typed twice is sought once
    if len(query.concepts) >= MAX_CONCEPTS:
        query.left_over.append(concept.label)
        return
    query.concepts.append(concept)


def parse_query(text: str) -> Query:
    """Concepts, dropped words and implied type of a query (see the module docstring).

    Raises QueryError for a query longer than MAX_QUERY_CHARS; words past MAX_CONCEPTS are
    listed in `left_over`, not searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(_("the query is {n} characters long; at most {limit} "
                           "(type the words that name what you look for)").format(n=len(text), limit=MAX_QUERY_CHARS))
    text = nfc(text).strip()
    query = Query(text, [])
    for m in TYPED_REFERENCE.finditer(text):
        _add(query, Concept(m.group(), (syllables(m.group()),), kind="reference"))
    rest = TYPED_REFERENCE.sub(" ", text)

    raw = [m.group() for m in SYLLABLE.finditer(rest)]      # as typed, for labels
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
    # A trailing "không" asks (and must not join the word before it: "số không" is "zero").
    trailing = []
    if typed and _listed(typed[-1:], _TRAILING_NEGATION):
        trailing = [raw.pop()]
        typed, tokens = typed[:-1], tokens[:-1]

    # Numbers, years and abbreviations (either form) first; the runs between them are cut into words.
    runs: list[tuple[int, int, Concept | None]] = []
    i = start = 0
    while i < len(tokens):
        token, concept, n = tokens[i], None, 1
        if token.isdigit():
            kind = "year" if _YEAR.fullmatch(token) else "number"
            concept = Concept(raw[i], ((token,),) if kind == "year" else _number_forms(token), kind=kind)
        elif found := abbreviation_phrases().match_at(tokens, i):
            n, forms = found
            concept = Concept(" ".join(raw[i:i + n]), forms, typed=_typed(typed[i:i + n]))
        if concept:
            runs += [(start, i, None), (i, i + n, concept)]
            i = start = i + n
        else:
            i += 1
    runs.append((start, len(tokens), None))

    for position, (begin, end, concept) in enumerate(runs):
        if concept is not None:
            _add(query, concept)
            continue
        if begin == end:
            continue
        next_is_number = position + 1 < len(runs) and (runs[position + 1][2] or Concept("", ())).kind in (
            "number", "year")
        for a, b in segment(typed[begin:end], tokens[begin:end]):
            a, b = a + begin, b + begin
            label = " ".join(raw[a:b])
            if (_listed(typed[a:b], QUESTION_WORDS | FUNCTION_WORDS) or label in _OPERATORS
                    or (b == end and next_is_number and _listed(typed[a:b], _NUMBER_WORDS))):
                query.dropped.append(label)
            else:
                _add(query, Concept(label, (tokens[a:b],), typed=_typed(typed[a:b])))
    query.dropped += trailing
    return query


def _typed(typed: tuple[str, ...]) -> tuple[str, ...]:
    phrase = " ".join(typed)
    return (phrase,) if _has_diacritics(phrase) else ()
