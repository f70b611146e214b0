"""Full-text search over ingested pages, scoped to the user's matters, audited."""

from __future__ import annotations

from typing import Any

import pytest

from paradesk.core.models import AuditEvent
from paradesk.documents.models import Document
from paradesk.documents.selectors import search_pages
from paradesk.documents.services import add_document
from paradesk.documents.services.indexing import reindex_all
from paradesk.engines.fulltext import QuerySyntaxError
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.personas import Firm

RECORD = [
    ["Emergency department visit after a rear-end collision", "Cervical strain"],
    ["Lumbar MRI ordered; follow up with orthopedics in two weeks time"],
]


@pytest.fixture
def record(firm: Firm, django_capture_on_commit_callbacks: Any) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        added = add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=text_pdf(RECORD),
            name="er.pdf",
        )
    return added.document


def test_a_word_finds_its_page_with_a_highlight(firm: Firm, record: Document) -> None:
    found = search_pages(firm.paralegal, "lumbar")
    assert [(h.document, h.page_number) for h in found.hits] == [(record, 2)]
    assert "<mark>Lumbar</mark>" in found.hits[0].snippet_html


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ('"rear-end collision"', [1]),
        ("cervical OR orthopedics", [1, 2]),
        ("cervical AND NOT lumbar", [1]),
        ("ortho*", [2]),
    ],
)
def test_query_language(
    firm: Firm, record: Document, query: str, pages: list[int]
) -> None:
    found = search_pages(firm.paralegal, query)
    assert sorted(h.page_number for h in found.hits) == pages


@pytest.mark.parametrize("who", ["outsider", "walled", "admin"])
def test_people_off_the_team_find_nothing(
    firm: Firm, record: Document, who: str
) -> None:
    assert search_pages(getattr(firm, who), "lumbar").hits == []


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_searching_a_hidden_matter_is_404(
    firm: Firm, record: Document, who: str
) -> None:
    response = firm.client(getattr(firm, who)).get(
        f"/search/?q=lumbar&matter={firm.matter.pk}"
    )
    assert response.status_code == 404


def test_the_search_page_shows_hits_and_is_audited(
    firm: Firm, record: Document
) -> None:
    response = firm.client(firm.paralegal).get("/search/?q=cervical")
    assert response.status_code == 200
    assert b"<mark>Cervical</mark>" in response.content
    assert f"/documents/{record.pk}/v1/page/1/?q=cervical".encode() in response.content
    event = AuditEvent.objects.get(action="search.performed")
    assert event.details["hits"] == 1
    assert event.details["document_ids"] == [record.pk]


def test_a_malformed_query_is_a_clear_400(firm: Firm, record: Document) -> None:
    response = firm.client(firm.paralegal).get('/search/?q="unclosed')
    assert response.status_code == 400
    assert b"flash-error" in response.content
    with pytest.raises(QuerySyntaxError):
        search_pages(firm.paralegal, '"unclosed')


def test_search_before_anything_is_indexed_finds_nothing(firm: Firm) -> None:
    assert search_pages(firm.paralegal, "anything").hits == []


def test_reindex_rebuilds_the_same_results(firm: Firm, record: Document) -> None:
    assert reindex_all() == 2
    assert [h.page_number for h in search_pages(firm.paralegal, "lumbar").hits] == [2]


def test_the_reindex_command_reports_the_pages(firm: Firm, record: Document) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("search", "reindex", stdout=out)
    assert out.getvalue().startswith("search index rebuilt: 2 pages")
