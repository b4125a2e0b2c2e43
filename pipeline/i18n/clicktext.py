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

# click names what an option takes by its type's name: in the help ("--limit INTEGER RANGE") and
# in errors ("File '/etc' is a directory.", "'x' is not a valid integer."); a name is fixed when
# the option is declared (click.Path translates it then, before any language is chosen). The
# English names, as msgids:
_TYPE_NAMES = {name: name for name in (N_("file"), N_("directory"), N_("path"), N_("text"), N_("integer"),
                                       N_("integer range"), N_("float"), N_("float range"), N_("boolean"))}
# The usage line's words ("Usage: baocao [OPTIONS] COMMAND [ARGS]...").
_USAGE_WORDS = {"options_metavar": N_("[OPTIONS]"), "subcommand_metavar": N_("COMMAND [ARGS]...")}


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
        original = param.type.__dict__.setdefault("_msgid_name", param.type.name)
        if original in _TYPE_NAMES:
            param.type.name = _(original)
    for attr, msgid in _USAGE_WORDS.items():
        if getattr(command, attr, None) == msgid or f"_msgid_{attr}" in command.__dict__:
            command.__dict__[f"_msgid_{attr}"] = msgid
            setattr(command, attr, _(msgid))
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def use_language(language: str | None, command: click.Command) -> None:
    """Speak `language` (None: as the environment says, else Vietnamese) in our messages, in the
    help and in click's own words (which click takes from gettext's domain and $LANGUAGE)."""
    chosen = set_language(language)
    # LANGUAGE for click's own words; BAOCAO_LANG (which outranks LANGUAGE) so that worker
    # processes, which choose again from the environment, write reasons in this language too
    os.environ["LANGUAGE"] = os.environ["BAOCAO_LANG"] = chosen
    gettext.bindtextdomain(DOMAIN, LOCALE_DIR)
    gettext.textdomain(DOMAIN)
    localize(command)


_SET_VARIABLES = ("LANGUAGE", "BAOCAO_LANG")


class LocalizedGroup(click.Group):
    """The `baocao` group: each run speaks the language of its environment or of --lang."""

    def main(self, *args, **kwargs):
        saved, spoken = {name: os.environ.get(name) for name in _SET_VARIABLES}, language()
        use_language(None, self)
        try:
            return super().main(*args, **kwargs)
        finally:   # in tests several runs share one process: leave the language as it was
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
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
