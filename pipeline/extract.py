"""Stage 3: run every extractor over one report's normalised text."""
from __future__ import annotations

from extractors.budget import find_budget_lines
from extractors.header import extract_header
from extractors.indicators import find_indicators
from extractors.models import Extraction
from extractors.references import find_citations
from extractors.resolve import resolve
from extractors.sections import SectionIndex
from extractors.tables import find_tables
from extractors.text import Text


def extract(text: Text) -> Extraction:
    sections = SectionIndex(text)
    header = extract_header(text, sections)
    tables = find_tables(text)
    citations = find_citations(text, sections, tables)
    return Extraction(
        header=header,
        documents=resolve(citations),
        tables=tables,
        indicators=find_indicators(text, sections, header, tables),
        budget_lines=find_budget_lines(text, tables, sections, header),
    )
