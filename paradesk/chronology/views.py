"""The chronology screens: review table, entry editor, add, merge, split, exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from paradesk.chronology import selectors, services
from paradesk.chronology.models import Chronology, Entry, Origin
from paradesk.core.exceptions import ConcurrentEditError, NotVisibleError, ParadeskError
from paradesk.core.services import record_read
from paradesk.engines.medchron.models import VisitType
from paradesk.engines.medchron.render import content
from paradesk.firm.models import User
from paradesk.work.models import Task

EXPORT_TYPES = services.EXPORT_TYPES


def _actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the login middleware admits only verified users
        raise NotVisibleError("Sign in first.")
    return user


def _money(cents: int | None) -> str:
    """Cents as the exports print them ("$1,234.56"); empty for no amount."""
    return "" if cents is None else content.money(cents)


def _citations(
    chronology: Chronology, citations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    return [
        {**citation, "url": selectors.citation_url(chronology, citation)}
        for citation in citations
    ]


def _row(chronology: Chronology, entry: Entry) -> dict[str, Any]:
    data = entry.data
    return {
        "entry": entry,
        "data": data,
        "citations": _citations(chronology, data["citations"]),
        "verified": all(c["verified"] for c in data["citations"]),
    }


@require_GET
def matter_chronology(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter, chronology = selectors.chronology_for(actor, matter_id)
    context: dict[str, Any] = {"matter": matter, "chronology": chronology}
    if chronology is not None:
        provider = request.GET.get("provider", "")
        kind = request.GET.get("type", "")
        entries = selectors.entries_of(chronology)
        providers = sorted({e.provider for e in entries if e.provider})
        kinds = sorted({e.visit_type for e in entries if e.visit_type})
        if provider:
            entries = entries.filter(provider=provider)
        if kind:
            entries = entries.filter(visit_type=kind)
        document = selectors.as_contract(chronology)
        tasks = Task.objects.filter(matter=matter, product_kind="chronology").order_by(
            "-pk"
        )[:5]
        context.update(
            {
                "rows": [_row(chronology, entry) for entry in entries],
                "removed": selectors.entries_of(chronology, removed=True),
                "providers": providers,
                "kinds": kinds,
                "provider": provider,
                "kind": kind,
                "document": document,
                "bills": [
                    {
                        **bill,
                        "charges": _money(bill["charges_cents"]),
                        "payments": _money(bill["payments_cents"]),
                        "adjustments": _money(bill["adjustments_cents"]),
                        "balance": _money(bill["balance_cents"]),
                        "stated": _money(bill["stated_total_cents"]),
                        "line_rows": [
                            {
                                **line,
                                "charge": _money(line["charge_cents"]),
                                "url": selectors.citation_url(
                                    chronology, line["citation"]
                                ),
                            }
                            for line in bill["lines"]
                        ],
                    }
                    for bill in document["bills"]
                ],
                "totals": {k: _money(v) for k, v in document["totals"].items()},
                "tasks": tasks,
                "content_hash": selectors.content_hash(chronology),
                "formats": list(EXPORT_TYPES),
            }
        )
        record_read(
            "chronology.viewed",
            actor=actor,
            obj=chronology,
            matter=matter,
            details={"entries": len(context["rows"])},
        )
    return render(request, "chronology/matter.html", context)


def _back(entry: Entry) -> str:
    return (
        reverse("chronology:matter", args=[entry.chronology.matter_id])
        + f"#entry-{entry.pk}"
    )


@require_POST
def build(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter, _ = selectors.chronology_for(actor, matter_id)
    try:
        services.request_build(actor=actor, matter=matter)
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Building the chronology from the matter's records.")
    return redirect("chronology:matter", matter.pk)


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def edit_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = _actor(request)
    entry = selectors.entry_for(actor, entry_id)
    chronology = entry.chronology
    if request.method == "POST":
        fields = (
            "date",
            "provider",
            "facility",
            "visit_type",
            *services.LIST_FIELDS,
            *services.CODED_FIELDS,
        )
        changes = {
            name: request.POST.get(name, "") for name in fields if name in request.POST
        }
        try:
            services.edit_entry(
                actor=actor,
                entry=entry,
                expected_version=_version(request),
                changes=changes,
            )
        except (ConcurrentEditError, ParadeskError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "Entry saved. The engine's reading is kept beside it."
            )
            return redirect(_back(entry))
    record_read(
        "chronology.entry_viewed", actor=actor, obj=entry, matter=chronology.matter
    )
    data = entry.data
    facts = data.get("facts") or {}
    complaints = (
        [f["text"] for f in facts.get("complaints", [])]
        + [f["text"] for f in facts.get("pain_scores", [])]
        if facts
        else data["complaints"]
    )
    form = {
        "date": data.get("date") or "",
        "provider": data.get("provider") or "",
        "facility": data.get("facility") or "",
        "visit_type": data.get("visit_type") or "",
        "complaints": "\n".join(complaints),
        **{
            name: "\n".join(data[name])
            for name in services.LIST_FIELDS
            if name != "complaints"
        },
        **{
            name: "\n".join(
                " ".join(part for part in (item["code"], item["description"]) if part)
                for item in data[name]
            )
            for name in services.CODED_FIELDS
        },
    }
    fact_rows = [
        {
            "field": name.replace("_", " "),
            "text": item.get("text")
            or " ".join(filter(None, (item.get("code"), item.get("description")))),
            "citation": item.get("citation"),
            "url": selectors.citation_url(chronology, item["citation"])
            if item.get("citation")
            else None,
            "rule": item.get("rule", ""),
            "origin": item.get("origin", ""),
        }
        for name, items in facts.items()
        for item in items
    ]
    return render(
        request,
        "chronology/entry.html",
        {
            "matter": chronology.matter,
            "chronology": chronology,
            "entry": entry,
            "form": form,
            "citations": _citations(chronology, data["citations"]),
            "machine": entry.machine,
            "machine_citations": _citations(chronology, entry.machine["citations"])
            if entry.machine
            else [],
            "fact_rows": fact_rows,
            "visit_types": [kind.value for kind in VisitType],
            "edited": entry.origin != Origin.ENGINE,
        },
    )


@require_POST
def delete_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = _actor(request)
    entry = selectors.entry_for(actor, entry_id)
    try:
        services.delete_entry(
            actor=actor, entry=entry, expected_version=_version(request)
        )
    except ParadeskError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Entry removed. It is listed under removed entries.")
    return redirect("chronology:matter", entry.chronology.matter_id)


@require_POST
def restore_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = _actor(request)
    entry = selectors.entry_for(actor, entry_id)
    try:
        services.restore_entry(
            actor=actor, entry=entry, expected_version=_version(request)
        )
    except ParadeskError as error:
        messages.error(request, str(error))
    return redirect(_back(entry))


@require_POST
def split_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = _actor(request)
    entry = selectors.entry_for(actor, entry_id)
    try:
        chosen = [int(value) for value in request.POST.getlist("citation")]
        raw_day = request.POST.get("date", "")
        day = date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        messages.error(request, "Choose pages and give a date as YYYY-MM-DD.")
        return redirect("chronology:edit", entry.pk)
    try:
        created = services.split_entry(
            actor=actor,
            entry=entry,
            expected_version=_version(request),
            citations=chosen,
            day=day,
        )
    except ParadeskError as error:
        messages.error(request, str(error))
        return redirect("chronology:edit", entry.pk)
    messages.success(request, "Split: the chosen pages are a new entry.")
    return redirect("chronology:edit", created.pk)


@require_POST
def merge_entries(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter, chronology = selectors.chronology_for(actor, matter_id)
    try:
        ids = [int(value) for value in request.POST.getlist("entry")]
        versions = {
            int(key.removeprefix("v-")): int(request.POST.get(key, ""))
            for key in request.POST
            if key.startswith("v-")
        }
    except ValueError:
        ids, versions = [], {}
    entries = [selectors.entry_for(actor, pk) for pk in ids]
    if chronology is None or len(entries) < 2:
        messages.error(request, "Tick two or more entries to merge.")
        return redirect("chronology:matter", matter.pk)
    try:
        target = services.merge_entries(
            actor=actor,
            target=entries[0],
            others=entries[1:],
            expected_versions=versions,
        )
    except ParadeskError as error:
        messages.error(request, str(error))
        return redirect("chronology:matter", matter.pk)
    messages.success(request, f"Merged {len(entries)} entries into one.")
    return redirect(_back(target))


def add_entry(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter, chronology = selectors.chronology_for(actor, matter_id)
    if chronology is None:
        messages.error(request, "Build the chronology first.")
        return redirect("chronology:matter", matter.pk)
    values = {
        key: request.POST.get(key, "")
        for key in (
            "date",
            "provider",
            "facility",
            "visit_type",
            "document",
            "page",
            "quote",
        )
    }
    if request.method == "POST":
        try:
            day = date.fromisoformat(values["date"]) if values["date"] else None
            page = int(values["page"])
        except ValueError:
            messages.error(
                request, "Give the date as YYYY-MM-DD and the page as a number."
            )
        else:
            try:
                entry = services.add_entry(
                    actor=actor,
                    chronology=chronology,
                    day=day,
                    provider=values["provider"],
                    facility=values["facility"],
                    visit_type=values["visit_type"],
                    document_label=values["document"],
                    page=page,
                    quote=values["quote"],
                )
            except ParadeskError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Entry added.")
                return redirect(_back(entry))
    return render(
        request,
        "chronology/add.html",
        {
            "matter": matter,
            "chronology": chronology,
            "values": values,
            "documents": sorted(chronology.sources),
            "visit_types": [kind.value for kind in VisitType],
        },
    )


@require_POST
def submit(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor = _actor(request)
    matter, chronology = selectors.chronology_for(actor, matter_id)
    if chronology is None:
        messages.error(request, "Build the chronology first.")
        return redirect("chronology:matter", matter.pk)
    try:
        task = services.submit_for_review(
            actor=actor, chronology=chronology, note=request.POST.get("note", "")[:2000]
        )
    except ParadeskError as error:
        messages.error(request, str(error))
        return redirect("chronology:matter", matter.pk)
    messages.success(request, "Submitted for review.")
    return redirect("work:task_detail", task.pk)


@require_GET
def export(request: HttpRequest, matter_id: int, fmt: str) -> HttpResponse:
    actor = _actor(request)
    matter, chronology = selectors.chronology_for(actor, matter_id)
    if chronology is None or fmt not in EXPORT_TYPES:
        messages.error(request, "Nothing to export yet.")
        return redirect("chronology:matter", matter.pk)
    data, name = services.export(actor=actor, chronology=chronology, fmt=fmt)
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
