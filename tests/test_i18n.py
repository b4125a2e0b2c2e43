"""Vietnamese first, English available: the catalog, the choice of language, the formats."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline import i18n
from pipeline.i18n import catalog, formats


@pytest.fixture(autouse=True)
def restore_language():
    yield
    i18n.set_language("vi")


def test_every_message_and_help_has_a_vietnamese_translation_and_the_mo_is_compiled_from_the_po():
    assert catalog.missing(catalog.updated()) == []
    assert catalog.MO_FILE.read_bytes() == catalog.compiled(catalog.load())


@pytest.mark.parametrize("environment, requested, expected", [
    ({}, None, "vi"),                                          # nothing said (a Windows machine): Vietnamese
    ({"LANG": "C.UTF-8"}, None, "vi"),                         # C names no language
    ({"LANG": "en_US.UTF-8"}, None, "en"),
    ({"LANG": "vi_VN.UTF-8"}, None, "vi"),
    ({"LANGUAGE": "fr_FR:en_GB", "LANG": "vi_VN.UTF-8"}, None, "en"),   # the first language we have
    ({"BAOCAO_LANG": "vi", "LANG": "en_US.UTF-8"}, None, "vi"),         # ours before the system's
    ({"BAOCAO_LANG": "vi"}, "en", "en"),                                # --lang before everything
    ({"LANG": "de_DE.UTF-8"}, None, "vi"),
])
def test_choose_language(monkeypatch, environment, requested, expected):
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.choose_language(requested) == expected


def test_messages_in_each_language():
    i18n.set_language("vi")
    assert i18n._("Budget lines") == "Kinh phí"
    i18n.set_language("en")
    assert i18n._("Budget lines") == "Budget lines"


@pytest.mark.parametrize("language, value, decimals, expected", [
    ("vi", 8962.46, None, "8.962,46"),
    ("vi", 350_000_000, None, "350.000.000"),
    ("vi", 61.4, None, "61,4"),
    ("vi", 2.5, 2, "2,50"),
    ("en", 8962.46, None, "8,962.46"),
    ("en", 350_000_000, None, "350,000,000"),
    ("vi", None, None, ""),
])
def test_numbers(language, value, decimals, expected):
    i18n.set_language(language)
    assert formats.number(value, decimals) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-12-22", "22/12/2022"), ("2022", "2022"), ("2022-12", "2022-12"), (None, ""), ("", ""),
])
def test_dates(value, expected):
    assert formats.date(value) == expected


def run_baocao(*args, **environment):
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    return subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args],
                          capture_output=True, text=True, env={**env, **environment}, timeout=60)


def test_the_command_line_speaks_vietnamese_unless_told_otherwise():
    vietnamese = run_baocao("--help", LANG="C.UTF-8")
    assert "Cách dùng: baocao" in vietnamese.stdout and "Hiện hướng dẫn này rồi thoát." in vietnamese.stdout
    assert "Xuất các bảng đã bóc tách" in vietnamese.stdout
    english = run_baocao("--help", LANG="en_US.UTF-8")
    assert "Usage: baocao" in english.stdout and "Export the extracted tables" in english.stdout
    assert "Usage: baocao export" in run_baocao("--lang", "en", "export", "--help", BAOCAO_LANG="vi").stdout


def test_click_errors_are_in_vietnamese_too():
    result = run_baocao("export", "--bogus", LANG="C.UTF-8")
    assert result.returncode == 2
    assert "Lỗi: Không có tùy chọn '--bogus'." in result.stderr
