"""The loaders' shared types: what a loader returns (`Loaded`) or raises (`LoadError`).

Kept apart from loaders/__init__.py, which picks a loader by format, so that every loader
imports its types from here and the package imports its loaders at the top.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_


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
