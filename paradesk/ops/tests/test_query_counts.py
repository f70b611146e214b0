"""The audit page makes a fixed number of queries, however long the log."""

from __future__ import annotations

from typing import Any

import pytest

from paradesk.testing.personas import Firm
from paradesk.testing.queries import grow, queries_of

AUDIT_PAGE = 8


def test_the_audit_page_costs_the_same_for_a_longer_log(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    client = firm.client(firm.admin)
    grow(firm, django_capture_on_commit_callbacks, rows=1)
    few = queries_of(client, "/audit/")
    grow(firm, django_capture_on_commit_callbacks, rows=3, start=1)

    assert (few, queries_of(client, "/audit/")) == (AUDIT_PAGE, AUDIT_PAGE)


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_on_the_audit_page(
    firm: Firm, who: str
) -> None:
    assert firm.client(getattr(firm, who)).get("/audit/").status_code == 404
