"""The report's kind and title: the kind word in capitals ("KẾ HOẠCH", or inside a heading flattened
onto one line) and the title under it up to the next block; a Công văn's "V/v …" subject line with
the lines it wraps onto.
"""
from __future__ import annotations

import re

from .header_cells import Cell, place_before
from .header_patterns import (
    AUTHORITY, BODY_ONLY_OPENING, BODY_OPENING, ENDS_SENTENCE, FOLDED_BODY_OPENING, GLUED_ITEM, JOINING_END,
    KIND_IN_CAPITALS, KIND_LINE, MOTTO, NUMBER_LINE, PLACE_DATE, SEPARATOR, SUBJECT_LINE, SUBJECT_MAX_LINES,
    SUBTITLE_MIN_WORDS, SUBTITLE_OPENING, TRAILING_SUBTITLE,
)
from .header_signature import LIST_ITEM
from .sections import is_heading as _is_heading
from .text import STARTS_LOWER_OR_DIGIT, Text, fold, is_upper, plain, without_specks


def find_kind(cells: list[Cell]) -> tuple[int, str, str | None] | None:
    """(line number, kind word as written, rest of the cell) of the upper-case kind line; in a
    heading flattened onto one line, the first kind word in capitals after the number or date."""
    for cell in cells:
        m = KIND_LINE.match(cell.text)
        if m and is_upper(m["kind"]) and (m["rest"] is None or len(m["rest"].split()) >= 2) and (
                is_upper(cell.text) or SUBJECT_LINE.match(m["rest"]) or m["rest"].startswith(("Về ", "về "))):
            return cell.line, m["kind"], m["rest"]       # "NGHỊ QUYẾT Về việc …" on one line
    for cell in cells:
        anchor = max((m.end() for pattern in (NUMBER_LINE, PLACE_DATE) if (m := pattern.search(cell.text))),
                     default=None)
        if anchor is None:
            continue
        for m in KIND_IN_CAPITALS.finditer(cell.text, anchor):
            if is_upper(m["kind"]):
                rest = cell.text[m.end():].strip()
                return cell.line, m["kind"], rest or None
    return None


def _title_stops(line_text: str) -> bool:
    """Whether a line after the title's start begins the next block."""
    return bool(line_text.startswith("(") or SEPARATOR.match(line_text)
                or AUTHORITY.match(line_text) or _is_heading(line_text)
                or NUMBER_LINE.search(line_text) or PLACE_DATE.search(line_text)
                or MOTTO.search(fold(line_text)))


def _wrapped(text: Text, line_text: str) -> bool:
    """A line of a hard-wrapped text that reaches the wrap width: it goes on in the next line."""
    width = text.wrap_width
    return width is not None and len(line_text) >= 0.75 * width


def read_title(text: Text, kind_line: int, rest: str | None) -> str | None:
    """The lines under the kind word (or the rest of its line) up to the next block: the body's
    first words, the adopting body in capitals, a "(Phục vụ …)" subtitle, a heading or a rule."""
    parts: list[str] = []
    if rest:
        cut = AUTHORITY.search(rest)
        if cut:
            return rest[: cut.start()].strip() or None
        parts.append(rest)
    upper = None
    blank_before = False
    for line in text.lines[kind_line:]:
        if line.is_blank:
            blank_before = True
            continue
        if line.is_table_row:
            break
        current = plain(line.text)
        if not parts and (SEPARATOR.match(current) or current.startswith("(")):
            continue          # a rule line or "(Dự thảo)" between the kind and its title
        if _title_stops(current) or (parts and SUBJECT_LINE.match(current)):
            break
        if parts:
            lower_start = bool(STARTS_LOWER_OR_DIGIT.match(current))
            if upper is not None and upper != is_upper(current) and not lower_start:
                break         # capitals give way to running text, or the reverse
            if blank_before and not (lower_start or upper or JOINING_END.search(parts[-1])
                                     or _wrapped(text, parts[-1])):
                break         # a new paragraph, not a title wrapped over blank-separated lines
            if ENDS_SENTENCE.search(parts[-1]) and not lower_start:
                break
            if BODY_OPENING.match(current) or FOLDED_BODY_OPENING.match(fold(current)):
                break
            if not lower_start and current.endswith("."):
                break         # a sentence of the body: a title has no full stop
        elif BODY_ONLY_OPENING.match(current):
            return None
        parts.append(current)
        upper = is_upper(current) if upper is None else upper
        blank_before = False
    if not parts or (BODY_OPENING.match(parts[0]) and ENDS_SENTENCE.search(parts[-1])):
        return None           # "Thực hiện Kế hoạch …, UBND xã báo cáo như sau:" is the body
    title = re.sub(r"\s*[-_–—]{3,}$", "", without_specks(" ".join(parts)))
    return _without_subtitle(title) or None


def _without_subtitle(title: str) -> str:
    """Drop a trailing "(Phục vụ …)" subtitle glued to the title; keep a short "(Khóa XI)"."""
    m = TRAILING_SUBTITLE.search(title)
    if m and (len(m["inner"].split()) >= SUBTITLE_MIN_WORDS or SUBTITLE_OPENING.match(m["inner"])):
        return title[: m.start()]
    return title


def read_subject_line(cells: list[Cell]) -> str | None:
    """A Công văn has no kind word; its subject is the "V/v …" line under the number, with the
    lines it wraps onto ("V/v triển khai Quyết định số 12/QĐ-UBND" / "ngày 28/12/2022 của UBND tỉnh")."""
    for i, cell in enumerate(cells):
        if m := SUBJECT_LINE.search(cell.text):
            subject = cell.text[m.start("subject"):]
            if date := PLACE_DATE.search(subject):     # the right column's date line glued to it (PDF)
                before = subject[: date.start()].rstrip()
                subject = before[: len(before) - len(place_before(before) or "")].strip()
            item = next((m for m in GLUED_ITEM.finditer(subject) if subject[m.end()].isupper()), None)
            if item:                                    # a note typed over the scan, read into the line
                return subject[: item.start()]
            return " ".join([subject, *_subject_continuation(cells, i)])
    return None


def _subject_continuation(cells: list[Cell], subject: int) -> list[str]:
    """The first cells of the lines right below a "V/v" line, up to a blank line (unless the subject
    goes on in lower case after it), the motto, the number or date line, an upper-case line or the body."""
    parts: list[str] = []
    line = cells[subject].line
    for i in range(subject + 1, len(cells)):
        if len(parts) == SUBJECT_MAX_LINES - 1:
            break
        cell = cells[i]
        if cell.line == cells[i - 1].line:
            continue          # a second column: the date or the motto beside the subject
        text = cell.text
        if date := PLACE_DATE.search(text):               # "… năm 2024 Sơn Tây, ngày 20 tháng 3 năm 2024"
            before = text[: date.start()].rstrip()
            text = before[: len(before) - len(place_before(before) or "")].strip()
            if text and cell.line == line + 1 and not is_upper(text):
                parts.append(text)
            break
        # A blank line inside the subject (OCR put its wrapped part in a paragraph of its own) is
        # crossed when the next line goes on in lower case: "V/v tăng cường kiểm tra, xử lý" / "" / "vi phạm …".
        crosses_blank = cell.line == line + 2 and text[:1].islower() and not ENDS_SENTENCE.search(cells[i - 1].text)
        if ((cell.line != line + 1 and not crosses_blank) or cell.beside_motto or is_upper(cell.text)
                or SEPARATOR.match(cell.text)
                or LIST_ITEM.match(cell.text)
                or NUMBER_LINE.search(cell.text)
                or BODY_OPENING.match(cell.text) or SUBJECT_LINE.search(cell.text)):
            break
        parts.append(cell.text)
        line = cell.line
    return parts
