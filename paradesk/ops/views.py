"""Health, the administrators' audit viewer and job progress."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from paradesk.core import audit, jobs, readqueue
from paradesk.core.exceptions import NotVisibleError
from paradesk.core.ids import MAX_ID
from paradesk.core.models import AuditEvent, JobProgress, WorkerHeartbeat
from paradesk.firm.models import Role, User
from paradesk.firm.selectors import audit_events_for


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {}, request)
    return HttpResponseNotFound(body)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.render_to_string("500.html"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: only whether the database and a worker answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # any failure means "not ok"; the reason stays in the server log
        return JsonResponse(
            {"status": "error", "database": "unavailable", "worker": "unknown"},
            status=503,
        )
    limit = jobs.heartbeat_fresh_since()
    worker = (
        "ok"
        if WorkerHeartbeat.objects.filter(seen_at__gte=limit).exists()
        else "absent"
    )
    return JsonResponse({"status": "ok", "database": database, "worker": worker})


def _require_admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.role != Role.ADMIN:
        raise NotVisibleError("Administrators only.")
    return user


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, label="User", max_length=150)
    action = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": "task.approve, matter., auth."}),
    )
    matter = forms.IntegerField(
        required=False, label="Matter id", min_value=1, max_value=MAX_ID
    )
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("“From” must not be after “To”.")
        return data


def _filters_of(form: AuditFilterForm) -> dict[str, str]:
    """The filters applied, as text: only what the form accepted, never raw input."""
    if not form.is_bound or not form.is_valid():
        return {}
    return {k: str(v) for k, v in form.cleaned_data.items() if v not in (None, "")}


def _filtered_events(admin: User, form: AuditFilterForm) -> QuerySet[AuditEvent]:
    # Reads queued by processes that died join the chain before anyone looks at it.
    readqueue.drain_abandoned()
    if not form.is_bound:
        return audit_events_for(admin)
    if not form.is_valid():
        return AuditEvent.objects.none()
    data = form.cleaned_data
    return audit_events_for(
        admin,
        actor=data.get("actor") or "",
        action=data.get("action") or "",
        matter_id=data.get("matter"),
        since=data.get("since"),
        until=data.get("until"),
    )


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    admin = _require_admin(request)
    form = AuditFilterForm(request.GET or None)
    events = _filtered_events(admin, form)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    with transaction.atomic():
        audit.record(
            "audit.viewed", actor=admin, details={"filters": _filters_of(form)}
        )
    query = request.GET.copy()
    query.pop("page", None)
    recent_job = (
        JobProgress.objects.filter(kind="audit.verify").order_by("-created_at").first()
    )
    return render(
        request,
        "ops/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "job": recent_job},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    admin = _require_admin(request)
    form = AuditFilterForm(request.GET or None)
    events = _filtered_events(admin, form)
    with transaction.atomic():
        audit.record(
            "audit.exported",
            actor=admin,
            details={"filters": _filters_of(form)},
        )
    writer = csv.writer(_Echo())
    header = [
        "seq",
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "matter_id",
        "ip",
        "user_agent",
        "details",
        "prev_hash",
        "hash",
    ]

    def rows() -> Iterator[str]:
        yield writer.writerow(header)
        for e in events.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    e.seq,
                    e.at.isoformat(),
                    e.actor_label,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.matter_id or "",
                    e.ip or "",
                    e.user_agent,
                    json.dumps(e.details, sort_keys=True),
                    e.prev_hash,
                    e.hash,
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="paradesk-audit-{stamp}.csv"'
    )
    return response


@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    admin = _require_admin(request)
    jobs.request_audit_verification(actor=admin)
    messages.info(request, "Verification of the audit chain has started.")
    return redirect("ops:audit")


@require_GET
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """The progress bar partial; htmx polls it until the job finishes."""
    user = request.user
    job = JobProgress.objects.filter(pk=job_id).first()
    if job is None or not isinstance(user, User):
        raise NotVisibleError("No such job.")
    if job.matter_id is not None:
        from paradesk.matters.selectors import matter_for

        matter_for(user, job.matter_id)
    elif job.created_by_id != user.pk and not (
        job.kind == "audit.verify" and user.role == Role.ADMIN
    ):
        # Firm-wide jobs (checking the audit chain) are shared by the administrators.
        raise NotVisibleError("No such job.")
    return render(request, "core/partials/job.html", {"job": job})
