"""Plain text: UTF-8 (with or without BOM), UTF-16 (with or without BOM) and Windows-1258.

Windows-1258 is the Vietnamese Windows code page: old Notepad files and CSV
exports use it. It writes tone marks as separate combining characters, which
`Text` composes (NFC) like any other text.
"""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from . import Loaded, LoadError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# Files that end up named .txt by mistake, by their first bytes.
_MAGIC = [
    (b"%PDF-", "a PDF file named .txt: rename it to .pdf"),
    (b"PK\x03\x04", "a zip or Office (.docx/.xlsx) file named .txt: rename it to its real type"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc/.xls) file named .txt: save it as .docx"),
    (b"\x89PNG", "a PNG image named .txt: rename it to .png"),
    (b"\xff\xd8\xff", "a JPEG image named .txt: rename it to .jpg"),
]

# What only Vietnamese text decodes to in Windows-1258: tone marks written as
# combining characters after the vowel, and the letters ă đ ơ ư.
_VIETNAMESE_SIGNS = set("\u0300\u0301\u0303\u0309\u0323ăđơưĂĐƠƯ")
# C0 controls other than TAB, LF, CR, FF never occur in text.
_CONTROL = set(map(chr, range(32))) - set("\t\n\r\f")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: mostly-Latin text has a NUL in every other byte."""
    if len(data) % 2:
        return None
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) > 0.3 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.intersection(text):
                return text
    return None


def _windows_1258(data: bytes) -> str | None:
    """The text if the bytes read as Vietnamese in Windows-1258, else None."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    if _CONTROL.intersection(text) or not _VIETNAMESE_SIGNS.intersection(text):
        return None
    return unicodedata.normalize("NFC", text)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in; LoadError when it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as e:
                raise LoadError("error", f"invalid {encoding} text at byte {e.start}: re-save the file as UTF-8") from None
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            raise LoadError("error", f"not text: {reason}")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise LoadError("error", "binary data, not text (NUL bytes): check the file type")
        return text, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        text = _windows_1258(data)
        if text is None:
            raise LoadError("error", f"not UTF-8 or Windows-1258 text (byte {e.start}): re-save the file as UTF-8") from None
        return text, "cp1258"


def load(path: Path) -> Loaded:
    text, encoding = decode(path.read_bytes())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notes = [] if encoding == "utf-8" else [f"text encoding: {encoding}"]
    return Loaded([(line, None) for line in lines], notes=notes)
