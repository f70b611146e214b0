"""Plan one personal-injury case: timeline, clinicians, facilities, visits, bills."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from . import content as ct
from .model import (
    Case,
    ChargeLine,
    Clinician,
    Facility,
    Person,
    Reported,
    Statement,
    Txn,
    Visit,
)
from .source import SourceData, SrcPatient, SrcProvider
from .util import add_days, age_on, fmt_date, next_weekday, npi, phone, tax_id

FIRMS = [
    ("Morgan & Pike, PLLC", "100 Federal Street, Suite 1900, Boston, MA 02110"),
    ("Castellano Injury Law Group", "44 School Street, 6th Floor, Boston, MA 02108"),
    ("Harrington Doyle LLP", "One Financial Plaza, Worcester, MA 01608"),
    ("The Whitcomb Law Firm, P.C.", "250 Essex Street, Salem, MA 01970"),
    ("Burke, Nadeau & Associates", "1350 Main Street, Springfield, MA 01103"),
    ("Laurent Trial Lawyers", "77 North Washington Street, Boston, MA 02114"),
]
VENDORS = [
    "Apex Record Retrieval, LLC",
    "ChartSource Legal Copy Services",
    "MedRecords Direct, Inc.",
    "Keystone Document Retrieval",
]
INSURERS = [
    "Plymouth Rock Assurance",
    "Safety Insurance Company",
    "Arbella Mutual Insurance",
    "Progressive Direct Insurance",
    "Commerce Insurance Company",
    "Liberty Mutual Insurance",
]
HEALTH_PAYERS = [
    "Blue Cross Blue Shield of MA",
    "Harvard Pilgrim Health Care",
    "Tufts Health Plan",
    "MassHealth",
    "Aetna",
]
REGIONS_NAMES = [
    "North Shore",
    "South Shore",
    "MetroWest",
    "Pioneer Valley",
    "Merrimack Valley",
    "Blackstone Valley",
    "Cape & Islands",
    "Bay State",
]
CHIRO_WORDS = [
    "Align",
    "Keystone",
    "Summit",
    "Harbor",
    "True North",
    "Cornerstone",
    "Lighthouse",
]
CHIRO_WORDS2 = ["Back In Motion", "Body in Balance", "Total Health", "Family First"]
ORTHO_WORDS = ["Commonwealth", "Charles River", "Granite State", "Seacoast"]
SAINTS = [
    "St. Brendan's",
    "St. Agnes",
    "Holy Cross",
    "Mercy",
    "Good Samaritan",
    "St. Luke's",
]


@dataclass
class CaseOpts:
    other_patient: str | None = None  # note_in_chiro | whole_doc | ed_page | bill_page
    dup_statement: bool = False
    handwritten: int = 0
    budget: int = 0  # raised to shrink the case when it renders too long
    inconsistent: int = 0  # how many of the case's bills print a wrong total


class Names:
    """Clinician names from the Synthea provider list, unique surnames within a case."""

    def __init__(self, src: SourceData, rng: random.Random, avoid: set[str]) -> None:
        self.src = src
        self.rng = rng
        self.used = set(avoid)

    def pick(self, specialties: tuple[str, ...], cred: str) -> Clinician:
        pool: list[SrcProvider] = []
        for s in specialties:
            pool.extend(self.src.by_specialty.get(s, []))
        pool = [p for p in pool if p.last not in self.used]
        if len(pool) < 3:
            pool = [p for p in self.src.providers if p.last not in self.used]
        p = self.rng.choice(pool)
        self.used.add(p.last)
        return Clinician(p.first, p.last, cred, npi(self.rng), p.sex)


def eligible_patients(src: SourceData) -> list[SrcPatient]:
    out = []
    for p in src.patients:
        if p.death is not None:
            continue
        age = age_on(p.dob, dt.date(2023, 1, 1))
        if 20 <= age <= 72 and p.city and p.zip:
            out.append(p)
    return out


def person_from(sp: SrcPatient, rng: random.Random) -> Person:
    mids = "ABCDEFGHJKLMNPRSTW"
    return Person(
        sp.first,
        sp.last,
        sp.dob,
        sp.sex,
        sp.address,
        sp.city,
        "MA",
        sp.zip,
        middle=rng.choice(mids) if rng.random() < 0.5 else "",
    )


class Planner:
    def __init__(
        self,
        idx: int,
        rng: random.Random,
        src: SourceData,
        sp: SrcPatient,
        opts: CaseOpts,
    ) -> None:
        self.idx = idx
        self.rng = rng
        self.src = src
        self.sp = sp
        self.opts = opts
        self.names = Names(src, rng, {sp.last})
        self.vcount = 0
        self.scount = 0

    # ---- helpers -------------------------------------------------------------
    def vid(self) -> str:
        self.vcount += 1
        return f"v{self.vcount:03d}"

    def city(self) -> tuple[str, str]:
        return self.rng.choice(self.src.cities)

    def street(self) -> str:
        return f"{self.rng.randint(12, 1999)} {self.rng.choice(self.src.streets)}"

    def facility(self, key: str, kind: str, name: str, suite: bool = False) -> Facility:
        city, zc = self.city()
        named = [cz for cz in self.src.cities if cz[0] in name]
        if named:  # a practice named after its town is in that town
            city, zc = max(named, key=lambda cz: len(cz[0]))
        addr = self.street()
        if suite:
            addr += f", Suite {self.rng.choice([100, 102, 110, 200, 210, 305, 400])}"
        area = self.rng.choice(["617", "508", "781", "978", "413"])
        f = Facility(
            key=key,
            name=name,
            kind=kind,
            addr=addr,
            city=city,
            state="MA",
            zip=zc,
            phone=phone(self.rng, area),
            fax=phone(self.rng, area),
            npi=npi(self.rng),
            tin=tax_id(self.rng),
            billing_name=name,
        )
        self.case.facilities[key] = f
        return f

    def price(self, base: float) -> int:
        return round(base * self.factor) * 100

    # ---- plan ----------------------------------------------------------------
    def plan(self) -> Case:
        rng = self.rng
        patient = person_from(self.sp, rng)
        incident = dt.date(2021, 2, 1) + dt.timedelta(days=rng.randint(0, 1180))
        mech = rng.choice(ct.MECHANISMS)
        regions = self.pick_regions(mech)
        firm, firm_addr = rng.choice(FIRMS)
        prefix = "".join(ch for ch in patient.last.upper() if ch.isalpha())
        self.case = Case(
            idx=self.idx,
            patient=patient,
            incident=incident,
            mechanism=mech.key,
            mech_code=ct.dx(mech.code),
            regions=regions,
            bates_prefix=prefix,
            firm=firm,
            firm_addr=firm_addr,
            vendor=rng.choice(VENDORS),
            insurer=rng.choice(INSURERS),
            claim_no=rng.choice(["PA", "BI", "CL"])
            + str(rng.randint(10000000, 99999999)),
        )
        self.mech = mech
        self.pmh = self.pmh_items()
        self.case.pmh = [label for _, label in self.pmh]
        self.factor = rng.uniform(0.9, 1.3)
        self.health_payer = rng.choice(HEALTH_PAYERS)
        b = self.opts.budget
        has_spine = any(ct.REGIONS[r].spine for r in regions)
        # which providers
        want_pcp_pre = rng.random() < 0.5 and b < 3
        want_pcp_post = rng.random() < 0.35 and b < 2
        want_chiro = has_spine and rng.random() < 0.72
        want_pt = (rng.random() < 0.5 or not want_chiro) and b < 4
        want_ortho = rng.random() < 0.62 or not (want_chiro or want_pt)
        want_mri = (want_ortho or want_chiro) and rng.random() < 0.7 and b < 5
        want_pain = want_mri and has_spine and rng.random() < 0.5 and b < 3
        want_ime = rng.random() < 0.55 and b < 4
        if self.opts.other_patient == "note_in_chiro" and has_spine:
            want_chiro = True
        if self.opts.other_patient == "whole_doc":
            want_pt = True
        if self.opts.dup_statement and not (want_chiro or want_pt):
            want_pt = True
        self.case.flags.update(
            pcp_pre=want_pcp_pre,
            pcp_post=want_pcp_post,
            chiro=want_chiro,
            pt=want_pt,
            ortho=want_ortho,
            mri=want_mri,
            pain=want_pain,
            ime=want_ime,
        )
        self.plan_ed()
        if want_pcp_pre or want_pcp_post:
            self.plan_pcp(want_pcp_pre, want_pcp_post)
        start = add_days(self.case.incident, rng.randint(3, 12))
        if want_chiro:
            self.plan_chiro(start)
        ortho_consult = None
        if want_ortho:
            ortho_consult = self.plan_ortho_consult()
        mri_date = None
        if want_mri:
            mri_date = self.plan_mri(ortho_consult)
        if want_ortho and ortho_consult is not None:
            self.plan_ortho_followups(ortho_consult, mri_date)
        if want_pt:
            self.plan_pt(ortho_consult)
        if want_pain and mri_date is not None:
            self.plan_pain(mri_date)
        if want_ime:
            self.plan_ime()
        self.case.visits.sort(key=lambda v: (v.date, v.vid))
        self.plan_bills()
        return self.case

    def pick_regions(self, mech: ct.Mechanism) -> list[str]:
        rng = self.rng
        out: list[str] = []
        if mech.mvc:
            if rng.random() < 0.92:
                out.append("neck")
            if rng.random() < 0.65:
                out.append("lowback")
            if rng.random() < 0.2:
                out.append("midback")
            if rng.random() < 0.25:
                out.append(rng.choice(["rshoulder", "lshoulder"]))
            if rng.random() < 0.2:
                out.append("head")
        else:
            if rng.random() < 0.8:
                out.append("lowback")
            if rng.random() < 0.4:
                out.append("neck")
            if rng.random() < 0.4:
                out.append("rshoulder")
            if rng.random() < 0.45:
                out.append("rknee")
            if rng.random() < 0.15:
                out.append("head")
        if not out:
            out = ["neck", "lowback"] if mech.mvc else ["lowback"]
        if not any(ct.REGIONS[r].spine for r in out):
            out.insert(0, "lowback")
        return out[:3]

    def pmh_items(self) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = []
        seen: set[str] = set()
        for _start, desc in self.sp.conditions:
            if desc in ct.PMH_MAP and desc not in seen:
                seen.add(desc)
                items.append(ct.PMH_MAP[desc])
        return items[:4]

    @property
    def spine_regions(self) -> list[str]:
        return [r for r in self.case.regions if ct.REGIONS[r].spine]

    def add_visit(
        self,
        kind: str,
        date: dt.date,
        clin: Clinician,
        fac: Facility,
        vtype: str,
        **kw: object,
    ) -> Visit:
        v = Visit(
            vid=self.vid(),
            kind=kind,
            date=date,
            clinician=clin,
            facility=fac,
            visit_type=vtype,
            pre_incident=date < self.case.incident,
        )
        for k, val in kw.items():
            setattr(v, k, val)
        self.case.visits.append(v)
        return v

    def mention(
        self,
        host: Visit,
        date: dt.date,
        clin: Clinician | None,
        facility: str | None,
        vtype: str | None,
        desc: str,
    ) -> Reported:
        r = Reported(
            date, clin, facility, vtype, desc, pre_incident=date < self.case.incident
        )
        host.data.setdefault("mentions", []).append(r)
        return r

    # ---- emergency department ------------------------------------------------
    def plan_ed(self) -> None:
        rng = self.rng
        case = self.case
        hosp_name = rng.choice(
            [
                f"{self.city()[0]} General Hospital",
                f"{rng.choice(SAINTS)} Medical Center",
                f"{self.city()[0]} Regional Medical Center",
                f"{rng.choice(['Northeast', 'Bayview', 'Riverside', 'Lakeside'])} "
                "Community Hospital",
            ]
        )
        hosp = self.facility("hospital", "hospital", hosp_name)
        hosp.style["mrn"] = f"{rng.randint(1000000, 9999999)}"
        hosp.style["acct"] = f"{rng.randint(10000000, 99999999)}"
        ed_doc = self.names.pick(
            ("GENERAL PRACTICE", "INTERNAL MEDICINE", "HOSPITALIST", "FAMILY PRACTICE"),
            rng.choice(["MD", "MD", "DO"]),
        )
        rn1 = self.names.pick(("CLINICAL NURSE SPECIALIST", "NURSE PRACTITIONER"), "RN")
        rn2 = self.names.pick(("CLINICAL NURSE SPECIALIST", "NURSE PRACTITIONER"), "RN")
        rad = self.names.pick(("DIAGNOSTIC RADIOLOGY",), "MD")
        ed_date = case.incident if rng.random() < 0.8 else add_days(case.incident, 1)
        arrival = rng.randint(8 * 60, 20 * 60)
        regions = case.regions
        dxs = [ct.dx(ct.REGIONS[r].ed_dx) for r in regions]
        if rng.random() < 0.6:
            dxs.append(case.mech_code)
        given = rng.sample(ct.ED_GIVEN[:4], 2)
        rx = rng.sample(ct.ED_RX, 2)
        restrict = rng.sample(ct.ED_RESTRICT, rng.randint(1, 2))
        recs = [
            "Follow up with your primary care provider in 3 to 5 days",
            "Return to the Emergency Department for numbness, weakness, or worsening "
            "pain",
        ]
        if rng.random() < 0.5:
            recs.append("Ice 20 minutes at a time for the first 48 hours, then heat")
        level = rng.choice(["99283", "99284", "99284", "99285"])
        complaints = [ct.REGIONS[r].complaint for r in regions]
        findings = [ct.REGIONS[r].ed_exam for r in regions[:2]]
        ed = self.add_visit(
            "ed",
            ed_date,
            ed_doc,
            hosp,
            "emergency",
            diagnoses=dxs,
            procedures=[],
            complaints=complaints,
            findings=findings,
            medications=given + rx,
            restrictions=restrict,
            recommendations=recs,
        )
        ed.data.update(
            arrival=arrival,
            rn1=rn1,
            rn2=rn2,
            given=given,
            rx=rx,
            level=level,
            esi=rng.choice([3, 4, 4]),
            mode=rng.choice(["Ambulance (EMS)", "Private vehicle", "Walk-in"]),
            pain=rng.randint(5, 9),
            bp=f"{rng.randint(118, 158)}/{rng.randint(70, 96)}",
            hr=rng.randint(68, 108),
            rr=rng.choice([16, 18, 18, 20]),
            temp=rng.choice(["98.1", "98.4", "98.6", "98.7", "99.0"]),
            spo2=rng.choice([96, 97, 98, 99, 100]),
            day_after=ed_date != case.incident,
        )
        # x-ray / CT by the radiologist
        img_regions = regions[:2]
        exams = [ct.REGIONS[r].xray for r in img_regions]
        xr = self.add_visit(
            "xray",
            ed_date,
            rad,
            hosp,
            "imaging",
            diagnoses=[],
            procedures=[(cpt, name) for cpt, name in exams]
            if rng.random() < 0.5
            else [],
            complaints=[],
            findings=[ct.REGIONS[r].xray_impression for r in img_regions],
            medications=[],
            restrictions=[],
            recommendations=[],
        )
        xr.data.update(
            exams=exams, regions=img_regions, ordering=ed_doc, time=arrival + 55
        )
        ed.data["xray"] = xr
        self.ed = ed
        self.xr = xr
        self.hosp = hosp
        # ED physician group and radiology group (professional billing)
        if rng.random() < 0.55 and self.opts.budget < 3:
            grp = self.facility(
                "ed_group",
                "ed_group",
                rng.choice(
                    [
                        f"{rng.choice(REGIONS_NAMES)} Emergency Physicians, P.C.",
                        f"Emergency Medicine Associates of {self.city()[0]}",
                    ]
                ),
            )
            grp.addr, grp.city, grp.zip = hosp.addr, hosp.city, hosp.zip
        if rng.random() < 0.45 and self.opts.budget < 2:
            self.facility(
                "rad_group",
                "radiology_group",
                rng.choice(
                    [
                        f"{rng.choice(REGIONS_NAMES)} Radiology Associates, Inc.",
                        f"{self.city()[0]} Imaging Physicians, LLC",
                    ]
                ),
            )

    # ---- primary care --------------------------------------------------------
    def plan_pcp(self, pre: bool, post: bool) -> None:
        rng = self.rng
        case = self.case
        city = self.city()[0]
        name = rng.choice(
            [
                f"{city} Family Medicine",
                f"{rng.choice(self.src.streets).split()[0]} Primary Care Associates",
                f"{city} Internal Medicine Associates",
            ]
        )
        fac = self.facility("pcp", "pcp", name, suite=True)
        doc = self.names.pick(
            ("GENERAL PRACTICE", "FAMILY PRACTICE", "INTERNAL MEDICINE"),
            rng.choice(["MD", "DO"]),
        )
        np_ = self.names.pick(("NURSE PRACTITIONER",), "NP")
        fac.roster = [doc, np_]
        self.pcp_doc = doc
        self.pcp = fac
        if pre:
            n = rng.randint(1, 2)
            days_back = sorted(rng.sample(range(60, 1100), n), reverse=True)
            for i, back in enumerate(days_back):
                d = next_weekday(add_days(case.incident, -back))
                if d >= case.incident:
                    continue
                clin = doc if (i == 0 or rng.random() < 0.6) else np_
                prior_neck = any(
                    lbl in ("chronic neck pain", "prior whiplash injury")
                    for lbl in case.pmh
                )
                prior_back = "chronic low back pain" in case.pmh
                if i == len(days_back) - 1 and (prior_neck or prior_back):
                    reason = "neck" if prior_neck else "back"
                    dxs = [ct.dx("M54.2" if reason == "neck" else "M54.50")]
                    complaints = [
                        "neck stiffness for two weeks after sleeping wrong"
                        if reason == "neck"
                        else "low back pain after yard work"
                    ]
                    recs = ["Home stretching program", "Ibuprofen as needed"]
                    if rng.random() < 0.5:
                        recs.append("Consider chiropractic care if not improving")
                    kind = "pcp_pain"
                else:
                    dxs = [ct.dx("Z00.00")] + [ct.dx(c) for c, _ in self.pmh[:2]]
                    complaints = ["annual physical examination"]
                    recs = ["Continue current medications", "Return in one year"]
                    kind = "pcp_annual"
                v = self.add_visit(
                    kind,
                    d,
                    clin,
                    fac,
                    "primary care",
                    diagnoses=dxs,
                    complaints=complaints,
                    findings=["Well-appearing, no acute distress"],
                    recommendations=recs,
                )
                v.data["bp"] = f"{rng.randint(112, 148)}/{rng.randint(68, 92)}"
        if post:
            d = next_weekday(add_days(self.ed.date, rng.randint(2, 7)))
            regs = case.regions
            dxs = [ct.dx(ct.REGIONS[r].ed_dx[:-1] + "D") for r in regs[:2]]
            refs = []
            if case.flags.get("chiro"):
                refs.append("Chiropractic evaluation and treatment")
            if case.flags.get("pt"):
                refs.append("Physical therapy referral")
            if case.flags.get("ortho"):
                refs.append("Orthopedic referral")
            v = self.add_visit(
                "pcp_post",
                d,
                doc if rng.random() < 0.7 else np_,
                fac,
                "primary care",
                diagnoses=dxs,
                complaints=[ct.REGIONS[r].complaint for r in regs],
                findings=[ct.REGIONS[regs[0]].ed_exam.split(";")[0]],
                medications=[rng.choice(ct.ORTHO_RX[:2])],
                restrictions=[rng.choice(ct.ORTHO_RESTRICT[:3])],
                recommendations=refs or ["Home exercise program"],
                procedures=[("99214", ct.CPT_DESC["99214"])]
                if rng.random() < 0.4
                else [],
            )
            self.mention(
                v,
                self.ed.date,
                None,
                self.hosp.name,
                "emergency",
                "ED visit after the incident",
            )
            v.data["bp"] = f"{rng.randint(112, 148)}/{rng.randint(68, 92)}"
            self.pcp_post = v

    # ---- chiropractic --------------------------------------------------------
    def plan_chiro(self, start: dt.date) -> None:
        rng = self.rng
        case = self.case
        city = self.city()[0]
        name = rng.choice(
            [
                f"{city} Chiropractic & Wellness",
                rng.choice(CHIRO_WORDS) + " Spine & Chiropractic",
                rng.choice(CHIRO_WORDS2) + " Chiropractic Center",
                f"{rng.choice(REGIONS_NAMES)} Chiropractic Group",
                f"{self.names.pick(('GENERAL PRACTICE',), 'DC').last} Chiropractic "
                "Office",
            ]
        )
        fac = self.facility("chiro", "chiro", name, suite=rng.random() < 0.5)
        dc1 = self.names.pick(("CHIROPRACTIC",), "DC")
        dc2 = self.names.pick(("CHIROPRACTIC",), "DC") if rng.random() < 0.35 else None
        fac.roster = [dc1] + ([dc2] if dc2 else [])
        fac.style["log"] = rng.random() < 0.5
        b = self.opts.budget
        n_total = rng.randint(8, 20) - 3 * b
        n_total = max(n_total, 5)
        dates: list[dt.date] = []
        d = next_weekday(start)
        gap_at = rng.randint(6, 10) if rng.random() < 0.3 else -1
        while len(dates) < n_total:
            dates.append(d)
            k = len(dates)
            if k == gap_at:
                d = next_weekday(add_days(d, rng.randint(33, 48)))
                continue
            step = [2, 2, 3] if k < 9 else ([3, 4] if k < 15 else [6, 7, 8])
            d = next_weekday(add_days(d, rng.choice(step)))
        spine = self.spine_regions
        dx_codes: list[tuple[str, str]] = []
        for r in case.regions:
            for c in ct.REGIONS[r].chiro_dx:
                if ct.dx(c) not in dx_codes:
                    dx_codes.append(ct.dx(c))
        dx_codes = dx_codes[:6]
        n_regions = min(4, len(spine) * 2)
        cmt = (
            ("98941", ct.CPT_DESC["98941"])
            if n_regions >= 3
            else ("98940", ct.CPT_DESC["98940"])
        )
        mods = rng.sample(ct.CHIRO_MODALITIES[:5], rng.randint(2, 3))
        reexam_at = rng.choice([9, 10, 12]) if n_total >= 11 else -1
        pain0 = rng.randint(6, 9)
        self.chiro_visits: list[Visit] = []
        for i, d in enumerate(dates):
            clin = dc1 if (dc2 is None or rng.random() < 0.7 or i == 0) else dc2
            pain = max(1, pain0 - (i * (pain0 - 2)) // max(1, n_total))
            if i == 0:
                procs = [("99204", ct.CPT_DESC["99204"]), cmt, *mods[:2]]
                v = self.add_visit(
                    "chiro_initial",
                    d,
                    clin,
                    fac,
                    "chiropractic",
                    diagnoses=list(dx_codes),
                    procedures=procs,
                    complaints=[ct.REGIONS[r].complaint for r in case.regions],
                    findings=[ct.REGIONS[r].chiro_exam for r in spine],
                    recommendations=[
                        "Chiropractic care 3 times per week for 4 weeks, then "
                        "re-evaluate",
                        "Home ice/heat and stretching",
                    ],
                    restrictions=(
                        ["Avoid heavy lifting and prolonged sitting"]
                        if rng.random() < 0.6
                        else []
                    ),
                )
                self.mention(
                    v,
                    self.ed.date,
                    None,
                    self.hosp.name,
                    "emergency",
                    "ED visit after the incident",
                )
                v.data["pain"] = pain
            elif i == reexam_at:
                v = self.add_visit(
                    "chiro_reexam",
                    d,
                    clin,
                    fac,
                    "chiropractic",
                    diagnoses=list(dx_codes[:4]),
                    procedures=[("99213", ct.CPT_DESC["99213"]), cmt],
                    complaints=[ct.REGIONS[r].complaint_late for r in case.regions[:2]],
                    findings=[
                        f"Pain rated {pain}/10",
                        "Improved cervical and lumbar range of motion",
                    ],
                    recommendations=["Continue care 2 times per week for 4 weeks"],
                )
                v.data["pain"] = pain
            else:
                print_codes = rng.random() < 0.5
                v = self.add_visit(
                    "chiro_daily",
                    d,
                    clin,
                    fac,
                    "chiropractic",
                    diagnoses=[],
                    procedures=[cmt, *mods] if print_codes else [],
                    complaints=[
                        f"{ct.REGIONS[spine[0]].complaint} {pain}/10"
                        if i < n_total * 0.6
                        else f"{ct.REGIONS[spine[0]].complaint_late} {pain}/10"
                    ],
                    findings=[
                        rng.choice(
                            [
                                "Paraspinal spasm decreased",
                                "Persistent hypertonicity",
                                "Subluxation complex noted",
                                "Improved segmental motion",
                            ]
                        )
                    ],
                    recommendations=["Continue treatment plan"],
                )
                v.data["pain"] = pain
                v.data["print_codes"] = print_codes
            v.data["cmt"] = cmt
            v.data["mods"] = mods
            v.data["visit_no"] = i + 1
            self.chiro_visits.append(v)
        self.chiro = fac
        self.chiro_docs = fac.roster

    # ---- orthopedics ---------------------------------------------------------
    def plan_ortho_consult(self) -> Visit:
        rng = self.rng
        case = self.case
        name = rng.choice(
            [
                f"{self.city()[0]} Orthopaedic Associates",
                f"{rng.choice(REGIONS_NAMES)} Bone & Joint Center",
                rng.choice(ORTHO_WORDS) + " Orthopedics & Sports Medicine",
            ]
        )
        fac = self.facility("ortho", "ortho", name, suite=True)
        surgeon = self.names.pick(
            (
                "ORTHOPEDIC SURGERY",
                "PHYSICAL MEDICINE AND REHABILITATION",
                "GENERAL PRACTICE",
            ),
            rng.choice(["MD", "MD", "DO"]),
        )
        partner1 = self.names.pick(("GENERAL PRACTICE", "INTERNAL MEDICINE"), "MD")
        partner2 = self.names.pick(("GENERAL PRACTICE",), rng.choice(["MD", "DO"]))
        pa = self.names.pick(("PHYSICIAN ASSISTANT",), "PA-C")
        fac.roster = [partner1, surgeon, partner2, pa]
        referrer = (
            self.pcp_doc
            if hasattr(self, "pcp_doc")
            else self.names.pick(("GENERAL PRACTICE", "FAMILY PRACTICE"), "MD")
        )
        d = next_weekday(add_days(self.ed.date, rng.randint(12, 35)))
        regs = case.regions
        dxs = []
        for r in regs:
            for c in ct.REGIONS[r].ortho_dx[:1]:
                dxs.append(ct.dx(c))
        if rng.random() < 0.5:
            dxs.append(ct.dx(ct.REGIONS[regs[0]].ortho_dx[1]))
        recs = ["MRI " + ("of the " + ct.REGIONS[regs[0]].label)]
        if case.flags.get("pt"):
            recs.append("Physical therapy 2 times per week for 6 weeks")
        recs.append("Follow up in 4 to 6 weeks")
        meds = rng.sample(ct.ORTHO_RX[:3], 2)
        v = self.add_visit(
            "ortho_consult",
            d,
            surgeon,
            fac,
            "orthopedics",
            diagnoses=dxs,
            procedures=[("99204", ct.CPT_DESC["99204"])] if rng.random() < 0.5 else [],
            complaints=[ct.REGIONS[r].complaint for r in regs],
            findings=[ct.REGIONS[r].ortho_exam for r in regs[:2]],
            medications=meds,
            restrictions=[rng.choice(ct.ORTHO_RESTRICT)],
            recommendations=recs,
        )
        v.data["referrer"] = referrer
        self.mention(
            v, self.ed.date, None, self.hosp.name, "emergency", "ED evaluation"
        )
        if rng.random() < 0.5:
            self.mention(
                v,
                self.xr.date,
                None,
                self.hosp.name,
                "imaging",
                "radiographs",
            )
        self.ortho = fac
        self.surgeon = surgeon
        self.ortho_pa = pa
        return v

    def plan_ortho_followups(self, consult: Visit, mri_date: dt.date | None) -> None:
        rng = self.rng
        case = self.case
        n = rng.randint(1, 3) - (1 if self.opts.budget >= 2 else 0)
        d = consult.date
        regs = case.regions
        for i in range(max(1, n)):
            d = next_weekday(add_days(d, rng.randint(28, 45)))
            if mri_date and i == 0 and d <= mri_date:
                d = next_weekday(add_days(mri_date, rng.randint(4, 12)))
            clin = self.ortho_pa if rng.random() < 0.3 else self.surgeon
            dxs = [ct.dx(c) for c in ct.REGIONS[regs[0]].ortho_dx_late]
            procs: list[tuple[str, str]] = [("99214", ct.CPT_DESC["99214"])]
            inj = None
            limb = [
                r for r in regs if not ct.REGIONS[r].spine and ct.REGIONS[r].injection
            ]
            if limb and i == 0 and rng.random() < 0.6:
                inj = ct.REGIONS[limb[0]].injection
                dxs.append(ct.dx(ct.REGIONS[limb[0]].ortho_dx_late[0]))
                if inj:
                    procs.append(inj)
            recs = [
                "Continue physical therapy"
                if case.flags.get("pt")
                else "Home exercise program"
            ]
            if case.flags.get("pain") and i == 0:
                recs.append(
                    "Referral to pain management for epidural steroid injection"
                )
            recs.append("Follow up in 6 weeks")
            v = self.add_visit(
                "ortho_fu",
                d,
                clin,
                self.ortho,
                "orthopedics",
                diagnoses=dxs,
                procedures=procs if rng.random() < 0.7 or inj else [],
                complaints=[ct.REGIONS[r].complaint_late for r in regs[:2]],
                findings=[ct.REGIONS[regs[0]].ortho_exam.split(";")[0]],
                medications=[rng.choice(ct.ORTHO_RX)],
                restrictions=[rng.choice(ct.ORTHO_RESTRICT)],
                recommendations=recs,
            )
            v.data["injection"] = inj
            if mri_date and i == 0:
                self.mention(
                    v,
                    mri_date,
                    None,
                    self.mri_fac.name,
                    "imaging",
                    "MRI",
                )

    # ---- MRI -----------------------------------------------------------------
    def plan_mri(self, consult: Visit | None) -> dt.date:
        rng = self.rng
        case = self.case
        name = rng.choice(
            [
                f"{self.city()[0]} Open MRI",
                f"Advanced Diagnostic Imaging of {self.city()[0]}",
                f"{rng.choice(REGIONS_NAMES)} MRI & Imaging Center",
            ]
        )
        fac = self.facility("mri", "imaging", name)
        rad = self.names.pick(("DIAGNOSTIC RADIOLOGY",), "MD")
        if consult is not None:
            d = next_weekday(add_days(consult.date, rng.randint(4, 15)))
            ordering = consult.clinician
        else:
            d = next_weekday(add_days(self.case.incident, rng.randint(30, 50)))
            ordering = (
                self.chiro_docs[0] if hasattr(self, "chiro_docs") else self.ed.clinician
            )
        region = ct.REGIONS[case.regions[0]]
        if region.key == "head" and len(case.regions) > 1:
            region = ct.REGIONS[case.regions[1]]
        ind = ct.dx(region.ortho_dx[-1]) if region.ortho_dx else ct.dx("M54.2")
        v = self.add_visit(
            "mri",
            d,
            rad,
            fac,
            "imaging",
            diagnoses=[ind] if rng.random() < 0.6 else [],
            procedures=[region.mri] if rng.random() < 0.6 else [],
            findings=[region.mri_impression],
        )
        v.data.update(
            region=region.key, ordering=ordering, time=rng.randint(7 * 60, 18 * 60)
        )
        if rng.random() < 0.5 and region.key in self.xr.data["regions"]:
            self.mention(
                v,
                self.xr.date,
                None,
                self.hosp.name,
                "imaging",
                "comparison radiographs",
            )
            v.data["comparison"] = True
        self.mri_fac = fac
        self.mri_visit = v
        return d

    # ---- physical therapy ----------------------------------------------------
    def plan_pt(self, consult: Visit | None) -> None:
        rng = self.rng
        case = self.case
        name = rng.choice(
            [
                f"{self.city()[0]} Physical Therapy",
                f"{rng.choice(['Peak', 'Motion', 'Kinetic', 'Pro', 'Elite'])} Physical "
                "Therapy & Rehab",
                f"{rng.choice(REGIONS_NAMES)} Rehabilitation Services",
            ]
        )
        fac = self.facility("pt", "pt", name)
        pt = self.names.pick(("PHYSICAL THERAPY",), rng.choice(["PT", "DPT"]))
        pta = (
            self.names.pick(("PHYSICAL THERAPY", "GENERAL PRACTICE"), "PTA")
            if rng.random() < 0.4
            else None
        )
        fac.roster = [pt] + ([pta] if pta else [])
        if consult is not None:
            start = next_weekday(add_days(consult.date, rng.randint(3, 12)))
            referrer = consult.clinician
        else:
            start = next_weekday(add_days(self.ed.date, rng.randint(10, 25)))
            referrer = self.pcp_doc if hasattr(self, "pcp_doc") else self.ed.clinician
        b = self.opts.budget
        n = max(4, rng.randint(6, 14) - 3 * b)
        dates = [start]
        d = start
        while len(dates) < n:
            d = next_weekday(add_days(d, rng.choice([2, 3, 4, 5])))
            dates.append(d)
        reeval_i = len(dates) - 1 if n < 9 else rng.randint(7, len(dates) - 1)
        regs = case.regions
        dxs = [ct.dx(c) for r in regs for c in ct.REGIONS[r].pt_dx][:3]
        if rng.random() < 0.5:
            dxs.append(ct.dx("M62.81"))
        self.pt_visits: list[Visit] = []
        for i, d in enumerate(dates):
            if i == 0:
                v = self.add_visit(
                    "pt_eval",
                    d,
                    pt,
                    fac,
                    "physical therapy",
                    diagnoses=list(dxs),
                    procedures=[
                        ("97162", ct.CPT_DESC["97162"]),
                        ("97110", ct.CPT_DESC["97110"]),
                    ],
                    complaints=[ct.REGIONS[r].complaint for r in regs],
                    findings=[
                        ct.REGIONS[r].chiro_exam for r in regs if ct.REGIONS[r].spine
                    ][:2]
                    or [ct.REGIONS[regs[0]].ed_exam],
                    recommendations=[
                        "Physical therapy 2 times per week for 6 weeks",
                        "Home exercise program",
                    ],
                    restrictions=[],
                )
                v.data["referrer"] = referrer
                if (
                    hasattr(self, "chiro_visits")
                    and self.chiro_visits[0].date < d
                    and rng.random() < 0.6
                ):
                    self.mention(
                        v,
                        self.chiro_visits[0].date,
                        None,
                        self.chiro.name,
                        "chiropractic",
                        "began chiropractic care",
                    )
            elif i == reeval_i:
                v = self.add_visit(
                    "pt_reeval",
                    d,
                    pt,
                    fac,
                    "physical therapy",
                    diagnoses=list(dxs[:2]) if rng.random() < 0.7 else [],
                    procedures=[
                        ("97164", ct.CPT_DESC["97164"]),
                        ("97110", ct.CPT_DESC["97110"]),
                    ],
                    complaints=[ct.REGIONS[r].complaint_late for r in regs[:2]],
                    findings=["Improved range of motion", "Goals partially met"],
                    recommendations=[
                        rng.choice(
                            [
                                "Continue physical therapy 2 times per week for 4 "
                                "weeks",
                                "Discharge to home exercise program",
                            ]
                        )
                    ],
                )
            else:
                clin = pta if (pta is not None and rng.random() < 0.5) else pt
                ex = [e[0].upper() + e[1:] for e in rng.sample(ct.PT_EXERCISES, 4)]
                procs = rng.sample(ct.PT_PROCS[:4], rng.randint(2, 3))
                v = self.add_visit(
                    "pt_daily",
                    d,
                    clin,
                    fac,
                    "physical therapy",
                    diagnoses=[],
                    procedures=procs,
                    complaints=[
                        f"{ct.REGIONS[regs[0]].complaint} {rng.randint(2, 6)}/10"
                    ],
                    findings=ex,
                    recommendations=["Continue plan of care"],
                )
                v.data["exercises"] = ex
                v.data["supervising"] = pt
            self.pt_visits.append(v)
        self.pt_fac = fac

    # ---- pain management -----------------------------------------------------
    def plan_pain(self, mri_date: dt.date) -> None:
        rng = self.rng
        name = rng.choice(
            [
                f"{rng.choice(REGIONS_NAMES)} Spine & Pain Center",
                "Interventional Pain Associates, P.C.",
                f"{self.city()[0]} Pain Management",
            ]
        )
        fac = self.facility("pain", "pain", name, suite=True)
        doc = self.names.pick(
            (
                "ANESTHESIOLOGY",
                "PHYSICAL MEDICINE AND REHABILITATION",
                "INTERVENTIONAL RADIOLOGY",
                "GENERAL PRACTICE",
            ),
            rng.choice(["MD", "DO"]),
        )
        fac.roster = [doc]
        inj_regions = [r for r in self.spine_regions if ct.REGIONS[r].injection]
        if not inj_regions:
            return
        region = ct.REGIONS[inj_regions[0]]
        injection = region.injection
        if injection is None:
            return
        d1 = next_weekday(add_days(mri_date, rng.randint(14, 40)))
        dxs = [ct.dx(c) for c in region.pain_dx]
        v = self.add_visit(
            "pain_consult",
            d1,
            doc,
            fac,
            "pain management",
            diagnoses=dxs,
            procedures=[("99204", ct.CPT_DESC["99204"])] if rng.random() < 0.5 else [],
            complaints=[
                region.complaint
                + " radiating to the "
                + ("right arm" if region.key == "neck" else "left leg")
            ],
            findings=[
                region.ortho_exam.split(";")[1].strip()
                if ";" in region.ortho_exam
                else region.ortho_exam
            ],
            medications=["Gabapentin 300 mg PO at bedtime"],
            recommendations=[
                region.injection[1]
                if region.injection
                else "Epidural steroid injection"
            ],
        )
        self.mention(v, mri_date, None, self.mri_fac.name, "imaging", "MRI")
        d2 = next_weekday(add_days(d1, rng.randint(10, 24)))
        proc = self.add_visit(
            "pain_procedure",
            d2,
            doc,
            fac,
            "pain management",
            diagnoses=dxs,
            procedures=[injection, ("J1030", ct.CPT_DESC["J1030"])],
            complaints=[region.complaint],
            findings=[
                "No complications",
                "Pain 7/10 pre-procedure, 2/10 post-procedure",
            ],
            medications=[
                "Methylprednisolone acetate (Depo-Medrol) 80 mg",
                "Lidocaine 1% 3 mL",
                "Omnipaque 240 contrast 2 mL",
            ],
            restrictions=["No driving for 24 hours"],
            recommendations=["Follow up in 2 weeks"],
        )
        proc.data["region"] = region.key
        if rng.random() < 0.5 and self.opts.budget < 2:
            d3 = next_weekday(add_days(d2, rng.randint(13, 21)))
            self.add_visit(
                "pain_fu",
                d3,
                doc,
                fac,
                "pain management",
                diagnoses=dxs[:1],
                procedures=[("99213", ct.CPT_DESC["99213"])]
                if rng.random() < 0.5
                else [],
                complaints=[f"{rng.randint(40, 70)}% relief after injection"],
                findings=["Improved range of motion"],
                recommendations=["Consider repeat injection if pain recurs"],
            )
        self.pain_fac = fac

    # ---- IME -----------------------------------------------------------------
    def plan_ime(self) -> None:
        rng = self.rng
        case = self.case
        fac = self.facility(
            "ime",
            "ime",
            rng.choice(
                [
                    "Independent Medical Evaluations of New England",
                    "Commonwealth Medical Review Services",
                    "Northeast IME Associates",
                ]
            ),
            suite=True,
        )
        doc = self.names.pick(
            (
                "ORTHOPEDIC SURGERY",
                "GENERAL PRACTICE",
                "PHYSICAL MEDICINE AND REHABILITATION",
            ),
            "MD",
        )
        fac.roster = [doc]
        last = max(v.date for v in case.visits)
        d = next_weekday(add_days(last, rng.randint(20, 80)))
        v = self.add_visit(
            "ime",
            d,
            doc,
            fac,
            "other",
            diagnoses=[],
            complaints=[ct.REGIONS[r].complaint_late for r in case.regions[:2]],
            findings=[
                "Full cervical and lumbar range of motion with subjective discomfort "
                "at end range"
            ],
            recommendations=[
                "No further chiropractic or physical therapy is medically necessary"
            ],
        )
        # ~10 dated prior treatments listed in the records review
        pool: list[Visit] = [x for x in case.visits if x.kind != "ime"]
        picks: list[Visit] = []
        for kind in (
            "ed",
            "xray",
            "pcp_annual",
            "pcp_pain",
            "pcp_post",
            "chiro_initial",
            "chiro_reexam",
            "ortho_consult",
            "mri",
            "pt_eval",
            "pt_reeval",
            "pain_consult",
            "pain_procedure",
            "ortho_fu",
        ):
            picks.extend(x for x in pool if x.kind == kind)
        seen: set[tuple[dt.date, str]] = set()
        uniq: list[Visit] = []
        for x in picks:
            key = (x.date, x.clinician.last)
            if key not in seen:
                seen.add(key)
                uniq.append(x)
        uniq = uniq[:8]
        extra = [
            x
            for x in pool
            if x.kind in ("chiro_daily", "pt_daily", "pain_fu")
            and (x.date, x.clinician.last) not in seen
        ]
        if len(uniq) < 8 and extra:
            uniq += rng.sample(extra, min(8 - len(uniq), len(extra)))
        items: list[tuple[dt.date, Clinician | None, str | None, str | None, str]] = [
            (x.date, x.clinician, x.facility.name, x.visit_type, x.kind) for x in uniq
        ]
        # events known only from the review (no records in this production)
        uc_name = f"{self.city()[0]} Urgent Care"
        uc_doc = self.names.pick(
            ("NURSE PRACTITIONER", "PHYSICIAN ASSISTANT"), rng.choice(["NP", "PA-C"])
        )
        items.append(
            (
                next_weekday(add_days(self.ed.date, rng.randint(2, 6))),
                uc_doc,
                uc_name,
                "urgent care",
                "uc",
            )
        )
        if rng.random() < 0.7:
            prior = next_weekday(add_days(case.incident, -rng.randint(400, 1500)))
            items.append(
                (
                    prior,
                    None,
                    f"{self.city()[0]} Chiropractic Office",
                    "chiropractic",
                    "prior_chiro",
                )
            )
        if len(items) < 11 and rng.random() < 0.6:
            pcp = case.facilities.get("pcp")
            items.append(
                (
                    next_weekday(add_days(case.incident, -rng.randint(30, 300))),
                    None,
                    pcp.name if pcp else f"{self.city()[0]} Health Center",
                    "primary care",
                    "prior_pcp",
                )
            )
        items.sort(key=lambda t: t[0])
        for date, clin, facname, vtype, kind in items:
            self.mention(v, date, clin, facname, vtype, kind)
        v.data["records_review"] = True
        self.ime_fac = fac

    # ---- bills ---------------------------------------------------------------
    def new_sid(self) -> str:
        self.scount += 1
        return f"s{self.scount:02d}"

    def txns_for(self, lines: list[ChargeLine], stmt_date: dt.date) -> list[Txn]:
        rng = self.rng
        total = sum(x.charge_cents for x in lines)
        txns: list[Txn] = []
        last = max(x.date for x in lines)
        r = rng.random()
        if r < 0.25:
            return txns
        n_pay = rng.randint(1, 2)
        paid = 0
        for k in range(n_pay):
            amt = int(total * rng.uniform(0.12, 0.35)) // 100 * 100 + rng.choice(
                [0, 50, 25]
            )
            amt = min(amt, total - paid - 100)
            if amt <= 0:
                break
            paid += amt
            d = min(stmt_date, add_days(last, rng.randint(20, 60) + 15 * k))
            payer = rng.choice(
                [
                    f"PIP PAYMENT - {self.case.insurer.upper()}",
                    f"Ins pmt {self.health_payer}",
                    f"MedPay - {self.case.insurer}",
                    "Patient payment - thank you",
                ]
            )
            txns.append(
                Txn(d, "payment", f"{payer} CK#{rng.randint(100000, 999999)}", amt)
            )
        if rng.random() < 0.75:
            adj = int((total - paid) * rng.uniform(0.1, 0.3)) // 100 * 100
            if adj > 0:
                d = min(stmt_date, add_days(last, rng.randint(25, 70)))
                txns.append(
                    Txn(
                        d,
                        "adjustment",
                        rng.choice(
                            [
                                "Contractual adjustment",
                                "CONTRACTUAL ADJ",
                                "Contractual allowance",
                            ]
                        ),
                        adj,
                    )
                )
        if rng.random() < 0.3:
            adj = rng.choice([1500, 2500, 4000, 5000, 7500])
            d = min(stmt_date, add_days(last, rng.randint(30, 90)))
            txns.append(
                Txn(
                    d,
                    "adjustment",
                    rng.choice(
                        [
                            "Write-off - courtesy",
                            "Small balance write-off",
                            "Prompt pay discount",
                        ]
                    ),
                    adj,
                )
            )
        txns.sort(key=lambda t: t.date)
        return txns

    def stmt_date_after(self, lines: list[ChargeLine]) -> dt.date:
        return add_days(max(x.date for x in lines), self.rng.randint(75, 140))

    def plan_bills(self) -> None:
        rng = self.rng
        case = self.case
        fac = case.facilities
        p = self.price
        visits = case.visits
        # hospital facility UB-04
        ed, xr = self.ed, self.xr
        lines = [
            ChargeLine(
                ed.date,
                ed.data["level"],
                "EMERGENCY ROOM",
                p({"99283": 1450, "99284": 2850, "99285": 4200}[ed.data["level"]]),
                rev="0450",
                visit=ed,
            )
        ]
        for cpt, _name in xr.data["exams"]:
            rev = "0350" if cpt.startswith("70") else "0320"
            base = 3150 if rev == "0350" else 480
            lines.append(
                ChargeLine(xr.date, cpt, ct.REV_DESC[rev], p(base), rev=rev, visit=xr)
            )
        if "Ketorolac 30 mg IM" in ed.data["given"]:
            lines.append(
                ChargeLine(
                    ed.date, "96372", "INJECTION IM/SQ", p(185), rev="0450", visit=ed
                )
            )
            lines.append(
                ChargeLine(
                    ed.date,
                    "J1885",
                    "DRUGS/DETAIL CODE",
                    p(31) * 2 // 100 * 100,
                    units=2,
                    rev="0636",
                    visit=ed,
                )
            )
        lines.append(
            ChargeLine(
                ed.date,
                "0250",
                "PHARMACY",
                p(42) + rng.choice([0, 50]),
                rev="0250",
                visit=ed,
            )
        )
        ub = Statement(
            self.new_sid(),
            fac["hospital"],
            "ub04",
            lines,
            statement_date=add_days(ed.date, rng.randint(5, 20)),
        )
        ub.account = fac["hospital"].style["acct"]
        ub.payer = rng.choice(
            [case.insurer.upper() + " PIP", self.health_payer.upper()]
        )
        case.statements.append(ub)
        if "ed_group" in fac:
            lvl = ed.data["level"]
            lines = [
                ChargeLine(
                    ed.date,
                    lvl,
                    ct.CPT_DESC[lvl],
                    p({"99283": 620, "99284": 890, "99285": 1250}[lvl]),
                    visit=ed,
                )
            ]
            st = Statement(
                self.new_sid(),
                fac["ed_group"],
                "cms1500",
                lines,
                statement_date=add_days(ed.date, 9),
            )
            case.statements.append(st)
        if "rad_group" in fac:
            lines = [
                ChargeLine(
                    xr.date,
                    cpt,
                    ct.CPT_DESC[cpt],
                    p(240 if cpt.startswith("70") else 95),
                    modifier="26",
                    visit=xr,
                )
                for cpt, _ in xr.data["exams"]
            ]
            form = rng.choice(["cms1500", "itemized"])
            st = Statement(
                self.new_sid(),
                fac["rad_group"],
                form,
                lines,
                statement_date=add_days(xr.date, 30),
            )
            if form == "itemized":
                st.txns = self.txns_for(lines, st.statement_date or xr.date)
            case.statements.append(st)
        # office-based providers
        prices = {
            "99203": 245,
            "99204": 420,
            "99213": 170,
            "99214": 245,
            "98940": 65,
            "98941": 90,
            "97014": 35,
            "97010": 25,
            "97035": 40,
            "97012": 45,
            "97140": 70,
            "97112": 65,
            "97110": 65,
            "97530": 75,
            "97162": 275,
            "97164": 175,
            "20610": 295,
            "J3301": 12,
            "62321": 1850,
            "62323": 1750,
            "J1030": 18,
            "72141": 2450,
            "72148": 2450,
            "72146": 2400,
            "73221": 2200,
            "73721": 2200,
            "70551": 2600,
        }
        by_fac: dict[str, list[ChargeLine]] = {}
        for v in visits:
            key = v.facility.key
            codes: list[tuple[str, int]] = []
            if v.kind == "pcp_post":
                codes = [("99214", 1)]
            elif v.kind == "chiro_initial":
                codes = [("99204", 1), (v.data["cmt"][0], 1)] + [
                    (c, 1) for c, _ in v.data["mods"][:2]
                ]
            elif v.kind == "chiro_reexam":
                codes = [("99213", 1), (v.data["cmt"][0], 1)]
            elif v.kind == "chiro_daily":
                codes = [(v.data["cmt"][0], 1)] + [(c, 1) for c, _ in v.data["mods"]]
            elif v.kind == "ortho_consult":
                codes = [("99204", 1)]
            elif v.kind == "ortho_fu":
                codes = [("99214", 1)]
                if v.data.get("injection"):
                    codes += [("20610", 1), ("J3301", 4)]
            elif v.kind == "mri":
                codes = [(ct.REGIONS[v.data["region"]].mri[0], 1)]
            elif v.kind == "pt_eval":
                codes = [("97162", 1), ("97110", 1)]
            elif v.kind == "pt_reeval":
                codes = [("97164", 1), ("97110", 2)]
            elif v.kind == "pt_daily":
                codes = [(c, rng.choice([1, 1, 2])) for c, _ in v.procedures]
            elif v.kind == "pain_consult":
                codes = [("99204", 1)]
            elif v.kind == "pain_procedure":
                codes = [(v.procedures[0][0], 1), ("J1030", 2)]
            elif v.kind == "pain_fu":
                codes = [("99213", 1)]
            for code, units in codes:
                unit = p(prices[code])
                by_fac.setdefault(key, []).append(
                    ChargeLine(
                        v.date,
                        code,
                        ct.CPT_DESC[code],
                        unit * units,
                        units=units,
                        visit=v,
                    )
                )
        forms = {
            "pcp": rng.choice(["itemized", "cms1500"]),
            "chiro": "itemized",
            "pt": "itemized",
            "ortho": rng.choice(["cms1500", "itemized"]),
            "mri": rng.choice(["cms1500", "itemized"]),
            "pain": rng.choice(["cms1500", "itemized"]),
        }
        for key, lines in by_fac.items():
            f = fac[key]
            form = forms[key]
            if form == "cms1500":
                # one claim form per date of service, max 6 lines each
                by_date: dict[dt.date, list[ChargeLine]] = {}
                for ln in lines:
                    by_date.setdefault(ln.date, []).append(ln)
                for d, group in sorted(by_date.items()):
                    for k in range(0, len(group), 6):
                        chunk = group[k : k + 6]
                        case.statements.append(
                            Statement(
                                self.new_sid(),
                                f,
                                "cms1500",
                                chunk,
                                statement_date=add_days(d, rng.randint(3, 20)),
                            )
                        )
            else:
                sd = self.stmt_date_after(lines)
                st = Statement(
                    self.new_sid(),
                    f,
                    "itemized",
                    lines,
                    statement_date=sd,
                    style=rng.randint(0, 2),
                )
                if st.style == 1:
                    for ln in lines:
                        ln.desc = ln.desc.upper()
                st.account = f"{rng.choice(['', 'A', 'PT'])}{rng.randint(10000, 99999)}"
                st.txns = self.txns_for(lines, sd)
                case.statements.append(st)
        for st in case.statements:
            if not st.account:
                st.account = f"{rng.randint(100000, 999999)}"


def describe(case: Case) -> str:
    return f"case {case.idx}: {fmt_date(case.incident)} {case.mechanism} {case.regions}"
