"""Group a case's visits and statements into the files of a records production."""

from __future__ import annotations

import copy
import datetime as dt
import random
import re

from . import names
from .model import Case, Document, Part, Practice, Statement, Visit
from .plan import Planner

D = dt.timedelta


def slug(s: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_")
    return s[:48]


def _parts_for(visits: list[Visit], practice: Practice) -> list[Part]:
    parts: list[Part] = []
    log: list[Visit] = []
    for v in visits:
        if v.kind in ("chiro_daily", "pt_daily"):
            log.append(v)
            if len(log) >= 12:
                parts.append(Part("log", practice, log))
                log = []
            continue
        if log:
            parts.append(Part("log", practice, log))
            log = []
        parts.append(Part("note", practice, [v]))
    if log:
        parts.append(Part("log", practice, log))
    return parts


def assemble(
    case: Case, planner: Planner, rng: random.Random, misfile: bool, duplicate: bool
) -> None:
    docs: list[Document] = []
    visits = [v for v in case.visits if not v.other_patient]
    by_practice: dict[str, list[Visit]] = {}
    order: list[Practice] = []
    for v in visits:
        if v.practice.name not in by_practice:
            order.append(v.practice)
        by_practice.setdefault(v.practice.name, []).append(v)
    statements_by_practice: dict[str, list[Statement]] = {}
    for st in case.statements:
        statements_by_practice.setdefault(st.practice.name, []).append(st)
    last_dos = max(v.date for v in visits)
    request_date = last_dos + D(days=rng.randint(20, 75))

    prior_keys = {"pcp", "uc", "ortho_pre", "chiro_pre"}
    prior_parts: list[Part] = []
    used_statements: set[int] = set()
    for practice in order:
        pv = by_practice[practice.name]
        if practice.key in prior_keys and all(v.pre_incident for v in pv):
            prior_parts.extend(_parts_for(pv, practice))
            continue
        parts = _parts_for(pv, practice)
        front: list[Part] = []
        fax = None
        aff_date = request_date + D(days=rng.randint(0, 6))
        if practice.key != "ime" and rng.random() < 0.35:
            fax_date = aff_date + D(days=rng.randint(1, 10))
            fax = {
                "date": fax_date.strftime("%m/%d/%y"),
                "time": f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}",
                "from": practice.place.fax,
                "sender": practice.name.upper()[:28],
            }
            front.append(Part("fax", practice, meta={"date": fax_date}))
        if practice.key not in ("ime",) and rng.random() < 0.4:
            front.append(
                Part(
                    "affidavit",
                    practice,
                    meta={
                        "date": request_date + D(days=rng.randint(3, 25)),
                        "first": pv[0].date,
                        "last": pv[-1].date,
                    },
                )
            )
        sts = statements_by_practice.get(practice.name, [])
        bill_parts = [Part("bill", practice, statement=s) for s in sts]
        for s in sts:
            used_statements.add(s.sid)
        base = f"{len(docs) + 1:02d}_{slug(practice.name)}"
        if bill_parts and (practice.key == "imaging" or rng.random() < 0.35):
            docs.append(Document(f"{base}_records.pdf", front + parts, fax=fax))
            docs.append(
                Document(
                    f"{len(docs) + 1:02d}_{slug(practice.name)}_billing.pdf", bill_parts
                )
            )
        else:
            docs.append(
                Document(
                    f"{base}_records{'_and_bills' if bill_parts else ''}.pdf",
                    front + parts + bill_parts,
                    fax=fax,
                )
            )
    # statements of billing-only entities (physician groups)
    loose = [s for s in case.statements if s.sid not in used_statements]
    by_entity: dict[str, list[Statement]] = {}
    for s in loose:
        by_entity.setdefault(s.entity, []).append(s)
    for entity, sts in by_entity.items():
        docs.append(
            Document(
                f"{len(docs) + 1:02d}_{slug(entity)}_statement.pdf",
                [Part("bill", sts[0].practice, statement=s) for s in sts],
            )
        )
    if prior_parts:
        docs.insert(0, Document("00_Prior_medical_records.pdf", prior_parts))

    # single-note documents as .docx / .txt
    for d in docs:
        notes = [p for p in d.parts if p.kind == "note"]
        if len(d.parts) == 1 and len(notes) == 1:
            v = notes[0].visits[0]
            if v.kind == "ime" and rng.random() < 0.6:
                d.fmt = "docx"
                d.filename = d.filename[:-4] + ".docx"
            elif (
                v.kind == "rad" and v.practice.key == "imaging" and rng.random() < 0.6
            ) or (v.practice.key == "emg" and rng.random() < 0.3):
                d.fmt = "txt"
                d.filename = d.filename[:-4] + ".txt"

    if misfile:
        cands = [
            d
            for d in docs
            if d.fmt == "pdf"
            and sum(1 for p in d.parts if p.kind == "note") >= 2
            and d.parts[0].practice.key
            in ("ortho", "chiro", "pt", "pain", "pcp", "pmr", "neuro")
        ]
        if cands:
            target = rng.choice(cands)
            practice = next(p.practice for p in target.parts if p.kind == "note")
            ov = planner.other_patient_visit(practice)
            case.visits.append(ov)
            note_idx = [i for i, p in enumerate(target.parts) if p.kind == "note"]
            pos = rng.choice([*note_idx[1:], note_idx[-1] + 1])
            target.parts.insert(pos, Part("note", practice, [ov], meta={"other": True}))
        else:
            practice = next(
                p
                for p in case.practices
                if p.key in ("chiro", "pt", "ortho", "pain", "pcp")
            )
            ov = planner.other_patient_visit(practice)
            case.visits.append(ov)
            docs.append(
                Document(
                    f"{len(docs) + 1:02d}_{slug(practice.name)}_records_addl.pdf",
                    [Part("note", practice, [ov], meta={"other": True})],
                )
            )
    if duplicate and case.statements:
        st = rng.choice(case.statements)
        dup = copy.copy(st)
        dup.duplicate_of = st
        dup.lines = [copy.copy(ln) for ln in st.lines]
        docs.append(
            Document(
                f"{len(docs) + 1:02d}_Billing_records_compiled.pdf",
                [Part("bill", st.practice, statement=dup)],
            )
        )
        case.statements.append(dup)
    # renumber file names in production order
    for i, d in enumerate(docs):
        d.filename = f"{i + 1:02d}_" + d.filename.split("_", 1)[1]
    # scanned look for about a quarter of the PDF documents
    pdfs = [d for d in docs if d.fmt == "pdf"]
    k = max(1, round(len(pdfs) * rng.uniform(0.2, 0.32)))
    weights = sorted(pdfs, key=lambda d: (d.fax is None, rng.random()))
    for d in weights[:k]:
        d.scanned = True
    case.documents = docs
    case.law_firm = case.law_firm or rng.choice(names.LAW_FIRMS)
