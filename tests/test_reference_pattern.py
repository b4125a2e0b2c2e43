"""extractors.lang.reference_pattern: the one document-reference pattern, and every reader built on it."""
import re

import pytest

from extractors import header, indicators, reference_tokens
from extractors.lang import masking
from extractors.tables import tab
from extractors.lang import reference_pattern
from extractors.lang.reference_pattern import (
    DOCUMENT_REFERENCE,
    REFERENCE_HINT,
    REFERENCE_NUMBER,
    TYPED_REFERENCE,
    WHOLE_REFERENCE,
)
from pipeline.search import query


@pytest.mark.parametrize("written, number, symbol, year", [
    ("36-NQ/TW", "36", "NQ/TW", None),                  # Party: number-code/organ
    ("57-CTr/TU", "57", "CTr/TU", None),
    ("158-KH/TU", "158", "KH/TU", None),
    ("3225/KH-UBND", "3225", "KH-UBND", None),          # state: number/code-organ
    ("1690/KH-STTTT", "1690", "KH-STTTT", None),
    ("42/2022/NĐ-CP", "42", "NĐ-CP", 2022),             # year in the number
    ("86/2015/QH13", "86", "QH13", 2015),
    ("820/STTTT", "820", "STTTT", None),                # Công văn: no type code
    ("2285/UBND-KGVX", "2285", "UBND-KGVX", None),
    ("734/STTTT-BCVT&CNTT", "734", "STTTT-BCVT&CNTT", None),
    ("06/QĐ-TTg", "06", "QĐ-TTg", None),                # leading zero kept
    ("14/CT-TTg", "14", "CT-TTg", None),
    ("16/CGC.BT", "16", "CGC.BT", None),                # segments joined by a dot
    ("87 /BC-UBND", "87", "BC-UBND", None),             # an OCR space before the slash
    ("57 - KL/TW", "57", "KL/TW", None),                # spaces around a Party hyphen
])
def test_reference_number(written, number, symbol, year):
    m = REFERENCE_NUMBER.fullmatch(written)
    assert m and m["number"] == number
    assert re.sub(r"\s", "", m["party_code"] + "/" + m["party_org"] if m["party_code"] else m["state"]) == symbol
    assert (int(m["year"]) if m["year"] else None) == year


@pytest.mark.parametrize("written", [
    "15/15 xã", "310/845", "130.141/131.749", "Quý II/2022", "4G/5G", "IPv4/IPv6",
    "giai đoạn 2021-2025", "Covid-19", "Báo cáo số /BC-UBND", "01-08-2019", "3/13 huyện",
])
def test_not_a_reference_number(written):
    assert REFERENCE_NUMBER.search(written) is None


@pytest.mark.parametrize("text", [
    "3225/KH-UBND", "36-NQ/TW", "87 /BC-UBND", "57 - KL/TW", "42/2022/NĐ-CP", "12–KH/TU",
])
def test_the_hint_is_found_wherever_a_reference_is(text):
    assert REFERENCE_NUMBER.search(text) and REFERENCE_HINT.search(text)


@pytest.mark.parametrize("cell, is_reference", [
    ("2665/KH-UBND", True),
    ("16-CT/TU", True),
    ("158-KH/TU", True),
    ("42/2022/NĐ-CP", True),
    ("3381/QĐ-UBND", True),
    ("86/2015/QH13", True),                 # a symbol with digits (the old cell pattern missed it)
    ("16/CGC.BT", True),
    ("18/9/2020", False),                   # a date, not a reference
    ("2021-2023", False),
    ("Kế hoạch số 2665/KH-UBND", False),    # a mention in running text, not the whole cell
    ("2665/KH-UBND ngày 5/6/2023", False),
])
def test_whole_reference_cell(cell, is_reference):
    assert bool(WHOLE_REFERENCE.match(cell)) is is_reference


@pytest.mark.parametrize("text, reference", [
    ("Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của", "3225/KH-UBND ngày 22/12/2022"),
    ("Nghị định số 42/2022/NĐ-CP ngày", "42/2022/NĐ-CP"),
    ("Nghị quyết số 36-NQ/TW", "36-NQ/TW"),
    ("Công văn số 734/STTTT-BCVT&CNTT ngày 04/5/2023", "734/STTTT-BCVT&CNTT ngày 04/5/2023"),
])
def test_document_reference_mask_takes_the_date_too(text, reference):
    assert DOCUMENT_REFERENCE.search(text).group() == reference


@pytest.mark.parametrize("typed, found", [
    ("3225/kh-ubnd", "3225/kh-ubnd"),
    ("kế hoạch 3225/KH-UBND năm 2022", "3225/KH-UBND"),
    ("nghị quyết 36-nq/tw", "36-nq/tw"),
    ("42/2022/nđ-cp", "42/2022/nđ-cp"),
])
def test_a_reference_typed_in_any_case(typed, found):
    assert TYPED_REFERENCE.search(typed).group() == found


@pytest.mark.parametrize("typed", ["giai đoạn 2021-2025", "4g/5g", "covid-19", "15/15 xã"])
def test_typed_words_that_are_not_references(typed):
    assert TYPED_REFERENCE.search(typed) is None


def test_every_reader_uses_the_one_pattern():
    """No copies: each extractor and the search take the pattern from its one home."""
    assert reference_tokens.REFERENCE_NUMBER is REFERENCE_NUMBER
    assert masking.DOCUMENT_REFERENCE is indicators.DOCUMENT_REFERENCE is DOCUMENT_REFERENCE
    assert tab.WHOLE_REFERENCE is WHOLE_REFERENCE
    assert query.TYPED_REFERENCE is TYPED_REFERENCE
    assert reference_pattern.HEADING_REFERENCE_SOURCE in header.NUMBER_LINE.pattern
    assert reference_pattern.REFERENCE_NUMBER_SOURCE in reference_tokens.FULL_MENTION.pattern


@pytest.mark.parametrize("sentence, symbol", [
    ("QĐ số 12/QĐ-UBND ngày 05/01/2023", "QĐ-UBND"),       # a type code written as the kind word
    ("CV số 88/UBND ngày 05/01/2023", "UBND"),
    ("HĐ số 15/HĐ-UBND ngày 05/01/2023", "HĐ-UBND"),       # any code of the one table, not a list of its own
])
def test_a_code_written_as_the_kind_word(sentence, symbol):
    from extractors.references import find_citations
    from extractors.text import Text

    (c,) = find_citations(Text.from_string(sentence), tables=[])
    assert (c.symbol, c.date, c.short_form) == (symbol, "2023-01-05", False)
    assert c.text_as_written == sentence
