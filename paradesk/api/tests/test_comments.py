"""GET/POST /tasks/{id}/comments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.testing.personas import Firm
from paradesk.work.models import Task, TaskComment
from paradesk.work.services import add_comment, assign_task

MakeApi = Callable[[User], ApiClient]


@pytest.fixture
def task(firm: Firm) -> Task:
    return assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Call the adjuster",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 15),
    )


def test_team_member_comments_and_reads_the_thread(
    firm: Firm, api: MakeApi, task: Task
) -> None:
    add_comment(actor=firm.attorney, task=task, body="Ask about the policy limits.")
    client = api(firm.paralegal)
    response = client.post(
        f"/tasks/{task.pk}/comments", {"body": "  Left a voicemail.  "}
    )
    assert response.status_code == 201
    assert response.json()["body"] == "Left a voicemail."
    assert response.json()["author"]["id"] == firm.paralegal.pk
    thread = client.get(f"/tasks/{task.pk}/comments").json()
    assert [c["body"] for c in thread] == [
        "Ask about the policy limits.",
        "Left a voicemail.",
    ]
    assert AuditEvent.objects.filter(
        action="comment.listed", object_id=str(task.pk)
    ).exists()


def test_empty_or_over_long_comment_is_422(
    firm: Firm, api: MakeApi, task: Task
) -> None:
    client = api(firm.paralegal)
    for body in ({"body": "   "}, {"body": "x" * 10_001}, {}):
        response = client.post(f"/tasks/{task.pk}/comments", body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "body"
    assert not TaskComment.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_for_comments(
    firm: Firm, api: MakeApi, task: Task, who: str
) -> None:
    add_comment(actor=firm.attorney, task=task, body="Privileged strategy.")
    client = api(getattr(firm, who))
    read = client.get(f"/tasks/{task.pk}/comments")
    write = client.post(f"/tasks/{task.pk}/comments", {"body": "Hello"})
    assert read.status_code == write.status_code == 404
    assert read.json() == write.json() == {"detail": "Not found."}
    assert TaskComment.objects.count() == 1
