"""What a flattened appendix table's header and cells read as, whichever way PDF text extraction
flattened it (one cell fragment per line: flattened.py; cells run together on shared lines:
run_together.py): the column names its header is rebuilt from, the label of a total row, and the
item, lead unit and description among the text lines before a row's numbers.
"""
from __future__ import annotations

import re

from extractors.tables.columns import LEAD_HEADERS, TOTAL_WORDS, find_column
from extractors.text import fold

# Column names a flattened header is rebuilt from, as they read once its lines are re-joined.
# "Kinh phí và nguồn vốn" spans the "Kinh phí" and "Nguồn vốn" sub-columns printed after it.
HEADER_NAMES = re.compile(
    r"""(?P<span>Kinh\s+phí\s+và\s+nguồn\s+vốn)
      | (?P<name>
            S?TT
          | Nội\s+dung\s*/\s*Nhiệm\s+vụ\s*/\s*Dự\s+án | Nội\s+dung\s+nhiệm\s+vụ | Nội\s+dung
          | Đơn\s+vị\s+chủ\s+trì | Đơn\s+vị\s+thực\s+hiện | Diễn\s+giải
          | Kết\s+quả,?\s+tiến\s+độ\s+thực\s+hiện | Kết\s+quả\s+thực\s+hiện
          | Tổng\s+mức\s+đầu\s+tư | Kinh\s+phí | Nguồn\s+vốn | Ghi\s+chú | Thời\s+gian\s+thực\s+hiện
        )(?!\w)""",
    re.VERBOSE | re.IGNORECASE,
)
# The label of a total or subtotal row read from flattened text: "Tổng cộng:", "Từ năm 2021-2022".
TOTAL_LABEL = rf"""(?P<label>{TOTAL_WORDS}\s*:?
                 | (?:Từ\s+)?[Nn]ăm\s+(?:19|20)\d{{2}}(?:\s*-\s*(?:19|20)\d{{2}})?)"""
# The opening word of a lead-unit cell ("Văn phòng HĐND", "Phòng Văn hóa", "UBND các xã", "Các phòng, ban").
LEAD_UNIT_START = re.compile(
    r"^(?:Văn\s+phòng|Phòng|UBND|Ủy\s+ban|Sở|Ban\s|Các\s+(?:phòng|cơ\s+quan|đơn\s+vị|sở|ban)|Công\s+an|Trung\s+tâm|Chi\s+cục|Bưu\s+điện)"
)
DESCRIPTION_WIDTH = 26   # lines of the wide "Diễn giải" column run longer than the narrow item and unit columns


def header_names(joined: str) -> list[str]:
    names: list[str] = []
    span_at = None
    for m in HEADER_NAMES.finditer(joined):
        if m["span"]:
            span_at = len(names)
            continue
        name = re.sub(r"\s+", " ", m["name"]).replace(" /", "/").replace("/ ", "/")
        if span_at is not None and fold(name) in ("kinh phi", "nguon von"):
            names.insert(span_at, name)
            span_at += 1
        else:
            names.append(name)
    return names


def starts_flat_header(s: str) -> bool:
    return fold(s.split(" ")[0]) in ("tt", "stt")


def split_before(before: list[str], header: list[str]) -> dict[str, str]:
    """Item, lead unit and description from the text lines before a row's numbers."""
    has_lead = find_column(header, LEAD_HEADERS) is not None
    has_description = any(fold(h) == "dien giai" for h in header)
    lead_at = next((k for k in range(1, len(before)) if has_lead and LEAD_UNIT_START.match(before[k])), None)
    search_from = (lead_at or 0) + 1
    description_at = next((k for k in range(search_from, len(before))
                           if has_description and len(before[k]) >= DESCRIPTION_WIDTH), None)
    item_end = lead_at if lead_at is not None else (description_at if description_at is not None else len(before))
    lead_end = description_at if description_at is not None else len(before)
    return {
        "item": " ".join(before[:item_end]),
        "lead": " ".join(before[lead_at:lead_end]) if lead_at is not None else "",
        "description": " ".join(before[description_at:]) if description_at is not None else "",
    }
