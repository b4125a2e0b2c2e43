"""The number and symbol of an official document ("số, ký hiệu"): the one pattern, and its masks.

    3225/KH-UBND      state: number / type code - issuer           (Nghị định 30/2020/NĐ-CP)
    42/2022/NĐ-CP     state, the year inside the number
    36-NQ/TW          Party: number - type code / organ            (Hướng dẫn 36-HD/VPTW)
    820/STTTT         no type code (a Công văn)
    16/CGC.BT         segments joined by a dot
    "87 /BC-UBND", "1690/KH- STTTT"   spaces a PDF line wrap or OCR left beside a separator

Every reader of references builds on REFERENCE_NUMBER: the mentions in prose
(extractors.references), a table cell that holds a whole reference (WHOLE_REFERENCE), and the
masks that keep a reference's digits from being read as a value or a year (DOCUMENT_REFERENCE,
with the date that follows it). Not references: "15/15 xã", "Quý II/2022", "2021-2025", "4G/5G",
"IPv4/IPv6", "Covid-19", a draft's blank "Số: /BC-UBND" (the header reads that one itself).
"""
from __future__ import annotations

import regex as re

from extractors.dates import YEAR_PATTERN

# "số" as OCR reads it: the tone on the ô slips ("sổ", "sô", "sỗ"); only ever taken before a number.
NUMBER_WORD = r"(?i:s[oóòỏõọôốồổỗộơớờởỡợ])"

# One piece of a symbol: "KH", "UBND", "TTg", "CTr", "BCVT&CNTT", "QH13".
SEGMENT = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
# Segments join with a hyphen (an en dash in Word files); a space after it is a PDF line wrap ("KH-" / "STTTT").
# Some offices join them with a dot ("16/CGC.BT"): a dot right before a capital, never before a space.
SYMBOL = rf"{SEGMENT}(?:(?:[-–]\s?|\.(?=[A-ZĐ])){SEGMENT})*"

# The pattern's source, for patterns that embed it (a full mention puts its kind word before it).
REFERENCE_NUMBER_SOURCE = rf"""
    (?<![\w/.,-])
    (?P<number>\d{{1,6}})
    (?:                                                  # a PDF or OCR space may sit either side of "-" or "/"
        \s?[-–]\s?(?P<party_code>{SEGMENT})\s?/\s?(?P<party_org>{SYMBOL})   # Party: 36-NQ/TW, "57 - KL/TW"
      | \s?/\s?(?:(?P<year>{YEAR_PATTERN})\s?/\s?)?(?P<state>{SYMBOL})  # state: 3225/KH-UBND, 42/2022/NĐ-CP, "87 /BC-UBND"
    )
    (?![\w/])
"""

# A number and symbol: "3225/KH-UBND", "… và 158-KH/TU", a table cell.
REFERENCE_NUMBER = re.compile(REFERENCE_NUMBER_SOURCE, re.VERBOSE)

# Whether a text can hold a reference at all: each has a digit (of its number or year) right before
# its "-" or "/", perhaps after one space. A cheap test before the pattern runs.
REFERENCE_HINT = re.compile(r"\d\s?[-–/]")

# A cell that is one whole reference, nothing around it (a row of a document list).
WHOLE_REFERENCE = re.compile(rf"^(?:{REFERENCE_NUMBER_SOURCE})$", re.VERBOSE)

# A reference with the document's own date when it follows ("3225/KH-UBND ngày 22/12/2022"): what a
# reader of values blanks out, so that neither the number nor the date is taken for one.
DOCUMENT_REFERENCE = re.compile(
    rf"""
    (?:{REFERENCE_NUMBER_SOURCE})
    (?:\s+ngày\s+\d{{1,2}}[/.-]\d{{1,2}}[/.-]{YEAR_PATTERN})?   # its date
    """,
    re.VERBOSE,
)

# The report's own number as its heading writes it ("Số: 3225/KH-UBND", and the appendix caption
# "kèm theo Báo cáo số /BC-UBND"), for re patterns that put "Số:" or the caption before it. It reads
# more than REFERENCE_NUMBER because the heading is known to hold one: a draft leaves the number
# blank, OCR misreads a handwritten one (the field stays empty, the symbol is kept), and a unit's
# code may carry a suffix in brackets.
HEADING_REFERENCE_SOURCE = rf"""
    (?: (?P<number> \d+ [a-zA-Z]? )              # 3225, 06; blank in a draft
      | (?P<unreadable> (?=[^\s/]*\d)              # a handwritten number OCR misread: "4jl2 /CAT-PC04",
          (?: [^\s/]{{1,8}} (?=\s*/)                  # ... or with a stroke read as "/", the symbol's own
            | [^\s]{{1,8}} (?=\s+/) ) ) )?            # "/" after a space: "2/35 /SGDĐT-CTrTT"
    [\s.…_]*                                     # the blank itself: "Số:    /BC-UBND", "Số: …/BC-UBND"
    (?: (?<=\d)\s?[-–]\s? | / \s* )              # "/" before a state symbol, "-" before a Party one (36-NQ/TW, "12 - BC/TU")
    (?: (?P<year> {YEAR_PATTERN} ) / )?          # 42/2022/NĐ-CP
    (?P<symbol> [A-ZĐ] [\w&.]* (?: [-/] [\w&.]+ )* (?: \( [\w.]{{1,6}} \) )? )   # BC-UBND, NQ/TW, CAT-PC04(Đ1)
"""

# A reference typed in a search query, in any case: "3225/kh-ubnd" finds "3225/KH-UBND".
TYPED_REFERENCE = re.compile(REFERENCE_NUMBER_SOURCE, re.VERBOSE | re.IGNORECASE)
