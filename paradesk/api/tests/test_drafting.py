"""Drafted letters through the API: the library, a letter from draft to final PDF, a
demand from the approved chronology, and who may do what."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from paradesk.api.tests.conftest import BASE, ApiClient
from paradesk.chronology import selectors as chronology_selectors
from paradesk.chronology.models import Chronology
from paradesk.core.models import AuditEvent
from paradesk.drafting.models import Draft, Template, TemplateKind
from paradesk.engines.common.money import money
from paradesk.engines.drafting import pdf
from paradesk.firm.models import User
from paradesk.testing.chronology import approve_chronology, build_sample_chronology
from paradesk.testing.personas import Firm
from paradesk.work import services as work

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

MakeApi = Callable[[User], ApiClient]
Capture = Any


def put(client: ApiClient, path: str, body: Any) -> Response:
    return client.raw("put", path, json.dumps(body))


def template_id(client: ApiClient, kind: str) -> int:
    """The built-in template of this kind, as the library lists it."""
    library = client.get("/templates")
    assert library.status_code == 200
    found: int = next(
        t["id"] for t in library.json() if t["builtin"] and t["kind"] == kind
    )
    return found


def status_letter(client: ApiClient, firm: Firm, body: str) -> Response:
    return client.post(
        f"/matters/{firm.matter.pk}/drafts",
        {
            "template_id": template_id(client, TemplateKind.CLIENT_STATUS),
            "title": "Status letter",
            "inputs": {"body": body},
        },
    )


def task_for_review(firm: Firm, title: str) -> int:
    task = work.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title=title,
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )
    return task.pk


def docx_upload(*paragraphs: str, name: str = "letter.docx") -> SimpleUploadedFile:
    letter = Document()
    for text in paragraphs:
        letter.add_paragraph(text)
    buffer = io.BytesIO()
    letter.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload_template(
    client: ApiClient, file: SimpleUploadedFile, **fields: str
) -> Response:
    """A real multipart/form-data POST, as `curl -F file=@...` sends it."""
    response: Response = client.client.post(
        BASE + "/templates", {"file": file, **fields}
    )
    return response


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    return "".join(page.get_textpage().get_text_bounded() for page in document)


@pytest.fixture
def soffice() -> None:
    if pdf.converter() is None:
        pytest.fail(
            "LibreOffice (soffice) is required: install libreoffice-writer-nogui"
        )


# --- The library --------------------------------------------------------------------


def test_the_library_lists_the_builtin_templates_with_their_fields(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.paralegal).get("/templates")
    assert response.status_code == 200
    templates = response.json()
    kinds = {t["kind"] for t in templates if t["builtin"]}
    assert kinds >= {
        "demand",
        "records_request",
        "hipaa_authorization",
        "representation",
        "client_status",
    }
    status = next(t for t in templates if t["kind"] == "client_status")
    assert status["latest_version"] == 1
    assert "client.name" in status["fields"]
    assert Template.objects.count() == len(templates)


def test_an_attorney_uploads_a_template_and_it_joins_the_library(
    firm: Firm, api: MakeApi
) -> None:
    attorney = api(firm.attorney)
    response = upload_template(
        attorney,
        docx_upload("Dear {{ client.name }},", "Re claim {{ insurer.claim_number }}."),
        name="Short letter",
        kind="other",
        description="Two lines",
    )
    assert response.status_code == 201, response.content
    version = response.json()
    assert version["number"] == 1
    assert version["fields"] == ["client.name", "insurer.claim_number"]
    assert version["uploaded_by"]["username"] == "attorney"
    assert version["template"]["name"] == "Short letter"
    assert version["template"]["builtin"] is False
    listed = {t["name"]: t for t in attorney.get("/templates").json()}
    assert listed["Short letter"]["fields"] == version["fields"]
    assert AuditEvent.objects.filter(action="template.uploaded").count() == 1


def test_a_template_with_an_unknown_field_is_400_naming_it_and_its_paragraph(
    firm: Firm, api: MakeApi
) -> None:
    response = upload_template(
        api(firm.attorney),
        docx_upload("Intro", "Claim {{ insurer.claim_numbr }}"),
        name="Bad",
        kind="other",
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert '"insurer.claim_numbr" in the body, paragraph 2' in detail
    assert not Template.objects.filter(name="Bad").exists()


def test_a_template_upload_with_an_unknown_kind_is_422(
    firm: Firm, api: MakeApi
) -> None:
    response = upload_template(
        api(firm.attorney), docx_upload("Hi"), name="Odd", kind="poem"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


def test_a_paralegal_cannot_upload_a_template(firm: Firm, api: MakeApi) -> None:
    response = upload_template(
        api(firm.paralegal),
        docx_upload("Dear {{ client.name }},"),
        name="Mine",
        kind="other",
    )
    assert response.status_code == 403
    assert "Only attorneys and administrators" in response.json()["detail"]
    assert not Template.objects.filter(name="Mine").exists()


# --- A letter from draft to final PDF -----------------------------------------------


def test_a_status_letter_from_draft_through_review_to_the_final_pdf(
    firm: Firm, api: MakeApi, soffice: None
) -> None:
    paralegal, attorney = api(firm.paralegal), api(firm.attorney)
    created = status_letter(paralegal, firm, "Your treatment records are all in.")
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["kind"], draft["title"], draft["version"]) == (
        "client_status",
        "Status letter",
        1,
    )
    assert "Your treatment records are all in." in draft["text"]
    assert draft["inputs"]["body"] == "Your treatment records are all in."
    assert [r["number"] for r in draft["renderings"]] == [1]
    assert draft["latest_sha256"] == draft["renderings"][0]["sha256"]
    assert (draft["approved"], draft["task_state"], draft["final_document_id"]) == (
        False,
        None,
        None,
    )

    url = f"/drafts/{draft['id']}"
    updated = put(
        paralegal,
        url,
        {"inputs": {**draft["inputs"], "body": "All records are in."}, "version": 1},
    )
    assert updated.status_code == 200, updated.content
    draft = updated.json()
    assert draft["version"] == 2
    assert [r["number"] for r in draft["renderings"]] == [2, 1]
    assert "All records are in." in draft["text"]

    listed = paralegal.get(f"/matters/{firm.matter.pk}/drafts").json()
    assert [(d["id"], d["latest_version_number"]) for d in listed] == [(draft["id"], 2)]

    early = paralegal.post(url + "/finalize")
    assert early.status_code == 400
    assert "Only the version an attorney approved" in early.json()["detail"]

    task_id = task_for_review(firm, "Status letter")
    submitted = paralegal.post(
        url + "/submit", {"task_id": task_id, "note": "Ready for you."}
    )
    assert submitted.status_code == 200, submitted.content
    task = submitted.json()
    assert (task["id"], task["state"], task["product_kind"]) == (
        task_id,
        "submitted",
        "draft",
    )
    assert task["submitted_sha256"] == draft["latest_sha256"]
    assert attorney.post(f"/tasks/{task_id}/approve").status_code == 200

    approved = paralegal.get(url).json()
    assert (approved["approved"], approved["task_state"]) == (True, "approved")
    final = paralegal.post(url + "/finalize")
    assert final.status_code == 200, final.content
    finalized = final.json()
    assert finalized["final_document_id"] is not None
    assert finalized["finalized_at"] is not None

    # The final PDF downloads through the documents route, audited there.
    content = paralegal.get(
        f"/documents/versions/{finalized['final_version_id']}/content"
    )
    assert content.status_code == 200
    assert content["Content-Type"] == "application/pdf"
    text = pdf_text(content.content)
    assert "All records are in." in text
    assert "DRAFT" not in text
    downloaded = AuditEvent.objects.get(action="document.downloaded")
    assert downloaded.details["document_id"] == finalized["final_document_id"]
    assert AuditEvent.objects.filter(action="draft.finalized").count() == 1

    # A change after approval is not approved, so it cannot be finalized.
    changed = put(
        paralegal,
        url,
        {"inputs": {"body": "One more thing."}, "version": finalized["version"]},
    )
    assert changed.status_code == 200
    assert changed.json()["approved"] is False
    assert paralegal.post(url + "/finalize").status_code == 400


def test_reading_a_draft_is_audited_as_read_through_the_api(
    firm: Firm, api: MakeApi
) -> None:
    paralegal = api(firm.paralegal)
    draft = status_letter(paralegal, firm, "Hello.").json()
    assert not AuditEvent.objects.filter(action="draft.viewed").exists()
    assert paralegal.get(f"/drafts/{draft['id']}").status_code == 200
    viewed = AuditEvent.objects.get(action="draft.viewed")
    assert viewed.details == {
        "document_version_id": draft["latest_version_id"],
        "via": "api",
    }
    assert viewed.actor_id == firm.paralegal.pk
    paralegal.get(f"/matters/{firm.matter.pk}/drafts")
    listed = AuditEvent.objects.get(action="drafts.listed")
    assert listed.details == {"ids": [draft["id"]], "via": "api"}


def test_an_update_with_a_stale_version_is_409_and_changes_nothing(
    firm: Firm, api: MakeApi
) -> None:
    paralegal, attorney = api(firm.paralegal), api(firm.attorney)
    draft = status_letter(paralegal, firm, "First.").json()
    url = f"/drafts/{draft['id']}"
    first = put(paralegal, url, {"inputs": {"body": "Second."}, "version": 1})
    assert first.status_code == 200
    stale = put(attorney, url, {"inputs": {"body": "Third."}, "version": 1})
    assert stale.status_code == 409
    assert "Someone changed this draft" in stale.json()["detail"]
    now = paralegal.get(url).json()
    assert (now["version"], now["inputs"]["body"]) == (2, "Second.")


def test_malformed_inputs_are_400_or_422(firm: Firm, api: MakeApi) -> None:
    paralegal = api(firm.paralegal)
    path = f"/matters/{firm.matter.pk}/drafts"
    status = template_id(paralegal, TemplateKind.CLIENT_STATUS)
    unknown = paralegal.post(path, {"template_id": status, "inputs": {"color": "blue"}})
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "Unknown field(s): color."
    bad_date = paralegal.post(
        path, {"template_id": status, "inputs": {"letter_date": "2026-02-30"}}
    )
    assert bad_date.status_code == 400
    assert "not a date" in bad_date.json()["detail"]
    nested = paralegal.post(path, {"template_id": status, "inputs": {"body": {"a": 1}}})
    assert nested.status_code == 422
    no_template = paralegal.post(path, {"template_id": 999_999})
    assert no_template.status_code == 422
    assert no_template.json()["detail"][0]["loc"] == [
        "body",
        "payload",
        "template_id",
    ]
    assert not Draft.objects.exists()


def test_submitting_with_a_task_that_is_not_yours_is_refused(
    firm: Firm, api: MakeApi
) -> None:
    paralegal = api(firm.paralegal)
    draft = status_letter(paralegal, firm, "Hello.").json()
    url = f"/drafts/{draft['id']}/submit"
    hidden = paralegal.post(url, {"task_id": 999_999})
    assert hidden.status_code == 422
    assert hidden.json()["detail"][0]["loc"][-1] == "task_id"
    attorneys_own = work.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Attorney's task",
        owner=firm.attorney,
        reviewer=firm.attorney2,
        due_on=date(2030, 1, 1),
    )
    refused = paralegal.post(url, {"task_id": attorneys_own.pk})
    assert refused.status_code == 400
    assert "one of your open tasks" in refused.json()["detail"]


def test_billing_on_the_team_reads_drafts_but_does_not_draft(
    firm: Firm, api: MakeApi
) -> None:
    draft = status_letter(api(firm.paralegal), firm, "Hello.").json()
    billing = api(firm.billing)
    assert billing.get(f"/drafts/{draft['id']}").status_code == 200
    refused = status_letter(billing, firm, "Mine.")
    assert refused.status_code == 403
    assert "Only paralegals and attorneys" in refused.json()["detail"]


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_for_every_draft_route(
    firm: Firm, api: MakeApi, who: str
) -> None:
    draft = status_letter(api(firm.paralegal), firm, "Hello.").json()
    client = api(getattr(firm, who))
    task_id = task_for_review(firm, "Status letter")
    url = f"/drafts/{draft['id']}"
    answers = [
        client.get(f"/matters/{firm.matter.pk}/drafts"),
        status_letter(client, firm, "Mine."),
        client.get(url),
        put(client, url, {"inputs": {"body": "Mine."}, "version": 1}),
        client.post(url + "/submit", {"task_id": task_id}),
        client.post(url + "/finalize"),
    ]
    for response in answers:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert Draft.objects.get().version == 1


def test_the_openapi_document_lists_the_drafting_routes(firm: Firm) -> None:
    paths = Client().get(f"{BASE}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/templates",
        "/api/v1/matters/{matter_id}/drafts",
        "/api/v1/drafts/{draft_id}",
        "/api/v1/drafts/{draft_id}/submit",
        "/api/v1/drafts/{draft_id}/finalize",
    ):
        assert path in paths
    assert set(paths["/api/v1/drafts/{draft_id}"]) == {"get", "put"}


# --- A demand from the approved chronology ------------------------------------------


@pytest.fixture
def chronology(firm: Firm, django_capture_on_commit_callbacks: Capture) -> Chronology:
    return build_sample_chronology(firm, django_capture_on_commit_callbacks)


def test_a_demand_from_the_approved_chronology_with_the_attorneys_amount(
    firm: Firm, api: MakeApi, chronology: Chronology
) -> None:
    paralegal, attorney = api(firm.paralegal), api(firm.attorney)
    path = f"/matters/{firm.matter.pk}/drafts"
    demand = template_id(paralegal, TemplateKind.DEMAND)
    unapproved = paralegal.post(path, {"template_id": demand, "title": "Demand"})
    assert unapproved.status_code == 400
    assert "not approved" in unapproved.json()["detail"]

    approve_chronology(firm, chronology)
    facts = {"facts": "Rear-ended at a red light.", "liability": "Clear."}
    priced = paralegal.post(
        path,
        {
            "template_id": demand,
            "title": "Demand",
            "inputs": {**facts, "demand_cents": 5_000_000},
        },
    )
    assert priced.status_code == 403
    assert "the demand amount" in priced.json()["detail"]

    created = paralegal.post(
        path, {"template_id": demand, "title": "Demand", "inputs": facts}
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    text = "\n".join(draft["text"])
    assert "Rear-ended at a red light." in text
    totals = chronology_selectors.as_contract(chronology)["totals"]
    assert money(totals["charges_cents"]) in text

    url = f"/drafts/{draft['id']}"
    with_amount = {**draft["inputs"], "demand_cents": 7_500_000}
    by_paralegal = put(paralegal, url, {"inputs": with_amount, "version": 1})
    assert by_paralegal.status_code == 403
    by_attorney = put(attorney, url, {"inputs": with_amount, "version": 1})
    assert by_attorney.status_code == 200, by_attorney.content
    assert "$75,000.00" in "\n".join(by_attorney.json()["text"])
    assert by_attorney.json()["inputs"]["demand_cents"] == 7_500_000
