"""Public source text: ACI-BENCH visit notes (CC BY 4.0) and HL7 C-CDA examples (CC0).

``python -m evaluation.blind.hospital_course.source --aci-git A --ccda-git C --out D``
copies the needed files out of two bare git snapshots into ``D`` (never committed).
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ACI_SPLITS = [
    "train",
    "valid",
    "clinicalnlp_taskB_test1",
    "clinicalnlp_taskC_test2",
    "clef_taskC_test3",
]
CCDA_DOCS = [
    "Documents/History and Physical/History_and_Physical.xml",
    "Documents/Discharge Summary/Discharge_Summary.xml",
    "Documents/Progress Note/Progress_Note.xml",
    "Documents/Consultation Note/Consultation_Note.xml",
    "Documents/Transfer Summary/Transfer_Summary.xml",
    "Documents/CCD/CCD 2/CCD.xml",
]

# any printed date or year: such notes would carry dates that the case cannot keep true
DATEISH = re.compile(
    r"\b(19|20)\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}/(19|20)\d\d\b|"
    r"\b(January|February|March|April|June|July|August|September|October|"
    r"November|December)\b|\bMay \d"
)
TRAUMA = re.compile(
    r"motor vehicle|MVA|car accident|accident|fracture|pregnan|transplant|"
    r"\bfell\b|\bslipped\b|skiing|injury",
    re.I,
)


@dataclass
class AciNote:
    eid: str
    sex: str
    first: str
    last: str
    age: int
    cc: str
    text: str

    @property
    def clean(self) -> bool:
        """No printed dates and no injury or hospital story of its own."""
        return not DATEISH.search(self.text) and not TRAUMA.search(self.text)


def _git_show(git_dir: Path, commit: str, path: str) -> bytes:
    return subprocess.run(  # noqa: S603
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout


def _commit(git_dir: Path) -> str:
    return subprocess.run(  # noqa: S603
        ["git", "--git-dir", str(git_dir), "rev-parse", "HEAD"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def extract(aci_git: Path, ccda_git: Path, out: Path) -> None:
    (out / "aci").mkdir(parents=True, exist_ok=True)
    (out / "ccda").mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {}
    ca = _commit(aci_git)
    for s in ACI_SPLITS:
        for suffix in ("", "_metadata"):
            p = f"data/challenge_data/{s}{suffix}.csv"
            (out / "aci" / f"{s}{suffix}.csv").write_bytes(_git_show(aci_git, ca, p))
    manifest["aci"] = {"repo": "wyim/aci-bench", "commit": ca}
    cc = _commit(ccda_git)
    for p in CCDA_DOCS:
        name = p.split("/")[-1]
        (out / "ccda" / name).write_bytes(_git_show(ccda_git, cc, p))
    manifest["ccda"] = {"repo": "HL7/C-CDA-Examples", "commit": cc}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")


def _age(v: str) -> int:
    m = re.match(r"\d+", v or "")
    return int(m.group(0)) if m and "month" not in v else 0


def load_aci(src: Path) -> list[AciNote]:
    notes: list[AciNote] = []
    for s in ACI_SPLITS:
        meta = {
            r["encounter_id"]: r
            for r in csv.DictReader((src / "aci" / f"{s}_metadata.csv").open())
        }
        for r in csv.DictReader((src / "aci" / f"{s}.csv").open()):
            m = meta.get(r["encounter_id"])
            if m is None or not m["patient_firstname"] or not m["patient_familyname"]:
                continue
            text = r["note"].replace("\u2019", "'").replace("\u201c", '"')
            text = text.replace("\u201d", '"').replace("\u2022", "-")
            notes.append(
                AciNote(
                    eid=f"{s}:{r['encounter_id']}",
                    sex=m["patient_gender"],
                    first=m["patient_firstname"].strip().title(),
                    last=m["patient_familyname"].strip().title(),
                    age=_age(m["patient_age"]),
                    cc=m["cc"],
                    text=text.strip(),
                )
            )
    notes.sort(key=lambda n: n.eid)
    return notes


def _rows(xml: str, title_re: str) -> list[list[str]]:
    m = re.search(
        r"<title>[^<]*" + title_re + r"[^<]*</title>.*?<text>(.*?)</text>",
        xml,
        re.S | re.I,
    )
    if not m:
        return []
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S):
        cells = [
            html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c))).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        if cells and any(cells):
            out.append(cells)
    return out


def load_ccda(src: Path) -> dict[str, list[list[str]]]:
    """Allergy rows (substance, reaction, severity) and family-history rows."""
    allergies: dict[str, list[str]] = {}
    family: dict[str, list[str]] = {}
    for p in sorted((src / "ccda").glob("*.xml")):
        xml = p.read_text(encoding="utf-8", errors="replace")
        for r in _rows(xml, "ALLERG"):
            if len(r) >= 3 and r[0] and r[1] and not r[0][0].isdigit():
                allergies.setdefault(r[0].title(), r[:3])
        for r in _rows(xml, "FAMILY"):
            if len(r) >= 2 and r[0] and r[1]:
                family.setdefault(" / ".join(r[:3]), r[:3])
    return {"allergies": list(allergies.values()), "family": list(family.values())}


def main() -> None:
    ap = argparse.ArgumentParser(
        prog="python -m evaluation.blind.hospital_course.source"
    )
    ap.add_argument("--aci-git", type=Path, required=True)
    ap.add_argument("--ccda-git", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    extract(a.aci_git, a.ccda_git, a.out)


if __name__ == "__main__":
    main()
