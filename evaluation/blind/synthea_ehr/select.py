"""Pick the source bundles from a bare snapshot of smart-on-fhir/generated-sample-data.

The first build of this corpus chose its 26 bundles by hand and kept only the list
(``MANIFEST.json``) beside the data, so a new machine could not rebuild it. This script
makes the choice reproducible: it walks ``R4/SYNTHEA/`` at each of the two commits in a
fixed order (SHA-1 of the path, so no alphabetical bias towards one name), and keeps the
first bundles whose patient is alive, was born 1950-1998, and has at least three
conditions and ten encounters. Blobs a snapshot left out (the largest files may be
absent from a partial mirror) are skipped. It writes the bundles and ``MANIFEST.json``.

    python -m evaluation.blind.synthea_ehr.select \
        --git-dir /work/.mirror/smart-on-fhir+generated-sample-data/repo \
        --out /work/blind-data/synthea_ehr
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

SNAPSHOTS = (
    ("r4_2019", "2ef5bc3785b1f43eb2d95aa43f96109458194564", 10),
    ("r4_2021", "25ac8089f0464b8673c7669509dc0bb8f4883773", 16),
)


def _git(git_dir: Path, *args: str) -> bytes:
    # git from PATH on a folder the user names, as the README's commands do.
    command = ["git", f"--git-dir={git_dir}", *args]
    return subprocess.run(command, check=True, capture_output=True).stdout  # noqa: S603


def qualifies(bundle: dict[str, Any]) -> bool:
    resources = [e["resource"] for e in bundle.get("entry", [])]
    patient = next((r for r in resources if r["resourceType"] == "Patient"), None)
    if patient is None or "deceasedDateTime" in patient:
        return False
    born = int(str(patient.get("birthDate", "0"))[:4] or 0)
    kinds = [r["resourceType"] for r in resources]
    return (
        1950 <= born <= 1998
        and kinds.count("Condition") >= 3
        and kinds.count("Encounter") >= 10
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    manifest: list[dict[str, str]] = []
    for folder, commit, wanted in SNAPSHOTS:
        listing = _git(args.git_dir, "ls-tree", "-r", "-z", commit, "R4/SYNTHEA/")
        paths = []
        for row in listing.split(b"\0"):
            if not row:
                continue
            meta, path = row.split(b"\t", 1)
            name = path.decode()
            if name.endswith(".json"):
                paths.append(
                    (
                        hashlib.sha1(path, usedforsecurity=False).hexdigest(),
                        name,
                        meta.split()[2],
                    )
                )
        (args.out / folder).mkdir(parents=True, exist_ok=True)
        kept = 0
        for _key, name, blob in sorted(paths):
            try:
                raw = _git(args.git_dir, "cat-file", "blob", blob.decode())
            except subprocess.CalledProcessError:
                continue
            if not qualifies(json.loads(raw)):
                continue
            local = f"{folder}/{Path(name).name}"
            (args.out / local).write_bytes(raw)
            manifest.append(
                {"commit": commit, "path": name, "local": local, "sha1": blob.decode()}
            )
            kept += 1
            if kept == wanted:
                break
    (args.out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{len(manifest)} bundles -> {args.out}")


if __name__ == "__main__":
    main()
