"""Turn one Synthea patient into a personal-injury production plan."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import content as C  # noqa: N812
from .codes import AUTO_INSURERS, FIRST_NAMES, LAST_NAMES, LAW_FIRMS, PAYER_NAMES
from .fhir import Cond, Enc, Patient
from .fmt import age_on, area_code, clean_org, phone
from .model import Charge, Clinician, Credit, Facility, Person, Statement, Visit

INJURY_SNOMED = {
    "39848009",
    "44465007",
    "70704007",
    "62106007",
    "62564004",
    "65966004",
    "16114001",
    "58150001",
    "33737001",
    "307731004",
    "283371005",
    "444470001",
}

STREETS = (
    "Main Street",
    "Washington Street",
    "Elm Street",
    "Pleasant Street",
    "Route 9",
    "Boston Post Road",
    "Union Avenue",
    "Commercial Way",
    "Park Drive",
    "Summer Street",
    "Highland Avenue",
    "Central Street",
)

FAC_NAMES: dict[str, tuple[str, ...]] = {
    "chiro": (
        "{city} Chiropractic Center",
        "Family Chiropractic of {city}",
        "{city} Spine & Wellness",
        "Atlantic Chiropractic Group",
        "Cornerstone Chiropractic & Rehab",
    ),
    "pt": (
        "{city} Physical Therapy",
        "ProMotion Physical Therapy",
        "Bay State Rehab & Sports Therapy",
        "Coastal Physical Therapy, LLC",
        "Momentum Physical Therapy of {city}",
    ),
    "ortho": (
        "New England Orthopedic Associates",
        "{city} Orthopedics & Sports Medicine",
        "Commonwealth Bone & Joint",
        "Northeast Spine & Orthopaedic Center",
    ),
    "imaging": (
        "{city} Open MRI",
        "Advanced Diagnostic Imaging of {city}",
        "Harborview MRI & Imaging",
        "MetroWest Imaging Center",
    ),
    "pain": (
        "Commonwealth Pain & Spine",
        "{city} Interventional Pain Associates",
        "Integrated Spine & Pain Center",
    ),
    "neuro": (
        "Neurology Associates of {city}",
        "Eastern Mass Neurology Group",
        "{city} Headache & Neurology",
    ),
    "urgent": (
        "{city} Urgent Care",
        "FastTrack Walk-In Medical",
        "CareWell Urgent Care - {city}",
    ),
}


@dataclass
class DocSpec:
    filename: str
    fmt: str
    fac: Facility
    parts: list[tuple[str, Any]]
    printed: date
    kind: str
    scanned: bool = False
    faxed: bool = False


@dataclass
class Case:
    case_id: str
    patient: Patient
    person: Person
    incident: date
    inj: C.Injury
    visits: list[Visit]
    statements: list[Statement]
    docs: list[DocSpec]
    law_firm: tuple[str, str]
    auto_insurer: str
    claim_no: str
    others: list[tuple[Person, list[Visit]]] = field(default_factory=list)


class Namer:
    def __init__(self, rng: random.Random, avoid: set[str]) -> None:
        self.rng = rng
        self.used = set(avoid)

    def clin(self, cred: str) -> Clinician:
        for _ in range(200):
            first = self.rng.choice(FIRST_NAMES)
            last = self.rng.choice(LAST_NAMES)
            if last not in self.used:
                self.used.add(last)
                return Clinician(first, last, cred)
        raise RuntimeError("name pool exhausted")


def weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def make_person(p: Patient, rng: random.Random) -> Person:
    return Person(
        first=p.first,
        last=p.last,
        middle=p.middle,
        dob=p.dob,
        gender=p.gender,
        line=p.line,
        city=p.city,
        state=p.state,
        zip=p.zip,
        phone=phone(p.phone)
        if not p.phone.startswith("555")
        else f"({area_code(p.zip)}) {p.phone[4:]}",
        mrn=str(rng.randint(100000, 9999999)),
    )


def usable_encounters(p: Patient) -> list[Enc]:
    return [
        e
        for e in p.encounters
        if e.practitioner in p.practs and e.org in p.orgs and e.type_text
    ]


def choose_incident(p: Patient, rng: random.Random) -> date | None:
    encs = usable_encounters(p)
    if len(encs) < 5:
        return None
    days = sorted({e.day for e in encs})
    last = days[-1]
    options: list[tuple[date, date]] = []
    for prev, nxt in itertools.pairwise(days):
        if (nxt - prev).days < 35:
            continue
        lo = prev + timedelta(days=7)
        hi = min(nxt - timedelta(days=21), prev + timedelta(days=150))
        if hi <= lo:
            continue
        mid = lo + (hi - lo) / 2
        before = [d for d in days if mid - timedelta(days=3 * 365) <= d < lo]
        after = [d for d in days if hi < d <= mid + timedelta(days=450)]
        if len(before) < 3 or not after or age_on(p.dob, lo) < 19:
            continue
        if hi > last - timedelta(days=20):
            continue
        options.append((lo, hi))
    if not options:
        return None
    lo, hi = rng.choice(options)
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def fac_from_org(p: Patient, org_id: str, rng: random.Random, kind: str) -> Facility:
    org = p.orgs[org_id]
    area = area_code(org.zip)
    ph = phone(org.phone) if org.phone else f"({area}) 555-0{rng.randint(100, 199)}"
    return Facility(
        name=clean_org(org.name),
        line=clean_org(org.line) if org.line else f"{rng.randint(10, 900)} Main Street",
        city=clean_org(org.city),
        state=org.state,
        zip=org.zip or "02100",
        phone=ph,
        fax=f"({area}) 555-0{rng.randint(100, 199)}",
        kind=kind,
        npi=str(rng.randint(1000000000, 1999999999)),
        tin=f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
    )


def invented_fac(kind: str, person: Person, rng: random.Random) -> Facility:
    city = clean_org(person.city) or "Boston"
    name = rng.choice(FAC_NAMES[kind]).format(city=city)
    area = area_code(person.zip)
    return Facility(
        name=name,
        line=f"{rng.randint(12, 1450)} {rng.choice(STREETS)}"
        + rng.choice(["", ", Suite 200", ", Suite 3B", ", Unit 4"]),
        city=city,
        state=person.state,
        zip=person.zip or "02100",
        phone=f"({area}) 555-0{rng.randint(100, 199)}",
        fax=f"({area}) 555-0{rng.randint(100, 199)}",
        kind=kind,
        npi=str(rng.randint(1000000000, 1999999999)),
        tin=f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
    )


def is_hospital(name: str) -> bool:
    n = name.upper()
    return ("HOSPITAL" in n or "MEDICAL CENTER" in n) and "CHILDREN" not in n


def facility_style(rng: random.Random, kind: str) -> dict[str, str]:
    return {
        "date": rng.choice(["us", "us", "us_nopad", "long", "dmy", "us_short"]),
        "clin": rng.choice(["full", "full", "dr", "last_first", "upper"]),
        "icd": "yes" if rng.random() < 0.8 else "no",
        "header": rng.choice(["dos", "table", "oneline", "epic", "dmy_line"]),
        "pt_header": rng.choice(["bar", "pt_table", "re", "pt_mrn"]),
        "font": rng.choice(["Helvetica", "Helvetica", "Times-Roman", "Courier"]),
        "sign": rng.choice(["esign", "signed", "dictated", "auth"]),
        "cpt": "yes" if rng.random() < 0.55 else "no",
        "kind": kind,
    }


def plan_case(
    case_id: str,
    p: Patient,
    pool: list[Patient],
    rng: random.Random,
    shrink: int,
) -> Case | None:
    incident = choose_incident(p, rng)
    if incident is None:
        return None
    person = make_person(p, rng)
    regions = ["neck"]
    if rng.random() < 0.7:
        regions.append("low_back")
    if rng.random() < 0.25:
        regions.append("mid_back")
    if rng.random() < 0.25:
        regions.append(rng.choice(["shoulder_R", "shoulder_L"]))
    if rng.random() < 0.12:
        regions.append(rng.choice(["knee_R", "knee_L"]))
    if rng.random() < 0.25:
        regions.append("head")
    inj = C.Injury(
        role="driver" if rng.random() < 0.8 else "front-seat passenger",
        vehicle=rng.choice(["sedan", "SUV", "pickup truck", "minivan", "compact car"]),
        mechanism=rng.choice(
            [
                "rear-ended while stopped at a red light",
                "struck on the driver's side in an intersection",
                "rear-ended at approximately 35 mph on the highway",
                "sideswiped and pushed into a guardrail",
                "struck head-on at low speed in a parking lot exit",
            ]
        ),
        belted=rng.random() < 0.92,
        airbags=rng.random() < 0.4,
        regions=regions,
        arrival=rng.choice(["by ambulance", "by private vehicle", "via EMS"]),
        hours=rng.randint(1, 5),
    )
    ctx = C.Ctx(rng=rng, patient=p, person=person, incident=incident, inj=inj)
    avoid = {p.last} | {x.last for x in p.practs.values()}
    namer = Namer(rng, avoid)
    creds: dict[str, Clinician] = {}
    for pid, pr in p.practs.items():
        cred = "DO" if rng.random() < 0.12 else "MD"
        creds[pid] = Clinician(pr.first, pr.last, cred)
    encs = usable_encounters(p)
    three = incident - timedelta(days=3 * 365)
    pre = [e for e in encs if three <= e.day < incident]
    post = [e for e in encs if incident < e.day <= incident + timedelta(days=450)]
    k_pre = max(2, rng.randint(3, 6) - shrink)
    k_post = max(1, rng.randint(1, 3) - shrink // 2)
    chosen = pre[-k_pre:] + post[:k_post]
    facs: dict[str, Facility] = {}
    for e in chosen:
        if e.org and e.org not in facs:
            org_name = p.orgs[e.org].name
            kind = "hospital" if is_hospital(org_name) else "clinic"
            if "URGENT" in org_name.upper():
                kind = "urgent"
            facs[e.org] = fac_from_org(p, e.org, rng, kind)
            facs[e.org].style = facility_style(rng, kind)
    visits: list[Visit] = []
    enc_of: dict[str, Enc] = {}
    for e in chosen:
        prior_enc = [x for x in encs if x.day < e.day]
        prior = None
        if prior_enc and rng.random() < 0.35:
            pe = prior_enc[-1]
            pclin = creds.get(pe.practitioner or "")
            pfac_name = clean_org(p.orgs[pe.org].name) if pe.org else ""
            prior = (pe, pclin, pfac_name)
        v = C.synthea_visit(
            ctx, e, facs[e.org or ""], creds[e.practitioner or ""], prior
        )
        v.charges = C.synthea_charges(p, e, v)
        visits.append(v)
        enc_of[v.key] = e
    # --- the PCP (Synthea) facility used for a post-incident visit
    pcp_enc = next(
        (e for e in reversed(pre) if e.klass in ("ambulatory", "wellness")), None
    )
    # --- history of prior injuries from the Synthea record
    history: list[tuple[Cond, Clinician | None, str | None]] = []
    for cond in sorted(p.conditions, key=lambda c: c.onset):
        if cond.code in INJURY_SNOMED and cond.onset < incident:
            enc = next((x for x in p.encounters if x.id == cond.encounter), None)
            pclin = creds.get(enc.practitioner or "") if enc else None
            pfac = (
                clean_org(p.orgs[enc.org].name) if enc and enc.org in p.orgs else None
            )
            history.append((cond, pclin, pfac))
    history = history[-2:]
    # --- scenario
    mode = rng.choices(["er", "uc", "none"], weights=[75, 15, 10])[0]
    has_pcp = pcp_enc is not None and (mode == "none" or rng.random() < 0.45)
    if mode == "none" and not has_pcp:
        mode = "er"
    chiro = rng.random() < 0.55
    pt = rng.random() < (0.35 if chiro else 0.9)
    ortho = rng.random() < 0.6 or not (chiro or pt)
    mri_on = (ortho or chiro) and rng.random() < 0.75
    pain = mri_on and rng.random() < 0.45
    neuro = "head" in regions and rng.random() < 0.75
    new_visits: list[Visit] = []
    statements: list[Statement] = []
    er_v: Visit | None = None
    xr_v: Visit | None = None
    hosp: Facility | None = None
    rad_bill = False
    if mode == "er":
        hosp_org = next((oid for oid, o in p.orgs.items() if is_hospital(o.name)), None)
        if hosp_org is not None:
            hosp = facs.get(hosp_org) or fac_from_org(p, hosp_org, rng, "hospital")
            if not hosp.style:
                hosp.style = facility_style(rng, "hospital")
        else:
            donors = [
                (q, oid)
                for q in pool
                for oid, o in q.orgs.items()
                if is_hospital(o.name)
            ]
            q, oid = rng.choice(donors)
            hosp = fac_from_org(q, oid, rng, "hospital")
            hosp.style = facility_style(rng, "hospital")
        er_doc = namer.clin(rng.choice(["MD", "MD", "DO"]))
        rad = namer.clin("MD")
        er_v = C.er_visit(ctx, hosp, er_doc, rad, incident)
        xr_v = C.xray_visit(ctx, hosp, rad, er_v, incident)
        new_visits += [er_v, xr_v]
        rad_bill = rng.random() < 0.35
    elif mode == "uc":
        uc = invented_fac("urgent", person, rng)
        uc.style = facility_style(rng, "urgent")
        uc_doc = namer.clin(rng.choice(["MD", "DO", "PA-C", "NP"]))
        when = incident + timedelta(days=rng.randint(0, 1))
        er_v = C.urgent_visit(ctx, uc, uc_doc, when)
        new_visits.append(er_v)
    pcp_v: Visit | None = None
    if has_pcp and pcp_enc is not None:
        pfac = facs[pcp_enc.org or ""]
        pclin = creds[pcp_enc.practitioner or ""]
        when = weekday(incident + timedelta(days=rng.randint(1, 6)))
        taken = {v.date for v in visits if v.clin == pclin}
        while when in taken:
            when = weekday(when + timedelta(days=1))
        bases = [
            c.cents
            for v in visits
            for c in v.charges
            if c.code == enc_of[v.key].type_code
        ]
        base = sorted(bases)[len(bases) // 2] if bases else 12500
        pcp_v = C.pcp_mvc_visit(ctx, pfac, pclin, when, er_v, base)
        new_visits.append(pcp_v)
    # chiropractic
    chiro_vs: list[Visit] = []
    chiro_fac: Facility | None = None
    if chiro:
        chiro_fac = invented_fac("chiro", person, rng)
        chiro_fac.style = facility_style(rng, "chiro")
        dc = namer.clin("DC")
        dc2 = namer.clin("DC") if rng.random() < 0.3 else None
        total = max(6, rng.randint(9, 16) - 2 * shrink)
        d = weekday(incident + timedelta(days=rng.randint(2, 9)))
        reexam_at = min(10, total - 2)
        for n in range(1, total + 1):
            kind = "initial" if n == 1 else ("reexam" if n == reexam_at else "daily")
            who = dc if (dc2 is None or n % 4 != 0 or kind != "daily") else dc2
            chiro_vs.append(
                C.chiro_visit(ctx, chiro_fac, who, d, n, total, kind, history, er_v)
            )
            step = rng.choice([2, 2, 3]) if n < 10 else rng.choice([3, 4, 7])
            d = weekday(d + timedelta(days=step))
        new_visits += chiro_vs
    # orthopedics
    ortho_fac: Facility | None = None
    o_consult: Visit | None = None
    o_doc: Clinician | None = None
    if ortho:
        ortho_fac = invented_fac("ortho", person, rng)
        ortho_fac.style = facility_style(rng, "ortho")
        o_doc = namer.clin(rng.choice(["MD", "MD", "DO"]))
        when = weekday(incident + timedelta(days=rng.randint(8, 24)))
        chiro_start = chiro_vs[0] if chiro_vs and chiro_vs[0].date < when else None
        o_consult = C.ortho_consult(
            ctx, ortho_fac, o_doc, when, er_v, chiro_start, history
        )
        new_visits.append(o_consult)
    # MRI
    mri_v: Visit | None = None
    if mri_on:
        img = invented_fac("imaging", person, rng)
        img.style = facility_style(rng, "imaging")
        mrad = namer.clin("MD")
        region = next((r for r in regions if r in C.SPINE), "neck")
        if o_consult is not None and o_doc is not None:
            when = weekday(o_consult.date + timedelta(days=rng.randint(5, 14)))
            orderer = o_doc
        else:
            when = weekday(chiro_vs[0].date + timedelta(days=rng.randint(14, 25)))
            orderer = chiro_vs[0].clin
        mri_v = C.mri_visit(ctx, img, mrad, when, region, xr_v, orderer)
        new_visits.append(mri_v)
    # ortho follow-ups
    ortho_vs: list[Visit] = [o_consult] if o_consult else []
    if ortho and ortho_fac is not None and o_doc is not None and o_consult is not None:
        base = mri_v.date if mri_v else o_consult.date + timedelta(days=21)
        when = weekday(base + timedelta(days=rng.randint(4, 12)))
        fu = C.ortho_followup(ctx, ortho_fac, o_doc, when, mri_v, pain, 1)
        ortho_vs.append(fu)
        new_visits.append(fu)
        if rng.random() < 0.5 - 0.2 * shrink:
            when = weekday(when + timedelta(days=rng.randint(28, 42)))
            fu2 = C.ortho_followup(ctx, ortho_fac, o_doc, when, None, False, 2)
            ortho_vs.append(fu2)
            new_visits.append(fu2)
    # physical therapy
    pt_vs: list[Visit] = []
    if pt:
        ptf = invented_fac("pt", person, rng)
        ptf.style = facility_style(rng, "pt")
        ther = namer.clin(rng.choice(["PT, DPT", "PT", "DPT"]))
        pta = namer.clin("PTA") if rng.random() < 0.35 else None
        if o_consult is not None:
            start = o_consult.date + timedelta(days=rng.randint(4, 10))
            referrer: Visit | None = o_consult
        else:
            start = incident + timedelta(days=rng.randint(7, 18))
            referrer = pcp_v
        total = max(5, rng.randint(7, 12) - 2 * shrink - (3 if chiro else 0))
        d = weekday(start)
        first: Visit | None = None
        for n in range(1, total + 1):
            if n == 1:
                kind = "eval"
            elif n == total:
                kind = "discharge"
            elif n == 6 and total >= 9:
                kind = "progress"
            else:
                kind = "daily"
            who = pta if (pta is not None and kind == "daily" and n % 2 == 0) else ther
            v = C.pt_visit(ctx, ptf, who, d, n, total, kind, referrer, first)
            if first is None:
                first = v
            pt_vs.append(v)
            d = weekday(d + timedelta(days=rng.choice([3, 4, 4, 7])))
        new_visits += pt_vs
    # pain management
    if pain:
        pf = invented_fac("pain", person, rng)
        pf.style = facility_style(rng, "pain")
        pdoc = namer.clin("MD")
        anchor = ortho_vs[-1].date if ortho_vs else (mri_v.date if mri_v else incident)
        when = weekday(anchor + timedelta(days=rng.randint(7, 20)))
        treated: list[tuple[Visit, Visit]] = []
        for series in (chiro_vs, pt_vs):
            done = [v for v in series if v.date < when]
            if len(done) >= 2:
                treated.append((done[0], done[-1]))
        consult = C.pain_visit(ctx, pf, pdoc, when, "consult", treated, mri_v)
        proc = C.pain_visit(
            ctx,
            pf,
            pdoc,
            weekday(when + timedelta(days=rng.randint(14, 24))),
            "procedure",
            [],
            mri_v,
        )
        new_visits += [consult, proc]
    if neuro:
        nf = invented_fac("neuro", person, rng)
        nf.style = facility_style(rng, "neuro")
        ndoc = namer.clin(rng.choice(["MD", "DO"]))
        when = weekday(incident + timedelta(days=rng.randint(14, 35)))
        new_visits.append(C.neuro_visit(ctx, nf, ndoc, when, er_v))
    for v in new_visits:
        C.cpt_flag(v)
    all_visits = sorted(visits + new_visits, key=lambda v: (v.date, v.time))
    # --- statements
    statements = plan_statements(
        ctx, p, all_visits, facs, hosp, rad_bill, xr_v, namer, incident
    )
    case = Case(
        case_id=case_id,
        patient=p,
        person=person,
        incident=incident,
        inj=inj,
        visits=all_visits,
        statements=statements,
        docs=[],
        law_firm=rng.choice(LAW_FIRMS),
        auto_insurer=rng.choice(AUTO_INSURERS),
        claim_no=f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
    )
    return case


def payer_for(p: Patient, rng: random.Random, when: date) -> tuple[str, str]:
    """(payer key, payer name)."""
    keys = [c.payer for c in p.claims.values() if c.payer]
    if keys:
        key = max(set(keys), key=keys.count)
    else:
        key = (
            "medicare"
            if age_on(p.dob, when) >= 65
            else rng.choice(["private", "private", "medicaid"])
        )
    if key not in PAYER_NAMES:
        return key, "Self-pay"
    return key, rng.choice(PAYER_NAMES[key])


def plan_statements(
    ctx: C.Ctx,
    p: Patient,
    visits: list[Visit],
    facs: dict[str, Facility],
    hosp: Facility | None,
    rad_bill: bool,
    xr_v: Visit | None,
    namer: Namer,
    incident: date,
) -> list[Statement]:
    rng = ctx.rng
    out: list[Statement] = []
    pkey, pname = payer_for(p, rng, incident)
    by_fac: dict[str, list[Visit]] = {}
    for v in visits:
        by_fac.setdefault(v.fac.name, []).append(v)
    for vs in by_fac.values():
        fac = vs[0].fac
        kind = fac.style.get("kind", "")
        lines: list[Charge] = []
        credits: list[Credit] = []
        if any(v.source == "synthea" for v in vs) or kind in ("clinic",):
            window = [v for v in vs if v.date >= incident - timedelta(days=365)]
            if not window:
                continue
            for v in window:
                lines += v.charges
            if pkey in PAYER_NAMES:
                for v in window:
                    total = sum(c.cents for c in v.charges)
                    if total <= 0 or v.source == "invented":
                        continue
                    paid = _synthea_paid(p, v, total, rng)
                    when = v.date + timedelta(days=rng.randint(18, 45))
                    credits.append(Credit(when, f"Payment - {pname}", "payment", paid))
                    adj = round((total - paid) * rng.choice([0.5, 0.6, 0.75, 1.0]))
                    if adj > 0:
                        credits.append(
                            Credit(
                                when,
                                f"Contractual adjustment - {pname}",
                                "adjustment",
                                adj,
                            )
                        )
            style = "itemized"
        elif kind == "hospital":
            for v in vs:
                lines += v.charges
            total = sum(c.cents for c in lines)
            when = vs[-1].date + timedelta(days=rng.randint(25, 60))
            r = rng.random()
            if r < 0.55 and pkey in PAYER_NAMES:
                paid = round(total * rng.uniform(0.25, 0.45) / 100) * 100 + rng.randint(
                    0, 99
                )
                credits.append(Credit(when, f"Payment - {pname}", "payment", paid))
                credits.append(
                    Credit(
                        when,
                        f"Contractual adjustment - {pname}",
                        "adjustment",
                        round(total * rng.uniform(0.35, 0.5)),
                    )
                )
            elif r < 0.85:
                credits.append(
                    Credit(
                        when,
                        f"MedPay payment - {rng.choice(AUTO_INSURERS)}",
                        "payment",
                        min(total, rng.choice([100000, 200000, 500000])),
                    )
                )
            style = "hospital"
        else:
            for v in vs:
                lines += v.charges
            total = sum(c.cents for c in lines)
            r = rng.random()
            when = vs[-1].date + timedelta(days=rng.randint(10, 40))
            if r < 0.25:
                credits.append(
                    Credit(
                        when,
                        f"MedPay/PIP payment - {rng.choice(AUTO_INSURERS)}",
                        "payment",
                        min(total // 2, rng.choice([100000, 200000, 250000])),
                    )
                )
            elif r < 0.45 and pkey in PAYER_NAMES:
                paid = round(total * rng.uniform(0.3, 0.5))
                credits.append(Credit(when, f"Ins payment - {pname}", "payment", paid))
                credits.append(
                    Credit(
                        when,
                        f"Contractual adj - {pname}",
                        "adjustment",
                        round(total * rng.uniform(0.2, 0.4)),
                    )
                )
            elif r < 0.55:
                credits.append(
                    Credit(vs[0].date, "Patient payment - copay", "payment", 4000)
                )
            style = rng.choice(
                {
                    "chiro": ["ledger", "itemized", "cms1500"],
                    "pt": ["itemized", "cms1500", "ledger"],
                    "ortho": ["cms1500", "itemized"],
                    "imaging": ["itemized", "cms1500"],
                    "pain": ["cms1500", "itemized"],
                    "neuro": ["itemized", "cms1500"],
                    "urgent": ["itemized", "cms1500"],
                }.get(kind, ["itemized"])
            )
        if not lines:
            continue
        if style == "cms1500":
            credits = []
        last = max([c.date for c in lines] + [c.date for c in credits])
        credits = [c for c in credits if c.cents > 0]
        out.append(
            Statement(
                entity=fac,
                style=style,
                charges=lines,
                credits=credits,
                stmt_date=last + timedelta(days=rng.randint(6, 60)),
                account=f"{rng.randint(100000, 999999)}",
            )
        )
    if rad_bill and xr_v is not None and hosp is not None:
        group = Facility(
            name=f"{hosp.name.split(',')[0]} Radiology Associates, P.C.",
            line=f"PO Box {rng.randint(1000, 9999)}",
            city=hosp.city,
            state=hosp.state,
            zip=hosp.zip,
            phone=hosp.phone,
            fax=hosp.fax,
            kind="radiology",
            npi=str(rng.randint(1000000000, 1999999999)),
            tin=f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
            style=facility_style(rng, "radiology"),
        )
        lines = [
            Charge(
                c.date,
                c.code,
                c.desc,
                1,
                round(c.cents * 0.28 / 100) * 100,
                c.visit_key,
            )
            for c in xr_v.charges
        ]
        out.append(
            Statement(
                entity=group,
                style="cms1500",
                charges=lines,
                credits=[],
                stmt_date=xr_v.date + timedelta(days=rng.randint(20, 40)),
                account=f"R{rng.randint(100000, 999999)}",
            )
        )
    return out


def _synthea_paid(p: Patient, v: Visit, total: int, rng: random.Random) -> int:
    """Synthea's EOB payment when present, else Synthea's 80% payer share."""
    info = p.claims.get(v.extra.get("enc", ""))
    if info is not None and info.paid_cents is not None and info.paid_cents > 0:
        return min(info.paid_cents, total)
    return min(round(total * rng.choice([0.8, 0.8, 0.7])), total)


def slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "_" for ch in text)
    while "__" in out:
        out = out.replace("__", "_")
    return out.strip("_")


def other_patient_visits(
    case: Case, other: Patient, rng: random.Random, host: Facility | None
) -> tuple[Person, list[Visit]]:
    """Visits of another patient, misfiled into this production."""
    person = make_person(other, rng)
    inj = C.Injury("driver", "sedan", "", True, False, ["neck"], "", 1)
    ctx = C.Ctx(rng=rng, patient=other, person=person, incident=case.incident, inj=inj)
    ctx.seq[0] = 900
    encs = [
        e
        for e in usable_encounters(other)
        if e.klass in ("ambulatory", "wellness") and e.day.year >= 2010
    ]
    if not encs:
        encs = usable_encounters(other)
    first = rng.choice(encs)
    picks = [first]
    if host is None:
        same = [e for e in encs if e.org == first.org and e.start > first.start]
        picks += same[:1]
    out: list[Visit] = []
    client_days = {v.date for v in case.visits}
    for e in sorted(picks, key=lambda e: e.start):
        if host is not None:
            host_visits = [v for v in case.visits if v.fac is host]
            clin = host_visits[0].clin
            v = C.synthea_visit(ctx, e, host, clin, None)
            lo = min(x.date for x in host_visits)
            hi = max(x.date for x in host_visits)
            span = max(1, (hi - lo).days)
            when = lo + timedelta(days=rng.randint(0, span))
            while when in client_days:
                when += timedelta(days=1)
            v.date = weekday(when)
        else:
            org = e.org or ""
            fac = fac_from_org(other, org, rng, "clinic")
            fac.style = facility_style(rng, "clinic")
            pr = other.practs[e.practitioner or ""]
            v = C.synthea_visit(ctx, e, fac, Clinician(pr.first, pr.last, "MD"), None)
        v.excluded = True
        out.append(v)
    return person, out


def plan_docs(
    case: Case,
    rng: random.Random,
    shrink: int,
    other: tuple[Person, list[Visit], str] | None,
    duplicate: bool,
) -> list[DocSpec]:
    groups: dict[str, list[Visit]] = {}
    for v in case.visits:
        groups.setdefault(v.fac.name, []).append(v)
    by_ent: dict[str, list[Statement]] = {}
    for s in case.statements:
        by_ent.setdefault(s.entity.name, []).append(s)
    docs: list[DocSpec] = []
    placed: list[Statement] = []
    for name, vs in sorted(groups.items(), key=lambda kv: kv[1][0].date):
        fac = vs[0].fac
        synthea = any(v.source == "synthea" for v in vs)
        printed = max(v.date for v in vs) + timedelta(days=rng.randint(20, 110))
        fmt = "pdf"
        if not synthea and len(vs) <= 2:
            r = rng.random()
            if vs[0].title == "MRI Report" and r < 0.3:
                fmt = "txt"
            elif len(vs) == 1 and r > 0.72:
                fmt = "docx"
        parts: list[tuple[str, Any]] = []
        if fmt == "pdf" and rng.random() < (0.7 if synthea else 0.35):
            parts.append(("fax_cover", None))
        if fmt == "pdf" and shrink == 0 and rng.random() < (0.35 if synthea else 0.2):
            parts.append(("affidavit", None))
        if synthea:
            if rng.random() < 0.6:
                parts.append(("encounter_table", vs))
            if shrink < 2 and rng.random() < 0.5:
                parts.append(("problem_list", printed))
            if shrink < 2 and rng.random() < 0.4:
                parts.append(("med_list", vs))
        labs = max(0, 2 - shrink)
        for v in vs:
            parts.append(("visit", v))
            if v.labs and labs > 0:
                parts.append(("labs", v))
                labs -= 1
        stmts = by_ent.get(name, [])
        if fmt == "pdf" and stmts and rng.random() < 0.3:
            parts += [("statement", s) for s in stmts]
            placed += stmts
        label = rng.choice(
            ["Medical_Records", "Records", "Chart_Notes", "Clinical_Records"]
        )
        if vs[0].visit_type == "imaging" and len(vs) <= 2:
            label = "Imaging_Report"
        docs.append(
            DocSpec(
                filename=f"{slug(name)}_{label}.{fmt}",
                fmt=fmt,
                fac=fac,
                parts=parts,
                printed=printed,
                kind="records",
                faxed=fmt == "pdf" and rng.random() < 0.4,
            )
        )
    rest = [s for s in case.statements if s not in placed]
    if duplicate and placed:
        rest.append(rng.choice(placed))
    elif duplicate and rest:
        rest.append(rest[0])
    combined = len(rest) >= 3 and rng.random() < 0.4
    if combined:
        k = rng.randint(2, min(3, len(rest)))
        take = rest[:k]
        rest = rest[k:]
        docs.append(
            DocSpec(
                filename="Billing_Records.pdf",
                fmt="pdf",
                fac=take[0].entity,
                parts=[("statement", s) for s in take],
                printed=max(s.stmt_date for s in take),
                kind="bills",
            )
        )
    for s in rest:
        label = {
            "cms1500": "CMS1500_Claims",
            "ledger": "Account_Ledger",
            "hospital": "Itemized_Bill",
            "itemized": "Itemized_Statement",
        }[s.style]
        docs.append(
            DocSpec(
                filename=f"{slug(s.entity.name)}_{label}.pdf",
                fmt="pdf",
                fac=s.entity,
                parts=[("statement", s)],
                printed=s.stmt_date,
                kind="bills",
                faxed=rng.random() < 0.2,
            )
        )
    if other is not None:
        person, ovs, mode = other
        if mode == "note":
            host = next(
                d
                for d in docs
                if d.fmt == "pdf" and d.kind == "records" and d.fac is ovs[0].fac
            )
            idxs = [i for i, (k, _) in enumerate(host.parts) if k == "visit"]
            at = rng.choice(idxs[1:] or idxs) + 1
            host.parts.insert(at, ("other_visit", (person, ovs[0])))
        else:
            fac = ovs[0].fac
            docs.insert(
                rng.randint(1, len(docs)),
                DocSpec(
                    filename=f"{slug(fac.name)}_Records.pdf",
                    fmt="pdf",
                    fac=fac,
                    parts=[("other_visit", (person, v)) for v in ovs],
                    printed=max(v.date for v in ovs)
                    + timedelta(days=rng.randint(20, 90)),
                    kind="records",
                ),
            )
    for i, d in enumerate(docs, 1):
        d.filename = f"{i:02d}_{d.filename}"
    return docs
