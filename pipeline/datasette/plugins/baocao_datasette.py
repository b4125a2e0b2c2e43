"""Datasette plugin shipped with baocao (loaded by `baocao serve` through --plugins-dir).

- SQL functions `fold(text)` and `fts_query(text)`, so canned queries can take a
  Vietnamese topic with or without diacritics: `documents_fts match fts_query(:chu_de)`;
  `vn_number(x)` writes a number the Vietnamese way (8962.46 -> "8.962,46").
- `baocao_search(query, type, limit)`: the ids of the documents answering `query`, best first,
  as a JSON array — the same engine as `baocao search` (pipeline.search), so canned queries rank
  by relevance: `from json_each(baocao_search(:chu_de, 'KH', 50)) j join documents d on d.id = j.value
  order by j.key`. Its SQL runs on Datasette's connection, under `sql_time_limit_ms`.
- A search page, `/-/search/<database>?_search=…`: documents ranked by the same engine. The
  documents table's search box leads there (a table page can only sort by a column);
  `documents.json?_search=` stays Datasette's own all-words search for scripts.
- A review page per report, `/-/review/<database>/<report id>`: the report's text with
  every extracted reference, indicator and money amount highlighted (pipeline.review).
- A "xem đánh dấu" link beside each report's title, leading to that page.
- A style sheet (/-/baocao.css): compact column descriptions, the review page's marks.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from extractors.numbers import format_number
from extractors.text import fold
from pipeline import search as engine
from pipeline.review import REVIEW_CSS, report_review
from pipeline.search import syllables

# fold() is Python: one call on a huge value runs between two of SQLite's progress checks, past
# sql_time_limit_ms. Bounding each call bounds the time between checks (1 MB folds in ~0.1 s).
MAX_FOLD_CHARS = 1_000_000
SEARCH_LIMIT = 200           # most ids baocao_search returns


def fts_query(query: str | None) -> str:
    """An FTS5 query for every word of `query`, folded and quoted: never FTS syntax, never empty
    (an empty phrase matches nothing, where an empty query would be an error)."""
    words = syllables((query or "")[:engine.MAX_QUERY_CHARS])
    return " ".join(f'"{w}"' for w in words) or '""'


def bounded_fold(s: str | None) -> str | None:
    if s is None:
        return None
    if len(s) > MAX_FOLD_CHARS:
        raise ValueError(f"fold() takes at most {MAX_FOLD_CHARS:,} characters")
    return fold(s)


def search_ids(conn: sqlite3.Connection, query: str | None, type_code: str | None = None,
               limit: int | None = 50) -> str:
    """JSON array of document ids answering `query`, best first ([] for no answer)."""
    limit = max(1, min(int(limit or 50), SEARCH_LIMIT))
    return json.dumps(engine.ranked_document_ids(conn, query or "", type_code=type_code or None, limit=limit))


def folded_escape_fts(query: str | None) -> str:
    """Datasette's escape_fts of the folded query: the search boxes match the folded
    `search_text` column whatever was typed ("Đức Phổ" = "duc pho")."""
    from datasette.utils import escape_fts
    return escape_fts(fold((query or "")[:engine.MAX_QUERY_CHARS]))


@hookimpl(trylast=True)     # after Datasette's own functions: this escape_fts replaces its own
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, folded_escape_fts)
    conn.create_function("fold", 1, bounded_fold, deterministic=True)
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("vn_number", 1, lambda x: format_number(x) if x is not None else None, deterministic=True)
    try:
        engine.sql.prepare(conn)          # before any statement: temp vocabulary tables
    except sqlite3.DatabaseError:         # not a baocao database (no FTS tables): no search function
        return
    for n_args in (1, 2, 3):
        conn.create_function("baocao_search", n_args,
                             lambda *args: search_ids(conn, *args), deterministic=False)


# Datasette lists column descriptions one per two lines, pushing the rows off screen.
_TABLE_CSS = """
dl.column-descriptions { display: grid; grid-template-columns: max-content auto; gap: 0 1em; font-size: 0.85rem; }
dl.column-descriptions dt, dl.column-descriptions dd { margin: 0; }
a.baocao-review { font-size: 0.8em; white-space: nowrap; }
"""


async def css_view(request, datasette):
    return Response(_TABLE_CSS + REVIEW_CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/baocao.css")]


def review_path(datasette, database: str, report_id: int) -> str:
    return datasette.urls.path(f"/-/review/{database}/{report_id}")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table != "reports" or column != "title":
        return None
    link = review_path(datasette, database, row["id"])
    return Markup(f'{escape(value or "—")} <a class="baocao-review" href="{link}">xem đánh dấu</a>')


async def review_view(request, datasette):
    database = request.url_vars["database"]
    report_id = int(request.url_vars["report_id"])
    await datasette.ensure_permissions(
        request.actor, [("view-table", (database, "reports")), ("view-database", database), "view-instance"]
    )
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"Database not found: {database}")

    def document_url(document_id: int) -> str:
        return datasette.urls.row(database, "documents", document_id)

    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() else 1   # one page of lines per request: bounded work
    review = await db.execute_fn(lambda conn: report_review(conn, report_id, document_url=document_url, page=page))
    if review is None:
        raise NotFound(f"Report {report_id} not found")
    return Response.html(await datasette.render_template(
        "baocao_review.html",
        {"review": review, "database": database, "report_id": report_id,
         "report_url": datasette.urls.row(database, "reports", report_id)},
        request=request,
    ))


@contextmanager
def _time_limit(conn: sqlite3.Connection, ms: int):
    """Interrupt the search's SQL past `ms`, as Datasette does for its own queries."""
    deadline = time.monotonic() + ms / 1000
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 1000)


async def search_view(request, datasette):
    database = request.url_vars["database"]
    await datasette.ensure_permissions(
        request.actor, [("view-table", (database, "documents")), ("view-database", database), "view-instance"])
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"Database not found: {database}")
    text = request.args.get("_search") or request.args.get("q") or ""
    type_code = request.args.get("type") or None
    limit_ms = datasette.setting("sql_time_limit_ms")

    def run(conn):
        with _time_limit(conn, limit_ms):
            return engine.search(conn, text, type_code=type_code, limit=50, passages=False)

    error, results = None, None
    if text.strip():
        try:
            results = await db.execute_fn(run)
        except engine.QueryError as e:
            error = str(e)
        except sqlite3.OperationalError as e:
            error = ("tìm kiếm vượt quá thời gian cho phép · the search took longer than "
                     f"{limit_ms} ms" if "interrupt" in str(e) else str(e))
    rows = [{
        "hit": hit,
        "url": datasette.urls.row(database, "documents", hit.id),
    } for hit in (results.documents if results else [])]
    return Response.html(await datasette.render_template(
        "baocao_search.html",
        {"database": database, "query": text, "type_code": type_code or "", "results": results, "rows": rows,
         "error": error, "table_url": datasette.urls.table(database, "documents")
         + "?" + urlencode({"_search": text, "_table": "1"})},
        request=request,
    ))


def redirect_table_search(app):
    """The documents table's search box (HTML) answers from the search page, ranked."""
    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and scope.get("method") == "GET":
            parts = scope["path"].strip("/").split("/")
            args = parse_qs(scope.get("query_string", b"").decode("utf-8", "replace"))
            if (len(parts) == 2 and parts[1] == "documents" and args.get("_search", [""])[0].strip()
                    and not {"_table", "_sort", "_sort_desc", "_searchmode"} & set(args)):
                location = f"/-/search/{parts[0]}?" + urlencode({"_search": args["_search"][0]})
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", location.encode()), (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await app(scope, receive, send)
    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    return redirect_table_search


@hookimpl
def register_routes():
    return [
        (r"^/-/review/(?P<database>[^/]+)/(?P<report_id>\d+)$", review_view),
        (r"^/-/search/(?P<database>[^/]+)$", search_view),
        (r"^/-/baocao\.css$", css_view),
    ]
