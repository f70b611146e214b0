"""A matter's chronology built from the sample records, and approved, for tests that
need one (the drafting app and its API build demands from it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from paradesk.chronology import services as chronology_services
from paradesk.chronology.models import Chronology
from paradesk.core.models import JobState
from paradesk.documents.services import add_document
from paradesk.engines.medchron.samples import SAMPLE_FILES, SAMPLE_PATIENT
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.personas import Firm
from paradesk.work import services as work
from paradesk.work.models import Task


def build_sample_chronology(firm: Firm, capture: Any) -> Chronology:
    """Uploads the sample records to the firm's matter (incident 2024-03-04) and
    builds its chronology. `capture`: `django_capture_on_commit_callbacks`."""
    firm.matter.incident_on = date(2024, 3, 4)
    firm.matter.save()
    firm.matter.client.name = SAMPLE_PATIENT
    firm.matter.client.save()
    for name, pages in SAMPLE_FILES.items():
        with capture(execute=True):
            add_document(
                actor=firm.paralegal,
                matter=firm.matter,
                file=text_pdf([page.splitlines() for page in pages]),
                name=name,
            )
    with capture(execute=True):
        job = chronology_services.request_build(
            actor=firm.paralegal, matter=firm.matter
        )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    return Chronology.objects.get(matter=firm.matter)


def approve_chronology(firm: Firm, chronology: Chronology) -> Task:
    """The paralegal submits it with a new task; the attorney approves it."""
    work.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Medical chronology",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )
    task = chronology_services.submit_for_review(
        actor=firm.paralegal, chronology=chronology
    )
    return work.approve_task(actor=firm.attorney, task=task)
