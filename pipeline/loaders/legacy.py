"""Pre-Unicode Vietnamese text (TCVN3/ABC and VNI fonts) back to Unicode.

Before Unicode, Vietnamese was typed with 8-bit fonts whose glyphs sit at Latin-1
code points. Word and PDF keep the code points, so the text comes out as
mojibake: "B¸o c¸o" (TCVN3, fonts .VnTime/.VnArial) or "Baùo caùo" (VNI,
fonts VNI-Times/VNI-Helve) for "Báo cáo".

- TCVN3 (TCVN 5712:1993, "ABC"): one byte per letter. The normal fonts hold the
  lower-case letters and Ă Â Ê Ô Ơ Ư Đ; capitals with a tone mark exist only in
  the ".VnTimeH"-style fonts, which draw the lower-case codes as capitals, so the
  font decides the case (`decode_tcvn3(s, upper=True)`).
- VNI: a base letter followed by a mark character ("a" + "ù" = "á", "o" + "â" =
  "ô", "o" + "ä" = "ộ"); "ô" alone is ơ, "ö" alone is ư, "ñ" is đ.

All functions are pure. `detect` decides from the text alone (for PDFs, where
font names are not at hand) by counting words that become valid Vietnamese
syllables under each reading.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from extractors.syllables import WORD, is_syllable

from ..i18n import _

TCVN3 = "tcvn3"
VNI = "vni"

# TCVN3 code point (as Latin-1) -> Unicode letter. Lower case, the seven capitals
# without a tone mark; the same table as glibc's TCVN5712-1 in 0xA1-0xFE.
_TCVN3_PAIRS = (
    "¡Ă ¢Â £Ê ¤Ô ¥Ơ ¦Ư §Đ ¨ă ©â ªê «ô ¬ơ \u00adư ®đ "
    "µà ¶ả ·ã ¸á ¹ạ »ằ ¼ẳ ½ẵ ¾ắ Æặ Çầ Èẩ Éẫ Êấ Ëậ "
    "Ìè Îẻ Ïẽ Ðé Ñẹ Òề Óể Ôễ Õế Öệ ×ì Øỉ Üĩ Ýí Þị "
    "ßò áỏ âõ ãó äọ åồ æổ çỗ èố éộ êờ ëở ìỡ íớ îợ "
    "ïù ñủ òũ óú ôụ õừ öử ÷ữ øứ ùự úỳ ûỷ üỹ ýý þỵ"
)
TCVN3_TO_UNICODE = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
UNICODE_TO_TCVN3 = {u: c for c, u in TCVN3_TO_UNICODE.items()}
_TCVN3_TRANSLATION = str.maketrans(TCVN3_TO_UNICODE)

# VNI: Unicode letter -> the characters typed for it. Marks after a, e, o, u, y:
# ù acute, ø grave, û hook, õ tilde, ï dot; after â/ê/ô: á à å ã ä; after ă: é è ú ü ë.
_VNI_LOWER = {
    "a": "a", "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "â": "aâ", "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "ă": "aê", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "é": "eù", "è": "eø", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ế": "eá", "ề": "eà", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "ó": "où", "ò": "oø", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ố": "oá", "ồ": "oà", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ớ": "ôù", "ờ": "ôø", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ú": "uù", "ù": "uø", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ứ": "öù", "ừ": "öø", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ý": "yù", "ỳ": "yø", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "đ": "ñ",
}
del _VNI_LOWER["a"]
# Capitals: the same keystrokes with the capital forms of base and mark.
UNICODE_TO_VNI = {**_VNI_LOWER, **{u.upper(): v.upper() for u, v in _VNI_LOWER.items()}}
VNI_TO_UNICODE = {v: u for u, v in UNICODE_TO_VNI.items()}
# Longest sequence first, so "oâ" wins over "o" and "ôù" over "ô".
_VNI_SEQUENCE = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))

# Font names that mean legacy text (DOCX runs, PDF font names).
_TCVN3_FONT = re.compile(r"^(?:[A-Z]{6}\+)?\.?vn", re.IGNORECASE)          # ".VnTime", "ABCDEF+.VnTimeH"
_VNI_FONT = re.compile(r"^(?:[A-Z]{6}\+)?vni[-_ ]", re.IGNORECASE)         # "VNI-Times", "VNI-Helve"
_UPPER_TCVN3_FONT = re.compile(r"h(?:[-,].*)?$", re.IGNORECASE)            # ".VnTimeH", ".VnArialH,Bold"


def decode_tcvn3(s: str, upper: bool = False) -> str:
    """TCVN3 mojibake -> Unicode; `upper` for text set in a ".VnTimeH"-style font."""
    out = s.translate(_TCVN3_TRANSLATION)
    return out.upper() if upper else out


def _vni_letter(match: re.Match) -> str:
    return VNI_TO_UNICODE[match[0]]


def decode_vni(s: str) -> str:
    return _VNI_SEQUENCE.sub(_vni_letter, s)


def encode_tcvn3(s: str) -> list[tuple[str, bool]]:
    """Unicode -> TCVN3 as a typist would set it: (text, needs the capitals font) runs.

    Capitals with a tone mark have no code in the normal font, so they go into a
    run of the H font, typed as their lower-case code.
    """
    runs: list[tuple[str, bool]] = []
    for ch in unicodedata.normalize("NFC", s):
        upper = ch not in UNICODE_TO_TCVN3 and ch.lower() in UNICODE_TO_TCVN3
        code = UNICODE_TO_TCVN3[ch.lower()] if upper else UNICODE_TO_TCVN3.get(ch, ch)
        if runs and runs[-1][1] == upper:
            runs[-1] = (runs[-1][0] + code, upper)
        else:
            runs.append((code, upper))
    return runs


def encode_vni(s: str) -> str:
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", s))


def font_encoding(font_name: str | None) -> tuple[str | None, bool]:
    """(encoding, capitals font) that a font name implies: ".VnTimeH" -> ("tcvn3", True)."""
    if not font_name:
        return None, False
    if _VNI_FONT.match(font_name):
        return VNI, False
    if _TCVN3_FONT.match(font_name):
        base = font_name.split("+", 1)[-1]
        return TCVN3, bool(_UPPER_TCVN3_FONT.search(base))
    return None, False


def decode(s: str, encoding: str | None, upper: bool = False) -> str:
    if encoding == TCVN3:
        return decode_tcvn3(s, upper)
    if encoding == VNI:
        return decode_vni(s)
    return s


# ------------------------------------------------------------------ detection

def vietnamese_score(s: str) -> int:
    """Words with a non-ASCII letter that are valid syllables, minus those that are not."""
    return _score(Counter(WORD.findall(s)))


def _score(words: Counter) -> int:
    """`vietnamese_score` of a text from its words and how often each occurs (each judged once)."""
    return sum(count * _word_score(word) for word, count in words.items())


def _word_score(word: str) -> int:
    """+1 a syllable with a non-ASCII letter, -1 a non-ASCII word that is none, 0 an ASCII word."""
    return 0 if word.isascii() else 1 if is_syllable(word) else -1


# TCVN3 codes that are not letters (punctuation in Latin-1: "¸" for á, "µ" is a letter already):
# decoding them can join two words into one, so a text holding any is decoded whole.
_TCVN3_NON_LETTERS = re.compile("[" + re.escape("".join(c for c in TCVN3_TO_UNICODE if not WORD.fullmatch(c))) + "]")


def _decoded_words(s: str, words: Counter, encoding: str) -> Counter:
    """The words of `decode(s, encoding)`. Decoding turns letters into letters, so each word of
    `s` becomes one word, decoded once however often it occurs; VNI's sequences are letters
    only, TCVN3's non-letter codes are looked for first."""
    if encoding == TCVN3 and _TCVN3_NON_LETTERS.search(s):
        return Counter(WORD.findall(decode(s, encoding)))
    decoded: Counter = Counter()
    for word, count in words.items():
        decoded[decode(word, encoding)] += count
    return decoded


@functools.lru_cache(maxsize=1 << 16)   # (a worker reads the same words file after file)
def _word_scores(word: str) -> tuple[int, int, int]:
    """A word's part of `_score` as it is, decoded from TCVN3 and decoded from VNI."""
    return _word_score(word), _word_score(decode_tcvn3(word)), _word_score(decode_vni(word))


def detect(s: str) -> str | None:
    """"tcvn3" or "vni" when the text reads as Vietnamese only after that conversion, else None."""
    words = Counter(WORD.findall(s))
    # Each word decodes to one word (`_decoded_words`), so each score is a sum over the words.
    plain = tcvn3 = vni = 0
    for word, count in words.items():
        as_is, as_tcvn3, as_vni = _word_scores(word)
        plain, tcvn3, vni = plain + count * as_is, tcvn3 + count * as_tcvn3, vni + count * as_vni
    if _TCVN3_NON_LETTERS.search(s):     # but decoding these may join two words: decode the text whole
        tcvn3 = _score(_decoded_words(s, words, TCVN3))
    best, best_score = None, plain
    for encoding, score in ((TCVN3, tcvn3), (VNI, vni)):
        if score > best_score:
            best, best_score = encoding, score
    # Unicode text scores high as it is; mojibake turns strongly positive only when decoded.
    if best and best_score - plain >= max(5, abs(plain)):
        return best
    return None


def repair_lines(lines: list[str], encoding: str) -> list[str]:
    """Convert every line except those that read worse converted (a document may mix Unicode and legacy text)."""
    out = []
    for line in lines:
        converted = decode(line, encoding)
        out.append(converted if vietnamese_score(converted) >= vietnamese_score(line) else line)
    return out


def repair(lines: list[str]) -> tuple[list[str], str | None]:
    """The lines with pre-Unicode text converted, and the encoding found in them (None: none)."""
    encoding = detect("\n".join(lines))
    return (repair_lines(lines, encoding) if encoding else lines), encoding


def conversion_notes(encoding: str | None) -> list[str]:
    """The files.note for a converted file."""
    return [_("text typed in {encoding} converted to Unicode").format(encoding=encoding.upper())] if encoding else []
