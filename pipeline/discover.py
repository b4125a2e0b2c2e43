"""Stage 1: find the files to ingest.

Walks folders recursively in a stable order and names each file by its path
relative to the ingested root with "/" separators, in NFC (files.path).
Links to folders are not followed (a link loop cannot trap the walk) but are
reported, like named pipes and devices, so the user learns why they were not
read; reading one of those would block or never end.
"""
from __future__ import annotations

import os
import stat
import unicodedata
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

# What a directory entry is, when it is not a file to read.
FOLDER_LINK = "folder_link"
UNREADABLE_FOLDER = "unreadable_folder"
SPECIAL = "special"


@dataclass(frozen=True)
class FoundFile:
    path: Path          # where to read it
    rel: str            # files.path: relative to the ingested root, "/" separators
    kind: str = "file"  # "file", FOLDER_LINK, UNREADABLE_FOLDER or SPECIAL (named pipe, socket, device)

    @property
    def format(self) -> str:
        return FORMATS.get(self.path.suffix.lower(), self.path.suffix.lower().lstrip(".") or "unknown")

    @property
    def supported(self) -> bool:
        return self.path.suffix.lower() in FORMATS


def display_name(name: str) -> str:
    """A file name as stored: NFC, and bytes that are not UTF-8 (old Windows or zip names) as \\xNN."""
    raw = os.fsencode(name)
    return unicodedata.normalize("NFC", raw.decode("utf-8", errors="backslashreplace"))


def _kind(entry: os.DirEntry) -> str | None:
    """The kind of a directory entry to report, or None for a folder to walk into."""
    if entry.is_symlink():
        try:
            return FOLDER_LINK if entry.is_dir(follow_symlinks=True) else "file"
        except OSError:
            return "file"   # a broken or looping link: reading it reports why
    if entry.is_dir(follow_symlinks=False):
        return None
    if entry.is_file(follow_symlinks=False):
        return "file"
    return SPECIAL


def _walk(folder: Path, rel: str, found: dict[str, FoundFile]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        # An unreadable folder is reported as one row, so the user sees it.
        found.setdefault(rel or ".", FoundFile(folder, rel or ".", UNREADABLE_FOLDER))
        return
    for entry in entries:
        if entry.name in IGNORED_NAMES or entry.name.startswith(("~$", ".")):
            continue
        name = display_name(entry.name)
        entry_rel = f"{rel}/{name}" if rel else name
        if entry_rel in found:   # two names equal after NFC: keep the second distinct
            entry_rel = f"{rel}/{os.fsencode(entry.name).decode('utf-8', 'backslashreplace')}".lstrip("/")
        kind = _kind(entry)
        if kind is None:
            _walk(Path(entry.path), entry_rel, found)
        else:
            found.setdefault(entry_rel, FoundFile(Path(entry.path), entry_rel, kind))


def discover(roots: list[str | Path]) -> list[FoundFile]:
    """Every file under the given folders (or the given files), sorted by path."""
    found: dict[str, FoundFile] = {}
    for root in map(Path, roots):
        if root.is_dir():
            _walk(root, "", found)
        elif root.exists() or root.is_symlink():
            mode = os.lstat(root).st_mode
            kind = "file" if stat.S_ISREG(mode) or stat.S_ISLNK(mode) else SPECIAL
            found.setdefault(display_name(root.name), FoundFile(root, display_name(root.name), kind))
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")
    return [found[k] for k in sorted(found)]


def discover_list(list_file: str | Path) -> list[FoundFile]:
    """The files named in `list_file`, one path a line (as `tar -T` reads them), sorted by path.

    For archives too large to walk from one machine: the list can be made where the
    files are (`find /mnt/archive -type f > files.txt`). Relative paths are read from
    the current folder; each file is named by its path as written, so two folders'
    `Scan0001.pdf` stay two files. Blank lines and lines starting with "#" are skipped.
    """
    found: dict[str, FoundFile] = {}
    with open(list_file, encoding="utf-8-sig") as f:
        for line in f:
            written = line.rstrip("\r\n")
            if not written.strip() or written.lstrip().startswith("#"):
                continue
            path = Path(written)
            rel = unicodedata.normalize("NFC", Path(*path.parts).as_posix()).lstrip("/")
            if not (path.exists() or path.is_symlink()):
                raise FileNotFoundError(f"no such file: {written} (listed in {list_file})")
            mode = os.lstat(path).st_mode
            kind = "file" if stat.S_ISREG(mode) or stat.S_ISLNK(mode) else SPECIAL
            found.setdefault(rel, FoundFile(path, rel, kind))
    return [found[k] for k in sorted(found)]
