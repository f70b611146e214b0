"""The plan of one case: people, facilities, visits, reported events, bills."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Person:
    first: str
    last: str
    dob: dt.date
    sex: str
    address: str
    city: str
    state: str
    zip: str
    middle: str = ""

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


CRED_DOTTED = {
    "MD": "M.D.",
    "DO": "D.O.",
    "DC": "D.C.",
    "PT": "P.T.",
    "DPT": "DPT",
    "PA-C": "PA-C",
    "NP": "NP",
    "RN": "RN",
    "PTA": "PTA",
}


@dataclass
class Clinician:
    first: str
    last: str
    cred: str
    npi: str
    sex: str = "U"

    @property
    def truth(self) -> str:
        return f"{self.first} {self.last}, {self.cred}"

    def disp(self, style: int = 0) -> str:
        """Printed name variants."""
        if style == 1:
            return f"{self.first} {self.last}, {CRED_DOTTED.get(self.cred, self.cred)}"
        if style == 2:
            return f"{self.last.upper()}, {self.first.upper()} {self.cred}"
        if style == 3:
            return f"{self.first[0]}. {self.last}, {self.cred}"
        if style == 4:
            return f"{self.last}, {self.first} {self.cred}"
        return self.truth

    @property
    def doctor(self) -> bool:
        return self.cred in ("MD", "DO", "DC")

    def dr(self) -> str:
        return f"Dr. {self.last}" if self.doctor else self.truth


@dataclass
class Facility:
    key: str
    name: str
    # hospital, ed_group, radiology_group, ortho, chiro, pt, imaging, pain, pcp, ime
    kind: str
    addr: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str
    npi: str
    tin: str
    roster: list[Clinician] = field(default_factory=list)
    billing_name: str = ""  # entity name printed on its bills
    style: dict[str, Any] = field(default_factory=dict)

    @property
    def csz(self) -> str:
        return f"{self.city}, {self.state} {self.zip}"


@dataclass
class Citation:
    document: str
    page: int
    quote: str

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "page": self.page,
            "quote": self.quote,
            "verified": True,
        }


@dataclass
class Visit:
    vid: str
    kind: str  # ed, xray, pcp, chiro_initial, chiro_daily, chiro_reexam, pt_eval, ...
    date: dt.date
    clinician: Clinician
    facility: Facility
    visit_type: str
    diagnoses: list[tuple[str, str]] = field(default_factory=list)
    procedures: list[tuple[str, str]] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    medications: list[str] = field(default_factory=list)
    restrictions: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    pre_incident: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    citation: Citation | None = None
    other_patient: bool = False


@dataclass
class Reported:
    date: dt.date
    clinician: Clinician | None
    facility: str | None
    visit_type: str | None
    description: str
    citation: Citation | None = None
    pre_incident: bool = False


@dataclass
class ChargeLine:
    date: dt.date
    code: str
    desc: str
    charge_cents: int
    units: int = 1
    rev: str = ""
    modifier: str = ""
    visit: Visit | None = None
    citation: Citation | None = None


@dataclass
class Txn:
    date: dt.date
    kind: str  # payment | adjustment
    desc: str
    amount_cents: int


@dataclass
class Statement:
    sid: str
    entity: Facility
    form: str  # ub04 | cms1500 | itemized
    lines: list[ChargeLine]
    txns: list[Txn] = field(default_factory=list)
    statement_date: dt.date | None = None
    account: str = ""
    printed_total_cents: int | None = None  # None = sum of lines (consistent)
    style: int = 0
    payer: str = ""

    @property
    def line_total(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    @property
    def total_printed(self) -> int:
        return (
            self.line_total
            if self.printed_total_cents is None
            else self.printed_total_cents
        )

    @property
    def payments(self) -> int:
        return sum(t.amount_cents for t in self.txns if t.kind == "payment")

    @property
    def adjustments(self) -> int:
        return sum(t.amount_cents for t in self.txns if t.kind == "adjustment")


@dataclass
class Case:
    idx: int
    patient: Person
    incident: dt.date
    mechanism: str
    mech_code: tuple[str, str]
    regions: list[str]
    bates_prefix: str
    firm: str
    firm_addr: str
    vendor: str
    insurer: str
    claim_no: str
    visits: list[Visit] = field(default_factory=list)
    reported: list[Reported] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    facilities: dict[str, Facility] = field(default_factory=dict)
    pmh: list[str] = field(default_factory=list)
    flags: dict[str, Any] = field(default_factory=dict)
