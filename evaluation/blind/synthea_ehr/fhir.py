"""Read a Synthea FHIR R4 bundle into plain dataclasses.

Handles both the 2019 layout (``context`` references, string statuses, no
ExplanationOfBenefit) and the 2021 layout (``encounter`` references,
productOrService on claim items, ExplanationOfBenefit with payments).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

_DIGITS = re.compile(r"\d+$")

CLASS_NORMAL = {
    "amb": "ambulatory",
    "ambulatory": "ambulatory",
    "wellness": "wellness",
    "emer": "emergency",
    "emergency": "emergency",
    "imp": "inpatient",
    "inpatient": "inpatient",
    "outpatient": "outpatient",
    "urgentcare": "urgentcare",
}


STATES = {"Massachusetts": "MA", "Rhode Island": "RI", "New Hampshire": "NH"}


def strip_digits(name: str) -> str:
    """Alfredo17 -> Alfredo (Synthea appends digits to every name part)."""
    return " ".join(_DIGITS.sub("", part) for part in name.split())


@dataclass
class Org:
    id: str
    name: str
    line: str
    city: str
    state: str
    zip: str
    phone: str


@dataclass
class Pract:
    id: str
    first: str
    last: str
    gender: str


@dataclass
class Obs:
    code: str
    text: str
    value: str
    unit: str
    category: str
    when: date
    encounter: str | None


@dataclass
class LabPanel:
    text: str
    when: date
    encounter: str | None
    results: list[Obs]


@dataclass
class Item:
    code: str
    text: str
    net_cents: int
    paid_cents: int | None = None


@dataclass
class ClaimInfo:
    encounter: str
    total_cents: int
    items: list[Item]
    payer: str | None
    paid_cents: int | None


@dataclass
class Cond:
    code: str
    text: str
    onset: date
    abated: date | None
    encounter: str | None


@dataclass
class Med:
    code: str
    text: str
    authored: date
    status: str
    encounter: str | None
    requester: str | None


@dataclass
class Proc:
    code: str
    text: str
    when: date
    encounter: str | None


@dataclass
class Imm:
    code: str
    text: str
    when: date
    encounter: str | None


@dataclass
class CarePlanInfo:
    text: str
    start: date
    encounter: str | None
    activities: list[str]


@dataclass
class Enc:
    id: str
    start: datetime
    end: datetime | None
    klass: str
    type_code: str
    type_text: str
    reason: str | None
    reason_code: str | None
    practitioner: str | None
    org: str | None

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass
class Patient:
    source: str
    first: str
    last: str
    middle: str | None
    gender: str
    dob: date
    line: str
    city: str
    state: str
    zip: str
    phone: str
    marital: str | None
    encounters: list[Enc] = field(default_factory=list)
    orgs: dict[str, Org] = field(default_factory=dict)
    practs: dict[str, Pract] = field(default_factory=dict)
    conditions: list[Cond] = field(default_factory=list)
    meds: list[Med] = field(default_factory=list)
    procs: list[Proc] = field(default_factory=list)
    imms: list[Imm] = field(default_factory=list)
    vitals: list[Obs] = field(default_factory=list)
    labs: list[LabPanel] = field(default_factory=list)
    careplans: list[CarePlanInfo] = field(default_factory=list)
    claims: dict[str, ClaimInfo] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _ref(obj: dict[str, Any] | None) -> str | None:
    if not obj:
        return None
    ref = obj.get("reference")
    if not isinstance(ref, str):
        return None
    return ref.split(":")[-1].split("/")[-1]


def _enc_ref(res: dict[str, Any]) -> str | None:
    return _ref(res.get("encounter")) or _ref(res.get("context"))


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _d(value: str) -> date:
    return date.fromisoformat(value[:10])


def _cc(concept: dict[str, Any] | None) -> tuple[str, str]:
    if not concept:
        return "", ""
    codings = concept.get("coding") or [{}]
    first = codings[0]
    text = concept.get("text") or first.get("display") or ""
    return str(first.get("code", "")), str(text)


def _cents(value: float | int | None) -> int:
    if value is None:
        return 0
    return round(float(value) * 100)


def _fmt_value(res: dict[str, Any]) -> tuple[str, str]:
    if "valueQuantity" in res:
        q = res["valueQuantity"]
        v = float(q.get("value", 0))
        text = f"{v:.0f}" if abs(v) >= 100 else f"{v:.1f}"
        return text, str(q.get("unit", ""))
    if "valueCodeableConcept" in res:
        return _cc(res["valueCodeableConcept"])[1], ""
    if "component" in res:
        parts: dict[str, str] = {}
        for comp in res["component"]:
            code, _ = _cc(comp.get("code"))
            q = comp.get("valueQuantity", {})
            parts[code] = f"{float(q.get('value', 0)):.0f}"
        if "8480-6" in parts and "8462-4" in parts:
            return f"{parts['8480-6']}/{parts['8462-4']}", "mm[Hg]"
        return "/".join(parts.values()), ""
    return "", ""


def load_patient(path: Path) -> Patient:
    bundle = json.loads(path.read_text(encoding="utf-8"))
    resources: list[dict[str, Any]] = [e["resource"] for e in bundle["entry"]]
    by_id = {r.get("id"): r for r in resources}
    pat_res = next(r for r in resources if r["resourceType"] == "Patient")
    official = pat_res["name"][0]
    given = [strip_digits(g) for g in official.get("given", [])]
    addr = (pat_res.get("address") or [{}])[0]
    phone = next(
        (t["value"] for t in pat_res.get("telecom", []) if t.get("system") == "phone"),
        "",
    )
    marital = _cc(pat_res.get("maritalStatus"))[1] or None
    patient = Patient(
        source=path.name,
        first=given[0],
        last=strip_digits(official["family"]),
        middle=given[1] if len(given) > 1 else None,
        gender=pat_res.get("gender", "unknown"),
        dob=_d(pat_res["birthDate"]),
        line=" ".join(addr.get("line", [""])).strip(),
        city=addr.get("city", ""),
        state=STATES.get(addr.get("state", "MA"), addr.get("state", "MA")),
        zip=addr.get("postalCode", "") or "",
        phone=phone,
        marital=marital,
    )
    panels: list[tuple[dict[str, Any], list[str]]] = []
    claims_raw: list[dict[str, Any]] = []
    eobs: dict[str, dict[str, Any]] = {}
    for res in resources:
        kind = res["resourceType"]
        if kind == "Organization":
            a = (res.get("address") or [{}])[0]
            tel = next((t["value"] for t in res.get("telecom", [])), "")
            patient.orgs[res["id"]] = Org(
                id=res["id"],
                name=res.get("name", ""),
                line=" ".join(a.get("line", [""])),
                city=a.get("city", ""),
                state=a.get("state", "MA"),
                zip=a.get("postalCode", "") or "",
                phone=tel,
            )
        elif kind == "Practitioner":
            n = res["name"][0]
            patient.practs[res["id"]] = Pract(
                id=res["id"],
                first=strip_digits(n.get("given", [""])[0]),
                last=strip_digits(n.get("family", "")),
                gender=res.get("gender", "unknown"),
            )
        elif kind == "Encounter":
            tcode, ttext = _cc((res.get("type") or [{}])[0])
            rcode, rtext = _cc((res.get("reasonCode") or [None])[0])
            parts = res.get("participant") or [{}]
            klass = str(res.get("class", {}).get("code", "")).lower()
            patient.encounters.append(
                Enc(
                    id=res["id"],
                    start=_dt(res["period"]["start"]),
                    end=_dt(res["period"]["end"]) if res["period"].get("end") else None,
                    klass=CLASS_NORMAL.get(klass, klass),
                    type_code=tcode,
                    type_text=ttext,
                    reason=rtext or None,
                    reason_code=rcode or None,
                    practitioner=_ref(parts[0].get("individual")),
                    org=_ref(res.get("serviceProvider")),
                )
            )
        elif kind == "Condition":
            code, text = _cc(res.get("code"))
            onset = res.get("onsetDateTime") or res.get("recordedDate") or ""
            if not onset:
                continue
            abated = res.get("abatementDateTime")
            patient.conditions.append(
                Cond(
                    code=code,
                    text=text,
                    onset=_d(onset),
                    abated=_d(abated) if abated else None,
                    encounter=_enc_ref(res),
                )
            )
        elif kind == "MedicationRequest":
            code, text = _cc(res.get("medicationCodeableConcept"))
            if not text or not res.get("authoredOn"):
                continue
            patient.meds.append(
                Med(
                    code=code,
                    text=text,
                    authored=_d(res["authoredOn"]),
                    status=str(res.get("status", "")),
                    encounter=_enc_ref(res),
                    requester=_ref(res.get("requester")),
                )
            )
        elif kind == "Procedure":
            code, text = _cc(res.get("code"))
            when = (res.get("performedPeriod") or {}).get("start") or res.get(
                "performedDateTime"
            )
            if not when:
                continue
            patient.procs.append(Proc(code, text, _d(when), _enc_ref(res)))
        elif kind == "Immunization":
            code, text = _cc(res.get("vaccineCode"))
            when = res.get("occurrenceDateTime") or res.get("date")
            if not when:
                continue
            patient.imms.append(Imm(code, text, _d(when), _enc_ref(res)))
        elif kind == "Observation":
            cat = (
                (res.get("category") or [{}])[0].get("coding", [{}])[0].get("code", "")
            )
            if cat != "vital-signs" or "effectiveDateTime" not in res:
                continue
            code, text = _cc(res.get("code"))
            value, unit = _fmt_value(res)
            patient.vitals.append(
                Obs(
                    code,
                    text,
                    value,
                    unit,
                    cat,
                    _d(res["effectiveDateTime"]),
                    _enc_ref(res),
                )
            )
        elif kind == "DiagnosticReport":
            refs = [_ref(r) or "" for r in res.get("result", [])]
            panels.append((res, refs))
        elif kind == "CarePlan":
            _, text = _cc((res.get("category") or [{}])[0])
            start = (res.get("period") or {}).get("start")
            if not start:
                continue
            acts = [
                _cc(a.get("detail", {}).get("code"))[1] for a in res.get("activity", [])
            ]
            patient.careplans.append(
                CarePlanInfo(text, _d(start), _enc_ref(res), [a for a in acts if a])
            )
        elif kind == "Claim":
            claims_raw.append(res)
        elif kind == "ExplanationOfBenefit":
            cid = _ref(res.get("claim"))
            if cid:
                eobs[cid] = res
    for res, refs in panels:
        if "effectiveDateTime" not in res:
            continue
        _, text = _cc(res.get("code"))
        results: list[Obs] = []
        for rid in refs:
            obs = by_id.get(rid)
            if not obs:
                continue
            code, otext = _cc(obs.get("code"))
            value, unit = _fmt_value(obs)
            results.append(
                Obs(
                    code,
                    otext,
                    value,
                    unit,
                    "laboratory",
                    _d(res["effectiveDateTime"]),
                    None,
                )
            )
        if results:
            patient.labs.append(
                LabPanel(text, _d(res["effectiveDateTime"]), _enc_ref(res), results)
            )
    for claim in claims_raw:
        info = _claim(claim, by_id, eobs.get(claim["id"]))
        if info:
            patient.claims[info.encounter] = info
    patient.encounters.sort(key=lambda e: e.start)
    return patient


def _claim(
    claim: dict[str, Any],
    by_id: dict[str | None, dict[str, Any]],
    eob: dict[str, Any] | None,
) -> ClaimInfo | None:
    if "prescription" in claim:
        return None
    enc_id: str | None = None
    for it in claim.get("item", []):
        if it.get("encounter"):
            enc_id = _ref(it["encounter"][0])
            break
    if not enc_id:
        return None
    procs = {
        p["sequence"]: _ref(p.get("procedureReference"))
        for p in claim.get("procedure", [])
    }
    infos = {
        i["sequence"]: _ref(i.get("valueReference"))
        for i in claim.get("information", [])
    }
    eob_items: dict[int, dict[str, Any]] = {}
    if eob:
        eob_items = {it["sequence"]: it for it in eob.get("item", [])}
    items: list[Item] = []
    for it in claim.get("item", []):
        if "net" not in it:
            continue
        code, text = _cc(it.get("productOrService"))
        if not text:
            ref = None
            if it.get("procedureSequence"):
                ref = procs.get(it["procedureSequence"][0])
            elif it.get("informationSequence"):
                ref = infos.get(it["informationSequence"][0])
            res = by_id.get(ref) if ref else None
            if res:
                concept = res.get("code") or res.get("vaccineCode")
                code, text = _cc(concept)
        if not text:
            continue
        paid: int | None = None
        eit = eob_items.get(it["sequence"])
        if eit:
            for adj in eit.get("adjudication", []):
                disp = adj.get("category", {}).get("coding", [{}])[0].get("display", "")
                if disp == "Line Provider Payment Amount":
                    paid = _cents(adj.get("amount", {}).get("value"))
        items.append(Item(code, text, _cents(it["net"].get("value")), paid))
    total = _cents(claim.get("total", {}).get("value"))
    payer: str | None = None
    paid_total: int | None = None
    if eob:
        payer = str(eob.get("insurer", {}).get("display", "")) or None
        paid_total = _cents(eob.get("payment", {}).get("amount", {}).get("value"))
    return ClaimInfo(enc_id, total, items, payer, paid_total)


def load_all(source: Path) -> list[Patient]:
    files = sorted(p for p in source.rglob("*.json") if p.name != "MANIFEST.json")
    return [load_patient(p) for p in files]
