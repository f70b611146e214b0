"""Files as they arrive: records and bills grouped into productions, with cover
letters, affidavits, Bates numbers, fax banners, and some files scanned."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from paradesk.engines.medchron.corpus import vocabulary as vocab
from paradesk.engines.medchron.corpus.bills import Bill, compose_bill, plan_bill
from paradesk.engines.medchron.corpus.models import (
    CasePlan,
    CorpusOptions,
    Provider,
    seeded,
)
from paradesk.engines.medchron.corpus.planning import plan_case
from paradesk.engines.medchron.corpus.records import compose_records, front_page
from paradesk.engines.medchron.corpus.typeset import (
    DATE_STYLES,
    NAME_STYLES,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Section,
    Sheet,
    Style,
    Text,
)

Part = tuple[str, int]  # ("records" or "bill", provider index)


@dataclass(frozen=True)
class Scan:
    """How a file is "scanned": resolution, skew in degrees, 1-bit or grayscale."""

    dpi: int
    angle: float
    bilevel: bool
    seed: int


@dataclass(frozen=True)
class Production:
    """One file: its pages and where each cited line is (key, 1-based page, quote)."""

    name: str
    sheets: tuple[Sheet, ...]
    cites: tuple[tuple[str, int, str], ...]
    scan: Scan | None


@dataclass(frozen=True)
class Composed:
    """A case laid out page by page, before any PDF is written."""

    plan: CasePlan
    productions: tuple[Production, ...]
    bills: tuple[Bill, ...]


@dataclass
class _Spec:
    parts: list[Part]
    source: str  # provider | bates | insurer
    scanned: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def compose_case(seed: int, options: CorpusOptions) -> Composed:
    """Plans a case and lays out every file of it, without writing PDFs.

    Args:
        seed: the case's seed.
        options: how often the hard cases happen.

    Returns:
        The plan, the files as pages with citations, and the bills.
    """
    plan = plan_case(seed, options)
    rng = seeded(seed, "files")
    bills = {p.index: plan_bill(p, options, rng) for p in plan.providers}
    specs = _group(plan, bills, rng)
    for spec in specs:
        spec.scanned = rng.random() < options.scanned_share
    sections: dict[Part, Section] = {}
    for part in dict.fromkeys(part for spec in specs for part in spec.parts):
        scanned = any(part in spec.parts and spec.scanned for spec in specs)
        style = _style(rng, scanned=scanned)
        provider = plan.providers[part[1]]
        bill = bills[part[1]]
        if part[0] == "records":
            sections[part] = compose_records(plan, provider, style, rng)
        elif bill is not None:
            sections[part] = compose_bill(plan, bill, style, rng)
    productions: list[Production] = []
    names: set[str] = set()
    for spec in specs:
        production = _produce(plan, spec, sections, bills, rng, names)
        names.add(production.name)
        productions.append(production)
    kept = tuple(bill for bill in bills.values() if bill is not None)
    return Composed(plan, tuple(productions), kept)


def _style(rng: random.Random, *, scanned: bool) -> Style:
    # Scanned pages keep body text at 10.5 pt or more so OCR can read it.
    return Style(
        family=rng.choice(["Helvetica", "Times", "Courier"]),
        size=rng.choice([10.5, 11.0, 12.0] if scanned else [9.0, 9.5, 10.0, 11.0]),
        dates=rng.randrange(DATE_STYLES),
        names=rng.randrange(NAME_STYLES),
        money=rng.randrange(4),
    )


def _group(
    plan: CasePlan, bills: dict[int, Bill | None], rng: random.Random
) -> list[_Spec]:
    """Which parts go into which file: mostly one provider per file, sometimes not."""
    recorded = [p.index for p in plan.providers if any(v.recorded for v in p.visits)]
    specs: list[_Spec] = []
    together: list[int] = []
    if len(recorded) >= 3 and rng.random() < 0.35:
        together = rng.sample(recorded, 2)
        parts: list[Part] = [("records", i) for i in together]
        parts += [
            ("bill", i) for i in together if bills[i] is not None and rng.random() < 0.5
        ]
        specs.append(_Spec(parts, "bates"))
    billed_in = {i for spec in specs for kind, i in spec.parts if kind == "bill"}
    for provider in plan.providers:
        i = provider.index
        if i in recorded and i not in together:
            if bills[i] is not None and rng.random() < 0.35:
                specs.append(_Spec([("records", i), ("bill", i)], "provider"))
                billed_in.add(i)
            else:
                specs.append(_Spec([("records", i)], "provider"))
        if bills[i] is not None and i not in billed_in:
            specs.append(_Spec([("bill", i)], "provider"))
    if plan.duplicate is not None:
        i = plan.duplicate
        again: list[Part] = [("records", i)]
        again += [("bill", i)] if bills[i] is not None and rng.random() < 0.5 else []
        specs.append(_Spec(again, "insurer"))
    return specs


def _produce(
    plan: CasePlan,
    spec: _Spec,
    sections: dict[Part, Section],
    bills: dict[int, Bill | None],
    rng: random.Random,
    taken: set[str],
) -> Production:
    first = plan.providers[spec.parts[0][1]]
    style = _style(rng, scanned=spec.scanned)
    body = [sections[part] for part in spec.parts if part in sections]
    pages = sum(len(section.sheets) for section in body)
    front: list[Section] = []
    back: list[Section] = []
    if spec.source != "provider" or rng.random() < 0.4:
        claim = f"{rng.choice(vocab.INSURERS)} - Claim {rng.randrange(10**6, 10**7)}"
        sender = {"bates": rng.choice(vocab.LAW_FIRMS), "insurer": claim}.get(
            spec.source, f"{first.facility} - Health Information Management"
        )
        front.append(front_page(plan, first, style, rng, sender=sender))
    if (
        spec.source == "provider"
        and spec.parts[0][0] == "records"
        and rng.random() < 0.3
    ):
        (front if rng.random() < 0.5 else back).append(
            front_page(plan, first, style, rng, pages=pages)
        )
    sheets: list[Sheet] = []
    cites: list[tuple[str, int, str]] = []
    for section in [*front, *body, *back]:
        cites += [
            (key, len(sheets) + index + 1, quote) for key, index, quote in section.cites
        ]
        sheets += [list(sheet) for sheet in section.sheets]
    start = rng.randrange(1, 900)
    if spec.source != "provider":
        prefix = plan.claimant.last.upper() if spec.source == "bates" else "CLM"
        joint = rng.choice(["-", " ", ""])
        for number, sheet in enumerate(sheets, start=start):
            sheet.append(
                Text(
                    PAGE_WIDTH - 40,
                    22,
                    f"{prefix}{joint}{number:06d}",
                    "Helvetica-Bold",
                    9,
                    "right",
                )
            )
    if rng.random() < 0.3:
        _fax(plan, first, sheets, rng)
    name = _file_name(plan, spec, bills, rng, start, len(sheets))
    while name in taken:
        name = name.replace(".pdf", " (2).pdf")
    scan = None
    if spec.scanned:
        dpi = rng.choice([300, 300, 200])
        scan = Scan(
            dpi,
            rng.uniform(-1.5, 1.5),
            dpi == 300 and rng.random() < 0.6,
            rng.randrange(10**9),
        )
    return Production(name, tuple(sheets), tuple(cites), scan)


def _fax(
    plan: CasePlan, provider: Provider, sheets: list[Sheet], rng: random.Random
) -> None:
    sent = max(v.date for v in provider.visits) + dt.timedelta(
        days=rng.randrange(30, 200)
    )
    clock = f"{rng.randrange(7, 18):02d}:{rng.randrange(60):02d}"
    for number, sheet in enumerate(sheets, start=1):
        banner = (
            f"{sent:%m/%d/%Y} {clock} FROM: {provider.facility} HIM  TO: 5550142277  "
            f"P.{number:03d}/{len(sheets):03d}"
        )
        sheet.append(Text(36, PAGE_HEIGHT - 20, banner, "Courier", 8))


def _file_name(
    plan: CasePlan,
    spec: _Spec,
    bills: dict[int, Bill | None],
    rng: random.Random,
    start: int,
    pages: int,
) -> str:
    provider = plan.providers[spec.parts[0][1]]
    word = vocab.FILE_WORDS[provider.kind]
    place = provider.city.replace(" ", "")
    if spec.source != "provider":
        prefix = plan.claimant.last.upper() if spec.source == "bates" else "CLM"
        if spec.source == "insurer" and rng.random() < 0.5:
            return f"Insurer production - {provider.facility}.pdf"
        return f"Bates {prefix} {start:06d}-{start + pages - 1:06d}.pdf"
    kinds = {kind for kind, _ in spec.parts}
    if kinds == {"records", "bill"}:
        return f"{word}_records_and_bills_{place}.pdf"
    if "records" in kinds:
        return rng.choice(
            [
                f"{word}_Records_{place}.pdf",
                f"{provider.facility} - Medical Records.pdf",
                f"{plan.claimant.last} {word} records.pdf",
            ]
        )
    bill = bills[provider.index]
    form = bill.form if bill else "statement"
    return {
        "ub04": f"UB04_{place}.pdf",
        "cms1500": f"HCFA_{word}_{place}.pdf",
        "ledger": f"{place} ledger.pdf",
    }.get(
        form,
        rng.choice(
            [f"bills_{word}.pdf", f"Itemized Statement - {provider.facility}.pdf"]
        ),
    )
