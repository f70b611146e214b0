"""Every upload is read into pages in the background; failures keep the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from paradesk.core.models import AuditEvent, JobState
from paradesk.documents.models import Document, Ingest, IngestState, Page
from paradesk.documents.services import add_document, add_upload
from paradesk.documents.services.ingest import IngestError, retry_ingest, run_ingest
from paradesk.engines.pages.samples import eml_file, text_pdf
from paradesk.testing.personas import Firm

ASSETS = Path(__file__).resolve().parents[2] / "engines" / "pages" / "tests" / "assets"


def upload(firm: Firm, data: bytes, name: str, capture: Any) -> Document:
    with capture(execute=True):
        added = add_document(
            actor=firm.paralegal, matter=firm.matter, file=data, name=name
        )
    return added.document


def ingest_of(document: Document) -> Ingest:
    return Ingest.objects.get(version__document=document)


def test_a_text_pdf_is_read_page_by_page(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = text_pdf(
        [
            ["Emergency department visit 03/04/2025", "Cervical strain, CT negative"],
            ["Discharged home in stable condition with follow-up in one week"],
        ]
    )
    document = upload(firm, pdf, "er.pdf", django_capture_on_commit_callbacks)
    ingest = ingest_of(document)
    assert (ingest.state, ingest.pages_total, ingest.attempts) == ("done", 2, 1)
    pages = list(Page.objects.filter(version__document=document))
    assert [(p.number, p.method) for p in pages] == [(1, "text"), (2, "text")]
    assert "Cervical strain" in pages[0].text
    assert ingest.job is not None
    assert ingest.job.state == JobState.SUCCEEDED
    event = AuditEvent.objects.filter(action="document.ingested").get()
    assert event.details == {"pages": 2, "ocr_pages": 0, "failed_pages": 0}


def test_the_document_page_shows_the_pages(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = text_pdf([["Lumbar MRI impression"]])
    document = upload(firm, pdf, "mri.pdf", django_capture_on_commit_callbacks)
    html = firm.client(firm.paralegal).get(f"/documents/{document.pk}/").content
    assert b"Lumbar MRI impression" in html
    assert b"Pages of v1" in html


def test_a_corrupt_pdf_fails_with_its_reason_and_is_kept(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    truncated = text_pdf([["whole"]])[:60]
    document = upload(firm, truncated, "broken.pdf", django_capture_on_commit_callbacks)
    ingest = ingest_of(document)
    assert ingest.state == IngestState.FAILED
    assert ingest.error
    assert document.versions.count() == 1
    html = firm.client(firm.paralegal).get(f"/documents/{document.pk}/").content
    assert b"Try reading it again" in html
    assert b"nothing was lost" in html


def test_retry_queues_a_failed_version_again(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    document = upload(
        firm, text_pdf([["x"]])[:60], "broken.pdf", django_capture_on_commit_callbacks
    )
    version = document.versions.get()
    with django_capture_on_commit_callbacks(execute=True):
        retry_ingest(actor=firm.attorney, version=version)
    ingest = ingest_of(document)
    assert (ingest.state, ingest.attempts) == ("failed", 2)
    assert AuditEvent.objects.filter(action="document.ingest_retried").count() == 1


def test_a_finished_version_is_not_retried(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    document = upload(
        firm, text_pdf([["fine"]]), "fine.pdf", django_capture_on_commit_callbacks
    )
    with pytest.raises(IngestError, match="read already"):
        retry_ingest(actor=firm.attorney, version=document.versions.get())


def test_a_password_protected_pdf_is_stored_and_marked(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    data = (ASSETS / "password-protected.pdf").read_bytes()
    document = upload(firm, data, "locked.pdf", django_capture_on_commit_callbacks)
    ingest = ingest_of(document)
    assert ingest.state == IngestState.PASSWORD
    assert "password" in ingest.error.lower()


def test_a_run_cut_off_midway_starts_again_cleanly(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = text_pdf([["one"], ["two"], ["three"]])
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=pdf, name="a.pdf"
    )
    version = added.version
    # The worker died while reading: the row says running, no page was written.
    Ingest.objects.filter(version=version).update(state=IngestState.RUNNING, attempts=1)
    run_ingest(version_id=version.pk, sha256=version.sha256)
    run_ingest(version_id=version.pk, sha256=version.sha256)
    assert Page.objects.filter(version=version).count() == 3
    assert ingest_of(added.document).state == IngestState.DONE


def test_a_job_for_other_content_does_nothing(firm: Firm) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"plain text", name="a.txt"
    )
    run_ingest(version_id=added.version.pk, sha256="0" * 64)
    assert ingest_of(added.document).state == IngestState.QUEUED


def test_email_attachments_become_documents_that_are_read_too(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    eml = eml_file(
        "Records attached.",
        attachments=[("bill.pdf", "application/pdf", text_pdf([["Balance $120.00"]]))],
    )
    email = upload(firm, eml, "records.eml", django_capture_on_commit_callbacks)
    child = Document.objects.get(source__document=email)
    assert child.source_path == "bill.pdf"
    assert ingest_of(child).state == IngestState.DONE
    assert "Balance $120.00" in Page.objects.get(version__document=child).text


def test_an_archive_has_no_pages_of_its_own(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("note.txt", "Follow-up in two weeks")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = add_upload(
            actor=firm.paralegal,
            matter=firm.matter,
            file=buffer.getvalue(),
            name="p.zip",
        )
    assert ingest_of(outcome.upload.document).state == IngestState.ARCHIVE
    assert ingest_of(outcome.extracted[0].document).state == IngestState.DONE


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_retry_of_a_hidden_version_is_404(
    firm: Firm, who: str, django_capture_on_commit_callbacks: Any
) -> None:
    document = upload(
        firm, text_pdf([["x"]])[:60], "broken.pdf", django_capture_on_commit_callbacks
    )
    version = document.versions.get()
    response = firm.client(getattr(firm, who)).post(
        f"/documents/versions/{version.pk}/retry/"
    )
    assert response.status_code == 404
    assert ingest_of(document).attempts == 1


def test_the_right_password_makes_a_readable_new_version(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    data = (ASSETS / "password-protected.pdf").read_bytes()
    document = upload(firm, data, "locked.pdf", django_capture_on_commit_callbacks)
    version = document.versions.get()
    client = firm.client(firm.paralegal)
    wrong = client.post(
        f"/documents/versions/{version.pk}/unlock/", {"password": "nope"}, follow=True
    )
    assert b"does not open this PDF" in wrong.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/documents/versions/{version.pk}/unlock/", {"password": "records-2025"}
        )
    unlocked = document.versions.get(number=2)
    assert Ingest.objects.get(version=unlocked).state == IngestState.DONE
    assert Ingest.objects.get(version=version).state == IngestState.UNLOCKED
    again = client.post(
        f"/documents/versions/{version.pk}/unlock/",
        {"password": "records-2025"},
        follow=True,
    )
    assert b"not waiting for a password" in again.content
    assert document.versions.count() == 2
    for event in AuditEvent.objects.all():
        assert "records-2025" not in str(event.details)
    assert AuditEvent.objects.filter(action="document.unlocked").count() == 1


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_unlocking_a_hidden_version_is_404(
    firm: Firm, who: str, django_capture_on_commit_callbacks: Any
) -> None:
    data = (ASSETS / "password-protected.pdf").read_bytes()
    document = upload(firm, data, "locked.pdf", django_capture_on_commit_callbacks)
    version = document.versions.get()
    response = firm.client(getattr(firm, who)).post(
        f"/documents/versions/{version.pk}/unlock/", {"password": "records-2025"}
    )
    assert response.status_code == 404
    assert document.versions.count() == 1


def test_a_reading_cut_off_by_a_killed_worker_is_queued_again(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from paradesk.core.jobs import STALLED_AFTER
    from paradesk.documents.services.ingest import requeue_interrupted

    added = add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=text_pdf([["a"] * 40]),
        name="a.pdf",
    )
    stalled_at = timezone.now() - STALLED_AFTER - timedelta(minutes=1)
    Ingest.objects.filter(version=added.version).update(
        state=IngestState.RUNNING, updated_at=stalled_at
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_interrupted() == 1
    assert ingest_of(added.document).state == IngestState.DONE
    assert requeue_interrupted() == 0


def _claimed_by(document: Document, worker: str) -> Ingest:
    from paradesk.core.models import JobProgress

    ingest = ingest_of(document)
    assert ingest.job_id is not None
    Ingest.objects.filter(pk=ingest.pk).update(state=IngestState.RUNNING)
    JobProgress.objects.filter(pk=ingest.job_id).update(
        state=JobState.RUNNING, worker=worker
    )
    return ingest_of(document)


def _heartbeat(name: str, *, seconds_ago: float) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from paradesk.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(
        name=name, pid=1, seen_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


@override_settings(PARADESK_WORKER_HEARTBEAT_SECONDS=10)
def test_a_reading_whose_worker_was_just_killed_is_queued_again_by_a_live_worker(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    from paradesk.ops.worker import Heartbeat

    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=text_pdf([["a"]]), name="a.pdf"
    )
    _claimed_by(added.document, "host-b:4242")
    _heartbeat("host-b:4242", seconds_ago=45)

    with django_capture_on_commit_callbacks(execute=True):
        Heartbeat(name="host-a:1", every_seconds=10).tick()

    ingest = ingest_of(added.document)
    assert ingest.state == IngestState.DONE
    assert ingest.job is not None
    assert ingest.job.state == JobState.SUCCEEDED


@override_settings(PARADESK_WORKER_HEARTBEAT_SECONDS=10)
def test_retry_is_refused_while_a_live_worker_reads_the_version(firm: Firm) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=text_pdf([["a"]]), name="a.pdf"
    )
    _claimed_by(added.document, "host-c:77")
    _heartbeat("host-c:77", seconds_ago=3)

    with pytest.raises(IngestError, match="being read right now"):
        retry_ingest(actor=firm.attorney, version=added.version)
    assert ingest_of(added.document).state == IngestState.RUNNING
    assert AuditEvent.objects.filter(action="document.ingest_retried").count() == 0


def test_retry_is_refused_while_the_version_waits_in_the_queue(firm: Firm) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=text_pdf([["a"]]), name="a.pdf"
    )

    with pytest.raises(IngestError, match="being read right now"):
        retry_ingest(actor=firm.attorney, version=added.version)


@override_settings(PARADESK_WORKER_HEARTBEAT_SECONDS=10)
def test_an_interrupted_reading_offers_retry_and_retry_reads_it(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=text_pdf([["a"]]), name="a.pdf"
    )
    _claimed_by(added.document, "host-b:4242")
    _heartbeat("host-b:4242", seconds_ago=45)
    client = firm.client(firm.paralegal)

    page = client.get(f"/documents/{added.document.pk}/").content

    assert b"Try reading it again" in page
    with django_capture_on_commit_callbacks(execute=True):
        retry_ingest(actor=firm.paralegal, version=added.version)
    assert ingest_of(added.document).state == IngestState.DONE


@override_settings(PARADESK_WORKER_HEARTBEAT_SECONDS=10)
def test_a_reading_killed_before_its_first_progress_is_queued_again(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    from paradesk.core.models import JobProgress
    from paradesk.ops.worker import Heartbeat

    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=text_pdf([["a"]]), name="a.pdf"
    )
    ingest = ingest_of(added.document)
    assert ingest.job_id is not None
    # Taken by a worker (claimed) that died before it counted the pages.
    Ingest.objects.filter(pk=ingest.pk).update(state=IngestState.RUNNING)
    JobProgress.objects.filter(pk=ingest.job_id).update(worker="host-b:4242")
    _heartbeat("host-b:4242", seconds_ago=45)

    with django_capture_on_commit_callbacks(execute=True):
        Heartbeat(name="host-a:1", every_seconds=10).tick()

    assert ingest_of(added.document).state == IngestState.DONE
