"""Clinical content of each visit: Synthea encounters and the invented
post-incident treatment (ER, radiology, orthopedics, chiropractic, PT, MRI,
pain management, neurology, primary care follow-up)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .codes import CLASS_TO_VISIT_TYPE, CPT, SNOMED_TO_ICD10, icd_title
from .fhir import Cond, Enc, Patient
from .fmt import MONTHS, age_on, fdate
from .model import Charge, Clinician, Facility, Mention, Para, Person, Visit


@dataclass
class Injury:
    role: str
    vehicle: str
    mechanism: str
    belted: bool
    airbags: bool
    regions: list[str]
    arrival: str
    hours: int


@dataclass
class Ctx:
    rng: random.Random
    patient: Patient
    person: Person
    incident: date
    inj: Injury
    seq: list[int] = field(default_factory=lambda: [0])

    def key(self, prefix: str) -> str:
        self.seq[0] += 1
        return f"{prefix}{self.seq[0]:03d}"

    @property
    def he(self) -> str:
        return "she" if self.person.gender == "female" else "he"

    @property
    def his(self) -> str:
        return "her" if self.person.gender == "female" else "his"

    @property
    def sex(self) -> str:
        return "female" if self.person.gender == "female" else "male"

    def age(self, when: date) -> int:
        return age_on(self.person.dob, when)


# Region -> (label, ER codes, ortho/chiro codes, PT codes, x-ray, MRI).
REGIONS: dict[str, dict[str, tuple[str, ...] | str]] = {
    "neck": {
        "label": "neck",
        "er": ("S16.1XXA",),
        "ortho": ("S13.4XXA", "M54.2"),
        "chiro": ("S13.4XXA", "M99.01"),
        "pt": ("S13.4XXD", "M54.2"),
        "xray": "72040",
        "mri": "72141",
        "study": "CERVICAL SPINE",
        "exam": "tenderness and hypertonicity of the cervical paraspinals C3-C7 "
        "with painful, reduced cervical range of motion",
    },
    "low_back": {
        "label": "low back",
        "er": ("S39.012A",),
        "ortho": ("S33.5XXA", "M54.50"),
        "chiro": ("S33.5XXA", "M99.03"),
        "pt": ("S39.012D", "M54.50"),
        "xray": "72100",
        "mri": "72148",
        "study": "LUMBAR SPINE",
        "exam": "tenderness of the lumbar paraspinals L3-S1 with guarding; "
        "flexion limited by pain",
    },
    "mid_back": {
        "label": "mid back",
        "er": ("S29.012A",),
        "ortho": ("S23.3XXA", "M54.6"),
        "chiro": ("S23.3XXA", "M99.02"),
        "pt": ("S29.012D", "M54.6"),
        "xray": "72070",
        "mri": "72146",
        "study": "THORACIC SPINE",
        "exam": "tenderness over the mid-thoracic paraspinals T4-T8",
    },
    "shoulder_R": {
        "label": "right shoulder",
        "er": ("S40.011A",),
        "ortho": ("M25.511",),
        "chiro": (),
        "pt": ("M25.511",),
        "xray": "73030",
        "mri": "73221",
        "study": "RIGHT SHOULDER",
        "exam": "tenderness over the right trapezius and anterior shoulder; "
        "abduction painful past 120 degrees",
    },
    "shoulder_L": {
        "label": "left shoulder",
        "er": ("S40.012A",),
        "ortho": ("M25.512",),
        "chiro": (),
        "pt": ("M25.512",),
        "xray": "73030",
        "mri": "73221",
        "study": "LEFT SHOULDER",
        "exam": "tenderness over the left trapezius and anterior shoulder; "
        "abduction painful past 120 degrees",
    },
    "knee_R": {
        "label": "right knee",
        "er": ("S80.01XA",),
        "ortho": ("S80.01XA",),
        "chiro": (),
        "pt": (),
        "xray": "73562",
        "mri": "",
        "study": "RIGHT KNEE",
        "exam": "contusion over the right anterior knee without effusion",
    },
    "knee_L": {
        "label": "left knee",
        "er": ("S80.02XA",),
        "ortho": ("S80.02XA",),
        "chiro": (),
        "pt": (),
        "xray": "73562",
        "mri": "",
        "study": "LEFT KNEE",
        "exam": "contusion over the left anterior knee without effusion",
    },
    "head": {
        "label": "head",
        "er": ("S06.0X0A",),
        "ortho": (),
        "chiro": (),
        "pt": (),
        "xray": "",
        "mri": "",
        "study": "HEAD",
        "exam": "no scalp hematoma; mild photophobia; cranial nerves intact",
    },
}

SPINE = ("neck", "mid_back", "low_back")


def rs(region: str, field_name: str) -> str:
    value = REGIONS[region][field_name]
    return value if isinstance(value, str) else ""


def rc(region: str, field_name: str) -> tuple[str, ...]:
    value = REGIONS[region][field_name]
    return value if isinstance(value, tuple) else ()


def coded(codes: list[str]) -> list[tuple[str | None, str]]:
    seen: list[str] = []
    for c in codes:
        if c not in seen:
            seen.append(c)
    return [(c, icd_title(c)) for c in seen]


def cpt_flag(v: Visit) -> None:
    """CPT codes are printed on the record only in some facilities' templates."""
    v.print_cpt = bool(v.cpts) and v.fac.style.get("cpt", "no") == "yes"


def charge(v: Visit, code: str, units: int = 1, desc: str | None = None) -> Charge:
    label, fee = CPT[code]
    return Charge(v.date, code, desc or label, units, fee * units, v.key)


def region_list(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def ds(fac: Facility) -> str:
    return fac.style.get("date", "us")


def mention(
    ctx: Ctx,
    when: date,
    provider: Clinician | None,
    facility: str | None,
    visit_type: str,
    summary: str,
    fac: Facility,
) -> tuple[str, Mention]:
    text = fdate(when, ds(fac))
    m = Mention(ctx.key("R"), when, provider, facility, visit_type, text, summary)
    return text, m


# --------------------------------------------------------------------------
# Synthea encounters


def enc_visit_type(enc: Enc) -> str:
    t = enc.type_text.lower()
    if "prenatal" in t or "postnatal" in t or "obstetric" in t:
        return "other"
    return CLASS_TO_VISIT_TYPE.get(enc.klass, "other")


def enc_complaint(enc: Enc) -> str:
    t = enc.type_text.lower()
    if "patient encounter procedure" in t or "outpatient procedure" in t:
        return "Scheduled procedure visit"
    if "check" in t:
        return "Routine health maintenance examination"
    if "prenatal" in t:
        return "Routine prenatal care"
    if "postnatal" in t:
        return "Postpartum follow-up"
    if enc.reason:
        if "follow" in t:
            return f"Follow-up of {enc.reason}"
        return f"{enc.reason}"
    return enc.type_text


def active_conditions(p: Patient, when: date) -> list[Cond]:
    out: list[Cond] = []
    seen: set[str] = set()
    for c in sorted(p.conditions, key=lambda c: c.onset):
        if c.onset >= when or (c.abated and c.abated <= when):
            continue
        if c.code in seen or c.code in ("72892002",):
            continue
        seen.add(c.code)
        out.append(c)
    return out


def active_meds(p: Patient, when: date) -> list[str]:
    out: list[str] = []
    for m in sorted(p.meds, key=lambda m: m.authored):
        if m.authored < when and m.status == "active" and m.text not in out:
            out.append(m.text)
    return out


def synthea_visit(
    ctx: Ctx,
    enc: Enc,
    fac: Facility,
    clin: Clinician,
    prior: tuple[Enc, Clinician | None, str] | None,
) -> Visit:
    p = ctx.patient
    rng = ctx.rng
    v = Visit(
        key=ctx.key("V"),
        date=enc.day,
        clin=clin,
        fac=fac,
        visit_type=enc_visit_type(enc),
        title=enc.type_text,
        source="synthea",
        time=enc.start.strftime("%H:%M"),
    )
    v.print_codes = fac.style.get("icd", "yes") == "yes"
    v.extra["enc"] = enc.id
    complaint = enc_complaint(enc)
    v.complaints = [complaint]
    vit = [o for o in p.vitals if o.encounter == enc.id]
    for o in vit:
        if o.value:
            unit = "" if o.unit in ("", "{score}") else f" {o.unit}"
            v.vitals.append((o.text, f"{o.value}{unit}"))
    v.findings = [f"{name} {val}" for name, val in v.vitals if "Blood Pressure" in name]
    new = [c for c in p.conditions if c.encounter == enc.id]
    meds = [m.text for m in p.meds if m.encounter == enc.id]
    procs = [x.text for x in p.procs if x.encounter == enc.id]
    imms = [x.text for x in p.imms if x.encounter == enc.id]
    v.labs = [lab for lab in p.labs if lab.encounter == enc.id]
    plans = [c for c in p.careplans if c.encounter == enc.id]
    age = ctx.age(enc.day)
    hpi = (
        f"{ctx.person.first} is a {age} year old {ctx.sex} seen today for "
        f"{complaint[0].lower() + complaint[1:]}."
    )
    paras = [Para(hpi)]
    if prior is not None:
        penc, pclin, pfac = prior
        who = f" with {pclin.styled('dr')}" if pclin else ""
        text, m = mention(
            ctx, penc.day, pclin, pfac, enc_visit_type(penc), penc.type_text, fac
        )
        paras.append(
            Para(
                f"Last office visit was on {text}{who} ({penc.type_text}).",
                [m],
            )
        )
    chronic = active_conditions(p, enc.day)
    if rng.random() < 0.5:
        paras.append(Para("Patient reports no new concerns since the last visit."))
    v.sections.append(("Reason for Visit", [Para(enc.type_text)]))
    v.sections.append(("History of Present Illness", paras))
    if chronic:
        v.sections.append(
            ("Active Problems", [Para("; ".join(c.text for c in chronic[:8]))])
        )
    cur = active_meds(p, enc.day)
    v.sections.append(
        ("Current Medications", [Para("; ".join(cur) if cur else "None reported.")])
    )
    exam = synthea_exam(enc, rng)
    v.sections.append(("Physical Exam", [Para(x) for x in exam]))
    v.findings += exam[1:]
    if procs:
        v.sections.append(("Procedures", [Para("; ".join(procs))]))
    if imms:
        v.sections.append(("Immunizations Administered", [Para("; ".join(imms))]))
    assess: list[Para] = []
    codes: list[tuple[str | None, str]] = []
    for c in new:
        icd = SNOMED_TO_ICD10.get(c.code)
        if icd and v.print_codes:
            assess.append(Para(f"{c.text} ({icd})"))
            codes.append((icd, c.text))
        else:
            assess.append(Para(c.text))
    if not assess:
        if enc.reason:
            assess.append(Para(enc.reason))
        else:
            assess.append(Para("Well adult; no acute findings."))
    v.dx = codes
    v.sections.append(("Assessment", assess))
    plan: list[Para] = []
    for m_text in meds:
        plan.append(Para(f"Prescribed: {m_text}"))
    for cp in plans:
        acts = ", ".join(cp.activities)
        plan.append(Para(f"{cp.text}: {acts}" if acts else cp.text))
        v.recommendations.extend(cp.activities)
    if v.labs:
        plan.append(Para("Laboratory studies obtained; see results."))
    plan.append(
        Para(
            rng.choice(
                [
                    "Return to clinic in 12 months or sooner as needed.",
                    "Follow up as needed.",
                    "Continue current management; follow up in 3-6 months.",
                ]
            )
        )
    )
    v.sections.append(("Plan", plan))
    v.meds = meds + imms
    return v


EXAM_BY_REASON: tuple[tuple[str, str], ...] = (
    ("bronchitis", "Lungs: scattered rhonchi, no wheezes; good air movement."),
    ("pharyngitis", "Oropharynx: erythematous without exudate; tonsils 1+."),
    (
        "sore throat",
        "Oropharynx: erythema with tonsillar exudate; tender anterior nodes.",
    ),
    ("sinusitis", "HEENT: maxillary sinus tenderness; nasal mucosa edematous."),
    ("otitis", "Ears: left TM erythematous and bulging."),
    ("urinary", "Abdomen: mild suprapubic tenderness; no CVA tenderness."),
    ("cystitis", "Abdomen: mild suprapubic tenderness; no CVA tenderness."),
    ("sprain", "Extremity: swelling and tenderness over the ligament; no deformity."),
    (
        "fracture",
        "Extremity: tenderness and swelling; neurovascularly intact distally.",
    ),
    ("laceration", "Skin: linear laceration, edges approximated after repair."),
    (
        "pregnancy",
        "Abdomen: gravid, fundal height appropriate; fetal heart tones present.",
    ),
    ("asthma", "Lungs: mild expiratory wheeze, no retractions."),
    ("hyperlipidemia", "Cardiovascular: regular rate and rhythm, no murmur."),
)


def synthea_exam(enc: Enc, rng: random.Random) -> list[str]:
    general = rng.choice(
        [
            "General: well-appearing, in no acute distress.",
            "General: alert and oriented, pleasant, no distress.",
            "Constitutional: well developed, well nourished, NAD.",
        ]
    )
    key = f"{enc.type_text} {enc.reason or ''}".lower()
    for word, line in EXAM_BY_REASON:
        if word in key:
            return [general, line]
    if "prenatal" in key:
        return [general, EXAM_BY_REASON[10][1]]
    return [
        general,
        "Lungs: clear to auscultation bilaterally. Heart: regular rate and rhythm.",
        "Abdomen: soft, non-tender. Extremities: no edema.",
    ]


def synthea_charges(p: Patient, enc: Enc, v: Visit) -> list[Charge]:
    info = p.claims.get(enc.id)
    if not info:
        return []
    items = sum(i.net_cents for i in info.items)
    out: list[Charge] = []
    base = info.total_cents - items
    if base > 0:
        out.append(Charge(v.date, enc.type_code or None, enc.type_text, 1, base, v.key))
    for it in info.items:
        if it.net_cents > 0:
            out.append(Charge(v.date, it.code or None, it.text, 1, it.net_cents, v.key))
    return out


# --------------------------------------------------------------------------
# invented post-incident visits


def _pain(rng: random.Random, start: int, n: int, total: int) -> int:
    drop = (start - 2) * (n - 1) / max(1, total - 1)
    return max(1, min(9, round(start - drop + rng.choice([-1, 0, 0, 1]))))


def mvc_sentence(ctx: Ctx) -> str:
    inj = ctx.inj
    belt = "restrained" if inj.belted else "unrestrained"
    bags = "Airbags deployed." if inj.airbags else "No airbag deployment."
    return (
        f"{ctx.person.first} was the {belt} {inj.role} of a {inj.vehicle} that was "
        f"{inj.mechanism}. {bags}"
    )


def er_visit(
    ctx: Ctx, hosp: Facility, doc: Clinician, rad: Clinician, when: date
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=doc,
        fac=hosp,
        visit_type="emergency",
        title="Emergency Department Provider Note",
        source="invented",
        time=f"{rng.randint(10, 22):02d}:{rng.choice([5, 12, 26, 38, 47, 55]):02d}",
    )
    labels = [rs(r, "label") for r in inj.regions]
    pain = rng.randint(6, 9)
    v.complaints = [f"{lab} pain after motor vehicle collision" for lab in labels]
    hpi = (
        f"{ctx.age(when)} year old {ctx.sex} presents {inj.arrival} approximately "
        f"{inj.hours} hour{'s' if inj.hours > 1 else ''} after a motor vehicle "
        "collision. "
        f"{mvc_sentence(ctx)} "
        f"Complains of {region_list(labels)} pain, rated {pain}/10. "
    )
    hpi += (
        "Reports a brief period of feeling dazed without loss of consciousness."
        if "head" in inj.regions
        else "Denies head strike or loss of consciousness."
    )
    p = ctx.patient
    pmh = [c.text for c in active_conditions(p, when)][:6]
    meds = active_meds(p, when)[:6]
    v.sections.append(("Chief Complaint", [Para(f"MVC - {region_list(labels)} pain")]))
    v.sections.append(("History of Present Illness", [Para(hpi)]))
    v.sections.append(
        ("Past Medical History", [Para("; ".join(pmh) if pmh else "Denies.")])
    )
    v.sections.append(
        ("Home Medications", [Para("; ".join(meds) if meds else "None.")])
    )
    bp = f"{rng.randint(122, 152)}/{rng.randint(74, 94)}"
    hr = rng.randint(72, 104)
    exam = [
        Para(
            f"Vitals: BP {bp}, HR {hr}, RR 16, Temp 98.{rng.randint(1, 8)} F, SpO2 98%."
        ),
        Para("General: alert, oriented x3, in mild distress."),
    ]
    for r in inj.regions:
        exam.append(Para(f"{rs(r, 'label').capitalize()}: {rs(r, 'exam')}."))
    exam.append(Para("Neuro: strength 5/5 and sensation intact in all extremities."))
    v.sections.append(("Physical Exam", exam))
    v.findings = [f"BP {bp}"] + [rs(r, "exam") for r in inj.regions]
    studies = [rs(r, "study") for r in inj.regions if rs(r, "xray")]
    course = [
        Para("Ketorolac 30 mg IM given in the department with improvement in pain."),
    ]
    if studies:
        course.append(
            Para(
                f"Radiographs of the {region_list([s.lower() for s in studies])} "
                "obtained; no acute fracture per radiology."
            )
        )
    if "head" in inj.regions:
        course.append(Para("CT head without contrast negative for acute process."))
    v.sections.append(("ED Course", course))
    ext = "V43.52XA" if inj.role == "driver" else "V43.62XA"
    codes = [c for r in inj.regions for c in rc(r, "er")] + [ext]
    v.dx = coded(codes)
    v.print_codes = hosp.style.get("icd", "yes") == "yes"
    diag = [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx if c]
    v.sections.append(("Clinical Impression", diag))
    rx = ["Cyclobenzaprine Hydrochloride 10 MG Oral Tablet"]
    rx.append(
        rng.choice(["Ibuprofen 600 MG Oral Tablet", "Naproxen 500 MG Oral Tablet"])
    )
    v.meds = ["Ketorolac 30 mg IM (given)", *rx]
    v.restrictions = ["No driving while taking cyclobenzaprine"]
    if rng.random() < 0.6:
        v.restrictions.append(f"Off work for {rng.randint(2, 4)} days")
    v.recommendations = [
        "Follow up with primary care physician in 2-3 days",
        "Return to ED for worsening symptoms",
    ]
    v.sections.append(
        (
            "Disposition",
            [
                Para("Discharged home in stable condition."),
                Para("Prescriptions: " + "; ".join(rx) + "."),
                Para("Restrictions: " + "; ".join(v.restrictions) + "."),
                Para("Follow-up: " + "; ".join(v.recommendations) + "."),
            ],
        )
    )
    level = "99285" if "head" in inj.regions else rng.choice(["99283", "99284"])
    v.charges = [charge(v, level), charge(v, "96372"), charge(v, "J1885", 2)]
    if "head" in inj.regions:
        v.charges.append(charge(v, "70450"))
    v.cpts = []
    return v


def xray_visit(
    ctx: Ctx, hosp: Facility, rad: Clinician, er: Visit, when: date
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    er_doc = er.clin
    hh = min(23, int(er.time[:2]) + 1)
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=rad,
        fac=hosp,
        visit_type="imaging",
        title="Radiology Report",
        source="invented",
        time=f"{hh:02d}:{rng.randint(0, 59):02d}",
    )
    regions = [r for r in inj.regions if rs(r, "xray")]
    exams: list[Para] = []
    imp: list[Para] = []
    for r in regions:
        code = rs(r, "xray")
        v.cpts.append((code, CPT[code][0]))
        v.charges.append(charge(v, code))
        exams.append(Para(f"XR {rs(r, 'study')} ({CPT[code][0]})"))
        if r in SPINE:
            imp.append(
                Para(
                    f"{rs(r, 'study').title()}: No acute fracture or malalignment. "
                    "Straightening of the normal lordosis, which may reflect "
                    "muscle spasm."
                    if r == "neck"
                    else f"{rs(r, 'study').title()}: No acute fracture. "
                    "Mild degenerative disc space narrowing."
                )
            )
        else:
            imp.append(Para(f"{rs(r, 'study').title()}: No acute osseous abnormality."))
    v.print_codes = False
    v.sections.append(("Exam", exams))
    v.sections.append(
        ("Ordering Physician", [Para(er_doc.styled(hosp.style.get("clin", "full")))])
    )
    v.sections.append(("Clinical History", [Para("Motor vehicle collision, pain.")]))
    v.sections.append(("Comparison", [Para("None available.")]))
    v.sections.append(
        (
            "Findings",
            [
                Para(
                    "Vertebral body heights are maintained. No prevertebral soft "
                    "tissue swelling. Alignment within normal limits allowing for "
                    "positioning."
                    if any(r in SPINE for r in regions)
                    else "No fracture or dislocation. Joint spaces preserved."
                )
            ],
        )
    )
    v.sections.append(("Impression", imp))
    v.findings = [p.text for p in imp]
    v.complaints = ["Motor vehicle collision"]
    if rng.random() < 0.5:
        v.recommendations = ["Clinical correlation recommended."]
    return v


def urgent_visit(ctx: Ctx, uc: Facility, doc: Clinician, when: date) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=doc,
        fac=uc,
        visit_type="urgent care",
        title="Urgent Care Visit",
        source="invented",
        time=f"{rng.randint(9, 18):02d}:{rng.randint(0, 59):02d}",
    )
    labels = [rs(r, "label") for r in inj.regions]
    text = fdate(ctx.incident, ds(uc))
    v.complaints = [f"{region_list(labels)} pain since car accident"]
    later = (
        "Presents later the same day with increasing"
        if when == ctx.incident
        else "Woke up this morning with increased"
    )
    v.sections.append(
        (
            "Subjective",
            [
                Para(
                    f"Patient was involved in a motor vehicle accident on {text}. "
                    f"{mvc_sentence(ctx)} Did not go to the ER. {later} "
                    f"{region_list(labels)} pain and stiffness."
                )
            ],
        )
    )
    exam = [
        Para(f"{rs(r, 'label').capitalize()}: {rs(r, 'exam')}.") for r in inj.regions
    ]
    v.sections.append(("Objective", exam))
    v.findings = [rs(r, "exam") for r in inj.regions]
    codes = [c for r in inj.regions for c in rc(r, "er")]
    codes.append("V43.52XA" if inj.role == "driver" else "V43.62XA")
    v.dx = coded(codes)
    v.print_codes = True
    v.sections.append(("Assessment", [Para(f"{c} - {d}") for c, d in v.dx]))
    v.meds = ["Methocarbamol 750 MG Oral Tablet", "Naproxen 500 MG Oral Tablet"]
    v.recommendations = ["Ice/heat", "Follow up with PCP or orthopedics in 1 week"]
    v.sections.append(
        (
            "Plan",
            [
                Para("Rx: " + "; ".join(v.meds) + "."),
                Para("; ".join(v.recommendations) + "."),
            ],
        )
    )
    v.charges = [charge(v, "99204")]
    xr = [r for r in inj.regions if rs(r, "xray") and r in SPINE][:1]
    for r in xr:
        v.charges.append(charge(v, rs(r, "xray")))
        v.sections.insert(
            2,
            (
                "X-ray (read by treating provider)",
                [Para(f"{rs(r, 'study').title()}: no fracture, no dislocation.")],
            ),
        )
    v.cpts = [(c.code or "", CPT[c.code or ""][0]) for c in v.charges]
    return v


def pcp_mvc_visit(
    ctx: Ctx,
    fac: Facility,
    clin: Clinician,
    when: date,
    er: Visit | None,
    base_cents: int,
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=clin,
        fac=fac,
        visit_type="primary care",
        title="Encounter for symptom",
        source="invented",
        time=f"{rng.randint(8, 16):02d}:{rng.choice([0, 15, 30, 45]):02d}",
    )
    labels = [rs(r, "label") for r in inj.regions]
    paras: list[Para] = []
    acc = fdate(ctx.incident, ds(fac))
    first = (
        f"{ctx.person.first} presents for follow-up after a motor vehicle accident on "
        f"{acc}. {mvc_sentence(ctx)}"
    )
    paras.append(Para(first))
    if er is not None:
        text, m = mention(
            ctx, er.date, None, er.fac.name, "emergency", "ED evaluation", fac
        )
        paras.append(
            Para(
                f"Was evaluated in the emergency department at {er.fac.name} "
                f"on {text}; "
                "x-rays reportedly negative. Discharged with a muscle relaxant.",
                [m],
            )
        )
    pain = rng.randint(5, 8)
    paras.append(
        Para(
            f"Today reports persistent {region_list(labels)} pain, {pain}/10, "
            "worse with "
            "turning and prolonged sitting; sleep is disrupted."
        )
    )
    v.complaints = [f"{lab} pain" for lab in labels]
    v.sections.append(("Reason for Visit", [Para("Encounter for symptom")]))
    v.sections.append(("History of Present Illness", paras))
    bp = f"{rng.randint(118, 146)}/{rng.randint(72, 90)}"
    v.vitals = [
        ("Blood Pressure", f"{bp} mm[Hg]"),
        ("Heart rate", f"{rng.randint(64, 92)} /min"),
    ]
    exam = [
        Para(f"{rs(r, 'label').capitalize()}: {rs(r, 'exam')}.") for r in inj.regions
    ]
    v.sections.append(("Physical Exam", exam))
    v.findings = [f"Blood Pressure {bp} mm[Hg]"] + [rs(r, "exam") for r in inj.regions]
    codes = [c for r in inj.regions for c in rc(r, "ortho")]
    v.dx = coded(codes)
    v.print_codes = fac.style.get("icd", "yes") == "yes"
    v.sections.append(
        (
            "Assessment",
            [Para(f"{d} ({c})" if v.print_codes else d) for c, d in v.dx],
        )
    )
    v.meds = [
        rng.choice(["Meloxicam 15 MG Oral Tablet", "Naproxen 500 MG Oral Tablet"])
    ]
    v.recommendations = [
        rng.choice(
            [
                "Referral to physical therapy",
                "Chiropractic care for spinal complaints",
                "Referral to orthopedics",
            ]
        ),
        "Follow up in 4 weeks",
    ]
    v.restrictions = ["Light duty, no lifting over 20 lbs for 2 weeks"]
    v.sections.append(
        (
            "Plan",
            [
                Para("Prescribed: " + v.meds[0]),
                *[Para(r) for r in v.recommendations],
                Para("Work: " + v.restrictions[0]),
            ],
        )
    )
    v.charges = [
        Charge(when, "185345009", "Encounter for symptom", 1, base_cents, v.key)
    ]
    return v


def ortho_consult(
    ctx: Ctx,
    fac: Facility,
    doc: Clinician,
    when: date,
    er: Visit | None,
    chiro_start: Visit | None,
    history: list[tuple[Cond, Clinician | None, str | None]],
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=doc,
        fac=fac,
        visit_type="orthopedics",
        title="New Patient Consultation",
        source="invented",
        time=f"{rng.randint(8, 16):02d}:{rng.choice([0, 20, 40]):02d}",
    )
    labels = [rs(r, "label") for r in inj.regions if r != "head"]
    paras = [
        Para(
            f"{ctx.person.first} is a {ctx.age(when)} year old {ctx.sex} referred for "
            f"evaluation of {region_list(labels)} pain following a motor vehicle "
            f"collision. {mvc_sentence(ctx)}"
        )
    ]
    if er is not None:
        named = rng.random() < 0.5
        prov = er.clin if named else None
        who = f" by {er.clin.styled('dr')}" if named else ""
        text, m = mention(ctx, er.date, prov, er.fac.name, "emergency", "ED visit", fac)
        paras.append(
            Para(
                f"{ctx.he.capitalize()} was seen{who} in the emergency department at "
                f"{er.fac.name} on {text}, where radiographs showed no fracture.",
                [m],
            )
        )
    if chiro_start is not None:
        text, m = mention(
            ctx,
            chiro_start.date,
            None,
            chiro_start.fac.name,
            "chiropractic",
            "chiropractic care began",
            fac,
        )
        paras.append(
            Para(
                f"{ctx.he.capitalize()} began chiropractic treatment at "
                f"{chiro_start.fac.name} on {text} with partial relief.",
                [m],
            )
        )
    hist_paras: list[Para] = []
    for cond, pclin, pfac in history:
        text, m = mention(
            ctx,
            cond.onset,
            pclin,
            pfac,
            "primary care" if pfac else "other",
            cond.text,
            fac,
        )
        where = f" at {pfac}" if pfac else ""
        hist_paras.append(
            Para(
                f"Prior history of {cond.text.lower()}, diagnosed{where} on {text}; "
                "patient states this had fully resolved before the accident.",
                [m],
            )
        )
    if not hist_paras:
        hist_paras.append(Para(f"Denies prior injury to the {region_list(labels)}."))
    pain = rng.randint(5, 8)
    paras.append(
        Para(
            f"Current pain {pain}/10, aching with intermittent sharp component; "
            "aggravated by overhead activity, lifting and prolonged sitting."
        )
    )
    v.complaints = [f"{lab} pain" for lab in labels]
    v.sections.append(("History of Present Illness", paras))
    v.sections.append(("Past Injury History", hist_paras))
    exam = [
        Para(f"{lab.capitalize()}: {rs(r, 'exam')}.")
        for r, lab in zip([r for r in inj.regions if r != "head"], labels, strict=True)
    ]
    if "neck" in inj.regions:
        exam.append(
            Para("Spurling's test negative bilaterally. Reflexes 2+ symmetric.")
        )
    if "low_back" in inj.regions:
        exam.append(Para("Straight leg raise negative bilaterally."))
    v.sections.append(("Examination", exam))
    v.findings = [p.text for p in exam]
    ext = "V43.52XA" if inj.role == "driver" else "V43.62XA"
    codes = [c for r in inj.regions for c in rc(r, "ortho")]
    if rng.random() < 0.5:
        codes.append(ext)
    v.dx = coded(codes)
    v.print_codes = fac.style.get("icd", "yes") == "yes"
    v.sections.append(
        ("Impression", [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx])
    )
    mri_regions = [r for r in inj.regions if r in SPINE][:1]
    v.meds = ["Meloxicam 15 MG Oral Tablet"]
    v.recommendations = [
        f"MRI of the {rs(r, 'study').lower()}" for r in mri_regions
    ] + ["Physical therapy 2x/week for 6 weeks"]
    v.restrictions = [
        rng.choice(
            [
                "Modified duty: no lifting over 15 lbs",
                "Off work for 2 weeks",
                "No repetitive bending or overhead work",
            ]
        )
    ]
    v.sections.append(
        (
            "Plan",
            [Para(x) for x in v.recommendations]
            + [Para("Start " + v.meds[0] + " daily with food.")]
            + [Para("Work status: " + v.restrictions[0] + ".")],
        )
    )
    v.charges = [charge(v, "99204")]
    v.cpts = [("99204", CPT["99204"][0])]
    return v


def mri_visit(
    ctx: Ctx,
    fac: Facility,
    rad: Clinician,
    when: date,
    region: str,
    xray: Visit | None,
    ordering: Clinician,
) -> Visit:
    rng = ctx.rng
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=rad,
        fac=fac,
        visit_type="imaging",
        title="MRI Report",
        source="invented",
        time=f"{rng.randint(7, 19):02d}:{rng.choice([0, 15, 30, 45]):02d}",
    )
    code = rs(region, "mri")
    v.cpts = [(code, CPT[code][0])]
    v.charges = [charge(v, code)]
    v.print_codes = False
    comp: list[Para] = [Para("None.")]
    if xray is not None and rng.random() < 0.7:
        text, m = mention(
            ctx, xray.date, None, xray.fac.name, "imaging", "prior radiographs", fac
        )
        comp = [Para(f"Radiographs dated {text}.", [m])]
    if region == "neck":
        level = rng.choice(["C4-C5", "C5-C6", "C6-C7"])
        finding = (
            f"At {level} there is a {rng.choice([2, 3, 3, 4])} mm broad-based "
            "posterior "
            "disc protrusion effacing the ventral thecal sac without cord compression. "
            "Mild left neural foraminal narrowing."
        )
        impression = f"{level} disc protrusion with mild foraminal narrowing."
    elif region == "low_back":
        level = rng.choice(["L4-L5", "L5-S1"])
        finding = (
            f"At {level} there is a {rng.choice([3, 4, 4, 5])} mm central/right "
            "paracentral disc herniation contacting the traversing nerve root. "
            "Facet arthropathy mild."
        )
        impression = f"{level} disc herniation contacting the traversing nerve root."
    else:
        level = "T6-T7"
        finding = "Small central disc protrusion at T6-T7 without cord signal change."
        impression = "Small T6-T7 disc protrusion."
    v.sections.append(("Exam", [Para(f"MRI {rs(region, 'study')} WITHOUT CONTRAST")]))
    v.sections.append(("Referring Physician", [Para(ordering.styled("full"))]))
    v.sections.append(("History", [Para("Pain following motor vehicle collision.")]))
    v.sections.append(
        ("Technique", [Para("Multiplanar multisequence imaging, no contrast.")])
    )
    v.sections.append(("Comparison", comp))
    v.sections.append(("Findings", [Para(finding)]))
    v.sections.append(("Impression", [Para(impression)]))
    v.findings = [impression]
    v.complaints = ["Pain following motor vehicle collision"]
    v.extra["level"] = level
    return v


def ortho_followup(
    ctx: Ctx,
    fac: Facility,
    doc: Clinician,
    when: date,
    mri: Visit | None,
    refer_pain: bool,
    n: int,
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=doc,
        fac=fac,
        visit_type="orthopedics",
        title="Follow-up Visit",
        source="invented",
        time=f"{rng.randint(8, 16):02d}:{rng.choice([0, 20, 40]):02d}",
    )
    labels = [rs(r, "label") for r in inj.regions if r != "head"]
    pain = max(2, rng.randint(4, 7) - n)
    paras = [
        Para(
            f"Returns for follow-up of {region_list(labels)} pain after MVC. Pain "
            f"{pain}/10. Attending physical therapy with gradual improvement."
        )
    ]
    codes = [c for r in inj.regions for c in rc(r, "ortho")]
    if mri is not None:
        text, m = mention(ctx, mri.date, None, mri.fac.name, "imaging", "MRI", fac)
        paras.append(
            Para(
                f"MRI performed at {mri.fac.name} on {text} was reviewed: "
                f"{mri.findings[0]}",
                [m],
            )
        )
        level = mri.extra.get("level", "")
        if level.startswith("C"):
            codes.append({"C4-C5": "M50.221", "C5-C6": "M50.222"}.get(level, "M50.223"))
        elif level.startswith("L"):
            codes.append("M51.27" if level == "L5-S1" else "M51.26")
    v.complaints = [f"{lab} pain" for lab in labels]
    v.sections.append(("Interval History", paras))
    spine = [r for r in inj.regions if r in SPINE]
    which = region_list(
        [
            {"neck": "cervical", "mid_back": "thoracic", "low_back": "lumbar"}[r]
            for r in spine
        ]
    )
    exam = Para(
        f"{which.capitalize() or 'Spinal'} range of motion improved but still "
        "limited at "
        "end range. Neurovascularly intact distally."
    )
    v.sections.append(("Exam", [exam]))
    v.findings = [exam.text]
    v.dx = coded(codes)
    v.print_codes = fac.style.get("icd", "yes") == "yes"
    v.sections.append(
        ("Assessment", [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx])
    )
    plan = ["Continue physical therapy", "Continue home exercise program"]
    if refer_pain:
        plan.append("Referral to pain management for epidural steroid injection")
    plan.append("Return in 4-6 weeks")
    v.recommendations = plan
    v.restrictions = [rng.choice(["Light duty", "No lifting over 25 lbs", "Full duty"])]
    v.sections.append(
        ("Plan", [Para(x) for x in plan] + [Para("Work: " + v.restrictions[0])])
    )
    v.charges = [charge(v, "99214")]
    v.cpts = [("99214", CPT["99214"][0])]
    return v


def chiro_visit(
    ctx: Ctx,
    fac: Facility,
    dc: Clinician,
    when: date,
    n: int,
    total: int,
    kind: str,
    history: list[tuple[Cond, Clinician | None, str | None]],
    er: Visit | None,
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    spine = [r for r in inj.regions if r in SPINE] or ["neck"]
    labels = [rs(r, "label") for r in spine]
    title = {
        "initial": "Initial Chiropractic Examination",
        "reexam": "Chiropractic Re-Examination",
        "daily": "Chiropractic Treatment Note",
    }[kind]
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=dc,
        fac=fac,
        visit_type="chiropractic",
        title=title,
        source="invented",
        time=f"{rng.randint(8, 18):02d}:{rng.choice([0, 10, 20, 30, 40, 50]):02d}",
        visit_no=n,
    )
    pain = _pain(rng, 8, n, total)
    v.complaints = [f"{lab} pain {pain}/10" for lab in labels]
    codes = [c for r in spine for c in rc(r, "chiro")]
    v.dx = coded(codes)
    v.print_codes = fac.style.get("icd", "yes") == "yes"
    cmt = "98941" if len(spine) >= 2 else "98940"
    if kind == "initial":
        paras = [
            Para(
                "Patient presents following a motor vehicle collision. "
                f"{mvc_sentence(ctx)}"
                f" Complains of {region_list(labels)} pain rated {pain}/10 with "
                "stiffness and difficulty sleeping."
            )
        ]
        if er is not None and rng.random() < 0.6:
            text, m = mention(
                ctx, er.date, None, er.fac.name, "emergency", "ED visit", fac
            )
            paras.append(
                Para(f"Treated at {er.fac.name} emergency department on {text}.", [m])
            )
        for cond, pclin, pfac in history[:1]:
            text, m = mention(
                ctx,
                cond.onset,
                pclin,
                pfac,
                "primary care" if pfac else "other",
                cond.text,
                fac,
            )
            paras.append(
                Para(f"Past history: {cond.text.lower()} on {text}, resolved.", [m])
            )
        v.sections.append(("History", paras))
        exam = [
            Para(f"{lab.capitalize()}: {rs(r, 'exam')}.")
            for r, lab in zip(spine, labels, strict=True)
        ]
        exam.append(
            Para(
                "Orthopedic tests: cervical distraction positive for relief; "
                "Kemp's test positive; Jackson compression positive."
            )
        )
        exam.append(Para("Subluxation/segmental dysfunction noted at C5, T4 and L5."))
        v.sections.append(("Examination", exam))
        v.findings = [p.text for p in exam]
        v.sections.append(
            (
                "Diagnosis",
                [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx],
            )
        )
        plan = (
            f"Chiropractic care 3x/week for 4 weeks, then re-evaluate ({total} visits)."
        )
        v.recommendations = [plan, "Home ice/heat and stretching"]
        v.restrictions = ["Avoid lifting over 15 lbs"]
        v.sections.append(("Treatment Plan", [Para(x) for x in v.recommendations]))
        v.sections.append(("Restrictions", [Para(v.restrictions[0])]))
        codes_today = ["99203", cmt, "G0283", "97010"]
    elif kind == "reexam":
        v.sections.append(
            (
                "Subjective",
                [
                    Para(
                        f"Re-examination. {region_list(labels).capitalize()} pain now "
                        f"{pain}/10; improved tolerance to sitting and driving."
                    )
                ],
            )
        )
        v.sections.append(
            (
                "Objective",
                [Para("Cervical ROM improved approx. 50%. Residual paraspinal spasm.")],
            )
        )
        v.findings = ["Cervical ROM improved approx. 50%"]
        v.sections.append(
            ("Assessment", [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx])
        )
        v.recommendations = ["Continue care 2x/week for 4 weeks"]
        v.sections.append(("Plan", [Para(v.recommendations[0])]))
        codes_today = ["99213", cmt, "97140"]
    else:
        v.sections.append(
            (
                "S",
                [
                    Para(
                        f"{region_list(labels).capitalize()} pain {pain}/10. "
                        + rng.choice(
                            [
                                "Feels better after last treatment.",
                                "Stiff in the morning, improving.",
                                "Flare-up after long drive.",
                                "Sleeping better.",
                            ]
                        )
                    )
                ],
            )
        )
        v.sections.append(
            (
                "O",
                [
                    Para(
                        rng.choice(
                            [
                                "Hypertonicity C3-C7 and T1-T4 paraspinals; "
                                "fixation C5, T4, L5.",
                                "Moderate spasm upper trapezius bilaterally; "
                                "restricted C5-6.",
                                "Reduced spasm; mild tenderness L4-S1; fixation L5.",
                            ]
                        )
                    )
                ],
            )
        )
        v.findings = [v.sections[-1][1][0].text]
        v.sections.append(
            ("A", [Para(rng.choice(["Improving.", "Slow improvement."]))])
        )
        extra = rng.choice([["G0283"], ["97140"], ["G0283", "97010"], ["97012"]])
        codes_today = [cmt, *extra]
        v.sections.append(
            (
                "P",
                [
                    Para(
                        "Continue per plan. Treatment rendered: CMT, "
                        + ", ".join(CPT[c][0].split(",")[0] for c in extra)
                        + "."
                    )
                ],
            )
        )
        if v.print_codes:
            v.sections.append(("Dx", [Para(", ".join(c for c, _ in v.dx if c))]))
    v.cpts = [(c, CPT[c][0]) for c in codes_today]
    v.charges = [charge(v, c) for c in codes_today]
    v.meds = []
    return v


def pt_visit(
    ctx: Ctx,
    fac: Facility,
    pt: Clinician,
    when: date,
    n: int,
    total: int,
    kind: str,
    referrer: Visit | None,
    eval_visit: Visit | None,
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    regions = [r for r in inj.regions if rc(r, "pt")] or ["neck"]
    labels = [rs(r, "label") for r in regions]
    title = {
        "eval": "Physical Therapy Initial Evaluation",
        "daily": "Physical Therapy Daily Note",
        "progress": "Physical Therapy Progress Note",
        "discharge": "Physical Therapy Discharge Summary",
    }[kind]
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=pt,
        fac=fac,
        visit_type="physical therapy",
        title=title,
        source="invented",
        time=f"{rng.randint(7, 18):02d}:{rng.choice([0, 15, 30, 45]):02d}",
        visit_no=n,
    )
    pain = _pain(rng, 7, n, total)
    v.complaints = [f"{lab} pain {pain}/10" for lab in labels]
    codes = [c for r in regions for c in rc(r, "pt")]
    v.dx = coded(codes)
    v.print_codes = fac.style.get("icd", "yes") == "yes"
    units = {"97110": rng.randint(1, 3), "97140": rng.randint(1, 2)}
    if kind == "eval":
        paras = [
            Para(
                "Patient referred for PT following MVC with "
                f"{region_list(labels)} pain. "
                f"Current pain {pain}/10; difficulty with driving, lifting and sleep."
            )
        ]
        if referrer is not None:
            text, m = mention(
                ctx,
                referrer.date,
                referrer.clin,
                referrer.fac.name,
                referrer.visit_type,
                "referral visit",
                fac,
            )
            paras.append(
                Para(
                    f"Referred by {referrer.clin.styled('dr')} following visit on "
                    f"{text}.",
                    [m],
                )
            )
        v.sections.append(("Subjective", paras))
        ndi = rng.randint(30, 52)
        obj = [
            Para(f"Neck Disability Index: {ndi}%."),
            Para(
                "Cervical AROM: flexion 35 deg, extension 40 deg, rotation R 50 / L 55."
            ),
            Para("Strength: shoulder girdle 4/5 bilaterally, limited by pain."),
        ]
        v.sections.append(("Objective", obj))
        v.findings = [p.text for p in obj]
        v.sections.append(
            (
                "Assessment",
                [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx]
                + [Para("Good rehab potential.")],
            )
        )
        goals = [
            f"Decrease pain to 2/10 in {max(2, (total + 1) // 2)} weeks",
            "Restore functional cervical ROM",
            "Independent with home exercise program",
        ]
        v.recommendations = [
            f"PT 2x/week x {max(2, (total + 1) // 2)} weeks ({total} visits)",
            *goals,
        ]
        v.sections.append(("Goals / Plan", [Para(x) for x in v.recommendations]))
        codes_today = ["97162", "97110"]
        units = {"97110": 1}
    elif kind in ("progress", "discharge"):
        paras = [
            Para(
                f"{'Discharge' if kind == 'discharge' else 'Progress'} after "
                f"{n} visits. "
                f"Pain {pain}/10."
            )
        ]
        if eval_visit is not None:
            named = rng.random() < 0.5
            text, m = mention(
                ctx,
                eval_visit.date,
                eval_visit.clin if named else None,
                eval_visit.fac.name,
                "physical therapy",
                "PT initial evaluation",
                fac,
            )
            paras.append(Para(f"Compared with the initial evaluation on {text}:", [m]))
        ndi = rng.randint(8, 24)
        paras.append(Para(f"Neck Disability Index improved to {ndi}%. ROM near full."))
        v.sections.append(("Summary", paras))
        v.findings = [f"Neck Disability Index {ndi}%"]
        v.sections.append(
            ("Assessment", [Para(f"{c} {d}" if v.print_codes else d) for c, d in v.dx])
        )
        if kind == "discharge":
            v.recommendations = ["Discharge to home exercise program"]
        else:
            v.recommendations = ["Continue PT 2x/week for 3 more weeks"]
        v.sections.append(("Plan", [Para(v.recommendations[0])]))
        codes_today = ["97164", "97110"] if kind == "progress" else ["97110", "97140"]
    else:
        v.sections.append(
            (
                "Subjective",
                [
                    Para(
                        f"Pain {pain}/10. "
                        + rng.choice(
                            [
                                "Reports less stiffness this week.",
                                "Sore after last session, resolved next day.",
                                "Able to drive longer distances.",
                                "Doing HEP daily.",
                            ]
                        )
                    )
                ],
            )
        )
        ex = rng.choice(
            [
                "Chin tucks, scapular retraction, UBE 6 min, thoracic extension.",
                "Cervical isometrics, rows with band, pec stretch, STM upper traps.",
                "Core stabilization, bridges, bird-dog, lumbar rotations.",
            ]
        )
        v.sections.append(("Treatment", [Para(ex)]))
        v.findings = [ex]
        v.sections.append(
            (
                "Assessment",
                [Para("Tolerated treatment well; progressing toward goals.")],
            )
        )
        codes_today = ["97110", "97140"]
        if rng.random() < 0.4:
            codes_today.append("97112")
            units["97112"] = 1
        if v.print_codes:
            v.sections.append(("Dx", [Para(", ".join(c for c, _ in v.dx if c))]))
    v.cpts = [(c, CPT[c][0]) for c in codes_today]
    v.charges = [charge(v, c, units.get(c, 1)) for c in codes_today]
    return v


def pain_visit(
    ctx: Ctx,
    fac: Facility,
    doc: Clinician,
    when: date,
    kind: str,
    treated: list[tuple[Visit, Visit]],
    mri: Visit | None,
) -> Visit:
    rng = ctx.rng
    inj = ctx.inj
    region = "neck" if "neck" in inj.regions else "low_back"
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=doc,
        fac=fac,
        visit_type="pain management",
        title="Pain Management Consultation" if kind == "consult" else "Procedure Note",
        source="invented",
        time=f"{rng.randint(7, 15):02d}:{rng.choice([0, 30]):02d}",
    )
    radic = "M54.12" if region == "neck" else "M54.16"
    codes = [radic]
    if mri is not None:
        level = mri.extra.get("level", "")
        if level.startswith("C"):
            codes.append({"C4-C5": "M50.221", "C5-C6": "M50.222"}.get(level, "M50.223"))
        elif level.startswith("L"):
            codes.append("M51.27" if level == "L5-S1" else "M51.26")
    v.dx = coded(codes)
    v.print_codes = True
    label = rs(region, "label")
    if kind == "consult":
        paras = [
            Para(
                f"Referred for persistent {label} pain radiating to the "
                f"{'right arm' if region == 'neck' else 'right leg'} since a motor "
                "vehicle collision, despite conservative care."
            )
        ]
        prior: list[str] = []
        mentions: list[Mention] = []
        for first, last in treated:
            t1, m1 = mention(
                ctx, first.date, None, first.fac.name, first.visit_type, "start", fac
            )
            t2, m2 = mention(
                ctx, last.date, None, last.fac.name, last.visit_type, "end", fac
            )
            prior.append(f"{first.visit_type} at {first.fac.name} from {t1} to {t2}")
            mentions += [m1, m2]
        if prior:
            paras.append(Para("Treatment to date: " + "; ".join(prior) + ".", mentions))
        if mri is not None:
            text, m = mention(ctx, mri.date, None, mri.fac.name, "imaging", "MRI", fac)
            paras.append(Para(f"MRI {text}: {mri.findings[0]}", [m]))
        v.sections.append(("History of Present Illness", paras))
        exam = Para(
            "Positive Spurling's on the right; diminished right biceps reflex."
            if region == "neck"
            else "Positive straight leg raise on the right at 45 degrees."
        )
        v.sections.append(("Physical Examination", [exam]))
        v.findings = [exam.text]
        v.complaints = [f"{label} pain with radicular symptoms"]
        v.sections.append(("Assessment", [Para(f"{c} - {d}") for c, d in v.dx]))
        proc = (
            "Cervical interlaminar epidural steroid injection"
            if region == "neck"
            else "Right transforaminal epidural steroid injection"
        )
        v.recommendations = [proc, "Continue home exercise program"]
        v.meds = ["Gabapentin 300 MG Oral Capsule"]
        v.sections.append(
            (
                "Plan",
                [Para(x) for x in v.recommendations] + [Para("Start " + v.meds[0])],
            )
        )
        codes_today = ["99204"]
    else:
        proc_code = "62321" if region == "neck" else "64483"
        lvl = "C7-T1" if region == "neck" else "right L5-S1"
        v.complaints = [f"{label} radicular pain"]
        v.sections.append(
            (
                "Procedure",
                [
                    Para(
                        f"{CPT[proc_code][0]} at {lvl} under fluoroscopic guidance. "
                        "Methylprednisolone 80 mg with 0.25% bupivacaine injected "
                        "after "
                        "negative aspiration and contrast confirmation."
                    )
                ],
            )
        )
        v.sections.append(
            ("Pre/Post-procedure Diagnosis", [Para(f"{c} - {d}") for c, d in v.dx])
        )
        v.sections.append(
            (
                "Outcome",
                [Para("Tolerated well, no complications. Pain 6/10 pre, 2/10 post.")],
            )
        )
        v.findings = ["Pain 6/10 pre, 2/10 post"]
        v.meds = ["Methylprednisolone 80 mg (given)"]
        v.recommendations = ["Follow up in 2-3 weeks"]
        v.restrictions = ["No driving for the rest of the day"]
        codes_today = [proc_code, "J1040"]
    v.cpts = [(c, CPT[c][0]) for c in codes_today]
    v.charges = [charge(v, c) for c in codes_today]
    return v


def neuro_visit(
    ctx: Ctx, fac: Facility, doc: Clinician, when: date, er: Visit | None
) -> Visit:
    rng = ctx.rng
    v = Visit(
        key=ctx.key("V"),
        date=when,
        clin=doc,
        fac=fac,
        visit_type="neurology",
        title="Neurology Consultation",
        source="invented",
        time=f"{rng.randint(8, 16):02d}:{rng.choice([0, 30]):02d}",
    )
    paras = [
        Para(
            "Referred for headaches, dizziness and difficulty concentrating since a "
            f"motor vehicle collision. {mvc_sentence(ctx)}"
        )
    ]
    if er is not None:
        text, m = mention(ctx, er.date, None, er.fac.name, "emergency", "ED/CT", fac)
        paras.append(Para(f"Head CT at {er.fac.name} on {text} was negative.", [m]))
    v.sections.append(("History", paras))
    exam = Para(
        "Mental status intact; mild difficulty with serial 7s. Romberg negative."
    )
    v.sections.append(("Neurological Examination", [exam]))
    v.findings = [exam.text]
    v.complaints = ["Post-traumatic headaches", "Dizziness"]
    v.dx = coded(["S06.0X0D", "G44.309", "R42"])
    v.print_codes = True
    v.sections.append(("Impression", [Para(f"{c} {d}") for c, d in v.dx]))
    v.meds = ["Amitriptyline Hydrochloride 10 MG Oral Tablet"]
    v.recommendations = ["Vestibular therapy", "Cognitive rest; limit screen time"]
    v.restrictions = ["No driving if dizzy"]
    v.sections.append(
        (
            "Recommendations",
            [Para("Start " + v.meds[0] + " at bedtime.")]
            + [Para(x) for x in v.recommendations]
            + [Para(v.restrictions[0])],
        )
    )
    v.cpts = [("99204", CPT["99204"][0])]
    v.charges = [charge(v, "99204")]
    return v


def month_year(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"
