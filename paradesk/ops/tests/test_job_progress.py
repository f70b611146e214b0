"""The job progress partial: a job runs to the end and only its owner sees it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.urls import reverse

from paradesk.core import jobs
from paradesk.core.models import AuditEvent, JobProgress, JobState
from paradesk.testing.personas import Firm

CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def finished_job(
    firm: Firm, django_capture_on_commit_callbacks: CaptureCallbacks
) -> JobProgress:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_audit_verification(actor=firm.admin)
    job.refresh_from_db()
    return job


def test_audit_verification_job_ends_succeeded(finished_job: JobProgress) -> None:
    assert finished_job.state == JobState.SUCCEEDED
    assert finished_job.percent == 100
    assert finished_job.result == {"checked": AuditEvent.objects.count()}
    assert "chain intact" in finished_job.message
    assert AuditEvent.objects.filter(
        action="audit.verify_requested", object_id=str(finished_job.pk)
    ).exists()


def test_progress_partial_shows_the_finished_bar(
    firm: Firm, finished_job: JobProgress
) -> None:
    response = firm.client(firm.admin).get(reverse("ops:job", args=[finished_job.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="100"' in html
    assert "Done" in html
    # A finished job stops the htmx polling.
    assert "hx-get" not in html


def test_job_is_not_enqueued_before_commit(firm: Firm) -> None:
    # Without the commit the callback never runs: the job stays queued.
    job = jobs.request_audit_verification(actor=firm.admin)

    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    response = firm.client(firm.admin).get(reverse("ops:job", args=[job.pk]))
    assert 'value="0"' in response.content.decode()
    assert "hx-get" in response.content.decode()


@pytest.mark.parametrize("who", ["attorney", "paralegal", "outsider", "walled"])
def test_someone_elses_job_is_404(
    firm: Firm, finished_job: JobProgress, who: str
) -> None:
    response = firm.client(getattr(firm, who)).get(
        reverse("ops:job", args=[finished_job.pk])
    )

    assert response.status_code == 404


def test_unknown_job_is_404(firm: Firm) -> None:
    url = reverse("ops:job", args=["00000000-0000-0000-0000-000000000000"])

    assert firm.client(firm.admin).get(url).status_code == 404


def test_matter_job_is_404_for_the_walled_user(firm: Firm) -> None:
    job = jobs.create_progress(
        actor=firm.attorney, kind="test.matter", label="Matter job", matter=firm.matter
    )
    url = reverse("ops:job", args=[job.pk])

    assert firm.client(firm.paralegal).get(url).status_code == 200
    assert firm.client(firm.walled).get(url).status_code == 404
    assert firm.client(firm.outsider).get(url).status_code == 404
