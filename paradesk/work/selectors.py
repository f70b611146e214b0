"""Reads of tasks and comments, scoped to the matters the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When

from paradesk.core.exceptions import NotVisibleError
from paradesk.matters.selectors import visible_matter_ids
from paradesk.work.models import Task, TaskComment, TaskEvent, TaskState

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

_PRIORITY_ORDER = Case(
    When(priority="urgent", then=Value(0)),
    When(priority="high", then=Value(1)),
    When(priority="normal", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def tasks_visible_to(user: User) -> QuerySet[Task]:
    return Task.objects.filter(matter__in=visible_matter_ids(user)).select_related(
        "matter", "owner", "reviewer"
    )


def task_for(user: User, task_id: int | str) -> Task:
    try:
        pk = int(task_id)
    except (TypeError, ValueError):
        raise NotVisibleError("No such task.") from None
    task = tasks_visible_to(user).filter(pk=pk).first()
    if task is None:
        raise NotVisibleError("No such task.")
    return task


def tasks_of(matter: Matter) -> QuerySet[Task]:
    """Tasks of a matter already obtained through a selector."""
    return Task.objects.filter(matter=matter).select_related("owner", "reviewer")


def review_queue_for(user: User) -> QuerySet[Task]:
    """What waits for this attorney: submitted work, oldest due first."""
    return (
        tasks_visible_to(user)
        .filter(reviewer=user, state=TaskState.SUBMITTED)
        .order_by("due_on", _PRIORITY_ORDER, "id")
    )


def approved_awaiting_delivery_for(user: User) -> QuerySet[Task]:
    return tasks_visible_to(user).filter(reviewer=user, state=TaskState.APPROVED)


def work_of(user: User) -> QuerySet[Task]:
    """The user's own open tasks ("my work"), most urgent first."""
    return (
        tasks_visible_to(user)
        .filter(owner=user)
        .exclude(state=TaskState.DELIVERED)
        .order_by("due_on", _PRIORITY_ORDER, "id")
    )


def comments_of(task: Task) -> QuerySet[TaskComment]:
    return TaskComment.objects.filter(task=task).select_related("author")


def comment_for(user: User, task: Task, comment_id: int | str) -> TaskComment:
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise NotVisibleError("No such comment.") from None
    comment = (
        TaskComment.objects.filter(
            task__matter__in=visible_matter_ids(user), task=task, pk=pk
        )
        .select_related("author")
        .first()
    )
    if comment is None:
        raise NotVisibleError("No such comment.")
    return comment


def history_of(task: Task) -> QuerySet[TaskEvent]:
    return TaskEvent.objects.filter(task=task).select_related("actor")


def open_reviews_of(person: User) -> str:
    """ "reviewer of N open task(s)", or "" (a `firm.duties` duty)."""
    count = (
        Task.objects.filter(reviewer=person).exclude(state=TaskState.DELIVERED).count()
    )
    return f"reviewer of {count} open task(s)" if count else ""
