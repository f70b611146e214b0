"""From encounters and statements to the chronology.

De-duplication across productions, bills per provider, gaps in care, pre-incident care,
provider summary, missing documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from paradesk.engines.medchron.assemble.billing import build_bills
from paradesk.engines.medchron.assemble.summary import encounter_warnings, summarise
from paradesk.engines.medchron.assemble.visits import (
    deduplicate,
    merge,
    near_clinician,
    provider_key,
    provider_names,
    unify_spellings,
)
from paradesk.engines.medchron.models import (
    DEFAULT_GAP_DAYS,
    Chronology,
    Encounter,
    Patient,
    Statement,
)
from paradesk.engines.medchron.providers import key_of_display
from paradesk.engines.medchron.reading.identity import Identities, separate

__all__ = [
    "assemble",
    "encounter_warnings",
    "merge",
    "near_clinician",
    "provider_key",
    "summarise",
]


def assemble(
    encounters: Iterable[Encounter],
    statements: list[Statement],
    *,
    incident_date: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    warnings: Iterable[str] = (),
    identities: Identities | None = None,
    patient: Patient | None = None,
) -> Chronology:
    """The engine's chronology: another patient's pages left out, duplicates merged,
    names unified, bills built."""
    separated = separate(
        list(encounters), statements, identities or Identities(), patient
    )
    statements = separated.statements
    encounters, respelled = unify_spellings(separated.encounters, statements)
    merged = deduplicate(encounters)
    names = provider_names(merged)
    merged = [
        replace(e, provider=names.get(key_of_display(e.provider), e.provider))
        if e.provider
        else e
        for e in merged
    ]
    bills, attributed = build_bills(statements, [e for e in merged if e.is_visit])
    notes = [*warnings, *separated.notes, *respelled, *attributed]
    for statement in statements:
        notes += statement.notes
    for bill in bills:
        if not bill.reconciled:
            differs = bill.stated_total_cents not in (None, bill.charges_cents)
            notes.append(
                f"The bill of {bill.provider} states a total that differs from the "
                "sum of its lines."
                if differs
                else f"The bill of {bill.provider} does not reconcile by its own "
                "arithmetic; see the notes on it."
            )
    return replace(
        summarise(
            merged,
            bills,
            incident_date=incident_date,
            gap_days=gap_days,
            warnings=notes,
        ),
        patient=separated.patient,
        excluded=separated.excluded,
    )
