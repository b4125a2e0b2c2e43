"""Known names of places and issuing bodies, to undo OCR and typing slips.

Tesseract confuses tone marks on letters with a circumflex ("Đức Phồ" for
"Đức Phổ"); the seeds show the same slip typed by hand. Matching happens on the
folded form (no diacritics, đ -> d), so any tone-mark slip maps to the known form
while the text as written is kept elsewhere.
"""
from __future__ import annotations

import re

from .text import fold, respell_folded

# The provinces and centrally-run cities (the 63 before the 2025 merger, which older reports and
# citations name, include the 34 after it), and the seeds' district and town names.
PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Hồ Chí Minh",
]
PLACES = [
    *PROVINCES,
    "Đức Phổ", "Sa Huỳnh", "Bình Sơn", "Sơn Tịnh", "Tư Nghĩa", "Nghĩa Hành", "Mộ Đức", "Ba Tơ", "Minh Long",
    "Sơn Hà", "Sơn Tây", "Trà Bồng", "Lý Sơn",
]

_PLACES_BY_FOLD = {fold(p): p for p in PLACES}
# Any known place, folded, as a whole word (longest first: "ha noi" before a shorter name).
_FOLDED_PLACE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(_PLACES_BY_FOLD, key=len, reverse=True)) + r")(?!\w)")


def normalize_place(name: str | None) -> str | None:
    """"Đức Phồ" -> "Đức Phổ"; an unknown name comes back as written."""
    if not name:
        return name
    return _PLACES_BY_FOLD.get(fold(name.strip()), name.strip())


def correct_places(text: str) -> str:
    """Replace every known place name written with a tone-mark slip by its known form."""
    return respell_folded(text, _FOLDED_PLACE, lambda folded, written: _PLACES_BY_FOLD[folded])
