"""Render a case's documents to PDF with reportlab (records, logs, bills, covers)."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .model import (
    Case,
    Clinician,
    Document,
    NoteStyle,
    Part,
    Person,
    Practice,
    Statement,
    Visit,
)
from .pool import ICD
from .util import fmt_date, fmt_time, money

W, H = letter
BOLD = {
    "Helvetica": "Helvetica-Bold",
    "Times-Roman": "Times-Bold",
    "Courier": "Courier-Bold",
}
REV = {
    "99283": "0450",
    "99284": "0450",
    "99285": "0450",
    "70450": "0350",
    "70486": "0350",
    "72125": "0350",
    "72131": "0350",
    "72070": "0320",
    "72040": "0320",
    "72100": "0320",
    "73030": "0320",
    "73564": "0320",
    "73610": "0320",
    "72141": "0610",
    "72148": "0610",
    "73221": "0610",
    "73721": "0610",
    "70551": "0610",
    "J1885": "0636",
    "J2360": "0636",
    "96372": "0510",
    "12011": "0450",
    "12013": "0450",
    "99070": "0270",
    "L0120": "0274",
}


class Registry:
    """Pages where markers were drawn, filled during the build."""

    def __init__(self) -> None:
        self.pages: dict[str, int] = {}


class Marker(Flowable):
    def __init__(
        self, registry: Registry, key: str, ctx: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.registry = registry
        self.key = key
        self.ctx = ctx
        self.width = 0
        self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.registry.pages.setdefault(self.key, page)
        if self.ctx is not None:
            ctx = dict(self.ctx)
            ctx["start_page"] = page
            self.canv._pd_ctx = ctx  # type: ignore[attr-defined]


class Letterhead(Flowable):
    def __init__(
        self,
        practice: Practice,
        style: NoteStyle,
        clin: Clinician | None,
        title_right: str = "",
    ) -> None:
        super().__init__()
        self.p = practice
        self.st = style
        self.clin = clin
        self.title_right = title_right
        self.height = {"banner": 66, "hospital": 62, "left_roster": 74}.get(
            style.letterhead, 58
        )

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.height

    def draw(self) -> None:
        c = self.canv
        p, st = self.p, self.st
        bold = BOLD.get(st.font, "Helvetica-Bold")
        font = st.font
        w, h = self.width, self.height
        addr = (
            f"{p.place.street}  \u2022  {p.place.city}, {p.place.state} {p.place.zip}"
        )
        tel = f"Tel {p.place.phone}   Fax {p.place.fax}"
        if st.letterhead == "banner":
            c.setFillColor(colors.Color(0.15, 0.25, 0.45))
            c.rect(0, h - 30, w, 30, stroke=0, fill=1)
            c.setFillColor(colors.white)
            c.setFont(bold, 15)
            c.drawString(8, h - 21, p.name)
            c.setFillColor(colors.black)
            c.setFont(font, 8.5)
            c.drawString(8, h - 44, addr)
            c.drawRightString(w - 4, h - 44, tel)
            c.setLineWidth(0.6)
            c.line(0, 4, w, 4)
        elif st.letterhead == "left_roster":
            c.setFont(bold, 15)
            c.drawString(0, h - 16, p.name)
            c.setFont(font, 8.5)
            c.drawString(0, h - 30, p.place.street)
            c.drawString(0, h - 41, f"{p.place.city}, {p.place.state} {p.place.zip}")
            c.drawString(0, h - 52, tel)
            c.setFont("Helvetica-Oblique", 7.5)
            y = h - 12
            for cl in p.clinicians[:4]:
                c.drawRightString(w, y, f"{cl.first} {cl.last}, {', '.join(cl.creds)}")
                y -= 10
            c.setLineWidth(1.2)
            c.line(0, 6, w, 6)
        elif st.letterhead == "hospital":
            c.setFont(bold, 14)
            c.drawCentredString(w / 2, h - 15, p.name.upper())
            c.setFont(font, 8.5)
            c.drawCentredString(w / 2, h - 28, addr)
            c.drawCentredString(w / 2, h - 39, tel)
            c.setLineWidth(2)
            c.line(0, 10, w, 10)
            c.setLineWidth(0.5)
            c.line(0, 6, w, 6)
        elif st.letterhead == "left":
            c.setFont(bold, 13)
            c.drawString(0, h - 14, p.name)
            c.setFont(font, 8.5)
            c.drawString(0, h - 27, addr)
            c.drawString(0, h - 38, tel)
            if self.title_right:
                c.setFont(bold, 9)
                c.drawRightString(w, h - 14, self.title_right)
            c.setLineWidth(0.8)
            c.line(0, 8, w, 8)
        else:  # center
            c.setFont(bold, 15)
            c.drawCentredString(w / 2, h - 16, p.name)
            c.setFont(font, 8.5)
            c.drawCentredString(w / 2, h - 29, addr)
            c.drawCentredString(w / 2, h - 40, tel)
            c.setLineWidth(0.8)
            c.line(w * 0.1, 8, w * 0.9, 8)


class Renderer:
    def __init__(self, case: Case, rng: random.Random) -> None:
        self.case = case
        self.rng = rng

    # ----------------------------------------------------------------- styles
    def pstyles(self, st: NoteStyle) -> dict[str, ParagraphStyle]:
        bold = BOLD.get(st.font, "Helvetica-Bold")
        lead = st.size * 1.28
        return {
            "body": ParagraphStyle(
                "body", fontName=st.font, fontSize=st.size, leading=lead, spaceAfter=4
            ),
            "small": ParagraphStyle(
                "small",
                fontName=st.font,
                fontSize=st.size - 1.5,
                leading=(st.size - 1.5) * 1.25,
            ),
            "head": ParagraphStyle(
                "head", fontName=bold, fontSize=st.size, leading=lead, spaceBefore=3
            ),
            "title": ParagraphStyle(
                "title",
                fontName=bold,
                fontSize=st.size + 2.5,
                leading=(st.size + 2.5) * 1.3,
                alignment=TA_CENTER,
                spaceAfter=6,
                spaceBefore=2,
            ),
            "right": ParagraphStyle(
                "right",
                fontName=st.font,
                fontSize=st.size,
                leading=lead,
                alignment=TA_RIGHT,
            ),
            "cell": ParagraphStyle(
                "cell",
                fontName=st.font,
                fontSize=st.size - 1,
                leading=(st.size - 1) * 1.2,
            ),
            "cellb": ParagraphStyle(
                "cellb",
                fontName=bold,
                fontSize=st.size - 1,
                leading=(st.size - 1) * 1.2,
            ),
        }

    def d(self, day: dt.date, st: NoteStyle) -> str:
        return fmt_date(day, st.date_fmt)

    def pname(self, person: Person, variant: int) -> tuple[str, str]:
        """(last-first form, first-last form)"""
        return (
            f"{person.last.upper()}, {person.first.upper()}",
            f"{person.first} {person.last}",
        )

    # ----------------------------------------------------------------- blocks of a note
    def patient_block(
        self,
        v: Visit,
        st: NoteStyle,
        ps: dict[str, ParagraphStyle],
        extra: list[tuple[str, str]],
    ) -> list[Flowable]:
        pt = v.patient
        lf, fl = self.pname(pt, st.name_variant)
        dob = fmt_date(pt.dob, st.dob_fmt)
        mrn = pt.mrn
        kind = st.patient_block
        out: list[Flowable] = []
        if kind == "line":
            txt = (
                f"<b>Patient:</b> {escape(lf)} &nbsp;&nbsp; <b>DOB:</b> {dob} "
                f"&nbsp;&nbsp; <b>MRN:</b> {mrn}"
            )
            out.append(Paragraph(txt, ps["body"]))
            for k, val in extra:
                out.append(Paragraph(f"<b>{escape(k)}:</b> {escape(val)}", ps["body"]))
        elif kind == "stacked":
            rows = [
                ("PATIENT NAME", fl),
                ("DATE OF BIRTH", dob),
                ("ACCOUNT #", mrn),
            ] + [(k.upper(), val) for k, val in extra]
            for k, val in rows:
                out.append(Paragraph(f"{escape(k)}: {escape(val)}", ps["body"]))
        elif kind == "re":
            out.append(
                Paragraph(
                    f"RE: {escape(fl)} (DOB {fmt_date(pt.dob, 'mdy')})", ps["head"]
                )
            )
            for k, val in extra:
                out.append(Paragraph(f"{escape(k)}: {escape(val)}", ps["body"]))
        elif kind in ("table", "mrn_table", "hospital"):
            if kind == "mrn_table":
                hdr = ["Pt Name", "MRN", "DOB", "Sex"]
                val = [lf, mrn, dob, pt.sex]
            elif kind == "hospital":
                hdr = ["NAME", "MR#", "ACCT#", "DOB"]
                val = [lf, mrn, f"{self.rng.randint(10000000, 99999999)}", dob]
            else:
                hdr = ["Name", "Date of Birth", "Account"]
                val = [fl, dob, mrn]
            data = [
                [Paragraph(h, ps["cellb"]) for h in hdr],
                [Paragraph(escape(x), ps["cell"]) for x in val],
            ]
            t = Table(data, hAlign="LEFT")
            t.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            out.append(t)
            out.append(Spacer(1, 3))
            for k, val2 in extra:
                out.append(Paragraph(f"<b>{escape(k)}:</b> {escape(val2)}", ps["body"]))
        return out

    def visit_header(
        self, v: Visit, st: NoteStyle, ps: dict[str, ParagraphStyle], label: str
    ) -> tuple[list[Flowable], str]:
        ds = self.d(v.date, st)
        kind = st.visit_header
        who = v.clinician.printed(st.name_variant)
        if kind == "date_of_exam":
            q = f"DATE OF EXAM: {ds}"
            return [Paragraph(f"<b>DATE OF EXAM:</b> {ds}", ps["body"])], q
        if kind == "visit_line":
            q = f"{label} {ds} {v.clinician.doctor}"
            return [Paragraph(escape(q), ps["head"])], q
        if kind == "encounter_table":
            hdr = ["Encounter Date", "Provider", "Visit Type", "Location"]
            val = [ds, who, label, v.practice.place.city]
            t = Table(
                [
                    [Paragraph(h, ps["cellb"]) for h in hdr],
                    [Paragraph(escape(x), ps["cell"]) for x in val],
                ],
                hAlign="LEFT",
            )
            t.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.4, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            return [Spacer(1, 3), t, Spacer(1, 3)], ds
        if kind == "dos_short":
            q = f"DOS: {ds}"
            return [
                Paragraph(
                    f"<b>DOS:</b> {ds} &nbsp;&nbsp; <b>Provider:</b> {escape(who)}",
                    ps["body"],
                )
            ], q
        if kind == "visit_dash":
            q = f"Visit: {ds}"
            return [
                Paragraph(
                    f"Visit: {ds} | Provider: {escape(who)} | {escape(label)}",
                    ps["body"],
                )
            ], q
        q = f"DATE OF SERVICE: {ds}"
        return [Paragraph(f"<b>DATE OF SERVICE:</b> {ds}", ps["body"])], q

    def body(
        self, v: Visit, st: NoteStyle, ps: dict[str, ParagraphStyle]
    ) -> list[Flowable]:
        out: list[Flowable] = []
        dx_done = False
        find_heads = ("IMPRESSION", "ASSESSMENT", "DIAGNOS", "CONCLUSION", "A:", "A/P")
        for i, b in enumerate(v.blocks):
            lines = b.text.split("\n") if b.text else [""]
            if b.heading:
                if st.heading == "own_line" or len(lines) > 1 or not b.text:
                    out.append(Paragraph(escape(b.heading), ps["head"]))
                    for ln in lines:
                        if ln:
                            out.append(Paragraph(escape(ln), ps["body"]))
                else:
                    out.append(
                        Paragraph(
                            f"<b>{escape(b.heading)}</b> {escape(lines[0])}", ps["body"]
                        )
                    )
            else:
                for ln in lines:
                    out.append(Paragraph(escape(ln), ps["body"]))
            nxt = v.blocks[i + 1] if i + 1 < len(v.blocks) else None
            if (
                not dx_done
                and v.dx
                and b.heading
                and b.heading.upper().startswith(find_heads)
                and (nxt is None or nxt.heading is not None)
            ):
                out.extend(self.dx_block(v, st, ps))
                dx_done = True
        if v.dx and not dx_done:
            out.extend(self.dx_block(v, st, ps))
        if st.prints_cpt and v.cpt:
            codes = ", ".join(v.cpt)
            out.append(Paragraph(f"<b>Procedure codes:</b> {codes}", ps["small"]))
            v.extra["cpt_printed"] = True
        return out

    def dx_block(
        self, v: Visit, st: NoteStyle, ps: dict[str, ParagraphStyle]
    ) -> list[Flowable]:
        label = self.rng.choice(
            ["ICD-10 DIAGNOSES:", "DIAGNOSIS CODES:", "Dx (ICD-10-CM):", "ICD-10:"]
        )
        items: list[Flowable] = [Paragraph(f"<b>{label}</b>", ps["body"])]
        for c in v.dx:
            items.append(Paragraph(f"{c} &nbsp; {escape(ICD[c])}", ps["small"]))
        items.append(Spacer(1, 4))
        return [KeepTogether(items)]

    def signature(
        self, v: Visit, st: NoteStyle, ps: dict[str, ParagraphStyle]
    ) -> list[Flowable]:
        r = self.rng
        who = v.clinician.printed(st.name_variant)
        sd = v.date + dt.timedelta(days=r.choice([0, 0, 0, 1, 1, 2, 3, 6]))
        t1 = fmt_time(r.randint(7 * 60, 19 * 60))
        kind = st.signature
        out: list[Flowable] = [Spacer(1, 8)]
        if kind == "esign":
            out.append(
                Paragraph(
                    f"Electronically signed by {escape(who)} on {self.d(sd, st)} at "
                    f"{t1}",
                    ps["small"],
                )
            )
        elif kind == "dictated":
            out.append(Paragraph("_______________________________", ps["body"]))
            out.append(Paragraph(escape(who), ps["body"]))
            if v.clinician.specialty:
                out.append(Paragraph(escape(v.clinician.specialty), ps["small"]))
            td = v.date + dt.timedelta(days=r.choice([0, 1, 1, 2]))
            out.append(Spacer(1, 4))
            out.append(
                Paragraph(
                    f"D: {fmt_date(v.date, 'mdY')} "
                    f"{fmt_time(r.randint(8 * 60, 20 * 60), True)} &nbsp; "
                    f"T: {fmt_date(td, 'mdY')} "
                    f"{fmt_time(r.randint(8 * 60, 23 * 60), True)}",
                    ps["small"],
                )
            )
            ini = (v.clinician.first[0] + v.clinician.last[0]).lower()
            out.append(
                Paragraph(
                    f"{ini}/{r.choice(['mt', 'jl', 'kp', 'rs', 'tb'])} &nbsp; Job #: "
                    f"{r.randint(100000, 999999)}",
                    ps["small"],
                )
            )
        elif kind == "signed_date":
            out.append(
                Paragraph(
                    f"Signature: ________________________ &nbsp; {escape(who)} "
                    "&nbsp;&nbsp; Date: "
                    f"{self.d(sd, st)}",
                    ps["body"],
                )
            )
        elif kind == "letter":
            out.append(
                Paragraph(
                    r.choice(["Sincerely,", "Respectfully,", "Yours truly,"]),
                    ps["body"],
                )
            )
            out.append(Spacer(1, 18))
            out.append(Paragraph(escape(who), ps["body"]))
            if v.clinician.specialty:
                out.append(Paragraph(escape(v.clinician.specialty), ps["small"]))
        elif kind == "radiology":
            out.append(Paragraph(f"Interpreted by: {escape(who)}", ps["body"]))
            out.append(
                Paragraph(
                    f"Electronically signed: {fmt_date(sd, 'mdY')} "
                    f"{fmt_time(r.randint(6 * 60, 23 * 60), True)}",
                    ps["small"],
                )
            )
        elif kind == "therapist":
            letters = "".join(ch for ch in v.clinician.creds[0] if ch.isalpha())
            lic = f"{letters}{r.randint(10000, 99999)}"
            out.append(
                Paragraph(
                    f"Therapist: {escape(who)} &nbsp; License #: {lic}", ps["body"]
                )
            )
            out.append(Paragraph(f"Date signed: {self.d(sd, st)}", ps["small"]))
        if r.random() < 0.25 and kind not in ("radiology",):
            out.append(
                Paragraph(
                    "cc: "
                    + escape(
                        r.choice(["Referring physician", "Dr. X", "Attorney", "Chart"])
                    ),
                    ps["small"],
                )
            )
        return out

    # ----------------------------------------------------------------- parts
    def ctx(self, person: Person, practice: Practice, st: NoteStyle) -> dict[str, Any]:
        return {
            "patient": f"{person.last.upper()}, {person.first.upper()}",
            "dob": fmt_date(person.dob, st.dob_fmt),
            "mrn": person.mrn,
            "practice": practice.name,
            "running_header": st.running_header,
            "printed_footer": st.printed_footer,
        }

    def note_part(self, part: Part, reg: Registry) -> list[Flowable]:
        v = part.visits[0]
        p = part.practice
        st = p.style
        ps = self.pstyles(st)
        r = self.rng
        fl: list[Flowable] = [Marker(reg, f"v{v.vid}", self.ctx(v.patient, p, st))]
        title = v.title
        fl.append(
            Letterhead(
                p, st, v.clinician, title_right=title if st.letterhead == "left" else ""
            )
        )
        fl.append(Spacer(1, 6))
        extra: list[tuple[str, str]] = []
        inc = self.case.incident
        if v.kind == "ime":
            return fl + self.ime_body(v, st, ps, reg)
        if st.letterhead != "left" or v.kind in ("rad",):
            fl.append(Paragraph(escape(title), ps["title"]))
        if (
            not v.pre_incident
            and not v.other_patient
            and r.random() < 0.45
            and v.kind not in ("rad",)
        ):
            extra.append(("Date of Injury", fmt_date(inc, st.date_fmt)))
        label = {
            "er": "Emergency Visit",
            "rad": "Imaging",
            "note": "Office Visit",
            "tpl_fu": "Office Visit",
            "postop": "Post-op Visit",
            "chiro_reexam": "Re-Exam",
            "pt_reeval": "Re-Evaluation",
            "adm": "Inpatient",
            "consult_h": "Consult",
        }.get(v.kind, "Office Visit")
        if v.kind in ("note", "tpl_fu", "pt_init"):
            label = {
                "physical therapy": "PT Visit",
                "chiropractic": "Chiropractic Visit",
                "neurology": "Consult",
                "pain management": "Office Visit",
                "primary care": "Office Visit",
                "urgent care": "Urgent Care Visit",
            }.get(v.visit_type, label)
        if v.visit_type == "surgery":
            label = "Surgery"
        if v.kind == "rad":
            exam = str(v.extra.get("exam") or title)
            extra.append(("Exam", exam))
            ref = r.choice(
                [
                    "Ordering: ER physician",
                    "Referring: Dr. X",
                    f"Ordering: {self.case.client.first[0]}.",
                    "Referring physician: on file",
                ]
            )
            extra.append(("Referring", ref.split(": ", 1)[1]))
            extra.append(("Accession #", f"{r.randint(1000000, 9999999)}"))
        if v.kind == "er":
            arr = fmt_time(r.randint(0, 24 * 60 - 1), True)
            extra.append(("Arrival", f"{self.d(v.date, st)} {arr}"))
            extra.append(
                (
                    "Mode of arrival",
                    r.choice(["Ambulance", "Private vehicle", "Walk-in"]),
                )
            )
        fl.extend(self.patient_block(v, st, ps, extra))
        if v.kind == "adm":
            dis = v.extra.get("discharge")
            assert isinstance(dis, dt.date)  # noqa: S101
            q = f"DATE OF ADMISSION: {self.d(v.date, st)}"
            fl.append(Paragraph(escape(q), ps["body"]))
            fl.append(Paragraph(f"DATE OF DISCHARGE: {self.d(dis, st)}", ps["body"]))
            fl.append(
                Paragraph(
                    "ATTENDING PHYSICIAN: "
                    f"{escape(v.clinician.printed(st.name_variant))}",
                    ps["body"],
                )
            )
        elif v.visit_type == "surgery":
            q = f"DATE OF OPERATION: {self.d(v.date, st)}"
            fl.append(Paragraph(escape(q), ps["body"]))
            fl.append(
                Paragraph(
                    f"SURGEON: {escape(v.clinician.printed(st.name_variant))}",
                    ps["body"],
                )
            )
        else:
            hdr, q = self.visit_header(v, st, ps, label)
            fl.extend(hdr)
        v.header_quote = q
        if v.other_patient:
            v.header_quote = q
        fl.append(Spacer(1, 4))
        fl.extend(self.body(v, st, ps))
        fl.extend(self.signature(v, st, ps))
        return fl

    def ime_body(
        self, v: Visit, st: NoteStyle, ps: dict[str, ParagraphStyle], reg: Registry
    ) -> list[Flowable]:
        r = self.rng
        c = self.case
        rep_date = v.date + dt.timedelta(days=r.randint(3, 14))
        fl: list[Flowable] = [Paragraph(self.d(rep_date, st), ps["body"]), Spacer(1, 6)]
        ins = r.choice(["Claims Department", "Attn: Claims Examiner"])
        fl.append(
            Paragraph(
                escape(
                    r.choice(
                        [
                            c.law_firm,
                            ins
                            + ", "
                            + r.choice(
                                [
                                    "Allied Mutual Insurance Co.",
                                    "Keystone Casualty",
                                    "Pinnacle Auto Insurance",
                                ]
                            ),
                        ]
                    )
                ),
                ps["body"],
            )
        )
        fl.append(Spacer(1, 6))
        fl.append(Paragraph(f"RE: Examinee: {escape(v.patient.full)}", ps["head"]))
        fl.append(
            Paragraph(
                f"Date of Birth: {fmt_date(v.patient.dob, st.dob_fmt)}", ps["body"]
            )
        )
        fl.append(
            Paragraph(
                f"Claim No.: {r.randint(10, 99)}-{r.randint(100000, 999999)}",
                ps["body"],
            )
        )
        fl.append(Paragraph(f"Date of Loss: {self.d(c.incident, st)}", ps["body"]))
        q = f"Date of Examination: {self.d(v.date, st)}"
        fl.append(Paragraph(escape(q), ps["body"]))
        v.header_quote = q
        fl.append(Spacer(1, 6))
        fl.append(Paragraph(escape(v.title), ps["title"]))
        fl.append(
            Paragraph(
                escape(
                    r.choice(
                        [
                            "Thank you for referring the above-named examinee for an "
                            "independent medical examination. The "
                            "examinee was advised that no doctor-patient relationship "
                            "exists.",
                            "At your request I performed an independent medical "
                            "evaluation of the examinee in my office. "
                            "The history was obtained from the examinee and the "
                            "records provided.",
                        ]
                    )
                ),
                ps["body"],
            )
        )
        fl.extend(self.body(v, st, ps))
        fl.append(
            Paragraph(
                escape(
                    "I declare under penalty of perjury that the information "
                    "contained in this report and its attachments "
                    "is true and correct to the best of my knowledge."
                ),
                ps["small"],
            )
        )
        fl.extend(self.signature(v, st, ps))
        return fl

    def log_part(self, part: Part, reg: Registry) -> list[Flowable]:
        p = part.practice
        st = p.style
        ps = self.pstyles(st)
        v0 = part.visits[0]
        r = self.rng
        fl: list[Flowable] = [Marker(reg, f"log{v0.vid}", self.ctx(v0.patient, p, st))]
        fl.append(Letterhead(p, st, None))
        fl.append(Spacer(1, 4))
        ttl = (
            "DAILY TREATMENT NOTES"
            if v0.kind == "chiro_daily"
            else "TREATMENT FLOWSHEET / DAILY NOTES"
        )
        fl.append(Paragraph(ttl, ps["title"]))
        fl.extend(self.patient_block(v0, st, ps, []))
        fl.append(Spacer(1, 6))
        lab = r.choice(["DOS:", "Date of Service:", "Visit Date:", "Tx Date:"])
        for v in part.visits:
            e = v.extra["entry"]
            assert isinstance(e, dict)  # noqa: S101
            ds = self.d(v.date, st)
            q = f"{lab} {ds}"
            v.header_quote = q
            who = v.clinician.printed(st.name_variant)
            items: list[Flowable] = [Marker(reg, f"v{v.vid}")]
            items.append(
                Paragraph(
                    f"<b>{escape(lab)}</b> {ds} &nbsp;&nbsp; Visit #{e['visit_no']} "
                    "&nbsp;&nbsp; "
                    f"{escape(who)}",
                    ps["body"],
                )
            )
            for k in ("S", "O", "A", "P"):
                items.append(Paragraph(f"<b>{k}:</b> {escape(e[k])}", ps["small"]))
            if v.dx and st.prints_dx:
                items.append(Paragraph("Dx: " + ", ".join(v.dx), ps["small"]))
            else:
                v.extra["dx_hidden"] = v.dx
                v.dx = []
            if st.prints_cpt:
                items.append(Paragraph("Tx: " + ", ".join(v.cpt), ps["small"]))
                v.extra["cpt_printed"] = True
            items.append(
                Paragraph(
                    f"Treating provider: {escape(who)}"
                    if r.random() < 0.5
                    else f"Signed: {escape(who)} {self.d(v.date, st)}",
                    ps["small"],
                )
            )
            items.append(Spacer(1, 3))
            items.append(HRule())
            fl.append(KeepTogether(items))
        return fl

    def bill_part(self, part: Part, reg: Registry) -> list[Flowable]:
        stmt = part.statement
        assert stmt is not None  # noqa: S101
        p = stmt.practice
        st = p.style
        ps = self.pstyles(st)
        r = self.rng
        c = self.case
        pt = c.client
        fl: list[Flowable] = [Marker(reg, f"s{id(stmt)}", self.ctx(pt, p, st))]
        bold = BOLD.get(st.font, "Helvetica-Bold")
        fl.append(
            Paragraph(
                f"<font name='{bold}' "
                f"size='14'>{escape(stmt.entity or p.bill_name)}</font>",
                ps["body"],
            )
        )
        fl.append(
            Paragraph(
                f"{escape(p.place.street)}, {escape(p.place.city)}, {p.place.state} "
                f"{p.place.zip} "
                f"&nbsp; Phone {p.place.phone}",
                ps["small"],
            )
        )
        if r.random() < 0.5:
            fl.append(
                Paragraph(
                    f"Federal Tax ID: {r.randint(10, 99)}-{r.randint(10**6, 9999999)}",
                    ps["small"],
                )
            )
        fl.append(Spacer(1, 8))
        title = {
            "itemized": r.choice(
                [
                    "ITEMIZED STATEMENT",
                    "ITEMIZED BILLING STATEMENT",
                    "STATEMENT OF ACCOUNT",
                ]
            ),
            "ledger": r.choice(
                ["PATIENT LEDGER", "ACCOUNT HISTORY", "PATIENT ACCOUNT LEDGER"]
            ),
            "plain": r.choice(["STATEMENT OF CHARGES", "BILLING SUMMARY"]),
            "ub": "DETAILED PATIENT BILL",
        }[stmt.style]
        fl.append(Paragraph(title, ps["title"]))
        info = [
            [
                "Statement Date",
                fmt_date(stmt.statement_date, "mdY"),
                "Account No.",
                stmt.account,
            ],
            [
                "Patient",
                f"{pt.last.upper()}, {pt.first.upper()}",
                "DOB",
                fmt_date(pt.dob, "mdY"),
            ],
            ["Guarantor", pt.full, "Date of Injury", fmt_date(c.incident, "mdY")],
        ]
        t = Table(
            [
                [
                    Paragraph(escape(x), ps["cellb"] if i % 2 == 0 else ps["cell"])
                    for i, x in enumerate(row)
                ]
                for row in info
            ],
            colWidths=[1.1 * inch, 2.3 * inch, 1.1 * inch, 2.3 * inch],
            hAlign="LEFT",
        )
        t.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
                    ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ]
            )
        )
        fl.append(t)
        fl.append(Spacer(1, 10))
        fl.extend(self.bill_table(stmt, st, ps, reg))
        fl.append(Spacer(1, 10))
        fl.append(
            Paragraph(
                escape(
                    r.choice(
                        [
                            "Please make checks payable to the provider named above. "
                            "This account is held on a lien basis pending "
                            "settlement.",
                            "Questions about this statement? Call our billing office "
                            "Monday-Friday 8:00-5:00.",
                            "This is a copy of the account history provided at the "
                            "request of the patient's attorney.",
                        ]
                    )
                ),
                ps["small"],
            )
        )
        return fl

    def bill_table(
        self,
        stmt: Statement,
        st: NoteStyle,
        ps: dict[str, ParagraphStyle],
        reg: Registry,
    ) -> list[Flowable]:
        fs = 7.3 if st.font == "Courier" else min(st.size - 1.2, 8.6)
        cell = ParagraphStyle("bc", parent=ps["cell"], fontSize=fs, leading=fs * 1.2)
        cellb = ParagraphStyle("bcb", parent=ps["cellb"], fontSize=fs, leading=fs * 1.2)
        right = ParagraphStyle("r", parent=cell, alignment=TA_RIGHT)
        rightb = ParagraphStyle("rb", parent=cellb, alignment=TA_RIGHT)
        out: list[Flowable] = []
        tot_c = stmt.printed_total
        pays = sum(ln.payment for ln in stmt.lines)
        adjs = sum(ln.adjustment for ln in stmt.lines)
        if stmt.style == "itemized":
            widths = [0.8, 0.55, 2.3, 0.45, 0.8, 0.75, 0.75, 0.75]
            hdr = [
                "DOS",
                "CPT",
                "Description",
                "Units",
                "Charges",
                "Payments",
                "Adjust.",
                "Balance",
            ]
        elif stmt.style == "plain":
            widths = [1.0, 0.8, 3.9, 1.0]
            hdr = ["Date of Service", "Procedure", "Description", "Amount"]
        elif stmt.style == "ledger":
            widths = [0.85, 0.7, 3.0, 0.95, 0.95, 0.95]
            hdr = ["Date", "Code", "Description", "Charge", "Credit", "Balance"]
        else:
            widths = [0.55, 2.45, 1.0, 0.85, 0.5, 1.05]
            hdr = [
                "Rev",
                "Description",
                "HCPCS/CPT",
                "Svc Date",
                "Units",
                "Total Charges",
            ]
        cw = [x * inch for x in widths]
        style = TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )

        def row(
            vals: list[str], bold: bool = False, nums: int = 0, line: bool = False
        ) -> Table:
            cells: list[Paragraph] = []
            for i, x in enumerate(vals):
                is_num = i >= len(vals) - nums
                stl = (
                    (rightb if bold else right) if is_num else (cellb if bold else cell)
                )
                cells.append(Paragraph(escape(x), stl))
            t = Table([cells], colWidths=cw)
            ts = TableStyle(style.getCommands())
            if line:
                ts.add("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black)
            t.setStyle(ts)
            return t

        out.append(row(hdr, bold=True, nums=0, line=True))
        out.append(HRule())
        if stmt.style == "ledger":
            events: list[tuple[dt.date, int, list[str], Any, int]] = []
            for ln in stmt.lines:
                desc = ln.desc + (f" x{ln.units}" if ln.units > 1 else "")
                events.append(
                    (
                        ln.date,
                        0,
                        [
                            fmt_date(ln.date, "mdY"),
                            ln.code,
                            desc,
                            money(ln.charge),
                            "",
                            "",
                        ],
                        ln,
                        ln.charge,
                    )
                )
            for d, desc, amt, _kind in stmt.payment_rows:
                events.append(
                    (
                        d,
                        1,
                        [fmt_date(d, "mdY"), "", desc, "", money(amt), ""],
                        None,
                        -amt,
                    )
                )
            events.sort(key=lambda e: (e[0], e[1]))
            bal = 0
            for _d, _kind, vals, ln, delta in events:
                bal += delta
                vals[5] = money(bal)
                if ln is not None:
                    out.append(
                        KeepTogether([Marker(reg, f"l{id(ln)}"), row(vals, nums=3)])
                    )
                else:
                    out.append(row(vals, nums=3))
            out.append(Spacer(1, 4))
            tot_rows: list[list[str]] = []
            if tot_c is not None:
                tot_rows.append(["", "", "Total Charges", money(tot_c), "", ""])
            if pays:
                tot_rows.append(["", "", "Total Payments", "", money(pays), ""])
            if adjs:
                tot_rows.append(["", "", "Total Adjustments", "", money(adjs), ""])
            base = tot_c if tot_c is not None else sum(ln.charge for ln in stmt.lines)
            tot_rows.append(
                ["", "", "BALANCE DUE", "", "", money(base - pays - adjs, True)]
            )
            for i, tr in enumerate(tot_rows):
                out.append(row(tr, bold=True, nums=3, line=i == 0))
            return out
        for ln in stmt.lines:
            mk = Marker(reg, f"l{id(ln)}")
            ds = fmt_date(ln.date, "mdY")
            if stmt.style == "itemized":
                vals = [
                    ds,
                    ln.code,
                    ln.desc,
                    str(ln.units),
                    money(ln.charge),
                    money(ln.payment) if ln.payment else "0.00",
                    money(ln.adjustment) if ln.adjustment else "0.00",
                    money(ln.charge - ln.payment - ln.adjustment),
                ]
                out.append(KeepTogether([mk, row(vals, nums=4)]))
            elif stmt.style == "plain":
                out.append(
                    KeepTogether(
                        [
                            mk,
                            row(
                                [
                                    ds,
                                    ln.code,
                                    ln.desc
                                    + (f" ({ln.units} units)" if ln.units > 1 else ""),
                                    money(ln.charge),
                                ],
                                nums=1,
                            ),
                        ]
                    )
                )
            else:
                out.append(
                    KeepTogether(
                        [
                            mk,
                            row(
                                [
                                    REV.get(ln.code, "0510"),
                                    ln.desc,
                                    ln.code,
                                    ds,
                                    str(ln.units),
                                    money(ln.charge),
                                ],
                                nums=1,
                            ),
                        ]
                    )
                )
        out.append(Spacer(1, 3))
        assert tot_c is not None  # noqa: S101
        if stmt.style == "itemized":
            out.append(
                row(
                    [
                        "",
                        "",
                        "TOTALS",
                        "",
                        money(tot_c),
                        money(pays),
                        money(adjs),
                        money(tot_c - pays - adjs),
                    ],
                    bold=True,
                    nums=4,
                    line=True,
                )
            )
            out.append(Spacer(1, 4))
            out.append(
                row(
                    [
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "Balance Due",
                        money(tot_c - pays - adjs, True),
                    ],
                    bold=True,
                    nums=1,
                )
            )
        elif stmt.style == "plain":
            out.append(
                row(
                    ["", "", "TOTAL CHARGES", money(tot_c, True)],
                    bold=True,
                    nums=1,
                    line=True,
                )
            )
        else:
            out.append(
                row(
                    ["", "TOTAL CHARGES", "", "", "", money(tot_c, True)],
                    bold=True,
                    nums=1,
                    line=True,
                )
            )
            for d, desc, amt, _kind in stmt.payment_rows:
                out.append(
                    row(
                        [
                            "",
                            f"{fmt_date(d, 'mdY')} {desc}",
                            "",
                            "",
                            "",
                            "-" + money(amt),
                        ],
                        nums=1,
                    )
                )
            out.append(
                row(
                    ["", "BALANCE DUE", "", "", "", money(tot_c - pays - adjs, True)],
                    bold=True,
                    nums=1,
                    line=True,
                )
            )
        return out

    def fax_part(self, part: Part, doc: Document, reg: Registry) -> list[Flowable]:
        p = part.practice
        st = NoteStyle(font="Helvetica", size=10)
        ps = self.pstyles(st)
        c = self.case
        d = part.meta["date"]
        assert isinstance(d, dt.date)  # noqa: S101
        fl: list[Flowable] = [
            Marker(reg, f"fax{id(part)}", self.ctx(c.client, p, p.style))
        ]
        fl.append(Letterhead(p, NoteStyle(letterhead="left", font="Helvetica"), None))
        fl.append(Spacer(1, 18))
        fl.append(Paragraph("<font size='28'><b>FAX</b></font>", ps["body"]))
        fl.append(Spacer(1, 20))
        rows = [
            ["DATE:", fmt_date(d, "mdY")],
            ["TO:", c.law_firm],
            [
                "FAX:",
                f"({self.rng.randint(200, 989)}) 555-{self.rng.randint(100, 199):04d}",
            ],
            ["FROM:", f"{p.name} - Medical Records / Release of Information"],
            ["PAGES:", f"{doc.pages or '__'} (including cover)"],
            ["RE:", f"Records request - {c.client.full}"],
        ]
        t = Table(
            [
                [Paragraph(f"<b>{a}</b>", ps["body"]), Paragraph(escape(b), ps["body"])]
                for a, b in rows
            ],
            colWidths=[1.0 * inch, 5.5 * inch],
            hAlign="LEFT",
        )
        fl.append(t)
        fl.append(Spacer(1, 18))
        fl.append(
            Paragraph(
                "Enclosed please find the requested records pursuant to the "
                "authorization on file.",
                ps["body"],
            )
        )
        fl.append(Spacer(1, 60))
        fl.append(
            Paragraph(
                "CONFIDENTIALITY NOTICE: This facsimile contains confidential health "
                "information that is legally "
                "privileged. If you are not the intended recipient, you are hereby "
                "notified that any disclosure, copying "
                "or distribution is strictly prohibited. If you received this fax in "
                "error, please notify the sender "
                "immediately and destroy the documents.",
                ps["small"],
            )
        )
        return fl

    def affidavit_part(self, part: Part, reg: Registry) -> list[Flowable]:
        p = part.practice
        st = NoteStyle(font="Times-Roman", size=11)
        ps = self.pstyles(st)
        c = self.case
        r = self.rng
        meta = part.meta
        d, first, last = meta["date"], meta["first"], meta["last"]
        if not (
            isinstance(d, dt.date)
            and isinstance(first, dt.date)
            and isinstance(last, dt.date)
        ):
            raise TypeError("affidavit dates")
        cust_first = r.choice(
            ["Linda", "Mark", "Angela", "Tomas", "Sheila", "Derek", "Paula", "Rosemary"]
        )
        cust_last = r.choice(
            ["Hubbard", "Ocampo", "Pierce", "Lindgren", "Maddox", "Ferris", "Quan"]
        )
        fl: list[Flowable] = [
            Marker(reg, f"aff{id(part)}", self.ctx(c.client, p, p.style))
        ]
        fl.append(Paragraph("AFFIDAVIT OF CUSTODIAN OF RECORDS", ps["title"]))
        fl.append(Spacer(1, 10))
        txt = [
            f"STATE OF {p.place.state} )<br/>COUNTY OF {p.place.city.upper()} ) ss.",
            f"I, {cust_first} {cust_last}, being first duly sworn, depose and say: I "
            "am the duly authorized custodian "
            f"of the records of {escape(p.name)}, and I have authority to certify "
            "said records.",
            f"The accompanying records pertaining to {escape(c.client.full)}, date of "
            "birth "
            f"{fmt_date(c.client.dob, 'long')}, for the period "
            f"{fmt_date(first, 'mdY')} through {fmt_date(last, 'mdY')}, "
            "are true and complete copies of all records in our possession described "
            "in the subpoena/authorization.",
            "The records were prepared by personnel of the facility in the ordinary "
            "course of business at or near "
            "the time of the acts, conditions or events recorded.",
        ]
        for x in txt:
            fl.append(Paragraph(x, ps["body"]))
            fl.append(Spacer(1, 6))
        fl.append(Spacer(1, 16))
        fl.append(
            Paragraph(
                f"______________________________<br/>{cust_first} {cust_last}, "
                "Custodian of Records",
                ps["body"],
            )
        )
        fl.append(Spacer(1, 16))
        fl.append(
            Paragraph(
                f"Subscribed and sworn to before me on {fmt_date(d, 'long')}.",
                ps["body"],
            )
        )
        fl.append(Spacer(1, 20))
        fl.append(
            Paragraph(
                "______________________________<br/>Notary Public<br/>My commission "
                "expires: "
                f"{fmt_date(d + dt.timedelta(days=r.randint(300, 1400)), 'mdY')}",
                ps["body"],
            )
        )
        return fl

    # ----------------------------------------------------------------- document
    def render(self, doc: Document, bates_start: int) -> tuple[bytes, Registry]:
        reg = Registry()
        flow: list[Flowable] = []
        first = True
        for part in doc.parts:
            if not first:
                flow.append(PageBreak())
            first = False
            if part.kind == "note":
                flow.extend(self.note_part(part, reg))
            elif part.kind == "log":
                flow.extend(self.log_part(part, reg))
            elif part.kind == "bill":
                flow.extend(self.bill_part(part, reg))
            elif part.kind == "fax":
                flow.extend(self.fax_part(part, doc, reg))
            elif part.kind == "affidavit":
                flow.extend(self.affidavit_part(part, reg))
        buf = io.BytesIO()
        last = max(v.date for v in self.case.visits)
        pdate = last + dt.timedelta(days=self.rng.randint(15, 60))
        decor = Decor(
            doc,
            self.case.bates_prefix,
            bates_start,
            self.rng.randint(0, 10_000),
            f"{fmt_date(pdate, 'mdY')} {fmt_time(self.rng.randint(480, 1020))}",
        )
        tpl = BaseDocTemplate(
            buf,
            pagesize=letter,
            leftMargin=0.8 * inch,
            rightMargin=0.8 * inch,
            topMargin=0.75 * inch,
            bottomMargin=0.8 * inch,
            invariant=1,
            title=doc.filename,
            author="",
            creator="",
            producer="",
        )
        frame = Frame(tpl.leftMargin, tpl.bottomMargin, tpl.width, tpl.height, id="f")
        tpl.addPageTemplates([PageTemplate(id="p", frames=[frame])])
        tpl.build(flow, canvasmaker=decor.canvas_class())
        return buf.getvalue(), reg


class HRule(Flowable):
    def __init__(self, width_frac: float = 1.0) -> None:
        super().__init__()
        self.width_frac = width_frac

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw * self.width_frac
        return self.width, 3

    def draw(self) -> None:
        self.canv.setLineWidth(0.3)
        self.canv.setStrokeColor(colors.grey)
        self.canv.line(0, 1.5, self.width, 1.5)


class Decor:
    """Page furniture drawn after layout: fax header, running header, footers, Bates."""

    def __init__(
        self,
        doc: Document,
        prefix: str,
        bates_start: int,
        seed: int,
        print_date: str = "",
    ) -> None:
        self.doc = doc
        self.print_date = print_date
        self.prefix = prefix
        self.bates_start = bates_start
        self.rng = random.Random(seed)  # noqa: S311
        self.print_user = self.rng.choice(
            ["ROI_CLERK", "jmartinez", "HIM-REL", "mrecords2", "SCAN01"]
        )

    def canvas_class(self) -> type[Canvas]:
        decor = self

        class DecoCanvas(Canvas):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._saved: list[dict[str, Any]] = []
                self._pd_ctx: dict[str, Any] = {}

            def showPage(self) -> None:  # noqa: N802
                self._saved.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._saved)
                for i, state in enumerate(self._saved):
                    self.__dict__.update(state)
                    decor.draw(self, i + 1, total)
                    Canvas.showPage(self)
                Canvas.save(self)

        return DecoCanvas

    def draw(self, c: Canvas, page: int, total: int) -> None:
        ctx: dict[str, Any] = getattr(c, "_pd_ctx", {}) or {}
        c.saveState()
        fax = self.doc.fax
        if fax:
            c.setFont("Courier", 7.5)
            c.drawString(
                0.4 * inch,
                H - 0.3 * inch,
                f"{fax['date']} {fax['time']}  FROM: {fax['from']}  {fax['sender']}",
            )
            c.drawRightString(
                W - 0.4 * inch, H - 0.3 * inch, f"P.{page:03d}/{total:03d}"
            )
        if ctx.get("running_header") and ctx.get("start_page") != page:
            c.setFont("Helvetica", 7.5)
            c.drawString(
                0.8 * inch,
                H - 0.5 * inch,
                f"{ctx['patient']}   DOB: {ctx['dob']}   MRN: {ctx['mrn']}",
            )
            c.drawRightString(
                W - 0.8 * inch, H - 0.5 * inch, str(ctx.get("practice", ""))[:60]
            )
        c.setFont("Helvetica", 8)
        foot = (
            self.doc.parts[0].practice.style.page_footer
            if self.doc.parts
            else "page_x_of_y"
        )
        if foot == "page_x_of_y":
            c.drawCentredString(W / 2, 0.45 * inch, f"Page {page} of {total}")
        elif foot == "page_x":
            c.drawCentredString(W / 2, 0.45 * inch, f"Page {page}")
        if ctx.get("printed_footer"):
            c.setFont("Helvetica", 6.5)
            c.drawString(
                0.8 * inch,
                0.3 * inch,
                f"Printed {self.print_date} by {self.print_user} - released for legal "
                "request",
            )
        c.setFont("Helvetica-Bold", 9)
        c.drawRightString(
            W - 0.5 * inch,
            0.3 * inch,
            f"{self.prefix} {self.bates_start + page - 1:06d}",
        )
        c.restoreState()


__all__ = ["TA_LEFT", "CondPageBreak", "Renderer"]
