"""TCVN3 and VNI mojibake back to Unicode: tables, detection, and the DOCX/PDF/.doc loaders."""
import unicodedata
from pathlib import Path

import pytest

from pipeline.loaders import legacy, load
from seeds import CORPUS


# Every precomposed Vietnamese letter, lower and upper case.
VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
NON_ASCII_LOWER = [c for c in VIETNAMESE_LOWER if not c.isascii()]


def test_tables_are_complete():
    # 67 lower-case letters outside ASCII; TCVN3 has a code for each and for the 7 toneless capitals.
    assert len(NON_ASCII_LOWER) == 67
    assert set(NON_ASCII_LOWER) <= set(legacy.UNICODE_TO_TCVN3)
    assert {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"} <= set(legacy.UNICODE_TO_TCVN3)
    assert len(legacy.TCVN3_TO_UNICODE) == 74
    # VNI types every letter, both cases: 67 * 2.
    assert set(NON_ASCII_LOWER) | {c.upper() for c in NON_ASCII_LOWER} == set(legacy.UNICODE_TO_VNI)
    # No two letters share a code.
    assert len(set(legacy.UNICODE_TO_VNI.values())) == len(legacy.UNICODE_TO_VNI)


@pytest.mark.parametrize("raw, codec, encoding, unicode", [
    # bytes as a .VnTime (TCVN 5712:1993) or VNI-Times document stores them, written by hand
    # from the code tables: á 0xB8, Đ 0xA7, ứ 0xF8, ổ 0xE6, ế 0xD5, ạ 0xB9, ă 0xA8
    (b"B\xb8o c\xb8o", "latin-1", legacy.TCVN3, "Báo cáo"),
    (b"\xa7\xf8c Ph\xe6", "latin-1", legacy.TCVN3, "Đức Phổ"),
    (b"K\xd5 ho\xb9ch n\xa8m 2024", "latin-1", legacy.TCVN3, "Kế hoạch năm 2024"),
    # VNI: the base letter, then the mark's byte: ù 0xF9 (acute), å 0xE5 (hook over ô), ñ 0xF1 (đ)
    (b"Ba\xf9o ca\xf9o", "cp1252", legacy.VNI, "Báo cáo"),
    (b"\xd1\xf6\xf9c Pho\xe5", "cp1252", legacy.VNI, "Đức Phổ"),
])
def test_legacy_bytes_decode_to_unicode(raw, codec, encoding, unicode):
    assert legacy.decode(raw.decode(codec), encoding) == unicode


@pytest.mark.parametrize("text", [
    "Báo cáo kết quả năm 2024",          # Unicode: every word decoded on its own
    "B¸o c¸o kÕt qu¶ n¨m 2024",          # TCVN3 with non-letter codes ("¸" joins "B" and "o"): decoded whole
    "Baùo caùo keát quaû naêm 2024",     # VNI: letters only
    "Công văn §iÒu 5 ¸p dông",          # Unicode and TCVN3 mixed
])
def test_words_decoded_one_by_one_are_the_words_of_the_decoded_text(text):
    from collections import Counter

    from extractors.syllables import WORD

    words = Counter(WORD.findall(text))
    for encoding in (legacy.TCVN3, legacy.VNI):
        assert legacy._decoded_words(text, words, encoding) == Counter(WORD.findall(legacy.decode(text, encoding)))


@pytest.mark.parametrize("mojibake, upper, unicode", [
    ("B¸o c¸o", False, "Báo cáo"),
    ("§øc Phæ", False, "Đức Phổ"),
    ("Th\u00adêng vô TØnh ñy", False, "Thường vụ Tỉnh ủy"),
    ("QuyÕt ®Þnh sè 169/Q§-STTTT", False, "Quyết định số 169/QĐ-STTTT"),
    ("b¸o c¸o", True, "BÁO CÁO"),                       # .VnTimeH draws capitals
    ("kÕ ho¹ch", True, "KẾ HOẠCH"),
])
def test_decode_tcvn3(mojibake, upper, unicode):
    assert legacy.decode_tcvn3(mojibake, upper) == unicode


@pytest.mark.parametrize("mojibake, unicode", [
    ("Baùo caùo", "Báo cáo"),
    ("Ñöùc Phoå", "Đức Phổ"),
    ("Thöôøng vuï Tænh uûy", "Thường vụ Tỉnh ủy"),
    ("Quyeát ñònh soá 169/QÑ-STTTT", "Quyết định số 169/QĐ-STTTT"),
    ("KEÁ HOAÏCH", "KẾ HOẠCH"),
    ("ÖÔÙC TÍNH", "ƯỚC TÍNH"),
    ("naêm 2023", "năm 2023"),
])
def test_decode_vni(mojibake, unicode):
    assert legacy.decode_vni(mojibake) == unicode
    assert legacy.encode_vni(unicode) == mojibake


@pytest.mark.parametrize("letter", NON_ASCII_LOWER + [c.upper() for c in NON_ASCII_LOWER])
def test_every_letter_round_trips(letter):
    assert legacy.decode_vni(legacy.encode_vni(letter)) == letter
    runs = legacy.encode_tcvn3(letter)
    assert "".join(legacy.decode_tcvn3(text, upper) for text, upper in runs) == letter


def test_encode_tcvn3_puts_toned_capitals_in_the_h_font():
    assert legacy.encode_tcvn3("Ủy ban") == [("ñ", True), ("y ban", False)]
    assert legacy.encode_tcvn3("Đảng") == [("§¶ng", False)]


@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("tcvn3", False)),
    (".VnTimeH", ("tcvn3", True)),
    ("ABCDEF+.VnArialH", ("tcvn3", True)),
    (".VnArial Narrow", ("tcvn3", False)),
    ("VNI-Times", ("vni", False)),
    ("Times New Roman", (None, False)),
    (None, (None, False)),
])
def test_font_encoding(font, expected):
    assert legacy.font_encoding(font) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kết quả thực hiện Chỉ thị số 19-CT/TU ngày 18/5/2022 của Ban Thường vụ Tỉnh ủy", None),
    ("KÕt qu¶ thùc hiÖn ChØ thÞ sè 19-CT/TU ngµy 18/5/2022 cña Ban Th\u00adêng vô TØnh ñy", "tcvn3"),
    ("Keát quaû thöïc hieän Chæ thò soá 19-CT/TU ngaøy 18/5/2022 cuûa Ban Thöôøng vuï Tænh uûy", "vni"),
    ("Report 2023: café, résumé, naïve", None),       # Latin-1 letters in other languages
    ("UBND thị xã Đức Phổ", None),
])
def test_detect(text, expected):
    assert legacy.detect(text) == expected


def test_seed_round_trips_through_both_encodings():
    seed = next(CORPUS.glob("003_*.txt")).read_text(encoding="utf-8")
    assert legacy.decode_vni(legacy.encode_vni(seed)) == seed
    assert "".join(legacy.decode_tcvn3(t, u) for t, u in legacy.encode_tcvn3(seed)) == seed
    assert legacy.detect(legacy.encode_vni(seed)) == "vni"
    assert legacy.detect("".join(t for t, _ in legacy.encode_tcvn3(seed))) == "tcvn3"
    assert legacy.detect(seed) is None


def test_repair_lines_keeps_unicode_lines_of_a_mixed_document():
    lines = ["UBND THỊ XÃ ĐỨC PHỔ", "Sè: 12/BC-UBND", "c¸c c¬ quan"]
    assert legacy.repair_lines(lines, "tcvn3") == ["UBND THỊ XÃ ĐỨC PHỔ", "Số: 12/BC-UBND", "các cơ quan"]


def _text(path: Path) -> str:
    loaded = load(path, path.suffix.lstrip("."))
    return "\n".join(line for line, _ in loaded.lines), loaded


def test_tcvn3_docx_reads_as_the_unicode_docx():
    stem = next(CORPUS.glob("003_*.txt")).stem
    legacy_text, loaded = _text(CORPUS / "legacy" / f"{stem}_tcvn3.docx")
    unicode_text, _ = _text(CORPUS / "docx" / f"{stem}.docx")
    assert loaded.legacy_encoding == "tcvn3"
    assert legacy_text == unicode_text          # capitals from the .VnTimeH runs included


def test_vni_docx_reads_as_the_unicode_docx():
    stem = next(CORPUS.glob("004_*.txt")).stem
    legacy_text, loaded = _text(CORPUS / "legacy" / f"{stem}_vni.docx")
    unicode_text, _ = _text(CORPUS / "docx" / f"{stem}.docx")
    assert loaded.legacy_encoding == "vni"
    assert legacy_text == unicode_text


def test_tcvn3_pdf_is_detected_from_its_text():
    # Made by LibreOffice without the .VnTime font, so font names are lost and the
    # soft hyphen (TCVN3 "ư") is not drawn: detection works from the text alone.
    text, loaded = _text(next((CORPUS / "legacy").glob("003_*_tcvn3.pdf")))
    assert loaded.legacy_encoding == "tcvn3"
    assert "Số: /BC-UBND" in text
    assert "Quyết định số 169/QĐ-STTTT ngày 10/12/2022" in text.replace("\n", " ")
