"""A case's facts, decided from its seed: who was hurt, who treated them, and when."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from paradesk.engines.medchron.corpus import vocabulary as vocab
from paradesk.engines.medchron.corpus.models import (
    CasePlan,
    Claimant,
    CorpusOptions,
    Person,
    Provider,
    Visit,
    seeded,
)

# How likely each kind of provider is to be in a case after the first visit.
_KIND_WEIGHTS = {
    "primary care": 6, "chiropractic": 5, "physical therapy": 6, "imaging": 7,
    "orthopedics": 6, "pain management": 3, "neurology": 2, "surgery": 2,
}  # fmt: skip
_MWF, _TTH = (0, 2, 4), (1, 3)


def plan_case(seed: int, options: CorpusOptions) -> CasePlan:
    """Decides a case's claimant, providers and visits from `seed` alone.

    Args:
        seed: any integer; the same seed always gives the same plan.
        options: how often the hard cases happen.

    Returns:
        The plan, with no page laid out yet.
    """
    rng = seeded(seed)
    surnames = iter(rng.sample(vocab.LAST_NAMES, 16))

    def person(credential: str = "") -> Person:
        middle = rng.choice("ABCDEFGHJKLMNPRSTW")
        return Person(rng.choice(vocab.FIRST_NAMES), middle, next(surnames), credential)

    incident = dt.date(2022, 1, 3) + dt.timedelta(days=rng.randrange(900))
    mechanism, story = rng.choice(vocab.MECHANISMS)
    claimant = Claimant(
        rng.choice(vocab.FIRST_NAMES),
        next(surnames),
        incident - dt.timedelta(days=rng.randrange(20 * 365, 65 * 365)),
        mechanism,
        story,
    )
    regions = _injured_regions(rng)
    prior = rng.random() < options.pre_incident_share
    kinds = _provider_kinds(rng, options, regions, prior=prior)
    schedules = _schedules(rng, kinds, options, incident.weekday())
    clinicians = {kind: person(rng.choice(vocab.CREDENTIALS[kind])) for kind in kinds}
    outside_doctor = person("MD")
    places = rng.sample(vocab.PLACES, len(kinds))
    providers = []
    for index, kind in enumerate(kinds):
        referrer = clinicians.get("primary care") or clinicians.get("orthopedics")
        if kind in {"emergency", "urgent care", "primary care"} or rng.random() < 0.3:
            referrer = outside_doctor if rng.random() < 0.4 else None
        visits = [
            _visit(rng, kind, note, incident + dt.timedelta(days=day), regions, i)
            for i, (day, note) in enumerate(schedules[kind])
        ]
        # A plan of care keeps its diagnoses from one daily note to the next.
        visits = [
            dataclasses.replace(v, diagnoses=visits[0].diagnoses)
            if v.note == "daily"
            else v
            for v in visits
        ]
        if kind == "primary care" and prior:
            visits.insert(0, _prior_visit(rng, incident))
        place, street = places[index], rng.choice(vocab.STREETS)
        providers.append(
            Provider(
                index=index,
                kind=kind,
                clinician=clinicians[kind],
                facility=rng.choice(vocab.FACILITY_PATTERNS[kind]).format(place),
                city=place,
                address=f"{rng.randrange(100, 9900)} {place} {street}",
                phone=f"(555) 01{rng.randrange(10)}-{rng.randrange(1000, 9999)}",
                mrn=str(rng.randrange(10**6, 10**8)).zfill(8),
                referrer=referrer if referrer != clinicians[kind] else None,
                visits=tuple(visits),
            )
        )
    providers = _drop_documents(rng, providers, options)
    duplicate = None
    if rng.random() < options.duplicate_share:
        duplicate = rng.choice([p.index for p in providers if _recorded(p)])
    bystanders = (person("RN"), person(), person())
    return CasePlan(seed, claimant, incident, tuple(providers), bystanders, duplicate)


def _recorded(provider: Provider) -> bool:
    return any(visit.recorded for visit in provider.visits)


def _injured_regions(rng: random.Random) -> list[vocab.Region]:
    odds = {"neck": 0.85, "low back": 0.6, "mid back": 0.25, "head": 0.25}
    odds |= {"shoulder": 0.2, "knee": 0.12}
    hurt = [region for region in vocab.REGIONS if rng.random() < odds[region.name]]
    return hurt or [vocab.REGIONS[0]]


def _provider_kinds(
    rng: random.Random,
    options: CorpusOptions,
    regions: list[vocab.Region],
    *,
    prior: bool,
) -> list[str]:
    """The case's kinds of provider; `prior` asks for a primary care doctor."""
    first = "emergency" if rng.random() < 0.7 else "urgent care"
    weights = dict(_KIND_WEIGHTS)
    if any(region.name == "head" for region in regions):
        weights["neurology"] = 6
    kinds = [first]
    wanted = rng.randint(*options.providers)
    while len(kinds) < wanted:
        pool = [kind for kind in weights if kind not in kinds]
        kinds.append(rng.choices(pool, [weights[kind] for kind in pool])[0])
    if prior and "primary care" not in kinds:
        kinds.append("primary care")
        del kinds[1 : 1 + max(0, len(kinds) - options.providers[1])]
    if "surgery" in kinds and "orthopedics" not in kinds:
        kinds[kinds.index("surgery")] = "orthopedics"
    return kinds


def _schedules(
    rng: random.Random, kinds: list[str], options: CorpusOptions, weekday: int
) -> dict[str, list[tuple[int, str]]]:
    """Days after the incident and note kinds, per provider, with an optional gap.

    `weekday` is the incident's (Monday 0): offices see patients on weekdays only.
    """
    plans = {kind: _cadence(rng, kind, weekday) for kind in kinds}
    if rng.random() < options.gap_share:
        cut, shift = rng.randrange(25, 160), rng.randrange(35, 80)
        plans = {
            kind: [(day + shift if day > cut else day, note) for day, note in days]
            for kind, days in plans.items()
        }
    schedules = {}
    for kind, days in plans.items():
        kept: dict[int, str] = {}
        for day, note in days:
            if day > options.max_days:
                continue
            if kind not in {"emergency", "urgent care"}:
                day += max(0, 7 - (weekday + day) % 7) if (weekday + day) % 7 > 4 else 0
            kept.setdefault(day, note)
        schedules[kind] = sorted(kept.items()) or [
            (min(day for day, _ in days), "exam")
        ]
    return schedules


def _weekly(start: int, weeks: int, pattern: tuple[int, ...]) -> list[int]:
    return [start + 7 * week + day for week in range(weeks) for day in pattern]


def _cadence(rng: random.Random, kind: str, weekday: int) -> list[tuple[int, str]]:
    """When each kind of provider sees a patient, as real practices schedule."""
    r = rng.randint

    def monday(day: int) -> int:
        return day + (7 - (weekday + day) % 7) % 7

    if kind == "emergency":
        return [(0 if rng.random() < 0.8 else 1, "ed")]
    if kind == "urgent care":
        return [(r(1, 3), "exam")]
    if kind in {"primary care", "orthopedics", "neurology"}:
        start, gap = {"primary care": (r(3, 10), 28), "neurology": (r(14, 50), 42)}.get(
            kind, (r(20, 60), 30)
        )
        return [(start + i * (gap + r(-4, 6)), "exam") for i in range(r(1, 4))]
    if kind == "chiropractic":
        start = monday(r(1, 10))
        days = _weekly(start, r(3, 6), _MWF) + _weekly(start + 42, r(2, 5), _TTH)
        days = days[: r(14, 30)]
        return [(days[0], "exam")] + [(day, "daily") for day in days[1:]]
    if kind == "physical therapy":
        start = monday(r(10, 40))
        days = _weekly(start, r(3, 6), rng.choice([_MWF, _TTH]))
        if rng.random() < 0.3:
            days += _weekly(monday(days[-1] + r(20, 40)), r(2, 4), _TTH)
        return [(days[0], "exam")] + [(day, "daily") for day in days[1:]]
    if kind == "imaging":
        first = r(10, 60)
        return [(first, "radiology")] + [(first + r(2, 9), "radiology")] * r(0, 1)
    if kind == "pain management":
        start = r(60, 120)
        shots = [start + 14 + i * r(21, 35) for i in range(r(1, 3))]
        return [(start, "exam")] + [(day, "procedure") for day in shots]
    start = r(150, 300)  # surgery: consult, operation, two post-operative checks
    operation = start + r(20, 40)
    return [
        (start, "exam"),
        (operation, "procedure"),
        (operation + 14, "exam"),
        (operation + 42, "exam"),
    ]


def _visit(
    rng: random.Random,
    kind: str,
    note: str,
    date: dt.date,
    regions: list[vocab.Region],
    nth: int,
) -> Visit:
    first = nth == 0
    hurt = rng.sample(regions, min(len(regions), rng.randint(1, 2)))
    if note == "radiology":
        hurt = [regions[nth % len(regions)]]
    complaints = [rng.choice(region.complaints) for region in hurt]
    findings = [rng.choice(region.findings) for region in hurt]
    absent = [r.absent for r in vocab.REGIONS if r not in regions]
    negations = rng.sample(list(vocab.NEGATIONS) + absent, rng.randint(1, 3))
    codes = [rng.choice(region.acute if first else region.later) for region in hurt]
    if kind == "chiropractic":
        codes.append(hurt[0].chiro)
    procedures: list[tuple[str, int]]
    meds: list[str] = []
    restrictions: list[str] = []
    recommendations = rng.sample(vocab.RECOMMENDATIONS[kind], 1)
    if note == "ed":
        xray = "72040" if hurt[0].name == "neck" else "72100"
        procedures = [(rng.choice(["99283", "99284", "99285"]), 1), (xray, 1)]
        procedures += [("96372", 1), ("J1885", 2)] if rng.random() < 0.5 else []
        meds = rng.sample(vocab.MEDICATIONS[:4], 2)
        restrictions = rng.sample(vocab.RESTRICTIONS, 1)
    elif note == "radiology":
        findings, negations = list(hurt[0].impression), []
        procedures, codes = [(hurt[0].imaging[0], 1)], [rng.choice(hurt[0].later)]
    elif note == "procedure":
        procedures = _procedure_codes(rng, kind, hurt[0])
        meds = rng.sample(vocab.MEDICATIONS, 1)
        restrictions = rng.sample(vocab.RESTRICTIONS, 1)
    elif note == "daily" and kind == "chiropractic":
        procedures = [(rng.choice(["98940", "98941", "98942"]), 1)]
        procedures += [(code, 1) for code in rng.sample(["97140", "97012", "G0283"], 2)]
        recommendations, negations = [], negations[:1]
    elif note == "daily":
        procedures = [("97110", rng.randint(2, 3)), ("97140", 1)]
        procedures += [(rng.choice(["97112", "97530", "97014", "97035"]), 1)]
        recommendations, negations = [], negations[:1]
    else:
        new = ["99203", "99204"] if first else ["99213", "99214", "99215"]
        procedures = [(rng.choice(new), 1)]
        if kind not in {"chiropractic", "physical therapy"}:
            meds = rng.sample(vocab.MEDICATIONS, rng.randint(0, 2))
            restrictions = rng.sample(vocab.RESTRICTIONS, rng.randint(0, 1))
        if kind == "chiropractic":
            procedures.append(("98941", 1))
        if kind == "physical therapy":
            procedures = [(rng.choice(["97161", "97162"]), 1), ("97110", 2)]
    return Visit(
        date=date,
        note=note,
        complaints=tuple(dict.fromkeys(complaints)),
        pain=rng.randint(3, 9),
        findings=tuple(dict.fromkeys(findings)),
        negations=tuple(negations),
        diagnoses=tuple(dict.fromkeys(codes)),
        procedures=tuple(procedures),
        medications=tuple(meds),
        restrictions=tuple(restrictions),
        recommendations=tuple(recommendations),
    )


def _procedure_codes(
    rng: random.Random, kind: str, region: vocab.Region
) -> list[tuple[str, int]]:
    if kind == "surgery":
        operation = {"neck": "22551", "knee": "29881"}.get(region.name, "63030")
        return [(operation, 1)]
    if region.name == "neck":
        return [("62321", 1), ("J1030", 1)]
    if region.name == "low back":
        return [("64483", 1), ("77003", 1), ("J1030", 1)]
    return [("20552", 1), ("J3301", rng.randint(1, 4))]


def _prior_visit(rng: random.Random, incident: dt.date) -> Visit:
    complaint, code, finding = rng.choice(vocab.PRIOR_VISITS)
    return Visit(
        date=incident - dt.timedelta(days=rng.randrange(120, 500)),
        note="exam",
        complaints=(complaint,),
        pain=rng.randint(0, 3),
        findings=(finding,),
        negations=tuple(rng.sample(vocab.NEGATIONS, 2)),
        diagnoses=(code,),
        procedures=(("99213", 1),),
        recommendations=("Return in 12 months",),
        pre_incident=True,
        billed=False,  # an injury claim's bills never include earlier care
    )


def _drop_documents(
    rng: random.Random, providers: list[Provider], options: CorpusOptions
) -> list[Provider]:
    """Leaves some visits out of the records, and some out of the bills."""
    changed = {p.index: list(p.visits) for p in providers}
    if rng.random() < options.missing_share:
        many = [p for p in providers if len(p.visits) >= 4]
        if many:
            chosen = rng.choice(many)
            for i in rng.sample(range(1, len(chosen.visits)), rng.randint(1, 2)):
                changed[chosen.index][i] = dataclasses.replace(
                    chosen.visits[i], recorded=False
                )
    if rng.random() < options.missing_share:
        chosen = rng.choice(providers)
        visits = changed[chosen.index]
        dropped = range(len(visits)) if len(visits) <= 2 else [len(visits) - 1]
        for i in dropped:
            if visits[i].recorded:
                visits[i] = dataclasses.replace(visits[i], billed=False)
    return [dataclasses.replace(p, visits=tuple(changed[p.index])) for p in providers]
