"""A fictional, complete context: what a template is previewed and checked with.

Every section is filled, so a preview shows every field a template uses, and a
template that breaks on a long list or an empty one shows it at upload, not on a
client's letter. The people and places are invented.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

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
    Provider,
    Recipient,
    Records,
    Signer,
    SpecialLine,
    Specials,
    SpecialTotals,
    Treatment,
    long_date,
    money,
)

_LETTER_ON = date(2026, 11, 2)
_BILLS = (
    ("Riverside Emergency Physicians", 423_500, 0, 0, "Ex. 2 at 1-2"),
    ("Peachtree Orthopedics, Amara Osei MD", 186_000, 25_000, 11_500, "Ex. 3 at 4"),
    ("Northside Physical Therapy", 312_000, 0, 0, "Ex. 4 at 9-11"),
)


@cache
def sample_context() -> DraftContext:
    lines = [
        SpecialLine(
            provider=provider,
            charges=money(charges),
            charges_cents=charges,
            payments=money(paid),
            payments_cents=paid,
            adjustments=money(adjusted),
            adjustments_cents=adjusted,
            balance=money(charges - paid - adjusted),
            balance_cents=charges - paid - adjusted,
            exhibit=exhibit,
        )
        for provider, charges, paid, adjusted, exhibit in _BILLS
    ]

    def total(attribute: str) -> int:
        return sum(getattr(line, attribute) for line in lines)

    deadline = _LETTER_ON + timedelta(days=30)
    return DraftContext(
        firm=Firm(
            name="Okafor & Webb LLP",
            address_lines=["100 Peachtree Street NW, Suite 2100", "Atlanta, GA 30303"],
            phone="(404) 555-0100",
            email="office@okaforwebb.example",
        ),
        matter=Matter(
            number="2026-0001",
            title="Harper v. Southline Freight Lines",
            jurisdiction="Georgia",
            injury_type="Motor vehicle collision",
        ),
        client=Client(
            name="Renee Harper",
            address_lines=["22 Magnolia Court", "Decatur, GA 30030"],
            phone="(404) 555-0142",
            email="renee.harper@example.com",
            date_of_birth="April 9, 1987",
        ),
        incident=Incident(
            date="2026-03-14",
            date_long="March 14, 2026",
            location="I-285 westbound near exit 33, Atlanta, Georgia",
            facts=(
                "Ms. Harper was stopped in traffic when a Southline Freight Lines "
                "tractor-trailer struck her vehicle from behind."
            ),
            liability=(
                "Your insured's driver was cited for following too closely "
                "(O.C.G.A. 40-6-49); liability is clear."
            ),
        ),
        insurer=Insurer(
            name="Granite Mutual Insurance Company",
            address_lines=["PO Box 4410", "Hartford, CT 06101"],
            claim_number="GM-24-118830",
            insured="Southline Freight Lines, Inc.",
            adjuster="Dana Whitfield",
            adjuster_email="dwhitfield@granitemutual.example",
            adjuster_phone="(860) 555-0199",
        ),
        recipient=Recipient(
            name="Dana Whitfield",
            attention="Granite Mutual Insurance Company",
            address_lines=["PO Box 4410", "Hartford, CT 06101"],
            email="dwhitfield@granitemutual.example",
        ),
        provider=Provider(
            name="Riverside Emergency Physicians",
            address_lines=["1 Riverside Way", "Atlanta, GA 30318"],
            phone="(404) 555-0175",
            fax="(404) 555-0176",
        ),
        records=Records(
            from_date="March 14, 2026",
            to_date="the present",
            description="All medical records and itemized bills.",
            purpose="At the request of the individual.",
            expires="One year from the date signed.",
        ),
        signer=Signer(
            name="Diane Okafor",
            title="Partner",
            is_attorney=True,
            bar_number="GA 555123",
            email="dokafor@okaforwebb.example",
        ),
        letter=Letter(
            date=_LETTER_ON.isoformat(),
            date_long=long_date(_LETTER_ON),
            re="Our client: Renee Harper; Your insured: Southline Freight Lines, Inc.; "
            "Claim No.: GM-24-118830; Date of loss: March 14, 2026",
            response_days=30,
            response_deadline=deadline.isoformat(),
            response_deadline_long=long_date(deadline),
            demand="$150,000.00",
            demand_cents=15_000_000,
            general_damages="Ms. Harper could not lift her daughter for four months.",
            body="Every records request is answered; we are preparing the demand.",
        ),
        treatment=[
            Treatment(
                provider="Riverside Emergency Physicians",
                visit_types="emergency",
                first_visit="March 14, 2026",
                last_visit="March 14, 2026",
                visits=1,
                diagnoses=[
                    Coded(
                        code="S13.4XXA",
                        description="Sprain of ligaments of cervical spine",
                    )
                ],
                procedures=[Coded(code="72040", description="X-ray cervical spine")],
                complaints=["neck pain"],
                summary="Renee Harper was seen in the emergency room on March 14.",
                citations="Ex. 1 at 1-3",
            ),
            Treatment(
                provider="Northside Physical Therapy",
                visit_types="physical therapy",
                first_visit="March 28, 2026",
                last_visit="June 30, 2026",
                visits=18,
                summary="Renee Harper attended 18 physical therapy visits.",
                citations="Ex. 4 at 1-8",
            ),
        ],
        specials=Specials(
            lines=lines,
            total=SpecialTotals(
                charges=money(total("charges_cents")),
                charges_cents=total("charges_cents"),
                payments=money(total("payments_cents")),
                payments_cents=total("payments_cents"),
                adjustments=money(total("adjustments_cents")),
                adjustments_cents=total("adjustments_cents"),
                balance=money(total("balance_cents")),
                balance_cents=total("balance_cents"),
            ),
        ),
        future_care=[
            FutureCare(
                provider="Peachtree Orthopedics, Amara Osei MD",
                date_long="July 15, 2026",
                recommendation="Cervical epidural steroid injection",
                citation="Ex. 3 at 6",
            )
        ],
        exhibits=[
            Exhibit(number=n, label=f"Exhibit {n}", title=title, description=what)
            for n, (title, what) in enumerate(
                (
                    (
                        "Riverside ER records",
                        "Medical records of Riverside Emergency Physicians",
                    ),
                    ("Riverside ER bill", "Bills of Riverside Emergency Physicians"),
                    ("Peachtree Orthopedics records and bill", "Records and bills"),
                    ("Northside PT records and bill", "Records and bills"),
                ),
                start=1,
            )
        ],
    )
