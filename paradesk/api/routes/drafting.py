"""Drafted letters and the firm's template library.

Every draft comes through `drafting.selectors.draft_for` (or its matter through
`matter_for`), so a draft on a matter the user may not see is the same 404 as one that
does not exist. The rules (who drafts, who sets the demand, the review gate) live in
`drafting.services`; this module only translates. A draft's renderings and its final
PDF are document versions: they download through the documents route
`GET /documents/versions/{id:version_id}/content`, which audits each download.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError
from ninja.params import FormEx, P
from pydantic import Field

from paradesk.api.auth import actor_of
from paradesk.api.schemas import ERRORS, Id, Input, TaskOut, UserRef, max_length_of
from paradesk.core.exceptions import NotVisibleError
from paradesk.core.services import record_read
from paradesk.drafting import selectors, services
from paradesk.drafting.models import (
    Draft,
    Rendering,
    Template,
    TemplateKind,
    TemplateVersion,
)
from paradesk.firm.models import User
from paradesk.matters.selectors import matter_for
from paradesk.work import selectors as work_selectors
from paradesk.work.models import TaskEvent

router = Router(tags=["drafting"])

# What a letter's inputs may hold: the service checks names and meanings; the schema
# only keeps out nested objects that no input field takes.
InputValue = str | int | None


# --- Templates ------------------------------------------------------------------------


class TemplateOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    builtin: bool = Field(description="Written by Paradesk, not uploaded by the firm")
    latest_version: int = Field(description="The version new drafts are filled from")
    fields: list[str] = Field(description="The merge fields the latest version uses")

    @classmethod
    def of(cls, template: Template, latest: TemplateVersion) -> TemplateOut:
        return cls(
            id=template.pk,
            name=template.name,
            kind=template.kind,
            description=template.description,
            builtin=bool(template.builtin),
            latest_version=latest.number,
            fields=list(latest.fields),
        )


class TemplateVersionOut(Schema):
    id: int
    template: TemplateOut
    number: int
    sha256: str
    size_bytes: int
    original_name: str
    fields: list[str]
    uploaded_by: UserRef | None
    uploaded_at: datetime

    @classmethod
    def of(cls, version: TemplateVersion) -> TemplateVersionOut:
        uploader = version.uploaded_by
        return cls(
            id=version.pk,
            template=TemplateOut.of(version.template, version),
            number=version.number,
            sha256=version.sha256,
            size_bytes=version.size_bytes,
            original_name=version.original_name,
            fields=list(version.fields),
            uploaded_by=UserRef.of(uploader) if uploader is not None else None,
            uploaded_at=version.uploaded_at,
        )


def _newest(template: Template) -> TemplateVersion | None:
    # From the versions `selectors.library` prefetched: no query per template.
    return max(template.versions.all(), key=lambda v: v.number, default=None)


@router.get("/templates", response={200: list[TemplateOut], **ERRORS})
def list_templates(request: HttpRequest) -> list[TemplateOut]:
    """The firm's template library (built-ins included), by kind and name."""
    actor_of(request)
    services.install_builtin_templates()
    items = []
    for template in selectors.library():
        latest = _newest(template)
        if latest is not None:
            items.append(TemplateOut.of(template, latest))
    return items


@router.post("/templates", response={201: TemplateVersionOut, **ERRORS})
def upload_template(
    request: HttpRequest,
    file: File[UploadedFile],
    name: FormEx[str, P(min_length=1, max_length=max_length_of(Template, "name"))],
    kind: Form[TemplateKind],
    description: FormEx[str, P(max_length=max_length_of(Template, "description"))] = "",
) -> Status[TemplateVersionOut]:
    """Adds a firm template (multipart: `name`, `kind`, `description`, `file` a .docx),
    checked against the letter context; attorneys and administrators only. A merge
    field the context does not define is a 400 naming it and its paragraph."""
    actor = actor_of(request)
    version = services.upload_template(
        actor=actor,
        name=name,
        kind=TemplateKind(kind).value,
        description=description,
        data=file.read(),
        file_name=file.name or "",
    )
    return Status(201, TemplateVersionOut.of(version))


# --- Drafts ---------------------------------------------------------------------------


class TemplateRef(Schema):
    id: int
    name: str
    kind: str


class DraftOut(Schema):
    id: int
    matter_id: int
    title: str
    kind: str
    template: TemplateRef
    created_by: UserRef
    created_at: datetime
    updated_at: datetime
    document_id: int | None = Field(description="The document holding the renderings")
    latest_version_number: int | None = Field(
        description="The document version number of the newest rendering"
    )
    latest_version_id: int | None = Field(
        description="Its document version id, to download it"
    )
    latest_sha256: str
    task_id: int | None = Field(description="The task carrying the draft for review")
    task_state: str | None
    approved: bool = Field(
        description="The newest rendering is exactly what an attorney approved"
    )
    final_document_id: int | None
    final_version_id: int | None = Field(
        description="The newest version of the final PDF, to download it"
    )
    finalized_at: datetime | None


class RenderingOut(Schema):
    number: int = Field(description="The document version number")
    sha256: str
    document_version_id: int
    template_version: int
    created_at: datetime
    created_by: UserRef

    @classmethod
    def of(cls, rendering: Rendering) -> RenderingOut:
        return cls(
            number=rendering.document_version.number,
            sha256=rendering.document_version.sha256,
            document_version_id=rendering.document_version_id,
            template_version=rendering.template_version.number,
            created_at=rendering.created_at,
            created_by=UserRef.of(rendering.created_by),
        )


class DraftDetailOut(DraftOut):
    inputs: dict[str, Any]
    version: int = Field(description="Send it back with PUT: a stale one is a 409")
    warnings: list[str] = Field(description="What the newest rendering had to guess")
    renderings: list[RenderingOut] = Field(description="Newest first")
    text: list[str] = Field(description="The newest rendering's text, line by line")


class DraftIn(Input):
    template_id: Id
    title: str = Field("", max_length=max_length_of(Draft, "title"))
    inputs: dict[str, InputValue] = Field(default_factory=dict, max_length=50)


class DraftUpdateIn(Input):
    """The inputs replace the draft's inputs whole: a field left out is cleared."""

    inputs: dict[str, InputValue] = Field(max_length=50)
    version: int = Field(ge=1)


class DraftSubmitIn(Input):
    task_id: Id
    note: str = Field("", max_length=max_length_of(TaskEvent, "note"))


def _summary(draft: Draft, renderings: list[Rendering]) -> dict[str, Any]:
    latest = renderings[0] if renderings else None
    task = selectors.task_of(draft)
    final = draft.final_document
    final_version = final.latest_version if final is not None else None
    return {
        "id": draft.pk,
        "matter_id": draft.matter_id,
        "title": draft.title,
        "kind": draft.template.kind,
        "template": TemplateRef(
            id=draft.template.pk, name=draft.template.name, kind=draft.template.kind
        ),
        "created_by": UserRef.of(draft.created_by),
        "created_at": draft.created_at,
        "updated_at": draft.updated_at,
        "document_id": draft.document_id,
        "latest_version_number": latest.document_version.number if latest else None,
        "latest_version_id": latest.document_version_id if latest else None,
        "latest_sha256": latest.document_version.sha256 if latest else "",
        "task_id": task.pk if task is not None else None,
        "task_state": task.state if task is not None else None,
        "approved": selectors.approved_rendering(draft) is not None,
        "final_document_id": draft.final_document_id,
        "final_version_id": final_version.pk if final_version is not None else None,
        "finalized_at": draft.finalized_at,
    }


def _detail(draft: Draft) -> DraftDetailOut:
    renderings = list(selectors.renderings_of(draft))
    latest = renderings[0] if renderings else None
    return DraftDetailOut(
        **_summary(draft, renderings),
        inputs=dict(draft.inputs),
        version=draft.version,
        warnings=list(latest.warnings) if latest else [],
        renderings=[RenderingOut.of(r) for r in renderings],
        text=services.documents_text(latest).split("\n") if latest else [],
    )


def _fresh(actor: User, draft_id: Id) -> DraftDetailOut:
    return _detail(selectors.draft_for(actor, draft_id))


@router.get("/matters/{id:matter_id}/drafts", response={200: list[DraftOut], **ERRORS})
def list_drafts(request: HttpRequest, matter_id: Id) -> list[DraftOut]:
    """A matter's drafts, most recently changed first."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    drafts = list(selectors.drafts_of(matter))
    record_read(
        "drafts.listed",
        actor=actor,
        obj=matter,
        matter=matter,
        details={"ids": [d.pk for d in drafts], "via": "api"},
    )
    return [
        DraftOut(**_summary(d, list(selectors.renderings_of(d)[:1]))) for d in drafts
    ]


@router.post("/matters/{id:matter_id}/drafts", response={201: DraftDetailOut, **ERRORS})
def create_draft(
    request: HttpRequest, matter_id: Id, payload: DraftIn
) -> Status[DraftDetailOut]:
    """Starts a letter from a template and renders its first version (DRAFT
    watermark). Paralegals and attorneys on the team; only an attorney sets
    `demand_cents` or `general_damages`."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    try:
        template = selectors.template_by_id(payload.template_id)
    except NotVisibleError:
        raise ValidationError(
            [
                {
                    "type": "unknown_template",
                    "loc": ["body", "payload", "template_id"],
                    "msg": "No template has this id.",
                }
            ]
        ) from None
    draft = services.create_draft(
        actor=actor,
        matter=matter,
        template=template,
        title=payload.title,
        inputs=dict(payload.inputs),
    )
    return Status(201, _fresh(actor, draft.pk))


@router.get("/drafts/{id:draft_id}", response={200: DraftDetailOut, **ERRORS})
def get_draft(request: HttpRequest, draft_id: Id) -> DraftDetailOut:
    """A draft with its inputs, renderings and the newest rendering's text."""
    actor = actor_of(request)
    draft = selectors.draft_for(actor, draft_id)
    detail = _detail(draft)
    record_read(
        "draft.viewed",
        actor=actor,
        obj=draft,
        matter=draft.matter,
        details={"document_version_id": detail.latest_version_id, "via": "api"},
    )
    return detail


@router.put("/drafts/{id:draft_id}", response={200: DraftDetailOut, **ERRORS})
def update_draft(
    request: HttpRequest, draft_id: Id, payload: DraftUpdateIn
) -> DraftDetailOut:
    """Replaces the draft's inputs and renders its next version. Send the `version`
    you read: a stale one is a 409."""
    actor = actor_of(request)
    services.update_draft(
        actor=actor,
        draft=selectors.draft_for(actor, draft_id),
        inputs=dict(payload.inputs),
        expected_version=payload.version,
    )
    return _fresh(actor, draft_id)


@router.post("/drafts/{id:draft_id}/submit", response={200: TaskOut, **ERRORS})
def submit_draft(request: HttpRequest, draft_id: Id, payload: DraftSubmitIn) -> TaskOut:
    """Submits the newest rendering for review with one of your open tasks on the
    matter (started first if it was only assigned); answers the task."""
    actor = actor_of(request)
    draft = selectors.draft_for(actor, draft_id)
    try:
        task = work_selectors.task_for(actor, payload.task_id)
    except NotVisibleError:
        raise ValidationError(
            [
                {
                    "type": "unknown_task",
                    "loc": ["body", "payload", "task_id"],
                    "msg": "No task you may see has this id.",
                }
            ]
        ) from None
    submitted = services.submit_draft(
        actor=actor, draft=draft, task=task, note=payload.note
    )
    return TaskOut.of(work_selectors.task_for(actor, submitted.pk))


@router.post("/drafts/{id:draft_id}/finalize", response={200: DraftDetailOut, **ERRORS})
def finalize_draft(request: HttpRequest, draft_id: Id) -> DraftDetailOut:
    """Files the approved version as a PDF without the watermark; a 400 unless the
    newest rendering is the one an attorney approved."""
    actor = actor_of(request)
    services.finalize_draft(actor=actor, draft=selectors.draft_for(actor, draft_id))
    return _fresh(actor, draft_id)
