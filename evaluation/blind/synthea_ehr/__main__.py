"""python -m evaluation.blind.synthea_ehr --source SRC --out OUT --cases N --seed S"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .build import generate


def main() -> None:
    ap = argparse.ArgumentParser(
        description="Render Synthea FHIR patients as personal-injury productions."
    )
    ap.add_argument(
        "--source", type=Path, required=True, help="folder of Synthea R4 bundles"
    )
    ap.add_argument("--out", type=Path, required=True, help="corpus output folder")
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20240611)
    args = ap.parse_args()
    stats = generate(args.source, args.out, args.cases, args.seed)
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
