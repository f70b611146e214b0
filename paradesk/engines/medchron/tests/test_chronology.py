"""The whole engine on small hand-written productions: encounters, specials, gaps,
duplicates, missing documents and citations, each checked against the contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from paradesk.engines.medchron import contract, pipeline
from paradesk.engines.medchron.models import Chronology, PageText
from paradesk.engines.medchron.samples import (
    CMS_1500,
    ER_1,
    ER_2,
    ER_BILL,
    PCP_OLD,
    PT_LEDGER,
    PT_NOTES,
)


def _build(
    *documents: tuple[str, list[str]], incident: date | None = date(2024, 3, 4)
) -> Chronology:
    return pipeline.build(
        [
            (
                name,
                [PageText(name, number, text) for number, text in enumerate(pages, 1)],
            )
            for name, pages in documents
        ],
        incident_date=incident,
    )


def _checked(chronology: Chronology) -> dict[str, Any]:
    document = contract.to_json(chronology)
    contract.validate(document)
    return document


def test_a_two_page_emergency_visit_is_one_encounter_with_every_fact_cited() -> None:
    chronology = _build(("ER.pdf", [ER_1, ER_2]))
    _checked(chronology)
    (visit,) = chronology.encounters
    assert visit.date == date(2024, 3, 4)
    assert visit.provider == "Maria Chen, MD"
    assert visit.facility == "Piedmont Regional Medical Center"
    assert visit.visit_type == "emergency"
    assert [(c.document, c.page) for c in visit.citations] == [
        ("ER.pdf", 1),
        ("ER.pdf", 2),
    ]
    assert all(c.verified for c in visit.citations)
    complaints = {fact.text for fact in visit.complaints}
    assert {"neck pain", "low back pain", "headache"} <= complaints
    assert not complaints & {"loss of consciousness", "numbness", "tingling"}
    assert [fact.text for fact in visit.pain_scores] == ["pain 7/10"]
    assert [(d.code, d.description) for d in visit.diagnoses] == [
        ("S13.4XXA", "Sprain of ligaments of cervical spine, initial encounter"),
        ("M54.2", "Cervicalgia"),
    ]
    assert visit.diagnoses[1].provenance.rule == "diagnosis.description-exact-match"
    assert [p.code for p in visit.procedures] == ["99284"]
    assert [m.text.split()[0] for m in visit.medications] == [
        "Cyclobenzaprine",
        "Ibuprofen",
    ]
    assert any("no lifting" in fact.text for fact in visit.restrictions)
    assert any("physical therapy" in fact.text for fact in visit.recommendations)
    # Every fact names its page and the text it was read from, found on that page.
    pages = {1: ER_1, 2: ER_2}
    for fact in (
        *visit.complaints,
        *visit.findings,
        *visit.medications,
        *visit.restrictions,
    ):
        assert fact.citation.verified
        assert " ".join(fact.citation.quote.split()) in " ".join(
            pages[fact.citation.page].split()
        )
        assert fact.provenance.engine.startswith("paradesk.medchron ")


def test_a_page_of_daily_notes_holds_one_encounter_per_visit() -> None:
    chronology = _build(("PT.pdf", [PT_NOTES]))
    dates = [e.date for e in chronology.encounters]
    assert dates == [date(2024, 3, 11), date(2024, 3, 13), date(2024, 5, 20)]
    assert {e.provider for e in chronology.encounters} == {"Ana Silva, PT, DPT"}
    assert {e.visit_type for e in chronology.encounters} == {"physical therapy"}
    first = chronology.encounters[0]
    assert [p.code for p in first.procedures] == ["97110", "97140"]
    assert "headache" not in {fact.text for fact in first.complaints}


def test_gaps_in_care_and_pre_incident_visits() -> None:
    chronology = _build(
        ("PCP.pdf", [PCP_OLD]), ("PT.pdf", [PT_NOTES]), ("ER.pdf", [ER_1, ER_2])
    )
    document = _checked(chronology)
    assert [(e["date"], e["pre_incident"]) for e in document["encounters"]] == [
        ("2023-01-15", True),
        ("2024-03-04", False),
        ("2024-03-11", False),
        ("2024-03-13", False),
        ("2024-05-20", False),
    ]
    # Only care after the incident counts for gaps: 2023 -> 2024 is not a gap in care.
    assert document["gaps"] == [{"from": "2024-03-13", "to": "2024-05-20", "days": 68}]
    shorter = pipeline.build(
        [("PT.pdf", [PageText("PT.pdf", 1, PT_NOTES)])], gap_days=90
    )
    assert shorter.gaps == ()


def test_specials_from_a_statement_a_ledger_and_a_claim_form_to_the_cent() -> None:
    chronology = _build(
        ("ER.pdf", [ER_1, ER_2, ER_BILL]),
        ("PT.pdf", [PT_NOTES]),
        ("PT_ledger.pdf", [PT_LEDGER]),
        ("ortho_claim.pdf", [CMS_1500]),
    )
    document = _checked(chronology)
    bills = {bill["provider"]: bill for bill in document["bills"]}
    # Bills are filed under the billing facility; each knows the clinician it is for.
    er = bills["Piedmont Regional Medical Center"]
    assert (
        er["charges_cents"],
        er["payments_cents"],
        er["adjustments_cents"],
        er["balance_cents"],
    ) == (
        226250,
        80000,
        30000,
        116250,
    )
    assert er["stated_total_cents"] == 226250
    assert er["reconciled"]
    assert [
        (line["date"], line["code"], line["charge_cents"]) for line in er["lines"]
    ] == [
        ("2024-03-04", "99284", 185000),
        ("2024-03-04", "72040", 41250),
    ]
    pt = bills["Peachtree Physical Therapy"]
    assert (pt["charges_cents"], pt["payments_cents"], pt["adjustments_cents"]) == (
        63500,
        20000,
        5500,
    )
    # The ledger prints $640.00 but its lines add to $635.00: flagged, not trusted.
    assert pt["stated_total_cents"] == 64000
    assert not pt["reconciled"]
    assert any("differs from the sum" in warning for warning in document["warnings"])
    ortho = bills["Paul Okafor, MD"]
    assert [
        (line["date"], line["code"], line["charge_cents"]) for line in ortho["lines"]
    ] == [
        ("2024-03-18", "99204", 35000),
        ("2024-03-18", "72141", 120000),
    ]
    assert ortho["reconciled"]
    assert document["totals"] == {
        "charges_cents": 226250 + 63500 + 155000,
        "payments_cents": 80000 + 20000,
        "adjustments_cents": 30000 + 5500,
        "balance_cents": (226250 + 63500 + 155000) - 100000 - 35500,
    }
    missing = {(m["kind"], m["provider"], m["date"]) for m in document["missing"]}
    assert missing == {
        ("bill", "Ana Silva, PT, DPT", "2024-05-20"),  # a visit nobody billed
        ("record", "Peachtree Physical Therapy", "2024-06-01"),  # billed, no note
        ("record", "Paul Okafor, MD", "2024-03-18"),  # a claim with no records at all
    }
    providers = {p["name"]: p for p in document["providers"]}
    assert providers["Ana Silva, PT, DPT"]["visits"] == 3
    assert providers["Ana Silva, PT, DPT"]["charges_cents"] == 63500
    assert providers["Paul Okafor, MD"]["visits"] == 0


def test_the_same_records_in_two_productions_count_once_and_cite_both() -> None:
    chronology = _build(
        ("Piedmont_records.pdf", [ER_1, ER_2, ER_BILL]),
        (
            "Insurer_production.pdf",
            [
                "RECORDS CUSTODIAN AFFIDAVIT\nI certify that the "
                "attached are true and correct copies.",
                ER_1,
                ER_2,
                ER_BILL,
            ],
        ),
    )
    document = _checked(chronology)
    (visit,) = document["encounters"]
    assert [(c["document"], c["page"]) for c in visit["citations"]] == [
        ("Piedmont_records.pdf", 1),
        ("Piedmont_records.pdf", 2),
        ("Insurer_production.pdf", 2),
        ("Insurer_production.pdf", 3),
    ]
    assert document["totals"]["charges_cents"] == 226250
    assert document["totals"]["payments_cents"] == 80000


def test_a_visit_billed_twice_in_one_ledger_stays_twice() -> None:
    charge = "03/13/2024  97110  Therapeutic exercise     180.00      0.00    0.00"
    ledger = PT_LEDGER.replace(
        f"{charge}     455.00",
        f"{charge}     455.00\n{charge}     635.00",
    )
    chronology = _build(("a.pdf", [ledger]), ("b.pdf", [ledger]))
    (bill,) = chronology.bills
    assert bill.charges_cents == 63500 + 18000


def test_a_citation_whose_quote_is_not_on_its_page_is_marked_unverified() -> None:
    from dataclasses import replace

    from paradesk.engines.medchron.text import quote_on_page

    chronology = _build(("ER.pdf", [ER_1, ER_2]))
    (visit,) = chronology.encounters
    edited = replace(visit.citations[0], quote="Date of Service: 03/05/2024")
    assert not quote_on_page(edited.quote, ER_1)
    rebuilt = contract.from_json(
        {
            **contract.to_json(chronology),
            "encounters": [
                {
                    **contract.encounter_json(visit),
                    "citations": [contract._citation(replace(edited, verified=False))],
                }
            ],
        }
    )
    assert not rebuilt.encounters[0].verified


def test_undated_and_unnamed_visits_are_kept_and_warned_about() -> None:
    note = (
        "Progress Note\nChief Complaint: neck pain\nAssessment: Cervicalgia\nPlan: PT"
    )
    chronology = _build(("note.pdf", [note]))
    (visit,) = chronology.encounters
    assert visit.date is None
    assert visit.provider is None
    assert any("no date of service" in warning for warning in chronology.warnings)
    _checked(chronology)


def test_contract_round_trip() -> None:
    chronology = _build(("ER.pdf", [ER_1, ER_2, ER_BILL]), ("PT.pdf", [PT_NOTES]))
    document = contract.to_json(chronology)
    assert (
        contract.to_json(contract.from_json(document))["totals"] == document["totals"]
    )
    assert (
        contract.to_json(contract.from_json(document))["encounters"]
        == document["encounters"]
    )
