"""A matter's medical chronology: build it, read it in the JSON contract, export it.

The chronology document is `paradesk.chronology/1` (docs/chronology.md), the same the
`paradesk chronology` command prints; reads and exports are audited as in the app.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from paradesk.api.auth import actor_of
from paradesk.api.schemas import ERRORS, Id
from paradesk.chronology import selectors, services
from paradesk.core.exceptions import NotVisibleError
from paradesk.core.services import record_read
from paradesk.matters.selectors import matter_for

router = Router(tags=["chronology"])

EXPORT_TYPES = services.EXPORT_TYPES


class BuildOut(Schema):
    job: str
    state: str


@router.get(
    "/matters/{id:matter_id}/chronology", response={200: dict[str, Any], **ERRORS}
)
def get_chronology(request: HttpRequest, matter_id: Id) -> dict[str, Any]:
    """The chronology as it stands (people's edits included), in the JSON contract
    `paradesk.chronology/1`; 404 until one has been built."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    chronology = selectors.chronology_of(matter)
    if chronology is None or chronology.built_at is None:
        raise NotVisibleError
    document = selectors.as_contract(chronology)
    record_read(
        "chronology.viewed",
        actor=actor,
        obj=chronology,
        matter=matter,
        details={"entries": len(document["encounters"]), "via": "api"},
    )
    return document


@router.post(
    "/matters/{id:matter_id}/chronology/build", response={202: BuildOut, **ERRORS}
)
def build_chronology(request: HttpRequest, matter_id: Id) -> Status[BuildOut]:
    """Queues building (or rebuilding) the chronology from the matter's read
    documents; follow the job at /jobs/{job}/ in the app. Edits people made are kept."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    job = services.request_build(actor=actor, matter=matter)
    return Status(202, BuildOut(job=str(job.pk), state=job.state))


@router.get("/matters/{id:matter_id}/chronology/export/{fmt}", response=ERRORS)
def export_chronology(request: HttpRequest, matter_id: Id, fmt: str) -> HttpResponse:
    """The chronology as DOCX, PDF, XLSX, CSV or JSON; each export is audited with
    the content hash exported."""
    actor = actor_of(request)
    matter = matter_for(actor, matter_id)
    chronology = selectors.chronology_of(matter)
    if chronology is None or chronology.built_at is None or fmt not in EXPORT_TYPES:
        raise NotVisibleError
    data, name = services.export(actor=actor, chronology=chronology, fmt=fmt)
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
