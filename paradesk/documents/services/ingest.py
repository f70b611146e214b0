"""Reading a version's pages in the background: queue, run, retry, never lose a file.

Every new version is queued for reading in the transaction that creates it; the job
runs after commit in the worker. The job is idempotent: it re-checks the version and
its hash, and a run that was cut off (worker killed) simply starts the version again,
because pages are written only at the end, in one transaction. A failure keeps the
version and its blob and records the reason a person can act on.

The worker never holds the file: the blob is decrypted as a stream into an owner-only
temporary file under PARADESK_HOME, and a child process per reading
(`paradesk.documents.pagereader`) parses it, reporting progress as pages finish, then
streams the pages back for the worker to store in batches. A crash, a leak or a hang
in a parser ends only that child, which is killed after
PARADESK_INGEST_TIME_LIMIT_SECONDS.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paradesk.core import audit, jobs
from paradesk.core.exceptions import ParadeskError, PermissionDeniedError
from paradesk.core.models import JobState
from paradesk.core.storage import StorageError, get_store
from paradesk.core.workdir import private_workdir, temp_root
from paradesk.documents import listeners, pagereader
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import (
    DocumentVersion,
    Ingest,
    IngestState,
    Page,
)
from paradesk.documents.services.indexing import index_version
from paradesk.engines import pages as engine
from paradesk.engines.fulltext import FullTextError
from paradesk.engines.pages import (
    PasswordProtectedError,
    UnreadableError,
    decrypt_pdf,
)
from paradesk.matters.selectors import can_see_matter

if TYPE_CHECKING:
    from paradesk.firm.models import User

log = logging.getLogger(__name__)

# Progress is written at most this often: a row per page would slow a 2,000-page
# production for nothing a person can see.
_PROGRESS_EVERY_SECONDS = 0.5
# Pages are inserted in batches of at most this many rows or characters of text, so
# the worker holds one batch of a production's text at a time.
_BATCH_PAGES = 500
_BATCH_CHARS = 1 << 20
_COPY_CHUNK = 1 << 16
# Each reading's private folder in the temporary directory: `ingest-<random>`.
_WORKDIR_PREFIX = "ingest-"


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
    """Queues a version again after a failure or a run that was cut off, never while a
    live worker reads it or it waits in the queue.

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
        if ingest.state in {IngestState.QUEUED, IngestState.RUNNING} and not (
            is_interrupted(ingest)
        ):
            raise IngestError("This version is being read right now.")
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
        if ingest.job_id:
            jobs.claim(ingest.job_id)
    try:
        with _private_workdir() as workdir:
            source = _copy_for_reading(version.sha256, workdir)
            _read_and_store(ingest, version, source, workdir)
    except StorageError as error:
        _finish_unread(ingest, IngestState.FAILED, str(error))
    except _CopyFailedError as error:
        log.warning(
            "copy for reading failed: version_id=%s errno=%s", version.pk, error.errno
        )
        _finish_unread(ingest, IngestState.FAILED, str(error))
    except pagereader.ReaderStoppedError as error:
        # Ids and the exit status only: the reason is ours, never the file's content.
        log.warning("page reader stopped: version_id=%s %s", version.pk, error.detail)
        _finish_unread(ingest, IngestState.FAILED, error.reason)


class _CopyFailedError(IngestError):
    """The temporary copy to read could not be made (disk full, permissions)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(
            "A temporary copy of the file could not be written for reading "
            f"({error.strerror or 'disk error'}). The file is kept as uploaded; "
            "try reading it again."
        )
        self.errno = error.errno


def time_limit_seconds() -> float:
    """How long one reading may take before its child process is killed."""
    return float(settings.PARADESK_INGEST_TIME_LIMIT_SECONDS)


@contextlib.contextmanager
def _private_workdir() -> Iterator[Path]:
    """`core.workdir.private_workdir`, its failure to be made a reason to show."""
    folder = contextlib.ExitStack()
    try:
        path = folder.enter_context(private_workdir(_WORKDIR_PREFIX))
    except OSError as error:
        raise _CopyFailedError(error) from error
    with folder:
        yield path


def _copy_for_reading(sha256: str, workdir: Path) -> Path:
    """Writes the verified plaintext into `workdir` (0600), one segment at a time.

    The stream verifies each segment as it is read and the whole hash at the end, so
    a tampered blob raises `StorageError` before the child ever sees the file.

    Raises:
        StorageError: the blob is missing or fails authentication.
        _CopyFailedError: the copy could not be written.
    """
    target = workdir / "content"
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            get_store().open_stream(sha256) as plain,
            os.fdopen(descriptor, "wb") as out,
        ):
            shutil.copyfileobj(plain, out, _COPY_CHUNK)
    except OSError as error:
        raise _CopyFailedError(error) from error
    return target


def _read_and_store(
    ingest: Ingest, version: DocumentVersion, source: Path, workdir: Path
) -> None:
    progress = _Progress(ingest)
    results = pagereader.read_in_child(
        source,
        name=version.original_name,
        workdir=workdir,
        time_limit=time_limit_seconds(),
    )
    with contextlib.closing(results):
        for message in results:
            if isinstance(message, pagereader.Progress):
                progress(message.done, message.total)
            elif isinstance(message, pagereader.Unread):
                state = IngestState.PASSWORD if message.password else IngestState.FAILED
                _finish_unread(ingest, state, message.reason)
                return
            else:
                _store_pages(ingest, version, message, results)
                return


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


class _Tally:
    """What the stored pages add up to, counted as they stream past."""

    def __init__(self) -> None:
        self.pages = 0
        self.ocr = 0
        self.failed = 0

    def count(self, page: engine.Page) -> None:
        self.pages += 1
        self.ocr += int(page.method == "ocr")
        self.failed += int(page.error is not None)


def _store_pages(
    ingest: Ingest,
    version: DocumentVersion,
    first: pagereader.Message,
    rest: Iterable[pagereader.Message],
) -> None:
    from paradesk.documents.services import add_document

    tally = _Tally()
    attachments: list[pagereader.AttachmentFound] = []
    batch: list[Page] = []
    batch_chars = 0
    with transaction.atomic():
        # A run cut off earlier wrote nothing (this transaction is the only write,
        # and a child that dies midway rolls it back), but a run repeated by hand
        # must not double the pages.
        Page.objects.filter(version=version).delete()
        for message in itertools.chain([first], rest):
            if isinstance(message, pagereader.AttachmentFound):
                attachments.append(message)
            if not isinstance(message, engine.Page):
                continue
            tally.count(message)
            batch.append(
                Page(
                    version=version,
                    number=message.number,
                    text=message.text,
                    method=message.method,
                    confidence=message.confidence,
                    error=(message.error or "")[:500],
                )
            )
            batch_chars += len(message.text)
            if len(batch) >= _BATCH_PAGES or batch_chars >= _BATCH_CHARS:
                Page.objects.bulk_create(batch)
                batch, batch_chars = [], 0
        Page.objects.bulk_create(batch)
        failed = tally.failed
        Ingest.objects.filter(pk=ingest.pk).update(
            state=IngestState.DONE,
            error=(f"{failed} page(s) could not be read" if failed else ""),
            pages_done=tally.pages,
            pages_total=tally.pages,
        )
        audit.record(
            "document.ingested",
            actor=None,
            obj=version,
            matter=version.document.matter,
            details={
                "pages": tally.pages,
                "ocr_pages": tally.ocr,
                "failed_pages": failed,
            },
        )
    if ingest.job_id:
        jobs.finish(
            ingest.job_id,
            result={"pages": tally.pages},
            message=f"{tally.pages} pages read"
            + (f", {failed} could not be read" if failed else "")
            + ".",
        )
    try:
        index_version(version)
    except (FullTextError, OSError):
        # The pages are stored; `paradesk search reindex` brings the index back.
        log.warning("search index not updated for version %s", version.pk)
    # New records: the apps above are told (a chronology rebuilds, keeping edits).
    listeners.records_read(matter=version.document.matter, actor=version.uploaded_by)
    for attachment in attachments:
        # An e-mail's attachments become documents of their own, read in turn.
        try:
            with attachment.path.open("rb") as file:
                add_document(
                    actor=version.uploaded_by,
                    matter=version.document.matter,
                    file=file,
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


def is_interrupted(ingest: Ingest) -> bool:
    """Whether a reading says running but nothing runs it any more.

    A reading whose progress row names a worker is cut off once that worker stops
    beating (see `paradesk.core.jobs`); any other once it has reported nothing for
    `jobs.STALLED_AFTER`. A queued reading waits in the database queue.
    """
    if ingest.state != IngestState.RUNNING:
        return False
    job = ingest.job
    if job is not None and (job.worker or job.state == JobState.RUNNING):
        return jobs.is_interrupted(job)
    return ingest.updated_at < timezone.now() - jobs.STALLED_AFTER


def requeue_interrupted() -> int:
    """Queues again every reading whose worker stopped midway; returns how many.

    Every live worker runs this on each heartbeat (registered with
    `jobs.register_sweep`). Reading is idempotent (pages are written only at the end,
    in one transaction), so a run that was in fact still alive elsewhere only costs
    time, never data. The plaintext copies that killed workers left behind go too.
    """
    remove_abandoned_copies()
    running = Ingest.objects.filter(state=IngestState.RUNNING).select_related(
        "version", "job"
    )
    count = 0
    for ingest in running:
        if not is_interrupted(ingest):
            continue
        with transaction.atomic():
            moved = Ingest.objects.filter(
                pk=ingest.pk, state=IngestState.RUNNING, updated_at=ingest.updated_at
            ).update(state=IngestState.QUEUED, updated_at=timezone.now())
            if not moved:
                continue
            if ingest.job_id:
                jobs.requeue(ingest.job_id, message="Queued again: its worker stopped.")
            _enqueue_after_commit(ingest.version)
        count += 1
    return count


def remove_abandoned_copies() -> int:
    """Removes temporary copies that a killed worker could not; returns how many.

    A reading's folder is removed by the reading itself, even when its child fails;
    only a worker killed outright (SIGKILL, power loss) leaves one. A folder older
    than the time limit plus `jobs.STALLED_AFTER` belongs to no live reading: its child
    was killed at the limit, and its worker would have removed it then.
    """
    cutoff = time.time() - time_limit_seconds() - jobs.STALLED_AFTER.total_seconds()
    removed = 0
    for folder in temp_root().glob(f"{_WORKDIR_PREFIX}*"):
        with contextlib.suppress(FileNotFoundError):
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed
