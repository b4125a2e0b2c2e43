"""Cheap checks before a format loader runs.

A folder nobody has cleaned holds files that would make a loader hang, eat all
memory or fail with an obscure error deep inside a library: empty files, zip
bombs dressed as .docx, password-protected documents, huge text dumps. Each
check here reads at most a file's directory or streams its bytes once, and
raises `LoadError` with a reason that tells the user what to do.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .base import LoadError
from ..i18n import _

MB = 1 << 20
# No report is this large; a file beyond it is a disk image, a video or a dump.
MAX_FILE_BYTES = 1024 * MB
# A text report is a few hundred KB; 50 MB of text is a data export, not a report.
MAX_TEXT_BYTES = 50 * MB
# The longest line of real report text is a paragraph of a few KB.
MAX_LINE_BYTES = 1 * MB
# What a .docx may unpack to: python-docx reads every part into memory. Photos
# can make a real report large, but its XML is a few MB even for 500 pages.
MAX_UNZIPPED_BYTES = 512 * MB
MAX_XML_PART_BYTES = 64 * MB

# Old Word (.doc) and every password-protected Office file are OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# What a file's first bytes say it is, whatever its name says.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a", b"BM")
# A Word 97-2003 document is an OLE container holding this stream (its name is UTF-16); a
# password-protected .docx is an OLE container too, without it.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
# How far into a text file to look for the start of RTF or HTML (after a BOM, blank lines).
_MARKUP_HEAD_BYTES = 2048
_HTML_START = re.compile(rb"""
    \s*(?:<!--.*?-->\s*)*                                   # blank lines, comments ("saved from url")
    <(?:!doctype\s+html|html|head|body|meta|table|p|div)\b  # the first tag an HTML page or fragment opens with
    [^<>]*>                                                 # ... closed
    """, re.IGNORECASE | re.DOTALL | re.VERBOSE)


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def check(path: Path, fmt: str) -> str:
    """The format to read the file as (its bytes' one, see `sniff`); LoadError if the file
    should not be handed to that format's loader."""
    size = path.stat().st_size
    if size == 0:
        raise LoadError("empty", _("empty file (0 bytes): copy it again from its source"))
    if size > MAX_FILE_BYTES:
        raise LoadError("error", _("file too large ({size}; limit {limit}): is it a report? split it").format(
            size=_mb(size), limit=_mb(MAX_FILE_BYTES)))
    fmt = sniff(path, fmt)
    per_format = {"txt": _check_text, "rtf": _check_text, "html": _check_text,
                  "docx": _check_docx, "pdf": _check_pdf}.get(fmt)
    if per_format:
        per_format(path, size)
    return fmt


def _check_text(path: Path, size: int) -> None:
    longest = run = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MB), b""):
            parts = chunk.split(b"\n")
            if len(parts) == 1:
                run += len(chunk)
            else:
                longest = max(longest, run + len(parts[0]), *(len(p) for p in parts[1:-1]))
                run = len(parts[-1])
            if max(longest, run) > MAX_LINE_BYTES:
                raise LoadError("error", _("a line longer than {limit} without a line break: "
                                           "not report text (a data dump?); split it into lines").format(
                                         limit=_mb(MAX_LINE_BYTES)))
    if size > MAX_TEXT_BYTES:
        raise LoadError("error", _("text file too large ({size}; limit {limit}): a data export, not a report? split it").format(
            size=_mb(size), limit=_mb(MAX_TEXT_BYTES)))


def _check_docx(path: Path, size: int) -> None:
    with open(path, "rb") as f:
        magic = f.read(len(OLE_MAGIC))
    if magic == OLE_MAGIC:
        raise LoadError("error", _("password-protected or old-format Word file, not a .docx: "
                                   "remove the password or save it as .docx in Word"))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise LoadError("error", _("not a valid .docx (not a zip archive): open and re-save it in Word")) from None
    # Python's zipfile never unpacks past a member's declared size, so the
    # declared sizes bound what python-docx can be made to read.
    biggest_xml = max((m for m in members if m.filename.endswith((".xml", ".rels"))),
                      key=lambda m: m.file_size, default=None)
    if biggest_xml and biggest_xml.file_size > MAX_XML_PART_BYTES:
        raise LoadError("error", _("suspicious .docx: {part} unpacks to {unpacked} from a {size} file (limit {limit}), "
                                   "a zip bomb? not read").format(
            part=biggest_xml.filename, unpacked=_mb(biggest_xml.file_size), size=_mb(size),
            limit=_mb(MAX_XML_PART_BYTES)))
    unzipped = sum(m.file_size for m in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise LoadError("error", _(".docx too large: unpacks to {unpacked} (limit {limit}): "
                                   "save it without embedded media, or split it").format(
            unpacked=_mb(unzipped), limit=_mb(MAX_UNZIPPED_BYTES)))


def _check_pdf(path: Path, size: int) -> None:
    # A password is found by the loader when it opens the file (pipeline/loaders/pdf.py).
    with open(path, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise LoadError("error", _("not a PDF (it starts with {head}): check the file type").format(head=repr(head[:8])))


def _holds_word_stream(path: Path) -> bool:
    with open(path, "rb") as f:      # (the OLE directory may lie anywhere in the file)
        return _WORD_STREAM in f.read(MAX_XML_PART_BYTES)


def sniff(path: Path, fmt: str) -> str:
    """The format the file's bytes show, for the formats a misnamed file is found in:
    "docx" (a zip holding word/document.xml), "doc" (an OLE file holding a WordDocument
    stream), "pdf", "image", "rtf", "html"; else `fmt`, the one its name gave.

    Reads the first 2 KB (and, for a zip or an OLE file, its directory).
    """
    with open(path, "rb") as f:
        head = f.read(_MARKUP_HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            pass
        return fmt
    if head.startswith(OLE_MAGIC):
        # (a password-protected .docx is left to the .docx check, which says so)
        return "doc" if _holds_word_stream(path) else fmt
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        # (a .txt that is an image is refused by the text loader, which says what to rename it to)
        return fmt if fmt == "txt" else "image"
    text = head.lstrip(b"\xef\xbb\xbf")
    if text.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if fmt in ("txt", "doc", "html") and _HTML_START.match(text):     # (Word's "web page" saved as .doc)
        return "html"
    return fmt
