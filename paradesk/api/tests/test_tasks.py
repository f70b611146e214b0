"""GET /tasks, POST /matters/{id}/tasks, GET/PATCH /tasks/{id}."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.testing.personas import Firm
from paradesk.work.models import Task, TaskState
from paradesk.work.services import assign_task

MakeApi = Callable[[User], ApiClient]


def _task(firm: Firm, title: str = "Request ER records") -> Task:
    return assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title=title,
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 15),
    )


def _new_task(firm: Firm, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Summarize PT notes",
        "owner_id": firm.paralegal.pk,
        "reviewer_id": firm.attorney.pk,
        "due_on": "2030-02-01",
        "lane": "records",
        "priority": "high",
    }
    body.update(overrides)
    return body


def test_attorney_assigns_a_task_through_the_api(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/tasks", _new_task(firm)
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["state"], body["version"], body["owner"]["id"]) == (
        "assigned",
        1,
        firm.paralegal.pk,
    )
    assert body["allowed_transitions"] == ["start"]
    assert Task.objects.filter(
        pk=body["id"], matter=firm.matter, lane="records"
    ).exists()


def test_reviewer_who_is_not_an_attorney_is_400(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/tasks", _new_task(firm, reviewer_id=firm.billing.pk)
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The reviewer must be an attorney."}


def test_bad_task_body_is_422_naming_the_fields(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/tasks",
        {"title": "t" * 201, "owner_id": None, "due_on": "soon", "priority": "asap"},
    )
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {
        "title",
        "owner_id",
        "reviewer_id",
        "due_on",
        "priority",
    }
    assert not Task.objects.exists()


def test_unknown_owner_is_422_naming_the_field(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/tasks", _new_task(firm, owner_id=555_555)
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "owner_id"]


def test_list_shows_visible_tasks_with_filters(firm: Firm, api: MakeApi) -> None:
    mine = _task(firm)
    other = assign_task(
        actor=firm.attorney2,
        matter=firm.other_matter,
        title="Other matter task",
        owner=firm.outsider,
        reviewer=firm.attorney2,
        due_on=date(2030, 1, 1),
    )
    paralegal = api(firm.paralegal)
    assert [t["id"] for t in paralegal.get("/tasks").json()["items"]] == [mine.pk]
    assert [
        t["id"] for t in paralegal.get("/tasks", {"mine": "true"}).json()["items"]
    ] == [mine.pk]
    assert paralegal.get("/tasks", {"review": "true"}).json()["items"] == []
    assert paralegal.get("/tasks", {"state": "submitted"}).json()["items"] == []
    assert (
        paralegal.get("/tasks", {"matter": firm.other_matter.pk}).json()["items"] == []
    )
    attorney = api(firm.attorney)
    assert [
        t["id"] for t in attorney.get("/tasks", {"review": "true"}).json()["items"]
    ] == [mine.pk]
    assert other.pk not in [t["id"] for t in attorney.get("/tasks").json()["items"]]
    event = AuditEvent.objects.filter(action="task.listed").last()
    assert event is not None
    assert event.details["ids"] == [mine.pk]


def test_bad_state_filter_is_422(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).get("/tasks", {"state": "done", "matter": "x"})
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["detail"]} == {
        ("query", "state"),
        ("query", "matter"),
    }


def test_get_task_is_audited(firm: Firm, api: MakeApi) -> None:
    task = _task(firm)
    response = api(firm.paralegal).get(f"/tasks/{task.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Request ER records"
    assert AuditEvent.objects.filter(
        action="task.viewed", object_id=str(task.pk)
    ).exists()


def test_patch_with_the_current_version_edits_and_bumps_it(
    firm: Firm, api: MakeApi
) -> None:
    task = _task(firm)
    response = api(firm.attorney).patch(
        f"/tasks/{task.pk}",
        {"version": 1, "title": "Request all ER records", "priority": "urgent"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["priority"], body["version"]) == (
        "Request all ER records",
        "urgent",
        2,
    )


def test_patch_with_a_stale_version_is_409_and_changes_nothing(
    firm: Firm, api: MakeApi
) -> None:
    task = _task(firm)
    client = api(firm.attorney)
    assert (
        client.patch(f"/tasks/{task.pk}", {"version": 1, "title": "First"}).status_code
        == 200
    )
    response = client.patch(f"/tasks/{task.pk}", {"version": 1, "title": "Second"})
    assert response.status_code == 409
    assert "Someone else changed this task" in response.json()["detail"]
    task.refresh_from_db()
    assert (task.title, task.version) == ("First", 2)


def test_patch_can_hand_the_task_to_another_owner(firm: Firm, api: MakeApi) -> None:
    task = _task(firm)
    response = api(firm.attorney).patch(
        f"/tasks/{task.pk}", {"version": 1, "owner_id": firm.billing.pk}
    )
    assert response.status_code == 200
    assert response.json()["owner"]["id"] == firm.billing.pk


def test_patch_needs_the_version_and_refuses_unknown_users(
    firm: Firm, api: MakeApi
) -> None:
    task = _task(firm)
    client = api(firm.attorney)
    response = client.patch(f"/tasks/{task.pk}", {"title": "No version"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "version"
    response = client.patch(f"/tasks/{task.pk}", {"version": 1, "reviewer_id": 777_777})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "reviewer_id"]


def test_patch_refuses_null_for_fields_that_need_a_value(
    firm: Firm, api: MakeApi
) -> None:
    task = _task(firm)
    response = api(firm.attorney).patch(
        f"/tasks/{task.pk}", {"version": 1, "owner_id": None, "due_on": None}
    )
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"owner_id", "due_on"}
    assert "cannot be null" in response.json()["detail"][0]["msg"]


def test_paralegal_cannot_edit_a_task(firm: Firm, api: MakeApi) -> None:
    task = _task(firm)
    response = api(firm.paralegal).patch(
        f"/tasks/{task.pk}", {"version": 1, "title": "Mine"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_for_the_tasks(
    firm: Firm, api: MakeApi, who: str
) -> None:
    task = _task(firm)
    client = api(getattr(firm, who))
    responses = [
        client.get(f"/tasks/{task.pk}"),
        client.patch(f"/tasks/{task.pk}", {"version": 1, "title": "Mine now"}),
        client.post(f"/matters/{firm.matter.pk}/tasks", _new_task(firm)),
        client.post(f"/tasks/{task.pk}/start"),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    assert all(r.json() == {"detail": "Not found."} for r in responses)
    listed = client.get("/tasks", {"matter": firm.matter.pk}).json()
    assert listed["items"] == []
    task.refresh_from_db()
    assert (task.title, task.state) == ("Request ER records", TaskState.ASSIGNED)
