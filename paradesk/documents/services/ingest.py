"""Reading a version's pages in the background: queue, run, retry, never lose a file.

Every new version is queued for reading in the transaction that creates it; the job
runs after commit in the worker. The job is idempotent: it re-checks the version and
its hash, and a run that was cut off (worker killed) simply starts the version again,
because pages are written only at the end, in one transaction. A failure keeps the
version and its blob and records the reason a person can act on.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from paradesk.core import audit, jobs
from paradesk.core.exceptions import ParadeskError, PermissionDeniedError
from paradesk.core.storage import StorageError, get_store
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import (
    DocumentVersion,
    Ingest,
    IngestState,
    Page,
)
from paradesk.documents.services.indexing import index_version
from paradesk.engines.fulltext import FullTextError
from paradesk.engines.pages import (
    Extraction,
    PagesOptions,
    PasswordProtectedError,
    UnreadableError,
    decrypt_pdf,
    read_pages,
)
from paradesk.matters.selectors import can_see_matter

if TYPE_CHECKING:
    from paradesk.firm.models import User

log = logging.getLogger(__name__)

# Progress is written at most this often: a row per page would slow a 2,000-page
# production for nothing a person can see.
_PROGRESS_EVERY_SECONDS = 0.5


class IngestError(ParadeskError):
    pass


def queue_ingest(*, version: DocumentVersion) -> Ingest:
    """Queues reading a new version; call inside the transaction that created it."""
    if version.content_type == "application/zip":
        # An archive has no pages: `add_upload` adds each file in it as a document.
        return Ingest.objects.create(version=version, state=IngestState.ARCHIVE)
    job = jobs.create_progress(
        actor=version.uploaded_by,
        kind="documents.ingest",
        label=f"Reading {version.original_name}",
        matter=version.document.matter,
    )
    ingest = Ingest.objects.create(version=version, job=job)
    _enqueue_after_commit(version)
    return ingest


def _enqueue_after_commit(version: DocumentVersion) -> None:
    from paradesk.documents.jobs import ingest_version_job

    version_id, sha256 = version.pk, version.sha256
    transaction.on_commit(lambda: ingest_version_job.enqueue(version_id, sha256))


def retry_ingest(*, actor: User, version: DocumentVersion) -> Ingest:
    """Queues a version again after a failure or a run that was cut off.

    Raises:
        PermissionDeniedError: the actor may not see the matter.
        IngestError: the version was read already, or is being read right now.
    """
    if not can_see_matter(actor, version.document.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    with transaction.atomic():
        ingest = Ingest.objects.select_for_update().get(version=version)
        if ingest.state in {
            IngestState.DONE,
            IngestState.ARCHIVE,
            IngestState.UNLOCKED,
        }:
            raise IngestError("This version has been read already.")
        if ingest.state == IngestState.PASSWORD:
            raise IngestError("Give the PDF's password to read this version.")
        ingest.state = IngestState.QUEUED
        ingest.error = ""
        ingest.pages_done = 0
        ingest.job = jobs.create_progress(
            actor=actor,
            kind="documents.ingest",
            label=f"Reading {version.original_name}",
            matter=version.document.matter,
        )
        ingest.save()
        audit.record(
            "document.ingest_retried",
            actor=actor,
            obj=version,
            matter=version.document.matter,
            details={"attempts": ingest.attempts},
        )
        _enqueue_after_commit(version)
    return ingest


class _Progress:
    """Writes pages done / total to the ingest row and its progress bar, throttled."""

    def __init__(self, ingest: Ingest) -> None:
        self.ingest = ingest
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < _PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        Ingest.objects.filter(pk=self.ingest.pk).update(
            pages_done=done, pages_total=total, updated_at=timezone.now()
        )
        if self.ingest.job_id:
            jobs.report(
                self.ingest.job_id, done=done, total=total, message="Reading pages"
            )


def run_ingest(*, version_id: int, sha256: str) -> None:
    """Reads the pages of one version and stores them; the background job's body."""
    version = (
        DocumentVersion.objects.select_related("document__matter", "uploaded_by")
        .filter(pk=version_id, sha256=sha256)
        .first()
    )
    if version is None:
        return
    with transaction.atomic():
        ingest = Ingest.objects.select_for_update().filter(version=version).first()
        if ingest is None or ingest.state in {
            IngestState.DONE,
            IngestState.PASSWORD,
            IngestState.ARCHIVE,
            IngestState.UNLOCKED,
        }:
            return
        ingest.state = IngestState.RUNNING
        ingest.attempts += 1
        ingest.save(update_fields=["state", "attempts", "updated_at"])
    try:
        data = get_store().read(version.sha256)
        extraction = read_pages(
            data,
            name=version.original_name,
            options=PagesOptions(progress=_Progress(ingest)),
        )
    except PasswordProtectedError as error:
        _finish_unread(ingest, IngestState.PASSWORD, error.reason)
        return
    except (UnreadableError, StorageError) as error:
        reason = error.reason if isinstance(error, UnreadableError) else str(error)
        _finish_unread(ingest, IngestState.FAILED, reason)
        return
    _store_pages(ingest, version, extraction)


def _finish_unread(ingest: Ingest, state: str, reason: str) -> None:
    with transaction.atomic():
        Ingest.objects.filter(pk=ingest.pk).update(state=state, error=reason[:500])
        version = ingest.version
        audit.record(
            "document.ingest_failed",
            actor=None,
            obj=version,
            matter=version.document.matter,
            details={"state": state},
        )
    if ingest.job_id:
        jobs.fail(ingest.job_id, message=reason)


def _store_pages(
    ingest: Ingest, version: DocumentVersion, extraction: Extraction
) -> None:
    from paradesk.documents.services import add_document

    pages = [
        Page(
            version=version,
            number=page.number,
            text=page.text,
            method=page.method,
            confidence=page.confidence,
            error=(page.error or "")[:500],
        )
        for page in extraction.pages
    ]
    failed = sum(1 for page in extraction.pages if page.error)
    with transaction.atomic():
        # A run cut off earlier wrote nothing (pages are written only here), but a
        # run repeated by hand must not double them.
        Page.objects.filter(version=version).delete()
        Page.objects.bulk_create(pages, batch_size=500)
        Ingest.objects.filter(pk=ingest.pk).update(
            state=IngestState.DONE,
            error=(f"{failed} page(s) could not be read" if failed else ""),
            pages_done=len(pages),
            pages_total=len(pages),
        )
        audit.record(
            "document.ingested",
            actor=None,
            obj=version,
            matter=version.document.matter,
            details={
                "pages": len(pages),
                "ocr_pages": sum(1 for p in extraction.pages if p.method == "ocr"),
                "failed_pages": failed,
            },
        )
    if ingest.job_id:
        jobs.finish(
            ingest.job_id,
            result={"pages": len(pages)},
            message=f"{len(pages)} pages read"
            + (f", {failed} could not be read" if failed else "")
            + ".",
        )
    try:
        index_version(version)
    except (FullTextError, OSError):
        # The pages are stored; `paradesk search reindex` brings the index back.
        log.warning("search index not updated for version %s", version.pk)
    for attachment in extraction.attachments:
        # An e-mail's attachments become documents of their own, read in turn.
        try:
            add_document(
                actor=version.uploaded_by,
                matter=version.document.matter,
                file=attachment.data,
                name=attachment.name,
                source=version,
                source_path=attachment.name,
            )
        except DocumentError:
            # An empty or oversized attachment stays inside the e-mail, which is
            # kept whole; there is nothing else to store.
            continue


def unlock_pdf(
    *, actor: User, version: DocumentVersion, password: str
) -> DocumentVersion:
    """Makes a decrypted new version of a password-protected PDF; the password is
    used once, in memory, and never stored or logged.

    The encrypted version stays as uploaded (the original is evidence); the new,
    readable version is read like any upload.

    Raises:
        PermissionDeniedError: the actor may not see the matter.
        IngestError: the version is not a locked PDF, or the password is wrong.
    """
    from paradesk.documents.services import add_version

    if not can_see_matter(actor, version.document.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    ingest = Ingest.objects.filter(version=version).first()
    if ingest is None or ingest.state != IngestState.PASSWORD:
        raise IngestError("This version is not waiting for a password.")
    try:
        plain = decrypt_pdf(get_store().read(version.sha256), password=password)
    except PasswordProtectedError:
        raise IngestError("That password does not open this PDF.") from None
    except UnreadableError as error:
        raise IngestError(f"The PDF could not be opened: {error.reason}.") from None
    stem = version.original_name.rsplit(".", 1)[0]
    with transaction.atomic():
        # Locked first, so two people giving the password at once make one copy.
        locked = Ingest.objects.select_for_update().get(pk=ingest.pk)
        if locked.state != IngestState.PASSWORD:
            raise IngestError("This version has been unlocked already.")
        unlocked = add_version(
            actor=actor,
            document=version.document,
            file=plain,
            name=f"{stem} (unlocked).pdf",
        )
        locked.state = IngestState.UNLOCKED
        locked.save(update_fields=["state", "updated_at"])
        audit.record(
            "document.unlocked",
            actor=actor,
            obj=unlocked,
            matter=version.document.matter,
            details={"from_version_id": version.pk, "to_version_id": unlocked.pk},
        )
    return unlocked


# A reading that has reported no progress for this long was cut off (its worker was
# killed): the longest single OCR page is limited to a few minutes.
STALLED_AFTER = timedelta(minutes=10)


def requeue_interrupted() -> int:
    """Queues again every reading whose worker stopped midway; returns how many.

    Called when a worker starts. Reading is idempotent (pages are written only at the
    end, in one transaction), so a run that was in fact still alive elsewhere only
    costs time, never data.
    """
    stalled = Ingest.objects.filter(
        state=IngestState.RUNNING, updated_at__lt=timezone.now() - STALLED_AFTER
    ).select_related("version")
    count = 0
    for ingest in stalled:
        with transaction.atomic():
            Ingest.objects.filter(pk=ingest.pk, state=IngestState.RUNNING).update(
                state=IngestState.QUEUED, updated_at=timezone.now()
            )
            _enqueue_after_commit(ingest.version)
        count += 1
    return count
