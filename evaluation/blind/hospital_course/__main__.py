"""Generate the hospital_course corpus.

Usage (from the repository root)::

    python -m evaluation.blind.hospital_course --source SRC --out OUT --seed S
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path
from typing import Any

from .case import Opts, Writer
from .source import load_aci, load_ccda
from .truth import expected

SCHEMA = Path("/work/shared/contracts/chronology-1.schema.json")
OTHER = ["progress", "radiology", "aci", "ptsheet"]


def options(n: int, rng: random.Random) -> list[Opts]:
    opts = [Opts() for _ in range(n)]
    idx = list(range(n))
    rng.shuffle(idx)
    for k, i in enumerate(idx[: max(1, round(n / 5))]):
        opts[i].other = OTHER[k % len(OTHER)]
    for i in idx:
        opts[i].two_col = rng.random() < 0.4
        opts[i].inconsistent = rng.random() < 0.3
    return opts


def validate(data: dict[str, Any]) -> None:
    if SCHEMA.exists():
        import jsonschema

        jsonschema.validate(data, json.loads(SCHEMA.read_text()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.blind.hospital_course")
    ap.add_argument("--source", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20240621)
    ap.add_argument("--only", type=int, default=0, help="write only this case number")
    a = ap.parse_args(argv)
    notes = load_aci(a.source)
    ccda = load_ccda(a.source)
    opts = options(a.cases, random.Random(a.seed))  # noqa: S311
    a.out.mkdir(parents=True, exist_ok=True)
    stats = dict.fromkeys(
        (
            "cases",
            "documents",
            "pages",
            "scanned_pages",
            "visits",
            "reported",
            "bills",
            "inconsistent_bills",
            "other_patient_cases",
            "excluded_pages",
            "two_column_cases",
        ),
        0,
    )
    for i in range(1, a.cases + 1):
        if a.only and i != a.only:
            continue
        w = Writer(i, a.seed, notes, ccda, opts[i - 1])
        w.write_all()
        data = expected(w.c)
        validate(data)
        d = a.out / f"case_{i:02d}"
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        for b in w.c.docs:
            (d / b.name).write_bytes(b.pdf)
        (d / "expected.json").write_text(json.dumps(data, indent=2) + "\n")
        enc = data["encounters"]
        stats["cases"] += 1
        stats["documents"] += len(w.c.docs)
        stats["pages"] += sum(b.pages for b in w.c.docs)
        stats["scanned_pages"] += sum(b.scanned for b in w.c.docs)
        stats["visits"] += sum(e["kind"] == "visit" for e in enc)
        stats["reported"] += sum(e["kind"] == "reported" for e in enc)
        stats["bills"] += len(data["bills"])
        stats["inconsistent_bills"] += sum(not b["reconciled"] for b in data["bills"])
        stats["other_patient_cases"] += bool(data["excluded"])
        stats["excluded_pages"] += sum(len(x["pages"]) for x in data["excluded"])
        stats["two_column_cases"] += opts[i - 1].two_col
        print(
            f"case_{i:02d}: {len(w.c.docs)} documents, "
            f"{sum(b.pages for b in w.c.docs)} pages",
            flush=True,
        )
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
