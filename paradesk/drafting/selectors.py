"""Reads of drafts (scoped to the matters the user may see) and of the template library.

The library is firm-wide and holds no client data, so every signed-in member may read
it; drafts are client data and start from `visible_matter_ids`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from paradesk.core.exceptions import NotVisibleError
from paradesk.drafting.models import Draft, Rendering, Template, TemplateVersion
from paradesk.matters.selectors import visible_matter_ids
from paradesk.work.models import Task, TaskState
from paradesk.work.products import ProductRef

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from paradesk.firm.models import User
    from paradesk.matters.models import Matter


def _pk(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotVisibleError from None


def library(*, archived: bool = False) -> QuerySet[Template]:
    return Template.objects.filter(archived=archived).prefetch_related("versions")


def template_by_id(template_id: int | str) -> Template:
    template = Template.objects.filter(pk=_pk(template_id)).first()
    if template is None:
        raise NotVisibleError
    return template


def latest_version(template: Template) -> TemplateVersion:
    version = template.versions.order_by("-number").first()
    if version is None:
        raise NotVisibleError
    return version


def drafts_of(matter: Matter) -> QuerySet[Draft]:
    """A matter's drafts; call only with a matter obtained through a selector."""
    return Draft.objects.filter(matter=matter).select_related(
        "template", "document", "final_document", "created_by"
    )


def draft_for(user: User, draft_id: int | str) -> Draft:
    """A draft on a matter the user may see; NotVisibleError otherwise."""
    draft = (
        Draft.objects.filter(pk=_pk(draft_id), matter__in=visible_matter_ids(user))
        .select_related("matter", "template", "document", "final_document")
        .first()
    )
    if draft is None:
        raise NotVisibleError
    return draft


def renderings_of(draft: Draft) -> QuerySet[Rendering]:
    return draft.renderings.select_related(
        "document_version", "template_version", "created_by"
    ).order_by("-document_version__number")


def latest_rendering(draft: Draft) -> Rendering | None:
    return renderings_of(draft).first()


def task_of(draft: Draft) -> Task | None:
    """The task carrying this draft for review, if it has been submitted."""
    return (
        Task.objects.filter(
            matter=draft.matter, product_kind="draft", product_id=str(draft.pk)
        )
        .select_related("owner", "reviewer", "approved_by")
        .order_by("-pk")
        .first()
    )


def tasks_to_carry(user: User, draft: Draft) -> QuerySet[Task]:
    """The user's open tasks on the draft's matter that could carry it for review."""
    return (
        Task.objects.filter(matter=draft.matter, owner=user)
        .exclude(state=TaskState.DELIVERED)
        .filter(Q(product_kind="") | Q(product_kind="draft", product_id=str(draft.pk)))
        .select_related("reviewer")
        .order_by("due_on", "pk")
    )


def approved_rendering(draft: Draft) -> Rendering | None:
    """The latest rendering if its exact content is what an attorney approved."""
    latest = latest_rendering(draft)
    task = task_of(draft)
    if latest is None or task is None:
        return None
    if task.state not in (TaskState.APPROVED, TaskState.DELIVERED):
        return None
    if task.approved_sha256 != latest.document_version.sha256:
        return None
    return latest


def draft_product(matter: Matter, product_id: str) -> ProductRef | None:
    """A draft as a task's work product: its content is its latest rendering."""
    try:
        pk = int(product_id)
    except (TypeError, ValueError):
        return None
    draft = Draft.objects.filter(matter=matter, pk=pk).first()
    if draft is None:
        return None
    latest = latest_rendering(draft)
    return ProductRef(
        kind="draft",
        id=str(draft.pk),
        label=draft.title,
        sha256=latest.document_version.sha256 if latest else "",
        url=reverse("drafting:draft", args=[draft.pk]),
    )
