"""A demand letter's context from an approved chronology and the matter's facts.

The medical sections come only from the chronology: treatment per provider with page
citations to the exhibits, the specials table from its bills, future care from its
recommendations. Every amount is the chronology's own integer cents, formatted once;
nothing is re-added here except a check that the bills add up to the chronology's
totals (a mismatch refuses the letter rather than print two different numbers).

The attorney's part (facts, liability, general damages, the demand) comes in
`DemandInputs`, the `MATTER.json` of `paradesk draft demand` (docs/drafting.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from paradesk.engines.drafting.context import (
    Client,
    Coded,
    DraftContext,
    Exhibit,
    Firm,
    FutureCare,
    Incident,
    Insurer,
    Letter,
    Matter,
    Recipient,
    Signer,
    SpecialLine,
    Specials,
    SpecialTotals,
    Treatment,
    long_date,
    money,
)
from paradesk.engines.drafting.exceptions import ContextError
from paradesk.engines.medchron.models import Chronology, Citation, Encounter

MATTER_SCHEMA: Final = "paradesk.draft-matter/1"
DEFAULT_RESPONSE_DAYS = 30
DEMAND_PLACEHOLDER = "[demand amount to be entered by the attorney]"
GENERAL_DAMAGES_PLACEHOLDER = (
    "[General damages: the attorney describes pain and suffering, loss of enjoyment "
    "of life and the other non-economic harm here.]"
)
UNIDENTIFIED = "Unidentified provider"


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class IncidentInput(_Input):
    # `dt.date`, not `date`: inside the class body the field named `date` (default
    # None) shadows the type when pydantic evaluates the postponed annotation.
    date: dt.date | None = None
    location: str = ""
    facts: str = ""
    liability: str = ""


class LetterInput(_Input):
    date: dt.date
    demand_cents: int = Field(default=0, ge=0)
    response_days: int = Field(default=DEFAULT_RESPONSE_DAYS, ge=1, le=365)
    general_damages: str = ""
    re: str = ""


class DemandInputs(_Input):
    """What the chronology cannot say: the firm, the parties, the attorney's words."""

    schema_: Literal["paradesk.draft-matter/1"] = Field(
        default=MATTER_SCHEMA, alias="schema"
    )
    firm: Firm = Field(default_factory=Firm)
    matter: Matter = Field(default_factory=Matter)
    client: Client = Field(default_factory=Client)
    incident: IncidentInput = Field(default_factory=IncidentInput)
    insurer: Insurer = Field(default_factory=Insurer)
    recipient: Recipient | None = None
    signer: Signer = Field(default_factory=Signer)
    letter: LetterInput
    # Document file name -> how the exhibits list names it (default: the file name).
    exhibit_titles: dict[str, str] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


@dataclass(frozen=True)
class Demand:
    context: DraftContext
    warnings: tuple[str, ...]


def insurer_recipient(insurer: Insurer) -> Recipient:
    """A letter to the insurer, for the adjuster's attention (the usual layout)."""
    return Recipient(
        name=insurer.name or insurer.adjuster,
        attention=insurer.adjuster if insurer.name else "",
        address_lines=insurer.address_lines,
        email=insurer.adjuster_email,
    )


def response_deadline(letter_on: date, days: int = DEFAULT_RESPONSE_DAYS) -> date:
    """The day a response is due: `days` calendar days after the letter's date."""
    return letter_on + timedelta(days=days)


class _Exhibits:
    """Source documents numbered in the order the letter first relies on them."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self.numbers: dict[str, int] = {}
        self.uses: dict[str, dict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )

    def note(self, citation: Citation, provider: str, use: str) -> int:
        number = self.numbers.setdefault(citation.document, len(self.numbers) + 1)
        self.uses[citation.document][use].add(provider)
        return number

    def cite(self, citations: tuple[Citation, ...], provider: str, use: str) -> str:
        """ "Ex. 1 at 2-3, 7; Ex. 4 at 1": each exhibit once, its pages in order."""
        pages: dict[int, set[int]] = defaultdict(set)
        for citation in citations:
            pages[self.note(citation, provider, use)].add(citation.page)
        return "; ".join(
            f"Ex. {number} at {_page_ranges(sorted(found))}"
            for number, found in sorted(pages.items())
        )

    def listed(self) -> list[Exhibit]:
        exhibits = []
        for name, number in sorted(self.numbers.items(), key=lambda item: item[1]):
            uses = self.uses[name]
            parts = [
                f"{label} of {', '.join(sorted(uses[use]))}"
                for use, label in (("records", "Medical records"), ("bills", "Bills"))
                if uses.get(use)
            ]
            exhibits.append(
                Exhibit(
                    number=number,
                    label=f"Exhibit {number}",
                    title=self.titles.get(name) or PurePath(name).name,
                    description="; ".join(parts),
                )
            )
        return exhibits


def _page_ranges(pages: list[int]) -> str:
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(
        str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs
    )


def _unique_coded(encounters: list[Encounter], attribute: str) -> list[Coded]:
    seen: dict[tuple[str, str], Coded] = {}
    for encounter in encounters:
        for item in getattr(encounter, attribute):
            key = ((item.code or "").upper(), (item.description or "").lower())
            if key not in seen and any(key):
                seen[key] = Coded(
                    code=item.code or "", description=item.description or ""
                )
    return list(seen.values())


def _treatment(
    encounters: list[Encounter], exhibits: _Exhibits, client: str
) -> tuple[list[Treatment], list[FutureCare]]:
    by_provider: dict[str, list[Encounter]] = defaultdict(list)
    for encounter in encounters:
        by_provider[encounter.provider or UNIDENTIFIED].append(encounter)
    treatment: list[Treatment] = []
    future: list[FutureCare] = []
    for provider, visits in by_provider.items():
        dated = [visit.date for visit in visits if visit.date]
        types = list(dict.fromkeys(v.visit_type for v in visits if v.visit_type))
        citations = tuple(citation for visit in visits for citation in visit.citations)
        first, last = (min(dated), max(dated)) if dated else (None, None)
        span = (
            f"on {long_date(first)}"
            if first == last
            else f"from {long_date(first)} through {long_date(last)}"
        )
        count = f"{len(visits)} visit{'s' if len(visits) != 1 else ''}"
        summary = f"{client or 'Our client'} was seen by {provider} {span} ({count})"
        summary += f" for {' and '.join(types)} care." if types else "."
        complaints = list(
            dict.fromkeys(fact.text for visit in visits for fact in visit.complaints)
        )
        treatment.append(
            Treatment(
                provider=provider,
                visit_types=", ".join(types),
                first_visit=long_date(first),
                last_visit=long_date(last),
                visits=len(visits),
                diagnoses=_unique_coded(visits, "diagnoses"),
                procedures=_unique_coded(visits, "procedures"),
                complaints=complaints[:8],
                summary=summary if dated else summary.replace(f" {span}", ""),
                citations=exhibits.cite(citations, provider, "records"),
            )
        )
        for visit in visits:
            for fact in visit.recommendations:
                future.append(
                    FutureCare(
                        provider=provider,
                        date_long=long_date(visit.date),
                        # Templates punctuate after it ("..., recommended by").
                        recommendation=fact.text.rstrip(" ."),
                        citation=exhibits.cite((fact.citation,), provider, "records"),
                    )
                )
    return treatment, future


def _specials(chronology: Chronology, exhibits: _Exhibits) -> Specials:
    lines = []
    for bill in chronology.bills:
        citations = tuple(line.citation for line in bill.lines)
        lines.append(
            SpecialLine(
                provider=bill.provider,
                charges=money(bill.charges_cents),
                charges_cents=bill.charges_cents,
                payments=money(bill.payments_cents),
                payments_cents=bill.payments_cents,
                adjustments=money(bill.adjustments_cents),
                adjustments_cents=bill.adjustments_cents,
                balance=money(bill.balance_cents),
                balance_cents=bill.balance_cents,
                reconciled=bill.reconciled,
                exhibit=exhibits.cite(citations, bill.provider, "bills"),
            )
        )
    totals = chronology.totals
    added = (
        sum(line.charges_cents for line in lines),
        sum(line.payments_cents for line in lines),
        sum(line.adjustments_cents for line in lines),
        sum(line.balance_cents for line in lines),
    )
    stated = (
        totals.charges_cents,
        totals.payments_cents,
        totals.adjustments_cents,
        totals.balance_cents,
    )
    if added != stated:
        raise ContextError(
            "The chronology's bills do not add up to its totals "
            f"(charges {money(added[0])} against {money(stated[0])}); rebuild or "
            "correct the chronology before drafting the demand."
        )
    return Specials(
        lines=lines,
        total=SpecialTotals(
            charges=money(totals.charges_cents),
            charges_cents=totals.charges_cents,
            payments=money(totals.payments_cents),
            payments_cents=totals.payments_cents,
            adjustments=money(totals.adjustments_cents),
            adjustments_cents=totals.adjustments_cents,
            balance=money(totals.balance_cents),
            balance_cents=totals.balance_cents,
        ),
    )


def _warnings(chronology: Chronology, excluded: int, inputs: DemandInputs) -> list[str]:
    warnings: list[str] = []
    if excluded:
        warnings.append(
            f"{excluded} pre-incident visit{'s are' if excluded != 1 else ' is'} left "
            "out of the treatment summary."
        )
    for bill in chronology.bills:
        if not bill.reconciled:
            warnings.append(
                f"{bill.provider}'s bill does not reconcile with its stated total; "
                "check it before sending."
            )
    for item in chronology.missing:
        what = "bill" if item.kind == "bill" else "record"
        when = long_date(item.date) or "an undated visit"
        warnings.append(f"No {what} from {item.provider} for {when}.")
    unverified = sum(
        1
        for encounter in chronology.encounters
        for citation in encounter.citations
        if not citation.verified
    )
    if unverified:
        warnings.append(f"{unverified} citation(s) in the chronology are unverified.")
    if not inputs.letter.demand_cents:
        warnings.append("No demand amount yet: the attorney enters it.")
    if not inputs.letter.general_damages:
        warnings.append(
            "General damages are not written yet: the attorney writes them."
        )
    return warnings


def build_demand(chronology: Chronology, inputs: DemandInputs) -> Demand:
    """The demand letter's full context, and what a reviewer should look at.

    Raises:
        ContextError: the chronology's bills disagree with its totals.
    """
    exhibits = _Exhibits(inputs.exhibit_titles)
    ordered = sorted(
        chronology.encounters,
        key=lambda item: (item.date is None, item.date or date.min),
    )
    treated = [encounter for encounter in ordered if not encounter.pre_incident]
    treatment, future = _treatment(treated, exhibits, inputs.client.name)
    specials = _specials(chronology, exhibits)
    letter_in = inputs.letter
    incident_on = inputs.incident.date or chronology.incident_date
    deadline = response_deadline(letter_in.date, letter_in.response_days)
    insurer = inputs.insurer
    recipient = inputs.recipient or insurer_recipient(insurer)
    # Empty unless the attorney wrote one: the template then prints its own
    # structured block (client, insured, claim number, date of loss, file).
    re_line = letter_in.re
    context = DraftContext(
        firm=inputs.firm,
        matter=inputs.matter,
        client=inputs.client,
        incident=Incident(
            date=incident_on.isoformat() if incident_on else "",
            date_long=long_date(incident_on),
            location=inputs.incident.location,
            facts=inputs.incident.facts,
            liability=inputs.incident.liability,
        ),
        insurer=insurer,
        recipient=recipient,
        signer=inputs.signer,
        letter=Letter(
            date=letter_in.date.isoformat(),
            date_long=long_date(letter_in.date),
            re=re_line,
            response_days=letter_in.response_days,
            response_deadline=deadline.isoformat(),
            response_deadline_long=long_date(deadline),
            demand=money(letter_in.demand_cents)
            if letter_in.demand_cents
            else DEMAND_PLACEHOLDER,
            demand_cents=letter_in.demand_cents,
            general_damages=letter_in.general_damages or GENERAL_DAMAGES_PLACEHOLDER,
        ),
        treatment=treatment,
        specials=specials,
        future_care=future,
        exhibits=exhibits.listed(),
    )
    excluded = len(ordered) - len(treated)
    return Demand(
        context=context, warnings=tuple(_warnings(chronology, excluded, inputs))
    )
