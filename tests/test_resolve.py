"""resolve: a report's mentions grouped into the documents they cite."""

from extractors.models import Citation
from extractors.references import find_citations
from extractors.resolve import resolve
from extractors.text import Text


def mention(number="2339", symbol="KH-UBND", date=None, line=1, **kw) -> Citation:
    return Citation(text_as_written=f"Kế hoạch số {number}/{symbol}", number=number, symbol=symbol,
                    date=date, line=line, **kw)


def test_same_number_two_dates_are_two_documents():
    docs = resolve([mention(date="2022-10-03", line=122), mention(date="2022-10-13", line=128)])
    assert [(d.ref, d.date, len(d.mentions)) for d in docs] == [
        ("2339/KH-UBND", "2022-10-03", 1), ("2339/KH-UBND", "2022-10-13", 1)]


def test_undated_mention_joins_the_one_dated_document():
    docs = resolve([mention(date="2022-12-28", line=236), mention(line=248)])
    assert [(d.date, [m.line for m in d.mentions]) for d in docs] == [("2022-12-28", [236, 248])]


def test_undated_mention_stays_apart_when_two_dates_compete():
    docs = resolve([mention(date="2022-10-03"), mention(date="2022-10-13"), mention()])
    assert [d.date for d in docs] == ["2022-10-03", "2022-10-13", None]


def test_symbol_case_does_not_split_a_document():
    docs = resolve([mention("57", "CTr/TU", "2014-12-23"), mention("57", "CTR/TU")])
    assert [(d.ref, len(d.mentions)) for d in docs] == [("57-CTr/TU", 2)]


def test_year_in_number_is_part_of_the_key():
    a = mention("42", "NĐ-CP", "2022-06-24", year_in_number=2022)
    b = mention("42", "NĐ-CP", "2022-06-24")
    assert [d.ref for d in resolve([a, b])] == ["42/2022/NĐ-CP", "42/NĐ-CP"]


def test_best_fields_from_full_mentions():
    docs = resolve([
        mention("57", "CTr/TU", "2014-12-23", doc_type="Chương trình hành động", type_code="CTr",
                issuer_normalized="Ban Thường vụ Tỉnh ủy Quảng Ngãi", subject="thực hiện Nghị quyết số 36-NQ/TW"),
        mention("57", "CTr/TU", "2014-12-23", doc_type="Chương trình hành động", type_code="CTr",
                issuer_normalized="Tỉnh ủy"),
        mention("57", "CTr/TU", "2014-12-23", short_form=True, subject="a much longer text that is not a subject"),
    ])
    (d,) = docs
    assert (d.doc_type, d.type_code, d.issuer, d.subject, len(d.mentions)) == (
        "Chương trình hành động", "CTr", "Ban Thường vụ Tỉnh ủy Quảng Ngãi", "Thực hiện Nghị quyết số 36-NQ/TW", 3)
    # the clause "thực hiện …" read from prose, capitalised as the document's subject


def test_mentions_without_symbol_are_left_out():
    assert resolve([mention(symbol=None)]) == []


# A report written for the rules (not a seed): one document cited in full and then by its short form,
# the same number issued twice in a year, a document mentioned again without its date, a Party
# programme whose issuer is written in full once and cut short once.
REPORT = """Thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về đẩy mạnh ứng dụng công nghệ thông tin.
Chương trình hành động số 57-CTr/TU ngày 23/12/2014 của Ban Thường vụ Tỉnh ủy Quảng Ngãi thực hiện Nghị quyết số 36.
Kế hoạch số 2339/KH-UBND ngày 03/10/2022 của UBND thị xã về chuyển đổi số.
Kế hoạch số 2339/KH-UBND ngày 13/10/2022 của UBND thị xã về cải cách hành chính.
Quyết định số 7596/QĐ-UBND ngày 28/12/2022 của UBND tỉnh về phê duyệt đề án.
Theo Quyết định số 7596/QĐ-UBND, các xã triển khai; Chương trình hành động số 57-CTr/TU của Tỉnh ủy được sơ kết.
Nghị quyết số 36 tiếp tục được quán triệt."""


def test_a_report_s_mentions_grouped_into_documents():
    docs = resolve(find_citations(Text.from_string(REPORT), tables=[]))
    by_ref: dict[str, list] = {}
    for d in docs:
        by_ref.setdefault(d.ref, []).append(d)
    assert sorted(by_ref) == ["2339/KH-UBND", "36-NQ/TW", "57-CTr/TU", "7596/QĐ-UBND"]
    # the same number on two dates: two documents, each with its own subject
    assert sorted((d.date, d.subject) for d in by_ref["2339/KH-UBND"]) == [
        ("2022-10-03", "Chuyển đổi số"), ("2022-10-13", "Cải cách hành chính")]
    # a full mention and two short forms ("Nghị quyết số 36"): one document, three mentions
    (nq36,) = by_ref["36-NQ/TW"]
    assert (nq36.date, nq36.issuer, len(nq36.mentions)) == ("2014-07-01", "Bộ Chính trị", 3)
    # mentioned again without a date: joins the one dated document
    (qd,) = by_ref["7596/QĐ-UBND"]
    assert (qd.date, [m.line for m in qd.mentions]) == ("2022-12-28", [5, 6])
    # the issuer written in full wins over the one cut short
    (ctr57,) = by_ref["57-CTr/TU"]
    assert (ctr57.doc_type, ctr57.issuer, len(ctr57.mentions)) == (
        "Chương trình hành động", "Ban Thường vụ Tỉnh ủy Quảng Ngãi", 2)
