"""The upload page of a matter."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from paradesk.documents import selectors
from paradesk.documents.models import Document
from paradesk.documents.services import add_document
from paradesk.testing.personas import Firm

PDF = b"%PDF-1.4\n% discharge summary\n"


def _upload_url(firm: Firm) -> str:
    return reverse("documents:upload", args=[firm.matter.pk])


def test_the_upload_page_shows_the_form_and_the_limit(firm: Firm) -> None:
    response = firm.client(firm.paralegal).get(_upload_url(firm))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert "Up to 100 MB" in body


def test_uploading_a_file_creates_a_document_and_opens_it(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    response = client.post(
        _upload_url(firm),
        {
            "file": SimpleUploadedFile("discharge.pdf", PDF),
            "title": "Discharge summary",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[document.pk])
    assert document.title == "Discharge summary"
    assert document.matter == firm.matter
    page = client.get(response["Location"]).content.decode()
    assert "Document uploaded" in page


def test_uploading_a_file_already_on_the_matter_says_it_was_linked(firm: Firm) -> None:
    existing = add_document(
        actor=firm.attorney, matter=firm.matter, file=PDF, name="discharge.pdf"
    )
    client = firm.client(firm.paralegal)
    response = client.post(
        _upload_url(firm), {"file": SimpleUploadedFile("again.pdf", PDF)}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "documents:detail", args=[existing.document.pk]
    )
    assert "linked, not stored twice" in response.content.decode()
    assert Document.objects.count() == 1


def test_an_empty_file_is_refused_with_a_clear_message(firm: Firm) -> None:
    response = firm.client(firm.paralegal).post(
        _upload_url(firm), {"file": SimpleUploadedFile("empty.pdf", b"")}
    )
    assert response.status_code == 400
    assert "The file is empty" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_naming_the_limit(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 1)
    big = SimpleUploadedFile("big.txt", b"z" * (1024 * 1024 + 10))
    response = firm.client(firm.paralegal).post(_upload_url(firm), {"file": big})
    assert response.status_code == 400
    assert "upload limit of 1 MB" in response.content.decode()


def test_posting_without_a_file_asks_for_one(firm: Firm) -> None:
    response = firm.client(firm.paralegal).post(_upload_url(firm), {"title": "x"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_the_matter_partial_lists_documents_with_an_upload_button(firm: Firm) -> None:
    add_document(actor=firm.paralegal, matter=firm.matter, file=PDF, name="er.pdf")
    html = render_to_string(
        "documents/partials/matter_documents.html",
        {"matter": firm.matter, "documents": selectors.documents_of(firm.matter)},
    )
    assert "er" in html
    assert "v1" in html
    assert "PDF" in html
    assert _upload_url(firm) in html
    assert "Upload document" in html


def test_the_matter_partial_has_an_empty_state(firm: Firm) -> None:
    html = render_to_string(
        "documents/partials/matter_documents.html",
        {"matter": firm.matter, "documents": selectors.documents_of(firm.matter)},
    )
    assert "No documents on this matter yet" in html


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_someone_off_the_matter_gets_404_and_nothing_is_stored(
    firm: Firm, who: str
) -> None:
    client = firm.client(getattr(firm, who))
    assert client.get(_upload_url(firm)).status_code == 404
    response = client.post(
        _upload_url(firm), {"file": SimpleUploadedFile("x.pdf", PDF)}
    )
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_an_unknown_matter_is_404(firm: Firm) -> None:
    url = reverse("documents:upload", args=[999_999])
    assert firm.client(firm.paralegal).get(url).status_code == 404
