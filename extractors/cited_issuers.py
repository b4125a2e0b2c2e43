"""Where the issuer of a cited document stops ("Kế hoạch số 12/KH-UBND của UBND tỉnh Quảng Ngãi
về …", "của Quốc hội khoảng 110 tỷ đồng"): at the purpose clause, a date, a hard stop, or the end
of a known body or place. extractors.references reads a citation's issuer with `read_issuer`.
"""
from __future__ import annotations

import regex as re

from .gazetteer import PLACES
from .issuers import CENTRAL_BODIES, ISSUER_QUALIFIER, LEVELS
from .text import fold

# Where an issuer stops at the latest: punctuation, or the next mention (checked by the caller).
_HARD_END = re.compile(r"[,;:!?()\[\]\t\"“”]|(?<!\b(?:TP|Tp))\.")       # "UBND TP. Hồ Chí Minh" goes on
# Words that open the purpose clause after an issuer ("của Chính phủ quy định về việc …").
_PURPOSE_WORDS = (
    "về", "v/v", "thực hiện", "triển khai", "thành lập", "phê duyệt", "ban hành", "quy định", "hướng dẫn",
    "kiểm tra", "tổ chức", "truyền thông", "phát triển", "ứng dụng", "tăng cường", "đẩy mạnh", "sửa đổi",
    "bổ sung", "giao", "chỉ đạo", "xây dựng", "báo cáo", "công bố", "phân bổ", "điều chỉnh", "đã", "đề ra",
    "khóa", "khoá", "Khóa", "Khoá", "nhiệm kỳ", "nay là",
    # what a letter asks or answers: "của Sở Tài nguyên và Môi trường đề nghị …"
    "đề nghị", "yêu cầu", "thông báo", "đề xuất", "trả lời", "phúc đáp", "gửi", "cho phép", "chấp thuận",
    "góp ý", "lấy ý kiến",
    # words that never stand inside a body's name: "của Sở Nội vụ để …", "của Quốc hội khoảng …"
    "để", "khoảng", "với", "cho", "tại", "theo", "nhằm", "gồm", "trong", "đến", "sẽ", "đang", "được", "là",
)
# Case matters: "Sở Thông tin và Truyền thông" is a name, "… truyền thông về chuyển đổi số" a purpose.
_PURPOSE_START = re.compile(
    r"\s(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _PURPOSE_WORDS) + r")(?!\w)"
)
# A date right after the issuer: "của Bộ Chính trị ngày 18/3/2025".
_DATE_START = re.compile(r"\s(?i:ngày)\s*\d")
# "và" followed by a lower-case word ends an issuer ("Bộ Chính trị và các văn bản …");
# followed by a capital it joins a name ("Sở Thông tin và Truyền thông").
_AND_LOWER = re.compile(r"\svà\s+(?=\p{Ll})")
# The administrative level that closes an issuer, with the place after it:
# "UBND thị xã Đức Phổ", "Sở … tỉnh Quảng Ngãi", "Ban Thường vụ Tỉnh ủy Quảng Ngãi", "UBND tỉnh".
_PARTY_COMMITTEE = r"(?:Tỉnh|Thị|Huyện|Thành|Quận|Đảng|Xã|Phường)\s+ủy"
# (built from issuers.LEVELS: the two-word levels in any case, the one-word ones in lower case only)
_LEVEL = (r"(?:(?i:" + "|".join(r"\s+".join(lv.split()) for lv in LEVELS if " " in lv) + ")|"
          + "|".join(lv for lv in LEVELS if " " not in lv) + r"|TP\.?)")
_CLOSING_LEVEL = re.compile(rf"(?<!\w)(?:{_PARTY_COMMITTEE}(?:\s+{_LEVEL})?|{_LEVEL})(?!\w)")
_CAPITALISED_WORD = re.compile(r"\s+\p{Lu}\w*")
# A known place at the start of a folded text, longest first ("ha noi" before a shorter name).
_FOLDED_PLACE_START = re.compile(
    "(?:" + "|".join(re.escape(fold(p).lower()) for p in sorted(PLACES, key=len, reverse=True)) + r")(?!\w)")
_LONGEST_PLACE = max(len(p) for p in PLACES)
_FOLDED_CENTRAL = sorted(((fold(b).lower(), b) for b in CENTRAL_BODIES), key=lambda kv: len(kv[0]), reverse=True)
_LONGEST_CENTRAL = len(_FOLDED_CENTRAL[0][0])
# "Thủ tướng Chính phủ" inside "Phó Thủ tướng …" is matched from the body's first word only.
_ROLE_BEFORE_BODY = re.compile(r"(?i:chủ\s+tịch|phó\s+chủ\s+tịch|thường\s+trực|ban\s+thường\s+vụ)\s+")


def _known_place_end(text: str, pos: int) -> int | None:
    """End of a known place name starting at pos (after spaces), else None."""
    rest = text[pos:]
    stripped = rest.lstrip()
    m = _FOLDED_PLACE_START.match(fold(stripped[: _LONGEST_PLACE + 1]).lower())
    return pos + (len(rest) - len(stripped)) + m.end() if m else None


def _place_after(text: str, pos: int) -> int:
    """End of the place name starting after pos ("Đức Phổ"), or pos when there is none.

    A known place wins; otherwise one to three capitalised words ("Phổ Thạnh", "Hồ Chí Minh").
    One word is taken only when nothing lower-case follows it ("thị xã Hướng dẫn …" is a level
    followed by the next clause).
    """
    known = _known_place_end(text, pos)
    if known is not None:
        return known
    end, words = pos, 0
    while words < 3:
        m = _CAPITALISED_WORD.match(text, end)
        if not m:
            break
        end, words = m.end(), words + 1
    return end if words >= 2 else pos


def issuer_end(text: str, start: int, limit: int) -> int:
    """Where the issuer starting at `start` ends (at most `limit`).

    A known central body is complete ("Quốc hội", "Văn phòng Chính phủ"); otherwise the issuer
    runs to punctuation, a purpose or date clause, or the place after its level.
    """
    body = text[start:limit]
    role = _ROLE_BEFORE_BODY.match(body)
    at = role.end() if role else 0
    folded = fold(body[at: at + _LONGEST_CENTRAL + 1]).lower()     # (enough to compare every known body)
    for key, _ in _FOLDED_CENTRAL:
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalnum()):
            end = start + at + len(key)
            if not _CLOSING_LEVEL.match(text, end + 1) or text[end:end + 1] != " ":
                return end
    end = limit
    for pattern in (_HARD_END, _PURPOSE_START, _AND_LOWER, _DATE_START):
        hit = pattern.search(text, start, end)
        if hit:
            end = hit.start()
    level = _CLOSING_LEVEL.search(text, start, end)
    if level:
        end = min(end, _place_after(text[:end], level.end()))
    return end


# "và" or "của" left dangling at the end of an issuer cut short: "Bộ Chính trị và".
_TRAILING_JOIN_WORD = re.compile(r"\s+(?:và|của)$")


def read_issuer(text: str, start: int, limit: int) -> tuple[str | None, int]:
    """The issuer starting at `start` as written, without qualifiers, and where its qualifiers end."""
    end = issuer_end(text, start, limit)
    issuer = _TRAILING_JOIN_WORD.sub("", text[start:end].strip())   # "Bộ Chính trị và" cut short
    if not issuer:
        return None, start
    end = start + text[start:].index(issuer) + len(issuer)
    q = ISSUER_QUALIFIER.match(text, end)
    while q:
        end = q.end()
        q = ISSUER_QUALIFIER.match(text, end)
    return issuer, end
