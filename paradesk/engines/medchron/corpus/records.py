"""Medical record layouts: ED records, SOAP and narrative notes, radiology reports,
daily notes and flowsheets, procedure reports, cover letters and affidavits."""

from __future__ import annotations

import datetime as dt
import random

import simple_icd_10_cm as icd
from reportlab.lib.utils import simpleSplit

from paradesk.engines.medchron.corpus import vocabulary as vocab
from paradesk.engines.medchron.corpus.models import CasePlan, Provider, Visit
from paradesk.engines.medchron.corpus.typeset import (
    Line,
    Pager,
    Section,
    Style,
    date_text,
    lines,
    name_text,
    numeric_dates,
    row,
)

LETTERHEADS = (
    """
    ~### {p.facility}
    ~% {p.address}, {p.city} | Tel {p.phone}
    ---
    """,
    """
    ## {p.facility}
    %@0 {p.address}, {p.city} @>504 Phone {p.phone}
    ---
    """,
    """
    ## {caps}
    % A service of {p.city} Health Partners. {p.address} | Tel {p.phone}
    ---
    """,
)
_DEMOGRAPHICS = (
    """
    @0 Patient Name: {name} @270 DOB: {dob}
    @0 MRN: {p.mrn} @270 Acct #: {p.mrn}-01
    """,
    "@0 Patient: {name} @200 DOB: {dob} @380 MRN: {p.mrn}",
    """
    NAME: {name}
    DATE OF BIRTH: {dob}
    Chart #: {p.mrn}
    """,
)
_CARE = """
        ^# {med_label}
          - {medications}
        # {work_label}
          - {restrictions}
        # {plan_label}
          - {recommendations}
        ^{signature}
"""
_NOTES = {
    "soap": """
        Provider: {clinician}
        Referring physician: {referrer}
        ^# SUBJECTIVE:
          {hpi}
        # OBJECTIVE:
          Exam: {exam}.
        # ASSESSMENT:
          {dx}
        # PLAN:
          CPT {procedures}
    """
    + _CARE,
    "narrative": """
        Referred by: {referrer}
        ^HISTORY OF PRESENT ILLNESS: {hpi}
        ^PHYSICAL EXAMINATION: On examination there is {exam}.
        ^# IMPRESSION:
          {dx}
        # SERVICES TODAY:
          {procedures}
    """
    + _CARE,
    "ed": """
        Mode of arrival: {arrival}
        ^# TRIAGE / NURSING ASSESSMENT
        Triage RN: {nurse.first} {nurse.last}, RN
        Chief complaint: {complaint_list}
        Pain assessment: {pain}   Vitals: {vitals} SpO2 98%
        Nursing note: Patient ambulatory, alert and oriented x3. {negation}.
        ===
        # PHYSICIAN DOCUMENTATION
        Attending: {clinician}
        HPI: {hpi}
        REVIEW OF SYSTEMS: {ros}. All other systems negative.
        ^# PHYSICAL EXAM:
          - {findings}
        ^# ED COURSE / ORDERS:
          {procedures}
          Imaging: no acute fracture or dislocation.
        === {third_page}
        ^# CLINICAL IMPRESSION:
          {dx}
        ^DISPOSITION: Discharged home in stable condition.
    """
    + _CARE,
    "radiology": """
        EXAM: {exam_title}
        Ordering physician: {ordering}
        ^CLINICAL HISTORY: {v.complaints[0]} after {c.mechanism} on {incident}. \
            Reason for exam: {v.diagnoses[0]}
        TECHNIQUE: Multiplanar, multisequence images without contrast.
        COMPARISON: None available.
        ^# FINDINGS:
          {sentences}
        ^# IMPRESSION:
          {dx}
        Recommendation: {recommendations}.
        CPT {procedures}
        ^Interpreted by: {clinician}, Radiologist
    """,
    "procedure": """
        Surgeon: {clinician}
        Anesthesia: {anesthesia}
        ^# PREOPERATIVE DIAGNOSIS:
          {dx}
        POSTOPERATIVE DIAGNOSIS: Same.
        # PROCEDURE(S) PERFORMED:
          {procedures}
        ^INDICATIONS: Persistent {complaint_list} despite conservative care; {pain}. \
            {negation}.
        ^DESCRIPTION: After informed consent the patient was positioned and prepped \
            in sterile fashion. The procedure was performed without difficulty.
        FINDINGS: {finding_list}.
        EBL: Minimal. COMPLICATIONS: None.
    """
    + _CARE,
    "daily": """
          S: {complaint_list}, {pain}. {negation}.
          O: {finding_list}.
          A: {codes}
          P/Tx: {treatment}
          {clinician}
        ---
    """,
}
_DOS_LABELS = {
    "ed": (
        "Arrival Date/Time:",
        "ED Visit Date:",
        "Date of Service:",
        "Encounter date:",
    ),
    "radiology": ("Exam Date:", "DATE OF EXAM:", "Date of Service:", "DOS:"),
    "procedure": ("Date of Procedure:", "DATE OF SURGERY:", "Procedure Date:", "DOS:"),
    "other": ("DOS:", "Date of Service:", "Visit Date:", "Encounter date:", "Date:"),
}
_TITLES = {
    "emergency": "EMERGENCY DEPARTMENT RECORD",
    "urgent care": "URGENT CARE VISIT",
    "primary care": "OFFICE VISIT NOTE",
    "orthopedics": "ORTHOPAEDIC CONSULTATION",
    "chiropractic": "CHIROPRACTIC EXAMINATION",
    "physical therapy": "PHYSICAL THERAPY INITIAL EVALUATION",
    "imaging": "RADIOLOGY REPORT",
    "pain management": "PAIN MANAGEMENT CONSULTATION",
    "neurology": "NEUROLOGY CONSULTATION",
    "surgery": "SURGICAL CONSULTATION",
}


def visit_key(provider: Provider, visit: Visit) -> str:
    """The key that ties a visit's cited lines to its expected encounter."""
    return f"v{provider.index}:{visit.date.isoformat()}"


def heading(provider: Provider, form: int) -> list[Line]:
    """The facility's letterhead, in one of three arrangements."""
    caps = provider.facility.upper()
    return lines(LETTERHEADS[form % len(LETTERHEADS)], {"p": provider, "caps": caps})


def compose_records(
    plan: CasePlan, provider: Provider, style: Style, rng: random.Random
) -> Section:
    """Lays out every recorded visit of one provider as that practice prints them.

    Returns:
        The pages, each visit's date-of-service line cited on every page that
        documents the visit.
    """
    c = plan.claimant
    dob = date_text(c.dob, style.dates)
    running = [
        row(
            (0, f"{c.last.upper()}, {c.first.upper()}"),
            (190, f"DOB: {dob}"),
            (504, f"MRN: {provider.mrn}", "r"),
            scale=0.85,
        ),
        Line(rule=True, scale=0.5),
    ]
    pager = Pager(style, running)
    head = heading(provider, rng.randrange(3))
    name = rng.choice([f"{c.first} {c.last}", f"{c.last}, {c.first}".upper()])
    patient = lines(
        rng.choice(_DEMOGRAPHICS), {"name": name, "dob": dob, "p": provider}
    )
    labels = {note: rng.choice(choices) for note, choices in _DOS_LABELS.items()}
    bold, page_per_visit, flowsheet = (rng.random() < 0.5 for _ in range(3))
    narrative = rng.random() < 0.4
    daily_rows: list[Visit] = []
    for number, visit in enumerate(v for v in provider.visits if v.recorded):
        if visit.note == "daily" and flowsheet:
            daily_rows.append(visit)
            continue
        label = labels.get(visit.note, labels["other"])
        stamp = date_text(visit.date, style.dates)
        stamp += (
            f" {rng.randrange(24):02d}:{rng.randrange(60):02d}"
            if "Time" in label
            else ""
        )
        dos = Line(f"{label} {stamp}", bold=bold, cite=visit_key(provider, visit))
        note = (
            visit.note
            if visit.note != "exam"
            else ("narrative" if narrative else "soap")
        )
        body = lines(_NOTES.get(note, ""), _fields(plan, provider, visit, style, rng))
        if visit.note == "daily":
            pager.emit([dos, *body], keep=True, visit=dos)
            continue
        title = Line(_title(provider, visit), bold=True, scale=1.15, gap=0.5)
        top = [title]
        if number == 0 or page_per_visit:
            if number:
                pager.emit([Line(page_break=True)])
            top = [*head, title, *patient]
        pager.emit([*top, dos, *body], visit=dos)
    if daily_rows:
        _flowsheet(pager, provider, daily_rows, style)
    printed = date_text(plan.incident + dt.timedelta(days=600), style.dates)
    footer = rng.choice(
        [
            ["Page {page} of {pages}"],
            [f"{provider.facility} - CONFIDENTIAL", "Page {page} of {pages}"],
            [f"Printed {printed} by HIM/ROI   Pg {{page}}/{{pages}}"],
        ]
    )
    return pager.finish(footer)


def _title(provider: Provider, visit: Visit) -> str:
    if visit.note == "procedure":
        return "OPERATIVE REPORT" if provider.kind == "surgery" else "PROCEDURE NOTE"
    if visit.note == "exam" and visit is not provider.visits[0]:
        return "PROGRESS NOTE" if provider.kind == "primary care" else "FOLLOW-UP VISIT"
    return _TITLES[provider.kind]


_LABELS = (
    ("Medications:", "Rx:", "Current medications:"),
    ("Work status:", "Restrictions:", "Work note:"),
    ("Plan:", "Recommendations:", "Follow-up:"),
)


def _fields(
    plan: CasePlan, provider: Provider, visit: Visit, style: Style, rng: random.Random
) -> dict[str, object]:
    """Every value a note template may use, written the way this document writes."""
    c, v = plan.claimant, visit
    pain = rng.choice(vocab.PAIN_STYLES).format(v.pain)
    denials = [n[0].upper() + n[1:] for n in v.negations]
    age, said = (v.date - c.dob).days // 365, " and ".join(v.complaints)
    incident = date_text(plan.incident, style.dates)
    hpi = f"{age}-year-old who {c.story} ({c.mechanism}) on {incident}. "
    hpi += f"Presents with {said}; {pain}. " + ". ".join(denials) + "."
    if v.pre_incident:
        hpi = f"{age}-year-old here for {said}. {pain.capitalize()}."
    dx = ("{0} - {1}", "{1} ({0})", "{1}, {0}")[style.names % 3]
    procedures = [
        f"{code} {vocab.PROCEDURES[code][0]}" + (f" x {units}" if units > 1 else "")
        for code, units in v.procedures
    ]
    signed = date_text(v.date + dt.timedelta(days=rng.randrange(4)), style.dates)
    clock = f"{rng.randrange(8, 20)}:{rng.randrange(60):02d}"
    who = name_text(provider.clinician, style.names)
    care = (v.medications, v.restrictions, v.recommendations)
    med, work, plan_label = (
        rng.choice(n) if i else None for n, i in zip(_LABELS, care, strict=True)
    )
    exams = {r.imaging[0]: r.imaging[1] for r in vocab.REGIONS}
    referrer = provider.referrer
    return {
        "v": v,
        "c": c,
        "clinician": who,
        "referrer": name_text(referrer, style.names + 1) if referrer else None,
        "ordering": name_text(referrer or plan.bystanders[2], style.names),
        "nurse": plan.bystanders[0],
        "hpi": hpi,
        "exam": "; ".join(v.findings),
        "dx": [dx.format(code, icd.get_description(code)) for code in v.diagnoses],
        "codes": ", ".join(v.diagnoses),
        "procedures": procedures,
        "treatment": "; ".join(procedures),
        "med_label": med,
        "medications": list(v.medications),
        "work_label": work,
        "restrictions": list(v.restrictions),
        "plan_label": plan_label,
        "recommendations": list(v.recommendations),
        "signature": rng.choice(
            [
                f"Electronically signed by: {who} on {signed} {clock}",
                f"Rendering provider: {who}",
                f"Attending: {who}   Signed {signed}",
            ]
        ),
        "arrival": rng.choice(["EMS", "private vehicle", "walk-in"]),
        "complaint_list": ", ".join(v.complaints),
        "pain": pain,
        "vitals": f"BP {rng.randrange(112, 160)}/{rng.randrange(70, 96)}",
        "negation": denials[0] if denials else None,
        "ros": "; ".join(v.negations),
        "findings": list(v.findings),
        "finding_list": "; ".join(v.findings),
        "sentences": [f"{finding}." for finding in v.findings],
        "third_page": "yes" if rng.random() < 0.5 else None,
        "exam_title": exams.get(v.procedures[0][0], ""),
        "incident": incident,
        "anesthesia": rng.choice(["MAC", "General endotracheal", "Local, IV sedation"]),
    }


def _flowsheet(
    pager: Pager, provider: Provider, visits: list[Visit], style: Style
) -> None:
    """Daily visits as rows of a treatment log, one row per visit."""
    columns = ((0, 70), (72, 44), (118, 140), (262, 112), (378, 126))
    heads = ("Date", "Pain", "Subjective", "Objective", "Treatment")
    who = name_text(provider.clinician, style.names)
    pager.running = [
        *pager.running,
        *lines("# DAILY TREATMENT LOG - {p.facility}", {"p": provider}),
        *lines(
            "% Treating: {who} Dx: {dx}",
            {"who": who, "dx": ", ".join(visits[0].diagnoses)},
        ),
        row(
            *((x, h) for (x, _), h in zip(columns, heads, strict=True)),
            bold=True,
            scale=0.85,
        ),
    ]
    pager.emit([Line(page_break=True)])
    size = style.size * 0.85
    for visit in visits:
        treated = ", ".join(
            f"{code} {vocab.PROCEDURES[code][0]}" + (f" x{units}" if units > 1 else "")
            for code, units in visit.procedures
        )
        values = (
            date_text(visit.date, numeric_dates(style).dates),
            f"{visit.pain}/10",
            "; ".join(visit.complaints),
            "; ".join(visit.findings),
            treated,
        )
        wrapped = [
            simpleSplit(value, style.font(), size, width)
            for (_, width), value in zip(columns, values, strict=True)
        ]
        block = [
            row(
                *(
                    (x, cell[depth])
                    for (x, _), cell in zip(columns, wrapped, strict=True)
                    if depth < len(cell)
                ),
                cite=visit_key(provider, visit) if depth == 0 else None,
                scale=0.85,
            )
            for depth in range(max(len(cell) for cell in wrapped))
        ]
        pager.emit([*block, Line(rule=True, scale=0.4)], keep=True)
    pager.emit(lines("^Therapist signature: {who}", {"who": who}))


_COVER = """
    ## {sender}
    ^{sent}
    ^RE: {c.first} {c.last}, DOB {dob}
    ^Dear Counsel:
    ^Enclosed please find the records of {p.facility} for the above patient for \
        dates of service {first} through {last}, produced in response to your request.
    ^This page is not part of the medical record.
    ^Sincerely,
    {clerk.first} {clerk.last}, Release of Information Specialist
"""
_AFFIDAVIT = """
    ~## AFFIDAVIT OF CUSTODIAN OF RECORDS
    ^STATE OF GEORGIA, COUNTY OF {county}
    ^Before me, the undersigned authority, personally appeared {clerk.first} \
        {clerk.last}, who, being duly sworn, deposed that the attached {pages} pages \
        are true copies of the records of {p.facility} pertaining to {c.first} \
        {c.last}, kept in the regular course of business, made at or near the time \
        of the acts recorded.
    ^Sworn to and subscribed before me on {sent}.
    ^______________________________ Notary Public
"""


def front_page(
    plan: CasePlan,
    provider: Provider,
    style: Style,
    rng: random.Random,
    *,
    sender: str | None = None,
    pages: int = 0,
) -> Section:
    """A cover letter from `sender`, or else a custodian's affidavit for `pages`.

    Both name dates and people, but document no encounter.
    """
    dates = [v.date for v in provider.visits if v.recorded] or [plan.incident]
    sent = max(dates) + dt.timedelta(days=rng.randrange(40, 200))
    pager = Pager(style, [])
    values = {
        "sender": sender,
        "c": plan.claimant,
        "p": provider,
        "clerk": plan.bystanders[1],
        "dob": date_text(plan.claimant.dob, style.dates),
        "sent": date_text(sent, style.dates),
        "first": date_text(min(dates), style.dates),
        "last": date_text(max(dates), style.dates),
        "county": provider.city.upper(),
        "pages": str(pages),
    }
    pager.emit(lines(_COVER if sender else _AFFIDAVIT, values))
    return pager.finish()
