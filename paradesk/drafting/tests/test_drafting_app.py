"""Drafting in the app: the template library, a demand built from the approved
chronology, the review gate, the final PDF, and who may do what."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
import time_machine
from django.utils import timezone
from docx import Document

from paradesk.chronology import selectors as chronology_selectors
from paradesk.chronology.models import Chronology
from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.core.storage import get_store
from paradesk.drafting import selectors, services
from paradesk.drafting.context import DraftError
from paradesk.drafting.models import Draft, Template, TemplateKind
from paradesk.engines.drafting import pdf, render
from paradesk.matters.models import Contact, Party, PartyRole
from paradesk.testing.chronology import approve_chronology, build_sample_chronology
from paradesk.testing.personas import Firm
from paradesk.work import services as work
from paradesk.work.models import Task, TaskState

_MONEY = re.compile(r"^-?\$[\d,]+\.\d\d$")


def _cents(text: str) -> int:
    negative = text.startswith("-")
    digits = text.lstrip("-").lstrip("$").replace(",", "")
    dollars, cents = digits.split(".")
    value = int(dollars) * 100 + int(cents)
    return -value if negative else value


def _task(firm: Firm, title: str) -> Task:
    return work.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title=title,
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )


@pytest.fixture
def chronology(firm: Firm, django_capture_on_commit_callbacks: Any) -> Chronology:
    return build_sample_chronology(firm, django_capture_on_commit_callbacks)


def _approve_chronology(firm: Firm, chronology: Chronology) -> None:
    approve_chronology(firm, chronology)


def _template(kind: str) -> Template:
    services.install_builtin_templates()
    return Template.objects.get(builtin=kind)


def _docx(draft: Draft) -> bytes:
    latest = selectors.latest_rendering(draft)
    assert latest is not None
    return get_store().read(latest.document_version.sha256)


def _specials_rows(data: bytes) -> dict[str, list[int]]:
    """Provider (or "Total") -> the money cells of its row in the specials table."""
    rows: dict[str, list[int]] = {}
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            amounts = [_cents(cell) for cell in cells if _MONEY.match(cell)]
            if len(amounts) >= 4:
                rows[cells[0]] = amounts[:4]
    return rows


def test_a_demand_needs_the_chronology_approved_as_it_stands(
    firm: Firm, chronology: Chronology
) -> None:
    with pytest.raises(DraftError, match="not approved"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=_template("demand"),
            title="Demand",
        )
    assert not Draft.objects.exists()


def test_the_demand_carries_the_chronology_numbers_to_the_cent(
    firm: Firm, chronology: Chronology
) -> None:
    _approve_chronology(firm, chronology)
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=_template("demand"),
        title="Demand to the insurer",
        inputs={"facts": "Rear-ended at a red light.", "liability": "Clear."},
    )
    data = _docx(draft)
    assert render.watermarks(data) == ["DRAFT"]
    contract = chronology_selectors.as_contract(chronology)
    rows = _specials_rows(data)
    for bill in contract["bills"]:
        assert rows[bill["provider"]] == [
            bill["charges_cents"],
            bill["payments_cents"],
            bill["adjustments_cents"],
            bill["balance_cents"],
        ]
    totals = contract["totals"]
    total_row = next(values for name, values in rows.items() if "Total" in name)
    assert total_row == [
        totals["charges_cents"],
        totals["payments_cents"],
        totals["adjustments_cents"],
        totals["balance_cents"],
    ]
    text = render.document_text(data)
    assert "Rear-ended at a red light." in text
    assert "Ex. 1 at" in text
    # The letter's deadline is 30 days after its date.
    rendering = selectors.latest_rendering(draft)
    assert rendering is not None
    letter = rendering.context["letter"]
    assert date.fromisoformat(letter["response_deadline"]) == date.fromisoformat(
        letter["date"]
    ) + timedelta(days=30)
    assert rendering.chronology_sha256 == chronology_selectors.content_hash(chronology)


def test_only_an_attorney_sets_the_demand_and_general_damages(
    firm: Firm, chronology: Chronology
) -> None:
    _approve_chronology(firm, chronology)
    with pytest.raises(PermissionDeniedError, match="the demand amount"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=_template("demand"),
            title="Demand",
            inputs={"demand_cents": 5_000_000},
        )
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=_template("demand"),
        title="D",
    )
    attorney_inputs = {
        **draft.inputs,
        "demand_cents": 7_500_000,
        "general_damages": "X",
    }
    with pytest.raises(PermissionDeniedError):
        services.update_draft(
            actor=firm.paralegal,
            draft=draft,
            inputs=attorney_inputs,
            expected_version=draft.version,
        )
    updated = services.update_draft(
        actor=firm.attorney,
        draft=draft,
        inputs=attorney_inputs,
        expected_version=draft.version,
    )
    assert "$75,000.00" in render.document_text(_docx(updated))
    assert updated.document is not None
    assert updated.document.versions.count() == 2


def test_review_gate_and_final_pdf(
    firm: Firm, chronology: Chronology, settings: Any
) -> None:
    if pdf.converter() is None:
        pytest.fail(
            "LibreOffice (soffice) is required: install libreoffice-writer-nogui"
        )
    _approve_chronology(firm, chronology)
    draft = services.create_draft(
        actor=firm.attorney,
        matter=firm.matter,
        template=_template("demand"),
        title="Demand",
        inputs={"demand_cents": 12_500_000, "general_damages": "Months of pain."},
    )
    with pytest.raises(DraftError, match="Only the version an attorney approved"):
        services.finalize_draft(actor=firm.paralegal, draft=draft)
    task = _task(firm, "Demand letter")
    submitted = services.submit_draft(actor=firm.paralegal, draft=draft, task=task)
    assert submitted.state == TaskState.SUBMITTED
    latest = selectors.latest_rendering(draft)
    assert latest is not None
    assert submitted.submitted_sha256 == latest.document_version.sha256
    work.approve_task(actor=firm.attorney, task=submitted)

    final = services.finalize_draft(actor=firm.paralegal, draft=draft)
    assert final.final_document is not None
    version = final.final_document.versions.get()
    assert version.content_type == "application/pdf"
    document = pdfium.PdfDocument(get_store().read(version.sha256))
    text = "".join(page.get_textpage().get_text_bounded() for page in document)
    assert "DRAFT" not in text
    assert "$125,000.00" in text
    totals = chronology_selectors.as_contract(chronology)["totals"]
    dollars, cents = divmod(totals["charges_cents"], 100)
    assert f"${dollars:,}.{cents:02d}" in text
    assert AuditEvent.objects.filter(action="draft.finalized").exists()

    # A change after approval: the new version is not approved, so it cannot be final.
    services.update_draft(
        actor=firm.attorney,
        draft=final,
        inputs={**final.inputs, "demand_cents": 13_000_000},
        expected_version=final.version,
    )
    assert work.product_changed_since_approval(Task.objects.get(pk=task.pk))
    with pytest.raises(DraftError, match="Only the version an attorney approved"):
        services.finalize_draft(
            actor=firm.paralegal, draft=Draft.objects.get(pk=draft.pk)
        )


def test_a_paralegal_signature_states_non_attorney_status(firm: Firm) -> None:
    provider = Contact.objects.create(
        kind="organization", name="Peachtree Orthopedics", address="1 Main St\nAtlanta"
    )
    Party.objects.create(
        matter=firm.matter, contact=provider, role=PartyRole.MEDICAL_PROVIDER
    )
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=_template("records_request"),
        title="Records request",
        inputs={"signer": firm.paralegal.pk, "client_date_of_birth": "1980-01-01"},
    )
    text = render.document_text(_docx(draft))
    assert "Peachtree Orthopedics" in text
    assert "not an attorney" in text
    assert "Prepared under the supervision of" in text
    assert "revoke" in text.lower()


def test_template_upload_is_checked_versioned_and_limited_to_attorneys(
    firm: Firm,
) -> None:
    good = Document()
    good.add_paragraph("Dear {{ recipient.name }}, re {{ insurer.claim_number }}.")
    bad = Document()
    bad.add_paragraph("Intro")
    bad.add_paragraph("Claim {{ insurer.claim_numbr }}")
    good_bytes, bad_bytes = io.BytesIO(), io.BytesIO()
    good.save(good_bytes)
    bad.save(bad_bytes)

    with pytest.raises(
        DraftError, match=r'"insurer.claim_numbr" in the body, paragraph 2'
    ):
        services.upload_template(
            actor=firm.attorney,
            name="Bad",
            kind=TemplateKind.OTHER,
            data=bad_bytes.getvalue(),
            file_name="bad.docx",
        )
    with pytest.raises(DraftError, match=r"not a \.docx"):
        services.upload_template(
            actor=firm.attorney,
            name="Wrong",
            kind=TemplateKind.OTHER,
            data=good_bytes.getvalue(),
            file_name="letter.pdf",
        )
    with pytest.raises(PermissionDeniedError):
        services.upload_template(
            actor=firm.paralegal,
            name="Mine",
            kind=TemplateKind.OTHER,
            data=good_bytes.getvalue(),
            file_name="mine.docx",
        )
    version = services.upload_template(
        actor=firm.attorney,
        name="Short letter",
        kind=TemplateKind.OTHER,
        data=good_bytes.getvalue(),
        file_name="short.docx",
    )
    assert version.fields == ["recipient.name", "insurer.claim_number"]
    preview = render.document_text(services.preview_template(version))
    assert "Dear Dana Whitfield, re GM-24-118830." in preview
    good.add_paragraph("{{ client.name }}")
    second = io.BytesIO()
    good.save(second)
    newer = services.add_template_version(
        actor=firm.attorney,
        template=version.template,
        data=second.getvalue(),
        file_name="short.docx",
    )
    assert newer.number == 2
    with pytest.raises(DraftError, match="identical"):
        services.add_template_version(
            actor=firm.attorney,
            template=version.template,
            data=second.getvalue(),
            file_name="short.docx",
        )


def test_screens_are_scoped_and_audited(firm: Firm) -> None:
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=_template("client_status"),
        title="Status letter",
        inputs={"body": "Your treatment records are all in."},
    )
    client = firm.client(firm.paralegal)
    page = client.get(f"/drafts/{draft.pk}/").content.decode()
    assert "Your treatment records are all in." in page
    assert AuditEvent.objects.filter(action="draft.viewed").exists()
    assert client.get(f"/matters/{firm.matter.pk}/drafts/").status_code == 200
    assert client.get("/templates/").status_code == 200
    for outsider in (firm.outsider, firm.walled):
        other = firm.client(outsider)
        assert other.get(f"/drafts/{draft.pk}/").status_code == 404
        assert other.post(f"/drafts/{draft.pk}/finalize/").status_code == 404


def test_a_drafted_letter_is_not_read_back_into_the_chronology(
    firm: Firm, chronology: Chronology, django_capture_on_commit_callbacks: Any
) -> None:
    _approve_chronology(firm, chronology)
    before = chronology_selectors.content_hash(chronology)
    # The draft's DOCX is ingested like any document (and that queues a rebuild).
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=_template("demand"),
            title="Demand",
        )
    chronology.refresh_from_db()
    assert chronology_selectors.content_hash(chronology) == before
    assert draft.document is not None
    assert draft.document.title not in chronology.sources
    # ...so the demand can be rendered again from the same approved chronology.
    services.update_draft(
        actor=firm.paralegal,
        draft=draft,
        inputs={**draft.inputs, "facts": "Rear-ended."},
        expected_version=draft.version,
    )


def test_a_stale_form_and_an_outside_signer_are_refused(firm: Firm) -> None:
    from paradesk.core.exceptions import ConcurrentEditError

    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=_template("client_status"),
        title="Status",
        inputs={"body": "First."},
    )
    services.update_draft(
        actor=firm.paralegal,
        draft=draft,
        inputs={**draft.inputs, "body": "Second."},
        expected_version=draft.version,
    )
    with pytest.raises(ConcurrentEditError):
        services.update_draft(
            actor=firm.attorney,
            draft=draft,
            inputs={**draft.inputs, "body": "Third."},
            expected_version=draft.version,  # the version the first form showed
        )
    with pytest.raises(DraftError, match="member of this matter's team"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=_template("client_status"),
            title="Signed by an outsider",
            inputs={"signer": firm.outsider.pk},
        )
    with pytest.raises(DraftError, match="not a date"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=_template("client_status"),
            title="Bad date",
            inputs={"letter_date": "2026-02-30"},
        )


def test_the_library_screens_upload_preview_and_download(firm: Firm) -> None:
    attorney = firm.client(firm.attorney)
    letter = Document()
    letter.add_paragraph("Dear {{ client.name }},")
    upload = io.BytesIO()
    letter.save(upload)
    upload.seek(0)
    upload.name = "welcome.docx"
    response = attorney.post(
        "/templates/",
        {
            "name": "Welcome",
            "kind": TemplateKind.OTHER,
            "description": "",
            "file": upload,
        },
        follow=True,
    )
    assert "Template added to the library." in response.content.decode()
    template = Template.objects.get(name="Welcome")
    page = attorney.get(f"/templates/{template.pk}/").content.decode()
    assert "Dear Renee Harper," in page  # the sample matter's client
    assert "client.name" in page
    preview = attorney.get(f"/templates/{template.pk}/v1/download/?preview=1")
    assert render.watermarks(preview.content) == ["DRAFT"]
    original = attorney.get(f"/templates/{template.pk}/v1/download/")
    assert render.watermarks(original.content) == []
    # A paralegal reads the library but cannot add to it.
    paralegal = firm.client(firm.paralegal)
    assert paralegal.get("/templates/").status_code == 200
    upload.seek(0)
    refused = paralegal.post(
        "/templates/",
        {"name": "Mine", "kind": TemplateKind.OTHER, "file": upload},
        follow=True,
    )
    assert "Only attorneys and administrators" in refused.content.decode()
    assert not Template.objects.filter(name="Mine").exists()


def test_a_template_previews_with_a_real_matter_the_user_may_see(firm: Firm) -> None:
    version = selectors.latest_version(_template("client_status"))
    client = firm.client(firm.paralegal)
    page = client.get(
        f"/templates/{version.template_id}/", {"matter": firm.matter.pk}
    ).content.decode()
    assert firm.matter.client.name in page
    assert AuditEvent.objects.filter(
        action="template.previewed", matter=firm.matter
    ).exists()
    # A matter the user may not see falls back to the sample matter, unread.
    walled = firm.client(firm.walled)
    page = walled.get(
        f"/templates/{version.template_id}/", {"matter": firm.matter.pk}
    ).content.decode()
    assert firm.matter.client.name not in page
    assert "Renee Harper" in page
    with pytest.raises(PermissionDeniedError):
        services.preview_with_matter(
            actor=firm.outsider, version=version, matter=firm.matter
        )
    # A demand needs the approved chronology even to preview.
    demand = selectors.latest_version(_template("demand"))
    with pytest.raises(DraftError, match="no medical chronology"):
        services.preview_with_matter(
            actor=firm.paralegal, version=demand, matter=firm.matter
        )


def test_saving_the_same_inputs_again_adds_no_version(firm: Firm) -> None:
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=_template("client_status"),
        title="Status",
        inputs={"body": "Unchanged."},
    )
    with pytest.raises(DraftError, match="Nothing changed"):
        services.update_draft(
            actor=firm.paralegal,
            draft=draft,
            inputs=dict(draft.inputs),
            expected_version=draft.version,
        )
    assert draft.document is not None
    assert draft.document.versions.count() == 1
    assert Draft.objects.get(pk=draft.pk).version == draft.version


def test_the_same_inputs_saved_after_the_clock_moves_add_no_version(
    firm: Firm,
) -> None:
    # python-docx stamps the save time into every zip entry (two-second steps): the
    # letter must still be the same bytes, or each save makes a new version to review.
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        draft = services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=_template("client_status"),
            title="Status",
            inputs={"body": "Unchanged."},
        )
    with (
        time_machine.travel(start + timedelta(minutes=7, seconds=3), tick=False),
        pytest.raises(DraftError, match="Nothing changed"),
    ):
        services.update_draft(
            actor=firm.paralegal,
            draft=draft,
            inputs=dict(draft.inputs),
            expected_version=draft.version,
        )
    assert draft.document is not None
    assert draft.document.versions.count() == 1
