"""Full-text search through the API: scoped to the caller's matters, audited."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from django.http import StreamingHttpResponse

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.audit import fingerprint
from paradesk.core.models import AuditEvent
from paradesk.documents.models import Document
from paradesk.documents.services import add_document
from paradesk.engines.pages.samples import text_pdf
from paradesk.firm.models import User
from paradesk.matters.models import Matter
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]
Capture = Any

RECORD = [
    ["Emergency department visit after a rear-end collision", "Cervical strain"],
    ["Lumbar MRI ordered; follow up with orthopedics in two weeks time"],
]


def ingest(
    capture: Capture, actor: User, matter: Matter, pages: list[list[str]], name: str
) -> Document:
    with capture(execute=True):
        added = add_document(
            actor=actor, matter=matter, file=text_pdf(pages), name=name
        )
    return added.document


@pytest.fixture
def record(firm: Firm, django_capture_on_commit_callbacks: Capture) -> Document:
    return ingest(
        django_capture_on_commit_callbacks,
        firm.paralegal,
        firm.matter,
        RECORD,
        "er.pdf",
    )


@pytest.fixture
def other_record(firm: Firm, django_capture_on_commit_callbacks: Capture) -> Document:
    """A page with the same word on a matter the paralegal is not on."""
    return ingest(
        django_capture_on_commit_callbacks,
        firm.outsider,
        firm.other_matter,
        [["Lumbar strain after a fall at the mall entrance near the escalator"]],
        "mall.pdf",
    )


def test_a_word_finds_its_ingested_page(
    firm: Firm, api: MakeApi, record: Document
) -> None:
    response = api(firm.paralegal).get("/search", {"q": "lumbar"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 50)
    [hit] = body["items"]
    version = record.versions.get()
    assert hit == {
        "document_id": record.pk,
        "document_title": "er",
        "matter_id": firm.matter.pk,
        "version_id": version.pk,
        "version_number": 1,
        "page": 2,
        "snippet_html": hit["snippet_html"],
    }
    assert "<mark>Lumbar</mark>" in hit["snippet_html"]
    # The hit names the exact page, which the page endpoint opens.
    page = api(firm.paralegal).get(f"/documents/{record.pk}/v1/pages/2")
    assert "Lumbar MRI" in page.json()["text"]


def test_the_search_is_audited(firm: Firm, api: MakeApi, record: Document) -> None:
    api(firm.paralegal).get("/search", {"q": "cervical", "matter": firm.matter.pk})
    event = AuditEvent.objects.filter(action="search.performed").get()
    assert event.actor_id == firm.paralegal.pk
    assert event.matter_id == firm.matter.pk
    assert event.details == {
        "query_chars": 8,
        "query_fingerprint": fingerprint("cervical"),
        "hits": 1,
        "document_ids": [record.pk],
    }
    assert "cervical" not in json.dumps(event.details)


def test_the_search_words_never_reach_the_audit_log_or_its_viewer(
    firm: Firm, api: MakeApi, record: Document
) -> None:
    api(firm.paralegal).get(
        "/search", {"q": "cervical strain", "matter": firm.matter.pk}
    )

    stored = AuditEvent.objects.filter(action="search.performed").get()
    assert "cervical" not in json.dumps(stored.details)
    admin = firm.client(firm.admin)
    export = admin.get("/audit/export.csv")
    assert isinstance(export, StreamingHttpResponse)
    rows = b"".join(cast(Iterator[bytes], export.streaming_content))
    viewer = admin.get("/audit/").content + rows
    assert b"search.performed" in viewer
    assert b"cervical" not in viewer.lower()


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ('"rear-end collision"', [1]),
        ("cervical OR orthopedics", [1, 2]),
        ("cervical AND NOT lumbar", [1]),
        ("ortho*", [2]),
    ],
)
def test_phrases_operators_and_prefixes(
    firm: Firm, api: MakeApi, record: Document, query: str, pages: list[int]
) -> None:
    items = api(firm.paralegal).get("/search", {"q": query}).json()["items"]
    assert sorted(hit["page"] for hit in items) == pages


def test_results_are_paginated(firm: Firm, api: MakeApi, record: Document) -> None:
    client = api(firm.paralegal)
    first = client.get("/search", {"q": "cervical OR lumbar", "page_size": 1}).json()
    second = client.get(
        "/search", {"q": "cervical OR lumbar", "page_size": 1, "page": 2}
    ).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (2, 1, 1)
    assert first["items"][0]["page"] != second["items"][0]["page"]


def test_each_user_finds_only_their_own_matters(
    firm: Firm, api: MakeApi, record: Document, other_record: Document
) -> None:
    mine = api(firm.paralegal).get("/search", {"q": "lumbar"}).json()["items"]
    assert [hit["document_id"] for hit in mine] == [record.pk]
    theirs = api(firm.outsider).get("/search", {"q": "lumbar"}).json()["items"]
    assert [hit["document_id"] for hit in theirs] == [other_record.pk]


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_people_off_the_team_find_nothing_of_the_matter(
    firm: Firm, api: MakeApi, record: Document, who: str
) -> None:
    response = api(getattr(firm, who)).get("/search", {"q": "cervical"})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_searching_a_hidden_matter_is_404(
    firm: Firm, api: MakeApi, record: Document, who: str
) -> None:
    response = api(getattr(firm, who)).get(
        "/search", {"q": "lumbar", "matter": firm.matter.pk}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AuditEvent.objects.filter(action="search.performed").exists()


def test_searching_a_matter_that_does_not_exist_is_the_same_404(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.paralegal).get("/search", {"q": "lumbar", "matter": 999999})
    assert response.json() == {"detail": "Not found."}


def test_a_malformed_query_is_422_saying_why(
    firm: Firm, api: MakeApi, record: Document
) -> None:
    response = api(firm.paralegal).get("/search", {"q": '"unclosed'})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"]) == ("query_syntax", ["query", "q"])
    assert "never closed" in error["msg"]


@pytest.mark.parametrize("params", [{}, {"q": "   "}, {"q": "x" * 1001}])
def test_a_missing_or_blank_query_is_422(
    firm: Firm, api: MakeApi, params: dict[str, str]
) -> None:
    response = api(firm.paralegal).get("/search", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_search_needs_a_token(firm: Firm) -> None:
    response = ApiClient(None).get("/search", {"q": "lumbar"})
    assert response.status_code == 401
