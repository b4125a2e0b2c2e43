import pytest

from extractors.gazetteer import correct_places, normalize_place


@pytest.mark.parametrize(
    "written, known",
    [
        ("Đức Phổ", "Đức Phổ"),
        ("Đức Phồ", "Đức Phổ"),     # OCR tone-mark slip on a circumflex letter (seed 000)
        ("Đức Phố", "Đức Phổ"),     # typing slip (seed 004)
        ("Quảng Ngải", "Quảng Ngãi"),
        ("Hội An", "Hội An"),       # unknown names come back as written
        ("Lâm Đóng", "Lâm Đồng"),   # every province is known, not only the seeds' (OCR slip on a scan)
        ("Hải Duơng", "Hải Dương"),
        ("TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),   # kept whole, as written
    ],
)
def test_normalize_place(written, known):
    assert normalize_place(written) == known


def test_correct_places_inside_text_keeps_the_rest():
    assert correct_places("UBND thị xã Đức Phố, tỉnh Quảng Ngải") == "UBND thị xã Đức Phổ, tỉnh Quảng Ngãi"


def test_correct_places_needs_word_boundaries():
    assert correct_places("Đức Phổn") == "Đức Phổn"


def test_correct_places_mends_every_known_name_in_one_pass():
    assert correct_places("Công an tỉnh Lâm Đóng và UBND tỉnh Hải Duơng") == "Công an tỉnh Lâm Đồng và UBND tỉnh Hải Dương"
