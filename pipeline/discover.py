"""Stage 1: find the files to ingest.

Walks folders recursively without following directory symlinks (a symlink loop
cannot trap the walk), in a stable order, and names each file by its path
relative to the ingested root with "/" separators (files.path).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

FORMATS = {
    ".txt": "txt", ".md": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}
# Files that are never reports: editor and OS leftovers.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class FoundFile:
    path: Path          # where to read it
    rel: str            # files.path: relative to the ingested root, "/" separators

    @property
    def format(self) -> str:
        return FORMATS.get(self.path.suffix.lower(), self.path.suffix.lower().lstrip(".") or "unknown")

    @property
    def supported(self) -> bool:
        return self.path.suffix.lower() in FORMATS


def _rel(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix()


def discover(roots: list[str | Path]) -> list[FoundFile]:
    """Every file under the given folders (or the given files), sorted by path."""
    found: dict[str, FoundFile] = {}
    for root in map(Path, roots):
        if root.is_dir():
            base = root
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name in IGNORED_NAMES or name.startswith(("~$", ".")):
                        continue
                    path = Path(dirpath) / name
                    found.setdefault(_rel(path, base), FoundFile(path, _rel(path, base)))
        elif root.exists() or root.is_symlink():
            found.setdefault(root.name, FoundFile(root, root.name))
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")
    return [found[k] for k in sorted(found)]
