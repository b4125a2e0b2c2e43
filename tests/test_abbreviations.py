"""extractors.lang.abbreviations: the one table of abbreviations (data/abbreviations.tsv), both ways,
and the levels written short before a place. Issuers, unit keys, the header and search import them."""
import pytest

from extractors.abbreviation_table import abbreviation_rows, dotted_abbreviations
from extractors.lang.abbreviations import (
    LEVEL_ABBREVIATION, abbreviation_of, expand_name_abbreviations, level_of_abbreviation, read_abbreviations,
    spelled_out,
)


@pytest.mark.parametrize("phrase, abbreviation", [
    ("Ủy ban nhân dân", "UBND"),
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("Uỷ ban nhân dân", "UBND"),                        # the tone on the other vowel
    ("Hội đồng nhân dân", "HĐND"),
    ("Thông tin và Truyền thông", "TT&TT"),             # the first of two abbreviations of it
    ("giáo dục và đào tạo", "GD&ĐT"),
    ("công nghệ thông tin", None),                      # an abbreviation, but not of a body's name
    ("Ủy ban", None),
])
def test_abbreviation_of_a_name(phrase, abbreviation):
    assert abbreviation_of(phrase) == abbreviation


@pytest.mark.parametrize("abbreviation, spelled", [
    ("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("GD&ĐT", "giáo dục và đào tạo"),
    ("CNTT", None),                                     # not a "name" row
])
def test_spelled_out(abbreviation, spelled):
    assert spelled_out(abbreviation) == spelled


@pytest.mark.parametrize("lower, expanded", [
    ("ubnd các xã, phường", "ủy ban nhân dân các xã, phường"),
    ("phòng gd & đt thị xã", "phòng giáo dục và đào tạo thị xã"),      # spaces around "&"
    ("phòng gdđt", "phòng giáo dục và đào tạo"),
    ("sở lđtb&xh", "sở lao động - thương binh và xã hội"),
    ("sở kh&cn, sở khcn", "sở khoa học và công nghệ, sở khoa học và công nghệ"),
    ("stttt", "sở thông tin và truyền thông"),
    ("ban chỉ huy quân sự", "ban chỉ huy quân sự"),
    ("phòng cntt", "phòng cntt"),                       # not a "name" row: left as written
    ("ubndx", "ubndx"),                                 # inside a longer word: not an abbreviation
])
def test_name_abbreviations_spelled_out(lower, expanded):
    assert expand_name_abbreviations(lower) == expanded


@pytest.mark.parametrize("word, level", [
    ("TP.", "thành phố"), ("Tp", "thành phố"), ("T.P", "thành phố"), ("tp", "thành phố"),
    ("TX", "thị xã"), ("Tx.", "thị xã"),
    ("TT.", "thị trấn"),
    ("TT", None),                                      # alone: Trung tâm, Thông tư …
    ("TPHCM", None), ("Tỉnh", None),
])
def test_level_of_abbreviation(word, level):
    assert level_of_abbreviation(word) == level
    assert bool(LEVEL_ABBREVIATION.fullmatch(word)) == (level is not None)


def test_every_row_reads_as_a_pair_and_name_rows_are_still_searched():
    table = read_abbreviations()
    assert table["UBND"] == ["Ủy ban nhân dân"]
    assert table["LĐTB&XH"] == ["lao động - thương binh và xã hội"]
    assert all(expansions and all(expansions) for expansions in table.values())


def test_dotted_rows_are_read_before_a_name_only():
    """The rows marked "dotted" (titles and levels written with a dot before a name) come from the same
    table through the basic reader the sentence splitter uses; search does not expand them ("TT" alone
    is also Trung tâm, Thông tư), while the prose row "TP" it had before stays searched."""
    dotted = dotted_abbreviations()
    assert {"TP", "TT", "Q", "P", "TS", "ThS", "Đ/c"} <= set(dotted)
    table = read_abbreviations()
    assert "TT" not in table and "TS" not in table and "Đ/c" not in table
    assert table["TP"] == ["thành phố"]
    assert all(row.use in (None, "name", "dotted") for row in abbreviation_rows())
