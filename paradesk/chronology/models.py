"""A matter's medical chronology: the engine's reading and people's edits, side by side.

Each `Entry` keeps two things: `machine`, what the engine read in its latest build, and
`data`, what the chronology says now. They are equal until a person edits the entry;
after that a rebuild refreshes `machine` only, so new records never overwrite a
paralegal's work, and the reviewer can always compare the two. Both are documents of
the contract's encounter shape (`paradesk.chronology/1`), with each citation also
naming the document version it points to so the viewer opens the exact page.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from paradesk.core.models import JobProgress
from paradesk.matters.models import Matter


class Chronology(models.Model):
    matter = models.OneToOneField(
        Matter, on_delete=models.CASCADE, related_name="chronology"
    )
    incident_date = models.DateField(null=True, blank=True)
    gap_days = models.PositiveIntegerField(default=30)
    engine = models.CharField(max_length=60, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    build_job = models.ForeignKey(
        JobProgress, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The latest build's specials and notes, in the contract's shape.
    bills = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # Whose records the latest build took these to be ({"name", "dob"} or null), and
    # the pages it left out as another patient's ([{"document", "pages", "reason"}]).
    patient = models.JSONField(null=True, blank=True)
    excluded = models.JSONField(default=list, blank=True)
    # Citation label -> {"document": id, "version": number}: what a citation opens.
    sources = models.JSONField(default=dict, blank=True)
    # Bumped by every change; a form posts the revision it showed (optimistic locking).
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Chronology of matter {self.matter_id}"


class Origin(models.TextChoices):
    ENGINE = "engine", "Read by the engine"
    EDITED = "edited", "Edited by a person"
    ADDED = "added", "Added by a person"


class Entry(models.Model):
    """One encounter of the chronology."""

    chronology = models.ForeignKey(
        Chronology, on_delete=models.CASCADE, related_name="entries"
    )
    # The engine's match key (date and provider); a rebuild finds its entry by it.
    key = models.CharField(max_length=200, blank=True, db_index=True)
    machine = models.JSONField(null=True, blank=True)
    data = models.JSONField()
    origin = models.CharField(
        max_length=8, choices=Origin.choices, default=Origin.ENGINE
    )
    removed = models.BooleanField(default=False)
    # The latest build no longer found this visit; kept because a person edited it.
    stale = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    date = models.DateField(null=True, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    visit_type = models.CharField(max_length=40, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar = ["date", "provider", "pk"]
        indexes: ClassVar = [models.Index(fields=["chronology", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.provider}"
