"""Full-text search over document pages, on an embedded tantivy index.

Pure Python, no Django: the caller passes pages in as ``PageEntry`` values and the set
of matters a user may see into every search. One process (the worker) writes; web
processes read.

Example::

    with PageIndex(root, writable=True) as index:
        index.add_pages(entries)
        index.commit()

    reader = PageIndex(root)
    result = reader.search('"rear-end" AND whiplash', matter_ids={7, 9})
"""

from .exceptions import (
    FullTextError,
    IndexLockedError,
    QuerySyntaxError,
    ReadOnlyIndexError,
)
from .index import PageIndex, rebuild
from .models import Hit, PageEntry, SearchResult
from .query import CompiledQuery, QueryCompiler
from .schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "CompiledQuery",
    "FullTextError",
    "Hit",
    "IndexLockedError",
    "PageEntry",
    "PageIndex",
    "QueryCompiler",
    "QuerySyntaxError",
    "ReadOnlyIndexError",
    "SearchResult",
    "rebuild",
]
