"""Filling a template: text escaped and read back intact, the DRAFT watermark, the
non-attorney's status, clear errors, and a real LibreOffice PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from docx import Document

from paradesk.engines.drafting import pdf
from paradesk.engines.drafting.context import Client, DraftContext, Signer
from paradesk.engines.drafting.exceptions import (
    PdfError,
    RenderError,
    TemplateError,
    TemplateFieldError,
)
from paradesk.engines.drafting.render import (
    WATERMARK_NOTE,
    document_text,
    render,
    watermarks,
)
from paradesk.engines.drafting.samples import sample_context


def _docx(
    paragraphs: Sequence[str], *, header: str = "", first_page_header: str = ""
) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if first_page_header:
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = first_page_header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with(**sections: object) -> DraftContext:
    return sample_context().model_copy(update=sections)


PARALEGAL = Signer(name="Pat Lee", title="Paralegal", supervisor="Diane Okafor, Esq.")
ATTORNEY = Signer(name="Diane Okafor", title="Partner", is_attorney=True)


@pytest.mark.parametrize(
    "name",
    [
        "Smith & Jones <Holdings> LLC",
        'O\'Brien "Bud" & Sons',
        "]]> <w:t>injected</w:t> &amp;",
        "Zo\u00eb \u00d1\u00fa\u00f1ez \u2013 \u201cquoted\u201d",
    ],
)
def test_special_characters_render_escaped_and_read_back_intact(name: str) -> None:
    context = _with(client=Client(name=name))

    out = render(_docx(["Client: {{ client.name }}", "End"]), context)

    # python-docx parsing the XML at all proves it stayed well-formed.
    assert document_text(out).split("\n")[:2] == [f"Client: {name}", "End"]


def test_sample_values_fill_every_part_of_the_document() -> None:
    template = _docx(
        ["{{ letter.date_long }}", "{{ specials.total.charges }}"],
        header="{{ firm.name }}",
    )

    text = document_text(render(template, sample_context()))

    context = sample_context()
    assert context.letter.date_long in text
    assert "$9,215.00" in text  # 4,235.00 + 1,860.00 + 3,120.00
    assert context.specials.total.charges_cents == 921_500
    assert "Okafor & Webb LLP" in text


def test_a_draft_carries_the_watermark_and_the_header_note() -> None:
    out = render(_docx(["{{ client.name }}"]), sample_context(), watermark="DRAFT")

    assert watermarks(out) == ["DRAFT"]
    assert WATERMARK_NOTE in document_text(out)


def test_without_a_watermark_the_document_is_unmarked() -> None:
    out = render(_docx(["{{ client.name }}"]), sample_context())

    assert watermarks(out) == []
    assert WATERMARK_NOTE not in document_text(out)


def test_a_different_first_page_header_is_marked_too() -> None:
    template = _docx(
        ["{{ client.name }}"], header="Page 2 on", first_page_header="Letterhead"
    )

    out = render(template, sample_context(), watermark="DRAFT")

    assert watermarks(out) == ["DRAFT", "DRAFT"]
    section = Document(io.BytesIO(out)).sections[0]
    assert section.first_page_header.paragraphs[0].text == WATERMARK_NOTE
    assert section.header.paragraphs[0].text == WATERMARK_NOTE
    assert section.first_page_header.paragraphs[1].text == "Letterhead"


def test_a_non_attorney_whose_status_is_printed_may_sign() -> None:
    template = _docx(["Sincerely,", "{{ signer.name }}", "{{ signer.status }}"])

    text = document_text(render(template, _with(signer=PARALEGAL)))

    assert (
        "Paralegal; not an attorney. Prepared under the supervision of "
        "Diane Okafor, Esq."
    ) in text


def test_a_template_signing_without_the_status_is_refused_for_a_non_attorney() -> None:
    template = _docx(["Sincerely,", "{{ signer.name }}, {{ signer.title }}"])

    with pytest.raises(RenderError, match=r"Add \{\{ signer.status \}\}"):
        render(template, _with(signer=PARALEGAL))


def test_an_attorney_needs_no_status() -> None:
    template = _docx(["Sincerely,", "{{ signer.name }}, {{ signer.title }}"])

    text = document_text(render(template, _with(signer=ATTORNEY)))

    assert "Diane Okafor, Partner" in text
    assert "not an attorney" not in text


def test_a_status_hidden_behind_a_condition_is_caught_by_the_output() -> None:
    template = _docx(
        [
            "{{ signer.name }}",
            "{% if signer.is_attorney %}{{ signer.status }}{% endif %}",
        ]
    )

    with pytest.raises(RenderError, match="must state it"):
        render(template, _with(signer=PARALEGAL))


def test_a_non_attorney_status_must_say_so() -> None:
    with pytest.raises(ValueError, match="must say 'not an attorney'"):
        Signer(name="Pat Lee", status="Senior Paralegal")

    custom = Signer(name="Pat Lee", status="Legal assistant, not an attorney.")
    assert custom.status == "Legal assistant, not an attorney."


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("{{ treatment[9].provider }}", "list object has no element 9"),
        ("{{ letter.demand_cents / 0 }}", "ZeroDivisionError: division by zero"),
        ("{{ letter.demand_cents + client.name }}", "TypeError: unsupported operand"),
        (
            "{% set lines = client.address_lines %}{{ lines.append('x') }}",
            "access to attribute 'append' of 'list' object is unsafe",
        ),
    ],
)
def test_a_failure_while_filling_is_a_render_error(
    expression: str, message: str
) -> None:
    with pytest.raises(RenderError) as raised:
        render(_docx(["Hello", expression]), sample_context())

    assert str(raised.value).startswith("The template could not be filled: ")
    assert message in str(raised.value)


def test_unknown_fields_and_escapes_are_refused_before_rendering() -> None:
    with pytest.raises(TemplateFieldError, match=r'"letter.demand.__class__"'):
        render(_docx(["{{ letter.demand.__class__ }}"]), sample_context())
    with pytest.raises(TemplateError, match="syntax error"):
        render(_docx(["{{ client.name "]), sample_context())


def test_libreoffice_turns_the_rendered_draft_into_a_pdf_with_its_text(
    tmp_path: Path,
) -> None:
    template = _docx(
        [
            "Client: {{ client.name }}",
            "Specials: {{ specials.total.charges }}",
            "Deadline: {{ letter.response_deadline_long }}",
        ]
    )
    docx = render(
        template, _with(client=Client(name="Smith & Jones")), watermark="DRAFT"
    )

    data = pdf.docx_to_pdf(docx, workdir=tmp_path)

    assert data.startswith(b"%PDF-")
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
    finally:
        document.close()
    words = " ".join(text.split())
    assert "Client: Smith & Jones" in words
    assert "Specials: $9,215.00" in words
    assert "Deadline: December 2, 2026" in words
    assert "DRAFT: not approved" in words


def test_a_missing_libreoffice_names_the_package_to_install(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="libreoffice-writer-nogui"):
        pdf.docx_to_pdf(b"x", workdir=tmp_path, program="/nonexistent/soffice")

    assert pdf.converter("/nonexistent/soffice") is None
    assert list(tmp_path.iterdir()) == []  # nothing written before the refusal


def test_libreoffice_failing_on_a_broken_file_is_a_pdf_error(tmp_path: Path) -> None:
    # A program that exits non-zero stands in for LibreOffice failing; `false` is real.
    with pytest.raises(PdfError, match=r"could not make the PDF \(exit status 1\)"):
        pdf.docx_to_pdf(b"not a docx", workdir=tmp_path, program="/bin/false")
