"""From encounters and statements to the chronology.

De-duplication across productions, bills per provider, gaps in care, pre-incident care,
provider summary, missing documents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from itertools import pairwise

from paradesk.engines.medchron.bills import charge_keys
from paradesk.engines.medchron.models import (
    DEFAULT_GAP_DAYS,
    Bill,
    BillLine,
    Chronology,
    Coded,
    Encounter,
    EntryKind,
    Fact,
    Gap,
    Missing,
    ProviderSummary,
    Statement,
    Totals,
)
from paradesk.engines.medchron.providers import key_of_display


def _facility_key(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def provider_key(encounter: Encounter) -> str:
    if encounter.provider:
        return key_of_display(encounter.provider)
    return "facility:" + _facility_key(encounter.facility)


def _union_facts(first: tuple[Fact, ...], second: tuple[Fact, ...]) -> tuple[Fact, ...]:
    seen = {fact.text.lower() for fact in first}
    return first + tuple(fact for fact in second if fact.text.lower() not in seen)


def _union_coded(
    first: tuple[Coded, ...], second: tuple[Coded, ...]
) -> tuple[Coded, ...]:
    seen = {(item.code or item.description or "").lower() for item in first}
    return first + tuple(
        item
        for item in second
        if (item.code or item.description or "").lower() not in seen
    )


def merge(first: Encounter, second: Encounter) -> Encounter:
    """One encounter from two readings of the same visit, citing both."""
    citations = first.citations + tuple(
        citation
        for citation in second.citations
        if (citation.document, citation.page)
        not in {(c.document, c.page) for c in first.citations}
    )
    return replace(
        first,
        provider=first.provider or second.provider,
        facility=first.facility or second.facility,
        visit_type=first.visit_type
        if first.visit_type != "other"
        else second.visit_type,
        citations=citations,
        complaints=_union_facts(first.complaints, second.complaints),
        pain_scores=_union_facts(first.pain_scores, second.pain_scores),
        findings=_union_facts(first.findings, second.findings),
        diagnoses=_union_coded(first.diagnoses, second.diagnoses),
        procedures=_union_coded(first.procedures, second.procedures),
        medications=_union_facts(first.medications, second.medications),
        restrictions=_union_facts(first.restrictions, second.restrictions),
        recommendations=_union_facts(first.recommendations, second.recommendations),
        kinds=first.kinds
        + tuple(kind for kind in second.kinds if kind not in first.kinds),
    )


def deduplicate(encounters: Iterable[Encounter]) -> list[Encounter]:
    """Same date and same provider (or, unnamed, same facility) is the same visit."""
    by_key: dict[tuple[date | None, str], Encounter] = {}
    undated: list[Encounter] = []
    for encounter in encounters:
        if encounter.date is None:
            undated.append(encounter)
            continue
        key = (encounter.date, provider_key(encounter))
        by_key[key] = merge(by_key[key], encounter) if key in by_key else encounter
    # An unnamed reading of a visit merges into the named one at the same facility.
    for (when, who), encounter in list(by_key.items()):
        if not who.startswith("facility:"):
            continue
        named = [
            other_who
            for (other_when, other_who), other in by_key.items()
            if other_when == when
            and not other_who.startswith("facility:")
            and _facility_key(other.facility) == who.removeprefix("facility:")
        ]
        if len(named) == 1:
            target = (when, named[0])
            by_key[target] = merge(by_key[target], encounter)
            del by_key[(when, who)]
    ordered = sorted(
        by_key.values(), key=lambda item: (item.date or date.min, item.provider or "")
    )
    return ordered + undated


def _provider_names(encounters: list[Encounter]) -> dict[str, str]:
    """Each provider key's display name: its most frequent (then longest) form."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for encounter in encounters:
        if encounter.provider:
            forms[key_of_display(encounter.provider)][encounter.provider] += 1
    return {
        key: max(counter, key=lambda name: (counter[name], len(name)))
        for key, counter in forms.items()
    }


def _bill_provider(
    statement: Statement, encounters: list[Encounter], names: dict[str, str]
) -> str:
    """A statement's provider as the encounters name it: by clinician, or by facility
    when the bill names only the facility and one clinician treated there."""
    key = key_of_display(statement.provider)
    if key in names:
        return names[key]
    facility = _facility_key(statement.facility or statement.provider)
    at_facility = {
        key_of_display(e.provider)
        for e in encounters
        if e.provider and facility and _facility_key(e.facility) == facility
    }
    if len(at_facility) == 1:
        return names[at_facility.pop()]
    return statement.provider


def build_bills(statements: list[Statement], encounters: list[Encounter]) -> list[Bill]:
    """One bill per provider; a line printed in two productions counts once."""
    names = _provider_names(encounters)
    grouped: dict[str, list[Statement]] = defaultdict(list)
    display: dict[str, str] = {}
    for statement in statements:
        provider = _bill_provider(statement, encounters, names)
        key = key_of_display(provider) or provider
        grouped[key].append(statement)
        display.setdefault(key, provider)
    bills = []
    for key, group in grouped.items():
        # Per line key, the most copies any one document holds: a visit billed twice in
        # one ledger stays twice; the same ledger produced again adds nothing.
        wanted: Counter[tuple[str, date | None, str | None, int]] = Counter()
        per_document: dict[str, Counter[tuple[str, date | None, str | None, int]]] = (
            defaultdict(Counter)
        )
        for statement in group:
            per_document[statement.document] += charge_keys(statement.lines)
        for counter in per_document.values():
            wanted |= counter
        lines: list[BillLine] = []
        taken: Counter[tuple[str, date | None, str | None, int]] = Counter()
        for statement in group:
            for line in statement.lines:
                line_key = (line.kind.value, line.date, line.code, line.amount_cents)
                if taken[line_key] < wanted[line_key]:
                    taken[line_key] += 1
                    lines.append(line)
        distinct: dict[tuple[object, ...], Statement] = {}
        for statement in group:
            signature = (
                tuple(sorted(charge_keys(statement.lines).items(), key=repr)),
                statement.stated_total_cents,
            )
            distinct.setdefault(signature, statement)
        stated = [
            s.stated_total_cents
            for s in distinct.values()
            if s.stated_total_cents is not None
        ]
        lines.sort(
            key=lambda line: (line.date or date.min, line.kind != EntryKind.CHARGE)
        )
        bills.append(
            Bill(
                provider=display[key],
                lines=tuple(lines),
                stated_total_cents=sum(stated) if stated else None,
                reconciled=all(statement.reconciled for statement in distinct.values()),
                statements=tuple(distinct.values()),
            )
        )
    bills.sort(key=lambda bill: bill.provider)
    return bills


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
    billed: set[tuple[str, date | None]] = set()
    for bill in bills:
        for line in bill.charges:
            billed.add((key_of_display(bill.provider) or bill.provider, line.date))
    seen: set[tuple[str, date | None]] = set()
    missing: list[Missing] = []
    for encounter in encounters:
        if encounter.date is None or not encounter.provider:
            continue
        if encounter.pre_incident:
            continue  # care before the injury is not part of the specials
        key = (key_of_display(encounter.provider), encounter.date)
        seen.add(key)
        if key not in billed:
            missing.append(Missing("bill", encounter.provider, encounter.date))
    for bill in bills:
        bill_key = key_of_display(bill.provider) or bill.provider
        for when in sorted({line.date for line in bill.charges if line.date}):
            if (bill_key, when) not in seen:
                missing.append(Missing("record", bill.provider, when))
    unique = list(dict.fromkeys(missing))
    unique.sort(key=lambda item: (item.date or date.min, item.provider, item.kind))
    return unique


def providers_summary(
    encounters: list[Encounter], bills: list[Bill]
) -> list[ProviderSummary]:
    names = _provider_names(encounters)
    visits: dict[str, list[date]] = defaultdict(list)
    for encounter in encounters:
        if encounter.provider:
            visits[key_of_display(encounter.provider)].append(
                encounter.date or date.min
            )
    charges: dict[str, int] = defaultdict(int)
    for bill in bills:
        key = key_of_display(bill.provider) or bill.provider
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


def assemble(
    encounters: Iterable[Encounter],
    statements: list[Statement],
    *,
    incident_date: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    warnings: Iterable[str] = (),
) -> Chronology:
    """The engine's chronology: duplicates merged, names unified, bills built."""
    merged = deduplicate(encounters)
    names = _provider_names(merged)
    merged = [
        replace(e, provider=names.get(key_of_display(e.provider), e.provider))
        if e.provider
        else e
        for e in merged
    ]
    bills = build_bills(statements, merged)
    notes = list(warnings)
    for bill in bills:
        if not bill.reconciled:
            notes.append(
                f"The bill of {bill.provider} states a total that differs from the "
                "sum of its lines."
            )
    return summarise(
        merged, bills, incident_date=incident_date, gap_days=gap_days, warnings=notes
    )


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
    notes = [*warnings, *encounter_warnings(ordered)]
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
        gaps=tuple(gaps_in_care(ordered, incident_date, gap_days)),
        providers=tuple(providers_summary(ordered, bill_list)),
        missing=tuple(missing_documents(ordered, bill_list)),
        warnings=tuple(dict.fromkeys(notes)),
        gap_days=gap_days,
    )
