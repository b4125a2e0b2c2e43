"""Group a report's mentions into the documents they cite (eyecite's resolver).

A document is a number and symbol (with the year in the number, if any) issued
on one date. So

- mentions with the same number, symbol and date are one document;
- the same number and symbol with two dates are two documents: the sources
  list two plans 2339/KH-UBND, of 03/10/2022 and of 13/10/2022;
- a mention without a date joins the dated document with the same number and
  symbol when there is exactly one; otherwise it stays a document of its own.

Short forms ("Nghị quyết số 36") already carry the number, symbol and date of
the mention they point back to (extractors.references), so they group like any
other mention. Every mention is kept: repeated mentions count separately.
"""
from __future__ import annotations

from collections import Counter

from .issuers import best_issuer
from .models import Citation, CitedDocument


def _key(c: Citation) -> tuple[str, str, int | None]:
    """Number and symbol as a key: "CTr/TU" and "CTR/TU" are the same symbol."""
    return c.number, c.symbol.upper(), c.year_in_number


def _most_common(values) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def _sentence_case(subject: str) -> str:
    """A subject read from prose starts lower case ("triển khai …"); as a document's subject it is capitalised."""
    return subject[:1].upper() + subject[1:]


def best_subject(subjects) -> str | None:
    """The subject a document keeps among those written at its mentions: the longest (the most
    complete), capitalised; between two of one length the first in sorting order, so the choice
    does not depend on the order they were read in."""
    written = {_sentence_case(s) for s in subjects if s}
    return min(written, key=lambda s: (-len(s), s)) if written else None


def _document(mentions: list[Citation], date: str | None) -> CitedDocument:
    full = [m for m in mentions if not m.short_form] or mentions
    first = full[0]
    issuers = [m.issuer_normalized for m in full if m.issuer_normalized]
    subjects = [m.subject for m in full if m.subject]
    return CitedDocument(
        number=first.number,
        symbol=first.symbol,
        year_in_number=first.year_in_number,
        type_code=_most_common(m.type_code for m in full),
        doc_type=_most_common(m.doc_type for m in full),
        date=date,
        issuer=best_issuer(issuers),        # the form most mentions agree with, the most complete
        subject=best_subject(subjects),
        mentions=list(mentions),
    )


def joined_date(date: str | None, known_dates: list[str]) -> str | None:
    """The date a mention is filed under: its own; without one, the one date its number and
    symbol are known with (with two or more it cannot tell, and stays undated). The one home of
    the rule: the store applies it across reports (pipeline.store.writer)."""
    if date is not None:
        return date
    return known_dates[0] if len(known_dates) == 1 else None


def resolve(citations: list[Citation]) -> list[CitedDocument]:
    """The documents cited, in order of first mention; mentions without a number and symbol are left out."""
    dates_by_key: dict[tuple, list[str]] = {}
    for c in citations:
        if c.number and c.symbol and c.date:
            dates = dates_by_key.setdefault(_key(c), [])
            if c.date not in dates:
                dates.append(c.date)

    groups: dict[tuple, list[Citation]] = {}
    for c in citations:
        if not (c.number and c.symbol):
            continue
        key = _key(c)
        date = joined_date(c.date, dates_by_key.get(key, []))
        groups.setdefault((key, date), []).append(c)
    return [_document(mentions, date) for (_, date), mentions in groups.items()]
