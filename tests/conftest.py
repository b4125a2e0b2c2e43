"""The suite runs in English: most tests check messages by their English text (the gettext
msgids). Vietnamese, the default for users, is checked where it is asked for explicitly
(`--lang vi`, BAOCAO_LANG=vi in a subprocess, set_language("vi")): tests/test_i18n.py,
test_cli.py, test_export.py, test_portable.py."""
import os

os.environ["BAOCAO_LANG"] = "en"
