"""The Datasette face of the database: metadata, search without diacritics, canned queries,
the chart, the review link. Driven through Datasette's own ASGI client (no port needed);
tests/test_browser.py drives the real server in Chromium."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest

from extractors.numbers import parse_number
from pipeline.serve import datasette_instance, load_metadata
from seeds import ingest_seeds



@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    return ingest_seeds(tmp_path_factory.mktemp("datasette") / "reports.db")


@pytest.fixture(scope="module")
def get(seed_db):
    """GET a path from the Datasette serving `seed_db`: (status, decoded JSON or text)."""
    ds = datasette_instance(seed_db)

    def fetch(path: str):
        response = asyncio.run(ds.client.get(path))
        body = response.json() if ".json" in path.split("?")[0] else response.text
        return response.status_code, body

    return fetch


@pytest.mark.parametrize("query", ["thu vien", "thư viện", "THƯ VIỆN", "ngành thư viện"])
def test_the_documents_search_box_finds_the_library_plan_with_or_without_diacritics(get, query):
    status, body = get(f"/reports/documents.json?_search={quote(query)}&_shape=array&_col=ref")
    assert status == 200
    assert "3225/KH-UBND" in [row["ref"] for row in body]


@pytest.mark.parametrize("query", ["duc pho", "Đức Phổ", "đức pho"])
def test_search_folds_d_stroke_both_ways(get, query):
    # unicode61 keeps đ, so "duc pho" only matches through the folded search_text column.
    status, body = get(f"/reports/documents.json?_search={quote(query)}&_shape=objects&_col=issuer&_size=max")
    assert status == 200
    assert body["filtered_table_rows_count"] > 0
    assert any("Đức Phổ" in (row["issuer"] or "") for row in body["rows"])


def test_a_word_found_nowhere_finds_nothing(get):
    status, body = get("/reports/documents.json?_search=xyzzyq&_shape=array")
    assert (status, body) == (200, [])


@pytest.mark.parametrize("table", ["documents", "reports", "citations", "indicators", "budget_lines"])
def test_every_searchable_table_has_its_search_box(get, table):
    status, page = get(f"/reports/{table}")
    assert status == 200
    assert 'name="_search"' in page


@pytest.mark.parametrize("table, query, column, expected", [
    ("reports", "thu vien", None, None),
    ("citations", "thu vien", "text_as_written", "3225/KH-UBND"),
    ("budget_lines", "ngan sach", None, None),
    ("indicators", "ho so", None, None),
])
def test_search_without_diacritics_works_in_each_table(get, table, query, column, expected):
    status, body = get(f"/reports/{table}.json?_search={quote(query)}&_shape=objects&_size=max")
    assert status == 200
    assert body["filtered_table_rows_count"] > 0
    if expected:
        assert any(expected in (row[column] or "") for row in body["rows"])


def test_the_plan_question_ranks_the_library_plan_first(get, seed_db):
    status, rows = get(f"/reports/ke_hoach_de_cap.json?chu_de={quote('thư viện')}&_shape=array")
    assert status == 200
    first = rows[0]
    assert first["Số hiệu"] == "3225/KH-UBND"
    assert first["Ngày"] == "2022-12-22"
    assert first["Cơ quan ban hành"] == "UBND thị xã Đức Phổ"
    assert "chuyển đổi số ngành thư viện" in first["Trích yếu"]
    assert first["Số lần trích dẫn"] >= 2
    assert "000_34c2b11754aa651e.txt" in first["Báo cáo trích dẫn"]
    with sqlite3.connect(seed_db) as conn:
        kinds = {conn.execute("select coalesce(type_code, doc_type) from documents where ref = ?", [r["Số hiệu"]])
                 .fetchone()[0] for r in rows}
    assert kinds <= {"KH", "Kế hoạch"}


def test_the_plan_question_is_the_same_without_diacritics(get):
    _, with_marks = get(f"/reports/ke_hoach_de_cap.json?chu_de={quote('thư viện')}&_shape=array")
    _, without = get("/reports/ke_hoach_de_cap.json?chu_de=thu+vien&_shape=array")
    assert without == with_marks


@pytest.mark.parametrize("topic", ["", "   ", '"', "AND", "*"])
def test_the_plan_question_with_an_empty_or_syntax_topic_is_empty_not_an_error(get, topic):
    status, rows = get(f"/reports/ke_hoach_de_cap.json?chu_de={quote(topic)}&_shape=array")
    assert (status, rows) == (200, [])


def test_budget_by_year_adds_up_to_the_budget_lines(get, seed_db):
    status, rows = get("/reports/kinh_phi_theo_nam.json?_shape=array&_size=max")
    assert status == 200
    with sqlite3.connect(seed_db) as conn:
        expected = dict(conn.execute(
            "select status, sum(amount_vnd) from budget_lines where status != 'total' group by status"))
    totals = {row["Trạng thái"]: row["Số tiền (đồng)"] for row in rows if row["Năm"] == "Tổng cộng"}
    assert totals == {{"spent": "đã chi", "planned": "dự kiến"}[k]: v for k, v in expected.items()}
    by_year = [row for row in rows if row["Năm"] != "Tổng cộng"]
    for status_vi, total in totals.items():
        assert sum(r["Số tiền (đồng)"] for r in by_year if r["Trạng thái"] == status_vi) == total
    assert rows[-1]["Năm"] == "Tổng cộng"


def test_budget_by_year_writes_millions_the_vietnamese_way(get):
    _, rows = get("/reports/kinh_phi_theo_nam.json?_shape=array&_size=max")
    assert rows
    for row in rows:
        assert parse_number(row["Số tiền (triệu đồng)"]) * 1_000_000 == pytest.approx(row["Số tiền (đồng)"], abs=500)
        assert "," not in row["Số tiền (triệu đồng)"] or row["Số tiền (triệu đồng)"].count(",") == 1


def test_indicators_of_a_report_by_file_name_or_id(get, seed_db):
    with sqlite3.connect(seed_db) as conn:
        report_id, n = conn.execute(
            "select r.id, count(i.id) from reports r join files f on f.id = r.file_id "
            "join indicators i on i.report_id = r.id where f.path like '%000_34c2b11754aa651e.txt' group by r.id"
        ).fetchone()
    _, by_name = get("/reports/chi_tieu_cua_bao_cao.json?bao_cao=000_34c2b11754aa651e&_shape=array&_size=max")
    _, by_id = get(f"/reports/chi_tieu_cua_bao_cao.json?bao_cao={report_id}&_shape=array&_size=max")
    assert len(by_name) == n > 0
    assert by_id == by_name
    assert [r["Dòng"] for r in by_name] == sorted(r["Dòng"] for r in by_name)
    assert {r["Loại"] for r in by_name} <= {"kết quả", "mục tiêu"}


def test_most_cited_documents_come_first(get, seed_db):
    _, rows = get("/reports/van_ban_trich_dan_nhieu_nhat.json?_shape=array&_size=max")
    counts = [r["Số lần trích dẫn"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    with sqlite3.connect(seed_db) as conn:
        top_ref, top_count = conn.execute(
            "select d.ref, count(*) from citations c join documents d on d.id = c.document_id "
            "group by d.id order by count(*) desc limit 1").fetchone()
    assert rows[0]["Số lần trích dẫn"] == top_count
    assert top_ref in [r["Số hiệu"] for r in rows if r["Số lần trích dẫn"] == top_count]


def test_canned_queries_are_titled_in_vietnamese(get):
    _, body = get("/reports.json")
    titles = {q["name"]: q["title"] for q in body["queries"]}
    assert titles == {
        "ke_hoach_de_cap": "Kế hoạch nào đề cập đến …?",
        "kinh_phi_theo_nam": "Kinh phí theo năm",
        "chi_tieu_cua_bao_cao": "Các chỉ tiêu của một báo cáo",
        "van_ban_trich_dan_nhieu_nhat": "Văn bản được trích dẫn nhiều nhất",
        "nhiem_vu_cua_co_quan": "Đơn vị nào làm gì? — Nhiệm vụ của một cơ quan",
        "viec_sap_den_han": "Việc sắp đến hạn",
    }


def test_foreign_keys_show_labels(get):
    _, body = get("/reports/citations.json?_labels=on&_shape=array&_size=200")
    labelled = [row["document_id"] for row in body if isinstance(row["document_id"], dict)]
    assert {"value", "label"} <= set(labelled[0])
    assert "3225/KH-UBND" in {d["label"] for d in labelled}
    _, documents = get("/reports/documents.json?_labels=on&_shape=array&ref__exact=3225/KH-UBND")
    assert documents and documents[0]["ref"] == "3225/KH-UBND"


def test_facets_are_configured(get):
    expected = {
        "documents": {"doc_type", "type_code", "year", "issuer"},
        "reports": {"kind", "type_code", "year", "issuer"},
        "indicators": {"kind", "unit", "year"},
        "budget_lines": {"year", "status", "source_of_funds"},
    }
    for table, facets in expected.items():
        _, body = get(f"/reports/{table}.json?_size=0")
        assert set(body["facet_results"]) == facets, table


def test_every_column_of_the_contract_is_described_in_vietnamese_and_english(seed_db):
    metadata = load_metadata()
    tables = metadata["databases"]["reports"]["tables"]
    with sqlite3.connect(seed_db) as conn:
        for table in ["files", "reports", "documents", "citations", "indicators", "budget_lines", "tables"]:
            columns = [row[1] for row in conn.execute(f"pragma table_info([{table}])") if row[1] != "id"]
            described = tables[table]["columns"]
            assert set(columns) <= set(described), (table, set(columns) - set(described))
            for column, text in described.items():
                assert "(" in text and text.rstrip().endswith(")"), (table, column)  # "… (English gloss)"


def test_metadata_follows_the_database_name(tmp_path, seed_db):
    metadata = load_metadata("bao_cao_2024")
    assert set(metadata["databases"]) == {"bao_cao_2024"}
    assert 'href="/bao_cao_2024/ke_hoach_de_cap"' in metadata["description_html"]
    charts = metadata["plugins"]["datasette-dashboards"]["kinh-phi"]["charts"].values()
    assert {c["db"] for c in charts if "db" in c} == {"bao_cao_2024"}
    renamed = tmp_path / "bao_cao_2024.db"
    renamed.write_bytes(seed_db.read_bytes())
    ds = datasette_instance(renamed)
    response = asyncio.run(ds.client.get("/bao_cao_2024/ke_hoach_de_cap.json?chu_de=thu+vien&_shape=array"))
    assert response.json()[0]["Số hiệu"] == "3225/KH-UBND"


def test_the_database_is_immutable_and_has_no_write_endpoint(get, seed_db):
    _, databases = get("/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("reports", False)]
    _, before = get("/reports/documents.json?_size=0")
    ds = datasette_instance(seed_db)
    response = asyncio.run(ds.client.post("/reports/documents", data={"ref": "1/X"}))
    assert response.status_code >= 400
    status, _ = get("/reports.json?sql=" + quote("delete from documents"))
    assert status == 400
    _, after = get("/reports/documents.json?_size=0")
    assert after["filtered_table_rows_count"] == before["filtered_table_rows_count"] > 0


def test_the_budget_dashboard_is_served_with_its_charts(get):
    status, page = get("/-/dashboards/kinh-phi")
    assert status == 200
    for chart in ["theo-nam", "theo-nguon", "loai-van-ban"]:
        assert f"chart-{chart}" in page
    assert "vega-lite.min.js" in page


def test_each_chart_query_runs(get):
    charts = load_metadata()["plugins"]["datasette-dashboards"]["kinh-phi"]["charts"]
    for slug, chart in charts.items():
        status, rows = get("/reports.json?_shape=array&sql=" + quote(chart["query"]))
        assert status == 200 and rows, slug


def test_a_report_title_links_to_its_review_page(get):
    _, page = get("/reports/reports/1")
    assert 'href="/-/review/reports/1"' in page
    status, review = get("/-/review/reports/1")
    assert status == 200
    assert '<mark class="entity"' in review


def test_a_missing_report_has_no_review_page(get):
    status, _ = get("/-/review/reports/99999")
    assert status == 404


def test_rows_still_in_the_write_ahead_log_are_served(tmp_path, seed_db):
    # An immutable reader ignores reports.db-wal: serving folds the log into the file first.
    db = tmp_path / "reports.db"
    db.write_bytes(seed_db.read_bytes())
    writer = sqlite3.connect(db)
    writer.execute("pragma journal_mode = wal")
    writer.execute("pragma wal_autocheckpoint = 0")
    writer.execute("update documents set subject = 'thư viện số xyzzy' where ref = '3225/KH-UBND'")
    writer.commit()
    assert (tmp_path / "reports.db-wal").stat().st_size > 0
    try:
        ds = datasette_instance(db)
        response = asyncio.run(ds.client.get("/reports/documents.json?_search=xyzzy&_shape=array&_col=ref"))
        assert [row["ref"] for row in response.json()] == ["3225/KH-UBND"]
    finally:
        writer.close()


def test_live_mode_serves_the_database_read_only_but_not_immutable(seed_db):
    ds = datasette_instance(seed_db, live=True)
    databases = asyncio.run(ds.client.get("/-/databases.json")).json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("reports", True)]
    rows = asyncio.run(ds.client.get("/reports/documents.json?_search=thu+vien&_shape=array&_col=ref")).json()
    assert "3225/KH-UBND" in [row["ref"] for row in rows]
