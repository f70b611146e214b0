"""A built chronology leaves the paralegal's hands: submitted for the attorney's
review with its task, and exported as a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When

from paradesk.chronology.selectors import as_result, content_hash
from paradesk.chronology.services.base import ChronologyError, require_editor
from paradesk.core import audit
from paradesk.core.exceptions import PermissionDeniedError
from paradesk.engines.medchron import render
from paradesk.matters.selectors import can_see_matter
from paradesk.work import services as work
from paradesk.work.models import Task, TaskState

if TYPE_CHECKING:
    from paradesk.chronology.models import Chronology
    from paradesk.firm.models import User

# Media types of the exports, by format.
EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def submit_for_review(*, actor: User, chronology: Chronology, note: str = "") -> Task:
    """Submits the chronology with the actor's open chronology task (one the attorney
    assigned: a task titled as a chronology, or already carrying this chronology).

    Raises:
        ChronologyError: no such task is assigned to the actor on this matter.
        PermissionDeniedError, WorkflowError: as `work.services.submit_task`.
    """
    matter = chronology.matter
    require_editor(actor, matter)
    task = (
        Task.objects.filter(
            matter=matter,
            owner=actor,
            state__in=(
                TaskState.ASSIGNED,
                TaskState.IN_PROGRESS,
                TaskState.CHANGES_REQUESTED,
                TaskState.APPROVED,
            ),
        )
        .filter(
            Q(product_kind="chronology", product_id=str(chronology.pk))
            | Q(product_kind="", title__icontains="chronolog")
        )
        .annotate(
            carries=Case(
                When(product_kind="chronology", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("carries", "-pk")
        .first()
    )
    if task is None:
        raise ChronologyError(
            "No open chronology task is assigned to you on this matter. Ask the "
            "responsible attorney to assign one (a task whose title names the "
            "chronology)."
        )
    open_task: Task = task
    if open_task.state == TaskState.ASSIGNED:
        open_task = work.start_task(actor=actor, task=open_task)
    return work.submit_task(
        actor=actor,
        task=open_task,
        product_kind="chronology",
        product_id=str(chronology.pk),
        note=note,
    )


def export(*, actor: User, chronology: Chronology, fmt: str) -> tuple[bytes, str]:
    """The chronology as a file, audited with its content hash."""
    if not can_see_matter(actor, chronology.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    result = as_result(chronology)
    data = render.render(
        result, fmt, title=f"{chronology.matter.number} {chronology.matter.title}"
    )
    with transaction.atomic():
        audit.record(
            "chronology.exported",
            actor=actor,
            obj=chronology,
            matter=chronology.matter,
            details={"format": fmt, "sha256": content_hash(chronology)},
        )
    return data, f"chronology-{chronology.matter.number}.{fmt}"
