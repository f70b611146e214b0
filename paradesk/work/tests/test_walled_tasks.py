"""A person walled from a matter keeps none of its open tasks."""

from __future__ import annotations

from datetime import date

from paradesk.core.models import AuditEvent
from paradesk.matters.services import add_team_member, erect_wall
from paradesk.testing.personas import Firm, make_user
from paradesk.work import services
from paradesk.work.models import Task, TaskState


def _task(firm: Firm, *, owner_name: str, reviewer_name: str) -> Task:
    return services.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Summarize ER records",
        owner=getattr(firm, owner_name),
        reviewer=getattr(firm, reviewer_name),
        due_on=date(2030, 1, 10),
    )


def test_a_walled_owners_task_goes_to_the_responsible_attorney(firm: Firm) -> None:
    task = _task(firm, owner_name="paralegal", reviewer_name="attorney2")
    services.start_task(actor=firm.paralegal, task=task)

    erect_wall(
        actor=firm.attorney, matter=firm.matter, user=firm.paralegal, reason="Conflict"
    )

    task.refresh_from_db()
    assert (task.owner, task.reviewer) == (firm.attorney, firm.attorney2)
    assert task.state == TaskState.IN_PROGRESS
    assert task.needs_reassignment == ""
    event = AuditEvent.objects.get(action="task.walled_person_released")
    assert event.details == {
        "user_id": firm.paralegal.pk,
        "reassigned": ["owner"],
        "to_user_id": firm.attorney.pk,
        "flagged": [],
    }


def test_a_walled_reviewers_task_goes_to_the_responsible_attorney(firm: Firm) -> None:
    task = _task(firm, owner_name="paralegal", reviewer_name="attorney2")

    erect_wall(
        actor=firm.attorney, matter=firm.matter, user=firm.attorney2, reason="Conflict"
    )

    task.refresh_from_db()
    assert (task.owner, task.reviewer) == (firm.paralegal, firm.attorney)


def test_a_task_no_one_can_take_over_is_flagged_on_its_page_until_reassigned(
    firm: Firm,
) -> None:
    task = _task(firm, owner_name="paralegal", reviewer_name="attorney")

    erect_wall(
        actor=firm.attorney, matter=firm.matter, user=firm.paralegal, reason="Conflict"
    )

    task.refresh_from_db()
    assert task.owner == firm.paralegal
    assert task.needs_reassignment == (
        "Its owner was walled from this matter: choose a new owner."
    )
    page = firm.client(firm.attorney).get(f"/tasks/{task.pk}/")
    assert b"Its owner was walled from this matter" in page.content

    new_owner = make_user("para2", "paralegal", first="Quinn", last="Clerk")
    add_team_member(actor=firm.attorney, matter=firm.matter, user=new_owner)
    services.update_task(
        actor=firm.attorney,
        task=task,
        expected_version=task.version,
        changes={"owner": new_owner},
    )
    task.refresh_from_db()
    assert (task.owner, task.needs_reassignment) == (new_owner, "")


def test_delivered_tasks_and_other_matters_are_left_alone(firm: Firm) -> None:
    done = _task(firm, owner_name="paralegal", reviewer_name="attorney2")
    Task.objects.filter(pk=done.pk).update(state=TaskState.DELIVERED)

    erect_wall(
        actor=firm.attorney, matter=firm.matter, user=firm.paralegal, reason="Conflict"
    )

    done.refresh_from_db()
    assert done.owner == firm.paralegal
    assert not AuditEvent.objects.filter(action="task.walled_person_released").exists()
