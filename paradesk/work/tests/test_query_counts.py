"""My work, the dashboard and a task page make a fixed number of queries, however
many tasks the user has."""

from __future__ import annotations

from typing import Any

import pytest

from paradesk.testing.personas import Firm
from paradesk.testing.queries import grow, queries_of
from paradesk.work.models import Task

PINNED = {"my work": 8, "dashboard": 10, "task page": 10}


def _url(firm: Firm, page: str) -> str:
    task = Task.objects.filter(matter=firm.matter).order_by("pk").first()
    assert task is not None
    return {
        "my work": "/my-work/",
        "dashboard": "/",
        "task page": f"/tasks/{task.pk}/",
    }[page]


@pytest.mark.parametrize("page", list(PINNED))
def test_the_page_costs_the_same_for_many_tasks(
    firm: Firm, django_capture_on_commit_callbacks: Any, page: str
) -> None:
    client = firm.client(firm.paralegal)
    grow(firm, django_capture_on_commit_callbacks, rows=1)
    url = _url(firm, page)
    few = queries_of(client, url)
    grow(firm, django_capture_on_commit_callbacks, rows=3, start=1)

    assert (few, queries_of(client, url)) == (PINNED[page], PINNED[page])


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_on_a_task_of_the_matter(
    firm: Firm, django_capture_on_commit_callbacks: Any, who: str
) -> None:
    grow(firm, django_capture_on_commit_callbacks, rows=1)

    response = firm.client(getattr(firm, who)).get(_url(firm, "task page"))

    assert response.status_code == 404
