"""Stage 2: load a file's text.

Each loader returns `Loaded`: raw lines with the page each came from, tables
rendered as one row per line with TAB-separated cells. A file that cannot give
text raises `LoadError` with a status from SCHEMA.md (error, empty, needs_ocr,
unsupported) and a one-line reason that tells the user what to do.
"""
from __future__ import annotations

from pathlib import Path

from ..i18n import _
from .base import FORMAT_NAMES, Loaded, LoadError
from . import doc, docx, guards, image, pdf, txt

__all__ = ["FORMAT_NAMES", "Loaded", "LoadError", "load"]


def load(path: Path, fmt: str, ocr_pages: dict | None = None) -> Loaded:
    """Read a file as what its bytes show (`fmt` is what its name says); a file whose name
    lies is read all the same, with a note saying so (files.note). `ocr_pages`: a scanned
    PDF's pages or a TIFF's frames already OCR'd elsewhere (pdf.load, image.load)."""
    loaders = {"txt": txt.load, "docx": docx.load, "doc": doc.load, "pdf": pdf.load, "image": image.load,
               "rtf": txt.load_rtf, "html": txt.load_html}
    if fmt not in loaders:
        raise LoadError("unsupported", _("unsupported file type '.{format}': baocao reads .txt, .docx, .doc, .pdf and scanned images").format(format=fmt))
    actual = guards.check(path, fmt)
    if ocr_pages and actual in ("pdf", "image"):   # a long scan split by page across cluster workers
        loaded = loaders[actual](path, ocr_pages=ocr_pages)
    else:
        loaded = loaders[actual](path)
    if actual != fmt:
        loaded.notes.insert(0, _("named as {named} but its content is {actual}: read as such").format(
            named=_(FORMAT_NAMES[fmt]), actual=_(FORMAT_NAMES[actual])))
    if loaded.is_empty():
        raise LoadError("empty", _("no text in the file: it is empty or holds only whitespace"))
    return loaded
