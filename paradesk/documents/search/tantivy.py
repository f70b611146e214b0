"""The default backend: an embedded tantivy index under PARADESK_HOME.

Only background jobs (the worker) and `paradesk search reindex` write the index; web
processes only read it. A writer holds the index lock just for the length of one job.
The index can always be rebuilt from the database, so a failed indexing step loses
nothing: the pages are already stored.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Subquery

from paradesk.documents.models import DocumentVersion, IngestState, Page
from paradesk.documents.search.base import SearchHit, SearchHits, check_window
from paradesk.engines.fulltext import IndexLockedError, PageEntry, PageIndex

# Another job may be committing; its lock is short, so waiting a little beats failing.
_LOCK_WAIT_SECONDS = 30.0
# Rows fetched at a time while indexing: Django's default (2,000) would hold a whole
# production's text in the worker at once.
_PAGES_PER_FETCH = 100


def index_root() -> Path:
    """Where the index lives: under PARADESK_HOME unless PARADESK_SEARCH_INDEX says."""
    configured = getattr(settings, "PARADESK_SEARCH_INDEX", "")
    return Path(configured) if configured else Path(settings.PARADESK_HOME) / "index"


def _writer() -> PageIndex:
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    while True:
        try:
            return PageIndex(index_root(), writable=True)
        except IndexLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _entries(versions: list[DocumentVersion]) -> Iterator[PageEntry]:
    for version in versions:
        document = version.document
        pages = Page.objects.filter(version=version).order_by("number")
        for page in pages.iterator(chunk_size=_PAGES_PER_FETCH):
            if page.error:
                continue
            yield PageEntry(
                document_id=document.pk,
                version_id=version.pk,
                page_number=page.number,
                matter_id=document.matter_id,
                title=document.title,
                text=page.text,
                kind=version.content_type,
            )


def _latest_read_versions() -> list[DocumentVersion]:
    newest = (
        DocumentVersion.objects.filter(
            document=OuterRef("document"), ingest__state=IngestState.DONE
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    return list(
        DocumentVersion.objects.filter(ingest__state=IngestState.DONE)
        .filter(pk=Subquery(newest))
        .select_related("document")
        .order_by("pk")
    )


class TantivyBackend:
    """Pages in a tantivy index written by the worker and read by web processes."""

    name = "tantivy"

    def location(self) -> str:
        return str(index_root())

    def index_version(self, version: DocumentVersion) -> int:
        # Earlier versions' pages leave the index: search finds what a document says
        # now, while citations keep naming the exact version they quote.
        with _writer() as index:
            if index.created_fresh:
                # A new schema version (or a lost index): the whole index comes back
                # from the database, this version included.
                index.rebuild(_entries(_latest_read_versions()))
                return Page.objects.filter(version=version, error="").count()
            index.delete_document(version.document_id)
            added = index.add_pages(_entries([version]))
            index.commit()
        return added

    def reindex_all(self) -> int:
        # Built beside the live index and swapped in, so searches keep working.
        with _writer() as index:
            return index.rebuild(_entries(_latest_read_versions()))

    def search(
        self,
        query: str,
        *,
        matter_ids: Collection[int],
        limit: int,
        offset: int,
    ) -> SearchHits:
        check_window(limit, offset)
        result = PageIndex(index_root()).search(
            query, matter_ids=matter_ids, limit=limit, offset=offset
        )
        return SearchHits(
            hits=tuple(
                SearchHit(
                    document_id=hit.document_id,
                    version_id=hit.version_id,
                    page_number=hit.page_number,
                    matter_id=hit.matter_id,
                    score=hit.score,
                    snippet_html=hit.snippet_html,
                )
                for hit in result.hits
            ),
            total=result.total,
        )
