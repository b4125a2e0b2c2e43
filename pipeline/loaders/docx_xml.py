"""WordprocessingML names and the two element lookups every part of the .docx reader uses."""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
NAMESPACES = {"w": W[1:-1]}


def local_name(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def val(element, name: str, default: str | None = None) -> str | None:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val", default) if child is not None else default
