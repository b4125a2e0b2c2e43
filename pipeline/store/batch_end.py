"""The batch-end step: cross-report work (copies, documents) for what a run changed."""
from __future__ import annotations

import collections

import sqlite_utils

from extractors.issuers import best_issuer, normalize_issuer
from extractors.models import CitedDocument
from extractors.resolve import best_subject

from ..search_text import index_text
from .copies import mark_copies
from .prepare import _document_row
from .rows import now
from .schema import BOOKKEEPING_KEYS
from .writer import _document_id


def consolidate(db: sqlite_utils.Database, full: bool = False, run_id: int | None = None) -> int:
    """The batch-end step: cross-report work for what changed since it last ran.

    Only the reports queued in `pending_reports` (written, or left without the report their
    copy mark pointed to) and the documents queued in `pending_documents` are looked at, with
    what they point to, so the step costs what a run changed; `full` queues every report.
    Everything, the emptying of the queues included, is one transaction: interrupted, it is
    redone whole by the next run. Returns the number of reports looked at.
    """
    from ..corrections import apply_corrections   # corrections build on the store

    with db.atomic():
        if full:
            db.execute("insert or ignore into pending_reports select id from reports")
        db.execute("create temp table if not exists dirty_reports (id integer primary key)")
        db.execute("create temp table if not exists dirty_documents (id integer primary key)")
        db.execute("delete from temp.dirty_reports")
        db.execute("delete from temp.dirty_documents")
        db.execute("insert into temp.dirty_reports select report_id from pending_reports "
                   "where report_id in (select id from reports)")
        reports = db.execute("select count(*) from temp.dirty_reports").fetchone()[0]
        apply_corrections(db, rows=True)
        # documents the changed reports cite, those that lost a citation or their report, and the
        # documents of the same ref (an undated mention joins the one dated document of its ref)
        db.execute(
            """insert or ignore into temp.dirty_documents
               select document_id from pending_documents
               union select document_id from citations where report_id in (select id from temp.dirty_reports)"""
        )
        db.execute(
            """insert or ignore into temp.dirty_documents
               select d.id from documents d where d.ref in (
                   select ref from documents where id in (select id from temp.dirty_documents))
               union select id from documents where report_id in (select id from temp.dirty_reports)"""
        )
        # a report whose number, symbol or date changed (a correction) is no longer its old document
        db.execute(
            """update documents set report_id = null
               where id in (select id from temp.dirty_documents) and report_id is not null
                 and not exists (select 1 from reports r where r.id = documents.report_id
                                 and r.number = documents.number and r.symbol = documents.symbol
                                 and (r.date = documents.date or documents.date is null))"""
        )
        # An undated document joins the dated one with the same ref when there is exactly one:
        # `resolve.joined_date` (the rule's one home) over the whole archive, in SQL for the batch.
        db.execute(
            """
            update citations set document_id = (
                select d2.id from documents d1 join documents d2 on d2.ref = d1.ref and d2.date is not null
                where d1.id = citations.document_id
            )
            where document_id in (
                select d1.id from documents d1 where d1.id in (select id from temp.dirty_documents)
                  and d1.date is null and (
                    select count(*) from documents d2 where d2.ref = d1.ref and d2.date is not null) = 1
            )
            """
        )
        mark_copies(db, [r for (r,) in db.execute("select id from temp.dirty_reports")])
        # An ingested report with a number is itself a document, cited or not.
        for number, symbol, year_in_number, type_code, kind, date, issuer, title in db.execute(
            "select number, symbol, year_in_number, type_code, kind, date, issuer, title from reports "
            "where id in (select id from temp.dirty_reports) "
            "and number is not null and symbol is not null and copy_of is null"
        ).fetchall():
            doc_id = _document_id(db, _document_row(CitedDocument(number, symbol, year_in_number, type_code, kind,
                                                                  date, issuer, title)))
            db.execute("insert or ignore into temp.dirty_documents values (?)", [doc_id])
        db.execute(
            """
            update documents set report_id = (
                select r.id from reports r
                where r.number = documents.number and r.symbol = documents.symbol
                  and (r.date = documents.date or documents.date is null)
                order by r.copy_of is not null, r.id
                limit 1
            )
            where report_id is null and id in (select id from temp.dirty_documents)
            """
        )
        db.execute(
            """
            delete from documents where report_id is null and id in (select id from temp.dirty_documents)
              and not exists (select 1 from citations c where c.document_id = documents.id)
              and not exists (select 1 from budget_lines b where b.document_id = documents.id)
            """
        )
        _describe_documents(db)
        apply_corrections(db, rows=False)
        for table in BOOKKEEPING_KEYS:
            db.execute(f"delete from [{table}]")
        if run_id is not None:
            db["ingest_runs"].update(run_id, {"consolidated_at": now(), "reports_consolidated": reports})
    return reports


def _describe_documents(db: sqlite_utils.Database) -> None:
    """The subject and issuer of each document in `temp.dirty_documents`, from all that was read
    of it: its own report's title and issuer and every mention's, copies (`reports.copy_of`) only
    when nothing else names it; chosen by the extractors' rules (`resolve.best_subject`,
    `issuers.best_issuer`), so neither the order reports were stored in nor a scan's misread
    accent decides what a document is called."""
    read: dict[int, list[tuple[bool, str | None, str | None]]] = collections.defaultdict(list)
    for doc_id, is_copy, subject, issuer in db.execute(
        """select d.id, r.copy_of is not null, r.title, r.issuer from documents d join reports r on r.id = d.report_id
           where d.id in (select id from temp.dirty_documents)
           union all
           select c.document_id, r.copy_of is not null, c.subject, c.issuer from citations c
           join reports r on r.id = c.report_id where c.document_id in (select id from temp.dirty_documents)"""
    ):
        read[doc_id].append((bool(is_copy), subject, issuer))
    for doc_id, sources in read.items():
        originals = [(s, i) for is_copy, s, i in sources if not is_copy]
        copies = [(s, i) for is_copy, s, i in sources if is_copy]
        subject = best_subject(s for s, _ in originals) or best_subject(s for s, _ in copies)
        issuer = best_issuer(normalize_issuer(i) for _, i in originals) or \
            best_issuer(normalize_issuer(i) for _, i in copies)
        ref, doc_type, stored_subject, stored_issuer = db.execute(
            "select ref, doc_type, subject, issuer from documents where id = ?", [doc_id]).fetchone()
        subject, issuer = subject or stored_subject, issuer or stored_issuer
        if (subject, issuer) != (stored_subject, stored_issuer):
            db["documents"].update(doc_id, {"subject": subject, "issuer": issuer,
                                            "search_text": index_text(ref, doc_type, subject, issuer)})
