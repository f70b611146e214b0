"""Dates in a history are reported events, never visits of the note's provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from paradesk.engines.medchron import contract, pipeline
from paradesk.engines.medchron.models import PageText

_NOTE = """\
PEACHTREE SPINE AND ORTHOPEDICS
2200 Peachtree Road, Atlanta, GA 30309
Patient: Jane Doe    DOB: 01/02/1980
Date of Service: 04/20/2023
HISTORY OF PRESENT ILLNESS:
Ms. Doe was rear-ended on 03/01/2023. She was seen in the emergency room the same
day. MRI done on 03/20/2023 showed a C5-C6 disc protrusion. In September of 2019
she was evaluated at Atlanta Chiropractic for low back pain, seen on 09/14/2019.
PHYSICAL EXAMINATION:
Tenderness over the cervical paraspinals. There is no
focal motor deficit in either upper extremity.
ASSESSMENT: Cervical disc displacement M50.20
PLAN: Epidural steroid injection. Follow up in 4 weeks.
Electronically signed by Alan Reyes, MD on 04/20/2023 16:02
"""

_REVIEW = """\
INDEPENDENT MEDICAL EXAMINATION
Examinee: Jane Doe    DOB: 01/02/1980
Date of Examination: 09/05/2023
RECORDS REVIEWED:
03/01/2023 Grady Memorial Hospital ED, Dr. Susan Park: cervical strain.
03/08/2023 Atlanta Chiropractic, Kim Tran, DC: initial evaluation.
03/20/2023 Northside Imaging: MRI cervical spine.
04/20/2023 Alan Reyes, MD: orthopedic consultation.
PHYSICAL EXAMINATION:
Full range of motion of the cervical spine.
IMPRESSION: Resolved cervical strain.
Signed: Mark Feld, MD
"""


def _chronology(*pages: tuple[str, str]) -> dict[str, Any]:
    documents = [(name, [PageText(name, 1, text)]) for name, text in pages]
    built = pipeline.build(documents, incident_date=date(2023, 3, 1))
    document = contract.to_json(built)
    contract.validate(document)
    return document


def _kinds(document: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(e["kind"], e["date"], e["provider"]) for e in document["encounters"]]


def test_history_dates_are_reported_never_visits() -> None:
    found = _kinds(_chronology(("ortho.pdf", _NOTE)))
    visits = [item for item in found if item[0] == "visit"]
    assert visits == [("visit", "2023-04-20", "Alan Reyes, MD")]
    reported = {item[1] for item in found if item[0] == "reported"}
    # The accident date is reported too (it is when she was seen at the ER).
    assert {"2023-03-20", "2019-09-14"} <= reported


def test_a_records_review_lists_its_dated_treatments_as_reported_events() -> None:
    found = _kinds(_chronology(("ime.pdf", _REVIEW)))
    assert [item for item in found if item[0] == "visit"] == [
        ("visit", "2023-09-05", "Mark Feld, MD")
    ]
    reported = [item for item in found if item[0] == "reported"]
    assert [item[1] for item in reported] == [
        "2023-03-01",
        "2023-03-08",
        "2023-03-20",
        "2023-04-20",
    ]
    assert ("reported", "2023-03-08", "Kim Tran, DC") in reported


def test_reported_events_are_not_gaps_bills_or_providers() -> None:
    document = _chronology(("ime.pdf", _REVIEW))
    # Only the examination itself lacks a bill; no reported date asks for one.
    assert document["missing"] == [
        {"kind": "bill", "provider": "Mark Feld, MD", "date": "2023-09-05"}
    ]
    names = [p["name"] for p in document["providers"]]
    assert names == ["Mark Feld, MD"]
    assert document["gaps"] == []


def test_a_visit_the_records_document_replaces_its_reported_mention() -> None:
    document = _chronology(("ortho.pdf", _NOTE), ("ime.pdf", _REVIEW))
    found = _kinds(document)
    assert ("visit", "2023-04-20", "Alan Reyes, MD") in found
    assert ("reported", "2023-04-20", "Alan Reyes, MD") not in found
