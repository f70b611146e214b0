"""The reading rules one by one: dates, money, names, negation, codes, page kinds."""

from __future__ import annotations

from datetime import date

import pytest

from paradesk.engines.medchron.anchors import find_anchors
from paradesk.engines.medchron.classify import classify_page, visit_type
from paradesk.engines.medchron.codes import code_for_description, find_icd_codes
from paradesk.engines.medchron.models import PageKind, VisitType
from paradesk.engines.medchron.negation import negated
from paradesk.engines.medchron.providers import (
    facility_from_letterhead,
    key_of_display,
    names_with_roles,
)
from paradesk.engines.medchron.text import find_amounts, find_dates, quote_on_page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOS: 03/04/2024", date(2024, 3, 4)),
        ("seen 3/4/24 in clinic", date(2024, 3, 4)),
        ("March 4, 2024", date(2024, 3, 4)),
        ("Sept. 12, 2023", date(2023, 9, 12)),
        ("04-Mar-2024", date(2024, 3, 4)),
        ("4 March 2024", date(2024, 3, 4)),
        ("2024-03-04", date(2024, 3, 4)),
        ("Date: O3/O4/2O24", date(2024, 3, 4)),  # OCR's O for 0
        ("DOB 1/2/61", date(1961, 1, 2)),
        ("08/3 1/2023 97140 Manual therapy", date(2023, 8, 31)),  # a scan split the day
        ("Visit 6 1/2/2024", date(2024, 1, 2)),  # never a split month
    ],
)
def test_dates_in_the_styles_records_use(text: str, expected: date) -> None:
    assert [found.value for found in find_dates(text)] == [expected]


@pytest.mark.parametrize(
    "text", ["13/45/2020", "call 404-555-1234", "1-2-3", "v2.10.2024x"]
)
def test_things_that_only_look_like_dates_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "row",
    [
        "08/15/2023, 97 140 . Manual therapy, each 15 mi 66.00 — 5511.00",
        "08-15-2023, 97 140 Manual therapy, each 15 mi 66.00 — 5511.00",
        "08/15/ 2023, 97 140 Manual therapy, each 15 mi 66.00 — 5511.00",
    ],
)
def test_a_dates_year_is_never_an_amount(row: str) -> None:
    # A comma and a gap after a year read like a point OCR misread ("2023, 97").
    assert [a.cents for a in find_amounts(row)] == [6600, 551100]


def test_amounts_are_integer_cents_with_their_sign() -> None:
    found = find_amounts("99284 $1,850.00 (120.00) -45.00 12.5% 3.00")
    assert [(a.cents, a.negative) for a in found] == [
        (185000, False),
        (12000, True),
        (4500, True),
        (300, False),
    ]


def test_a_service_label_makes_the_anchor_and_birth_and_stamp_dates_never_do() -> None:
    lines = [
        "Fax received 03/09/2024 10:14 FROM 404-555-0100",
        "Patient: Jane Roe   DOB: 02/03/1980   DOI: 03/01/2024",
        "Date of Service: 03/04/2024",
        "Next appointment: 04/01/2024",
    ]
    anchors = find_anchors(lines)
    assert [(a.value, a.line) for a in anchors] == [(date(2024, 3, 4), 2)]


def test_a_label_on_the_line_above_its_date_counts() -> None:
    anchors = find_anchors(["Visit Date", "03/04/2024", "Provider"])
    assert [a.value for a in anchors] == [date(2024, 3, 4)]


def test_rows_of_a_visit_log_are_visits_only_where_rows_are_visits() -> None:
    lines = ["03/04/2024 97110 ther ex", "03/06/2024 97110 ther ex"]
    assert find_anchors(lines) == []
    assert len(find_anchors(lines, rows_are_visits=True)) == 2


def test_provider_names_in_every_style_meet_on_one_key() -> None:
    names = [
        "Maria Chen, MD",
        "Maria L. Chen, M.D.",
        "Dr. Maria Chen",
        "CHEN, MARIA MD",
        "Chen, Maria",
    ]
    assert {key_of_display(name) for name in names} == {"chen:m"}


def test_roles_separate_the_treating_clinician_from_the_referring_one() -> None:
    text = (
        "Referring physician: Dr. Alan Brooks\n"
        "Attending: Maria L. Chen, M.D.\n"
        "PCP: Robert Ames, MD\n"
        "Electronically signed by: CHEN, MARIA L MD on 03/05/2024\n"
        "Therapist: Ana Silva, PT, DPT\n"
    )
    roles = {(r.clinician.display, r.role) for r in names_with_roles(text)}
    assert roles == {
        ("Alan Brooks", "other"),
        ("Maria Chen, MD", "treating"),
        ("Robert Ames, MD", "other"),
        ("Ana Silva, PT, DPT", "treating"),
    }


def test_the_facility_comes_from_the_letterhead_not_the_patient_block() -> None:
    page = "Patient: Jane Roe\nPeachtree Orthopaedic Associates\n123 Main St\n"
    assert facility_from_letterhead(page) == "Peachtree Orthopaedic Associates"
    assert facility_from_letterhead("Patient: Jane Roe\nDOB: 1/2/80\n") is None


@pytest.mark.parametrize(
    "heading",
    [
        "PAIN MANAGEMENT CONSULTATION",
        "PHYSICAL THERAPY INITIAL EVALUATION",
        "MRI LUMBAR SPINE WITHOUT CONTRAST",
        "Emergency Department Record",
        "Orthopedic Follow-up",
    ],
)
def test_a_document_heading_is_not_a_facility(heading: str) -> None:
    assert facility_from_letterhead(f"{heading}\nDOS: 3/4/24\n") is None
    page = f"Bayside Spine & Pain Institute\n{heading}\nDOS: 3/4/24\n"
    assert facility_from_letterhead(page) == "Bayside Spine & Pain Institute"
    for joined in (
        f"{heading} - Bayside Spine & Pain Institute",
        f"Bayside Spine & Pain Institute \u2013 {heading}",
    ):
        assert facility_from_letterhead(joined) == "Bayside Spine & Pain Institute"


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"),
    [
        ("Patient denies neck pain.", "neck pain", True),
        ("No numbness or tingling in the arms.", "tingling", True),
        ("Negative for headache.", "headache", True),
        ("Denies LOC but reports neck pain.", "neck pain", False),
        ("Complains of low back pain.", "low back pain", False),
        ("Headache was ruled out as migraine.", "Headache", True),
        ("No change in low back pain.", "low back pain", False),
    ],
)
def test_negation(sentence: str, phrase: str, expected: bool) -> None:
    start = sentence.index(phrase)
    assert negated(sentence, start, start + len(phrase)) is expected


def test_icd_codes_are_validated_and_described_by_the_tables() -> None:
    found = find_icd_codes("Dx: S13.4XXA, M542, S134XXA, Z99.99, A1.2, S33.5XXA")
    assert [(code, description) for code, description, _ in found] == [
        ("S13.4XXA", "Sprain of ligaments of cervical spine, initial encounter"),
        ("M54.2", "Cervicalgia"),
        ("S13.4XXA", "Sprain of ligaments of cervical spine, initial encounter"),
        ("S33.5XXA", "Sprain of ligaments of lumbar spine, initial encounter"),
    ]


def test_a_description_maps_to_a_code_only_when_exactly_one_code_has_it() -> None:
    assert code_for_description("Cervicalgia") == "M54.2"
    assert code_for_description(
        "sprain of ligaments of lumbar spine, initial encounter"
    ) == ("S33.5XXA")
    assert code_for_description("neck hurts") is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "ITEMIZED STATEMENT\n03/04/2024 99284 ED visit 1,850.00\n"
            "Total Charges: 1,850.00",
            PageKind.BILL,
        ),
        (
            "CUSTODIAN OF RECORDS AFFIDAVIT\n"
            "I certify that the attached are true and correct copies",
            PageKind.CUSTODIAN,
        ),
        (
            "EXAM: MRI cervical spine\nTECHNIQUE: sagittal T1\n"
            "IMPRESSION: C5-6 disc protrusion",
            PageKind.IMAGING,
        ),
        (
            "Chief Complaint: neck pain\nHPI: rear-ended\nAssessment: strain\nPlan: PT",
            PageKind.CLINICAL,
        ),
        (
            "Daily Note\nTherapeutic exercise 15 min\nManual therapy 10 min",
            PageKind.THERAPY,
        ),
        (
            "OPERATIVE REPORT\nPreoperative diagnosis: C5-6 HNP\nAnesthesia: general",
            PageKind.OPERATIVE,
        ),
        ("Thank you for your business.", PageKind.OTHER),
    ],
)
def test_page_kinds(text: str, kind: PageKind) -> None:
    assert classify_page(text).kind is kind


def test_the_facility_name_weighs_most_in_the_visit_type() -> None:
    assert (
        visit_type("Peachtree Chiropractic", "neck pain, adjustment")[0]
        is VisitType.CHIROPRACTIC
    )
    assert visit_type("Grady Emergency Department", "triage")[0] is VisitType.EMERGENCY
    assert visit_type("Atlanta Open MRI", "IMPRESSION: normal")[0] is VisitType.IMAGING


def test_a_quote_verifies_only_against_the_page_it_stands_on() -> None:
    page = "Date of Service:   03/04/2024\nAssessment: strain"
    assert quote_on_page("Date of Service: 03/04/2024", page)
    assert not quote_on_page("Date of Service: 03/05/2024", page)
    assert not quote_on_page("", page)
