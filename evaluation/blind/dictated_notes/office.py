"""Single-note documents as Word (.docx) or plain transcription text (.txt)."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

from docx import Document as DocxDocument
from docx.shared import Pt

from .model import Case, Visit
from .pool import ICD
from .util import fmt_date, fmt_time

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def _normalize_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def header_lines(case: Case, v: Visit) -> list[str]:
    p = v.practice
    return [
        p.name.upper(),
        f"{p.place.street}, {p.place.city}, {p.place.state} {p.place.zip}",
        f"Phone {p.place.phone}  Fax {p.place.fax}",
    ]


def docx_note(case: Case, v: Visit, rng: random.Random) -> bytes:
    st = v.practice.style
    doc = DocxDocument()
    cp = doc.core_properties
    cp.author = v.practice.name
    cp.created = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    cp.modified = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    cp.last_modified_by = "transcription"
    cp.revision = 1
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    for i, ln in enumerate(header_lines(case, v)):
        para = doc.add_paragraph()
        run = para.add_run(ln)
        run.bold = i == 0
        if i == 0:
            run.font.size = Pt(14)
    rep_date = v.date + dt.timedelta(days=rng.randint(2, 12))
    doc.add_paragraph(fmt_date(rep_date, st.date_fmt))
    doc.add_paragraph(case.law_firm)
    doc.add_paragraph(f"RE: Examinee: {v.patient.full}")
    doc.add_paragraph(f"Date of Birth: {fmt_date(v.patient.dob, st.dob_fmt)}")
    doc.add_paragraph(f"Date of Loss: {fmt_date(case.incident, st.date_fmt)}")
    q = f"Date of Examination: {fmt_date(v.date, st.date_fmt)}"
    doc.add_paragraph(q)
    v.header_quote = q
    h = doc.add_paragraph()
    r = h.add_run(v.title)
    r.bold = True
    for b in v.blocks:
        lines = b.text.split("\n") if b.text else []
        para = doc.add_paragraph()
        if b.heading:
            hr = para.add_run(b.heading + (" " if lines and len(lines) == 1 else ""))
            hr.bold = True
            if len(lines) == 1:
                para.add_run(lines[0])
                continue
        for ln in lines:
            doc.add_paragraph(ln)
    if v.dx:
        doc.add_paragraph("DIAGNOSES (ICD-10-CM):")
        for c in v.dx:
            doc.add_paragraph(f"{c}  {ICD[c]}")
    doc.add_paragraph("")
    doc.add_paragraph("Sincerely,")
    doc.add_paragraph("")
    doc.add_paragraph(v.clinician.printed(st.name_variant))
    doc.add_paragraph(v.clinician.specialty)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue())


def txt_note(case: Case, v: Visit, rng: random.Random) -> str:
    st = v.practice.style
    out = [*header_lines(case, v), ""]
    rad = v.kind == "rad"
    out.append("DIAGNOSTIC IMAGING REPORT" if rad else v.title)
    out.append("")
    out.append(
        f"PATIENT: {v.patient.last.upper()}, {v.patient.first.upper()}    DOB: "
        f"{fmt_date(v.patient.dob, 'mdY')}"
        f"    MRN: {v.patient.mrn}"
    )
    label = "DATE OF EXAM" if rad else "DATE OF SERVICE"
    q = f"{label}: {fmt_date(v.date, st.date_fmt)}"
    out.append(q)
    v.header_quote = q
    if rad:
        out.append(f"EXAM: {v.extra.get('exam') or v.title}")
    out.append("")
    for b in v.blocks:
        lines = b.text.split("\n") if b.text else []
        if b.heading:
            out.append(f"{b.heading} {lines[0] if len(lines) == 1 else ''}".rstrip())
            if len(lines) != 1:
                out.extend(lines)
        else:
            out.extend(lines)
        out.append("")
    if v.dx:
        out.append("ICD-10: " + "; ".join(f"{c} {ICD[c]}" for c in v.dx))
        out.append("")
    who = v.clinician.printed(st.name_variant)
    out.append(f"Interpreted by: {who}" if rad else f"Electromyographer: {who}")
    sd = v.date + dt.timedelta(days=rng.choice([0, 0, 1]))
    out.append(
        f"Electronically signed {fmt_date(sd, 'mdY')} "
        f"{fmt_time(rng.randint(420, 1320), True)}"
    )
    out.append(
        f"D: {fmt_date(v.date, 'mdY')}  T: {fmt_date(sd, 'mdY')}  JOB "
        f"{rng.randint(10000, 99999)}"
    )
    return "\n".join(out) + "\n"
