"""Tasks with one owner and one reviewing attorney, their comments and history."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from paradesk.firm.models import Lane


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    DELIVERED = "delivered", "Delivered"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class Transition(models.TextChoices):
    """The verbs of the review workflow; `work.services` says who may take each."""

    START = "start", "Start work"
    SUBMIT = "submit", "Submit for review"
    REQUEST_CHANGES = "request_changes", "Request changes"
    APPROVE = "approve", "Approve"
    DELIVER = "deliver", "Mark delivered"


class Task(models.Model):
    # state -> {transition: next state}. An approved task may be resubmitted when its
    # work product changed after approval; a delivered task is final.
    TRANSITIONS: ClassVar[dict[str, dict[str, str]]] = {
        TaskState.ASSIGNED: {Transition.START: TaskState.IN_PROGRESS},
        TaskState.IN_PROGRESS: {Transition.SUBMIT: TaskState.SUBMITTED},
        TaskState.SUBMITTED: {
            Transition.REQUEST_CHANGES: TaskState.CHANGES_REQUESTED,
            Transition.APPROVE: TaskState.APPROVED,
        },
        TaskState.CHANGES_REQUESTED: {
            Transition.START: TaskState.IN_PROGRESS,
            Transition.SUBMIT: TaskState.SUBMITTED,
        },
        TaskState.APPROVED: {
            Transition.DELIVER: TaskState.DELIVERED,
            Transition.SUBMIT: TaskState.SUBMITTED,
        },
        TaskState.DELIVERED: {},
    }

    matter = models.ForeignKey(
        "matters.Matter", on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_tasks"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_tasks"
    )
    due_on = models.DateField()
    lane = models.CharField(max_length=16, choices=Lane.choices, default=Lane.GENERAL)
    priority = models.CharField(
        max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    state = models.CharField(
        max_length=20, choices=TaskState.choices, default=TaskState.ASSIGNED
    )
    # The work product: a kind registered in `paradesk.work.products` and its id there.
    product_kind = models.CharField(max_length=32, blank=True)
    product_id = models.CharField(max_length=64, blank=True)
    submitted_sha256 = models.CharField(max_length=64, blank=True)
    approved_sha256 = models.CharField(max_length=64, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when an ethical wall left the task with a person who may not see its
    # matter and no one could take their place (say why); cleared when an attorney
    # gives it a new owner or reviewer.
    needs_reassignment = models.CharField(max_length=300, blank=True)
    # Optimistic concurrency: an edit names the version it read.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["due_on", "id"]
        indexes: ClassVar = [
            models.Index(fields=["owner", "state"]),
            models.Index(fields=["reviewer", "state"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in TaskState]),
                name="task_state_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved") | ~models.Q(approved_sha256=""),
                name="approved_task_pins_hash",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def next_state(self, transition: str) -> str | None:
        return self.TRANSITIONS.get(self.state, {}).get(transition)

    @property
    def allowed_transitions(self) -> list[str]:
        return list(self.TRANSITIONS.get(self.state, {}))

    @property
    def is_open(self) -> bool:
        return self.state != TaskState.DELIVERED

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def days_overdue(self) -> int:
        today: date = timezone.localdate()
        return (today - self.due_on).days if self.is_overdue else 0


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment {self.pk} on task {self.task_id}"


class TaskEvent(models.Model):
    """The task's own history, shown to its team (the audit log is for admins)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    transition = models.CharField(max_length=20, choices=Transition.choices)
    from_state = models.CharField(max_length=20, choices=TaskState.choices)
    to_state = models.CharField(max_length=20, choices=TaskState.choices)
    product_sha256 = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True, max_length=5000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.transition} on task {self.task_id}"
