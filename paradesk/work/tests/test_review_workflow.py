from __future__ import annotations

from datetime import date

import pytest

from paradesk.core.exceptions import ConcurrentEditError, PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.testing.personas import Firm
from paradesk.testing.products import write_memo
from paradesk.work import services
from paradesk.work.models import Task, TaskState
from paradesk.work.products import UnknownProductError
from paradesk.work.services import WorkflowError


@pytest.fixture
def task(firm: Firm) -> Task:
    return services.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Summarize ER records",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 10),
    )


def test_full_review_cycle_pins_the_approved_hash(firm: Firm, task: Task) -> None:
    sha = write_memo(firm.matter, "m1", b"draft one")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    services.request_changes(
        actor=firm.attorney, task=task, note="Add the MRI findings."
    )
    sha2 = write_memo(firm.matter, "m1", b"draft two")
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    approved = services.approve_task(actor=firm.attorney, task=task)
    assert approved.state == TaskState.APPROVED
    assert approved.approved_sha256 == sha2 != sha
    delivered = services.deliver_task(actor=firm.attorney, task=task)
    assert delivered.state == TaskState.DELIVERED
    actions = list(
        AuditEvent.objects.filter(
            object_type="task", object_id=str(task.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "task.assigned",
        "task.start",
        "task.submit",
        "task.request_changes",
        "task.submit",
        "task.approve",
        "task.deliver",
    ]
    assert [e.to_state for e in task.events.all()] == [
        "in_progress",
        "submitted",
        "changes_requested",
        "submitted",
        "approved",
        "delivered",
    ]


def test_illegal_move_is_refused_with_a_clear_message(firm: Firm, task: Task) -> None:
    with pytest.raises(
        WorkflowError, match=r"“Assigned” cannot be “approve”.*only: start work"
    ):
        services.approve_task(actor=firm.attorney, task=task)
    task.refresh_from_db()
    assert task.state == TaskState.ASSIGNED


def test_delivered_task_is_final(firm: Firm, task: Task) -> None:
    write_memo(firm.matter, "m1", b"x")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    services.approve_task(actor=firm.attorney, task=task)
    services.deliver_task(actor=firm.paralegal, task=task)
    with pytest.raises(WorkflowError, match="It is final"):
        services.start_task(actor=firm.paralegal, task=task)


def test_only_the_owner_submits_and_only_the_reviewer_approves(
    firm: Firm, task: Task
) -> None:
    write_memo(firm.matter, "m1", b"x")
    with pytest.raises(PermissionDeniedError, match="owner"):
        services.start_task(actor=firm.attorney, task=task)
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    with pytest.raises(PermissionDeniedError, match="reviewing attorney"):
        services.approve_task(actor=firm.attorney2, task=task)
    with pytest.raises(PermissionDeniedError, match="reviewing attorney"):
        services.approve_task(actor=firm.paralegal, task=task)


def test_product_changed_after_approval_needs_review_again(
    firm: Firm, task: Task
) -> None:
    write_memo(firm.matter, "m1", b"approved text")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    services.approve_task(actor=firm.attorney, task=task)
    new_sha = write_memo(firm.matter, "m1", b"edited after approval")
    task.refresh_from_db()
    assert services.product_changed_since_approval(task)
    with pytest.raises(WorkflowError, match="needs review again"):
        services.deliver_task(actor=firm.attorney, task=task)
    resubmitted = services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    assert resubmitted.state == TaskState.SUBMITTED
    assert resubmitted.submitted_sha256 == new_sha
    assert resubmitted.approved_sha256 == ""


def test_unchanged_approved_product_cannot_be_resubmitted(
    firm: Firm, task: Task
) -> None:
    write_memo(firm.matter, "m1", b"same")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    services.approve_task(actor=firm.attorney, task=task)
    with pytest.raises(WorkflowError, match="already approved"):
        services.submit_task(
            actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
        )


def test_product_changed_between_submission_and_approval_is_refused(
    firm: Firm, task: Task
) -> None:
    write_memo(firm.matter, "m1", b"submitted")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    write_memo(firm.matter, "m1", b"swapped before approval")
    with pytest.raises(WorkflowError, match="changed after it was submitted"):
        services.approve_task(actor=firm.attorney, task=task)


def test_request_changes_needs_a_note(firm: Firm, task: Task) -> None:
    write_memo(firm.matter, "m1", b"x")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    with pytest.raises(WorkflowError, match="note is required"):
        services.request_changes(actor=firm.attorney, task=task, note="  ")


def test_product_of_another_matter_cannot_be_submitted(firm: Firm, task: Task) -> None:
    write_memo(firm.other_matter, "m9", b"elsewhere")
    services.start_task(actor=firm.paralegal, task=task)
    with pytest.raises(UnknownProductError, match="does not exist on this matter"):
        services.submit_task(
            actor=firm.paralegal, task=task, product_kind="memo", product_id="m9"
        )


def test_stale_edit_is_refused_and_loses_nothing(firm: Firm, task: Task) -> None:
    services.update_task(
        actor=firm.attorney,
        task=task,
        expected_version=1,
        changes={"title": "First edit"},
    )
    with pytest.raises(ConcurrentEditError, match="Someone else changed this task"):
        services.update_task(
            actor=firm.attorney2,
            task=task,
            expected_version=1,
            changes={"title": "Second"},
        )
    task.refresh_from_db()
    assert task.title == "First edit"
    assert task.version == 2


@pytest.mark.parametrize(
    ("who", "match"),
    [
        ("walled", "owner must be on the matter"),
        ("outsider", "owner must be on the matter"),
    ],
)
def test_task_owner_must_be_on_the_team(firm: Firm, who: str, match: str) -> None:
    with pytest.raises(WorkflowError, match=match):
        services.assign_task(
            actor=firm.attorney,
            matter=firm.matter,
            title="x",
            owner=getattr(firm, who),
            reviewer=firm.attorney,
            due_on=date(2030, 1, 1),
        )


def test_reviewer_must_be_an_attorney(firm: Firm) -> None:
    with pytest.raises(WorkflowError, match="reviewer must be an attorney"):
        services.assign_task(
            actor=firm.attorney,
            matter=firm.matter,
            title="x",
            owner=firm.paralegal,
            reviewer=firm.billing,
            due_on=date(2030, 1, 1),
        )


def test_paralegal_cannot_assign_tasks(firm: Firm) -> None:
    with pytest.raises(PermissionDeniedError):
        services.assign_task(
            actor=firm.paralegal,
            matter=firm.matter,
            title="x",
            owner=firm.paralegal,
            reviewer=firm.attorney,
            due_on=date(2030, 1, 1),
        )


def test_walled_user_cannot_comment_even_with_the_task_object(
    firm: Firm, task: Task
) -> None:
    with pytest.raises(PermissionDeniedError):
        services.add_comment(actor=firm.walled, task=task, body="peek")
    with pytest.raises(PermissionDeniedError):
        services.add_comment(actor=firm.outsider, task=task, body="peek")


def test_demoted_reviewer_can_no_longer_approve(firm: Firm, task: Task) -> None:
    write_memo(firm.matter, "m1", b"x")
    services.start_task(actor=firm.paralegal, task=task)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    firm.attorney.role = "billing"
    firm.attorney.save()
    with pytest.raises(PermissionDeniedError, match="Only an attorney"):
        services.approve_task(actor=firm.attorney, task=task)


def test_checks_read_the_locked_row_not_the_callers_copy(
    firm: Firm, task: Task
) -> None:
    write_memo(firm.matter, "m1", b"x")
    services.start_task(actor=firm.paralegal, task=task)
    stale = Task.objects.get(pk=task.pk)
    services.submit_task(
        actor=firm.paralegal, task=task, product_kind="memo", product_id="m1"
    )
    services.update_task(
        actor=firm.attorney,
        task=task,
        expected_version=3,
        changes={"reviewer": firm.attorney2},
    )
    # `stale` still names the old reviewer; the service must not trust it.
    assert stale.reviewer_id == firm.attorney.pk
    with pytest.raises(PermissionDeniedError, match="reviewing attorney"):
        services.approve_task(actor=firm.attorney, task=stale)


def test_a_move_made_meanwhile_is_refused(firm: Firm, task: Task) -> None:
    services.start_task(actor=firm.paralegal, task=task)
    with pytest.raises(ConcurrentEditError, match="someone moved it"):
        services.start_task(
            actor=firm.paralegal, task=task, expected_state=TaskState.ASSIGNED
        )
