"""PDF rendering of records and bills (reportlab platypus)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .fhir import LabPanel
from .fmt import fdate, money, paren
from .layout import (
    BOLD,
    PAGE_H,
    PAGE_W,
    Anchor,
    BuildState,
    SetHeader,
    build_pdf,
    style,
)
from .model import Charge, Credit, Facility, Person, Statement, Visit
from .plan import Case, DocSpec

LAB_RANGES: dict[str, str] = {
    "glucose": "70-99",
    "urea nitrogen": "7-20",
    "creatinine": "0.6-1.3",
    "calcium": "8.5-10.2",
    "sodium": "135-145",
    "potassium": "3.5-5.1",
    "chloride": "98-107",
    "carbon dioxide": "22-29",
    "hemoglobin a1c": "4.0-5.6",
    "total cholesterol": "<200",
    "triglycerides": "<150",
    "low density lipoprotein": "<100",
    "high density lipoprotein": ">40",
    "leukocytes": "4.0-11.0",
    "erythrocytes": "4.2-5.9",
    "hemoglobin [mass/volume] in blood": "12.0-17.5",
    "hematocrit": "36-50",
    "platelets": "150-400",
    "mcv": "80-100",
    "albumin": "3.5-5.0",
    "protein": "6.0-8.3",
    "bilirubin": "0.1-1.2",
    "alkaline phosphatase": "44-147",
    "alanine aminotransferase": "7-56",
    "aspartate aminotransferase": "10-40",
}

REV_CODES = {
    "99282": "0450",
    "99283": "0450",
    "99284": "0450",
    "99285": "0450",
    "96372": "0450",
    "J1885": "0636",
    "J2550": "0636",
    "70450": "0350",
    "72125": "0350",
}


@dataclass
class DocResult:
    data: bytes
    pages: int
    cites: dict[str, tuple[int, str]]
    excluded_pages: list[int] = field(default_factory=list)


def t12(hhmm: str) -> str:
    h, m = (int(x) for x in hhmm.split(":"))
    suffix = "AM" if h < 12 else "PM"
    return f"{(h - 1) % 12 + 1}:{m:02d} {suffix}"


def esc(text: str) -> str:
    return escape(text)


class Renderer:
    """Builds the flowables of one PDF document."""

    def __init__(
        self, spec: DocSpec, case: Case, rng: random.Random, bates: int
    ) -> None:
        self.spec = spec
        self.case = case
        self.rng = rng
        self.bates = bates
        self.fac = spec.fac
        st = spec.fac.style
        self.font = st.get("font", "Helvetica")
        self.ds = st.get("date", "us")
        self.bill_ds = "us_short" if self.ds in ("us_short", "dmy") else "us"
        self.cs = st.get("clin", "full")
        base = 8.6 if self.font == "Courier" else 9.4
        f = self.font
        self.s_body = style("body", f, base, space_after=2)
        self.s_small = style("small", f, base - 1.4)
        self.s_tiny = style("tiny", f, base - 2.2)
        self.s_bold = style("bold", f, base, bold=True)
        self.s_h = style("h", f, base + 0.6, bold=True, space_before=5, space_after=1)
        self.s_title = style("title", f, base + 4, bold=True, align=1, space_after=6)
        self.s_lh = style("lh", f, base + 6, bold=True, align=1)
        self.s_lh2 = style("lh2", f, base - 0.5, align=1)
        self.s_cell = style("cell", f, base - 1.2)
        self.s_cellb = style("cellb", f, base - 1.2, bold=True)
        self.s_right = style("right", f, base - 1.2, align=2)
        self.quotes: dict[str, str] = {}
        self.excluded_keys: list[tuple[str, str]] = []
        self.state: BuildState | None = None
        self.total = 0
        self.started = False
        self.printed_at = f"{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}"
        self.user = rng.choice(["ROI", "HIMROI", "mrequest", "jdavis", "records1"])

    # ------------------------------------------------------------------ basics
    def P(self, text: str, st: Any = None) -> Paragraph:  # noqa: N802
        return Paragraph(esc(text), st or self.s_body)

    def B(self, text: str) -> Paragraph:  # noqa: N802
        return Paragraph(esc(text), self.s_bold)

    def anchor(self, key: str, quote: str) -> Anchor:
        if self.state is None:
            raise RuntimeError("no build state")
        self.quotes[key] = quote
        return Anchor(self.state, key)

    def d(self, when: date) -> str:
        return fdate(when, self.ds)

    def clin(self, v: Visit) -> str:
        return v.clin.styled(self.cs)

    def letterhead(self, fac: Facility | None = None) -> list[Flowable]:
        fac = fac or self.fac
        rule = Table([[""]], colWidths=[PAGE_W - 1.4 * inch], rowHeights=[4])
        rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.2, colors.black)]))
        return [
            Paragraph(esc(fac.name), self.s_lh),
            Paragraph(esc(f"{fac.line}, {fac.city_line}"), self.s_lh2),
            Paragraph(esc(f"Phone {fac.phone}   Fax {fac.fax}"), self.s_lh2),
            rule,
            Spacer(1, 6),
        ]

    def rec_hdr(self, person: Person | None = None) -> dict[str, Any]:
        return {
            "show": True,
            "person": person or self.case.person,
            "mode": self.fac.style.get("pt_header", "bar"),
        }

    def start(self, **hdr: Any) -> list[Flowable]:
        """Begin a new page whose running header is ``hdr``."""
        state = self.state
        if state is None:
            raise RuntimeError("no state")
        if not self.started:
            self.started = True
            state.header = dict(hdr)
            return []
        return [SetHeader(state, **hdr), PageBreak()]

    # ------------------------------------------------------------ page furniture
    def on_page(self, canv: Canvas, hdr: dict[str, Any], page: int, total: int) -> None:
        if not hdr.get("show", True):
            return
        person: Person = hdr.get("person") or self.case.person
        mode = hdr.get("mode", self.fac.style.get("pt_header", "bar"))
        f = self.font
        canv.saveState()
        y = PAGE_H - 0.62 * inch
        dob = fdate(person.dob, self.ds)
        if mode == "bill":
            canv.setFont(f, 7.5)
            ent = hdr.get("entity", self.fac.name)
            canv.drawString(0.7 * inch, y, f"{ent} - Account statement")
            canv.drawRightString(
                PAGE_W - 0.7 * inch, y, f"Patient: {person.first} {person.last}"
            )
        elif mode == "bar":
            canv.setFont(BOLD[f], 8)
            canv.drawString(
                0.7 * inch,
                y,
                f"Patient: {person.last.upper()}, {person.first.upper()}   DOB: {dob}"
                f"   MRN: {person.mrn}",
            )
            canv.setFont(f, 7.5)
            canv.drawRightString(PAGE_W - 0.7 * inch, y, self.fac.name)
            canv.line(0.7 * inch, y - 4, PAGE_W - 0.7 * inch, y - 4)
        elif mode == "pt_table":
            canv.setFont(f, 7.5)
            x0 = 0.7 * inch
            w = (PAGE_W - 1.4 * inch) / 3
            labels = ("Pt Name", "MRN", "DOB")
            vals = (f"{person.last}, {person.first}", person.mrn, dob)
            for i in range(3):
                canv.rect(x0 + i * w, y - 8, w, 20, stroke=1, fill=0)
                canv.setFont(f, 6.5)
                canv.drawString(x0 + i * w + 3, y + 5, labels[i])
                canv.setFont(BOLD[f], 8)
                canv.drawString(x0 + i * w + 3, y - 4, vals[i])
        elif mode == "re":
            canv.setFont(f, 8.5)
            short = fdate(person.dob, "us_short")
            canv.drawString(
                0.7 * inch, y, f"RE: {person.first} {person.last} (DOB {short})"
            )
            canv.drawRightString(PAGE_W - 0.7 * inch, y, self.fac.name)
        else:
            canv.setFont(f, 8)
            doi = fdate(self.case.incident, self.ds)
            extra = f"   DOI: {doi}" if person is self.case.person else ""
            canv.drawString(
                0.7 * inch,
                y,
                f"Pt Name: {person.first} {person.last}   MRN: {person.mrn}"
                f"   DOB: {dob}" + extra,
            )
            canv.line(0.7 * inch, y - 4, PAGE_W - 0.7 * inch, y - 4)
        canv.restoreState()

    def final(self, canv: Canvas, hdr: dict[str, Any], page: int, total: int) -> None:
        f = self.font
        canv.saveState()
        canv.setFont(f, 7.5)
        canv.drawCentredString(PAGE_W / 2, 0.45 * inch, f"Page {page} of {total}")
        prefix = self.case.person.last.upper()[:6]
        canv.setFont(BOLD[f], 8)
        canv.drawRightString(
            PAGE_W - 0.55 * inch, 0.3 * inch, f"{prefix}-{self.bates + page - 1:06d}"
        )
        if self.spec.kind == "records":
            canv.setFont(f, 6.5)
            canv.drawString(
                0.6 * inch,
                0.45 * inch,
                f"Printed {fdate(self.spec.printed, 'us')} {t12(self.printed_at)}"
                f" by {self.user}",
            )
        if self.spec.faxed:
            canv.setFont("Courier", 7.5)
            canv.drawString(
                0.4 * inch,
                PAGE_H - 0.28 * inch,
                f"{fdate(self.spec.printed, 'us')} {self.printed_at}   FROM: "
                f"{self.fac.fax}  {self.fac.name[:32].upper()}   TO: "
                f"{self.case.law_firm[1]}   P.{page:03d}/{total:03d}",
            )
        canv.restoreState()

    # ----------------------------------------------------------------- parts
    def fax_cover(self) -> list[Flowable]:
        firm, firm_phone = self.case.law_firm
        p = self.case.person
        rows = [
            ["TO:", firm],
            ["FAX:", firm_phone],
            ["FROM:", f"{self.fac.name} - Health Information Management"],
            ["PHONE:", self.fac.phone],
            ["DATE:", fdate(self.spec.printed, "us")],
            ["PAGES:", f"{self.total} (including cover)"],
            ["RE:", f"Records request - {p.first} {p.last}, DOB {fdate(p.dob, 'us')}"],
        ]
        t = Table(
            [[self.B(a), self.P(b)] for a, b in rows],
            colWidths=[1.0 * inch, 5.4 * inch],
        )
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        note = (
            "CONFIDENTIALITY NOTICE: The documents accompanying this facsimile contain "
            "confidential health information that is legally privileged. If you are "
            "not the intended recipient, you are hereby notified that any disclosure, "
            "copying, distribution or action taken in reliance on the contents of "
            "these documents is strictly prohibited. If you have received this fax in "
            "error, please notify the sender immediately."
        )
        return [
            *self.start(show=False),
            *self.letterhead(),
            Spacer(1, 18),
            Paragraph("FAX TRANSMITTAL", self.s_title),
            Spacer(1, 12),
            t,
            Spacer(1, 30),
            self.P(
                "Per your authorization, enclosed are the requested medical records."
            ),
            Spacer(1, 60),
            self.P(note, self.s_small),
        ]

    def affidavit(self) -> list[Flowable]:
        p = self.case.person
        cust = self.rng.choice(
            [
                "Linda Moreau",
                "Karen Ostrowski",
                "Denise Pham",
                "Robert Tully",
                "Maria Soto",
            ]
        )
        body = [
            f"I, {cust}, being duly sworn, depose and say that I am the duly "
            f"authorized custodian of records for {self.fac.name}, and have the "
            "authority to certify "
            "the attached records.",
            f"The attached records pertaining to {p.first} {p.last}, date of birth "
            f"{fdate(p.dob, 'long')}, are true and complete copies of the records in "
            "our possession, made at or near the time of the acts, events or "
            "conditions "
            "recorded, by or from information transmitted by persons with knowledge, "
            "and kept in the course of regularly conducted business activity.",
            f"The records consist of {self.total} pages, including this affidavit.",
        ]
        out: list[Flowable] = [
            *self.start(show=False),
            Paragraph("AFFIDAVIT OF CUSTODIAN OF RECORDS", self.s_title),
            Spacer(1, 10),
            self.P(f"Commonwealth of Massachusetts, County of {self.fac.city}"),
            Spacer(1, 10),
        ]
        for b in body:
            out += [self.P(b), Spacer(1, 8)]
        out += [
            Spacer(1, 30),
            self.P("______________________________"),
            self.P(f"{cust}, Custodian of Records"),
            Spacer(1, 16),
            self.P(
                f"Subscribed and sworn before me on {fdate(self.spec.printed, 'long')}."
            ),
            Spacer(1, 20),
            self.P("______________________________  Notary Public"),
            self.P("My commission expires: 06/30/2029", self.s_small),
        ]
        return out

    def encounter_table(self, visits: list[Visit]) -> list[Flowable]:
        head = ["Encounter Date", "Type", "Provider", "Location"]
        rows: list[list[Any]] = [[Paragraph(h, self.s_cellb) for h in head]]
        for v in visits:
            rows.append(
                [
                    Paragraph(esc(self.d(v.date)), self.s_cell),
                    Paragraph(esc(v.title), self.s_cell),
                    Paragraph(esc(v.clin.styled("last_first")), self.s_cell),
                    Paragraph(esc(v.fac.name), self.s_cell),
                ]
            )
        t = Table(
            rows,
            colWidths=[1.1 * inch, 2.2 * inch, 1.6 * inch, 2.1 * inch],
            repeatRows=1,
        )
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self._last_kind = "table"
        return [
            *self.start(**self.rec_hdr()),
            *self.letterhead(),
            Paragraph("ENCOUNTER SUMMARY", self.s_title),
            self.P(
                f"Encounters included in this release ({len(visits)})", self.s_small
            ),
            Spacer(1, 4),
            t,
        ]

    def problem_list(self, when: date) -> list[Flowable]:
        from .content import active_conditions

        conds = active_conditions(self.case.patient, when)
        rows: list[list[Any]] = [
            [Paragraph(h, self.s_cellb) for h in ("Problem", "Status", "Noted")]
        ]
        for c in conds[:18]:
            noted = f"{c.onset.month:02d}/{c.onset.year}"
            if self.rng.random() < 0.4:
                noted = str(c.onset.year)
            rows.append(
                [
                    Paragraph(esc(c.text), self.s_cell),
                    Paragraph("Active", self.s_cell),
                    Paragraph(noted, self.s_cell),
                ]
            )
        if len(rows) == 1:
            rows.append([Paragraph("No active problems", self.s_cell), "", ""])
        t = Table(rows, colWidths=[4.2 * inch, 1.0 * inch, 1.2 * inch])
        t.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self._last_kind = "problems"
        return [
            *self.start(**self.rec_hdr()),
            Paragraph("PROBLEM LIST", self.s_title),
            self.P(f"As of {fdate(self.spec.printed, 'us')}", self.s_small),
            Spacer(1, 4),
            t,
        ]

    def med_list(self, visits: list[Visit]) -> list[Flowable]:
        from .content import active_meds

        cur = active_meds(self.case.patient, self.spec.printed)
        rows: list[list[Any]] = [
            [
                Paragraph(h, self.s_cellb)
                for h in ("Medication", "Type", "Status", "Since")
            ]
        ]
        seen: set[str] = set()
        for m in sorted(self.case.patient.meds, key=lambda m: m.authored):
            if m.text in seen or m.authored > self.spec.printed:
                continue
            seen.add(m.text)
            status = "Active" if m.text in cur else "Discontinued"
            rows.append(
                [
                    Paragraph(esc(m.text), self.s_cell),
                    Paragraph("Prescribed", self.s_cell),
                    Paragraph(status, self.s_cell),
                    Paragraph(f"{m.authored.month:02d}/{m.authored.year}", self.s_cell),
                ]
            )
        for v in visits:
            for med in v.meds:
                if med in seen or v.source != "synthea":
                    continue
                if med not in [x.text for x in self.case.patient.imms]:
                    continue
                seen.add(med)
                rows.append(
                    [
                        Paragraph(esc(med), self.s_cell),
                        Paragraph("Administered", self.s_cell),
                        Paragraph("Given", self.s_cell),
                        Paragraph(f"{v.date.month:02d}/{v.date.year}", self.s_cell),
                    ]
                )
        rows = rows[:30]
        if len(rows) == 1:
            rows.append([Paragraph("No medications on file", self.s_cell), "", "", ""])
        t = Table(rows, colWidths=[3.7 * inch, 1.0 * inch, 1.0 * inch, 0.8 * inch])
        t.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self._last_kind = "meds"
        return [
            *self.start(**self.rec_hdr()),
            Paragraph("MEDICATION LIST", self.s_title),
            self.P(
                f"Prescribed and administered medications as of "
                f"{fdate(self.spec.printed, 'us')}",
                self.s_small,
            ),
            Spacer(1, 4),
            t,
        ]

    # ---------------------------------------------------------------- visits
    def visit_header(self, v: Visit) -> tuple[list[Flowable], str]:
        mode = self.fac.style.get("header", "dos")
        d = self.d(v.date)
        clin = self.clin(v)
        if mode == "table":
            head = ["Encounter Date", "Type", "Provider", "Location"]
            vals = [d, v.title, clin, v.fac.name]
            t = Table(
                [
                    [Paragraph(h, self.s_cellb) for h in head],
                    [Paragraph(esc(x), self.s_cell) for x in vals],
                ],
                colWidths=[1.1 * inch, 2.1 * inch, 1.7 * inch, 2.1 * inch],
            )
            t.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                        ("INNERGRID", (0, 0), (-1, -1), 0.3, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                    ]
                )
            )
            return [t, Spacer(1, 6)], d
        if mode == "oneline":
            label = {
                "primary care": "Office Visit",
                "orthopedics": "Office Visit",
                "chiropractic": "Treatment Note",
                "physical therapy": "Therapy Note",
                "emergency": "ED Visit",
                "urgent care": "Urgent Care Visit",
                "imaging": "Imaging",
                "pain management": "Office Visit",
                "neurology": "Consult Note",
            }.get(v.visit_type, "Progress Note")
            if "Procedure" in v.title:
                label = "Procedure Note"
            line = f"{label} {d} {v.clin.styled('dr')}"
            return [Paragraph(esc(line), self.s_h), Spacer(1, 3)], line
        if mode == "epic":
            line = f"{clin} - {d} {t12(v.time)}"
            return [
                Paragraph(esc(v.title), self.s_h),
                Paragraph(esc(line), self.s_body),
                Paragraph(esc(f"Department: {v.fac.name}"), self.s_small),
                Spacer(1, 4),
            ], line
        if mode == "dmy_line":
            line = (
                f"{fdate(v.date, 'dmy')}  {v.time}  {v.title.upper()}  "
                f"{v.clin.styled('last_first')}"
            )
            return [Paragraph(esc(line), self.s_bold), Spacer(1, 4)], line
        line = f"DATE OF SERVICE: {d}"
        return [
            Paragraph(esc(line), self.s_bold),
            Paragraph(esc(f"PROVIDER: {clin}"), self.s_body),
            Paragraph(esc(f"VISIT TYPE: {v.title}"), self.s_body),
            Spacer(1, 4),
        ], line

    def signature(self, v: Visit) -> list[Flowable]:
        mode = self.fac.style.get("sign", "esign")
        delay = (sum(ord(c) for c in v.key) % 3) if v.visit_type != "emergency" else 0
        sd = v.date + timedelta(days=delay)
        h, m = (int(x) for x in v.time.split(":"))
        t_sign = f"{min(h + 1 + delay, 23):02d}:{(m + 17) % 60:02d}"
        if mode == "signed":
            text = f"Signed: {self.clin(v)}  {self.d(sd)} {t_sign}"
        elif mode == "dictated":
            text = (
                f"Dictated by: {v.clin.full}   D: {self.d(v.date)}   "
                f"T: {self.d(v.date + timedelta(days=1))}"
            )
        elif mode == "auth":
            text = f"Authenticated by {v.clin.full}, {self.d(sd)}"
        else:
            text = (
                f"Electronically signed by {v.clin.full} on {self.d(sd)} {t12(t_sign)}"
            )
        return [Spacer(1, 6), Paragraph(esc(text), self.s_small)]

    def sections(self, v: Visit, compact: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        for title, paras in v.sections:
            if compact:
                text = " ".join(p.text for p in paras)
                keys = [m for p in paras for m in p.mentions]
                for m in keys:
                    out.append(self.anchor(m.key, m.quote))
                out.append(Paragraph(f"<b>{esc(title)}:</b> {esc(text)}", self.s_body))
                continue
            out.append(
                Paragraph(esc(title.upper() if len(title) > 3 else title), self.s_h)
            )
            for p in paras:
                for m in p.mentions:
                    out.append(self.anchor(m.key, m.quote))
                out.append(Paragraph(esc(p.text), self.s_body))
        return out

    def vitals(self, v: Visit) -> list[Flowable]:
        if not v.vitals:
            return []
        rows = [
            [Paragraph(esc(a), self.s_cell), Paragraph(esc(b), self.s_cell)]
            for a, b in v.vitals
        ]
        t = Table(rows, colWidths=[3.2 * inch, 1.8 * inch])
        t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.2, colors.lightgrey)]))
        return [Paragraph("VITAL SIGNS", self.s_h), t]

    def visit(self, v: Visit, person: Person | None = None) -> list[Flowable]:
        if v.title in ("Radiology Report", "MRI Report"):
            return self.report(v)
        if person is None and v.title in (
            "Chiropractic Treatment Note",
            "Physical Therapy Daily Note",
        ):
            return self.compact(v)
        self._last_kind = "other" if person is not None else "visit"
        out = [*self.start(**self.rec_hdr(person))]
        if self.fac.style.get("lh_each", "") == "yes" or not self._lh_done:
            out += self.letterhead()
            self._lh_done = True
        hdr, quote = self.visit_header(v)
        out.append(KeepTogether([self.anchor(v.key, quote), *hdr]))
        body = self.sections(v)
        vit = self.vitals(v)
        if vit:
            body = body[:4] + vit + body[4:]
        out += body
        if v.print_cpt:
            out.append(self.P(self.cpt_line(v), self.s_small))
        out += self.signature(v)
        return out

    def cpt_line(self, v: Visit) -> str:
        label = {
            "esign": "CPT",
            "signed": "Billing codes",
            "dictated": "Procedure codes",
        }
        parts = []
        for ch in v.charges:
            if ch.code:
                parts.append(ch.code + (f" x{ch.units}" if ch.units > 1 else ""))
        return f"{label.get(self.fac.style.get('sign', ''), 'Charges')}: " + ", ".join(
            parts
        )

    _lh_done = False

    def compact(self, v: Visit) -> list[Flowable]:
        out: list[Flowable] = []
        if not self.started or self._last_kind != "compact":
            out += self.start(**self.rec_hdr())
            if not self._lh_done:
                out += self.letterhead()
                self._lh_done = True
        self._last_kind = "compact"
        d = self.d(v.date)
        n = f"Visit #{v.visit_no}" if v.visit_no else ""
        line = f"{v.title} - {d} - {v.clin.styled(self.cs)}"
        if self.fac.style.get("header") == "table":
            line = f"DOS: {d}   {n}   Provider: {v.clin.full}"
        head = Paragraph(esc(line), self.s_bold)
        block = [self.anchor(v.key, line), head]
        block += self.sections(v, compact=True)
        if v.print_cpt:
            block.append(self.P(self.cpt_line(v), self.s_small))
        block += self.signature(v)
        rule = Table([[""]], colWidths=[PAGE_W - 1.4 * inch], rowHeights=[6])
        rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey)]))
        block.append(rule)
        out.append(KeepTogether(block))
        return out

    _last_kind = ""

    def report(self, v: Visit) -> list[Flowable]:
        out = [*self.start(**self.rec_hdr()), *self.letterhead()]
        self._lh_done = True
        self._last_kind = "report"
        title = (
            "DIAGNOSTIC IMAGING REPORT"
            if v.title == "MRI Report"
            else "RADIOLOGY REPORT"
        )
        line = f"EXAM DATE: {self.d(v.date)}"
        p = self.case.person
        info = Table(
            [
                [self.P(f"Patient: {p.last}, {p.first}"), self.P(line)],
                [self.P(f"DOB: {fdate(p.dob, self.ds)}"), self.P(f"MRN: {p.mrn}")],
            ],
            colWidths=[3.4 * inch, 3.4 * inch],
        )
        out.append(Paragraph(title, self.s_title))
        out.append(KeepTogether([self.anchor(v.key, line), info]))
        out.append(Spacer(1, 6))
        for sec_title, paras in v.sections:
            for m in (m for p2 in paras for m in p2.mentions):
                out.append(self.anchor(m.key, m.quote))
            text = " ".join(p2.text for p2 in paras)
            out.append(
                Paragraph(f"<b>{esc(sec_title.upper())}:</b> {esc(text)}", self.s_body)
            )
            out.append(Spacer(1, 3))
        if v.print_cpt:
            out.append(self.P(self.cpt_line(v), self.s_small))
        out.append(Spacer(1, 8))
        out.append(self.P(f"Interpreted by: {v.clin.full}"))
        out += self.signature(v)
        return out

    def labs(self, v: Visit) -> list[Flowable]:
        out = [*self.start(**self.rec_hdr())]
        self._last_kind = "labs"
        out.append(Paragraph("LABORATORY RESULTS", self.s_title))
        out.append(
            self.P(
                f"Collected: {self.d(v.date)} {t12(v.time)}    Ordering provider: "
                f"{v.clin.full}    Location: {v.fac.name}",
                self.s_small,
            )
        )
        panel: LabPanel
        for panel in v.labs[:3]:
            rows: list[list[Any]] = [
                [
                    Paragraph(h, self.s_cellb)
                    for h in ("Test", "Result", "Units", "Ref. Range")
                ]
            ]
            for o in panel.results:
                rng_txt = next(
                    (r for k, r in LAB_RANGES.items() if k in o.text.lower()), ""
                )
                rows.append(
                    [
                        Paragraph(esc(o.text), self.s_cell),
                        Paragraph(esc(o.value), self.s_cell),
                        Paragraph(esc(o.unit), self.s_cell),
                        Paragraph(esc(rng_txt), self.s_cell),
                    ]
                )
            t = Table(rows, colWidths=[3.6 * inch, 0.9 * inch, 1.0 * inch, 1.0 * inch])
            t.setStyle(
                TableStyle(
                    [
                        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            out += [Paragraph(esc(panel.text), self.s_h), t, Spacer(1, 6)]
        out.append(
            self.P("Final report. Results reviewed by ordering provider.", self.s_small)
        )
        return out

    # ---------------------------------------------------------------- bills
    def statement(self, s: Statement) -> list[Flowable]:
        self._last_kind = "bill"
        if s.style == "cms1500":
            out: list[Flowable] = [*self.start(show=False)]
            chunks = [s.charges[i : i + 6] for i in range(0, len(s.charges), 6)]
            for i, chunk in enumerate(chunks):
                if i:
                    out.append(PageBreak())
                key = f"{id(s)}-{i}"
                out.append(self.anchor(f"BILL:{key}", chunk[0].code or ""))
                out.append(Cms1500(self, s, chunk))
            return out
        ent = s.entity
        out = [
            *self.start(
                show=True, person=self.case.person, mode="bill", entity=ent.name
            ),
            *self.letterhead(ent),
        ]
        title = {
            "itemized": "ITEMIZED STATEMENT",
            "ledger": "PATIENT ACCOUNT LEDGER",
            "hospital": "PATIENT DETAIL BILL",
        }[s.style]
        out.append(Paragraph(title, self.s_title))
        p = self.case.person
        info = [
            [self.P(f"Patient: {p.first} {p.last}"), self.P(f"Account #: {s.account}")],
            [
                self.P(f"DOB: {fdate(p.dob, self.ds)}"),
                self.P(f"Statement date: {self.d(s.stmt_date)}"),
            ],
            [
                self.P(f"Address: {p.line}, {p.city}, {p.state} {p.zip}"),
                self.P(f"Tax ID: {ent.tin}"),
            ],
        ]
        t = Table(info, colWidths=[3.9 * inch, 2.9 * inch])
        out += [t, Spacer(1, 8)]
        rows = self._bill_rows(s)
        out += self._bill_tables(s, rows)
        out += self._bill_totals(s)
        return out

    def _bill_rows(self, s: Statement) -> list[tuple[date, int, Charge | Credit]]:
        items: list[tuple[date, int, Charge | Credit]] = []
        for i, c in enumerate(s.charges):
            items.append((c.date, i, c))
        for j, cr in enumerate(s.credits):
            items.append((cr.date, 1000 + j, cr))
        items.sort(key=lambda x: (x[0], x[1]))
        return items

    def _bill_tables(
        self, s: Statement, rows: list[tuple[date, int, Charge | Credit]]
    ) -> list[Flowable]:
        if s.style == "hospital":
            head = [
                "Svc Date",
                "Rev",
                "CPT/HCPCS",
                "Description",
                "Qty",
                "Charges",
                "Credits",
            ]
            widths = [0.8, 0.45, 0.8, 2.7, 0.4, 0.9, 0.9]
        elif s.style == "ledger":
            head = ["Date", "Code", "Description", "Charge", "Credit", "Balance"]
            widths = [0.8, 0.8, 2.9, 0.85, 0.85, 0.9]
        else:
            head = ["Date", "Code", "Description", "Charges", "Payments", "Adjustments"]
            widths = [0.75, 1.05, 2.6, 0.85, 0.85, 0.95]
        out: list[Flowable] = []
        chunk: list[list[Any]] = []
        cap = 30.0
        used = 0.0
        first_page = True
        balance = 0
        pending: list[str] = []

        def flush() -> None:
            nonlocal chunk, used, first_page, pending
            if not chunk:
                return
            t = Table(
                [[Paragraph(h, self.s_cellb) for h in head], *chunk],
                colWidths=[w * inch for w in widths],
            )
            t.setStyle(
                TableStyle(
                    [
                        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            if not first_page:
                out.append(PageBreak())
            marker = f"BILLCHUNK:{id(s)}:{len(out)}"
            out.append(self.anchor(marker, ""))
            for key in pending:
                self._chunk_of[key] = marker
            out.append(t)
            chunk = []
            used = 0.0
            pending = []
            first_page = False

        for when, idx, item in rows:
            d = fdate(when, self.bill_ds)
            if isinstance(item, Charge):
                desc = item.desc or ""
                lines = 1 + len(desc) // 52
                code = item.code or ""
                amt = money(item.cents)
                balance += item.cents
                if s.style == "hospital":
                    rev = REV_CODES.get(
                        code, "0320" if code.startswith("7") else "0510"
                    )
                    row = [d, rev, code, desc, str(item.units), amt, ""]
                elif s.style == "ledger":
                    row = [d, code, desc, amt, "", money(balance)]
                else:
                    row = [d, code, desc, amt, "", ""]
                pending.append(f"{id(s)}:{idx}")
            else:
                lines = 1 + len(item.desc) // 52
                balance -= item.cents
                if s.style == "hospital":
                    row = [d, "", "", item.desc, "", "", paren(item.cents)]
                elif s.style == "ledger":
                    row = [d, "", item.desc, "", paren(item.cents), money(balance)]
                else:
                    pay = paren(item.cents) if item.kind == "payment" else ""
                    adj = paren(item.cents) if item.kind == "adjustment" else ""
                    row = [d, "", item.desc, "", pay, adj]
            cap_now = cap - (8 if first_page else 0)
            if used + lines > cap_now:
                flush()
            chunk.append(
                [
                    Paragraph(
                        esc(x),
                        self.s_right if k >= len(row) - 3 and k > 2 else self.s_cell,
                    )
                    for k, x in enumerate(row)
                ]
            )
            used += lines
        flush()
        return out

    _chunk_of: dict[str, str]

    def _bill_totals(self, s: Statement) -> list[Flowable]:
        pay = sum(c.cents for c in s.credits if c.kind == "payment")
        adj = sum(c.cents for c in s.credits if c.kind == "adjustment")
        total = s.printed_total
        bal = total - pay - adj
        rows = [
            ["Total Charges", money(total)],
            ["Total Payments", paren(pay) if pay else "0.00"],
            ["Total Adjustments", paren(adj) if adj else "0.00"],
            ["BALANCE DUE", money(bal)],
        ]
        if s.style == "ledger":
            rows = [
                ["Total charges", money(total)],
                ["Total credits", paren(pay + adj) if pay + adj else "0.00"],
                ["Account balance", money(bal)],
            ]
        t = Table(
            [
                [Paragraph(esc(a), self.s_cellb), Paragraph(esc(b), self.s_right)]
                for a, b in rows
            ],
            colWidths=[1.6 * inch, 1.1 * inch],
            hAlign="RIGHT",
        )
        t.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]))
        note = self.rng.choice(
            [
                "Please remit balance within 30 days. "
                "Questions: call our billing office.",
                "This account is under a letter of protection. "
                "Balance due upon settlement.",
                "Thank you for choosing our practice.",
            ]
        )
        return [
            KeepTogether([Spacer(1, 8), t]),
            Spacer(1, 10),
            self.P(note, self.s_small),
        ]

    # --------------------------------------------------------------- driver
    def story(self, state: BuildState, total: int) -> list[Flowable]:
        self.state = state
        self.total = total
        self.quotes = {}
        self._chunk_of = {}
        self.started = False
        self._lh_done = False
        self._last_kind = ""
        self.excluded_keys = []
        out: list[Flowable] = []
        for kind, obj in self.spec.parts:
            if kind == "fax_cover":
                out += self.fax_cover()
            elif kind == "affidavit":
                out += self.affidavit()
            elif kind == "encounter_table":
                out += self.encounter_table(obj)
            elif kind == "problem_list":
                out += self.problem_list(obj)
            elif kind == "med_list":
                out += self.med_list(obj)
            elif kind == "visit":
                out += self.visit(obj)
            elif kind == "labs":
                out += self.labs(obj)
            elif kind == "statement":
                out += self.statement(obj)
            elif kind == "other_visit":
                person, v = obj
                body = self.visit(v, person)
                n = 2 if body and isinstance(body[1], PageBreak) else 0
                start = f"EXCL-START:{v.key}"
                end = f"EXCL-END:{v.key}"
                out += [*body[:n], self.anchor(start, ""), *body[n:]]
                out.append(self.anchor(end, ""))
                self.excluded_keys.append((start, end))
        return out


class Cms1500(Flowable):
    """A CMS-1500 (02/12) claim form page drawn on the canvas."""

    def __init__(self, r: Renderer, s: Statement, lines: list[Charge]) -> None:
        super().__init__()
        self.r = r
        self.s = s
        self.lines = lines

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.aw = aw
        return aw, 8.8 * inch

    def draw(self) -> None:
        c = self.canv
        r = self.r
        s = self.s
        p = r.case.person
        w = self.aw
        top = 8.8 * inch

        def box(
            x: float, y: float, bw: float, bh: float, label: str, value: str = ""
        ) -> None:
            c.rect(x, top - y - bh, bw, bh)
            c.setFont("Helvetica", 5.2)
            c.drawString(x + 2, top - y - 6.5, label)
            if value:
                c.setFont("Courier-Bold", 8.5)
                c.drawString(x + 4, top - y - bh + 4, value)

        c.setStrokeColor(colors.HexColor("#b22222"))
        c.setFillColor(colors.black)
        c.setFont("Helvetica-Bold", 13)
        c.drawString(0, top - 14, "HEALTH INSURANCE CLAIM FORM")
        c.setFont("Helvetica", 6)
        c.drawString(
            0, top - 22, "APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12"
        )
        c.setFont("Helvetica", 7)
        c.drawRightString(w, top - 14, "CARRIER: " + r.case.auto_insurer.upper())
        c.drawRightString(w, top - 23, f"CLAIM # {r.case.claim_no}")
        y = 28.0
        half = w * 0.58
        box(
            0,
            y,
            half,
            24,
            "1. MEDICARE  MEDICAID  TRICARE  CHAMPVA  GROUP  FECA  OTHER",
            "X OTHER",
        )
        box(half, y, w - half, 24, "1a. INSURED'S I.D. NUMBER", r.case.claim_no)
        y += 24
        dob = p.dob
        box(
            0,
            y,
            half * 0.62,
            24,
            "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)",
            f"{p.last.upper()}, {p.first.upper()}",
        )
        box(
            half * 0.62,
            y,
            half * 0.38,
            24,
            "3. PATIENT'S BIRTH DATE   SEX",
            f"{dob.month:02d} {dob.day:02d} {dob.year}  "
            f"{'F' if p.gender == 'female' else 'M'}",
        )
        box(
            half,
            y,
            w - half,
            24,
            "4. INSURED'S NAME (Last Name, First Name, Middle Initial)",
            f"{p.last.upper()}, {p.first.upper()}",
        )
        y += 24
        box(0, y, half, 24, "5. PATIENT'S ADDRESS (No., Street)", p.line.upper()[:40])
        box(half, y, w - half, 24, "7. INSURED'S ADDRESS (No., Street)", "SAME")
        y += 24
        box(
            0,
            y,
            half,
            24,
            "CITY / STATE / ZIP CODE",
            f"{p.city.upper()} {p.state} {p.zip}",
        )
        box(half, y, w - half, 24, "11. INSURED'S POLICY GROUP OR FECA NUMBER", "NONE")
        y += 24
        box(
            0,
            y,
            half,
            30,
            "10. IS PATIENT'S CONDITION RELATED TO:  b. AUTO ACCIDENT?  PLACE (State)",
            f"YES X   {p.state}",
        )
        inc = r.case.incident
        box(
            half,
            y,
            w - half,
            30,
            "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)",
            f"{inc.month:02d} {inc.day:02d} {inc.year % 100:02d}  QUAL 431",
        )
        y += 30
        visits = {v.key: v for v in r.case.visits}
        dx: list[str] = []
        for ln in self.lines:
            v = visits.get(ln.visit_key or "")
            if v is None:
                continue
            for code, _ in v.dx:
                if code and code not in dx and len(dx) < 12:
                    dx.append(code)
        if not dx:
            days = {ln.date for ln in self.lines}
            for v in r.case.visits:
                if v.date in days and not v.excluded:
                    for code, _ in v.dx:
                        if code and code not in dx and len(dx) < 12:
                            dx.append(code)
        ref = ""
        box(0, y, half, 24, "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", ref)
        box(half, y, w - half, 24, "19. ADDITIONAL CLAIM INFORMATION", "AUTO ACCIDENT")
        y += 24
        box(
            0,
            y,
            w,
            36,
            "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  "
            "Relate A-L to service line below (24E)   ICD Ind. 0",
        )
        c.setFont("Courier-Bold", 8.5)
        for i, code in enumerate(dx):
            col, row = i % 4, i // 4
            c.drawString(
                8 + col * (w / 4),
                top - y - 16 - row * 9,
                f"{'ABCDEFGHIJKL'[i]}. {code}",
            )
        y += 36
        cols = [
            ("24. A. DATE(S) OF SERVICE From / To", 1.55),
            ("B. POS", 0.4),
            ("C. EMG", 0.35),
            ("D. CPT/HCPCS  MODIFIER", 1.1),
            ("E. DIAG PTR", 0.6),
            ("F. $ CHARGES", 0.95),
            ("G. UNITS", 0.45),
            ("J. RENDERING NPI", 1.1),
        ]
        scale = w / (sum(x[1] for x in cols) * inch)
        xs = [0.0]
        for _, cw in cols:
            xs.append(xs[-1] + cw * inch * scale)
        c.setStrokeColor(colors.HexColor("#b22222"))
        c.rect(0, top - y - 14, w, 14)
        c.setFont("Helvetica", 5.2)
        for (label, _), x in zip(cols, xs, strict=False):
            c.drawString(x + 2, top - y - 9, label)
        y += 14
        pos = {"hospital": "23", "radiology": "23", "imaging": "22"}.get(
            s.entity.style.get("kind", ""), "11"
        )
        for i in range(6):
            c.rect(0, top - y - 22, w, 22)
            for x in xs[1:-1]:
                c.line(x, top - y, x, top - y - 22)
            if i < len(self.lines):
                ln = self.lines[i]
                d = ln.date
                mm = f"{d.month:02d} {d.day:02d} {d.year % 100:02d}"
                v = visits.get(ln.visit_key or "")
                ptrs = ""
                if v is not None:
                    ptrs = "".join(
                        "ABCDEFGHIJKL"[dx.index(code)]
                        for code, _ in v.dx[:4]
                        if code in dx
                    )
                mod = "26" if s.entity.style.get("kind") == "radiology" else ""
                dollars, cents = divmod(ln.cents, 100)
                vals = [
                    f"{mm} {mm}",
                    pos,
                    "",
                    f"{ln.code or ''} {mod}".strip(),
                    ptrs or "A",
                    f"{dollars:>6} {cents:02d}",
                    str(ln.units),
                    s.entity.npi,
                ]
                c.setFont("Courier-Bold", 8.5)
                for val, x in zip(vals, xs, strict=False):
                    c.drawString(x + 3, top - y - 15, val)
            y += 22
        total = sum(ln.cents for ln in self.lines)
        td, tc = divmod(total, 100)
        third = w / 3
        box(
            0,
            y,
            third,
            26,
            "25. FEDERAL TAX I.D. NUMBER   SSN EIN",
            f"{s.entity.tin}  X",
        )
        box(third, y, third * 0.6, 26, "26. PATIENT'S ACCOUNT NO.", s.account)
        box(third * 1.6, y, third * 0.4, 26, "27. ACCEPT ASSIGNMENT?", "YES")
        box(third * 2, y, third * 0.5, 26, "28. TOTAL CHARGE", f"$ {td} {tc:02d}")
        box(third * 2.5, y, third * 0.5, 26, "29. AMOUNT PAID", "$ 0 00")
        y += 26
        rendering = ""
        for ln in self.lines:
            v = visits.get(ln.visit_key or "")
            if v is not None:
                rendering = v.clin.full
                break
        sdate = fdate(s.stmt_date, "us")
        box(0, y, third, 52, "31. SIGNATURE OF PHYSICIAN OR SUPPLIER")
        c.setFont("Courier-Bold", 8)
        c.drawString(4, top - y - 30, rendering.upper()[:30])
        c.drawString(4, top - y - 44, f"DATE {sdate}")
        e = s.entity
        box(third, y, third, 52, "32. SERVICE FACILITY LOCATION")
        c.setFont("Courier-Bold", 7.5)
        c.drawString(third + 4, top - y - 20, e.name.upper()[:34])
        c.drawString(third + 4, top - y - 30, e.line.upper()[:34])
        c.drawString(third + 4, top - y - 40, f"{e.city.upper()} {e.state} {e.zip}")
        box(third * 2, y, third, 52, f"33. BILLING PROVIDER INFO & PH #  {e.phone}")
        c.drawString(third * 2 + 4, top - y - 20, e.name.upper()[:34])
        c.drawString(third * 2 + 4, top - y - 30, e.line.upper()[:34])
        c.drawString(third * 2 + 4, top - y - 40, f"{e.city.upper()} {e.state} {e.zip}")
        c.setFont("Helvetica", 5.5)
        c.drawString(third * 2 + 4, top - y - 49, f"a. NPI {e.npi}")
        y += 52
        c.setFont("Helvetica", 6)
        c.drawString(
            0, top - y - 10, "NUCC Instruction Manual available at: www.nucc.org"
        )
        c.drawRightString(w, top - y - 10, "FORM CMS-1500 (02-12)")


def render_doc(
    spec: DocSpec, case: Case, rng: random.Random, bates: int
) -> tuple[DocResult, Renderer]:
    r = Renderer(spec, case, rng, bates)
    seed_state = rng.getstate()

    def make(state: BuildState, total: int) -> list[Flowable]:
        rng.setstate(seed_state)
        return r.story(state, total)

    data, state = build_pdf(make, r.on_page, r.final, title=spec.filename)
    cites: dict[str, tuple[int, str]] = {}
    for key, quote in r.quotes.items():
        if key in state.anchors:
            cites[key] = (state.anchors[key], quote)
    for key, marker in r._chunk_of.items():
        if marker in state.anchors:
            cites[f"LINE:{key}"] = (state.anchors[marker], "")
    excluded: list[int] = []
    for start, end in r.excluded_keys:
        a = state.anchors[start]
        b = state.anchors[end]
        excluded += list(range(a, b + 1))
    return DocResult(data, len(state.pages), cites, sorted(set(excluded))), r
