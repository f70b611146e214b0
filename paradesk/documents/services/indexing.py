"""Keeping full-text search in step with the pages in the database.

The work is done by the backend PARADESK_SEARCH_BACKEND chooses
(`paradesk.documents.search`): with tantivy, only background jobs (the worker) and
`paradesk search reindex` write the index, and it can always be rebuilt from the
database, so a failed indexing step loses nothing; with PostgreSQL the pages are
searchable as soon as they are stored and these calls only count them.
"""

from __future__ import annotations

from paradesk.documents.models import DocumentVersion
from paradesk.documents.search import get_backend
from paradesk.documents.search.tantivy import index_root

__all__ = ["index_root", "index_version", "reindex_all"]


def index_version(version: DocumentVersion) -> int:
    """Makes a just-read version the searchable text of its document.

    Earlier versions' pages stop being found: search finds what a document says now,
    while citations keep naming the exact version they quote.

    Returns:
        The number of pages searchable for this version.

    Raises:
        FullTextError: the tantivy index could not be written.
        ImproperlyConfigured: the search backend setting is wrong.
    """
    return get_backend().index_version(version)


def reindex_all() -> int:
    """Rebuilds search from the database (tantivy: beside the live index, then swaps).

    Returns:
        The number of searchable pages.

    Raises:
        FullTextError: the tantivy index could not be rebuilt.
        ImproperlyConfigured: the search backend setting is wrong.
    """
    return get_backend().reindex_all()
