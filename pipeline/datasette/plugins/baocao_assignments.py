"""Datasette plugin for plan assignments: the SQL function `unit_key_of` (the canned question
"Đơn vị nào làm gì?" matches a typed body name the way the store keys units: "UBND" =
"Ủy ban nhân dân", "Uỷ" = "Ủy"), and links from a question's plan column to the plan."""
from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from extractors.units import unit_key

# The column of the assignment questions that names the plan; the row's `report_id` says which.
PLAN_COLUMN = "Văn bản giao việc"


@hookimpl
def prepare_connection(conn):
    conn.create_function("unit_key_of", 1, lambda s: unit_key(s) if s is not None else None, deterministic=True)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column != PLAN_COLUMN or table is not None or "report_id" not in row.keys() or row["report_id"] is None:
        return None
    plan = datasette.urls.row(database, "reports", row["report_id"])
    review = datasette.urls.path(f"/-/review/{database}/{row['report_id']}")
    return Markup(f'<a href="{plan}">{escape(value or "—")}</a> '
                  f'<a class="baocao-review" href="{review}">xem đánh dấu</a>')
