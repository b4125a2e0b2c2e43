"""Budget lines: money items read from budget tables and from prose.

Tables (kind "budget", see extractors.tables): one line per row that carries an
amount. Item rows are `spent` or `planned`; total and subtotal rows ("Tổng
cộng: 15.030", "Từ năm 2021-2022 6.992,46") are kept with status `total`.
Group rows ("Năm 2014", "II | Dự kiến các Dự án …") give their year, period or
"planned" to the rows under them; rows without an amount ("(VNPT tài trợ)")
give nothing. Amounts are in the table's unit ("Đơn vị tính: Triệu đồng")
unless the cell names its own ("1,5 tỷ đồng"); "92,460" is 92.46 triệu.

Prose: every amount written with a money unit ("350 triệu đồng", "1,5 tỷ
đồng"), read over hard-wrapped lines re-joined into paragraphs. A bare "…
đồng" amount is budget only when its clause speaks of kinh phí / vốn / ngân
sách; payments collected ("tổng số tiền 49.634.181.598 đồng") are indicators.
A stated total (clause opening "Tổng kinh phí …", or followed by "trong đó")
has status `total`. Year: "năm 2021: 6.100 triệu đồng" or the nearest "năm
YYYY" before the amount in its clause, a range "từ năm 2021 đến 2023" gives a
period, else a "năm YYYY" after it ("từ nguồn … năm 2023"), else the year of
the heading it sits under.

Status `planned` where an indicator in the same place would be a target (one rule,
extractors.lang.stance): "dự kiến" / "dự trù" / "đề xuất" / "phấn đấu" … in the row, group,
caption or clause, else a section title of goals (Mục tiêu, Định hướng, Kiến nghị …), else a
document that states goals (Kế hoạch, Chương trình, Đề án …); or a year after the report's.
"""
from __future__ import annotations

import re

from extractors.dates import SPELLED_DATE, YEAR_PATTERN
from extractors.lang.money import find_money, is_budget_amount, money_value
from extractors.lang.periods import NAMED_YEAR, TIME_TAIL, YEAR_RANGE, range_period, year_or_period
from extractors.lang.stance import stance
from extractors.models import BudgetLine, CitedDocument, ReportHeader, Table
from extractors.numbers import PARTS_OPENER, QUALIFIER_BEFORE, normalize_qualifier
from extractors.sentences import clause_bounds, sentence_at
from extractors.tables.columns import Columns, column_text, row_amount, row_kind
from extractors.text import Paragraph, Text, fold


# The clause opens with a total: "Tổng kinh phí …", "- Tổng cộng …".
OPENS_WITH_TOTAL = re.compile(r"^[\s\-+•*]*(?:tổng\s+(?:kinh\s+phí|cộng|số|vốn|mức)|tổng\b)", re.IGNORECASE)
# A breakdown follows the amount: "8.962,46 triệu đồng; trong đó: …".
BREAKDOWN_FOLLOWS = re.compile(rf"^\s*[;,:(]?\s*{PARTS_OPENER}\b", re.IGNORECASE)
# Source of funds after the amount: "từ nguồn kinh phí ngân sách tỉnh năm 2023".
SOURCE_PHRASE = re.compile(
    r"""\b(?:từ|bằng|thuộc|do)\s+
        (?P<source>(?:nguồn|ngân\s+sách|vốn)\b[^,;.()]*?)
        \s*(?=[,;.()]|$)""",
    re.VERBOSE | re.IGNORECASE,
)
# "(Đơn vị thực hiện: Văn phòng thị xã)" inside a cell.
LEAD_IN_CELL = re.compile(r"Đơn\s+vị\s+(?:thực\s+hiện|chủ\s+trì)\s*:\s*(?P<lead>[^()]+?)\s*\)?$", re.IGNORECASE)
# Words trimmed from the end of an item taken from prose: "… với tổng kinh phí trên", "… là:".
ITEM_TAIL = re.compile(
    r"""(?:\s*(?: [,:]
            | \bvới\s+(?:tổng\s+)?(?:số\s+)?(?:kinh\s+phí|số\s+tiền|vốn)   # "với tổng kinh phí"
            | \b(?:là|khoảng|trên|gần|hơn|dưới|ước\s+tính|ước|xấp\s+xỉ)     # connective, qualifier
        ))*\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
# Words trimmed from the start: a bullet, "trong đó:", a label "Về kinh phí trong năm 2023:".
ITEM_HEAD = re.compile(r"^[\s\-+•*]*(?:trong\s+đó\s*:?\s*)?(?:Về\s+[^:]{0,40}:\s*)?", re.IGNORECASE)
# A heading line: "III. ĐỊNH HƯỚNG …", "2. Kinh phí …".
HEADING = re.compile(r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\.\s+\S")


# ---------------------------------------------------------------- sources of funds

# The sources a budget line's source of funds is grouped under, looked for in its folded text. The
# source named first wins ("ngân sách thị xã và ngân sách tỉnh hỗ trợ" is the town's own budget);
# at the same place the key listed first ("xã hội hóa" is not "xã", "thị xã" starts before its "xã").
SOURCE_KEYS = [
    ("xã hội hóa", re.compile(r"\bxa hoi hoa\b|\bhuy dong\b|\bnhan dan dong gop\b|\bcong dong dong gop\b")),
    ("ODA", re.compile(r"\boda\b|\bvon vay\b|\bvien tro\b|\bnuoc ngoai\b")),
    ("doanh nghiệp tài trợ", re.compile(r"\bdoanh nghiep\b|\btai tro\b|\bnha mang\b|\bvnpt\b|\bviettel\b")),
    ("ngân sách trung ương", re.compile(r"\btrung uong\b|\bnstw\b|\bmuc tieu quoc gia\b|\bchinh phu\b")),
    ("ngân sách tỉnh", re.compile(r"\btinh\b|\bnst\b")),
    ("ngân sách huyện, thị xã", re.compile(r"\bhuyen\b|\bthi xa\b|\bthanh pho\b|\bnsh\b")),
    ("ngân sách xã", re.compile(r"\bxa\b|\bphuong\b|\bthi tran\b")),
]
NO_SOURCE = "không ghi"
OTHER_SOURCE = "khác"      # a source named, but none of the above ("nguồn sự nghiệp", "chi thường xuyên")

# "Nguồn kinh phí: Ngân sách thị xã …", "- Nguồn vốn thực hiện: …": a source stated for the lines around it.
SOURCE_STATEMENT = re.compile(
    r"""^[\s\-+•*]*(?:\d+(?:\.\d+)*\.?\s*|[a-zđ]\)\s*)?              # a bullet or item number
        nguồn\s+(?:kinh\s+phí|vốn|ngân\s+sách)(?:\s+thực\s+hiện)?\s*:\s*
        (?P<source>[^.;]+)""",
    re.VERBOSE | re.IGNORECASE,
)
# Where a stated source's name ends: "Ngân sách thị xã | năm 2024 đã bố trí tại Quyết định số …".
SOURCE_END = re.compile(rf"\s+(?:đã|được|tại|theo|năm\s+{YEAR_PATTERN}|giai\s+đoạn)\b.*$", re.IGNORECASE | re.DOTALL)
# Documents whose own budget lines are the money they set out (a plan's page shows its money).
FUNDING_DOCUMENTS = {"kế hoạch", "quyết định", "chương trình", "đề án", "phương án", "dự án", "nghị quyết"}


def source_key(source_of_funds: str | None) -> str:
    """The group a source of funds belongs to: "Nguồn vốn ngân sách tỉnh" -> "ngân sách tỉnh"."""
    if not source_of_funds or not source_of_funds.strip():
        return NO_SOURCE
    folded = fold(source_of_funds).lower()
    named = [(m.start(), order, key) for order, (key, pattern) in enumerate(SOURCE_KEYS)
             if (m := pattern.search(folded))]
    return min(named)[2] if named else OTHER_SOURCE


def find_budget_lines(text: Text, tables: list[Table], sections=None,
                      header: ReportHeader | None = None) -> list[BudgetLine]:
    context = _ReportContext(text, sections, header)
    lines: list[BudgetLine] = []
    for index, table in enumerate(tables):
        if table.kind == "budget":
            lines += _table_lines(table, index, context)
    lines += _prose_lines(text, tables, context)
    _fill_stated_sources(lines, text)
    for line in lines:
        line.source_key = source_key(line.source_of_funds)
    return lines


def _fill_stated_sources(lines: list[BudgetLine], text: Text) -> None:
    """A line that names no source takes the one the report states ("Nguồn kinh phí: Ngân sách thị xã"):
    the last statement above it, else the only one the report makes. Totals stay without one."""
    statements = [(p.first_line.number, SOURCE_END.sub("", m["source"]).strip(" ,")) for p in text.paragraphs()
                  if "guồn" in p.text and (m := SOURCE_STATEMENT.match(p.text))]
    if not statements:
        return
    for line in lines:
        if line.source_of_funds or line.status == "total":
            continue
        above = [source for number, source in statements if number <= line.line]
        if above:
            line.source_of_funds = above[-1]
        elif len({source for _, source in statements}) == 1:
            line.source_of_funds = statements[0][1]


class _ReportContext:
    """What every budget line needs to know about its report: its year, kind, sections."""

    def __init__(self, text: Text, sections, header: ReportHeader | None):
        self.text = text
        self.sections = sections
        self.header = header
        self.year = (header.year if header and header.year else None) or _year_in_date_lines(text)
        self._headings = [(p.first_line.number, p.text) for p in text.paragraphs() if HEADING.match(p.text)]

    def section(self, line: int) -> str | None:
        return self.sections.path_at(line) if self.sections else None

    def heading_year(self, line: int) -> int | None:
        """The year named in the heading a line sits under ("… TRONG NĂM 2024 VÀ KINH PHÍ ĐỀ XUẤT")."""
        candidates = [self.section(line) or ""]
        candidates += [t for n, t in reversed(self._headings) if n <= line and HEADING.match(t)
                       and re.match(r"[IVXLC]+\.", t)][:1]
        for candidate in candidates:
            years = {int(m["year"]) for m in NAMED_YEAR.finditer(candidate)}
            if len(years) == 1:
                return years.pop()
        return None

    def planned(self, line: int, year: int | None, clause: str, heading: str | None = None) -> bool:
        """Planned, not spent: what its clause (a row: its timing and note) says, else the titles above it
        (a table row's group row or caption is the innermost), else the kind of report, by the rule
        indicators follow (extractors.lang.stance); or its year is after the report's."""
        titles = list(self.sections.titles_at(line)) if self.sections else []
        titles += [heading] if heading else []
        if stance(clause, titles, self.header) == "target":
            return True
        return bool(year and self.year and year > self.year)


def _year_in_date_lines(text: Text) -> int | None:
    """The report's year from its first spelled date ("ngày … tháng … năm 2023"), when the header gave none."""
    for line in text.lines:
        m = SPELLED_DATE.search(line.text)
        if m:
            return int(m["year"])
    return None


# ---------------------------------------------------------------- tables


def _strip_parentheses(s: str) -> str:
    """"(Nguồn vốn ngân sách thị xã)" -> "Nguồn vốn ngân sách thị xã"; inner parentheses stay."""
    s = s.strip().rstrip(".")
    if s.startswith("(") and s.endswith(")") and s.count("(") == s.count(")"):
        s = s[1:-1].strip()
    return s


def _source_and_lead(row: list[str], columns: Columns) -> tuple[str | None, str | None]:
    source = column_text(row, columns.source)
    note = column_text(row, columns.note)
    lead = column_text(row, columns.lead) or None
    if not source and note and re.match(r"^\(?\s*(?:nguồn|ngôn|ngân\s+sách|vốn|ch[iỉ]\s+thường)", note, re.IGNORECASE):
        source = note
    if source:
        m = LEAD_IN_CELL.search(source)
        if m and source.lower().lstrip("(").startswith("đơn vị"):
            return None, lead or m["lead"].strip()
    if not lead:
        m = LEAD_IN_CELL.search(column_text(row, columns.money))
        lead = m["lead"].strip() if m else None
    return (_strip_parentheses(source) or None) if source else None, lead


def _table_lines(table: Table, index: int, context: _ReportContext) -> list[BudgetLine]:
    columns = Columns.of(table)
    caption_year, caption_period = year_or_period(table.title)
    group_year, group_period, group_label = None, None, ""
    out: list[BudgetLine] = []
    row_ends = [next_line - 1 for next_line in table.row_lines[1:]] + [table.last_line]
    for row, line, row_end in zip(table.rows, table.row_lines, row_ends):
        kind = row_kind(row, columns)
        label = column_text(row, columns.item) or next((c for c in row if c.strip()), "")
        if kind in ("group", "subtotal"):
            group_label = label
            group_year, group_period = year_or_period(label) if YEAR_RANGE.search(label) or NAMED_YEAR.search(label) \
                else (None, None)
            if kind == "group":
                continue
        money = row_amount(table, row, columns)
        if money is None:
            continue
        if kind in ("total", "subtotal"):
            year, period = (group_year, group_period) if kind == "subtotal" and (group_year or group_period) \
                else (caption_year, caption_period)
            status = "total"
        else:
            year, period = year_or_period(column_text(row, columns.timing))
            if year is None and period is None:
                year, period = (group_year, group_period) if (group_year or group_period) else (caption_year, caption_period)
            timing_text = " ".join([column_text(row, columns.timing), column_text(row, columns.note)])
            # the row's own heading: its group row ("II | Dự kiến …"), which outranks the caption
            status = "planned" if context.planned(line, year, timing_text, group_label or table.title) else "spent"
        source, lead = _source_and_lead(row, columns)
        out.append(BudgetLine(
            item=label or None,
            amount_text=money.text,
            amount_vnd=money.vnd,
            year=year,
            period=period,
            source_of_funds=source if status != "total" else None,
            lead_unit=lead if status != "total" else None,
            status=status,
            table_index=index,
            line=line,
            page=context.text.line(line).page,
            context=" | ".join(c for c in row),
            section=context.section(line),
            **_span_in_row(context.text, line, row_end, money.text),
        ))
    return out


def _span_in_row(text: Text, first_line: int, last_line: int, written: str) -> dict[str, int]:
    """start and end of an amount as written in reports.text, in the first of its row's lines that holds
    it (a row continued over several lines, a flattened table's row); {} when none does."""
    for number in range(first_line, max(first_line, last_line) + 1):
        at = text.line(number).text.find(written)
        if at >= 0:
            return {"start": text.line_start(number) + at, "end": text.line_start(number) + at + len(written)}
    return {}


def link_documents(lines: list[BudgetLine], documents: list[CitedDocument]) -> None:
    """Set each line's document_index to the document its row or sentence names, if any.

    "Kinh phí thực hiện Kế hoạch số 3225/KH-UBND … là 350 triệu đồng" funds that plan; when the row or
    sentence names several, the first named.
    """
    for line in lines:
        named = [(line.context.find(m.text_as_written), i) for i, doc in enumerate(documents) for m in doc.mentions
                 if m.line == line.line and m.text_as_written in line.context]
        if named:
            line.document_index = min(named)[1]


def funds_itself(header: ReportHeader | None) -> bool:
    """Whether a report's budget lines that name no document are the report's own money (a plan, a decision)."""
    return bool(header and header.kind and header.kind.lower() in FUNDING_DOCUMENTS)


# ---------------------------------------------------------------- prose


def _prose_lines(text: Text, tables: list[Table], context: _ReportContext) -> list[BudgetLine]:
    inside_table = [(t.first_line, t.last_line) for t in tables]
    out: list[BudgetLine] = []
    for paragraph in text.paragraphs():
        first = paragraph.first_line
        if first.is_table_row or any(a <= first.number <= b for a, b in inside_table):
            continue
        out += _paragraph_lines(paragraph, context)
    return out




def _paragraph_lines(paragraph: Paragraph, context: _ReportContext) -> list[BudgetLine]:
    s = paragraph.text
    amounts = [m for m in find_money(s) if is_budget_amount(s, m)]
    out: list[BudgetLine] = []
    parent_item = None             # the purpose of the last total, for "trong đó: năm 2021: 6.100 triệu đồng"
    for i, m in enumerate(amounts):
        clause_start, clause_end = clause_bounds(s, m.start(), m.end())
        clause = s[clause_start:clause_end]
        previous_end = amounts[i - 1].end() if i and amounts[i - 1].end() > clause_start else clause_start
        next_start = amounts[i + 1].start() if i + 1 < len(amounts) and amounts[i + 1].start() < clause_end else clause_end
        before, after = s[previous_end:m.start()], s[m.end():next_start]
        year, period = _prose_year(before, after)
        line = paragraph.line_at(m.start()).number
        if year is None and period is None:
            year = context.heading_year(line)
        is_total = bool(OPENS_WITH_TOTAL.match(clause) and previous_end == clause_start) \
            or bool(BREAKDOWN_FOLLOWS.match(s[m.end():]))
        if is_total:
            status = "total"
        else:
            status = "planned" if context.planned(line, year, clause) else "spent"
        qualifier = QUALIFIER_BEFORE.search(before)
        source = SOURCE_PHRASE.search(after)
        item = _prose_item(before, parent_item)
        if is_total:
            parent_item = item
        out.append(BudgetLine(
            item=item,
            amount_text=m.group(0),
            amount_vnd=money_value(m),
            year=year,
            period=period,
            source_of_funds=source["source"].strip() if source else None,
            status=status,
            qualifier=normalize_qualifier(qualifier["qualifier"]) if qualifier else None,
            line=line,
            page=paragraph.line_at(m.start()).page,
            context=sentence_at(s, m.start()),
            section=context.section(line),
            start=context.text.position(paragraph, m.start()),
            end=context.text.position(paragraph, m.end()),
        ))
    return out


def _prose_year(before: str, after: str) -> tuple[int | None, str | None]:
    if period := range_period(YEAR_RANGE.search(before)):
        return period
    named = list(NAMED_YEAR.finditer(before))
    if named:
        return int(named[-1]["year"]), None
    later = NAMED_YEAR.search(after)
    return (int(later["year"]), None) if later else (None, None)


def _prose_item(before: str, parent_item: str | None) -> str | None:
    """The purpose named before the amount, without the connecting words ("… với tổng kinh phí trên").

    A breakdown entry ("năm 2021: 6.100 triệu đồng") names only its year: the purpose is the
    total's ("Tổng kinh phí chi cho công tác chuyển đổi số") with that year.
    """
    item = ITEM_TAIL.sub("", ITEM_HEAD.sub("", before)).strip(" ,:;-")
    if parent_item and (not item or NAMED_YEAR.fullmatch(item)):
        item = " ".join(p for p in (TIME_TAIL.sub("", parent_item), item) if p)
    return item or None
