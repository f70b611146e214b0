"""Background jobs of the core app, and the progress record every job writes.

Jobs take ids, re-check them, call services and report progress; they hold no logic of
their own. They are enqueued only after the transaction that asked for them commits.

A job that runs in a `paradesk worker` names that worker on its progress row. The
worker's heartbeat says it is alive; a running job whose worker's heartbeat went stale
was cut off (the process was killed). Every live worker sweeps for such jobs on each
beat (`sweep_interrupted_work`): an app that can resume its work registers a sweep
that queues it again; any other interrupted job is marked failed, so nobody waits on
a progress bar that will never move and the person can start it again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from paradesk.core import audit, readqueue
from paradesk.core.models import AuditEvent, JobProgress, JobState, WorkerHeartbeat

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

log = logging.getLogger(__name__)

# A job run outside any worker (in the process that asked for it) that has written no
# progress for this long is taken as cut off: no single step of ours takes so long.
STALLED_AFTER = timedelta(minutes=10)
INTERRUPTED_MESSAGE = "Interrupted: the worker running it stopped. Start it again."

# The worker this process is, set by `run_worker`; blank in web processes and tests.
_current_worker = ""
# Sweeps of apps that resume their own interrupted work; each returns how many it took.
_sweeps: list[Callable[[], int]] = []


def set_current_worker(name: str) -> None:
    # One value per process, set once when the worker starts.
    global _current_worker
    _current_worker = name


def current_worker() -> str:
    return _current_worker


def heartbeat_fresh_since() -> datetime:
    """A worker whose heartbeat is older than this is gone (killed or stopped)."""
    return timezone.now() - timedelta(
        seconds=settings.PARADESK_WORKER_HEARTBEAT_SECONDS * 3
    )


def live_workers() -> set[str]:
    return set(
        WorkerHeartbeat.objects.filter(
            seen_at__gte=heartbeat_fresh_since()
        ).values_list("name", flat=True)
    )


def is_interrupted(job: JobProgress, *, live: set[str] | None = None) -> bool:
    """Whether a worker took `job` (claimed it, or it says running) and nothing runs
    it any more."""
    if job.state not in {JobState.QUEUED, JobState.RUNNING}:
        return False
    if job.worker:
        return job.worker not in (live_workers() if live is None else live)
    if job.state == JobState.QUEUED:
        # Waiting in the queue: the database keeps it until a worker takes it.
        return False
    return job.updated_at < timezone.now() - STALLED_AFTER


def is_live(job: JobProgress) -> bool:
    """Queued, or taken by a process that is still alive."""
    return job.state in {JobState.QUEUED, JobState.RUNNING} and not (
        is_interrupted(job)
    )


def register_sweep(sweep: Callable[[], int]) -> None:
    """Adds an app's sweep for its own interrupted work (run before the generic one)."""
    if sweep not in _sweeps:
        _sweeps.append(sweep)


def sweep_interrupted_work() -> int:
    """Queues again or fails every job whose worker stopped; returns how many.

    Run by every live worker on each heartbeat, so work cut off by a killed worker is
    found while other workers run, not only when one starts.
    """
    found = sum(sweep() for sweep in _sweeps)
    live = live_workers()
    taken = JobProgress.objects.filter(
        Q(state=JobState.RUNNING) | Q(state=JobState.QUEUED, worker__gt="")
    )
    for job in taken:
        if not is_interrupted(job, live=live):
            continue
        # Conditional on the state and worker seen, so a job that finished meanwhile,
        # or that another sweep took, is left alone.
        found += JobProgress.objects.filter(
            pk=job.pk, state=job.state, worker=job.worker
        ).update(
            state=JobState.FAILED,
            message=INTERRUPTED_MESSAGE,
            updated_at=timezone.now(),
        )
    return found


def requeue(job_id: uuid.UUID | str, *, message: str) -> None:
    """Marks a job queued again (its app has enqueued it afresh)."""
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.QUEUED,
        worker="",
        message=message[:500],
        updated_at=timezone.now(),
    )


def create_progress(
    *, actor: User, kind: str, label: str, matter: Matter | None = None
) -> JobProgress:
    return JobProgress.objects.create(
        kind=kind, label=label[:200], matter=matter, created_by=actor
    )


def claim(job_id: uuid.UUID | str) -> None:
    """Names this process as the one running a job (see `is_interrupted`).

    The state stays as it is until the job reports progress: the progress bar says
    "queued" rather than "0 of 0" while the job works out how much there is to do.
    """
    JobProgress.objects.filter(pk=job_id).update(
        worker=current_worker(), updated_at=timezone.now()
    )


def report(
    job_id: uuid.UUID | str, *, done: int, total: int, message: str = ""
) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.RUNNING,
        worker=current_worker(),
        done=done,
        total=total,
        message=message[:500],
        updated_at=timezone.now(),
    )


def finish(
    job_id: uuid.UUID | str, *, result: dict[str, object], message: str = ""
) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.SUCCEEDED,
        result=result,
        message=message[:500],
        updated_at=timezone.now(),
    )


def fail(job_id: uuid.UUID | str, *, message: str) -> None:
    JobProgress.objects.filter(pk=job_id).update(
        state=JobState.FAILED, message=message[:500], updated_at=timezone.now()
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
    readqueue.drain_abandoned()
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
