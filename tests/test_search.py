"""`baocao search`: folding, word units, abbreviations, slips, filters, questions, output.

The database is written through the store from hand-made extraction records,
so every expectation below follows from the rows shown here.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from extractors.models import Citation, CitedDocument, Extraction, ReportHeader
from extractors.text import Text, fold
from pipeline import store
from pipeline.cli import cli
from pipeline.search import (
    fold_text, index_text, issuer_key, parse_query, read_abbreviations, search, syllables,
)

REPORT_LINES = [
    "BÁO CÁO",                                                                       # 1
    "Kết quả chuyển đổi số trên địa bàn thị xã Đức Phổ",                               # 2
    "Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã về chuyển đổi số ngành thư viện.",  # 3
    "Thư mời họp gửi Viện Khoa học; viên chức được tập huấn.",                        # 4
    "Thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về công nghệ thông tin.",  # 5
    "Kế hoạch số 1946/KH-UBND ngày 30/8/2021 về ứng dụng CNTT trong cơ quan nhà nước.",  # 6
    "Quyết định số 3381/QĐ-UBND ngày 07/10/2022 thành lập Tổ công nghệ số cộng đồng.",  # 7
    "Chương trình hành động số 57-CTr/TU ngày 23/12/2014 của Tỉnh ủy.",             # 8
    "Quyết định 569/QĐ-UBND ngày 26/6/2023 của UBND tỉnh về an toàn thông tin.",     # 9
    "Công văn số 100/UBND ngày 01/3/2022 gửi thư cho Viện.",                          # 10
]


def _document(number, symbol, doc_type, date, issuer, subject, line, type_code=None):
    mention = Citation(text_as_written=f"{doc_type} số {number}/{symbol}", number=number, symbol=symbol,
                       type_code=type_code, doc_type=doc_type, date=date, issuer=issuer, subject=subject,
                       line=line, context=REPORT_LINES[line - 1])
    return CitedDocument(number, symbol, None, type_code, doc_type, date, issuer, subject, [mention])


DOCUMENTS = [
    _document("3225", "KH-UBND", "Kế hoạch", "2022-12-22", "UBND thị xã Đức Phổ",
              "Triển khai Chương trình chuyển đổi số ngành thư viện đến năm 2025", 3, "KH"),
    # "thư" and "viện" apart, in a short subject that bm25 alone would rank first.
    _document("100", "UBND", "Công văn", "2022-03-01", "UBND thị xã Đức Phổ", "gửi thư cho Viện", 10),
    _document("36", "NQ/TW", "Nghị quyết", "2014-07-01", "Bộ Chính trị",
              "đẩy mạnh ứng dụng, phát triển công nghệ thông tin", 5, "NQ"),
    _document("1946", "KH-UBND", "Kế hoạch", "2021-08-30", "UBND thị xã Đức Phổ",
              "ứng dụng CNTT trong hoạt động của cơ quan nhà nước", 6, "KH"),
    _document("3381", "QĐ-UBND", "Quyết định", "2022-10-07", "UBND thị xã Đức Phổ",
              "thành lập Tổ công nghệ số cộng đồng thị xã Đức Phổ", 7, "QĐ"),
    # Its subject repeats what 36-NQ/TW is: the query for the resolution must still find 36-NQ/TW first.
    _document("57", "CTr/TU", "Chương trình hành động", "2014-12-23", "Ban Thường vụ Tỉnh ủy",
              "thực hiện Nghị quyết số 36-NQ/TW của Bộ Chính trị về đẩy mạnh ứng dụng, phát triển "
              "công nghệ thông tin", 8, "CTr"),
    _document("569", "QĐ-UBND", "Quyết định", "2023-06-26", "UBND tỉnh", "an toàn thông tin cấp độ 2", 9, "QĐ"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = store.open_db(tmp_path_factory.mktemp("search") / "s.db")
    text = Text.from_lines(REPORT_LINES)
    header = ReportHeader(kind="Báo cáo", type_code="BC", title=REPORT_LINES[1], year=2023, issuer="UBND thị xã Đức Phổ")
    record = {"path": "bc/a.txt", "sha256": "0" * 64, "size": 1, "format": "txt", "pages": None, "ocr": 0,
              "status": "ok", "error": None, "note": None, "ingested_at": store.now()}
    store.store_report(database, record, text, Extraction(header=header, documents=DOCUMENTS))
    store.consolidate(database)
    return database


def refs(results) -> list[str]:
    return [d.ref for d in results.documents]


# --- folding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, folded", [
    ("Đức Phổ", "duc pho"),
    ("Đức Phồ", "duc pho"),          # OCR slip on the tone mark: same folded form
    ("Thư viện", "thu vien"),
    ("Ủy ban nhân dân", "uy ban nhan dan"),
    ("Uỷ ban", "uy ban"),            # old-style tone placement
    ("TT&TT", "tt&tt"),
])
def test_index_text_folds_diacritics_and_d(text, folded):
    assert index_text(text) == folded


def test_fold_text_keeps_offsets_and_agrees_with_fold():
    line = "Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã Đức Phổ về chuyển đổi số ngành thư viện"
    assert len(fold_text(line)) == len(line)
    assert fold_text(line) == fold(line)


def test_index_text_skips_missing_parts():
    assert index_text("Kế hoạch", None, "Đức Phổ") == "ke hoach duc pho"


# --- reading a query ---------------------------------------------------------------------------

@pytest.mark.parametrize("query, concepts, dropped, type_code", [
    ("kế hoạch nào về thư viện", ["thư viện"], ["kế hoạch", "nào", "về"], "KH"),
    ("ke hoach nao ve thu vien", ["thu vien"], ["ke hoach", "nao", "ve"], "KH"),
    ("thư viện", ["thư viện"], [], None),
    ("Có quyết định nào thành lập tổ công nghệ số không?", ["thành lập", "tổ", "công nghệ", "số"],
     ["quyết định", "Có", "nào", "không"], "QĐ"),
    ("chuyển đổi số ngành thư viện", ["chuyển đổi số", "ngành", "thư viện"], [], None),
    ("3225/KH-UBND", ["3225/KH-UBND"], [], None),
    ("thanh toán không dùng tiền mặt", ["thanh toán", "không", "dùng", "tiền mặt"], [], None),  # not at the end
    ("duc pho", ["duc pho"], [], None),                                  # place names from the gazetteer
    ("bảo vệ", ["bảo vệ"], [], None),                                    # "vệ" is not the function word "về"
])
def test_parse_query(query, concepts, dropped, type_code):
    parsed = parse_query(query)
    assert [c.label for c in parsed.concepts] == concepts
    assert parsed.dropped == dropped
    assert (parsed.doc_type.code if parsed.doc_type else None) == type_code


@pytest.mark.parametrize("query, forms", [
    ("CNTT", [("cntt",), ("cong", "nghe", "thong", "tin")]),
    ("công nghệ thông tin", [("cong", "nghe", "thong", "tin"), ("cntt",)]),
    ("cong nghe thong tin", [("cong", "nghe", "thong", "tin"), ("cntt",)]),
    ("TT&TT", [("tt", "tt"), ("thong", "tin", "va", "truyen", "thong"), ("tttt",)]),
    ("Ủy ban nhân dân", [("uy", "ban", "nhan", "dan"), ("ubnd",)]),
    ("CĐS", [("cds",), ("chuyen", "doi", "so")]),
])
def test_abbreviations_match_both_ways(query, forms):
    (concept,) = parse_query(query).concepts
    assert list(concept.forms) == forms


def test_abbreviation_list_is_package_data():
    table = read_abbreviations()
    assert table["CNTT"] == ["công nghệ thông tin"]
    assert table["DVCTT"] == ["dịch vụ công trực tuyến"]
    assert syllables("HĐND") == ("hdnd",)


def test_statement_starting_with_a_kind_prefers_it_without_filtering():
    parsed = parse_query("kế hoạch ứng dụng CNTT")
    assert parsed.doc_type is None
    assert parsed.head_type.code == "KH"
    assert [c.label for c in parsed.concepts] == ["kế hoạch", "ứng dụng", "CNTT"]


# --- searching ---------------------------------------------------------------------------------

def test_with_or_without_diacritics_same_rows(db):
    assert refs(search(db, "thư viện")) == refs(search(db, "thu vien"))
    assert refs(search(db, "thu vien"))[0] == "3225/KH-UBND"


def test_syllables_of_a_word_found_apart_earn_nothing(db):
    # 100/UBND is "gửi thư cho Viện": "thư" and "viện" apart are not the word "thư viện".
    assert refs(search(db, "thư viện")) == ["3225/KH-UBND"]


def test_place_with_ocr_slip(db):
    assert "3381/QĐ-UBND" in refs(search(db, "Đức Phồ"))
    assert refs(search(db, "Đức Phồ")) == refs(search(db, "duc pho"))


def test_typing_slip_is_corrected_from_the_index(db):
    results = search(db, "tổ công nghệ số cộng đồgn")
    assert refs(results)[0] == "3381/QĐ-UBND"
    assert results.notes == ["'dogn' is not in the index; also searched 'dong'"]


def test_abbreviation_finds_the_spelled_out_words_and_back(db):
    assert "36-NQ/TW" in refs(search(db, "CNTT"))                     # subject says "công nghệ thông tin"
    assert "1946/KH-UBND" in refs(search(db, "công nghệ thông tin"))  # subject says "CNTT"


def test_kind_and_issuer_of_a_document_outweigh_its_subject(db):
    assert refs(search(db, "nghị quyết của Bộ Chính trị về công nghệ thông tin"))[:2] == ["36-NQ/TW", "57-CTr/TU"]


def test_reference_comes_first(db):
    assert refs(search(db, "3225/KH-UBND"))[0] == "3225/KH-UBND"


@pytest.mark.parametrize("type_code", ["KH", "kh", "Kế hoạch", "ke hoach"])
def test_type_filter_by_code_or_word(db, type_code):
    assert refs(search(db, "ứng dụng", type_code=type_code)) == ["1946/KH-UBND"]


def test_type_filter_qd_without_diacritics(db):
    assert set(refs(search(db, "thông tin", type_code="QD"))) == {"569/QĐ-UBND"}


def test_unknown_type_is_an_error(db):
    with pytest.raises(ValueError, match="unknown document type 'XYZ'"):
        search(db, "thư viện", type_code="XYZ")


def test_year_filter(db):
    assert set(refs(search(db, "công nghệ thông tin", year=2014))) == {"36-NQ/TW", "57-CTr/TU"}


@pytest.mark.parametrize("issuer", ["UBND tỉnh", "Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh"])
def test_issuer_filter_matches_abbreviated_or_spelled_out(db, issuer):
    assert refs(search(db, "an toàn thông tin", issuer=issuer)) == ["569/QĐ-UBND"]


def test_issuer_key():
    assert issuer_key("Ủy ban nhân dân thị xã Đức Phổ") == issuer_key("UBND thị xã Đức Phồ") == "ubnd thi xa duc pho"


def test_question_applies_the_type_it_names(db):
    results = search(db, "kế hoạch nào về thư viện")
    assert results.doc_type.code == "KH"
    assert refs(results) == ["3225/KH-UBND"]


def test_question_falls_back_to_every_type_when_its_type_has_nothing(db):
    results = search(db, "chỉ thị nào về thư viện")
    assert results.notes == ["no Chỉ thị matches; showing every type"]
    assert refs(results)[0] == "3225/KH-UBND"


def test_type_alone_lists_that_kind_newest_first(db):
    assert refs(search(db, "quyết định nào?")) == ["569/QĐ-UBND", "3381/QĐ-UBND"]


def test_document_hit_shows_where_it_is_cited(db):
    hit = search(db, "thư viện", type_code="KH").documents[0]
    assert (hit.ref, hit.doc_type, hit.date, hit.issuer) == ("3225/KH-UBND", "Kế hoạch", "2022-12-22",
                                                               "UBND thị xã Đức Phổ")
    assert hit.subject == "Triển khai Chương trình chuyển đổi số ngành thư viện đến năm 2025"
    assert [(c["path"], c["line"]) for c in hit.cited_in] == [("bc/a.txt", 3)]


def test_passages_highlight_the_matched_words(db):
    passages = search(db, "thu vien").passages
    assert [(p.path, p.line) for p in passages] == [("bc/a.txt", 3)]   # line 4 has "thư" and "viện" apart only
    assert passages[0].snippet == ("Thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã về "
                                   "chuyển đổi số ngành [thư viện].")


def test_passages_highlight_abbreviation_and_expansion(db):
    snippets = [p.snippet for p in search(db, "CNTT").passages]
    assert "Kế hoạch số 1946/KH-UBND ngày 30/8/2021 về ứng dụng [CNTT] trong cơ quan nhà nước." in snippets
    assert ("Thực hiện Nghị quyết số 36-NQ/TW ngày 01/7/2014 của Bộ Chính trị về [công nghệ thông tin]."
            in snippets)


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "thư viện OR", "-thư", "^viện", "search_text:",
                                   "(", ")", "thư viện\"", "AND", "'", "{}", "a:b", "NOT", "\\", "%_"])
def test_fts_syntax_never_raises(db, query):
    results = search(db, query)
    assert results.documents is not None


@pytest.mark.parametrize("query", ['"', "*", "()", "  ", "?"])
def test_nothing_to_search_for_says_so(db, query):
    results = search(db, query)
    assert (results.documents, results.passages) == ([], [])
    assert results.notes == ['nothing to search for: type some words, e.g. "thư viện"']


def test_datasette_search_box_finds_folded_words(db):
    """Datasette passes the box's words to `<table>_fts match`: the folded column must answer."""
    for words in ("thu vien", "duc pho", "Đức Phổ"):
        rows = db.execute("select d.ref from documents_fts join documents d on d.rowid = documents_fts.rowid "
                          "where documents_fts match ?", [words]).fetchall()
        assert rows, words


# --- the command -------------------------------------------------------------------------------

def _run(db, *args):
    return CliRunner().invoke(cli, ["search", *args, "--db", str(db.conn.execute("pragma database_list")
                                                                      .fetchone()[2])])


def test_cli_answers_which_plan_covers_thu_vien(db):
    result = _run(db, "thư viện", "--type", "KH")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "searched: thư viện; type: Kế hoạch"
    assert lines[1:5] == [
        "1. Kế hoạch 3225/KH-UBND dated 22/12/2022",      # dates dd/mm/yyyy in human output
        "   UBND thị xã Đức Phổ",
        "   Triển khai Chương trình chuyển đổi số ngành thư viện đến năm 2025",
        "   cited in bc/a.txt:3: " + REPORT_LINES[2],
    ]
    assert "  bc/a.txt:3: " + REPORT_LINES[2] in lines     # the passage (highlight styling stripped)


def test_cli_json(db):
    result = _run(db, "ke hoach nao ve thu vien", "--json")
    data = json.loads(result.output)
    assert data["type"] == {"code": "KH", "name": "Kế hoạch"}
    assert data["left_out"] == ["ke hoach", "nao", "ve"]
    assert [d["ref"] for d in data["documents"]] == ["3225/KH-UBND"]
    assert data["documents"][0]["cited_in"][0]["line"] == 3
    assert data["passages"][0]["snippet"].endswith("ngành [thư viện].")


def test_cli_unknown_type_is_a_clear_error(db):
    result = _run(db, "thư viện", "--type", "XYZ")
    assert result.exit_code == 2
    assert "unknown document type 'XYZ'" in result.output


def test_cli_fts_characters_give_a_message(db):
    result = _run(db, '"*"')
    assert result.exit_code == 0
    assert 'nothing to search for' in result.output


# --- bounded input (nothing typed can take the machine down) -----------------------------------

def test_a_query_past_the_limit_is_refused_with_a_message(db):
    from pipeline.search import MAX_QUERY_CHARS, QueryError
    with pytest.raises(QueryError, match=f"at most {MAX_QUERY_CHARS}"):
        search(db, "thư viện " * 1000)


def test_a_huge_word_gets_no_typo_candidates(db):
    # 54 candidates per letter: a 480-letter "word" would be 26,000 lookups; it gets none.
    results = search(db, "x" * 480)
    assert results.documents == [] and not any("also searched" in n for n in results.notes)


def test_repeated_words_are_sought_once_and_past_24_words_are_left_out(db):
    assert [c.label for c in parse_query("thư viện thư viện thư viện").concepts] == ["thư viện"]
    many = " ".join(f"từ{i}" for i in range(40))
    results = search(db, many)
    assert len(results.query.concepts) == 24
    assert results.notes[0].startswith("only the first 24 words were searched; left out: từ24")


@pytest.mark.parametrize("options, message", [
    (["--year", "99999999999"], "--year"),
    (["--limit", "0"], "--limit"),
    (["--limit", "100000000"], "--limit"),
    (["--issuer", "x" * 300], "at most 200"),
])
def test_cli_option_values_are_validated(db, options, message):
    result = _run(db, "thư viện", *options)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_cli_query_may_start_with_a_dash(db):
    result = _run(db, "-thư viện")
    assert result.exit_code == 0, result.output
    assert "3225/KH-UBND" in result.output


def test_cli_no_database_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["search", "thư viện", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database at" in result.output


# --- field-aware queries -------------------------------------------------------------------------

@pytest.mark.parametrize("query, kind, forms", [
    ("kế hoạch số 204", "number", [("204",)]),
    ("0204", "number", [("0204",), ("204",)]),
    ("năm 2022", "year", [("2022",)]),
])
def test_numbers_and_years_are_concepts_of_their_own(query, kind, forms):
    concepts = [c for c in parse_query(query).concepts if c.kind == kind]
    assert [list(c.forms) for c in concepts] == [forms]
    assert "số" not in [c.label for c in parse_query(query).concepts]     # "số" before a number only introduces it


def test_a_bare_number_finds_its_document_with_or_without_leading_zeros(db):
    assert refs(search(db, "quyết định 3381"))[0] == "3381/QĐ-UBND"
    assert refs(search(db, "quyết định 03381"))[0] == "3381/QĐ-UBND"


def test_a_year_is_a_soft_match(db):
    # 2023 is 569/QĐ-UBND's year: it comes first, and the other documents about the topic stay.
    found = refs(search(db, "an toàn thông tin 2023"))
    assert found[0] == "569/QĐ-UBND"


def test_nothing_matched_well_says_so_instead_of_showing_unrelated_documents(db):
    results = search(db, "bóng đá")
    assert (results.documents, results.passages) == ([], [])
    assert results.weak
    assert any(n.startswith("nothing matched well") for n in results.notes)


@pytest.mark.parametrize("query, forms", [
    ("HTX", [("htx",), ("hop", "tac", "xa")]),
    ("TP HCM", [("tp", "hcm"), ("thanh", "pho", "ho", "chi", "minh"), ("tphcm",)]),
    ("HN", [("hn",), ("ha", "noi")]),
])
def test_new_abbreviations(query, forms):
    (concept,) = parse_query(query).concepts
    assert list(concept.forms) == forms


def test_hộ_is_not_hồ_when_typed_with_diacritics():
    from pipeline.search.rank import FOLDED_SHARE, Field
    (concept,) = [c for c in parse_query("hộ").concepts]
    assert Field.of("hỗ trợ hộ kinh doanh").credit(concept) == 1.0
    assert Field.of("Thành phố Hồ Chí Minh").credit(concept) == FOLDED_SHARE
    (folded,) = parse_query("ho").concepts
    assert Field.of("Thành phố Hồ Chí Minh").credit(folded) == 1.0


def test_an_abbreviation_found_nowhere_is_not_corrected_as_a_slip(db):
    # No row writes "CĐS": it is searched as "chuyển đổi số", never "corrected" to "cns"/"cas".
    results = search(db, "CĐS")
    assert not any("also searched" in n for n in results.notes)
    assert "3225/KH-UBND" in refs(results)
