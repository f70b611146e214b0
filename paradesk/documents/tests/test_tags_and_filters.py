"""Tags on documents and the filtered list of a matter's documents."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from paradesk.core.models import AuditEvent
from paradesk.documents.exceptions import DocumentError
from paradesk.documents.models import Document, DocumentTag
from paradesk.documents.services import add_document
from paradesk.documents.services.tags import normalise_tag, tag_document
from paradesk.engines.pages.samples import docx_file, text_pdf
from paradesk.testing.personas import Firm


@pytest.fixture
def documents(firm: Firm) -> tuple[Document, Document]:
    with time_machine.travel(datetime(2026, 3, 2, 15, tzinfo=UTC)):
        pdf = add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=text_pdf([["ER"]]),
            name="er.pdf",
        ).document
    with time_machine.travel(datetime(2026, 4, 10, 15, tzinfo=UTC)):
        word = add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=docx_file([["Letter"]]),
            name="letter.docx",
        ).document
    return pdf, word


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("Medical  Records", "medical records"), ("bills/ub-04", "bills/ub-04")],
)
def test_tags_are_normalised(raw: str, stored: str) -> None:
    assert normalise_tag(raw) == stored


@pytest.mark.parametrize("raw", ["", "   ", "x" * 51, "<script>"])
def test_bad_tags_are_refused(raw: str) -> None:
    with pytest.raises(DocumentError, match="A tag is 1 to 50"):
        normalise_tag(raw)


def test_tagging_from_the_page_is_audited_and_idempotent(
    firm: Firm, documents: tuple[Document, Document]
) -> None:
    pdf, _ = documents
    client = firm.client(firm.paralegal)
    client.post(f"/documents/{pdf.pk}/tags/", {"name": "Medical"})
    client.post(f"/documents/{pdf.pk}/tags/", {"name": "medical"})
    assert list(pdf.tags.values_list("name", flat=True)) == ["medical"]
    assert AuditEvent.objects.filter(action="document.tagged").count() == 1
    client.post(f"/documents/{pdf.pk}/tags/", {"remove": "medical"})
    assert not pdf.tags.exists()
    assert AuditEvent.objects.filter(action="document.untagged").count() == 1


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["er", "letter"]),
        ("?tag=medical", ["er"]),
        ("?kind=application/pdf", ["er"]),
        ("?since=2026-04-01", ["letter"]),
        ("?until=2026-03-31", ["er"]),
    ],
)
def test_the_list_filters_by_tag_type_and_date(
    firm: Firm, documents: tuple[Document, Document], query: str, titles: list[str]
) -> None:
    tag_document(actor=firm.paralegal, document=documents[0], name="medical")
    response = firm.client(firm.paralegal).get(
        f"/matters/{firm.matter.pk}/documents/{query}"
    )
    assert response.status_code == 200
    shown = [d.title for d in response.context["documents"]]
    assert sorted(shown) == titles


def test_a_reversed_date_range_is_a_clear_error(
    firm: Firm, documents: tuple[Document, Document]
) -> None:
    response = firm.client(firm.paralegal).get(
        f"/matters/{firm.matter.pk}/documents/?since=2026-05-01&until=2026-01-01"
    )
    assert response.status_code == 400
    assert "must not be after" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_hidden_documents_cannot_be_listed_or_tagged(
    firm: Firm, documents: tuple[Document, Document], who: str
) -> None:
    client = firm.client(getattr(firm, who))
    assert client.get(f"/matters/{firm.matter.pk}/documents/").status_code == 404
    assert (
        client.post(f"/documents/{documents[0].pk}/tags/", {"name": "x"}).status_code
        == 404
    )
    assert not DocumentTag.objects.exists()
