"""Scanned PDFs side by side: `baocao ingest` (OCR + everything extracted and stored) against
`ocrmypdf -l vie --jobs 2` (OCR only, into a searchable PDF), on the same files in one run.

CPU seconds (user + system, the measured command and every process it waited for: workers,
Tesseract, Ghostscript), not wall time: the machine this runs on is shared, and CPU time is
what a busy machine does not inflate much. Also the cost of the per-page checks baocao adds:
the text-layer verdict on every text page of corpus/pdf, and the orientation/stamp checks on a
scanned page (its OCR with and without them).

Usage: python benchmarks/ocr_vs_ocrmypdf.py [FOLDER=corpus/scanned] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cpu(command: list[str]) -> float:
    """CPU seconds of one command and its descendants."""
    before = children_cpu()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return children_cpu() - before


def pages_of(pdfs: list[Path]) -> int:
    import pypdfium2

    return sum(len(pypdfium2.PdfDocument(str(p))) for p in pdfs)


def check_costs() -> dict:
    """In-process CPU of the checks: text-layer verdict per text page, orientation/stamp per scanned page."""
    import pypdfium2
    from PIL import Image

    from pipeline.loaders import ocr, pdf, scan_image, textlayer

    text_pages, read_s, judge_s = 0, 0.0, 0.0
    for path in sorted((ROOT / "corpus" / "pdf").glob("*.pdf")):
        document = pypdfium2.PdfDocument(str(path))
        for page in document:
            started = time.process_time()
            lines = pdf.fast_page_lines(page)
            read_s += time.process_time() - started
            started = time.process_time()
            textlayer.judge(lines, True, lambda: pdf.has_image(page))
            judge_s += time.process_time() - started
            text_pages += 1
    # One upright seed scan page: its OCR as baocao does it, and the plain read without the checks.
    page = pypdfium2.PdfDocument(str(next((ROOT / "corpus" / "scanned").glob("002_*.pdf"))))[0]
    image = ocr.page_image(page, pdf.scan_dpi(page))
    before = children_cpu() + time.process_time()
    ocr.ocr_image(image)
    with_checks = children_cpu() + time.process_time() - before
    before = children_cpu() + time.process_time()
    ocr._read_upright(scan_image.deskew(image.convert("L")))
    plain = children_cpu() + time.process_time() - before
    return {
        "text_pages": text_pages,
        "text_page_read_ms": round(1000 * read_s / text_pages, 3),
        "text_page_verdict_ms": round(1000 * judge_s / text_pages, 3),
        "scanned_page_cpu_s_with_checks": round(with_checks, 2),
        "scanned_page_cpu_s_plain": round(plain, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "corpus" / "scanned"))
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    folder = Path(args.folder)
    pdfs = sorted(folder.glob("*.pdf"))
    pages = pages_of(pdfs)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory() as tmp:
        baocao = run_cpu([str(ROOT / ".venv" / "bin" / "baocao"), "ingest", str(folder),
                          "--db", str(Path(tmp) / "bench.db"), "--workers", "2", "-q"])
        ocrmypdf = sum(run_cpu(["ocrmypdf", "-l", "vie", "--jobs", "2", "--quiet", str(p), str(Path(tmp) / p.name)])
                       for p in pdfs)
    figures = {
        "files": len(pdfs), "pages": pages,
        "baocao_ingest_cpu_s": round(baocao, 1), "ocrmypdf_cpu_s": round(ocrmypdf, 1),
        "baocao_cpu_s_per_page": round(baocao / pages, 2), "ocrmypdf_cpu_s_per_page": round(ocrmypdf / pages, 2),
        "baocao_pages_per_s_on_2_cores": round(2 * pages / baocao, 2),
        "ratio_baocao_to_ocrmypdf": round(baocao / ocrmypdf, 2),
        **check_costs(),
    }
    for key, value in figures.items():
        print(f"{key:34} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
