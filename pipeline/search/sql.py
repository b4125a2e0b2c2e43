"""The database side of search: bounded reads only.

Every read here costs what the answer costs, not what the archive holds:
- candidates come from the FTS5 indexes ordered by bm25 with a LIMIT, first rows holding
  every concept, then rows missing one of them; numbers from the index on documents.number;
- document frequencies come from fts5vocab (one lookup per syllable), the number of rows
  from max(rowid) (no count(*) over millions of rows);
- a candidate is scored on its own fields, the head of its own text when it was ingested, and
  the few citation lines the citation index returned for it (never all its citations).

Works on a plain sqlite3 connection (a read-only one for `baocao search`, Datasette's own inside
its SQL functions).
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from extractors.doctypes import DocType
from extractors.issuers import issuer_key

from .query import Concept, Query
from ..dbfile import DatabaseFileError, connect_readonly

CANDIDATES = 100          # rows each FTS index hands to the scorer
CITED_CONTEXTS = 200      # citation lines read for the candidates
OWN_TEXT_CHARS = 1500     # head of an ingested document's text scored as its own words
RANKED_WINDOW = 2000      # newest matching reports ranked by bm25 (citations: twice as many)
FTS_TABLES = ("documents_fts", "reports_fts", "citations_fts")


# One read-only opener for every read command (pipeline/dbfile.py), under search's names.
DatabaseUnavailable = DatabaseFileError
open_readonly = connect_readonly


def prepare(conn: sqlite3.Connection) -> None:
    """SQL functions and the fts5vocab tables search reads (temp: nothing is written to the file),
    once per connection. Datasette's plugin prepares its connections when it opens them: neither
    can be done while a statement runs (the search inside a canned query)."""
    if conn.execute("select 1 from temp.sqlite_master where name = 'baocao_vocab_citations_fts'").fetchone():
        return      # (the last thing prepare makes)
    conn.create_function("baocao_issuer_key", 1, issuer_key, deterministic=True)
    for fts in FTS_TABLES:
        conn.execute(f"create virtual table if not exists temp.[baocao_vocab_{fts}] "
                     f"using fts5vocab(main, [{fts}], row)")


def row_total(conn: sqlite3.Connection, table: str) -> int:
    """About how many rows `table` has: its largest rowid (rows are never renumbered)."""
    return conn.execute(f"select max(rowid) from [{table}]").fetchone()[0] or 1


def document_frequencies(conn: sqlite3.Connection, fts: str, terms) -> dict[str, int]:
    """Rows of `fts` holding each indexed syllable among `terms` (absent terms are left out)."""
    terms = sorted(set(terms))
    if not terms:
        return {}
    marks = ",".join("?" * len(terms))
    return dict(conn.execute(f"select term, doc from temp.[baocao_vocab_{fts}] where term in ({marks})", terms))


def indexed(conn: sqlite3.Connection, terms) -> dict[str, int]:
    """Indexed syllables among `terms`, with the number of documents holding each (or of
    reports, for a syllable no document has: the reports' doclists are the long ones)."""
    found = document_frequencies(conn, "documents_fts", terms)
    found.update(document_frequencies(conn, "reports_fts", set(terms) - set(found)))
    return found


def _phrase(forms) -> str:
    """An FTS5 expression on the folded column: any of the phrases. Syllables are [^\\W_]+,
    so quoting them is enough to keep user input from ever being FTS syntax."""
    return "(" + " OR ".join('"' + " ".join(f) + '"' for f in forms) + ")"


def match_expressions(concepts: list[Concept]) -> list[str]:
    """FTS5 expressions, most demanding first: every concept, then every concept but one.
    Rows holding all the words come first; a row missing one word can still be the answer."""
    phrases = [_phrase(c.forms) for c in concepts]
    if not phrases:
        return []
    expressions = ["search_text : (" + " AND ".join(phrases) + ")"]
    if len(phrases) > 1:
        expressions += ["search_text : (" + " AND ".join(phrases[:i] + phrases[i + 1:]) + ")"
                        for i in range(len(phrases))]
    return expressions


@dataclass(frozen=True)
class Filters:
    doc_type: DocType | None = None
    year: int | None = None
    issuer: str | None = None

    def sql(self, alias: str, kind_column: str) -> tuple[str, dict]:
        """Conditions on the row `alias` (documents or reports), and their parameters."""
        where, params = [], {}
        if self.doc_type:
            # The store writes the canonical code and name ("KH", "Kế hoạch"): compared as stored,
            # an index can answer and no function runs per row.
            where.append(f"({alias}.type_code = :type_code or {alias}.{kind_column} = :type_name)")
            params.update(type_code=self.doc_type.code or self.doc_type.name, type_name=self.doc_type.name)
        if self.year:
            where.append(f"{alias}.year = :year")
            params["year"] = self.year
        if self.issuer:
            where.append(f"baocao_issuer_key({alias}.issuer) like :issuer")
            params["issuer"] = f"%{issuer_key(self.issuer)}%"
        return "".join(f" and {w}" for w in where), params


def _ranked_ids(conn, sql: str, expressions: list[str], params: dict, limit: int,
                window: tuple[str, int] | None = None) -> list:
    """Rows of `sql` (with :q and :limit) for each expression in turn until `limit` are found.

    `window` (FTS table, rows): bm25 scores every row a MATCH finds, and common words find a
    share of the archive; with a window only the newest `rows` matches are ranked (`sql` takes
    :floor, the smallest rowid among them), so the cost stops growing with the archive. Older
    matches still come through the documents' own index and the citations."""
    found: dict = {}
    for expression in expressions:
        bound = {**params, "q": expression, "limit": limit, "floor": 0}
        if window:
            fts, rows = window
            bound["floor"] = conn.execute(
                f"select min(rowid) from (select rowid from [{fts}] where [{fts}] match :q "
                f"order by rowid desc limit {rows})", {"q": expression}).fetchone()[0] or 0
        for row in conn.execute(sql, bound):
            found.setdefault(row[0], row)
        if len(found) >= limit:
            break
    return list(found.values())[:limit]


def ranked_reports(conn, query: Query, filters: Filters) -> list[int]:
    """Ids of the reports best matching the query's words, bm25 first; a copy of a report
    (`reports.copy_of`) is left out, its original answers. Read once per search: ranking long
    texts is the costliest read; documents and passages both use it."""
    expressions = match_expressions(query.of_kind("topic", "reference"))
    if not expressions:
        return []
    where, params = filters.sql("r", "kind")
    return [r[0] for r in _ranked_ids(conn, f"""
        select r.id from reports_fts join reports r on r.id = reports_fts.rowid
        where reports_fts match :q and reports_fts.rowid >= :floor and r.copy_of is null {where}
        order by bm25(reports_fts) limit :limit""",
        expressions, params, CANDIDATES, window=("reports_fts", RANKED_WINDOW))]


def document_candidates(conn, query: Query, filters: Filters,
                        report_ids: list[int]) -> tuple[set[int], dict[int, list[str]]]:
    """Ids of documents worth scoring, and the citation lines (context) the citation index
    returned for them: from the documents' own fields, their ingested text (`report_ids`, the
    ranked reports), the lines citing them, and their number."""
    where, params = filters.sql("d", "doc_type")
    topics = query.of_kind("topic", "reference")
    expressions = match_expressions(topics or query.of_kind("year"))
    ids: set[int] = set()
    contexts: dict[int, list[str]] = defaultdict(list)
    if expressions:
        ids |= {r[0] for r in _ranked_ids(conn, f"""
            select d.id from documents_fts join documents d on d.id = documents_fts.rowid
            where documents_fts match :q {where} order by bm25(documents_fts) limit :limit""",
            expressions, params, CANDIDATES)}
        for _, doc_id, context in _ranked_ids(conn, f"""
                select c.id, c.document_id, c.context from citations_fts
                join citations c on c.id = citations_fts.rowid join documents d on d.id = c.document_id
                where citations_fts match :q and citations_fts.rowid >= :floor {where}
                order by bm25(citations_fts) limit :limit""",
                expressions, params, CITED_CONTEXTS, window=("citations_fts", 2 * RANKED_WINDOW)):
            ids.add(doc_id)
            contexts[doc_id].append(context or "")
    if report_ids:
        reports = {f"r{i}": rid for i, rid in enumerate(report_ids)}
        ids |= {r[0] for r in conn.execute(
            f"select d.id from documents d where d.report_id in ({', '.join(':' + k for k in reports)}) {where}",
            {**reports, **params})}
    numbers = sorted({f[0] for c in query.of_kind("number") for f in c.forms})
    if numbers:
        # "204" is also written "0204", "00204": the index on documents.number answers each form.
        forms = {f"n{i}": form for i, form in enumerate(sorted({"0" * zeros + n for n in numbers
                                                                  for zeros in range(4)}))}
        ids |= {r[0] for r in conn.execute(
            f"select d.id from documents d where d.number in ({', '.join(':' + k for k in forms)}) {where} "
            "limit :limit", {**forms, **params, "limit": CANDIDATES})}
    return ids, contexts


def latest_documents(conn, filters: Filters, limit: int) -> list[int]:
    """Only a type (or year, issuer) asked: that kind of document, newest first."""
    where, params = filters.sql("d", "doc_type")
    return [r[0] for r in conn.execute(f"select d.id from documents d where 1 {where} "
                                       "order by d.date desc limit :limit", {"limit": limit, **params})]


@dataclass
class DocumentFields:
    """What a candidate document is scored on."""

    id: int
    ref: str
    number: str | None
    type_code: str | None
    doc_type: str | None
    date: str | None
    year: int | None
    year_in_number: int | None
    issuer: str | None
    subject: str | None
    report_path: str | None
    report_title: str | None
    report_place: str | None
    report_year: int | None
    own_text: str | None             # head of the ingested document's text


def document_fields(conn, ids) -> list[DocumentFields]:
    ids = sorted(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [DocumentFields(*row) for row in conn.execute(
        f"""select d.id, d.ref, d.number, d.type_code, d.doc_type, d.date, d.year, d.year_in_number,
                   d.issuer, d.subject, f.path, r.title, r.place, r.year, substr(r.text, 1, {OWN_TEXT_CHARS})
            from documents d left join reports r on r.id = d.report_id left join files f on f.id = r.file_id
            where d.id in ({marks})""", ids)]


def cited_in(conn, document_id: int, limit: int) -> tuple[list[dict], int, int]:
    """The first `limit` lines citing a document (file, line, page, context), how many lines
    cite it and in how many reports. A copy of a report (`reports.copy_of`: the same report
    read from another file) is left out, as Datasette's counts leave it out."""
    rows = [{"path": path, "line": line, "page": page, "context": context}
            for path, line, page, context in conn.execute(
                """select f.path, c.line, c.page, c.context from citations c
                   join reports r on r.id = c.report_id join files f on f.id = r.file_id
                   where c.document_id = ? and r.copy_of is null order by f.path, c.line limit ?""",
                [document_id, limit])]
    lines, reports = conn.execute(
        """select count(*), count(distinct c.report_id) from citations c join reports r on r.id = c.report_id
           where c.document_id = ? and r.copy_of is null""", [document_id]).fetchone()
    return rows, lines, reports


def report_texts(conn, report_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, path, text) of the given reports, in the order given."""
    return [conn.execute("select r.id, f.path, r.text from reports r join files f on f.id = r.file_id "
                         "where r.id = ?", [rid]).fetchone() for rid in report_ids]
