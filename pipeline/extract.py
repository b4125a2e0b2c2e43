"""Stage 3: run every extractor over one report's normalised text."""
from __future__ import annotations

from extractors.assignments import find_assignments
from extractors.budget import find_budget_lines, link_documents
from extractors.header import extract_header
from extractors.indicators import find_indicators
from extractors.models import Citation, Extraction, ReportHeader
from extractors.references import find_citations
from extractors.resolve import resolve
from extractors.sections import SectionIndex
from extractors.tables import find_tables
from extractors.text import Text


def extract(text: Text) -> Extraction:
    sections = SectionIndex(text)
    header = extract_header(text, sections)
    tables = find_tables(text)
    citations = [c for c in find_citations(text, sections, tables) if not cites_itself(c, header)]
    documents = resolve(citations)
    budget_lines = find_budget_lines(text, tables, sections, header)
    link_documents(budget_lines, documents)
    return Extraction(
        header=header,
        documents=documents,
        tables=tables,
        indicators=find_indicators(text, sections, header),
        budget_lines=budget_lines,
        assignments=find_assignments(text, sections, tables, header.kind),
    )


def cites_itself(citation: Citation, header: ReportHeader) -> bool:
    """A report quoting its own number (an appendix caption "kèm theo Báo cáo số 45/BC-UBND") cites nothing."""
    return bool(header.number) and (citation.number, citation.symbol) == (header.number, header.symbol)
