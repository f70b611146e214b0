"""The matter list and matter page make a fixed, small number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from paradesk.testing.personas import Firm
from paradesk.testing.queries import grow, queries_of

# Of these, 7 are the session, user, second factor and the read's audit append.
MATTER_LIST = 8
MATTER_PAGE = 13


def test_the_matter_list_costs_the_same_for_many_matters(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    client = firm.client(firm.paralegal)
    grow(firm, django_capture_on_commit_callbacks, rows=1)
    few = queries_of(client, "/matters/")
    grow(firm, django_capture_on_commit_callbacks, rows=3, start=1)

    assert (few, queries_of(client, "/matters/")) == (MATTER_LIST, MATTER_LIST)


def test_the_matter_page_costs_the_same_for_many_tasks_and_documents(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    client = firm.client(firm.paralegal)
    url = f"/matters/{firm.matter.pk}/"
    grow(firm, django_capture_on_commit_callbacks, rows=1)
    few = queries_of(client, url)
    grow(firm, django_capture_on_commit_callbacks, rows=3, start=1)

    assert (few, queries_of(client, url)) == (MATTER_PAGE, MATTER_PAGE)


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_on_the_matter_page(
    firm: Firm, who: str
) -> None:
    response = firm.client(getattr(firm, who)).get(f"/matters/{firm.matter.pk}/")

    assert response.status_code == 404
