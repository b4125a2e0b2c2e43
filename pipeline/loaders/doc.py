"""Word 97-2003 .doc: antiword, else LibreOffice headless (converted to .docx and read as one).

antiword is small and fast but drops table structure to "|"-separated text;
its table rows are turned into TAB rows here. Without either tool the file is
`unsupported` with what to install.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import docx, legacy
from .base import Loaded, LoadError
from ..i18n import N_, _

INSTALL_HINT = N_("install antiword (apt-get install antiword) or LibreOffice, or re-save the file as .docx")
TIMEOUT_SECONDS = 120
# antiword draws a table row as "|cell|cell|" (cells padded with spaces).
TABLE_ROW = re.compile(r"^\|(?P<cells>.*)\|\s*$")


def _antiword(path: Path) -> list[str]:
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    # -m UTF-8.txt: write UTF-8; -w 0: one line per paragraph, no wrapping.
    result = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)],
                            capture_output=True, timeout=TIMEOUT_SECONDS, env=env)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LoadError("error", _("antiword could not read the .doc ({error}): re-save it as .docx").format(
            error=message[-1] if message else result.returncode))
    lines = []
    for line in result.stdout.decode("utf-8", "replace").split("\n"):
        row = TABLE_ROW.match(line)
        lines.append("\t".join(cell.strip() for cell in row["cells"].split("|")) if row else line)
    return lines


def _libreoffice(path: Path) -> Loaded:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "docx", "--outdir", tmp, str(path)],
                       capture_output=True, timeout=TIMEOUT_SECONDS)
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise LoadError("error", _("LibreOffice could not convert the .doc: re-save it as .docx"))
        return docx.load(converted)


def load(path: Path) -> Loaded:
    if shutil.which("antiword"):
        lines, encoding = legacy.repair(_antiword(path))
        return Loaded([(line, None) for line in lines], notes=legacy.conversion_notes(encoding),
                      legacy_encoding=encoding)
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return _libreoffice(path)
    raise LoadError("unsupported", _("Word 97-2003 .doc needs antiword or LibreOffice: {hint}").format(hint=_(INSTALL_HINT)))
