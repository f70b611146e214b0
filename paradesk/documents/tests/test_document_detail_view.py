"""The document page: versions, new-version upload, and the view audit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from paradesk.core.models import AuditEvent
from paradesk.documents.models import Document
from paradesk.documents.services import add_document
from paradesk.testing.personas import Firm


@pytest.fixture
def document(firm: Firm) -> Document:
    return add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=b"%PDF-1.4 imaging report",
        name="mri.pdf",
        title="MRI report",
    ).document


def test_the_page_lists_versions_and_is_audited_as_viewed(
    firm: Firm, document: Document
) -> None:
    url = reverse("documents:detail", args=[document.pk])
    response = firm.client(firm.attorney).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "MRI report" in body
    version = document.versions.get()
    assert version.sha256[:12] in body
    assert reverse("documents:download", args=[version.pk]) in body
    assert "Upload new version" in body
    event = AuditEvent.objects.get(action="document.viewed")
    assert (event.actor, event.object_id) == (firm.attorney, str(document.pk))
    assert event.matter_id == firm.matter.pk


def test_uploading_a_new_version_adds_v2(firm: Firm, document: Document) -> None:
    url = reverse("documents:add_version", args=[document.pk])
    response = firm.client(firm.paralegal).post(
        url, {"file": SimpleUploadedFile("mri-corrected.pdf", b"%PDF-1.4 corrected")}
    )
    assert response.status_code == 302
    assert document.latest_version is not None
    assert document.latest_version.number == 2
    assert document.latest_version.original_name == "mri-corrected.pdf"


def test_an_identical_new_version_is_refused_on_the_page(
    firm: Firm, document: Document
) -> None:
    url = reverse("documents:add_version", args=[document.pk])
    response = firm.client(firm.paralegal).post(
        url, {"file": SimpleUploadedFile("same.pdf", b"%PDF-1.4 imaging report")}
    )
    assert response.status_code == 400
    assert "identical to the current version" in response.content.decode()
    assert document.versions.count() == 1


def test_a_new_version_must_be_posted(firm: Firm, document: Document) -> None:
    url = reverse("documents:add_version", args=[document.pk])
    assert firm.client(firm.paralegal).get(url).status_code == 405


@pytest.mark.parametrize("who", ["outsider", "walled", "admin"])
def test_someone_off_the_matter_gets_404_and_no_view_is_recorded(
    firm: Firm, document: Document, who: str
) -> None:
    client = firm.client(getattr(firm, who))
    assert (
        client.get(reverse("documents:detail", args=[document.pk])).status_code == 404
    )
    response = client.post(
        reverse("documents:add_version", args=[document.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 sneaky")},
    )
    assert response.status_code == 404
    assert document.versions.count() == 1
    assert not AuditEvent.objects.filter(action="document.viewed").exists()
