"""Generate the ``dictated_notes`` blind evaluation corpus.

    python -m evaluation.blind.dictated_notes \
        --source SRC_DIR --out OUT_DIR --cases N --seed S

SRC_DIR holds ``samples.json`` made by
``python -m evaluation.blind.dictated_notes.extract``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

from .assemble import assemble
from .model import Case, Document
from .office import docx_note, txt_note
from .plan import PROFILES, Planner
from .render import Renderer
from .scan import page_texts, scan_pdf
from .truth import build, locate_reported, norm

SCHEMA = Path("/work/shared/contracts/chronology-1.schema.json")


def rnd(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311


def load_texts(src: Path) -> dict[int, str]:
    data = json.loads((src / "samples.json").read_text())
    return {int(s["id"]): str(s["text"]) for s in data}


def mark_inconsistent(cases: list[Case], rng: random.Random) -> None:
    entities: list[tuple[Case, str]] = []
    for c in cases:
        seen: list[str] = []
        for st in c.statements:
            if (
                st.duplicate_of is None
                and st.entity not in seen
                and st.printed_total is not None
            ):
                seen.append(st.entity)
        entities.extend((c, e) for e in seen)
    total_bills = sum(len({s.entity for s in c.statements}) for c in cases)
    k = max(1, round(total_bills / 10))
    order = rng.sample(entities, len(entities))
    per_case: dict[str, int] = {}
    chosen: list[tuple[Case, str]] = []
    for c, entity in order:
        if len(chosen) < k and per_case.get(c.cid, 0) < 2:
            chosen.append((c, entity))
            per_case[c.cid] = per_case.get(c.cid, 0) + 1
    for c, entity in chosen:
        sts = [s for s in c.statements if s.entity == entity and s.duplicate_of is None]
        st = rng.choice(sts)
        assert st.printed_total is not None  # noqa: S101
        if len(st.lines) > 2 and rng.random() < 0.5:
            delta = -rng.choice(st.lines).charge  # a line left out of the printed total
        else:
            delta = rng.choice([10000, -10000, 9000, 1000, -4500, 27000])
        st.printed_total += delta
        st.inconsistent = True
        for dup in c.statements:
            if dup.duplicate_of is st:
                dup.printed_total = st.printed_total
                dup.inconsistent = True


MIN_PAGES, MAX_PAGES = 8, 40


def count_pages(case: Case, seed: int) -> int:
    total = 0
    bates = 1
    for di, doc in enumerate(case.documents):
        if doc.fmt != "pdf":
            total += 1
            continue
        pdf, _reg = Renderer(case, rnd(seed * 1000 + di)).render(doc, bates)
        n = len(page_texts(pdf))
        total += n
        bates += n
    return total


def render_case(case: Case, out_dir: Path, seed: int) -> dict[str, int]:
    stats = {"documents": 0, "pages": 0, "scanned_docs": 0, "scanned_pages": 0}
    bates = 1
    for di, doc in enumerate(case.documents):
        dseed = seed * 1000 + di
        if doc.fmt == "pdf":
            pdf, reg = Renderer(case, rnd(dseed)).render(doc, bates)
            texts = page_texts(pdf)
            doc.pages = len(texts)
            if any(p.kind == "fax" for p in doc.parts):
                pdf, reg = Renderer(case, rnd(dseed)).render(doc, bates)
                texts = page_texts(pdf)
            _collect(case, doc, reg.pages, texts)
            if doc.scanned:
                stamp = rnd(dseed).choice([None, "RECEIVED", "COPY", "RECEIVED", None])
                fax_line = None
                if doc.fax is None and rnd(dseed + 1).random() < 0.5:
                    fax_line = f"{case.law_firm.upper()[:24]}  FAX RECEIVED"
                pdf = scan_pdf(
                    pdf,
                    dseed,
                    stamp=stamp,
                    fax_line=fax_line,
                    bilevel=doc.fax is not None,
                )
                stats["scanned_docs"] += 1
                stats["scanned_pages"] += doc.pages
            (out_dir / doc.filename).write_bytes(pdf)
            stats["pages"] += doc.pages
            bates += doc.pages
        else:
            v = doc.parts[0].visits[0]
            rng = rnd(dseed)
            if doc.fmt == "docx":
                (out_dir / doc.filename).write_bytes(docx_note(case, v, rng))
                text = "\n".join(_docx_text(out_dir / doc.filename))
            else:
                text = txt_note(case, v, rng)
                (out_dir / doc.filename).write_text(text)
            doc.pages = 1
            v.doc, v.page = doc.filename, 1
            assert norm(v.header_quote) in norm(text), (doc.filename, v.header_quote)  # noqa: S101
            for r in v.reported:
                r.doc, r.page = doc.filename, 1
                assert norm(r.quote) in norm(text), (doc.filename, r.quote)  # noqa: S101
        stats["documents"] += 1
    return stats


def _docx_text(path: Path) -> list[str]:
    from docx import Document as DocxDocument

    return [p.text for p in DocxDocument(str(path)).paragraphs]


def _collect(
    case: Case, doc: Document, marks: dict[str, int], texts: list[str]
) -> None:
    starts: list[tuple[int, Any]] = []
    for part in doc.parts:
        for v in part.visits:
            key = f"v{v.vid}"
            if key not in marks:
                raise RuntimeError(f"no marker for visit {v.vid} in {doc.filename}")
            v.doc, v.page = doc.filename, marks[key]
            page_text = norm(texts[v.page - 1])
            if norm(v.header_quote) not in page_text:
                raise RuntimeError(
                    f"quote {v.header_quote!r} not on page {v.page} of {doc.filename}"
                )
            for r in v.reported:
                r.doc = doc.filename
                r.page = locate_reported(v, r, texts)
                if not r.page:
                    raise RuntimeError(
                        f"reported quote {r.quote!r} not found in {doc.filename}"
                    )
        if part.statement is not None:
            for ln in part.statement.lines:
                ln.doc, ln.page = doc.filename, marks[f"l{id(ln)}"]
                if norm(ln.desc) not in norm(texts[ln.page - 1]):
                    raise RuntimeError(
                        f"bill line {ln.desc!r} not on page {ln.page} of {doc.filename}"
                    )
        first_page = min(
            (marks.get(f"v{v.vid}", 10**6) for v in part.visits), default=10**6
        )
        starts.append((first_page, part))
    # pages of another patient's note
    note_starts = sorted(
        [
            (marks[f"v{p.visits[0].vid}"], p)
            for p in doc.parts
            if p.kind == "note" and p.visits
        ]
        + [(_part_start(p, marks), p) for p in doc.parts if p.kind != "note"],
        key=lambda t: t[0],
    )
    for i, (start, part) in enumerate(note_starts):
        if part.meta.get("other"):
            end = note_starts[i + 1][0] - 1 if i + 1 < len(note_starts) else len(texts)
            doc.excluded_pages.extend(range(start, end + 1))


def _part_start(part: Any, marks: dict[str, int]) -> int:
    if part.kind == "log":
        return marks[f"log{part.visits[0].vid}"]
    if part.kind == "bill":
        return marks[f"s{id(part.statement)}"]
    if part.kind == "fax":
        return marks[f"fax{id(part)}"]
    return marks[f"aff{id(part)}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="dictated_notes blind corpus generator")
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    texts = load_texts(args.source)
    master = rnd(args.seed)
    order = PROFILES[:]
    master.shuffle(order)
    n = args.cases
    misfile = set(master.sample(range(n), max(1, round(n / 5))))
    dup = set(master.sample(range(n), max(1, round(n / 8))))
    planned: list[tuple[Case, Planner, random.Random, int]] = []
    for i in range(n):
        cseed = master.randrange(2**31)
        cid = f"case_{i + 1:02d}"
        for attempt in range(12):
            seed_i = cseed + attempt
            rng = rnd(seed_i)
            planner = Planner(texts, rng, cid, order[i % len(order)])
            case = planner.run()
            assemble(case, planner, rng, i in misfile, i in dup)
            pages = count_pages(case, seed_i % 100000)
            if MIN_PAGES <= pages <= MAX_PAGES:
                break
        planned.append((case, planner, rng, seed_i))
    mark_inconsistent([c for c, *_ in planned], master)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    schema = json.loads(SCHEMA.read_text()) if SCHEMA.exists() else None
    totals: dict[str, int] = {}
    for case, _planner, _rng, cseed in planned:
        cdir = args.out / case.cid
        cdir.mkdir()
        stats = render_case(case, cdir, cseed % 100000)
        truth = build(case)
        if schema is not None:
            import jsonschema

            jsonschema.validate(truth, schema)
        (cdir / "expected.json").write_text(json.dumps(truth, indent=2) + "\n")
        stats["visits"] = sum(1 for e in truth["encounters"] if e["kind"] == "visit")
        stats["reported"] = sum(
            1 for e in truth["encounters"] if e["kind"] == "reported"
        )
        stats["bills"] = len(truth["bills"])
        stats["inconsistent"] = sum(1 for b in truth["bills"] if not b["reconciled"])
        stats["other_patient_cases"] = 1 if truth.get("excluded") else 0
        for k, val in stats.items():
            totals[k] = totals.get(k, 0) + val
        print(
            f"{case.cid}: {case.mechanism:4s} pages={stats['pages']:3d} "
            f"docs={stats['documents']:2d} "
            f"visits={stats['visits']:3d} reported={stats['reported']:3d} "
            f"bills={stats['bills']}",
            file=sys.stderr,
        )
    print(json.dumps({"cases": n, **totals}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
