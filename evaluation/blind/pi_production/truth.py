"""expected.json in the contract paradesk.chronology/1."""

from __future__ import annotations

import itertools
from typing import Any

from .common import Doc
from .model import Case, ChargeLine, Citation, Reported, Statement, Visit


def _cit(c: Citation | None) -> Citation:
    if c is None:
        raise RuntimeError("missing citation")
    return c


def _coded(items: list[tuple[str, str]]) -> list[dict[str, str | None]]:
    return [{"code": c, "description": d} for c, d in items]


def _visit(v: Visit) -> dict[str, Any]:
    cit = _cit(v.citation)
    return {
        "kind": "visit",
        "date": v.date.isoformat(),
        "provider": v.clinician.truth,
        "facility": v.facility.name,
        "visit_type": v.visit_type,
        "complaints": list(v.complaints),
        "findings": list(v.findings),
        "diagnoses": _coded(v.diagnoses),
        "procedures": _coded(v.procedures),
        "medications": list(v.medications),
        "restrictions": list(v.restrictions),
        "recommendations": list(v.recommendations),
        "pre_incident": v.pre_incident,
        "citations": [cit.as_json()],
    }


def _reported(r: Reported) -> dict[str, Any]:
    cit = _cit(r.citation)
    return {
        "kind": "reported",
        "date": r.date.isoformat(),
        "provider": r.clinician.truth if r.clinician else None,
        "facility": r.facility,
        "visit_type": r.visit_type,
        "complaints": [],
        "findings": [],
        "diagnoses": [],
        "procedures": [],
        "medications": [],
        "restrictions": [],
        "recommendations": [],
        "pre_incident": r.pre_incident,
        "citations": [cit.as_json()],
    }


def reported_events(case: Case, doc_order: dict[str, int]) -> list[Reported]:
    """Every dated second-hand event, de-duplicated per (date, facility, visit type)."""
    allr: list[Reported] = []
    for v in case.visits:
        allr.extend(v.data.get("mentions", []))

    def pos(r: Reported) -> tuple[int, int]:
        c = _cit(r.citation)
        return doc_order[c.document], c.page

    allr.sort(key=pos)
    merged: dict[tuple[str, str, str], Reported] = {}
    for r in allr:
        key = (r.date.isoformat(), r.facility or "", r.visit_type or "")
        if key not in merged:
            merged[key] = Reported(
                r.date,
                r.clinician,
                r.facility,
                r.visit_type,
                r.description,
                r.citation,
                r.pre_incident,
            )
        elif merged[key].clinician is None and r.clinician is not None:
            merged[key].clinician = r.clinician
    return list(merged.values())


def _bill(name: str, stmts: list[Statement]) -> dict[str, Any]:
    lines: list[ChargeLine] = []
    seen: set[int] = set()
    for st in stmts:
        for ln in st.lines:
            if id(ln) not in seen:
                seen.add(id(ln))
                lines.append(ln)
    lines.sort(key=lambda x: (x.date, x.code))
    charges = sum(x.charge_cents for x in lines)
    payments = sum(st.payments for st in stmts)
    adjustments = sum(st.adjustments for st in stmts)
    stated = sum(st.total_printed for st in stmts)
    out_lines = []
    for ln in lines:
        cit = _cit(ln.citation)
        out_lines.append(
            {
                "date": ln.date.isoformat(),
                "code": ln.code,
                "description": ln.desc,
                "charge_cents": ln.charge_cents,
                "citation": cit.as_json(),
            }
        )
    return {
        "provider": name,
        "lines": out_lines,
        "charges_cents": charges,
        "payments_cents": payments,
        "adjustments_cents": adjustments,
        "balance_cents": charges - payments - adjustments,
        "stated_total_cents": stated,
        "reconciled": all(st.printed_total_cents is None for st in stmts),
    }


def expected(case: Case, docs: list[Doc]) -> dict[str, Any]:
    doc_order = {d.name: i for i, d in enumerate(docs)}
    visits = sorted(case.visits, key=lambda v: (v.date, v.clinician.last))
    reps = reported_events(case, doc_order)
    enc: list[tuple[tuple[str, int, str], dict[str, Any]]] = []
    for v in visits:
        enc.append(((v.date.isoformat(), 0, v.clinician.last), _visit(v)))
    for r in reps:
        enc.append(((r.date.isoformat(), 1, r.facility or ""), _reported(r)))
    enc.sort(key=lambda t: t[0])
    # bills per billing entity
    by_entity: dict[str, list[Statement]] = {}
    for st in case.statements:
        by_entity.setdefault(st.entity.billing_name, []).append(st)
    bills = [_bill(name, sts) for name, sts in sorted(by_entity.items())]
    totals = {
        "charges_cents": sum(b["charges_cents"] for b in bills),
        "payments_cents": sum(b["payments_cents"] for b in bills),
        "adjustments_cents": sum(b["adjustments_cents"] for b in bills),
        "balance_cents": sum(b["balance_cents"] for b in bills),
    }
    # gaps between consecutive visits on or after the incident
    dates = sorted({v.date for v in visits if v.date >= case.incident})
    gaps = []
    for a, b in itertools.pairwise(dates):
        days = (b - a).days
        if days > 30:
            gaps.append({"from": a.isoformat(), "to": b.isoformat(), "days": days})
    # providers (clinicians of visits) with the charges of their visits
    prov: dict[str, dict[str, Any]] = {}
    for v in visits:
        p = prov.setdefault(
            v.clinician.truth,
            {
                "name": v.clinician.truth,
                "first_visit": None,
                "last_visit": None,
                "visits": 0,
                "charges_cents": 0,
            },
        )
        ds = v.date.isoformat()
        p["first_visit"] = (
            ds
            if p["first_visit"] is None or ds < p["first_visit"]
            else p["first_visit"]
        )
        p["last_visit"] = (
            ds if p["last_visit"] is None or ds > p["last_visit"] else p["last_visit"]
        )
        p["visits"] += 1
    seen: set[int] = set()
    for st in case.statements:
        for ln in st.lines:
            if id(ln) in seen or ln.visit is None:
                continue
            seen.add(id(ln))
            prov[ln.visit.clinician.truth]["charges_cents"] += ln.charge_cents
    excluded = []
    for d in docs:
        if d.excluded_pages:
            excluded.append(
                {
                    "document": d.name,
                    "pages": sorted(d.excluded_pages),
                    "reason": "another patient",
                }
            )
    return {
        "schema": "paradesk.chronology/1",
        "incident_date": case.incident.isoformat(),
        "patient": {"name": case.patient.full, "dob": case.patient.dob.isoformat()},
        "encounters": [e for _, e in enc],
        "bills": bills,
        "totals": totals,
        "gaps": gaps,
        "providers": sorted(prov.values(), key=lambda p: (p["first_visit"], p["name"])),
        "missing": [],
        "warnings": [],
        "excluded": excluded,
    }
