"""Ingest benchmark: a synthetic archive built from the corpus, timed per format and per stage.

    .venv/bin/python benchmarks/run.py                 # the full archive (about 2 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --scale 0.1     # a tenth of it, for a quick look
    .venv/bin/python benchmarks/run.py --json out.json # also write the figures as JSON

The archive is made of the corpus's own files (corpus/*.txt, corpus/docx,
corpus/pdf, corpus/scanned), each copy made byte-distinct so that no file is
skipped as unchanged: 2,000 text files, 500 DOCX, 300 text-layer PDFs of 12
pages and 30 scanned pages. Each format is ingested in turn into one database
with `ingest_files`, exactly as `baocao ingest --workers N` does; then the
whole archive is ingested again unchanged (hash check only). Reported per
format: files/s, pages/s, MB/s, the time of each stage (load, extract, prepare
in the workers; store in the writer), and peak memory. In the same run the
text of a sample of the PDFs is extracted with pdfplumber alone and with the
loader's fast path, and each extractor is timed on the seed texts.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.discover import discover  # noqa: E402  (the repo root is added just above)
from pipeline.ingest import default_workers, ingest_files  # noqa: E402
from pipeline.workers import Limits  # noqa: E402

CORPUS = REPO / "corpus"
FULL = {"txt": 2000, "docx": 500, "pdf": 300, "scanned_pages": 30}


# ------------------------------------------------------------------ the archive

def _copy_txt(source: Path, target: Path, n: int) -> None:
    target.write_bytes(source.read_bytes() + f"\nBản sao số {n}.\n".encode())


def _copy_docx(source: Path, target: Path, n: int) -> None:
    """The same document, made distinct by the zip comment (Word ignores it)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename), compress_type=info.compress_type)
        dst.comment = f"copy {n}".encode()


def _copy_pdf(source: Path, target: Path, n: int) -> None:
    """The same PDF, made distinct by a comment after %%EOF (readers ignore it)."""
    target.write_bytes(source.read_bytes() + f"\n%copy {n}\n".encode())


def _scanned_pages(sources: list[Path], folder: Path, pages: int) -> None:
    """One single-page PDF per scanned page, taken in turn from the corpus's scanned reports."""
    import pypdfium2

    if not sources:
        raise SystemExit("no scanned PDFs in the corpus: run scripts/build_corpus.py first")
    made = 0
    while made < pages:
        for source in sources:
            document = pypdfium2.PdfDocument(str(source))
            try:
                for index in range(len(document)):
                    if made == pages:
                        return
                    page = pypdfium2.PdfDocument.new()
                    page.import_pages(document, [index])
                    page.save(str(folder / f"{source.stem}_p{index + 1}_{made:03d}.pdf"))
                    page.close()
                    made += 1
            finally:
                document.close()


def build_archive(root: Path, counts: dict[str, int]) -> dict[str, Path]:
    folders = {fmt: root / fmt for fmt in ("txt", "docx", "pdf", "scanned")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    makers = [("txt", sorted(CORPUS.glob("*.txt")), _copy_txt, ".txt"),
              ("docx", sorted((CORPUS / "docx").glob("*.docx")), _copy_docx, ".docx"),
              ("pdf", sorted((CORPUS / "pdf").glob("*.pdf")), _copy_pdf, ".pdf")]
    for fmt, sources, copy, suffix in makers:
        if not sources:
            raise SystemExit(f"no {fmt} files in the corpus: run scripts/build_corpus.py first")
        for n in range(counts[fmt]):
            source = sources[n % len(sources)]
            copy(source, folders[fmt] / f"{source.stem}_{n:04d}{suffix}", n)
    _scanned_pages(sorted((CORPUS / "scanned").glob("*.pdf")), folders["scanned"], counts["scanned_pages"])
    return folders


# ------------------------------------------------------------------ measuring

def _pages_and_bytes(db_path: Path, prefix: str) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(db_path) as db:
        pages, size = db.execute("select coalesce(sum(pages), 0), coalesce(sum(size), 0) from files "
                                 "where path like ?", [prefix + "%"]).fetchone()
    return pages, size


def cpu_seconds() -> float:
    """CPU time of this process and of every finished worker (and their Tesseract runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ingest_format(archive: Path, fmt: str, db_path: Path, workers: int) -> dict:
    """Ingest the archive's folder of one format (paths stay relative to the archive).

    Besides wall time, the CPU time of all processes is measured: on a shared or
    busy machine, files / (CPU seconds / cores) is what the same cores would do idle.
    """
    files = [found for found in discover([archive]) if found.rel.startswith(fmt + "/")]
    started, cpu_before = time.perf_counter(), cpu_seconds()
    summary = ingest_files(files, db_path, workers=workers, limits=Limits(timeout=600))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    pages, size = _pages_and_bytes(db_path, fmt + "/")
    idle_seconds = max(cpu / workers, 1e-9)
    return {
        "files": len(files), "ok": summary.ok, "failed": summary.failed, "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "files_per_s": round(len(files) / seconds, 1), "pages": pages,
        "pages_per_s": round(pages / seconds, 1) if pages else None,
        "files_per_s_cpu": round(len(files) / idle_seconds, 1),
        "pages_per_s_cpu": round(pages / idle_seconds, 1) if pages else None,
        "mb": round(size / 2**20, 1), "mb_per_s": round(size / 2**20 / seconds, 2),
        "stages_s": {k: round(v, 2) for k, v in summary.timings.items()},
        "worker_peak_rss_mb": round(summary.peak_worker_rss_mb, 1),
    }


def compare_pdf_text(pdfs: list[Path]) -> dict:
    """Pages/s of pdfplumber's extract_text alone against the PDF loader (fast path), in CPU time on one core."""
    import pdfplumber

    from pipeline.loaders import pdf as pdf_loader

    started = time.process_time()
    pages = 0
    for path in pdfs:
        with pdfplumber.open(str(path)) as document:
            for page in document.pages:
                page.extract_text()
                page.flush_cache()
                pages += 1
    plumber = time.process_time() - started
    started = time.process_time()
    for path in pdfs:
        pdf_loader.load(path)
    fast = time.process_time() - started
    return {"pdfs": len(pdfs), "pages": pages,
            "pdfplumber_pages_per_s": round(pages / plumber, 1), "fast_path_pages_per_s": round(pages / fast, 1),
            "speedup": round(plumber / fast, 1)}


def profile_extractors(rounds: int = 3) -> dict:
    """CPU milliseconds per seed text for each stage of extraction, one core, after a warm-up round."""
    from extractors import assignments, budget, header, indicators, references, resolve, sections, tables
    from extractors.models import Extraction
    from extractors.text import Text
    from pipeline import store
    from pipeline.extract import cites_itself
    from pipeline.loaders import load

    seeds = sorted(CORPUS.glob("*.txt"))
    spent: dict[str, float] = {}

    def timed(name, function, *args):
        started = time.process_time()   # CPU time: the figure holds on a busy machine too
        result = function(*args)
        spent[name] = spent.get(name, 0.0) + time.process_time() - started
        return result

    for round_number in range(rounds + 1):
        if round_number == 1:
            spent.clear()   # round 0 warms caches (gazetteer, compiled patterns)
        for path in seeds:
            loaded = timed("load (txt)", load, path, "txt")
            text = timed("Text.from_lines", Text.from_lines, loaded.lines)
            # the order and arguments of pipeline.extract.extract, each stage timed
            index = timed("sections", sections.SectionIndex, text)
            head = timed("header", header.extract_header, text, index)
            found = timed("tables", tables.find_tables, text)
            citations = timed("references", references.find_citations, text, index, found)
            citations = [c for c in citations if not cites_itself(c, head)]
            documents = timed("resolve", resolve.resolve, citations)
            values = timed("indicators", indicators.find_indicators, text, index, head)
            lines = timed("budget", budget.find_budget_lines, text, found, index, head)
            tasks = timed("assignments", assignments.find_assignments, text, index, found, head.kind)
            extraction = Extraction(header=head, documents=documents, tables=found, indicators=values,
                                    budget_lines=lines, assignments=tasks)
            timed("prepare rows (fold)", store.prepare_report, text, extraction)
    n = rounds * len(seeds)
    size = rounds * sum(p.stat().st_size for p in seeds)
    total = sum(spent.values())
    return {
        "ms_per_file": {k: round(v / n * 1000, 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])},
        "total_ms_per_file": round(total / n * 1000, 1),
        "mb_per_s_per_core": round(size / 2**20 / total, 2),
        "seed_kb": round(size / rounds / len(seeds) / 1024, 1),
    }


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    return {"cpu": model, "cores": default_workers(), "memory_gb": round(memory_kb / 2**20, 1),
            "python": platform.python_version(), "system": platform.platform()}


# ------------------------------------------------------------------ report

def markdown(results: dict) -> str:
    m = results["machine"]
    out = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, Python {m['python']}; "
           f"{results['workers']} workers.", "",
           "| format | files | pages | MB | seconds | files/s | pages/s | MB/s | CPU s | files/s (CPU) | pages/s (CPU) "
           "| load s | extract s | prepare s | store s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for fmt, r in results["formats"].items():
        st = r["stages_s"]
        out.append(f"| {fmt} | {r['files']} | {r['pages'] or ''} | {r['mb']} | {r['seconds']} | {r['files_per_s']} | "
                   f"{r['pages_per_s'] or ''} | {r['mb_per_s']} | {r['cpu_seconds']} | {r['files_per_s_cpu']} | "
                   f"{r['pages_per_s_cpu'] or ''} | {st.get('load', 0)} | {st.get('extract', 0)} | "
                   f"{st.get('prepare', 0)} | {st.get('store', 0)} |")
    out += ["", "files/s (CPU) and pages/s (CPU): files / (CPU seconds of all processes / workers), what the same "
                "cores give when nothing else runs. Stage columns: seconds summed over files (load, extract, "
                "prepare in the workers; store in the writer)."]
    r = results["unchanged"]
    out += ["", f"Re-ingest of the unchanged archive ({r['files']} files): {r['seconds']} s, {r['files_per_s']} files/s.",
            f"Peak memory: writer process {results['peak_rss_mb']['writer']} MB, largest worker "
            f"{results['peak_rss_mb']['worker']} MB; all processes together at most "
            f"{results['peak_rss_mb']['total_bound']} MB.", ""]
    c = results["pdf_text"]
    out.append(f"PDF text, one core, {c['pdfs']} PDFs / {c['pages']} pages: pdfplumber alone {c['pdfplumber_pages_per_s']} "
               f"pages/s, fast path (loader) {c['fast_path_pages_per_s']} pages/s ({c['speedup']}x).")
    p = results["extractors"]
    out += ["", f"Extraction per seed text ({p['seed_kb']} KB), one core: {p['total_ms_per_file']} ms, "
                f"{p['mb_per_s_per_core']} MB/s:",
            ", ".join(f"{k} {v} ms" for k, v in p["ms_per_file"].items()) + "."]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full archive (default 1)")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="build the archive and database here and keep them")
    args = parser.parse_args()

    counts = {k: max(1, round(v * args.scale)) for k, v in FULL.items()}
    root = args.keep or Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    try:
        started = time.perf_counter()
        folders = build_archive(root / "archive", counts)
        print(f"archive built in {time.perf_counter() - started:.1f} s: {counts}", file=sys.stderr)
        db_path = root / "bench.db"
        results: dict = {"machine": machine(), "workers": args.workers, "counts": counts, "formats": {}}
        worker_peak = 0.0
        for fmt in folders:
            results["formats"][fmt] = ingest_format(root / "archive", fmt, db_path, args.workers)
            worker_peak = max(worker_peak, results["formats"][fmt]["worker_peak_rss_mb"])
            print(f"{fmt}: {results['formats'][fmt]}", file=sys.stderr)
        started = time.perf_counter()
        again = ingest_files(discover([root / "archive"]), db_path, workers=args.workers)
        seconds = time.perf_counter() - started
        results["unchanged"] = {"files": again.skipped, "seconds": round(seconds, 2),
                                "files_per_s": round(again.skipped / seconds, 1)}
        writer = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results["peak_rss_mb"] = {"writer": round(writer, 1), "worker": round(worker_peak, 1),
                                  "total_bound": round(writer + args.workers * worker_peak, 1)}
        results["pdf_text"] = compare_pdf_text(sorted(folders["pdf"].glob("*.pdf"))[:10])
        results["extractors"] = profile_extractors()
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
