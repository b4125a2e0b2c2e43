"""resolve: a report's mentions grouped into the documents they cite."""

from extractors.models import Citation
from extractors.references import find_citations
from extractors.resolve import resolve
from seeds import seed_text as seed


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


def test_seed_000_documents():
    docs = resolve(find_citations(seed("000")))
    by_ref = {}
    for d in docs:
        by_ref.setdefault(d.ref, []).append(d)
    assert len(docs) == 26                                   # 2339/KH-UBND twice
    assert [d.date for d in by_ref["2339/KH-UBND"]] == ["2022-10-13", "2022-10-03"]
    (nq36,) = by_ref["36-NQ/TW"]
    assert (nq36.date, nq36.issuer, len(nq36.mentions)) == ("2014-07-01", "Bộ Chính trị", 15)
    (ctr57,) = by_ref["57-CTr/TU"]
    assert (ctr57.doc_type, ctr57.issuer, len(ctr57.mentions)) == (
        "Chương trình hành động", "Ban Thường vụ Tỉnh ủy Quảng Ngãi", 2)


def test_seed_001_repeated_mentions_count_separately():
    docs = {(d.ref, d.date): d for d in resolve(find_citations(seed("001")))}
    assert len(docs[("7596/QĐ-UBND", "2022-12-28")].mentions) == 2
    assert len(docs[("3918/KH-UBND", "2020-12-31")].mentions) == 2
    assert len(docs[("3381/QĐ-UBND", "2022-10-07")].mentions) == 2
    assert {d for r, d in docs if r == "2339/KH-UBND"} == {"2022-10-03", "2022-10-13"}


def test_seed_002_short_forms_join_their_documents():
    docs = {d.ref: d for d in resolve(find_citations(seed("002")))}
    assert (docs["13-NQ/TU"].date, len(docs["13-NQ/TU"].mentions)) == ("2023-09-06", 7)
    assert (docs["16-CT/TU"].date, len(docs["16-CT/TU"].mentions)) == ("2023-04-26", 5)
    assert docs["06/QĐ-TTg"].number == "06"
