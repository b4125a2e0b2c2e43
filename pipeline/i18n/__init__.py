"""Messages in Vietnamese (the default) or English, with Python's gettext.

The messages in the code are English (the gettext convention: the msgid is the
fallback); `locale/vi/LC_MESSAGES/baocao.po` translates them, and its compiled
`baocao.mo` is committed beside it (`python -m pipeline.i18n.catalog` rebuilds both,
a test checks they are current and complete).

The language is `--lang`, else $BAOCAO_LANG, else the first of $LANGUAGE, $LC_ALL,
$LC_MESSAGES, $LANG that names Vietnamese or English; else Vietnamese (a Windows
machine sets none of them; "C" and "POSIX" name no language).

    from pipeline.i18n import _, N_
    click.echo(_("Nothing found for {query!r}.").format(query=query))
    LABELS = {"ref": N_("Reference")}      # marked here, translated where shown: _(LABELS["ref"])
"""
from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "baocao"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
ENVIRONMENT = ("BAOCAO_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations | None = None
_language: str | None = None


def choose_language(requested: str | None = None) -> str:
    """`requested`, else the environment's language when it is one we have, else Vietnamese."""
    for value in (requested, *(os.environ.get(name) for name in ENVIRONMENT)):
        for item in (value or "").split(":"):          # LANGUAGE may list several: "en_GB:en"
            code = item.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def set_language(language: str | None = None) -> str:
    """Translate from now on into `language` (or the one chosen as above); returns it."""
    global _translation, _language
    _language = choose_language(language)
    if _language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)
    return _language


def language() -> str:
    if _language is None:
        set_language()
    return _language


def _(message: str) -> str:
    """`message` in the current language."""
    if _translation is None:
        set_language()
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _translation is None:
        set_language()
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks `message` for the catalog where it is defined; `_()` translates it where it is shown."""
    return message
