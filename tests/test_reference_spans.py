"""Each mention carries its character span in reports.text, so a review page marks exactly what was read."""
import sqlite3

import pytest

from extractors.references import find_citations
from extractors.text import Text
from pipeline.ingest import ingest

# Written for the rule: a mention wrapped over two lines, one in a paragraph after a blank line,
# a short form and an alias, and a table that lists documents (its rows are TAB-separated cells).
REPORT = """UBND THỊ XÃ ĐỨC PHỔ
Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã về chuyển đổi số và
Quyết định số 569/QĐ-UBND ngày 26/6/2023 của UBND tỉnh (sau đây gọi tắt là Quyết định 569).

Theo Kế hoạch số 3225, Quyết định 569 được triển khai đúng hạn.
STT\tSố ký hiệu\tNgày ban hành\tTrích yếu
1\t158-KH/TU\t28/4/2016\tThực hiện Nghị quyết số 13-NQ/TU của Tỉnh ủy
"""


def spans(text: Text):
    return [(c.text_as_written, text.full[c.start:c.end], c.source, c.short_form) for c in find_citations(text)]


def test_every_span_holds_the_mention_as_written():
    text = Text.from_string(REPORT)
    found = spans(text)
    assert [(written, source, short) for written, _, source, short in found] == [
        ("Kế hoạch số 3225/KH-UBND ngày 22/12/2022", "text", False),
        ("Quyết định số 569/QĐ-UBND ngày 26/6/2023", "text", False),
        ("Quyết định 569", "text", True),         # in the alias note itself
        ("Kế hoạch số 3225", "text", True),
        ("Quyết định 569", "text", True),
        ("158-KH/TU", "table", False),
        ("Nghị quyết số 13-NQ/TU", "table", False),
    ]
    for written, at_span, _, _ in found:
        assert at_span == written


def test_a_mention_wrapped_over_two_lines_spans_the_line_break():
    text = Text.from_string("Thực hiện Kế hoạch số 3225/KH-UBND ngày\n22/12/2022 của UBND thị xã về chuyển đổi số.")
    (c,) = find_citations(text)
    assert text.full[c.start:c.end] == "Kế hoạch số 3225/KH-UBND ngày\n22/12/2022"
    assert c.text_as_written == "Kế hoạch số 3225/KH-UBND ngày 22/12/2022"


def test_the_database_keeps_the_spans(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bc.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "r.db"
    ingest([folder], db)
    conn = sqlite3.connect(db)
    rows = conn.execute("""select r.text, c.char_start, c.char_end, c.text_as_written from citations c
                           join reports r on r.id = c.report_id order by c.char_start""").fetchall()
    assert len(rows) == 7
    for text, start, end, written in rows:
        assert text[start:end] == written
