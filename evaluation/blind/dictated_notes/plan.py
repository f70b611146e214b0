"""Plan one personal-injury case: people, practices, visits, narratives, bills."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from . import names, templates
from .model import (
    BillLine,
    Case,
    Clinician,
    Document,
    NoteStyle,
    Part,
    Person,
    Practice,
    Reported,
    Statement,
    Visit,
)
from .pool import BY_ID, CPT, ICD
from .textprep import Block, Context, facts, insert_history, prepare
from .util import DATE_FORMATS, MONTH, age_on, business_day, fmt_date

D = dt.timedelta

PROFILES = [
    "f_mvc_conservative",
    "m_mvc_conservative",
    "f_fall_premises",
    "m_fall_premises",
    "f_mvc_neck_surgery",
    "m_mvc_neck_surgery",
    "m_fall_head",
    "f_mvc_lumbar_surgery",
]


@dataclass
class Slot:
    date: dt.date
    practice: Practice
    clinician: Clinician
    kind: str
    visit_type: str
    sid: int | None = None
    title: str = ""
    inject: int = 0
    track: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def _subsequent(code: str) -> str:
    if code.endswith("A") and code[:-1] + "D" in ICD:
        return code[:-1] + "D"
    return code


class Planner:
    def __init__(
        self, texts: dict[int, str], rng: random.Random, cid: str, profile: str
    ) -> None:
        self.texts = texts
        self.rng = rng
        self.cid = cid
        self.profile = profile
        self.used_people: set[str] = set()
        self.used_clin: set[str] = set()
        self.slots: list[Slot] = []
        self.vid = 0
        self.city = rng.choice(names.CITIES)
        self.place_words = rng.sample(names.PLACE_WORDS, len(names.PLACE_WORDS))
        self.practices: list[Practice] = []
        self.regions: list[str] = ["neck", "back"]

    # ------------------------------------------------------------------ people / places
    def word(self) -> str:
        return self.place_words.pop()

    def clinician(self, creds: tuple[str, ...], specialty: str) -> Clinician:
        first, last, mid = names.clinician_name(self.rng, self.used_clin)
        return Clinician(first, last, mid, creds, specialty)

    def style(self, family: str) -> NoteStyle:
        r = self.rng
        st = NoteStyle()
        st.font = r.choice(
            {
                "hospital": ["Helvetica", "Times-Roman"],
                "radiology": ["Helvetica", "Courier", "Times-Roman"],
                "transcribed": ["Courier", "Times-Roman"],
            }.get(family, ["Helvetica", "Times-Roman", "Helvetica", "Courier"])
        )
        st.size = 9.5 if st.font == "Courier" else r.choice([9.5, 10.0, 10.5])
        st.letterhead = r.choice(
            {
                "hospital": ["hospital", "center"],
                "radiology": ["hospital", "center", "left"],
                "ime": ["center", "left"],
            }.get(family, ["center", "left_roster", "banner", "left"])
        )
        st.patient_block = r.choice(
            {
                "hospital": ["hospital", "mrn_table"],
                "ime": ["re"],
                "letter": ["re"],
            }.get(family, ["line", "table", "stacked", "re", "mrn_table"])
        )
        st.visit_header = r.choice(
            {
                "hospital": ["dos", "encounter_table", "visit_dash"],
                "radiology": ["date_of_exam", "dos", "encounter_table"],
                "ime": ["letter"],
                "letter": ["letter"],
            }.get(
                family,
                [
                    "dos",
                    "date_of_exam",
                    "visit_line",
                    "encounter_table",
                    "dos_short",
                    "visit_dash",
                ],
            )
        )
        st.date_fmt = r.choice(DATE_FORMATS)
        st.dob_fmt = r.choice(["mdY", "mdy", "long", "md_Y", "mdY-", "dmonY"])
        st.heading = r.choice(["inline", "inline", "own_line"])
        st.signature = r.choice(
            {
                "hospital": ["esign", "dictated"],
                "radiology": ["radiology"],
                "ime": ["letter"],
                "letter": ["letter"],
                "therapy": ["esign", "signed_date", "therapist"],
            }.get(family, ["esign", "dictated", "signed_date", "letter"])
        )
        st.prints_dx = r.random() < (0.35 if family == "radiology" else 0.7)
        st.prints_cpt = r.random() < (
            0.2 if family in ("hospital", "radiology") else 0.4
        )
        st.page_footer = r.choice(["page_x_of_y", "page_x_of_y", "page_x", "none"])
        st.printed_footer = (
            family in ("hospital", "office", "therapy") and r.random() < 0.45
        )
        st.running_header = r.random() < 0.6
        st.name_variant = r.randint(0, 3)
        return st

    def practice(
        self,
        key: str,
        name: str,
        visit_type: str,
        family: str,
        clinicians: list[Clinician],
        bill_name: str | None = None,
        tagline: str = "",
    ) -> Practice:
        place = names.make_place(self.rng, self.city)
        p = Practice(
            key=key,
            name=name,
            bill_name=bill_name or name,
            visit_type=visit_type,
            place=place,
            clinicians=clinicians,
            style=self.style(family),
            tagline=tagline,
            bill_style=self.rng.choice(["itemized", "itemized", "ledger", "plain"]),
            account=f"{self.rng.randint(10000, 999999)}",
        )
        self.practices.append(p)
        return p

    def add(self, slot: Slot) -> Slot:
        if slot.kind not in ("er", "rad", "adm", "consult_h"):
            slot.date = business_day(slot.date)
        self.slots.append(slot)
        return slot

    # ------------------------------------------------------------------ case frame
    def frame(self, sex: str, mechanism: str) -> None:
        r = self.rng
        first, last = names.person_name(r, sex, self.used_people)
        start = dt.date(2021, 2, 1)
        self.incident = start + D(days=r.randint(0, 1180))
        age = r.randint(24, 63)
        dob = dt.date(self.incident.year - age, r.randint(1, 12), r.randint(1, 28))
        self.client = Person(first, last, sex, dob, mrn=f"{r.randint(100000, 9999999)}")
        self.client.address = (
            f"{r.randint(100, 9999)} {r.choice(names.STREETS)}, "
            f"{self.city[0]}, {self.city[1]}"
        )
        self.mechanism = mechanism
        self.she = "She" if sex == "F" else "He"

    # ------------------------------------------------------------------ tracks
    def hospital(self) -> Practice:
        if hasattr(self, "_hospital"):
            return self._hospital  # type: ignore[no-any-return, has-type]
        w = self.word()
        name = f"{w} {self.rng.choice(names.HOSP)}"
        self.er_doc = self.clinician(
            self.rng.choice([("MD",), ("DO",), ("MD", "FACEP")]), "Emergency Medicine"
        )
        self.radiologist = self.clinician(("MD",), "Diagnostic Radiology")
        self.hospitalist = self.clinician(("MD",), "Hospital Medicine")
        p = self.practice(
            "hospital",
            name,
            "emergency",
            "hospital",
            [self.er_doc, self.radiologist, self.hospitalist],
        )
        self.er_group = f"{w} Emergency Physicians Medical Group"
        self.rad_group = f"{self.word()} Radiology Associates"
        self._hospital = p
        return p

    def track_er(self, er_sid: int, rad_sids: list[int], delay: int = 0) -> dt.date:
        hosp = self.hospital()
        d = self.incident + D(days=delay)
        self.add(Slot(d, hosp, self.er_doc, "er", "emergency", er_sid, track="er"))
        for sid in rad_sids:
            self.add(
                Slot(d, hosp, self.radiologist, "rad", "imaging", sid, track="rad_er")
            )
        self.er_date = d
        return d

    def track_hosp_consult(self, sid: int, d: dt.date) -> None:
        hosp = self.hospital()
        consultant = self.clinician(("MD",), "Neurology")
        hosp.clinicians.append(consultant)
        self.add(
            Slot(d, hosp, consultant, "consult_h", "neurology", sid, track="consult")
        )

    def track_admission(self, sid: int, d: dt.date) -> None:
        hosp = self.hospital()
        self.add(
            Slot(
                d,
                hosp,
                self.hospitalist,
                "adm",
                "other",
                sid,
                track="adm",
                extra={"discharge": d + D(days=2)},
            )
        )

    def track_pcp_pre(self, sids: list[int], pre_other: tuple[str, int] | None) -> None:
        r = self.rng
        doc = self.clinician(
            r.choice([("MD",), ("DO",), ("MD",), ("NP",), ("PA-C",)]), "Family Medicine"
        )
        w = self.word()
        name = r.choice(
            [
                f"{w} Family Medicine",
                f"{w} Internal Medicine Associates",
                f"{w} Primary Care Clinic",
                f"{self.city[0]} Family Health Center",
            ]
        )
        pcp = self.practice("pcp", name, "primary care", "office", [doc])
        days = sorted(r.sample(range(30, 720), len(sids)), reverse=True)
        for sid, back in zip(sids, days, strict=True):
            self.add(
                Slot(
                    self.incident - D(days=back),
                    pcp,
                    doc,
                    "note",
                    "primary care",
                    sid,
                    inject=1,
                    track="pcp_pre",
                )
            )
        self.pcp, self.pcp_doc = pcp, doc
        if pre_other:
            role, sid = pre_other
            d = self.incident - D(days=r.randint(90, 900))
            if role in ("er_pre",):
                hosp = self.hospital()
                self.add(
                    Slot(d, hosp, self.er_doc, "er", "emergency", sid, track="pre_er")
                )
            elif role == "uc_pre":
                uc_doc = self.clinician(
                    r.choice([("MD",), ("PA-C",), ("NP",)]), "Urgent Care"
                )
                uc = self.practice(
                    "uc",
                    f"{self.word()} Urgent Care",
                    "urgent care",
                    "office",
                    [uc_doc],
                )
                self.add(
                    Slot(d, uc, uc_doc, "note", "urgent care", sid, track="pre_uc")
                )
            elif role == "ortho_pre":
                od = self.clinician(("MD",), "Orthopaedic Surgery")
                op = self.practice(
                    "ortho_pre",
                    f"{self.word()} Bone and Joint Clinic",
                    "orthopedics",
                    "office",
                    [od],
                )
                self.add(Slot(d, op, od, "note", "orthopedics", sid, track="pre_ortho"))
            elif role == "chiro_pre":
                cd = self.clinician(("DC",), "Chiropractic")
                cp = self.practice(
                    "chiro_pre",
                    f"{self.word()} Spine and Wellness",
                    "chiropractic",
                    "office",
                    [cd],
                )
                self.add(
                    Slot(d, cp, cd, "note", "chiropractic", sid, track="pre_chiro")
                )

    def track_chiro(self, sid: int, start: int, sessions: int) -> None:
        r = self.rng
        dc = self.clinician(("DC",), "Chiropractic")
        w = self.word()
        name = r.choice(
            [
                f"{w} Chiropractic and Wellness",
                f"{w} Chiropractic Center",
                "Back in Balance Chiropractic",
                f"{w} Spine and Injury Chiropractic",
            ]
        )
        p = self.practice("chiro", name, "chiropractic", "therapy", [dc])
        d0 = business_day(self.incident + D(days=start))
        self.add(Slot(d0, p, dc, "note", "chiropractic", sid, inject=1, track="chiro"))
        self._therapy_series(
            p, dc, d0, sessions, "chiro_daily", "chiropractic", "chiro_reexam"
        )

    def track_pt(
        self,
        sid: int | None,
        start: int,
        sessions: int,
        regions: list[str] | None = None,
    ) -> None:
        r = self.rng
        pt = self.clinician(
            r.choice([("PT", "DPT"), ("PT",), ("DPT",), ("PT", "OCS")]),
            "Physical Therapy",
        )
        pta = self.clinician(("PTA",), "Physical Therapy") if r.random() < 0.4 else None
        w = self.word()
        name = r.choice(
            [
                f"{w} Physical Therapy",
                f"{w} Sports and Spine Rehab",
                f"{w} Rehabilitation Services",
                f"ProMotion Physical Therapy of {self.city[0]}",
            ]
        )
        p = self.practice(
            "pt", name, "physical therapy", "therapy", [pt] + ([pta] if pta else [])
        )
        d0 = business_day(self.incident + D(days=start))
        self.add(
            Slot(
                d0,
                p,
                pt,
                "note" if sid is not None else "pt_init",
                "physical therapy",
                sid,
                inject=1,
                track="pt",
                extra={"regions": regions},
                title="" if sid else "PHYSICAL THERAPY INITIAL EVALUATION",
            )
        )
        self._therapy_series(
            p,
            pt,
            d0,
            sessions,
            "pt_daily",
            "physical therapy",
            "pt_reeval",
            assistant=pta,
        )

    def _therapy_series(
        self,
        p: Practice,
        clin: Clinician,
        d0: dt.date,
        sessions: int,
        kind: str,
        vt: str,
        reexam: str,
        assistant: Clinician | None = None,
    ) -> None:
        r = self.rng
        d = d0
        per_week = r.choice([2, 3, 3])
        for i in range(sessions):
            step = r.choice([1, 2, 2, 3]) if per_week == 3 else r.choice([2, 3, 4])
            d = business_day(d + D(days=step))
            if r.random() < 0.06:
                d = business_day(d + D(days=r.randint(8, 16)))  # missed visits
            who = assistant if assistant is not None and r.random() < 0.35 else clin
            if i in (sessions // 2, sessions - 1) and i > 0:
                self.add(
                    Slot(
                        d,
                        p,
                        clin,
                        reexam,
                        vt,
                        track=kind,
                        extra={"final": i == sessions - 1},
                    )
                )
            else:
                self.add(Slot(d, p, who, kind, vt, track=kind, extra={"n": i + 2}))
        self.therapy_end = d

    def imaging_center(self) -> Practice:
        if hasattr(self, "_imaging"):
            return self._imaging  # type: ignore[no-any-return, has-type]
        rad = self.clinician(("MD",), "Radiology")
        w = self.word()
        name = self.rng.choice(
            [
                f"{w} Open MRI",
                f"{w} Imaging Center",
                f"{w} Diagnostic Imaging",
                f"Advanced Imaging of {self.city[0]}",
            ]
        )
        p = self.practice("imaging", name, "imaging", "radiology", [rad])
        self._imaging = p
        self.mri_rad = rad
        return p

    def track_mri(self, sids: list[int], day: int, same_day: bool = True) -> None:
        p = self.imaging_center()
        d = business_day(self.incident + D(days=day))
        for sid in sids:
            self.add(
                Slot(d, p, self.mri_rad, "rad", "imaging", sid, track="mri", inject=0)
            )
            if not same_day:
                d = business_day(d + D(days=self.rng.randint(2, 9)))

    def ortho_practice(self) -> Practice:
        if hasattr(self, "_ortho"):
            return self._ortho  # type: ignore[no-any-return, has-type]
        od = self.clinician(
            self.rng.choice([("MD",), ("DO",), ("MD", "FAAOS")]), "Orthopaedic Surgery"
        )
        pa = self.clinician(("PA-C",), "Orthopaedics")
        w = self.word()
        name = self.rng.choice(
            [
                f"{w} Orthopaedic Associates",
                f"{w} Spine and Joint Institute",
                f"{w} Orthopedic and Sports Medicine",
                f"{w} Orthopaedics",
            ]
        )
        p = self.practice(
            "ortho",
            name,
            "orthopedics",
            self.rng.choice(["office", "letter"]),
            [od, pa],
            bill_name=name + self.rng.choice(["", ", P.C.", " Medical Group, Inc."]),
        )
        self._ortho = p
        self.ortho_doc, self.ortho_pa = od, pa
        return p

    def track_ortho(
        self, new_sid: int | None, day: int, followups: list[int | None]
    ) -> dt.date:
        p = self.ortho_practice()
        d = business_day(self.incident + D(days=day))
        if new_sid is not None:
            self.add(
                Slot(
                    d,
                    p,
                    self.ortho_doc,
                    "note",
                    "orthopedics",
                    new_sid,
                    inject=2,
                    track="ortho",
                )
            )
        else:
            self.add(
                Slot(
                    d,
                    p,
                    self.ortho_doc,
                    "tpl_fu",
                    "orthopedics",
                    inject=2,
                    track="ortho",
                    title="ORTHOPAEDIC CONSULTATION",
                )
            )
        for fu in followups:
            d = business_day(d + D(days=self.rng.randint(21, 45)))
            who = self.ortho_pa if self.rng.random() < 0.3 else self.ortho_doc
            if fu is None:
                self.add(
                    Slot(
                        d,
                        p,
                        who,
                        "tpl_fu",
                        "orthopedics",
                        inject=1,
                        track="ortho",
                        title="FOLLOW-UP VISIT",
                    )
                )
            else:
                self.add(
                    Slot(
                        d,
                        p,
                        self.ortho_doc,
                        "note",
                        "orthopedics",
                        fu,
                        inject=1,
                        track="ortho",
                    )
                )
        return d

    def pain_practice(self) -> Practice:
        if hasattr(self, "_pain"):
            return self._pain  # type: ignore[no-any-return, has-type]
        pd = self.clinician(
            self.rng.choice([("MD",), ("DO",), ("MD", "DABPM")]), "Pain Medicine"
        )
        w = self.word()
        name = self.rng.choice(
            [
                f"{w} Pain and Spine Specialists",
                f"Interventional Pain Center of {self.city[0]}",
                f"{w} Pain Management",
                f"{w} Spine and Pain Medicine",
            ]
        )
        p = self.practice("pain", name, "pain management", "office", [pd])
        self._pain = p
        self.pain_doc = pd
        return p

    def track_pain(
        self, consult_sid: int | None, day: int, procs: list[int], followup: bool
    ) -> dt.date:
        p = self.pain_practice()
        d = business_day(self.incident + D(days=day))
        if consult_sid is not None:
            self.add(
                Slot(
                    d,
                    p,
                    self.pain_doc,
                    "note",
                    "pain management",
                    consult_sid,
                    inject=2,
                    track="pain",
                )
            )
        else:
            self.add(
                Slot(
                    d,
                    p,
                    self.pain_doc,
                    "tpl_fu",
                    "pain management",
                    inject=2,
                    track="pain",
                    title="PAIN MANAGEMENT CONSULTATION",
                )
            )
        for sid in procs:
            d = business_day(d + D(days=self.rng.randint(12, 35)))
            self.add(
                Slot(d, p, self.pain_doc, "note", "pain management", sid, track="proc")
            )
        if followup:
            d = business_day(d + D(days=self.rng.randint(14, 30)))
            self.add(
                Slot(
                    d,
                    p,
                    self.pain_doc,
                    "tpl_fu",
                    "pain management",
                    inject=1,
                    track="pain",
                    title="FOLLOW-UP VISIT",
                )
            )
        return d

    def track_neuro(self, sid: int, day: int, kind: str = "neuro") -> None:
        nd = self.clinician(
            ("MD",) if kind == "neuro" else self.rng.choice([("MD",), ("DO",)]),
            "Neurology" if kind == "neuro" else "Physical Medicine and Rehabilitation",
        )
        w = self.word()
        name = (
            self.rng.choice(
                [f"{w} Neurology Associates", f"{w} Neurological Institute"]
            )
            if kind == "neuro"
            else self.rng.choice(
                [f"{w} Neurodiagnostics", f"{w} Physical Medicine and Rehabilitation"]
            )
        )
        p = self.practice(kind, name, "neurology", "office", [nd])
        d = business_day(self.incident + D(days=day))
        self.add(Slot(d, p, nd, "note", "neurology", sid, inject=1, track=kind))
        if kind == "neuro" and self.rng.random() < 0.6:
            d2 = business_day(d + D(days=self.rng.randint(28, 50)))
            self.add(
                Slot(
                    d2,
                    p,
                    nd,
                    "tpl_fu",
                    "neurology",
                    inject=1,
                    track=kind,
                    title="NEUROLOGY FOLLOW-UP",
                )
            )

    def track_pmr(self, sid: int, day: int, final_sid: int | None) -> None:
        md = self.clinician(
            self.rng.choice([("MD",), ("DO",)]), "Physical Medicine and Rehabilitation"
        )
        w = self.word()
        p = self.practice(
            "pmr", f"{w} Physical Medicine and Rehabilitation", "other", "office", [md]
        )
        d = business_day(self.incident + D(days=day))
        self.add(Slot(d, p, md, "note", "other", sid, inject=1, track="pmr"))
        d = business_day(d + D(days=self.rng.randint(25, 40)))
        self.add(
            Slot(
                d,
                p,
                md,
                "tpl_fu",
                "other",
                inject=1,
                track="pmr",
                title="FOLLOW-UP VISIT",
            )
        )
        if final_sid:
            d = business_day(d + D(days=self.rng.randint(60, 120)))
            self.add(Slot(d, p, md, "note", "other", final_sid, inject=1, track="pmr"))

    def track_surgery(self, sid: int, day: int, procedure: str) -> None:
        ortho = self.ortho_practice()
        w = self.word()
        asc = self.practice(
            "asc", f"{w} Surgery Center", "surgery", "hospital", [self.ortho_doc]
        )
        d = business_day(self.incident + D(days=day))
        self.add(Slot(d, asc, self.ortho_doc, "note", "surgery", sid, track="surg"))
        d2 = business_day(d + D(days=self.rng.randint(10, 16)))
        self.add(
            Slot(
                d2,
                ortho,
                self.ortho_doc,
                "postop",
                "orthopedics",
                track="ortho",
                extra={"procedure": procedure},
                title="POSTOPERATIVE VISIT",
            )
        )

    def track_ime(self, sid: int, after: dt.date) -> None:
        r = self.rng
        md = self.clinician(
            r.choice([("MD",), ("DO",), ("MD", "QME")]), "Orthopaedic Surgery"
        )
        w = self.word()
        p = self.practice("ime", f"{w} Medical Evaluations, LLC", "other", "ime", [md])
        d = business_day(after + D(days=r.randint(10, 50)))
        self.add(Slot(d, p, md, "ime", "other", sid, track="ime"))

    # ------------------------------------------------------------------ profiles
    def build(self) -> None:
        r = self.rng
        prof = self.profile
        f_pcp = [386, 73, 366, 1438, 402, 382, 289, 390]
        m_pcp = [367, 1441, 391, 1158, 225, 214]
        if prof == "f_mvc_conservative":
            self.frame("F", "mvc")
            self.regions = ["neck", "back"]
            self.track_pcp_pre(
                r.sample(f_pcp, r.randint(1, 2)),
                r.choice([("er_pre", 1252), ("uc_pre", 942), None]),
            )
            if r.random() < 0.75:
                self.track_er(
                    r.choice([1258, 949]),
                    r.choice([[1772], [1522, 1380], [1382], [1854, 1387]]),
                )
            if r.random() < 0.5:
                self.track_pmr(625, r.randint(5, 15), None)
            else:
                self.track_chiro(212, r.randint(2, 8), r.randint(8, 13))
            self.track_pt(r.choice([1613, 2621]), r.randint(14, 30), r.randint(6, 9))
            self.track_mri(
                r.sample([826, 855, 854], 1) + r.sample([257, 812], 1),
                r.randint(25, 50),
                same_day=r.random() < 0.6,
            )
            last = self.track_ortho(
                r.choice([2601, 1058, None]),
                r.randint(30, 55),
                [1060, None][: r.randint(1, 2)],
            )
            if r.random() < 0.6:
                self.track_neuro(1683, r.randint(70, 110), kind="emg")
            self.track_ime(r.choice([1168, 2779]), last)
        elif prof == "m_mvc_conservative":
            self.frame("M", "mvc")
            self.regions = ["neck", "back"]
            self.track_pcp_pre(
                r.sample(m_pcp, r.randint(1, 3)), r.choice([("er_pre", 2673), None])
            )
            self.track_chiro(212, r.randint(1, 6), r.randint(10, 16))
            self.track_mri(
                r.sample([855, 854], 1) + r.sample([257, 2625], 1), r.randint(20, 45)
            )
            self.track_ortho(1058, r.randint(20, 40), [1059, None][: r.randint(1, 2)])
            last = self.track_pain(
                926,
                r.randint(70, 100),
                r.sample([1901, 2206, 1905, 1877, 964], r.randint(1, 2)),
                r.random() < 0.6,
            )
            if r.random() < 0.5:
                self.track_neuro(1173, r.randint(80, 120), kind="emg")
            self.track_ime(r.choice([1168, 2779, 211]), last)
        elif prof == "f_fall_premises":
            self.frame("F", "fall")
            self.regions = ["neck", "back", "ankle"]
            self.track_pcp_pre(
                r.sample(f_pcp, r.randint(1, 2)),
                r.choice([("ortho_pre", 58), ("chiro_pre", 230), None]),
            )
            d = self.track_er(932, r.choice([[1380], [1387], [1382]]))
            if r.random() < 0.6:
                self.track_hosp_consult(2536, d)
            self.track_chiro(216, r.randint(3, 12), r.randint(8, 13))
            self.track_pt(1612, r.randint(20, 35), r.randint(6, 10), regions=["ankle"])
            self.track_mri([257], r.randint(30, 60))
            last = self.track_ortho(
                r.choice([1955, None]), r.randint(25, 50), [None][: r.randint(0, 1)]
            )
            if r.random() < 0.5:
                self.track_ime(1168, last)
        elif prof == "m_fall_premises":
            self.frame("M", "fall")
            self.regions = ["shoulder_l", "knee_l"]
            self.track_pcp_pre(
                r.sample(m_pcp, r.randint(1, 2)), r.choice([("er_pre", 2673), None])
            )
            if r.random() < 0.65:
                self.track_er(943, r.choice([[243, 1854], [1380, 1382], [243]]))
            self.track_ortho(2774, r.randint(2, 6), [None, None][: r.randint(1, 2)])
            self.track_mri(
                r.sample([807, 794], 1) + r.sample([804, 857], 1),
                r.randint(18, 40),
                same_day=r.random() < 0.5,
            )
            self.track_pt(
                1614,
                r.randint(14, 30),
                r.randint(7, 11),
                regions=["knee_l", "shoulder_l"],
            )
            if r.random() < 0.7:
                self.track_surgery(2269, r.randint(110, 170), "left knee arthroscopy")
            self.track_ime(2044, self.incident + D(days=r.randint(200, 260)))
        elif prof == "f_mvc_neck_surgery":
            self.frame("F", "mvc")
            self.regions = ["neck"]
            self.track_pcp_pre(r.sample(f_pcp, r.randint(1, 2)), None)
            self.track_er(r.choice([1258, 949]), r.choice([[1772], [1522]]))
            self.track_mri([r.choice([826, 855])], r.randint(20, 40))
            self.track_ortho(2601, r.randint(35, 60), [2602])
            self.track_neuro(1124, r.randint(60, 90), kind="emg")
            self.track_pain(
                None,
                r.randint(75, 100),
                r.sample([1902, 276, 2205], r.randint(1, 2)),
                False,
            )
            self.track_surgery(
                1835,
                r.randint(150, 220),
                "C4-C5, C5-C6 anterior cervical discectomy and fusion",
            )
            if r.random() < 0.5:
                self.track_pt(2621, r.randint(240, 260), r.randint(6, 9))
        elif prof == "m_mvc_neck_surgery":
            self.frame("M", "mvc")
            self.regions = ["neck"]
            self.track_pcp_pre(r.sample(m_pcp, r.randint(1, 2)), None)
            self.track_er(949, r.choice([[1770], [1380, 1522]]))
            self.track_chiro(212, r.randint(4, 12), r.randint(8, 13))
            self.track_mri([r.choice([855, 854])], r.randint(25, 45))
            self.track_ortho(1058, r.randint(40, 60), [None])
            self.track_pain(
                None, r.randint(80, 100), [r.choice([2205, 1901, 1882])], False
            )
            sid = r.choice([2525, 2102, 1828])
            self.track_surgery(
                sid,
                r.randint(150, 230),
                "C5-C6 anterior cervical discectomy and fusion",
            )
            self.track_ime(1168, self.incident + D(days=r.randint(260, 320)))
        elif prof == "m_fall_head":
            self.frame("M", "fall")
            self.regions = ["head", "neck"]
            self.track_pcp_pre(r.sample(m_pcp, r.randint(1, 2)), None)
            d = self.track_er(943, r.choice([[1380], [243], [243, 1854]]))
            self.track_admission(2211, d)
            self.track_neuro(624, r.randint(20, 40))
            self.track_mri([256], r.randint(45, 70))
            self.track_pt(None, r.randint(30, 50), r.randint(6, 10))
            if r.random() < 0.7:
                self.track_ime(
                    r.choice([211, 2779]), self.incident + D(days=r.randint(150, 220))
                )
        elif prof == "f_mvc_lumbar_surgery":
            self.frame("F", "mvc")
            self.regions = ["back"]
            self.track_pcp_pre(
                r.sample(f_pcp, r.randint(1, 3)), r.choice([("ortho_pre", 433), None])
            )
            self.track_er(r.choice([1258, 949]), r.choice([[1522], [1772]]))
            self.track_chiro(212, r.randint(3, 10), r.randint(8, 12))
            self.track_mri([r.choice([257, 812])], r.randint(30, 55))
            self.track_pain(
                r.choice([67, 927]),
                r.randint(60, 90),
                r.sample([2398, 2399, 2244], r.randint(1, 2)),
                True,
            )
            if r.random() < 0.5:
                self.track_neuro(1126, r.randint(90, 120), kind="emg")
            self.track_ortho(None, r.randint(120, 140), [])
            self.track_surgery(2741, r.randint(160, 220), "left L5-S1 microdiscectomy")
            if r.random() < 0.5:
                self.track_pmr(
                    625, r.randint(240, 260), 228 if r.random() < 0.6 else None
                )
        else:
            raise ValueError(prof)

    # ------------------------------------------------------------------ narratives
    def links(self) -> dict[str, dt.date]:
        out: dict[str, dt.date] = {}
        for s in self.slots:
            if s.track == "mri" and s.sid is not None:
                reg = BY_ID[s.sid].region
                if "lumbar" in reg:
                    out.setdefault("lumbar", s.date)
                if "neck" in reg:
                    out.setdefault("neck", s.date)
        return out

    def history_events(self, slot: Slot, n: int) -> list[tuple[str, Reported]]:
        """Dated narrative sentences about earlier care (reported events)."""
        r = self.rng
        she = self.she
        fmt = slot.practice.style.date_fmt
        cands: list[tuple[str, Reported]] = []
        prior = [
            s
            for s in self.slots
            if s.date < slot.date and s.date >= self.incident and s is not slot
        ]
        for s in prior:
            name = s.practice.name
            ds = fmt_date(s.date, fmt)
            if s.track == "er":
                if r.random() < 0.5:
                    q = f"emergency department at {name} on {ds}"
                    cands.append(
                        (
                            f"{she} was evaluated in the {q} and released.",
                            Reported(
                                s.date, None, name, "emergency department visit", q
                            ),
                        )
                    )
                else:
                    q = (
                        f"seen by {s.clinician.doctor} in the emergency department on "
                        f"{ds}"
                    )
                    cands.append(
                        (
                            f"{she} was {q}, where imaging was obtained.",
                            Reported(
                                s.date,
                                s.clinician.truth,
                                name,
                                "emergency department visit",
                                q,
                            ),
                        )
                    )
            elif s.track == "mri" and s.sid is not None:
                exam = exam_case(
                    BY_ID[s.sid].exam.replace("WITHOUT CONTRAST", "").strip()
                )
                q = f"{exam} done on {ds}"
                res = r.choice(
                    [
                        "which was reviewed with the patient today",
                        "reportedly showing disc pathology",
                        "which showed findings as described in the report",
                        "and the report was reviewed",
                    ]
                )
                art = "an" if exam.startswith(("MRI", "X")) else "a"
                cands.append(
                    (
                        f"{she} had {art} {q}, {res}.",
                        Reported(s.date, None, name, exam, q),
                    )
                )
            elif s.track in ("chiro", "pt"):
                what = "chiropractic care" if s.track == "chiro" else "physical therapy"
                q = f"started {what} with {s.clinician.doctor} on {ds}"
                cands.append(
                    (
                        f"{she} {q} with partial relief.",
                        Reported(s.date, s.clinician.truth, name, what, q),
                    )
                )
            elif s.track == "proc" and s.sid is not None:
                q = f"injection performed by {s.clinician.doctor} on {ds}"
                cands.append(
                    (
                        f"{she} reports {r.randint(20, 60)}% relief lasting about "
                        f"{r.randint(1, 4)} weeks after "
                        f"the {q}.",
                        Reported(
                            s.date, s.clinician.truth, name, "spinal injection", q
                        ),
                    )
                )
            elif (
                s.track in ("ortho", "neuro", "emg") and s.practice is not slot.practice
            ):
                q = f"evaluated by {s.clinician.doctor} at {name} on {ds}"
                cands.append(
                    (
                        f"{she} was {q}.",
                        Reported(
                            s.date, s.clinician.truth, name, "specialist visit", q
                        ),
                    )
                )
        # care that is not part of this production
        if r.random() < 0.35 and slot.date > self.incident + D(days=6):
            d = self.incident + D(days=r.randint(1, 5))
            if d < slot.date:
                uc = (
                    f"{self.city[0]} "
                    f"{r.choice(['Urgent Care', 'Walk-In Clinic', 'Immediate Care'])}"
                )
                q = f"{uc} on {fmt_date(d, fmt)}"
                cands.append(
                    (
                        f"{she} also went to {q}, where {she.lower()} was given a "
                        "soft cervical collar and a "
                        "muscle relaxant.",
                        Reported(d, None, uc, "urgent care visit", q),
                    )
                )
        if r.random() < 0.25:
            back = self.incident - D(days=r.randint(400, 1500))
            mon = f"{MONTH[back.month - 1]} of {back.year}"
            fac = (
                f"{r.choice(names.PLACE_WORDS)} "
                f"{r.choice(['Chiropractic', 'Family Practice', 'Urgent Care'])}"
            )
            q = f"in {mon} {she.lower()} was evaluated at {fac}"
            cands.append(
                (
                    f"Regarding prior history, {q} for a minor back strain which "
                    "resolved.",
                    Reported(
                        back.replace(day=1),
                        None,
                        fac,
                        "prior evaluation (month only)",
                        q,
                        pre_incident=True,
                    ),
                )
            )
        r.shuffle(cands)
        return cands[:n]

    # ------------------------------------------------------------------ visits
    def next_vid(self) -> int:
        self.vid += 1
        return self.vid

    def make_visit(self, slot: Slot, patient: Person, other: bool = False) -> Visit:
        r = self.rng
        pre = slot.date < self.incident
        v = Visit(
            self.next_vid(),
            slot.date,
            slot.practice,
            slot.clinician,
            slot.kind,
            slot.title,
            patient,
            visit_type=slot.visit_type,
            pre_incident=pre,
            other_patient=other,
        )
        regions = slot.extra.get("regions") or self.regions
        assert isinstance(regions, list)  # noqa: S101
        she = "She" if patient.sex == "F" else "He"
        prev_same = [
            s
            for s in self.slots
            if s.practice is slot.practice
            and s.date < slot.date
            and s.clinician.truth == slot.clinician.truth
        ]
        if slot.sid is not None:
            smp = BY_ID[slot.sid]
            ctx = Context(
                slot.date,
                self.incident,
                age_on(patient.dob, slot.date),
                patient.sex == "F",
                post_incident=not pre,
                links=self.links(),
            )
            prep = prepare(smp, self.texts[slot.sid], ctx)
            v.sample = smp
            v.blocks = prep.blocks
            v.title = slot.title or smp.title or ""
            if slot.kind == "rad" and not v.title:
                v.title = r.choice(
                    [
                        "RADIOLOGY REPORT",
                        "DIAGNOSTIC IMAGING REPORT",
                        "IMAGING REPORT",
                        f"{smp.exam.split()[0]} REPORT",
                    ]
                )
            v.extra["exam"] = smp.exam
            for hit in prep.hits:
                if other:
                    continue
                if hit.role == "self":
                    v.reported.append(
                        Reported(
                            hit.date,
                            slot.clinician.truth,
                            slot.practice.name,
                            "prior visit with the same clinician",
                            hit.quote,
                            hit.date < self.incident,
                        )
                    )
                else:
                    desc = hit.desc or (
                        "imaging study" if hit.role.startswith("mri") else "prior care"
                    )
                    v.reported.append(
                        Reported(
                            hit.date,
                            None,
                            None,
                            desc,
                            hit.quote,
                            hit.date < self.incident,
                        )
                    )
            codes = list(smp.dx)
            if prev_same:
                codes = [_subsequent(c) for c in codes]
            v.dx = codes
            v.cpt = list(smp.cpt)
        elif slot.kind == "tpl_fu":
            hist: list[str] = []
            v.blocks = templates.followup(
                r, regions, she, hist, slot.visit_type, r.random() < 0.5
            )
            v.dx = self.generic_dx(regions, bool(prev_same))
            v.cpt = ["99204" if not prev_same else r.choice(["99213", "99214"])]
        elif slot.kind == "pt_init":
            v.blocks = templates.pt_initial(
                r, regions, she, age_on(patient.dob, slot.date)
            )
            v.dx = self.generic_dx(regions, False)
            v.cpt = ["97163", "97110"]
        elif slot.kind in ("chiro_reexam", "pt_reeval"):
            final = bool(slot.extra.get("final"))
            v.blocks = (
                templates.chiro_reexam(r, regions, she, final)
                if slot.kind == "chiro_reexam"
                else templates.pt_reeval(r, regions, she, final)
            )
            v.title = (
                "CHIROPRACTIC RE-EXAMINATION"
                if slot.kind == "chiro_reexam"
                else (
                    "PHYSICAL THERAPY DISCHARGE SUMMARY"
                    if final
                    else "PHYSICAL THERAPY RE-EVALUATION"
                )
            )
            v.dx = self.generic_dx(regions, True)
            v.cpt = ["99213", "98941"] if slot.kind == "chiro_reexam" else ["97164"]
        elif slot.kind in ("chiro_daily", "pt_daily"):
            n = int(str(slot.extra.get("n", 2)))
            pain = max(1, 8 - n // 3 + r.randint(-1, 1))
            entry = (
                templates.chiro_daily(r, regions, pain, n)
                if slot.kind == "chiro_daily"
                else templates.pt_daily(r, regions, pain, n)
            )
            v.extra["entry"] = entry
            v.dx = self.generic_dx(regions, True)[:2]
            v.cpt = (
                r.choice(
                    [
                        ["98941", "97014", "97010"],
                        ["98941", "97012", "97014"],
                        ["98940", "97014"],
                    ]
                )
                if slot.kind == "chiro_daily"
                else r.choice(
                    [
                        ["97110", "97140", "97010"],
                        ["97110", "97112", "97140"],
                        ["97110", "97530"],
                    ]
                )
            )
        elif slot.kind == "postop":
            v.blocks = templates.postop(
                r, she, str(slot.extra.get("procedure", "surgery"))
            )
            v.dx = []
            v.cpt = []
        else:
            raise ValueError(slot.kind)
        if not v.title:
            v.title = slot.title or "PROGRESS NOTE"
        # bill codes (units)
        v.bill = self.bill_codes(slot, v)
        # narrative injection
        if (
            not other
            and not pre
            and slot.inject
            and slot.kind not in ("chiro_daily", "pt_daily")
        ):
            evs = self.history_events(
                slot, slot.inject if r.random() < 0.8 else slot.inject + 1
            )
            if evs:
                insert_history(v.blocks, [s for s, _ in evs])
                v.reported.extend(e for _, e in evs)
        if not other and pre and slot.inject and r.random() < 0.5:
            back = slot.date - D(days=r.randint(60, 300))
            q = (
                "last seen in this office on "
                f"{fmt_date(back, slot.practice.style.date_fmt)}"
            )
            insert_history(v.blocks, [f"The patient was {q} for a routine visit."])
            v.reported.append(
                Reported(
                    back,
                    slot.clinician.truth,
                    slot.practice.name,
                    "prior office visit",
                    q,
                    True,
                )
            )
        if slot.kind == "rad" and not pre:
            mech = {"mvc": "MVC", "fall": "Fall"}.get(self.mechanism, "Injury")
            inc = fmt_date(self.incident, slot.practice.style.date_fmt)
            v.blocks.insert(
                0,
                Block(
                    "CLINICAL HISTORY:", f"{mech} {inc}. {region_words(regions)} pain."
                ),
            )
        if slot.kind == "ime":
            self.ime_records(v, slot)
        if slot.kind == "adm":
            v.extra["discharge"] = slot.extra["discharge"]
        v.facts = facts(v.blocks) if v.blocks else {}
        if "entry" in v.extra:
            e = v.extra["entry"]
            assert isinstance(e, dict)  # noqa: S101
            v.facts = {
                "complaints": [e["S"]],
                "findings": [e["O"], e["A"]],
                "medications": [],
                "recommendations": [e["P"]],
                "restrictions": [],
            }
        if not slot.practice.style.prints_dx and slot.kind not in (
            "chiro_daily",
            "pt_daily",
        ):
            v.extra["dx_hidden"] = v.dx
            v.dx = []
        return v

    def generic_dx(self, regions: list[str], subsequent: bool) -> list[str]:
        out: list[str] = []
        for reg in regions:
            c = {
                "neck": "S13.4XXA",
                "back": "S33.5XXA",
                "thoracic": "S23.3XXA",
                "ankle": "S93.402A",
                "knee_l": "S83.92XA",
                "shoulder_l": "M25.512",
                "shoulder_r": "M25.511",
                "head": "G44.309",
            }.get(reg)
            if c:
                out.append(_subsequent(c) if subsequent else c)
        if "neck" in regions:
            out.append("M54.2")
        if "back" in regions:
            out.append("M54.50")
        return out[:4]

    def bill_codes(self, slot: Slot, v: Visit) -> list[tuple[str, int]]:
        if slot.kind in ("chiro_daily", "pt_daily"):
            return [
                (c, 2 if c in ("97110",) and self.rng.random() < 0.6 else 1)
                for c in v.cpt
            ]
        if slot.kind == "ime" or slot.kind == "postop":
            return []
        if slot.kind == "note" and slot.track in ("chiro",):
            return [(c, 1) for c in v.cpt] + [("97014", 1)]
        if slot.kind == "pt_init":
            return [("97163", 1), ("97110", 1)]
        if slot.kind == "note" and slot.track == "pt":
            return [(c, 1) for c in v.cpt] + [("97110", 1)]
        if slot.kind == "adm":
            return [("99221", 1), ("99238", 1)]
        return [(c, 1) for c in v.cpt]

    def ime_records(self, v: Visit, slot: Slot) -> None:
        r = self.rng
        fmt = slot.practice.style.date_fmt
        prior = [
            s
            for s in self.slots
            if s.date < slot.date
            and s.kind not in ("chiro_daily", "pt_daily")
            and s is not slot
        ]
        pick = [s for s in prior if s.date >= self.incident]
        pre = [s for s in prior if s.date < self.incident]
        chosen = sorted(
            r.sample(pick, min(len(pick), r.randint(7, 9))) + pre[:1],
            key=lambda s: s.date,
        )
        rows: list[tuple[dt.date, str]] = []
        reps: list[Reported] = []
        for s in chosen:
            desc = {
                "er": "Emergency department evaluation",
                "rad_er": "Imaging",
                "mri": "Diagnostic imaging",
                "chiro": "Chiropractic evaluation",
                "pt": "Physical therapy evaluation",
                "ortho": "Orthopaedic visit",
                "pain": "Pain management visit",
                "proc": "Interventional procedure",
                "emg": "Electrodiagnostic study",
                "neuro": "Neurology consultation",
                "surg": "Surgery",
                "pcp_pre": "Primary care visit",
                "pmr": "Physiatry visit",
                "consult": "Inpatient consultation",
                "adm": "Hospital admission",
                "pre_er": "Emergency department visit",
                "pre_uc": "Urgent care visit",
                "pre_ortho": "Orthopedic visit",
                "pre_chiro": "Chiropractic visit",
            }.get(s.track, "Office visit")
            if s.kind in ("chiro_reexam", "pt_reeval"):
                desc = "Re-examination"
            if s.sid is not None and BY_ID[s.sid].exam:
                desc = exam_case(BY_ID[s.sid].exam)
            ds = fmt_date(s.date, fmt)
            rows.append(
                (
                    s.date,
                    f"{ds} - {s.practice.name} - {s.clinician.printed(0)}: {desc}.",
                )
            )
            reps.append(
                Reported(
                    s.date,
                    s.clinician.truth,
                    s.practice.name,
                    desc,
                    f"{ds} - {s.practice.name}",
                    s.date < self.incident,
                )
            )
        extra_d = self.incident + D(days=r.randint(1, 4))
        uc = f"{self.city[0]} Urgent Care"
        ds = fmt_date(extra_d, fmt)
        rows.append(
            (
                extra_d,
                f"{ds} - {uc} - provider illegible: Urgent care visit, neck and back "
                "pain.",
            )
        )
        reps.append(Reported(extra_d, None, uc, "Urgent care visit", f"{ds} - {uc}"))
        rows.sort(key=lambda t: t[0])
        body = "\n".join(f"{i + 1}. {ln}" for i, (_d, ln) in enumerate(rows))
        pos = next(
            (
                i
                for i, b in enumerate(v.blocks)
                if b.heading
                and re.match(
                    r"(?i)(PHYSICAL )?EXAM(INATION)?|MEDICAL RECORD REVIEW|DIAGNOSTIC "
                    r"STUDIES|IMAGING",
                    b.heading,
                )
            ),
            None,
        )
        if pos is None:
            pos = min(len(v.blocks), 3)
        v.blocks.insert(pos, Block("RECORDS REVIEWED:", body))
        v.reported.extend(reps)
        inc = fmt_date(self.incident, fmt)
        v.extra["ime_header"] = {"inc": inc}

    # ------------------------------------------------------------------ statements
    def statements(self, visits: list[Visit]) -> list[Statement]:
        r = self.rng
        out: list[Statement] = []
        by_entity: dict[str, list[tuple[Visit, str, int, Practice]]] = {}
        entity_practice: dict[str, Practice] = {}

        def put(
            entity: str, practice: Practice, v: Visit, code: str, units: int
        ) -> None:
            by_entity.setdefault(entity, []).append((v, code, units, practice))
            entity_practice.setdefault(entity, practice)

        hosp = getattr(self, "_hospital", None)
        for v in visits:
            if v.pre_incident or v.other_patient or not v.bill:
                continue
            p = v.practice
            if p.key == "hospital":
                assert hosp is not None  # noqa: S101
                if v.kind == "er":
                    for code, units in v.bill:
                        put(p.bill_name, p, v, code, units)
                    if r.random() < 0.85:
                        put(
                            self.er_group,
                            self._group_practice(self.er_group, p),
                            v,
                            v.bill[0][0],
                            1,
                        )
                elif v.kind == "rad":
                    for code, units in v.bill:
                        put(p.bill_name, p, v, code, units)
                        put(
                            self.rad_group,
                            self._group_practice(self.rad_group, p),
                            v,
                            code + "-26",
                            units,
                        )
                elif v.kind == "adm":
                    for code, units in v.bill:
                        put(
                            self.er_group.replace(
                                "Emergency Physicians", "Hospitalist"
                            ),
                            self._group_practice(
                                self.er_group.replace(
                                    "Emergency Physicians", "Hospitalist"
                                ),
                                p,
                            ),
                            v,
                            code,
                            units,
                        )
                else:
                    for code, units in v.bill:
                        put(p.bill_name, p, v, code, units)
            elif p.key == "asc":
                for code, units in v.bill:
                    put(p.bill_name, p, v, code, units)
                ortho = getattr(self, "_ortho", None)
                if ortho is not None:
                    for code, units in v.bill:
                        put(ortho.bill_name, ortho, v, code, units)
            else:
                for code, units in v.bill:
                    put(p.bill_name, p, v, code, units)
        sid = 0
        for entity, items in by_entity.items():
            practice = entity_practice[entity]
            lines: list[BillLine] = []
            for v, code, units, _p in items:
                base = code.split("-")[0]
                desc, price = CPT[base]
                factor = {"hospital": 1.0, "asc": 1.25}.get(practice.key, 1.0)
                if code.endswith("-26"):
                    factor = 0.16
                    desc = desc + " - PROF"
                elif entity == getattr(self, "er_group", None):
                    factor = 0.42
                elif practice.key not in ("hospital", "asc", "imaging") and base in (
                    "22551",
                    "22552",
                    "22845",
                    "20931",
                    "63030",
                    "29827",
                    "29826",
                    "23412",
                    "29881",
                ):
                    factor = 0.55
                charge = round(price * factor / 100.0) * 100 * units
                lines.append(
                    BillLine(
                        v.date, base, desc, units, charge, clinician=v.clinician.truth
                    )
                )
            lines.sort(key=lambda ln: (ln.date, ln.code))
            style = practice.bill_style
            if practice.key == "hospital" and entity == practice.bill_name:
                style = r.choice(["ub", "itemized"])
            chunks = [lines]
            if len(lines) > 22 and r.random() < 0.6:
                cut = len(lines) // 2
                while 0 < cut < len(lines) and lines[cut].date == lines[cut - 1].date:
                    cut += 1
                chunks = [lines[:cut], lines[cut:]] if 0 < cut < len(lines) else [lines]
            for chunk in chunks:
                sid += 1
                st = Statement(
                    practice,
                    chunk,
                    style,
                    chunk[-1].date + D(days=r.randint(20, 120)),
                    practice.account or f"{r.randint(10000, 99999)}",
                    None,
                    sid=sid,
                )
                st.entity = entity
                self.money(st)
                out.append(st)
        return out

    def _group_practice(self, entity: str, base: Practice) -> Practice:
        for p in self.practices:
            if p.name == entity:
                return p
        st = self.style("office")
        p = Practice(
            key="group",
            name=entity,
            bill_name=entity,
            visit_type=base.visit_type,
            place=names.make_place(self.rng, self.city),
            clinicians=[],
            style=st,
            bill_style=self.rng.choice(["itemized", "ledger", "plain"]),
            account=f"{self.rng.randint(10000, 999999)}",
        )
        self.practices.append(p)
        return p

    def money(self, st: Statement) -> None:
        r = self.rng
        scenario = (
            "none"
            if st.style == "plain"
            else r.choice(["lien", "pip", "health", "partial", "lien"])
        )
        payer = r.choice(
            [
                "PIP - " + r.choice(names.INSURERS),
                "MEDPAY",
                "BLUE CROSS PPO",
                "AETNA",
                "UNITED HEALTHCARE",
                "MEDI-CAL MGD CARE",
                "PATIENT PAYMENT",
            ]
        )
        total = sum(ln.charge for ln in st.lines)
        if scenario == "pip":
            for ln in st.lines:
                if r.random() < 0.7:
                    ln.payment = int(ln.charge * r.uniform(0.55, 0.8)) // 100 * 100
        elif scenario == "health":
            for ln in st.lines:
                if r.random() < 0.85:
                    pay = int(ln.charge * r.uniform(0.3, 0.5))
                    adj = int(ln.charge * r.uniform(0.3, 0.5))
                    ln.payment, ln.adjustment = pay, adj
        elif scenario == "partial" and st.lines:
            amt = int(total * r.uniform(0.1, 0.3)) // 100 * 100
            st.lines[0].payment = min(amt, st.lines[0].charge)
            if r.random() < 0.5:
                st.lines[-1].adjustment = min(
                    st.lines[-1].charge - st.lines[-1].payment, 2500
                )
        if st.style in ("ledger", "ub"):
            pays = sum(ln.payment for ln in st.lines)
            adjs = sum(ln.adjustment for ln in st.lines)
            d = st.lines[-1].date + D(days=r.randint(25, 70))
            if pays:
                parts = (
                    [pays]
                    if r.random() < 0.6 or pays < 200
                    else [pays // 2, pays - pays // 2]
                )
                for i, amt in enumerate(parts):
                    st.payment_rows.append(
                        (d + D(days=14 * i), f"PMT - {payer}", amt, "payment")
                    )
            if adjs:
                st.payment_rows.append(
                    (d, "CONTRACTUAL ADJUSTMENT", adjs, "adjustment")
                )
        st.printed_total = total
        if st.style == "ledger" and int(st.practice.account) % 3 == 0:
            st.printed_total = None  # balance-only ledger (a practice habit)

    # ------------------------------------------------------------------ run
    def run(self) -> Case:
        self.build()
        self.slots.sort(key=lambda s: (s.date, s.track))
        visits: list[Visit] = []
        for slot in self.slots:
            visits.append(self.make_visit(slot, self.client))
        case = Case(self.cid, self.client, self.incident, self.mechanism, visits=visits)
        case.practices = self.practices
        case.law_firm = self.rng.choice(names.LAW_FIRMS)
        case.bates_prefix = f"{self.client.last.upper()[:6]}"
        case.statements = self.statements(visits)
        return case

    def other_patient_visit(self, practice: Practice) -> Visit:
        """A note of another patient of the same practice (misfiled here)."""
        r = self.rng
        sex = r.choice(["F", "M"])
        first, last = names.person_name(r, sex, self.used_people)
        dob = dt.date(r.randint(1955, 2000), r.randint(1, 12), r.randint(1, 28))
        other = Person(first, last, sex, dob, mrn=f"{r.randint(100000, 9999999)}")
        own = [s for s in self.slots if s.practice is practice]
        base = r.choice(own)
        d = business_day(base.date + D(days=r.randint(-20, 20)))
        kind = base.kind
        sid = base.sid
        if kind in ("chiro_daily", "chiro_reexam") or (
            practice.key == "chiro" and r.random() < 0.5
        ):
            kind, sid = "chiro_reexam", None
        elif kind in ("pt_daily", "pt_reeval") or practice.key == "pt":
            kind, sid = "pt_reeval", None
        elif kind in ("ime", "rad", "er", "adm", "consult_h"):
            kind, sid = "tpl_fu", None
        if (
            sid is not None
            and BY_ID[sid].sex == "M"
            and sex == "F"
            and sid not in _swappable()
        ):
            kind, sid = "tpl_fu", None
        if sid is not None and BY_ID[sid].sex == "F" and sex == "M":
            kind, sid = "tpl_fu", None
        slot = Slot(
            d,
            practice,
            base.clinician,
            kind,
            base.visit_type,
            sid,
            title=base.title or "PROGRESS NOTE",
            track="other",
        )
        return self.make_visit(slot, other, other=True)


def _swappable() -> set[int]:
    from .textprep import SWAPPABLE

    return SWAPPABLE


def exam_case(exam: str) -> str:
    keep = {"CT", "MRI", "X-RAY", "AND"}
    words = []
    for w in exam.split():
        words.append(
            w
            if w in keep - {"AND"}
            else w.lower()
            if w in ("AND", "WITHOUT", "WITH")
            else w.capitalize()
        )
    return " ".join(words)


def region_words(regions: list[str]) -> str:
    return templates.region_phrase(regions).capitalize() if regions else "Neck"


__all__ = ["PROFILES", "Document", "Part", "Planner"]
