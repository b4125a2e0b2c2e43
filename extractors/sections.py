"""Heading paths: the numbered section every line of a report sits under.

Vietnamese administrative documents number their sections in a fixed order of
levels (Nghị định 30/2020, and every seed report):

    PHẦN THỨ NHẤT (+ its title line), PHỤ LỤC I (+ caption),
    Phụ biểu 01, Biểu số 02 (appendix tables)                  level 1
    Chương I (+ its title line)                                level 2
    Mục 1 (a group of articles)                                level 3
    I.  II.  IV ĐÁNH GIÁ CHUNG (roman, dot optional)           level 4
    Điều 1. (an article of a decision or regulation)           level 4
    1.                                                         level 5
    1.1.   2.3 (last dot optional)                             level 6
    2.1.1.                                                     level 7
    2.1.1.1.                                                   level 8
    a)  đ)                                                     level 9

Lines above the first heading (a decision's "Căn cứ …" lines, a letter's body)
sit in the opening, OPENING_SECTION, so every extraction names a section.

Headings are read from `Text.paragraphs()`, so a heading hard-wrapped across
lines in PDF text counts once, at its first line. Numbering in the sources is
often broken (two "III." in a row, a repeated "II."): a heading simply replaces
the previous heading at its level and clears the deeper ones.
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from .text import APPENDIX_CAPTION, Paragraph, Text, is_upper, plain

PART_LEVEL, CHAPTER_LEVEL, GROUP_LEVEL, ROMAN_LEVEL, ARTICLE_LEVEL, LETTER_LEVEL = 1, 2, 3, 4, 4, 9
PATH_SEPARATOR = " > "
OPENING_SECTION = "Phần mở đầu"
MAX_TITLE_CHARS = 160

PART_HEADING = re.compile(
    r"""^(?:
        PHẦN \s+ (?:THỨ \s+ [^\W\d_]+ | [IVXLC]+ | \d{1,2})      # PHẦN THỨ NHẤT, PHẦN I, PHẦN 2
      | Phần \s+ (?:thứ \s+ [^\W\d_]+ | [IVXLC]+ | \d{1,2})      # Phần thứ hai
    ) (?=$|[\s.:–-])""",
    re.VERBOSE,
)

# "Chương I", "CHƯƠNG II. QUY ĐỊNH CHUNG", "Chương 3": a chapter of a regulation.
CHAPTER_HEADING = re.compile(r"^(?:CHƯƠNG|Chương) \s+ (?:[IVXLC]+ | \d{1,2}) (?=$|[\s.:–-])", re.VERBOSE)

# "Mục 1. QUY ĐỊNH CHUNG", "MỤC 2": a group of articles inside a chapter (not "Mục tiêu").
GROUP_HEADING = re.compile(r"^(?:MỤC|Mục) \s+ (?:[IVXLC]+ | \d{1,2}) (?=$|[\s.:–-])", re.VERBOSE)

# "Điều 1. Phê duyệt Kế hoạch …", "Điều 2: Tổ chức thực hiện", "ĐIỀU 3.": an article; the
# number must be followed by "." or ":" ("Điều 5 Luật …" starting a sentence is a mention).
ARTICLE_HEADING = re.compile(
    r"""^(?:Điều|ĐIỀU) \s+ \d{1,3} [a-z]? \s* [.:] \s*   # Điều 1.   Điều 12a:
        (?P<title> .* )$""",
    re.VERBOSE,
)

ROMAN_HEADING = re.compile(
    r"""^(?P<numeral> X{0,3}(?:IX|IV|V?I{1,3}|V) )              # I … XXXIX, a real numeral
        (?: [.)] \s* | / \s+ | \s* [–-] \s+                    # "II." "II)" "II/ " "II -" (not "V/v")
          | \s+ (?P<bare>(?=\S)) )                              # "IV ĐÁNH GIÁ CHUNG" (no dot)
        (?P<title> \S.* )$""",
    re.VERBOSE,
)

NUMBERED_HEADING = re.compile(
    r"""^(?P<label> \d{1,2} (?:\.\d{1,2}){0,3} )               # 1   1.1   2.1.1
        (?P<dot> \. )?                                          # "1." needs it; "2.3 " may omit it
        \s+ (?P<title> [^\W\d_"“(].* )$                         # starts with a letter or a quote
    """,
    re.VERBOSE,
)

LETTER_HEADING = re.compile(r"^(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$")   # a) … đ) …

# How every heading above begins (PH… for PHẦN/PHỤ LỤC, a roman numeral, a digit, "a)"): a
# paragraph starting otherwise is not read any further.
_HEADING_START = re.compile(r"PH|Ph|BI|Bi|CH|Ch|MỤ|Mụ|ĐI|Đi|[IVX]|\d|[a-zđ]\)")

# Where an item paragraph's title ends: at a colon or a sentence end; at a
# semicolon only when the paragraph is too long to be a heading itself
# ("5. Bảo đảm an toàn, an ninh thông tin; giữ vững chủ quyền …" stays whole).
_TITLE_END = re.compile(r"(?:[:]|\.(?=\s+[A-ZĐÀ-Ỹ]))(?=\s|$)")
_CLAUSE_END = re.compile(r";(?=\s|$)")

# An appendix caption ends before the "(Ban hành kèm theo …)" / "(Kèm theo …)" line.
_CAPTION_TAIL = re.compile(r"\s*\((?:Ban\s+hành\s+)?[Kk]èm\s+theo\b.*$")


class Heading(NamedTuple):
    line: int      # 1-based line where the heading starts
    level: int     # 1 (PHẦN, PHỤ LỤC) … 7 (a))
    title: str     # as written, label included: "1.1. Việc triển khai …"


def _shorten(label: str, rest: str) -> str:
    """The heading's label plus its text, cut to the first clause when it runs on."""
    for end_pattern in (_TITLE_END, _CLAUSE_END):
        end = end_pattern.search(rest)
        if end and (end_pattern is _TITLE_END or len(rest) > MAX_TITLE_CHARS):
            rest = rest[: end.start()]
    rest = rest.strip(" .,:;")
    title = f"{label} {rest}" if rest else label
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def _heading_of(text: str) -> tuple[int, str, bool] | None:
    """(level, title, needs_caption) when a paragraph's text is a section heading.

    needs_caption: a bare "PHẦN THỨ NHẤT" / "PHỤ LỤC I" / "Chương II" whose title is the next paragraph.
    """
    for pattern, level in ((PART_HEADING, PART_LEVEL), (APPENDIX_CAPTION, PART_LEVEL),
                           (CHAPTER_HEADING, CHAPTER_LEVEL), (GROUP_HEADING, GROUP_LEVEL)):
        if m := pattern.match(text):
            rest = text[m.end():]
            if not is_upper(m[0]) and rest.strip() and not rest.lstrip()[0] in ".:–-":
                return None      # "Phụ lục II kèm theo …": a sentence that mentions the appendix
            return level, _CAPTION_TAIL.sub("", text), not rest.strip(" .:–-")
    if m := ARTICLE_HEADING.match(text):
        return ARTICLE_LEVEL, _shorten(text[: m.start("title")].strip(), m["title"]), False
    if m := ROMAN_HEADING.match(text):
        title = m["title"]
        if m["bare"] is not None and not is_upper(title):
            return None          # "I Nhóm phát triển …": a table's group row, not a heading
        label = text[: m.start("title")].strip()
        return ROMAN_LEVEL, _shorten(label, title), False
    if m := NUMBERED_HEADING.match(text):
        depth = m["label"].count(".") + 1
        if depth == 1 and not m["dot"]:
            return None          # "1 Duy trì …": a table row number
        label = text[: m.start("title")].strip()
        return ROMAN_LEVEL + depth, _shorten(label, m["title"]), False
    if m := LETTER_HEADING.match(text):
        return LETTER_LEVEL, _shorten(f"{m['label']})", m["title"]), False
    return None


# A line ending like this is cut mid-phrase, so a capital on the next line is a name going on
# ("… của Thủ tướng" / "Chính phủ", "… Thông tin và" / "Truyền thông"), not the body starting.
_OPEN_ENDED = re.compile(
    r"(?:[,\-–]|\b(?:của|và|về|với|các|cho|trong|tại|theo|đến|từ|là|những|thực\s+hiện|Nghị|Quyết|Chỉ))\s*$"
)


def _heading_text(paragraph: Paragraph) -> str:
    """A heading's own lines out of its paragraph, without the body text PDF wrapping glued on.

    A wrapped heading goes on in lower case ("… về ứng dụng" / "công nghệ thông tin") or, when
    written in capitals, in capitals; a line starting with a capital after a mixed-case heading
    ("1.2. Phát triển kinh tế số" / "Tỷ lệ doanh nghiệp …") is the body.
    """
    first = plain(paragraph.lines[0].text)
    in_capitals = is_upper(first)
    parts = [first]
    for line in paragraph.lines[1:]:
        text = plain(line.text)
        before_bracket = text.split("(")[0]     # "… 2023 (Ban hành kèm theo …": judge the words before it
        if not text or (in_capitals and before_bracket.strip() and not is_upper(before_bracket)):
            break
        if not in_capitals and text[0].isupper() and not _OPEN_ENDED.search(parts[-1]):
            break
        # "NGHỊ QUYẾT SỐ 36-" / "NQ/TW": a symbol broken at its hyphen closes up again.
        parts.append(text if re.search(r"\S[-/]$", parts[-1]) else " " + text)
    return "".join(parts)


def is_heading(text: str) -> bool:
    """Whether a paragraph's text is a section heading ("II. MỤC TIÊU", "a) Về …")."""
    return _heading_of(plain(text)) is not None


def _caption_of(paragraph: Paragraph, part: bool) -> str | None:
    """The title line under "PHẦN THỨ NHẤT" (upper case) or the caption under "PHỤ LỤC I"."""
    text = _CAPTION_TAIL.sub("", _heading_text(paragraph))
    if paragraph.first_line.is_table_row or not text or text.startswith("(") or _heading_of(text):
        return None
    if text.startswith(("Đơn vị tính", "ĐVT")) or len(text) > 300:
        return None
    if part and not is_upper(text):
        return None
    return text


def find_headings(text: Text) -> list[Heading]:
    headings: list[Heading] = []
    paragraphs = [p for p in text.paragraphs() if not p.first_line.is_table_row]
    captions: set[int] = set()       # paragraphs already taken as a part's title
    for i, paragraph in enumerate(paragraphs):
        if i in captions or not _HEADING_START.match(plain(paragraph.lines[0].text)):
            continue
        heading_text = _heading_text(paragraph)
        found = _heading_of(heading_text)
        if not found:
            continue
        level, title, needs_caption = found
        if needs_caption and i + 1 < len(paragraphs):
            caption = _caption_of(paragraphs[i + 1], part=level in (PART_LEVEL, CHAPTER_LEVEL, GROUP_LEVEL)
                                  and not APPENDIX_CAPTION.match(heading_text))
            if caption:
                title = f"{title.rstrip(' .:')}: {caption}"
                captions.add(i + 1)
        headings.append(Heading(paragraph.first_line.number, level, title))
    return headings


class SectionIndex:
    """Which headings a line sits under.

    >>> index = SectionIndex(text)
    >>> index.path_at(70)
    'II. KẾT QUẢ THỰC HIỆN > 1. Về ứng dụng … > 1.1. Việc triển khai … > a) Ban hành …'
    """

    def __init__(self, text: Text):
        self.headings: list[Heading] = find_headings(text)
        self._starts: list[int] = []
        self._stacks: list[tuple[str, ...]] = []
        open_headings: list[Heading] = []
        for heading in self.headings:
            open_headings = [h for h in open_headings if h.level < heading.level] + [heading]
            self._starts.append(heading.line)
            self._stacks.append(tuple(h.title for h in open_headings))

    def titles_at(self, line: int) -> list[str]:
        """Titles of the headings a line sits under, outermost first ([] before the first heading)."""
        i = bisect.bisect_right(self._starts, line) - 1
        return list(self._stacks[i]) if i >= 0 else []

    def path_at(self, line: int) -> str:
        """The heading path of a line; OPENING_SECTION above the first heading."""
        titles = self.titles_at(line)
        return PATH_SEPARATOR.join(titles) if titles else OPENING_SECTION
