"""`pip install .` ships what the code reads at run time: the wheel holds every data file of the package."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_the_catalog_the_word_lists_and_the_datasette_files(tmp_path):
    source = tmp_path / "source"     # a copy: building writes build/ and *.egg-info beside the sources
    source.mkdir()
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(REPO / name, source)
    for name in ["pipeline", "extractors"]:
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    [wheel] = tmp_path.glob("baocao-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = {str(p.relative_to(REPO)) for folder in ["pipeline/data", "pipeline/datasette", "pipeline/i18n/locale"]
              for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert "pipeline/i18n/locale/vi/LC_MESSAGES/baocao.mo" in needed
    assert needed - names == set()
    assert {"pipeline/cli.py", "pipeline/export.py", "extractors/references.py"} <= names
