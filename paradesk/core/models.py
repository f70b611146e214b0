"""Audit log, job progress and worker heartbeat."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One append-only, hash-chained event.

    `hash` is SHA-256 over `prev_hash` and the event's canonical form (see
    `paradesk.core.audit.canonical_form`); `seq` is contiguous from 1, so an edited,
    deleted or reordered row breaks the chain at a place `paradesk audit verify` names.
    The table refuses UPDATE and DELETE at the database (triggers in migration 0002).
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The actor's username at the time: the log stays readable if the user is renamed.
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    matter = models.ForeignKey(
        "matters.Matter",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering: ClassVar = ["seq"]
        indexes: ClassVar = [models.Index(fields=["matter", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditQueueMark(models.Model):
    """How far a read-event journal has been appended to the chain (`core.readqueue`).

    Moved in the same transaction as the events it counts, so a journal line joins
    the chain exactly once.
    """

    journal = models.CharField(max_length=120, unique=True)
    offset = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.journal} @ {self.offset}"


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class JobProgress(models.Model):
    """What a background job has done so far, for the progress bar."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    matter = models.ForeignKey(
        "matters.Matter",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # The `paradesk worker` process (`host:pid`) running it; blank when queued, or when
    # it runs inside the process that asked for it. While that worker's heartbeat is
    # fresh the job is alive; once it goes stale the job was cut off.
    worker = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.state}"

    @property
    def percent(self) -> int:
        if self.state == JobState.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.state in {JobState.SUCCEEDED, JobState.FAILED}


class WorkerHeartbeat(models.Model):
    """Last sign of life of each `paradesk worker` process (for /healthz)."""

    name = models.CharField(max_length=200, unique=True)
    pid = models.PositiveIntegerField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
