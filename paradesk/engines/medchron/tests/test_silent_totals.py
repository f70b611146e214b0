"""A bill total is never silently wrong: what the bill's own arithmetic cannot check
is flagged, and shapes OCR leaves on forms, summaries and codes are read."""

from __future__ import annotations

import pytest

from paradesk.engines.medchron.assemble import near_clinician
from paradesk.engines.medchron.codes import find_icd_codes
from paradesk.engines.medchron.models import PageText, Statement
from paradesk.engines.medchron.pipeline import build, read_document

CLAIM_HEAD = """HEALTH INSURANCE CLAIM FORM
1. MEDICARE MEDICAID TRICARE CHAMPVA GROUP HEALTH PLAN [X] OTHER
2. PATIENT'S NAME: MORENO, LUCIA 3. BIRTH DATE: 04 11 1990
21. DIAGNOSIS: A. S161XXA B. M5412
24A. DOS FROM TO B. POS D. CPT E. DX F. CHARGES G. UNITS J. NPI
"""
CLAIM_FOOT = """29. AMOUNT PAID $ 50 00
31. SIGNATURE OF PHYSICIAN OR SUPPLIER: VANCE, OLIVIA MD DATE 12 31 2022
32. SERVICE FACILITY LOCATION: Riverbend Neurology, 10 Main St
"""


def _statements(text: str, name: str = "bill.pdf") -> list[Statement]:
    _, statements = read_document(name, [PageText(name, 1, text)])
    return statements


def test_a_claim_forms_charge_and_total_in_the_shapes_ocr_leaves() -> None:
    # The charges cell's rule read as a dash ("228-00"), a speck after the
    # diagnosis pointer ("A:"), and a smudge read as a section sign before the
    # box's dollar sign ("\u00a7$ 714 00").
    rows = """07 22 22 07 22 22 11 99204 A 334 00 1 2358133908
09 08 22 09 08 22 11 99214 A 228-00 1 2358133908
12 12 22 12 12 22 11 99213 A: 15200 1 2358133908
"""
    total = "26. PATIENT'S ACCOUNT NO. 8150582 28. TOTAL CHARGE \u00a7$ 714 00\n"
    [statement] = _statements(CLAIM_HEAD + rows + total + CLAIM_FOOT)

    assert [line.amount_cents for line in statement.charges] == [33400, 22800, 15200]
    assert statement.stated_total_cents == 71400
    assert statement.reconciled


def test_a_bill_whose_total_cannot_be_read_is_named_but_not_called_unreconciled() -> (
    None
):
    # Nothing checks its lines, and the reviewer is told so; but no arithmetic
    # failed, so it is no "does not reconcile" alarm (issue 10).
    rows = "07 22 22 07 22 22 11 99204 A 334 00 1 2358133908\n"
    total = "28. TOTAL CHARGE $ ~~ .\n"
    [statement] = _statements(CLAIM_HEAD + rows + total + CLAIM_FOOT)

    assert statement.stated_total_cents is None
    assert statement.reconciled
    assert any("no printed total could be read" in note for note in statement.notes)


def test_a_service_line_whose_charge_cannot_be_read_is_named() -> None:
    rows = """07 22 22 07 22 22 11 99204 A 334 00 1 2358133908
09 08 22 09 08 22 11 99214 A 2z8 oo 1 2358133908
"""
    total = "28. TOTAL CHARGE $ 562 00\n"
    [statement] = _statements(CLAIM_HEAD + rows + total + CLAIM_FOOT)

    assert not statement.reconciled
    assert any(
        "no amount that could be read" in note and "99214" in note
        for note in statement.notes
    )


STATEMENT_HEAD = """Elm Crossing Imaging Center
ITEMIZED STATEMENT
Patient: Jenna Marchetti  Account #: 8967077
Physician: Strickland, Victor D., MD
DOS  CPT  Description  Units  Charge
03/29/2024  72141  MRI cervical spine without contr  1  $1855.00
TOTAL CHARGES  $1855.00
"""


def test_a_summary_credit_behind_a_speck_is_read() -> None:
    [statement] = _statements(
        STATEMENT_HEAD
        + "Less payments . -$668.20\nLess adjustments on -$210.56\n"
        + "BALANCE DUE $976.24\n"
    )

    credits = sorted(
        (line.kind.value, line.amount_cents)
        for line in statement.lines
        if line.kind.value != "charge"
    )
    assert credits == [("adjustment", 21056), ("payment", 66820)]
    assert statement.reconciled


def test_credits_that_do_not_give_the_printed_balance_are_flagged() -> None:
    # The adjustment's line is lost altogether: the charges still add up, but the
    # total less the credits read is not the balance the bill prints.
    [statement] = _statements(
        STATEMENT_HEAD + "Less payments . -$668.20\n~~ ~~\nBALANCE DUE $976.24\n"
    )

    assert statement.charges_cents == statement.stated_total_cents
    assert not statement.reconciled
    assert any("balance due it prints, 976.24" in note for note in statement.notes)


def test_credits_that_give_the_printed_balance_pass() -> None:
    [statement] = _statements(
        STATEMENT_HEAD
        + "Less payments  -$668.20\nLess adjustments  -$210.56\n"
        + "BALANCE DUE  $976.24\n"
    )

    assert statement.reconciled
    assert statement.notes == ()


def test_a_statement_page_whose_charge_column_ocr_lost_is_still_its_bill() -> None:
    # The first page kept its title and rows but no amounts; on its words alone it
    # reads as a therapy note. Its provider stays with the bill, and the rows are
    # named for the reviewer.
    first = """Cedar Ridge Chiropractic
ITEMIZED STATEMENT
Patient: Erin Gallagher  Account #: 462275
Physician: Lindqvist, Samuel W., DC
DOS CPT Description Units
2023-11-20 98941 Chiropractic manipulation, 3-4 r 1
2023-11-22 98942 Chiropractic manipulation, 5 reg 1
2023-11-22 97140 Manual therapy, each 15 min 1
2023-11-24 98941 Chiropractic manipulation, 3-4 r 1
2023-11-24 97140 Manual therapy, each 15 min 1
Page 1 of 2
"""
    second = """DOS  CPT  Description  Charge
2023-12-18  97012  Mechanical traction  58.00
2023-12-20  98940  Chiropractic manipulation, 1-2 r  84.00
TOTAL CHARGES  672.00
Page 2 of 2
"""
    found, statements = read_document(
        "chiro.pdf", [PageText("chiro.pdf", 1, first), PageText("chiro.pdf", 2, second)]
    )

    assert found == []  # no visit is read off a bill
    [statement] = statements
    assert statement.provider.startswith("Samuel")
    assert not statement.reconciled
    assert any("5 rows show a date" in note for note in statement.notes)


VISIT = """Ashford Immediate Care
URGENT CARE VISIT
Date of Service: 03/05/2023
CHIEF COMPLAINT: neck pain after a collision.
Provider: Andre Ibarra, PA-C
"""


def _claim(signer: str) -> str:
    return (
        CLAIM_HEAD
        + "03 05 23 03 05 23 11 99203 A 216 99 1 2358133908\n"
        + "28. TOTAL CHARGE $ 216 99\n"
        + f"31. SIGNATURE OF PHYSICIAN OR SUPPLIER: {signer} DATE 03 09 2023\n"
        + "32. SERVICE FACILITY LOCATION: Ashford Immediate Care, 1 Elm St\n"
    )


def test_a_bill_naming_the_records_clinician_one_letter_off_is_theirs() -> None:
    chronology = build(
        [
            ("visit.pdf", [PageText("visit.pdf", 1, VISIT)]),
            ("claim.pdf", [PageText("claim.pdf", 1, _claim("ITBARRA, ANDRE PA-C"))]),
        ]
    )

    [bill] = chronology.bills
    assert bill.clinicians == ("Andre Ibarra, PA-C",)
    assert bill.provider == "Ashford Immediate Care"  # the claim's facility, box 32
    assert any("one letter apart" in w for w in chronology.warnings)


def test_a_short_name_one_letter_off_is_another_person() -> None:
    names = {"lee:a": "Andre Lee, PA-C", "ibarra:a": "Andre Ibarra, PA-C"}

    assert near_clinician("itbarra:a", names) == "ibarra:a"
    assert near_clinician("lew:a", names) is None  # "Lee" and "Lew" are two people
    assert near_clinician("itbarra:j", names) is None  # another first initial


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Dx: S$33.5XXA, M99.03", ["S33.5XXA", "M99.03"]),
        ("A: $16,1XXA, S39:012A", ["S16.1XXA", "S39.012A"]),
        ("Dx: S16.1XXA, $33.  5XXA", ["S16.1XXA", "S33.5XXA"]),
        # Not codes: money, a time, a list after a category.
        ("Paid S$45.25 on 3/1", []),
        ("seen at 12: 30", []),
        ("M54, 2 visits", ["M54"]),
    ],
)
def test_diagnosis_codes_in_the_shapes_ocr_leaves(text: str, codes: list[str]) -> None:
    assert [code for code, _, _ in find_icd_codes(text)] == codes
