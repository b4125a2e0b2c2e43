"""The `baocao` command line in the current language: click's own words ("Usage:", "Error: No
such option") through gettext, and the help of our commands and options translated when shown.

click keeps a command's help as written (English, the catalog's msgids) and takes its own
words from gettext's global domain; `LocalizedGroup` binds that domain to our catalog and
translates the help before each run, so `--lang` and $BAOCAO_LANG decide both."""
from __future__ import annotations

import gettext
import inspect
import os

import click

from . import DOMAIN, LOCALE_DIR, N_, _, language, set_language

# click.Path names what it wants in its messages ("File '/etc' is a directory."), translated
# once, when the option is declared (before any language is chosen): kept here as msgids.
_PATH_NAMES = {"file": N_("file"), "directory": N_("directory"), "path": N_("path")}


class LazyChoice(click.Choice):
    """A choice among values a module gives, imported only when they are needed (this command's
    help or its arguments), not when `baocao --help` starts."""

    def __init__(self, values):
        self._values = values
        self.case_sensitive = True

    @property
    def choices(self):
        return tuple(self._values())


def localize(command: click.Command) -> None:
    """Put the help of `command`, its options and subcommands in the current language.

    click keeps help as written (English, the catalog's msgids); the English is kept aside
    so that the language can change again (tests, --lang)."""
    for item in [command, *command.params]:
        for attr in ("help", "show_default"):
            original = item.__dict__.setdefault(f"_msgid_{attr}", getattr(item, attr, None))
            if isinstance(original, str) and original:
                setattr(item, attr, _(inspect.cleandoc(original)))
    for param in command.params:
        if isinstance(param.type, click.Path):   # click named it ("file", "directory") when it was declared
            original = param.type.__dict__.setdefault("_msgid_name", _PATH_NAMES.get(param.type.name, param.type.name))
            param.type.name = _(original)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def use_language(language: str | None, command: click.Command) -> None:
    """Speak `language` (None: as the environment says, else Vietnamese) in our messages, in the
    help and in click's own words (which click takes from gettext's domain and $LANGUAGE)."""
    os.environ["LANGUAGE"] = set_language(language)
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    localize(command)


class LocalizedGroup(click.Group):
    """The `baocao` group: each run speaks the language of its environment or of --lang."""

    def main(self, *args, **kwargs):
        saved, spoken = os.environ.get("LANGUAGE"), language()
        use_language(None, self)
        try:
            return super().main(*args, **kwargs)
        finally:   # in tests several runs share one process: leave the language as it was
            if saved is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = saved
            set_language(spoken)


def language_option(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`--lang`: speak `value` from now on, in the help too."""
    if value:
        use_language(value, ctx.find_root().command)


def print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """`--version`, worded in the current language (click's version_option words it at import)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(_("%(prog)s, version %(version)s") % {"prog": ctx.find_root().info_name, "version": version("baocao")})
    ctx.exit()
