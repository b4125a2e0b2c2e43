"""Stage 4: the writer. A file's rows appear all together or not at all; readers are never locked out."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlite_utils

from extractors.models import Citation, CitedDocument, Extraction, Indicator, ReportHeader
from extractors.resolve import joined_date
from extractors.text import Text
from pipeline import store
from pipeline.discover import FoundFile
from pipeline.ingest import process, sha256_of

SEED = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))[0]
CHILD_TABLES = ["citations", "tables", "indicators", "budget_lines"]


@pytest.fixture
def db(tmp_path):
    database = store.open_db(tmp_path / "sub" / "r.db")
    yield database
    database.close()


@pytest.fixture(scope="module")
def outcome():
    """A real seed report, loaded and extracted as a worker does."""
    found = FoundFile(SEED, SEED.name)
    result = process(found, sha256_of(SEED), SEED.stat().st_size)
    assert result.status == "ok" and result.report is not None
    return result


def counts(db) -> dict[str, int]:
    return {name: db.execute(f"select count(*) from [{name}]").fetchone()[0]
            for name in ["files", "reports", "documents", *CHILD_TABLES]}


def test_open_db_is_ready_for_one_writer_and_many_readers(db):
    assert db.execute("pragma journal_mode").fetchone() == ("wal",)
    assert db.execute("pragma busy_timeout").fetchone() == (30000,)
    assert db.execute("pragma foreign_keys").fetchone() == (1,)
    assert {"files", "reports", "documents", "citations", "tables", "indicators", "budget_lines",
            "reports_fts", "documents_fts"} <= set(db.table_names())
    assert [c for c in db["files"].indexes if c.unique][0].columns == ["root", "path"]


def test_a_report_is_written_with_all_its_rows(db, outcome):
    report_id = store.write_report(db, outcome.record, outcome.report)
    n = counts(db)
    assert n["files"] == n["reports"] == 1
    assert n["citations"] == sum(len(c) for _, c in outcome.report.documents) > 0
    assert n["indicators"] == len(outcome.report.indicators) > 0
    assert db.execute("select count(*) from citations where report_id != ?", [report_id]).fetchone() == (0,)


def _fts_matches(db, query: str) -> list[int]:
    return [r for (r,) in db.execute("select rowid from reports_fts where reports_fts match ?", [query])]


def test_the_index_follows_text_updates_and_ignores_the_rest(db, outcome):
    report_id = store.write_report(db, outcome.record, outcome.report)
    db.execute("update reports set copy_of = ? where id = ?", [report_id, report_id])   # not indexed
    db.execute("update reports set title = 'Kế hoạch thư viện số' where id = ?", [report_id])
    db.conn.commit()
    assert _fts_matches(db, "title:viện") == [report_id]
    assert db.execute("insert into reports_fts(reports_fts, rank) values('integrity-check', 1)").fetchall() == []
    trigger = db.execute("select sql from sqlite_master where name = 'reports_au'").fetchone()[0]
    assert " AFTER UPDATE OF [title], [text], [search_text] ON " in trigger


def test_an_older_database_gets_the_narrower_update_trigger(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old["reports"].create({"id": int, "title": str, "text": str, "search_text": str}, pk="id")
    old["reports"].enable_fts(["title", "text", "search_text"], create_triggers=True)
    old.close()
    db = store.open_db(path)
    assert " UPDATE OF " in db.execute("select sql from sqlite_master where name = 'reports_au'").fetchone()[0]
    db.close()


def test_a_failure_half_way_leaves_nothing_of_the_file(db, outcome):
    broken = store.PreparedReport(**{**outcome.report.__dict__,
                                     "indicators": [*outcome.report.indicators, {"value": object()}]})
    with pytest.raises(sqlite3.Error):
        store.write_report(db, outcome.record, broken)
    assert counts(db) == {name: 0 for name in counts(db)}


def test_a_failure_inside_a_batch_rolls_back_only_that_file(db, outcome):
    broken = store.PreparedReport(**{**outcome.report.__dict__, "tables": [{"rows": object()}]})
    other = {**outcome.record, "path": "other.txt"}
    with db.atomic():
        store.write_report(db, outcome.record, outcome.report)
        with pytest.raises(sqlite3.Error):
            store.write_report(db, other, broken)
    assert db.execute("select path from files").fetchall() == [(outcome.record["path"],)]
    assert counts(db)["reports"] == 1


def test_writing_a_changed_file_again_replaces_its_rows(db, outcome):
    store.write_report(db, outcome.record, outcome.report)
    before = counts(db)
    store.write_report(db, {**outcome.record, "sha256": "changed"}, outcome.report)
    assert counts(db) == before
    assert db.execute("select sha256 from files").fetchall() == [("changed",)]


def test_a_file_without_a_report_replaces_the_report_it_had(db, outcome):
    store.write_report(db, outcome.record, outcome.report)
    store.record_file(db, {**outcome.record, "status": "error", "error": "encrypted PDF: password required"})
    n = counts(db)
    assert (n["files"], n["reports"], n["indicators"], n["citations"]) == (1, 0, 0, 0)
    assert db.execute("select path, sha256, status from files").fetchall() == \
        [(outcome.record["path"], outcome.record["sha256"], "error")]


def test_two_reports_citing_one_document_share_its_row(db, outcome):
    store.write_report(db, outcome.record, outcome.report)
    documents = counts(db)["documents"]
    store.write_report(db, {**outcome.record, "path": "copy.txt"}, outcome.report)
    n = counts(db)
    assert n["documents"] == documents
    assert n["citations"] == 2 * sum(len(c) for _, c in outcome.report.documents)


def _prepared_with_header(**header):
    text = Text.from_lines([("Nội dung.", None)])
    return store.prepare_report(text, Extraction(header=ReportHeader(**header)))


def test_an_ingested_report_is_a_full_documents_row(db, outcome):
    header = dict(kind="Nghị quyết", type_code="NQ", number="64", symbol="NQ-HĐND", year_in_number=2025,
                  date="2025-07-10", year=2025, issuer="HĐND tỉnh Đồng Tháp", title="Quy định mức chi hỗ trợ")
    report_id = store.write_report(db, outcome.record, _prepared_with_header(**header))
    assert db.execute("select ref, doc_type, date, issuer, subject, report_id from documents").fetchall() == [
        ("64/2025/NQ-HĐND", "Nghị quyết", "2025-07-10", "HĐND tỉnh Đồng Tháp", "Quy định mức chi hỗ trợ", report_id)]
    assert db.execute("select year_in_number from reports").fetchall() == [(2025,)]


def test_a_draft_without_a_number_is_no_documents_row(db, outcome):
    header = dict(kind="Báo cáo", type_code="BC", symbol="BC-STC", year=2024, issuer="Sở Tài chính tỉnh Nghệ An",
                  title="Tình hình thực hiện dự toán")
    store.write_report(db, outcome.record, _prepared_with_header(**header))
    assert db.execute("select count(*) from documents where report_id is not null").fetchone() == (0,)


def test_consolidating_keeps_one_row_for_a_report_with_the_year_in_its_number(db, outcome):
    header = dict(kind="Nghị quyết", type_code="NQ", number="64", symbol="NQ-HĐND", year_in_number=2025,
                  date="2025-07-10", year=2025, issuer="HĐND tỉnh Đồng Tháp", title="Quy định mức chi")
    store.write_report(db, outcome.record, _prepared_with_header(**header))
    store.consolidate(db)
    assert db.execute("select ref from documents").fetchall() == [("64/2025/NQ-HĐND",)]


@pytest.mark.parametrize("date, known, joined", [
    ("2022-12-22", ["2022-10-03"], "2022-12-22"),       # a dated mention keeps its date
    (None, ["2022-12-22"], "2022-12-22"),               # undated: the one date known
    (None, ["2022-10-03", "2022-10-13"], None),         # two plans 2339/KH-UBND: cannot tell
    (None, [], None),
])
def test_an_undated_mention_joins_the_one_dated_document(date, known, joined):
    assert joined_date(date, known) == joined


def _cited(ref_number: str, date: str | None, subject: str) -> CitedDocument:
    mention = Citation(f"Kế hoạch số {ref_number}/KH-UBND", ref_number, "KH-UBND", type_code="KH",
                       doc_type="Kế hoạch", date=date, subject=subject, line=1, context=subject)
    return CitedDocument(ref_number, "KH-UBND", None, "KH", "Kế hoạch", date, None, subject, [mention])


@pytest.mark.parametrize("dated, joins", [(["2022-12-22"], True), (["2022-10-03", "2022-10-13"], False)])
def test_the_store_applies_the_same_rule_across_reports(db, dated, joins):
    text = Text.from_lines([("Nội dung.", None)])
    for i, date in enumerate(dated):
        report = store.prepare_report(text, Extraction(ReportHeader(), [_cited("2339", date, f"kế hoạch {i}")]))
        store.write_report(db, {"path": f"dated{i}.txt", "status": "ok"}, report)
    undated = store.prepare_report(text, Extraction(ReportHeader(), [_cited("2339", None, "kế hoạch")]))
    store.write_report(db, {"path": "undated.txt", "status": "ok"}, undated)
    store.consolidate(db)
    rows = db.execute("select d.date from citations c join documents d on d.id = c.document_id "
                      "join reports r on r.id = c.report_id join files f on f.id = r.file_id "
                      "where f.path = 'undated.txt'").fetchall()
    assert rows == ([(dated[0],)] if joins else [(None,)])


def test_a_document_keeps_the_more_complete_issuer(db, outcome):
    header = dict(kind="Kế hoạch", type_code="KH", number="5", symbol="KH-UBND", date="2024-01-02", title="X")
    store.write_report(db, outcome.record, _prepared_with_header(**header, issuer="UBND tỉnh"))
    store.write_report(db, {**outcome.record, "path": "b.txt"},
                       _prepared_with_header(**header, issuer="UBND tỉnh Quảng Ngãi"))
    assert db.execute("select issuer from documents").fetchall() == [("UBND tỉnh Quảng Ngãi",)]


def test_rows_keep_only_the_schema_columns(db, outcome):
    @dataclass
    class IndicatorWithMore(Indicator):
        a_new_field: list = field(default_factory=list)

    extraction = Extraction(header=ReportHeader(kind="Báo cáo"),
                            indicators=[IndicatorWithMore(61.4, "%", "61,4%", line=1, a_new_field=[1, 2])])
    prepared = store.prepare_report(Text.from_lines([("Tỷ lệ đạt 61,4%.", None)]), extraction)
    store.write_report(db, outcome.record, prepared)
    assert "a_new_field" not in db["indicators"].columns_dict
    assert db.execute("select value, unit, value_text, line from indicators").fetchall() == [(61.4, "%", "61,4%", 1)]


def test_copies_of_a_report_in_other_forms_point_to_the_most_faithful_one(tmp_path):
    """The same seed as .txt, .pdf and a scan: one report and its copies; another edition is not a copy."""
    import shutil

    from pipeline.ingest import ingest
    from pipeline.loaders import ocr

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    stem = "002_00686ccee144b57b"
    archive = tmp_path / "archive"
    forms = {"pdf": f"pdf/{stem}.pdf", "txt": f"{stem}.txt"}
    if ocr.available():
        forms["scanned"] = f"scanned/{stem}.pdf"
    for form, rel in forms.items():
        (archive / form).mkdir(parents=True)
        shutil.copy(corpus / rel, archive / form)
    text = (corpus / f"{stem}.txt").read_text(encoding="utf-8")
    (archive / "edition").mkdir()
    (archive / "edition" / f"{stem}.txt").write_text(
        text.replace("%", " người").replace("13-NQ/TU", "14-NQ/TU"), encoding="utf-8")

    ingest([archive], tmp_path / "r.db", workers=1)
    db = sqlite_utils.Database(tmp_path / "r.db")
    copy_of = {path.split("/")[0]: (rid, copy) for path, rid, copy in db.execute(
        "select f.path, r.id, r.copy_of from reports r join files f on f.id = r.file_id")}
    txt_id = copy_of["txt"][0]
    assert copy_of["txt"][1] is None
    assert copy_of["edition"][1] is None
    assert {form: copy for form, (_, copy) in copy_of.items() if form not in ("txt", "edition")} == \
        {form: txt_id for form in forms if form != "txt"}


def test_an_ingested_report_with_a_number_is_a_document_even_when_nobody_cites_it(tmp_path):
    from pipeline.ingest import ingest

    report = tmp_path / "in" / "bc45.txt"
    report.parent.mkdir()
    report.write_text(
        "Số: 45/BC-UBND\n\nĐức Phổ, ngày 10 tháng 01 năm 2024\n\nBÁO CÁO\n\nKết quả chuyển đổi số năm 2023\n\n"
        "Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã Đức Phổ.\n",
        encoding="utf-8",
    )
    ingest([report.parent], tmp_path / "r.db", workers=1)
    db = sqlite_utils.Database(tmp_path / "r.db")
    own = list(db.query("select d.ref, d.date, d.doc_type, d.subject, r.id = d.report_id as linked "
                        "from documents d join reports r on r.file_id = 1 where d.ref = '45/BC-UBND'"))
    assert own == [{"ref": "45/BC-UBND", "date": "2024-01-10", "doc_type": "Báo cáo",
                    "subject": "Kết quả chuyển đổi số năm 2023", "linked": 1}]
    assert db["documents"].count == 2


def test_replacing_a_report_removes_the_rows_of_tables_other_modules_add(db, outcome):
    """A table that references reports (and one that references it) is cleaned up through its
    declared foreign keys: replacing the report fails on no constraint and leaves no orphan."""
    db["other_facts"].create({"id": int, "report_id": int, "task": str}, pk="id",
                             foreign_keys=[("report_id", "reports", "id")])
    db["other_fact_parts"].create({"id": int, "assignment_id": int, "unit": str}, pk="id",
                                  foreign_keys=[("assignment_id", "other_facts", "id")])
    report_id = store.write_report(db, outcome.record, outcome.report)
    assignment = db["other_facts"].insert({"report_id": report_id, "task": "triển khai"}).last_pk
    db["other_fact_parts"].insert({"assignment_id": assignment, "unit": "Phòng Văn hóa và Thông tin"})
    store.write_report(db, {**outcome.record, "sha256": "1" * 64}, outcome.report)
    assert (db["other_facts"].count, db["other_fact_parts"].count, db["reports"].count) == (0, 0, 1)
    assert db.execute("pragma foreign_key_check").fetchall() == []
