"""What the chronology engine returns: frozen values, every fact cited to its page.

Money is integer cents throughout (never float). Dates are `datetime.date`. Each fact
carries the page citation it was read from and the rule that produced it, so a
reviewer can see why it is there; `origin` says whether the engine or a person put it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

ENGINE = "paradesk.medchron"
ENGINE_VERSION = "1.0"
SCHEMA = "paradesk.chronology/1"
DEFAULT_GAP_DAYS = 30


class PageKind(StrEnum):
    CLINICAL = "clinical note"
    IMAGING = "imaging report"
    LAB = "lab"
    OPERATIVE = "operative report"
    THERAPY = "therapy note"
    BILL = "bill"
    CUSTODIAN = "custodian affidavit or cover letter"
    OTHER = "other"


ENCOUNTER_KINDS = frozenset(
    {
        PageKind.CLINICAL,
        PageKind.IMAGING,
        PageKind.LAB,
        PageKind.OPERATIVE,
        PageKind.THERAPY,
    }
)


class VisitType(StrEnum):
    EMERGENCY = "emergency"
    URGENT_CARE = "urgent care"
    PRIMARY_CARE = "primary care"
    ORTHOPEDICS = "orthopedics"
    CHIROPRACTIC = "chiropractic"
    PHYSICAL_THERAPY = "physical therapy"
    IMAGING = "imaging"
    PAIN_MANAGEMENT = "pain management"
    NEUROLOGY = "neurology"
    SURGERY = "surgery"
    OTHER = "other"


class EncounterKind(StrEnum):
    """A visit is documented by the treating provider's own record; a reported event
    is known second-hand (a history narrative, a records review's list) and is never
    counted as a visit, billed or used for gaps in care."""

    VISIT = "visit"
    REPORTED = "reported"


class Origin(StrEnum):
    ENGINE = "engine"
    PERSON = "person"


@dataclass(frozen=True)
class PageText:
    """One page of one input document, as `engines.pages` read it."""

    document: str
    page: int
    text: str


@dataclass(frozen=True)
class Citation:
    document: str
    page: int
    quote: str
    verified: bool


@dataclass(frozen=True)
class Provenance:
    """Why a fact is there: the engine version and rule, or the person who edited it."""

    rule: str
    origin: Origin = Origin.ENGINE
    engine: str = f"{ENGINE} {ENGINE_VERSION}"


@dataclass(frozen=True)
class Fact:
    text: str
    citation: Citation
    provenance: Provenance


@dataclass(frozen=True)
class Coded:
    """A diagnosis (ICD-10-CM) or procedure (CPT/HCPCS) with where it was read."""

    code: str | None
    description: str | None
    citation: Citation
    provenance: Provenance


@dataclass(frozen=True)
class Encounter:
    date: date | None
    provider: str | None
    facility: str | None
    visit_type: str | None
    citations: tuple[Citation, ...]
    complaints: tuple[Fact, ...] = ()
    pain_scores: tuple[Fact, ...] = ()
    findings: tuple[Fact, ...] = ()
    diagnoses: tuple[Coded, ...] = ()
    procedures: tuple[Coded, ...] = ()
    medications: tuple[Fact, ...] = ()
    restrictions: tuple[Fact, ...] = ()
    recommendations: tuple[Fact, ...] = ()
    pre_incident: bool = False
    kinds: tuple[PageKind, ...] = ()
    provenance: Provenance = field(default_factory=lambda: Provenance("segment"))
    kind: EncounterKind = EncounterKind.VISIT

    @property
    def is_visit(self) -> bool:
        return self.kind is EncounterKind.VISIT

    @property
    def verified(self) -> bool:
        return all(citation.verified for citation in self.citations)


class EntryKind(StrEnum):
    CHARGE = "charge"
    PAYMENT = "payment"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class BillLine:
    """One line of a bill. Charges are positive; payments and adjustments are positive
    amounts of their own kind (a credit shown as "(120.00)" is a 12000-cent payment)."""

    kind: EntryKind
    date: date | None
    code: str | None
    description: str | None
    amount_cents: int
    citation: Citation


@dataclass(frozen=True)
class Statement:
    """One bill as printed: a run of bill pages in one document for one provider."""

    document: str
    provider: str
    facility: str | None
    lines: tuple[BillLine, ...]
    stated_total_cents: int | None
    # What the bill's own arithmetic said of the reading (see `ledger`): repairs it
    # proved, rows it could not account for; and whether every running balance
    # agreed in the end.
    notes: tuple[str, ...] = ()
    balances_agree: bool = True

    @property
    def charges_cents(self) -> int:
        return sum(line.amount_cents for line in self.charges)

    @property
    def charges(self) -> tuple[BillLine, ...]:
        return tuple(line for line in self.lines if line.kind is EntryKind.CHARGE)

    @property
    def reconciled(self) -> bool:
        return self.balances_agree and self.stated_total_cents in (
            None,
            self.charges_cents,
        )


@dataclass(frozen=True)
class Bill:
    """A provider's specials, merged over every statement (duplicates counted once)."""

    provider: str
    lines: tuple[BillLine, ...]
    stated_total_cents: int | None
    reconciled: bool
    statements: tuple[Statement, ...] = ()
    # The clinicians of the records whose care the bill charges for (by the name on
    # the bill, or the facility's one clinician), for matching visits to bills.
    clinicians: tuple[str, ...] = ()

    def _sum(self, kind: EntryKind) -> int:
        return sum(line.amount_cents for line in self.lines if line.kind is kind)

    @property
    def charges(self) -> tuple[BillLine, ...]:
        return tuple(line for line in self.lines if line.kind is EntryKind.CHARGE)

    @property
    def charges_cents(self) -> int:
        return self._sum(EntryKind.CHARGE)

    @property
    def payments_cents(self) -> int:
        return self._sum(EntryKind.PAYMENT)

    @property
    def adjustments_cents(self) -> int:
        return self._sum(EntryKind.ADJUSTMENT)

    @property
    def balance_cents(self) -> int:
        return self.charges_cents - self.payments_cents - self.adjustments_cents


@dataclass(frozen=True)
class Totals:
    charges_cents: int
    payments_cents: int
    adjustments_cents: int
    balance_cents: int


@dataclass(frozen=True)
class Gap:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class ProviderSummary:
    name: str
    first_visit: date | None
    last_visit: date | None
    visits: int
    charges_cents: int


@dataclass(frozen=True)
class Missing:
    kind: (
        str  # "bill" (a visit with no bill) or "record" (a billed date with no record)
    )
    provider: str
    date: date | None


@dataclass(frozen=True)
class Patient:
    """Whose records these are: read from the records, or given by the caller."""

    name: str | None
    dob: date | None


@dataclass(frozen=True)
class Excluded:
    """Pages kept out of the chronology, and why (another patient's records)."""

    document: str
    pages: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class Chronology:
    incident_date: date | None
    encounters: tuple[Encounter, ...]
    bills: tuple[Bill, ...]
    totals: Totals
    gaps: tuple[Gap, ...]
    providers: tuple[ProviderSummary, ...]
    missing: tuple[Missing, ...]
    warnings: tuple[str, ...]
    gap_days: int = DEFAULT_GAP_DAYS
    patient: Patient | None = None
    excluded: tuple[Excluded, ...] = ()
