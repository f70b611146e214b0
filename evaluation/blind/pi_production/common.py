"""Rendering context shared by record, bill and front-matter renderers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from .layout import PAGE_W, Writer, width
from .model import Case, Citation, Clinician, Facility, Person, Reported, Visit
from .util import fmt_date


@dataclass
class Section:
    start: int  # 1-based page where the section starts
    footer: int  # footer style
    left: str = ""  # printed-on line etc.


@dataclass
class Doc:
    name: str
    facility: Facility
    title: str
    w: Writer
    scanned: bool = False
    fax_header: str = ""
    sections: list[Section] = field(default_factory=list)
    excluded_pages: list[int] = field(default_factory=list)
    bates_start: int = 0
    patient: Person | None = None  # set when the whole document is another patient's
    sent: dt.date | None = None


class Ctx:
    def __init__(
        self, case: Case, doc: Doc, rng: random.Random, patient: Person | None = None
    ) -> None:
        self.case = case
        self.doc = doc
        self.w = doc.w
        self.rng = rng
        self.patient = patient or case.patient
        self.other = patient is not None and patient is not case.patient
        self.incident = case.incident  # another patient's records get their own date

    # ---- citations -------------------------------------------------------------
    def cite(self, v: Visit, quote: str, page: int | None = None) -> None:
        if self.other:
            return
        if v.citation is None:
            v.citation = Citation(self.doc.name, page or self.w.page_no, quote)

    def cite_reported(self, r: Reported, quote: str, page: int | None = None) -> None:
        if self.other:
            return
        if r.citation is None:
            r.citation = Citation(self.doc.name, page or self.w.page_no, quote)

    def section(self, footer: int | None = None, left: str = "") -> None:
        """Start a new section on a fresh page."""
        self.w.cont_header = None
        self.w.new_page()
        f = self.doc.facility.style.get("footer", 0) if footer is None else footer
        self.doc.sections.append(Section(self.w.page_no, f, left))

    # ---- styles ----------------------------------------------------------------
    def d(self, date: dt.date, style: str | None = None) -> str:
        return fmt_date(date, style or self.doc.facility.style.get("date", "mdy"))

    def dob(self, style: str | None = None) -> str:
        return fmt_date(
            self.patient.dob, style or self.doc.facility.style.get("dob", "mdy")
        )

    def pname(self, style: int = 0) -> str:
        p = self.patient
        mid = f" {p.middle}" if p.middle else ""
        if style == 1:
            return f"{p.last.upper()}, {p.first.upper()}{mid.upper()}"
        if style == 2:
            return f"{p.last}, {p.first}{mid}"
        return f"{p.first}{mid} {p.last}"

    # ---- letterheads -------------------------------------------------------------
    def letterhead(self, fac: Facility | None = None, sub: str = "") -> None:
        w = self.w
        fac = fac or self.doc.facility
        st = fac.style.get("letterhead", 0)
        top = w.y
        if st == 0:
            w.write(fac.name, w.bold, 15, align="c", lead=17)
            if sub:
                w.write(sub, w.regular, 9.5, align="c")
            w.write(f"{fac.addr} \u2022 {fac.csz}", w.regular, 8.5, align="c")
            w.write(f"Phone {fac.phone}   Fax {fac.fax}", w.regular, 8.5, align="c")
            w.rule(1.0)
        elif st == 1:
            w.y -= 16
            w.text_at(w.left, w.y, fac.name, w.bold, 14)
            rx = PAGE_W - w.right
            w.text_at(rx, w.y + 4, fac.addr, w.regular, 8, "r")
            w.text_at(rx, w.y - 6, fac.csz, w.regular, 8, "r")
            w.text_at(rx, w.y - 16, f"Tel {fac.phone}", w.regular, 8, "r")
            w.text_at(rx, w.y - 26, f"Fax {fac.fax}", w.regular, 8, "r")
            if sub:
                w.text_at(w.left, w.y - 14, sub, w.italic, 9.5)
            w.y -= 32
            w.line_at(w.left, w.y, PAGE_W - w.right, w.y, 2.0)
            w.y -= 6
        elif st == 2:
            h = 46
            w.rect_at(w.left, top - h, w.text_w, h, 0, None, 0.85)
            w.text_at(w.left + 8, top - 20, fac.name.upper(), w.bold, 13)
            w.text_at(w.left + 8, top - 34, f"{fac.addr}, {fac.csz}", w.regular, 8.5)
            w.text_at(
                PAGE_W - w.right - 8, top - 20, f"P: {fac.phone}", w.regular, 8.5, "r"
            )
            w.text_at(
                PAGE_W - w.right - 8, top - 34, f"F: {fac.fax}", w.regular, 8.5, "r"
            )
            w.y = top - h - 6
            if sub:
                w.write(sub, w.bold, 10)
        else:  # roster letterhead: practice physicians listed
            w.write(fac.name, w.bold, 16, align="c", lead=18)
            if sub:
                w.write(sub, w.italic, 9, align="c")
            w.write(
                f"{fac.addr}  |  {fac.csz}  |  {fac.phone}  |  Fax {fac.fax}",
                w.regular,
                8,
                align="c",
            )
            if fac.roster:
                names = "   \u00b7   ".join(c.disp(1) for c in fac.roster)
                w.write(names, w.italic, 7.5, align="c")
            w.rule(0.8)

    def patient_block(
        self, extra: list[tuple[str, str]] | None = None, style: int | None = None
    ) -> None:
        w = self.w
        fac = self.doc.facility
        st = fac.style.get("pthead", 0) if style is None else style
        extra = extra or []
        if st == 0:
            segs = [f"Patient: {self.pname(1)}", f"DOB: {self.dob()}"] + [
                f"{k}: {v}" for k, v in extra[:2]
            ]
            line = ""
            for seg in segs:
                trial = seg if not line else line + "    " + seg
                if line and width(trial, w.bold, w.size) > w.text_w:
                    w.write(line, w.bold, w.size)
                    line = seg
                else:
                    line = trial
            w.write(line, w.bold, w.size)
            w.space(3)
        elif st == 1:
            pairs = [("Name:", self.pname(0)), ("Date of Birth:", self.dob())]
            pairs += [(k + ":", v) for k, v in extra]
            w.kv_columns(pairs, 2, box=True)
        elif st == 2:
            heads = ["Pt Name", "DOB"] + [k for k, _ in extra[:3]]
            vals = [self.pname(2), self.dob()] + [v for _, v in extra[:3]]
            ws = [170.0, 80.0] + [90.0] * len(extra[:3])
            w.table(ws, [vals], header=heads, size=w.size - 0.5)
        elif st == 3:
            w.write(
                f"RE: {self.pname(0)} (DOB {self.dob('mdy_short')})",
                w.bold,
                w.size + 0.5,
            )
            for k, v in extra[:2]:
                w.write(f"{k}: {v}", w.regular, w.size)
            w.space(3)
        else:
            s = f"Patient Name: {self.pname(2)}"
            for k, v in extra[:1]:
                s += f"   {k}: {v}"
            s += f"   D.O.B.: {self.dob('mdy_dash')}"
            w.write(s, w.regular, w.size)
            w.rule(0.4, 0.5, 2)

    def cont_header_fn(self, label: str) -> None:
        """A small running header for continuation pages of a record."""
        patient_line = f"{self.pname(1)}   DOB {self.dob()}"
        fac = self.doc.facility

        def hdr(w: Writer) -> None:
            w.y -= 10
            w.text_at(
                w.left, w.y, f"{fac.name} \u2014 {label}", w.regular, 7.5, gray=0.2
            )
            w.text_at(
                PAGE_W - w.right, w.y, patient_line, w.regular, 7.5, "r", gray=0.2
            )
            w.y -= 4
            w.line_at(w.left, w.y, PAGE_W - w.right, w.y, 0.4, 0.4)
            w.y -= 6

        self.w.cont_header = hdr

    # ---- signatures ------------------------------------------------------------
    def signature(
        self,
        clin: Clinician,
        date: dt.date,
        minutes: int,
        style: int | None = None,
        label: str = "",
    ) -> None:
        w = self.w
        st = self.doc.facility.style.get("sig", 0) if style is None else style
        w.ensure({0: 16, 1: 52, 2: 28, 3: 28}.get(st, 16))
        hh, mm = divmod(minutes % 1440, 60)
        if st == 0:
            w.space(4)
            w.write(
                f"Electronically signed by {clin.disp(0)} on {fmt_date(date)} at "
                f"{hh:02d}:{mm:02d}",
                w.italic,
                w.size - 0.5,
            )
        elif st == 1:
            w.space(14)
            w.squiggle(w.left + 4, w.y, 110, seed=len(clin.last))
            w.space(4)
            w.line_at(w.left, w.y, w.left + 180, w.y, 0.5)
            w.write(clin.disp(1) + (f", {label}" if label else ""), w.regular, w.size)
            w.write(f"Date: {fmt_date(date, 'mdy')}", w.regular, w.size - 0.5)
        elif st == 2:
            d2 = date + dt.timedelta(days=self.rng.choice([0, 1, 1, 2]))
            w.space(4)
            w.write(f"Dictated by: {clin.disp(0)}", w.regular, w.size - 0.5)
            w.write(
                f"D: {fmt_date(date)} {hh:02d}:{mm:02d}   T: {fmt_date(d2)}   Job "
                f"#{self.rng.randint(100000, 999999)}",
                w.regular,
                w.size - 1,
            )
        elif st == 3:
            w.space(4)
            w.write(f"/s/ {clin.disp(1)}", w.regular, w.size)
            if label:
                w.write(label, w.regular, w.size - 0.5)
        else:
            ampm = "AM" if hh < 12 else "PM"
            w.space(4)
            w.write(
                f"Signed: {clin.disp(0)} (electronically) "
                f"{fmt_date(date, 'mdy_short')} {hh % 12 or 12}:{mm:02d} {ampm}",
                w.italic,
                w.size - 0.5,
            )

    # ---- visit headers ---------------------------------------------------------
    def visit_header(
        self, v: Visit, label: str, style: int | None = None, location: str = ""
    ) -> str:
        """Print a visit header; return the quote used for the citation."""
        w = self.w
        st = self.doc.facility.style.get("vhead", 0) if style is None else style
        c = v.clinician
        ds = self.d(v.date)
        if st == 0:
            w.write(label.upper(), w.bold, w.size + 1.5)
            q = f"DATE OF SERVICE: {ds}"
            w.write(q, w.bold, w.size)
            w.write(f"Provider: {c.disp(0)}", w.regular, w.size)
        elif st == 1:
            w.write(label, w.bold, w.size + 1.5)
            w.table(
                [95, 170, 150, 100],
                [[ds, c.disp(0), location or self.doc.facility.name, label.split()[0]]],
                header=["Encounter Date", "Provider", "Location", "Visit Type"],
                size=w.size - 0.5,
            )
            q = ds
        elif st == 2:
            q = (
                f"{label} {ds} "
                f"{'Dr. ' + c.first + ' ' + c.last if c.doctor else c.disp(0)}"
            )
            w.write(q, w.bold, w.size + 1)
            w.rule(0.4, 0.3, 2)
        elif st == 3:
            ds = self.d(v.date, "long")
            q = f"Date: {ds}"
            w.write(label.upper(), w.bold, w.size + 1)
            y = w.y
            w.write(q, w.regular, w.size)
            w.text_at(
                w.left + 220,
                w.y + w.size * 0.25,
                f"Treating Provider: {c.disp(1)}",
                w.regular,
                w.size,
            )
            _ = y
        elif st == 4:
            ds = self.d(v.date, "dmy")
            q = f"{ds} \u2014 {label} \u2014 {c.disp(0)}"
            w.write(q, w.bold, w.size + 0.5)
        else:
            ds = self.d(v.date, "mdy_short")
            no = v.data.get("visit_no")
            q = f"DOS {ds}"
            lead = f"Visit #{no}   " if no else ""
            w.write(f"{lead}{q}   {c.disp(0)}", w.bold, w.size + 0.5)
            w.rule(0.3, 0.5, 2)
        return q

    def codes_block(
        self, dxs: list[tuple[str, str]], title: str = "Diagnoses:", style: int = 0
    ) -> None:
        w = self.w
        if not dxs:
            return
        w.write(title, w.bold, w.size)
        for i, (code, desc) in enumerate(dxs, 1):
            if style == 0:
                w.para(f"{i}. {desc} ({code})", indent=10, after=0)
            elif style == 1:
                w.para(f"{code} - {desc}", indent=10, after=0)
            else:
                w.para(f"{i}. {desc}   ICD-10: {code}", indent=10, after=0)
        w.space(3)


def text_fits(s: str, fnt: str, size: float, maxw: float) -> bool:
    return width(s, fnt, size) <= maxw
