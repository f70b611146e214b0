"""The values the corpus generator takes, plans with and returns."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass


def seeded(*parts: object) -> random.Random:
    """A random source fixed by `parts`: the same parts give the same corpus."""
    # Reproducible synthetic data, never secrets: a seeded PRNG is what we want.
    return random.Random(":".join(map(str, ("medchron-corpus", *parts))))  # noqa: S311


@dataclass(frozen=True)
class CorpusOptions:
    """How often each hard thing happens; the defaults suit an accuracy run.

    Attributes:
        scanned_share: share of files rasterised to image-only PDFs (read by OCR).
        duplicate_share: share of cases where one provider is produced twice.
        mismatch_share: share of bills whose printed total is not the line sum.
        missing_share: share of cases missing a record, and (separately) a bill.
        pre_incident_share: share of cases with a visit before the incident.
        gap_share: share of cases with a treatment gap of more than 30 days.
        providers: the fewest and most providers in a case.
        max_days: the longest treatment span after the incident, in days.
    """

    scanned_share: float = 0.25
    duplicate_share: float = 0.3
    mismatch_share: float = 0.125
    missing_share: float = 0.25
    pre_incident_share: float = 0.3
    gap_share: float = 0.4
    providers: tuple[int, int] = (3, 7)
    max_days: int = 540


@dataclass(frozen=True)
class Case:
    """One generated case.

    Attributes:
        name: a label for the case (the claimant's surname and the seed).
        files: file name -> PDF bytes, as a production would arrive.
        expected: the ground truth, a paradesk.chronology/1 document.
    """

    name: str
    files: dict[str, bytes]
    expected: dict[str, object]


@dataclass(frozen=True)
class Person:
    """A clinician or anyone else named on a page."""

    first: str
    middle: str
    last: str
    credential: str = ""

    @property
    def name(self) -> str:
        """The name as the chronology writes it: "First Last, CRED"."""
        plain = f"{self.first} {self.last}"
        return f"{plain}, {self.credential}" if self.credential else plain


@dataclass(frozen=True)
class Visit:
    """One date of service with one provider, as planned.

    `recorded` False: billed, but its note is missing from every production.
    `billed` False: documented, but on no bill.
    """

    date: dt.date
    note: str  # ed | exam | daily | radiology | procedure | prior
    complaints: tuple[str, ...]
    pain: int
    findings: tuple[str, ...]
    negations: tuple[str, ...]
    diagnoses: tuple[str, ...]
    procedures: tuple[tuple[str, int], ...]  # (CPT/HCPCS code, units)
    medications: tuple[str, ...] = ()
    restrictions: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    pre_incident: bool = False
    recorded: bool = True
    billed: bool = True


@dataclass(frozen=True)
class Provider:
    """A treating clinician at a facility, with every visit planned for them."""

    index: int
    kind: str  # one of vocabulary.VISIT_TYPES
    clinician: Person
    facility: str
    city: str
    address: str
    phone: str
    mrn: str
    referrer: Person | None
    visits: tuple[Visit, ...]


@dataclass(frozen=True)
class Claimant:
    """The injured person."""

    first: str
    last: str
    dob: dt.date
    mechanism: str
    story: str


@dataclass(frozen=True)
class CasePlan:
    """Everything decided about a case before any page is laid out."""

    seed: int
    claimant: Claimant
    incident: dt.date
    providers: tuple[Provider, ...]
    bystanders: tuple[Person, ...]  # nurses, custodians, attorneys: never providers
    duplicate: int | None  # index of the provider produced twice
