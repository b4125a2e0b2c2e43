"""The labelled lines of task blocks, and roles given in brackets after a task.

    - *Cơ quan tham mưu, thực hiện:* Phòng Văn hóa và Thông tin thị xã.      lead
    - Cơ quan chủ trì: Sở Y tế; Cơ quan phối hợp: Sở Tài chính; Thời gian: Quý IV/2025.
    … hệ thống. Đơn vị thực hiện: Sở Nội vụ (chủ trì); Sở Tài chính (phối hợp).
    Tổ chức tập huấn … (Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; thời gian: Quý III/2025).
"""
from __future__ import annotations

import re

from .roles import Roles, roles_in_value
from .units import starts_unit

# A labelled line of a task block: "- Cơ quan chủ trì: …", "- Thời gian thực hiện: …", and the task
# itself when it is labelled too ("- Nội dung: …").
LABEL = re.compile(
    r"""^(?P<label>
        (?P<lead> (?:Cơ\s+quan|Đơn\s+vị|Cơ\s+quan\s*[,/]\s*đơn\s+vị) \s+
                  (?:chủ\s+trì|thực\s+hiện|tham\s+mưu|chịu\s+trách\s+nhiệm|đầu\s+mối|phụ\s+trách)
                  (?:\s*(?:,|và)?\s*(?:thực\s+hiện|tham\s+mưu|chủ\s+trì))?
                | Chủ\s+trì(?:\s+thực\s+hiện)? | Trách\s+nhiệm(?:\s+thực\s+hiện)? | Phân\s+công | Thực\s+hiện | Đầu\s+mối )
      | (?P<coordinating> (?:Cơ\s+quan|Đơn\s+vị|Cơ\s+quan\s*[,/]\s*đơn\s+vị)\s+phối\s+hợp(?:\s+thực\s+hiện)?
                | Phối\s+hợp(?:\s+thực\s+hiện)? )
      | (?P<time> Thời\s+gian(?:\s+(?:thực\s+hiện|hoàn\s+thành|triển\s+khai))? | Thời\s+hạn(?:\s+hoàn\s+thành)?
                | Tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))? | Thời\s+điểm\s+hoàn\s+thành )
      | (?P<product> Sản\s+phẩm(?:\s+(?:đầu\s+ra|dự\s+kiến))? | Kết\s+quả(?:\s+(?:dự\s+kiến|đầu\s+ra))? )
      | (?P<funding> (?:Nguồn\s+)?kinh\s+phí(?:\s+thực\s+hiện)? | Nguồn\s+vốn )
      | (?P<task> Nội\s+dung(?:\s+(?:công\s+việc|nhiệm\s+vụ|thực\s+hiện))? | Tên\s+nhiệm\s+vụ | Nhiệm\s+vụ(?:\s+cụ\s+thể)? )
    ) \s*:\s* (?P<value>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)

# Roles in brackets at the end of a task: "Tổ chức tập huấn … (Sở Nội vụ chủ trì, phối hợp với Sở Tài
# chính; thời gian: Quý III/2025)", "(Cơ quan chủ trì: Sở Y tế; Thời hạn: năm 2025)".
ROLE_IN_BRACKETS = re.compile(r"chủ\s+trì|phối\s+hợp|thực\s+hiện", re.IGNORECASE)
# "thời gian: Quý III/2025", "thời hạn hoàn thành trước …" inside those brackets.
BRACKETED_TIME = re.compile(r"(?:[Tt]hời\s+(?:gian|hạn)|[Tt]iến\s+độ)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:?\s*(?P<time>[^;]+)")

# Where a value goes on into another label on the same line: "Sở Y tế; Thời gian: Quý IV/2025".
_NEXT_LABEL = re.compile(r"(?<=[.;])\s+(?=[^:.;]{3,60}:)")
# Where labels start inside a task's paragraph: "… hệ thống. Cơ quan chủ trì: Sở Y tế; …".
EMBEDDED_LABEL = re.compile(r"(?<=[.;])\s+(?=(?:Cơ\s+quan|Đơn\s+vị|Chủ\s+trì|Trách\s+nhiệm|Thực\s+hiện)[^:.;]{0,40}:)")


def label_parts(label: re.Match) -> list[tuple[str, str]]:
    """(kind, value) of a labelled line, and of the labels that follow it on the same line."""
    pieces = _NEXT_LABEL.split(label["value"])
    parts = [(kind_of(label), pieces[0])]
    for piece in pieces[1:]:
        if m := LABEL.match(piece):
            parts.append((kind_of(m), m["value"]))
        else:
            parts[-1] = (parts[-1][0], f"{parts[-1][1]} {piece}")
    return parts


def kind_of(label: re.Match) -> str:
    return next(k for k in ("lead", "coordinating", "time", "product", "funding", "task") if label[k])


def block_values(parts: list[tuple[str, str]]) -> tuple[Roles, str | None, str | None]:
    """Roles, time and product of a block's labels."""
    roles, time, product = Roles(), None, None
    for kind, value in parts:
        if kind in ("lead", "coordinating"):
            roles.add(roles_in_value(value, kind))
        elif kind == "time" and time is None:
            time = value
        elif kind == "product" and product is None:
            product = value
    return roles, time, product


def final_brackets(text: str) -> tuple[int, str] | None:
    """(where it opens, what it holds) of the bracket closing a paragraph: "… (Sở Y tế (chủ trì), Sở X)."."""
    end = len(text.rstrip(" .;"))
    if end == 0 or text[end - 1] != ")":
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        depth += (text[i] == ")") - (text[i] == "(")
        if depth == 0:
            return i, text[i + 1:end - 1]
    return None


def roles_in_final_brackets(text: str) -> tuple[int, Roles, str | None] | None:
    """(where the brackets open, the roles, the time) when a paragraph ends in brackets naming
    bodies: "Tổ chức tập huấn … (Sở Nội vụ chủ trì, phối hợp với Sở Tài chính; thời gian: Quý III/2025)"."""
    brackets = final_brackets(text)
    if not brackets or brackets[0] == 0 or not ROLE_IN_BRACKETS.search(brackets[1]):
        return None
    opens, inside = brackets
    roles, time = Roles(), None
    for piece in inside.split(";"):
        piece = piece.strip(" ,.")
        if (label := LABEL.match(piece)) and label["time"]:
            time = time or label["value"]
            continue
        if t := BRACKETED_TIME.search(piece):
            time = time or t["time"]
            piece = piece[:t.start()]
        kind = "lead"
        if label:
            kind, piece = ("lead" if label["lead"] else "coordinating"), label["value"]
        roles.add(roles_in_value(piece, kind))
    roles.lead = [u for u in roles.lead if starts_unit(u)]
    roles.coordinating = [u for u in roles.coordinating if starts_unit(u)]
    if not (roles.lead or roles.coordinating):
        return None
    return opens, roles, time
