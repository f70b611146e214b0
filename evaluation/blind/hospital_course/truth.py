"""expected.json in the contract paradesk.chronology/1."""

from __future__ import annotations

import itertools
from typing import Any

from .case import Case
from .model import Cite, Mention, Stmt, Visit

EMPTY = (
    "complaints",
    "findings",
    "diagnoses",
    "procedures",
    "medications",
    "restrictions",
    "recommendations",
)


def _cite(c: Cite | None) -> dict[str, Any]:
    if c is None or c.page < 1:
        raise RuntimeError(f"unresolved citation {c}")
    return c.as_json()


def _pos(c: Case, cite: Cite | None) -> tuple[int, int]:
    order = {d.name: i for i, d in enumerate(c.docs)}
    if cite is None:
        raise RuntimeError("no citation")
    return order[cite.doc], cite.page


def _union(a: list[Any], b: list[Any]) -> list[Any]:
    return a + [x for x in b if x not in a]


def merged_visits(c: Case) -> list[Visit]:
    """One visit per (date, clinician); a second record that day adds its facts."""
    out: dict[tuple[str, str], Visit] = {}
    for v in sorted(c.visits, key=lambda v: _pos(c, v.cite)):
        key = (v.date.isoformat(), v.clin.truth)
        if key not in out:
            out[key] = Visit(
                v.date,
                v.clin,
                v.fac,
                v.vtype,
                v.cite,
                list(v.dx),
                list(v.px),
                list(v.complaints),
                list(v.findings),
                list(v.meds),
                list(v.restrictions),
                list(v.recs),
                v.pre,
            )
            continue
        m = out[key]
        m.dx, m.px = _union(m.dx, v.dx), _union(m.px, v.px)
        m.complaints, m.findings = (
            _union(m.complaints, v.complaints),
            _union(m.findings, v.findings),
        )
        m.meds, m.recs = _union(m.meds, v.meds), _union(m.recs, v.recs)
        m.restrictions = _union(m.restrictions, v.restrictions)
    return sorted(out.values(), key=lambda v: (v.date, v.clin.last))


def merged_mentions(c: Case) -> list[Mention]:
    out: dict[tuple[str, str, str], Mention] = {}
    for m in sorted(c.mentions, key=lambda m: _pos(c, m.cite)):
        key = (m.date.isoformat(), m.fac, m.vtype)
        if key not in out:
            out[key] = Mention(m.date, m.clin, m.fac, m.vtype, m.cite, m.pre)
        elif out[key].clin is None and m.clin is not None:
            out[key].clin = m.clin
    return list(out.values())


def _bill(st: Stmt) -> dict[str, Any]:
    lines = sorted(st.lines, key=lambda x: (x.date, x.code))
    charges = sum(x.cents for x in lines)
    pay, adj = st.paid("payment"), st.paid("adjustment")
    return {
        "provider": st.entity,
        "lines": [
            {
                "date": x.date.isoformat(),
                "code": x.code,
                "description": x.desc,
                "charge_cents": x.cents,
                "citation": _cite(x.cite),
            }
            for x in lines
        ],
        "charges_cents": charges,
        "payments_cents": pay,
        "adjustments_cents": adj,
        "balance_cents": charges - pay - adj,
        "stated_total_cents": st.stated,
        "reconciled": st.printed_total is None,
    }


def expected(c: Case) -> dict[str, Any]:
    visits = merged_visits(c)
    enc: list[tuple[tuple[str, int, str], dict[str, Any]]] = []
    for v in visits:
        enc.append(
            (
                (v.date.isoformat(), 0, v.clin.last),
                {
                    "kind": "visit",
                    "date": v.date.isoformat(),
                    "provider": v.clin.truth,
                    "facility": v.fac.name,
                    "visit_type": v.vtype,
                    "complaints": v.complaints,
                    "findings": v.findings,
                    "diagnoses": [{"code": a, "description": b} for a, b in v.dx],
                    "procedures": [{"code": a, "description": b} for a, b in v.px],
                    "medications": v.meds,
                    "restrictions": v.restrictions,
                    "recommendations": v.recs,
                    "pre_incident": v.date < c.incident,
                    "citations": [_cite(v.cite)],
                },
            )
        )
    for m in merged_mentions(c):
        e: dict[str, Any] = {
            "kind": "reported",
            "date": m.date.isoformat(),
            "provider": m.clin.truth if m.clin else None,
            "facility": m.fac,
            "visit_type": m.vtype,
        }
        e.update({k: [] for k in EMPTY})
        e["pre_incident"] = m.date < c.incident
        e["citations"] = [_cite(m.cite)]
        enc.append(((m.date.isoformat(), 1, m.fac), e))
    enc.sort(key=lambda t: t[0])
    bills = [_bill(s) for s in sorted(c.stmts, key=lambda s: s.entity)]
    names = [b["provider"] for b in bills]
    if len(set(names)) != len(names):
        raise RuntimeError("two statements of one entity")
    totals = {
        k: sum(b[k] for b in bills)
        for k in (
            "charges_cents",
            "payments_cents",
            "adjustments_cents",
            "balance_cents",
        )
    }
    dates = sorted({v.date for v in visits if v.date >= c.incident})
    gaps = [
        {"from": a.isoformat(), "to": b.isoformat(), "days": (b - a).days}
        for a, b in itertools.pairwise(dates)
        if (b - a).days > 30
    ]
    prov: dict[str, dict[str, Any]] = {}
    for v in visits:
        p = prov.setdefault(
            v.clin.truth,
            {
                "name": v.clin.truth,
                "first_visit": None,
                "last_visit": None,
                "visits": 0,
                "charges_cents": 0,
            },
        )
        ds = v.date.isoformat()
        p["first_visit"] = min(ds, p["first_visit"] or ds)
        p["last_visit"] = max(ds, p["last_visit"] or ds)
        p["visits"] += 1
    for s in c.stmts:
        for ln in s.lines:
            if ln.visit is not None:
                prov[ln.visit.clin.truth]["charges_cents"] += ln.cents
    excluded = [
        {"document": d.name, "pages": d.excluded, "reason": "another patient"}
        for d in c.docs
        if d.excluded
    ]
    return {
        "schema": "paradesk.chronology/1",
        "incident_date": c.incident.isoformat(),
        "patient": {"name": c.pt.full, "dob": c.pt.dob.isoformat()},
        "encounters": [e for _, e in enc],
        "bills": bills,
        "totals": totals,
        "gaps": gaps,
        "providers": sorted(prov.values(), key=lambda p: (p["first_visit"], p["name"])),
        "missing": [],
        "warnings": [],
        "excluded": excluded,
    }
