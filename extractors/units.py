"""Bodies named in plans: where a list of units splits, where a name ends, and one key per body.

Plans name the bodies responsible for a task as lists written many ways:

    Các cơ quan, ban, ngành thị xã, UBND các xã, phường              2 units, not 5
    Ủy ban Mặt trận Tổ quốc Việt Nam thị xã và các tổ chức chính trị - xã hội thị xã   2
    Sở Lao động, Thương binh và Xã hội; Sở Tài chính                  2 ("và" and "," inside a name)
    Văn phòng HĐND và UBND thị xã                                     1

A list is split at ";" and at the commas or "và" that are followed by the start of another
body (a capitalised head word such as "Sở", "Phòng", "UBND", or a group "các cơ quan …");
lower-case words after a comma ("ban, ngành", "xã, phường") and capitalised words that are
not heads ("Thương binh", "Thông tin") go on the current name.

`unit_key` gives the form that groups one body written several ways ("UBND" / "Ủy ban
nhân dân", "Uỷ" / "Ủy", hyphen / en dash, case, "Phòng Kinh tế thị xã" / "Phòng Kinh tế").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

from .lang.abbreviations import expand_name_abbreviations
from .syllables import TONES
from .text import nfc, plain

# The first words of a body's name. Capitalised heads only: "đơn vị", "ban" in lower case
# continue a group ("cơ quan, đơn vị"), they do not start a new body.
_HEAD_WORDS = r"""
    Sở | Phòng | Ban(?!\s+hành) | Văn\s+phòng | UBND | HĐND | Ủy\s+ban | Uỷ\s+ban | Hội\s+đồng | Công\s+an
  | Bộ(?!\s+(?:chỉ\s+số|tiêu\s+chí|máy|công\s+cụ|mặt)) | Cục | Chi\s+cục | Tổng\s+cục | Trung\s+tâm
  | Thị\s+đoàn | Tỉnh\s+đoàn | Huyện\s+đoàn | Thành\s+đoàn | Đoàn(?!\s+kết) | Hội(?!\s+(?:nghị|thảo|thi|diễn|nhập))
  | Liên\s+đoàn | Liên\s+minh | Liên\s+hiệp | Mặt\s+trận | MTTQ
  | Kho\s+bạc | Ngân\s+hàng | Bảo\s+hiểm | BHXH | Đài | Báo(?!\s+cáo) | Trường(?!\s+hợp) | Bệnh\s+viện | Viện
  | Tòa\s+án | Toà\s+án | Quân\s+sự | Bộ\s+Chỉ\s+huy | Ban\s+Chỉ\s+huy | Công\s+ty | Tổng\s+công\s+ty
  | Bưu\s+điện | Viettel | VNPT | Mobifone | Thường\s+trực | Cơ\s+quan(?!\s+ban\s+hành) | Đơn\s+vị(?!\s+tính) | Hạt(?!\s+nhân) | Đội(?!\s+ngũ)
  | Lực\s+lượng | Cộng\s+đồng | Tổ(?!\s+chức) | Hợp\s+tác\s+xã | Doanh\s+nghiệp | Đảng\s+ủy | Đảng\s+uỷ
  | Cấp\s+ủy | Huyện\s+ủy | Thị\s+ủy | Tỉnh\s+ủy | Thành\s+ủy | Thủ\s+trưởng | Chủ\s+tịch | Đảng\s+đoàn
  | Giám\s+đốc | Người\s+đứng\s+đầu | Trưởng(?!\s+thành) | Chánh | Ủy\s+ban\s+nhân\s+dân | Tập\s+đoàn | Chi\s+nhánh
  | Thanh\s+tra | Kiểm\s+toán | Quỹ | Cảng\s+vụ | Vườn\s+quốc\s+gia | Ban\s+Quản\s+lý | Điện\s+lực | Lãnh\s+đạo
"""
# A group of bodies: "các cơ quan, ban, ngành", "Các sở", "các doanh nghiệp viễn thông".
_GROUP_WORDS = r"""
    (?:[Cc]ác|[Nn]hững|[Mm]ọi|[Tt]ừng) \s+
    (?:cơ\s+quan | sở | ban | ngành | đơn\s+vị | phòng | doanh\s+nghiệp | t[ổố]\s+chức | địa\s+phương
      | hội | đoàn\s+thể | xã | huyện | trường | cơ\s+sở | hợp\s+tác\s+xã | thành\s+viên | bộ
      | tỉnh | cấp | lực\s+lượng | Sở | Phòng | Ban | Hội | cơ\s+quan | nhà | chủ\s+đầu\s+tư | UBND
      | Ủy\s+ban | ủy\s+ban | Bộ | hộ | trung\s+tâm | Trung\s+tâm | chi\s+nhánh | ngân\s+hàng
      | đài | cá\s+nhân | chi\s+bộ | đảng\s+bộ | cấp\s+ủy | ngành | đảng\s+đoàn | ban\s+cán\s+sự)
"""
_UNIT_WORDS = rf"""(?:{_GROUP_WORDS} | (?:{_HEAD_WORDS}) )(?=$|[\s,.;:)\-–])"""
UNIT_START = re.compile(rf"^{_UNIT_WORDS}", re.VERBOSE)

# Words that open a role or a task after a list of bodies: the list (and the last name) ends there.
# Case-sensitive: inside a name these words are capitalised ("Phòng Quản lý đô thị").
NAME_STOP = re.compile(
    r"""(?<!\w)(?:
        chủ\s+trì | phối\s+hợp | là\s+cơ\s+quan | làm\s+đầu\s+mối | có\s+trách\s+nhiệm
      | chịu\s+trách\s+nhiệm | căn\s+cứ | theo\s+chức\s+năng | trong\s+việc | trong\s+phạm\s+vi
      | triển\s+khai | tổ\s+chức(?!\s+(?:chính\s+trị|xã\s+hội|đoàn\s+thể|tín\s+dụng|hội|kinh\s+tế)|\s*,\s*cá\s+nhân)
      | thực\s+hiện | xây\s+dựng | tham\s+mưu | hướng\s+dẫn | theo\s+dõi | kiểm\s+tra | rà\s+soát
      | tuyên\s+truyền | đôn\s+đốc | nghiên\s+cứu | tăng\s+cường | đẩy\s+mạnh | bảo\s+đảm | đảm\s+bảo
      | cung\s+cấp | tổng\s+hợp | báo\s+cáo | chỉ\s+đạo | ban\s+hành | tiếp\s+tục | chủ\s+động
      | quản\s+lý | vận\s+hành | cập\s+nhật | hoàn\s+thành | trình | đề\s+xuất | hỗ\s+trợ | bố\s+trí
      | thẩm\s+định | giám\s+sát | phổ\s+biến | vận\s+động | khảo\s+sát | đánh\s+giá | sơ\s+kết
      | tổng\s+kết | duy\s+trì | nâng\s+cao | ứng\s+dụng | số\s+hóa | lập | làm | là | được | sẽ
      | cần | phải | để | nhằm | gửi | về\s+việc | đối\s+với | thường\s+xuyên | kịp\s+thời | khẩn\s+trương
      | nghiêm\s+túc | tập\s+trung | thống\s+nhất | xem\s+xét | quyết\s+định | giải\s+quyết | tham\s+gia
      | phát\s+huy | bổ\s+sung | điều\s+chỉnh | lồng\s+ghép | tạo | đầu\s+tư | thành\s+lập | ký
      | rà\s+soát | mở | cử | giao | yêu\s+cầu | đề\s+nghị | hằng\s+năm | hàng\s+năm | định\s+kỳ
      | đã | đang | đồng\s+thời | cũng | trực\s+tiếp | phân\s+công | tiến\s+hành
      | lãnh\s+đạo | cụ\s+thể\s+hóa | kính | quán\s+triệt | thực\s+thi | tiếp\s+nhận | hoàn\s+thiện | sửa\s+đổi
      | công\s+khai | chuẩn\s+bị | xử\s+lý | khắc\s+phục | phê\s+duyệt | kiểm\s+soát | ưu\s+tiên | huy\s+động
      | chấn\s+chỉnh | tập\s+huấn | đào\s+tạo | bồi\s+dưỡng | sử\s+dụng | khai\s+thác | nâng\s+cấp | mua\s+sắm
      | thí\s+điểm | nhân\s+rộng | nắm\s+bắt | cụ\s+thể
    )(?!\w)""",
    re.VERBOSE,
)

# Separators between bodies: a comma, or "và" / "cùng" between words.
_SEPARATOR = re.compile(r"(?:\s*,)+\s*|\s+(?:và|cùng)\s+")
# A body following another with no separator, after the other's level word:
# "Phòng Kinh tế thị xã Phòng Nội vụ thị xã".
_MISSING_SEPARATOR = regex.compile(
    r"(?<=\b(?:thị\s+xã|huyện|tỉnh|thành\s+phố|quận))\s+(?=(?:Sở|Phòng|UBND|Ủy\s+ban|Uỷ\s+ban|Công\s+an|Trung\s+tâm|Văn\s+phòng)\s)"
)
# "Văn phòng HĐND và UBND", "Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh": one office, two councils named.
_OFFICE_OF_COUNCILS = re.compile(r"^Văn\s+phòng\b.*(?:HĐND|UBND|ĐBQH|nhân\s+dân)$")
_COUNCIL = re.compile(r"^(?:HĐND|UBND|Hội\s+đồng\s+nhân\s+dân|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Đoàn\s+ĐBQH)\b")

# Words put before a body in headings and clauses that are not part of its name.
ADDRESSING = re.compile(
    r"""^(?:(?:Giao\s+(?:cho\s+)?|Đề\s+nghị\s+|Yêu\s+cầu\s+|Trách\s+nhiệm\s+(?:của\s+)?|Nhiệm\s+vụ\s+(?:của\s+)?
        |Đối\s+với\s+|Riêng\s+|Giao\s+nhiệm\s+vụ\s+cho\s+)\s*)+""",
    re.VERBOSE | re.IGNORECASE,
)

# A group that names no body in particular: "các đơn vị (có) liên quan", "các cơ quan, đơn vị,
# địa phương liên quan", "cơ quan liên quan".
GENERIC_UNIT = re.compile(
    r"""^(?:(?:các|những|mọi)\s+)?(?:cơ\s+quan|đơn\s+vị|địa\s+phương|sở|ngành|tổ\s+chức|cấp)
        [\w\s,\-–]*?(?:có\s+)?liên\s+quan$""",
    re.VERBOSE | re.IGNORECASE,
)


def is_generic(unit: str) -> bool:
    """"các đơn vị liên quan", "các cơ quan, đơn vị, địa phương có liên quan": no body in particular."""
    return bool(GENERIC_UNIT.search(unit.strip(" .;,")))


# Words after a subject that do not make it the actor of a task ("… đã triển khai": a result,
# "… được giao": passive).
# "… kính trình": a request to a superior.
NOT_AN_ACTION = re.compile(r"^(?:đã|đang|được|là|cũng|để|nhằm|gửi|về\s+việc|đối\s+với|kính)(?!\w)")


def acts(rest: str) -> bool:
    """Whether the words after a list of bodies make them do something: "tổ chức …", "chủ trì …"."""
    rest = rest.lstrip(" ,")
    return bool(NAME_STOP.match(rest)) and not NOT_AN_ACTION.match(rest)


def starts_unit(s: str) -> bool:
    return bool(UNIT_START.match(s.lstrip()))


def _split_outside_brackets(s: str, pattern: re.Pattern) -> list[str]:
    """Split at `pattern`, keeping the separators, never inside parentheses."""
    if "(" not in s:
        return _split_keeping(s, pattern, lambda at: False)
    depth_at, depth = [], 0
    for c in s:
        depth += (c == "(") - (c == ")")
        depth_at.append(depth)
    return _split_keeping(s, pattern, lambda at: depth_at[at] > 0)


def _split_keeping(s: str, pattern: re.Pattern, inside) -> list[str]:
    pieces: list[str] = []
    last = 0
    for m in pattern.finditer(s):
        if inside(m.start()):
            continue
        pieces += [s[last:m.start()], m.group(0)]
        last = m.end()
    pieces.append(s[last:])
    return pieces


def clean_unit(unit: str) -> str:
    """As written, whitespace joined, markdown and enclosing punctuation dropped."""
    unit = " ".join(plain(unit).split()).strip(" .;,:-–")
    if unit.count("(") < unit.count(")") and unit.endswith(")"):
        unit = unit[:-1].rstrip()
    return unit


def split_units(text: str) -> list[str]:
    """The bodies of a list, as written: split at ";" and at separators before a new body."""
    return list(_split_units(text))


@lru_cache(maxsize=4096)      # plans repeat the same lists ("Các cơ quan, ban, ngành, UBND các xã") dozens of times
def _split_units(text: str) -> tuple[str, ...]:
    units: list[str] = []
    for group in re.split(r";", nfc(text)):
        group = _MISSING_SEPARATOR.sub(", ", " ".join(plain(group).split()))
        pieces = _split_outside_brackets(group, _SEPARATOR)
        current = pieces[0]
        for separator, piece in zip(pieces[1::2], pieces[2::2]):
            stripped = piece.strip()
            new_body = starts_unit(stripped) and not (
                _OFFICE_OF_COUNCILS.match(current.strip()) and _COUNCIL.match(stripped))
            if new_body:
                units.append(current)
                current = piece
            else:
                current += separator + piece
        units.append(current)
    return tuple(u for u in (clean_unit(u) for u in units) if u)


MAX_LIST_CHARS = 400   # a list of bodies is shorter: the search for its end stops there
MAX_NAME_WORDS = 16    # "Văn phòng Ủy ban nhân dân tỉnh (Trung tâm Phục vụ hành chính công tỉnh)" has 14


def units_at_start(s: str) -> tuple[list[str], int]:
    """The list of bodies a clause starts with, and where it ends ([] and 0 when none).

    "Sở Y tế, Sở Tài chính và UBND các huyện tổ chức …" -> the three, ending before "tổ chức".
    """
    if not starts_unit(s):
        return [], 0
    stop = NAME_STOP.search(s, 0, MAX_LIST_CHARS)
    end = stop.start() if stop else min(len(s), MAX_LIST_CHARS)
    # a sentence end closes the list too
    sentence = re.search(r"[.;:](?=\s|$)", s[:end])
    if sentence:
        end = sentence.start()
    units = split_units(s[:end])
    if not units or not (starts_unit(units[0]) or _is_name_part(units[0])) \
            or any(len(u.split()) > MAX_NAME_WORDS for u in units):
        return [], 0          # no name runs on this long: the list's end was not found
    return units, end


def _is_name_part(unit: str) -> bool:
    return bool(unit) and unit[0].isupper()


# ---------------------------------------------------------------- one key per body

_DASHES = re.compile(r"\s*[-–—‐‑]\s*")
# A district-level "Phòng …" or provincial "Sở …" written with or without its level word.
# (also without diacritics, as a query may be typed: "phong noi vu huyen")
_LEVEL_SUFFIX = re.compile(
    r"^(?P<name>(?:phòng|sở|phong|so)\s.+?)\s+(?:thị xã|huyện|tỉnh|thành phố|quận|tp|thi xa|huyen|tinh|thanh pho|quan)$")

# A syllable ending in oa/oe/uy (no final consonant) with its tone mark (combining: old and new spelling
# place it differently) on the second vowel: "hoà", "uỷ".
_TONE_ON_SECOND = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{''.join(sorted(TONES))}])(?!\w)")


def _tone_on_first(s: str) -> str:
    """"hoà" -> "hòa", "Uỷ" -> "Ủy" (the spelling official documents mostly use)."""
    decomposed = unicodedata.normalize("NFD", s)
    return nfc(_TONE_ON_SECOND.sub(r"\1\3\2", decomposed))


@lru_cache(maxsize=4096)
def unit_key(unit: str) -> str:
    """The form that groups one body written several ways (lower case; abbreviations expanded)."""
    s = _tone_on_first(" ".join(plain(nfc(unit)).split())).lower().strip(" .;,:")
    s = expand_name_abbreviations(s)
    s = _DASHES.sub(" - ", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    if m := _LEVEL_SUFFIX.match(s):
        s = m["name"]
    return s
