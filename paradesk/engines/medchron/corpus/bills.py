"""Bills: itemized statements, account ledgers, CMS-1500 and UB-04 style claims."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from paradesk.engines.medchron.corpus import vocabulary as vocab
from paradesk.engines.medchron.corpus.models import CasePlan, CorpusOptions, Provider
from paradesk.engines.medchron.corpus.records import heading
from paradesk.engines.medchron.corpus.typeset import (
    Pager,
    Section,
    Style,
    date_text,
    lines,
    money_text,
    name_text,
    numeric_dates,
)

_FACILITY_KINDS = {"emergency", "imaging", "surgery"}
_CMS_LINES = 6  # service lines on one CMS-1500 form
# Billing systems keep short charge descriptions: cut to fit the form's column.
_DESCRIPTION_WIDTH = {"statement": 32, "ledger": 26}

_HEADING = """
    ^## {title}
    @0 Patient: {c.first} {c.last} @270 Account #: {bill.account}
    @0 Date of birth: {dob} @270 Statement date: {printed}
    {provider_label}: {clinician}
"""
# form -> (heading, column heads, charge row, credit row, totals)
_FORMS = {
    "statement": (
        _HEADING,
        "#@0 DOS @84 CPT @128 Description @>414 Units @>504 Charge",
        "@0 {day} @84 {line.code} @128 {line.description} @>414 {line.units} \
            @>504 {amount}",
        "",
        """
        ^#@300 TOTAL CHARGES @>504 {total}
        @300 Less payments @>504 {paid_credit}
        @300 Less adjustments @>504 {adjusted_credit}
        #@300 BALANCE DUE @>504 {balance}
        """,
    ),
    "ledger": (
        _HEADING,
        "%#@0 Date @72 Code @110 Description @>340 Charges @>422 Credits @>504 Balance",
        "%@0 {day} @72 {line.code} @110 {line.description} @>340 {amount} \
            @>504 {running}",
        "%@0 {day} @110 {line.label} @>422 {credit} @>504 {running}",
        """
        ^#@250 Total charges: @>504 {total}
        @250 Total payments: @>504 {paid}
        @250 Total adjustments: @>504 {adjusted}
        #@250 Balance due: @>504 {balance}
        """,
    ),
    "cms1500": (
        """
        ~## HEALTH INSURANCE CLAIM FORM
        % 1. MEDICARE MEDICAID TRICARE CHAMPVA GROUP HEALTH PLAN [X] OTHER
        @0 2. PATIENT'S NAME: {patient} @300 3. BIRTH DATE: {c.dob:%m %d %Y}
        10b. AUTO ACCIDENT? [X] YES 14. DATE OF INJURY: {plan.incident:%m %d %y}
        17. REFERRING PROVIDER: DN {referrer.first} {referrer.last}
        21. DIAGNOSIS: {diagnoses}
        """,
        "^%#@0 24A. DOS FROM TO @125 B. POS @170 D. CPT @228 E. DX @>340 F. CHARGES \
            @352 G. UNITS @405 J. NPI",
        "%@0 {line.date:%m %d %y} {line.date:%m %d %y} @125 {place} @170 {line.code} \
            @228 A @>340 {amount} @352 {line.units} @405 {npi}",
        "",
        """
        ^@0 26. PATIENT'S ACCOUNT NO. {bill.account} @270 28. TOTAL CHARGE $ {total}
        @270 29. AMOUNT PAID $ {paid}
        ^31. SIGNATURE OF PHYSICIAN OR SUPPLIER: {signer} DATE {signed:%m %d %Y}
        32. SERVICE FACILITY LOCATION: {p.facility}, {p.address}
        33. BILLING PROVIDER INFO & PH #: {p.facility} {p.phone}
        """,
    ),
    "ub04": (
        """
        @0 1 {facility} @340 3a PAT CNTL # {bill.account}
        @0 {p.address} @340 4 TYPE OF BILL 0131
        @0 8 PATIENT NAME {patient} @340 10 BIRTHDATE {c.dob:%m%d%Y}
        6 STATEMENT COVERS PERIOD FROM {first:%m%d%y} THROUGH {last:%m%d%y}
        31 OCCURRENCE CODE 01 DATE {plan.incident:%m%d%y} (accident/medical coverage)
        """,
        "%#@0 42 REV CD @60 43 DESCRIPTION @210 44 HCPCS @270 45 DATE @>380 46 UNITS \
            @>504 47 TOTAL CHARGES",
        "@0 {line.revenue} @60 {line.description} @210 {line.code} \
            @270 {line.date:%m%d%y} @>380 {line.units} @>504 {amount}",
        "",
        """
        ^#@0 0001 @60 PAGE 1 OF 1 @200 CREATION DATE {signed:%m%d%y} @360 TOTALS \
            @>504 {total}
        ^67 PRIN DX {principal} OTHER DX {others}
        76 ATTENDING NPI {npi} LAST {p.clinician.last} FIRST {p.clinician.first}
        """,
    ),
}


@dataclass(frozen=True)
class BillLine:
    """One charge as printed; `description` is None where the form prints none."""

    key: str
    date: dt.date
    code: str
    description: str | None
    cents: int
    units: int
    revenue: str


@dataclass(frozen=True)
class Credit:
    """A payment or an adjustment on an account."""

    date: dt.date
    label: str
    cents: int
    payment: bool


@dataclass(frozen=True)
class Bill:
    """One provider's bill, in one of four forms."""

    provider: Provider
    form: str  # statement | ledger | cms1500 | ub04
    lines: tuple[BillLine, ...]
    credits: tuple[Credit, ...]
    stated_total: int
    account: str

    @property
    def charges(self) -> int:
        """The sum of the charge lines."""
        return sum(line.cents for line in self.lines)

    def credited(self, *, payment: bool) -> int:
        """The sum of payments (or of adjustments), as a positive number."""
        return sum(c.cents for c in self.credits if c.payment == payment)


def plan_bill(
    provider: Provider, options: CorpusOptions, rng: random.Random
) -> Bill | None:
    """Prices a provider's billed visits and picks the bill's form.

    Returns:
        The bill, or None when no visit of the provider is billed.
    """
    visits = [visit for visit in provider.visits if visit.billed]
    if not visits:
        return None
    forms = ["statement", "ledger"]
    forms += ["ub04", "ub04"] if provider.kind in _FACILITY_KINDS else []
    forms += ["cms1500"] if sum(len(v.procedures) for v in visits) <= _CMS_LINES else []
    form = rng.choice(forms)
    factor, odd, upper = rng.uniform(0.85, 1.35), rng.random() < 0.4, rng.random() < 0.4
    prices: dict[str, int] = {}
    items: list[BillLine] = []
    for visit in visits:
        for code, units in visit.procedures:
            fee = vocab.PROCEDURES[code][1] * factor
            extra = rng.choice([0, 50, 25, 99]) if odd and fee else 0
            price = prices.setdefault(code, round(fee) * 100 + extra)
            revenue = vocab.REVENUE_CODES.get(code, "0510")
            text = vocab.PROCEDURES[code][0][: _DESCRIPTION_WIDTH.get(form)].rstrip(
                " ,"
            )
            shown = {"ub04": vocab.REVENUE_NAMES[revenue], "cms1500": None}.get(
                form, text.upper() if upper else text
            )
            key = f"b{provider.index}:{len(items)}"
            items.append(
                BillLine(key, visit.date, code, shown, price * units, units, revenue)
            )
    charges = sum(item.cents for item in items)
    stated = charges
    if rng.random() < options.mismatch_share:
        # A page of charges left out of the production, or a keying slip.
        stated += rng.choice(
            [max(prices.values()) or 100, 1000, -round(charges * 0.1) or -100]
        )
    account = str(rng.randrange(10**5, 10**7))
    return Bill(
        provider,
        form,
        tuple(items),
        _credits(form, charges, items[-1].date, rng),
        stated,
        account,
    )


def _credits(
    form: str, charges: int, last: dt.date, rng: random.Random
) -> tuple[Credit, ...]:
    if form == "ub04" or rng.random() < 0.35:
        return ()
    if form == "cms1500":
        return (
            Credit(last, "Amount paid", rng.choice([2500, 4000, 5000]), payment=True),
        )
    paid = last + dt.timedelta(days=rng.randrange(25, 70))
    credits = [
        Credit(
            paid,
            f"INS PMT - {rng.choice(vocab.INSURERS)}",
            round(charges * rng.uniform(0.3, 0.6)),
            True,
        ),
        Credit(
            paid, "Contractual adj", round(charges * rng.uniform(0.08, 0.25)), False
        ),
    ]
    if rng.random() < 0.5:
        credits.append(
            Credit(paid + dt.timedelta(days=9), "Patient payment", 5000, True)
        )
    if rng.random() < 0.3:
        credits.append(Credit(paid + dt.timedelta(days=40), "Write-off", 1875, False))
    return tuple(credits)


def compose_bill(
    plan: CasePlan, bill: Bill, style: Style, rng: random.Random
) -> Section:
    """Lays out `bill` in its form; each charge line is cited where it lands."""
    style = numeric_dates(style)
    head, columns, charge, credit, foot = _FORMS[bill.form]
    c, p = plan.claimant, bill.provider
    money: Callable[[int], str] = {
        "cms1500": lambda cents: f"{cents // 100} {cents % 100:02d}",  # two boxes
        "ub04": lambda cents: money_text(cents, 2),
    }.get(bill.form, lambda cents: money_text(cents, style.money))
    paid, adjusted = bill.credited(payment=True), bill.credited(payment=False)
    # Claim forms print diagnosis codes without the dot.
    codes = [k.replace(".", "") for v in p.visits if v.billed for k in v.diagnoses]
    codes = list(dict.fromkeys(codes))[:12]
    last = bill.lines[-1].date
    values = {
        "plan": plan,
        "c": c,
        "p": p,
        "bill": bill,
        "title": "ITEMIZED STATEMENT" if bill.form == "statement" else "ACCOUNT LEDGER",
        "dob": date_text(c.dob, style.dates),
        "printed": date_text(last + dt.timedelta(rng.randrange(60, 240)), style.dates),
        "provider_label": rng.choice(["Rendering provider", "Provider", "Physician"]),
        "clinician": name_text(p.clinician, style.names),
        "signer": name_text(p.clinician, 3),
        "patient": f"{c.last}, {c.first}".upper(),
        "facility": p.facility.upper(),
        "referrer": p.referrer or plan.bystanders[2],
        "diagnoses": " ".join(f"{'ABCDEFGHIJKL'[i]}. {k}" for i, k in enumerate(codes)),
        "principal": codes[0],
        "others": " ".join(codes[1:4]) or "NONE",
        "first": bill.lines[0].date,
        "last": last,
        "signed": last + dt.timedelta(days=rng.randrange(3, 30)),
        "npi": str(rng.randrange(10**9, 10**10)),
        "place": "23" if p.kind == "emergency" else "11",
        "total": money(bill.stated_total),
        "paid": money(paid),
        "adjusted": money(adjusted),
        "paid_credit": money_text(paid, style.money, credit=True) if paid else "",
        "adjusted_credit": money_text(adjusted, style.money, credit=True)
        if adjusted
        else "",
        "balance": money(bill.stated_total - paid - adjusted),
    }
    running = lines(columns)
    pager = Pager(style, running)
    top = heading(p, rng.randrange(3)) if head is _HEADING else []
    pager.emit([*top, *lines(head, values), *running])
    entries: list[tuple[dt.date, int, BillLine | Credit]] = [
        (line.date, 0, line) for line in bill.lines
    ]
    entries += [(item.date, 1, item) for item in bill.credits] if credit else []
    balance = 0
    for when, _, entry in sorted(entries, key=lambda entry: entry[:2]):
        is_charge = isinstance(entry, BillLine)
        balance += entry.cents if is_charge else -entry.cents
        row_values = {
            **values,
            "line": entry,
            "day": date_text(when, style.dates),
            "amount": money(entry.cents),
            "credit": money_text(entry.cents, style.money, credit=True),
            "running": money_text(balance, style.money),
        }
        key = entry.key if isinstance(entry, BillLine) else None
        pager.emit(lines(charge if is_charge else credit, row_values, cite=key))
    pager.emit(lines(foot, values), keep=True)
    return pager.finish(["Page {page} of {pages}"] if top else None)
