"""Vietnamese numbers: "." groups thousands, "," marks decimals.

    1.050 -> 1050        61,4 -> 61.4        8.962,46 -> 8962.46
    92,460 -> 92.46      49.634.181.598 -> 49634181598

The one parser every extractor uses. A number written the English way
("1.5", as OCR or a careless typist may produce) is read as a decimal only
when the dot cannot be a thousands separator (not followed by exactly three digits).
"""
from __future__ import annotations

import re

# A number as written in the reports, thousands groups and decimal part included.
NUMBER = re.compile(
    r"""
    (?<![\d.,])                      # not the tail of a longer number
    (?:
        \d{1,3}(?:\.\d{3})+          # 1.050, 49.634.181.598   (thousands groups)
      | \d+                          # 151, 2022
    )
    (?:,\d+)?                        # ,46   decimal part
    (?:\.\d{1,2}(?!\d))?             # .5    English decimal (only when not a thousands group)
    (?![\d])
    """,
    re.VERBOSE,
)

_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")


def parse_number(text: str) -> float:
    """Parse one number written the Vietnamese way; raise ValueError otherwise."""
    s = text.strip().replace(" ", "")
    if not s or not re.fullmatch(r"[\d.,]+", s) or not s[0].isdigit() or not s[-1].isdigit():
        raise ValueError(f"not a number: {text!r}")
    if _THOUSANDS.match(s):
        return float(s.replace(".", "").replace(",", "."))
    if s.count(",") == 1 and "." not in s:
        return float(s.replace(",", "."))
    if s.count(".") == 1 and "," not in s:
        return float(s)            # "1.5": a dot that cannot group thousands
    if s.isdigit():
        return float(s)
    raise ValueError(f"not a number: {text!r}")


def format_number(value: float, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: format_number(8962.46) == "8.962,46"."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"
