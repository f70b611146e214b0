"""Reads of chronologies, scoped to the matters the user may see.

The chronology "as it stands" is computed here from its entries and the latest build's
bills, through the engine's own `summarise`, so the screen, the exports, the content
hash an approval pins and the API all read the same document.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.urls import reverse

from paradesk.chronology.models import Chronology, Entry
from paradesk.core.exceptions import NotVisibleError
from paradesk.engines.medchron import contract
from paradesk.engines.medchron.assemble import summarise
from paradesk.engines.medchron.models import Chronology as Result
from paradesk.matters.selectors import matter_for, visible_matter_ids
from paradesk.work.products import ProductRef

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from paradesk.firm.models import User
    from paradesk.matters.models import Matter


def chronology_of(matter: Matter) -> Chronology | None:
    """A matter's chronology; call only with a matter obtained through a selector."""
    return Chronology.objects.filter(matter=matter).select_related("build_job").first()


def chronology_for(
    user: User, matter_id: int | str
) -> tuple[Matter, Chronology | None]:
    matter = matter_for(user, matter_id)
    return matter, chronology_of(matter)


def entries_of(chronology: Chronology, *, removed: bool = False) -> QuerySet[Entry]:
    return chronology.entries.filter(removed=removed).select_related("edited_by")


def entry_for(user: User, entry_id: int | str) -> Entry:
    """An entry of a chronology on a visible matter; NotVisibleError otherwise."""
    try:
        pk = int(entry_id)
    except (TypeError, ValueError):
        raise NotVisibleError from None
    entry = (
        Entry.objects.filter(pk=pk, chronology__matter__in=visible_matter_ids(user))
        .select_related("chronology", "chronology__matter")
        .first()
    )
    if entry is None:
        raise NotVisibleError
    return entry


def as_result(chronology: Chronology) -> Result:
    """The chronology as it stands (people's edits included) as the engine's value."""
    encounters = [
        contract.encounter_from_detail(entry.data)
        for entry in entries_of(chronology).order_by("date", "provider", "pk")
    ]
    bills = [contract.parse_bill(raw) for raw in chronology.bills]
    summary = summarise(
        encounters,
        bills,
        incident_date=chronology.incident_date,
        gap_days=chronology.gap_days,
        warnings=chronology.warnings,
    )
    stored = contract.from_json(
        {
            **contract.to_json(summary),
            "excluded": chronology.excluded or [],
            **({"patient": chronology.patient} if chronology.patient else {}),
        }
    )
    return replace(summary, patient=stored.patient, excluded=stored.excluded)


def as_contract(chronology: Chronology) -> dict[str, Any]:
    document = contract.to_json(as_result(chronology))
    # Bills keep their stored form exactly (payments and adjustments as printed).
    document["bills"] = chronology.bills
    return document


def content_hash(chronology: Chronology) -> str:
    """SHA-256 of the chronology's contract document in canonical JSON."""
    document = as_contract(chronology)
    # Optional fields at their defaults are left out, so a chronology approved before
    # the contract had them keeps its hash (and its approval).
    if not document.get("excluded"):
        document.pop("excluded", None)
    if document.get("patient") is None:
        document.pop("patient", None)
    for encounter in document["encounters"]:
        if encounter.get("kind") == "visit":
            del encounter["kind"]
    canonical = json.dumps(
        document,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def chronology_product(matter: Matter, product_id: str) -> ProductRef | None:
    """A chronology as a task's work product (registered with `work.products`)."""
    try:
        pk = int(product_id)
    except (TypeError, ValueError):
        return None
    chronology = Chronology.objects.filter(matter=matter, pk=pk).first()
    if chronology is None:
        return None
    return ProductRef(
        kind="chronology",
        id=str(chronology.pk),
        label="Medical chronology",
        sha256=content_hash(chronology),
        url=reverse("chronology:matter", args=[matter.pk]),
    )


def citation_url(chronology: Chronology, citation: dict[str, Any]) -> str | None:
    """The viewer URL of a citation: the exact document version and page, with the
    quoted text to highlight."""
    source = chronology.sources.get(citation.get("document", ""))
    if not source:
        return None
    url = reverse(
        "documents:page", args=[source["document"], source["version"], citation["page"]]
    )
    quote = citation.get("quote") or ""
    if quote:
        url += "?" + urlencode({"quote": quote[:1000]})
    return url
