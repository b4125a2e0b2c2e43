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
- inline: "giao Sở Y tế chủ trì, phối hợp với …", "Đề nghị X …", "X có trách nhiệm …".
- task tables: extractors/assignment_tables.py.

Units come from labels, headings, table columns and the subject or object of the sentence;
never from recipients ("gửi Phòng Tài chính"), addressees ("tham mưu UBND thị xã") or the
issuer ("UBND thị xã yêu cầu …": the object of "yêu cầu" is the unit).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .assignment_tables import find_table_assignments
from .labels import EMBEDDED_LABEL, LABEL, block_values, kind_of, label_parts, roles_in_final_brackets
from .models import Assignment, Table
from .roles import COORDINATES, LEADS, Roles, roles_after_actor
from .sections import SectionIndex
from .sentences import SENTENCE_END
from .task_text import first_sentence
from .text import Paragraph, Text, fold, plain
from .timeframes import read_timeframe
from .units import ADDRESSING, NAME_STOP, acts, split_units, starts_unit, units_at_start

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
_MARKER_STARTS = frozenset("-–—•+IVXĐ0123456789abcdefghijklmnopqrstuvwxyzđ")

# "Trong quá trình (tổ chức) thực hiện, nếu có khó khăn …": the closing formula, not a duty.
CLOSING = re.compile(
    r"^(?:Trong\s+quá\s+trình|Quá\s+trình)\s+(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?thực\s+hiện.{0,40}nếu"
    r"|^Trên\s+đây\s+là|^Nơi\s+nhận", re.IGNORECASE)
RECIPIENTS = re.compile(r"^\W*Nơi\s+nhận\b", re.IGNORECASE)

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
    r"""(?:hoàn\s+thành\s+)?(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?)\s+
        (?:ngày\s+\d{1,2}/\d{1,2}/(?:19|20)\d{2} | (?:quý|Quý)\s+[IV]+(?:/|\s+năm\s+)(?:19|20)\d{2}
          | tháng\s+\d{1,2}(?:/|\s+năm\s+)(?:19|20)\d{2} | năm\s+(?:19|20)\d{2})
      | trong\s+(?:[Qq]uý\s+[IV]+|tháng\s+\d{1,2})(?:/|\s+năm\s+)(?:19|20)\d{2}   # "trong Quý II/2025"
      | [Tt]hời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:\s*[^.;)]+""",
    re.VERBOSE,
)

# The end of a unit heading that announces duties: "Sở Tài chính có trách nhiệm:", "… thực hiện các nhiệm vụ sau:".
HEADING_ROLE_TAIL = re.compile(
    r"\s+(?:(?:có|chịu)\s+trách\s+nhiệm|chủ\s+trì|thực\s+hiện)(?:\s+(?:các\s+)?(?:nhiệm\s+vụ|nội\s+dung)(?:\s+sau)?)?\s*$")

_RANK = {"roman": 1, "article": 1, "n1": 2, "n2": 3, "n3": 4, "n4": 4, "letter": 5, "dash": 6, "plus": 7}


@dataclass
class _Para:
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
        return _RANK.get(self.kind, 8)


def _paras(text: Text) -> list[_Para]:
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
        m = MARKER.match(s) if s[:1] in _MARKER_STARTS else None
        kind = m.lastgroup if m else None
        if recipients and kind in ("dash", "plus"):
            continue
        recipients = False
        if kind == "number":
            kind = f"n{m['number'].count('.') + 1}"
        body = s[m.end():] if m else s
        # (a label has its colon within its first words: spare the long pattern elsewhere)
        label = LABEL.match(body) if kind in ("dash", "plus", None) and ":" in body[:60] else None
        paras.append(_Para(paragraph, s, kind, body, label))
    return paras


def _title_only(p: _Para) -> bool:
    """A numbered heading that only names a topic ("3. Tham gia phát triển …"), no sentence."""
    body = p.body.rstrip(" *")
    return len(body) < 250 and not re.search(r"[.;:!?]$", body) and not SENTENCE_END.search(body)


def _assignment(p: _Para, task_text: str, roles: Roles, time: str | None, product: str | None,
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


# ---------------------------------------------------------------- task blocks


def _block_tasks(candidates: list[_Para]) -> list[_Para]:
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
    if after and _title_only(item):
        bullets = [p for p in after if p.kind in ("dash", "plus")]
        return bullets if bullets else [after[0]]
    tasks = [item]
    for p in reversed(candidates[:k]):
        if p.kind != item.kind or _title_only(p):
            break
        tasks.insert(0, p)
    return tasks


def _task_blocks(paras: list[_Para], sections: SectionIndex, used: set[int]) -> list[Assignment]:
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
                found.append(_assignment(paras[i], parts[0][1], roles, time, product, "task_block", sections,
                                         offset=len(paras[i].text) - len(parts[0][1])))
            for task in _block_tasks(candidates) if kinds[0] != "task" else []:
                found.append(_assignment(task, task.body, roles, time, product, "task_block", sections))
            used.update(range(i - len(candidates), j))
            previous_end = j
        i = j
    return found


def _tasks_with_labels_inside(paras: list[_Para], sections: SectionIndex, used: set[int]) -> list[Assignment]:
    found = []
    for i, p in enumerate(paras):
        if not p.label and ":" in p.body and (assignment := _embedded_labels(p, p.body, sections)):
            found.append(assignment)
            used.add(i)
    return found


def _embedded_labels(p: _Para, text: str, sections: SectionIndex) -> Assignment | None:
    """A task and its labels in one paragraph: "Xây dựng … . Cơ quan chủ trì: Sở Y tế; Thời gian: 2025."."""
    m = EMBEDDED_LABEL.search(text)
    label = LABEL.match(text[m.end():]) if m else None
    if not label or kind_of(label) not in ("lead", "coordinating"):
        return None
    roles, time, product = block_values(label_parts(label))
    return _assignment(p, text[:m.start()], roles, time, product, "task_block", sections)


# ---------------------------------------------------------------- unit sections


def _heading_units(p: _Para) -> tuple[list[str], str] | None:
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


def _duty_time(text: str) -> str | None:
    sentence = first_sentence(text)
    if m := TIME_AT_START.match(sentence):
        return m.group(0)
    if m := TIME_IN_TEXT.search(sentence):
        value = m.group(0)
        return value.split(":", 1)[1] if re.match(r"[Tt]hời", value) else value
    return None


def _unit_sections(paras: list[_Para], sections: SectionIndex, used: set[int]) -> list[Assignment]:
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


def _under(duty: _Para, heading: _Para) -> bool:
    """Whether a paragraph can be a duty under a unit heading: below a numbered heading anything of a
    lower level or plain; below "Giao Sở X:" its bullets and lettered items; below "- Sở X:" its "+"."""
    if heading.kind is None:
        return duty.kind in ("dash", "plus", "letter")
    if heading.kind == "dash":
        return duty.kind == "plus"
    return duty.rank > heading.rank


def _assigns_others(text: str) -> bool:
    """"UBND huyện giao Trung tâm … chủ trì": the paragraph names its own actors (read inline)."""
    return _may_assign(text) and any(units_at_start(text[m.end():])[0] for m in ASSIGNING_VERB.finditer(text))


def _duty(p: _Para, text: str, units: list[str], sections: SectionIndex, offset: int = 0) -> Assignment:
    return _assignment(p, text, _duty_roles(units, text), _duty_time(text), None, "unit_section",
                       sections, offset)


# ---------------------------------------------------------------- inline


_CLAUSE_BREAK = re.compile(r"[.;] ")     # (paragraphs have single spaces)
_CLAUSE_END = re.compile(r"[.;](?=\s|$)")


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)]
    start = starts[-1] if starts else 0
    end = _CLAUSE_END.search(text, at)
    return start, end.end() if end else len(text)


def _clause_starts(text: str) -> list[int]:
    """Where the paragraph and each clause after ". " or "; " start."""
    return [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]


def _may_take_role(text: str) -> bool:
    """Whether LEADS can match: "chủ trì", "trách nhiệm" or "đầu mối" (any case) is in the text."""
    return "hủ trì" in text or "trách nhiệm" in text or "đầu mối" in text


def _may_assign(text: str) -> bool:
    """Whether ASSIGNING_VERB can match: "giao", "đề nghị" or "yêu cầu" (any case) is in the text."""
    return "iao" in text or "ề nghị" in text or "êu cầu" in text


def _inline(paras: list[_Para], sections: SectionIndex, used: set[int], plan: bool) -> list[Assignment]:
    found: list[Assignment] = []
    for i, p in enumerate(paras):
        if i in used or p.label or CLOSING.match(p.body) or p.kind == "roman":
            continue
        text = p.body
        if (whole := _bracketed_roles(p, text, sections)):
            found.append(whole)
            continue
        taken: set[int] = set()
        for m in (ASSIGNING_VERB.finditer(text) if _may_assign(text) else ()):
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


def _bracketed_roles(p: _Para, text: str, sections: SectionIndex) -> Assignment | None:
    """A task whose bodies (and time) are given in brackets at its end."""
    found = roles_in_final_brackets(text)
    if found is None:
        return None
    opens, roles, time = found
    return _assignment(p, text[:opens], roles, time, None, "inline", sections)


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


def _add_inline(found: list[Assignment], p: _Para, text: str, at: int, units: list[str], rest: str,
                sections: SectionIndex, taken: set[int]) -> None:
    start, end = _sentence_bounds(text, at)
    if start in taken:
        return
    taken.add(start)
    clause = text[start:end]
    offset = len(p.text) - len(text) + start
    found.append(_assignment(p, clause, roles_after_actor(units, rest), _duty_time(clause), None, "inline",
                             sections, offset))


# ---------------------------------------------------------------- all forms


PROPOSALS_AND_REPORTS = ("Báo cáo", "Tờ trình")


def find_assignments(text: Text, sections: SectionIndex, tables: list[Table] | None = None,
                     kind: str | None = None) -> list[Assignment]:
    """Every assignment of a report. `kind` ("Kế hoạch", "Báo cáo" …): a report's sentences with a
    body as subject tell what was done, a Tờ trình's what is proposed, so only roles ("chủ trì",
    "giao", "có trách nhiệm") count there."""
    paras = _paras(text)
    used: set[int] = set()
    found = _tasks_with_labels_inside(paras, sections, used)     # (first: a block above never takes them)
    found += _task_blocks(paras, sections, used)
    found += _unit_sections(paras, sections, used)
    found += _inline(paras, sections, used, plan=kind not in PROPOSALS_AND_REPORTS)
    found += find_table_assignments(text, tables or [], sections)
    found = [a for a in found if a.lead_units or a.coordinating_units]
    return sorted(found, key=lambda a: a.line)
