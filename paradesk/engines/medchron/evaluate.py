"""Measured accuracy: the engine against a corpus of cases with known answers.

A corpus is a folder of cases; a case is a folder of record files and `expected.json`
in the chronology contract. Visits (`kind` "visit", the default) match when the date
and the provider agree (providers by surname and first initial, so "Maria L. Chen,
M.D." is "Maria Chen, MD"); reported events (`kind` "reported") are never visits, and
a visit the engine finds on a reported event's date that matches no visit is counted
as "reported taken for a visit". Diagnosis codes are scored over matched visits. Bill
totals must be exact to the cent: charges, payments, adjustments and balance, for the
case and per billing provider (names compared without case, punctuation or a
corporate suffix, so "Peachtree Ortho, LLC" is "PEACHTREE ORTHO"). A bill the engine
flags as not reconciling while the truth says it reconciles is a false alarm. Pages
the truth lists under `excluded` (another patient's) must not be cited by any visit
(a "mixed" case otherwise), and the engine should list them itself. When the truth
names the patient, the engine is given that patient, as the app gives it the
matter's client.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from paradesk.engines.medchron import contract, pipeline
from paradesk.engines.medchron.files import Documents
from paradesk.engines.medchron.models import Chronology, Patient
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
    reported_expected: int = 0
    reported_found: int = 0
    reported_as_visits: int = 0
    bills_expected: int = 0
    flagged: int = 0
    false_alarms: int = 0
    truly_unreconciled: int = 0
    caught_unreconciled: int = 0
    excluded_expected: int = 0
    excluded_listed: int = 0
    excluded_wrongly: int = 0
    mixed_pages: int = 0
    gaps_expected: int = 0
    gaps_found: int = 0
    gaps_matched: int = 0


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
            "reported_events": {
                "expected": self._sum("reported_expected"),
                "found": self._sum("reported_found"),
                "taken_for_visits": self._sum("reported_as_visits"),
            },
            "bills": {
                "expected": self._sum("bills_expected"),
                "flagged_not_reconciled": self._sum("flagged"),
                "false_alarms": self._sum("false_alarms"),
                "truly_unreconciled": self._sum("truly_unreconciled"),
                "truly_unreconciled_flagged": self._sum("caught_unreconciled"),
            },
            "other_patient": {
                "excluded_pages_expected": self._sum("excluded_expected"),
                "excluded_pages_listed": self._sum("excluded_listed"),
                "client_pages_excluded": self._sum("excluded_wrongly"),
                "pages_mixed_into_visits": self._sum("mixed_pages"),
                "cases_mixed": sum(1 for case in self.cases if case.mixed_pages),
            },
            "gaps": {
                "expected": self._sum("gaps_expected"),
                "found": self._sum("gaps_found"),
                "matched": self._sum("gaps_matched"),
            },
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


def _visits(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in document["encounters"] if e.get("kind", "visit") == "visit"]


def _reported(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in document["encounters"] if e.get("kind") == "reported"]


_CORPORATE = re.compile(
    r"\b(?:llc|l\.l\.c|inc|incorporated|pc|p\.c|pa|p\.a|pllc|ltd|corp|"
    r"corporation|co|the)\b"
)


def _bill_name(name: str) -> str:
    """A billing provider's name for comparison: a clinician by surname and first
    initial; a facility by its words, without case, punctuation or corporate suffix."""
    person = key_of_display(name)
    plain = name.lower().replace("&", " and ")
    if re.search(r",\s*(?:md|do|dc|pt|dpt|np|pa-c|phd)\b|^dr\.?\s", plain):
        return person
    words = re.sub(r"[^a-z0-9 ]", " ", _CORPORATE.sub(" ", plain)).split()
    return " ".join(words) or person


def _bill_keys(expected: dict[str, Any], found: dict[str, Any]) -> dict[str, str]:
    """Each found bill's name mapped to the expected bill it stands for: the same
    name as compared by `_bill_name`, or else the one expected name at least 85%
    alike."""
    wanted = {_bill_name(bill["provider"]) for bill in expected["bills"]}
    people = {
        key_of_display(bill["provider"]): _bill_name(bill["provider"])
        for bill in expected["bills"]
    }
    mapping = {}
    for bill in found["bills"]:
        key = _bill_name(bill["provider"])
        if key not in wanted:
            key = people.get(key_of_display(bill["provider"]), key)
        if key not in wanted:
            near = [
                other
                for other in wanted
                if SequenceMatcher(None, key, other).ratio() >= 0.85
            ]
            key = near[0] if len(near) == 1 else key
        mapping[bill["provider"]] = key
    return mapping


def score_case(name: str, expected: dict[str, Any], found: dict[str, Any]) -> CaseScore:
    """Compares two contract documents."""
    want: Counter[EncounterKey] = Counter(
        _key(e["date"], e["provider"]) for e in _visits(expected)
    )
    got: Counter[EncounterKey] = Counter(
        _key(e["date"], e["provider"]) for e in _visits(found)
    )
    matched = want & got
    visit_days = {day for day, _ in want}
    reported_days = {e["date"] for e in _reported(expected)} - visit_days
    taken = sum(
        count for (day, _), count in (got - want).items() if day in reported_days
    )
    excluded = {
        (item["document"], page)
        for item in expected.get("excluded", [])
        for page in item["pages"]
    }
    listed = {
        (item["document"], page)
        for item in found.get("excluded", [])
        for page in item["pages"]
    }
    mixed = {
        (citation["document"], citation["page"])
        for encounter in found["encounters"]
        for citation in encounter["citations"]
    } | {
        (line["citation"]["document"], line["citation"]["page"])
        for bill in found["bills"]
        for line in bill["lines"]
    }
    gaps_want = {(gap["from"], gap["to"]) for gap in expected.get("gaps", [])}
    gaps_got = {(gap["from"], gap["to"]) for gap in found.get("gaps", [])}
    codes_want: dict[EncounterKey, set[str]] = {}
    codes_got: dict[EncounterKey, set[str]] = {}
    for document, codes in ((expected, codes_want), (found, codes_got)):
        for encounter in _visits(document):
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
    names = _bill_keys(expected, found)

    def bill_key(bill: dict[str, Any], document: dict[str, Any]) -> str:
        if document is found:
            return names[bill["provider"]]
        return _bill_name(bill["provider"])

    def charges(document: dict[str, Any]) -> dict[str, int]:
        per: Counter[str] = Counter()
        for bill in document["bills"]:
            per[bill_key(bill, document)] += bill["charges_cents"]
        return dict(per)

    providers_exact = charges(expected) == charges(found)

    def amounts(document: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
        per: dict[str, tuple[int, int, int]] = {}
        for bill in document["bills"]:
            key = bill_key(bill, document)
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
        bill_key(bill, found) for bill in found["bills"] if not bill["reconciled"]
    }
    truly = {
        bill_key(bill, expected)
        for bill in expected["bills"]
        if not bill.get("reconciled", True)
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
        reported_expected=len(_reported(expected)),
        reported_found=len(_reported(found)),
        reported_as_visits=taken,
        bills_expected=len(expected["bills"]),
        flagged=len(flagged),
        false_alarms=len(flagged - truly),
        truly_unreconciled=len(truly),
        caught_unreconciled=len(truly & flagged),
        excluded_expected=len(excluded),
        excluded_listed=len(excluded & listed),
        excluded_wrongly=len(listed - excluded),
        mixed_pages=len(excluded & mixed),
        gaps_expected=len(gaps_want),
        gaps_found=len(gaps_got),
        gaps_matched=len(gaps_want & gaps_got),
    )


def build_from_files(
    paths: list[Path],
    incident: date | None,
    options: PagesOptions | None = None,
    patient: Patient | None = None,
) -> Chronology:
    documents = Documents(paths, options)
    chronology = pipeline.build(documents, incident_date=incident, patient=patient)
    return chronology


def _day(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


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
        given = expected.get("patient")
        patient = Patient(given.get("name"), _day(given.get("dob"))) if given else None
        started = time.perf_counter()
        found = contract.to_json(build_from_files(paths, incident, options, patient))
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
        f"bills flagged not reconciled: {data['bills']['flagged_not_reconciled']} of "
        f"{data['bills']['expected']}; false alarms (the bill reconciles on paper): "
        f"{data['bills']['false_alarms']}; truly unreconciled bills flagged: "
        f"{data['bills']['truly_unreconciled_flagged']}/"
        f"{data['bills']['truly_unreconciled']}",
        f"reported events: {data['reported_events']['expected']} expected, "
        f"{data['reported_events']['found']} found; reported dates taken for "
        f"visits: {data['reported_events']['taken_for_visits']}",
        f"another patient's pages: {data['other_patient']['excluded_pages_listed']}/"
        f"{data['other_patient']['excluded_pages_expected']} listed as excluded; "
        f"cited in the chronology: {data['other_patient']['pages_mixed_into_visits']}"
        f" (cases mixed: {data['other_patient']['cases_mixed']}); the client's pages "
        f"left out as another's: {data['other_patient']['client_pages_excluded']}",
        f"gaps in care: {data['gaps']['matched']}/{data['gaps']['expected']} found "
        f"({data['gaps']['found']} reported)",
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
