"""Measured accuracy: the engine against a corpus of cases with known answers.

A corpus is a folder of cases; a case is a folder of record files and `expected.json`
in the chronology contract. Encounters match when the date and the provider agree
(providers by surname and first initial, so "Maria L. Chen, M.D." is "Maria Chen, MD").
Diagnosis codes are scored over matched encounters. Bill totals must be exact to the
cent: charges, payments, adjustments and balance, for the case and per provider.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from paradesk.engines.medchron import contract, pipeline
from paradesk.engines.medchron.files import Documents
from paradesk.engines.medchron.models import Chronology
from paradesk.engines.medchron.providers import key_of_display
from paradesk.engines.pages import PagesOptions

EncounterKey = tuple[str | None, str]


@dataclass(frozen=True)
class CaseScore:
    name: str
    expected: int
    found: int
    matched: int
    codes_expected: int
    codes_found: int
    codes_matched: int
    totals_exact: bool
    providers_exact: bool
    # A provider whose charges, payments or adjustments came out wrong had its bill
    # flagged as not reconciling, so a person is told to check it (a wrong total is
    # not silent).
    wrong_but_flagged: bool = False
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    totals_detail: str = ""
    seconds: float = 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass(frozen=True)
class Score:
    cases: tuple[CaseScore, ...] = field(default_factory=tuple)

    def _sum(self, name: str) -> int:
        return sum(getattr(case, name) for case in self.cases)

    @property
    def encounter_precision(self) -> float:
        return _ratio(self._sum("matched"), self._sum("found"))

    @property
    def encounter_recall(self) -> float:
        return _ratio(self._sum("matched"), self._sum("expected"))

    @property
    def code_precision(self) -> float:
        return _ratio(self._sum("codes_matched"), self._sum("codes_found"))

    @property
    def code_recall(self) -> float:
        return _ratio(self._sum("codes_matched"), self._sum("codes_expected"))

    @property
    def wrong_but_flagged(self) -> int:
        return sum(
            1
            for case in self.cases
            if not (case.totals_exact and case.providers_exact)
            and case.wrong_but_flagged
        )

    @property
    def totals_exact(self) -> int:
        return sum(
            1 for case in self.cases if case.totals_exact and case.providers_exact
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": len(self.cases),
            "encounters": {
                "expected": self._sum("expected"),
                "found": self._sum("found"),
                "matched": self._sum("matched"),
                "precision": round(self.encounter_precision, 4),
                "recall": round(self.encounter_recall, 4),
            },
            "diagnosis_codes": {
                "expected": self._sum("codes_expected"),
                "found": self._sum("codes_found"),
                "matched": self._sum("codes_matched"),
                "precision": round(self.code_precision, 4),
                "recall": round(self.code_recall, 4),
            },
            "bill_totals_exact": {"cases": self.totals_exact, "of": len(self.cases)},
            "bill_totals_wrong_but_flagged": self.wrong_but_flagged,
            "per_case": [
                {
                    "name": case.name,
                    "expected": case.expected,
                    "found": case.found,
                    "matched": case.matched,
                    "totals_exact": case.totals_exact,
                    "providers_exact": case.providers_exact,
                    "wrong_but_flagged": case.wrong_but_flagged,
                    "missed": list(case.missed),
                    "spurious": list(case.spurious),
                    "totals": case.totals_detail,
                    "seconds": round(case.seconds, 2),
                }
                for case in self.cases
            ],
        }


def _key(raw_date: str | None, provider: str | None) -> EncounterKey:
    return raw_date, key_of_display(provider or "")


def score_case(name: str, expected: dict[str, Any], found: dict[str, Any]) -> CaseScore:
    """Compares two contract documents."""
    want: Counter[EncounterKey] = Counter(
        _key(e["date"], e["provider"]) for e in expected["encounters"]
    )
    got: Counter[EncounterKey] = Counter(
        _key(e["date"], e["provider"]) for e in found["encounters"]
    )
    matched = want & got
    codes_want: dict[EncounterKey, set[str]] = {}
    codes_got: dict[EncounterKey, set[str]] = {}
    for document, codes in ((expected, codes_want), (found, codes_got)):
        for encounter in document["encounters"]:
            key = _key(encounter["date"], encounter["provider"])
            codes.setdefault(key, set()).update(
                d["code"] for d in encounter["diagnoses"] if d["code"]
            )
    codes_expected = codes_found = codes_matched = 0
    for key in matched:
        codes_expected += len(codes_want.get(key, set()))
        codes_found += len(codes_got.get(key, set()))
        codes_matched += len(codes_want.get(key, set()) & codes_got.get(key, set()))
    totals_exact = expected["totals"] == found["totals"]

    def charges(document: dict[str, Any]) -> dict[str, int]:
        per: Counter[str] = Counter()
        for bill in document["bills"]:
            per[key_of_display(bill["provider"]) or bill["provider"]] += bill[
                "charges_cents"
            ]
        return dict(per)

    providers_exact = charges(expected) == charges(found)

    def amounts(document: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
        per: dict[str, tuple[int, int, int]] = {}
        for bill in document["bills"]:
            key = key_of_display(bill["provider"]) or bill["provider"]
            was = per.get(key, (0, 0, 0))
            per[key] = (
                was[0] + bill["charges_cents"],
                was[1] + bill["payments_cents"],
                was[2] + bill["adjustments_cents"],
            )
        return per

    # A provider is wrong when its charges, payments or adjustments are: a credit
    # misread is as wrong as a charge misread, and must be flagged as well.
    want_amounts, got_amounts = amounts(expected), amounts(found)
    wrong = {
        key for key, cents in got_amounts.items() if want_amounts.get(key) != cents
    } | {key for key in want_amounts if key not in got_amounts}
    flagged = {
        key_of_display(bill["provider"]) or bill["provider"]
        for bill in found["bills"]
        if not bill["reconciled"]
    }
    return CaseScore(
        name=name,
        expected=sum(want.values()),
        found=sum(got.values()),
        matched=sum(matched.values()),
        codes_expected=codes_expected,
        codes_found=codes_found,
        codes_matched=codes_matched,
        totals_exact=totals_exact,
        providers_exact=providers_exact,
        wrong_but_flagged=bool(wrong) and wrong <= flagged,
        missed=tuple(f"{d} {p}" for d, p in sorted((want - got).elements(), key=str)),
        spurious=tuple(f"{d} {p}" for d, p in sorted((got - want).elements(), key=str)),
        totals_detail=f"expected {expected['totals']}, found {found['totals']}",
    )


def build_from_files(
    paths: list[Path], incident: date | None, options: PagesOptions | None = None
) -> Chronology:
    documents = Documents(paths, options)
    chronology = pipeline.build(documents, incident_date=incident)
    return chronology


def case_folders(corpus: Path) -> list[Path]:
    return sorted(path.parent for path in corpus.glob("*/expected.json"))


def evaluate(
    corpus: Path,
    *,
    options: PagesOptions | None = None,
    progress: Callable[[CaseScore], None] | None = None,
    cases: Iterable[Path] | None = None,
) -> Score:
    """Runs the engine on every case of `corpus` and scores it."""
    scores = []
    for folder in cases if cases is not None else case_folders(corpus):
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        contract.validate(expected)
        incident = (
            date.fromisoformat(expected["incident_date"])
            if expected["incident_date"]
            else None
        )
        paths = sorted(
            p for p in folder.iterdir() if p.is_file() and p.name != "expected.json"
        )
        started = time.perf_counter()
        found = contract.to_json(build_from_files(paths, incident, options))
        case = score_case(folder.name, expected, found)
        case = CaseScore(**{**case.__dict__, "seconds": time.perf_counter() - started})
        scores.append(case)
        if progress:
            progress(case)
    return Score(tuple(scores))


def report(score: Score) -> str:
    """The scores as a few lines of text for a terminal or a closing note."""
    data = score.as_json()
    enc, codes = data["encounters"], data["diagnosis_codes"]
    lines = [
        f"cases: {data['cases']}",
        f"encounters: precision {enc['precision']:.3f} "
        f"({enc['matched']}/{enc['found']}), "
        f"recall {enc['recall']:.3f} ({enc['matched']}/{enc['expected']})",
        f"diagnosis codes (matched encounters): precision {codes['precision']:.3f} "
        f"({codes['matched']}/{codes['found']}), recall {codes['recall']:.3f} "
        f"({codes['matched']}/{codes['expected']})",
        f"bill totals exact (case totals and per provider): "
        f"{data['bill_totals_exact']['cases']}/{data['cases']}; of the others, "
        f"{data['bill_totals_wrong_but_flagged']} flag every wrong provider's bill "
        "as not reconciling",
    ]
    for case in score.cases:
        if (
            case.missed
            or case.spurious
            or not (case.totals_exact and case.providers_exact)
        ):
            lines.append(f"  {case.name}:")
            lines += [f"    missed   {item}" for item in case.missed]
            lines += [f"    spurious {item}" for item in case.spurious]
            if not case.totals_exact:
                lines.append(f"    totals   {case.totals_detail}")
            elif not case.providers_exact:
                lines.append("    per-provider charges differ")
    return "\n".join(lines)
