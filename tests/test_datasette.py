"""The Datasette face of the database: metadata, search without diacritics, canned queries,
the chart, the review link. Driven through Datasette's own ASGI client (no port needed);
tests/test_browser.py drives the real server in Chromium."""
from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from extractors.numbers import format_number, parse_number
from pipeline.serve import PLUGINS_DIR, datasette_instance, load_metadata
from seeds import ingest_seeds

sys.path.insert(0, str(PLUGINS_DIR))
from formatting import vn_money  # noqa: E402  (a Datasette plugin file, loaded by path)



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


@pytest.mark.parametrize("topic", ['"', "AND", "*"])
def test_the_plan_question_with_a_syntax_topic_is_empty_not_an_error(get, topic):
    status, rows = get(f"/reports/ke_hoach_de_cap.json?chu_de={quote(topic)}&_shape=array")
    assert (status, rows) == (200, [])


@pytest.mark.parametrize("query, parameter, column", [
    ("ke_hoach_de_cap", "chu_de", "Số hiệu"),
    ("chi_tieu_cua_bao_cao", "bao_cao", "Chỉ tiêu"),
])
@pytest.mark.parametrize("value", ["", "   "])
def test_a_question_asked_with_nothing_says_what_to_type(get, query, parameter, column, value):
    status, rows = get(f"/reports/{query}.json?{parameter}={quote(value)}&_shape=array")
    assert status == 200 and len(rows) == 1           # no arbitrary rows
    assert rows[0][column].startswith("Nhập ") and parameter in rows[0][column]


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
        "budget_lines": {"year", "status", "source_key"},
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


# ---------------------------------------------------------------------------
# For analysts: every figure counts each report once; amounts and dates read the Vietnamese way.

FOUR_FORMS_SEED = "003_4c52c7ef9ddfe9f7"      # the seed with the fewest scanned pages (9)


def _ingest(files: list[Path], db_path: Path) -> Path:
    from click.testing import CliRunner
    from pipeline.cli import cli
    result = CliRunner().invoke(cli, ["ingest", *map(str, files), "--db", str(db_path), "-q"])
    assert result.exit_code == 0, result.output
    return db_path


@pytest.fixture(scope="module")
def one_report_in_four_forms(tmp_path_factory):
    """The same report as .txt, .docx, text-layer .pdf and scanned .pdf; and the .txt alone."""
    from pipeline.loaders import ocr
    if not ocr.available():
        pytest.skip(f"the scanned form needs Tesseract: {ocr.missing_reason()}")
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    base = tmp_path_factory.mktemp("four_forms")
    archive = base / "archive"                 # one folder, as an archivist keeps them
    for form in (f"{FOUR_FORMS_SEED}.txt", f"docx/{FOUR_FORMS_SEED}.docx", f"pdf/{FOUR_FORMS_SEED}.pdf",
                 f"scanned/{FOUR_FORMS_SEED}.pdf"):
        (archive / form).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus / form, archive / form)
    return (_ingest([archive], base / "reports.db"),
            _ingest([archive / f"{FOUR_FORMS_SEED}.txt"], base / "one" / "reports.db"))


# A document's best texts may come from any mention, a copy's OCR slips included ("chuyển đối số"):
# the figures and references are compared, not these.
_DOCUMENT_TEXTS = {"Trích yếu", "Cơ quan ban hành", "Loại"}


def _without_ids(rows: list[dict]) -> list[dict]:
    """Rows with the citing reports' ids and the documents' best texts left out (they differ between
    two databases)."""
    out = []
    for row in rows:
        row = {k: v for k, v in row.items() if k not in _DOCUMENT_TEXTS}
        citing = row.get("Báo cáo trích dẫn")
        if isinstance(citing, str) and citing.startswith("["):
            row["Báo cáo trích dẫn"] = [r["label"] for r in json.loads(citing)]
        out.append(row)
    return out


def _canned_and_chart_results(db_path: Path) -> dict[str, list]:
    ds = datasette_instance(db_path)
    metadata = load_metadata()
    results = {}
    parameters = {"ke_hoach_de_cap": "chu_de=" + quote("chuyển đổi số"), "chi_tieu_cua_bao_cao": "bao_cao=" + FOUR_FORMS_SEED}
    for name in metadata["databases"]["reports"]["queries"]:
        response = asyncio.run(ds.client.get(f"/reports/{name}.json?_shape=array&_size=max&{parameters.get(name, '')}"))
        assert response.status_code == 200, name
        results[name] = _without_ids(response.json())
    for slug, chart in metadata["plugins"]["datasette-dashboards"]["kinh-phi"]["charts"].items():
        response = asyncio.run(ds.client.get("/reports.json?_shape=array&sql=" + quote(chart["query"])))
        assert response.status_code == 200, slug
        results[slug] = response.json()
    return results


def test_one_report_in_four_forms_counts_once_in_every_question_and_chart(one_report_in_four_forms):
    four, one = one_report_in_four_forms
    with sqlite3.connect(four) as conn:
        assert conn.execute("select count(*), count(copy_of) from reports").fetchone() == (4, 3)
        assert conn.execute("select count(*) from budget_lines where status != 'total'").fetchone()[0] > 0
    in_four, alone = _canned_and_chart_results(four), _canned_and_chart_results(one)
    assert set(in_four) == set(alone)
    for name in in_four:
        assert in_four[name] == alone[name], name
    assert alone["van_ban_trich_dan_nhieu_nhat"] and alone["kinh_phi_theo_nam"] and alone["theo-nguon"]
    assert {row["Số báo cáo trích dẫn"] for row in in_four["van_ban_trich_dan_nhieu_nhat"]} == {1}


def test_search_counts_each_report_once(one_report_in_four_forms):
    """`baocao search` on the four forms answers as on the report alone: the same documents cited
    as many times, in one report, and each passage once."""
    from pipeline.search import open_readonly, search
    four, one = one_report_in_four_forms
    answers = []
    for db in (four, one):
        conn = open_readonly(db)
        try:
            results = search(conn, "chuyển đổi số", limit=20)
        finally:
            conn.close()
        assert results.documents
        answers.append(([(d.ref, d.cited_total, d.cited_reports, len(d.cited_in)) for d in results.documents],
                        [(p.line, p.text) for p in results.passages]))
    assert answers[0] == answers[1]
    assert {reports for _, _, reports, _ in answers[0][0]} <= {0, 1}
    assert any(lines > 0 for _, lines, _, _ in answers[0][0])


def test_a_documents_page_counts_the_reports_citing_it_once(one_report_in_four_forms):
    four, _ = one_report_in_four_forms
    with sqlite3.connect(four) as conn:
        doc_id, mentions_in_original = conn.execute(
            "select c.document_id, count(*) from citations c join reports r on r.id = c.report_id "
            "where r.copy_of is null group by c.document_id order by count(*) desc limit 1").fetchone()
    page = asyncio.run(datasette_instance(four).client.get(f"/reports/documents/{doc_id}")).text
    assert f"1 báo cáo, {mentions_in_original} lần" in page


def test_copies_stay_browsable(one_report_in_four_forms):
    four, _ = one_report_in_four_forms
    ds = datasette_instance(four)
    rows = asyncio.run(ds.client.get("/reports/reports.json?_shape=array&copy_of__notblank=1&_col=copy_of")).json()
    assert len(rows) == 3
    assert asyncio.run(ds.client.get(f"/reports/reports/{rows[0]['id']}")).status_code == 200


def test_amounts_and_dates_read_the_vietnamese_way_in_html_only(get, seed_db):
    with sqlite3.connect(seed_db) as conn:
        line_id, vnd = conn.execute(
            "select id, amount_vnd from budget_lines where amount_vnd >= 1000000 order by id limit 1").fetchone()
        doc_id, iso = conn.execute("select id, date from documents where date is not null order by id limit 1").fetchone()
    _, page = get(f"/reports/budget_lines/{line_id}")
    assert f"{format_number(round(vnd / 1e6, 3))} triệu đồng" in page
    _, raw = get(f"/reports/budget_lines/{line_id}.json?_shape=array")
    assert raw[0]["amount_vnd"] == vnd                      # JSON keeps the integer in đồng
    _, page = get(f"/reports/documents/{doc_id}")
    year, month, day = iso.split("-")
    assert f"{day}/{month}/{year}" in page
    _, raw = get(f"/reports/documents/{doc_id}.json?_shape=array")
    assert raw[0]["date"] == iso


def test_indicator_figures_read_the_vietnamese_way(get, seed_db):
    with sqlite3.connect(seed_db) as conn:
        ind_id, value = conn.execute(
            "select id, value from indicators where unit = '%' and value != cast(value as int) limit 1").fetchone()
    _, page = get(f"/reports/indicators/{ind_id}")
    assert f"{format_number(value)}%" in page and "," in format_number(value)


@pytest.mark.parametrize("vnd, text", [
    (8_962_460_000, "8.962,46 triệu đồng"),
    (350_000_000, "350 triệu đồng"),
    (1_500_000, "1,5 triệu đồng"),
    (50_000, "50.000 đồng"),
])
def test_vn_money(vnd, text):
    assert vn_money(vnd) == text


def test_a_report_page_shows_its_extractions_before_its_collapsed_text(get):
    _, page = get("/reports/reports/1")
    extractions = page.index("Trích xuất và liên kết")
    assert extractions < page.index('<details class="baocao-text">')
    assert "indicators (report_id)" in page and "budget_lines (report_id)" in page


def test_search_text_is_hidden_in_html_but_kept_in_json(get):
    _, css = get("/-/baocao-formatting.css")
    assert ".col-search_text { display: none; }" in css
    _, page = get("/reports/indicators")
    assert "/-/baocao-formatting.css" in page
    _, rows = get("/reports/indicators.json?_shape=array&_size=1")
    assert rows[0]["search_text"]


def test_the_plan_question_links_the_plan_and_the_reports_citing_it(get):
    _, page = get(f"/reports/ke_hoach_de_cap?chu_de={quote('thư viện')}")
    assert 'href="/reports/documents?ref__exact=3225/KH-UBND"' in page
    assert 'href="/reports/reports/' in page


def test_a_plans_page_shows_its_money(tmp_path):
    plan = tmp_path / "kh.txt"
    plan.write_text(
        "ỦY BAN NHÂN DÂN\nTHỊ XÃ ĐỨC PHỔ\n\nSố: 88/KH-UBND\nĐức Phổ, ngày 10 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
        "Ứng dụng công nghệ thông tin năm 2024\n\nI. KINH PHÍ\n\n"
        "- Nâng cấp Trang thông tin điện tử: 350 triệu đồng từ nguồn ngân sách thị xã.\n\n"
        "- Đào tạo kỹ năng số: 150 triệu đồng từ nguồn ngân sách tỉnh.\n", encoding="utf-8")
    db = _ingest([plan], tmp_path / "reports.db")
    with sqlite3.connect(db) as conn:
        doc_id = conn.execute("select id from documents where ref = '88/KH-UBND'").fetchone()[0]
        assert conn.execute("select count(*) from budget_lines where document_id = ?", [doc_id]).fetchone()[0] == 2
    page = asyncio.run(datasette_instance(db).client.get(f"/reports/documents/{doc_id}")).text
    assert "2 khoản, 500 triệu đồng" in page
