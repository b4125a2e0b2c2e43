"""Searching for a body's assignments ("Sở Nội vụ chủ trì") over plans ingested by `baocao ingest`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.assignment_search import find_body_assignments, read_body_query
from pipeline.cli import cli
from tests.seeds import seed_path

DATA = Path(__file__).parent / "data" / "assignments"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    for source in (seed_path("002"), DATA / "quyet_dinh_ubnd_huyen.txt", DATA / "ke_hoach_so_y_te.txt",
                   DATA / "ke_hoach_crawl_flat.txt"):
        shutil.copy(source, folder)
    path = folder.parent / "reports.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return sqlite_utils.Database(path)


@pytest.mark.parametrize("query, name, role", [
    ("Sở Nội vụ chủ trì", "Sở Nội vụ", "lead"),
    ("so noi vu phoi hop", "so noi vu", "coordinating"),
    ("Nhiệm vụ của Phòng Nội vụ huyện?", "Phòng Nội vụ huyện", None),
    ("Công an huyện làm gì", "Công an huyện", None),
    ("những việc được giao cho UBND các xã", "UBND các xã", None),
])
def test_read_body_query(query, name, role):
    assert read_body_query(query)[:2] == (name, role)


def test_a_body_that_leads(db):
    found = find_body_assignments(db, "Sở Nội vụ chủ trì")
    assert found.keys == ["sở nội vụ"]
    assert [(a.unit, a.role, a.task, a.path) for a in found.assignments] == [
        ("Sở Nội vụ", "lead", "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã", "ke_hoach_crawl_flat.txt")]


def test_both_roles_lead_first_without_diacritics(db):
    found = find_body_assignments(db, "so noi vu")
    assert [(a.role, a.path) for a in found.assignments] == [
        ("lead", "ke_hoach_crawl_flat.txt"), ("coordinating", "ke_hoach_so_y_te.txt")]


def test_one_body_written_several_ways(db):
    found = find_body_assignments(db, "Phòng Nội vụ huyện")
    assert found.keys == ["phòng nội vụ"]
    assert {a.unit for a in found.assignments} == {"Phòng Nội vụ thị xã", "Phòng Nội vụ huyện"}
    assert {a.ref for a in found.assignments} == {None, "88/QĐ-UBND"}      # seed 002 is a draft without a number


def test_deadlines_come_first(db):
    found = find_body_assignments(db, "UBND các huyện phối hợp")
    assert [a.deadline_year for a in found.assignments] == [2025, 2026, 2026]
    assert all(a.role == "coordinating" for a in found.assignments)


@pytest.mark.parametrize("query", ["thư viện", "nội vụ", "chuyển đổi số", ""])
def test_a_topic_is_no_body(db, query):
    assert find_body_assignments(db, query) is None


def test_baocao_search_answers_with_the_body_s_assignments(db):
    path = db.execute("pragma database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["--lang", "vi", "search", "Sở Nội vụ chủ trì", "--db", path])
    assert result.exit_code == 0, result.output
    assert ("Nhiệm vụ của Sở Nội vụ (chủ trì): 1\n"
            "  [chủ trì] Sở Nội vụ: Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã — Thường xuyên\n"
            "     ke_hoach_crawl_flat.txt:23\n") in result.output
    english = CliRunner().invoke(cli, ["--lang", "en", "search", "Sở Nội vụ chủ trì", "--db", path]).output
    assert "Assignments of Sở Nội vụ (lead): 1\n  [lead] Sở Nội vụ: Tổ chức tập huấn" in english
    as_json = json.loads(CliRunner().invoke(cli, ["search", "so noi vu", "--db", path, "--json"]).output)
    assert [(a["role"], a["path"]) for a in as_json["assignments"]["assignments"]] == [
        ("lead", "ke_hoach_crawl_flat.txt"), ("coordinating", "ke_hoach_so_y_te.txt")]
    topic = json.loads(CliRunner().invoke(cli, ["search", "thư viện", "--db", path, "--json"]).output)
    assert topic["assignments"] is None


def test_the_python_search_api_carries_them(db):
    from pipeline.search import search

    results = search(db, "Phòng Nội vụ huyện phối hợp")
    assert results.assignments.keys == ["phòng nội vụ"]
    assert [a.unit for a in results.assignments.assignments] == ["Phòng Nội vụ thị xã"]
