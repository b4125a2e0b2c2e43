"""Stage 1: which files an ingest sees, and under which name (files.path)."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from pipeline.discover import FOLDER_LINK, SPECIAL, FoundFile, discover, display_name


def names(found: list[FoundFile]) -> list[tuple[str, str]]:
    return [(f.rel, f.kind) for f in found]


def test_walks_folders_in_a_stable_order_with_slash_paths(tmp_path):
    for rel in ["b/2.txt", "b/1.txt", "a.pdf", "b/c/3.docx", "Z.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert names(discover([tmp_path])) == [
        ("Z.txt", "file"), ("a.pdf", "file"), ("b/1.txt", "file"), ("b/2.txt", "file"), ("b/c/3.docx", "file")]


def test_leaves_out_editor_and_system_leftovers(tmp_path):
    for name in [".DS_Store", "Thumbs.db", "desktop.ini", "~$báo cáo.docx", ".hidden.txt", "report.txt"]:
        (tmp_path / name).write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("x")
    assert names(discover([tmp_path])) == [("report.txt", "file")]


def test_names_are_nfc_and_keep_spaces_and_hash(tmp_path):
    (tmp_path / unicodedata.normalize("NFD", "Kế hoạch #2 năm 2023.txt")).write_text("x")
    [found] = discover([tmp_path])
    assert found.rel == "Kế hoạch #2 năm 2023.txt"
    assert unicodedata.is_normalized("NFC", found.rel)
    assert found.path.exists()   # still read under its name on disk


def test_a_name_that_is_not_utf8_is_stored_readable_and_still_read(tmp_path):
    (tmp_path / os.fsdecode(b"b\xe1o c\xe1o.txt")).write_text("x")
    [found] = discover([tmp_path])
    assert found.rel == "b\\xe1o c\\xe1o.txt"
    assert found.path.read_text() == "x"


@pytest.mark.parametrize("raw, shown", [
    ("báo cáo.txt", "báo cáo.txt"),
    (unicodedata.normalize("NFD", "Đức Phổ.pdf"), "Đức Phổ.pdf"),
    (os.fsdecode(b"\xc4\x90i\xe1u.txt"), "Đi\\xe1u.txt"),
])
def test_display_name(raw, shown):
    assert display_name(raw) == shown


def test_links_to_folders_are_reported_not_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    os.symlink("..", tmp_path / "sub" / "up")          # a loop
    os.symlink(tmp_path / "sub", tmp_path / "alias")    # a second way to the same files
    assert names(discover([tmp_path])) == [("alias", FOLDER_LINK), ("sub/a.txt", "file"), ("sub/up", FOLDER_LINK)]


def test_links_to_files_and_broken_links_are_files_to_read(tmp_path):
    (tmp_path / "real.txt").write_text("x")
    os.symlink("real.txt", tmp_path / "link.txt")
    os.symlink("nowhere.txt", tmp_path / "broken.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    assert names(discover([tmp_path])) == [
        ("broken.txt", "file"), ("link.txt", "file"), ("loop.txt", "file"), ("real.txt", "file")]


def test_named_pipes_are_reported_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert names(discover([tmp_path])) == [("pipe.txt", SPECIAL)]
    assert names(discover([tmp_path / "pipe.txt"])) == [("pipe.txt", SPECIAL)]


def test_a_file_given_directly_is_named_by_its_file_name(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "báo cáo.txt").write_text("x")
    assert names(discover([tmp_path / "x" / "báo cáo.txt"])) == [("báo cáo.txt", "file")]


def test_a_missing_path_is_an_error_that_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"^no such file or folder: .*/missing$"):
        discover([tmp_path / "missing"])


@pytest.mark.parametrize("name, fmt", [
    ("a.txt", "txt"), ("B.PDF", "pdf"), ("c.docx", "docx"), ("d.doc", "doc"),
    ("e.tif", "image"), ("f.xlsx", "xlsx"), ("README", "unknown"),     # the last two: no loader reads them
])
def test_format_from_the_extension(name, fmt):
    assert FoundFile(Path(name), name).format == fmt
