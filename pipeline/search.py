"""Full-text search over the database, with or without diacritics.

Every searchable row carries `search_text`: its text folded (tone marks removed,
đ -> d, lower case). SQLite's unicode61 tokenizer removes tone marks but keeps
đ, so a folded query matches the folded column and a query typed with
diacritics still matches the original columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlite_utils

from extractors.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)


def index_text(*parts: str | None) -> str:
    """The folded text stored in `search_text` for the given columns."""
    return fold(" ".join(p for p in parts if p))


def fts_query(query: str) -> str | None:
    """A safe FTS5 query: every word quoted, so user input is never FTS syntax."""
    words = _WORD.findall(fold(query))
    return " ".join(f'"{w}"' for w in words) or None


@dataclass
class DocumentHit:
    ref: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    cited_in: list[dict] = field(default_factory=list)   # {"path", "line", "context"}


@dataclass
class PassageHit:
    path: str
    line: int | None
    snippet: str


def search(db: sqlite_utils.Database, query: str, type_code: str | None = None, limit: int = 10):
    """Documents whose reference, type, subject or issuer match, best first; then report passages."""
    match = fts_query(query)
    if not match:
        return [], []
    where, params = ["documents_fts match :q"], {"q": match, "limit": limit}
    if type_code:
        where.append("(d.type_code = :type or d.doc_type = :type)")
        params["type"] = type_code
    rows = db.execute(
        f"""
        select d.id, d.ref, d.doc_type, d.date, d.issuer, d.subject
        from documents_fts join documents d on d.rowid = documents_fts.rowid
        where {' and '.join(where)}
        order by bm25(documents_fts), d.date desc
        limit :limit
        """,
        params,
    ).fetchall()
    documents = []
    for doc_id, ref, doc_type, date, issuer, subject in rows:
        cited = [
            {"path": path, "line": line, "context": context}
            for path, line, context in db.execute(
                """
                select f.path, c.line, c.context from citations c
                join reports r on r.id = c.report_id join files f on f.id = r.file_id
                where c.document_id = ? order by f.path, c.line
                """,
                [doc_id],
            )
        ]
        documents.append(DocumentHit(ref, doc_type, date, issuer, subject, cited))
    passages = [
        PassageHit(path, line, snippet)
        for path, line, snippet in db.execute(
            """
            select f.path, c.line, snippet(citations_fts, 1, '[', ']', '…', 12)
            from citations_fts join citations c on c.rowid = citations_fts.rowid
            join reports r on r.id = c.report_id join files f on f.id = r.file_id
            where citations_fts match :q order by bm25(citations_fts) limit :limit
            """,
            {"q": match, "limit": limit},
        )
    ]
    return documents, passages
