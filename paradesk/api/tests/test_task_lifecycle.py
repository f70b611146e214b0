"""POST /tasks/{id}/start, /submit, /request-changes, /approve, /deliver."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.testing.personas import Firm
from paradesk.work.models import Task, TaskEvent, TaskState
from paradesk.work.services import assign_task

MakeApi = Callable[[User], ApiClient]
Docs = dict[tuple[int, str], str]

SHA_1 = "1" * 64
SHA_2 = "2" * 64


@pytest.fixture
def task(firm: Firm) -> Task:
    return assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Medical chronology",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 15),
    )


def test_full_lifecycle_through_the_api(
    firm: Firm, api: MakeApi, task: Task, testdoc: Docs
) -> None:
    testdoc[(firm.matter.pk, "chron-1")] = SHA_1
    paralegal, attorney = api(firm.paralegal), api(firm.attorney)
    url = f"/tasks/{task.pk}"

    assert paralegal.post(f"{url}/start").json()["state"] == "in_progress"
    submit = {"product_kind": "testdoc", "product_id": "chron-1", "note": "First pass"}
    response = paralegal.post(f"{url}/submit", submit)
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["submitted_sha256"]) == (
        "submitted",
        SHA_1,
    )

    response = attorney.post(f"{url}/request-changes", {"note": "Add the ER visit."})
    assert response.json()["state"] == "changes_requested"
    testdoc[(firm.matter.pk, "chron-1")] = SHA_2
    assert paralegal.post(f"{url}/submit", submit).json()["submitted_sha256"] == SHA_2

    response = attorney.post(f"{url}/approve", {"note": "Good."})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["approved_sha256"]) == (
        "approved",
        SHA_2,
    )
    assert response.json()["approved_by_id"] == firm.attorney.pk

    response = attorney.post(f"{url}/deliver")
    assert response.status_code == 200
    assert response.json()["state"] == "delivered"
    assert response.json()["allowed_transitions"] == []

    transitions = list(
        TaskEvent.objects.filter(task=task).values_list("transition", flat=True)
    )
    assert transitions == [
        "start",
        "submit",
        "request_changes",
        "submit",
        "approve",
        "deliver",
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(task.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"task.start", "task.submit", "task.approve", "task.deliver"} <= actions


def test_illegal_transition_is_400_with_a_clear_message(
    firm: Firm, api: MakeApi, task: Task
) -> None:
    response = api(firm.attorney).post(f"/tasks/{task.pk}/approve")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "cannot be" in detail
    assert "start work" in detail
    task.refresh_from_db()
    assert task.state == TaskState.ASSIGNED


def test_only_the_owner_starts_work(firm: Firm, api: MakeApi, task: Task) -> None:
    response = api(firm.attorney2).post(f"/tasks/{task.pk}/start")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the task's owner can start it."}


def test_changed_product_after_approval_cannot_be_delivered(
    firm: Firm, api: MakeApi, task: Task, testdoc: Docs
) -> None:
    testdoc[(firm.matter.pk, "chron-1")] = SHA_1
    paralegal, attorney = api(firm.paralegal), api(firm.attorney)
    paralegal.post(f"/tasks/{task.pk}/start")
    paralegal.post(
        f"/tasks/{task.pk}/submit", {"product_kind": "testdoc", "product_id": "chron-1"}
    )
    attorney.post(f"/tasks/{task.pk}/approve")
    testdoc[(firm.matter.pk, "chron-1")] = SHA_2
    response = attorney.post(f"/tasks/{task.pk}/deliver")
    assert response.status_code == 400
    assert "needs review again" in response.json()["detail"]


def test_submit_needs_a_known_product_and_well_formed_fields(
    firm: Firm, api: MakeApi, task: Task, testdoc: Docs
) -> None:
    client = api(firm.paralegal)
    client.post(f"/tasks/{task.pk}/start")
    response = client.post(
        f"/tasks/{task.pk}/submit", {"product_kind": "testdoc", "product_id": "nope"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "That work product does not exist on this matter."
    }
    response = client.post(f"/tasks/{task.pk}/submit", {"product_kind": "", "note": 5})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {
        "product_kind",
        "product_id",
        "note",
    }


def test_request_changes_needs_a_note(firm: Firm, api: MakeApi, task: Task) -> None:
    response = api(firm.attorney).post(f"/tasks/{task.pk}/request-changes", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "note"


@pytest.mark.parametrize("who", ["outsider", "walled"])
@pytest.mark.parametrize(
    "step", ["start", "submit", "request-changes", "approve", "deliver"]
)
def test_outsider_and_walled_user_get_404_for_every_transition(
    firm: Firm, api: MakeApi, task: Task, testdoc: Docs, who: str, step: str
) -> None:
    bodies = {
        "submit": {"product_kind": "testdoc", "product_id": "x"},
        "request-changes": {"note": "x"},
    }
    response = api(getattr(firm, who)).post(
        f"/tasks/{task.pk}/{step}", bodies.get(step)
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
