"""Assemble one case: plan, render every production PDF, scan some, write the truth."""

from __future__ import annotations

import datetime as dt
import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from . import billing, front, records, scan
from . import content as ct
from .common import Ctx, Doc, Section
from .layout import PAGE_W, Writer
from .model import Case, Citation, Clinician, Facility, Person, Statement, Visit
from .plan import CaseOpts, Planner, person_from
from .source import SourceData, SrcPatient
from .util import DATE_STYLES, add_days, fmt_date, next_weekday, npi

MAX_PAGES = 40
MIN_PAGES = 8
DPI_CHOICES = (150, 200, 200, 200)


@dataclass
class Built:
    case: Case
    docs: list[Doc]
    pages: int
    scanned_docs: int = 0
    scanned_pages: int = 0
    handwritten: int = 0
    inconsistent: int = 0
    notes: dict[str, int] = field(default_factory=dict)


def slug(s: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_")
    return s[:40]


# ---------------------------------------------------------------------------
# styles
# ---------------------------------------------------------------------------
def assign_styles(case: Case, rng: random.Random) -> None:
    fams = ["Helvetica", "Times", "DejaVu", "DejaVuSerif", "Courier", "DejaVuCond"]
    for key in sorted(case.facilities):
        f = case.facilities[key]
        st = f.style
        st.setdefault(
            "family",
            rng.choice(fams[:4])
            if f.kind != "hospital"
            else rng.choice(["Helvetica", "DejaVu", "DejaVuCond"]),
        )
        if f.kind in ("ortho",):
            st.setdefault("letterhead", 3)
        else:
            st.setdefault("letterhead", rng.randint(0, 2))
        st.setdefault("pthead", rng.randint(0, 4))
        st.setdefault("vhead", rng.randint(0, 5))
        st.setdefault("vhead2", rng.randint(0, 5))
        st.setdefault("sig", rng.randint(0, 4))
        st.setdefault("date", rng.choice(DATE_STYLES))
        st.setdefault(
            "dob", rng.choice(["mdy", "mdy", "mdy_short", "mdy_dash", "long"])
        )
        st.setdefault("footer", rng.randint(0, 3))
        st.setdefault("bill_footer", rng.choice([-1, 0, 1]))
        st.setdefault("dxstyle", rng.randint(0, 2))
        st.setdefault("size", rng.choice([9.0, 9.5, 10.0]))
        st.setdefault("acct", f"{rng.randint(10000, 99999)}")
        st.setdefault("flow", rng.random() < 0.5)
    # Courier: an old practice-management system, for one office now and then
    office = [
        k
        for k in sorted(case.facilities)
        if case.facilities[k].kind in ("chiro", "pt", "pcp")
    ]
    if office and rng.random() < 0.3:
        case.facilities[rng.choice(office)].style["family"] = "Courier"


# ---------------------------------------------------------------------------
# other-patient material
# ---------------------------------------------------------------------------
def other_person(
    src: SourceData, exclude: set[str], rng: random.Random, case: Case
) -> Person:
    pool = [
        p
        for p in src.patients
        if p.pid not in exclude
        and p.death is None
        and p.last != case.patient.last
        and p.first != case.patient.first
        and p.dob != case.patient.dob
        and 1940 < p.dob.year < 2003
    ]
    sp = rng.choice(pool)
    exclude.add(sp.pid)
    return person_from(sp, rng)


def other_visit(
    kind: str,
    date: dt.date,
    clin: Clinician,
    fac: Facility,
    person: Person,
    rng: random.Random,
) -> Visit:
    v = Visit(
        vid="x",
        kind=kind,
        date=date,
        clinician=clin,
        facility=fac,
        visit_type="other",
        complaints=["low back pain"],
        findings=["Lumbar flexion 50 degrees with pain"],
        recommendations=["Continue plan of care"],
        other_patient=True,
    )
    v.data["person"] = person
    v.data["mrn"] = f"{rng.randint(1000000, 9999999)}"
    v.data["arrival"] = rng.randint(600, 1200)
    return v


# ---------------------------------------------------------------------------
# documents
# ---------------------------------------------------------------------------
class Assembler:
    def __init__(
        self,
        case: Case,
        src: SourceData,
        rng: random.Random,
        opts: CaseOpts,
        used: set[str],
    ) -> None:
        self.case = case
        self.src = src
        self.rng = rng
        self.opts = opts
        self.used = used
        self.docs: list[Doc] = []
        self.hand_visits: set[str] = set()

    def new_doc(self, fac: Facility, kind: str) -> Doc:
        st = fac.style
        w = Writer(st.get("family", "Helvetica"), st.get("size", 9.5))
        return Doc(
            name=f"{kind}|{fac.key}", facility=fac, title=f"{fac.name} {kind}", w=w
        )

    def visits_of(self, key: str) -> list[Visit]:
        return [v for v in self.case.visits if v.facility.key == key]

    def stmts_of(self, key: str) -> list[Statement]:
        return [s for s in self.case.statements if s.entity.key == key]

    def pick_handwritten(self) -> None:
        n = self.opts.handwritten
        if n <= 0:
            return
        cands = [v for v in self.case.visits if v.kind == "chiro_daily"]
        cands += [v for v in self.case.visits if v.kind == "pt_daily"]
        cands += [v for v in self.case.visits if v.kind in ("pcp_pain", "pcp_annual")]
        if not cands:
            return
        first_kind = cands[0].facility.key
        same = [v for v in cands if v.facility.key == first_kind]
        picks = self.rng.sample(same, min(n, len(same)))
        self.hand_visits = {v.vid for v in picks}

    def build_docs(self) -> list[Doc]:
        case = self.case
        rng = self.rng
        fac = case.facilities
        self.pick_handwritten()
        op = self.opts.other_patient
        docs: list[tuple[dt.date, int, Doc]] = []

        # hospital
        hosp = fac["hospital"]
        d = self.new_doc(hosp, "records")
        ctx = Ctx(case, d, rng)
        ed = next(v for v in case.visits if v.kind == "ed")
        xr = next(v for v in case.visits if v.kind == "xray")
        mis = None
        if op == "ed_page":
            person = other_person(self.src, self.used, rng, case)
            other_doc = Clinician(
                ed.clinician.first,
                ed.clinician.last,
                ed.clinician.cred,
                ed.clinician.npi,
            )
            mis = other_visit(
                "ed",
                add_days(ed.date, rng.choice([-1, 0, 1])),
                other_doc,
                hosp,
                person,
                rng,
            )
        records.ed_record(ctx, ed, misfiled=mis)
        records.radiology_report(ctx, xr)
        separate_ub = rng.random() < 0.45
        if not separate_ub:
            for st in self.stmts_of("hospital"):
                billing.render_statement(ctx, st)
        docs.append((ed.date, 0, d))
        if separate_ub:
            d = self.new_doc(hosp, "billing")
            ctx = Ctx(case, d, rng)
            for st in self.stmts_of("hospital"):
                billing.render_statement(ctx, st)
            docs.append((ed.date, 1, d))
        for key in ("ed_group", "rad_group"):
            if key in fac:
                d = self.new_doc(fac[key], "billing")
                ctx = Ctx(case, d, rng)
                for st in self.stmts_of(key):
                    billing.render_statement(ctx, st)
                docs.append((ed.date, 2, d))
        # office providers
        for key in ("pcp", "chiro", "ortho", "mri", "pt", "pain", "ime"):
            if key not in fac:
                continue
            vs = self.visits_of(key)
            if not vs:
                continue
            d = self.new_doc(fac[key], "records")
            ctx = Ctx(case, d, rng)
            self.render_provider(ctx, key, vs)
            stmts = self.stmts_of(key)
            if (
                op == "bill_page"
                and key in ("chiro", "pt")
                and stmts
                and not getattr(self, "_bill_page_done", False)
            ):
                self._bill_page_done = True
                for st in stmts:
                    billing.render_statement(ctx, st)
                self.render_other_bill(ctx, fac[key], stmts[0])
            else:
                for st in stmts:
                    billing.render_statement(ctx, st)
            docs.append((vs[0].date, 3, d))
            if (
                self.opts.dup_statement
                and key in ("chiro", "pt")
                and not getattr(self, "_dup_done", False)
            ):
                its = [s for s in stmts if s.form == "itemized"]
                if its:
                    self._dup_done = True
                    d2 = self.new_doc(fac[key], "billing")
                    ctx2 = Ctx(case, d2, rng)
                    for st in its:
                        billing.render_statement(ctx2, st)
                    docs.append((vs[-1].date, 4, d2))
        if op == "whole_doc":
            docs.append((self.whole_doc_date(), 5, self.whole_other_doc()))
        if op == "bill_page" and not getattr(self, "_bill_page_done", False):
            # no chiro/PT statement: put it into the hospital billing instead
            d0 = docs[0][2]
            self.render_other_bill(Ctx(case, d0, rng), hosp, None)
        docs.sort(key=lambda t: (t[0], t[1]))
        out = [d for _, _, d in docs]
        # IME last, as it usually arrives last
        out.sort(key=lambda d: 1 if d.facility.kind == "ime" else 0)
        return out

    def whole_doc_date(self) -> dt.date:
        pts = self.visits_of("pt")
        return pts[-1].date if pts else self.case.visits[-1].date

    def render_provider(self, ctx: Ctx, key: str, vs: list[Visit]) -> None:
        case = self.case
        fac = ctx.doc.facility
        if key == "pcp":
            for v in vs:
                if v.vid in self.hand_visits:
                    records.handwritten_note(ctx, v, "PROGRESS NOTE")
                else:
                    records.pcp_note(ctx, v)
        elif key == "chiro":
            log = fac.style.get("log", False)
            daily_in_log = (
                [
                    v
                    for v in vs
                    if v.kind == "chiro_daily" and v.vid not in self.hand_visits
                ]
                if log
                else []
            )
            started_daily = False
            mis_done = False
            for v in vs:
                if v.kind == "chiro_initial":
                    records.chiro_initial(ctx, v)
                elif v.kind == "chiro_reexam":
                    records.chiro_reexam(ctx, v)
                    started_daily = False
                elif v.vid in self.hand_visits:
                    records.handwritten_note(ctx, v, "DAILY PROGRESS NOTE")
                    started_daily = False
                elif log:
                    continue
                else:
                    if not started_daily:
                        ctx.section()
                        ctx.letterhead()
                        ctx.patient_block()
                        ctx.cont_header_fn("Daily Notes")
                        started_daily = True
                    records.chiro_daily(ctx, v)
                if (
                    self.opts.other_patient == "note_in_chiro"
                    and not mis_done
                    and v.kind == "chiro_daily"
                    and v.data["visit_no"] >= 4
                ):
                    mis_done = True
                    person = other_person(self.src, self.used, self.rng, case)
                    ov = other_visit(
                        "chiro_daily",
                        next_weekday(add_days(v.date, 1)),
                        fac.roster[0],
                        fac,
                        person,
                        self.rng,
                    )
                    records.chiro_misfiled_note(ctx, ov)
                    started_daily = False
            if self.opts.other_patient == "note_in_chiro" and not mis_done:
                person = other_person(self.src, self.used, self.rng, case)
                ov = other_visit(
                    "chiro_daily",
                    next_weekday(add_days(vs[0].date, 2)),
                    fac.roster[0],
                    fac,
                    person,
                    self.rng,
                )
                records.chiro_misfiled_note(ctx, ov)
            if daily_in_log:
                records.chiro_log(ctx, daily_in_log)
        elif key == "pt":
            started = False
            for v in vs:
                if v.kind == "pt_eval":
                    records.pt_eval(ctx, v)
                    started = False
                elif v.kind == "pt_reeval":
                    records.pt_eval(ctx, v, re_eval=True)
                    started = False
                elif v.vid in self.hand_visits:
                    records.handwritten_note(ctx, v, "DAILY TREATMENT NOTE")
                    started = False
                else:
                    if not started:
                        ctx.section()
                        ctx.letterhead()
                        ctx.patient_block()
                        ctx.cont_header_fn("Daily Notes")
                        started = True
                    records.pt_daily(ctx, v)
        elif key == "ortho":
            for v in vs:
                records.ortho_note(ctx, v)
        elif key == "mri":
            for v in vs:
                records.mri_report(ctx, v)
        elif key == "pain":
            for v in vs:
                records.pain_note(ctx, v)
        elif key == "ime":
            for v in vs:
                records.ime_report(ctx, v)

    def render_other_bill(
        self, ctx: Ctx, fac: Facility, like: Statement | None
    ) -> None:
        person = other_person(self.src, self.used, self.rng, self.case)
        d0 = add_days(self.case.incident, self.rng.randint(-200, 200))
        clin = (
            fac.roster[0]
            if fac.roster
            else Clinician("Dana", "Morrow", "MD", npi(self.rng))
        )
        lines = []
        from .model import ChargeLine

        for k in range(self.rng.randint(3, 6)):
            d = next_weekday(add_days(d0, 3 * k))
            v = other_visit("x", d, clin, fac, person, self.rng)
            code = (
                "98940"
                if fac.kind == "chiro"
                else ("97110" if fac.kind == "pt" else "99283")
            )
            lines.append(
                ChargeLine(d, code, ct.CPT_DESC[code], 7500 + 500 * k, visit=v)
            )
        st = Statement(
            "other",
            fac,
            "itemized",
            lines,
            statement_date=add_days(d0, 60),
            account=f"{self.rng.randint(10000, 99999)}",
            style=like.style if like else 0,
        )
        octx = Ctx(self.case, ctx.doc, self.rng, patient=person)
        octx.incident = add_days(d0, -self.rng.randint(5, 40))
        before = ctx.w.page_no
        billing.render_statement(octx, st)
        ctx.doc.excluded_pages.extend(range(before + 1, ctx.w.page_no + 1))

    def whole_other_doc(self) -> Doc:
        """A whole production of another patient's PT (or chiro) records."""
        case = self.case
        fac = (
            case.facilities.get("pt")
            or case.facilities.get("chiro")
            or case.facilities["hospital"]
        )
        person = other_person(self.src, self.used, self.rng, case)
        d = self.new_doc(fac, "records")
        ctx = Ctx(case, d, self.rng, patient=person)
        clin = (
            fac.roster[0]
            if fac.roster
            else Clinician("Dana", "Morrow", "PT", npi(self.rng))
        )
        start = next_weekday(add_days(case.incident, self.rng.randint(-120, 120)))
        ctx.incident = add_days(start, -self.rng.randint(6, 30))
        ev = other_visit("pt_eval", start, clin, fac, person, self.rng)
        ev.diagnoses = [ct.dx("M25.561"), ct.dx("M62.81")]
        ev.procedures = [("97161", ct.CPT_DESC["97161"])]
        ev.complaints = ["right knee pain after a fall while skiing"]
        ev.findings = ["Right knee flexion 100 degrees", "Quadriceps strength 4-/5"]
        ev.recommendations = ["PT 2 times per week for 4 weeks"]
        records.pt_eval(ctx, ev)
        ctx.section()
        ctx.letterhead()
        ctx.patient_block()
        for k in range(self.rng.randint(2, 4)):
            dv = other_visit(
                "pt_daily",
                next_weekday(add_days(start, 3 + 3 * k)),
                clin,
                fac,
                person,
                self.rng,
            )
            dv.procedures = [
                ("97110", ct.CPT_DESC["97110"]),
                ("97140", ct.CPT_DESC["97140"]),
            ]
            dv.complaints = ["right knee pain 4/10"]
            dv.data["exercises"] = [
                "quad sets 3x10",
                "straight leg raises 3x10",
                "recumbent bike 8 min",
                "wall slides 2x10",
            ]
            dv.data["supervising"] = clin
            records.pt_daily(ctx, dv)
        d.excluded_pages = list(range(1, d.w.page_no + 1))
        d.patient = person
        return d


# ---------------------------------------------------------------------------
# front matter, names, Bates, output
# ---------------------------------------------------------------------------
def add_front_matter(
    case: Case, doc: Doc, rng: random.Random, all_cits: list[Citation]
) -> None:
    body = doc.w
    fw = Writer(body.family, 10)
    fdoc = Doc(doc.name, doc.facility, doc.title, fw)
    first_d: dt.date | None = None
    last_d: dt.date | None = None
    vs = [v for v in case.visits if v.facility.key == doc.facility.key]
    if vs and doc.patient is None:
        first_d, last_d = vs[0].date, vs[-1].date
    billing_only = doc.name.endswith("_Billing.pdf")
    custodian = rng.choice(case.flags["custodians"])
    sent = add_days(last_d or max(v.date for v in case.visits), rng.randint(30, 120))
    ctx = Ctx(case, fdoc, rng, patient=doc.patient)
    n_front = 2
    total = len(body.pages) + n_front
    signed = add_days(sent, -rng.randint(0, 3))
    if rng.random() < 0.6:
        front.fax_cover(ctx, sent, total, custodian)
        front.affidavit(
            ctx, signed, len(body.pages), first_d, last_d, custodian, billing_only
        )
    else:
        front.affidavit(
            ctx, signed, len(body.pages), first_d, last_d, custodian, billing_only
        )
        front.fax_cover(ctx, sent, total, custodian)
    if len(fw.pages) != n_front:
        raise RuntimeError(f"front matter of {doc.name} is {len(fw.pages)} pages")
    body.pages = fw.pages + body.pages
    for s in doc.sections:
        s.start += n_front
    doc.sections = fdoc.sections + doc.sections
    doc.excluded_pages = [p + n_front for p in doc.excluded_pages]
    if doc.patient is not None:
        doc.excluded_pages = list(range(1, len(body.pages) + 1))
    for c in all_cits:
        if c.document == doc.name:
            c.page += n_front
    doc.sent = sent


def footer_ops(doc: Doc) -> None:
    w = doc.w
    n = len(w.pages)
    secs = sorted(doc.sections, key=lambda s: s.start)
    for i, s in enumerate(secs):
        end = secs[i + 1].start - 1 if i + 1 < len(secs) else n
        count = end - s.start + 1
        for k, pg_no in enumerate(range(s.start, end + 1), 1):
            pg = w.pages[pg_no - 1]
            fnt = w.regular
            if s.footer == 0:
                pg.ops.append(
                    ("text", PAGE_W / 2, 34, f"Page {k} of {count}", fnt, 8, "c", 0.0)
                )
            elif s.footer == 1:
                pg.ops.append(
                    ("text", PAGE_W - w.right, 34, f"Page {k}", fnt, 8, "r", 0.0)
                )
            elif s.footer == 2:
                pg.ops.append(("text", w.left, 34, f"{k}/{count}", fnt, 7.5, "l", 0.3))
            elif s.footer == 3:
                pg.ops.append(
                    (
                        "text",
                        PAGE_W / 2,
                        34,
                        f"{doc.facility.name} \u2014 CONFIDENTIAL \u2014 Page {k} of "
                        f"{count}",
                        fnt,
                        7.5,
                        "c",
                        0.2,
                    )
                )
            if s.left:
                pg.ops.append(("text", w.left, 24, s.left, fnt, 7, "l", 0.3))


def all_citations(case: Case) -> list[Citation]:
    out: list[Citation] = []
    for v in case.visits:
        if v.citation:
            out.append(v.citation)
        for r in v.data.get("mentions", []):
            if r.citation:
                out.append(r.citation)
    for st in case.statements:
        for ln in st.lines:
            if ln.citation:
                out.append(ln.citation)
    return out


def verify_quotes(
    path: Path, cits: list[Citation], hand_quotes: dict[int, list[str]]
) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    texts = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        texts.append(" ".join(tp.get_text_range().split()))
        tp.close()
    pdf.close()
    errs = []
    for c in cits:
        q = " ".join(c.quote.split())
        if c.page < 1 or c.page > len(texts):
            errs.append(f"{c.document} p{c.page}: out of range")
            continue
        if q in texts[c.page - 1]:
            continue
        if any(q in h for h in hand_quotes.get(c.page, [])):
            continue
        errs.append(f"{c.document} p{c.page}: quote not found: {q!r}")
    return errs


def build_case(
    idx: int,
    seed: int,
    src: SourceData,
    sp: SrcPatient,
    opts: CaseOpts,
    out_dir: Path,
    used: set[str],
    write: bool = True,
) -> Built | None:
    rng = random.Random(f"{seed}:plan:{idx}:{opts.budget}")  # noqa: S311
    case = Planner(idx, rng, src, sp, opts).plan()
    srng = random.Random(f"{seed}:style:{idx}:{opts.budget}")  # noqa: S311
    assign_styles(case, srng)
    case.flags["custodians"] = [
        f"{p.first} {p.last}" for p in srng.sample(src.patients, 3)
    ]
    # inconsistent bills: about one in ten
    irng = random.Random(f"{seed}:bills:{idx}")  # noqa: S311
    entities: dict[str, list[Statement]] = {}
    for st in case.statements:
        entities.setdefault(st.entity.billing_name, []).append(st)
    inconsistent = 0
    chosen = irng.sample(sorted(entities), min(opts.inconsistent, len(entities)))
    for name in chosen:
        st = irng.choice(entities[name])
        kinds = (
            ["omit", "transpose", "phantom"]
            if len(st.lines) >= 2
            else ["transpose", "phantom"]
        )
        kind = irng.choice(kinds)
        tot = st.line_total
        if kind == "omit":
            bad = tot - st.lines[-1].charge_cents
        elif kind == "phantom":
            bad = tot + irng.choice([4500, 6500, 8500, 12500, 17500])
        else:
            s = str(tot // 100)
            if len(s) >= 3 and s[-2] != s[-3]:
                s = s[:-3] + s[-2] + s[-3] + s[-1]
                bad = int(s) * 100 + tot % 100
            else:
                bad = tot + 9000
        if bad != tot:
            st.printed_total_cents = bad
            inconsistent += 1
    arng = random.Random(f"{seed}:render:{idx}:{opts.budget}")  # noqa: S311
    asm = Assembler(case, src, arng, opts, used)
    docs = asm.build_docs()
    # file names
    for n, d in enumerate(docs, 1):
        kind = d.name.split("|")[0]
        label = "Records" if kind == "records" else "Billing"
        if d.facility.kind == "ime":
            label = "IME_Report"
        new = f"{n:02d}_{slug(d.facility.name)}_{label}.pdf"
        for c in all_citations(case):
            if c.document == d.name:
                c.document = new
        d.name = new
    # front matter
    for d in docs:
        add_front_matter(case, d, arng, all_citations(case))
        footer_ops(d)
    total_pages = sum(len(d.w.pages) for d in docs)
    if (total_pages > MAX_PAGES or total_pages < MIN_PAGES) and opts.budget < 6:
        return None
    # missing citations are a bug
    for v in case.visits:
        if v.citation is None:
            raise RuntimeError(f"case {idx}: visit {v.kind} {v.date} has no citation")
        for r in v.data.get("mentions", []):
            if r.citation is None:
                raise RuntimeError(f"case {idx}: mention {r.date} has no citation")
    for st in case.statements:
        for ln in st.lines:
            if ln.citation is None:
                raise RuntimeError(
                    f"case {idx}: bill line {ln.code} {ln.date} has no citation"
                )
    # scanning choices: about a quarter of the documents
    hand_docs = {d.name for d in docs if any(pg.hand for pg in d.w.pages)}
    target = max(len(hand_docs), round(len(docs) * arng.uniform(0.18, 0.32)))
    rest = [d.name for d in docs if d.name not in hand_docs]
    scanned = hand_docs | set(
        arng.sample(rest, max(0, min(len(rest), target - len(hand_docs))))
    )
    for d in docs:
        d.scanned = d.name in scanned
    built = Built(case, docs, total_pages, inconsistent=inconsistent)
    built.handwritten = sum(1 for d in docs for pg in d.w.pages if pg.hand)
    if not write:
        return built
    out_dir.mkdir(parents=True, exist_ok=True)
    bates = 1
    prefix = case.bates_prefix
    for d in docs:
        d.bates_start = bates
        n = len(d.w.pages)
        cits = [c for c in all_citations(case) if c.document == d.name]
        hand_quotes = {
            i + 1: [h.text for h in pg.hand]
            for i, pg in enumerate(d.w.pages)
            if pg.hand
        }
        bates_where = arng.choice(["br", "br", "bc"])
        if not d.scanned:
            for i, pg in enumerate(d.w.pages):
                label = f"{prefix}-{bates + i:06d}"
                if bates_where == "bc":
                    pg.ops.append(
                        ("text", PAGE_W / 2, 14, label, "Helvetica-Bold", 9, "c", 0.0)
                    )
                else:
                    pg.ops.append(
                        ("text", PAGE_W - 36, 14, label, "Helvetica-Bold", 9, "r", 0.0)
                    )
            path = out_dir / d.name
            d.w.save(path, "records")
            errs = verify_quotes(path, cits, hand_quotes)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                clean = Path(tmp) / "clean.pdf"
                d.w.save(clean, "scan")
                errs = verify_quotes(clean, cits, hand_quotes)
                dpi = arng.choice(DPI_CHOICES)
                imgs = scan.rasterize(clean, dpi)
            fonts = scan.hand_fonts()
            hand_font = arng.choice(fonts)
            faxed = arng.random() < 0.55
            bilevel = faxed and arng.random() < 0.5
            sent: dt.date = d.sent or case.incident
            out_imgs = []
            for i, (img, pg) in enumerate(zip(imgs, d.w.pages, strict=True)):
                if pg.hand:
                    scan.draw_hand(img, pg.hand, hand_font, dpi, arng)
                fax_line = ""
                if faxed:
                    fax_line = scan.fax_header(
                        arng,
                        fmt_date(sent, "mdy"),
                        d.facility.fax,
                        d.facility.name,
                        i + 1,
                        n,
                    )
                stamp = ""
                if i == 0 and arng.random() < 0.5:
                    rec = add_days(sent, arng.randint(2, 9))
                    stamp = "RECEIVED\n" + fmt_date(rec, "mon").upper()
                img2 = scan.degrade(
                    img, arng, dpi, fax_line=fax_line, stamp=stamp, bilevel=bilevel
                )
                scan.stamp_bates(img2, f"{prefix}-{bates + i:06d}", dpi, bates_where)
                out_imgs.append(img2)
            scan.save_pdf(out_imgs, out_dir / d.name, dpi, "scan")
            built.scanned_docs += 1
            built.scanned_pages += n
        if errs:
            raise RuntimeError(f"case {idx}: " + "; ".join(errs[:5]))
        bates += n
    return built


_ = (Section, Case, PAGE_W)
