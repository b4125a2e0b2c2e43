"""OCR slips inside document symbols (extractors/symbol_repair.py), with the mention kept as read."""
import pytest

from extractors.references import find_citations
from extractors.symbol_repair import figures_as_read, repair_symbols, symbol_for_kind
from extractors.text import Text


@pytest.mark.parametrize("read, repaired", [
    ("Luật số 163/2024/QHI5 ngày", "Luật số 163/2024/QH15 ngày"),              # I for 1 in a term number
    ("Nghị quyết 27/2022/UBTVQHl5", "Nghị quyết 27/2022/UBTVQH15"),            # l for 1
    ("số 1413/CAT-PCO4(Đ1)", "số 1413/CAT-PC04(Đ1)"),                          # O for 0 in a police unit
    ("Công văn số 1899/§SGDĐT ngày", "Công văn số 1899/ SGDĐT ngày"),          # a speck before the code
    ("số 4180/2006//QĐ-UBND ngày", "số 4180/2006/ QĐ-UBND ngày"),              # a doubled slash
    ("số 12/QD-UBND", "số 12/QĐ-UBND"),                                         # D for Đ in a type code
    ("số 42/2010/NÐ-CP", "số 42/2010/NĐ-CP"),                                   # the look-alike Ð (U+00D0)
    # Left alone: right symbols, and codes that are right with a D.
    ("số 15/HD-UBND", "số 15/HD-UBND"),
    ("số 36-NQ/TW ngày 01/7/2014", "số 36-NQ/TW ngày 01/7/2014"),
    ("Quốc hội khóa XV (QHI5) đã", "Quốc hội khóa XV (QHI5) đã"),              # no number before it
    ("tỷ lệ 15/15 xã, giai đoạn 2021-2025", "tỷ lệ 15/15 xã, giai đoạn 2021-2025"),
])
def test_repair_symbols(read, repaired):
    assert repair_symbols(read) == repaired
    assert len(repair_symbols(read)) == len(read)


def test_a_repaired_mention_keeps_its_text_as_read():
    text = Text.from_string("Căn cứ Quyết định số 4180/2006//QĐ-UBND ngày 04.12.2006 của Ủy ban nhân dân tỉnh;"
                            " Luật số 163/2024/QHI5 ngày 30/11/2024.")
    found = [(c.number, c.symbol, c.year_in_number, c.date, c.text_as_written) for c in find_citations(text)]
    assert found == [
        ("4180", "QĐ-UBND", 2006, "2006-12-04", "Quyết định số 4180/2006//QĐ-UBND ngày 04.12.2006"),
        ("163", "QH15", 2024, "2024-11-30", "Luật số 163/2024/QHI5 ngày 30/11/2024"),
    ]


@pytest.mark.parametrize("written, figures", [
    ("|0", "10"),        # a handwritten 1 read as a stroke
    ("l595", "1595"),    # ... or as a small L
    ("2O", "20"),        # a 0 read as a capital O
    ("15", "15"),
    ("lI", None),        # look-alikes alone: letters, not a figure
    ("4jl2", None),      # a letter that stands for no digit
    ("Ảb", None),
    ("", None),
])
def test_figures_as_read(written, figures):
    assert figures_as_read(written) == figures


@pytest.mark.parametrize("symbol, kind_code, repaired", [
    ("QĐĐ-BYT", "QĐ", "QĐ-BYT"),        # a letter doubled
    ("KHH-UBND", "KH", "KH-UBND"),
    ("TN-VPCP", "TB", None),            # a letter changed: maybe the writer's typo, kept as written
    ("QĐ-UBND", "QĐ", None),            # nothing to repair
    ("BCĐ-UBND", "BC", None),           # another code (Ban chỉ đạo), not a slip
    ("TTLT-BTC", "TT", None),           # a type code of its own
    ("UBND-VX", None, None),            # a Công văn's symbol has no type code
    ("CT-TTg", "QĐ", None),             # too far from the kind's code
])
def test_symbol_for_kind(symbol, kind_code, repaired):
    assert symbol_for_kind(symbol, kind_code) == repaired


@pytest.mark.parametrize("symbol, kind_code, repaired", [
    ("TTIr-PGDĐT", "TTr", "TTr-PGDĐT"),  # a letter more
    ("TTT-PGDĐT", "TTr", "TTr-PGDĐT"),   # a letter changed
    ("Q-UBND", "QĐ", "QĐ-UBND"),          # a letter less
    ("TN-VPCP", "TB", "TB-VPCP"),        # the report's own: kind and code are one document's
    ("TT-PGDĐT", "TTr", None),           # a type code of its own (Thông tư): left as read
    ("UBND-VX", "TTr", None),            # too far from the kind's code
])
def test_the_reports_own_symbol_for_its_kind(symbol, kind_code, repaired):
    assert symbol_for_kind(symbol, kind_code, own=True) == repaired


def test_a_type_code_misread_is_repaired_by_the_kind_named_with_it():
    text = Text.from_string("Thực hiện Quyết định số 1575/QĐĐ-BYT ngày 27/3/2023 của Bộ Y tế về tiêm chủng.")
    (citation,) = find_citations(text)
    assert (citation.ref, citation.date, citation.doc_type) == ("1575/QĐ-BYT", "2023-03-27", "Quyết định")
    assert "1575/QĐĐ-BYT" in citation.text_as_written
