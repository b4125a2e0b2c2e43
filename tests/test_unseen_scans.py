"""Scans the OCR was never tuned on (tests/data/unseen_scans/, built by
scripts/build_unseen_scans.py): eight documents of other kinds, issuers and places,
tilted, upside down, sideways, speckled, blurred, on grey paper, with show-through,
seals, an incoming-mail stamp and a wrong OCR text layer. Each is ingested as an
archivist would (real OCR, a real database) and its header and citations compared
with the annotations written by hand in the folder's gold/.
"""
import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.loaders import ocr

UNSEEN_SCANS = Path(__file__).resolve().parent / "data" / "unseen_scans"
GOLD = sorted((UNSEEN_SCANS / "gold").glob("*.json"))
HEADER_FIELDS = ("kind", "number", "symbol", "year", "place", "date", "title", "signer")

pytestmark = pytest.mark.skipif(not ocr.available(), reason=f"needs Tesseract: {ocr.missing_reason()}")


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("unseen_scans") / "scans.db"
    summary = ingest([UNSEEN_SCANS / "files"], db_path)
    assert summary.failures == [] and summary.ok == len(GOLD)
    db = sqlite3.connect(db_path)
    yield db
    db.close()


def _report_of(db, file_name: str) -> int:
    (report_id,) = db.execute(
        "select r.id from reports r join files f on f.id = r.file_id where f.path = ?", (file_name,)).fetchone()
    return report_id


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_header_as_annotated(database, gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    row = database.execute(f"select {', '.join(HEADER_FIELDS)} from reports where id = ?",
                           (_report_of(database, gold["file"]),)).fetchone()
    assert dict(zip(HEADER_FIELDS, row)) == {field: gold["document"][field] for field in HEADER_FIELDS}


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_citations_with_their_dates(database, gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    found = database.execute(
        "select d.ref, d.date from citations c join documents d on d.id = c.document_id where c.report_id = ?",
        (_report_of(database, gold["file"]),)).fetchall()
    expected = [(ref["ref"], ref.get("date")) for ref in gold["references"] if not ref.get("self")
                for _ in range(ref["count"])]
    assert sorted(found) == sorted(expected)


def test_every_turned_page_was_read_upright(database):
    turned = dict(database.execute(
        "select f.path, p.rotation from pages p join files f on f.id = p.file_id where p.rotation != 0"))
    # The scans lie turned 180° and a quarter turn either way; `rotation` says how far the page was
    # turned back, clockwise.
    assert turned == {"kh_so_y_te_binh_phuoc.jpg": 180, "bc_ubnd_xa_an_hiep.jpg": 90,
                      "cv_cong_an_kon_tum.jpg": 270}


def test_a_wrong_text_layer_was_ocrd(database):
    (source, why), = database.execute(
        "select p.source, p.why from pages p join files f on f.id = p.file_id where f.path = 'tt_phong_gd_bao_loc.pdf'")
    assert source == "ocr" and why.startswith("text layer not Vietnamese")
