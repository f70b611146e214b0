"""Uploads, new versions, and the audit of every view and download.

The blob is stored (fsync, atomic rename) before the transaction that creates its row,
so a committed row always points at content on disk. A failure after the blob write
leaves an unreferenced blob, which `prune_blobs` removes later; never a row without
its blob.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from paradesk.core import audit
from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.services import record_read
from paradesk.core.storage import get_store
from paradesk.documents import filetypes
from paradesk.documents.exceptions import DocumentError, DuplicateVersionError
from paradesk.documents.models import Document, DocumentVersion
from paradesk.documents.services.ingest import queue_ingest
from paradesk.engines import archives
from paradesk.matters.models import Matter
from paradesk.matters.selectors import can_see_matter

if TYPE_CHECKING:
    from paradesk.firm.models import User

_NAME_LIMIT = 255
_TITLE_LIMIT = 200
_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]')


def max_upload_bytes() -> int:
    """The one-file upload limit (settings.PARADESK_MAX_UPLOAD_MB), read at each call.

    Raises:
        ImproperlyConfigured: the setting is not a positive number of megabytes.
    """
    megabytes = settings.PARADESK_MAX_UPLOAD_MB
    if not isinstance(megabytes, int) or megabytes <= 0:
        raise ImproperlyConfigured(
            "PARADESK_MAX_UPLOAD_MB must be a positive whole number of megabytes."
        )
    return megabytes * 1024 * 1024


def describe_limit(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g} MB"


def clean_file_name(name: str) -> str:
    """A file name safe to store and to send back in a header: no path, no controls.

    Keeps Unicode letters and the extension; a name with nothing left becomes
    "document".
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name))[-1]
    base = _UNSAFE_NAME_CHARS.sub("_", base).strip(" .")
    if not base:
        return "document"
    if len(base) > _NAME_LIMIT:
        stem, dot, ext = base.rpartition(".")
        if dot and 0 < len(ext) <= 16:
            base = stem[: _NAME_LIMIT - len(ext) - 1] + "." + ext
        else:
            base = base[:_NAME_LIMIT]
    return base


class Readable(Protocol):
    """An open binary file: an upload, a file on disk, a BytesIO."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Added:
    """An upload's outcome; `created` is False when the content was already there."""

    document: Document
    version: DocumentVersion
    created: bool


@dataclass(frozen=True)
class _Content:
    """An upload as stored: its hash, size and type, and its bytes when kept in memory.

    `data` is None for a file that was streamed into the store; archives and Word
    files (zip containers, whose type and entries need the whole file) are kept.
    """

    sha256: str
    size: int
    content_type: str
    name: str
    data: bytes | None


def _require_visible(actor: User, matter: Matter) -> None:
    if not can_see_matter(actor, matter):
        raise PermissionDeniedError("You are not on this matter's team.")


def upload_too_large(limit: int) -> DocumentError:
    """The refusal of a file over the upload limit, as every upload path words it."""
    return DocumentError(
        f"The file is larger than the upload limit of {describe_limit(limit)}."
    )


# Enough of a file's start to judge its type by content (see filetypes).
_HEAD_BYTES = 1024 * 1024


class _Metered:
    """The rest of an upload after its head, counted as it streams into the store."""

    def __init__(self, head: bytes, rest: Readable, limit: int) -> None:
        self._pending = head
        self._rest = rest
        self._limit = limit
        self.size = 0

    def read(self, size: int = -1, /) -> bytes:
        if self._pending:
            chunk, self._pending = self._pending, b""
        else:
            chunk = self._rest.read(size if size > 0 else _HEAD_BYTES)
        self.size += len(chunk)
        if self.size > self._limit:
            # Raised inside the store's write: it removes its temporary file.
            raise upload_too_large(self._limit)
        return chunk


def _store(file: Readable | bytes, name: str) -> _Content:
    """Stores an upload; a large ordinary file streams, never wholly in memory."""
    clean_name = clean_file_name(name)
    head = file if isinstance(file, bytes) else _read_up_to(file, _HEAD_BYTES)
    if not head:
        raise DocumentError("The file is empty: there is nothing to store.")
    if isinstance(file, bytes) or archives.is_zip(head) or len(head) < _HEAD_BYTES:
        # Small files, and zip containers (archives, Word), are handled in memory.
        data = (
            head if isinstance(file, bytes) else head + _read_limited_rest(file, head)
        )
        if len(data) > max_upload_bytes():
            raise upload_too_large(max_upload_bytes())
        return _Content(
            sha256=get_store().put(data),
            size=len(data),
            content_type=filetypes.detect_content_type(data),
            name=clean_name,
            data=data,
        )
    metered = _Metered(head, file, max_upload_bytes())
    sha256 = get_store().put_stream(metered)
    return _Content(
        sha256=sha256,
        size=metered.size,
        content_type=filetypes.detect_content_type(head),
        name=clean_name,
        data=None,
    )


def _read_up_to(file: Readable, size: int) -> bytes:
    """Up to `size` bytes, however short the reads the stream gives (a socket may)."""
    parts, got = [], 0
    while got < size:
        chunk = file.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _read_limited_rest(file: Readable, head: bytes) -> bytes:
    limit = max_upload_bytes()
    rest = _read_up_to(file, max(limit + 1 - len(head), 0))
    if len(head) + len(rest) > limit:
        raise upload_too_large(limit)
    return rest


def _title_from(name: str) -> str:
    stem, dot, _ext = name.rpartition(".")
    return (stem if dot and stem else name)[:_TITLE_LIMIT]


def add_document(
    *,
    actor: User,
    matter: Matter,
    file: Readable | bytes,
    name: str,
    title: str = "",
    source: DocumentVersion | None = None,
    source_path: str = "",
) -> Added:
    """Adds a document with its first version; content already on the matter is linked.

    The same bytes (by SHA-256) already in any version of any document of this matter
    are not stored twice: the existing document is returned with `created=False`.

    Raises:
        PermissionDeniedError: the actor may not see the matter.
        DocumentError: the file is empty or over the size limit.
    """
    _require_visible(actor, matter)
    content = _store(file, name)
    return _add_stored(
        actor=actor,
        matter=matter,
        content=content,
        title=title,
        source=source,
        source_path=source_path,
    )


def _add_stored(
    *,
    actor: User,
    matter: Matter,
    content: _Content,
    title: str,
    source: DocumentVersion | None,
    source_path: str,
) -> Added:
    with transaction.atomic():
        # Uploads to one matter take turns, so the same file sent twice at once is
        # linked the second time instead of becoming two documents.
        Matter.objects.select_for_update().filter(pk=matter.pk).values("pk").first()
        existing = (
            DocumentVersion.objects.filter(
                document__matter=matter, sha256=content.sha256
            )
            .select_related("document")
            .order_by("pk")
            .first()
        )
        if existing is not None:
            audit.record(
                "document.upload_linked",
                actor=actor,
                obj=existing.document,
                matter=matter,
                details={"version_id": existing.pk, "sha256": content.sha256},
            )
            return Added(document=existing.document, version=existing, created=False)
        document = Document.objects.create(
            matter=matter,
            title=(title.strip()[:_TITLE_LIMIT] or _title_from(content.name)),
            created_by=actor,
            source=source,
            source_path=source_path[:500],
        )
        version = DocumentVersion.objects.create(
            document=document,
            number=1,
            sha256=content.sha256,
            size_bytes=content.size,
            content_type=content.content_type,
            original_name=content.name,
            uploaded_by=actor,
        )
        queue_ingest(version=version)
        audit.record(
            "document.added",
            actor=actor,
            obj=document,
            matter=matter,
            details={
                "version_id": version.pk,
                "sha256": version.sha256,
                "size_bytes": version.size_bytes,
                "content_type": version.content_type,
            },
        )
    return Added(document=document, version=version, created=True)


@dataclass(frozen=True)
class UploadOutcome:
    """What one uploaded file became: itself, and for an archive, what it held."""

    upload: Added
    extracted: tuple[Added, ...] = ()
    skipped: tuple[archives.Skipped, ...] = ()
    archive_error: str = ""


def add_upload(
    *, actor: User, matter: Matter, file: Readable | bytes, name: str, title: str = ""
) -> UploadOutcome:
    """Adds an uploaded file; a zip archive is kept as uploaded and its files added too.

    The archive itself is always stored first, so a refused or damaged archive loses
    nothing: its original stays on the matter and the reason is returned. Each file
    taken out of it becomes a document of its own (same-content files are linked, as
    for any upload) that names the archive version and path it came from.

    Raises:
        PermissionDeniedError: the actor may not see the matter.
        DocumentError: the upload is empty or over the size limit.
    """
    _require_visible(actor, matter)
    content = _store(file, name)
    upload = _add_stored(
        actor=actor,
        matter=matter,
        content=content,
        title=title,
        source=None,
        source_path="",
    )
    if content.content_type != "application/zip" or content.data is None:
        return UploadOutcome(upload=upload)
    try:
        entries, skipped = archives.expand(content.data)
    except archives.ArchiveError as error:
        return UploadOutcome(upload=upload, archive_error=str(error))
    extracted = []
    for entry in entries:
        try:
            extracted.append(
                add_document(
                    actor=actor,
                    matter=matter,
                    file=entry.data,
                    name=entry.name.rsplit("/", 1)[-1],
                    source=upload.version,
                    source_path=entry.name,
                )
            )
        except DocumentError as error:
            skipped.append(archives.Skipped(name=entry.name, reason=str(error)))
    return UploadOutcome(
        upload=upload, extracted=tuple(extracted), skipped=tuple(skipped)
    )


def add_version(
    *, actor: User, document: Document, file: Readable | bytes, name: str
) -> DocumentVersion:
    """Adds the next version of a document; earlier versions stay as they were.

    Raises:
        PermissionDeniedError: the actor may not see the document's matter.
        DocumentError: empty, over the size limit, or the same content as the current
            (or an earlier) version.
    """
    _require_visible(actor, document.matter)
    content = _store(file, name)
    with transaction.atomic():
        # The lock makes "latest number + 1" safe against a concurrent upload.
        locked = Document.objects.select_for_update().get(pk=document.pk)
        versions = DocumentVersion.objects.filter(document=locked)
        latest = versions.order_by("-number").first()
        same = versions.filter(sha256=content.sha256).order_by("-number").first()
        if same is not None:
            if latest is not None and same.pk == latest.pk:
                raise DuplicateVersionError(
                    f"This file is identical to the current version (v{same.number}); "
                    "no new version was added."
                )
            raise DuplicateVersionError(
                f"This file is identical to version {same.number} of this document; "
                "no new version was added."
            )
        version = DocumentVersion.objects.create(
            document=locked,
            number=(latest.number + 1) if latest is not None else 1,
            sha256=content.sha256,
            size_bytes=content.size,
            content_type=content.content_type,
            original_name=content.name,
            uploaded_by=actor,
        )
        queue_ingest(version=version)
        audit.record(
            "document.version_added",
            actor=actor,
            obj=version,
            matter=locked.matter,
            details={
                "document_id": locked.pk,
                "number": version.number,
                "sha256": version.sha256,
                "size_bytes": version.size_bytes,
                "content_type": version.content_type,
            },
        )
    return version


def record_view(*, actor: User, document: Document) -> None:
    """Every opening of a document's page is an audit event.

    Raises:
        PermissionDeniedError: the actor may not see the document's matter.
    """
    _require_visible(actor, document.matter)
    record_read("document.viewed", actor=actor, obj=document, matter=document.matter)


def record_download(*, actor: User, version: DocumentVersion) -> None:
    """Every download of a version's content is an audit event.

    Raises:
        PermissionDeniedError: the actor may not see the document's matter.
    """
    matter = version.document.matter
    _require_visible(actor, matter)
    record_read(
        "document.downloaded",
        actor=actor,
        obj=version,
        matter=matter,
        details={
            "document_id": version.document_id,
            "number": version.number,
            "sha256": version.sha256,
        },
    )
