"""What the chronology adds up: gaps in care, missing documents, the provider
summary, warnings and the short summary other apps show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from itertools import pairwise

from paradesk.engines.medchron.assemble.visits import facility_key, provider_names
from paradesk.engines.medchron.models import (
    DEFAULT_GAP_DAYS,
    Bill,
    Chronology,
    Encounter,
    Gap,
    Missing,
    ProviderSummary,
    Totals,
)
from paradesk.engines.medchron.providers import key_of_display


def gaps_in_care(
    encounters: list[Encounter], incident: date | None, threshold: int
) -> list[Gap]:
    days = sorted(
        {
            e.date
            for e in encounters
            if e.date and (incident is None or e.date >= incident)
        }
    )
    return [Gap(a, b) for a, b in pairwise(days) if (b - a).days > threshold]


def missing_documents(encounters: list[Encounter], bills: list[Bill]) -> list[Missing]:
    """A visit no bill charges for, and a billed date with no record of a visit."""
    # A bill is matched to visits by the clinicians it charges for and by its
    # facility: bills are filed under the billing facility, visits under their
    # clinician.
    billed: set[tuple[str, date | None]] = set()
    for bill in bills:
        keys = _bill_match_keys(bill)
        for line in bill.charges:
            billed.update((key, line.date) for key in keys)
    seen: set[tuple[str, date | None]] = set()
    missing: list[Missing] = []
    for encounter in encounters:
        if encounter.date is None or not encounter.provider:
            continue
        if encounter.pre_incident:
            continue  # care before the injury is not part of the specials
        keys = {key_of_display(encounter.provider)}
        if encounter.facility:
            keys.add("facility:" + facility_key(encounter.facility))
        seen.update((key, encounter.date) for key in keys)
        if not any((key, encounter.date) in billed for key in keys):
            missing.append(Missing("bill", encounter.provider, encounter.date))
    for bill in bills:
        keys = _bill_match_keys(bill)
        for when in sorted({line.date for line in bill.charges if line.date}):
            if not any((key, when) in seen for key in keys):
                missing.append(Missing("record", bill.provider, when))
    unique = list(dict.fromkeys(missing))
    unique.sort(key=lambda item: (item.date or date.min, item.provider, item.kind))
    return unique


def _bill_match_keys(bill: Bill) -> set[str]:
    keys = {key_of_display(name) for name in bill.clinicians}
    keys.add(key_of_display(bill.provider) or bill.provider)
    keys.add("facility:" + facility_key(bill.provider))
    return keys


def providers_summary(
    encounters: list[Encounter], bills: list[Bill]
) -> list[ProviderSummary]:
    names = provider_names(encounters)
    visits: dict[str, list[date]] = defaultdict(list)
    for encounter in encounters:
        if encounter.provider:
            visits[key_of_display(encounter.provider)].append(
                encounter.date or date.min
            )
    charges: dict[str, int] = defaultdict(int)
    for bill in bills:
        # A facility's bill counts for its one clinician; a bill of several
        # clinicians' care stands under the facility's name.
        key = (
            key_of_display(bill.clinicians[0])
            if len(bill.clinicians) == 1
            else key_of_display(bill.provider) or bill.provider
        )
        charges[key] += bill.charges_cents
        names.setdefault(key, bill.provider)
    summary = []
    for key, name in names.items():
        dated = sorted(day for day in visits.get(key, []) if day != date.min)
        summary.append(
            ProviderSummary(
                name=name,
                first_visit=dated[0] if dated else None,
                last_visit=dated[-1] if dated else None,
                visits=len(visits.get(key, [])),
                charges_cents=charges.get(key, 0),
            )
        )
    summary.sort(key=lambda item: (item.first_visit or date.max, item.name))
    return summary


def encounter_warnings(encounters: Iterable[Encounter]) -> list[str]:
    """What a reviewer must check by hand: no date, no provider, a citation that does
    not verify."""
    notes = []
    for encounter in encounters:
        where = ", ".join(f"{c.document} p. {c.page}" for c in encounter.citations[:3])
        if encounter.date is None:
            notes.append(
                f"An encounter has no date of service ({where}); check it by hand."
            )
        if not encounter.provider:
            notes.append(
                f"No provider was found for the visit on {encounter.date} ({where})."
            )
        if not encounter.verified:
            notes.append(
                f"A citation of the visit on {encounter.date} does not verify "
                f"({where})."
            )
    return notes


def summarise(
    encounters: Iterable[Encounter],
    bills: Iterable[Bill],
    *,
    incident_date: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    warnings: Iterable[str] = (),
) -> Chronology:
    """Gaps, pre-incident flags, totals, provider summary and missing documents over
    encounters as they stand (the engine's, or a person's edited ones: no merging)."""
    ordered = sorted(
        encounters,
        key=lambda item: (
            item.date is None,
            item.date or date.min,
            item.provider or "",
        ),
    )
    ordered = [
        replace(
            e, pre_incident=bool(incident_date and e.date and e.date < incident_date)
        )
        for e in ordered
    ]
    bill_list = list(bills)
    # Reported events are told, not documented: no gaps, bills or providers of theirs.
    visits = [e for e in ordered if e.is_visit]
    notes = [*warnings, *encounter_warnings(visits)]
    return Chronology(
        incident_date=incident_date,
        encounters=tuple(ordered),
        bills=tuple(bill_list),
        totals=Totals(
            charges_cents=sum(bill.charges_cents for bill in bill_list),
            payments_cents=sum(bill.payments_cents for bill in bill_list),
            adjustments_cents=sum(bill.adjustments_cents for bill in bill_list),
            balance_cents=sum(bill.balance_cents for bill in bill_list),
        ),
        gaps=tuple(gaps_in_care(visits, incident_date, gap_days)),
        providers=tuple(providers_summary(visits, bill_list)),
        missing=tuple(missing_documents(visits, bill_list)),
        warnings=tuple(dict.fromkeys(notes)),
        gap_days=gap_days,
    )
