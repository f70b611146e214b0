"""Background jobs of the core app, and the progress record every job writes.

Jobs take ids, re-check them, call services and report progress; they hold no logic of
their own. They are enqueued only after the transaction that asked for them commits.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django_tasks import task

from paradesk.core import audit
from paradesk.core.models import AuditEvent, JobProgress, JobState

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

log = logging.getLogger(__name__)


def create_progress(
    *, actor: User, kind: str, label: str, matter: Matter | None = None
) -> JobProgress:
    return JobProgress.objects.create(
        kind=kind, label=label[:200], matter=matter, created_by=actor
    )


def report(
    job_id: uuid.UUID | str, *, done: int, total: int, message: str = ""
) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.RUNNING, done=done, total=total, message=message[:500]
    )


def finish(
    job_id: uuid.UUID | str, *, result: dict[str, object], message: str = ""
) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.SUCCEEDED, result=result, message=message[:500]
    )


def fail(job_id: uuid.UUID | str, *, message: str) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.FAILED, message=message[:500]
    )


def request_audit_verification(*, actor: User) -> JobProgress:
    """Queues a full check of the audit chain; the admin watches its progress bar."""
    with transaction.atomic():
        job = create_progress(
            actor=actor, kind="audit.verify", label="Verify the audit chain"
        )
        audit.record("audit.verify_requested", actor=actor, obj=job)
        job_id = str(job.pk)
        transaction.on_commit(lambda: verify_audit_chain_job.enqueue(job_id))
    return job


@task()
def verify_audit_chain_job(job_id: str) -> None:
    job = JobProgress.objects.filter(pk=job_id, kind="audit.verify").first()
    if job is None or job.finished:
        return
    total = AuditEvent.objects.count()
    report(job_id, done=0, total=total, message="Checking events")
    checked, broken = 0, None
    for checked, broken, _head in audit.iter_verify(batch=500):
        if broken is not None:
            break
        report(job_id, done=checked, total=total, message="Checking events")
    if broken is not None:
        fail(job_id, message=f"Chain broken at event #{broken.seq}: {broken.reason}.")
        log.warning("audit chain broken at seq %s", broken.seq)
        return
    finish(
        job_id,
        result={"checked": checked},
        message=f"{checked} events verified, chain intact.",
    )
