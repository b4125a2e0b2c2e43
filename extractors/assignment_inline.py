"""Plan assignments stated inline: "giao Sở Y tế chủ trì, phối hợp với …", "Đề nghị X …",
"X có trách nhiệm …", and a task whose bodies are given in brackets at its end."""
from __future__ import annotations

import re

from .assignment_paragraphs import ASSIGNING_VERB, CLOSING, Para, duty_time, make_assignment, may_assign
from .labels import roles_in_final_brackets
from .models import Assignment
from .roles import LEADS, roles_after_actor
from .sections import SectionIndex
from .sentences import CLAUSE_END, clause_bounds
from .text import fold
from .units import acts, starts_unit, units_at_start


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """The clause around `at` (extractors.sentences.clause_bounds), its end mark included."""
    start, end = clause_bounds(text, at, at)
    return start + (text[start:start + 1] == " "), min(end + 1, len(text))    # (paragraphs have single spaces)


def _clause_starts(text: str) -> list[int]:
    """Where the paragraph and each clause after a sentence end or "; " start."""
    return [0] + [m.end() + 1 for m in CLAUSE_END.finditer(text) if text[m.end():m.end() + 1] == " "]


def _may_take_role(text: str) -> bool:
    """Whether LEADS can match: "chủ trì", "trách nhiệm" or "đầu mối" (any case) is in the text."""
    return "hủ trì" in text or "trách nhiệm" in text or "đầu mối" in text


def inline_assignments(paras: list[Para], sections: SectionIndex, used: set[int], plan: bool) -> list[Assignment]:
    found: list[Assignment] = []
    for i, p in enumerate(paras):
        if i in used or p.label or CLOSING.match(p.body) or p.kind == "roman":
            continue
        text = p.body
        if (whole := _bracketed_roles(p, text, sections)):
            found.append(whole)
            continue
        taken: set[int] = set()
        for m in (ASSIGNING_VERB.finditer(text) if may_assign(text) else ()):
            units, end = units_at_start(text[m.end():])
            if units:
                _add_inline(found, p, text, m.start(), units, text[m.end() + end:], sections, taken)
        # a sentence whose subject takes a role: "Sở Y tế chủ trì", "UBND các xã có trách nhiệm"
        if not plan and not _may_take_role(text):
            continue
        for start in _clause_starts(text):
            if not starts_unit(text[start:start + 40]):
                continue
            units, end = units_at_start(text[start:])
            rest = text[start + end:]
            # a body taking a role; in a plan also a body as the subject of an action ("Các sở tổ chức …")
            if units and (LEADS.match(rest) or (plan and _among_tasks(sections, p.line) and acts(rest))) \
                    and _has_task(rest):
                _add_inline(found, p, text, start, units, rest, sections, taken)
    return found


def _bracketed_roles(p: Para, text: str, sections: SectionIndex) -> Assignment | None:
    """A task whose bodies (and time) are given in brackets at its end."""
    found = roles_in_final_brackets(text)
    if found is None:
        return None
    opens, roles, time = found
    return make_assignment(p, text[:opens], roles, time, None, "inline", sections)


# Section titles (folded) under which a sentence with a body as subject is a task, or a goal or finding.
TASK_TITLES = re.compile(r"nhiem\s+vu|giai\s+phap|to\s+chuc\s+thuc\s+hien|trach\s+nhiem|phan\s+cong")
NOT_TASK_TITLES = re.compile(
    r"muc\s+tieu|muc\s+dich|yeu\s+cau|ket\s+qua|danh\s+gia|tinh\s+hinh|thuc\s+trang|can\s+cu")


def _among_tasks(sections: SectionIndex, line: int) -> bool:
    """Under a heading of tasks, not of goals (Mục tiêu, Mục đích, yêu cầu …), the innermost heading
    that says deciding; not in the preamble, where the issuer "ban hành Kế hoạch"."""
    titles = sections.titles_at(line)
    for title in reversed(titles):
        folded = fold(title)
        if TASK_TITLES.search(folded):
            return True
        if NOT_TASK_TITLES.search(folded):
            return False
    return bool(titles)


def _has_task(rest: str) -> bool:
    """Words enough after the role for a task ("Cơ quan chủ trì" alone is a column name), and not the
    standard execution article ("… chịu trách nhiệm thi hành Quyết định này")."""
    return len(rest.split()) >= 4 and "thi hành" not in rest[:60]


def _add_inline(found: list[Assignment], p: Para, text: str, at: int, units: list[str], rest: str,
                sections: SectionIndex, taken: set[int]) -> None:
    start, end = _sentence_bounds(text, at)
    if start in taken:
        return
    taken.add(start)
    clause = text[start:end]
    offset = len(p.text) - len(text) + start
    found.append(make_assignment(p, clause, roles_after_actor(units, rest), duty_time(clause), None, "inline",
                             sections, offset))
