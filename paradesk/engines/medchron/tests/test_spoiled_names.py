"""A visit whose clinician's name OCR spoiled, in a document that names its clinician
elsewhere."""

from __future__ import annotations

from datetime import date

from paradesk.engines.medchron.models import PageText
from paradesk.engines.medchron.pipeline import read_document


def test_a_visit_whose_clinician_ocr_broke_gets_the_facilitys_one_clinician() -> None:
    page = """Bayside Spine & Pain Institute
PAIN MANAGEMENT CONSULTATION
Encounter date: 2/16/24
Referred by: Kevin E. Harper, M.D.
HISTORY OF PRESENT ILLNESS: low back pain after a collision.
Attending: J enna Okafor, DO Signed 2/17/24
PROCEDURE NOTE
DOS: 3/1/24
Surgeon: Jenna Okafor, DO
PROCEDURE(S) PERFORMED: 20552 Trigger point injection
"""
    found, _ = read_document("pain.pdf", [PageText("pain.pdf", 1, page)])

    assert [(e.date, e.provider) for e in found] == [
        (date(2024, 2, 16), "Jenna Okafor, DO"),
        (date(2024, 3, 1), "Jenna Okafor, DO"),
    ]
    assert "provider.facility-sole-clinician" in found[0].provenance.rule


def test_a_visit_at_a_facility_of_two_clinicians_keeps_no_provider() -> None:
    page = """Bayside Spine & Pain Institute
Encounter date: 2/16/24
HISTORY OF PRESENT ILLNESS: low back pain after a collision.
Attending: J enna Okafor, DO
Encounter date: 3/1/24
Attending: Jenna Okafor, DO
Encounter date: 3/8/24
Attending: Omar Pruitt, MD
"""
    found, _ = read_document("pain.pdf", [PageText("pain.pdf", 1, page)])

    assert [e.provider for e in found] == [
        None,
        "Jenna Okafor, DO",
        "Omar Pruitt, MD",
    ]
