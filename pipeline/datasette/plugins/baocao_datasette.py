"""Datasette plugin shipped with baocao (loaded by `baocao serve` through --plugins-dir).

- SQL functions `fold(text)` and `fts_query(text)`, so canned queries can take a
  Vietnamese topic with or without diacritics: `documents_fts match fts_query(:chu_de)`;
  `vn_number(x)` writes a number the Vietnamese way (8962.46 -> "8.962,46").
- A review page per report, `/-/review/<database>/<report id>`: the report's text with
  every extracted reference, indicator and money amount highlighted (pipeline.review).
- A "xem đánh dấu" link beside each report's title, leading to that page.
- A style sheet (/-/baocao.css): compact column descriptions, the review page's marks.
"""
from __future__ import annotations


from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from extractors.numbers import format_number
from extractors.text import fold
from pipeline.review import REVIEW_CSS, report_review
from pipeline.search import syllables


def fts_query(query: str | None) -> str:
    """An FTS5 query for every word of `query`, folded and quoted: never FTS syntax, never empty
    (an empty phrase matches nothing, where an empty query would be an error)."""
    words = syllables(query or "")
    return " ".join(f'"{w}"' for w in words) or '""'


@hookimpl
def prepare_connection(conn):
    conn.create_function("fold", 1, lambda s: fold(s) if s is not None else None, deterministic=True)
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("vn_number", 1, lambda x: format_number(x) if x is not None else None, deterministic=True)


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


@hookimpl
def register_routes():
    return [
        (r"^/-/review/(?P<database>[^/]+)/(?P<report_id>\d+)$", review_view),
        (r"^/-/baocao\.css$", css_view),
    ]
