"""Records of someone other than the matter's client are left out of its chronology,
and listed with the reason."""

from __future__ import annotations

from typing import Any

from paradesk.chronology import selectors, services
from paradesk.chronology.models import Chronology
from paradesk.core.models import JobState
from paradesk.documents.services import add_document
from paradesk.engines.medchron import contract
from paradesk.engines.medchron.samples import SAMPLE_FILES, SAMPLE_PATIENT
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.personas import Firm


def _upload(firm: Firm, capture: Any, files: dict[str, list[str]]) -> None:
    for name, pages in files.items():
        with capture(execute=True):
            add_document(
                actor=firm.paralegal,
                matter=firm.matter,
                file=text_pdf([page.splitlines() for page in pages]),
                name=name,
            )


def _build(firm: Firm, capture: Any) -> Chronology:
    with capture(execute=True):
        job = services.request_build(actor=firm.paralegal, matter=firm.matter)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    return Chronology.objects.get(matter=firm.matter)


def test_records_of_someone_other_than_the_client_are_left_out_and_listed(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    # The persona's client is Maria Rivera; every sample page names John Harper.
    assert firm.matter.client.name != SAMPLE_PATIENT
    _upload(firm, django_capture_on_commit_callbacks, SAMPLE_FILES)
    chronology = _build(firm, django_capture_on_commit_callbacks)
    document = selectors.as_contract(chronology)
    contract.validate(document)
    # The primary-care note and the therapy ledger name no patient: kept, and
    # marked so.
    unnamed = {"Midtown_Family_Medicine_2023.pdf", "Peachtree_PT_ledger.pdf"}
    assert [e["facility"] for e in document["encounters"]] == [
        "Midtown Family Medicine"
    ]
    cited = {
        line["citation"]["document"]
        for bill in document["bills"]
        for line in bill["lines"]
    }
    assert cited == {"Peachtree_PT_ledger.pdf"}
    excluded = {item["document"] for item in document["excluded"]}
    assert excluded == set(SAMPLE_FILES) - unnamed
    assert all(item["reason"] == "another patient" for item in document["excluded"])
    assert any("Belongs to another patient?" in w for w in document["warnings"])
    for name in unnamed:
        assert any(f"{name} names no patient" in w for w in document["warnings"])
