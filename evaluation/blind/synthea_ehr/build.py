"""Corpus driver: plan cases, render documents, verify citations, write truth."""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pypdfium2 as pdfium

from .fhir import Patient, load_all
from .fmt import fdate
from .model import Statement
from .office import render_docx, render_txt
from .plan import Case, DocSpec, other_patient_visits, plan_case, plan_docs
from .render import render_doc
from .scan import scan_pdf
from .truth import Located, build_truth

SCHEMA = Path("/work/shared/contracts/chronology-1.schema.json")
RESERVED_OTHERS = 4


@dataclass
class Rendered:
    spec: DocSpec
    data: bytes
    pages: int
    cites: dict[str, tuple[int, str]]
    excluded: list[int]
    texts: list[str]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    out: list[str] = []
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        out.append(norm(tp.get_text_range()))
        tp.close()
        page.close()
    pdf.close()
    return out


def doc_rng(seed: int, case: Case, spec: DocSpec) -> random.Random:
    return random.Random(f"{seed}:{case.case_id}:{spec.filename}")  # noqa: S311


def render_case(case: Case, seed: int, texts: bool) -> list[Rendered]:
    out: list[Rendered] = []
    bates = 1
    for spec in case.docs:
        rng = doc_rng(seed, case, spec)
        if spec.fmt == "pdf":
            res, _ = render_doc(spec, case, rng, bates)
            pages = pdf_texts(res.data) if texts else []
            out.append(
                Rendered(
                    spec, res.data, res.pages, res.cites, res.excluded_pages, pages
                )
            )
            bates += res.pages
        else:
            fn = render_docx if spec.fmt == "docx" else render_txt
            data, cites, text = fn(spec, case)
            out.append(Rendered(spec, data, 1, cites, [], [norm(text)]))
            bates += 1
    return out


def choose_inconsistent(cases: list[Case], rng: random.Random) -> int:
    """Mark about one bill (billing entity) in ten as internally inconsistent."""
    entities: list[tuple[Case, str]] = []
    for case in cases:
        seen: list[str] = []
        for s in case.statements:
            if s.entity.name not in seen:
                seen.append(s.entity.name)
        entities += [(case, name) for name in seen]
    k = max(1, round(len(entities) / 10))
    eligible = [
        (c, n)
        for c, n in entities
        if any(s.entity.name == n and s.style != "cms1500" for s in c.statements)
    ]
    for case, name in rng.sample(eligible, k=min(k, len(eligible))):
        s = next(
            s for s in case.statements if s.entity.name == name and s.style != "cms1500"
        )
        line = rng.choice(s.charges)
        choice = rng.random()
        if choice < 0.4 and len(s.charges) > 1:
            s.inconsistent_delta = -line.cents
        elif choice < 0.7:
            s.inconsistent_delta = line.cents
        else:
            s.inconsistent_delta = 9 * rng.randint(1, 9) * 1000 * rng.choice([1, -1])
            if s.sum_charges + s.inconsistent_delta <= 0:
                s.inconsistent_delta = abs(s.inconsistent_delta)
    return k


def locate(case: Case, rendered: list[Rendered]) -> tuple[Located, list[Statement]]:
    loc = Located()
    statements: list[Statement] = []
    for r in rendered:
        name = r.spec.filename
        for key, (page, quote) in r.cites.items():
            if key.startswith(("LINE:", "BILL", "EXCL")):
                continue
            loc.where.setdefault(key, (name, page, quote))
        for kind, obj in r.spec.parts:
            if kind != "statement":
                continue
            s: Statement = obj
            if s in statements:
                continue
            statements.append(s)
            for i, ch in enumerate(s.charges):
                if s.style == "cms1500":
                    page, _ = r.cites[f"BILL:{id(s)}-{i // 6}"]
                    quote = ch.code or ""
                else:
                    page, _ = r.cites[f"LINE:{id(s)}:{i}"]
                    quote = ch.desc or ch.code or ""
                loc.lines[(id(s), i)] = (name, page, quote)
        if r.excluded:
            loc.excluded.append((name, r.excluded))
    return loc, statements


def verify(loc: Located, rendered: list[Rendered]) -> None:
    """Every quote must be on its cited page (fix off-by-one page breaks)."""
    texts = {r.spec.filename: r.texts for r in rendered}

    def fix(entry: tuple[str, int, str], what: str) -> tuple[str, int, str]:
        doc, page, quote = entry
        pages = texts[doc]
        q = norm(quote)
        if not q:
            raise ValueError(f"empty quote for {what} in {doc}")
        for cand in (page, page + 1, page - 1, page + 2):
            if 1 <= cand <= len(pages) and q in pages[cand - 1]:
                return doc, cand, quote
        raise ValueError(f"quote {quote!r} for {what} not found near {doc} p{page}")

    for key in list(loc.where):
        loc.where[key] = fix(loc.where[key], key)
    for key2 in list(loc.lines):
        loc.lines[key2] = fix(loc.lines[key2], str(key2))


def plan_all(
    patients: list[Patient], n_cases: int, seed: int
) -> tuple[list[Case], dict[str, Any]]:
    master = random.Random(seed)  # noqa: S311
    order = list(range(len(patients)))
    master.shuffle(order)
    reserve = [patients[i] for i in order[-RESERVED_OTHERS:]]
    candidates = order[:-RESERVED_OTHERS]
    n_other = max(1, round(n_cases / 5))
    other_idx = set(master.sample(range(n_cases), n_other))
    dup_idx = set(master.sample(range(n_cases), max(1, round(n_cases / 10))))
    cases: list[Case] = []
    stats: dict[str, Any] = {"skipped": []}
    for pi in candidates:
        if len(cases) >= n_cases:
            break
        p = patients[pi]
        ci = len(cases)
        case_id = f"case_{ci + 1:02d}"
        accepted: Case | None = None
        for shrink in range(4):
            rng = random.Random(f"{seed}:{p.source}:{shrink}")  # noqa: S311
            case = plan_case(case_id, p, patients, rng, shrink)
            if case is None:
                break
            other = None
            if ci in other_idx:
                q = reserve[len([i for i in other_idx if i < ci]) % len(reserve)]
                mode = "note" if ci % 2 == 0 else "doc"
                host = None
                if mode == "note":
                    host = next(v.fac for v in case.visits if v.source == "synthea")
                person, ovs = other_patient_visits(case, q, rng, host)
                other = (person, ovs, mode)
            case.docs = plan_docs(case, rng, shrink, other, ci in dup_idx)
            if other is not None:
                case.others = [(other[0], other[1])]
            pages = sum(r.pages for r in render_case(case, seed, texts=False))
            if 8 <= pages <= 40:
                accepted = case
                break
            if pages < 8:
                break
        if accepted is None:
            stats["skipped"].append(p.source)
            continue
        cases.append(accepted)
    if len(cases) < n_cases:
        raise RuntimeError(f"only {len(cases)} usable patients for {n_cases} cases")
    return cases, stats


def generate(source: Path, out: Path, n_cases: int, seed: int) -> dict[str, Any]:
    patients = load_all(source)
    cases, stats = plan_all(patients, n_cases, seed)
    master = random.Random(f"{seed}:corpus")  # noqa: S311
    stats["inconsistent"] = choose_inconsistent(cases, master)
    pdf_docs = [(c, d) for c in cases for d in c.docs if d.fmt == "pdf"]
    n_scan = round(len(pdf_docs) * 0.25)
    for _, d in master.sample(pdf_docs, k=n_scan):
        d.scanned = True
    schema = json.loads(SCHEMA.read_text()) if SCHEMA.exists() else None
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.glob("case_*")):
        if old.is_dir():
            shutil.rmtree(old)
    totals = {"docs": 0, "pages": 0, "scanned_docs": 0, "scanned_pages": 0}
    for case in cases:
        rendered = render_case(case, seed, texts=True)
        loc, statements = locate(case, rendered)
        verify(loc, rendered)
        audit_narratives(case)
        truth = build_truth(case, loc, statements)
        if schema is not None:
            jsonschema.validate(truth, schema)
        folder = out / case.case_id
        folder.mkdir(parents=True)
        for r in rendered:
            data = r.data
            if r.spec.scanned:
                rng = doc_rng(seed, case, r.spec)
                rng.random()
                stamp = None
                if rng.random() < 0.5:
                    when = r.spec.printed + timedelta(days=rng.randint(2, 9))
                    stamp = ("RECEIVED", fdate(when, "us"))
                data = scan_pdf(data, rng, stamp)
                totals["scanned_docs"] += 1
                totals["scanned_pages"] += r.pages
            (folder / r.spec.filename).write_bytes(data)
            totals["docs"] += 1
            totals["pages"] += r.pages
        (folder / "expected.json").write_text(
            json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    stats.update(totals)
    stats["cases"] = len(cases)
    return stats


DATE_RE = re.compile(
    r"\b(\d{1,2}/\d{1,2}/\d{2,4}|\d{2}-[A-Z][a-z]{2}-\d{4}|\d{4}-\d{2}-\d{2}|"
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{1,2}, \d{4})"
)


def audit_narratives(case: Case) -> None:
    """Every date written in a narrative is either the incident date or a
    recorded "reported" mention of that paragraph."""
    styles = ("us", "us_nopad", "us_short", "long", "dmy", "iso")
    incident = {fdate(case.incident, s) for s in styles}
    for v in case.visits:
        for _, paras in v.sections:
            for p in paras:
                quotes = {m.quote for m in p.mentions}
                for found in DATE_RE.findall(p.text):
                    if found not in quotes and found not in incident:
                        raise ValueError(
                            f"{case.case_id}: unrecorded date {found!r} in {p.text!r}"
                        )
