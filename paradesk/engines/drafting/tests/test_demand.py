"""The demand letter's context from a real chronology: every amount the chronology's
to the cent, pre-incident care left out, exhibits cited by page, the attorney's part."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from docx import Document
from pydantic import ValidationError

from paradesk.engines.drafting import builtin
from paradesk.engines.drafting.context import Client, Insurer, Recipient, Signer
from paradesk.engines.drafting.demand import (
    DEMAND_PLACEHOLDER,
    GENERAL_DAMAGES_PLACEHOLDER,
    DemandInputs,
    LetterInput,
    build_demand,
    response_deadline,
)
from paradesk.engines.drafting.exceptions import ContextError
from paradesk.engines.drafting.render import document_text, render
from paradesk.engines.medchron import pipeline
from paradesk.engines.medchron.assemble import summarise
from paradesk.engines.medchron.models import (
    Bill,
    BillLine,
    Chronology,
    Citation,
    Encounter,
    EntryKind,
    PageText,
    Totals,
)
from paradesk.engines.medchron.samples import SAMPLE_FILES

INCIDENT = date(2024, 3, 1)
LETTER_ON = date(2024, 9, 16)


@pytest.fixture(scope="module")
def chronology() -> Chronology:
    """The engine's chronology of the sample records and bills."""
    return pipeline.build(
        [
            (name, [PageText(name, n, text) for n, text in enumerate(pages, 1)])
            for name, pages in SAMPLE_FILES.items()
        ],
        incident_date=INCIDENT,
    )


def _inputs(**letter: object) -> DemandInputs:
    return DemandInputs(
        client=Client(name="John Harper"),
        insurer=Insurer(
            name="Granite Mutual",
            claim_number="GM-1",
            insured="Southline Freight",
            adjuster="Dana Whitfield",
            adjuster_email="dw@granite.example",
            address_lines=["PO Box 1", "Hartford, CT 06101"],
        ),
        signer=Signer(name="Diane Okafor", is_attorney=True, title="Partner"),
        letter=LetterInput.model_validate({"date": LETTER_ON, **letter}),
    )


def _cents(text: str) -> int:
    """ "$1,234.56" -> 123456; "-$5.00" -> -500."""
    found = re.fullmatch(r"(-?)\$(\d{1,3}(?:,\d{3})*)\.(\d{2})", text.strip())
    assert found, f"not an amount: {text!r}"
    sign, dollars, cents = found.groups()
    value = int(dollars.replace(",", "")) * 100 + int(cents)
    return -value if sign else value


def test_every_specials_line_is_its_bill_to_the_cent(chronology: Chronology) -> None:
    specials = build_demand(chronology, _inputs()).context.specials

    assert len(chronology.bills) == 3
    assert len(specials.lines) == len(chronology.bills)
    for line, bill in zip(specials.lines, chronology.bills, strict=True):
        assert line.provider == bill.provider
        assert (
            line.charges_cents,
            line.payments_cents,
            line.adjustments_cents,
            line.balance_cents,
        ) == (
            bill.charges_cents,
            bill.payments_cents,
            bill.adjustments_cents,
            bill.balance_cents,
        )
        assert [
            _cents(line.charges),
            _cents(line.payments),
            _cents(line.adjustments),
            _cents(line.balance),
        ] == [
            bill.charges_cents,
            bill.payments_cents,
            bill.adjustments_cents,
            bill.balance_cents,
        ]
        assert line.reconciled is bill.reconciled


def test_the_totals_are_the_chronologys_to_the_cent(chronology: Chronology) -> None:
    total = build_demand(chronology, _inputs()).context.specials.total
    stated = chronology.totals

    assert (
        total.charges_cents,
        total.payments_cents,
        total.adjustments_cents,
        total.balance_cents,
    ) == (
        stated.charges_cents,
        stated.payments_cents,
        stated.adjustments_cents,
        stated.balance_cents,
    )
    assert [
        _cents(total.charges),
        _cents(total.payments),
        _cents(total.adjustments),
        _cents(total.balance),
    ] == [
        stated.charges_cents,
        stated.payments_cents,
        stated.adjustments_cents,
        stated.balance_cents,
    ]
    # The sample bills: ER $2,262.50 + PT $635.00 + ortho $1,550.00.
    assert stated.charges_cents == 444_750


def test_pre_incident_care_is_left_out_with_a_warning(chronology: Chronology) -> None:
    old = [e for e in chronology.encounters if e.pre_incident]
    assert [e.provider for e in old] == ["Robert Ames, MD"]

    demand = build_demand(chronology, _inputs())

    providers = [item.provider for item in demand.context.treatment]
    assert providers == ["Maria Chen, MD", "Ana Silva, PT, DPT"]
    assert "1 pre-incident visit is left out of the treatment summary." in (
        demand.warnings
    )
    exhibit_titles = [exhibit.title for exhibit in demand.context.exhibits]
    assert "Midtown_Family_Medicine_2023.pdf" not in exhibit_titles


def test_unreconciled_bills_and_missing_documents_are_warned(
    chronology: Chronology,
) -> None:
    warnings = build_demand(chronology, _inputs()).warnings

    assert (
        "Peachtree Physical Therapy's bill does not reconcile with its stated "
        "total; check it before sending."
    ) in warnings
    assert "No record from Paul Okafor, MD for March 18, 2024." in warnings
    assert "No bill from Ana Silva, PT, DPT for May 20, 2024." in warnings
    missing = [w for w in warnings if w.startswith(("No record", "No bill"))]
    assert len(missing) == len(chronology.missing) == 3


def test_treatment_is_summarised_per_provider_with_page_citations(
    chronology: Chronology,
) -> None:
    er, therapy = build_demand(chronology, _inputs()).context.treatment

    assert er.citations == "Ex. 1 at 1-2"
    assert er.visits == 1
    assert er.first_visit == er.last_visit == "March 4, 2024"
    assert [d.code for d in er.diagnoses][:1] == ["S13.4XXA"]
    assert er.summary.startswith("John Harper was seen by Maria Chen, MD on March 4")
    assert therapy.visits == 3
    assert therapy.summary == (
        "John Harper was seen by Ana Silva, PT, DPT from March 11, 2024 through "
        "May 20, 2024 (3 visits) for physical therapy care."
    )


def test_future_care_comes_from_the_recommendations(chronology: Chronology) -> None:
    future = build_demand(chronology, _inputs()).context.future_care

    # The closing period is dropped: templates punctuate after the recommendation.
    assert [(f.provider, f.recommendation, f.citation) for f in future] == [
        ("Maria Chen, MD", "Follow up with primary care in 1 week", "Ex. 1 at 2"),
        ("Maria Chen, MD", "Recommend physical therapy", "Ex. 1 at 2"),
    ]
    assert all(f.date_long == "March 4, 2024" for f in future)


def test_exhibits_are_numbered_in_first_use_order(chronology: Chronology) -> None:
    exhibits = build_demand(chronology, _inputs()).context.exhibits

    assert [(e.number, e.label, e.title) for e in exhibits] == [
        (1, "Exhibit 1", "Piedmont_ER_records.pdf"),
        (2, "Exhibit 2", "Peachtree_PT_notes.pdf"),
        (3, "Exhibit 3", "Ortho_claim_CMS1500.pdf"),
        (4, "Exhibit 4", "Peachtree_PT_ledger.pdf"),
    ]
    # Bills are the billing facility's (the records' clinician where a claim names
    # only the clinician).
    assert exhibits[0].description == (
        "Medical records of Maria Chen, MD; Bills of Piedmont Regional Medical Center"
    )
    assert exhibits[2].description == "Bills of Paul Okafor, MD"
    assert exhibits[3].description == "Bills of Peachtree Physical Therapy"


def _cite(document: str, page: int, *, verified: bool = True) -> Citation:
    return Citation(document, page, "quoted text", verified)


def _visit(day: date, provider: str, *pages: tuple[str, int]) -> Encounter:
    return Encounter(
        date=day,
        provider=provider,
        facility=None,
        visit_type="orthopedics",
        citations=tuple(_cite(document, page) for document, page in pages),
    )


def _bill(provider: str, document: str, page: int, cents: int) -> Bill:
    line = BillLine(
        kind=EntryKind.CHARGE,
        date=None,
        code=None,
        description="visit",
        amount_cents=cents,
        citation=_cite(document, page),
    )
    return Bill(provider, (line,), None, reconciled=True)


def test_citations_collapse_page_runs_per_exhibit() -> None:
    built = summarise(
        [
            _visit(date(2024, 4, 1), "Osei", ("ortho.pdf", 7), ("ortho.pdf", 2)),
            _visit(date(2024, 4, 8), "Osei", ("ortho.pdf", 3), ("mri.pdf", 1)),
            _visit(date(2024, 4, 15), "Osei", ("ortho.pdf", 3)),
        ],
        [_bill("Osei", "ortho_bill.pdf", 4, 10_000)],
        incident_date=INCIDENT,
    )

    context = build_demand(
        built,
        _inputs().model_copy(update={"exhibit_titles": {"mri.pdf": "MRI report"}}),
    ).context

    assert context.treatment[0].citations == "Ex. 1 at 2-3, 7; Ex. 2 at 1"
    assert context.specials.lines[0].exhibit == "Ex. 3 at 4"
    assert [(e.number, e.title) for e in context.exhibits] == [
        (1, "ortho.pdf"),
        (2, "MRI report"),
        (3, "ortho_bill.pdf"),
    ]


def test_unverified_citations_are_warned() -> None:
    visit = Encounter(
        date=date(2024, 4, 1),
        provider="Osei",
        facility=None,
        visit_type=None,
        citations=(_cite("a.pdf", 1, verified=False), _cite("a.pdf", 2)),
    )

    warnings = build_demand(summarise([visit], []), _inputs()).warnings

    assert "1 citation(s) in the chronology are unverified." in warnings


@pytest.mark.parametrize(
    ("letter_on", "days", "due"),
    [
        (date(2024, 9, 16), 30, date(2024, 10, 16)),
        (date(2024, 12, 15), 30, date(2025, 1, 14)),
        (date(2024, 2, 1), 30, date(2024, 3, 2)),  # leap year: 29 days in February
        (date(2023, 2, 1), 30, date(2023, 3, 3)),
        (date(2024, 9, 16), 45, date(2024, 10, 31)),
    ],
)
def test_the_response_deadline_is_the_letter_date_plus_the_days(
    letter_on: date, days: int, due: date
) -> None:
    assert response_deadline(letter_on, days) == due


def test_the_letter_carries_the_deadline_demand_and_words(
    chronology: Chronology,
) -> None:
    letter = (
        build_demand(
            chronology,
            _inputs(
                demand_cents=15_000_000,
                response_days=21,
                general_damages="He could not lift his daughter for months.",
            ),
        )
    ).context.letter

    assert letter.date == "2024-09-16"
    assert letter.date_long == "September 16, 2024"
    assert letter.response_days == 21
    assert letter.response_deadline == "2024-10-07"
    assert letter.response_deadline_long == "October 7, 2024"
    assert letter.demand == "$150,000.00"
    assert letter.demand_cents == 15_000_000
    assert letter.general_damages == "He could not lift his daughter for months."


def test_placeholders_stand_in_for_the_attorneys_part(chronology: Chronology) -> None:
    demand = build_demand(chronology, _inputs())

    assert demand.context.letter.demand == DEMAND_PLACEHOLDER
    assert demand.context.letter.general_damages == GENERAL_DAMAGES_PLACEHOLDER
    assert demand.context.letter.response_deadline == "2024-10-16"  # 30 by default
    assert "No demand amount yet: the attorney enters it." in demand.warnings
    assert (
        "General damages are not written yet: the attorney writes them."
        in demand.warnings
    )


def test_the_insurer_for_the_adjusters_attention_unless_one_is_given(
    chronology: Chronology,
) -> None:
    context = build_demand(chronology, _inputs()).context

    assert context.recipient == Recipient(
        name="Granite Mutual",
        attention="Dana Whitfield",
        address_lines=["PO Box 1", "Hartford, CT 06101"],
        email="dw@granite.example",
    )
    # No RE line unless the attorney writes one: the template prints its own block.
    assert context.letter.re == ""
    assert context.incident.date == "2024-03-01"  # from the chronology

    given = Recipient(name="Claims Department")
    other = build_demand(
        chronology,
        _inputs(re="Harper claim").model_copy(update={"recipient": given}),
    ).context
    assert other.recipient == given
    assert other.letter.re == "Harper claim"


@pytest.mark.parametrize(
    "letter",
    [
        {"date": "2024-09-16", "demand_cents": -1},
        {"date": "2024-09-16", "response_days": 0},
        {"date": "2024-09-16", "response_days": 366},
        {"date": "2024-02-30"},
        {"demand_cents": 100},
        {"date": "2024-09-16", "demand": "$5"},
    ],
)
def test_a_bad_letter_input_is_refused(letter: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        DemandInputs.model_validate({"letter": letter})


def test_bills_that_disagree_with_the_totals_refuse_the_letter(
    chronology: Chronology,
) -> None:
    stated = chronology.totals
    off_by_a_cent = replace(
        chronology,
        totals=Totals(
            charges_cents=stated.charges_cents + 1,
            payments_cents=stated.payments_cents,
            adjustments_cents=stated.adjustments_cents,
            balance_cents=stated.balance_cents + 1,
        ),
    )

    with pytest.raises(ContextError, match=r"charges \$4,447\.50 against \$4,447\.51"):
        build_demand(off_by_a_cent, _inputs())


def test_the_rendered_demand_prints_the_chronologys_amounts(
    chronology: Chronology,
) -> None:
    inputs = _inputs(demand_cents=7_500_000)
    out = render(
        builtin.template_bytes("demand"), build_demand(chronology, inputs).context
    )

    document = Document(io.BytesIO(out))
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Provider"]
    header = [cell.text for cell in table.rows[0].cells]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    amounts = [header.index(name) for name in ("Charges", "Payments", "Adjustments")]
    amounts.append(header.index("Balance"))
    *lines, total = rows
    assert [row[0] for row in lines] == [bill.provider for bill in chronology.bills]
    for row, bill in zip(lines, chronology.bills, strict=True):
        assert [_cents(row[i]) for i in amounts] == [
            bill.charges_cents,
            bill.payments_cents,
            bill.adjustments_cents,
            bill.balance_cents,
        ]
    assert total[0] == "Total"
    assert [_cents(total[i]) for i in amounts] == [
        chronology.totals.charges_cents,
        chronology.totals.payments_cents,
        chronology.totals.adjustments_cents,
        chronology.totals.balance_cents,
    ]
    text = document_text(out)
    assert "$75,000.00" in text
    assert "October 16, 2024" in text
    assert "(See Ex. 1 at 1-2.)" in text
