"""Dates and numbers for people to read, in the current language: 22/12/2022 and 1.234,5 in
Vietnamese (the default), 22/12/2022 and 1,234.5 in English. JSON and the database keep ISO
dates and plain numbers; only human output goes through here."""
from __future__ import annotations

import datetime

from extractors.numbers import format_number

from . import language


def date(value: str | None) -> str:
    """"2022-12-22" -> "22/12/2022"; a partial or odd date ("2022", "2022-12") as it is; None -> ""."""
    if not value:
        return ""
    try:
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(value)


def number(value: float | int | None, decimals: int | None = None) -> str:
    """8962.46 -> "8.962,46" (vi) or "8,962.46" (en); None -> ""."""
    if value is None:
        return ""
    text = format_number(value, decimals)
    if language() == "en":
        return text.translate(str.maketrans({".": ",", ",": "."}))
    return text


def money(amount: int | None) -> str:
    """350000000 -> "350.000.000 đồng"; None -> ""."""
    return f"{number(amount)} đồng" if amount is not None else ""
