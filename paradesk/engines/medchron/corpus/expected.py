"""The ground truth of a composed case, as a paradesk.chronology/1 document."""

from __future__ import annotations

import datetime as dt
import itertools

import simple_icd_10_cm as icd

from paradesk.engines.medchron.corpus import vocabulary as vocab
from paradesk.engines.medchron.corpus.productions import Composed
from paradesk.engines.medchron.corpus.records import visit_key

GAP_DAYS = 30
SCHEMA = "paradesk.chronology/1"


def expected_document(case: Composed) -> dict[str, object]:
    """What a perfect chronology of `case` says, under the corpus conventions.

    Encounters are the recorded visits (each once, citing every page of every file
    that shows its date-of-service line); bills merge a provider's files, counting a
    duplicated bill once; missing lists billed visits with no record and recorded
    post-incident visits with no bill.

    Args:
        case: the composed case.

    Returns:
        The expected.json document.
    """
    plan = case.plan
    cites: dict[str, list[dict[str, object]]] = {}
    for production in case.productions:
        for key, page, quote in production.cites:
            entries = cites.setdefault(key, [])
            if not any(
                e["document"] == production.name and e["page"] == page for e in entries
            ):
                entries.append(
                    {
                        "document": production.name,
                        "page": page,
                        "quote": quote,
                        "verified": True,
                    }
                )
    encounters = []
    missing: list[dict[str, object]] = []
    for provider in plan.providers:
        name = provider.clinician.name
        for visit in provider.visits:
            if not visit.recorded:
                missing.append(
                    {"kind": "record", "provider": name, "date": visit.date.isoformat()}
                )
                continue
            if not visit.billed and not visit.pre_incident:
                missing.append(
                    {"kind": "bill", "provider": name, "date": visit.date.isoformat()}
                )
            encounters.append(
                {
                    "date": visit.date.isoformat(),
                    "provider": name,
                    "facility": provider.facility,
                    "visit_type": provider.kind,
                    "complaints": list(visit.complaints),
                    "findings": list(visit.findings),
                    "diagnoses": [
                        {"code": c, "description": icd.get_description(c)}
                        for c in visit.diagnoses
                    ],
                    "procedures": [
                        {"code": code, "description": vocab.PROCEDURES[code][0]}
                        for code, _ in visit.procedures
                    ],
                    "medications": list(visit.medications),
                    "restrictions": list(visit.restrictions),
                    "recommendations": list(visit.recommendations),
                    "pre_incident": visit.pre_incident,
                    "citations": cites[visit_key(provider, visit)],
                }
            )
    encounters.sort(key=lambda e: (str(e["date"]), str(e["provider"])))
    bills = []
    for bill in case.bills:
        charges = bill.charges
        paid, adjusted = bill.credited(payment=True), bill.credited(payment=False)
        lines = [
            {
                "date": line.date.isoformat(),
                "code": line.code,
                "description": line.description,
                "charge_cents": line.cents,
                "citation": cites[line.key][0],
            }
            for line in bill.lines
        ]
        bills.append(
            {
                # A bill is the billing facility's (the practice on its letterhead).
                "provider": bill.provider.facility,
                "lines": lines,
                "charges_cents": charges,
                "payments_cents": paid,
                "adjustments_cents": adjusted,
                "balance_cents": charges - paid - adjusted,
                "stated_total_cents": bill.stated_total,
                "reconciled": bill.stated_total == charges,
            }
        )
    bills = _by_facility(bills)
    totals = {
        key: sum(int(bill[key]) for bill in bills)  # type: ignore[call-overload]  # ints by construction
        for key in (
            "charges_cents",
            "payments_cents",
            "adjustments_cents",
            "balance_cents",
        )
    }
    return {
        "schema": SCHEMA,
        "incident_date": plan.incident.isoformat(),
        "encounters": encounters,
        "bills": bills,
        "totals": totals,
        "gaps": _gaps(encounters, plan.incident),
        "providers": _providers(encounters, bills),
        "missing": sorted(
            missing, key=lambda m: (str(m["date"]), str(m["provider"]), str(m["kind"]))
        ),
        "warnings": [],
    }


def _by_facility(bills: list[dict[str, object]]) -> list[dict[str, object]]:
    """Bills of one facility (several clinicians of one practice) as one bill."""
    merged: dict[str, dict[str, object]] = {}
    for bill in bills:
        name = str(bill["provider"])
        if name not in merged:
            merged[name] = dict(bill)
            continue
        into = merged[name]
        into["lines"] = [*into["lines"], *bill["lines"]]  # type: ignore[misc]  # lists by construction
        for key in (
            "charges_cents",
            "payments_cents",
            "adjustments_cents",
            "balance_cents",
        ):
            into[key] = int(str(into[key])) + int(str(bill[key]))
        stated = [
            v
            for v in (into["stated_total_cents"], bill["stated_total_cents"])
            if v is not None
        ]
        into["stated_total_cents"] = (
            sum(int(str(v)) for v in stated) if stated else None
        )
        into["reconciled"] = bool(into["reconciled"]) and bool(bill["reconciled"])
    return sorted(merged.values(), key=lambda bill: str(bill["provider"]))


def _gaps(
    encounters: list[dict[str, object]], incident: dt.date
) -> list[dict[str, object]]:
    dates = sorted({dt.date.fromisoformat(str(e["date"])) for e in encounters} - {None})
    dates = [day for day in dates if day >= incident]
    return [
        {"from": a.isoformat(), "to": b.isoformat(), "days": (b - a).days}
        for a, b in itertools.pairwise(dates)
        if (b - a).days > GAP_DAYS
    ]


def _providers(
    encounters: list[dict[str, object]], bills: list[dict[str, object]]
) -> list[dict[str, object]]:
    names = dict.fromkeys(
        [str(e["provider"]) for e in encounters] + [str(b["provider"]) for b in bills]
    )
    rows: list[dict[str, object]] = []
    for name in sorted(names):
        dates = sorted(str(e["date"]) for e in encounters if e["provider"] == name)
        rows.append(
            {
                "name": name,
                "first_visit": dates[0] if dates else None,
                "last_visit": dates[-1] if dates else None,
                "visits": len(dates),
                "charges_cents": sum(
                    int(str(b["charges_cents"])) for b in bills if b["provider"] == name
                ),
            }
        )
    return rows
