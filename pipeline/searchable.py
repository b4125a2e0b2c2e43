"""Searchable PDFs for archivists: every scanned input written again with its OCR text as an
invisible layer (`baocao ingest … --ocr-pdf DIR`), by OCRmyPDF.

OCRmyPDF rather than Tesseract's own PDF renderer on the pages baocao already
rasterised: the image baocao reads is not the one to archive — red stamps, table
rules and colour are painted out, and the page is turned and levelled — while
OCRmyPDF keeps each page exactly as scanned, puts the text under it where the
words are, writes PDF/A, and replaces a wrong-language text layer (`--redo-ocr`).
The price is a second OCR of those pages (measured in benchmarks/ocr_vs_ocrmypdf.py),
paid only when the option is given.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .discover import FoundFile
from .i18n import N_, _

INSTALL_HINT = N_("install OCRmyPDF: apt-get install ocrmypdf")
SECONDS_PER_PAGE = 60          # a page that takes longer is a pathological file


@dataclass
class Written:
    rel: str
    output: Path | None
    error: str | None = None     # one line, when OCRmyPDF failed


def missing_reason() -> str | None:
    return None if shutil.which("ocrmypdf") else _("OCRmyPDF is not installed ({hint})").format(hint=_(INSTALL_HINT))


def output_path(out_dir: Path, rel: str) -> Path:
    """scans/cv.png -> OUT/scans/cv.png.pdf; scans/qd.pdf -> OUT/scans/qd.pdf (the folder tree kept)."""
    target = out_dir / rel
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


def scanned_files(db, files: list[FoundFile]) -> list[tuple[FoundFile, int | None, bool]]:
    """The inputs with at least one OCR'd page: (file, its page count, whether it also had a text layer)."""
    rows = {(r["root"], r["path"]): r for r in db.query(
        "select f.root, f.path, f.pages, sum(p.source = 'ocr') as ocr_pages, sum(p.source = 'text') as text_pages "
        "from files f join pages p on p.file_id = f.id where f.status = 'ok' group by f.id")}
    found_rows = [(found, rows.get((found.root, found.rel))) for found in files]
    return [(found, row["pages"], bool(row["text_pages"])) for found, row in found_rows if row and row["ocr_pages"]]


def ocrmypdf_command(source: Path, target: Path, had_text_layer: bool, jobs: int) -> list[str]:
    command = ["ocrmypdf", "-l", "vie", "--rotate-pages", "--jobs", str(jobs), "--quiet",
               "--output-type", "pdfa"]
    if source.suffix.lower() != ".pdf":
        command += ["--image-dpi", "200"]      # used only when the image does not say its resolution
    # A layer judged not Vietnamese is replaced (and a real text page kept as it is).
    if had_text_layer or source.suffix.lower() == ".pdf":
        command.append("--redo-ocr")
    return command + [str(source), str(target)]


def write_searchable_pdfs(db, files: list[FoundFile], out_dir: Path, jobs: int = 2) -> list[Written]:
    """Write a searchable PDF of every scanned input not yet written since it last changed."""
    written = []
    for found, pages, had_text in scanned_files(db, files):
        target = output_path(out_dir, found.rel)
        if target.exists() and target.stat().st_mtime >= found.path.stat().st_mtime:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        command = ocrmypdf_command(found.path, target, had_text, jobs)
        try:
            subprocess.run(command, check=True, capture_output=True, text=True,
                           timeout=SECONDS_PER_PAGE * max(pages or 1, 1))
            written.append(Written(found.rel, target))
        except subprocess.CalledProcessError as e:
            last = (e.stderr or "").strip().splitlines()[-1:] or [_("exit code {code}").format(code=e.returncode)]
            written.append(Written(found.rel, None, _("OCRmyPDF failed: {error}").format(error=last[0][:200])))
        except subprocess.TimeoutExpired:
            written.append(Written(found.rel, None, _("OCRmyPDF took longer than {seconds} s a page: stopped").format(
                seconds=SECONDS_PER_PAGE)))
    return written
