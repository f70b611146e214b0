"""Build ``expected.json`` (contract ``paradesk.chronology/1``) from a rendered case."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from .model import Case, Reported, Statement, Visit
from .pool import CPT, ICD


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


def _cite(doc: str, page: int, quote: str) -> dict[str, Any]:
    return {"document": doc, "page": page, "quote": quote, "verified": True}


def _empty_enc() -> dict[str, Any]:
    return {
        "complaints": [],
        "findings": [],
        "diagnoses": [],
        "procedures": [],
        "medications": [],
        "restrictions": [],
        "recommendations": [],
    }


def _merge_list(dst: list[Any], src: list[Any]) -> None:
    for x in src:
        if x not in dst:
            dst.append(x)


def encounters(case: Case) -> list[dict[str, Any]]:
    groups: dict[tuple[dt.date, str, str], dict[str, Any]] = {}
    for v in sorted(case.visits, key=lambda x: (x.date, x.vid)):
        if v.other_patient:
            continue
        key = (v.date, v.clinician.truth, v.practice.name)
        enc = groups.get(key)
        if enc is None:
            enc = {
                "date": v.date.isoformat(),
                "provider": v.clinician.truth,
                "facility": v.practice.name,
                "visit_type": v.visit_type,
                **_empty_enc(),
                "pre_incident": v.date < case.incident,
                "citations": [],
                "kind": "visit",
            }
            groups[key] = enc
        f = v.facts or {}
        _merge_list(enc["complaints"], f.get("complaints", []))
        _merge_list(enc["findings"], f.get("findings", []))
        _merge_list(enc["medications"], f.get("medications", []))
        _merge_list(enc["restrictions"], f.get("restrictions", []))
        _merge_list(enc["recommendations"], f.get("recommendations", []))
        _merge_list(
            enc["diagnoses"], [{"code": c, "description": ICD[c]} for c in v.dx]
        )
        if v.extra.get("cpt_printed"):
            _merge_list(
                enc["procedures"],
                [{"code": c, "description": CPT[c][0]} for c in v.cpt],
            )
        enc["citations"].append(_cite(v.doc, v.page, v.header_quote))
    out = list(groups.values())
    rep: dict[tuple[dt.date, str | None, str | None], dict[str, Any]] = {}
    for v in case.visits:
        if v.other_patient:
            continue
        for r in v.reported:
            key = (r.date, r.provider, r.facility)
            enc = rep.get(key)
            if enc is None:
                enc = {
                    "date": r.date.isoformat(),
                    "provider": r.provider,
                    "facility": r.facility,
                    "visit_type": None,
                    **_empty_enc(),
                    "pre_incident": r.date < case.incident,
                    "citations": [],
                    "kind": "reported",
                }
                enc["findings"].append(r.desc)
                rep[key] = enc
            enc["citations"].append(_cite(r.doc, r.page, r.quote))
    out.extend(rep.values())
    out.sort(
        key=lambda e: (
            e["date"],
            0 if e["kind"] == "visit" else 1,
            e["provider"] or "",
            e["facility"] or "",
        )
    )
    return out


def bills(case: Case) -> list[dict[str, Any]]:
    by_entity: dict[str, list[Statement]] = {}
    for st in case.statements:
        by_entity.setdefault(st.entity, []).append(st)
    out: list[dict[str, Any]] = []
    for entity, sts in by_entity.items():
        originals = [s for s in sts if s.duplicate_of is None]
        lines: list[dict[str, Any]] = []
        charges = pays = adjs = 0
        stated: int | None = 0
        reconciled = True
        for s in originals:
            for ln in s.lines:
                lines.append(
                    {
                        "date": ln.date.isoformat(),
                        "code": ln.code,
                        "description": ln.desc,
                        "charge_cents": ln.charge,
                        "citation": _cite(ln.doc, ln.page, ln.desc),
                    }
                )
                charges += ln.charge
                pays += ln.payment
                adjs += ln.adjustment
            if s.printed_total is None:
                stated = None
            elif stated is not None:
                stated += s.printed_total
            if s.inconsistent:
                reconciled = False
        out.append(
            {
                "provider": entity,
                "lines": lines,
                "charges_cents": charges,
                "payments_cents": pays,
                "adjustments_cents": adjs,
                "balance_cents": charges - pays - adjs,
                "stated_total_cents": stated,
                "reconciled": reconciled,
            }
        )
    return out


def build(case: Case) -> dict[str, Any]:
    encs = encounters(case)
    bls = bills(case)
    totals = {
        "charges_cents": sum(b["charges_cents"] for b in bls),
        "payments_cents": sum(b["payments_cents"] for b in bls),
        "adjustments_cents": sum(b["adjustments_cents"] for b in bls),
        "balance_cents": sum(b["balance_cents"] for b in bls),
    }
    visit_dates = sorted(
        {
            e["date"]
            for e in encs
            if e["kind"] == "visit" and e["date"] >= case.incident.isoformat()
        }
    )
    gaps = []
    for a, b in itertools.pairwise(visit_dates):
        days = (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days
        if days > 30:
            gaps.append({"from": a, "to": b, "days": days})
    charges_by: dict[str, int] = {}
    for st in case.statements:
        if st.duplicate_of is not None:
            continue
        for ln in st.lines:
            charges_by[ln.clinician] = charges_by.get(ln.clinician, 0) + ln.charge
    provs: dict[str, dict[str, Any]] = {}
    for e in encs:
        if e["kind"] != "visit":
            continue
        p = provs.setdefault(
            e["provider"],
            {
                "name": e["provider"],
                "first_visit": e["date"],
                "last_visit": e["date"],
                "visits": 0,
                "charges_cents": charges_by.get(e["provider"], 0),
            },
        )
        p["visits"] += 1
        p["first_visit"] = min(p["first_visit"], e["date"])
        p["last_visit"] = max(p["last_visit"], e["date"])
    excluded = []
    for d in case.documents:
        if d.excluded_pages:
            excluded.append(
                {
                    "document": d.filename,
                    "pages": d.excluded_pages,
                    "reason": "another patient",
                }
            )
    out: dict[str, Any] = {
        "schema": "paradesk.chronology/1",
        "incident_date": case.incident.isoformat(),
        "patient": {"name": case.client.full, "dob": case.client.dob.isoformat()},
        "encounters": encs,
        "bills": bls,
        "totals": totals,
        "gaps": gaps,
        "providers": sorted(
            provs.values(), key=lambda p: (p["first_visit"], p["name"])
        ),
        "missing": [],
        "warnings": [],
    }
    if excluded:
        out["excluded"] = excluded
    return out


def locate_reported(v: Visit, r: Reported, pages: list[str]) -> int:
    q = norm(r.quote)
    for i in range(max(0, v.page - 1), len(pages)):
        if q in norm(pages[i]):
            return i + 1
    return 0
