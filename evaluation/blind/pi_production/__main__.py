"""Generate the pi_production corpus.

Usage (from the repository root)::

    python -m evaluation.blind.pi_production --source SRC --out OUT --cases N --seed S
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

from . import content
from .build import Built, build_case
from .plan import CaseOpts, eligible_patients
from .source import load
from .truth import expected

OTHER_VARIANTS = ["note_in_chiro", "whole_doc", "ed_page", "bill_page"]
SCHEMA = Path("/work/shared/contracts/chronology-1.schema.json")


def case_options(n: int, rng: random.Random) -> list[CaseOpts]:
    opts = [CaseOpts() for _ in range(n)]
    idx = list(range(n))
    rng.shuffle(idx)
    n_other = max(1, round(n / 5))
    for k, i in enumerate(idx[:n_other]):
        opts[i].other_patient = OTHER_VARIANTS[k % len(OTHER_VARIANTS)]
    for i in idx[n_other : n_other + (2 if n >= 6 else 1)]:
        opts[i].dup_statement = True
    for i in idx[: max(1, round(n * 0.45))]:
        opts[i].inconsistent = 1
    for o in opts:
        r = rng.random()
        o.handwritten = 0 if r < 0.4 else (1 if r < 0.87 else 2)
        o.budget = rng.choice([0, 0, 0, 0, 1, 2, 3, 4])
    return opts


def validate(data: dict[str, Any]) -> None:
    if not SCHEMA.exists():
        return
    import jsonschema

    jsonschema.validate(data, json.loads(SCHEMA.read_text()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.blind.pi_production")
    ap.add_argument(
        "--source", required=True, type=Path, help="folder with the Synthea CSV files"
    )
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20240607)
    args = ap.parse_args(argv)
    content.validate_all()
    src = load(args.source)
    rng = random.Random(args.seed)  # noqa: S311
    pool = eligible_patients(src)
    rng.shuffle(pool)
    if len(pool) < args.cases:
        print("not enough source patients", file=sys.stderr)
        return 2
    clients = pool[: args.cases]
    used = {p.pid for p in clients}
    opts = case_options(args.cases, rng)
    args.out.mkdir(parents=True, exist_ok=True)
    stats = {
        "cases": 0,
        "documents": 0,
        "pages": 0,
        "scanned_documents": 0,
        "scanned_pages": 0,
    }
    stats.update(
        {
            "visits": 0,
            "reported": 0,
            "bills": 0,
            "inconsistent_bills": 0,
            "other_patient_cases": 0,
        }
    )
    stats.update({"handwritten_pages": 0, "duplicate_statement_cases": 0})
    for i, sp in enumerate(clients, 1):
        case_dir = args.out / f"case_{i:02d}"
        if case_dir.exists():
            shutil.rmtree(case_dir)
        o = opts[i - 1]
        built: Built | None = None
        while built is None:
            built = build_case(
                i, args.seed, src, sp, o, case_dir, set(used), write=False
            )
            if built is None:
                o.budget += 1
        built = build_case(i, args.seed, src, sp, o, case_dir, used, write=True)
        if built is None:
            raise RuntimeError(f"case {i} could not be built")
        data = expected(built.case, built.docs)
        validate(data)
        (case_dir / "expected.json").write_text(json.dumps(data, indent=2) + "\n")
        stats["cases"] += 1
        stats["documents"] += len(built.docs)
        stats["pages"] += built.pages
        stats["scanned_documents"] += built.scanned_docs
        stats["scanned_pages"] += built.scanned_pages
        stats["handwritten_pages"] += built.handwritten
        stats["visits"] += sum(1 for e in data["encounters"] if e["kind"] == "visit")
        stats["reported"] += sum(
            1 for e in data["encounters"] if e["kind"] == "reported"
        )
        stats["bills"] += len(data["bills"])
        stats["inconsistent_bills"] += sum(
            1 for b in data["bills"] if not b["reconciled"]
        )
        stats["other_patient_cases"] += 1 if data["excluded"] else 0
        stats["duplicate_statement_cases"] += 1 if o.dup_statement else 0
        print(
            f"case_{i:02d}: {len(built.docs)} documents, {built.pages} pages",
            flush=True,
        )
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
