"""Whose records a page is: another patient's pages are left out and listed, never
merged into the client's chronology."""

from __future__ import annotations

from datetime import date
from typing import Any

from paradesk.engines.medchron import contract, pipeline
from paradesk.engines.medchron.models import PageText, Patient
from paradesk.engines.medchron.reading.identity import PersonName, read_identity


def _note(patient: str, dob: str, day: str, doctor: str) -> str:
    return (
        "RIVERSIDE ORTHOPEDICS\n"
        "100 Main Street, Macon, GA 31201  Phone (478) 555-0100\n"
        f"Patient: {patient}    DOB: {dob}\n"
        f"Date of Service: {day}\n"
        "CHIEF COMPLAINT: neck pain after a car accident.\n"
        "ASSESSMENT: Cervical strain S13.4XXA\n"
        "PLAN: Physical therapy three times a week.\n"
        f"Electronically signed by {doctor}, MD\n"
    )


def test_each_banner_style_gives_the_name_and_birth_date() -> None:
    for text, name, dob in (
        ("Patient: DOE, JANE A   DOB: 01/02/1980", "Jane Doe", date(1980, 1, 2)),
        ("RE: Jane Doe (DOB 1/2/80)", "Jane Doe", date(1980, 1, 2)),
        (
            "Patient Name: John Smith     MRN: 1234   Date of Birth: 03/04/1975",
            "John Smith",
            date(1975, 3, 4),
        ),
        ("Name: Maria Lopez\nDOB: 5/6/1990", "Maria Lopez", date(1990, 5, 6)),
    ):
        found = read_identity(text)
        assert found.name is not None, text
        assert found.name.display == name, text
        assert found.dob == dob, text


def test_an_insured_or_provider_name_is_not_the_patient() -> None:
    assert read_identity("Insured's Name: Bob Ross").name is None
    assert read_identity("Provider Name: Alan Reyes").name is None
    found = read_identity("Insured Name: Bob Ross  Patient: Jim Beam DOB 1/1/1960")
    assert found.name == PersonName.parse("Jim Beam")


def test_names_agree_across_order_case_initials_and_one_spoiled_letter() -> None:
    client = PersonName.parse("Jane A. Doe")
    assert client is not None
    for other in ("DOE, JANE", "Jane Doe", "J. Doe", "DOE, J"):
        parsed = PersonName.parse(other)
        assert parsed is not None, other
        assert parsed.agrees(client), other
    long_name = PersonName.parse("Katherine Montgomery")
    spoiled = PersonName.parse("Katherine Montgomary")
    assert long_name
    assert spoiled
    assert spoiled.agrees(long_name)
    stranger = PersonName.parse("Robert Mills")
    assert stranger is not None
    assert not stranger.agrees(client)


def _build(patient: Patient | None = None) -> dict[str, Any]:
    pages = [
        PageText(
            "ortho.pdf", 1, _note("DOE, JANE", "01/02/1980", "03/14/2023", "Alan Reyes")
        ),
        PageText(
            "ortho.pdf",
            2,
            _note("MILLS, ROBERT", "07/08/1966", "03/15/2023", "Alan Reyes"),
        ),
        PageText(
            "ortho.pdf", 3, _note("DOE, JANE", "01/02/1980", "04/11/2023", "Alan Reyes")
        ),
    ]
    chronology = pipeline.build(
        [("ortho.pdf", pages)], incident_date=date(2023, 3, 1), patient=patient
    )
    document = contract.to_json(chronology)
    contract.validate(document)
    return document


def test_another_patients_page_is_left_out_and_listed() -> None:
    document = _build(Patient("Jane Doe", date(1980, 1, 2)))
    days = [e["date"] for e in document["encounters"]]
    assert days == ["2023-03-14", "2023-04-11"]
    assert document["excluded"] == [
        {"document": "ortho.pdf", "pages": [2], "reason": "another patient"}
    ]
    assert document["patient"] == {"name": "Jane Doe", "dob": "1980-01-02"}
    assert any(
        "ortho.pdf p. 2" in w and "another patient" in w for w in document["warnings"]
    )


def test_without_a_given_patient_the_one_most_pages_name_is_the_client() -> None:
    document = _build()
    assert document["patient"] == {"name": "Jane Doe", "dob": "1980-01-02"}
    assert [item["pages"] for item in document["excluded"]] == [[2]]


def test_a_given_patient_turns_the_majority_away() -> None:
    document = _build(Patient("Robert Mills", date(1966, 7, 8)))
    days = [e["date"] for e in document["encounters"]]
    assert days == ["2023-03-15"]
    assert [item["pages"] for item in document["excluded"]] == [[1, 3]]


def test_a_document_naming_no_patient_is_marked() -> None:
    text = _note("DOE, JANE", "01/02/1980", "03/14/2023", "Alan Reyes")
    bare = "\n".join(line for line in text.splitlines() if "Patient" not in line)
    chronology = pipeline.build(
        [
            ("a.pdf", [PageText("a.pdf", 1, text)]),
            ("b.pdf", [PageText("b.pdf", 1, bare)]),
        ]
    )
    assert any("b.pdf names no patient" in w for w in chronology.warnings)
    assert not any("a.pdf names no patient" in w for w in chronology.warnings)


_COVER = """\
FAX COVER SHEET St. Luke's Medical Center
To: ChartSource Legal Copy Services From: Craig Ritchie
Attn: Records Dept. re: Castellano Injury Law
Date: 05/17/2023 Pages: 6 (including cover)
Re: Records request - Jane Doe Phone: (617) 555-0100
"""


def test_a_fax_cover_names_no_patient_and_excludes_nothing() -> None:
    note = _note("DOE, JANE", "01/02/1980", "03/14/2023", "Alan Reyes")
    follow = "Follow-up page of the same note.\\nPLAN: continue therapy.\\n"
    chronology = pipeline.build(
        [
            (
                "er.pdf",
                [
                    PageText("er.pdf", 1, _COVER),
                    PageText("er.pdf", 2, note),
                    PageText("er.pdf", 3, follow),
                ],
            )
        ],
        patient=Patient("Jane Doe", date(1980, 1, 2)),
    )
    assert chronology.excluded == ()
    assert [e.date for e in chronology.encounters] == [date(2023, 3, 14)]


def test_a_firm_or_an_office_is_never_a_patient_name() -> None:
    assert PersonName.parse("Castellano Injury Law Group") is None
    assert PersonName.parse("ChartSource Legal Copy Services") is None


def test_a_patient_table_names_the_patient_on_the_line_below_its_head() -> None:
    found = read_identity(
        "PHYSICAL THERAPY RE-EVALUATION\n"
        "Pt Name MRN DOB Sex\n"
        "OKAFOR, TREVOR 6496823 12/12/1976 M\n"
    )
    assert found.name == PersonName.parse("Trevor Okafor")
    assert found.dob == date(1976, 12, 12)


def test_a_stacked_patient_block_names_the_patient_labels_over_values() -> None:
    found = read_identity(
        "Pt Name\nBrekke, Olen\nMRN\n3948335\nDOB\n26-Feb-1966\nHarbor Hospital\n"
    )
    assert found.name is not None
    assert found.name.display == "Olen Brekke"
    assert found.dob == date(1966, 2, 26)
