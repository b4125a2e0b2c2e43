"""The single writer: one report and its rows in one transaction; ingest runs."""
from __future__ import annotations

import json

import sqlite_utils

from extractors.issuers import best_issuer
from extractors.models import CitedDocument, Extraction
from extractors.resolve import best_subject, joined_date
from extractors.text import Text

from ..search_text import index_text
from .prepare import PreparedReport, _document_row, prepare_report
from .rows import _insert, _upsert_file, now
from .schema import BOOKKEEPING_KEYS


def _write_assignments(db: sqlite_utils.Database, report_id: int, assignments: list[tuple[dict, list[dict]]]) -> None:
    for row, units in assignments:
        assignment_id = _insert(db, "assignments", {**row, "report_id": report_id})
        for unit in units:
            _insert(db, "assignment_units", {**unit, "assignment_id": assignment_id})


def _document_id(db: sqlite_utils.Database, row: dict) -> int:
    """The documents row for `row`: same ref and date; an undated mention joins the one dated
    document of its ref (`resolve.joined_date`, applied to the documents stored so far)."""
    date = row["date"] or joined_date(None, [d for (d,) in db.execute(
        "select date from documents where ref = ? and date is not null", [row["ref"]])])
    found = db.execute("select id, subject, issuer, doc_type from documents where ref = ? and date is ?",
                       [row["ref"], date]).fetchall()
    if not found:
        return _insert(db, "documents", row)
    doc_id, subject, issuer, doc_type = found[0]
    better = {}
    # (the batch-end step settles both from every mention: `_describe_documents`; a form equal to the
    # stored one, as most mentions of a document cited again are, has nothing better to give)
    if row["subject"] and row["subject"] != subject and best_subject([subject, row["subject"]]) != subject:
        better["subject"] = row["subject"]
    if row["issuer"] and row["issuer"] != issuer and best_issuer([issuer, row["issuer"]]) != issuer:
        better["issuer"] = row["issuer"]          # the more complete form ("UBND tỉnh Quảng Ngãi" over "UBND tỉnh")
    if row["doc_type"] and not doc_type:
        better["doc_type"] = row["doc_type"]
    if better:
        merged = {**dict(zip(("subject", "issuer", "doc_type"), (subject, issuer, doc_type))), **better}
        better["search_text"] = index_text(row["ref"], merged["doc_type"], merged["subject"], merged["issuer"])
        db["documents"].update(doc_id, better)
    return doc_id


def _own_document(db: sqlite_utils.Database, report: dict, report_id: int) -> int | None:
    """An ingested report with a number is itself a document (ref with the year in the number, kind,
    date, issuer, its title as subject), written with the report so search and citations treat it like
    any cited one. (A draft without a number has no ref, which documents rows always have.) Its id."""
    if not (report.get("number") and report.get("symbol")):
        return None
    row = _document_row(CitedDocument(report["number"], report["symbol"], report.get("year_in_number"),
                                      report["type_code"], report["kind"], report["date"], report["issuer"],
                                      report["title"]))
    row["year"] = row["year"] or report.get("year")
    doc_id = _document_id(db, row)
    db.execute("update documents set report_id = ? where id = ? and report_id is null", [report_id, doc_id])
    return doc_id


def write_report(db: sqlite_utils.Database, file_record: dict, prepared: PreparedReport) -> int:
    """Write one ingested file and every row extracted from it in a single transaction (or savepoint)."""
    with db.atomic():
        file_id = _upsert_file(db, file_record)
        report_id = _insert(db, "reports", {**prepared.report, "file_id": file_id})
        own_id = _own_document(db, prepared.report, report_id)
        document_ids = []
        for doc_row, citations in prepared.documents:
            doc_id = _document_id(db, doc_row)
            document_ids.append(doc_id)
            for citation in citations:
                _insert(db, "citations", {**citation, "report_id": report_id, "document_id": doc_id})
        table_ids = [_insert(db, "tables", {**t, "report_id": report_id}) for t in prepared.tables]
        for indicator in prepared.indicators:
            _insert(db, "indicators", {**indicator, "report_id": report_id})
        funded = own_id if prepared.funds_itself else None   # a plan's lines that name no document fund it
        named = prepared.budget_documents or [None] * len(prepared.budget_lines)
        for (table_index, line), document_index in zip(prepared.budget_lines, named):
            table_id = table_ids[table_index] if table_index is not None else None
            document_id = document_ids[document_index] if document_index is not None else funded
            _insert(db, "budget_lines", {**line, "report_id": report_id, "table_id": table_id,
                                         "document_id": document_id})
        _write_assignments(db, report_id, prepared.assignments)
        db.execute("insert or ignore into pending_reports values (?)", [report_id])
    return report_id


def store_report(db: sqlite_utils.Database, file_record: dict, text: Text, extraction: Extraction) -> int:
    """Extract the rows and write them: `prepare_report` then `write_report`, in one process."""
    return write_report(db, file_record, prepare_report(text, extraction))


def start_run(db: sqlite_utils.Database, roots: list[str]) -> int:
    """A new ingest_runs row (the run's generation); called holding the ingest lock, so a run
    still marked running was killed."""
    with db.atomic():
        db.execute("update ingest_runs set status = 'killed' where status = 'running'")
        return _insert(db, "ingest_runs", {"started_at": now(), "status": "running",
                                           "roots": json.dumps(roots, ensure_ascii=False)})


def finish_run(db: sqlite_utils.Database, run_id: int, outcome: dict) -> None:
    with db.atomic():
        db["ingest_runs"].update(run_id, {"finished_at": now(), **outcome})


def pending_work(db: sqlite_utils.Database) -> int:
    """How many reports and documents await the batch-end step (0: it is complete)."""
    return sum(db.execute(f"select count(*) from [{t}]").fetchone()[0] for t in BOOKKEEPING_KEYS)
