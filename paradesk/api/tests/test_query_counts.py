"""The API lists make a fixed number of queries, however many rows they return."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from paradesk.firm.tokens import issue_api_token
from paradesk.testing.personas import Firm
from paradesk.testing.queries import grow, queries_of

PINNED = {
    "/matters": 7,
    "/tasks": 7,
    "/matters/{matter}/documents": 9,
    "/search?q=radiculopathy": 8,
    "/audit": 8,
}


@pytest.mark.parametrize("path", list(PINNED))
def test_the_list_costs_the_same_for_many_rows(
    firm: Firm, django_capture_on_commit_callbacks: Any, path: str
) -> None:
    who = firm.admin if path == "/audit" else firm.paralegal
    token = issue_api_token(actor=who, name="counting").secret
    headers = {"Authorization": f"Bearer {token}"}
    url = "/api/v1" + path.format(matter=firm.matter.pk)
    grow(firm, django_capture_on_commit_callbacks, rows=1)
    few = queries_of(Client(), url, headers)
    grow(firm, django_capture_on_commit_callbacks, rows=3, start=1)

    assert (few, queries_of(Client(), url, headers)) == (PINNED[path], PINNED[path])


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_on_the_matter_documents(
    firm: Firm, who: str
) -> None:
    token = issue_api_token(actor=getattr(firm, who), name="counting").secret
    response = Client().get(
        f"/api/v1/matters/{firm.matter.pk}/documents",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 404
