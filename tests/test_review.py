"""The review page: extractions placed back in the report's text and highlighted by type."""
from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.review import (ASSIGNMENT, BUDGET, CITATION, INDICATOR, Mark, locate, render_marks, report_review,
                             review_page, shown_marks)
from seeds import ingest_seeds


def spans(text: str, *marks: Mark) -> list[str | None]:
    """What each mark covers in `text`, in the order given; None when not found."""
    placed, _ = locate(text, list(marks))
    found = {id(mark): text[start:end] for start, end, mark in placed}
    return [found.get(id(mark)) for mark in marks]


@pytest.mark.parametrize("text, line, written, expected", [
    # a mention wrapped over two lines (PDF hard wrap) is found whole, newline included
    ("Thực hiện Kế hoạch số 3225/KH-UBND ngày\n22/12/2022 của UBND thị xã",
     1, "Kế hoạch số 3225/KH-UBND ngày 22/12/2022", "Kế hoạch số 3225/KH-UBND ngày\n22/12/2022"),
    # ... and over a blank line between the halves
    ("Nghị quyết số 36-NQ/TW ngày\n\n01/7/2014 của Bộ Chính trị", 1, "Nghị quyết số 36-NQ/TW ngày 01/7/2014",
     "Nghị quyết số 36-NQ/TW ngày\n\n01/7/2014"),
    # an amount is not found inside a longer number: not in 11.389, not in 1.389.000
    ("Tổng\t11.389\t1.389.000\t1.389", 1, "1.389", "1.389"),
    ("đạt 61,4%; năm trước 1,4%", 1, "1,4%", "1,4%"),
    ("tỷ lệ 161,4%", 1, "61,4%", None),
    # searched from its line on, not before it
    ("350 triệu đồng\nvà thêm\n350 triệu đồng", 2, "350 triệu đồng", "350 triệu đồng"),
    # a flattened table row runs on over many lines, but only within SEARCH_LINES of a prose line
    ("1\n\n\n\n\n\n\n6.100", 1, "6.100", None),
])
def test_locate(text, line, written, expected):
    [covered] = spans(text, Mark(BUDGET, line, written, ""))
    assert covered == expected


def test_locate_places_the_second_mark_on_a_line_at_the_second_occurrence():
    text = "Năm 2023\t350\t350"
    placed, _ = locate(text, [Mark(BUDGET, 1, "350", "a"), Mark(BUDGET, 1, "350", "b")])
    assert [(start, mark.tooltip) for start, _, mark in placed] == [(9, "a"), (13, "b")]


def test_locate_lets_marks_of_different_types_share_text():
    text = "Kinh phí 350 triệu đồng."
    placed, unplaced = locate(text, [Mark(BUDGET, 1, "350 triệu đồng", ""), Mark(INDICATOR, 1, "350 triệu đồng", "")])
    assert [(s, e) for s, e, _ in placed] == [(9, 23), (9, 23)] and unplaced == []


def test_a_table_row_may_run_to_its_table_last_line():
    text = "1\n\n\n\n\n\n\n6.100\nTổng"
    [covered] = spans(text, Mark(BUDGET, 1, "6.100", "", last_line=8))
    assert covered == "6.100"


@pytest.mark.parametrize("mark", [
    Mark(CITATION, None, "3225/KH-UBND", ""),        # no line
    Mark(CITATION, 1, "", ""),                       # nothing written
    Mark(CITATION, 99, "3225/KH-UBND", ""),          # beyond the text
    Mark(CITATION, 1, "3226/KH-UBND", ""),           # not there
])
def test_marks_that_cannot_be_placed_are_returned_apart(mark):
    placed, unplaced = locate("Kế hoạch số 3225/KH-UBND", [mark])
    assert placed == [] and unplaced == [mark]


def test_the_longest_of_overlapping_marks_is_shown_and_hides_the_others():
    text = "Kế hoạch số 3225/KH-UBND ngày 22/12/2022 giao 350 triệu đồng (61,4%)."
    marks = [Mark(CITATION, 1, "Kế hoạch số 3225/KH-UBND ngày 22/12/2022", ""),
             Mark(BUDGET, 1, "350 triệu đồng", ""),
             Mark(INDICATOR, 1, "350", ""),
             Mark(INDICATOR, 1, "61,4%", "")]
    placed, _ = locate(text, marks)
    shown = shown_marks(placed)
    assert [(text[start:end], mark.label, hidden) for start, end, mark, hidden in shown] == [
        ("Kế hoạch số 3225/KH-UBND ngày 22/12/2022", CITATION, []), ("350 triệu đồng", BUDGET, [marks[2]]),
        ("61,4%", INDICATOR, [])]


def test_a_mark_straddling_two_shown_ones_is_hidden_in_the_first():
    placed = [(0, 10, Mark(CITATION, 1, "a", "")), (10, 20, Mark(BUDGET, 1, "b", "")),
              (8, 12, Mark(INDICATOR, 1, "c", ""))]
    shown = shown_marks(placed)
    assert [(start, end, [m.text for m in hidden]) for start, end, _, hidden in shown] == [(0, 10, ["c"]), (10, 20, [])]


def test_marks_of_the_same_span_show_once_and_name_each_other():
    text = "Kinh phí 350 triệu đồng."
    placed, _ = locate(text, [Mark(BUDGET, 1, "350 triệu đồng", "tiền"), Mark(INDICATOR, 1, "350 triệu đồng", "số")])
    markup = render_marks(text, placed)
    assert markup.count("<mark") == 1
    assert 'title="tiền\n+ CHỈ TIÊU: số">350 triệu đồng<span class="entity-label">KINH PHÍ</span>' in markup


def test_the_text_and_the_tooltips_are_escaped():
    text = "<b>Kế hoạch</b> & 1 < 2: 50%"
    placed, _ = locate(text, [Mark(INDICATOR, 1, "50%", '"x" <y>', link="/d?a=1&b=2", link_text="<1>")])
    markup = render_marks(text, placed)
    assert markup == ('<div class="entities">&lt;b&gt;Kế hoạch&lt;/b&gt; &amp; 1 &lt; 2: '
                      '<mark class="entity" style="background: #a1d99b" title="&quot;x&quot; &lt;y&gt;">50%'
                      '<span class="entity-label">CHỈ TIÊU <a href="/d?a=1&amp;b=2">&lt;1&gt;</a></span></mark></div>')


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    return ingest_seeds(tmp_path_factory.mktemp("review") / "reports.db")


def report_id_of(db, name: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select r.id from reports r join files f on f.id = r.file_id where f.path like ?",
                            [f"%{name}"]).fetchone()[0]


def test_every_extraction_of_the_seed_reports_is_placed(seed_db):
    with sqlite3.connect(seed_db) as conn:
        for (report_id,) in conn.execute("select id from reports"):
            review = report_review(conn, report_id)
            expected = {
                CITATION: conn.execute("select count(*) from citations where report_id = ?", [report_id]).fetchone()[0],
                INDICATOR: conn.execute("select count(*) from indicators where report_id = ?", [report_id]).fetchone()[0],
                BUDGET: conn.execute("select count(*) from budget_lines where report_id = ?", [report_id]).fetchone()[0],
                ASSIGNMENT: conn.execute("select count(*) from assignments where report_id = ?", [report_id]).fetchone()[0],
            }
            assert review.placed == expected, review.path
            assert review.unplaced == []


def test_the_library_plan_is_highlighted_and_linked_in_the_report_that_cites_it(seed_db):
    report_id = report_id_of(seed_db, "000_34c2b11754aa651e.txt")
    with sqlite3.connect(seed_db) as conn:
        review = report_review(conn, report_id, document_url=lambda doc_id: f"/reports/documents/{doc_id}")
        doc_id = conn.execute("select id from documents where ref = '3225/KH-UBND'").fetchone()[0]
    assert review.path == "000_34c2b11754aa651e.txt"
    assert f'<a href="/reports/documents/{doc_id}">3225/KH-UBND</a>' in review.body_html
    assert 'title="Kế hoạch 3225/KH-UBND ngày 22/12/2022 · dòng 197"' in review.body_html


def test_a_missing_report_has_no_review(seed_db):
    with sqlite3.connect(seed_db) as conn:
        assert report_review(conn, 99999) is None


def test_show_html_writes_a_standalone_review_page(seed_db, tmp_path):
    out = tmp_path / "review.html"
    result = CliRunner().invoke(cli, ["show", "000_34c2b11754aa651e.txt", "--db", str(seed_db), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out}: 000_34c2b11754aa651e.txt, highlighted ")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<mark class="entity" style="background: #9ecae1"' in page
    assert "3225/KH-UBND" in page
    with sqlite3.connect(seed_db) as conn:
        assert page == review_page(report_review(conn, report_id_of(seed_db, "000_34c2b11754aa651e.txt")))


def test_a_mark_overlapping_a_longer_one_is_named_in_its_tooltip():
    text = "Giao 350 triệu đồng cho 2 xã"
    placed, _ = locate(text, [Mark(BUDGET, 1, "350 triệu đồng", "350.000.000 đồng"),
                              Mark(INDICATOR, 1, "350", "350 triệu đồng · kết quả")])
    markup = render_marks(text, placed)
    assert markup.count('<mark class="entity"') == 1
    assert 'title="350.000.000 đồng\n+ CHỈ TIÊU: 350 triệu đồng · kết quả">350 triệu đồng' in markup
    assert '<span class="entity-label">KINH PHÍ</span></mark> cho 2 xã' in markup


def test_the_pages_of_a_review_place_every_extraction_once(seed_db):
    with sqlite3.connect(seed_db) as conn:
        report_id = report_id_of(seed_db, "000_34c2b11754aa651e.txt")
        whole = report_review(conn, report_id)
        first = report_review(conn, report_id, page=1, lines_per_page=40)
        n_lines = conn.execute("select text from reports where id = ?", [report_id]).fetchone()[0].count("\n") + 1
        assert first.pages == -(-n_lines // 40) > 1
        totals = dict.fromkeys(whole.placed, 0)
        for page in range(1, first.pages + 1):
            review = report_review(conn, report_id, page=page, lines_per_page=40)
            assert (review.page, review.pages, review.unplaced) == (page, first.pages, [])
            assert f"<strong>{page}</strong>" in review.body_html
            for label, n in review.placed.items():
                totals[label] += n
    assert totals == whole.placed and sum(totals.values()) > 50


def test_a_page_past_the_end_shows_the_last_page_and_a_whole_review_has_no_page_links(seed_db):
    with sqlite3.connect(seed_db) as conn:
        last = report_review(conn, 1, page=10**9, lines_per_page=40)
        assert last.page == last.pages
        assert f'<a href="?page={last.pages - 1}">' in last.body_html
        assert 'class="pages"' not in report_review(conn, 1).body_html
