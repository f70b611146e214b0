"""Word (.docx) and plain-text (.txt) renderings of short records."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta

from docx import Document
from docx.shared import Pt

from .fmt import fdate
from .model import Visit
from .plan import Case, DocSpec

FIXED = datetime(2024, 1, 2, 9, 0, 0)  # noqa: DTZ001 - fixed, timezone-free metadata


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 2, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _visit_lines(v: Visit) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = [
        (title, [p.text for p in paras]) for title, paras in v.sections
    ]
    if v.print_cpt:
        codes = [
            (c.code or "") + (f" x{c.units}" if c.units > 1 else "") for c in v.charges
        ]
        out.append(("CPT", [", ".join(codes)]))
    return out


def render_docx(
    spec: DocSpec, case: Case
) -> tuple[bytes, dict[str, tuple[int, str]], str]:
    fac = spec.fac
    ds = fac.style.get("date", "us")
    doc = Document()
    cp = doc.core_properties
    cp.author = fac.name
    cp.last_modified_by = fac.name
    cp.created = FIXED
    cp.modified = FIXED
    cp.revision = 1
    base = doc.styles["Normal"]
    base.font.name = "Calibri"
    base.font.size = Pt(10)
    cites: dict[str, tuple[int, str]] = {}
    texts: list[str] = []

    def para(
        text: str, bold: bool = False, size: float = 10, center: bool = False
    ) -> None:
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        p.paragraph_format.space_after = Pt(2)
        if center:
            p.alignment = 1
        texts.append(text)

    person = case.person
    for k, (kind, obj) in enumerate(spec.parts):
        if kind != "visit":
            continue
        v: Visit = obj
        if k:
            doc.add_page_break()
        para(fac.name, bold=True, size=14, center=True)
        para(f"{fac.line}, {fac.city_line}", center=True)
        para(f"Tel {fac.phone}  |  Fax {fac.fax}", center=True)
        para(v.title.upper(), bold=True, size=12, center=True)
        para(f"Patient: {person.first} {person.last}    DOB: {fdate(person.dob, ds)}")
        para(f"Date of Injury: {fdate(case.incident, ds)}    MRN: {person.mrn}")
        quote = f"Date of Service: {fdate(v.date, ds)}"
        para(quote, bold=True)
        para(f"Provider: {v.clin.full}")
        cites[v.key] = (1, quote)
        for title, texts_ in _visit_lines(v):
            para(title, bold=True)
            for text in texts_:
                para(text)
        for m in v.mentions:
            cites[m.key] = (1, m.quote)
        sd = v.date + timedelta(days=1)
        para(f"Electronically signed by {v.clin.full} on {fdate(sd, ds)}", size=9)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue()), cites, "\n".join(texts)


def render_txt(
    spec: DocSpec, case: Case
) -> tuple[bytes, dict[str, tuple[int, str]], str]:
    fac = spec.fac
    ds = fac.style.get("date", "us")
    person = case.person
    rule = "-" * 78
    lines = [
        fac.name.upper(),
        f"{fac.line}, {fac.city_line}   Tel {fac.phone}   Fax {fac.fax}",
        "=" * 78,
        f"PATIENT: {person.last.upper()}, {person.first.upper()}      "
        f"DOB: {fdate(person.dob, ds)}      MRN: {person.mrn}",
        rule,
    ]
    cites: dict[str, tuple[int, str]] = {}
    for kind, obj in spec.parts:
        if kind != "visit":
            continue
        v: Visit = obj
        quote = f"Exam Date: {fdate(v.date, ds)}"
        lines.append(v.title.upper())
        lines.append(f"{quote}      Interpreting physician: {v.clin.full}")
        lines.append("")
        cites[v.key] = (1, quote)
        for title, texts_ in _visit_lines(v):
            lines.append(f"{title.upper()}:")
            words = " ".join(texts_).split()
            cur = ""
            for w in words:
                if len(cur) + len(w) + 1 > 76:
                    lines.append("  " + cur)
                    cur = w
                else:
                    cur = f"{cur} {w}".strip()
            if cur:
                lines.append("  " + cur)
            lines.append("")
        for m in v.mentions:
            cites[m.key] = (1, m.quote)
        lines.append(f"Electronically signed: {v.clin.full}  {fdate(v.date, ds)}")
        lines.append(rule)
    lines.append(
        f"Printed {fdate(spec.printed, 'us')}  - Confidential patient information -"
    )
    text = "\n".join(lines) + "\n"
    return text.encode("utf-8"), cites, text
