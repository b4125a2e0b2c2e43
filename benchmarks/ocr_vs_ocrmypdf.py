"""Scanned PDFs side by side: `baocao ingest` (OCR + everything extracted and stored) against
`ocrmypdf -l vie --jobs 2` (OCR only, into a searchable PDF), on the same files in one run.

CPU seconds (user + system, the measured command and every process it waited for: workers,
Tesseract, Ghostscript), not wall time: the machine this runs on is shared, and CPU time is
what a busy machine does not inflate much. Also plain Tesseract page by page on the
same pages, the cost of the per-page checks baocao adds (the text-layer verdict on every text
page of corpus/pdf; the orientation/stamp checks on a seed's scanned pages, read with and without
them, interleaved) and where a scanned page's CPU goes, step by step. And what the OCR read
wrong: the words of each seed's own text (corpus/NAME.txt, from which corpus/scanned/NAME.pdf was
made) that the ingested report's text does not have in order (`words_wrong`).

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


def cpu_now() -> float:
    """This process's CPU and that of its finished children (Tesseract runs)."""
    return time.process_time() + children_cpu()


def tesseract_alone_cpu(pdfs: list[Path]) -> float:
    """Plain Tesseract page by page (`tesseract page - -l vie --psm 3 tsv`) on each page rasterised
    at its scan's resolution, as baocao rasterises it; the rasterising is not counted."""
    import pypdfium2

    from pipeline.loaders import ocr, pdf

    total = 0.0
    for path in pdfs:
        document = pypdfium2.PdfDocument(str(path))
        for page in document:
            with ocr.as_uncompressed_file(ocr.page_image(page, pdf.scan_dpi(page))) as image:
                total += run_cpu(["tesseract", str(image), "-", "-l", "vie", "--psm", "3", "tsv"])
        document.close()
    return total


def words_wrong(db_path: Path) -> dict:
    """Words of the seeds' own texts the OCR'd reports miss (the seed's words less those matched, in
    order, in the report's text: difflib's matching blocks over the two word sequences, NFC), and
    the words read that the seed does not have (misread words, stray marks)."""
    import difflib
    import sqlite3
    import unicodedata

    words = wrong = stray = 0
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT f.path, r.text FROM reports r JOIN files f ON f.id = r.file_id").fetchall()
    for path, text in rows:
        seed = ROOT / "corpus" / (Path(path).stem + ".txt")
        if not seed.exists():
            continue
        expected = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8")).split()
        read = unicodedata.normalize("NFC", text).split()
        matcher = difflib.SequenceMatcher(None, expected, read, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        words += len(expected)
        wrong += len(expected) - matched
        stray += len(read) - matched
    return {"seed_words": words, "seed_words_wrong": wrong, "words_read_not_in_seed": stray}


def text_page_check_costs() -> dict:
    """The text-layer verdict on every text page of corpus/pdf, against reading the page's text."""
    import pypdfium2

    from pipeline.loaders import pdf, textlayer

    text_pages, read_s, judge_s = 0, 0.0, 0.0
    for path in sorted((ROOT / "corpus" / "pdf").glob("*.pdf")):
        document = pypdfium2.PdfDocument(str(path))
        for page in document:
            started = time.process_time()
            lines = [line.text for line in pdf.fast_page_lines(page)]
            read_s += time.process_time() - started
            started = time.process_time()
            textlayer.judge(lines, True, lambda: pdf.has_image(page))
            judge_s += time.process_time() - started
            text_pages += 1
    return {"text_pages": text_pages, "text_page_read_ms": round(1000 * read_s / text_pages, 3),
            "text_page_verdict_ms": round(1000 * judge_s / text_pages, 3)}


STEPS = [("scan_image", "page_image"), ("scan_image", "drop_red_ink"), ("scan_image", "deskew"),
         ("scan_image", "find_grids"), ("scan_image", "erase_rules"), ("ocr", "detect_rotation"),
         ("ocr", "_read_cell_alone"), ("ocr", "recognise")]


def scanned_page_costs(stem: str = "002") -> dict:
    """CPU per step of a scanned page, over every page of one seed scan, and the cost of the checks:
    each page read as baocao reads it (stamp ink, deskew, read, orientation check) and, interleaved,
    the plain read (deskew, read) without the stamp and orientation checks."""
    import pypdfium2

    from pipeline.loaders import ocr, pdf, scan_image

    spent: dict[str, float] = {}
    calls: dict[str, int] = {}
    modules = {"scan_image": scan_image, "ocr": ocr}

    def timed(name, function):
        def run(*args, **kwargs):
            started = cpu_now()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + cpu_now() - started
                calls[name] = calls.get(name, 0) + 1
        return run

    originals = []
    for module, name in STEPS:
        originals.append((modules[module], name, getattr(modules[module], name)))
        setattr(modules[module], name, timed(name, getattr(modules[module], name)))
    # ocr.py holds its own names for what it imported from scan_image
    for name in ("page_image", "drop_red_ink", "deskew", "find_grids", "erase_rules"):
        originals.append((ocr, name, getattr(ocr, name)))
        setattr(ocr, name, getattr(scan_image, name))
    with_checks = plain = 0.0
    try:
        document = pypdfium2.PdfDocument(str(next((ROOT / "corpus" / "scanned").glob(f"{stem}_*.pdf"))))
        pages = len(document)
        for page in document:
            image = ocr.page_image(page, pdf.scan_dpi(page))
            started = cpu_now()
            ocr.ocr_image(image)
            with_checks += cpu_now() - started
            started = cpu_now()
            ocr._read_upright(ocr.deskew(image.convert("L")))
            plain += cpu_now() - started
        document.close()
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    reads = calls.get("recognise", 0)
    return {
        "sample_pages": pages,
        "scanned_page_cpu_s_with_checks": round(with_checks / pages, 3),
        "scanned_page_cpu_s_plain": round(plain / pages, 3),
        "checks_cost_share": round(with_checks / plain - 1, 3),
        "orientation_checks_asked": calls.get("detect_rotation", 0),
        "cells_read_alone": calls.get("_read_cell_alone", 0),
        # over both passes (2 x sample_pages reads and more when a page is turned)
        "cpu_s_per_read": {name: round(seconds / max(reads, 1), 3) for name, seconds in spent.items()},
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
        quality = words_wrong(Path(tmp) / "bench.db")
        ocrmypdf = sum(run_cpu(["ocrmypdf", "-l", "vie", "--jobs", "2", "--quiet", str(p), str(Path(tmp) / p.name)])
                       for p in pdfs)
        print(f"{'baocao_ingest_cpu_s':34} {baocao:.1f}\n{'ocrmypdf_cpu_s':34} {ocrmypdf:.1f}", flush=True)
        tesseract = tesseract_alone_cpu(pdfs)
    figures = {
        "files": len(pdfs), "pages": pages,
        "baocao_ingest_cpu_s": round(baocao, 1), "ocrmypdf_cpu_s": round(ocrmypdf, 1),
        "tesseract_alone_cpu_s": round(tesseract, 1),
        "baocao_cpu_s_per_page": round(baocao / pages, 2), "ocrmypdf_cpu_s_per_page": round(ocrmypdf / pages, 2),
        "baocao_pages_per_s_on_2_cores": round(2 * pages / baocao, 2),
        "ratio_baocao_to_ocrmypdf": round(baocao / ocrmypdf, 2),
        **quality,
        **text_page_check_costs(),
        **scanned_page_costs(),
    }
    for key, value in figures.items():
        print(f"{key:34} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
