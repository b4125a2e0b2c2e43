"""Assignments in Datasette (through its ASGI client): the facets on role and unit_key, the
questions "Đơn vị nào làm gì?" and "Việc sắp đến hạn", the plan linked, the review page."""
from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.serve import datasette_instance
from tests.seeds import seed_path

DATA = Path(__file__).parent / "data" / "assignments"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plans")
    for source in (seed_path("002"), DATA / "quyet_dinh_ubnd_huyen.txt", DATA / "ke_hoach_so_y_te.txt"):
        shutil.copy(source, folder)
    path = folder.parent / "reports.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def get(db_path):
    ds = datasette_instance(db_path)

    def fetch(path: str):
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == 200, (path, response.text[:500])
        return response.json() if ".json" in path.split("?")[0] else response.text

    return fetch


def test_assignment_units_have_facets_on_role_and_unit_key(get):
    body = get("/reports/assignment_units.json?_size=0")
    facets = body["facet_results"]
    facets = facets.get("results", facets)      # (Datasette 1.0 nests them)
    assert {"role", "unit_key"} <= set(facets)
    roles = {v["value"]: v["count"] for v in facets["role"]["results"]}
    assert set(roles) == {"lead", "coordinating"}
    keys = {v["value"] for v in facets["unit_key"]["results"]}
    assert "ủy ban nhân dân các xã, phường" in keys          # "UBND các xã, phường" under its key


def test_a_body_s_tasks_across_plans(get, db_path):
    rows = get("/reports/nhiem_vu_cua_co_quan.json?_shape=array&co_quan=" + quote("phong van hoa va thong tin")
               + "&vai_tro=")
    with sqlite3.connect(db_path) as conn:
        expected = conn.execute("select count(*) from assignment_units where unit_key = 'phòng văn hóa và thông tin'"
                                ).fetchone()[0]
    assert len(rows) == expected > 10
    assert {r["Vai trò"] for r in rows} == {"chủ trì", "phối hợp"}
    assert [r["Vai trò"] for r in rows] == sorted((r["Vai trò"] for r in rows), key=lambda v: v != "chủ trì")
    # typed as an abbreviation, with the role filtered
    lead_only = get("/reports/nhiem_vu_cua_co_quan.json?_shape=array&co_quan=" + quote("UBND các xã")
                    + "&vai_tro=" + quote("chủ trì"))
    assert {r["Cơ quan"] for r in lead_only} == {"UBND các xã, phường", "UBND các xã, thị trấn",
                                                 "Chủ tịch UBND các xã, phường"}
    assert {r["Vai trò"] for r in lead_only} == {"chủ trì"}


def test_the_plan_is_linked(get, db_path):
    page = get("/reports/nhiem_vu_cua_co_quan?co_quan=" + quote("Phòng Nội vụ huyện") + "&vai_tro=")
    with sqlite3.connect(db_path) as conn:
        report_id = conn.execute("select r.id from reports r join files f on f.id = r.file_id "
                                 "where f.path = 'quyet_dinh_ubnd_huyen.txt'").fetchone()[0]
    assert f'<a href="/reports/reports/{report_id}">88/QĐ-UBND</a>' in page
    assert f'href="/-/review/reports/{report_id}"' in page


def test_tasks_due_this_year_or_earlier(get, db_path):
    rows = get("/reports/viec_sap_den_han.json?_shape=array")
    this_year = dt.date.today().year
    assert rows and all(r["Hạn (năm)"] <= this_year for r in rows)
    assert [r["Hạn (năm)"] for r in rows] == sorted(r["Hạn (năm)"] for r in rows)
    with sqlite3.connect(db_path) as conn:
        due = conn.execute("select count(*) from assignments where deadline_year <= ?", [this_year]).fetchone()[0]
    assert len(rows) == due


def test_the_review_page_marks_assignments(get, db_path):
    with sqlite3.connect(db_path) as conn:
        report_id = conn.execute("select r.id from reports r join files f on f.id = r.file_id "
                                 "where f.path = 'quyet_dinh_ubnd_huyen.txt'").fetchone()[0]
    page = get(f"/-/review/reports/{report_id}")
    assert page.count('<span class="entity-label">NHIỆM VỤ') == 7
    assert "chủ trì: Phòng Nội vụ huyện · phối hợp: Văn phòng HĐND và UBND huyện" in page


@pytest.mark.parametrize("query", ["phong noi vu", "Phòng Nội vụ", "uy ban nhan dan cac xa"])
def test_the_assignments_search_box(get, query):
    """Datasette's search box on assignments: without diacritics, and "ủy ban nhân dân" finds "UBND"."""
    rows = get("/reports/assignments.json?_shape=array&_search=" + quote(query))
    assert rows
    units = " ".join(r["lead_units"] + r["coordinating_units"] for r in rows)
    wanted = {"phong noi vu": "Phòng Nội vụ", "Phòng Nội vụ": "Phòng Nội vụ", "uy ban nhan dan cac xa": "UBND các xã"}
    assert wanted[query] in units
