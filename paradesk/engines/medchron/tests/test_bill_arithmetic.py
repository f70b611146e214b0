"""A bill's own arithmetic: running balances and stated totals check what OCR read,
repair what they prove, and flag what they cannot explain."""

from __future__ import annotations

from datetime import date

import pytest

from paradesk.engines.medchron.assemble import assemble
from paradesk.engines.medchron.ledger import (
    Unread,
    complete_unread_from_total,
    shows_amount,
)
from paradesk.engines.medchron.models import (
    BillLine,
    Citation,
    EntryKind,
    PageText,
    Statement,
)
from paradesk.engines.medchron.pipeline import build, read_document
from paradesk.engines.medchron.text import find_amounts

LEDGER_HEAD = """Harbor View Chiropractic
ACCOUNT LEDGER
Patient: Bianca Moreau  Account #: 1752337
Physician: Delgado, Renee E., DC
Date  Code  Description  Charges  Credits  Balance
"""


def _statement(text: str, name: str = "ledger.pdf") -> Statement:
    _, statements = read_document(name, [PageText(name, 1, text)])
    assert len(statements) == 1
    return statements[0]


def test_a_misread_amount_is_repaired_from_the_running_balance() -> None:
    # "55,  00" lost its point and "93:00" its point to a colon; "79  00" has no
    # point at all, so only its balance 1677.00 was read as an amount.
    statement = _statement(
        LEDGER_HEAD
        + """6/10/24  99203  OFFICE VISIT, NEW PATIENT  256.00  256.00
6/12/24  97012  MECHANICAL TRACTION  55,  00  311.00
6/12/24  97140  MANUAL THERAPY  93:00  404.00
6/14/24  98940  CHIROPRACTIC MANIPULATION  79  00  483.00
6/14/24  G0283  ELECTRICAL STIMULATION  49.00  532.00
Total charges:  $532.00
"""
    )

    assert [line.amount_cents for line in statement.charges] == [
        25600,
        5500,
        9300,
        7900,
        4900,
    ]
    assert statement.reconciled
    # Each repair the arithmetic made is told, with the row it changed.
    repairs = [note for note in statement.notes if "running balance gives" in note]
    assert len(repairs) == 2
    assert "93:00" in repairs[0]
    assert "79 00" in repairs[1]


def test_a_row_the_running_balance_cannot_explain_is_flagged_not_trusted() -> None:
    statement = _statement(
        LEDGER_HEAD
        + """6/10/24  99203  OFFICE VISIT, NEW PATIENT  256.00  256.00
6/12/24  97012  MECHANICAL TRACTION  65.00  311.00
6/12/24  97140  MANUAL THERAPY  93.00  404.00
Total charges:  $414.00
"""
    )

    # 256 + 65 is not 311; the row below confirms 311, which needs 55.00, a number
    # the row does not show. The lines add up to the stated total, but the amounts
    # stay as read, the bill does not reconcile, and the row is named.
    assert [line.amount_cents for line in statement.charges] == [25600, 6500, 9300]
    assert not statement.reconciled
    assert any("MECHANICAL TRACTION" in note for note in statement.notes)


def test_a_misread_balance_changes_no_amount() -> None:
    statement = _statement(
        LEDGER_HEAD
        + """6/10/24  99203  OFFICE VISIT, NEW PATIENT  256.00  256.00
6/12/24  97012  MECHANICAL TRACTION  55.00  314.00
6/12/24  97140  MANUAL THERAPY  93.00  404.00
Total charges:  $404.00
"""
    )

    assert [line.amount_cents for line in statement.charges] == [25600, 5500, 9300]
    assert statement.reconciled
    assert statement.notes == ()


STATEMENT_HEAD = """Stonebridge Rehab & Performance
ITEMIZED STATEMENT
Patient: Thomas Kincaid  Account #: 9993143
Provider: FAIRBANKS, IMANI DPT
DOS  CPT  Description  Units  Charge
"""


def test_a_row_with_a_spoiled_date_counts_when_the_total_is_short_by_it() -> None:
    rows = """11-Jan-2023 97110 Therapeutic exercise 2 164.00
- 41-Jan-2023 97140 Manual therapy, each 15 min | 89.50
11-Jan-2023 97035 Ultrasound, each 15 min 1 48.25
"""
    statement = _statement(STATEMENT_HEAD + rows + "TOTAL CHARGES  301.75\n")

    assert statement.charges_cents == 30175
    assert statement.reconciled
    added = [line for line in statement.charges if line.code == "97140"]
    # Dated as the row above it, and said so.
    assert added[0].date == date(2023, 1, 11)
    assert any("date of" in note for note in statement.notes)


def test_a_row_with_a_spoiled_date_is_left_out_when_the_total_does_not_ask() -> None:
    rows = """11-Jan-2023 97110 Therapeutic exercise 2 164.00
- 41-Jan-2023 97140 Manual therapy, each 15 min | 89.50
11-Jan-2023 97035 Ultrasound, each 15 min 1 48.25
"""
    statement = _statement(STATEMENT_HEAD + rows + "TOTAL CHARGES  250.00\n")

    assert statement.charges_cents == 21225
    assert not statement.reconciled


def test_an_amount_that_lost_its_point_is_counted_and_noted() -> None:
    rows = """03/02/2022  97140  MANUAL THERAPY, EACH 15 MIN  1  60  99
03/02/2022  97530  THERAPEUTIC ACTIVITIES, EACH 15  1  62.  99
03/04/2022  97530  THERAPEUTIC ACTIVITIES, EACH 15  1  62.  99
03/07/2022  97530  THERAPEUTIC ACTIVITIES, EACH 15  1  62.  99
03/18/2022  97110  THERAPEUTIC EXERCISE, EACH 15 MI  3  168.  0.0
"""
    statement = _statement(
        STATEMENT_HEAD + rows + "TOTAL CHARGES  417.96\nBALANCE DUE  417.96\n"
    )

    assert sorted(line.amount_cents for line in statement.charges) == [
        6099,
        6299,
        6299,
        6299,
        16800,
    ]
    assert statement.reconciled
    assert sum("lost its decimal point" in note for note in statement.notes) == 2


def test_a_stray_mark_before_a_coded_charge_is_not_a_credit() -> None:
    rows = """13-Jan-2023 97110 Therapeutic exercise, each 15 mi 3 246.00
13-Jan-2023 97530 Therapeutic activities, each 15 | - 91.99
"""
    statement = _statement(STATEMENT_HEAD + rows + "TOTAL CHARGES  337.99\n")

    assert [line.kind for line in statement.lines] == [EntryKind.CHARGE] * 2
    assert statement.reconciled


def test_a_credit_written_with_a_minus_is_still_a_credit() -> None:
    statement = _statement(
        LEDGER_HEAD
        + """03/11/2024  97110  Therapeutic exercise  180.00  180.00
03/13/2024  97110  Therapeutic exercise  180.00  360.00
04/02/2024  Contractual adjustment  -55.00  305.00
Total charges:  $360.00
Balance due:  $305.00
"""
    )

    assert [(line.kind, line.amount_cents) for line in statement.lines] == [
        (EntryKind.CHARGE, 18000),
        (EntryKind.CHARGE, 18000),
        (EntryKind.ADJUSTMENT, 5500),
    ]
    assert statement.reconciled


@pytest.mark.parametrize(
    ("text", "cents", "negative", "detached"),
    [
        ("MECHANICAL TRACTION  55,  00", 5500, False, False),
        ("ELECTRICAL STIMULATION  49:  00", 4900, False, False),
        ("THERAPEUTIC EXERCISE  112  .00", 11200, False, False),
        ("MANUAL THERAPY  60  \u00a399", 6099, False, False),
        ("Transforaminal epidural  $2639). 25", 263925, False, False),
        ("Less adjustments  -\u00a7599.49", 59949, True, False),
        ("Therapeutic activities | - 91.99", 9199, True, True),
    ],
)
def test_amounts_in_the_shapes_ocr_leaves(
    text: str, cents: int, negative: bool, detached: bool
) -> None:
    [amount] = find_amounts(text)
    assert (amount.cents, amount.negative, amount.detached) == (
        cents,
        negative,
        detached,
    )


def test_a_time_or_a_thousands_comma_is_not_a_misread_point() -> None:
    assert find_amounts("03/13/2023 17:22 FROM: Harbor View") == []
    assert [a.cents for a in find_amounts("TOTAL 1,234.56")] == [123456]


def test_the_next_page_of_a_statement_is_read_as_a_bill_whatever_its_words() -> None:
    first = STATEMENT_HEAD + "09/05/2022 98941 Chiropractic manipulation 1 75.25\n"
    # Chiropractic words and therapy codes only: on its own it reads as therapy.
    second = """DOS CPT Description Units Charge
10/03/2022 97140 Manual therapy, each 15 min 1 62.99
10/05/2022 98940 Chiropractic manipulation, 1-2 r 1 57.00
10/05/2022 G0283 Electrical stimulation, unattend 1 35.00
TOTAL CHARGES 230.24
"""
    _, statements = read_document(
        "chiro.pdf", [PageText("chiro.pdf", 1, first), PageText("chiro.pdf", 2, second)]
    )

    assert [s.charges_cents for s in statements] == [23024]
    assert statements[0].reconciled


def test_a_code_misread_in_one_production_does_not_bill_the_line_twice() -> None:
    page = LEDGER_HEAD + (
        "29-Dec-2023 98942 Chiropractic manipulation 120.00 120.00\n"
        "02-Jan-2024 98942 Chiropractic manipulation 120.00 240.00\n"
        "04-Jan-2024 98942 Chiropractic manipulation 120.00 360.00\n"
        "Total charges:  $360.00\nBalance due:  $360.00\n"
    )
    misread = page.replace("29-Dec-2023 98942", "29-Dec-2023 93942")
    chronology = build(
        [
            ("ledger.pdf", [PageText("ledger.pdf", 1, page)]),
            ("production.pdf", [PageText("production.pdf", 1, misread)]),
        ]
    )

    assert chronology.totals.charges_cents == 36000


def test_repairs_reach_the_chronology_warnings() -> None:
    text = (
        LEDGER_HEAD
        + "6/10/24  99203  OFFICE VISIT  256.00  256.00\n"
        + "6/12/24  97140  MANUAL THERAPY  93:00  349.00\n"
        + "6/12/24  97012  MECHANICAL TRACTION  55.00  404.00\n"
        + "Total charges:  $404.00\nBalance due:  $404.00\n"
    )
    _, statements = read_document("ledger.pdf", [PageText("ledger.pdf", 1, text)])
    chronology = assemble([], statements)

    assert any("running balance gives 93.00" in w for w in chronology.warnings)


CLAIM_FORM = """HEALTH INSURANCE CLAIM FORM
2. PATIENT'S NAME: ABERNATHY, KEISHA
21. DIAGNOSIS: A. S134XXA B. S335XXA
24A. DOS FROM TO B. POS D. CPT E. DX F. CHARGES G. UNITS J. NPI
02 06 23 02 06 23 23 99284 A 1454 00 1 8751713895
02 06 23 02 06 23 23 72040 A 7 32000 1 8751713895
02 06 23 02 06 23 23 96372- A 117 00 1 8751713895
28. TOTAL CHARGE $ 1891 00
31. SIGNATURE OF PHYSICIAN OR SUPPLIER: DUNMORE, MARCUS MD DATE 03 04 2023
"""


def test_the_one_unread_row_counts_when_it_shows_what_the_total_lacks() -> None:
    # A speck read as "7" stands before the second row's charges; the third row's
    # code carries a dash OCR made of the cell's rule.
    statement = _statement(CLAIM_FORM, "hcfa.pdf")

    assert [(line.date, line.code, line.amount_cents) for line in statement.lines] == [
        (date(2023, 2, 6), "99284", 145400),
        (date(2023, 2, 6), "72040", 32000),
        (date(2023, 2, 6), "96372", 11700),
    ]
    assert statement.stated_total_cents == 189100
    assert (
        'hcfa.pdf p. 1: the amount of "02 06 23 02 06 23 23 72040 A 7 32000 1 '
        '8751713895" could not be read in its place; it is counted as 320.00, which '
        "the stated total lacks and the row shows."
    ) in statement.notes
    bill = assemble([], [statement]).bills[0]
    assert bill.reconciled
    assert bill.charges_cents == 189100


def test_an_unread_row_the_total_cannot_prove_stays_unread() -> None:
    # The total lacks $310.00, which the row does not show.
    statement = _statement(CLAIM_FORM.replace("$ 1891 00", "$ 1881 00"), "hcfa.pdf")

    assert [line.code for line in statement.lines] == ["99284", "96372"]
    assert not assemble([], [statement]).bills[0].reconciled
    assert any("no amount that could be read" in note for note in statement.notes)


def test_two_unread_rows_are_never_guessed_from_one_total() -> None:
    # Both rows show what the total lacks: which one it lacks cannot be told.
    citation = Citation("hcfa.pdf", 1, "02 06 23 ... 72040 A 7 32000", True)
    rows = [
        Unread(citation, date(2023, 2, 6), code, " A 7 32000 1", 1)
        for code in ("72040", "72050")
    ]
    read = [
        BillLine(EntryKind.CHARGE, date(2023, 2, 6), "99284", None, 145400, citation)
    ]

    lines, unread, notes = complete_unread_from_total(read, rows, 177400)

    assert (lines, unread, notes) == (read, rows, [])
    # With one of them alone, it counts.
    lines, unread, notes = complete_unread_from_total(read, rows[:1], 177400)
    assert [line.amount_cents for line in lines] == [145400, 32000]
    assert unread == []


@pytest.mark.parametrize(
    ("text", "cents", "shown"),
    [
        (" A 219025 1 3617986181", 219025, True),
        (" 032124 i 2, 106 . 89", 210689, True),
        (" A 2,106.89 1", 210689, True),
        (" A 7 32000 1 8751713895", 32000, True),
        (" A .653 00 1 1797535084", 65300, True),
        (" Therapeutic exercise, each 15 mi 2 $162:00", 16200, True),
        # Digits of a date or an NPI are not an amount.
        (" 032124 1", 3212, False),
        (" A 1 8751713895", 171389, False),
        (" A 2,106.89 1", 10689, False),
        (" A 12.653 00 1", 65300, False),
    ],
)
def test_what_counts_as_a_row_showing_an_amount(
    text: str, cents: int, shown: bool
) -> None:
    assert shows_amount(text, cents) is shown


def test_a_summary_credit_behind_stray_marks_and_a_speck_is_still_read() -> None:
    statement = _statement(
        """Red Oak Rehab & Performance
ITEMIZED STATEMENT
Patient: Robert Oyelaran  Provider: Robert Oyelaran, PT
Date  CPT  Description  Units  Charge
5/2/24 97110 THERAPEUTIC EXERCISE, EACH 15 MI 3 219.00
5/2/24 97140 MANUAL THERAPY, EACH 15 MIN 1 78.00
TOTAL CHARGES | 297.00
Less payments , (155.10)
Less adjustments ; . a (44.08)
BALANCE DUE 97.82 |
""",
        "statement.pdf",
    )
    bill = assemble([], [statement]).bills[0]

    assert (bill.payments_cents, bill.adjustments_cents) == (15510, 4408)
    assert bill.reconciled


_STATEMENT = """\
RIVERBEND FAMILY MEDICINE
400 Oak Street, Decatur, GA 30030
ITEMIZED STATEMENT
Patient: Jane Doe    DOB: 01/02/1980
Date        Description                          Charges  Payments  Adjustments  Balance
03/14/2023  Encounter for check up (procedure)    250.00   0.00     0.00     250.00
03/14/2023  Closed reduction of fracture (proc)   900.00   0.00     0.00     1,150.00
03/20/2023  Insurance payment - BCBS check # 4471 0.00     300.00   0.00     850.00
            Contractual adjustment                                  (600.00)
Totals                                            1,150.00 300.00   600.00   250.00
Balance due: $250.00
"""


def test_words_of_care_are_charges_and_a_totals_row_gives_each_column() -> None:
    from paradesk.engines.medchron.bills import BillReader

    reader = BillReader("statement.pdf")
    reader.page(1, _STATEMENT)
    reader.close()
    [statement] = reader.statements
    kinds = [(line.kind.value, line.amount_cents) for line in statement.lines]
    # "check up" and "reduction" name care, not a payment or an adjustment; the
    # undated contractual adjustment under the payment row is an adjustment.
    assert kinds == [
        ("charge", 25000),
        ("charge", 90000),
        ("payment", 30000),
        ("adjustment", 60000),
    ]
    # The totals row's charge column is the total (not its balance column).
    assert statement.stated_total_cents == 115000
    assert statement.reconciled


_ROW_CREDITS = """\
SUMMIT PHYSICAL MEDICINE AND REHABILITATION
4591 Wellness Ct, Suite 301, Maple Grove, OH 31675
STATEMENT OF ACCOUNT
DOS CPT Description Units Charges Payments Adjust. Balance
04/15/2022 95886 MUSC TEST DONE W/N TEST COMP 1 680.00 219.00 0.00 461.00
04/15/2022 95911 NRV CNDJ TEST 9-10 STUDIES 1 970.00 0.00 25.00 945.00
TOTALS 1,650.00 219.00 25.00 1,406.00
"""


def test_a_row_that_charges_and_credits_gives_each_column_its_entry() -> None:
    from paradesk.engines.medchron.bills import BillReader

    reader = BillReader("statement.pdf")
    reader.page(1, _ROW_CREDITS)
    reader.close()
    [statement] = reader.statements
    kinds = [(line.kind.value, line.amount_cents) for line in statement.lines]
    assert kinds == [
        ("charge", 68000),
        ("payment", 21900),
        ("charge", 97000),
        ("adjustment", 2500),
    ]
    assert statement.stated_total_cents == 165000
    assert statement.reconciled


def test_a_negative_amount_in_a_note_is_written_with_its_sign() -> None:
    from paradesk.engines.medchron.ledger import _money

    assert _money(-550) == "-5.50"
    assert _money(123456) == "1,234.56"
