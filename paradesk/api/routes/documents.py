"""Documents of a matter: upload, versions, content, pages, reading, and search.

Every read is an audit event, as in the web app; every object comes through a
selector, so a document on a matter the user may not see is the same 404 as one that
does not exist.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Query, Router, Status, UploadedFile
from ninja.errors import HttpError, ValidationError
from ninja.params import FormEx, P

from paradesk.api.auth import actor_of
from paradesk.api.pagination import window
from paradesk.api.schemas import (
    ERRORS,
    AddedOut,
    CitedPageOut,
    DocumentDetailOut,
    DocumentOut,
    DocumentPage,
    ErrorOut,
    Id,
    PageOut,
    PageParams,
    PageTextPage,
    SearchHitOut,
    SearchPage,
    SearchParams,
    SkippedOut,
    UnlockIn,
    UploadOut,
    UploadsOut,
    VersionOut,
)
from paradesk.core import audit
from paradesk.core.services import record_read
from paradesk.core.storage import StorageError
from paradesk.documents import selectors, services
from paradesk.documents.models import Document, DocumentVersion, Ingest
from paradesk.documents.search.base import MAX_OFFSET
from paradesk.documents.services import ingest as ingest_services
from paradesk.engines.fulltext import QuerySyntaxError
from paradesk.matters.models import Matter
from paradesk.matters.selectors import matter_for

logger = logging.getLogger(__name__)

router = Router(tags=["documents"])

UPLOAD_ERRORS: dict[int, type[ErrorOut]] = {413: ErrorOut}
_TITLE_LIMIT = 200

# The bytes of a version, as the OpenAPI document should describe them.
_BINARY = {
    "responses": {
        200: {
            "description": "The version's bytes, as uploaded, with its Content-Type",
            "content": {
                "application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}


def _ingest(version: DocumentVersion) -> Ingest | None:
    """The ingest a selector fetched along with the version (select_related)."""
    try:
        ingest: Ingest = version.ingest
    except ObjectDoesNotExist:
        return None
    return ingest


def _version_out(version: DocumentVersion) -> VersionOut:
    return VersionOut.of(version, _ingest(version))


def _document_out(document: Document) -> DocumentOut:
    latest = document.latest_version
    return DocumentOut.of(
        document,
        _version_out(latest) if latest is not None else None,
        version_count=getattr(document, "version_count", 0),
    )


def _refuse_bad_files(files: list[UploadedFile]) -> None:
    """Refuses the request, naming each file, when any file is empty or too large.

    Checked before anything is stored, so a refused request changes nothing and the
    client can send the good files again as they are.
    """
    limit = services.max_upload_bytes()
    too_large = [f for f in files if (f.size or 0) > limit]
    if too_large:
        names = ", ".join(f"“{f.name}”" for f in too_large)
        raise HttpError(
            413,
            f"Larger than the upload limit of {services.describe_limit(limit)}: "
            f"{names}. " + _nothing_stored(files, len(too_large)),
        )
    empty = [(i, f) for i, f in enumerate(files) if not f.size]
    if empty:
        raise ValidationError(
            [
                {
                    "type": "empty_file",
                    "loc": ["body", "file", i],
                    "msg": f"“{f.name}” is empty: there is nothing to store. "
                    + _nothing_stored(files, 1),
                }
                for i, f in empty
            ]
        )


def _nothing_stored(files: list[UploadedFile], refused: int) -> str:
    if len(files) == refused:
        return "Nothing was stored."
    return (
        "Nothing was stored; send the other files without "
        f"{'it' if refused == 1 else 'them'}."
    )


def _documents_by_id(matter: Matter, ids: set[int]) -> dict[int, DocumentOut]:
    documents = selectors.documents_of(matter).filter(pk__in=ids)
    return {d.pk: _document_out(d) for d in documents.select_related("source")}


def _added_out(added: services.Added, documents: dict[int, DocumentOut]) -> AddedOut:
    return AddedOut(
        created=added.created,
        version_id=added.version.pk,
        version_number=added.version.number,
        document=documents[added.document.pk],
    )


@router.get("/matters/{id:matter_id}/documents", response={200: DocumentPage, **ERRORS})
def list_documents(
    request: HttpRequest, matter_id: Id, paging: Query[PageParams]
) -> DocumentPage:
    """A matter's documents, newest first, each with its latest version."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    page = window(selectors.documents_of(matter).select_related("source"), paging)
    record_read(
        "document.listed",
        actor=actor,
        obj=matter,
        matter=matter,
        details={"ids": page.ids, "count": page.count, "page": page.page},
    )
    return DocumentPage(
        count=page.count,
        page=page.page,
        page_size=page.page_size,
        items=[_document_out(d) for d in page.items],
    )


@router.post(
    "/matters/{id:matter_id}/documents",
    response={201: UploadsOut, **ERRORS, **UPLOAD_ERRORS},
)
def upload_documents(
    request: HttpRequest,
    matter_id: Id,
    file: File[list[UploadedFile]],
    title: FormEx[str, P(max_length=_TITLE_LIMIT)] = "",
) -> Status[UploadsOut]:
    """Uploads one or more files (multipart, each under `file`); a zip archive is kept
    and each file in it becomes a document too. Content already on the matter is
    linked, not stored twice. `title` names a single file's document."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    if title.strip() and len(file) > 1:
        raise ValidationError(
            [
                {
                    "type": "title_for_one_file",
                    "loc": ["form", "title"],
                    "msg": "A title names a single file's document; leave it out "
                    "when sending several files.",
                }
            ]
        )
    _refuse_bad_files(file)
    outcomes = [
        (
            upload.name or "",
            services.add_upload(
                actor=actor,
                matter=matter,
                file=upload,
                name=upload.name or "",
                title=title,
            ),
        )
        for upload in file
    ]
    documents = _documents_by_id(
        matter,
        {o.upload.document.pk for _, o in outcomes}
        | {a.document.pk for _, o in outcomes for a in o.extracted},
    )
    return Status(
        201,
        UploadsOut(
            uploads=[
                UploadOut(
                    name=name,
                    upload=_added_out(outcome.upload, documents),
                    extracted=[_added_out(a, documents) for a in outcome.extracted],
                    skipped=[
                        SkippedOut(name=s.name, reason=s.reason)
                        for s in outcome.skipped
                    ],
                    archive_error=outcome.archive_error,
                )
                for name, outcome in outcomes
            ]
        ),
    )


@router.get("/documents/{id:document_id}", response={200: DocumentDetailOut, **ERRORS})
def get_document(request: HttpRequest, document_id: Id) -> DocumentDetailOut:
    """A document with all its versions, newest first, and how each was read."""
    actor = actor_of(request)
    document = selectors.document_for(actor, document_id)
    services.record_view(actor=actor, document=document)
    versions = selectors.versions_of(document).select_related("ingest")
    summary = _document_out(document)
    return DocumentDetailOut(
        **summary.model_dump(), versions=[_version_out(v) for v in versions]
    )


@router.post(
    "/documents/{id:document_id}/versions",
    response={201: VersionOut, **ERRORS, **UPLOAD_ERRORS},
)
def add_version(
    request: HttpRequest, document_id: Id, file: File[UploadedFile]
) -> Status[VersionOut]:
    """Adds the next version (multipart `file`); earlier versions stay as they were."""
    actor = actor_of(request)
    document = selectors.document_for(actor, document_id)
    _refuse_bad_files([file])
    version = services.add_version(
        actor=actor, document=document, file=file, name=file.name or ""
    )
    return Status(201, VersionOut.of(version, selectors.ingest_of(version)))


@router.get(
    "/documents/versions/{id:version_id}/content",
    response=ERRORS,
    openapi_extra=_BINARY,
)
def download_version(request: HttpRequest, version_id: Id) -> HttpResponse:
    """The version's bytes, decrypted and checked against its SHA-256, as a download."""
    actor = actor_of(request)
    version = selectors.version_for(actor, version_id)
    try:
        data = selectors.content_of(version)
    except StorageError:
        # Ids only in the log: never a file or client name.
        logger.exception("download refused: version_id=%s failed to read", version.pk)
        raise HttpError(
            500,
            "This file could not be read back intact, so it was not sent. Tell your "
            "administrator; the stored original is kept as it is.",
        ) from None
    services.record_download(actor=actor, version=version)
    response = HttpResponse(data, content_type=version.content_type)
    filename = services.clean_file_name(version.original_name)
    response["Content-Disposition"] = (
        content_disposition_header(True, filename) or "attachment"
    )
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/documents/versions/{id:version_id}/pages", response={200: PageTextPage, **ERRORS}
)
def list_pages(
    request: HttpRequest, version_id: Id, paging: Query[PageParams]
) -> PageTextPage:
    """The text of a version's pages, in order (empty until it has been read)."""
    actor = actor_of(request)
    version = selectors.version_for(actor, version_id)
    page = window(selectors.pages_of(version), paging)
    record_read(
        "document.pages_listed",
        actor=actor,
        obj=version,
        matter=version.document.matter,
        details={
            "document_id": version.document_id,
            "pages": [p.number for p in page.items],
        },
    )
    return PageTextPage(
        count=page.count,
        page=page.page,
        page_size=page.page_size,
        items=[PageOut.of(p) for p in page.items],
    )


@router.get(
    "/documents/{id:document_id}/v{id:number}/pages/{id:page}",
    response={200: CitedPageOut, **ERRORS},
)
def get_page(
    request: HttpRequest, document_id: Id, number: Id, page: Id
) -> CitedPageOut:
    """One page of one version: the address a citation keeps."""
    actor = actor_of(request)
    version, found = selectors.page_for(actor, document_id, number, page)
    record_read(
        "document.page_viewed",
        actor=actor,
        obj=version,
        matter=version.document.matter,
        details={"document_id": version.document_id, "page": found.number},
    )
    return CitedPageOut(
        **PageOut.of(found).model_dump(),
        document_id=version.document_id,
        document_title=version.document.title,
        version_id=version.pk,
        version_number=version.number,
        page_count=selectors.page_count_of(version),
    )


@router.post(
    "/documents/versions/{id:version_id}/retry", response={200: VersionOut, **ERRORS}
)
def retry_reading(request: HttpRequest, version_id: Id) -> VersionOut:
    """Reads a version again after a failure or a run that was cut off."""
    actor = actor_of(request)
    version = selectors.version_for(actor, version_id)
    ingest_services.retry_ingest(actor=actor, version=version)
    return VersionOut.of(version, selectors.ingest_of(version))


@router.post(
    "/documents/versions/{id:version_id}/unlock", response={201: VersionOut, **ERRORS}
)
def unlock_version(
    request: HttpRequest, version_id: Id, payload: UnlockIn
) -> Status[VersionOut]:
    """Makes a decrypted new version of a password-protected PDF. The password is used
    once and never stored, logged or sent back."""
    actor = actor_of(request)
    version = selectors.version_for(actor, version_id)
    unlocked = ingest_services.unlock_pdf(
        actor=actor, version=version, password=payload.password
    )
    return Status(201, VersionOut.of(unlocked, selectors.ingest_of(unlocked)))


@router.get("/search", response={200: SearchPage, **ERRORS})
def search(
    request: HttpRequest, params: Query[SearchParams], paging: Query[PageParams]
) -> SearchPage:
    """Full-text search of the pages on the matters you may see, or on one of them."""
    actor = actor_of(request)
    matter = matter_for(actor, params.matter) if params.matter is not None else None
    query = params.q.strip()
    offset = (paging.page - 1) * paging.page_size
    if offset > MAX_OFFSET:
        last = MAX_OFFSET // paging.page_size + 1
        raise ValidationError(
            [
                {
                    "type": "less_than_equal",
                    "loc": ["query", "page"],
                    "msg": (
                        f"Search pages reach the first {MAX_OFFSET:,} results only "
                        f"(page {last} at this page size): narrow the search."
                    ),
                }
            ]
        )
    try:
        found = selectors.search_pages(
            actor, query, matter=matter, limit=paging.page_size, offset=offset
        )
    except QuerySyntaxError as error:
        raise ValidationError(
            [{"type": "query_syntax", "loc": ["query", "q"], "msg": str(error)}]
        ) from None
    record_read(
        "search.performed",
        actor=actor,
        matter=matter,
        details={
            **audit.search_details(query),
            "hits": found.total,
            "document_ids": sorted({h.document.pk for h in found.hits}),
        },
    )
    items = [
        SearchHitOut(
            document_id=hit.document.pk,
            document_title=hit.document.title,
            matter_id=hit.document.matter_id,
            version_id=hit.version_id,
            version_number=hit.version_number,
            page=hit.page_number,
            snippet_html=hit.snippet_html,
        )
        for hit in found.hits
    ]
    return SearchPage(
        count=found.total, page=paging.page, page_size=paging.page_size, items=items
    )
