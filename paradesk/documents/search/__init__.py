"""Full-text search over pages, behind one interface with two backends.

``tantivy`` (the default) keeps an embedded index under PARADESK_HOME, written by the
worker; ``postgres`` searches the pages where PostgreSQL stores them, for installs
whose machines share no disk. ``PARADESK_SEARCH_BACKEND`` chooses; both take the same
query language, apply the user's matters inside the search, and return the same
engine-neutral hits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from paradesk.documents.search.base import SearchBackend, SearchHit, SearchHits
from paradesk.documents.search.postgres import PostgresBackend
from paradesk.documents.search.tantivy import TantivyBackend

BACKENDS = ("tantivy", "postgres")

__all__ = [
    "BACKENDS",
    "SearchBackend",
    "SearchHit",
    "SearchHits",
    "backend_name",
    "get_backend",
]


def backend_name() -> str:
    """The configured backend's name, from PARADESK_SEARCH_BACKEND (default tantivy).

    Raises:
        ImproperlyConfigured: the setting names no known backend, or names
            ``postgres`` while the database is not PostgreSQL.
    """
    name = str(getattr(settings, "PARADESK_SEARCH_BACKEND", "tantivy")).strip()
    name = name.lower() or "tantivy"
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            "PARADESK_SEARCH_BACKEND must be one of: " + ", ".join(BACKENDS) + "."
        )
    if name == "postgres" and connection.vendor != "postgresql":
        raise ImproperlyConfigured(
            "PARADESK_SEARCH_BACKEND=postgres searches the pages inside PostgreSQL: "
            "set DATABASE_URL to a postgres:// database, or use the default "
            "tantivy backend."
        )
    return name


def get_backend() -> SearchBackend:
    """The search backend chosen by PARADESK_SEARCH_BACKEND, read at call time.

    Raises:
        ImproperlyConfigured: the setting is unknown or does not fit the database.
    """
    if backend_name() == "postgres":
        return PostgresBackend()
    return TantivyBackend()
