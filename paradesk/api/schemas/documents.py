"""Documents, versions, pages and search."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict, Field

from paradesk.api.schemas.common import Id, Input, UserRef
from paradesk.documents.models import (
    Document,
    DocumentVersion,
    Ingest,
    IngestState,
    Page,
)


class IngestOut(Schema):
    """Reading a version into pages: `state` is queued, running, done, failed,
    password or archive; `error` is the reason a person can act on."""

    state: str
    error: str
    pages_done: int
    pages_total: int
    attempts: int

    @classmethod
    def of(cls, ingest: Ingest) -> IngestOut:
        return cls(
            state=ingest.state,
            error=ingest.error,
            pages_done=ingest.pages_done,
            pages_total=ingest.pages_total,
            attempts=ingest.attempts,
        )


class VersionOut(Schema):
    id: int
    document_id: int
    number: int
    sha256: str
    size_bytes: int
    content_type: str
    original_name: str
    uploaded_by: UserRef
    uploaded_at: datetime
    ingest: IngestOut | None
    page_count: int = Field(description="Pages stored for this version")

    @classmethod
    def of(cls, version: DocumentVersion, ingest: Ingest | None) -> VersionOut:
        # Pages are written in one go when reading finishes, so until then there are
        # none, whatever the progress says.
        done = ingest is not None and ingest.state == IngestState.DONE
        return cls(
            id=version.pk,
            document_id=version.document_id,
            number=version.number,
            sha256=version.sha256,
            size_bytes=version.size_bytes,
            content_type=version.content_type,
            original_name=version.original_name,
            uploaded_by=UserRef.of(version.uploaded_by),
            uploaded_at=version.uploaded_at,
            ingest=IngestOut.of(ingest) if ingest is not None else None,
            page_count=ingest.pages_done if done and ingest is not None else 0,
        )


class SourceOut(Schema):
    """The archive or e-mail version a document was taken out of, and its path there."""

    document_id: int
    version_id: int
    path: str


class DocumentOut(Schema):
    id: int
    matter_id: int
    title: str
    created_by: UserRef
    created_at: datetime
    source: SourceOut | None
    version_count: int
    latest_version: VersionOut | None

    @classmethod
    def of(
        cls, document: Document, latest: VersionOut | None, *, version_count: int
    ) -> DocumentOut:
        source = document.source
        return cls(
            id=document.pk,
            matter_id=document.matter_id,
            title=document.title,
            created_by=UserRef.of(document.created_by),
            created_at=document.created_at,
            source=(
                SourceOut(
                    document_id=source.document_id,
                    version_id=source.pk,
                    path=document.source_path,
                )
                if source is not None
                else None
            ),
            version_count=version_count,
            latest_version=latest,
        )


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut] = Field(description="Newest first")


class DocumentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DocumentOut]


class AddedOut(Schema):
    """One file stored, or linked to the document already holding the same content."""

    created: bool = Field(
        description="False when the same content was already on the matter (linked)"
    )
    version_id: int = Field(description="The version created, or the one it matched")
    version_number: int
    document: DocumentOut


class SkippedOut(Schema):
    name: str
    reason: str


class UploadOut(Schema):
    """What one uploaded file became; for a zip archive, also what it held."""

    name: str = Field(description="The file name as sent")
    upload: AddedOut
    extracted: list[AddedOut]
    skipped: list[SkippedOut]
    archive_error: str = Field(
        description="Why an archive was kept as uploaded but not expanded"
    )


class UploadsOut(Schema):
    uploads: list[UploadOut]


class PageOut(Schema):
    number: int
    method: str
    confidence: float | None
    error: str
    text: str

    @classmethod
    def of(cls, page: Page) -> PageOut:
        return cls(
            number=page.number,
            method=page.method,
            confidence=page.confidence,
            error=page.error,
            text=page.text,
        )


class PageTextPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PageOut]


class CitedPageOut(PageOut):
    """One page at the address a citation keeps: document, version number, page."""

    document_id: int
    document_title: str
    version_id: int
    version_number: int
    page_count: int


class UnlockIn(Input):
    # Passwords may begin or end with spaces: never trim them.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    password: str = Field(min_length=1, max_length=200)


class SearchParams(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    q: str = Field(
        min_length=1,
        max_length=1000,
        description='Words, "phrases", AND / OR / NOT, prefix*',
    )
    matter: Id | None = Field(None, description="Search one matter only")


class SearchHitOut(Schema):
    document_id: int
    document_title: str
    matter_id: int
    version_id: int
    version_number: int
    page: int
    snippet_html: str = Field(
        description="Escaped page extract; matched words wrapped in <mark>"
    )


class SearchPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[SearchHitOut]
