"""A treatment log's row whose date OCR spoiled is read between its neighbours."""

from __future__ import annotations

from datetime import date

from paradesk.engines.medchron.anchors import find_anchors
from paradesk.engines.medchron.models import PageText
from paradesk.engines.medchron.pipeline import read_document

LOG = """Harbor View Spine & Wellness
DAILY TREATMENT LOG
Patient: Marcus Bell  Treating: Dr. Hannah Achebe, DC
Date  Pain  Complaint  Findings  Treatment
11/20/2023 8/10 pain radiating into the left leg lumbar paraspinal 98940 Chiropractic
41/22/2023 7/10 low back pain; neck stiffness lumbar paraspinal 98942 Chiropractic
11/24/2023 5/10 lower back stiffness; neck pain tenderness 98942 Chiropractic
12/07/2023 7/10 neck stiffness; lower back tenderness to palpation 98940 Chiropractic
12/1 2/2023 9/10 lower back stiffness decreased lumbar 98941 Chiropractic
~ 42/14/2023 4/10 low back pain tenderness over the 98941 Chiropractic
12/19/2023 6/10 pain radiating to the right arm 98941 Chiropractic
"""


def test_spoiled_row_dates_are_read_between_their_neighbours() -> None:
    anchors = find_anchors(LOG.splitlines(), rows_are_visits=True)

    assert [(a.value, a.repaired) for a in anchors] == [
        (date(2023, 11, 20), False),
        (date(2023, 11, 22), True),  # "41/22": one digit off, and only 11/22 fits
        (date(2023, 11, 24), False),
        (date(2023, 12, 7), False),
        (date(2023, 12, 12), False),  # "12/1 2": a split day is still a date
        (date(2023, 12, 14), True),  # "42/14"
        (date(2023, 12, 19), False),
    ]


def test_a_repaired_visit_says_so_in_its_provenance() -> None:
    found, _ = read_document("log.pdf", [PageText("log.pdf", 1, LOG)])

    repaired = [
        e for e in found if "date.spoiled-row-between-neighbours" in e.provenance.rule
    ]
    assert [e.date for e in repaired] == [date(2023, 11, 22), date(2023, 12, 14)]
    assert repaired[0].citations[0].quote.startswith("41/22/2023")
    assert all(e.provider == "Hannah Achebe, DC" for e in found)


def test_a_spoiled_date_that_could_be_several_stays_in_the_visit_above() -> None:
    # Between 12/01 and 12/31, "12/3 7/2023" (12/37) with one digit changed could be
    # 12/07, 12/17 or 12/27; "72/15/2023" can only be 12/15: only the second is read.
    lines = [
        "Date  Pain  Treatment",
        "12/01/2023 7/10 neck stiffness 98940 Chiropractic",
        "12/3 7/2023 9/10 lower back stiffness 98941 Chiropractic",
        "72/15/2023 9/10 lower back stiffness 98941 Chiropractic",
        "12/31/2023 6/10 pain radiating to the right arm 98941 Chiropractic",
        "44/44/2023 6/10 after the last row: nothing bounds it 98941",
    ]
    anchors = find_anchors(lines, rows_are_visits=True)

    assert [(a.line, a.value) for a in anchors] == [
        (1, date(2023, 12, 1)),
        (3, date(2023, 12, 15)),
        (4, date(2023, 12, 31)),
    ]


TWO_NOTES = """Millbrook Surgical Specialists
SURGICAL CONSULTATION
Patient: IBARRA, AISHA DOB: 17-Jan-1961
Date: 21-Aug-2024
Provider: Leah Oyelaran, MD
SUBJECTIVE:
Presents with low back pain and neck pain.
Electronically signed by: Leah Oyelaran, MD on 21-Aug-2024 17:14
OPERATIVE REPORT
DATE OF SURGERY: 23-Sep-2024
Surgeon: Leah Oyelaran, MD
"""


def test_a_bare_date_under_its_own_heading_opens_a_note_beside_labelled_ones() -> None:
    anchors = find_anchors(TWO_NOTES.splitlines())

    assert [(a.value, a.strength) for a in anchors] == [
        (date(2024, 8, 21), "weak"),
        (date(2024, 9, 23), "strong"),
    ]


def test_a_bare_date_is_not_a_visit_where_its_note_has_a_service_label() -> None:
    # The report's own date of service follows near its top: the bare date is the
    # report's (dictation, say), not a visit of its own.
    same_note = TWO_NOTES.replace(
        "Provider: Leah Oyelaran, MD\n",
        "Provider: Leah Oyelaran, MD\nDOS: 20-Aug-2024\n",
    )
    # No heading above it: a date in the body of a note.
    no_heading = TWO_NOTES.replace("SURGICAL CONSULTATION\n", "")

    for text in (same_note, no_heading):
        anchors = find_anchors(text.splitlines())
        assert date(2024, 8, 21) not in [a.value for a in anchors]
