"""Issuing bodies: the one home for reading, normalising and comparing issuers.

The same body is written many ways, and both the report's own heading and the documents it
cites name one:

    ỦY BAN NHÂN DÂN / TỈNH HẢI DƯƠNG          heading, one body over two lines
    UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ            heading, parent body over the issuing one
    … của Ủy ban nhân dân thị xã Đức Phồ      a citation, with an OCR tone slip
    … của Quốc hội khoảng 110 tỷ đồng         a citation whose issuer ends after "Quốc hội"

`normalize_issuer` gives every spelling one form ("UBND thị xã Đức Phổ", "Sở Nội vụ tỉnh Lâm
Đồng", "HĐND tỉnh Đồng Tháp"): "Ủy ban nhân dân" and "Hội đồng nhân dân" abbreviated, the level
("tỉnh", "thị xã", "thành phố") in lower case, places in their known spelling, and a heading
written in capitals in the case a body's name takes in running text. `issuer_from_heading`
builds the report's issuer from its heading lines (where a cited issuer stops is
extractors.cited_issuers), `issuer_key` is the form to compare issuers by (search), and `best_issuer` picks the
form a document keeps among its mentions.
"""
from __future__ import annotations

import functools

import regex as re
from collections import Counter
from typing import Iterable

from .gazetteer import PLACES, correct_places, normalize_place
from .lang.abbreviations import (
    LEVEL_ABBREVIATION, abbreviation_of, level_of_abbreviation, shorten_abbreviations, spelled_out, syllables,
)
from .text import fold, is_upper, nfc

# ------------------------------------------------------------------ vocabulary

# Bodies that are complete names on their own: an issuer that starts with one ends with it
# ("của Quốc hội khoảng 110 tỷ đồng", "của Văn phòng Chính phủ Kết luận Phiên họp …").
CENTRAL_BODIES = [
    "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Chính phủ", "Thủ tướng Chính phủ", "Phó Thủ tướng Chính phủ",
    "Văn phòng Chính phủ", "Văn phòng Quốc hội", "Văn phòng Trung ương Đảng", "Văn phòng Chủ tịch nước",
    "Chủ tịch nước", "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương Đảng",
    "Ban Tuyên giáo Trung ương", "Ban Tổ chức Trung ương", "Ban Kinh tế Trung ương", "Ban Nội chính Trung ương",
    "Ban Dân vận Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", "Ủy ban Kiểm tra Trung ương",
    "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao", "Kiểm toán nhà nước", "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam", "Bảo hiểm xã hội Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Dân tộc",
]
# The fields of ministries (Bộ …) and provincial departments (Sở …), as their names are written.
FIELDS = [
    "Nội vụ", "Tư pháp", "Tài chính", "Công Thương", "Xây dựng", "Y tế", "Giáo dục và Đào tạo",
    "Khoa học và Công nghệ", "Nông nghiệp và Môi trường", "Nông nghiệp và Phát triển nông thôn",
    "Tài nguyên và Môi trường", "Văn hóa, Thể thao và Du lịch", "Ngoại vụ", "Ngoại giao",
    "Thông tin và Truyền thông", "Kế hoạch và Đầu tư", "Lao động - Thương binh và Xã hội",
    "Giao thông vận tải", "Dân tộc và Tôn giáo", "Du lịch", "Công an", "Quốc phòng",
]
MINISTRIES = [f"Bộ {f}" for f in FIELDS]
DEPARTMENTS = [f"Sở {f}" for f in FIELDS if f not in ("Công an", "Quốc phòng", "Ngoại giao")]

# The word(s) a body's name starts with, in the case running text gives them, and how its name goes on:
# "council": a People's Committee or Council, named by its level and place ("UBND tỉnh Lâm Đồng");
# "party": a Party committee, named by its place ("Tỉnh ủy Lâm Đồng");
# "named": an office with a name of its own, each part capitalised ("Sở Giáo dục và Đào tạo");
# "described": a board named by what it does, in lower case ("Ban Chỉ đạo phát triển khoa học …").
HEADS = {
    "UBND": "council", "HĐND": "council",
    "Tỉnh ủy": "party", "Thành ủy": "party", "Huyện ủy": "party", "Thị ủy": "party", "Quận ủy": "party",
    "Đảng ủy": "party", "Đảng bộ": "party",
    "Sở": "named", "Bộ": "named", "Cục": "named", "Chi cục": "named", "Tổng cục": "named", "Vụ": "named",
    "Phòng": "named", "Trung tâm": "named", "Văn phòng": "named", "Công an": "named", "Thanh tra": "named",
    "Ban": "named", "Ủy ban": "named", "Viện": "named", "Trường": "named", "Bệnh viện": "named",
    "Hội": "named", "Liên đoàn": "named", "Đoàn": "named", "Kho bạc Nhà nước": "named", "Thuế": "named",
    "Bảo hiểm xã hội": "named", "Bộ Chỉ huy Quân sự": "named", "Bộ Chỉ huy Bộ đội Biên phòng": "named",
    "Ban Chỉ đạo": "described", "Ban Quản lý": "described", "Hội đồng": "described", "Tổ công tác": "described",
    "Ban Thường vụ": "named", "Ban Tuyên giáo": "named", "Ban Tổ chức": "named", "Ban Dân vận": "named",
    "Ban Nội chính": "named", "Ủy ban Kiểm tra": "named", "Ủy ban Mặt trận Tổ quốc Việt Nam": "named",
}
# "Ủy ban nhân dân" and "Hội đồng nhân dân" in any case or spelling of "Ủy"/"Uỷ", with the line
# breaks and emphasis marks a crawled heading leaves inside them ("ỦY BAN NHÂN\nDÂN**").
_PEOPLES_BODY = re.compile(r"(?i:(?:ủy|uỷ)\s+ban|hội\s+đồng)\s+(?i:nhân)\s+(?i:dân)(?!\w)")

# Administrative levels, as written in a heading or after a body ("TP." is "thành phố").
LEVELS = ["thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "huyện", "quận", "phường", "xã"]

# A term or successor qualifier after an issuer, dropped: "(Khóa XI)", "khóa XX", "(nay là UBND thị xã …)".
ISSUER_QUALIFIER = re.compile(
    r"""\s*(?:
        \(\s*(?i:khóa|khoá|nhiệm\s+kỳ)\s+[^)]*\)
      | (?i:khóa|khoá)\s+[IVXLC]+\b
      | \(\s*(?i:nay\s+là)\s+[^)]*\)
    )""",
    re.VERBOSE,
)

_EMPHASIS = re.compile(r"[*_]+")
_VOWEL = re.compile(r"[aeiouy]")
_SCHOOL_KINDS = {"THPT", "THCS", "TH", "MN", "PTDTNT", "PTDTBT", "TH&THCS", "THCS&THPT"}   # "Trường THCS Tịnh Hòa"


# Known names by their folded words, longest first: the casing a known name takes.
_KNOWN_NAMES = sorted(
    [(tuple(fold(n).lower().split()), n) for n in (*CENTRAL_BODIES, *MINISTRIES, *DEPARTMENTS)],
    key=lambda item: len(item[0]), reverse=True,
)
_HEADS_BY_KEY = sorted(
    [(tuple(fold(h).lower().split()), h, kind) for h, kind in HEADS.items()]
    + [(tuple(fold(spelled_out(h)).lower().split()), h, kind) for h, kind in HEADS.items() if kind == "council"],
    key=lambda item: len(item[0]), reverse=True,
)
_FIELDS_BY_KEY = sorted([(tuple(fold(f).lower().replace(",", " ,").split()), f) for f in FIELDS],
                        key=lambda item: len(item[0]), reverse=True)
_LEVELS_BY_WORD = sorted([(tuple(lv.split()), lv) for lv in LEVELS], key=lambda item: len(item[0]), reverse=True)


def _by_first_word(table: list[tuple]) -> dict[str, list[tuple]]:
    """Entries (folded words, value…) by their first word, keeping the table's (longest-first) order."""
    index: dict[str, list[tuple]] = {}
    for entry in table:
        index.setdefault(entry[0][0], []).append(entry)
    return index


def _match_words(index: dict[str, list[tuple]], keys: list[str], i: int):
    """The first entry of an index whose folded words start at keys[i], with its length."""
    if i >= len(keys):
        return None
    for words, *value in index.get(keys[i], ()):
        if tuple(keys[i: i + len(words)]) == words:
            return len(words), value
    return None


_KNOWN_NAMES_INDEX = _by_first_word(_KNOWN_NAMES)
_HEADS_BY_KEY_INDEX = _by_first_word(_HEADS_BY_KEY)
_FIELDS_BY_KEY_INDEX = _by_first_word(_FIELDS_BY_KEY)


def _tokens(text: str) -> list[str]:
    """Words, with the commas between them kept as tokens of their own ("KHOA HỌC, CÔNG NGHỆ")."""
    return _TOKEN.findall(text)


def _level_at(tokens: list[str], i: int):
    """(number of words, level) of the administrative level written at tokens[i], in any case, with its
    tone marks or with none ("TỈNH", "TINH" are a level; "TỊNH" in "Tịnh Hòa" is a name), else None."""
    if i >= len(tokens):
        return None
    if level := level_of_abbreviation(tokens[i]):
        return 1, level
    words = [t.lower() for t in tokens[i: i + 2]]
    for level_words, level in _LEVELS_BY_WORD:
        if len(words) >= len(level_words) and all(
                w == lw or (w == fold(w) and w == fold(lw))    # marks stripped: "XA", "HUYEN", "Thành pho"
                for w, lw in zip(words, level_words)):
            return len(level_words), level
    return None


def _place_case(words: list[str]) -> str:
    place = " ".join(w if not is_upper(w) or any(c.isdigit() for c in w) else w.capitalize() for w in words)
    return normalize_place(place)


def _name_case(tokens: list[str], described: bool) -> str:
    """A name written in capitals in running-text case: each part capitalised ("Giáo dục và Đào tạo"),
    or all in lower case for a board named by its task; codes with digits or "&" stay as written, and
    the proper name after a kind of school in letters is capitalised word by word ("THCS Tịnh Hòa")."""
    out, part_start, proper_name = [], True, False
    for token in tokens:
        if token in (",", "-", "–") or fold(token).lower() == "va":
            out.append(token.lower())
            part_start = True
            continue
        if (any(c.isdigit() for c in token) or "&" in token or not _VOWEL.search(fold(token).lower())
                or token in ("UBND", "HĐND")):
            out.append(token)                             # a code or an acronym: "06", "GD&ĐT", "PCTP"
            proper_name = proper_name or token in _SCHOOL_KINDS
        elif (part_start or proper_name) and not described:
            out.append(token.capitalize())
        else:
            out.append(token.lower())
        part_start = False
    return " ".join(out).replace(" ,", ",")


def _recase_capitals(issuer: str) -> str:
    """"SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG" -> "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"."""
    tokens = _tokens(issuer)
    keys = [fold(t).lower() for t in tokens]
    out: list[str] = []
    i, described = 0, False
    while i < len(tokens):
        known = _match_words(_KNOWN_NAMES_INDEX, keys, i)
        if known:
            out.append(known[1][0])
            i += known[0]
            continue
        head = _match_words(_HEADS_BY_KEY_INDEX, keys, i)
        if head and head[1][1] == "party" and i + head[0] < len(tokens):     # "… TỈNH ỦY LÂM ĐỒNG"
            out.append(head[1][0])
            out.append(_place_case(tokens[i + head[0]:]))
            break
        if head and not out:
            n, (written, kind) = head
            out.append(written)
            i += n
            described = kind == "described"
            field = _match_words(_FIELDS_BY_KEY_INDEX, keys, i)
            if field:
                out.append(field[1][0])
                i += field[0]
            continue
        level = _level_at(tokens, i)
        if level:
            n, written = level
            out.append(written)
            out.append(_place_case(tokens[i + n:]))
            break
        # a name: up to the next level word
        j = i
        while j < len(tokens) and not _level_at(tokens, j):
            j += 1
        out.append(_name_case(tokens[i:j], described))
        i = j
    return " ".join(part for part in out if part)


_CAPITALISED_LEVEL = re.compile(
    r"(?<=UBND |HĐND )(?:Thị xã|Thành phố|Thị trấn|Tỉnh|Huyện|Quận|Xã|Phường|Đặc khu)(?! ủy)")
_COUNCIL_OF_CITY = re.compile(r"(?:UBND|HĐND)\s+(?:TP|Tp|tp)\b")     # "UBND TP. Hồ Chí Minh"
_TOKEN = re.compile(r"[^\s,]+|,")         # words, and commas as tokens of their own
_LEVEL_ABBREVIATION = re.compile(rf"(?<!\w)(?:{LEVEL_ABBREVIATION.pattern})\s+(?=\w)")   # "TP. Hồ Chí Minh"


@functools.lru_cache(maxsize=1 << 16)   # a pure function of a short string, asked for every mention
def normalize_issuer(issuer: str | None) -> str | None:
    """One form for every spelling of a body: "ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỔ", "Ủy ban nhân dân thị
    xã Đức Phồ", "UBND Thị xã Đức Phổ" -> "UBND thị xã Đức Phổ"; qualifiers ("(Khóa XI)") dropped."""
    if not issuer:
        return None
    s = " ".join(_EMPHASIS.sub("", nfc(issuer)).split()).strip(" .,;:-–")
    s = ISSUER_QUALIFIER.sub("", s).strip()
    if not s:
        return None
    s = _PEOPLES_BODY.sub(lambda m: abbreviation_of(m.group()), s)
    if is_upper(s.replace("UBND", "").replace("HĐND", "")) and any(c.isalpha() for c in s):
        s = _recase_capitals(s)
    if _COUNCIL_OF_CITY.search(s):
        s = _LEVEL_ABBREVIATION.sub(lambda m: level_of_abbreviation(m.group().rstrip()) + " ", s)
    s = _CAPITALISED_LEVEL.sub(lambda m: m.group(0).lower(), s)
    return _complete_cut_place(correct_places(s))


def _complete_cut_place(issuer: str) -> str:
    """A place cut short by a line break at the issuer's end ("UBND thành phố Hồ Chí" / "Minh")
    completed when exactly one known place starts with its words."""
    words = issuer.split()

    def level_ends_at(end: int) -> bool:       # as written: "Tịnh" folds like "tỉnh" but is a name
        return any(" ".join(words[end - size: end]).lower() in LEVELS for size in (1, 2) if end >= size)

    for n in (2, 1):
        if len(words) <= n or not level_ends_at(len(words) - n):
            continue
        tail = [fold(w).lower() for w in words[-n:]]
        places = [p for p in PLACES if (pw := fold(p).lower().split())[:n] == tail and len(pw) > n]
        if len(places) == 1:
            return " ".join(words[:-n] + [places[0]])
    return issuer


@functools.lru_cache(maxsize=1 << 16)
def issuer_key(issuer: str | None) -> str | None:
    """The form to compare issuers by (documents, search): normalised, folded syllables, each
    spelled-out abbreviation shortened. "Ủy ban nhân dân thị xã Đức Phổ" and "UBND thị xã Đức Phồ"
    give "ubnd thi xa duc pho"; "Sở Thông tin và Truyền thông" and "STTTT" give "stttt"."""
    normalized = normalize_issuer(issuer)
    if normalized is None:
        return None
    return " ".join(shorten_abbreviations(syllables(normalized)))


# ------------------------------------------------------------------ the report's heading

def _heading_bodies(parts: list[str]) -> list[list[str]]:
    """The heading's upper-case lines as bodies: a line that does not start with a body's head word
    ("TỈNH HẢI DƯƠNG", "DÂN", "THƯƠNG MẠI VÀ DU LỊCH") goes on the body above it; a council or Party
    committee with its place ends where the next head word starts ("UBND TỈNH LÂM ĐỒNG BAN CHỈ ĐẠO …",
    a heading flattened onto one line)."""
    bodies: list[list[str]] = []
    for part in parts:
        tokens = _tokens(" ".join(_EMPHASIS.sub("", part).split()))
        keys = [fold(t).lower() for t in tokens]
        start = 0
        for i in range(len(tokens)):
            if i == 0:
                continue
            head = _match_words(_HEADS_BY_KEY_INDEX, keys, i)
            if head and _has_place(tokens[start:i]) and not _level_at(tokens, i - 1):
                (bodies.append(tokens[start:i]) if start or not bodies or _starts_with_head(tokens[start:i])
                 else bodies[-1].extend(tokens[start:i]))
                start = i
        piece = tokens[start:]
        if not piece:
            continue
        if start == 0 and bodies and (not _starts_with_head(piece) or not _complete(bodies[-1])):
            bodies[-1].extend(piece)
        else:
            bodies.append(piece)
    return bodies


def _starts_with_head(tokens: list[str]) -> bool:
    keys = [fold(t).lower() for t in tokens]
    return bool(_match_words(_HEADS_BY_KEY_INDEX, keys, 0) or _match_words(_KNOWN_NAMES_INDEX, keys, 0))


def _has_place(tokens: list[str]) -> bool:
    """A level followed by at least one word ("TỈNH LÂM ĐỒNG"), or a Party committee and a place."""
    keys = [fold(t).lower() for t in tokens]
    for i in range(len(tokens)):
        level = _level_at(tokens, i)
        if level and i + level[0] < len(tokens):
            return True
    head = _match_words(_HEADS_BY_KEY_INDEX, keys, 0)
    return bool(head and head[1][1] == "party" and head[0] < len(keys))


def _complete(tokens: list[str]) -> bool:
    """A body that names itself fully: not a council still waiting for its level and place."""
    keys = [fold(t).lower() for t in tokens]
    head = _match_words(_HEADS_BY_KEY_INDEX, keys, 0)
    if head and head[1][1] == "council":
        return _has_place(tokens)
    return head is None or head[0] < len(keys) or bool(_match_words(_KNOWN_NAMES_INDEX, keys, 0))


def _place_of(tokens: list[str]) -> list[str] | None:
    """The level and place that close a body ("TỈNH LÂM ĐỒNG"), else None."""
    for i in range(len(tokens)):
        level = _level_at(tokens, i)
        if level and i + level[0] < len(tokens):
            return tokens[i:]
    return None


def issuer_from_heading(parts: list[str]) -> str | None:
    """The issuer of a report from the upper-case lines of its heading's left column.

    ["ỦY BAN NHÂN DÂN", "THỊ XÃ ĐỨC PHỔ"] -> "UBND thị xã Đức Phổ" (one body over two lines);
    ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"] -> "Sở Nội vụ tỉnh Lâm Đồng" (the parent's place completes it);
    ["ĐẢNG BỘ TỈNH QUẢNG NGÃI", "THỊ ỦY ĐỨC PHỔ"] -> "Thị ủy Đức Phổ" (a body with a place of its own).
    """
    bodies = _heading_bodies([p for p in parts if p.strip()])
    if not bodies:
        return None
    issuer = bodies[-1]
    if len(bodies) > 1 and not _has_place(issuer):
        parent = bodies[-2]
        keys = [fold(t).lower() for t in parent]
        head = _match_words(_HEADS_BY_KEY_INDEX, keys, 0)
        own = _match_words(_HEADS_BY_KEY_INDEX, [fold(t).lower() for t in issuer], 0)
        office = own and own[0] == len(issuer) and own[1][0] == "Văn phòng"
        council_board = own and own[1][0] == "Ban" and parent[0].upper() in ("HĐND", "HỘI")
        if head and (head[1][1] == "party" or office or council_board):
            issuer = issuer + parent                      # "Ban Tuyên giáo" + "Tỉnh ủy Lâm Đồng",
                                                          # "Văn phòng" + "UBND tỉnh Bình Định",
                                                          # "Ban Pháp chế" + "HĐND tỉnh Đồng Tháp"
        elif head and head[1][1] == "council" and (place := _place_of(parent)):
            issuer = issuer + place                       # "Sở Nội vụ" + "tỉnh Lâm Đồng"
    return normalize_issuer(" ".join(issuer).replace(" ,", ","))


# ------------------------------------------------------------------ the form a document keeps

def best_issuer(issuers: Iterable[str | None]) -> str | None:
    """The form a document keeps among its mentions' (normalised) issuers: the one most mentions
    agree with, then the longest, then the first in sorting order (so the order the mentions were read
    in never decides). A mention agrees with its own form and with a form that only adds the place
    ("UBND tỉnh" agrees with "UBND tỉnh Quảng Ngãi"), not with one that runs on into other words
    ("Chính phủ" does not agree with "Chính phủ Quy định chi tiết")."""
    counted = Counter(i for i in issuers if i)
    if len(counted) < 2:            # (no form, or one: as for most documents, nothing to weigh)
        return next(iter(counted), None)
    keys = {i: _agreement_key(i) for i in counted}

    def agrees(form_key: str, other_key: str) -> bool:
        if form_key == other_key:
            return True
        rest = form_key[len(other_key) + 1:] if form_key.startswith(other_key + " ") else ""
        return bool(rest) and (rest.split()[0] in _FOLDED_LEVEL_WORDS or rest in _FOLDED_PLACES)

    def support(form: str) -> int:
        return sum(n for other, n in counted.items() if agrees(keys[form], keys[other]))

    return min(counted, key=lambda form: (-support(form), -len(form), form))


@functools.lru_cache(maxsize=1 << 16)
def _agreement_key(issuer: str) -> str:
    """The folded words of a normalised issuer, before abbreviations are shortened: issuer_key would make
    "thành phố Hồ Chí Minh" one token ("tphcm"), and the place a form adds could not be told apart."""
    return " ".join(syllables(normalize_issuer(issuer) or ""))


# What a more complete issuer may add: a level and its place, or a place ("… tỉnh Quảng Ngãi").
_FOLDED_LEVEL_WORDS = {fold(level).split()[0] for level in LEVELS}
_FOLDED_PLACES = {" ".join(syllables(place)) for place in PLACES}
