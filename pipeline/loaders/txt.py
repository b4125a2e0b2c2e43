"""Plain text: UTF-8 (with or without BOM) and UTF-16 (with BOM)."""
from __future__ import annotations

import codecs
from pathlib import Path

from . import Loaded, LoadError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise LoadError("error", f"invalid {encoding} text at byte {e.start}: re-save the file as UTF-8") from None
    if b"\x00" in data:
        raise LoadError("error", "binary data, not text (NUL bytes): check the file type")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LoadError("error", f"not UTF-8 text (byte {e.start}): re-save the file as UTF-8") from None


def load(path: Path) -> Loaded:
    text = decode(path.read_bytes())
    return Loaded([(line, None) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
