"""The signature block of a report: the signer's title ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH") and name,
beside or after the distribution list ("Nơi nhận"), in whatever way a loader laid the two columns out.
"""
from __future__ import annotations

import re

from .sections import is_heading as _is_heading
from .text import RECIPIENTS_HEADING, SPECKS, Line, Text, is_upper, plain

# Signature block.
# "TM." (on behalf of a body), "KT." (for the head), "Q." (acting), "TL."/"TUQ." (by delegation);
# Party documents write "T/M".
SIGNING_PREFIX = re.compile(r"^(?:(?:TM|KT|TL|TUQ|PP|Q)\.|T/M|K/T|T\.M\.|K\.T\.)\s*\S")
SIGNING_ROLES = {
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "BÍ THƯ", "PHÓ BÍ THƯ", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
    "THỦ TRƯỞNG", "TỔNG GIÁM ĐỐC", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG",
    "CỤC TRƯỞNG", "VỤ TRƯỞNG", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "CHÁNH ÁN", "TRƯỞNG ĐOÀN", "NGƯỜI LẬP",
}
# Words that make an upper-case line a title rather than a name written in capitals.
_ROLE_WORDS = {"CHỦ", "TỊCH", "GIÁM", "ĐỐC", "TRƯỞNG", "PHÓ", "BÍ", "ỦY", "UỶ", "BAN", "SỞ", "PHÒNG",
               "CHÁNH", "THỦ", "TƯỚNG", "BỘ", "CỤC", "VỤ", "VIỆN", "HỘI", "ĐỒNG", "NHÂN", "DÂN", "THƯỜNG", "TRỰC"}
_RECIPIENTS = re.compile(rf"^{RECIPIENTS_HEADING}\s*:?\s*", re.IGNORECASE)
# A cheap test on a line before plain() (which drops only spaces and * _ marks) is worth it:
# a line that can become "Nơi nhận…".
_MAY_OPEN_RECIPIENTS = re.compile(r"[\s*_]*n", re.IGNORECASE)
LIST_ITEM = re.compile(r"^[-–+•]\s|^Lưu\b")
_SIGNED_MARK = re.compile(r"^\(?(?:đã\s+ký|ký,?\s+ghi\s+rõ|ký\s+tên|chữ\s+ký)", re.IGNORECASE)
SIGNATURE_SEARCH_LINES = 40
# What OCR reads in a scan's signature and seal: marks, or up to three words of three letters at
# most ("-", "#a", "Xề", "h là v").
_SCAN_DEBRIS = re.compile(r"^\W*(?:\w{1,3}\W*){0,3}$")


# A row of a markdown table, as crawled pages render the heading's two columns: "| ỦY BAN … | CỘNG HÒA … |".
_MARKDOWN_ROW = re.compile(r"^\s*\|.*\|\s*$")


def line_cells(line: Line) -> list[str]:
    """A line's cells: TAB-separated columns (or a markdown table's), each without markup
    (a plain line is one cell)."""
    columns = line.text.strip().strip("|").split("|") if _MARKDOWN_ROW.match(line.text) else line.text.split("\t")
    return [c for c in (plain(cell) for cell in columns) if c]

# --- the signature block --------------------------------------------------------------------

def _is_signing_title(cell: str) -> bool:
    cell = _RECIPIENTS.sub("", cell)
    if not cell or not is_upper(cell) or any(c.isdigit() for c in cell):
        return False
    return bool(SIGNING_PREFIX.match(cell)) or cell.rstrip(".") in SIGNING_ROLES


# Ranks and degrees written before the signer's name: "Thiếu tướng Trương Minh Đương", "TS. Lê Văn A",
# one after another, with or without a comma ("Đại tá, TS. Nguyễn Văn An").
RANK = re.compile(
    r"""^(?: (?: (?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)
             | (?:PGS|GS)\.?\s*(?:TS|TSKH)\. | TSKH\. | TS\. | ThS\. | BS\.(?:\s*CKII?\.)? | KS\. | CN\. | Ths\.
             | Tiến\s+sĩ | Thạc\s+sĩ | Bác\s+sĩ | Kỹ\s+sư | Luật\s+sư )
           \s*,?\s* )+""",
    re.VERBOSE | re.IGNORECASE,
)
_SIGNING_PREFIX_WORD = re.compile(r"^(?:(?:TM|KT|TL|TUQ|PP|Q)\.|T/M|K/T|T\.M\.|K\.T\.)$")
# Signing roles by their first word, longest first: "PHÓ" -> [("PHÓ", "CHÁNH", "VĂN", "PHÒNG"), …].
_ROLES_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _role in sorted((tuple(role.split()) for role in SIGNING_ROLES), key=len, reverse=True):
    _ROLES_BY_FIRST_WORD.setdefault(_role[0], []).append(_role)
# Whether a cell may hold a signing block at all: a prefix or a role's first word standing as a word.
# (_signature_cells only splits at a word that is one of these, so a cell without one stays whole.)
_MAY_HOLD_SIGNING = re.compile(
    r"(?<!\S)(?:(?:TM|KT|TL|TUQ|PP|Q)\.|T/M|K/T|T\.M\.|K\.T\.|"
    + "|".join(sorted(_ROLES_BY_FIRST_WORD, key=len, reverse=True)) + r")(?!\S)")


def _role_at(words: list[str], i: int) -> int:
    """The number of words of the signing role that starts at words[i] ("PHÓ GIÁM ĐỐC": 3), else 0."""
    return next((len(role) for role in _ROLES_BY_FIRST_WORD.get(words[i], ())
                 if tuple(words[i: i + len(role)]) == role), 0)


def _title_parts(block: str) -> list[str]:
    """A signing block flattened onto one line, in its lines: "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" ->
    ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]; "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" -> ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]."""
    words = block.split()
    parts: list[list[str]] = []
    i = 0
    while i < len(words):
        if _SIGNING_PREFIX_WORD.match(words[i]):
            part = [words[i]]
            i += 1
            n = _role_at(words, i)
            if n:
                part += words[i: i + n]
                i += n
            else:
                while i < len(words) and not _role_at(words, i) and not _SIGNING_PREFIX_WORD.match(words[i]):
                    part.append(words[i])
                    i += 1
            parts.append(part)
        elif n := _role_at(words, i):
            parts.append(words[i: i + n])
            i += n
        elif parts:
            parts[-1].append(words[i])     # "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
            i += 1
        else:
            return [block]
    return [" ".join(p) for p in parts]


def _signature_cells(cell: str) -> list[str]:
    """A cell as the signature reader takes it: a signing block glued to the end of a recipients
    line ("- UBND tỉnh (b/c); PHÓ GIÁM ĐỐC", "- Lưu: VT. KT. CHỦ TỊCH PHÓ CHỦ TỊCH Võ Văn Hoan") is
    cut off it, and a flattened block split into its titles and the name."""
    cell = _RECIPIENTS.sub("", cell)
    if not _MAY_HOLD_SIGNING.search(cell):
        return [cell]
    words = cell.split()
    for i in range(len(words)):
        if not (_SIGNING_PREFIX_WORD.match(words[i]) or _role_at(words, i)):
            continue
        if i and not LIST_ITEM.match(cell) and not words[i - 1].endswith((".", ";", ":")):
            continue          # a role inside running text
        upper_end = i
        while upper_end < len(words) and (is_upper(words[upper_end]) or _SIGNING_PREFIX_WORD.match(words[upper_end])):
            upper_end += 1
        name = " ".join(words[upper_end:])
        if name and not _as_name(RANK.sub("", name)):
            continue
        return ([" ".join(words[:i])] if i else []) + _title_parts(" ".join(words[i:upper_end])) + (
            [name] if name else [])
    return [cell]


def _as_name(cell: str) -> str | None:
    """A person's name: 2-6 capitalised words ("Võ Thanh Hùng"), also written in capitals,
    after a rank or degree ("Đại tá Lê Văn Hùng", "TS. Đinh Văn Minh")."""
    cell = RANK.sub("", cell.strip(SPECKS))     # a name is never quoted: any quote is a speck
    words = cell.split()
    if not 2 <= len(words) <= 6 or not all(w.isalpha() for w in words) or _is_heading(cell):
        return None
    if is_upper(cell):
        return None if _ROLE_WORDS & set(words) else cell.title()
    if all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return cell
    return None


# How far below "Nơi nhận:" a name may stand when the signing title was lost (under a stamp on a scan).
NAME_AFTER_RECIPIENTS_LINES = 12


def _name_after_recipients(lines: list[Line], recipients: int | None) -> str | None:
    """The signer's name under the recipients' list when no signing title was read: the first line
    after the list's items that is a name written in running case (capitals could be a heading)."""
    if recipients is None:
        return None
    for line in lines[recipients + 1: recipients + 1 + NAME_AFTER_RECIPIENTS_LINES]:
        cells = line_cells(line)
        if not cells or LIST_ITEM.match(cells[0]) or not cells[0][:1].isalpha():
            continue          # a blank line, an item, or OCR debris before one ("_~UBND …")
        name = _as_name(cells[0])
        return name if name and not is_upper(cells[0]) else None
    return None


def read_signature(text: Text, after_line: int) -> tuple[str | None, str | None]:
    lines = text.lines[after_line:]
    recipients = next((i for i, l in enumerate(lines)
                       if _MAY_OPEN_RECIPIENTS.match(l.text) and _RECIPIENTS.match(plain(l.text))), None)
    start = max(0, recipients - 12) if recipients is not None else 0
    anchor = next((i for i in range(start, len(lines))
                   if any(_is_signing_title(c) for cell in line_cells(lines[i]) for c in _signature_cells(cell))), None)
    if anchor is None:
        return None, _name_after_recipients(lines, recipients)
    titles: list[str] = []
    for line in lines[anchor: anchor + SIGNATURE_SEARCH_LINES]:
        for cell in (c for cell in line_cells(line) for c in _signature_cells(cell)):
            if not cell or LIST_ITEM.match(cell) or _SIGNED_MARK.match(cell):
                continue
            if _is_signing_title(cell) or (titles and is_upper(cell) and _ROLE_WORDS & set(cell.split())):
                titles.extend(part for part in re.split(r"\s+/\s+", cell) if part)
                continue
            if not titles:
                continue      # the recipients' list before a block that follows it on the same line
            name = _as_name(cell)
            if name is None and _SCAN_DEBRIS.match(cell):
                continue      # a seal's ring or a signature's stroke read as "-", "Xề"
            return " / ".join(titles), name
    return " / ".join(titles) or None, None
