"""add_document: first versions, dedupe within a matter, refusals, audit."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.conf import settings as django_settings

from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.core.storage import get_store
from paradesk.documents import filetypes, selectors
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import Document, DocumentVersion
from paradesk.documents.services import add_document, add_version
from paradesk.testing.personas import Firm

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ER visit 2025-03-14\n"


def test_a_new_file_becomes_a_document_with_version_1(firm: Firm) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF, name="er_visit.pdf"
    )
    assert added.created
    version = added.version
    assert (version.number, version.size_bytes) == (1, len(PDF))
    assert version.sha256 == hashlib.sha256(PDF).hexdigest()
    assert version.content_type == filetypes.PDF
    assert version.original_name == "er_visit.pdf"
    assert version.uploaded_by == firm.paralegal
    assert added.document.title == "er_visit"
    assert added.document.matter == firm.matter
    assert get_store().read(version.sha256) == PDF
    event = AuditEvent.objects.get(action="document.added")
    assert (event.actor, event.matter_id) == (firm.paralegal, firm.matter.pk)
    assert event.details["sha256"] == version.sha256


def test_an_explicit_title_is_kept(firm: Firm) -> None:
    added = add_document(
        actor=firm.attorney,
        matter=firm.matter,
        file=io.BytesIO(PDF),
        name="scan0001.pdf",
        title="  Emergency room records  ",
    )
    assert added.document.title == "Emergency room records"


def test_the_same_content_on_the_same_matter_is_linked_not_stored_twice(
    firm: Firm,
) -> None:
    first = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF, name="a.pdf"
    )
    again = add_document(
        actor=firm.attorney, matter=firm.matter, file=PDF, name="copy of a.pdf"
    )
    assert not again.created
    assert again.document == first.document
    assert again.version == first.version
    assert Document.objects.count() == 1
    assert DocumentVersion.objects.count() == 1
    assert AuditEvent.objects.filter(action="document.upload_linked").count() == 1


def test_content_matching_an_older_version_is_linked_to_that_document(
    firm: Firm,
) -> None:
    first = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF, name="a.pdf"
    )
    add_version(
        actor=firm.paralegal, document=first.document, file=PDF + b"%v2", name="a.pdf"
    )
    again = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF, name="a.pdf"
    )
    assert not again.created
    assert (again.document, again.version.number) == (first.document, 1)


def test_the_same_content_on_another_matter_is_a_separate_document(firm: Firm) -> None:
    mine = add_document(
        actor=firm.attorney2, matter=firm.matter, file=PDF, name="a.pdf"
    )
    theirs = add_document(
        actor=firm.attorney2, matter=firm.other_matter, file=PDF, name="a.pdf"
    )
    assert theirs.created
    assert theirs.document != mine.document
    assert theirs.version.sha256 == mine.version.sha256


@pytest.mark.parametrize("empty", [b"", io.BytesIO(b"")])
def test_a_zero_byte_file_is_refused(firm: Firm, empty: bytes | io.BytesIO) -> None:
    with pytest.raises(DocumentError, match="The file is empty"):
        add_document(actor=firm.paralegal, matter=firm.matter, file=empty, name="e.pdf")
    assert not Document.objects.exists()


@pytest.mark.parametrize("as_stream", [False, True])
def test_a_file_over_the_limit_is_refused_naming_the_limit(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, as_stream: bool
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 1)
    big = b"x" * (1024 * 1024 + 1)
    with pytest.raises(DocumentError, match="upload limit of 1 MB"):
        add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=io.BytesIO(big) if as_stream else big,
            name="big.txt",
        )
    assert not Document.objects.exists()
    assert hashlib.sha256(big).hexdigest() not in set(get_store().iter_keys())


def test_a_file_exactly_at_the_limit_is_accepted(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(django_settings, "PARADESK_MAX_UPLOAD_MB", 1)
    exact = b"y" * (1024 * 1024)
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=io.BytesIO(exact), name="ok.txt"
    )
    assert added.version.size_bytes == len(exact)


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_someone_off_the_matter_cannot_add_and_nothing_is_stored(
    firm: Firm, who: str
) -> None:
    content = PDF + who.encode()
    with pytest.raises(PermissionDeniedError):
        add_document(
            actor=getattr(firm, who), matter=firm.matter, file=content, name="x.pdf"
        )
    assert not Document.objects.exists()
    assert not get_store().exists(hashlib.sha256(content).hexdigest())


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("C:\\fakepath\\records.pdf", "records.pdf"),
        ("../../etc/passwd", "passwd"),
        ('bad"name\x07.pdf', "bad_name_.pdf"),
        ("...", "document"),
        ("Évaluation médicale.pdf", "Évaluation médicale.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_original_names_are_cleaned(firm: Firm, given: str, stored: str) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF + given.encode(), name=given
    )
    assert added.version.original_name == stored


def test_documents_of_lists_latest_version_and_count(firm: Firm) -> None:
    first = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF, name="a.pdf"
    )
    add_version(
        actor=firm.paralegal, document=first.document, file=PDF + b"2", name="a2.pdf"
    )
    add_document(actor=firm.paralegal, matter=firm.matter, file=b"notes", name="n.txt")
    add_document(
        actor=firm.attorney2, matter=firm.other_matter, file=b"x", name="x.txt"
    )
    documents = list(selectors.documents_of(firm.matter))
    assert [d.title for d in documents] == ["n", "a"]
    latest = documents[1].latest_version
    assert latest is not None
    assert (latest.number, latest.original_name) == (2, "a2.pdf")
    assert documents[1].version_count == 2  # type: ignore[attr-defined]  # annotation


def test_document_for_is_scoped_to_visible_matters(firm: Firm) -> None:
    from paradesk.core.exceptions import NotVisibleError

    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=PDF, name="a.pdf"
    )
    assert selectors.document_for(firm.billing, added.document.pk) == added.document
    for user in (firm.outsider, firm.walled, firm.admin):
        with pytest.raises(NotVisibleError):
            selectors.document_for(user, added.document.pk)
        with pytest.raises(NotVisibleError):
            selectors.version_for(user, added.version.pk)
    with pytest.raises(NotVisibleError):
        selectors.document_for(firm.paralegal, "not-a-number")
