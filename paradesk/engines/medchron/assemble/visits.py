"""One visit once: the same visit read from several productions merged, reported
events kept apart, clinicians' spellings unified."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from paradesk.engines.medchron.models import (
    Coded,
    Encounter,
    Fact,
    Statement,
)
from paradesk.engines.medchron.providers import key_of_display


def facility_key(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def provider_key(encounter: Encounter) -> str:
    if encounter.provider:
        return key_of_display(encounter.provider)
    return "facility:" + facility_key(encounter.facility)


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
    reported: list[Encounter] = []
    for encounter in encounters:
        if not encounter.is_visit:
            reported.append(encounter)
            continue
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
            and facility_key(other.facility) == who.removeprefix("facility:")
        ]
        if len(named) > 1:
            # Several clinicians that day (the emergency physician, the
            # radiologist): the one whose reading shares a page with it.
            pages = {(c.document, c.page) for c in encounter.citations}
            named = [
                other_who
                for other_who in named
                if pages
                & {(c.document, c.page) for c in by_key[(when, other_who)].citations}
            ]
        if len(named) == 1:
            target = (when, named[0])
            by_key[target] = merge(by_key[target], encounter)
            del by_key[(when, who)]
    ordered = sorted(
        by_key.values(), key=lambda item: (item.date or date.min, item.provider or "")
    )
    return ordered + undated + _reported_once(reported, ordered)


def _reported_once(
    reported: list[Encounter], visits: list[Encounter]
) -> list[Encounter]:
    """Each reported event once (the same date and clinician told in two notes is one
    event), and none that a visit of the records documents itself."""
    seen: dict[tuple[date | None, str], Encounter] = {}
    documented = {(v.date, key_of_display(v.provider or "")) for v in visits}
    visit_days = {v.date for v in visits}
    for event in reported:
        who = key_of_display(event.provider or "")
        if (event.date, who) in documented or (not who and event.date in visit_days):
            continue
        key = (event.date, who)
        seen[key] = merge(seen[key], event) if key in seen else event
    return sorted(
        seen.values(), key=lambda item: (item.date or date.min, item.provider or "")
    )


def provider_names(encounters: list[Encounter]) -> dict[str, str]:
    """Each provider key's display name: its most frequent (then longest) form."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for encounter in encounters:
        if encounter.provider:
            forms[key_of_display(encounter.provider)][encounter.provider] += 1
    return {
        key: max(counter, key=lambda name: (counter[name], len(name)))
        for key, counter in forms.items()
    }


def _one_edit_apart(first: str, second: str) -> bool:
    """Whether one letter changed, added or dropped turns `first` into `second`."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def near_clinician(
    key: str, names: Iterable[str], *, changed_only: bool = False
) -> str | None:
    """The one clinician of the records whose name a bill's name is an OCR misread
    of ("Itbarra" for "Ibarra"): same first initial, surname one letter apart, and
    no other clinician as near. Short surnames are left alone (one letter turns
    "Lee" into "Lew", a different person). `changed_only` admits a changed letter,
    never one added or dropped ("Mathews" and "Matthews" are two names)."""
    surname, _, initial = key.partition(":")
    if len(surname) < 5 or not initial:
        return None
    near = [
        other
        for other in names
        if other.partition(":")[2] == initial
        and (not changed_only or len(other.partition(":")[0]) == len(surname))
        and _one_edit_apart(surname, other.partition(":")[0])
    ]
    return near[0] if len(near) == 1 else None


def unify_spellings(
    encounters: list[Encounter], statements: Iterable[Statement] = ()
) -> tuple[list[Encounter], list[str]]:
    """Visits whose clinician's surname OCR spoiled by one letter ("Lindavist" for
    "Lindqvist") given the spelling the records read more often, so that the same
    visit in two productions merges and the provider summary counts one clinician.

    "More often" counts the places a name was read, not the visits: each page that
    opens a visit under it, and each bill naming it. A treatment log names its
    therapist once for a page of visits, and that one misreading must not outweigh
    the name read right on another page and on the bill.

    Only where it is unlikely to be two people: same first initial, a surname of five
    letters or more with one letter changed (never added or dropped: "Mathews" and
    "Matthews" are two names), the only spelling that near, read in at least twice as
    many places, at the facility the visit names, where that spelling is seen too.
    Each respelling is in the rule of the visit's provenance and in a warning naming
    the page: a reviewer can undo it.
    """
    places: dict[str, set[tuple[str, int | str]]] = defaultdict(set)
    facilities: dict[str, set[str]] = defaultdict(set)
    for encounter in encounters:
        if encounter.provider:
            key = provider_key(encounter)
            first = encounter.citations[0] if encounter.citations else None
            places[key].add(
                (first.document, first.page) if first else ("uncited", id(encounter))
            )
            facilities[key].add(facility_key(encounter.facility))
    for index, statement in enumerate(statements):
        places[key_of_display(statement.provider)].add(("bill", index))
    named = {key for key in places if key in facilities}
    common = provider_names(encounters)
    unified: list[Encounter] = []
    notes: list[str] = []
    for encounter in encounters:
        key = provider_key(encounter) if encounter.provider else ""
        near = near_clinician(key, named, changed_only=True)
        facility = facility_key(encounter.facility)
        if (
            near is None
            or len(places[near]) < 2 * len(places[key])
            or not facility
            or facility not in facilities[near]
        ):
            unified.append(encounter)
            continue
        rule = f"{encounter.provenance.rule};provider.one-letter-respelled"
        where = ", ".join(f"{c.document} p. {c.page}" for c in encounter.citations[:2])
        notes.append(
            f"The clinician read as {encounter.provider!r} ({where}) is taken as "
            f"{common[near]!r}, one letter apart and read so in more places."
        )
        unified.append(
            replace(
                encounter,
                provider=common[near],
                provenance=replace(encounter.provenance, rule=rule),
            )
        )
    return unified, notes
