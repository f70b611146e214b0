"""Plain values going into and coming out of the page index."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PageEntry:
    """One page of one document version, as it is indexed.

    Attributes:
        document_id: Primary key of the document.
        version_id: Primary key of the document version the page belongs to.
        page_number: 1-based page number within the version.
        matter_id: Matter the document belongs to; searches filter on it.
        title: Document title or file name, stored for display.
        text: Page text; indexed, and stored so snippets can be cut from it.
        kind: Document type (for example ``pdf`` or ``email``), for later filters.
        tags: Tags on the document, for later filters.
        dated_on: Date of the document, if known, for later filters.
    """

    document_id: int
    version_id: int
    page_number: int
    matter_id: int
    title: str
    text: str
    kind: str = ""
    tags: tuple[str, ...] = ()
    dated_on: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching page.

    Attributes:
        document_id: Primary key of the document.
        version_id: Primary key of the document version.
        page_number: 1-based page number within the version.
        matter_id: Matter the document belongs to.
        title: Document title or file name as indexed.
        score: Relevance score (higher is better); only comparable within one search.
        snippet_html: A short extract of the page with the matched words wrapped in
            ``<mark>`` tags. Everything else is HTML-escaped, so it is safe to insert
            into a page as is.
    """

    document_id: int
    version_id: int
    page_number: int
    matter_id: int
    title: str
    score: float
    snippet_html: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of search results.

    Attributes:
        hits: The requested slice of matching pages, best first.
        total: How many pages match in all, among the permitted matters.
    """

    hits: tuple[Hit, ...]
    total: int
