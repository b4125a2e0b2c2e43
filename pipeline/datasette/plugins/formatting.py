"""Datasette plugin: the database's figures as a Vietnamese analyst reads them (loaded by `baocao serve`).

Only the HTML changes; JSON and CSV keep the raw values (amounts in đồng as integers, ISO dates):
- money in đồng as "8.962,46 triệu đồng" (from a million up) or "50.000 đồng", other figures with
  "." grouping thousands and "," before decimals ("61,4%", "1.050");
- ISO dates as dd/mm/yyyy ("2022-12-22" -> "22/12/2022");
- a report's full text collapsed under a summary line (its extractions come first on its page:
  templates/row.html);
- folded `search_text` columns hidden (they exist for diacritic-free search, not for reading);
- in the plan question (canned query `ke_hoach_de_cap`), the reference links to the document's page
  and each citing report to its own page.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from extractors.numbers import format_number

MILLION = 1_000_000
# Columns holding money in đồng (table, column); indicators' values are money when their unit is "đồng".
MONEY_COLUMNS = {("budget_lines", "amount_vnd")}
INDICATOR_FIGURES = {"value", "numerator", "denominator", "value_high"}
# Canned-query columns, named in Vietnamese: an amount in đồng, a date, the plan question's links.
QUERY_MONEY_COLUMN = re.compile(r"\(đồng\)$")
QUERY_DATE_COLUMNS = {"Ngày", "Ngày ban hành"}
DOCUMENT_REF_COLUMN = "Số hiệu"
CITING_REPORTS_COLUMN = "Báo cáo trích dẫn"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

_CSS = """
.col-search_text { display: none; }
details.baocao-text summary { cursor: pointer; color: #555; }
details.baocao-text pre { white-space: pre-wrap; font-family: inherit; max-height: 40em; overflow: auto; }
h2.baocao-extractions { margin-top: 0.5em; }
"""


def vn_money(vnd: float) -> str:
    """8_962_460_000 -> "8.962,46 triệu đồng"; 50_000 -> "50.000 đồng"."""
    if abs(vnd) >= MILLION:
        return f"{format_number(round(vnd / MILLION, 3))} triệu đồng"
    return f"{format_number(vnd)} đồng"


def vn_date(iso: str) -> str | None:
    """"2022-12-22" -> "22/12/2022"; None for anything else."""
    m = ISO_DATE.match(iso)
    return f"{m[3]}/{m[2]}/{m[1]}" if m else None


def _display(row, value, column: str, table: str | None, database: str, datasette) -> str | Markup | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if (table, column) in MONEY_COLUMNS:
            return vn_money(value)
        if table == "indicators" and column in INDICATOR_FIGURES:
            unit = _get(row, "unit")
            if unit == "đồng":
                return vn_money(value)
            return f"{format_number(value)}%" if unit == "%" and column != "numerator" and column != "denominator" \
                else format_number(value)
        if table is None and QUERY_MONEY_COLUMN.search(column):
            return format_number(value)
        return None
    if not isinstance(value, str):
        return None
    if column == "date" or (table is None and column in QUERY_DATE_COLUMNS):
        return vn_date(value)
    if table == "reports" and column == "text":
        lines = value.count("\n") + 1
        return Markup(f'<details class="baocao-text"><summary>Toàn văn: {lines} dòng, bấm để mở '
                      f'(full text, click to open)</summary><pre>{escape(value)}</pre></details>')
    if table is None and column == DOCUMENT_REF_COLUMN and value[:1].isdigit():   # (not the hint row)
        url = datasette.urls.table(database, "documents") + "?ref__exact=" + quote(value)
        return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
    if table is None and column == CITING_REPORTS_COLUMN and value.startswith("["):
        return _report_links(value, database, datasette)
    return None


def _report_links(value: str, database: str, datasette) -> Markup | None:
    """A JSON list of {"id", "label"} -> links to each report's page, separated by "; "."""
    try:
        reports = json.loads(value)
    except ValueError:
        return None
    links = [f'<a href="{escape(datasette.urls.row(database, "reports", str(r["id"])))}">{escape(r["label"])}</a>'
             for r in reports if isinstance(r, dict) and "id" in r]
    return Markup("; ".join(links))


def _get(row, key: str):
    try:
        return row[key]
    except (KeyError, IndexError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return _display(row, value, column, table, database, datasette)


# The money a document's budget lines add up to, and the reports citing it: each report once
# (copies in another form left out), table totals left out.
_DOCUMENT_MONEY = """
    select count(*), sum(amount_vnd) from budget_lines
    where document_id = ? and status != 'total' and amount_vnd is not null
      and report_id in (select id from reports where copy_of is null)
"""
_DOCUMENT_CITING = """
    select count(distinct report_id), count(*) from citations
    where document_id = ? and report_id in (select id from reports where copy_of is null)
"""


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    """On a document's page: the money its budget lines add up to (`baocao_money`) and how many
    distinct reports cite it (`baocao_citing`; Datasette's own link counts every copy's rows)."""
    if view_name != "row" or table != "documents" or request is None:
        return {}

    async def facts():
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return {}
        db = datasette.get_database(database)
        n, vnd = (await db.execute(_DOCUMENT_MONEY, [int(pks)])).first()
        reports, mentions = (await db.execute(_DOCUMENT_CITING, [int(pks)])).first()
        return {"baocao_money": f"{n} khoản, {vn_money(vnd)}" if n else None,
                "baocao_citing": f"{reports} báo cáo, {mentions} lần" if reports else None}

    return facts


async def formatting_css(request, datasette):
    return Response(_CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/baocao-formatting.css")]


@hookimpl
def register_routes():
    return [(r"^/-/baocao-formatting\.css$", formatting_css)]
