"""People, places, visits, mentions and bill lines of one case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Person:
    first: str
    last: str
    dob: dt.date
    sex: str  # female | male
    mrn: str = ""

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    def age(self, on: dt.date) -> int:
        return (
            on.year
            - self.dob.year
            - ((on.month, on.day) < (self.dob.month, self.dob.day))
        )

    @property
    def she(self) -> str:
        return "she" if self.sex == "female" else "he"

    @property
    def her(self) -> str:
        return "her" if self.sex == "female" else "his"

    @property
    def woman(self) -> str:
        return "female" if self.sex == "female" else "male"


@dataclass
class Clin:
    first: str
    last: str
    cred: str

    @property
    def truth(self) -> str:
        return f"{self.first} {self.last}, {self.cred}"

    @property
    def doctor(self) -> bool:
        return self.cred in ("MD", "DO")

    def dr(self) -> str:
        return f"Dr. {self.last}" if self.doctor else self.truth

    def styled(self, k: int) -> str:
        if k == 1:
            return f"{self.last.upper()}, {self.first.upper()} {self.cred}"
        if k == 2:
            return f"{self.first[0]}. {self.last}, {self.cred}"
        if k == 3:
            return f"{self.last}, {self.first}, {self.cred}"
        return self.truth

    @property
    def initials(self) -> str:
        return f"{self.first[0]}{self.last[0]}"


@dataclass
class Fac:
    name: str
    addr: str
    city: str
    state: str
    zip: str
    phone: str
    fax: str

    @property
    def csz(self) -> str:
        return f"{self.city}, {self.state} {self.zip}"


@dataclass
class Cite:
    doc: str
    key: str
    quote: str
    page: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.doc,
            "page": self.page,
            "quote": self.quote,
            "verified": True,
        }


@dataclass
class Visit:
    date: dt.date
    clin: Clin
    fac: Fac
    vtype: str
    cite: Cite | None = None
    dx: list[tuple[str, str]] = field(default_factory=list)
    px: list[tuple[str, str]] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    meds: list[str] = field(default_factory=list)
    restrictions: list[str] = field(default_factory=list)
    recs: list[str] = field(default_factory=list)
    pre: bool = False


@dataclass
class Mention:
    date: dt.date
    clin: Clin | None
    fac: str
    vtype: str
    cite: Cite
    pre: bool = False


@dataclass
class Line:
    date: dt.date
    code: str
    desc: str
    cents: int
    visit: Visit | None = None
    units: int = 1
    rev: str = ""
    cite: Cite | None = None


@dataclass
class Txn:
    date: dt.date
    kind: str  # payment | adjustment
    desc: str
    cents: int


@dataclass
class Stmt:
    entity: str
    lines: list[Line]
    txns: list[Txn] = field(default_factory=list)
    printed_total: int | None = None  # None: the printed total equals the lines

    @property
    def line_total(self) -> int:
        return sum(x.cents for x in self.lines)

    @property
    def stated(self) -> int:
        return self.line_total if self.printed_total is None else self.printed_total

    def paid(self, kind: str) -> int:
        return sum(t.cents for t in self.txns if t.kind == kind)
