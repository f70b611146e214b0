"""Data model of one generated case (what is printed, and what the truth says)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .names import Place
from .pool import Sample
from .textprep import Block


@dataclass
class Person:
    first: str
    last: str
    sex: str
    dob: dt.date
    mrn: str = ""
    address: str = ""

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Clinician:
    first: str
    last: str
    middle: str
    creds: tuple[str, ...]
    specialty: str = ""

    @property
    def truth(self) -> str:
        return f"{self.first} {self.last}, {self.creds[0]}"

    def printed(self, variant: int = 0) -> str:
        creds = ", ".join(self.creds)
        if variant == 1:
            creds = ", ".join(
                c if c not in ("MD", "DO") else c[0] + "." + c[1] + "."
                for c in self.creds
            )
            return f"{self.first} {self.middle}. {self.last}, {creds}"
        if variant == 2:
            return f"{self.first.upper()} {self.last.upper()}, {creds}"
        if variant == 3:
            return f"{self.first} {self.middle}. {self.last}, {creds}"
        return f"{self.first} {self.last}, {creds}"

    @property
    def doctor(self) -> str:
        """How a colleague names this clinician in a narrative."""
        if self.creds[0] in ("MD", "DO", "DC", "DPM"):
            return f"Dr. {self.first} {self.last}"
        return f"{self.first} {self.last}, {self.creds[0]}"


@dataclass
class NoteStyle:
    font: str = "Helvetica"
    size: float = 10.0
    letterhead: str = "center"
    patient_block: str = "line"
    visit_header: str = "dos"
    date_fmt: str = "%m/%d/%Y"
    dob_fmt: str = "%m/%d/%Y"
    heading: str = "inline"
    signature: str = "esign"
    prints_dx: bool = True
    prints_cpt: bool = False
    page_footer: str = "page_x_of_y"
    printed_footer: bool = False
    running_header: bool = True
    name_variant: int = 0
    title_case_name: bool = False


@dataclass
class Practice:
    key: str
    name: str
    bill_name: str
    visit_type: str
    place: Place
    clinicians: list[Clinician]
    style: NoteStyle
    tagline: str = ""
    bill_style: str = "itemized"
    account: str = ""


@dataclass
class Reported:
    date: dt.date
    provider: str | None
    facility: str | None
    desc: str
    quote: str
    pre_incident: bool = False
    doc: str = ""
    page: int = 0


@dataclass
class Visit:
    vid: int
    date: dt.date
    practice: Practice
    clinician: Clinician
    kind: str
    title: str
    patient: Person
    visit_type: str = ""
    blocks: list[Block] = field(default_factory=list)
    sample: Sample | None = None
    dx: list[str] = field(default_factory=list)
    cpt: list[str] = field(default_factory=list)
    bill: list[tuple[str, int]] = field(default_factory=list)
    pre_incident: bool = False
    other_patient: bool = False
    reported: list[Reported] = field(default_factory=list)
    facts: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)
    header_quote: str = ""
    doc: str = ""
    page: int = 0
    more_citations: list[tuple[str, int, str]] = field(default_factory=list)
    merged_into: Visit | None = None


@dataclass
class BillLine:
    date: dt.date
    code: str
    desc: str
    units: int
    charge: int
    payment: int = 0
    adjustment: int = 0
    clinician: str = ""
    doc: str = ""
    page: int = 0


@dataclass
class Statement:
    practice: Practice
    lines: list[BillLine]
    style: str
    statement_date: dt.date
    account: str
    printed_total: int | None
    inconsistent: bool = False
    payment_rows: list[tuple[dt.date, str, int, str]] = field(default_factory=list)
    sid: int = 0
    duplicate_of: Statement | None = None
    entity: str = ""


@dataclass
class Part:
    kind: str  # note, log, bill, fax, affidavit
    practice: Practice
    visits: list[Visit] = field(default_factory=list)
    statement: Statement | None = None
    meta: dict[str, object] = field(default_factory=dict)


@dataclass
class Document:
    filename: str
    parts: list[Part]
    fmt: str = "pdf"
    scanned: bool = False
    fax: dict[str, str] | None = None
    pages: int = 0
    excluded_pages: list[int] = field(default_factory=list)


@dataclass
class Case:
    cid: str
    client: Person
    incident: dt.date
    mechanism: str
    visits: list[Visit] = field(default_factory=list)
    reported: list[Reported] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    practices: list[Practice] = field(default_factory=list)
    law_firm: str = ""
    bates_prefix: str = ""
