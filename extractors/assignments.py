"""Plan assignments: which bodies lead and coordinate which task, by when.

Forms read (../shared/eval/assignments/README.md has the rules):

- task blocks: a task followed by labelled lines
      a) Đẩy mạnh công tác tuyên truyền …
      - *Cơ quan tham mưu, thực hiện:* Các cơ quan, ban, ngành thị xã, UBND các xã, phường.
      - *Cơ quan phối hợp:* …            - *Thời gian thực hiện:* Năm 2024 và các năm tiếp theo.
  The block belongs to the nearest lettered or numbered item above it (a bare heading's
  paragraph or bullets below it when the item is only a title); one block after several
  sibling items is shared by each.
- unit sections: a heading that names a body ("2. Phòng Văn hóa và Thông tin thị xã",
  "6. Đề nghị Thị đoàn Đức Phổ", "Giao Sở Tài chính:") with its duties below, each bullet
  (or each paragraph) one assignment, the roles read from its wording (extractors/roles.py).
- inline: "giao Sở Y tế chủ trì, phối hợp với …", "Đề nghị X …", "X có trách nhiệm …"
  (extractors/assignment_inline.py).
- task tables: extractors/assignment_tables.py.

The paragraphs as list items, the assigning verbs and the record built from a paragraph:
extractors/assignment_paragraphs.py.

Units come from labels, headings, table columns and the subject or object of the sentence;
never from recipients ("gửi Phòng Tài chính"), addressees ("tham mưu UBND thị xã") or the
issuer ("UBND thị xã yêu cầu …": the object of "yêu cầu" is the unit).
"""
from __future__ import annotations

import re

from .assignment_inline import inline_assignments
from .assignment_paragraphs import (
    ASSIGNING_VERB, CLOSING, Para, duty_time, make_assignment, may_assign, read_paras, title_only,
)
from .assignment_tables import find_table_assignments
from .labels import EMBEDDED_LABEL, LABEL, block_values, kind_of, label_parts
from .models import Assignment, Table
from .roles import COORDINATES, LEADS, Roles, roles_after_actor
from .sections import SectionIndex
from .text import Text
from .units import ADDRESSING, NAME_STOP, acts, split_units, starts_unit, units_at_start


# ---------------------------------------------------------------- task blocks


def _block_tasks(candidates: list[Para]) -> list[Para]:
    """The task paragraphs a block of labelled lines belongs to (see the module docstring)."""
    if not candidates:
        return []
    items = [k for k, p in enumerate(candidates) if p.kind in ("letter", "n1", "n2", "n3", "n4", "article")]
    if not items:
        last = candidates[-1]
        if last.kind in ("dash", "plus"):
            shared = []
            for p in reversed(candidates):
                if p.kind != last.kind:
                    break
                shared.insert(0, p)
            return shared
        return [last]
    k = items[-1]
    item, after = candidates[k], candidates[k + 1:]
    if after and title_only(item):
        bullets = [p for p in after if p.kind in ("dash", "plus")]
        return bullets if bullets else [after[0]]
    tasks = [item]
    for p in reversed(candidates[:k]):
        if p.kind != item.kind or title_only(p):
            break
        tasks.insert(0, p)
    return tasks


def _task_blocks(paras: list[Para], sections: SectionIndex, used: set[int]) -> list[Assignment]:
    found: list[Assignment] = []
    previous_end = 0
    i = 0
    while i < len(paras):
        if not paras[i].label:
            i += 1
            continue
        parts: list[tuple[str, str]] = []
        j = i
        while j < len(paras) and paras[j].label and not (j > i and kind_of(paras[j].label) == "task"):
            parts += label_parts(paras[j].label)
            j += 1
            # "- Cơ quan chủ trì:" with its value on the next line
            if not parts[-1][1].strip() and j < len(paras) and not paras[j].label and paras[j].kind in (None, "plus"):
                parts[-1] = (parts[-1][0], paras[j].body)
                j += 1
        kinds = [kind for kind, _ in parts]
        if "lead" in kinds or "coordinating" in kinds:
            candidates = []
            for k in range(i - 1, previous_end - 1, -1):
                if k in used or paras[k].kind in ("roman",):
                    break
                candidates.insert(0, paras[k])
            roles, time, product = block_values(parts)
            if kinds[0] == "task":           # "- Nội dung: …" then its units: the task is labelled too
                found.append(make_assignment(paras[i], parts[0][1], roles, time, product, "task_block", sections,
                                         offset=len(paras[i].text) - len(parts[0][1])))
            for task in _block_tasks(candidates) if kinds[0] != "task" else []:
                found.append(make_assignment(task, task.body, roles, time, product, "task_block", sections))
            used.update(range(i - len(candidates), j))
            previous_end = j
        i = j
    return found


def _tasks_with_labels_inside(paras: list[Para], sections: SectionIndex, used: set[int]) -> list[Assignment]:
    found = []
    for i, p in enumerate(paras):
        if not p.label and ":" in p.body and (assignment := _embedded_labels(p, p.body, sections)):
            found.append(assignment)
            used.add(i)
    return found


def _embedded_labels(p: Para, text: str, sections: SectionIndex) -> Assignment | None:
    """A task and its labels in one paragraph: "Xây dựng … . Cơ quan chủ trì: Sở Y tế; Thời gian: 2025."."""
    m = EMBEDDED_LABEL.search(text)
    label = LABEL.match(text[m.end():]) if m else None
    if not label or kind_of(label) not in ("lead", "coordinating"):
        return None
    roles, time, product = block_values(label_parts(label))
    return make_assignment(p, text[:m.start()], roles, time, product, "task_block", sections)


# ---------------------------------------------------------------- unit sections

# The end of a unit heading that announces duties: "Sở Tài chính có trách nhiệm:", "… thực hiện các nhiệm vụ sau:".
HEADING_ROLE_TAIL = re.compile(
    r"\s+(?:(?:có|chịu)\s+trách\s+nhiệm|chủ\s+trì|thực\s+hiện)(?:\s+(?:các\s+)?(?:nhiệm\s+vụ|nội\s+dung)(?:\s+sau)?)?\s*$")


def _heading_units(p: Para) -> tuple[list[str], str] | None:
    """(units, duties on the same line) when a paragraph is a heading naming bodies:
    "2. Phòng Văn hóa và Thông tin thị xã", "Giao Sở Tài chính:", "1. Sở Y tế: chủ trì …"."""
    if p.label or p.kind in ("plus",):
        return None
    title, colon, rest = p.body.partition(":")
    if not colon and p.kind in (None, "dash"):
        return None          # a plain paragraph or a bullet heads a section only with its colon
    if colon and not rest.strip() and p.kind is None and len(title) > 200:
        return None
    written = title.strip(" *")
    # a heading in capitals ("2. SỞ TÀI CHÍNH") is read in sentence case, its units kept as written
    name = written[0] + written[1:].lower() if written.isupper() else written
    name = ADDRESSING.sub("", name).strip()
    if written.isupper() and name:
        name = name[0].upper() + name[1:]
    if colon:     # "1. Sở Tài chính có trách nhiệm:", "Sở Y tế thực hiện các nhiệm vụ sau:"
        name = HEADING_ROLE_TAIL.sub("", name)
    if not starts_unit(name) or len(name) > 200 or NAME_STOP.search(name) or re.search(r"[.;]\s", name):
        return None
    units = split_units(name)
    if written.isupper():     # (lower() keeps every character in place: cut the same spans of the capitals)
        start = written.lower().index(name.lower())
        units = [written[start + name.index(u):start + name.index(u) + len(u)] for u in units]
    return units, rest.strip()


def _duty_roles(actor: list[str], text: str) -> Roles:
    """The roles in one duty under a unit heading: its own subject, else the heading's units."""
    subject, end = units_at_start(text)
    rest = text[end:]
    if subject and (LEADS.match(rest) or COORDINATES.match(rest) or acts(rest)):
        return roles_after_actor(subject, rest)
    return roles_after_actor(actor, text)


def _unit_sections(paras: list[Para], sections: SectionIndex, used: set[int]) -> list[Assignment]:
    found: list[Assignment] = []
    for i, p in enumerate(paras):
        if i in used:
            continue
        heading = _heading_units(p)
        if not heading:
            continue
        units, rest = heading
        used.add(i)
        if rest:
            found.append(_duty(p, rest, units, sections, offset=len(p.text) - len(rest)))
        bullets = False
        for k in range(i + 1, len(paras)):
            q = paras[k]
            bullet = q.kind in ("dash", "plus")
            # a plain paragraph after the bullets, or one giving work to another body, is not a duty of the heading
            if k in used or not _under(q, p) or (not bullet and bullets) \
                    or CLOSING.match(q.body) or _heading_units(q) or _assigns_others(q.body):
                break
            bullets = bullets or bullet
            used.add(k)
            found.append(_duty(q, q.body, units, sections))
    return found


def _under(duty: Para, heading: Para) -> bool:
    """Whether a paragraph can be a duty under a unit heading: below a numbered heading anything of a
    lower level or plain; below "Giao Sở X:" its bullets and lettered items; below "- Sở X:" its "+"."""
    if heading.kind is None:
        return duty.kind in ("dash", "plus", "letter")
    if heading.kind == "dash":
        return duty.kind == "plus"
    return duty.rank > heading.rank


def _assigns_others(text: str) -> bool:
    """"UBND huyện giao Trung tâm … chủ trì": the paragraph names its own actors (read inline)."""
    return may_assign(text) and any(units_at_start(text[m.end():])[0] for m in ASSIGNING_VERB.finditer(text))


def _duty(p: Para, text: str, units: list[str], sections: SectionIndex, offset: int = 0) -> Assignment:
    return make_assignment(p, text, _duty_roles(units, text), duty_time(text), None, "unit_section",
                       sections, offset)


# ---------------------------------------------------------------- all forms


PROPOSALS_AND_REPORTS = ("Báo cáo", "Tờ trình")


def find_assignments(text: Text, sections: SectionIndex, tables: list[Table] | None = None,
                     kind: str | None = None) -> list[Assignment]:
    """Every assignment of a report. `kind` ("Kế hoạch", "Báo cáo" …): a report's sentences with a
    body as subject tell what was done, a Tờ trình's what is proposed, so only roles ("chủ trì",
    "giao", "có trách nhiệm") count there."""
    paras = read_paras(text)
    used: set[int] = set()
    found = _tasks_with_labels_inside(paras, sections, used)     # (first: a block above never takes them)
    found += _task_blocks(paras, sections, used)
    found += _unit_sections(paras, sections, used)
    found += inline_assignments(paras, sections, used, plan=kind not in PROPOSALS_AND_REPORTS)
    found += find_table_assignments(text, tables or [], sections)
    found = [a for a in found if a.lead_units or a.coordinating_units]
    return sorted(found, key=lambda a: a.line)
