"""Writes of the template library and of drafts: one function per verb, audited.

- Templates are checked against the context model at upload (an unknown field is
  refused with its place) and never change: a new upload is a new version.
- A draft renders to a new version of its matter document on every change, always
  with the DRAFT watermark; its task's approval pins that version's hash.
- Only the approved version can be finalized: its own stored context is filled again
  without the watermark and turned into a PDF, filed as a document of the matter.
- The demand amount and general damages are the attorney's words: a non-attorney
  cannot set or change them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paradesk.core import audit
from paradesk.core.exceptions import ConcurrentEditError, PermissionDeniedError
from paradesk.core.storage import get_store
from paradesk.core.workdir import private_workdir
from paradesk.documents import services as documents
from paradesk.documents.exceptions import DocumentError, DuplicateVersionError
from paradesk.drafting import context as matter_context
from paradesk.drafting import selectors
from paradesk.drafting.context import DraftError
from paradesk.drafting.models import (
    Draft,
    Rendering,
    Template,
    TemplateKind,
    TemplateVersion,
)
from paradesk.engines.drafting import builtin, fields, pdf, render, samples
from paradesk.engines.drafting.context import DraftContext
from paradesk.engines.drafting.exceptions import DraftingError
from paradesk.firm.models import Role
from paradesk.matters.models import Party, PartyRole
from paradesk.matters.selectors import can_see_matter
from paradesk.work import services as work
from paradesk.work.models import Task, TaskState

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

__all__ = ["DraftError"]

WATERMARK = "DRAFT"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
_DRAFTERS = (Role.ATTORNEY, Role.PARALEGAL)
_LIBRARIANS = (Role.ATTORNEY, Role.ADMIN)
# Fields only an attorney may set: the demand and the words on general damages.
ATTORNEY_FIELDS = ("demand_cents", "general_damages")
INPUT_FIELDS = (
    "letter_date",
    "incident_date",
    "signer",
    "provider",
    "location",
    "facts",
    "liability",
    "general_damages",
    "demand_cents",
    "response_days",
    "body",
    "client_date_of_birth",
    "records_from",
    "records_to",
    "records_description",
    "records_purpose",
    "records_expires",
)


# ----------------------------------------------------------------- the library


def install_builtin_templates() -> int:
    """Adds the built-in templates the library lacks (their DOCX made by the engine);
    returns how many were added. Safe to run any number of times."""
    added = 0
    for item in builtin.BUILTINS:
        if Template.objects.filter(builtin=item.key).exists():
            continue
        data = builtin.template_bytes(item.key)
        check = fields.check(data)
        sha256 = get_store().put(data)
        with transaction.atomic():
            template, created = Template.objects.get_or_create(
                builtin=item.key,
                defaults={
                    "name": item.name,
                    "kind": item.kind,
                    "description": item.description,
                },
            )
            if not created:
                continue
            _new_version(template, 1, data, sha256, f"{item.key}.docx", check.paths)
            added += 1
    return added


def _new_version(
    template: Template,
    number: int,
    data: bytes,
    sha256: str,
    file_name: str,
    paths: list[str],
    actor: User | None = None,
) -> TemplateVersion:
    """Records a stored template file as the template's version `number`."""
    return TemplateVersion.objects.create(
        template=template,
        number=number,
        sha256=sha256,
        size_bytes=len(data),
        original_name=file_name[:255],
        fields=paths,
        uploaded_by=actor,
    )


def _checked_template(data: bytes, name: str) -> list[str]:
    """The template's merge fields, once it is proven a .docx that renders."""
    if not name.lower().endswith(".docx"):
        raise DraftError(
            f'"{name}" is not a .docx file: templates are Word documents (.docx).'
        )
    if len(data) > MAX_TEMPLATE_BYTES:
        raise DraftError("The template is larger than 10 MB.")
    try:
        check = fields.check(data)
        render.render(data, samples.sample_context(), watermark=WATERMARK)
    except DraftingError as error:
        raise DraftError(str(error)) from None
    return check.paths


def _require_librarian(actor: User) -> None:
    if actor.role not in _LIBRARIANS:
        raise PermissionDeniedError(
            "Only attorneys and administrators change the firm's template library."
        )


def upload_template(
    *,
    actor: User,
    name: str,
    kind: str,
    data: bytes,
    file_name: str,
    description: str = "",
) -> TemplateVersion:
    """Adds a firm template with its first version.

    Raises:
        PermissionDeniedError: not an attorney or administrator.
        DraftError: not a .docx, unreadable, or a field the context does not define
            (named with its paragraph).
    """
    _require_librarian(actor)
    if kind not in TemplateKind.values:
        raise DraftError(f"Unknown kind of letter {kind!r}.")
    if not name.strip():
        raise DraftError("Give the template a name.")
    paths = _checked_template(data, file_name)
    sha256 = get_store().put(data)
    with transaction.atomic():
        template = Template.objects.create(
            name=name.strip()[:120],
            kind=kind,
            description=description.strip()[:300],
            created_by=actor,
        )
        version = _new_version(template, 1, data, sha256, file_name, paths, actor)
        audit.record(
            "template.uploaded",
            actor=actor,
            obj=template,
            details={"version": 1, "sha256": sha256, "kind": kind},
        )
    return version


def add_template_version(
    *, actor: User, template: Template, data: bytes, file_name: str
) -> TemplateVersion:
    """The template's next version; earlier drafts keep the version they used."""
    _require_librarian(actor)
    paths = _checked_template(data, file_name)
    sha256 = get_store().put(data)
    with transaction.atomic():
        locked = Template.objects.select_for_update().get(pk=template.pk)
        latest = locked.versions.order_by("-number").first()
        if latest is not None and latest.sha256 == sha256:
            raise DraftError(
                f"This file is identical to the current version (v{latest.number})."
            )
        number = (latest.number if latest else 0) + 1
        version = _new_version(locked, number, data, sha256, file_name, paths, actor)
        audit.record(
            "template.version_added",
            actor=actor,
            obj=locked,
            details={"version": number, "sha256": sha256},
        )
    return version


def template_bytes(version: TemplateVersion) -> bytes:
    return get_store().read(version.sha256)


def preview_template(version: TemplateVersion) -> bytes:
    """The template filled with the built-in sample matter, watermarked."""
    try:
        return render.render(
            template_bytes(version), samples.sample_context(), watermark=WATERMARK
        )
    except DraftingError as error:
        raise DraftError(str(error)) from None


def preview_with_matter(
    *, actor: User, version: TemplateVersion, matter: Matter
) -> tuple[bytes, tuple[str, ...]]:
    """The template filled from a real matter the actor may see, watermarked, with
    what a draft would warn about; nothing is saved but the audit of the read.

    Raises:
        PermissionDeniedError: the actor may not see the matter.
        DraftError: the matter cannot fill this kind of letter yet (a demand with no
            approved chronology), or the template does not render.
    """
    if not can_see_matter(actor, matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    unsaved = Draft(matter=matter, template=version.template, inputs={})
    built = matter_context.build(unsaved, {})
    try:
        data = render.render(
            template_bytes(version), built.context, watermark=WATERMARK
        )
    except DraftingError as error:
        raise DraftError(str(error)) from None
    with transaction.atomic():
        audit.record(
            "template.previewed",
            actor=actor,
            obj=version.template,
            matter=matter,
            details={"version": version.number},
        )
    return data, built.warnings


# ----------------------------------------------------------------- drafts


def _require_drafter(actor: User, matter: Matter) -> None:
    if not can_see_matter(actor, matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    if actor.role not in _DRAFTERS:
        raise PermissionDeniedError("Only paralegals and attorneys draft letters.")


def parse_dollars(text: str) -> int:
    """ "$12,500.00" or "12500" as integer cents.

    Raises:
        DraftError: not an amount, negative, or finer than a cent.
    """
    cleaned = re.sub(r"[\s$,]", "", text or "")
    if not cleaned:
        return 0
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise DraftError(f"{text!r} is not an amount of dollars.") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise DraftError(f"{text!r} is not an amount in dollars and cents.")
    return int(amount * 100)


def _clean_inputs(raw: dict[str, Any], matter: Matter) -> dict[str, Any]:
    unknown = set(raw) - set(INPUT_FIELDS)
    if unknown:
        raise DraftError(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    inputs: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("demand_cents", "response_days", "signer", "provider"):
            try:
                inputs[key] = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                raise DraftError(f"{key}: {value!r} is not a whole number.") from None
            if inputs[key] is not None and inputs[key] < 0:
                raise DraftError(f"{key} cannot be negative.")
        else:
            inputs[key] = str(value or "").strip()[:20_000]
    days = inputs.get("response_days")
    if days is not None and not 1 <= days <= 365:
        raise DraftError("The response period must be between 1 and 365 days.")
    provider = inputs.get("provider")
    if provider and not (
        Party.objects.filter(
            matter=matter, role=PartyRole.MEDICAL_PROVIDER, pk=provider
        ).exists()
    ):
        # Another matter's party would be stored and silently ignored by the letter.
        raise DraftError(
            f"provider: {provider} is not a medical provider on this matter."
        )
    return {key: value for key, value in inputs.items() if value not in (None, "")}


def _guard_attorney_fields(
    actor: User, before: dict[str, Any], after: dict[str, Any]
) -> None:
    if actor.is_attorney:
        return
    changed = [key for key in ATTORNEY_FIELDS if before.get(key) != after.get(key)]
    if changed:
        names = {
            "demand_cents": "the demand amount",
            "general_damages": "general damages",
        }
        raise PermissionDeniedError(
            f"Only an attorney sets {' and '.join(names[key] for key in changed)}."
        )


class UnchangedDraftError(DraftError):
    """The draft renders to the very file its document already has."""


def _render_version(*, actor: User, draft: Draft) -> Rendering:
    """Fills the draft's template with its context and files the DOCX as the next
    version of its document, watermarked."""
    template_version = selectors.latest_version(draft.template)
    built = matter_context.build(draft, draft.inputs)
    try:
        data = render.render(
            template_bytes(template_version), built.context, watermark=WATERMARK
        )
    except DraftingError as error:
        raise DraftError(str(error)) from None
    name = f"{_slug(draft.title)}.docx"
    try:
        if draft.document is None:
            added = documents.add_document(
                actor=actor,
                matter=draft.matter,
                file=data,
                name=name,
                title=draft.title,
            )
            if not added.created:
                raise DraftError("An identical document is already on this matter.")
            draft.document = added.document
            version = added.version
        else:
            version = documents.add_version(
                actor=actor, document=draft.document, file=data, name=name
            )
    except DuplicateVersionError as error:
        raise UnchangedDraftError(str(error)) from None
    except DocumentError as error:
        raise DraftError(str(error)) from None
    return Rendering.objects.create(
        draft=draft,
        document_version=version,
        template_version=template_version,
        context=built.context.as_json(),
        warnings=list(built.warnings),
        chronology_sha256=built.chronology_sha256,
        created_by=actor,
    )


def _slug(title: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()
    return slug[:80] or "draft"


def create_draft(
    *,
    actor: User,
    matter: Matter,
    template: Template,
    title: str,
    inputs: dict[str, Any] | None = None,
) -> Draft:
    """A new draft on the matter, rendered once.

    Raises:
        PermissionDeniedError: not on the team, not a drafter, or a non-attorney
            setting the demand or general damages.
        DraftError: a malformed input, an archived template, or (for a demand) a
            chronology that is not approved as it stands.
    """
    _require_drafter(actor, matter)
    if template.archived:
        raise DraftError("That template is archived.")
    cleaned = _clean_inputs(inputs or {}, matter)
    _guard_attorney_fields(actor, {}, cleaned)
    cleaned.setdefault("letter_date", timezone.localdate().isoformat())
    with transaction.atomic():
        draft = Draft.objects.create(
            matter=matter,
            template=template,
            title=(title.strip() or template.name)[:200],
            inputs=cleaned,
            created_by=actor,
        )
        rendering = _render_version(actor=actor, draft=draft)
        draft.save(update_fields=["document"])
        audit.record(
            "draft.created",
            actor=actor,
            obj=draft,
            matter=matter,
            details={
                "template_id": template.pk,
                "template_version": rendering.template_version.number,
                "document_version_id": rendering.document_version_id,
                "sha256": rendering.document_version.sha256,
            },
        )
    return draft


def update_draft(
    *, actor: User, draft: Draft, inputs: dict[str, Any], expected_version: int
) -> Draft:
    """Saves new inputs and renders the next version of the draft.

    Raises:
        ConcurrentEditError: someone changed the draft after the form was shown.
        PermissionDeniedError, DraftError: as `create_draft`.
    """
    _require_drafter(actor, draft.matter)
    cleaned = _clean_inputs(inputs, draft.matter)
    with transaction.atomic():
        locked = (
            Draft.objects.select_for_update()
            .select_related("matter", "template")
            .get(pk=draft.pk)
        )
        if locked.version != expected_version:
            raise ConcurrentEditError(
                "Someone changed this draft after you opened it; reload to see it."
            )
        _guard_attorney_fields(actor, locked.inputs, cleaned)
        changed = sorted(
            key
            for key in set(locked.inputs) | set(cleaned)
            if locked.inputs.get(key) != cleaned.get(key)
        )
        locked.inputs = cleaned
        try:
            rendering = _render_version(actor=actor, draft=locked)
        except UnchangedDraftError:
            raise DraftError(
                "Nothing changed: the letter would read the same."
            ) from None
        locked.version += 1
        locked.save(update_fields=["inputs", "document", "version", "updated_at"])
        audit.record(
            "draft.updated",
            actor=actor,
            obj=locked,
            matter=locked.matter,
            details={
                "fields": changed,
                "document_version_id": rendering.document_version_id,
                "sha256": rendering.document_version.sha256,
            },
        )
    return locked


def submit_draft(*, actor: User, draft: Draft, task: Task, note: str = "") -> Task:
    """Submits the draft's latest version for review with one of the actor's tasks.

    Raises:
        DraftError: the task is not the actor's open task on this matter.
        PermissionDeniedError, WorkflowError: as `work.services.submit_task`.
    """
    _require_drafter(actor, draft.matter)
    if task not in selectors.tasks_to_carry(actor, draft):
        raise DraftError(
            "Choose one of your open tasks on this matter to carry the draft."
        )
    if task.state == TaskState.ASSIGNED:
        task = work.start_task(actor=actor, task=task)
    return work.submit_task(
        actor=actor,
        task=task,
        product_kind="draft",
        product_id=str(draft.pk),
        note=note,
    )


def finalize_draft(*, actor: User, draft: Draft) -> Draft:
    """The approved version as a PDF without the watermark, filed on the matter.

    Raises:
        DraftError: the latest version is not the approved one, a demand has no
            amount, or the PDF could not be made (LibreOffice missing or failing).
    """
    _require_drafter(actor, draft.matter)
    approved = selectors.approved_rendering(draft)
    if approved is None:
        raise DraftError(
            "Only the version an attorney approved can be finalized: submit this "
            "draft for review (or again, if it changed since approval)."
        )
    context = DraftContext.model_validate(approved.context)
    if draft.template.kind == TemplateKind.DEMAND and not context.letter.demand_cents:
        raise DraftError("The demand has no amount: the attorney enters it first.")
    try:
        filled = render.render(template_bytes(approved.template_version), context)
        if _comparable(render.document_text(filled)) != _comparable(
            documents_text(approved)
        ):
            raise DraftError(
                "The final text differs from the approved version; nothing was saved."
            )
        with private_workdir("draft-") as workdir:
            data = pdf.docx_to_pdf(
                filled, workdir=workdir, program=settings.PARADESK_SOFFICE
            )
    except DraftingError as error:
        raise DraftError(str(error)) from None
    name = f"{_slug(draft.title)}-final.pdf"
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        try:
            if locked.final_document is None:
                added = documents.add_document(
                    actor=actor,
                    matter=draft.matter,
                    file=data,
                    name=name,
                    title=f"{draft.title} (final)",
                )
                locked.final_document = added.document
                version = added.version
            else:
                version = documents.add_version(
                    actor=actor, document=locked.final_document, file=data, name=name
                )
        except DocumentError as error:
            raise DraftError(str(error)) from None
        locked.finalized_at = timezone.now()
        locked.finalized_by = actor
        locked.save(
            update_fields=[
                "final_document",
                "finalized_at",
                "finalized_by",
                "updated_at",
            ]
        )
        audit.record(
            "draft.finalized",
            actor=actor,
            obj=locked,
            matter=draft.matter,
            details={
                "approved_sha256": approved.document_version.sha256,
                "pdf_version_id": version.pk,
                "pdf_sha256": version.sha256,
            },
        )
    return locked


def documents_text(rendering: Rendering) -> str:
    """A rendering's text without the watermark's header line."""
    data = get_store().read(rendering.document_version.sha256)
    text = render.document_text(data)
    return "\n".join(line for line in text.split("\n") if line != render.WATERMARK_NOTE)


def _comparable(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]
