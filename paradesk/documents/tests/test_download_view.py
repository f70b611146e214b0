"""Downloading a version: the decrypted bytes, safe headers, an audit event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from paradesk.core.models import AuditEvent
from paradesk.core.storage import LocalEncryptedStore
from paradesk.documents.models import DocumentVersion
from paradesk.documents.services import add_document
from paradesk.testing.personas import Firm

CONTENT = b"%PDF-1.4\n% billing ledger, synthetic\n" * 20


@pytest.fixture
def version(firm: Firm) -> DocumentVersion:
    return add_document(
        actor=firm.paralegal, matter=firm.matter, file=CONTENT, name="ledger.pdf"
    ).version


def _url(version: DocumentVersion) -> str:
    return reverse("documents:download", args=[version.pk])


def test_download_sends_the_original_bytes_and_is_audited(
    firm: Firm, version: DocumentVersion
) -> None:
    response = firm.client(firm.billing).get(_url(version))
    assert response.status_code == 200
    assert response.content == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ledger.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(CONTENT))
    event = AuditEvent.objects.get(action="document.downloaded")
    assert (event.actor, event.matter_id) == (firm.billing, firm.matter.pk)
    assert event.details["sha256"] == version.sha256


def test_a_unicode_name_is_sent_safely_encoded(firm: Firm) -> None:
    version = add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=b"notes of the visit",
        name='Évaluation "finale"\r\n.txt',
    ).version
    response = firm.client(firm.paralegal).get(_url(version))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert '"finale"' not in disposition
    assert response["Content-Type"] == "text/plain"


def test_a_tampered_blob_is_not_sent_and_not_recorded_as_downloaded(
    firm: Firm, version: DocumentVersion
) -> None:
    path = LocalEncryptedStore().path_for(version.sha256)
    sealed = bytearray(path.read_bytes())
    sealed[-5] ^= 0xFF
    path.write_bytes(bytes(sealed))
    response = firm.client(firm.paralegal).get(_url(version), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "documents:detail", args=[version.document_id]
    )
    assert "could not be read back intact" in response.content.decode()
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_someone_off_the_matter_gets_404_and_nothing_is_recorded(
    firm: Firm, version: DocumentVersion, who: str
) -> None:
    response = firm.client(getattr(firm, who)).get(_url(version))
    assert response.status_code == 404
    assert CONTENT not in response.content
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_an_unknown_version_is_404(firm: Firm) -> None:
    url = reverse("documents:download", args=[999_999])
    assert firm.client(firm.paralegal).get(url).status_code == 404
