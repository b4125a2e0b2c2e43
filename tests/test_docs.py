"""The README documents every command and option, and every one has help (as sqlite-utils'
test_docs.py does for its CLI): a command or option added without them fails here."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from pipeline.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _options():
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option):
                yield name, param


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_and_has_help(name):
    assert re.search(rf"\bbaocao {name}\b", README), f"`baocao {name}` is not in README.md"
    assert cli.commands[name].help, f"`baocao {name}` has no help"


@pytest.mark.parametrize("name, option", [(n, p) for n, p in _options()], ids=lambda v: getattr(v, "name", v))
def test_every_option_is_in_the_readme_and_has_help(name, option):
    long = [o for o in option.opts if o.startswith("--")]
    assert long, f"baocao {name} {option.opts}: give the option a --long name"
    assert re.search(rf"{re.escape(long[0])}(?![\w-])", README), f"baocao {name} {long[0]} is not in README.md"
    assert option.help, f"baocao {name} {long[0]} has no help"


def test_the_groups_own_options_have_help():
    for option in cli.params:
        assert option.help, f"baocao {option.opts} has no help"


def test_the_check_itself_sees_an_undocumented_option():
    """A name the README never uses is reported (the test above cannot pass vacuously)."""
    assert not re.search(r"--no-such-option-anywhere(?![\w-])", README)
    assert len(list(_options())) > 20
