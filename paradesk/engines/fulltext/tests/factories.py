"""Builders of synthetic pages for the full-text tests (no real client data)."""

from __future__ import annotations

import itertools

from paradesk.engines.fulltext import PageEntry

_ids = itertools.count(1)


def page(
    text: str,
    *,
    matter_id: int = 1,
    document_id: int | None = None,
    version_id: int | None = None,
    page_number: int = 1,
    title: str = "records.pdf",
) -> PageEntry:
    """Return a page; document and version ids are fresh unless given."""
    document_id = next(_ids) if document_id is None else document_id
    return PageEntry(
        document_id=document_id,
        version_id=document_id if version_id is None else version_id,
        page_number=page_number,
        matter_id=matter_id,
        title=title,
        text=text,
    )
