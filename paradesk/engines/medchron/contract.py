"""The JSON contract `paradesk.chronology/1`: serialise, parse back, validate.

The schema file ships inside the package (a copy of shared/contracts, checked equal by
a test when that folder is beside the checkout), so validation needs no network.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from paradesk.engines.medchron.models import (
    SCHEMA,
    Bill,
    BillLine,
    Chronology,
    Citation,
    Coded,
    Encounter,
    EncounterKind,
    EntryKind,
    Excluded,
    Fact,
    Gap,
    Missing,
    Origin,
    Patient,
    Provenance,
    ProviderSummary,
    Statement,
    Totals,
)

SCHEMA_FILE = "chronology-1.schema.json"


@cache
def schema() -> dict[str, Any]:
    text = (
        resources.files("paradesk.engines.medchron")
        .joinpath("schema", SCHEMA_FILE)
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(document: object) -> None:
    """Raises `jsonschema.ValidationError` when `document` breaks the contract."""
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)


def validate_encounter(encounter: object) -> None:
    """Raises `jsonschema.ValidationError` when one encounter breaks the contract."""
    wrapped = {**schema(), "$ref": "#/$defs/encounter"}
    wrapped.pop("required", None)
    wrapped.pop("properties", None)
    wrapped.pop("type", None)
    jsonschema.validate(encounter, wrapped, cls=jsonschema.Draft202012Validator)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _citation(citation: Citation) -> dict[str, Any]:
    return {
        "document": citation.document,
        "page": citation.page,
        "quote": citation.quote,
        "verified": citation.verified,
    }


def _texts(facts: tuple[Fact, ...]) -> list[str]:
    return [fact.text for fact in facts]


def _coded(items: tuple[Coded, ...]) -> list[dict[str, str | None]]:
    return [{"code": item.code, "description": item.description} for item in items]


def encounter_json(encounter: Encounter) -> dict[str, Any]:
    return {
        "date": _day(encounter.date),
        "provider": encounter.provider,
        "facility": encounter.facility,
        "visit_type": encounter.visit_type,
        "complaints": _texts(encounter.complaints) + _texts(encounter.pain_scores),
        "findings": _texts(encounter.findings),
        "diagnoses": _coded(encounter.diagnoses),
        "procedures": _coded(encounter.procedures),
        "medications": _texts(encounter.medications),
        "restrictions": _texts(encounter.restrictions),
        "recommendations": _texts(encounter.recommendations),
        "pre_incident": encounter.pre_incident,
        "citations": [_citation(citation) for citation in encounter.citations],
        "kind": encounter.kind.value,
    }


def bill_json(bill: Bill) -> dict[str, Any]:
    return {
        "provider": bill.provider,
        "lines": [
            {
                "date": _day(line.date),
                "code": line.code,
                "description": line.description,
                "charge_cents": line.amount_cents,
                "citation": _citation(line.citation),
            }
            for line in bill.charges
        ],
        "charges_cents": bill.charges_cents,
        "payments_cents": bill.payments_cents,
        "adjustments_cents": bill.adjustments_cents,
        "balance_cents": bill.balance_cents,
        "stated_total_cents": bill.stated_total_cents,
        "reconciled": bill.reconciled,
    }


def to_json(chronology: Chronology) -> dict[str, Any]:
    """The contract document for `chronology` (validates against the schema)."""
    totals = chronology.totals
    return {
        "schema": SCHEMA,
        "incident_date": _day(chronology.incident_date),
        "encounters": [encounter_json(item) for item in chronology.encounters],
        "bills": [bill_json(bill) for bill in chronology.bills],
        "totals": {
            "charges_cents": totals.charges_cents,
            "payments_cents": totals.payments_cents,
            "adjustments_cents": totals.adjustments_cents,
            "balance_cents": totals.balance_cents,
        },
        "gaps": [
            {"from": gap.start.isoformat(), "to": gap.end.isoformat(), "days": gap.days}
            for gap in chronology.gaps
        ],
        "providers": [
            {
                "name": item.name,
                "first_visit": _day(item.first_visit),
                "last_visit": _day(item.last_visit),
                "visits": item.visits,
                "charges_cents": item.charges_cents,
            }
            for item in chronology.providers
        ],
        "missing": [
            {"kind": item.kind, "provider": item.provider, "date": _day(item.date)}
            for item in chronology.missing
        ],
        "warnings": list(chronology.warnings),
        **(
            {}
            if chronology.patient is None
            else {
                "patient": {
                    "name": chronology.patient.name,
                    "dob": _day(chronology.patient.dob),
                }
            }
        ),
        "excluded": [
            {
                "document": item.document,
                "pages": list(item.pages),
                "reason": item.reason,
            }
            for item in chronology.excluded
        ],
    }


def dumps(chronology: Chronology) -> str:
    """The contract document as text: `json.dumps(..., indent=2,
    ensure_ascii=False)` byte for byte, written without the standard library's
    per-value generator, which cost more than reading a page of records."""
    return _indented(to_json(chronology), "\n") + "\n"


_STRING = json.encoder.encode_basestring  # what json.dumps uses for ensure_ascii=False


def _indented(value: Any, newline: str) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, for
    the types `to_json` returns; `newline` is the line break and indent before it."""
    if isinstance(value, str):
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    inner = newline + "  "
    if type(value) is dict:
        if not value:
            return "{}"
        if not all(isinstance(key, str) for key in value):
            return json.dumps(value, indent=2, ensure_ascii=False).replace(
                "\n", newline
            )
        items = (
            _STRING(key) + ": " + _indented(item, inner) for key, item in value.items()
        )
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if type(value) is list or type(value) is tuple:
        if not value:
            return "[]"
        items = (_indented(item, inner) for item in value)
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    # Anything else (a float, a subclass) as json.dumps writes it, indented alike.
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", newline)


# Parsing back: for expected.json in the eval and for documents people supply. Facts
# read from JSON carry no rule of ours, so their provenance says where they came from.

_FROM_JSON = Provenance("contract-json", origin=Origin.PERSON)


def _parse_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _parse_citation(raw: dict[str, Any]) -> Citation:
    return Citation(raw["document"], raw["page"], raw["quote"], raw["verified"])


def from_json(document: dict[str, Any]) -> Chronology:
    """A `Chronology` from a contract document (validated first)."""
    validate(document)
    encounters = tuple(_parse_encounter(raw) for raw in document["encounters"])
    bills = tuple(parse_bill(raw) for raw in document["bills"])
    totals = document["totals"]
    return Chronology(
        incident_date=_parse_day(document["incident_date"]),
        encounters=encounters,
        bills=bills,
        totals=Totals(
            totals["charges_cents"],
            totals["payments_cents"],
            totals["adjustments_cents"],
            totals["balance_cents"],
        ),
        gaps=tuple(
            Gap(date.fromisoformat(raw["from"]), date.fromisoformat(raw["to"]))
            for raw in document["gaps"]
        ),
        providers=tuple(
            ProviderSummary(
                raw["name"],
                _parse_day(raw["first_visit"]),
                _parse_day(raw["last_visit"]),
                raw["visits"],
                raw["charges_cents"],
            )
            for raw in document["providers"]
        ),
        missing=tuple(
            Missing(raw["kind"], raw["provider"], _parse_day(raw["date"]))
            for raw in document["missing"]
        ),
        warnings=tuple(document["warnings"]),
        patient=(
            Patient(
                document["patient"].get("name"),
                _parse_day(document["patient"].get("dob")),
            )
            if document.get("patient")
            else None
        ),
        excluded=tuple(
            Excluded(raw["document"], tuple(raw["pages"]), raw["reason"])
            for raw in document.get("excluded", ())
        ),
    )


def _parse_encounter(raw: dict[str, Any]) -> Encounter:
    citations = tuple(_parse_citation(item) for item in raw["citations"])
    first = citations[0]

    def facts(key: str) -> tuple[Fact, ...]:
        return tuple(Fact(text, first, _FROM_JSON) for text in raw[key])

    def coded(key: str) -> tuple[Coded, ...]:
        return tuple(
            Coded(item["code"], item["description"], first, _FROM_JSON)
            for item in raw[key]
        )

    return Encounter(
        date=_parse_day(raw["date"]),
        provider=raw["provider"],
        facility=raw["facility"],
        visit_type=raw["visit_type"],
        citations=citations,
        complaints=facts("complaints"),
        findings=facts("findings"),
        diagnoses=coded("diagnoses"),
        procedures=coded("procedures"),
        medications=facts("medications"),
        restrictions=facts("restrictions"),
        recommendations=facts("recommendations"),
        pre_incident=raw["pre_incident"],
        provenance=_FROM_JSON,
        kind=EncounterKind(raw.get("kind", EncounterKind.VISIT.value)),
    )


def parse_bill(raw: dict[str, Any]) -> Bill:
    """A bill from JSON keeps its charge lines; payments and adjustments, which the
    contract gives only as sums, come back as one undated line each."""
    lines = [
        BillLine(
            EntryKind.CHARGE,
            _parse_day(item["date"]),
            item["code"],
            item["description"],
            item["charge_cents"],
            _parse_citation(item["citation"]),
        )
        for item in raw["lines"]
    ]
    anchor = lines[0].citation if lines else Citation("", 1, "", False)
    for kind, key in (
        (EntryKind.PAYMENT, "payments_cents"),
        (EntryKind.ADJUSTMENT, "adjustments_cents"),
    ):
        if raw[key]:
            lines.append(BillLine(kind, None, None, None, raw[key], anchor))
    extra = raw["charges_cents"] - sum(
        line.amount_cents for line in lines[: len(raw["lines"])]
    )
    if extra:
        lines.append(
            BillLine(EntryKind.CHARGE, None, None, "(unitemised)", extra, anchor)
        )
    return Bill(
        provider=raw["provider"],
        lines=tuple(lines),
        stated_total_cents=raw["stated_total_cents"],
        reconciled=raw["reconciled"],
        statements=(
            Statement(
                anchor.document,
                raw["provider"],
                None,
                tuple(lines),
                raw["stated_total_cents"],
            ),
        ),
    )


# The detailed form: the contract's encounter plus, under "facts", every fact with its
# own citation and provenance. The app stores this form; exports strip it back to the
# contract with `contract_encounter`.

FACT_FIELDS = (
    "complaints",
    "pain_scores",
    "findings",
    "medications",
    "restrictions",
    "recommendations",
)
CODED_FIELDS = ("diagnoses", "procedures")


def _provenance_json(provenance: Provenance) -> dict[str, str]:
    return {
        "rule": provenance.rule,
        "origin": provenance.origin.value,
        "engine": provenance.engine,
    }


def _fact_json(
    text: str | None, citation: Citation, provenance: Provenance
) -> dict[str, Any]:
    return {
        "text": text,
        "citation": _citation(citation),
        **_provenance_json(provenance),
    }


def encounter_detail(encounter: Encounter) -> dict[str, Any]:
    """The contract encounter, each fact's citation and provenance under "facts"."""
    facts: dict[str, list[dict[str, Any]]] = {}
    for name in FACT_FIELDS:
        facts[name] = [
            _fact_json(fact.text, fact.citation, fact.provenance)
            for fact in getattr(encounter, name)
        ]
    for name in CODED_FIELDS:
        facts[name] = [
            {
                "code": item.code,
                "description": item.description,
                "citation": _citation(item.citation),
                **_provenance_json(item.provenance),
            }
            for item in getattr(encounter, name)
        ]
    return {
        **encounter_json(encounter),
        "facts": facts,
        "provenance": _provenance_json(encounter.provenance),
    }


def contract_encounter(detail: dict[str, Any]) -> dict[str, Any]:
    """The contract's encounter from a detailed one (extra keys dropped)."""
    keys = [*schema()["$defs"]["encounter"]["required"], "kind"]
    return {key: detail[key] for key in keys if key in detail}


def _parse_provenance(raw: dict[str, Any]) -> Provenance:
    return Provenance(
        rule=raw.get("rule", ""),
        origin=Origin(raw.get("origin", Origin.ENGINE.value)),
        engine=raw.get("engine", ""),
    )


def encounter_from_detail(detail: dict[str, Any]) -> Encounter:
    """An `Encounter` from the detailed form, each fact with its own citation; facts a
    person typed in (no citation of their own) cite the encounter's first page."""
    base = _parse_encounter(contract_encounter(detail))
    facts = detail.get("facts") or {}
    first = base.citations[0]

    def cite(raw: dict[str, Any]) -> Citation:
        return _parse_citation(raw["citation"]) if raw.get("citation") else first

    values: dict[str, Any] = {}
    for name in FACT_FIELDS:
        if name in facts:
            values[name] = tuple(
                Fact(raw["text"], cite(raw), _parse_provenance(raw))
                for raw in facts[name]
            )
    for name in CODED_FIELDS:
        if name in facts:
            values[name] = tuple(
                Coded(
                    raw["code"], raw["description"], cite(raw), _parse_provenance(raw)
                )
                for raw in facts[name]
            )
    if "pain_scores" in facts:
        # The contract folds pain scores into complaints; the detail keeps them apart.
        scores = {raw["text"] for raw in facts["pain_scores"]}
        values.setdefault(
            "complaints", tuple(f for f in base.complaints if f.text not in scores)
        )
    provenance = detail.get("provenance")
    if provenance:
        values["provenance"] = _parse_provenance(provenance)
    return replace(base, **values)
