"""baocao without the POSIX-only parts Windows lacks: resource, fcntl, pwd, grp, fork,
prctl (libc.so.6). Each command runs in a new Python whose sitecustomize hides them (the
spawned ingest workers load it too), as on a Windows machine."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from seeds import CORPUS

BLOCKER = '''
"""Hide what Windows does not have, before anything is imported."""
import ctypes
import importlib.abc
import multiprocessing.context
import os
import sys

# (termios and pty stay: click picks its terminal code by sys.platform, msvcrt on Windows)
BLOCKED = {"resource", "fcntl", "pwd", "grp"}


class WindowsLike(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (hidden by the portability test)", name=name)
        return None


sys.meta_path.insert(0, WindowsLike())
for name in BLOCKED:
    sys.modules.pop(name, None)
for name in ("fork", "forkpty", "register_at_fork"):
    if hasattr(os, name):
        delattr(os, name)
multiprocessing.context._concrete_contexts.pop("fork", None)
multiprocessing.context._concrete_contexts.pop("forkserver", None)
multiprocessing.set_start_method("spawn", force=True)     # Windows' default
_real_cdll = ctypes.CDLL


def _no_libc(name, *args, **kwargs):
    if name and "libc" in str(name):
        raise OSError(f"{name}: cannot open shared object file (hidden by the portability test)")
    return _real_cdll(name, *args, **kwargs)


ctypes.CDLL = _no_libc
'''


@pytest.fixture(scope="module")
def windows_like(tmp_path_factory):
    """The environment of a Python that lacks the POSIX parts; and a folder to work in."""
    folder = tmp_path_factory.mktemp("portable")
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder / "site"), *filter(None, [os.environ.get("PYTHONPATH")])]),
           "BAOCAO_LANG": "vi"}
    return folder, env


def baocao(windows_like, *args):
    folder, env = windows_like
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def test_the_blocker_really_hides_the_posix_parts(windows_like):
    folder, env = windows_like
    probe = subprocess.run([sys.executable, "-c", """
import ctypes, multiprocessing, os
missing = []
for name in ("resource", "fcntl", "pwd"):
    try:
        __import__(name)
    except ImportError:
        missing.append(name)
try:
    multiprocessing.get_context("fork")
except ValueError:
    missing.append("fork")
try:
    ctypes.CDLL("libc.so.6")
except OSError:
    missing.append("libc")
print(" ".join(missing), hasattr(os, "fork"))
"""], env=env, capture_output=True, text=True, timeout=60)
    assert probe.stdout.split() == ["resource", "fcntl", "pwd", "fork", "libc", "False"], probe.stderr


@pytest.fixture(scope="module")
def database(windows_like):
    """The seed reports ingested there, by spawned workers without a memory limit."""
    folder, _ = windows_like
    archive = folder / "archive"
    archive.mkdir()
    for seed in sorted(CORPUS.glob("*.txt"))[:2]:
        (archive / seed.name).write_bytes(seed.read_bytes())
    result = baocao(windows_like, "ingest", str(archive), "--db", "reports.db", "-q", "-j", "1")
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "reports.db"


def test_ingest_search_show_and_export_run_without_them(windows_like, database):
    search = baocao(windows_like, "search", "thư viện", "--db", str(database), "--json")
    assert search.returncode == 0, search.stderr
    assert "3225/KH-UBND" in [d["ref"] for d in json.loads(search.stdout)["documents"]]
    show = baocao(windows_like, "show", "000_34c2b11754aa651e.txt", "--db", str(database))
    assert show.returncode == 0, show.stderr
    assert "3225/KH-UBND" in show.stdout
    export = baocao(windows_like, "export", "--db", str(database), "--table", "documents", "-o", "van_ban.xlsx")
    assert export.returncode == 0, export.stderr
    book = openpyxl.load_workbook(Path(windows_like[0]) / "van_ban.xlsx")
    assert "3225/KH-UBND" in [row[0] for row in book["Văn bản"].iter_rows(min_col=2, max_col=2, values_only=True)]


def test_without_resource_the_pool_still_stops_a_file_by_its_deadline(windows_like):
    folder, env = windows_like
    result = subprocess.run([sys.executable, "-c", """
import time
from pipeline.workers import Failure, Limits, Pool, resource
assert resource is None
with Pool(time.sleep, 1, Limits(timeout=0.5, memory_mb=64)) as pool:
    print([(key, isinstance(result, Failure)) for key, result in pool.run([("slow", (30,), 0), ("quick", (0,), 0)])])
"""], env=env, cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('slow', True), ('quick', False)]"


def test_spawned_workers_write_reasons_in_the_language_of_the_command(windows_like):
    """A spawned worker (Windows) chooses its language again from the environment: --lang must
    reach it, even against a BAOCAO_LANG that says otherwise."""
    import sqlite3

    folder, env = windows_like
    archive = folder / "lang_archive"
    archive.mkdir()
    (archive / "rong.txt").write_bytes(b"")
    (archive / "hong.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    result = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", "--lang", "vi", "ingest",
                             str(archive), "--db", "lang.db", "-q", "-j", "1"],
                            cwd=folder, env={**env, "BAOCAO_LANG": "en"}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stdout + result.stderr
    with sqlite3.connect(folder / "lang.db") as conn:
        stored = dict(conn.execute("select path, error from files"))
    assert stored["rong.txt"] == "tệp rỗng (0 byte): hãy sao chép lại từ nguồn"
    assert stored["hong.pdf"].startswith("PDF bị hỏng ("), stored["hong.pdf"]
