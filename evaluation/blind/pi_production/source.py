"""Public source data: Synthea-generated CSV export (patients, providers, conditions).

Synthea appends digits to every generated name ("Freeman822 Kessler503"); they are
stripped here. Only names, birth dates, sex, towns, street names, provider
specialties and a patient's chronic conditions are used.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

_DIGITS = re.compile(r"\d+")


def clean_name(s: str) -> str:
    return _DIGITS.sub("", s).strip()


@dataclass(frozen=True)
class SrcPatient:
    pid: str
    first: str
    last: str
    dob: dt.date
    sex: str
    address: str
    city: str
    zip: str
    death: dt.date | None
    conditions: tuple[tuple[dt.date, str], ...] = ()


@dataclass(frozen=True)
class SrcProvider:
    first: str
    last: str
    sex: str
    specialty: str


@dataclass
class SourceData:
    patients: list[SrcPatient]
    providers: list[SrcProvider]
    cities: list[tuple[str, str]]  # (city, zip)
    streets: list[str]
    by_specialty: dict[str, list[SrcProvider]] = field(default_factory=dict)


def _find(src: Path, name: str) -> Path:
    for cand in (src / name, src / "synthea_csv" / name, src / "csv" / name):
        if cand.exists():
            return cand
    raise FileNotFoundError(f"{name} not found under {src}")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load(src: Path) -> SourceData:
    conds: dict[str, list[tuple[dt.date, str]]] = {}
    for row in _read(_find(src, "conditions.csv")):
        start = dt.date.fromisoformat(row["START"])
        conds.setdefault(row["PATIENT"], []).append((start, row["DESCRIPTION"]))
    patients: list[SrcPatient] = []
    streets: set[str] = set()
    cities: dict[str, str] = {}
    for row in _read(_find(src, "patients.csv")):
        first, last = clean_name(row["FIRST"]), clean_name(row["LAST"])
        if not first or not last or first == last:
            continue
        addr = row["ADDRESS"].strip()
        m = re.match(r"\d+\s+(.*?)(\s+(Apt|Unit|Suite)\s+\d+)?$", addr)
        if m:
            streets.add(m.group(1))
        if row["ZIP"]:
            cities.setdefault(row["CITY"], row["ZIP"].zfill(5))
        death = dt.date.fromisoformat(row["DEATHDATE"]) if row["DEATHDATE"] else None
        patients.append(
            SrcPatient(
                pid=row["Id"],
                first=first,
                last=last,
                dob=dt.date.fromisoformat(row["BIRTHDATE"]),
                sex=row["GENDER"],
                address=addr,
                city=row["CITY"],
                zip=row["ZIP"].zfill(5) if row["ZIP"] else "",
                death=death,
                conditions=tuple(sorted(conds.get(row["Id"], []))),
            )
        )
    providers: list[SrcProvider] = []
    seen: set[tuple[str, str]] = set()
    for row in _read(_find(src, "providers.csv")):
        parts = row["NAME"].split()
        if len(parts) < 2:
            continue
        first, last = clean_name(parts[0]), clean_name(parts[-1])
        if not first or not last or first == last or (first, last) in seen:
            continue
        seen.add((first, last))
        providers.append(SrcProvider(first, last, row["GENDER"], row["SPECIALITY"]))
    data = SourceData(
        patients=sorted(patients, key=lambda p: p.pid),
        providers=providers,
        cities=sorted(cities.items()),
        streets=sorted(streets),
    )
    for p in providers:
        data.by_specialty.setdefault(p.specialty, []).append(p)
    return data
