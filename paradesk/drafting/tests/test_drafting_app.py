"""Drafting in the app: the template library, letters and their versions, the
screens, and who may do what. The demand built from the approved chronology, its
review gate and final PDF: test_demand_from_chronology.py."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from docx import Document

from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.drafting import selectors, services
from paradesk.drafting.context import DraftError
from paradesk.drafting.models import Draft, Template, TemplateKind
from paradesk.engines.drafting import render
from paradesk.matters.models import Contact, Party, PartyRole
from paradesk.testing.drafting import builtin_template, latest_docx
from paradesk.testing.personas import Firm


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
        template=builtin_template("records_request"),
        title="Records request",
        inputs={"signer": firm.paralegal.pk, "client_date_of_birth": "1980-01-01"},
    )
    text = render.document_text(latest_docx(draft))
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
        template=builtin_template("client_status"),
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


def test_a_stale_form_and_an_outside_signer_are_refused(firm: Firm) -> None:
    from paradesk.core.exceptions import ConcurrentEditError

    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=builtin_template("client_status"),
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
            template=builtin_template("client_status"),
            title="Signed by an outsider",
            inputs={"signer": firm.outsider.pk},
        )
    with pytest.raises(DraftError, match="not a date"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=builtin_template("client_status"),
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
    version = selectors.latest_version(builtin_template("client_status"))
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
    demand = selectors.latest_version(builtin_template("demand"))
    with pytest.raises(DraftError, match="no medical chronology"):
        services.preview_with_matter(
            actor=firm.paralegal, version=demand, matter=firm.matter
        )


def test_saving_the_same_inputs_again_adds_no_version(firm: Firm) -> None:
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=builtin_template("client_status"),
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
            template=builtin_template("client_status"),
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
