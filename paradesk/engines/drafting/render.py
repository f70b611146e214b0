"""Fill a DOCX template from the typed context, in a sandbox, and mark drafts.

- The template is checked first (`fields.check`): an unknown field is refused with its
  place before anything renders.
- docxtpl renders in Jinja's immutable sandbox with StrictUndefined and autoescape, so a
  client named "Smith & Jones" stays well-formed XML and a template cannot reach Python.
- A non-attorney signer's status must be printed whenever the template signs.
- A draft carries a watermark (Word's own kind, which LibreOffice also draws) and a
  header line, so it cannot be mistaken for an approved letter in Word or on paper.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from jinja2 import TemplateError as JinjaError

from paradesk.engines.common.packages import fixed_zip
from paradesk.engines.drafting import fields
from paradesk.engines.drafting.context import DraftContext
from paradesk.engines.drafting.exceptions import RenderError

WATERMARK_NOTE = "DRAFT: not approved by the responsible attorney. Do not send."

_VML_WATERMARK = """
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:v="urn:schemas-microsoft-com:vml"
     xmlns:o="urn:schemas-microsoft-com:office:office">
  <w:rPr><w:noProof/></w:rPr>
  <w:pict>
    <v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
        path="m@7,l@8,m@5,21600l@6,21600e">
      <v:path textpathok="t" o:connecttype="custom"/>
      <v:textpath on="t" fitshape="t"/>
      <o:lock v:ext="edit" text="t" shapetype="t"/>
    </v:shapetype>
    <v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
        style="STYLE"
        o:allowincell="f" fillcolor="#c0c0c0" stroked="f">
      <v:fill opacity=".5"/>
      <v:textpath style="font-family:'Times New Roman';font-size:1pt" string=STRING/>
    </v:shape>
  </w:pict>
</w:r>
"""


_WATERMARK_STYLE = ";".join(
    (
        "position:absolute",
        "margin-left:0",
        "margin-top:0",
        "width:470pt",
        "height:156pt",
        "rotation:315",
        "z-index:-251657216",
        "mso-position-horizontal:center",
        "mso-position-horizontal-relative:margin",
        "mso-position-vertical:center",
        "mso-position-vertical-relative:margin",
    )
)


def render(
    template: bytes, context: DraftContext, *, watermark: str | None = None
) -> bytes:
    """The filled document as DOCX bytes.

    Raises:
        TemplateError, TemplateFieldError: the template is unreadable or uses fields
            the context does not define (each named with its place).
        RenderError: rendering failed, or a non-attorney's signature would not state
            their status.
    """
    check = fields.check(template)
    filled = fields.load(template)
    try:
        filled.render(
            context.as_template_data(), jinja_env=fields.environment(), autoescape=True
        )
    except JinjaError as error:
        raise RenderError(f"The template could not be filled: {error}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError) as error:
        # A firm's template can compute (`{{ a / b }}`, `{{ a + b }}`): Python's own
        # errors from that are the template's fault, reported like Jinja's.
        raise RenderError(
            f"The template could not be filled: {type(error).__name__}: {error}"
        ) from None
    out = io.BytesIO()
    filled.save(out)
    document = Document(io.BytesIO(out.getvalue()))
    signer = context.signer
    signs = any(path.startswith("signer.") for path in check.paths)
    if (
        signs
        and not signer.is_attorney
        and signer.status not in document_text(document)
    ):
        raise RenderError(
            "This template prints the signer but not their status: a non-attorney's "
            "signature must state it. Add {{ signer.status }} to the signature block, "
            "or have an attorney sign."
        )
    if watermark:
        _mark(document, watermark)
    out = io.BytesIO()
    document.save(out)
    # python-docx stamps each zip entry with the clock: without this, the same letter
    # rendered a second later is a new version of its document.
    return fixed_zip(out.getvalue())


def _mark(document: DocumentObject, word: str) -> None:
    shape = _VML_WATERMARK.replace("STYLE", _WATERMARK_STYLE).replace(
        "string=STRING", f"string={quoteattr(word)}"
    )
    for index, section in enumerate(document.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if section.even_page_header.is_linked_to_previous is False:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                if index:
                    continue  # it shows the previous section's, already marked
                header.is_linked_to_previous = False  # gives the section its own
            note = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            note = note.insert_paragraph_before()
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = note.add_run(WATERMARK_NOTE)
            run.bold = True
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
            note._p.append(parse_xml(shape))


def _paragraphs(container: DocumentObject | Table) -> Iterator[Paragraph]:
    if isinstance(container, Table):
        for row in container.rows:
            for cell in row.cells:
                yield from cell.paragraphs
                for inner in cell.tables:
                    yield from _paragraphs(inner)
        return
    yield from container.paragraphs
    for table in container.tables:
        yield from _paragraphs(table)


def document_text(document: DocumentObject | bytes) -> str:
    """Every paragraph's text (body, tables, headers and footers), one per line."""
    if isinstance(document, bytes):
        document = Document(io.BytesIO(document))
    lines = [paragraph.text for paragraph in _paragraphs(document)]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                lines += [paragraph.text for paragraph in part.paragraphs]
    return "\n".join(lines)


def watermarks(document: bytes) -> list[str]:
    """The watermark words in a DOCX's headers (empty for an unmarked document)."""
    opened = Document(io.BytesIO(document))
    found: list[str] = []
    for section in opened.sections:
        for header in (
            section.header,
            section.first_page_header,
            section.even_page_header,
        ):
            for element in header._element.iter(
                "{urn:schemas-microsoft-com:vml}textpath"
            ):
                value = element.get("string")
                if value:
                    found.append(value)
    return found
