"""Task assignment, the review workflow and comments.

Each transition locks the task row, checks the state table on the model and who may
take the step, writes the task's history row and the audit event, all in one
transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from paradesk.core import audit
from paradesk.core.exceptions import (
    ConcurrentEditError,
    ParadeskError,
    PermissionDeniedError,
)
from paradesk.firm.models import Lane, Role
from paradesk.matters import selectors as matter_selectors
from paradesk.work import products
from paradesk.work.models import (
    Priority,
    Task,
    TaskComment,
    TaskEvent,
    TaskState,
    Transition,
)

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import EthicalWall, Matter


class WorkflowError(ParadeskError):
    pass


def _require_team_member(user: User, matter: Matter, what: str) -> None:
    if not matter_selectors.can_see_matter(user, matter):
        raise WorkflowError(
            f"The {what} must be on the matter's team (and not walled)."
        )


def _check_people(matter: Matter, owner: User, reviewer: User) -> None:
    _require_team_member(owner, matter, "owner")
    _require_team_member(reviewer, matter, "reviewing attorney")
    if reviewer.role != Role.ATTORNEY:
        raise WorkflowError("The reviewer must be an attorney.")
    if owner.pk == reviewer.pk:
        raise WorkflowError("Owner and reviewer must be different people.")


def assign_task(
    *,
    actor: User,
    matter: Matter,
    title: str,
    owner: User,
    reviewer: User,
    due_on: date,
    lane: str = Lane.GENERAL,
    priority: str = Priority.NORMAL,
    description: str = "",
) -> Task:
    """Creates a task with exactly one owner and one reviewing attorney on the team.

    Raises:
        PermissionDeniedError: the actor is not an attorney or admin on the team.
        WorkflowError: bad owner, reviewer, lane or priority.
    """
    if actor.role not in {
        Role.ATTORNEY,
        Role.ADMIN,
    } or not matter_selectors.can_see_matter(actor, matter):
        raise PermissionDeniedError(
            "Only attorneys and administrators on the team assign tasks."
        )
    if not title.strip():
        raise WorkflowError("A task needs a title.")
    if lane not in Lane.values:
        raise WorkflowError(f"Unknown lane {lane!r}.")
    if priority not in Priority.values:
        raise WorkflowError(f"Unknown priority {priority!r}.")
    _check_people(matter, owner, reviewer)
    with transaction.atomic():
        task = Task.objects.create(
            matter=matter,
            title=title.strip(),
            description=description,
            owner=owner,
            reviewer=reviewer,
            due_on=due_on,
            lane=lane,
            priority=priority,
            created_by=actor,
        )
        audit.record(
            "task.assigned",
            actor=actor,
            obj=task,
            matter=matter,
            details={
                "owner_id": owner.pk,
                "reviewer_id": reviewer.pk,
                "due_on": str(due_on),
            },
        )
    return task


EDITABLE_TASK_FIELDS = (
    "title",
    "description",
    "due_on",
    "lane",
    "priority",
    "owner",
    "reviewer",
)


def update_task(
    *, actor: User, task: Task, expected_version: int, changes: dict[str, object]
) -> Task:
    """Edits an open task; refuses when someone else changed it since it was read.

    Raises:
        PermissionDeniedError: the actor is not an attorney or admin on the team.
        ConcurrentEditError: the task's version moved on.
        WorkflowError: bad field or value.
    """
    unknown = set(changes) - set(EDITABLE_TASK_FIELDS)
    if unknown:
        raise WorkflowError(
            f"These fields cannot be changed: {', '.join(sorted(unknown))}."
        )
    with transaction.atomic():
        locked = (
            Task.objects.select_for_update().select_related("matter").get(pk=task.pk)
        )
        if actor.role not in {
            Role.ATTORNEY,
            Role.ADMIN,
        } or not matter_selectors.can_see_matter(actor, locked.matter):
            raise PermissionDeniedError(
                "Only attorneys and administrators on the team edit tasks."
            )
        if locked.version != expected_version:
            raise ConcurrentEditError(
                "Someone else changed this task while you were editing it. "
                "Reload it to see their change, then make yours again."
            )
        if locked.state == TaskState.DELIVERED:
            raise WorkflowError("A delivered task is final and cannot be edited.")
        changed = [k for k, v in changes.items() if getattr(locked, k) != v]
        for name in changed:
            setattr(locked, name, changes[name])
        if {"owner", "reviewer"} & set(changed):
            _check_people(locked.matter, locked.owner, locked.reviewer)
            locked.needs_reassignment = ""
        if locked.lane not in Lane.values or locked.priority not in Priority.values:
            raise WorkflowError("Unknown lane or priority.")
        if changed:
            locked.version += 1
            locked.save()
            audit.record(
                "task.updated",
                actor=actor,
                obj=locked,
                matter=locked.matter,
                details={"fields": sorted(changed)},
            )
    return locked


def release_walled_tasks(wall: EthicalWall, actor: User) -> None:
    """A person walled from a matter keeps none of its open tasks: the matter's
    responsible attorney takes each role they held, unless that would make one
    person both owner and reviewer; then the task is flagged for reassignment.

    Runs inside `erect_wall`'s transaction (registered in `matters.walls`).
    """
    matter, walled = wall.matter, wall.user
    attorney = matter.responsible_attorney
    tasks = (
        Task.objects.select_for_update()
        .filter(matter=matter)
        .exclude(state=TaskState.DELIVERED)
        .filter(Q(owner=walled) | Q(reviewer=walled))
        .order_by("pk")
    )
    for task in tasks:
        moved: list[str] = []
        if task.reviewer_id == walled.pk and task.owner_id != attorney.pk:
            task.reviewer = attorney
            moved.append("reviewer")
        if task.owner_id == walled.pk and task.reviewer_id != attorney.pk:
            task.owner = attorney
            moved.append("owner")
        held = [
            role
            for role, person in (
                ("owner", task.owner_id),
                ("reviewer", task.reviewer_id),
            )
            if person == walled.pk
        ]
        if held:
            task.needs_reassignment = (
                f"Its {' and '.join(held)} was walled from this matter: choose a new "
                f"{' and '.join(held)}."
            )
        task.version += 1
        task.save()
        audit.record(
            "task.walled_person_released",
            actor=actor,
            obj=task,
            matter=matter,
            details={
                "user_id": walled.pk,
                "reassigned": moved,
                "to_user_id": attorney.pk if moved else None,
                "flagged": held,
            },
        )


def _lock(task: Task) -> Task:
    """The task's row, locked for this transaction; every check reads this copy."""
    return Task.objects.select_for_update().select_related("matter").get(pk=task.pk)


def _move(
    *,
    actor: User,
    locked: Task,
    transition: str,
    note: str = "",
    product_sha256: str = "",
    expected_state: str | None = None,
    updates: dict[str, object] | None = None,
) -> Task:
    """Applies one transition from the state table to a locked task and records it.

    `updates` are field values that change together with the state (the pinned hashes),
    so the row never exists in a state its check constraints forbid.
    """
    if expected_state is not None and locked.state != expected_state:
        raise ConcurrentEditError(
            f"This task is now “{locked.get_state_display()}”; someone moved it "
            "while you were looking. Reload to see its current state."
        )
    target = locked.next_state(transition)
    if target is None:
        raise WorkflowError(
            f"A task that is “{locked.get_state_display()}” cannot be "
            f"“{Transition(transition).label.lower()}”. " + _allowed_sentence(locked)
        )
    from_state = locked.state
    locked.state = target
    locked.version += 1
    for name, value in (updates or {}).items():
        setattr(locked, name, value)
    locked.save()
    TaskEvent.objects.create(
        task=locked,
        actor=actor,
        transition=transition,
        from_state=from_state,
        to_state=target,
        product_sha256=product_sha256,
        note=note,
    )
    audit.record(
        f"task.{transition}",
        actor=actor,
        obj=locked,
        matter=locked.matter,
        details={"from": from_state, "to": target, "sha256": product_sha256},
    )
    return locked


def _allowed_sentence(task: Task) -> str:
    allowed = [Transition(t).label.lower() for t in task.allowed_transitions]
    if not allowed:
        return "It is final."
    return "From here it can only: " + ", ".join(allowed) + "."


def _require_visible(actor: User, task: Task) -> None:
    if not matter_selectors.can_see_matter(actor, task.matter):
        raise PermissionDeniedError("You are not on this matter's team.")


def _require_owner(actor: User, task: Task, verb: str) -> None:
    _require_visible(actor, task)
    if actor.pk != task.owner_id:
        raise PermissionDeniedError(f"Only the task's owner can {verb}.")


def _require_reviewer(actor: User, task: Task, verb: str) -> None:
    """The assigned reviewer, and still an active attorney on the team, reviews."""
    _require_visible(actor, task)
    if actor.pk != task.reviewer_id:
        raise PermissionDeniedError(f"Only the reviewing attorney can {verb}.")
    if actor.role != Role.ATTORNEY or not actor.is_active:
        raise PermissionDeniedError(
            f"Only an attorney can {verb}; ask an administrator to reassign the review."
        )


def start_task(*, actor: User, task: Task, expected_state: str | None = None) -> Task:
    """The owner starts work (also after changes were requested).

    Raises:
        PermissionDeniedError, WorkflowError, ConcurrentEditError.
    """
    with transaction.atomic():
        locked = _lock(task)
        _require_owner(actor, locked, "start it")
        return _move(
            actor=actor,
            locked=locked,
            transition=Transition.START,
            expected_state=expected_state,
        )


def submit_task(
    *,
    actor: User,
    task: Task,
    product_kind: str,
    product_id: str,
    note: str = "",
    expected_state: str | None = None,
) -> Task:
    """The owner submits a work product, identified by its content hash, for review.

    An approved task may be submitted again only when its work product changed after
    approval.

    Raises:
        PermissionDeniedError, WorkflowError, ConcurrentEditError, UnknownProductError.
    """
    with transaction.atomic():
        locked = _lock(task)
        _require_owner(actor, locked, "submit it")
        ref = products.resolve(locked.matter, product_kind, product_id)
        if locked.state == TaskState.APPROVED and ref.sha256 == locked.approved_sha256:
            raise WorkflowError(
                "This exact version is already approved; there is nothing new "
                "to review."
            )
        return _move(
            actor=actor,
            locked=locked,
            transition=Transition.SUBMIT,
            note=note,
            product_sha256=ref.sha256,
            expected_state=expected_state,
            updates={
                "product_kind": ref.kind,
                "product_id": ref.id,
                "submitted_sha256": ref.sha256,
                "approved_sha256": "",
                "approved_at": None,
                "approved_by": None,
            },
        )


def request_changes(
    *, actor: User, task: Task, note: str, expected_state: str | None = None
) -> Task:
    """The reviewer sends the work back, saying what to change.

    Raises:
        PermissionDeniedError, WorkflowError, ConcurrentEditError.
    """
    if not note.strip():
        raise WorkflowError("Say what needs to change: the note is required.")
    with transaction.atomic():
        locked = _lock(task)
        _require_reviewer(actor, locked, "request changes")
        return _move(
            actor=actor,
            locked=locked,
            transition=Transition.REQUEST_CHANGES,
            note=note.strip(),
            product_sha256=locked.submitted_sha256,
            expected_state=expected_state,
        )


def approve_task(
    *, actor: User, task: Task, note: str = "", expected_state: str | None = None
) -> Task:
    """The reviewer approves exactly the submitted version: approval pins its hash.

    Raises:
        PermissionDeniedError, ConcurrentEditError.
        WorkflowError: the work product changed between submission and approval.
    """
    with transaction.atomic():
        locked = _lock(task)
        _require_reviewer(actor, locked, "approve it")
        if locked.state == TaskState.SUBMITTED:
            current = products.resolve(
                locked.matter, locked.product_kind, locked.product_id
            )
            if current.sha256 != locked.submitted_sha256:
                raise WorkflowError(
                    "The work product changed after it was submitted; the owner must "
                    "submit the new version before it can be approved."
                )
        return _move(
            actor=actor,
            locked=locked,
            transition=Transition.APPROVE,
            note=note,
            product_sha256=locked.submitted_sha256,
            expected_state=expected_state,
            updates={
                "approved_sha256": locked.submitted_sha256,
                "approved_at": timezone.now(),
                "approved_by": actor,
            },
        )


def deliver_task(
    *, actor: User, task: Task, note: str = "", expected_state: str | None = None
) -> Task:
    """Marks approved work delivered; only if the product is still the approved version.

    Raises:
        PermissionDeniedError, ConcurrentEditError.
        WorkflowError: the product changed after approval (it needs review again).
    """
    with transaction.atomic():
        locked = _lock(task)
        _require_visible(actor, locked)
        if actor.pk not in {locked.owner_id, locked.reviewer_id}:
            raise PermissionDeniedError(
                "Only the owner or the reviewing attorney can deliver it."
            )
        if locked.state == TaskState.APPROVED:
            current = products.resolve(
                locked.matter, locked.product_kind, locked.product_id
            )
            if current.sha256 != locked.approved_sha256:
                raise WorkflowError(
                    "The work product changed after approval, so it needs review "
                    "again: submit the new version."
                )
        return _move(
            actor=actor,
            locked=locked,
            transition=Transition.DELIVER,
            note=note,
            product_sha256=locked.approved_sha256,
            expected_state=expected_state,
        )


def product_changed_since_approval(task: Task) -> bool:
    if task.state != TaskState.APPROVED or not task.product_kind:
        return False
    try:
        current = products.resolve(task.matter, task.product_kind, task.product_id)
    except products.UnknownProductError:
        return True
    return current.sha256 != task.approved_sha256


def add_comment(*, actor: User, task: Task, body: str) -> TaskComment:
    """Adds a comment to the task's thread; anyone on the team may comment.

    Raises:
        PermissionDeniedError, WorkflowError.
    """
    _require_visible(actor, task)
    if not body.strip():
        raise WorkflowError("A comment cannot be empty.")
    with transaction.atomic():
        comment = TaskComment.objects.create(task=task, author=actor, body=body.strip())
        audit.record(
            "task.commented",
            actor=actor,
            obj=comment,
            matter=task.matter,
            details={"task_id": task.pk},
        )
    return comment
