"""Normalised report text: the one representation every extractor reads.

A loader hands over raw lines (with the page each came from). `Text.from_lines`
normalises them (Unicode NFC, whitespace) without ever merging or splitting
lines, so `Line.number` is the 1-based line of `reports.text` that a reader can
find. Tables are rendered by the loaders as one row per line with cells
separated by TAB, so one table parser serves TXT, DOCX and PDF alike.

PDF text extraction hard-wraps sentences ("... của UBND thị xã Đức" / "Phổ ..."),
often with blank lines in between. `Text.paragraphs()` re-joins such lines
into logical paragraphs, keeping a map from every character back to its line.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import regex

# Characters that PDFs and Word files use for spaces, and ones that carry nothing.
_SPACE_LIKE = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Either kind, found in one pass (most texts have none, and then nothing else is read).
_ODD_SPACE = re.compile(f"[{_SPACE_LIKE}{_INVISIBLE}]")
_RUN_OF_SPACES = re.compile(r" {2,}")

# A line that ends a sentence: the next line starts something new.
_ENDS_SENTENCE = re.compile(r"[.!?]\s*[*_)\]”\"]*\s*$")
# A line that ends a clause (":" or ";"): continued only by a lower-case or digit start.
_ENDS_CLAUSE = re.compile(r"[:;]\s*[*_)\]”\"]*\s*$")
# A footnote's or endnote's mark as the loaders write it, in the body ("…Đề án 06[3] …") and at
# the head of the note's own line ("[3] Công văn …"); endnotes are numbered "[i]", "[ii]" ….
FOOTNOTE_MARK = r"\[(?:\d{1,3}|[ivxlc]{1,6})\]"
# An appendix's caption, written the ways offices write it; its one definition: sections read it
# as a heading, tables as the caption above a table, the header as a document that is an appendix.
APPENDIX_CAPTION = re.compile(
    r"""(?P<appendix_word>
          PH[ỤU] \s+ (?:L[ỤU]C | BI[ỂE]U)                   # PHỤ LỤC, PHỤ BIỂU (PHU LUC: OCR lost the marks)
        | Ph[ụu] \s+ (?:[Ll][ụu]c | [Bb]i[ểe]u)             # Phụ lục, Phụ Lục, Phụ biểu
        | (?:BIỂU | Biểu) (?= \s+ (?:số|SỐ) \s+ \d) )       # Biểu số 02 (an appendix table)
      (?: \s+ (?:(?:số|SỐ) \s+)?                           # Phụ lục số 2
          (?: [IVXLC]+ [a-z]? | \d{1,2} [a-z]? | [A-Z]) )?   # II, 02, 3a, A (and OCR's "H" for "II")
      (?= $ | [\s.:–-])""",
    re.VERBOSE,
)
# The caption alone on its line ("PHỤ LỤC II", "Phụ lục 2:"), not "Phụ lục I đính kèm …" in prose;
# alone, it is one in any case ("phụ lục ii" in a text typed in lower case).
APPENDIX_CAPTION_LINE = re.compile(APPENDIX_CAPTION.pattern + r"\s*[.:]?$", re.VERBOSE | re.IGNORECASE)
# The heading of a document's distribution list, "Nơi nhận:" (pattern text): a new block here, the end
# of the signature's search and of a plan's tasks and tables elsewhere.
RECIPIENTS_HEADING = r"Nơi\s+nhận"
# A line that starts a list item or numbered heading: never glued to the line before.
_STARTS_BLOCK = re.compile(
    r"""^\s*(?:
        [-–—+•*]\s            # bullet
      | [IVXLC]+\.?\s          # roman heading "II. ", "IV "
      | \d{1,2}(?:\.\d{1,2})*\.\s   # "1. ", "1.1. " (not "2022 " or "1.710 ")
      | \d{1,2}(?:\.\d{1,2})+\s     # "2.3 "
      | [a-zđ]\)\s             # "a) ", "đ) "
      | PHẦN\b | RECIPIENTS_HEADING\b
      | APPENDIX_CAPTION       # "PHỤ LỤC II", "Biểu số 02"
      | FOOTNOTE_MARK\s       # a footnote or endnote as the loaders write it: "[3] Công văn …"
    )""".replace("FOOTNOTE_MARK", FOOTNOTE_MARK).replace("APPENDIX_CAPTION", APPENDIX_CAPTION.pattern)
        .replace("RECIPIENTS_HEADING", RECIPIENTS_HEADING),
    re.VERBOSE,
)
# (the `regex` module for the Unicode property: every lower-case Vietnamese letter, composed or not)
STARTS_LOWER_OR_DIGIT = regex.compile(r"^\s*[\p{Ll}0-9(]")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def normalize_lines(raw: str) -> str:
    """NFC, look-alike letters repaired, no invisible characters, single spaces; TAB kept as the
    cell separator. Line by line, but in one pass over the whole text (no step crosses a "\n")."""
    # Letters that look like Vietnamese ones but are not: OCR and some fonts give the Icelandic
    # eth "Ð/ð" (U+00D0/F0) for "Đ/đ" (U+0110/11), which breaks "QĐ-UBND" and "ĐỊNH".
    # (str.replace: str.translate with a table is ten times slower on a whole report.)
    s = nfc(raw).replace("Ð", "Đ").replace("ð", "đ")
    # U+FFFE is no character: PDFium (and text copied from it) leaves it for a hyphen it took
    # for a line-end hyphenation, also inside symbols ("428/TTXT\ufffeĐTDN").
    s = s.replace("\ufffe", "-")
    if _ODD_SPACE.search(s):
        s = _ODD_SPACE.sub(lambda m: "" if m.group() in _INVISIBLE else " ", s)
    s = s.replace("\r", "")
    if "  " in s:
        s = _RUN_OF_SPACES.sub(" ", s)
    # Runs are single spaces now, so one space at most sits beside a TAB or a line end: plain
    # replaces, far cheaper than a pattern that may start (with a space) anywhere.
    if "\t" in s:
        s = s.replace(" \t", "\t").replace("\t ", "\t")
    s = s.replace(" \n", "\n").replace("\n ", "\n")
    return s[s.startswith(" "):len(s) - s.endswith(" ")] if s else s


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def _strip_marks(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s.translate(_FOLD_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _StrippedChars(dict):
    """ord(c) -> c without its marks, filled as characters are met (str.translate reads it).

    Decomposition works character by character and canonical reordering only moves
    marks, which are all dropped, so stripping each character alone gives the same text.
    """

    def __missing__(self, code: int) -> str:
        stripped = _strip_marks(chr(code))
        if code < 0x2100:   # Latin (Vietnamese included), Greek, Cyrillic, punctuation: a bounded table
            self[code] = stripped
        return stripped


_STRIPPED = _StrippedChars()

# The blocks Vietnamese text is written in (Latin and its extensions, combining marks, Latin Extended
# Additional, punctuation, arrows and mathematical signs, shapes, Word's Symbol-font bullets):
# every character there folded and lower-cased, as a plain dict, which str.translate reads a third
# faster than the self-filling one (a report's text and its rows' search_text are folded).
_FOLD_BLOCKS = [(0x0000, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00), (0x2000, 0x2300), (0x25A0, 0x2700),
                (0xF000, 0xF100)]
# Per character, lower() gives what it gives on the whole text except for the capital sigma (final
# sigma depends on the letters around it); it lies outside these blocks (Greek), like every
# character whose folded form holds one (tests/test_fold.py).
_FOLDED = {code: (_strip_marks(c) if unicodedata.decomposition(c) or unicodedata.combining(c) or c in "đĐ"
                  else c).lower()     # (a character with no decomposition and no mark is itself: no NFD)
           for first, end in _FOLD_BLOCKS for code in range(first, end) for c in [chr(code)]}
# (no block bound is a character special in a class: "]", "\\", "^" or "-")
_OUTSIDE_FOLD_BLOCKS = re.compile("[^" + "".join(f"{chr(first)}-{chr(end - 1)}" for first, end in _FOLD_BLOCKS) + "]")


def fold(s: str) -> str:
    """Lower-case ASCII-ish form for matching without diacritics.

    Unicode decomposition strips tone marks but leaves đ/Đ alone (it is a
    separate letter, not d + mark), so it is mapped explicitly.
    """
    if _OUTSIDE_FOLD_BLOCKS.search(s):     # (rare: Greek, CJK, …) character by character, then lower()
        return s.translate(_STRIPPED).lower()   # on the whole text: it depends on context (final sigma)
    return s.translate(_FOLDED)


# Markdown emphasis the loaders keep from bold/italic runs ("**KT. CHỦ TỊCH", "*Đức Phổ, ngày …*").
_EMPHASIS = re.compile(r"\*\*|(?<!\w)[*_]|[*_](?!\w)")


def plain(text: str) -> str:
    """Without emphasis markers or doubled spaces: "**KT. CHỦ TỊCH" -> "KT. CHỦ TỊCH"."""
    if "*" in text or "_" in text:   # (most text has none: spare the regex)
        text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


# Quote marks and strokes a scan's specks are read as, and the mark that closes each opening one.
_SPECK_MATES = {"\"": "\"", "'": "'", "`": "`", "|": "|", "~": "~", "“": "”", "‘": "’"}
_SPECK_OPENERS = {close: opening for opening, close in _SPECK_MATES.items()}
SPECKS = "".join(_SPECK_MATES) + "”’"


def without_specks(text: str) -> str:
    """`text` without the specks OCR glues to its ends: a quote mark or stroke whose mate is not in the
    text ('"Trần Văn Lợi' -> 'Trần Văn Lợi'); a quoted phrase keeps its marks ('“Ngày hội” năm 2024')."""
    while text and text[0] in _SPECK_MATES and _SPECK_MATES[text[0]] not in text[1:]:
        text = text[1:].lstrip()
    while text and text[-1] in _SPECK_OPENERS and _SPECK_OPENERS[text[-1]] not in text[:-1]:
        text = text[:-1].rstrip()
    return text


def is_upper(text: str) -> bool:
    """All its letters are capitals (and it has some): "PHẦN THỨ NHẤT"."""
    return text.isupper()   # (every Vietnamese letter has a case, so "cased letters" are all its letters)


def respell_folded(text: str, folded_pattern: re.Pattern, spelling: Callable[[str, str], str]) -> str:
    """`text` with each match of `folded_pattern` in fold(text) written spelling(folded, written): how
    known words read with a tone-mark slip ("Đức Phồ", "KÉ HOẠCH") get their known spelling.

    fold keeps the length of NFC Vietnamese letters, so a match's offsets in the folded text are its
    offsets in `text` (a text whose folded length differs is returned as it is)."""
    folded = fold(text)
    if len(folded) != len(text):
        return text
    out = None
    for m in folded_pattern.finditer(folded):
        written = text[m.start():m.end()]
        fixed = spelling(m.group(), written)
        if fixed != written:
            out = out or list(text)
            out[m.start():m.end()] = fixed
    return "".join(out) if out else text


@dataclass(frozen=True)
class Line:
    number: int          # 1-based line of reports.text
    text: str
    page: int | None     # 1-based page, None for formats without pages

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.text


@dataclass
class Paragraph:
    """Consecutive lines re-joined into one logical paragraph."""

    text: str
    lines: list[Line]
    starts: list[int] = field(repr=False)   # offset in `text` where each line begins

    def line_at(self, offset: int) -> Line:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)]

    @property
    def first_line(self) -> Line:
        return self.lines[0]


@dataclass
class Text:
    lines: list[Line]

    @classmethod
    def from_lines(cls, raw: list[tuple[str, int | None]] | list[str]) -> "Text":
        items = [(item, None) if isinstance(item, str) else item for item in raw]
        # A line break inside a raw line would shift every later line number.
        texts = normalize_lines("\n".join(text.replace("\n", " ") for text, _ in items)).split("\n")
        return cls([Line(i, text, page) for i, (text, (_, page)) in enumerate(zip(texts, items), start=1)])

    @classmethod
    def from_string(cls, s: str) -> "Text":
        return cls.from_lines(s.split("\n"))

    @classmethod
    def from_stored(cls, s: str) -> "Text":
        """reports.text as the store wrote it: normalised already, so only cut into lines."""
        return cls([Line(i, text, None) for i, text in enumerate(s.split("\n"), start=1)])

    @cached_property
    def full(self) -> str:
        """The text stored in reports.text: one normalised line per source line."""
        return "\n".join(line.text for line in self.lines)

    def line(self, number: int) -> Line:
        return self.lines[number - 1]

    @cached_property
    def _line_starts(self) -> list[int]:
        starts, offset = [], 0
        for line in self.lines:
            starts.append(offset)
            offset += len(line.text) + 1
        return starts

    def line_start(self, number: int) -> int:
        """Where line `number` starts in `full` (reports.text)."""
        return self._line_starts[number - 1]

    def position(self, paragraph: "Paragraph", offset: int) -> int:
        """The character of `full` (reports.text) at `offset` in one of its paragraphs' text."""
        i = max(bisect.bisect_right(paragraph.starts, offset) - 1, 0)
        return self.line_start(paragraph.lines[i].number) + offset - paragraph.starts[i]

    @cached_property
    def wrap_width(self) -> int | None:
        """Typical width of a hard-wrapped line, or None when lines are whole paragraphs.

        PDF text comes out wrapped at a page width (~60-100 characters); text and
        DOCX keep one paragraph per line. Only wrapped documents let a line that
        ends without punctuation continue into a capitalised next line.
        """
        prose = [len(l.text) for l in self.lines if not l.is_blank and not l.is_table_row]
        if len(prose) < 10:
            return None
        width = sorted(prose)[int(len(prose) * 0.9)]
        near_width = sum(1 for n in prose if n >= 0.75 * width)
        if width <= 130 and near_width >= 0.35 * len(prose):
            return width
        return None

    def _continues(self, current: list[Line], nxt: Line) -> bool:
        prev = current[-1]
        if prev.is_table_row or nxt.is_table_row:
            return False
        if _ENDS_SENTENCE.search(prev.text) or _STARTS_BLOCK.match(nxt.text):
            return False
        if STARTS_LOWER_OR_DIGIT.match(nxt.text):
            return True
        if _ENDS_CLAUSE.search(prev.text):
            # "(Hội Nông dân: 14.740;" / "Bảo hiểm xã hội: …": a list inside open parentheses goes on.
            opened = sum(line.text.count("(") - line.text.count(")") for line in current)
            return opened > 0
        width = self.wrap_width
        return width is not None and len(prev.text) >= 0.6 * width

    @cached_property
    def _paragraphs(self) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        current: list[Line] = []

        def flush():
            if current:
                parts, starts, offset = [], [], 0
                for line in current:
                    starts.append(offset)
                    parts.append(line.text)
                    offset += len(line.text) + 1
                paragraphs.append(Paragraph(" ".join(parts), list(current), starts))
                current.clear()

        pending_blank = False
        for line in self.lines:
            if line.is_blank:
                pending_blank = True
                continue
            if current and self._continues(current, line) and not (pending_blank and line.is_table_row):
                current.append(line)
            else:
                flush()
                current.append(line)
            pending_blank = False
        flush()
        return paragraphs

    def paragraphs(self) -> list[Paragraph]:
        """Logical paragraphs; table rows are always paragraphs of their own."""
        return self._paragraphs
