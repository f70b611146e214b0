"""The encounters as CSV: one row per encounter, for any spreadsheet or database.

UTF-8 with a byte-order mark, because Excel opens a CSV without one in the local
code page and mangles accented names. CSV has no cell types, so a cell that a
spreadsheet would run as a formula gets a leading apostrophe (OWASP, "CSV Injection").
"""

from __future__ import annotations

import csv
import io

from paradesk.engines.medchron.models import Chronology, Encounter, Fact
from paradesk.engines.medchron.render import content

HEADERS = (
    "date",
    "provider",
    "facility",
    "visit_type",
    "complaints",
    "findings",
    "diagnoses",
    "procedures",
    "medications",
    "restrictions",
    "recommendations",
    "pre_incident",
    "citations",
)
_SEPARATOR = "; "


def guard(text: str) -> str:
    """`text` made safe to open in a spreadsheet: formula-like cells start with "'"."""
    return f"'{text}" if content.starts_like_formula(text) else text


def _facts(facts: tuple[Fact, ...]) -> str:
    return _SEPARATOR.join(fact.text for fact in facts)


def _row(encounter: Encounter) -> list[str]:
    return [
        encounter.date.isoformat() if encounter.date else "",
        encounter.provider or "",
        encounter.facility or "",
        encounter.visit_type or "",
        _facts(encounter.complaints + encounter.pain_scores),
        _facts(encounter.findings),
        _SEPARATOR.join(content.coded(item) for item in encounter.diagnoses),
        _SEPARATOR.join(content.coded(item) for item in encounter.procedures),
        _facts(encounter.medications),
        _facts(encounter.restrictions),
        _facts(encounter.recommendations),
        "yes" if encounter.pre_incident else "no",
        _SEPARATOR.join(content.citations(encounter.citations)),
    ]


def render_csv(chronology: Chronology) -> bytes:
    """The encounters as CSV bytes in date order; see `render.render`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for encounter in content.in_date_order(chronology.encounters):
        writer.writerow([guard(cell) for cell in _row(encounter)])
    return buffer.getvalue().encode("utf-8-sig")
