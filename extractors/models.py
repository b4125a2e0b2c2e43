"""Small typed records the extractors return. Nothing here touches a database.

Field names follow ../shared/SCHEMA.md so the store can write them as they are.
Every record that was read from a report carries its provenance (`Provenance`: line, page, context,
section); a mention, a value and an amount also where they are written (`Spanned`: start, end).
"""
from __future__ import annotations

from dataclasses import dataclass, field


def canonical_ref(number: str | None, symbol: str | None, year_in_number: int | None = None) -> str | None:
    """"3225/KH-UBND", "42/2022/NĐ-CP"; Party documents join with a hyphen: "36-NQ/TW"."""
    if not number or not symbol:
        return None
    if year_in_number:
        return f"{number}/{year_in_number}/{symbol}"
    sep = "-" if "/" in symbol else "/"
    return f"{number}{sep}{symbol}"


@dataclass(kw_only=True)
class Provenance:
    """Where in a report a record was read (keyword-only fields, after the record's own)."""

    line: int = 0                      # 1-based line of reports.text
    page: int | None = None
    context: str = ""                  # the sentence; in a table, the row's cells
    section: str | None = None         # SectionIndex.path_at(line)


@dataclass(kw_only=True)
class Spanned(Provenance):
    """A record whose words are found again in the report: reports.text[start:end] (the lines joined by
    "\n", end excluded) is what was read as written; None where a table cell could not be placed."""

    start: int | None = None
    end: int | None = None


@dataclass
class ReportHeader:
    """The report's own heading block: kind, "Số: …", place and date, subject, signature."""

    kind: str | None = None            # sentence case: "Báo cáo", "Kế hoạch"
    type_code: str | None = None       # "BC", "KH"
    number: str | None = None          # None for a draft "Số: /BC-UBND"
    symbol: str | None = None          # "BC-UBND"
    year_in_number: int | None = None  # 2025 for "Số: 77/2025/NQ-HĐND"
    place: str | None = None           # normalised against the gazetteer: "Đức Phổ"
    place_as_written: str | None = None
    date: str | None = None            # ISO, only when day, month and year are known
    year: int | None = None
    month: int | None = None
    issuer: str | None = None
    title: str | None = None
    signer: str | None = None
    signer_title: str | None = None    # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


@dataclass
class Citation(Spanned):
    """One mention of an official document inside a report (eyecite's "citation"); its span is
    text_as_written's."""

    text_as_written: str
    number: str | None                 # "3225", "06" (leading zero kept)
    symbol: str | None                 # "KH-UBND", "NQ/TW", "NĐ-CP" (without the year)
    year_in_number: int | None = None  # 2022 for "42/2022/NĐ-CP"
    type_code: str | None = None       # "KH", "NQ", "NĐ"
    doc_type: str | None = None        # "Kế hoạch" (from the word, else from the type code)
    date: str | None = None            # ISO
    date_text: str | None = None       # "22/12/2022" as written
    issuer: str | None = None          # as written: "UBND tỉnh"
    issuer_normalized: str | None = None
    subject: str | None = None
    source: str = "text"               # "text" or "table"
    short_form: bool = False           # "Nghị quyết số 36", an alias: points back to a full mention

    @property
    def ref(self) -> str | None:
        return canonical_ref(self.number, self.symbol, self.year_in_number)


@dataclass
class CitedDocument:
    """A document as the resolver sees it in one report: one key, all its mentions."""

    number: str
    symbol: str
    year_in_number: int | None
    type_code: str | None
    doc_type: str | None
    date: str | None
    issuer: str | None                 # normalised
    subject: str | None                # the best subject text among the mentions
    mentions: list[Citation] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return canonical_ref(self.number, self.symbol, self.year_in_number)


@dataclass
class Table:
    """A table found in a report, rows continued across page breaks already merged."""

    title: str | None
    kind: str                          # "document_list", "budget", "other"
    header: list[str]
    rows: list[list[str]]
    unit: str | None = None            # "Triệu đồng"
    total_check: str | None = None     # "ok", "mismatch" or None
    page: int | None = None
    first_line: int = 0
    last_line: int = 0
    row_lines: list[int] = field(default_factory=list)   # line of reports.text where each row starts


@dataclass
class Indicator(Spanned):
    """A figure a report states ("đạt 61,4%"); its span is value_text's."""

    value: float
    unit: str | None                   # "%", the counted noun ("hồ sơ"), or "đồng"
    value_text: str                    # "61,4%"
    subject: str | None = None
    kind: str = "actual"               # "actual" or "target"
    numerator: float | None = None
    denominator: float | None = None
    value_high: float | None = None    # upper end of a range "từ 60% - 80%"
    qualifier: str | None = None       # "trên", "khoảng", "tối thiểu", "dưới", …
    period: str | None = None          # "31/12/2023", "6 tháng đầu năm 2022"
    year: int | None = None


@dataclass
class BudgetLine(Spanned):
    """An amount of money a report plans or spends; its span is amount_text's."""

    item: str | None
    amount_text: str                   # as written: "1.389", "350 triệu đồng"
    amount_vnd: int
    year: int | None = None
    period: str | None = None          # "2021-2023"
    source_of_funds: str | None = None
    source_key: str = "không ghi"      # the source grouped: "ngân sách tỉnh", "xã hội hóa", … (budget.SOURCE_KEYS)
    lead_unit: str | None = None
    status: str = "spent"              # "spent", "planned", "total"
    qualifier: str | None = None
    table_index: int | None = None     # index into Extraction.tables, None for prose
    document_index: int | None = None  # index into Extraction.documents: the document the row or sentence names


@dataclass
class Assignment(Provenance):
    """A task a plan gives to one or more bodies: who leads, who coordinates, by when."""

    task: str                          # the task text: its first sentence
    lead_units: list[str] = field(default_factory=list)          # as written
    coordinating_units: list[str] = field(default_factory=list)  # as written
    timeframe: str | None = None       # as written: "Quý IV/2025", "Năm 2024 và các năm tiếp theo"
    deadline_year: int | None = None   # None for ongoing and conditional timeframes
    timeframe_kind: str | None = None  # "deadline", "period", "ongoing", "conditional"
    product: str | None = None         # "Sản phẩm" / "Kết quả dự kiến" where stated
    form: str = "task_block"           # "task_block", "unit_section", "inline", "table"
    source: str = "text"               # "text" or "table"


@dataclass
class Extraction:
    """Everything extracted from one report."""

    header: ReportHeader
    documents: list[CitedDocument] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        return [m for d in self.documents for m in d.mentions]
