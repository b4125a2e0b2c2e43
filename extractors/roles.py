"""Who leads and who coordinates, read from the wording ("X chủ trì, phối hợp với Y …").

The rules (../shared/eval/assignments/README.md, "Roles"):

    X chủ trì, phối hợp với Y          X leads, Y coordinates
    X (chủ trì); Y (phối hợp)          the same, in brackets
    X phối hợp với Y (Y a body)        Y leads, X coordinates
    X phối hợp với các đơn vị liên quan  X leads, the generic group coordinates
    X phối hợp (no partner)            X coordinates, no lead
    Giao X / Đề nghị X / X có trách nhiệm   X leads
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


from .units import is_generic, split_units, units_at_start

# "chủ trì" (with "là cơ quan", "làm đầu mối"), then optionally ", phối hợp với".
LEADS = re.compile(
    r"""^\s*,?\s*(?:là\s+(?:cơ\s+quan|đơn\s+vị)\s+)?(?:[Cc]hủ\s+trì|làm\s+đầu\s+mối|[Cc]ó\s+trách\s+nhiệm
        |[Cc]hịu\s+trách\s+nhiệm(?!\s+phối\s+hợp))
        (?:\s*(?:,|và)?\s*(?P<with>[Pp]hối\s+hợp(?:\s+chặt\s+chẽ)?\s*(?:với|cùng)?))?""",
    re.VERBOSE,
)
# "phối hợp (chặt chẽ) với", "Chịu trách nhiệm phối hợp với", "tham gia phối hợp với".
COORDINATES = re.compile(
    r"""^\s*,?\s*(?:(?:[Cc]hịu|[Cc]ó)\s+trách\s+nhiệm\s+)?(?:[Tt]ham\s+gia\s+)?[Pp]hối\s+hợp
        (?:\s+chặt\s+chẽ)?(?:\s+(?:với|cùng))?\s*""",
    re.VERBOSE,
)
# A "phối hợp với Y" further on in a clause: Y coordinates.
COORDINATES_LATER = re.compile(r"(?<!\w)phối\s+hợp(?:\s+chặt\s+chẽ)?\s+(?:với|cùng)\s+")
# A role word inside a label value or a table cell, where everything else is names:
# "X chủ trì, phối hợp với Y", "X (chủ trì); Y (phối hợp)", "X chủ trì; Y, Z phối hợp", "Chủ trì: X; Phối hợp: Y".
ROLE_WORD = re.compile(
    r"""\(?\s*(?:là\s+cơ\s+quan\s+)?
        (?: (?P<lead>(?:làm\s+)?chủ\s+trì(?:\s+thực\s+hiện)?)
          | (?P<coordinating>phối\s+hợp(?:\s+thực\s+hiện)?(?:\s+(?:với|cùng))?) )
        \s*\)?\s*:?""",
    re.VERBOSE | re.IGNORECASE,
)
_ONLY_SEPARATORS = re.compile(r"^[\s,;.:và]*$")


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)

    def add(self, other: "Roles") -> None:
        self.lead += [u for u in other.lead if u not in self.lead]
        self.coordinating += [u for u in other.coordinating if u not in self.coordinating and u not in self.lead]


def roles_in_value(value: str, role: str) -> Roles:
    """Units of a label value or a table cell; `role` ("lead"/"coordinating") unless the wording says.

    Each role word takes the names just before it ("X chủ trì", "Y (phối hợp)"), or, with none
    there, the names after it ("phối hợp với Y", "Chủ trì: X"); names after the last role word
    that took the ones before it are the others: coordinating after a lead, and the reverse.
    """
    lead, coordinating = _roles_in_value(value, role)
    return Roles(list(lead), list(coordinating))


@lru_cache(maxsize=2048)      # a plan repeats its label values ("Cơ quan phối hợp: …") block after block
def _roles_in_value(value: str, role: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    value = " ".join(value.split()).strip(" .;")
    words = list(ROLE_WORD.finditer(value))
    if not words:
        units = tuple(split_units(value))
        return (units, ()) if role == "lead" else ((), units)
    roles = Roles()
    previous_end = 0
    taken_after = False
    for k, m in enumerate(words):
        kind = "lead" if m["lead"] else "coordinating"
        before = value[previous_end:m.start()]
        after_end = words[k + 1].start() if k + 1 < len(words) else len(value)
        after = value[m.end():after_end]
        if not taken_after and not _ONLY_SEPARATORS.match(before):
            getattr(roles, kind).extend(split_units(before))
            taken_after = False
            previous_end = m.end()
            rest_kind = "coordinating" if kind == "lead" else "lead"
            if k + 1 == len(words) and not _ONLY_SEPARATORS.match(after):
                getattr(roles, rest_kind).extend(split_units(after))       # "X (chủ trì), Y"
        else:
            getattr(roles, kind).extend(split_units(after))
            taken_after = True
            previous_end = after_end
    return tuple(roles.lead), tuple(u for u in roles.coordinating if u not in roles.lead)


def roles_after_actor(actor: list[str], rest: str) -> Roles:
    """The roles of a clause whose actor is known (a heading's units, a subject, the object of
    "giao"), from the words that follow it."""
    if m := LEADS.match(rest):
        partners = units_at_start(rest[m.end():].lstrip())[0] if m["with"] else []
        return Roles(list(actor), [u for u in partners if u not in actor])
    if m := COORDINATES.match(rest):
        partners = units_at_start(rest[m.end():].lstrip())[0]
        if not partners:
            return Roles([], list(actor))                          # no partner named: X only coordinates
        if all(is_generic(u) for u in partners):
            return Roles(list(actor), partners)                    # X leads the generic group
        return Roles(partners, [u for u in actor if u not in partners])   # the named partner leads
    roles = Roles(list(actor), [])
    if m := COORDINATES_LATER.search(rest):
        partners = units_at_start(rest[m.end():])[0]
        roles.coordinating += [u for u in partners if u not in actor]
    return roles
