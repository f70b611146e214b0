"""add_version: numbering, immutability, identical content refused."""

from __future__ import annotations

import pytest

from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import Document, DocumentVersion
from paradesk.documents.services import add_document, add_version
from paradesk.testing.personas import Firm


@pytest.fixture
def document(firm: Firm) -> Document:
    return add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"draft one", name="memo.txt"
    ).document


def test_new_versions_are_numbered_in_order_and_old_ones_stay(
    firm: Firm, document: Document
) -> None:
    v2 = add_version(
        actor=firm.attorney, document=document, file=b"draft two", name="m.txt"
    )
    v3 = add_version(
        actor=firm.paralegal, document=document, file=b"draft 3", name="m.txt"
    )
    assert (v2.number, v3.number) == (2, 3)
    v1 = DocumentVersion.objects.get(document=document, number=1)
    assert v1.size_bytes == len(b"draft one")
    assert v1.uploaded_by == firm.paralegal
    assert document.latest_version == v3
    assert AuditEvent.objects.filter(action="document.version_added").count() == 2


def test_content_identical_to_the_current_version_is_refused(
    firm: Firm, document: Document
) -> None:
    with pytest.raises(DocumentError, match=r"identical to the current version \(v1\)"):
        add_version(
            actor=firm.paralegal, document=document, file=b"draft one", name="m"
        )
    assert document.versions.count() == 1


def test_content_identical_to_an_earlier_version_is_refused(
    firm: Firm, document: Document
) -> None:
    add_version(actor=firm.paralegal, document=document, file=b"draft two", name="m")
    with pytest.raises(DocumentError, match="identical to version 1"):
        add_version(
            actor=firm.paralegal, document=document, file=b"draft one", name="m"
        )


def test_an_empty_new_version_is_refused(firm: Firm, document: Document) -> None:
    with pytest.raises(DocumentError, match="The file is empty"):
        add_version(actor=firm.paralegal, document=document, file=b"", name="m")


def test_a_stored_version_cannot_be_changed_in_place(
    firm: Firm, document: Document
) -> None:
    version = DocumentVersion.objects.get(document=document)
    version.original_name = "renamed.txt"
    with pytest.raises(DocumentError, match="cannot be changed"):
        version.save()
    assert DocumentVersion.objects.get(pk=version.pk).original_name == "memo.txt"


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_someone_off_the_matter_cannot_add_a_version(
    firm: Firm, document: Document, who: str
) -> None:
    with pytest.raises(PermissionDeniedError):
        add_version(actor=getattr(firm, who), document=document, file=b"v2", name="m")
    assert document.versions.count() == 1
