"""What every export says, as plain text: the words and figures the formats lay out.

The DOCX and PDF writers show the same sections with the same wording, so the
wording lives here once; each writer only decides fonts, widths and shading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from paradesk.engines.common.money import money as money  # the one formatter
from paradesk.engines.medchron.models import (
    Bill,
    Chronology,
    Citation,
    Coded,
    Encounter,
)

DOCUMENT_TITLE = "Medical chronology"
CONFIDENTIAL = "Confidential \N{EM DASH} attorney work product"
PRE_INCIDENT = "PRE-INCIDENT"
UNVERIFIED = "UNVERIFIED CITATION"
UNDATED = "Undated"
ENCOUNTERS_LEGEND = (
    f"Rows marked {PRE_INCIDENT} (shaded) predate the incident. "
    f"{UNVERIFIED} means at least one quote could not be found on the cited page: "
    "check the page before relying on the entry."
)
ENCOUNTER_HEADERS = (
    "Date",
    "Provider / facility / visit",
    "Complaints & findings",
    "Diagnoses",
    "Procedures",
    "Medications",
    "Restrictions & recommendations",
    "Citations",
)
# Inches, for landscape letter with half-inch margins (10 inches across); the
# citations column fits "Ortho_Records.pdf p. 12" on one line.
ENCOUNTER_WIDTHS = (0.95, 1.4, 1.85, 1.4, 1.0, 0.9, 1.2, 1.3)
PROVIDER_HEADERS = ("Provider", "First visit", "Last visit", "Visits", "Charges")
GAP_HEADERS = ("From", "To", "Days without treatment")
MISSING_HEADERS = ("Missing", "Provider", "Date of service")
BILL_LINE_HEADERS = ("Date", "Code", "Description", "Charge", "Source")
MISSING_KINDS = {"bill": "No bill", "record": "No records"}

# XML 1.0 (DOCX, XLSX) forbids these; OCR and e-mail text do carry them (form feeds,
# NULs). Tab, newline and carriage return are allowed and kept.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# A spreadsheet evaluates a cell that starts with one of these (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    """`text` without the characters an XML document cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def fit_to_font(text: str, drawable: frozenset[int]) -> str:
    """`text` with the characters a font cannot draw replaced: by the base letter when
    Unicode decomposes one (ǎ -> a), else by "?" so a reader sees something was there.

    Args:
        text: any text.
        drawable: the code points the font has glyphs for.
    """
    out = []
    for char in clean(text):
        if ord(char) in drawable or char in "\n\t":
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        out.append("".join(part for part in base if ord(part) in drawable) or "?")
    return "".join(out)


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def dollars(cents: int) -> Decimal:
    """Integer cents as an exact `Decimal` of dollars (never a float on the way)."""
    return Decimal(cents).scaleb(-2)


def day(value: date | None) -> str:
    """A US-style date (03/14/2024), or "Undated"."""
    return value.strftime("%m/%d/%Y") if value else UNDATED


def heading(title: str | None) -> str:
    return f"{DOCUMENT_TITLE} \N{EM DASH} {title}" if title else DOCUMENT_TITLE


def cite(citation: Citation) -> str:
    text = f"{citation.document} p. {citation.page}"
    return text if citation.verified else f"{text} (unverified)"


def citations(items: tuple[Citation, ...]) -> list[str]:
    """Each cited page once, in the order first cited."""
    return list(dict.fromkeys(cite(item) for item in items))


def coded(item: Coded) -> str:
    return " ".join(part for part in (item.code, item.description) if part)


def in_date_order(encounters: tuple[Encounter, ...]) -> list[Encounter]:
    """Encounters by date, undated last; stable, so ties keep the engine's order."""
    return sorted(
        encounters, key=lambda item: (item.date is None, item.date or date.min)
    )


@dataclass(frozen=True)
class EncounterRow:
    """One encounter as lines of text per column of the encounters table."""

    date: str
    provider: str
    facility: str
    visit_type: str
    complaints_findings: list[str]
    diagnoses: list[str]
    procedures: list[str]
    medications: list[str]
    restrictions_recommendations: list[str]
    citations: list[str]
    pre_incident: bool
    unverified: bool

    @property
    def flags(self) -> list[str]:
        marks = [PRE_INCIDENT] if self.pre_incident else []
        return marks + ([UNVERIFIED] if self.unverified else [])


def encounter_row(encounter: Encounter) -> EncounterRow:
    complaints = [f"Complaint: {fact.text}" for fact in encounter.complaints]
    pain = [f"Pain: {fact.text}" for fact in encounter.pain_scores]
    findings = [f"Finding: {fact.text}" for fact in encounter.findings]
    restrictions = [f"Restriction: {fact.text}" for fact in encounter.restrictions]
    recommended = [f"Recommended: {fact.text}" for fact in encounter.recommendations]
    return EncounterRow(
        date=day(encounter.date),
        provider=encounter.provider or "Unknown provider",
        facility=encounter.facility or "",
        visit_type=(encounter.visit_type or "").capitalize(),
        complaints_findings=complaints + pain + findings,
        diagnoses=[text for text in map(coded, encounter.diagnoses) if text],
        procedures=[text for text in map(coded, encounter.procedures) if text],
        medications=[fact.text for fact in encounter.medications],
        restrictions_recommendations=restrictions + recommended,
        citations=citations(encounter.citations),
        pre_incident=encounter.pre_incident,
        unverified=not encounter.verified,
    )


def treatment_span(chronology: Chronology) -> str:
    dated = [item.date for item in chronology.encounters if item.date]
    if not dated:
        return "no dated encounters"
    return f"{day(min(dated))} to {day(max(dated))}"


def summary(chronology: Chronology) -> list[tuple[str, str]]:
    """The summary block: label, value."""
    encounters = chronology.encounters
    before = sum(1 for item in encounters if item.pre_incident)
    unverified = sum(1 for item in encounters if not item.verified)
    providers = len(chronology.providers) or len({item.provider for item in encounters})
    count = f"{len(encounters)}" + (f" ({before} pre-incident)" if before else "")
    totals = chronology.totals
    rows = [
        (
            "Incident date",
            day(chronology.incident_date) if chronology.incident_date else "Not stated",
        ),
        ("Treatment dates", treatment_span(chronology)),
        ("Encounters", count),
        ("Providers", str(providers)),
        ("Total charges", money(totals.charges_cents)),
        ("Total payments", money(totals.payments_cents)),
        ("Total adjustments", money(totals.adjustments_cents)),
        ("Balance", money(totals.balance_cents)),
        (f"Gaps in care over {chronology.gap_days} days", str(len(chronology.gaps))),
        ("Missing records or bills", str(len(chronology.missing))),
    ]
    if unverified:
        rows.append(("Encounters with an unverified citation", str(unverified)))
    return rows


def totals(chronology: Chronology) -> list[tuple[str, str]]:
    figures = chronology.totals
    return [
        ("Charges", money(figures.charges_cents)),
        ("Payments", money(figures.payments_cents)),
        ("Adjustments", money(figures.adjustments_cents)),
        ("Balance", money(figures.balance_cents)),
    ]


def provider_rows(chronology: Chronology) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            item.name,
            day(item.first_visit),
            day(item.last_visit),
            str(item.visits),
            money(item.charges_cents),
        )
        for item in chronology.providers
    ]


def gap_rows(chronology: Chronology) -> list[tuple[str, str, str]]:
    return [(day(gap.start), day(gap.end), str(gap.days)) for gap in chronology.gaps]


def missing_kind(kind: str) -> str:
    return MISSING_KINDS.get(kind, kind)


def missing_rows(chronology: Chronology) -> list[tuple[str, str, str]]:
    return [
        (missing_kind(item.kind), item.provider, day(item.date))
        for item in chronology.missing
    ]


def bill_line_rows(bill: Bill) -> list[tuple[str, str, str, str, str]]:
    """The bill's charge lines (payments and adjustments show as sums below them)."""
    return [
        (
            day(line.date),
            line.code or "",
            line.description or "",
            money(line.amount_cents),
            cite(line.citation),
        )
        for line in bill.charges
    ]


def bill_sums(bill: Bill) -> list[tuple[str, str]]:
    rows = [
        ("Charges", money(bill.charges_cents)),
        ("Payments", money(bill.payments_cents)),
        ("Adjustments", money(bill.adjustments_cents)),
        ("Balance", money(bill.balance_cents)),
    ]
    if bill.stated_total_cents is not None:
        rows.append(("Stated total", money(bill.stated_total_cents)))
    return rows


def reconciliation_note(bill: Bill) -> str | None:
    """Why the bill's printed total and its lines disagree, or None when they agree."""
    if bill.reconciled:
        return None
    if bill.stated_total_cents is None:
        return "DOES NOT RECONCILE: check the statements for this provider."
    difference = bill.stated_total_cents - bill.charges_cents
    return (
        f"DOES NOT RECONCILE: stated total {money(bill.stated_total_cents)}, "
        f"itemised charges {money(bill.charges_cents)} "
        f"(difference {money(difference)})."
    )
