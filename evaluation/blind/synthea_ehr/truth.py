"""expected.json in the contract paradesk.chronology/1."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from .model import Statement, Visit
from .plan import Case


@dataclass
class Located:
    """Where rendered things landed: key -> (document, page, quote)."""

    where: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    lines: dict[tuple[int, int], tuple[str, int, str]] = field(default_factory=dict)
    excluded: list[tuple[str, list[int]]] = field(default_factory=list)


def cite(loc: tuple[str, int, str]) -> dict[str, Any]:
    return {"document": loc[0], "page": loc[1], "quote": loc[2], "verified": True}


def _visit_entry(case: Case, v: Visit, loc: Located) -> dict[str, Any]:
    return {
        "date": v.date.isoformat(),
        "provider": v.clin.full,
        "facility": v.fac.name,
        "visit_type": v.visit_type,
        "complaints": list(v.complaints),
        "findings": list(v.findings),
        "diagnoses": [
            {"code": c, "description": d}
            for c, d in (v.dx if v.print_codes else [])
            if c
        ],
        "procedures": [
            {"code": c, "description": d} for c, d in (v.cpts if v.print_cpt else [])
        ],
        "medications": list(v.meds),
        "restrictions": list(v.restrictions),
        "recommendations": list(v.recommendations),
        "pre_incident": v.date < case.incident,
        "citations": [cite(loc.where[v.key])],
        "kind": "visit",
    }


def build_truth(
    case: Case, loc: Located, statements: list[Statement]
) -> dict[str, Any]:
    encounters: list[dict[str, Any]] = []
    client = [v for v in case.visits if not v.excluded]
    for v in client:
        encounters.append(_visit_entry(case, v, loc))
        for m in v.mentions:
            encounters.append(
                {
                    "date": m.date.isoformat(),
                    "provider": m.provider.full if m.provider else None,
                    "facility": m.facility,
                    "visit_type": m.visit_type,
                    "complaints": [],
                    "findings": [m.summary],
                    "diagnoses": [],
                    "procedures": [],
                    "medications": [],
                    "restrictions": [],
                    "recommendations": [],
                    "pre_incident": m.date < case.incident,
                    "citations": [cite(loc.where[m.key])],
                    "kind": "reported",
                }
            )
    encounters.sort(
        key=lambda e: (e["date"], e["kind"] != "visit", e["provider"] or "")
    )
    # bills: one per billing entity, statements printed twice counted once
    by_ent: dict[str, list[Statement]] = {}
    for s in statements:
        lst = by_ent.setdefault(s.entity.name, [])
        if s not in lst:
            lst.append(s)
    bills: list[dict[str, Any]] = []
    line_owner: list[tuple[str | None, int]] = []
    for name, stmts in by_ent.items():
        lines: list[dict[str, Any]] = []
        pay = adj = printed = 0
        ok = True
        for s in stmts:
            for i, ch in enumerate(s.charges):
                where = loc.lines[(id(s), i)]
                lines.append(
                    {
                        "date": ch.date.isoformat(),
                        "code": ch.code,
                        "description": ch.desc if s.style != "cms1500" else None,
                        "charge_cents": ch.cents,
                        "citation": cite(where),
                    }
                )
                line_owner.append((ch.visit_key, ch.cents))
            pay += sum(c.cents for c in s.credits if c.kind == "payment")
            adj += sum(c.cents for c in s.credits if c.kind == "adjustment")
            printed += s.printed_total
            ok = ok and s.inconsistent_delta == 0
        charges = sum(x["charge_cents"] for x in lines)
        bills.append(
            {
                "provider": name,
                "lines": lines,
                "charges_cents": charges,
                "payments_cents": pay,
                "adjustments_cents": adj,
                "balance_cents": charges - pay - adj,
                "stated_total_cents": printed,
                "reconciled": ok,
            }
        )
    totals = {
        "charges_cents": sum(b["charges_cents"] for b in bills),
        "payments_cents": sum(b["payments_cents"] for b in bills),
        "adjustments_cents": sum(b["adjustments_cents"] for b in bills),
        "balance_cents": sum(b["balance_cents"] for b in bills),
    }
    post = sorted({v.date for v in client if v.date >= case.incident})
    gaps = [
        {"from": a.isoformat(), "to": b.isoformat(), "days": (b - a).days}
        for a, b in itertools.pairwise(post)
        if (b - a).days > 30
    ]
    key_clin = {v.key: v.clin.full for v in client}
    providers: dict[str, dict[str, Any]] = {}
    for v in client:
        pr = providers.setdefault(
            v.clin.full,
            {
                "name": v.clin.full,
                "first_visit": v.date.isoformat(),
                "last_visit": v.date.isoformat(),
                "visits": 0,
                "charges_cents": 0,
            },
        )
        pr["visits"] += 1
        pr["first_visit"] = min(pr["first_visit"], v.date.isoformat())
        pr["last_visit"] = max(pr["last_visit"], v.date.isoformat())
    for vkey, cents in line_owner:
        name = key_clin.get(vkey or "")
        if name:
            providers[name]["charges_cents"] += cents
    return {
        "schema": "paradesk.chronology/1",
        "incident_date": case.incident.isoformat(),
        "patient": {"name": case.person.name, "dob": case.person.dob.isoformat()},
        "encounters": encounters,
        "bills": bills,
        "totals": totals,
        "gaps": gaps,
        "providers": sorted(
            providers.values(), key=lambda p: (p["first_visit"], p["name"])
        ),
        "missing": [],
        "warnings": [],
        "excluded": [
            {"document": doc, "pages": pages, "reason": "another patient"}
            for doc, pages in loc.excluded
        ],
    }
