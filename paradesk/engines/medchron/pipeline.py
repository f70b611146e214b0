"""The whole engine: documents' pages in, a chronology out.

    from paradesk.engines.medchron import pipeline
    chronology = pipeline.build(
        [("ER.pdf", [PageText("ER.pdf", 1, "..."), ...]), ...],
        incident_date=date(2024, 3, 1),
    )

Pages are consumed one at a time and not kept: only the visit being read, the facts
found and the bill lines stay in memory, so memory grows with the results, not with
the page count.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from paradesk.engines.medchron.assemble import assemble
from paradesk.engines.medchron.bills import BillReader, opens_bill
from paradesk.engines.medchron.classify import classify_page
from paradesk.engines.medchron.encounters import DocumentReader
from paradesk.engines.medchron.models import (
    DEFAULT_GAP_DAYS,
    Chronology,
    Encounter,
    PageKind,
    PageText,
    Patient,
    Statement,
)
from paradesk.engines.medchron.reading.identity import Identities


def read_document(
    name: str,
    pages: Iterable[PageText],
    identities: Identities | None = None,
    notes: list[str] | None = None,
) -> tuple[list[Encounter], list[Statement]]:
    """One document's encounters and bill statements (and, into `identities`, whose
    records each page is; into `notes`, what the reviewer should see)."""
    identities = identities if identities is not None else Identities()
    encounters = DocumentReader(name)
    bills = BillReader(name)
    found: list[Encounter] = []
    before = None
    for page in pages:
        kind = classify_page(page.text).kind
        if kind is PageKind.CUSTODIAN:
            identities.skip(name, page.page)
        else:
            identity = identities.read(name, page.page, page.text)
            if before is not None and identity.verdict(before) is False:
                # Another patient's pages begin (or the client's come back): no
                # visit or bill runs across them.
                found += encounters.close()
                bills.close()
            before = identity
        if kind not in (PageKind.BILL, PageKind.CUSTODIAN) and (
            bills.continues(page.text) or opens_bill(page.text)
        ):
            kind = PageKind.BILL
        if kind is PageKind.BILL:
            bills.page(page.page, page.text)
        else:
            bills.close()
        found += encounters.page(page.page, page.text, kind)
    found += encounters.close()
    bills.close()
    if notes is not None and encounters.unplaced:
        shown = ", ".join(str(page) for page in encounters.unplaced)
        notes.append(
            f"{name} p. {shown}: clinical text with no date of service, clinician or "
            "letterhead; not taken as a visit. Check it by hand."
        )
    return encounters.fill_providers(found) + encounters.reported, bills.statements


def build(
    documents: Iterable[tuple[str, Iterable[PageText]]],
    *,
    incident_date: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    warnings: Iterable[str] = (),
    patient: Patient | None = None,
) -> Chronology:
    """The chronology of every document's pages, in the order given.

    `patient` is the client (the matter's, or given on the command line): pages that
    name someone else are left out and listed. Without it, the patient most pages name
    is taken as the client."""
    encounters: list[Encounter] = []
    statements: list[Statement] = []
    identities = Identities()
    notes = list(warnings)
    for name, pages in documents:
        found, bills = read_document(name, pages, identities, notes)
        encounters += found
        statements += bills
    return assemble(
        encounters,
        statements,
        incident_date=incident_date,
        gap_days=gap_days,
        warnings=notes,
        identities=identities,
        patient=patient,
    )
