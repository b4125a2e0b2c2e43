"""Plan assignments, the ground the forms stand on: a report's paragraphs as list items (their
marker, rank and label), the closing formula and the distribution list left out, the assigning
verbs, a time stated inside a duty, and the Assignment record built from a paragraph.
extractors/assignments.py reads task blocks and unit sections, assignment_inline.py inline forms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .dates import YEAR_PATTERN
from .labels import LABEL
from .models import Assignment
from .roles import Roles
from .sections import SectionIndex
from .sentences import SENTENCE_END
from .task_text import first_sentence
from .text import RECIPIENTS_HEADING, Paragraph, Text, plain
from .timeframes import read_timeframe

# The list marker of a paragraph: a bullet, "a)", "1.", "8.1.", "2.3", "II.".
MARKER = regex.compile(
    r"""^(?: (?P<dash>[-–—•]) \s*              # "- " (also "-*Cơ quan…" once emphasis is gone)
          | (?P<plus>\+) \s*                   # "+ " a sub-bullet
          | (?P<letter>[a-zđ]) \) \s*          # "a)", "đ)"
          | (?P<number>\d{1,2}(?:\.\d{1,2}){0,3}) (?:\.\s*|\s+(?=\p{Lu}))   # "1. ", "8.1. ", "2.3 Phát"
          | (?P<roman>[IVX]{1,5}) [.)/] \s*   # "II. "
          | (?P<article>Điều\s+\d{1,3}) \s*[.:]\s*   # "Điều 2." of a decision
        )""",
    regex.VERBOSE,
)

# Every character a MARKER can start with: other paragraphs are not tried.
MARKER_STARTS = frozenset("-–—•+IVXĐ0123456789abcdefghijklmnopqrstuvwxyzđ")

# "Trong quá trình (tổ chức) thực hiện, nếu có khó khăn …": the closing formula, not a duty.
CLOSING = re.compile(
    r"^(?:Trong\s+quá\s+trình|Quá\s+trình)\s+(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?thực\s+hiện.{0,40}nếu"
    rf"|^Trên\s+đây\s+là|^{RECIPIENTS_HEADING}", re.IGNORECASE)
RECIPIENTS = re.compile(rf"^\W*{RECIPIENTS_HEADING}\b", re.IGNORECASE)

# Inline role statements: the object of "giao / đề nghị / yêu cầu" …
ASSIGNING_VERB = re.compile(
    r"""(?<!\S)(?<!đã\s)(?<!được\s)                 # a word of its own; not "đã giao", "được giao"
        (?:[Gg]iao(?:\s+nhiệm\s+vụ)?(?:\s+cho)?|[Đđ]ề\s+nghị|[Yy]êu\s+cầu)\s+(?=\S)""",
    re.VERBOSE,
)

# A time stated inside a duty: at its start ("Hằng năm tiến hành …") or as a deadline.
TIME_AT_START = re.compile(
    r"^(?:Hằng|Hàng)\s+(?:năm|quý|tháng)|^Thường\s+xuyên|^Định\s+kỳ(?:\s+(?:hằng|hàng)\s+(?:năm|quý|tháng|\d+\s+tháng))?",
    re.IGNORECASE)
TIME_IN_TEXT = re.compile(
    rf"""(?:hoàn\s+thành\s+)?(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?)\s+
        (?:ngày\s+\d{{1,2}}/\d{{1,2}}/{YEAR_PATTERN} | (?:quý|Quý)\s+[IV]+(?:/|\s+năm\s+){YEAR_PATTERN}
          | tháng\s+\d{{1,2}}(?:/|\s+năm\s+){YEAR_PATTERN} | năm\s+{YEAR_PATTERN})
      | trong\s+(?:[Qq]uý\s+[IV]+|tháng\s+\d{{1,2}})(?:/|\s+năm\s+){YEAR_PATTERN}   # "trong Quý II/2025"
      | [Tt]hời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*[^.;)]+""",
    re.VERBOSE,
)

RANK = {"roman": 1, "article": 1, "n1": 2, "n2": 3, "n3": 4, "n4": 4, "letter": 5, "dash": 6, "plus": 7}


@dataclass
class Para:
    paragraph: Paragraph
    text: str            # without emphasis markers
    kind: str | None     # "dash", "plus", "letter", "n1" … "n4", "roman", "article", None
    body: str            # the text after the marker
    label: re.Match | None

    @property
    def line(self) -> int:
        return self.paragraph.first_line.number

    @property
    def rank(self) -> int:
        return RANK.get(self.kind, 8)


def read_paras(text: Text) -> list[Para]:
    """The paragraphs outside tables, without the distribution list ("Nơi nhận:" and its bullets);
    what follows it (a plan attached to its decision) is read on."""
    paras = []
    recipients = False
    for paragraph in text.paragraphs():
        if paragraph.first_line.is_table_row:
            continue
        # (paragraphs are normalised already: only emphasis markers are left for plain() to remove)
        s = plain(paragraph.text) if "*" in paragraph.text or "_" in paragraph.text else paragraph.text
        if RECIPIENTS.match(s):
            recipients = True
            continue
        m = MARKER.match(s) if s[:1] in MARKER_STARTS else None
        kind = m.lastgroup if m else None
        if recipients and kind in ("dash", "plus"):
            continue
        recipients = False
        if kind == "number":
            kind = f"n{m['number'].count('.') + 1}"
        body = s[m.end():] if m else s
        # (a label has its colon within its first words: spare the long pattern elsewhere)
        label = LABEL.match(body) if kind in ("dash", "plus", None) and ":" in body[:60] else None
        paras.append(Para(paragraph, s, kind, body, label))
    return paras


def title_only(p: Para) -> bool:
    """A numbered heading that only names a topic ("3. Tham gia phát triển …"), no sentence."""
    body = p.body.rstrip(" *")
    return len(body) < 250 and not re.search(r"[.;:!?]$", body) and not SENTENCE_END.search(body)


def make_assignment(p: Para, task_text: str, roles: Roles, time: str | None, product: str | None,
                form: str, sections: SectionIndex, offset: int = 0) -> Assignment:
    line = p.paragraph.line_at(offset) if offset else p.paragraph.first_line
    timeframe = read_timeframe(time)
    return Assignment(
        task=first_sentence(task_text), lead_units=roles.lead, coordinating_units=roles.coordinating,
        timeframe=timeframe.text if timeframe else None,
        deadline_year=timeframe.deadline_year if timeframe else None,
        timeframe_kind=timeframe.kind if timeframe else None,
        product=" ".join(product.split()).strip(" .;") if product else None,
        form=form, line=line.number, page=line.page, context=p.text[:1000],
        section=sections.path_at(line.number), source="text",
    )


def duty_time(text: str) -> str | None:
    sentence = first_sentence(text)
    if m := TIME_AT_START.match(sentence):
        return m.group(0)
    if m := TIME_IN_TEXT.search(sentence):
        value = m.group(0)
        return value.split(":", 1)[1] if re.match(r"[Tt]hời", value) else value
    return None


def may_assign(text: str) -> bool:
    """Whether ASSIGNING_VERB can match: "giao", "đề nghị" or "yêu cầu" (any case) is in the text."""
    return "iao" in text or "ề nghị" in text or "êu cầu" in text
