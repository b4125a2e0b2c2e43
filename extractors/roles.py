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
# Roles in brackets after a body in a label value or a table cell: "Sở Y tế (chủ trì)".
BRACKETED_ROLE = re.compile(r"\(\s*(?P<role>chủ\s+trì|phối\s+hợp)\s*\)", re.IGNORECASE)
# "X chủ trì, phối hợp với Y" inside a label value or a cell, where the whole value is names.
VALUE_ROLES = re.compile(
    r"""^(?P<lead>.+?)\s*,?\s*(?:là\s+cơ\s+quan\s+)?chủ\s+trì\s*(?:[,;]\s*|\s+)?(?:và\s+)?
        (?:phối\s+hợp(?:\s+với|\s+cùng)?\s*(?P<coord>.+))?$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)

    def add(self, other: "Roles") -> None:
        self.lead += [u for u in other.lead if u not in self.lead]
        self.coordinating += [u for u in other.coordinating if u not in self.coordinating and u not in self.lead]


def roles_in_value(value: str, role: str) -> Roles:
    """Units of a label value or a table cell; `role` ("lead"/"coordinating") unless the wording says."""
    value = " ".join(value.split()).strip(" .;")
    if BRACKETED_ROLE.search(value):
        roles = Roles()
        for part in re.split(r";", value):
            m = BRACKETED_ROLE.search(part)
            units = split_units(BRACKETED_ROLE.sub("", part))
            if m and fold_role(m["role"]) == "phoi hop" or (not m and role == "coordinating"):
                roles.coordinating += units
            else:
                roles.lead += units
        return roles
    if m := VALUE_ROLES.match(value):
        return Roles(split_units(m["lead"]), split_units(m["coord"]) if m["coord"] else [])
    units = split_units(value)
    return Roles(units, []) if role == "lead" else Roles([], units)


def fold_role(role: str) -> str:
    return "phoi hop" if role.lower().startswith("ph") else "chu tri"


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
