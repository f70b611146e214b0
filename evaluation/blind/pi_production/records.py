"""Clinical record renderers: ED, radiology, primary care, chiropractic, PT, ortho, MRI,
pain management, IME."""

from __future__ import annotations

import datetime as dt

from . import content as ct
from .common import Ctx
from .layout import PAGE_H, PAGE_W
from .model import Case, Clinician, Reported, Visit
from .util import age_on, fmt_date, fmt_time


def _pronouns(sex: str) -> tuple[str, str, str]:
    return ("she", "her", "female") if sex == "F" else ("he", "his", "male")


def _mention_text(ctx: Ctx, r: Reported, style: str | None = None) -> str:
    return ctx.d(r.date, style)


def _history_line(ctx: Ctx) -> str:
    pmh = ctx.case.pmh
    if not pmh:
        return ct.PMH_NONE + "."
    return (
        ", ".join(x[0].upper() + x[1:] if i == 0 else x for i, x in enumerate(pmh))
        + "."
    )


def _prior_sentence(ctx: Ctx) -> str:
    """A vague (not day-precise) mention of earlier care, as histories often have."""
    pmh = ctx.case.pmh
    yr = ctx.case.incident.year - ctx.rng.randint(2, 6)
    if "chronic neck pain" in pmh or "prior whiplash injury" in pmh:
        return (
            f" {_pronouns(ctx.patient.sex)[0].capitalize()} reports a prior episode "
            f"of neck pain in {yr} that resolved with conservative care."
        )
    if "chronic low back pain" in pmh:
        month = C_MONTHS[ctx.rng.randint(0, 11)]
        return (
            f" In {month} of {yr} {_pronouns(ctx.patient.sex)[0]} was treated for "
            "low back pain, which had resolved prior to this incident."
        )
    return " Denies prior injuries to the affected areas."


C_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# ---------------------------------------------------------------------------
# Emergency department
# ---------------------------------------------------------------------------
def ed_record(ctx: Ctx, ed: Visit, misfiled: Visit | None = None) -> None:
    w = ctx.w
    rng = ctx.rng
    case = ctx.case
    fac = ctx.doc.facility
    p = ctx.patient
    he, _his, sexw = _pronouns(p.sex)
    age = age_on(p.dob, ed.date)
    arr = ed.data["arrival"]
    mrn = fac.style.get("mrn", "0000000")
    acct = fac.style.get("acct", "00000000")
    ds = fmt_date(ed.date)
    printed = fmt_date(ed.date + dt.timedelta(days=rng.randint(20, 60)))
    ctx.section(
        left=f"Printed {printed} {fmt_time(rng.randint(480, 1000))} by "
        f"ROI\\{rng.choice(['jmartin', 'kpowell', 'hsingh', 'acole'])}"
    )

    def hdr(wr: object) -> None:
        w.y -= 12
        w.text_at(w.left, w.y, fac.name, w.bold, 10)
        w.text_at(PAGE_W - w.right, w.y, "EMERGENCY DEPARTMENT RECORD", w.bold, 10, "r")
        w.y -= 12
        w.text_at(w.left, w.y, f"Patient: {ctx.pname(1)}", w.regular, 8.5)
        w.text_at(w.left + 210, w.y, f"MRN: {mrn}", w.regular, 8.5)
        w.text_at(
            w.left + 330, w.y, f"DOB: {ctx.dob()}  ({age}y {p.sex})", w.regular, 8.5
        )
        w.y -= 11
        w.text_at(w.left, w.y, f"Acct#: {acct}", w.regular, 8.5)
        w.text_at(w.left + 210, w.y, f"Arrival: {ds} {fmt_time(arr)}", w.regular, 8.5)
        w.text_at(
            w.left + 330, w.y, f"Attending: {ed.clinician.disp(0)}", w.regular, 8.5
        )
        w.y -= 5
        w.line_at(w.left, w.y, PAGE_W - w.right, w.y, 0.8)
        w.y -= 8

    w.cont_header = hdr
    hdr(w)
    ctx.cite(ed, f"Arrival: {ds} {fmt_time(arr)}")
    rn1: Clinician = ed.data["rn1"]
    rn2: Clinician = ed.data["rn2"]
    # triage
    w.heading("TRIAGE", fill=0.9, size=10)
    w.kv_columns(
        [
            ("Triage time:", fmt_time(arr + 6)),
            ("Acuity (ESI):", str(ed.data["esi"])),
            ("Mode of arrival:", ed.data["mode"]),
            (
                "Chief complaint:",
                f"{ed.complaints[0].capitalize()} after {_mech_short(case)}",
            ),
        ],
        2,
    )
    w.table(
        [70, 60, 50, 55, 55, 60, 150],
        [
            [
                fmt_time(arr + 6),
                ed.data["bp"],
                str(ed.data["hr"]),
                str(ed.data["rr"]),
                ed.data["temp"],
                f"{ed.data['spo2']}%",
                f"{ed.data['pain']}/10",
            ]
        ],
        header=["Time", "BP", "HR", "RR", "Temp F", "SpO2", "Pain (0-10)"],
        size=8.5,
    )
    mech = ct.MECHANISMS_BY_KEY[case.mechanism]
    w.labeled(
        "Triage note:",
        f"Pt {mech.ed_hpi.replace('was the', 'was a')}"
        f"{' yesterday' if ed.data['day_after'] else ' today'}. "
        f"Reports {', '.join(ed.complaints)}. Denies LOC. Ambulatory with steady gait. "
        f"Allergies: {rng.choice(ct.ALLERGIES)}.",
        size=9,
    )
    w.write(f"Triage RN: {rn1.disp(0)}", w.italic, 8.5)
    # nursing notes
    w.heading("NURSING NOTES", fill=0.9, size=10)
    t0 = arr + rng.randint(15, 35)
    given = ed.data["given"]
    notes = [
        (
            t0,
            f"Pt roomed in ED {rng.randint(3, 24)}. Resting on stretcher, call light "
            "in reach.",
            rn1,
        ),
        (t0 + 25, f"Medicated per MD order: {given[0]}. Tolerated well.", rn2),
        (t0 + 40, f"{given[1]} given as ordered.", rn2),
        (
            t0 + 55,
            "Pt transported to radiology for imaging, returned without incident.",
            rn2,
        ),
        (
            t0 + 110,
            f"Pain reassessed, now {max(2, ed.data['pain'] - 3)}/10. Pt resting "
            "comfortably.",
            rn2,
        ),
        (
            t0 + 150,
            "Discharge instructions reviewed with pt, verbalized understanding. "
            "Ambulated out with steady gait.",
            rn2,
        ),
    ]
    rows = [[fmt_time(t), txt, n.disp(3)] for t, txt, n in notes]
    w.table([45, 380, 85], rows, header=["Time", "Note", "RN"], size=8.5, grid=False)
    # provider note
    if w.y < 260:
        w.new_page()
    w.heading("ED PROVIDER NOTE", fill=0.9, size=10)
    w.write(
        f"Seen by: {ed.clinician.disp(0)}   Time seen: {fmt_time(arr + 30)}",
        w.regular,
        9,
    )
    hpi = (
        f"{p.first} {p.last} is a {age}-year-old {sexw} who {mech.ed_hpi}"
        f"{' the day prior to arrival' if ed.data['day_after'] else ' earlier today'}. "
        f"{he.capitalize()} complains of {', '.join(ed.complaints)}. "
        f"Pain is {ed.data['pain']}/10, worse with movement. Denies loss of "
        "consciousness, "
        "numbness, tingling, weakness, chest pain or abdominal pain."
    )
    if ed.data["day_after"]:
        hpi += (
            f" {he.capitalize()} did not seek care at the scene and woke up today "
            "with increased stiffness."
        )
    w.labeled("HPI:", hpi, size=9)
    w.labeled("PMH:", _history_line(ctx), size=9)
    home = (
        ", ".join(rng.sample(ct.HOME_MEDS[:6], 2))
        if case.pmh
        else rng.choice(["None", "None reported"])
    )
    w.labeled("Home medications:", home, size=9)
    w.labeled(
        "Social:",
        rng.choice(
            [
                "Nonsmoker. Occasional alcohol.",
                "Former smoker. Works full time.",
                "Denies tobacco or drug use.",
            ]
        ),
        size=9,
    )
    w.labeled(
        "ROS:",
        "All other systems reviewed and negative except as noted in HPI.",
        size=9,
    )
    w.labeled(
        "Exam:",
        f"Vitals reviewed. General: alert, {rng.choice(['mild', 'moderate'])} "
        "distress. " + " ".join(f.capitalize() + "." for f in ed.findings),
        size=9,
    )
    xr: Visit = ed.data["xray"]
    imgs = ", ".join(name for _, name in xr.data["exams"])
    w.labeled(
        "ED course:",
        f"{given[0]} and {given[1]} were given in the ED with improvement. {imgs}: "
        "no acute fracture per radiology. Patient re-examined and is stable for "
        "discharge.",
        size=9,
    )
    ctx.codes_block(
        ed.diagnoses, "Clinical impression:", style=fac.style.get("dxstyle", 0)
    )
    w.labeled(
        "Disposition:",
        f"Discharged home in stable condition at {fmt_time(arr + 180)}.",
        size=9,
    )
    w.write("Discharge prescriptions:", w.bold, 9)
    for r in ed.data["rx"]:
        w.para("\u2022 " + r, size=9, indent=10, after=0)
    w.space(3)
    ctx.signature(ed.clinician, ed.date, arr + 200, style=0)
    # discharge instructions
    w.new_page()
    w.heading("DISCHARGE INSTRUCTIONS", size=12, align="c")
    w.para(
        f"Patient: {ctx.pname(0)}     Date of visit: {ds}     Provider: "
        f"{ed.clinician.disp(1)}",
        size=9,
    )
    w.para(
        "You were seen today for injuries from a "
        + _mech_short(case)
        + ". Your diagnoses are: "
        + "; ".join(
            d for _, d in ed.diagnoses if not d.startswith(("Car ", "Fall", "Person"))
        ).replace(", initial encounter", "")
        + ".",
        size=9.5,
    )
    w.write("Medications prescribed today:", w.bold, 9.5)
    for r in ed.data["rx"]:
        w.para("\u2022 " + r, size=9.5, indent=10, after=0)
    w.write("Activity:", w.bold, 9.5)
    for r in ed.restrictions:
        w.para("\u2022 " + r, size=9.5, indent=10, after=0)
    w.write("Follow-up:", w.bold, 9.5)
    for r in ed.recommendations:
        w.para("\u2022 " + r, size=9.5, indent=10, after=0)
    w.space(6)
    w.para(
        "Muscle strains usually improve over 1 to 3 weeks. Use ice for the first 48 "
        "hours. "
        "Do not drive or operate machinery while taking muscle relaxants. Seek care "
        "right away "
        "for new numbness or weakness, trouble walking, or loss of bladder or bowel "
        "control.",
        size=9,
    )
    w.space(18)
    w.line_at(w.left, w.y, w.left + 200, w.y, 0.5)
    w.line_at(w.left + 260, w.y, w.left + 460, w.y, 0.5)
    w.text_at(w.left, w.y - 10, "Patient signature (on file)", w.regular, 8)
    w.text_at(w.left + 260, w.y - 10, f"Nurse: {rn2.disp(0)}", w.regular, 8)
    w.y -= 20
    if misfiled is not None:
        ed_misfiled_page(ctx, misfiled)
        w.cont_header = hdr


def ed_misfiled_page(ctx: Ctx, other: Visit) -> None:
    """Another patient's discharge-instruction page filed into this ED record."""
    w = ctx.w
    op = other.data["person"]
    w.cont_header = None
    w.new_page()
    ctx.doc.excluded_pages.append(w.page_no)
    fac = ctx.doc.facility
    w.y -= 12
    w.text_at(w.left, w.y, fac.name, w.bold, 10)
    w.text_at(PAGE_W - w.right, w.y, "EMERGENCY DEPARTMENT RECORD", w.bold, 10, "r")
    w.y -= 12
    w.text_at(
        w.left, w.y, f"Patient: {op.last.upper()}, {op.first.upper()}", w.regular, 8.5
    )
    w.text_at(w.left + 210, w.y, f"MRN: {other.data['mrn']}", w.regular, 8.5)
    w.text_at(w.left + 330, w.y, f"DOB: {fmt_date(op.dob)}", w.regular, 8.5)
    w.y -= 11
    w.text_at(
        w.left + 210,
        w.y,
        f"Arrival: {fmt_date(other.date)} {fmt_time(other.data['arrival'])}",
        w.regular,
        8.5,
    )
    w.text_at(
        w.left + 330, w.y, f"Attending: {other.clinician.disp(0)}", w.regular, 8.5
    )
    w.y -= 5
    w.line_at(w.left, w.y, PAGE_W - w.right, w.y, 0.8)
    w.y -= 8
    w.heading("DISCHARGE INSTRUCTIONS", size=12, align="c")
    w.para(
        f"Patient: {op.first} {op.last}     Date of visit: {fmt_date(other.date)}     "
        f"Provider: {other.clinician.disp(1)}",
        size=9,
    )
    w.para(
        "You were seen today for an ankle sprain. Your diagnosis is: Sprain of "
        "unspecified ligament of left ankle (S93.402A).",
        size=9.5,
    )
    w.write("Medications prescribed today:", w.bold, 9.5)
    w.para(
        "\u2022 Ibuprofen 400 mg tablet, 1 tab PO every 6 hours as needed, #20",
        size=9.5,
        indent=10,
    )
    w.write("Follow-up:", w.bold, 9.5)
    w.para(
        "\u2022 Follow up with orthopedics in 1 week if not improving",
        size=9.5,
        indent=10,
    )
    w.para("Rest, ice, compression and elevation. Use crutches as instructed.", size=9)


def _mech_short(case: Case) -> str:
    return ct.MECHANISMS_BY_KEY[case.mechanism].short


def radiology_report(ctx: Ctx, xr: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    fac = ctx.doc.facility
    ctx.section()
    w.write(fac.name, w.bold, 12, align="c")
    w.write("DEPARTMENT OF RADIOLOGY", w.bold, 10.5, align="c")
    w.write(f"{fac.addr}, {fac.csz}   Tel {fac.phone}", w.regular, 8, align="c")
    w.rule(1.0)
    t = xr.data["time"]
    w.kv_columns(
        [
            ("Patient:", ctx.pname(1)),
            ("MRN:", fac.style.get("mrn", "")),
            ("DOB:", ctx.dob()),
            ("Location:", "Emergency Dept"),
            ("Ordering:", xr.data["ordering"].disp(0)),
            ("Accession:", f"RAD{rng.randint(1000000, 9999999)}"),
        ],
        2,
        box=True,
    )
    for i, (cpt, name) in enumerate(xr.data["exams"]):
        q = f"EXAM: {name}"
        w.write(q, w.bold, 10)
        if i == 0:
            ctx.cite(xr, q)
        code_txt = f"   CPT: {cpt}" if xr.procedures else ""
        w.write(
            f"DATE OF EXAM: {fmt_date(xr.date)} {fmt_time(t + 10 * i)}{code_txt}",
            w.regular,
            9.5,
        )
        reg = ct.REGIONS[xr.data["regions"][i]]
        w.labeled(
            "CLINICAL HISTORY:",
            f"{reg.complaint.capitalize()} after {_mech_short(ctx.case)}.",
        )
        w.labeled(
            "TECHNIQUE:",
            "Frontal and lateral views."
            if cpt != "70450"
            else "Axial images of the head without contrast.",
        )
        w.labeled("COMPARISON:", "None.")
        w.labeled("FINDINGS:", reg.xray_findings)
        w.labeled("IMPRESSION:", reg.xray_impression)
        w.space(6)
    ctx.signature(xr.clinician, xr.date, t + 40, style=rng.choice([0, 2]))


# ---------------------------------------------------------------------------
# Primary care
# ---------------------------------------------------------------------------
def pcp_note(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    p = ctx.patient
    he, _his, sexw = _pronouns(p.sex)
    age = age_on(p.dob, v.date)
    fac = ctx.doc.facility
    if w.pages and w.y > 330 and fac.style.get("flow", False):
        w.rule(0.6, 0.3, 6)
    else:
        ctx.section()
        ctx.letterhead()
        ctx.patient_block([("Acct #", fac.style.get("acct", "88120"))])
        ctx.cont_header_fn("Progress Note")
    label = {
        "pcp_annual": "Office Visit",
        "pcp_pain": "Office Visit",
        "pcp_post": "Office Visit",
    }[v.kind]
    q = ctx.visit_header(v, label, style=fac.style.get("vhead", 2))
    ctx.cite(v, q)
    w.labeled(
        "Vitals:",
        f"BP {v.data.get('bp', '124/78')}  HR {rng.randint(62, 90)}  Wt "
        f"{rng.randint(120, 240)} lb  Temp 98.{rng.randint(0, 8)}",
    )
    if v.kind == "pcp_annual":
        w.labeled("CC:", "Annual physical.")
        w.labeled(
            "HPI:",
            f"{age}-year-old {sexw} here for routine physical. {he.capitalize()} feels "
            "well. "
            f"No musculoskeletal complaints. Exercises {rng.randint(1, 4)} times per "
            "week.",
        )
        w.labeled("PMH:", _history_line(ctx))
        w.labeled(
            "Exam:",
            "Well-appearing, no acute distress. Neck supple, full ROM. Back without "
            "tenderness. Heart RRR. Lungs clear.",
        )
    elif v.kind == "pcp_pain":
        w.labeled("CC:", v.complaints[0].capitalize() + ".")
        w.labeled(
            "HPI:",
            f"{age}-year-old {sexw} with {v.complaints[0]}. No trauma. No radicular "
            "symptoms. "
            "Has tried ibuprofen with partial relief.",
        )
        w.labeled(
            "Exam:",
            "Mild paraspinal tenderness, full range of motion with discomfort at end "
            "range, neuro intact.",
        )
    else:
        m = v.data["mentions"][0]
        q2 = ctx.d(m.date)
        w.labeled("CC:", "Follow-up after " + _mech_short(ctx.case) + ".")
        w.labeled(
            "HPI:",
            f"{age}-year-old {sexw} seen in the emergency department at {m.facility} "
            f"on {q2} after "
            f"a {_mech_short(ctx.case)} on {ctx.d(ctx.case.incident)}. Continues to "
            "have "
            f"{', '.join(v.complaints)}. Taking medications as prescribed.",
        )
        ctx.cite_reported(m, q2)
        w.labeled("Exam:", "; ".join(v.findings) + ".")
        if v.medications:
            w.labeled("Medications:", "Started " + "; ".join(v.medications) + ".")
    ctx.codes_block(v.diagnoses, "Assessment:", style=fac.style.get("dxstyle", 1))
    plan = list(v.recommendations) + list(v.restrictions)
    w.labeled("Plan:", "; ".join(plan) + ".")
    if v.procedures:
        w.write("Billing: " + ", ".join(c for c, _ in v.procedures), w.regular, 8.5)
    ctx.signature(v.clinician, v.date, rng.randint(9 * 60, 17 * 60))
    w.space(6)


# ---------------------------------------------------------------------------
# Chiropractic
# ---------------------------------------------------------------------------
def chiro_initial(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    case = ctx.case
    p = ctx.patient
    he, _his, _sexw = _pronouns(p.sex)
    fac = ctx.doc.facility
    ctx.section()
    ctx.letterhead()
    ctx.patient_block(
        [("Date of Injury", fmt_date(case.incident)), ("Claim #", case.claim_no)]
    )
    ctx.cont_header_fn("Initial Examination")
    q = ctx.visit_header(v, "Initial Chiropractic Examination")
    ctx.cite(v, q)
    m = v.data["mentions"][0]
    ed_txt = ctx.d(m.date, "mdy")
    hist = (
        f"{p.first} presents for evaluation of injuries sustained in a "
        f"{_mech_short(case)} on "
        f"{fmt_date(case.incident, 'long')}. {he.capitalize()} was evaluated at "
        f"{m.facility} on "
        f"{ed_txt} where x-rays were taken and {he} was released with medication."
        + _prior_sentence(ctx)
    )
    w.labeled("HISTORY:", hist)
    ctx.cite_reported(m, ed_txt)
    w.labeled(
        "COMPLAINTS:",
        "; ".join(f"{c} rated {v.data['pain']}/10" for c in v.complaints) + ".",
    )
    w.labeled("PAST HISTORY:", _history_line(ctx))
    w.write("EXAMINATION:", w.bold)
    rows = []
    for r in case.regions:
        reg = ct.REGIONS[r]
        if reg.spine:
            rows.append(
                [
                    reg.label.title(),
                    "Flexion",
                    rng.choice(["50", "60", "45"]),
                    "35",
                    "painful",
                ]
            )
            rows.append(
                ["", "Extension", rng.choice(["60", "25", "20"]), "20", "painful"]
            )
    w.table(
        [110, 80, 70, 70, 170],
        rows[:6],
        header=["Region", "Motion", "Normal", "Measured", "Comment"],
        size=8.5,
    )
    tests = [
        ["Cervical distraction", "+", "+"],
        ["Spurling's", rng.choice(["-", "+"]), "-"],
        ["Kemp's", "+", rng.choice(["-", "+"])],
        ["Straight leg raise", "-", "-"],
    ]
    w.table([200, 80, 80], tests, header=["Orthopedic test", "Left", "Right"], size=8.5)
    w.labeled("FINDINGS:", "; ".join(v.findings) + ".")
    ctx.codes_block(v.diagnoses, "DIAGNOSES:", style=fac.style.get("dxstyle", 1))
    w.labeled("TREATMENT PLAN:", "; ".join(v.recommendations) + ".")
    if v.restrictions:
        w.labeled("RESTRICTIONS:", "; ".join(v.restrictions) + ".")
    w.labeled("TREATMENT TODAY:", ", ".join(f"{c} {d}" for c, d in v.procedures) + ".")
    w.labeled(
        "PROGNOSIS:", rng.choice(["Guarded.", "Fair to good.", "Good with compliance."])
    )
    ctx.signature(v.clinician, v.date, rng.randint(9 * 60, 18 * 60))


def chiro_daily(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    w.ensure(120)
    w.space(4)
    q = ctx.visit_header(v, "Daily Treatment Note")
    ctx.cite(v, q)
    w.labeled(
        "S:",
        "; ".join(v.complaints)
        + ". "
        + rng.choice(
            [
                "Feels somewhat better.",
                "Stiff in the morning.",
                "Sore after work.",
                "Improving slowly.",
            ]
        ),
        size=9,
    )
    w.labeled("O:", "; ".join(v.findings) + ".", size=9)
    w.labeled(
        "A:",
        rng.choice(["Responding to care.", "Slow progress.", "Improving."]),
        size=9,
    )
    tx = f"CMT {v.data['cmt'][1].split(', ')[-1]}; " + ", ".join(
        d for _, d in v.data["mods"]
    )
    if v.procedures:
        tx += "  (CPT " + ", ".join(c for c, _ in v.procedures) + ")"
    w.labeled("P:", tx, size=9)
    w.write(f"{v.clinician.disp(1)}", w.italic, 8.5)
    w.rule(0.3, 0.6, 3)


def chiro_log(ctx: Ctx, visits: list[Visit]) -> None:
    w = ctx.w
    fac = ctx.doc.facility
    ctx.section()
    ctx.letterhead()
    ctx.patient_block([("Date of Injury", fmt_date(ctx.case.incident))])
    if len(fac.roster) == 1:
        ctx.cont_header_fn(f"Treatment Log \u2014 {fac.roster[0].disp(1)}")
    else:
        ctx.cont_header_fn("Treatment Log")
    w.write("CHIROPRACTIC TREATMENT LOG", w.bold, 12, align="c")
    multi = len(fac.roster) > 1
    if not multi:
        w.write(f"Treating Doctor: {fac.roster[0].disp(1)}", w.regular, 9.5, align="c")
    w.space(4)
    rows = []
    for v in visits:
        pain = v.complaints[0].rsplit(" ", 1)[-1]
        tx = (
            "CMT "
            + ("C/T/L" if v.data["cmt"][0] == "98941" else "C/L")
            + "; "
            + ", ".join(
                {
                    "97014": "EMS",
                    "97010": "HP",
                    "97035": "US",
                    "97012": "Trx",
                    "97140": "MT",
                    "97112": "NMR",
                    "97110": "TE",
                }[c]
                for c, _ in v.data["mods"]
            )
        )
        codes = ", ".join(c for c, _ in v.procedures)
        row = [
            ctx.d(v.date, "mdy"),
            str(v.data["visit_no"]),
            pain,
            v.findings[0],
            tx,
            codes,
        ]
        if multi:
            row.append(v.clinician.disp(3))
        rows.append(row)
    widths = [62, 30, 40, 130, 120, 90] + ([70] if multi else [])
    header = ["Date", "Visit", "Pain", "Findings", "Treatment", "CPT"] + (
        ["Doctor"] if multi else []
    )
    pages = w.table(widths, rows, header=header, size=8, zebra=True)
    for v, pg, row in zip(visits, pages, rows, strict=True):
        ctx.cite(v, row[0], page=pg)
    w.space(6)
    w.para(
        "CMT = chiropractic manipulative treatment; EMS = electrical muscle "
        "stimulation; "
        "HP = hot pack; US = ultrasound; Trx = traction; MT = manual therapy; "
        "NMR = neuromuscular re-education; TE = therapeutic exercise.",
        w.italic,
        7,
    )


def chiro_reexam(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    ctx.section()
    ctx.letterhead()
    ctx.patient_block()
    ctx.cont_header_fn("Re-Examination")
    q = ctx.visit_header(
        v, "Re-Examination", style=ctx.doc.facility.style.get("vhead2", 3)
    )
    ctx.cite(v, q)
    w.labeled(
        "SUBJECTIVE:",
        "Patient reports "
        + "; ".join(v.complaints)
        + f". Overall improvement estimated at {rng.randint(30, 60)}%.",
    )
    w.labeled("OBJECTIVE:", "; ".join(v.findings) + ".")
    ctx.codes_block(v.diagnoses, "DIAGNOSES:", style=1)
    w.labeled("PLAN:", "; ".join(v.recommendations) + ".")
    w.labeled("SERVICES:", ", ".join(f"{c} {d}" for c, d in v.procedures) + ".")
    ctx.signature(v.clinician, v.date, rng.randint(9 * 60, 18 * 60))


def chiro_misfiled_note(ctx: Ctx, other: Visit) -> None:
    """A daily note of another patient of the same practice, filed here by mistake."""
    w = ctx.w
    op = other.data["person"]
    w.cont_header = None
    w.new_page()
    ctx.doc.excluded_pages.append(w.page_no)
    ctx.letterhead()
    w.write(
        f"Patient: {op.last.upper()}, {op.first.upper()}    DOB: {fmt_date(op.dob)}",
        w.bold,
    )
    w.space(4)
    w.write(f"DATE OF SERVICE: {fmt_date(other.date)}", w.bold)
    w.write(f"Provider: {other.clinician.disp(0)}", w.regular)
    w.labeled("S:", "Low back pain 5/10, worse after lifting boxes at work.")
    w.labeled("O:", "Lumbar paraspinal hypertonicity, restricted L5-S1.")
    w.labeled("A:", "Lumbar sprain, improving.")
    w.labeled("P:", "CMT lumbar/pelvic; EMS; hot pack (CPT 98940, 97014, 97010)")
    w.write(other.clinician.disp(1), w.italic, 8.5)


# ---------------------------------------------------------------------------
# Physical therapy
# ---------------------------------------------------------------------------
def pt_eval(ctx: Ctx, v: Visit, re_eval: bool = False) -> None:
    w = ctx.w
    rng = ctx.rng
    case = ctx.case
    p = ctx.patient
    he, _his, sexw = _pronouns(p.sex)
    ctx.section()
    ctx.letterhead()
    ref: Clinician | None = v.data.get("referrer")
    extra = [("Referring MD", ref.disp(0) if ref else "")] if ref else []
    extra.append(("Onset/DOI", fmt_date(ctx.incident)))
    ctx.patient_block(extra)
    ctx.cont_header_fn("Re-Evaluation" if re_eval else "Initial Evaluation")
    title = (
        "Physical Therapy Re-Evaluation"
        if re_eval
        else "Physical Therapy Initial Evaluation"
    )
    q = ctx.visit_header(v, title)
    ctx.cite(v, q)
    ctx.codes_block(v.diagnoses, "Treatment diagnosis:", style=1)
    mech = "a fall while skiing" if ctx.other else "a " + _mech_short(case)
    if not re_eval:
        subj = (
            f"Pt is a {age_on(p.dob, v.date)} y/o {sexw} referred following "
            f"{mech} on "
            f"{ctx.d(ctx.incident)}. {he.capitalize()} reports "
            f"{', '.join(v.complaints)}, worse with "
            "sitting, driving and lifting. Sleep disturbed 2-3 times per night."
        )
        for m in v.data.get("mentions", []):
            md = ctx.d(m.date)
            subj += (
                f" {he.capitalize()} began chiropractic treatment at {m.facility} "
                f"on {md}."
            )
            ctx.cite_reported(m, md)
        w.labeled("SUBJECTIVE:", subj)
        w.labeled("PMH:", ct.PMH_NONE + "." if ctx.other else _history_line(ctx))
    else:
        w.labeled(
            "SUBJECTIVE:",
            f"Pt reports {', '.join(v.complaints)}. Attended {rng.randint(6, 12)} "
            "visits to date.",
        )
    w.write("OBJECTIVE:", w.bold)
    rows = []
    for r in ["rknee"] if ctx.other else case.regions:
        reg = ct.REGIONS[r]
        if reg.pt_findings:
            rows.append([reg.label.title(), reg.pt_findings])
    if rows:
        w.table([110, 400], rows, header=["Region", "Measurements"], size=8.5)
    w.labeled(
        "PALPATION / SPECIAL TESTS:" if not re_eval else "FINDINGS:",
        "; ".join(v.findings) + ".",
    )
    w.labeled(
        "ASSESSMENT:",
        "Pt presents with impairments in ROM, strength and functional mobility "
        "consistent with the referring diagnosis. "
        f"Rehab potential: {rng.choice(['good', 'fair', 'good'])}.",
    )
    if not re_eval:
        w.labeled(
            "GOALS:",
            "STG (3 wks): independent with HEP; decrease pain to 4/10. LTG (6 wks): "
            "restore functional ROM; return to full work duties.",
        )
    w.labeled("PLAN:", "; ".join(v.recommendations) + ".")
    w.labeled("CPT:", ", ".join(f"{c} ({d})" for c, d in v.procedures))
    ctx.signature(
        v.clinician,
        v.date,
        rng.randint(8 * 60, 18 * 60),
        label=f"Lic# PT{rng.randint(10000, 29999)}",
    )


def pt_daily(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    w.ensure(150)
    w.space(4)
    q = ctx.visit_header(v, "Daily Note", style=ctx.doc.facility.style.get("vhead2", 5))
    ctx.cite(v, q)
    t_in = rng.randint(7 * 60, 17 * 60)
    w.write(
        f"Time in: {fmt_time(t_in, '12')}   Time out: "
        f"{fmt_time(t_in + rng.choice([45, 50, 55, 60]), '12')}",
        w.regular,
        8.5,
    )
    w.labeled("S:", "; ".join(v.complaints) + ".", size=9)
    rows = [
        [e, rng.choice(["", "cues for form", "progressed", "min pain"])]
        for e in v.data["exercises"]
    ]
    w.table([260, 200], rows, header=["Exercise", "Comment"], size=8, grid=False)
    w.labeled("Billed:", ", ".join(f"{c} {d}" for c, d in v.procedures), size=8.5)
    if v.clinician.cred == "PTA":
        w.write(f"Treating clinician: {v.clinician.disp(0)}", w.italic, 8.5)
        sup: Clinician = v.data["supervising"]
        w.write(f"Co-signed by supervising PT: {sup.disp(0)}", w.italic, 8)
    else:
        w.write(f"Therapist: {v.clinician.disp(0)}", w.italic, 8.5)
    w.rule(0.3, 0.6, 3)


# ---------------------------------------------------------------------------
# Orthopedics
# ---------------------------------------------------------------------------
def ortho_note(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    case = ctx.case
    p = ctx.patient
    he, _his, sexw = _pronouns(p.sex)
    fac = ctx.doc.facility
    ctx.section()
    ctx.letterhead()
    consult = v.kind == "ortho_consult"
    if consult:
        ref: Clinician = v.data["referrer"]
        ctx.patient_block(
            [("Referring Physician", ref.disp(1)), ("DOI", fmt_date(case.incident))],
            style=fac.style.get("pthead", 3),
        )
    else:
        ctx.patient_block(style=fac.style.get("pthead", 3))
    ctx.cont_header_fn("Office Note")
    label = "New Patient Consultation" if consult else "Follow-up Visit"
    q = ctx.visit_header(v, label, style=fac.style.get("vhead", 2))
    ctx.cite(v, q)
    mentions = v.data.get("mentions", [])
    if consult:
        hpi = (
            f"{p.first} {p.last} is a {age_on(p.dob, v.date)}-year-old {sexw} referred "
            "by "
            f"{v.data['referrer'].dr()} for evaluation of {', '.join(v.complaints)} "
            "following a "
            f"{_mech_short(case)} on {ctx.d(case.incident)}."
        )
        for m in mentions:
            md = ctx.d(m.date)
            if m.visit_type == "emergency":
                hpi += (
                    f" {he.capitalize()} was seen in the emergency department at "
                    f"{m.facility} on {md}."
                )
            else:
                hpi += f" Radiographs obtained on {md} were negative for fracture."
            ctx.cite_reported(m, md)
        hpi += _prior_sentence(ctx)
        w.labeled("HISTORY OF PRESENT ILLNESS:", hpi)
        w.labeled("PAST MEDICAL HISTORY:", _history_line(ctx))
        w.labeled(
            "MEDICATIONS:",
            rng.choice(["Ibuprofen as needed.", "Naproxen, cyclobenzaprine.", "None."]),
        )
        w.labeled("ALLERGIES:", rng.choice(ct.ALLERGIES))
    else:
        hpi = (
            f"{p.first} returns for follow-up. {he.capitalize()} reports "
            f"{', '.join(v.complaints)}."
        )
        for m in mentions:
            md = ctx.d(m.date)
            hpi += (
                f" MRI done on {md} at {m.facility} was reviewed with the patient "
                "today."
            )
            ctx.cite_reported(m, md)
        w.labeled("INTERVAL HISTORY:", hpi)
    w.labeled("PHYSICAL EXAMINATION:", "; ".join(v.findings) + ".")
    ctx.codes_block(v.diagnoses, "IMPRESSION:", style=fac.style.get("dxstyle", 0))
    inj = v.data.get("injection")
    if inj:
        w.labeled(
            "PROCEDURE:",
            f"{inj[1]} (CPT {inj[0]}). After informed consent and sterile prep, 40 mg "
            "triamcinolone with "
            "4 mL 1% lidocaine was injected. Tolerated well, no complications.",
        )
    plan = list(v.recommendations)
    if v.medications:
        plan.insert(0, "Medications: " + ", ".join(v.medications))
    w.labeled("PLAN:", "; ".join(plan) + ".")
    w.labeled("WORK STATUS:", "; ".join(v.restrictions) + ".")
    if v.procedures and not inj:
        w.write("E/M: " + ", ".join(c for c, _ in v.procedures), w.regular, 8.5)
    ctx.signature(v.clinician, v.date, rng.randint(8 * 60, 18 * 60))
    if consult:
        w.write(f"cc: {v.data['referrer'].disp(1)}", w.regular, 8.5)
    elif rng.random() < 0.5 and len(fac.roster) > 1:
        other = next(c for c in fac.roster if c is not v.clinician)
        w.write(f"cc: {other.disp(1)}; chart", w.regular, 8.5)


# ---------------------------------------------------------------------------
# MRI
# ---------------------------------------------------------------------------
def mri_report(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    reg = ct.REGIONS[v.data["region"]]
    ctx.section()
    ctx.letterhead(sub="Diagnostic Imaging Report")
    ordering: Clinician = v.data["ordering"]
    w.table(
        [130, 130, 120, 130],
        [[ctx.pname(1), ctx.dob(), f"{rng.randint(100000, 999999)}", ordering.disp(0)]],
        header=["Patient", "DOB", "MRN", "Referring Physician"],
        size=8.5,
    )
    q = f"EXAM DATE: {ctx.d(v.date)}"
    w.write(q, w.bold)
    ctx.cite(v, q)
    w.write(
        f"EXAM: {reg.mri[1]}" + (f"   (CPT {reg.mri[0]})" if v.procedures else ""),
        w.bold,
    )
    if v.diagnoses:
        code, desc = v.diagnoses[0]
        w.labeled(
            "INDICATION:",
            f"{desc} ({code}). {_mech_short(ctx.case).capitalize()} on "
            f"{ctx.d(ctx.case.incident)}.",
        )
    else:
        w.labeled(
            "CLINICAL HISTORY:",
            f"{reg.complaint.capitalize()} after {_mech_short(ctx.case)} on "
            f"{ctx.d(ctx.case.incident)}.",
        )
    w.labeled(
        "TECHNIQUE:",
        "Multiplanar multisequence MR imaging was performed without intravenous "
        "contrast on a 1.5 Tesla magnet.",
    )
    comp = "None."
    for m in v.data.get("mentions", []):
        md = ctx.d(m.date)
        comp = f"Radiographs dated {md}."
        w.labeled("COMPARISON:", comp)
        ctx.cite_reported(m, md)
        comp = ""
    if comp:
        w.labeled("COMPARISON:", comp)
    w.labeled("FINDINGS:", reg.mri_findings)
    w.labeled("IMPRESSION:", reg.mri_impression)
    w.space(4)
    ctx.signature(
        v.clinician,
        v.date,
        v.data["time"] + rng.randint(60, 300),
        style=rng.choice([0, 2, 4]),
    )
    w.write(f"cc: {ordering.disp(1)}", w.regular, 8.5)


# ---------------------------------------------------------------------------
# Pain management
# ---------------------------------------------------------------------------
def pain_note(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    case = ctx.case
    p = ctx.patient
    he, _his, _sexw = _pronouns(p.sex)
    ctx.section()
    ctx.letterhead()
    ctx.patient_block([("DOI", fmt_date(case.incident))])
    ctx.cont_header_fn("Pain Management")
    if v.kind == "pain_procedure":
        q = f"Date of Procedure: {ctx.d(v.date)}"
        w.write("PROCEDURE NOTE", w.bold, 12, align="c")
        w.write(q, w.bold)
        w.write(f"Physician: {v.clinician.disp(0)}", w.regular)
        ctx.cite(v, q)
        ctx.codes_block(v.diagnoses, "Pre-procedure diagnosis:", style=1)
        w.write("Post-procedure diagnosis: Same", w.regular)
        w.labeled("Procedure:", f"{v.procedures[0][1]} (CPT {v.procedures[0][0]})")
        w.labeled("Anesthesia:", "Local. No sedation.")
        w.labeled(
            "Description:",
            "Informed consent was obtained after risks and benefits were explained. "
            "The patient was placed "
            "prone and the area was prepped and draped in sterile fashion. Under AP "
            "and lateral fluoroscopic "
            "guidance, an 18-gauge Tuohy needle was advanced using loss-of-resistance "
            "technique. Epidural "
            "spread was confirmed with contrast. The following medications were "
            "injected: " + "; ".join(v.medications) + ".",
        )
        w.labeled("Complications:", "None. Estimated blood loss: minimal.")
        w.labeled(
            "Disposition:",
            "; ".join(v.findings)
            + ". Discharged ambulatory. "
            + "; ".join(v.restrictions)
            + ".",
        )
        w.labeled("Follow-up:", "; ".join(v.recommendations) + ".")
        w.write("Supplies: J1030 x2 (methylprednisolone acetate 40 mg)", w.regular, 8.5)
    else:
        label = (
            "Pain Management Consultation"
            if v.kind == "pain_consult"
            else "Follow-up Visit"
        )
        q = ctx.visit_header(v, label)
        ctx.cite(v, q)
        hpi = (
            f"{p.first} is seen for {', '.join(v.complaints)} since a "
            f"{_mech_short(case)} on {ctx.d(case.incident)}."
        )
        for m in v.data.get("mentions", []):
            md = ctx.d(m.date)
            hpi += (
                f" An MRI performed on {md} at {m.facility} showed findings as below."
            )
            ctx.cite_reported(m, md)
        if v.kind == "pain_consult":
            hpi += (
                f" {he.capitalize()} has failed conservative care including "
                "chiropractic and/or physical therapy and oral medications."
            )
        w.labeled("HPI:", hpi)
        w.labeled("EXAM:", "; ".join(v.findings) + ".")
        ctx.codes_block(v.diagnoses, "ASSESSMENT:", style=0)
        plan = list(v.recommendations)
        if v.medications:
            plan.append("Medications: " + ", ".join(v.medications))
        w.labeled("PLAN:", "; ".join(plan) + ".")
        if v.procedures:
            w.write("Level of service: " + v.procedures[0][0], w.regular, 8.5)
    ctx.signature(v.clinician, v.date, rng.randint(8 * 60, 17 * 60))


# ---------------------------------------------------------------------------
# Independent medical examination
# ---------------------------------------------------------------------------
def ime_report(ctx: Ctx, v: Visit) -> None:
    w = ctx.w
    rng = ctx.rng
    case = ctx.case
    p = ctx.patient
    he, _his, sexw = _pronouns(p.sex)
    ctx.section()
    ctx.letterhead()
    report_date = v.date + dt.timedelta(days=rng.randint(5, 18))
    w.write(fmt_date(report_date, "long"), w.regular)
    w.space(6)
    w.write(f"{case.insurer}", w.regular)
    w.write("Attn: Bodily Injury Claims", w.regular)
    w.space(6)
    w.write(f"RE:  Claimant: {ctx.pname(0)}", w.bold)
    w.write(
        f"       DOB: {ctx.dob()}     Date of Loss: {fmt_date(case.incident)}", w.bold
    )
    w.write(f"       Claim No.: {case.claim_no}", w.bold)
    q = f"Date of Examination: {ctx.d(v.date)}"
    w.write("       " + q, w.bold)
    ctx.cite(v, q)
    w.space(6)
    ctx.cont_header_fn("Independent Medical Examination")
    w.para(
        "At your request, I performed an independent medical examination of "
        f"{ctx.pname(0)} on "
        f"{fmt_date(v.date, 'long')} at my office. The claimant was advised that no "
        "doctor-patient "
        "relationship would be established. The following records were provided and "
        "reviewed."
    )
    w.heading("RECORDS REVIEWED", size=10.5)
    rows = []
    mentions: list[Reported] = v.data.get("mentions", [])
    for m in mentions:
        who = m.clinician.disp(0) if m.clinician else ""
        desc = _ime_desc(m)
        rows.append(
            [
                ctx.d(m.date, "mdy"),
                (m.facility or "") + (f" \u2014 {who}" if who else ""),
                desc,
            ]
        )
    pages = w.table(
        [70, 200, 240], rows, header=["Date", "Provider", "Summary"], size=8.5
    )
    for m, pg, row in zip(mentions, pages, rows, strict=True):
        ctx.cite_reported(m, row[0], page=pg)
    w.heading("HISTORY", size=10.5)
    w.para(
        f"The claimant is a {age_on(p.dob, v.date)}-year-old {sexw} who reports that "
        f"{he} "
        + ct.MECHANISMS_BY_KEY[case.mechanism].ed_hpi
        + f". {he.capitalize()} currently reports {', '.join(v.complaints)}."
        + _prior_sentence(ctx)
    )
    w.heading("PHYSICAL EXAMINATION", size=10.5)
    w.para(
        "; ".join(v.findings)
        + ". Strength 5/5 throughout. Sensation intact. Reflexes symmetric. Waddell "
        "signs 1/5."
    )
    w.heading("DIAGNOSES", size=10.5)
    for i, r in enumerate(case.regions, 1):
        w.para(
            f"{i}. {ct.REGIONS[r].label.capitalize()} sprain/strain, resolved.",
            indent=10,
            after=0,
        )
    w.space(4)
    w.heading("OPINIONS", size=10.5)
    w.para(
        "1. Causation: Within a reasonable degree of medical certainty, the claimant "
        "sustained soft-tissue "
        f"injuries as a result of the incident of {fmt_date(case.incident)}."
    )
    w.para(
        "2. Treatment to date has been reasonable through approximately 12 weeks post "
        "incident. " + "; ".join(v.recommendations) + "."
    )
    w.para(
        "3. The claimant has reached maximum medical improvement. No permanent "
        "impairment is assigned."
    )
    w.space(6)
    w.para(
        "I declare that the foregoing is true and correct to the best of my knowledge."
    )
    ctx.signature(
        v.clinician,
        report_date,
        rng.randint(9 * 60, 17 * 60),
        style=1,
        label="Diplomate, American Board of Orthopaedic Surgery",
    )


def _ime_desc(m: Reported) -> str:
    return {
        "ed": "ED visit; x-rays negative; discharged with NSAID and muscle relaxant.",
        "xray": "Radiographs: no acute fracture.",
        "pcp_annual": "Annual physical; no musculoskeletal complaints documented.",
        "pcp_pain": "Office visit for neck/back pain prior to the incident.",
        "pcp_post": "Primary care follow-up; referrals made.",
        "chiro_initial": "Initial chiropractic examination; treatment plan 3x/week.",
        "chiro_reexam": "Chiropractic re-examination; partial improvement.",
        "ortho_consult": "Orthopedic consultation; MRI ordered.",
        "ortho_fu": "Orthopedic follow-up.",
        "chiro_daily": "Chiropractic treatment visit (CMT and modalities).",
        "pt_daily": "Physical therapy treatment session.",
        "pain_fu": "Pain management follow-up after injection.",
        "mri": "MRI report reviewed.",
        "pt_eval": "Physical therapy initial evaluation.",
        "pt_reeval": "Physical therapy re-evaluation.",
        "pain_consult": "Pain management consultation; ESI recommended.",
        "pain_procedure": "Epidural steroid injection performed.",
        "uc": "Urgent care visit for persistent pain; no records of this visit were "
        "provided.",
        "prior_chiro": "Chiropractic treatment for neck and back pain (prior to the "
        "incident).",
        "prior_pcp": "Office visit for neck and low back stiffness (prior to the "
        "incident).",
    }.get(m.description, m.description)


def handwritten_note(ctx: Ctx, v: Visit, title: str) -> None:
    """A pre-printed form filled in by hand; the handwriting is drawn on the raster."""
    w = ctx.w
    rng = ctx.rng
    fac = ctx.doc.facility
    ctx.section(footer=-1)
    ctx.letterhead()
    w.write(title, w.bold, 13, align="c", lead=18)
    w.write(f"Treating: {v.clinician.disp(1)}", w.regular, 9, align="c")
    w.space(8)
    y0 = w.y
    x0 = w.left
    # form fields
    w.text_at(x0, y0 - 14, "Patient:", w.bold, 9.5)
    w.line_at(x0 + 45, y0 - 16, x0 + 300, y0 - 16, 0.5)
    w.text_at(x0 + 310, y0 - 14, "DOB:", w.bold, 9.5)
    w.line_at(x0 + 340, y0 - 16, PAGE_W - w.right, y0 - 16, 0.5)
    w.text_at(x0, y0 - 40, "Date:", w.bold, 9.5)
    w.line_at(x0 + 32, y0 - 42, x0 + 180, y0 - 42, 0.5)
    w.text_at(x0 + 200, y0 - 40, "Pain (0-10):", w.bold, 9.5)
    w.line_at(x0 + 262, y0 - 42, x0 + 300, y0 - 42, 0.5)
    w.hand(x0 + 52, y0 - 15, f"{ctx.patient.first} {ctx.patient.last}", 15)
    w.hand(x0 + 346, y0 - 15, fmt_date(ctx.patient.dob, "mdy_short"), 15)
    dtxt = fmt_date(v.date, "mdy_short")
    w.hand(x0 + 38, y0 - 41, dtxt, 16)
    pain = str(v.data.get("pain", 5))
    w.hand(x0 + 272, y0 - 41, pain, 16)
    y = y0 - 70
    if v.kind.startswith("chiro"):
        plan_txt = (
            "CMT "
            + ", ".join(d.split(",")[0] for _, d in v.data.get("mods", [])[:2])
            + "  RTC 2d"
        )
    elif v.kind.startswith("pt"):
        plan_txt = "ther ex, manual tx per flowsheet; cont POC"
    else:
        plan_txt = "; ".join(v.recommendations)
    boxes = [
        (
            "S",
            "; ".join(v.complaints)
            + " - "
            + rng.choice(["stiff in AM", "better overall", "sore after work"]),
        ),
        ("O", "; ".join(v.findings)),
        ("A", rng.choice(["improving", "slow progress", "responding to care"])),
        ("P", plan_txt),
    ]
    for label, text in boxes:
        h = 78
        w.rect_at(x0, y - h, w.text_w, h, 0.6)
        w.text_at(x0 + 5, y - 14, f"{label}:", w.bold, 11)
        lines = _split_hand(text, 48)
        for j, ln in enumerate(lines[:3]):
            w.hand(x0 + 30, y - 18 - j * 20, ln, 15)
        y -= h + 6
    w.text_at(x0, y - 16, "Signature:", w.bold, 9.5)
    w.line_at(x0 + 90, y - 18, x0 + 300, y - 18, 0.5)
    w.hand(
        x0 + 100,
        y - 16,
        f"{v.clinician.first[0]}. {v.clinician.last} {v.clinician.cred}",
        16,
    )
    w.y = y - 30
    ctx.cite(v, dtxt)
    _ = fac, PAGE_H


def _split_hand(s: str, n: int) -> list[str]:
    words = s.split()
    out: list[str] = []
    cur = ""
    for wd in words:
        if len(cur) + len(wd) + 1 > n and cur:
            out.append(cur)
            cur = wd
        else:
            cur = (cur + " " + wd).strip()
    if cur:
        out.append(cur)
    return out
