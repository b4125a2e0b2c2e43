"""Plain text: UTF-8 (with or without BOM), UTF-16 (with or without BOM) and Windows-1258;
and the RTF and HTML that Word and browsers save under a .txt (or .doc) name, read as text.

Windows-1258 is the Vietnamese Windows code page: old Notepad files and CSV
exports use it. It writes tone marks as separate combining characters, which
`Text` composes (NFC) like any other text.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from extractors.syllables import TONES

from .base import Loaded, LoadError
from ..i18n import _

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Files that end up named .txt by mistake, by their first bytes.
_MAGIC = [
    (b"%PDF-", "a PDF file named .txt: rename it to .pdf"),
    (b"PK\x03\x04", "a zip or Office (.docx/.xlsx) file named .txt: rename it to its real type"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc/.xls) file named .txt: save it as .docx"),
    (b"\x89PNG", "a PNG image named .txt: rename it to .png"),
    (b"\xff\xd8\xff", "a JPEG image named .txt: rename it to .jpg"),
]

# What only Vietnamese text decodes to in Windows-1258: tone marks written as
# combining characters after the vowel, and the letters ă đ ơ ư.
_VIETNAMESE_SIGNS = TONES | set("ăđơưĂĐƠƯ")
# C0 controls other than TAB, LF, CR, FF never occur in text.
_CONTROL = set(map(chr, range(32))) - set("\t\n\r\f")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: mostly-Latin text has a NUL in every other byte."""
    if len(data) % 2:
        return None
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) > 0.3 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.intersection(text):
                return text
    return None


def _windows_1258(data: bytes) -> str | None:
    """The text if the bytes read as Vietnamese in Windows-1258, else None."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    if _CONTROL.intersection(text) or not _VIETNAMESE_SIGNS.intersection(text):
        return None
    return unicodedata.normalize("NFC", text)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in; LoadError when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as e:
                raise LoadError("error", _("invalid {encoding} text at byte {byte}: re-save the file as UTF-8").format(
                    encoding=encoding, byte=e.start)) from None
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            raise LoadError("error", _("not text: {reason}").format(reason=reason))
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise LoadError("error", _("binary data, not text (NUL bytes): check the file type"))
        return text, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        text = _windows_1258(data)
        if text is None:
            raise LoadError("error", _("not UTF-8 or Windows-1258 text (byte {byte}): re-save the file as UTF-8").format(byte=e.start)) from None
        return text, "cp1258"


def load(path: Path) -> Loaded:
    text, encoding = decode(path.read_bytes())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "#" in text or "|" in text:        # (most text is no markdown: spare the line-by-line look)
        lines = markdown_lines(lines)
    notes = [] if encoding == "utf-8" else [_("text encoding: {encoding}").format(encoding=encoding)]
    return Loaded([(line, None) for line in lines], notes=notes)


# ------------------------------------------------------------------ markdown saved as text

# A crawler's markdown: "## I. KẾT QUẢ" (a heading), "| Chỉ tiêu | 86,3 |" (a table row), the rule
# under a table's header "|---|:---:|", and "**98,7%**" (bold).
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MARKDOWN_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MARKDOWN_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


def markdown_lines(lines: list[str]) -> list[str]:
    """A crawler's markdown as the loaders write any text: a heading's words without its "#", a
    table's rows with TAB between cells (its header rule left out), no "**" around bold words.
    Text with no markdown heading or table comes back as it is."""
    if not any(_MARKDOWN_HEADING.match(line) or _MARKDOWN_TABLE_ROW.match(line) for line in lines):
        return lines
    out = []
    for line in lines:
        if _MARKDOWN_RULE.match(line):
            continue
        if _MARKDOWN_TABLE_ROW.match(line):
            line = "\t".join(cell.strip() for cell in line.strip()[1:-1].split("|"))
        else:
            line = _MARKDOWN_HEADING.sub("", line)
        out.append(line.replace("**", ""))
    return out


# ------------------------------------------------------------------ RTF and HTML saved as text

# An RTF token: a control word with its parameter ("\ansicpg1258", "\u7871", one delimiting
# space eaten), a control symbol ("\'e1" a byte in the code page, "\{", "\~"), a brace, or text.
_RTF_TOKEN = re.compile(
    r"""\\(?P<word>[a-zA-Z]{1,32})(?P<param>-?\d{1,10})?[ ]?   # \par  \u7871  \ansicpg1258
      | \\'(?P<byte>[0-9a-fA-F]{2})                            # \'e1: a byte in the document's code page
      | \\(?P<symbol>[^a-zA-Z'])                               # \{ \} \\ \~ \- \_ \*, or a line break (= \par)
      | (?P<brace>[{}])
      | (?P<text>[^\\{}\r\n]+)
      | [\r\n]+                                                # line breaks in the source mean nothing
    """,
    re.VERBOSE,
)
# Groups that hold no text of the document: fonts, colours, styles, pictures, page furniture.
_RTF_SKIPPED = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "headerl", "headerr", "headerf",
                "footer", "footerl", "footerr", "footerf", "object", "themedata", "colorschememapping",
                "latentstyles", "datastore", "listtable", "listoverridetable", "rsidtbl", "generator",
                "filetbl", "revtbl", "xmlnsdecl", "fldinst", "pgdsctbl"}
_RTF_CHARACTERS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "tab": "\t",
                   "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“",
                   "rdblquote": "”", "bullet": "•", "emspace": " ", "enspace": " "}
_RTF_SYMBOLS = {"~": " ", "_": "-", "-": "", "\n": "\n", "\r": "\n", "{": "{", "}": "}", "\\": "\\"}


def _codec(codepage: str) -> str:
    try:
        return codecs.lookup(codepage).name
    except LookupError:       # a code page Python does not know: Western, RTF's default
        return "cp1252"


def rtf_lines(rtf: str) -> list[str]:
    """The text of an RTF document: one line per paragraph, a table row as TAB-separated cells,
    a footnote's mark as "[n]" and its text as lines after the paragraph that cites it (as the
    DOCX loader writes them)."""
    body: list[str] = []
    note: list[str] = []                      # the footnote being read
    notes: list[str] = []                     # footnotes read, waiting for their paragraph to end
    pending: bytearray = bytearray()          # \'xx bytes, decoded together (a code page may use two)
    codepage = "cp1252"
    skip_group = note_group = 0               # depth of the skipped group / the footnote, 0: none
    depth = 0
    uc_stack, uc = [], 1                      # \ucN: how many fallback characters follow a \u
    to_skip = 0                               # fallback characters still to drop after a \u
    in_table = False
    first_in_group = False
    marks = 0                                 # footnote marks met

    def out() -> list[str]:
        return note if note_group else body

    def flush_bytes():
        if pending:
            out().append(pending.decode(codepage, "replace"))
            pending.clear()

    for m in _RTF_TOKEN.finditer(rtf):
        kind = "word" if m["word"] else m.lastgroup     # (lastgroup of "\\u7871" is its param)
        if kind == "brace":
            flush_bytes()
            if m["brace"] == "{":
                depth += 1
                uc_stack.append(uc)
                first_in_group = True
            else:
                if skip_group and depth <= skip_group:
                    skip_group = 0
                if note_group and depth <= note_group:
                    notes.append("".join(note).strip(" "))
                    note.clear()
                    note_group = 0
                depth -= 1
                uc = uc_stack.pop() if uc_stack else 1
            continue
        starts_group, first_in_group = first_in_group, False
        if skip_group:
            continue
        if kind == "symbol" and m["symbol"] == "*" and starts_group:
            skip_group = depth                # {\* …}: a destination this reader may not know
            continue
        if kind == "word" and starts_group and m["word"] in _RTF_SKIPPED:
            skip_group = depth
            continue
        if kind == "word" and m["word"] == "footnote" and not note_group:
            note_group = depth
            continue
        if kind == "byte":
            if to_skip:                       # the fallback of a \u character
                to_skip -= 1
            else:
                pending.append(int(m["byte"], 16))
            continue
        if kind == "text":
            text = m["text"]
            if to_skip:
                dropped = min(to_skip, len(text))
                text, to_skip = text[dropped:], to_skip - dropped
            if text:
                flush_bytes()
                out().append(text)
            continue
        flush_bytes()
        if kind == "symbol":
            symbol = _RTF_SYMBOLS.get(m["symbol"], "")
            out().append(" " if symbol == "\n" and in_table else symbol)
            continue
        if kind != "word":
            continue
        word, param = m["word"], m["param"]
        if word == "ansicpg" and param:
            codepage = _codec(f"cp{param}")
        elif word == "uc" and param:
            uc = int(param)
        elif word == "u" and param:
            out().append(chr(int(param) % 65536))
            to_skip = uc
        elif word == "chftn":                 # the automatic footnote number
            if not note_group:
                marks += 1
            out().append(f"[{marks}]")
        elif word == "intbl":
            in_table = True
        elif word == "pard":
            in_table = False
        elif word == "cell":
            out().append("\t")
        elif word == "row":
            if body and body[-1] == "\t":
                body.pop()
            body.append("\n")
            in_table = False
        elif word in ("par", "line") and in_table:
            out().append(" ")
        elif word in _RTF_CHARACTERS:
            out().append(_RTF_CHARACTERS[word])
            if word == "par" and not note_group and notes:
                body.append("\n".join(notes) + "\n")
                notes.clear()
    flush_bytes()
    if notes:
        body.append("\n" + "\n".join(notes))
    return [line.strip(" ") for line in "".join(body).split("\n")]


class _HtmlText(HTMLParser):
    """The visible text of an HTML page: block elements on lines of their own, a table row as
    TAB-separated cells; scripts, styles and the head left out."""

    BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "ul", "ol", "section",
              "article", "blockquote", "pre", "hr", "title", "header", "footer", "center"}
    HIDDEN = {"script", "style", "head", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.hidden = 0
        self.cell_depth = 0
        self.cells_in_row = 0

    def _break(self):
        if self.cell_depth:
            self.lines[-1] += " "
        elif self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "tr":
            self.cell_depth, self.cells_in_row = 0, 0
            if self.lines[-1].strip():
                self.lines.append("")
        elif tag in ("td", "th"):
            if self.cells_in_row:
                self.lines[-1] += "\t"
            self.cells_in_row += 1
            self.cell_depth += 1
        elif tag in self.BLOCKS:
            self._break()
            if tag == "li":
                self.lines[-1] += "- "

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag == "tr":
            self.cell_depth = 0
            self.lines.append("")
        elif tag in self.BLOCKS:
            self._break()

    def handle_data(self, data):
        if not self.hidden:
            text = " ".join(data.split())
            if text:
                line = self.lines[-1]
                self.lines[-1] = line + (" " if line and not line.endswith((" ", "\t")) else "") + text


def html_lines(html: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return [line.strip(" ") for line in parser.lines]


def load_rtf(path: Path) -> Loaded:
    # RTF is 7-bit: every non-ASCII character is escaped (\'xx, \uN), whatever the code page.
    text = path.read_bytes().decode("latin-1")
    return Loaded([(line, None) for line in rtf_lines(text)])


def load_html(path: Path) -> Loaded:
    text, encoding = decode(path.read_bytes())
    notes = [] if encoding == "utf-8" else [_("text encoding: {encoding}").format(encoding=encoding)]
    return Loaded([(line, None) for line in html_lines(text)], notes=notes)
