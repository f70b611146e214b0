"""Work cut off by a killed worker is found by the other workers' heartbeats."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.chronology.services import request_build
from paradesk.core import jobs
from paradesk.core.models import JobProgress, JobState, WorkerHeartbeat
from paradesk.ops.worker import Heartbeat
from paradesk.testing.personas import Firm


@pytest.fixture(autouse=True)
def _ten_second_heartbeat(settings: SettingsWrapper) -> None:
    settings.PARADESK_WORKER_HEARTBEAT_SECONDS = 10


KILLED = "host-b:4242"
ALIVE = "host-c:77"


def _beat(name: str, *, seconds_ago: float) -> None:
    WorkerHeartbeat.objects.update_or_create(
        name=name,
        defaults={"pid": 1, "seen_at": timezone.now() - timedelta(seconds=seconds_ago)},
    )


def _running_on(job: JobProgress, worker: str, *, done: int, total: int) -> None:
    JobProgress.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        worker=worker,
        done=done,
        total=total,
        updated_at=timezone.now(),
    )


def test_a_killed_build_is_failed_by_a_live_worker_within_a_minute(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        job = request_build(actor=firm.paralegal, matter=firm.matter)
    _running_on(job, KILLED, done=100, total=114)
    # Killed 40 seconds ago: recovery at start-up would wait ten minutes, or forever.
    _beat(KILLED, seconds_ago=40)

    Heartbeat(name="host-a:1", every_seconds=10).tick()

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message == jobs.INTERRUPTED_MESSAGE
    page = firm.client(firm.paralegal).get(f"/matters/{firm.matter.pk}/chronology/")
    assert b"The last build failed: Interrupted" in page.content


def test_a_job_whose_worker_still_beats_is_left_running(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        job = request_build(actor=firm.paralegal, matter=firm.matter)
    _running_on(job, ALIVE, done=10, total=114)
    _beat(ALIVE, seconds_ago=5)

    Heartbeat(name="host-a:1", every_seconds=10).tick()

    job.refresh_from_db()
    assert (job.state, job.done) == (JobState.RUNNING, 10)


def test_report_names_the_worker_running_the_job(firm: Firm) -> None:
    job = jobs.create_progress(actor=firm.admin, kind="audit.verify", label="Verify")
    jobs.set_current_worker(ALIVE)
    try:
        jobs.report(job.pk, done=1, total=2)
    finally:
        jobs.set_current_worker("")

    job.refresh_from_db()
    assert (job.state, job.worker) == (JobState.RUNNING, ALIVE)
    assert jobs.is_live(job) is False
    _beat(ALIVE, seconds_ago=1)
    assert jobs.is_live(job) is True


@pytest.mark.django_db
def test_a_stopped_workers_own_row_is_gone_so_its_jobs_count_as_interrupted() -> None:
    heartbeat = Heartbeat(name=KILLED, every_seconds=10)
    heartbeat.beat()
    assert KILLED in jobs.live_workers()

    heartbeat.stop()

    assert KILLED not in jobs.live_workers()
