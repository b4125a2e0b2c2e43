"""Stage 2: load a file's text.

Each loader returns `Loaded`: raw lines with the page each came from, tables
rendered as one row per line with TAB-separated cells. A file that cannot give
text raises `LoadError` with a status from SCHEMA.md (error, empty, needs_ocr,
unsupported) and a one-line reason that tells the user what to do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_, _


class LoadError(Exception):
    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Loaded:
    lines: list[tuple[str, int | None]]           # (text, page) — page None for formats without pages
    pages: int | None = None
    ocr: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. pages that had no text layer
    ocr_confidence: float | None = None              # mean Tesseract word confidence (0-100) over OCR'd pages
    ocr_page_confidence: dict[int, float | None] = field(default_factory=dict)   # page -> confidence
    legacy_encoding: str | None = None               # "tcvn3" or "vni" when pre-Unicode text was converted
    page_reads: list = field(default_factory=list)   # textlayer.PageRead per page: how it was read, and why

    def is_empty(self) -> bool:
        return not any(text.strip() for text, _ in self.lines)


# How a note names each format a file can turn out to be.
FORMAT_NAMES = {"txt": N_("plain text"), "docx": "Word .docx", "doc": "Word 97-2003 .doc", "pdf": "PDF",
                "image": N_("image"), "rtf": "RTF", "html": "HTML"}


def load(path: Path, fmt: str) -> Loaded:
    """Read a file as what its bytes show (`fmt` is what its name says); a file whose name
    lies is read all the same, with a note saying so (files.note)."""
    from . import doc, docx, guards, image, pdf, txt

    loaders = {"txt": txt.load, "docx": docx.load, "doc": doc.load, "pdf": pdf.load, "image": image.load,
               "rtf": txt.load_rtf, "html": txt.load_html}
    if fmt not in loaders:
        raise LoadError("unsupported", _("unsupported file type '.{format}': baocao reads .txt, .docx, .doc, .pdf and scanned images").format(format=fmt))
    actual = guards.check(path, fmt)
    loaded = loaders[actual](path)
    if actual != fmt:
        loaded.notes.insert(0, _("named as {named} but its content is {actual}: read as such").format(
            named=_(FORMAT_NAMES[fmt]), actual=_(FORMAT_NAMES[actual])))
    if loaded.is_empty():
        raise LoadError("empty", _("no text in the file: it is empty or holds only whitespace"))
    return loaded
