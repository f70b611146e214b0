"""The medical chronology through the API: build, read in the contract, export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.documents.services import add_document
from paradesk.engines.medchron import contract
from paradesk.engines.medchron.samples import SAMPLE_FILES, SAMPLE_PATIENT
from paradesk.engines.pages.samples import text_pdf
from paradesk.firm.models import User
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]


def test_build_read_and_export_a_chronology(
    firm: Firm, api: MakeApi, django_capture_on_commit_callbacks: Any
) -> None:
    firm.matter.incident_on = date(2024, 3, 4)
    firm.matter.save()
    firm.matter.client.name = SAMPLE_PATIENT
    firm.matter.client.save()
    paralegal = api(firm.paralegal)
    url = f"/matters/{firm.matter.pk}/chronology"
    assert paralegal.get(url).status_code == 404  # nothing built yet
    with django_capture_on_commit_callbacks(execute=True):
        for name, pages in list(SAMPLE_FILES.items())[:2]:
            add_document(
                actor=firm.paralegal,
                matter=firm.matter,
                file=text_pdf([page.splitlines() for page in pages]),
                name=name,
            )
    with django_capture_on_commit_callbacks(execute=True):
        queued = paralegal.post(url + "/build")
    assert queued.status_code == 202
    assert queued.json()["state"] == "queued"

    document = paralegal.get(url).json()
    contract.validate(document)
    assert [e["date"] for e in document["encounters"]] == [
        "2024-03-04",
        "2024-03-11",
        "2024-03-13",
        "2024-05-20",
    ]
    assert document["totals"]["charges_cents"] == 226250

    exported = paralegal.get(url + "/export/xlsx")
    assert exported.status_code == 200
    assert exported.content.startswith(b"PK")
    assert paralegal.get(url + "/export/txt").status_code == 404
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "chronology.viewed" in actions
    assert "chronology.exported" in actions

    for outsider in (firm.outsider, firm.walled):
        assert api(outsider).get(url).status_code == 404
        assert api(outsider).post(url + "/build").status_code == 404
    # Billing sees the matter but does not build chronologies.
    assert api(firm.billing).post(url + "/build").status_code == 403
