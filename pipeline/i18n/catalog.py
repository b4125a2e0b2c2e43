"""Keep the Vietnamese catalog in step with the code (a developer's tool; needs Babel, in the test extra).

    .venv/bin/python -m pipeline.i18n.catalog          # update baocao.po with new messages, compile baocao.mo
    .venv/bin/python -m pipeline.i18n.catalog --check  # exit 1 when a message has no translation or the .mo is stale

The messages are: every `_()`, `N_()` and `ngettext()` in pipeline/; the help of every
`baocao` command and option (click keeps them as written, they are translated when shown);
and click's own words ("Usage:", "Show this message and exit.", its error messages).
New messages are added to the .po untranslated: fill in their msgstr, run again.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PO_FILE = LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def _source_messages(folder: Path, keywords: dict) -> list[tuple[str | tuple, tuple[str, int]]]:
    """(message, (file, line)) of every marked message in the Python files under `folder`."""
    found = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
            folder, method_map=[("**.py", "python")], keywords=keywords, strip_comment_tags=True):
        found.append((message, (f"{folder.name}/{filename}", lineno)))
    return found


def command_help(command: click.Command, path: str = "baocao") -> list[tuple[str, tuple[str, int]]]:
    """(help text, (command or option, 0)) of `command`, its options and its subcommands, as click keeps them."""
    import inspect

    found = []
    if command.help:
        found.append((inspect.cleandoc(command.help), (path, 0)))
    for param in command.params:
        if getattr(param, "help", None):
            found.append((param.help, (f"{path} {param.opts[-1]}", 0)))
        if isinstance(getattr(param, "show_default", None), str):
            found.append((param.show_default, (f"{path} {param.opts[-1]} [default]", 0)))
    for name, sub in getattr(command, "commands", {}).items():
        found += command_help(sub, f"{path} {name}")
    return found


def template() -> Catalog:
    from pipeline.cli import cli

    catalog = Catalog(domain=DOMAIN, project="baocao")
    for message, where in (_source_messages(PACKAGE, KEYWORDS) + command_help(cli)
                           + _source_messages(Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)})):
        catalog.add(message, locations=[where])
    return catalog


def load() -> Catalog:
    with open(PO_FILE, "rb") as f:
        return read_po(f, locale="vi", domain=DOMAIN)


def updated() -> Catalog:
    """The Vietnamese catalog with the current messages: translations kept, new ones empty, gone ones dropped."""
    catalog = load() if PO_FILE.exists() else Catalog(locale="vi", domain=DOMAIN, project="baocao")
    messages = template()
    messages.creation_date = catalog.creation_date   # no new header date when nothing else changed
    catalog.update(messages, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def missing(catalog: Catalog) -> list[str]:
    """Messages of the code with no Vietnamese translation (click's own words may stay English)."""
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog
            if m.id and not m.string and not all(loc[0].startswith("click/") for loc in m.locations)]


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main(argv: list[str]) -> int:
    catalog = updated()
    if "--check" in argv:
        gaps = missing(catalog)
        for message in gaps:
            print(f"untranslated: {message!r}")
        stale = not MO_FILE.exists() or MO_FILE.read_bytes() != compiled(load())
        if stale:
            print(f"{MO_FILE} is not compiled from {PO_FILE.name}: run python -m pipeline.i18n.catalog")
        return 1 if gaps or stale else 0
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(PO_FILE, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    MO_FILE.write_bytes(compiled(load()))
    gaps = missing(catalog)
    print(f"{PO_FILE}: {len(catalog)} messages, {len(gaps)} without a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
