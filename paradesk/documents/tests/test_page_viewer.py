"""The page viewer: picture beside text, at a stable address, audited, scoped."""

from __future__ import annotations

from typing import Any

import pytest

from paradesk.core.models import AuditEvent
from paradesk.documents.models import Document
from paradesk.documents.services import add_document, add_version
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.personas import Firm

LINES = [
    ["Orthopedic consult: lumbar radiculopathy suspected", "Plan <script>x</script>"],
    ["Physical therapy twice weekly for six weeks, then reassess"],
]


@pytest.fixture
def document(firm: Firm, django_capture_on_commit_callbacks: Any) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        added = add_document(
            actor=firm.paralegal, matter=firm.matter, file=text_pdf(LINES), name="o.pdf"
        )
    return added.document


def url(document: Document, number: int = 1, page: int = 1) -> str:
    return f"/documents/{document.pk}/v{number}/page/{page}/"


def test_the_page_shows_its_text_escaped_with_its_picture(
    firm: Firm, document: Document
) -> None:
    response = firm.client(firm.paralegal).get(url(document))
    html = response.content.decode()
    assert response.status_code == 200
    assert "lumbar radiculopathy suspected" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x" not in html
    assert f"/documents/{document.pk}/v1/page/1.png" in html
    assert 'rel="next"' in html


def test_the_picture_is_a_png_and_its_viewing_is_audited(
    firm: Firm, document: Document
) -> None:
    response = firm.client(firm.paralegal).get(url(document).rstrip("/") + ".png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "document.page_image_viewed" in actions


def test_a_cited_quote_and_search_words_are_marked(
    firm: Firm, document: Document
) -> None:
    client = firm.client(firm.paralegal)
    quoted = client.get(url(document) + "?quote=lumbar radiculopathy").content.decode()
    assert "<mark>lumbar radiculopathy</mark>" in quoted
    searched = client.get(url(document, page=2) + "?q=therap* AND weekly").content
    assert b"<mark>therapy</mark>" in searched
    assert b"<mark>weekly</mark>" in searched


def test_a_quote_is_marked_across_runs_of_spaces_and_line_breaks(
    firm: Firm, document: Document
) -> None:
    # A citation keeps its quote with whitespace collapsed; the page text may not.
    page = firm.client(firm.paralegal).get(
        url(document) + "?quote=suspected Plan <script>x</script>"
    )
    html = page.content.decode()
    assert "<mark>suspected\nPlan &lt;script&gt;x&lt;/script&gt;</mark>" in html


def test_the_address_keeps_naming_the_old_version(
    firm: Firm, document: Document, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        add_version(
            actor=firm.paralegal,
            document=document,
            file=text_pdf([["An amended report replaces the first one entirely"]]),
            name="o2.pdf",
        )
    client = firm.client(firm.paralegal)
    assert b"radiculopathy" in client.get(url(document, number=1)).content
    assert b"amended report" in client.get(url(document, number=2)).content


def test_a_missing_page_or_version_is_404(firm: Firm, document: Document) -> None:
    client = firm.client(firm.paralegal)
    assert client.get(url(document, page=3)).status_code == 404
    assert client.get(url(document, number=2)).status_code == 404


def test_word_files_have_text_but_no_picture(
    firm: Firm, django_capture_on_commit_callbacks: Any
) -> None:
    from paradesk.engines.pages.samples import docx_file

    with django_capture_on_commit_callbacks(execute=True):
        added = add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=docx_file([["Letter of representation to the insurer"]]),
            name="l.docx",
        )
    client = firm.client(firm.paralegal)
    page = client.get(url(added.document)).content.decode()
    assert "Letter of representation" in page
    assert ".png" not in page
    assert client.get(url(added.document).rstrip("/") + ".png").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_hidden_pages_are_404_and_not_audited(
    firm: Firm, document: Document, who: str
) -> None:
    client = firm.client(getattr(firm, who))
    assert client.get(url(document)).status_code == 404
    assert client.get(url(document).rstrip("/") + ".png").status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="document.page").exists()
