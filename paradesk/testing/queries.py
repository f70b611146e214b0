"""Counting the queries a page makes, and a firm grown to show any per-row query.

The main pages' query counts are pinned (`tests/test_query_counts.py` of each app):
each is counted on the firm as built, and again after `grow` added matters, tasks and
documents; a count that grows with the rows is an N+1.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from paradesk.documents.services import add_document
from paradesk.documents.services import tags as tag_services
from paradesk.engines.pages.samples import text_pdf
from paradesk.matters.services import open_matter
from paradesk.testing.personas import Firm
from paradesk.work import services as work

# Statements the test's own transaction adds, and the chain lock only PostgreSQL
# takes: not the page's queries.
_NOT_THE_PAGES = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def queries_of(client: Client, url: str, headers: dict[str, str] | None = None) -> int:
    """The queries one GET of `url` makes once warm (200 expected).

    Included: the session, user and second-factor reads of a signed-in page (3; a
    token's read instead for the API), and appending the read event after the response
    (4: journal mark, chain head, event, new mark).
    """
    client.get(url, headers=headers or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.status_code)
    return sum(
        1
        for query in captured.captured_queries
        if not query["sql"].startswith(_NOT_THE_PAGES)
        and "pg_advisory_xact_lock" not in query["sql"]
    )


def grow(firm: Firm, capture: Any, *, rows: int, start: int = 0) -> None:
    """Adds `rows` matters (the paralegal on each, two tasks each) and `rows` tagged
    documents to the firm's matter. `capture`: `django_capture_on_commit_callbacks`."""
    for index in range(start, start + rows):
        matter = open_matter(
            actor=firm.attorney,
            title=f"Grown matter {index}",
            client_name=f"Grown client {index}",
            jurisdiction="GA",
            responsible_attorney=firm.attorney,
            incident_on=date(2025, 1, 1),
            team=[firm.paralegal],
        ).matter
        for matter_here in (matter, firm.matter):
            work.assign_task(
                actor=firm.attorney,
                matter=matter_here,
                title=f"Grown task {index}",
                owner=firm.paralegal,
                reviewer=firm.attorney,
                due_on=date(2026, 1, 1) + timedelta(days=index),
            )
        with capture(execute=True):
            added = add_document(
                actor=firm.paralegal,
                matter=firm.matter,
                file=text_pdf([[f"Grown record {index}: lumbar radiculopathy"]]),
                name=f"grown-{index}.pdf",
            )
        tag_services.tag_document(
            actor=firm.paralegal, document=added.document, name="medical"
        )
