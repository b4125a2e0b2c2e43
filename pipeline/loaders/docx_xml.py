"""WordprocessingML names and the two element lookups every part of the .docx reader uses."""
from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
NAMESPACES = {"w": W[1:-1]}


_LOCAL_NAMES: dict = {}     # tag -> its local name (a document uses a few hundred tags, read again and again)
_MAX_LOCAL_NAMES = 4096    # (a worker reads file after file: no more than this kept)


def local_name(element) -> str:
    tag = element.tag
    name = _LOCAL_NAMES.get(tag)
    if name is None:     # (a comment's or processing instruction's tag is a function: no name)
        name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < _MAX_LOCAL_NAMES:
            _LOCAL_NAMES[tag] = name
    return name


def val(element, name: str, default: str | None = None) -> str | None:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val", default) if child is not None else default
