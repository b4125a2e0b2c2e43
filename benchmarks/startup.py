"""Start-up benchmark: how long the `baocao` commands take to answer, and the review page of a long report.

    .venv/bin/python benchmarks/startup.py              # 10 runs of each command
    .venv/bin/python benchmarks/startup.py --runs 20 --json out.json

Each command runs `--runs` times as a new process (the installed `baocao` script beside
this Python): the median wall time, and the mean CPU time (user + system, of the process
and its children), which stays meaningful on a busy or shared machine. The searches,
`show` and `export` run on a database of the seed reports (corpus/*.txt), ingested first.
Then a report of about 1,000 pages (a seed repeated) is ingested, and its review page is
built whole (as `baocao show --html` does) and as the first page the Datasette review shows.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPUS = REPO / "corpus"
BAOCAO = Path(sys.executable).with_name("baocao.exe" if os.name == "nt" else "baocao")
LONG_REPORT_COPIES = 200   # copies of seed 000 (about 250 lines each): about 50,000 lines, 1,000 pages


def child_cpu_seconds() -> float:
    """CPU time (user + system) of all finished children so far (0 where the platform cannot say)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(args: list[str], runs: int, cwd: Path) -> dict:
    walls, cpus = [], []
    for _ in range(runs):
        cpu_before, start = child_cpu_seconds(), time.perf_counter()
        subprocess.run([str(BAOCAO), *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env={**os.environ, "BAOCAO_LANG": "vi"})
        walls.append(time.perf_counter() - start)
        cpus.append(child_cpu_seconds() - cpu_before)
    shown = " ".join(f'"{a}"' if " " in a else a for a in args).replace(str(cwd), "$TMP")
    return {"command": f"baocao {shown}", "wall_median_s": round(statistics.median(walls), 3),
            "wall_min_s": round(min(walls), 3), "cpu_mean_s": round(statistics.mean(cpus), 3)}


def time_review(folder: Path) -> list[dict]:
    """The review of a ~1,000-page report: whole, and the first page of the Datasette review."""
    import sqlite3

    from pipeline.ingest import ingest
    from pipeline.review import LINES_PER_PAGE, report_review

    seed = (CORPUS / "000_34c2b11754aa651e.txt").read_text(encoding="utf-8")
    archive = folder / "long"
    archive.mkdir()
    (archive / "long_report.txt").write_text("\n".join([seed] * LONG_REPORT_COPIES), encoding="utf-8")
    db = folder / "long.db"
    ingest([str(archive)], str(db), workers=1)
    figures = []
    with sqlite3.connect(db) as conn:
        lines = conn.execute("select text from reports").fetchone()[0].count("\n") + 1
        for label, page in [("whole report (baocao show --html)", None),
                            (f"one page of {LINES_PER_PAGE} lines (Datasette /-/review/…?page=1)", 1)]:
            cpu_before, start = time.process_time(), time.perf_counter()
            review = report_review(conn, 1, page=page)
            figures.append({"command": f"review page of a {lines:,}-line report: {label}",
                            "wall_median_s": round(time.perf_counter() - start, 3),
                            "cpu_mean_s": round(time.process_time() - cpu_before, 3),
                            "marks": sum(review.placed.values()), "pages": review.pages})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "reports.db"
        seeds = folder / "seeds"
        seeds.mkdir()
        for path in CORPUS.glob("*.txt"):
            (seeds / path.name).write_bytes(path.read_bytes())
        subprocess.run([str(BAOCAO), "ingest", str(seeds), "--db", str(db), "-q"], check=True,
                       stdout=subprocess.DEVNULL)
        commands = [
            ["--help"],
            ["search", "--help"],
            ["search", "thư viện", "--db", str(db)],
            ["search", "thu vien", "--db", str(db)],
            ["show", "000_34c2b11754aa651e.txt", "--db", str(db)],
            ["export", "--format", "xlsx", "--db", str(db), "-o", str(folder / "out.xlsx")],
        ]
        figures = [time_command(args, options.runs, folder) for args in commands]
        figures += time_review(folder)
    print(f"Start-up, {options.runs} runs each ({platform.platform()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}):\n")
    print("| command | wall median (s) | CPU mean (s) |\n|---|---|---|")
    for figure in figures:
        print(f"| `{figure['command']}` | {figure['wall_median_s']:.3f} | {figure['cpu_mean_s']:.3f} |")
    if options.json:
        options.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
