"""Known names of places and issuing bodies, to undo OCR and typing slips.

Tesseract confuses tone marks on letters with a circumflex ("Đức Phồ" for
"Đức Phổ"); the seeds show the same slip typed by hand. Matching happens on the
folded form (no diacritics, đ -> d), so any tone-mark slip maps to the known form
while the text as written is kept elsewhere.
"""
from __future__ import annotations

from .text import fold

PLACES = [
    "Đức Phổ", "Quảng Ngãi", "Sa Huỳnh", "Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng",
    "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Nghĩa Hành", "Mộ Đức", "Ba Tơ", "Minh Long",
    "Sơn Hà", "Sơn Tây", "Trà Bồng", "Lý Sơn",
]

_PLACES_BY_FOLD = {fold(p): p for p in PLACES}


def normalize_place(name: str | None) -> str | None:
    """"Đức Phồ" -> "Đức Phổ"; an unknown name comes back as written."""
    if not name:
        return name
    return _PLACES_BY_FOLD.get(fold(name.strip()), name.strip())


def correct_places(text: str) -> str:
    """Replace every known place name written with a tone-mark slip by its known form."""
    folded = fold(text)
    out = text
    for key, place in _PLACES_BY_FOLD.items():
        start = folded.find(key)
        while start != -1:
            end = start + len(key)
            # fold() keeps lengths for NFC Vietnamese letters, so offsets line up.
            if (start == 0 or not folded[start - 1].isalnum()) and (end == len(folded) or not folded[end].isalnum()):
                out = out[:start] + place + out[end:]
            start = folded.find(key, end)
    return out
