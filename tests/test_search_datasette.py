"""Datasette searches through the same engine as `baocao search`: the canned question, the
search page behind the documents search box, the SQL function, and bounded SQL functions."""
from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import quote

import pytest

from pipeline.search import open_readonly, search
from pipeline.serve import datasette_instance
from seeds import ingest_seeds


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    return ingest_seeds(tmp_path_factory.mktemp("search_datasette") / "reports.db")


@pytest.fixture(scope="module")
def ds(seed_db):
    return datasette_instance(seed_db)


def get(ds, path):
    response = asyncio.run(ds.client.get(path))
    return response.status_code, (response.json() if ".json" in path.split("?")[0] else response.text), response


@pytest.mark.parametrize("topic", ["chuyển đổi số trong giáo dục nghề nghiệp", "chuyen doi so trong giao duc nghe nghiep",
                                   "kế hoạch nào về thư viện?", "CNTT năm 2022 của thị xã"])
def test_the_plan_question_answers_as_the_cli_does(ds, seed_db, topic):
    status, rows, _ = get(ds, f"/reports/ke_hoach_de_cap.json?chu_de={quote(topic)}&_shape=array")
    assert status == 200
    cli = [d.ref for d in search(open_readonly(seed_db), topic, type_code="KH", limit=50).documents]
    assert [r["Số hiệu"] for r in rows] == cli
    assert rows, topic


def test_question_words_do_not_empty_the_plan_question(ds):
    # Every word had to be in the document before: "nào", "về" and "?" found nothing.
    status, rows, _ = get(ds, f"/reports/ke_hoach_de_cap.json?chu_de={quote('kế hoạch nào về thư viện?')}&_shape=array")
    assert rows[0]["Số hiệu"] == "3225/KH-UBND"


def test_the_documents_search_box_leads_to_the_ranked_search_page(ds):
    status, _, response = get(ds, "/reports/documents?_search=thu+vien")
    assert status == 302
    assert response.headers["location"] == "/-/search/reports?_search=thu+vien"
    status, page, _ = get(ds, "/-/search/reports?_search=thu+vien")
    assert status == 200
    assert '<td class="col-ref"><a href="/reports/documents/' in page
    assert "3225/KH-UBND" in page


def test_the_search_page_ranks_like_the_cli(ds, seed_db):
    query = "nghị quyết của Bộ Chính trị về công nghệ thông tin"
    _, page, _ = get(ds, f"/-/search/reports?_search={quote(query)}")
    cli = [d.ref for d in search(open_readonly(seed_db), query, limit=50).documents]
    shown = [line.split(">")[2].split("<")[0] for line in page.splitlines() if 'class="col-ref"' in line]
    assert shown == cli
    assert shown[0] == "36-NQ/TW"


def test_the_table_view_and_json_api_keep_datasettes_own_search(ds):
    assert get(ds, "/reports/documents?_search=thu+vien&_table=1")[0] == 200
    status, rows, _ = get(ds, "/reports/documents.json?_search=thu+vien&_shape=array")
    assert status == 200 and "3225/KH-UBND" in [r["ref"] for r in rows]


def test_the_search_page_says_when_nothing_matched_well(ds):
    _, page, _ = get(ds, f"/-/search/reports?_search={quote('bóng đá')}")
    assert "nothing matched well" in page
    assert 'class="col-ref"' not in page


def test_the_search_page_refuses_a_huge_query_with_a_message(ds):
    status, page, _ = get(ds, "/-/search/reports?_search=" + "a" * 5000)
    assert status == 200
    assert "at most 500" in page


def test_baocao_search_is_an_sql_function(ds):
    status, body, _ = get(ds, "/reports.json?sql=" + quote("select value from json_each(baocao_search('3225/KH-UBND'))")
                          + "&_shape=array")
    assert status == 200
    (first, *_) = body
    status, doc, _ = get(ds, f"/reports/documents/{first['value']}.json?_shape=array")
    assert doc[0]["ref"] == "3225/KH-UBND"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")   # the refusal, as Datasette logs it
def test_fold_refuses_values_past_its_bound_instead_of_running_past_the_time_limit(ds):
    status, body, _ = get(ds, "/reports.json?sql=" + quote("select fold(printf('%.*c', 2000000, 'a'))"))
    assert status == 400
    status, body, _ = get(ds, "/reports.json?sql=" + quote("select fold('Đức Phổ') as f") + "&_shape=array")
    assert body == [{"f": "duc pho"}]


def test_search_never_writes_to_the_database(seed_db):
    before = seed_db.read_bytes()
    conn = open_readonly(seed_db)
    search(conn, "thư viện")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("create table x (a)")
    assert seed_db.read_bytes() == before


@pytest.mark.parametrize("table", ["citations", "indicators", "budget_lines"])
def test_child_tables_index_only_their_folded_text_and_the_box_folds_what_is_typed(ds, seed_db, table):
    with sqlite3.connect(seed_db) as conn:
        assert [r[1] for r in conn.execute(f"pragma table_info({table}_fts)")] == ["search_text"]
    for typed in ("Đức Phổ", "duc pho"):
        status, body, _ = get(ds, f"/reports/{table}.json?_search={quote(typed)}&_shape=objects")
        assert status == 200 and body["filtered_table_rows_count"] > 0, typed


def test_row_counts_kept_at_ingest_equal_the_tables(seed_db):
    from pipeline.store import COUNTED_TABLES, inspect_data
    with sqlite3.connect(seed_db) as conn:
        kept = dict(conn.execute("select name, n from row_counts"))
        assert kept == {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in COUNTED_TABLES}
    tables = inspect_data(seed_db)["tables"]
    assert tables["reports"]["count"] == tables["reports_fts"]["count"] == kept["reports"]


def test_row_counts_follow_replaced_files(tmp_path):
    from pipeline.ingest import ingest
    from pipeline.store import COUNTED_TABLES
    from seeds import seed_path
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed_path("000").read_bytes())
    ingest([folder], tmp_path / "r.db")
    ingest([folder], tmp_path / "r.db", force=True)                  # every row replaced
    (folder / "a.txt").write_bytes(seed_path("002").read_bytes())    # changed: replaced by another report
    ingest([folder], tmp_path / "r.db")
    with sqlite3.connect(tmp_path / "r.db") as conn:
        kept = dict(conn.execute("select name, n from row_counts"))
        assert kept == {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in COUNTED_TABLES}
        assert kept["reports"] == 1
