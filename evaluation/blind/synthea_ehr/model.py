"""Case model shared by the planner, the renderers and the truth writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .fhir import LabPanel


@dataclass(frozen=True)
class Clinician:
    first: str
    last: str
    cred: str

    @property
    def full(self) -> str:
        """Truth form: "First Last, CRED"."""
        return f"{self.first} {self.last}, {self.cred}"

    def styled(self, style: str) -> str:
        """How a record prints the clinician."""
        if style == "dr":
            if self.cred in ("MD", "DO"):
                return f"Dr. {self.first} {self.last}"
            return self.full
        if style == "last_first":
            return f"{self.last}, {self.first} {self.cred}"
        if style == "upper":
            return f"{self.first} {self.last}, {self.cred}".upper()
        return self.full


@dataclass
class Facility:
    name: str
    line: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str
    kind: str
    npi: str
    tin: str
    style: dict[str, str] = field(default_factory=dict)

    @property
    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.zip}".strip()


@dataclass
class Mention:
    """A dated event named inside another record's narrative (kind "reported")."""

    key: str
    date: date
    provider: Clinician | None
    facility: str | None
    visit_type: str
    quote: str
    summary: str


@dataclass
class Para:
    text: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Charge:
    date: date
    code: str | None
    desc: str | None
    units: int
    cents: int
    visit_key: str | None


@dataclass
class Credit:
    date: date
    desc: str
    kind: str  # "payment" | "adjustment"
    cents: int


@dataclass
class Visit:
    key: str
    date: date
    clin: Clinician
    fac: Facility
    visit_type: str
    title: str
    source: str  # "synthea" | "invented"
    time: str = "09:00"
    complaints: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    dx: list[tuple[str | None, str]] = field(default_factory=list)
    cpts: list[tuple[str, str]] = field(default_factory=list)
    meds: list[str] = field(default_factory=list)
    restrictions: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[Para]]] = field(default_factory=list)
    vitals: list[tuple[str, str]] = field(default_factory=list)
    labs: list[LabPanel] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    print_codes: bool = True
    print_cpt: bool = False
    signed_delay_days: int = 0
    visit_no: int | None = None
    excluded: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def mentions(self) -> list[Mention]:
        return [m for _, paras in self.sections for p in paras for m in p.mentions]


@dataclass
class Statement:
    entity: Facility
    style: str  # "itemized" | "ledger" | "cms1500" | "hospital"
    charges: list[Charge]
    credits: list[Credit]
    stmt_date: date
    account: str
    inconsistent_delta: int = 0  # printed total = sum + delta
    duplicate: bool = False  # a reprint of a statement already in the case

    @property
    def sum_charges(self) -> int:
        return sum(c.cents for c in self.charges)

    @property
    def printed_total(self) -> int:
        return self.sum_charges + self.inconsistent_delta


@dataclass
class Person:
    """Patient identity as printed (the client or a misfiled other patient)."""

    first: str
    last: str
    middle: str | None
    dob: date
    gender: str
    line: str
    city: str
    state: str
    zip: str
    phone: str
    mrn: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"
