"""Tasks, their review and comments."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, field_validator

from paradesk.api.schemas.common import Id, Input, UserRef, max_length_of, not_null
from paradesk.firm.models import Lane
from paradesk.work.models import Priority, Task, TaskComment, TaskEvent, TaskState


class TaskOut(Schema):
    id: int
    matter_id: int
    title: str
    description: str
    owner: UserRef
    reviewer: UserRef
    due_on: date
    lane: str
    priority: str
    state: str
    allowed_transitions: list[str]
    is_overdue: bool
    product_kind: str
    product_id: str
    submitted_sha256: str
    approved_sha256: str
    approved_at: datetime | None
    approved_by_id: int | None
    needs_reassignment: str = Field(
        description="Why the task needs a new owner or reviewer (a wall); empty if not"
    )
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, task: Task) -> TaskOut:
        return cls(
            id=task.pk,
            matter_id=task.matter_id,
            title=task.title,
            description=task.description,
            owner=UserRef.of(task.owner),
            reviewer=UserRef.of(task.reviewer),
            due_on=task.due_on,
            lane=task.lane,
            priority=task.priority,
            state=task.state,
            allowed_transitions=task.allowed_transitions,
            is_overdue=task.is_overdue,
            product_kind=task.product_kind,
            product_id=task.product_id,
            submitted_sha256=task.submitted_sha256,
            approved_sha256=task.approved_sha256,
            approved_at=task.approved_at,
            approved_by_id=task.approved_by_id,
            needs_reassignment=task.needs_reassignment,
            version=task.version,
            created_at=task.created_at,
            updated_at=task.updated_at,
        )


class TaskPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[TaskOut]


class TaskFilters(Schema):
    matter: Id | None = None
    state: TaskState | None = None
    mine: bool = Field(False, description="Only tasks I own")
    review: bool = Field(False, description="Only tasks I review")


class TaskIn(Input):
    title: str = Field(min_length=1, max_length=max_length_of(Task, "title"))
    description: str = Field("", max_length=max_length_of(Task, "description"))
    owner_id: Id
    reviewer_id: Id
    due_on: date
    lane: Lane = Lane.GENERAL
    priority: Priority = Priority.NORMAL


class TaskPatch(Input):
    """`version` is the one you read; if the task moved on since, the answer is 409."""

    version: int = Field(ge=1)
    title: str | None = Field(
        None, min_length=1, max_length=max_length_of(Task, "title")
    )
    description: str | None = Field(None, max_length=max_length_of(Task, "description"))
    due_on: date | None = None
    lane: Lane | None = None
    priority: Priority | None = None
    owner_id: Id | None = None
    reviewer_id: Id | None = None

    _not_null = field_validator(
        "title",
        "description",
        "due_on",
        "lane",
        "priority",
        "owner_id",
        "reviewer_id",
        mode="before",
    )(not_null)


class SubmitIn(Input):
    product_kind: str = Field(
        min_length=1, max_length=max_length_of(Task, "product_kind")
    )
    product_id: str = Field(min_length=1, max_length=max_length_of(Task, "product_id"))
    note: str = Field("", max_length=max_length_of(TaskEvent, "note"))


class RequestChangesIn(Input):
    note: str = Field(min_length=1, max_length=max_length_of(TaskEvent, "note"))


class NoteIn(Input):
    note: str = Field("", max_length=max_length_of(TaskEvent, "note"))


class CommentIn(Input):
    body: str = Field(min_length=1, max_length=max_length_of(TaskComment, "body"))


class CommentOut(Schema):
    id: int
    task_id: int
    author: UserRef
    body: str
    created_at: datetime

    @classmethod
    def of(cls, comment: TaskComment) -> CommentOut:
        return cls(
            id=comment.pk,
            task_id=comment.task_id,
            author=UserRef.of(comment.author),
            body=comment.body,
            created_at=comment.created_at,
        )
