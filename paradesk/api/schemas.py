"""Request and response bodies of the API.

String limits are read from the models, so an over-long value is a 422 naming the
field instead of a database error. Request bodies refuse unknown fields: a client that
sends a field we would silently ignore (say `number` in a matter PATCH) learns so.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import models
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from paradesk.core.ids import MAX_ID
from paradesk.core.models import AuditEvent
from paradesk.documents.models import (
    Document,
    DocumentVersion,
    Ingest,
    IngestState,
    Page,
)
from paradesk.firm.models import Lane, User
from paradesk.matters.models import (
    Contact,
    ContactKind,
    EthicalWall,
    InjuryType,
    Matter,
    Party,
    PartyRole,
    Phase,
)
from paradesk.matters.states import US_STATES
from paradesk.work.models import Priority, Task, TaskComment, TaskEvent, TaskState

# An id in an API path, query or body: 1 to MAX_ID, else a 422 naming the field.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def max_length_of(model: type[models.Model], name: str) -> int:
    length = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return length


def _email_or_blank(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid e-mail address.") from None
    return value


def _us_state(value: str) -> str:
    code = value.upper()
    if code not in dict(US_STATES):
        raise ValueError(
            "Unknown jurisdiction: use a two-letter US state code such as GA."
        )
    return code


Email = Annotated[str, AfterValidator(_email_or_blank)]
Jurisdiction = Annotated[
    str,
    AfterValidator(_us_state),
    Field(json_schema_extra={"enum": [code for code, _ in US_STATES]}),
]


class Input(Schema):
    """A request body: no unknown fields, strings trimmed, enums as plain values."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_enum_values=True
    )


# --- Shared --------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


class UserRef(Schema):
    id: int
    username: str
    display_name: str
    role: str

    @classmethod
    def of(cls, user: User) -> UserRef:
        return cls(
            id=user.pk,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
        )


# --- Matters -------------------------------------------------------------------------


class ClientOut(Schema):
    id: int
    name: str
    email: str
    phone: str


class MatterOut(Schema):
    id: int
    number: str
    title: str
    client: ClientOut
    incident_on: date | None
    injury_type: str
    jurisdiction: str
    phase: str
    responsible_attorney: UserRef
    description: str
    opened_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, matter: Matter) -> MatterOut:
        client = matter.client
        return cls(
            id=matter.pk,
            number=matter.number,
            title=matter.title,
            client=ClientOut(
                id=client.pk, name=client.name, email=client.email, phone=client.phone
            ),
            incident_on=matter.incident_on,
            injury_type=matter.injury_type,
            jurisdiction=matter.jurisdiction,
            phase=matter.phase,
            responsible_attorney=UserRef.of(matter.responsible_attorney),
            description=matter.description,
            opened_at=matter.opened_at,
            updated_at=matter.updated_at,
        )


class MatterOpenedOut(Schema):
    matter: MatterOut
    warnings: list[str]


class MatterPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[MatterOut]


class MatterFilters(Schema):
    q: str = Field(
        "", max_length=200, description="Matter number, title or client name"
    )
    phase: Phase | None = None


class MatterIn(Input):
    title: str = Field(min_length=1, max_length=max_length_of(Matter, "title"))
    client_name: str = Field(min_length=1, max_length=max_length_of(Contact, "name"))
    jurisdiction: Jurisdiction
    responsible_attorney_id: Id
    incident_on: date | None = None
    injury_type: InjuryType = InjuryType.MOTOR_VEHICLE
    phase: Phase = Phase.INTAKE
    description: str = Field("", max_length=max_length_of(Matter, "description"))
    client_email: Email = Field("", max_length=max_length_of(Contact, "email"))
    client_phone: str = Field("", max_length=max_length_of(Contact, "phone"))
    team_ids: list[Id] = Field(default_factory=list, max_length=100)


def _not_null(value: object) -> object:
    if value is None:
        raise ValueError("This field cannot be null; leave it out to keep its value.")
    return value


class MatterPatch(Input):
    """Only the fields sent change; `null` only clears the incident date."""

    title: str | None = Field(
        None, min_length=1, max_length=max_length_of(Matter, "title")
    )
    incident_on: date | None = None
    injury_type: InjuryType | None = None
    jurisdiction: Jurisdiction | None = None
    phase: Phase | None = None
    description: str | None = Field(
        None, max_length=max_length_of(Matter, "description")
    )

    _not_null = field_validator(
        "title", "injury_type", "jurisdiction", "phase", "description", mode="before"
    )(_not_null)


class MemberIn(Input):
    user_id: Id


class WallIn(Input):
    user_id: Id
    reason: str = Field(min_length=1, max_length=max_length_of(EthicalWall, "reason"))


class WallOut(Schema):
    id: int
    matter_id: int
    user: UserRef
    reason: str
    created_at: datetime
    created_by: UserRef

    @classmethod
    def of(cls, wall: EthicalWall) -> WallOut:
        return cls(
            id=wall.pk,
            matter_id=wall.matter_id,
            user=UserRef.of(wall.user),
            reason=wall.reason,
            created_at=wall.created_at,
            created_by=UserRef.of(wall.created_by),
        )


# --- Parties -------------------------------------------------------------------------


class PartyOut(Schema):
    id: int
    matter_id: int
    role: str
    kind: str
    name: str
    email: str
    phone: str
    claim_number: str
    adjuster_name: str
    adjuster_email: str
    adjuster_phone: str
    notes: str
    created_at: datetime

    @classmethod
    def of(cls, party: Party) -> PartyOut:
        contact = party.contact
        return cls(
            id=party.pk,
            matter_id=party.matter_id,
            role=party.role,
            kind=contact.kind,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            claim_number=party.claim_number,
            adjuster_name=party.adjuster_name,
            adjuster_email=party.adjuster_email,
            adjuster_phone=party.adjuster_phone,
            notes=party.notes,
            created_at=party.created_at,
        )


class PartyIn(Input):
    role: PartyRole
    name: str = Field(min_length=1, max_length=max_length_of(Contact, "name"))
    kind: ContactKind = ContactKind.PERSON
    email: Email = Field("", max_length=max_length_of(Contact, "email"))
    phone: str = Field("", max_length=max_length_of(Contact, "phone"))
    claim_number: str = Field("", max_length=max_length_of(Party, "claim_number"))
    adjuster_name: str = Field("", max_length=max_length_of(Party, "adjuster_name"))
    adjuster_email: Email = Field("", max_length=max_length_of(Party, "adjuster_email"))
    adjuster_phone: str = Field("", max_length=max_length_of(Party, "adjuster_phone"))
    notes: str = Field("", max_length=max_length_of(Party, "notes"))


# --- Tasks ---------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    matter_id: int
    title: str
    description: str
    owner: UserRef
    reviewer: UserRef
    due_on: date
    lane: str
    priority: str
    state: str
    allowed_transitions: list[str]
    is_overdue: bool
    product_kind: str
    product_id: str
    submitted_sha256: str
    approved_sha256: str
    approved_at: datetime | None
    approved_by_id: int | None
    needs_reassignment: str = Field(
        description="Why the task needs a new owner or reviewer (a wall); empty if not"
    )
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, task: Task) -> TaskOut:
        return cls(
            id=task.pk,
            matter_id=task.matter_id,
            title=task.title,
            description=task.description,
            owner=UserRef.of(task.owner),
            reviewer=UserRef.of(task.reviewer),
            due_on=task.due_on,
            lane=task.lane,
            priority=task.priority,
            state=task.state,
            allowed_transitions=task.allowed_transitions,
            is_overdue=task.is_overdue,
            product_kind=task.product_kind,
            product_id=task.product_id,
            submitted_sha256=task.submitted_sha256,
            approved_sha256=task.approved_sha256,
            approved_at=task.approved_at,
            approved_by_id=task.approved_by_id,
            needs_reassignment=task.needs_reassignment,
            version=task.version,
            created_at=task.created_at,
            updated_at=task.updated_at,
        )


class TaskPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[TaskOut]


class TaskFilters(Schema):
    matter: Id | None = None
    state: TaskState | None = None
    mine: bool = Field(False, description="Only tasks I own")
    review: bool = Field(False, description="Only tasks I review")


class TaskIn(Input):
    title: str = Field(min_length=1, max_length=max_length_of(Task, "title"))
    description: str = Field("", max_length=max_length_of(Task, "description"))
    owner_id: Id
    reviewer_id: Id
    due_on: date
    lane: Lane = Lane.GENERAL
    priority: Priority = Priority.NORMAL


class TaskPatch(Input):
    """`version` is the one you read; if the task moved on since, the answer is 409."""

    version: int = Field(ge=1)
    title: str | None = Field(
        None, min_length=1, max_length=max_length_of(Task, "title")
    )
    description: str | None = Field(None, max_length=max_length_of(Task, "description"))
    due_on: date | None = None
    lane: Lane | None = None
    priority: Priority | None = None
    owner_id: Id | None = None
    reviewer_id: Id | None = None

    _not_null = field_validator(
        "title",
        "description",
        "due_on",
        "lane",
        "priority",
        "owner_id",
        "reviewer_id",
        mode="before",
    )(_not_null)


class SubmitIn(Input):
    product_kind: str = Field(
        min_length=1, max_length=max_length_of(Task, "product_kind")
    )
    product_id: str = Field(min_length=1, max_length=max_length_of(Task, "product_id"))
    note: str = Field("", max_length=max_length_of(TaskEvent, "note"))


class RequestChangesIn(Input):
    note: str = Field(min_length=1, max_length=max_length_of(TaskEvent, "note"))


class NoteIn(Input):
    note: str = Field("", max_length=max_length_of(TaskEvent, "note"))


class CommentIn(Input):
    body: str = Field(min_length=1, max_length=max_length_of(TaskComment, "body"))


class CommentOut(Schema):
    id: int
    task_id: int
    author: UserRef
    body: str
    created_at: datetime

    @classmethod
    def of(cls, comment: TaskComment) -> CommentOut:
        return cls(
            id=comment.pk,
            task_id=comment.task_id,
            author=UserRef.of(comment.author),
            body=comment.body,
            created_at=comment.created_at,
        )


# --- Audit ---------------------------------------------------------------------------


class AuditFilters(Schema):
    actor: str = Field("", max_length=150, description="Username, exact")
    action: str = Field(
        "", max_length=64, description="Action or its prefix, e.g. task."
    )
    matter: Id | None = None
    since: date | None = None
    until: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> AuditFilters:
        if self.since and self.until and self.since > self.until:
            raise ValueError("'since' must not be after 'until'.")
        return self


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor: str
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    matter_id: int | None
    ip: str | None
    user_agent: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, event: AuditEvent) -> AuditEventOut:
        return cls(
            seq=event.seq,
            at=event.at,
            actor=event.actor_label,
            actor_id=event.actor_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            matter_id=event.matter_id,
            ip=event.ip,
            user_agent=event.user_agent,
            details=event.details,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )


class AuditPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[AuditEventOut]


# --- Documents -----------------------------------------------------------------------


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
