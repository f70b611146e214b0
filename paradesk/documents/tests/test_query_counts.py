"""The document list, document page, page viewer and search make a fixed number of
queries, however many documents and tags the matter holds."""

from __future__ import annotations

from typing import Any

import pytest

from paradesk.documents.models import Document
from paradesk.testing.personas import Firm
from paradesk.testing.queries import grow, queries_of

PINNED = {
    "document list": 12,
    "document page": 14,
    "page viewer": 10,
    "search": 11,
}


def _urls(firm: Firm) -> dict[str, str]:
    document = Document.objects.filter(matter=firm.matter).order_by("pk").first()
    assert document is not None
    return {
        "document list": f"/matters/{firm.matter.pk}/documents/",
        "document page": f"/documents/{document.pk}/",
        "page viewer": f"/documents/{document.pk}/v1/page/1/",
        "search": "/search/?q=radiculopathy",
    }


@pytest.mark.parametrize("page", list(PINNED))
def test_the_page_costs_the_same_for_many_documents(
    firm: Firm, django_capture_on_commit_callbacks: Any, page: str
) -> None:
    client = firm.client(firm.paralegal)
    grow(firm, django_capture_on_commit_callbacks, rows=1)
    url = _urls(firm)[page]
    few = queries_of(client, url)
    grow(firm, django_capture_on_commit_callbacks, rows=3, start=1)

    assert (few, queries_of(client, url)) == (PINNED[page], PINNED[page])


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_on_the_document_list(
    firm: Firm, who: str
) -> None:
    url = f"/matters/{firm.matter.pk}/documents/"

    assert firm.client(getattr(firm, who)).get(url).status_code == 404
