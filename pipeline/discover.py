"""Stage 1: find the files to ingest.

Walks folders recursively in a stable order and names each file by the folder it
was found in (the root: its canonical absolute path, files.root) and its path
relative to that root with "/" separators, in NFC (files.path). Two roots never
collide: `A/scan.txt` and `B/scan.txt` are two files; a file reached through two
nested roots is found once, under the first.
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

from .i18n import _

FORMATS = {
    ".txt": "txt", ".md": "txt", ".rtf": "rtf", ".html": "html", ".htm": "html",
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


def location(root: str | None, path: str) -> str:
    """Where a file is: its root and path joined (the path alone for rows without a root)."""
    return f"{root.rstrip('/')}/{path}" if root else path


@dataclass(frozen=True)
class FoundFile:
    path: Path          # where to read it
    rel: str            # files.path: relative to the ingested root, "/" separators
    kind: str = "file"  # "file", FOLDER_LINK, UNREADABLE_FOLDER or SPECIAL (named pipe, socket, device)
    root: str | None = None   # files.root: the canonical absolute path of the folder it was found in

    @property
    def location(self) -> str:
        """Root and path: what identifies the file in the database."""
        return location(self.root, self.rel)

    @property
    def format(self) -> str:
        return FORMATS.get(self.path.suffix.lower(), self.path.suffix.lower().lstrip(".") or "unknown")


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


def canonical_root(folder: Path) -> str:
    """A root as stored: absolute, links resolved, NFC (bytes that are not UTF-8 as \\xNN)."""
    return display_name(str(folder.resolve()))


def _walk(folder: Path, root: str, rel: str, found: dict[str, FoundFile], seen: set[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        # An unreadable folder is reported as one row, so the user sees it.
        entry = FoundFile(folder, rel or ".", UNREADABLE_FOLDER, root)
        found.setdefault(entry.location, entry)
        return
    for entry in entries:
        if entry.name in IGNORED_NAMES or entry.name.startswith(("~$", ".")):
            continue
        name = display_name(entry.name)
        entry_rel = f"{rel}/{name}" if rel else name
        if f"{root}/{entry_rel}" in found:   # two names equal after NFC: keep the second distinct
            entry_rel = f"{rel}/{os.fsencode(entry.name).decode('utf-8', 'backslashreplace')}".lstrip("/")
        real = os.path.realpath(entry.path) if not entry.is_symlink() else entry.path
        if real in seen:   # the same file reached through a second, nested root
            continue
        seen.add(real)
        kind = _kind(entry)
        if kind is None:
            _walk(Path(entry.path), root, entry_rel, found, seen)
        else:
            file = FoundFile(Path(entry.path), entry_rel, kind, root)
            found.setdefault(file.location, file)


def discover(roots: list[str | Path]) -> list[FoundFile]:
    """Every file under the given folders (or the given files), sorted by root and path."""
    found: dict[str, FoundFile] = {}
    seen: set[str] = set()
    for root in map(Path, roots):
        if root.is_dir():
            seen.add(os.path.realpath(root))
            _walk(root, canonical_root(root), "", found, seen)
        elif root.exists() or root.is_symlink():
            mode = os.lstat(root).st_mode
            kind = "file" if stat.S_ISREG(mode) or stat.S_ISLNK(mode) else SPECIAL
            file = FoundFile(root, display_name(root.name), kind, canonical_root(root.parent))
            if os.path.realpath(root) not in seen:
                seen.add(os.path.realpath(root))
                found.setdefault(file.location, file)
        else:
            raise FileNotFoundError(_("no such file or folder: {path}").format(path=root))
    return [found[k] for k in sorted(found)]


def discover_list(list_file: str | Path) -> list[FoundFile]:
    """The files named in `list_file`, one path a line (as `tar -T` reads them), sorted.

    For archives too large to walk from one machine: the list can be made where the
    files are (`find /mnt/archive -type f > files.txt`). Relative paths are read from
    the current folder. Each file is identified as if named on the command line: by its
    folder (`files.root`) and its name, so two folders' `Scan0001.pdf` stay two files.
    Blank lines and lines starting with "#" are skipped.
    """
    found: dict[str, FoundFile] = {}
    with open(list_file, encoding="utf-8-sig") as f:
        for line in f:
            written = line.rstrip("\r\n")
            if not written.strip() or written.lstrip().startswith("#"):
                continue
            path = Path(written)
            if not (path.exists() or path.is_symlink()):
                raise FileNotFoundError(_("no such file: {path} (listed in {list_file})").format(
                    path=written, list_file=list_file))
            mode = os.lstat(path).st_mode
            kind = "file" if stat.S_ISREG(mode) or stat.S_ISLNK(mode) else SPECIAL
            file = FoundFile(path, display_name(path.name), kind, canonical_root(path.parent))
            found.setdefault(file.location, file)
    return [found[k] for k in sorted(found)]
