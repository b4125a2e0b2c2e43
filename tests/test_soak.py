"""Issue 20's soak test: weeks of an archivist's work in 20 rounds.

300 small reports spread over three folders (the same file names in each, as scanners name
them), a few DOCX copies, hand corrections; then 20 rounds of random edits, deletions,
re-additions, moves between folders, new copies in another format, `--force`, and `kill -9` of
the command in the middle of a run. After every round the database must be sound: integrity
and foreign keys, exactly the files on disk, one report per read file holding the file's
current bytes, no work owed by the batch-end step, and every correction applied.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx

from pipeline import corrections, dbfile, store
from pipeline.discover import FORMATS
from pipeline.ingest import ingest, sha256_of

REPO = Path(__file__).resolve().parent.parent
COMMUNES = ["Phổ An", "Phổ Quang", "Phổ Vinh", "Phổ Ninh", "Phổ Minh", "Phổ Hòa", "Phổ Cường", "Phổ Khánh"]
TOPICS = ["chuyển đổi số", "cải cách hành chính", "xây dựng nông thôn mới", "giảm nghèo bền vững",
          "phòng chống thiên tai", "an toàn thông tin"]


def report_text(rng: random.Random, serial: int) -> str:
    month, commune, topic = rng.randint(1, 12), rng.choice(COMMUNES), rng.choice(TOPICS)
    return (f"Số: {serial}/BC-UBND\n{commune}, ngày {rng.randint(1, 28)} tháng {month} năm 2023\nBÁO CÁO\n"
            f"Kết quả thực hiện nhiệm vụ {topic} tháng {month} năm 2023\n"
            f"UBND xã {commune} báo cáo kết quả như sau:\n"
            f"1. Tỷ lệ hồ sơ trực tuyến đạt {rng.randint(10, 99)},{rng.randint(1, 9)}%.\n"
            f"2. Có {rng.randint(2, 400)} trạm BTS; kinh phí {rng.randint(1, 900)} triệu đồng.\n"
            f"Thực hiện Kế hoạch số {rng.randint(100, 4000)}/KH-UBND ngày {rng.randint(1, 28)}/{month}/2022 "
            f"của UBND thị xã Đức Phổ.\n")


def write_docx(path: Path, text: str) -> None:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(path)


def files_on_disk(roots: list[Path]) -> dict[tuple[str, str], str]:
    """(root, path) -> sha256 of every file that ingest reads."""
    found = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in FORMATS:
                found[(str(root.resolve()), path.relative_to(root).as_posix())] = sha256_of(path)
    return found


def check(db_path: Path, roots: list[Path]) -> None:
    with sqlite3.connect(db_path) as db:
        assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert db.execute("pragma foreign_key_check").fetchall() == []
        stored = {(root, path): sha for root, path, sha in
                  db.execute("select root, path, sha256 from files where missing_since is null")}
        assert stored == files_on_disk(roots)           # nothing lost, nothing stale, nothing twice
        assert db.execute("select f.path from files f where f.status = 'ok' and "
                          "(select count(*) from reports r where r.file_id = f.id) != 1").fetchall() == []
        assert db.execute("select count(*) from files where status != 'ok'").fetchone() == (0,)
        assert db.execute("select count(*) from pending_reports").fetchone() == (0,)
        assert db.execute("select count(*) from reports where copy_of not in (select id from reports)").fetchone() == (0,)
        assert db.execute("select status, count(*) from corrections group by status").fetchall() == [("applied", 5)]


def corrected_values(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return sorted(db.execute(
            """select c.field, c.value, case c.target
                   when 'reports' then (select signer from reports where id = c.row_id)
                   when 'indicators' then (select value from indicators where id = c.row_id) end
               from corrections c"""))


def test_soak_300_files_3_roots_20_rounds(tmp_path):
    rng = random.Random(20)
    roots = [tmp_path / name for name in ("may_quet", "van_thu", "luu_tru")]
    for root in roots:
        root.mkdir()
    texts: dict[Path, str] = {}
    serial = 0
    for i in range(300):
        serial += 1
        root = roots[i % 3]
        # scanner names repeat in every folder: Scan0001.txt is in all three
        path = root / (f"Scan{i // 3:04d}.txt" if i < 150 else f"{rng.choice(['bc', 'kh'])}/{serial:04d}.txt")
        path.parent.mkdir(exist_ok=True)
        texts[path] = report_text(rng, serial)
        path.write_text(texts[path], encoding="utf-8")
    for path in rng.sample(sorted(texts), 4):     # copies in another format
        write_docx(path.with_suffix(".docx"), texts[path])
    db_path = tmp_path / "r.db"
    ingest(roots, db_path, workers=2)

    # five hand corrections, on files the rounds move but never edit or delete
    protected = sorted(rng.sample([p for p in texts if not p.with_suffix(".docx").exists()], 5))
    db = store.open_db(db_path)
    for n, path in enumerate(protected):
        report_id = corrections.report_id_for(db, f"{path.parent.resolve()}/{path.name}")
        if n % 2:
            corrections.correct(db, "report", report_id, "signer", f"Người ký {n}")
        else:
            indicator = db.execute("select id from indicators where report_id = ? and unit = '%'", [report_id]).fetchone()[0]
            corrections.correct(db, "indicator", indicator, "value", f"{n}.5")
    db.close()
    expected = corrected_values(db_path)
    check(db_path, roots)

    deleted: dict[Path, str] = {}
    for round_ in range(1, 21):
        live = [p for p in texts if p.exists() and p not in protected]
        for path in rng.sample(live, 6):                          # edits
            texts[path] += f"3. Bổ sung lần {round_}: đạt {rng.randint(10, 99)}%.\n"
            path.write_text(texts[path], encoding="utf-8")
        for path in rng.sample([p for p in live if p.exists()], 3):   # deletions
            deleted[path] = path.read_text(encoding="utf-8")
            path.unlink()
            path.with_suffix(".docx").unlink(missing_ok=True)
        for path in rng.sample(sorted(deleted), min(2, len(deleted))):   # re-additions
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(deleted.pop(path), encoding="utf-8")
        moving = rng.choice(protected + live[:20])                   # a move to another folder
        if moving.exists():
            target = roots[(roots.index(next(r for r in roots if r in moving.parents)) + 1) % 3] / "chuyen" / f"r{round_}_{moving.name}"
            target.parent.mkdir(exist_ok=True)
            shutil.move(moving, target)
            texts[target] = texts.pop(moving)
            if moving in protected:
                protected[protected.index(moving)] = target
        if round_ % 4 == 0:                                           # a copy in another format
            source = rng.choice([p for p in texts if p.exists() and p.suffix == ".txt"])
            write_docx(source.with_suffix(".docx"), texts[source])
        force = round_ % 5 == 0
        if round_ in (3, 10, 17):
            # kill -9 in the middle of a run, then the same command again
            proc = subprocess.Popen(
                [sys.executable, "-c", "from pipeline.cli import main; main()", "ingest", *map(str, roots),
                 "--db", str(db_path), "-q", "-j", "2", "--prune", "--force"],
                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while not dbfile.ingest_running(db_path) and time.monotonic() < deadline:
                time.sleep(0.02)
            # the forced run of 300 files takes seconds even on a quiet machine (at least 300 × 15 ms
            # of extraction on 2 cores): a kill this soon lands in the middle of it
            time.sleep(rng.uniform(0.1, 0.8))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        summary = ingest(roots, db_path, workers=2, force=force, prune=True)
        assert summary.failures == [] and not summary.interrupted
        check(db_path, roots)
        assert corrected_values(db_path) == expected, f"round {round_}"
    with sqlite3.connect(db_path) as db:
        # the kills landed in the middle of runs (the next run found them "running")
        assert db.execute("select count(*) from ingest_runs where status = 'killed'").fetchone()[0] == 3
