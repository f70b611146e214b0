"""The drafting screens: a matter's drafts, one draft, the template library."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from paradesk.core.exceptions import NotVisibleError, ParadeskError
from paradesk.core.services import record_read
from paradesk.drafting import selectors, services
from paradesk.drafting.forms import DraftForm, NewDraftForm, TemplateUploadForm
from paradesk.drafting.models import Draft, TemplateKind
from paradesk.engines.drafting.context import money
from paradesk.engines.drafting.render import document_text
from paradesk.firm.models import User
from paradesk.matters.models import PartyRole
from paradesk.matters.selectors import matter_for, matters_visible_to, team_of


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the login middleware admits only verified users
        raise NotVisibleError("Sign in first.")
    return user


# ----------------------------------------------------------------- drafts


@require_http_methods(["GET", "POST"])
def matter_drafts(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter = matter_for(actor, matter_id)
    services.install_builtin_templates()
    templates = list(selectors.library())
    form = NewDraftForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        template = next(t for t in templates if t.pk == form.cleaned_data["template"])
        try:
            draft = services.create_draft(
                actor=actor,
                matter=matter,
                template=template,
                title=form.cleaned_data["title"],
            )
        except ParadeskError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Draft created. Fill in the letter below.")
            return redirect("drafting:draft", draft.pk)
    drafts = list(selectors.drafts_of(matter))
    record_read("drafts.listed", actor=actor, obj=matter, matter=matter)
    return render(
        request,
        "drafting/matter.html",
        {"matter": matter, "drafts": drafts, "form": form},
    )


def _kind_fields(kind: str) -> set[str]:
    common = {"letter_date", "signer"}
    by_kind: dict[str, set[str]] = {
        TemplateKind.DEMAND: {
            "incident_date",
            "location",
            "facts",
            "liability",
            "general_damages",
            "demand",
            "response_days",
        },
        TemplateKind.RECORDS_REQUEST: {
            "provider",
            "client_date_of_birth",
            "records_from",
            "records_to",
            "records_description",
            "records_purpose",
            "records_expires",
        },
        TemplateKind.HIPAA_AUTHORIZATION: {
            "provider",
            "client_date_of_birth",
            "records_from",
            "records_to",
            "records_description",
            "records_purpose",
            "records_expires",
        },
        TemplateKind.REPRESENTATION: {"incident_date", "facts", "response_days"},
        TemplateKind.CLIENT_STATUS: {"body"},
    }
    return common | by_kind.get(
        kind, {"incident_date", "facts", "body", "response_days"}
    )


def _initial(draft: Draft) -> dict[str, Any]:
    inputs = dict(draft.inputs)
    inputs["version"] = draft.version
    cents = inputs.pop("demand_cents", None)
    if cents:
        inputs["demand"] = money(int(cents)).lstrip("$")
    return inputs


def _inputs(
    cleaned: dict[str, Any], shown: set[str], before: dict[str, Any]
) -> dict[str, Any]:
    """The form's fields as draft inputs; fields this kind does not show are kept."""
    inputs = dict(before)
    for name in shown:
        value = cleaned.get(name)
        if name == "demand":
            cents = services.parse_dollars(value or "")
            if cents:
                inputs["demand_cents"] = cents
            else:
                inputs.pop("demand_cents", None)
        elif value in (None, ""):
            inputs.pop(name, None)
        else:
            inputs[name] = value.isoformat() if isinstance(value, date) else value
    return inputs


@require_http_methods(["GET", "POST"])
def draft_detail(request: HttpRequest, draft_id: int) -> HttpResponse:
    actor = _actor(request)
    draft = selectors.draft_for(actor, draft_id)
    matter = draft.matter
    shown = _kind_fields(draft.kind)
    team = list(team_of(matter))
    providers = list(
        matter.parties.filter(role=PartyRole.MEDICAL_PROVIDER).select_related("contact")
    )
    form = DraftForm(
        request.POST or None,
        initial=_initial(draft),
        shown=shown,
        team=team,
        providers=providers,
        attorney=actor.is_attorney,
    )
    if request.method == "POST" and form.is_valid():
        try:
            inputs = _inputs(form.cleaned_data, shown, draft.inputs)
            services.update_draft(
                actor=actor,
                draft=draft,
                inputs=inputs,
                expected_version=form.cleaned_data["version"],
            )
        except ParadeskError as error:  # a concurrent edit too: it says so
            messages.error(request, str(error))
        else:
            messages.success(request, "Saved: a new version of the draft was rendered.")
            return redirect("drafting:draft", draft.pk)
    renderings = list(selectors.renderings_of(draft))
    latest = renderings[0] if renderings else None
    task = selectors.task_of(draft)
    approved = selectors.approved_rendering(draft)
    text: list[str] = []
    if latest is not None:
        text = services.documents_text(latest).split("\n")
    record_read(
        "draft.viewed",
        actor=actor,
        obj=draft,
        matter=matter,
        details={"document_version_id": latest.document_version_id if latest else None},
    )
    return render(
        request,
        "drafting/draft.html",
        {
            "matter": matter,
            "draft": draft,
            "form": form,
            "renderings": renderings,
            "latest": latest,
            "text": text,
            "task": task,
            "approved": approved,
            "carriers": list(selectors.tasks_to_carry(actor, draft)),
            "changed_since_approval": bool(
                task and task.approved_sha256 and latest and approved is None
            ),
        },
    )


@require_POST
def submit(request: HttpRequest, draft_id: int) -> HttpResponse:
    actor = _actor(request)
    draft = selectors.draft_for(actor, draft_id)
    task_id = request.POST.get("task") or ""
    task = (
        selectors.tasks_to_carry(actor, draft).filter(pk=task_id).first()
        if task_id.isdigit()
        else None
    )
    if task is None:
        messages.error(request, "Choose the task that carries this draft.")
        return redirect("drafting:draft", draft.pk)
    try:
        services.submit_draft(
            actor=actor, draft=draft, task=task, note=request.POST.get("note", "")
        )
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Submitted for review by {task.reviewer}.")
    return redirect("drafting:draft", draft.pk)


@require_POST
def finalize(request: HttpRequest, draft_id: int) -> HttpResponse:
    actor = _actor(request)
    draft = selectors.draft_for(actor, draft_id)
    try:
        services.finalize_draft(actor=actor, draft=draft)
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Finalized: the approved letter is filed as a PDF.")
    return redirect("drafting:draft", draft.pk)


# ----------------------------------------------------------------- the library


@require_http_methods(["GET", "POST"])
def library(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    services.install_builtin_templates()
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.upload_template(
                actor=actor,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                data=upload.read(),
                file_name=upload.name,
            )
        except ParadeskError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Template added to the library.")
            return redirect("drafting:template", version.template_id)
    return render(
        request,
        "drafting/library.html",
        {
            "templates": list(selectors.library()),
            "form": form,
            "can_manage": actor.role in ("attorney", "admin"),
        },
    )


@require_http_methods(["GET", "POST"])
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    actor = _actor(request)
    template = selectors.template_by_id(template_id)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "Choose a .docx file.")
        else:
            try:
                services.add_template_version(
                    actor=actor,
                    template=template,
                    data=upload.read(),
                    file_name=upload.name or "",
                )
            except ParadeskError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "New version added.")
        return redirect("drafting:template", template.pk)
    version = selectors.latest_version(template)
    preview: list[str] = []
    problem = ""
    matters = list(matters_visible_to(actor).order_by("number")[:200])
    chosen = next(
        (m for m in matters if str(m.pk) == request.GET.get("matter", "")), None
    )
    try:
        if chosen is None:
            data = services.preview_template(version)
        else:
            data, _warnings = services.preview_with_matter(
                actor=actor, version=version, matter=chosen
            )
        preview = document_text(data).split("\n")
    except ParadeskError as error:
        problem = str(error)
    return render(
        request,
        "drafting/template.html",
        {
            "template": template,
            "version": version,
            "versions": list(template.versions.order_by("-number")),
            "preview": preview,
            "error": problem,
            "matters": matters,
            "chosen": chosen,
            "can_manage": actor.role in ("attorney", "admin"),
        },
    )


@require_GET
def template_download(
    request: HttpRequest, template_id: int, number: int
) -> HttpResponse:
    _actor(request)
    template = selectors.template_by_id(template_id)
    version = template.versions.filter(number=number).first()
    if version is None:
        raise NotVisibleError
    preview = request.GET.get("preview") == "1"
    data = (
        services.preview_template(version)
        if preview
        else services.template_bytes(version)
    )
    response = HttpResponse(
        data,
        content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
    )
    suffix = "-preview" if preview else ""
    response["Content-Disposition"] = (
        f'attachment; filename="template-{template.pk}-v{version.number}{suffix}.docx"'
    )
    return response
