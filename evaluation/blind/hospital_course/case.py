"""Plan and write one case: the hospital stay, after-care, bills, and the PDFs."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import inch

from . import content as ct
from .docs import Anchor, Story, Styles, build_pdf, page_texts, resolve, scan_pages
from .model import Cite, Clin, Fac, Line, Mention, Person, Stmt, Txn, Visit
from .source import AciNote

D = dt.date
DAY = dt.timedelta(days=1)


def ordinal(n: int) -> str:
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def fmt(d: D, k: int) -> str:
    """Dates as records print them."""
    return [
        f"{d:%m/%d/%Y}",
        f"{d.month}/{d.day}/{d:%y}",
        f"{d:%d-%b-%Y}",
        f"{d:%B} {d.day}, {d.year}",
        f"{d:%B} {ordinal(d.day)}, {d.year}",
        d.isoformat(),
        f"{d:%b} {d.day}, {d.year}",
        f"{d:%m-%d-%Y}",
        f"{d.day} {d:%b} {d.year}",
    ][k % 9]


def money(c: int) -> str:
    return f"{c / 100:,.2f}"


@dataclass
class Opts:
    other: str = ""  # progress | radiology | aci | ptsheet
    two_col: bool = False
    inconsistent: bool = False


@dataclass
class Built:
    name: str
    pdf: bytes
    pages: int
    scanned: int
    excluded: list[int]


@dataclass
class Case:
    idx: int
    rng: random.Random
    pt: Person
    incident: D
    scen: ct.Scenario
    opts: Opts
    visits: list[Visit] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    stmts: list[Stmt] = field(default_factory=list)
    docs: list[Built] = field(default_factory=list)
    names_used: set[str] = field(default_factory=set)


class Names:
    def __init__(self, notes: list[AciNote], rng: random.Random) -> None:
        self.rng = rng
        self.first = {
            s: sorted({n.first for n in notes if n.sex == s})
            for s in ("female", "male")
        }
        self.last = sorted({n.last for n in notes})
        self.used: set[str] = set()

    def person(self, sex: str | None = None) -> tuple[str, str, str]:
        while True:
            s = sex or self.rng.choice(["female", "male"])
            f, la = self.rng.choice(self.first[s]), self.rng.choice(self.last)
            if f"{f} {la}" not in self.used and la not in {
                u.split()[1] for u in self.used
            }:
                self.used.add(f"{f} {la}")
                return f, la, s

    def clin(self, cred: str) -> Clin:
        f, la, _ = self.person()
        return Clin(f, la, cred)


def make_fac(rng: random.Random, name: str, city: str, state: str) -> Fac:
    n = rng.randint(100, 9800)
    area = rng.randint(201, 989)
    return Fac(
        name,
        f"{n} {rng.choice(ct.STREETS)}",
        city,
        state,
        f"{rng.randint(10000, 99999)}",
        f"({area}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        f"({area}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
    )


# ------------------------------------------------------------------ headers


def header_fn(fac: Fac, style: int, date_k: int, footer: str):
    def draw(canv: Any, hdr: dict[str, Any], page: int, total: int) -> None:
        w, h = canv._pagesize
        reg, bold = (
            ("Helvetica", "Helvetica-Bold")
            if style != 2
            else ("Times-Roman", "Times-Bold")
        )
        canv.saveState()
        if style == 0:
            canv.setFont(bold, 12)
            canv.drawString(0.7 * inch, h - 0.55 * inch, fac.name)
            canv.setFont(reg, 8)
            canv.drawString(
                0.7 * inch, h - 0.7 * inch, f"{fac.addr}, {fac.csz}  Tel {fac.phone}"
            )
            canv.line(0.7 * inch, h - 0.78 * inch, w - 0.7 * inch, h - 0.78 * inch)
        elif style == 1:
            canv.setFillGray(0.25)
            canv.rect(0, h - 0.72 * inch, w, 0.42 * inch, stroke=0, fill=1)
            canv.setFillGray(1)
            canv.setFont(bold, 11)
            canv.drawString(0.7 * inch, h - 0.55 * inch, fac.name.upper())
            canv.setFillGray(0)
        else:
            canv.setFont(bold, 13)
            canv.drawCentredString(w / 2, h - 0.55 * inch, fac.name)
            canv.setFont(reg, 8)
            canv.drawCentredString(w / 2, h - 0.7 * inch, f"{fac.addr} - {fac.csz}")
        if hdr:
            canv.setFont(reg, 8.5)
            dob = fmt(hdr["dob"], date_k)
            if style == 1:
                txt = (
                    f"{hdr['last'].upper()}, {hdr['first'].upper()}   MRN "
                    f"{hdr['mrn']}   DOB {dob}"
                )
            elif style == 2:
                txt = (
                    f"Patient: {hdr['first']} {hdr['last']}    D.O.B.: {dob}    "
                    f"Acct: {hdr['mrn']}"
                )
            else:
                txt = (
                    f"Name: {hdr['last']}, {hdr['first']}  |  DOB: {dob}  |  MRN: "
                    f"{hdr['mrn']}"
                )
            canv.drawString(0.7 * inch, h - 0.98 * inch, txt)
        canv.setFont(reg, 7.5)
        pg = f"Page {page} of {total}" if total else f"Page {page}"
        canv.drawRightString(w - 0.7 * inch, 0.45 * inch, pg)
        canv.drawString(0.7 * inch, 0.45 * inch, footer)
        canv.restoreState()

    return draw


# ------------------------------------------------------------------ the case


class Writer:
    """Plans a case and writes its documents."""

    def __init__(
        self, idx: int, seed: int, notes: list[AciNote], ccda: dict, opts: Opts
    ):
        self.rng = random.Random(f"{seed}:case:{idx}")  # noqa: S311
        r = self.rng
        self.notes, self.ccda = notes, ccda
        self.names = Names(notes, r)
        scen = ct.SCENARIOS[(idx - 1 + seed) % len(ct.SCENARIOS)]
        f, la, sex = self.names.person()
        lo, hi = (62, 84) if scen.key == "hip_intertroch" else (22, 66)
        incident = D(2021, 3, 1) + dt.timedelta(days=r.randint(0, 960))
        age = r.randint(lo, hi)
        dob = D(incident.year - age, r.randint(1, 12), r.randint(1, 28))
        pt = Person(f, la, dob, sex, f"{r.randint(100, 999)}{r.randint(10000, 99999)}")
        self.c = Case(idx, r, pt, incident, scen, opts)
        hname, city, state = r.choice(ct.HOSPITALS)
        self.city, self.state = city, state
        self.hosp = make_fac(r, hname, city, state)
        short = hname.split(" of ")[0]
        spec = {
            "orthopaedic surgery": f"{city} Orthopaedic Associates",
            "trauma surgery": f"{city} Surgical Specialists",
            "neurosurgery": f"{city} Neurosurgery & Spine",
        }[scen.consult]
        self.clinic = make_fac(r, spec, city, state)
        self.ptclinic = make_fac(
            r,
            r.choice(["Motion", "Keystone", "Apex", "Bridgeview"])
            + " Physical Therapy",
            city,
            state,
        )
        self.pcp = make_fac(
            r,
            r.choice(
                ["Family Health Partners", "Northside Primary Care", "Greenway IM"]
            )
            + f" of {city}",
            city,
            state,
        )
        self.pharm = make_fac(
            r, f"{r.choice(ct.PHARMACIES)} #{r.randint(1000, 9999)}", city, state
        )
        self.insurer = r.choice(ct.INSURERS)
        self.ed_group = f"{city} Emergency Physicians, P.A."
        self.hm_group = f"{short} Hospitalist Medicine Group"
        self.rad_group = (
            f"{r.choice(['Tri-County', 'Valley', 'Metro', 'Summit'])} "
            "Radiology Associates"
        )
        # clinicians
        nm = self.names
        self.ed_doc = nm.clin(r.choice(["MD", "DO"]))
        self.hosp1 = nm.clin("MD")
        self.hosp2 = nm.clin(r.choice(["MD", "DO"]))
        self.surgeon = nm.clin("MD")
        self.pa = nm.clin("PA-C")
        self.rad1, self.rad2 = nm.clin("MD"), nm.clin("MD")
        self.ip_pt = nm.clin(r.choice(["PT", "DPT"]))
        self.op_pt = nm.clin("DPT")
        self.pta = nm.clin("PTA")
        self.pcp_doc = nm.clin(r.choice(["MD", "DO", "NP"]))
        self.anes = nm.clin("MD")
        self.dk = {
            k: r.randrange(9)
            for k in ("hosp", "rad", "clinic", "pt", "pcp", "bill", "nar")
        }
        self.hstyle = {
            k: r.randrange(3) for k in ("hosp", "rad", "clinic", "pt", "pcp", "bill")
        }

    # -------------------------------------------------------------- helpers
    def visit(self, v: Visit) -> Visit:
        self.c.visits.append(v)
        return v

    def cite(self, doc: str, st: Story, key: str) -> Cite:
        return Cite(doc, key, st.quotes[key])

    def mention(
        self, doc: str, st: Story, key: str, d: D, clin: Clin | None, fac: str, vt: str
    ) -> None:
        self.c.mentions.append(
            Mention(d, clin, fac, vt, self.cite(doc, st, key), d < self.c.incident)
        )

    def hdr(self, pt: Person | None = None) -> dict[str, Any]:
        p = pt or self.c.pt
        return {"first": p.first, "last": p.last, "dob": p.dob, "mrn": p.mrn}

    def other_person(self, same_last: bool = False) -> Person:
        r = self.rng
        f, la, sex = self.names.person()
        if same_last:
            la = self.c.pt.last
        age = r.randint(25, 80)
        dob = D(self.c.incident.year - age, r.randint(1, 12), r.randint(1, 28))
        return Person(
            f, la, dob, sex, f"{r.randint(100, 999)}{r.randint(10000, 99999)}"
        )

    # -------------------------------------------------------------- plan
    def plan(self) -> None:
        c, r, s = self.c, self.rng, self.c.scen
        d0 = c.incident
        self.los = r.randint(*s.los)
        self.dn = d0 + self.los * DAY
        self.late = r.random() < 0.5  # evening arrival: films read the next morning
        self.consult_day = d0 + (DAY if self.late and r.random() < 0.5 else 0 * DAY)
        self.op_day = None
        if s.operation:
            self.op_day = (
                self.consult_day + DAY * r.choice([0, 1, 1])
                if self.consult_day > d0
                else d0 + DAY
            )
            if self.op_day == self.consult_day:
                self.op_day += DAY
            if self.op_day >= self.dn:
                self.dn = self.op_day + 2 * DAY
                self.los = (self.dn - d0).days
        base = self.op_day or self.consult_day
        self.pt_day = min(base + DAY, self.dn)
        if self.pt_day == self.consult_day:
            self.pt_day += DAY
        self.post_day = base + DAY * (0 if s.operation else 1)
        if self.post_day >= self.dn:
            self.post_day = self.dn - DAY
        # covering hospitalist for one middle day of longer stays
        self.cover = d0 + 2 * DAY if self.los >= 4 else None
        fu1 = self.dn + DAY * r.randint(9, 15)
        fu2 = fu1 + DAY * r.randint(26, 34)
        self.fus = [fu1, fu2] + (
            [fu2 + DAY * r.randint(40, 56)] if r.random() < 0.5 else []
        )
        self.pt_eval = fu1 + DAY * r.randint(3, 9)
        days = []
        d = self.pt_eval
        n_rows = r.randint(8, 15)
        while len(days) < n_rows:
            d += DAY * r.choice([2, 2, 3, 4])
            if d.weekday() >= 5:
                d += DAY * (7 - d.weekday())
            days.append(d)
        self.pt_days = days
        self.cancel = set(r.sample(range(1, len(days) - 1), r.choice([0, 1, 1, 2])))
        pre_pool = [
            n for n in self.notes if n.clean and n.sex == c.pt.sex and n.age >= 18
        ]
        self.pre_notes = r.sample(pre_pool, min(len(pre_pool), r.choice([0, 1, 1, 2])))
        self.pre_days = sorted(d0 - DAY * r.randint(90, 900) for _ in self.pre_notes)
        self.pcp_post = r.random() < 0.4 or c.opts.other == "aci"

    # -------------------------------------------------------------- documents
    def write_all(self) -> None:
        self.plan()
        hn = re.sub(
            r"[^A-Za-z]", "", self.hosp.name.split()[0] + self.hosp.name.split()[1]
        )
        self.doc_inpatient(f"{hn}_Inpatient_Chart.pdf")
        self.doc_radiology(f"{hn}_Radiology_Reports.pdf")
        self.doc_clinic(
            re.sub(r"[^A-Za-z]+", "_", self.clinic.name).strip("_")
            + "_Office_Notes.pdf"
        )
        self.doc_pt(
            re.sub(r"[^A-Za-z]+", "_", self.ptclinic.name).strip("_") + "_Records.pdf"
        )
        if self.pre_notes or self.pcp_post or self.c.opts.other == "aci":
            self.doc_pcp("Primary_Care_Records.pdf")
        self.doc_bills("Itemized_Bills_and_UB04.pdf")
        self.doc_pharmacy("Pharmacy_Dispensing_History.pdf")
        self.doc_eob(re.sub(r"[^A-Za-z]+", "_", self.insurer).strip("_") + "_EOBs.pdf")

    def finish(
        self,
        name: str,
        st: Story,
        fac: Fac,
        hstyle: int,
        footer: str,
        scan: set[int] | str = frozenset(),
        bilevel: bool = False,
        other: tuple[str, str] | None = None,
    ) -> None:
        draw = header_fn(fac, hstyle, self.dk.get("hosp", 0), footer)
        pdf, n = build_pdf(st, draw, name.rsplit(".", 1)[0].replace("_", " "))
        texts = page_texts(pdf)
        pages = resolve(st, texts)
        for obj in list(self.c.visits) + list(self.c.mentions):
            if obj.cite and obj.cite.doc == name and obj.cite.key in pages:
                obj.cite.page = pages[obj.cite.key]
        for stt in self.c.stmts:
            for ln in stt.lines:
                if ln.cite and ln.cite.doc == name and ln.cite.key in pages:
                    ln.cite.page = pages[ln.cite.key]
        excluded: list[int] = []
        if other:
            a, b = st.anchors[other[0]], st.anchors[other[1]]
            excluded = list(range(a, b + 1))
        if scan == "all":
            scan = set(range(1, n + 1))
        scan = {p for p in scan if 1 <= p <= n}
        if scan:
            rng = random.Random(f"{self.c.idx}:{name}:scan")  # noqa: S311
            when = fmt(self.dn + DAY * rng.randint(40, 200), 0)

            def fax(p: int, total: int) -> str:
                return (
                    f"{when} 10:{p:02d}  FROM: {fac.fax}  "
                    f"{fac.name.upper()[:30]}  P. {p}/{total}"
                )

            pdf = scan_pages(pdf, scan, rng, fax if bilevel else None, bilevel)
        self.c.docs.append(Built(name, pdf, n, len(scan), excluded))

    # ------------------------------------------------------------ inpatient
    def doc_inpatient(self, name: str) -> None:
        c, r, s, pt = self.c, self.rng, self.c.scen, self.c.pt
        st = Story(Styles(r.choice(["helv", "times"]), 9.5))
        k = self.dk["hosp"]
        d0, dn = c.incident, self.dn
        dxs = [ct.dx(x) for x in s.injuries]
        st.header(self.hdr())
        st.p("HEALTH INFORMATION MANAGEMENT - RELEASE OF INFORMATION", st.st.center)
        st.space(8)
        st.kv(
            [
                ("Patient", pt.full),
                ("Date of birth", fmt(pt.dob, k)),
                ("Medical record #", pt.mrn),
                (
                    "Encounter",
                    f"Inpatient, admitted {fmt(d0, k)}, discharged {fmt(dn, k)}",
                ),
                (
                    "Records enclosed",
                    "Face sheet; emergency department record; history and physical; "
                    "consultation; operative/procedure report; progress notes; "
                    "therapy evaluation; "
                    "discharge summary",
                ),
                ("Requested by", "Law office, per HIPAA-compliant authorization"),
                ("Date released", fmt(dn + DAY * r.randint(30, 120), k)),
            ]
        )
        st.space(10)
        st.p("FACE SHEET", st.st.h1)
        st.kv(
            [
                (
                    "Admit date/time",
                    f"{fmt(d0, k)} {'21:' if self.late else '14:'}{r.randint(10, 59)}",
                ),
                (
                    "Discharge date/time",
                    f"{fmt(dn, k)} 1{r.randint(0, 6)}:{r.randint(10, 59)}",
                ),
                ("Admission source", "Emergency department"),
                ("Attending physician", self.hosp1.styled(1)),
                ("Admitting diagnosis", f"{dxs[0][0]} {dxs[0][1]}"),
                (
                    "Primary insurance",
                    f"{self.insurer}  ID {r.randint(100000000, 999999999)}",
                ),
                ("Secondary", "Auto med-pay carrier (claim pending)"),
            ]
        )
        st.page_break()
        # ED physician note
        st.p("EMERGENCY DEPARTMENT PHYSICIAN RECORD", st.st.h1)
        t_ed = f"{'21' if self.late else '14'}:{r.randint(10, 59):02d}"
        key = st.q(
            f"ED Provider Note - {fmt(d0, k)} {t_ed} - {self.ed_doc.styled(0)}",
            st.st.bold,
        )
        given = ["morphine 4 mg IV", "ondansetron 4 mg IV"]
        ed = self.visit(
            Visit(
                d0,
                self.ed_doc,
                self.hosp,
                "emergency",
                self.cite(name, st, key),
                dx=dxs,
                complaints=list(s.complaints),
                findings=[s.ed_exam.split(".")[0]],
                meds=given,
                recs=[f"Admit to hospital medicine; {s.consult} consultation"],
            )
        )
        mech = r.choice(s.mechanisms)
        st.h("HPI")
        st.p(
            f"{pt.age(d0)}-year-old {pt.woman} who {mech} earlier today. Complains of "
            f"{', '.join(s.complaints)}. Arrived by ambulance."
        )
        st.h("EXAM")
        st.p(s.ed_exam)
        st.h("ED COURSE")
        st.p(
            f"Given {given[0]} and {given[1]}. Imaging ordered. "
            f"{s.consult.capitalize()} "
            f"contacted. Hospital medicine accepted for admission."
        )
        st.h("IMPRESSION")
        for code, desc in dxs:
            st.p(f"{code}  {desc}")
        st.p(
            f"Electronically signed: {self.ed_doc.styled(0)} {fmt(d0, k)}", st.st.small
        )
        st.page_break()
        # H&P
        st.p("HISTORY AND PHYSICAL", st.st.h1)
        key = st.q(
            f"Date of Service: {fmt(d0, k)}    Attending: {self.hosp1.styled(0)}",
            st.st.bold,
        )
        pmh = self.pmh()
        meds = [ct.HOME_MEDS[p] for p in pmh if p in ct.HOME_MEDS]
        hp = self.visit(
            Visit(
                d0,
                self.hosp1,
                self.hosp,
                "inpatient",
                self.cite(name, st, key),
                dx=dxs,
                complaints=list(s.complaints),
                findings=[s.ed_exam.split(".")[0]],
                meds=meds,
                recs=[
                    "Admit to medical-surgical floor",
                    "DVT prophylaxis",
                    f"{s.consult.capitalize()} consultation",
                ],
            )
        )
        _ = hp
        st.h("CHIEF COMPLAINT")
        st.p(s.complaints[0].capitalize() + ".")
        st.h("HISTORY OF PRESENT ILLNESS")
        st.p(
            f"{pt.full} is a {pt.age(d0)}-year-old {pt.woman} who {mech}. "
            f"{pt.she.capitalize()} "
            "was brought to our emergency department by EMS and is admitted for "
            "pain control "
            f"and management of {dxs[0][1].split(',')[0].lower()}."
        )
        if self.pre_notes and r.random() < 0.7:
            pd = self.pre_days[-1]
            key = st.qs(
                "Of note, ",
                f"{pt.she} was seen by {self.pcp_doc.dr()} at {self.pcp.name} on "
                f"{fmt(pd, self.dk['nar'])}",
                f" for {self.pre_notes[-1].cc.strip().lower()}.",
            )
            self.mention(name, st, key, pd, self.pcp_doc, self.pcp.name, "primary care")
        st.h("PAST MEDICAL HISTORY")
        st.p(", ".join(p.capitalize() for p in pmh) if pmh else "None reported.")
        st.h("ALLERGIES")
        al = self.ccda.get("allergies") or []
        if al and r.random() < 0.6:
            a = r.choice(al)
            st.table(["Substance", "Reaction", "Severity"], [a], [2.4, 2.0, 2.0])
        else:
            st.p("No known drug allergies.")
        st.h("FAMILY HISTORY")
        fam = self.ccda.get("family") or []
        st.p(
            f"Father: {fam[0][0].lower()}."
            if fam and r.random() < 0.5
            else "Noncontributory."
        )
        st.h("HOME MEDICATIONS")
        st.p("; ".join(meds) if meds else "None.")
        st.h("PHYSICAL EXAMINATION")
        st.p(
            f"BP {r.randint(118, 162)}/{r.randint(68, 96)}, HR "
            f"{r.randint(74, 112)}, RR "
            f"{r.randint(14, 22)}, SpO2 {r.randint(93, 99)}% on room air. {s.ed_exam}"
        )
        st.h("ASSESSMENT AND PLAN")
        for code, desc in dxs:
            st.p(f"- {desc} ({code})")
        st.p(
            f"Plan: admit, analgesia, {s.consult} consultation, DVT prophylaxis, PT "
            "when cleared."
        )
        st.p(f"Signed: {self.hosp1.styled(0)}", st.st.small)
        st.page_break()
        # consult
        st.p(f"{s.consult.upper()} CONSULTATION", st.st.h1)
        key = st.q(
            f"Consult date: {fmt(self.consult_day, k)}  Consultant: "
            f"{self.surgeon.styled(0)}",
            st.st.bold,
        )
        recs = [
            f"Plan {s.operation[0].lower()}"
            if s.operation
            else f"{s.weight_bearing}; upright films"
        ]
        self.visit(
            Visit(
                self.consult_day,
                self.surgeon,
                self.hosp,
                "consultation",
                self.cite(name, st, key),
                dx=dxs[:2],
                complaints=[s.complaints[0]],
                findings=[s.admit_studies[-1].impression],
                recs=recs,
            )
        )
        st.p(f"Requested by {self.hosp1.dr()} for {dxs[0][1].split(',')[0].lower()}.")
        st.p(f"Imaging reviewed: {s.admit_studies[-1].impression} Exam: {s.ed_exam}")
        st.p(
            f"Recommendation: {recs[0]}. Risks, benefits and alternatives "
            "discussed; patient "
            f"agrees."
        )
        st.p(f"{self.surgeon.styled(0)}", st.st.small)
        # operative report
        if s.operation and self.op_day:
            st.page_break()
            st.p("OPERATIVE REPORT", st.st.h1)
            key = st.q(f"DATE OF OPERATION: {fmt(self.op_day, k)}", st.st.bold)
            self.visit(
                Visit(
                    self.op_day,
                    self.surgeon,
                    self.hosp,
                    "surgery",
                    self.cite(name, st, key),
                    dx=dxs[:1],
                    px=[(s.operation[1], s.operation[0])],
                    findings=[f"Fixation with {s.implant}"],
                )
            )
            st.kv(
                [
                    ("Surgeon", self.surgeon.styled(0)),
                    ("Assistant", self.pa.styled(0)),
                    ("Anesthesia", f"General, {self.anes.styled(0)}"),
                    ("Preoperative diagnosis", f"{dxs[0][1]} ({dxs[0][0]})"),
                    ("Procedure", f"{s.operation[0]} (CPT {s.operation[1]})"),
                    ("Implants", s.implant),
                    ("EBL", f"{r.randint(5, 30) * 10} mL"),
                ]
            )
            st.h("DESCRIPTION")
            st.p(
                "The patient was identified in the holding area and the correct "
                "site marked. "
                "After induction, the extremity was prepped and draped. The "
                "fracture was exposed, "
                f"reduced under fluoroscopy and fixed with a {s.implant}. Final "
                "images confirmed "
                "reduction. The wound was irrigated and closed in layers. Sterile "
                "dressing applied. "
                f"Counts correct. Taken to PACU in stable condition."
            )
        # progress notes
        two = c.opts.two_col
        st.page_break(two_col=two)
        st.p("PROGRESS NOTES", st.st.h1)
        day = d0 + DAY
        hospday = 2
        pnotes = []
        while day < dn:
            doc = self.hosp2 if self.cover == day else self.hosp1
            pnotes.append((day, doc, "Hospital Medicine"))
            if (
                s.operation
                and self.op_day
                and day > self.op_day
                and day <= self.op_day + 2 * DAY
            ):
                who = self.pa if (day - self.op_day).days == 1 else self.surgeon
                pnotes.append((day, who, s.consult.title()))
            day += DAY
            hospday += 1
        other_keys = None
        for i, (day, doc, svc) in enumerate(pnotes):
            if c.opts.other == "progress" and i == len(pnotes) // 2:
                other_keys = self.other_progress(st, day, k)
            pain = r.randint(3, 8)
            label = r.choice(
                ["Progress Note", "Daily Progress Note", "Subsequent Hospital Care"]
            )
            key = st.q(f"{label} | {fmt(day, k)} | {svc} | {doc.styled(0)}", st.st.bold)
            subj = r.choice(ct.PROGRESS_SUBJ).format(p=pain)
            plan = r.sample(ct.PROGRESS_PLAN, 2)
            extra = []
            if doc is self.pa or doc is self.surgeon:
                subj = f"POD #{(day - self.op_day).days}. " + subj
                extra = [
                    f"{s.weight_bearing.capitalize()}",
                    "Dressing clean, dry and intact",
                ]
            self.visit(
                Visit(
                    day,
                    doc,
                    self.hosp,
                    "inpatient",
                    self.cite(name, st, key),
                    complaints=[f"pain {pain}/10"],
                    recs=extra[:1] + plan,
                )
            )
            st.p(f"S: {subj}")
            st.p(
                f"O: T {r.randint(980, 1004) / 10} HR {r.randint(68, 104)} BP "
                f"{r.randint(112, 150)}/"
                f"{r.randint(64, 90)}. "
                f"{'Incision clean. ' if extra else ''}Neurovascularly intact distally."
            )
            st.p(f"A/P: {dxs[0][1].split(',')[0]}. " + "; ".join(extra + plan) + ".")
            st.p(f"-- {doc.styled(2)}", st.st.small)
            st.space(4)
        st.page_break(two_col=False)
        # inpatient PT evaluation
        st.p("PHYSICAL THERAPY INITIAL EVALUATION (INPATIENT)", st.st.h1)
        key = st.q(
            f"Treatment date: {fmt(self.pt_day, k)}   "
            f"Therapist: {self.ip_pt.styled(0)}",
            st.st.bold,
        )
        self.visit(
            Visit(
                self.pt_day,
                self.ip_pt,
                self.hosp,
                "physical therapy",
                self.cite(name, st, key),
                px=[("97162", "PT evaluation, moderate complexity")],
                findings=["Requires minimal assist for transfers"],
                recs=[s.pt_focus],
            )
        )
        st.p(f"Orders: PT eval and treat, {s.weight_bearing}. Focus: {s.pt_focus}.")
        st.p(
            "Bed mobility: minimal assist. Transfers: minimal assist. Gait: "
            f"{r.randint(10, 60)} feet "
            f"with device. Pain {r.randint(4, 8)}/10 with activity. CPT 97162."
        )
        st.p(
            "Recommend discharge home with "
            f"{r.choice(['family support', 'home health PT', 'outpatient PT'])}."
        )
        st.page_break()
        # discharge summary
        st.p("DISCHARGE SUMMARY", st.st.h1)
        key = st.q(f"Discharge Date: {fmt(dn, k)}", st.st.bold)
        st.kv(
            [
                ("Admission Date", fmt(d0, k)),
                ("Attending", self.hosp1.styled(0)),
                ("Consultants", f"{self.surgeon.styled(0)} ({s.consult})"),
            ]
        )
        self.visit(
            Visit(
                dn,
                self.hosp1,
                self.hosp,
                "inpatient",
                self.cite(name, st, key),
                dx=dxs,
                meds=list(s.discharge_rx),
                restrictions=list(s.restrictions),
                recs=[
                    f"Follow up with {self.surgeon.dr()} in 10 to 14 days",
                    "Outpatient physical therapy",
                ],
            )
        )
        st.h("DISCHARGE DIAGNOSES")
        for code, desc in dxs:
            st.p(f"{code} - {desc}")
        st.h("HOSPITAL COURSE")
        nk = self.dk["nar"]
        k1 = st.qs(
            f"{pt.full} is a {pt.age(d0)}-year-old {pt.woman} who ",
            f"presented to our emergency department on {fmt(d0, 3 if nk % 2 else 4)}",
            f" after {pt.she} {mech}.",
        )
        self.mention(name, st, k1, d0, None, self.hosp.name, "emergency")
        if self.consult_day > d0:
            k2 = st.qs(
                f"{s.consult.capitalize()} was consulted; ",
                f"{self.surgeon.dr()} saw the patient on the "
                f"{ordinal(self.consult_day.day)}",
                ".",
            )
            self.mention(
                name,
                st,
                k2,
                self.consult_day,
                self.surgeon,
                self.hosp.name,
                "consultation",
            )
        if s.operation and self.op_day:
            k3 = st.qs(
                "",
                f"On the {ordinal(self.op_day.day)}, {pt.she} {s.hospital_course_core}",
                f" with {self.surgeon.dr()} without complication.",
            )
            self.mention(
                name, st, k3, self.op_day, self.surgeon, self.hosp.name, "surgery"
            )
        else:
            st.p(f"{pt.she.capitalize()} {s.hospital_course_core}.")
        k4 = st.qs(
            "",
            f"Physical therapy evaluated {'her' if pt.sex == 'female' else 'him'} "
            f"on {fmt(self.pt_day, 1)}",
            f" and recommended {s.pt_focus}.",
        )
        self.mention(
            name, st, k4, self.pt_day, None, self.hosp.name, "physical therapy"
        )
        st.p(
            f"Pain was controlled on oral medication. {pt.she.capitalize()} was "
            "medically stable for discharge."
        )
        st.h("DISCHARGE MEDICATIONS")
        for m in s.discharge_rx:
            st.p(f"- {m}")
        st.h("ACTIVITY / RESTRICTIONS")
        for x in s.restrictions:
            st.p(f"- {x}")
        st.h("FOLLOW-UP")
        st.p(
            f"{self.surgeon.dr()}, {self.clinic.name}, in 10-14 days. Outpatient "
            "physical therapy."
        )
        st.p(
            f"Electronically signed by {self.hosp1.styled(0)} on {fmt(dn + DAY, k)}",
            st.st.small,
        )
        # scan the consult page sometimes
        scan: set[int] = set()
        self.finish(
            name,
            st,
            self.hosp,
            self.hstyle["hosp"],
            f"{self.hosp.name} - HIM copy",
            scan=scan,
            other=other_keys,
        )
        b = self.c.docs[-1]
        if r.random() < 0.6:
            # re-scan: the consultation (paper chart) pages were scanned into the EHR
            cons = next(v for v in c.visits if v.vtype == "consultation")
            rr = random.Random(f"{c.idx}:cons")  # noqa: S311
            pdf = scan_pages(b.pdf, {cons.cite.page}, rr)
            c.docs[-1] = Built(b.name, pdf, b.pages, 1, b.excluded)
        _ = ed

    def pmh(self) -> list[str]:
        r = self.rng
        opts = list(ct.HOME_MEDS)
        return sorted(r.sample(opts, r.choice([0, 1, 2, 2, 3])))

    def other_progress(self, st: Story, day: D, k: int) -> tuple[str, str]:
        op = self.other_person()
        st.page_break()
        st.header(self.hdr(op))
        a = f"x{id(op)}a"
        st.items.append(Anchor(st.anchors, a))
        doc = self.names.clin("MD")
        st.p(
            f"Progress Note | {fmt(day, k)} | Hospital Medicine | {doc.styled(0)}",
            st.st.bold,
        )
        st.p(f"Patient: {op.full}  DOB {fmt(op.dob, k)}", st.st.small)
        st.p(
            f"S: {op.first} reports chest discomfort improved overnight. Ambulating "
            "in hallway."
        )
        st.p("O: Afebrile. Lungs clear. Heart regular. Telemetry: sinus rhythm.")
        st.p(
            "A/P: NSTEMI, medically managed. Continue aspirin, atorvastatin, "
            "metoprolol. Cardiology to see."
        )
        st.p(f"-- {doc.styled(2)}", st.st.small)
        b = f"x{id(op)}b"
        st.items.append(Anchor(st.anchors, b))
        st.page_break()
        st.header(self.hdr())
        return a, b

    # ------------------------------------------------------------ radiology
    def doc_radiology(self, name: str) -> None:
        c, r, s = self.c, self.rng, self.c.scen
        st = Story(Styles("helv", 9.5))
        k = self.dk["rad"]
        studies: list[tuple[ct.Study, D, Clin, str | None]] = []
        for sd in s.admit_studies:
            studies.append((sd, c.incident, self.rad1, None))
        if s.postop_study:
            pd = self.op_day or self.post_day
            studies.append((s.postop_study, pd, self.rad2, s.admit_studies[-1].name))
        self.rad_lines: list[tuple[ct.Study, D, Visit]] = []
        other = None
        st.header(self.hdr())
        for i, (sd, ed, rad, comp) in enumerate(studies):
            if i:
                st.page_break()
            if c.opts.other == "radiology" and i == 1:
                other = self.other_radiology(st, ed, k)
            late = self.late and ed == c.incident
            rd = ed + DAY if late else ed
            acc = f"{sd.cpt[:2]}{ed:%y%m%d}{r.randint(1000, 9999)}"
            st.p("DEPARTMENT OF RADIOLOGY - DIAGNOSTIC IMAGING REPORT", st.st.h1)
            st.kv(
                [
                    ("Accession #", acc),
                    ("Exam", f"{sd.name}   CPT {sd.cpt}"),
                    (
                        "Ordering provider",
                        (self.ed_doc if ed == c.incident else self.hosp1).styled(0),
                    ),
                ]
            )
            key = st.q(
                f"Exam Date: {fmt(ed, k)} "
                f"{'22' if late else '16'}:{r.randint(10, 59)}    "
                f"Report Date: {fmt(rd, k)} "
                f"{'07' if late else '17'}:{r.randint(10, 59)}",
                st.st.bold,
            )
            v = self.visit(
                Visit(
                    ed,
                    rad,
                    self.hosp,
                    "imaging",
                    self.cite(name, st, key),
                    px=[(sd.cpt, sd.name)],
                    findings=[sd.impression],
                )
            )
            self.rad_lines.append((sd, ed, v))
            st.h("CLINICAL HISTORY")
            st.p(f"Trauma. {c.scen.complaints[0].capitalize()}.")
            st.h("COMPARISON")
            if comp:
                kc = st.q(f"{comp} dated {fmt(c.incident, k)}")
                self.mention(name, st, kc, c.incident, None, self.hosp.name, "imaging")
            else:
                st.p("None.")
            st.h("FINDINGS")
            st.p(sd.findings)
            st.h("IMPRESSION")
            st.p(sd.impression, st.st.bold)
            st.space(6)
            st.p(
                f"Interpreted by: {rad.styled(0)}. Electronically signed {fmt(rd, k)}.",
                st.st.small,
            )
        scan = {2} if r.random() < 0.35 else set()
        self.finish(
            name,
            st,
            Fac(
                f"{self.hosp.name} - Imaging Services",
                self.hosp.addr,
                self.hosp.city,
                self.hosp.state,
                self.hosp.zip,
                self.hosp.phone,
                self.hosp.fax,
            ),
            self.hstyle["rad"],
            f"{self.rad_group} - final report",
            scan=scan,
            other=other,
        )

    def other_radiology(self, st: Story, ed: D, k: int) -> tuple[str, str]:
        op = self.other_person(same_last=True)
        st.header(self.hdr(op))
        a = f"xr{self.c.idx}a"
        st.items.append(Anchor(st.anchors, a))
        st.p("DEPARTMENT OF RADIOLOGY - DIAGNOSTIC IMAGING REPORT", st.st.h1)
        st.kv(
            [
                ("Patient", f"{op.full}  DOB {fmt(op.dob, k)}"),
                ("Accession #", f"US{ed:%y%m%d}{self.rng.randint(1000, 9999)}"),
                ("Exam", "US ABDOMEN COMPLETE   CPT 76700"),
            ]
        )
        st.p(
            f"Exam Date: {fmt(ed, k)} 10:{self.rng.randint(10, 59)}    Report Date: "
            f"{fmt(ed, k)} 13:05",
            st.st.bold,
        )
        st.h("FINDINGS")
        st.p(
            "The gallbladder contains multiple mobile shadowing stones without wall "
            "thickening. "
            "Common bile duct 4 mm. Liver, pancreas and kidneys unremarkable."
        )
        st.h("IMPRESSION")
        st.p(
            "Cholelithiasis without sonographic evidence of acute cholecystitis.",
            st.st.bold,
        )
        st.p(f"Interpreted by: {self.rad2.styled(0)}.", st.st.small)
        b = f"xr{self.c.idx}b"
        st.items.append(Anchor(st.anchors, b))
        st.page_break()
        st.header(self.hdr())
        return a, b

    # ------------------------------------------------------------ clinic
    def doc_clinic(self, name: str) -> None:
        c, r, s, pt = self.c, self.rng, self.c.scen, self.c.pt
        st = Story(Styles(r.choice(["times", "helv"]), 10))
        k = self.dk["clinic"]
        st.header(self.hdr())
        self.clinic_visits: list[Visit] = []
        prev = None
        for i, d in enumerate(self.fus):
            if i:
                st.page_break()
            who = self.pa if (i == 0 and r.random() < 0.5) else self.surgeon
            style = r.randrange(3)
            if style == 0:
                key = st.q(f"Office Visit {fmt(d, k)} {who.styled(0)}", st.st.h2)
            elif style == 1:
                key = st.q(f"DATE OF VISIT: {fmt(d, k)}", st.st.h2)
                st.p(f"Provider: {who.styled(0)}")
            else:
                key = st.q(f"{fmt(d, 2)} - Follow-up - {who.styled(0)}", st.st.h2)
            pain = max(1, 7 - 2 * i + r.randint(-1, 1))
            meds = (
                ["meloxicam 15 mg daily"]
                if i == 0
                else (
                    ["gabapentin 300 mg at bedtime"]
                    if i == 1 and r.random() < 0.5
                    else []
                )
            )
            restr = (
                [s.restrictions[0]]
                if i < len(self.fus) - 1
                else ["Return to work with no lifting over 20 pounds"]
            )
            recs = (
                ["Outpatient physical therapy 2-3 times per week"]
                if i == 0
                else ["Continue physical therapy"]
            )
            v = self.visit(
                Visit(
                    d,
                    who,
                    self.clinic,
                    "orthopedics" if s.consult == "orthopaedic surgery" else s.consult,
                    self.cite(name, st, key),
                    complaints=[f"{s.complaints[0]} {pain}/10"],
                    findings=[
                        "Incision healed" if s.operation else "Neurologically intact"
                    ],
                    meds=meds,
                    restrictions=restr,
                    recs=recs,
                )
            )
            self.clinic_visits.append(v)
            st.h("HISTORY")
            if i == 0:
                what = (
                    s.hospital_course_core
                    if s.operation
                    else f"was treated at {self.hosp.name}"
                )
                dd = self.op_day or c.incident
                if s.operation:
                    kq = st.qs(
                        f"{pt.full} returns after hospitalization. ",
                        f"{pt.she.capitalize()} {what} on {fmt(dd, k)}",
                        f" at {self.hosp.name}. Pain {pain}/10.",
                    )
                    self.mention(
                        name, st, kq, dd, self.surgeon, self.hosp.name, "surgery"
                    )
                else:
                    kq = st.qs(
                        f"{pt.full} returns after hospitalization. ",
                        f"{pt.she.capitalize()} was discharged from "
                        f"{self.hosp.name} on {fmt(self.dn, k)}",
                        f". Pain {pain}/10.",
                    )
                    self.mention(
                        name, st, kq, self.dn, self.hosp1, self.hosp.name, "inpatient"
                    )
            else:
                kq = st.qs(
                    "",
                    f"Last seen in this office on {fmt(prev.date, 6)}",
                    f". Attending therapy. Pain {pain}/10.",
                )
                self.mention(
                    name, st, kq, prev.date, prev.clin, self.clinic.name, v.vtype
                )
            st.h("EXAM")
            st.p(
                ("Incision well healed without erythema. " if s.operation else "")
                + "Neurovascularly intact. Range of motion improving. "
                f"{s.weight_bearing.capitalize()} maintained."
            )
            st.h("X-RAYS")
            st.p(
                "Two views obtained in the office today show maintained alignment and "
                + ("intact hardware." if s.operation else "no progression.")
            )
            st.h("PLAN")
            for x in recs + restr + [f"Rx: {m}" for m in meds]:
                st.p(f"- {x}")
            st.p(f"Return in {r.choice([4, 6])} weeks.")
            st.p(f"{who.styled(0)}", st.st.small)
            prev = v
        self.finish(
            name,
            st,
            self.clinic,
            self.hstyle["clinic"],
            "Confidential patient information",
        )

    # ------------------------------------------------------------ physical therapy
    def doc_pt(self, name: str) -> None:
        c, r, s = self.c, self.rng, self.c.scen
        st = Story(Styles("helv", 9))
        k = self.dk["pt"]
        st.header(self.hdr())
        st.p("OUTPATIENT PHYSICAL THERAPY - INITIAL EVALUATION", st.st.h1)
        key = st.q(
            f"Evaluation date: {fmt(self.pt_eval, k)}   Evaluating therapist: "
            f"{self.op_pt.styled(0)}",
            st.st.bold,
        )
        self.pt_visits: list[tuple[Visit, list[tuple[str, int]]]] = []
        v = self.visit(
            Visit(
                self.pt_eval,
                self.op_pt,
                self.ptclinic,
                "physical therapy",
                self.cite(name, st, key),
                px=[("97162", "PT evaluation, moderate complexity")],
                complaints=[s.complaints[0]],
                findings=["Decreased range of motion and strength"],
                recs=["Skilled PT 2-3x/week for 6-8 weeks"],
            )
        )
        self.pt_visits.append((v, [("97162", 1)]))
        fu1 = self.clinic_visits[0]
        ref = st.qs(
            f"Referral: {self.surgeon.dr()}, {self.clinic.name}. ",
            f"Seen by referring provider {fmt(fu1.date, 1)}",
            ".",
        )
        self.mention(name, st, ref, fu1.date, fu1.clin, self.clinic.name, fu1.vtype)
        if s.operation and self.op_day:
            kq = st.qs(
                f"History: injured {fmt(c.incident, 1)} "
                f"({'MVC' if 'car' in s.mechanisms[0] else 'trauma'}). ",
                f"Surgery {fmt(self.op_day, 1)}",
                f": {s.operation[0].lower()}.",
            )
            self.mention(name, st, kq, self.op_day, None, self.hosp.name, "surgery")
        st.p(
            f"Subjective: pain {r.randint(4, 7)}/10, worse with activity. Goals: "
            "return to work and "
            "normal walking. Objective: ROM and strength deficits of the involved "
            "extremity. "
            f"Assessment: good rehab potential. Plan: {s.pt_focus}; 2-3x/week x 6-8 "
            "weeks. CPT 97162."
        )
        st.p(f"{self.op_pt.styled(0)}, Lic. PT{r.randint(10000, 99999)}", st.st.small)
        st.page_break()
        # flow sheet
        rows_per_page = 6 if c.opts.other == "ptsheet" else r.choice([8, 10, 12])
        fk = r.choice([0, 1, 2, 7])
        table: list[list[str]] = []
        row_items: list[tuple[Visit | None, list[tuple[str, int]]]] = []
        for i, d in enumerate(self.pt_days, 1):
            if i - 1 in self.cancel:
                table.append(
                    [
                        fmt(d, fk),
                        "-",
                        "-",
                        "-",
                        "Pt cancelled - no charge",
                        "0",
                        "Called to reschedule",
                    ]
                )
                row_items.append((None, []))
                continue
            who = self.pta if r.random() < 0.4 else self.op_pt
            codes = [
                ("97110", r.choice([2, 3])),
                (r.choice(["97140", "97112", "97116", "97530"]), 1),
            ]
            if r.random() < 0.4:
                codes.append(("97010", 1))
            pain = max(0, 6 - i // 3 + r.randint(-1, 1))
            table.append(
                [
                    fmt(d, fk),
                    str(i),
                    who.initials,
                    f"{pain}/10",
                    ", ".join(f"{cd} x{u} {ct.PT_TREAT[cd]}" for cd, u in codes),
                    str(sum(15 * u for c_, u in codes if c_ != "97010") + 10),
                    r.choice(
                        [
                            "Tol well",
                            "Mild soreness after",
                            "Progressed reps",
                            "Improved gait pattern",
                        ]
                    ),
                ]
            )
            vv = Visit(
                d,
                who,
                self.ptclinic,
                "physical therapy",
                None,
                px=[(cd, ct.PT_CODES[cd][0]) for cd, _ in codes],
                complaints=[f"pain {pain}/10"],
            )
            row_items.append((vv, codes))
        other = None
        chunks = [
            list(range(i, min(i + rows_per_page, len(table))))
            for i in range(0, len(table), rows_per_page)
        ]
        for ci, ch in enumerate(chunks):
            if ci:
                st.page_break()
            if c.opts.other == "ptsheet" and ci == 1:
                other = self.other_ptsheet(st, k, fk)
            st.p("DAILY TREATMENT FLOW SHEET", st.st.h1)
            st.table(
                [
                    "Date",
                    "Visit #",
                    "Ther.",
                    "Pain",
                    "Interventions (CPT x units)",
                    "Min",
                    "Response",
                ],
                [table[j] for j in ch],
                [0.85, 0.5, 0.45, 0.5, 2.6, 0.4, 1.3],
            )
            for j in ch:
                vv, codes = row_items[j]
                if vv is None:
                    continue
                kq = st.anchor(table[j][0])
                vv.cite = self.cite(name, st, kq)
                self.visit(vv)
                self.pt_visits.append((vv, codes))
            st.space(8)
            st.p(
                "Therapist key: "
                + "; ".join(
                    f"{x.initials} = {x.styled(0)}" for x in (self.op_pt, self.pta)
                ),
                st.st.small,
            )
        bil = r.random() < 0.6
        scan: set[int] | str = (
            set(range(2, 2 + len(chunks) + (1 if other else 0)))
            if bil or r.random() < 0.5
            else set()
        )
        self.finish(
            name,
            st,
            self.ptclinic,
            self.hstyle["pt"],
            "PT records",
            scan=scan,
            bilevel=bil,
            other=other,
        )

    def other_ptsheet(self, st: Story, k: int, fk: int) -> tuple[str, str]:
        op = self.other_person()
        st.header(self.hdr(op))
        a = f"xp{self.c.idx}a"
        st.items.append(Anchor(st.anchors, a))
        st.p("DAILY TREATMENT FLOW SHEET", st.st.h1)
        st.p(f"Patient: {op.full}   DOB: {fmt(op.dob, k)}", st.st.bold)
        rows = []
        d = self.pt_days[0]
        for i in range(1, 7):
            d += DAY * 2
            rows.append(
                [
                    fmt(d, fk),
                    str(i + 4),
                    self.op_pt.initials,
                    f"{self.rng.randint(2, 6)}/10",
                    "97110 x2 ther ex, 97140 x1 manual",
                    "45",
                    "Tol well",
                ]
            )
        st.table(
            [
                "Date",
                "Visit #",
                "Ther.",
                "Pain",
                "Interventions (CPT x units)",
                "Min",
                "Response",
            ],
            rows,
            [0.85, 0.5, 0.45, 0.5, 2.6, 0.4, 1.3],
        )
        st.p("Dx: M75.41 impingement syndrome of right shoulder", st.st.small)
        b = f"xp{self.c.idx}b"
        st.items.append(Anchor(st.anchors, b))
        st.page_break()
        st.header(self.hdr())
        return a, b

    # ------------------------------------------------------------ primary care
    def aci_text(self, n: AciNote, p: Person, on: D) -> str:
        t = n.text
        t = re.sub(
            rf"\b{re.escape(n.first)} {re.escape(n.last)}\b", p.full, t, flags=re.I
        )
        t = re.sub(
            rf"\b(Mr|Ms|Mrs|Miss)\. {re.escape(n.last)}\b",
            lambda m: f"{m.group(1)}. {p.last}",
            t,
            flags=re.I,
        )
        t = re.sub(rf"\b{re.escape(n.last)}\b", p.last, t, flags=re.I)
        t = re.sub(rf"\b{re.escape(n.first)}\b", p.first, t, flags=re.I)
        t = re.sub(r"\b\d{1,3}-year-old\b", f"{p.age(on)}-year-old", t)
        return t

    def write_aci(
        self, st: Story, n: AciNote, p: Person, d: D, who: Clin, k: int
    ) -> str:
        key = st.q(f"Office Visit {fmt(d, k)} {who.styled(0)}", st.st.h2)
        for block in self.aci_text(n, p, d).split("\n"):
            b = block.strip()
            if not b:
                continue
            if b.isupper() and len(b) < 60:
                st.h(b)
            else:
                st.p(b)
        st.p(f"Electronically signed by {who.styled(0)}", st.st.small)
        return key

    def doc_pcp(self, name: str) -> None:
        c, r = self.c, self.rng
        st = Story(Styles("helv", 9))
        k = self.dk["pcp"]
        st.header(self.hdr())
        first = True
        other = None
        for n, d in zip(self.pre_notes, self.pre_days, strict=True):
            if not first:
                st.page_break()
            first = False
            key = self.write_aci(st, n, c.pt, d, self.pcp_doc, k)
            self.visit(
                Visit(
                    d,
                    self.pcp_doc,
                    self.pcp,
                    "primary care",
                    self.cite(name, st, key),
                    complaints=[n.cc.strip()],
                    pre=True,
                )
            )
        if c.opts.other == "aci":
            pool = [
                n
                for n in self.notes
                if n.clean and n.age >= 18 and n not in self.pre_notes
            ]
            n = r.choice(pool)
            op = Person(
                n.first,
                n.last,
                D(c.incident.year - n.age, r.randint(1, 12), r.randint(1, 28)),
                n.sex,
                f"{r.randint(100, 999)}{r.randint(10000, 99999)}",
            )
            if not first:
                st.page_break()
            first = False
            st.header(self.hdr(op))
            a = f"xa{c.idx}a"
            st.items.append(Anchor(st.anchors, a))
            self.write_aci(
                st, n, op, c.incident + DAY * r.randint(20, 60), self.pcp_doc, k
            )
            b = f"xa{c.idx}b"
            st.items.append(Anchor(st.anchors, b))
            st.page_break()
            st.header(self.hdr())
            other = (a, b)
        if self.pcp_post:
            if not first and not other:
                st.page_break()
            d = self.dn + DAY * r.randint(4, 8)
            key = st.q(f"Office Visit {fmt(d, k)} {self.pcp_doc.styled(0)}", st.st.h2)
            self.visit(
                Visit(
                    d,
                    self.pcp_doc,
                    self.pcp,
                    "primary care",
                    self.cite(name, st, key),
                    complaints=["hospital follow-up", c.scen.complaints[0]],
                    recs=[f"Keep follow-up with {self.surgeon.dr()}"],
                )
            )
            st.h("CHIEF COMPLAINT")
            st.p("Hospital follow-up.")
            st.h("HISTORY OF PRESENT ILLNESS")
            ka = st.qs(
                f"{c.pt.full} ",
                f"was admitted to {self.hosp.name} on {fmt(c.incident, 3)}",
                f" after {c.pt.she} was injured.",
            )
            self.mention(name, st, ka, c.incident, None, self.hosp.name, "emergency")
            kb = st.qs(
                "",
                f"Discharged home on {fmt(self.dn, 3)}",
                f" on {c.scen.discharge_rx[0]}.",
            )
            self.mention(name, st, kb, self.dn, self.hosp1, self.hosp.name, "inpatient")
            st.p(
                "Reports pain controlled. Sleeping poorly. Has follow-up with "
                f"{self.surgeon.dr()}."
            )
            st.h("ASSESSMENT AND PLAN")
            st.p(
                "Status post trauma. Medications reconciled. Keep follow-up with "
                f"{self.surgeon.dr()}."
            )
            st.p(f"Electronically signed by {self.pcp_doc.styled(0)}", st.st.small)
        scan = {1} if r.random() < 0.3 else set()
        self.finish(
            name,
            st,
            self.pcp,
            self.hstyle["pcp"],
            "Printed from EHR",
            scan=scan,
            other=other,
        )

    # ------------------------------------------------------------ bills
    def plan_bills(self) -> tuple[Stmt, list[tuple[Stmt, str, bool]]]:
        c, r, s = self.c, self.rng, self.c.scen
        d0, dn = c.incident, self.dn
        ub: list[Line] = []

        def add(
            rev: str,
            desc: str,
            code: str,
            d: D,
            units: int,
            cents: int,
            v: Visit | None = None,
        ) -> None:
            ub.append(Line(d, code or rev, desc, cents, v, units, rev))

        ed = next(v for v in c.visits if v.vtype == "emergency")
        add("0450", "EMERGENCY ROOM", "99285", d0, 1, 325000, ed)
        for sd, ed_, v in self.rad_lines:
            add(
                sd.rev,
                "CT SCAN" if sd.rev.startswith("035") else "DX X-RAY",
                sd.cpt,
                ed_,
                1,
                sd.charge,
                v,
            )
        add("0120", "ROOM-BOARD/SEMI", "", d0, self.los, 285000 * self.los)
        add("0250", "PHARMACY", "", d0, r.randint(20, 60), r.randint(1800, 6200) * 100)
        add("0300", "LABORATORY", "", d0, r.randint(6, 18), r.randint(900, 2600) * 100)
        add(
            "0270",
            "MED-SUR SUPPLIES",
            "",
            d0,
            r.randint(5, 25),
            r.randint(400, 1900) * 100,
        )
        if s.operation and self.op_day:
            add("0360", "OR SERVICES", "", self.op_day, 1, r.randint(9000, 18000) * 100)
            add("0370", "ANESTHESIA", "", self.op_day, 1, r.randint(1800, 4200) * 100)
            add("0710", "RECOVERY ROOM", "", self.op_day, 1, r.randint(900, 2200) * 100)
            if s.key != "chest_spleen":
                add(
                    "0278", "IMPLANTS", "", self.op_day, 1, r.randint(6000, 19000) * 100
                )
        ptv = next(v for v in c.visits if v.clin is self.ip_pt)
        add("0424", "PT EVALUATION", "97162", self.pt_day, 1, 42500, ptv)
        ub_stmt = Stmt(self.hosp.name, ub)
        pros: list[tuple[Stmt, str, bool]] = []

        def pro(
            entity: str,
            note: str,
            items: list[tuple[Visit, str, str, int, int]],
            mod: bool = False,
            payer: bool = False,
        ) -> None:
            lines = [
                Line(v.date, code, desc, cents, v, u)
                for v, code, desc, cents, u in items
            ]
            stmt = Stmt(entity, lines)
            last = max(x.date for x in lines)
            if payer:
                paid = round(stmt.line_total * r.uniform(0.3, 0.45))
                adj = round(stmt.line_total * r.uniform(0.3, 0.45))
                pd = last + DAY * r.randint(25, 45)
                stmt.txns = [
                    Txn(pd, "payment", f"{self.insurer} payment", paid),
                    Txn(pd, "adjustment", "Contractual adjustment", adj),
                ]
            elif r.random() < 0.3:
                stmt.txns = [
                    Txn(
                        last + DAY * 40,
                        "payment",
                        "Auto Med-Pay payment",
                        min(50000, stmt.line_total),
                    )
                ]
            pros.append((stmt, note, mod))

        pro(
            self.ed_group,
            "Professional services",
            [(ed, "99285", "ED visit, high complexity", r.randint(980, 1650) * 100, 1)],
        )
        hm = []
        for v in sorted(c.visits, key=lambda x: x.date):
            if v.vtype == "inpatient" and v.clin in (self.hosp1, self.hosp2):
                if v.date == d0:
                    hm.append((v, "99223", "Initial hospital care", 48500, 1))
                elif v.date == dn:
                    hm.append((v, "99239", "Discharge day management", 26500, 1))
                else:
                    hm.append((v, "99232", "Subsequent hospital care", 19800, 1))
        pro(self.hm_group, "Hospital medicine professional fees", hm)
        cons = next(v for v in c.visits if v.vtype == "consultation")
        sp = [(cons, "99254", "Inpatient consultation", 42000, 1)]
        if s.operation:
            opv = next(v for v in c.visits if v.vtype == "surgery")
            sp.append((opv, s.operation[1], s.operation[0][:44], s.operation[2], 1))
        else:
            sp += [
                (v, "99213", "Office visit, established", 16500, 1)
                for v in self.clinic_visits
            ]
        pro(self.clinic.name, "Professional services", sp, payer=True)
        pro(
            self.rad_group,
            "Professional interpretation",
            [
                (v, sd.cpt, f"{sd.name} - prof.", sd.prof, 1)
                for sd, _, v in self.rad_lines
            ],
            mod=True,
        )
        ptl = [
            (v, cd, ct.PT_CODES[cd][0], ct.PT_CODES[cd][1] * u, u)
            for v, codes in self.pt_visits
            for cd, u in codes
        ]
        pro(self.ptclinic.name, "Itemized statement", ptl, payer=True)
        if c.opts.inconsistent:
            if r.random() < 0.5:
                ub_stmt.printed_total = ub_stmt.line_total - ub[-2].cents
            else:
                t = pros[-1][0]
                t.printed_total = t.line_total + r.choice([-1, 1]) * r.choice(
                    [6200, 12400, 5800]
                )
        c.stmts.append(ub_stmt)
        c.stmts.extend(p[0] for p in pros)
        return ub_stmt, pros

    def stmt_table(
        self, st: Story, name: str, stmt: Stmt, k: int, with_mod: bool = False
    ) -> None:
        rows = []
        for ln in stmt.lines:
            rows.append(
                [fmt(ln.date, k), ln.code]
                + (["26"] if with_mod else [])
                + [ln.desc, str(ln.units), money(ln.cents)]
            )
        head = (
            ["Date of Service", "CPT"]
            + (["Mod"] if with_mod else [])
            + ["Description", "Units", "Charge"]
        )
        widths = (
            [1.0, 0.6]
            + ([0.4] if with_mod else [])
            + [(3.3 if with_mod else 3.7), 0.5, 0.9]
        )
        for i in range(0, len(rows), 24):
            if i:
                st.page_break()
                st.p(f"{stmt.entity} - statement continued", st.st.bold)
            st.table(head, rows[i : i + 24], widths)
            for ln in stmt.lines[i : i + 24]:
                ln.cite = self.cite(name, st, st.anchor(ln.desc))
        st.space(6)
        if stmt.txns:
            st.table(
                ["Date", "Payment / adjustment", "Amount"],
                [[fmt(t.date, k), t.desc, f"({money(t.cents)})"] for t in stmt.txns],
                [1.0, 4.6, 1.2],
            )
            st.space(4)
        due = stmt.stated - stmt.paid("payment") - stmt.paid("adjustment")
        st.kv(
            [
                ("Total charges", money(stmt.stated)),
                ("Payments", f"({money(stmt.paid('payment'))})"),
                ("Adjustments", f"({money(stmt.paid('adjustment'))})"),
                ("Balance due", money(due)),
            ],
            (1.6, 2.0),
        )

    def doc_bills(self, name: str) -> None:
        c, r, s, pt = self.c, self.rng, self.c.scen, self.c.pt
        ub_stmt, pros = self.plan_bills()
        st = Story(Styles("courier", 8.5))
        k = self.dk["bill"]
        d0, dn = c.incident, self.dn
        ub = ub_stmt.lines
        st.header(self.hdr())
        st.p("UB-04 CMS-1450", st.st.bold)
        st.table(
            [
                "1 BILLING PROVIDER",
                "3a PAT CNTL #",
                "4 TYPE OF BILL",
                "6 STATEMENT COVERS PERIOD",
            ],
            [
                [
                    f"{self.hosp.name} {self.hosp.addr} {self.hosp.csz}",
                    f"{r.randint(10**8, 10**9 - 1)}",
                    "0111",
                    f"FROM {d0:%m%d%y} THROUGH {dn:%m%d%y}",
                ]
            ],
            [2.8, 1.2, 1.0, 2.0],
        )
        st.table(
            [
                "8 PATIENT NAME",
                "10 BIRTHDATE",
                "11 SEX",
                "12 ADMISSION DATE",
                "14 TYPE",
                "15 SRC",
            ],
            [
                [
                    f"{pt.last.upper()}, {pt.first.upper()}",
                    f"{pt.dob:%m%d%Y}",
                    pt.sex[0].upper(),
                    f"{d0:%m%d%y}",
                    "1",
                    "7",
                ]
            ],
            [2.0, 1.1, 0.6, 1.3, 0.8, 0.8],
        )
        st.space(4)
        rows = [
            [
                ln.rev,
                ln.desc,
                ln.code if ln.code != ln.rev else "",
                f"{ln.date:%m%d%y}",
                str(ln.units),
                money(ln.cents),
            ]
            for ln in ub
        ]
        rows.append(["0001", "TOTAL CHARGES", "", "", "", money(ub_stmt.stated)])
        st.table(
            [
                "42 REV CD",
                "43 DESCRIPTION",
                "44 HCPCS/RATES",
                "45 SERV DATE",
                "46 UNITS",
                "47 TOTAL CHARGES",
            ],
            rows,
            [0.7, 2.3, 1.1, 1.0, 0.6, 1.3],
        )
        for ln in ub:
            ln.cite = self.cite(name, st, st.anchor(ln.desc))
        dxs = [ct.dx(x) for x in s.injuries]
        st.space(4)
        st.table(
            ["50 PAYER", "67 PRIN DIAG", "76 ATTENDING"],
            [
                [
                    self.insurer,
                    dxs[0][0].replace(".", ""),
                    f"{self.hosp1.last.upper()} {self.hosp1.first.upper()}",
                ]
            ],
            [3.0, 1.5, 2.5],
        )
        for stmt, note, mod in pros:
            st.page_break()
            st.p(stmt.entity.upper(), st.st.h1)
            last = max(x.date for x in stmt.lines)
            st.p(f"{note}   Statement date {fmt(last + DAY * 75, k)}", st.st.small)
            st.p(
                f"Patient: {pt.full}   Account {r.randint(100000, 999999)}", st.st.bold
            )
            self.stmt_table(st, name, stmt, k, mod)
        scan = {1} if r.random() < 0.3 else set()
        self.finish(
            name,
            st,
            Fac("Patient Financial Services", "", "", "", "", "", ""),
            2,
            "Billing records produced on request",
            scan=scan,
        )

    # ------------------------------------------------------------ pharmacy
    def doc_pharmacy(self, name: str) -> None:
        c, r, s, pt = self.c, self.rng, self.c.scen, self.c.pt
        st = Story(Styles("courier", 8))
        fills: list[tuple[D, str, Clin]] = []
        fd = self.dn + DAY * r.choice([0, 1])
        for m in s.discharge_rx:
            fills.append((fd, m, self.hosp1))
        for v in self.clinic_visits:
            for m in v.meds:
                fills.append((v.date, m, v.clin))
        if r.random() < 0.6:
            fills.append((fd + DAY * 8, s.discharge_rx[0], self.surgeon))
        lines = []
        rows = []
        for d, m, who in sorted(fills, key=lambda x: (x[0], x[1])):
            key = next(
                kk
                for kk in sorted(ct.RX_CATALOG, key=len, reverse=True)
                if m.startswith(kk)
            )
            drug, ndc, qty, days, price = ct.RX_CATALOG[key]
            rx = f"{r.randint(6000000, 6999999)}"
            ins = round(price * r.uniform(0.6, 0.9))
            rows.append(
                [
                    fmt(d, 1),
                    rx,
                    ndc,
                    drug,
                    str(qty),
                    str(days),
                    who.styled(1),
                    money(price),
                    money(ins),
                    money(price - ins),
                ]
            )
            lines.append(Line(d, ndc, drug, price))
        stmt = Stmt(self.pharm.name, lines)
        paid = sum(round(ln.cents * 0) for ln in lines)
        _ = paid
        tot_ins = sum(int(rw[8].replace(",", "").replace(".", "")) for rw in rows)
        tot_pt = sum(int(rw[9].replace(",", "").replace(".", "")) for rw in rows)
        stmt.txns = [
            Txn(lines[-1].date, "payment", "Third-party plan paid", tot_ins),
            Txn(lines[-1].date, "payment", "Patient copay paid", tot_pt),
        ]
        c.stmts.append(stmt)
        st.header(self.hdr())
        st.p("PATIENT PRESCRIPTION HISTORY / DISPENSING LOG", st.st.h1)
        st.p(
            f"Patient: {pt.full}   DOB {fmt(pt.dob, 1)}   For insurance / legal "
            "purposes",
            st.st.small,
        )
        st.table(
            [
                "Filled",
                "Rx #",
                "NDC",
                "Drug",
                "Qty",
                "Days",
                "Prescriber",
                "Price",
                "Plan paid",
                "Copay",
            ],
            rows,
            [0.6, 0.6, 0.9, 1.45, 0.35, 0.35, 1.25, 0.55, 0.55, 0.5],
            size=7,
        )
        for ln in lines:
            ln.cite = self.cite(name, st, st.anchor(ln.desc))
        st.space(6)
        st.kv(
            [
                ("Total price", money(stmt.line_total)),
                ("Plan paid", money(tot_ins)),
                ("Patient paid", money(tot_pt)),
                ("Balance", "0.00"),
            ],
            (1.6, 2.0),
        )
        scan = {1} if r.random() < 0.4 else set()
        self.finish(name, st, self.pharm, 0, "Pharmacy records", scan=scan)

    # ------------------------------------------------------------ EOB
    def doc_eob(self, name: str) -> None:
        c, r, pt = self.c, self.rng, self.c.pt
        st = Story(Styles("helv", 8.5))
        st.p(f"{self.insurer.upper()} - EXPLANATION OF BENEFITS", st.st.h1)
        st.p("THIS IS NOT A BILL", st.st.bold)
        st.kv(
            [
                ("Member", pt.full),
                ("Member ID", f"XK{r.randint(10**7, 10**8 - 1)}"),
                ("Statement period", f"{fmt(c.incident, 0)} - {fmt(self.fus[-1], 0)}"),
            ]
        )
        for stmt in c.stmts:
            if not any(t.desc.startswith(self.insurer) for t in stmt.txns):
                continue
            paid = stmt.paid("payment")
            adj = stmt.paid("adjustment")
            st.space(6)
            st.p(
                f"Provider: {stmt.entity}   Claim # {r.randint(10**10, 10**11 - 1)}",
                st.st.bold,
            )
            d1 = min(x.date for x in stmt.lines)
            d2 = max(x.date for x in stmt.lines)
            st.table(
                [
                    "Service dates",
                    "Billed",
                    "Not covered / discount",
                    "Allowed",
                    "Plan paid",
                    "You owe",
                ],
                [
                    [
                        f"{fmt(d1, 0)} - {fmt(d2, 0)}",
                        money(stmt.line_total),
                        money(adj),
                        money(stmt.line_total - adj),
                        money(paid),
                        money(stmt.line_total - adj - paid),
                    ]
                ],
                [1.8, 0.9, 1.3, 0.9, 0.9, 0.9],
            )
        st.space(8)
        st.p(
            "Your plan paid the providers directly. Amounts under 'You owe' may be "
            "billed to you by the provider.",
            st.st.small,
        )
        scan = {1} if r.random() < 0.3 else set()
        self.finish(
            name,
            st,
            Fac(
                self.insurer,
                "PO Box 4410",
                "Harrisburg",
                "PA",
                "17105",
                "(800) 555-0142",
                "",
            ),
            1,
            "Keep for your records",
            scan=scan,
        )
