"""What every search backend offers, and the engine-neutral hits it returns."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from paradesk.documents.models import DocumentVersion

MAX_LIMIT = 1000
MAX_OFFSET = 10_000


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching page, named by primary keys; the caller fetches the rows.

    Attributes:
        document_id: Primary key of the document.
        version_id: Primary key of the document version the page belongs to.
        page_number: 1-based page number within the version.
        matter_id: Matter the document belongs to.
        score: Relevance (higher is better); only comparable within one search.
        snippet_html: A short extract with the matched words in ``<mark>`` tags and
            everything else HTML-escaped, safe to insert into a page as is.
    """

    document_id: int
    version_id: int
    page_number: int
    matter_id: int
    score: float
    snippet_html: str


@dataclass(frozen=True, slots=True)
class SearchHits:
    """One page of results: the requested slice, best first, and the full count."""

    hits: tuple[SearchHit, ...]
    total: int


class SearchBackend(Protocol):
    """Full-text search over the latest read version of every document.

    Both backends accept the query language of ``paradesk.engines.fulltext.query``
    and raise its ``QuerySyntaxError`` for malformed input, so callers and users see
    one behaviour whichever backend a firm runs.
    """

    name: str

    def location(self) -> str:
        """Where the searchable text lives, for messages to an administrator."""
        ...

    def index_version(self, version: DocumentVersion) -> int:
        """Make a just-read version the searchable text of its document.

        Returns:
            The number of pages of the version that are now searchable.
        """
        ...

    def reindex_all(self) -> int:
        """Bring the whole search index back in step with the database.

        Returns:
            The number of searchable pages.
        """
        ...

    def search(
        self,
        query: str,
        *,
        matter_ids: Collection[int],
        limit: int,
        offset: int,
    ) -> SearchHits:
        """Rank pages among the permitted matters only and return one slice of them.

        Args:
            query: The user's query, as typed.
            matter_ids: The matters the user may see; applied inside the search.
            limit: Most hits to return (1 to 1000).
            offset: Hits to skip, for paging (0 to 10,000).

        Returns:
            The hits, best first, and how many permitted pages match in all.

        Raises:
            QuerySyntaxError: The query is malformed.
            ValueError: ``limit`` or ``offset`` is out of range.
        """
        ...


def check_window(limit: int, offset: int) -> None:
    """Refuse a result window no backend should be asked for.

    Raises:
        ValueError: ``limit`` or ``offset`` is out of range.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ValueError(f"offset must be between 0 and {MAX_OFFSET}")
