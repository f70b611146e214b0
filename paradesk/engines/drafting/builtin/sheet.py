"""The sheet a built-in is written on: its styles, paragraphs, tables and tags."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from paradesk.engines.common.packages import fixed_zip
from paradesk.engines.drafting.builtin.catalog import BUILTIN_VERSION, Builtin

FONT = "Times New Roman"
LINE_STYLE = "Letter Line"
SECTION_HEADING_STYLE = "Section Heading"
PROVIDER_HEADING_STYLE = "Provider Heading"
FORM_TITLE_STYLE = "Form Title"
FORM_HEADING_STYLE = "Form Heading"
FORM_TEXT_STYLE = "Form Text"
FORM_LINE_STYLE = "Form Line"
SIGNATURE_STYLE = "Signature Line"
BULLET_STYLE = "List Bullet"

# The moment every built-in claims as its creation and modification time.
_FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)
RE_INDENT = Inches(0.6)
RE_VALUE_INDENT = Inches(2.2)

# A run of text and whether it is bold.
Part = tuple[str, bool]


class Sheet:
    """A Letter-size document with the house styles and small writing verbs."""

    def __init__(self, builtin: Builtin) -> None:
        self.doc: DocxDocument = Document()
        self._set_page()
        self._set_styles()
        self._set_properties(builtin)
        self._add_page_number_footer()

    def _set_page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Inches(8.5)
        section.page_height = Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))

    def _set_styles(self) -> None:
        styles = self.doc.styles
        # The default template names theme fonts in docDefaults, which would win over
        # a font set on a style in some readers; name the font outright there instead.
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for fonts in defaults.iter(qn("w:rFonts")):
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    fonts.set(qn(attr), FONT)
            for spacing in defaults.iter(qn("w:spacing")):
                spacing.set(qn("w:after"), "0")
                spacing.set(qn("w:line"), "240")

        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(12)
        normal.paragraph_format.space_after = Pt(12)
        normal.paragraph_format.line_spacing = 1.0

        line = styles.add_style(LINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        line.base_style = normal
        line.paragraph_format.space_after = Pt(0)

        # Signature lines keep with the next so a page never breaks inside the block.
        signature = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        signature.base_style = line
        signature.paragraph_format.keep_with_next = True

        section_heading = styles.add_style(
            SECTION_HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH
        )
        section_heading.base_style = normal
        section_heading.font.bold = True
        section_heading.font.underline = True
        section_heading.paragraph_format.space_before = Pt(6)
        section_heading.paragraph_format.keep_with_next = True

        provider_heading = styles.add_style(
            PROVIDER_HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH
        )
        provider_heading.base_style = normal
        provider_heading.font.bold = True
        provider_heading.paragraph_format.space_after = Pt(0)
        provider_heading.paragraph_format.keep_with_next = True

        form_title = styles.add_style(FORM_TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        form_title.base_style = normal
        form_title.font.bold = True
        form_title.font.size = Pt(13)
        form_title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        form_title.paragraph_format.space_after = Pt(0)

        # The authorization is a form: 11 pt and tight spacing keep it to about a page.
        form_text = styles.add_style(FORM_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        form_text.base_style = normal
        form_text.font.size = Pt(11)
        form_text.paragraph_format.space_after = Pt(4)

        form_line = styles.add_style(FORM_LINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        form_line.base_style = form_text
        form_line.paragraph_format.space_after = Pt(0)

        form_heading = styles.add_style(FORM_HEADING_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        form_heading.base_style = form_text
        form_heading.font.bold = True
        form_heading.paragraph_format.space_before = Pt(6)
        form_heading.paragraph_format.space_after = Pt(2)
        form_heading.paragraph_format.keep_with_next = True

        bullet = styles[BULLET_STYLE]
        bullet.font.name = FONT
        bullet.font.size = Pt(12)
        bullet.font.color.rgb = RGBColor(0, 0, 0)
        bullet.paragraph_format.space_after = Pt(3)

        for name in ("Header", "Footer"):
            styles[name].font.name = FONT
            styles[name].font.size = Pt(10)

    def _set_properties(self, builtin: Builtin) -> None:
        props = self.doc.core_properties
        props.title = builtin.name
        props.subject = builtin.description
        props.author = "Paradesk"
        props.last_modified_by = "Paradesk"
        props.comments = f"Paradesk built-in template {builtin.key} v{BUILTIN_VERSION}"
        props.keywords = ""
        props.category = ""
        props.revision = 1
        props.created = _FIXED_TIME
        props.modified = _FIXED_TIME
        props.last_printed = _FIXED_TIME
        # The stock package carries a thumbnail picture of a blank page; a letter
        # template has no images, so the relationship (and with it the part) goes.
        package_rels = self.doc.part.package.rels
        for rel_id, rel in list(package_rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                del package_rels[rel_id]

    def _add_page_number_footer(self) -> None:
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        number = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        number.append(text)
        field.append(number)
        paragraph._p.append(field)

    # Writing verbs -------------------------------------------------------------

    def para(
        self,
        *parts: str | Part,
        style: str = "Normal",
        align: WD_ALIGN_PARAGRAPH | None = None,
        keep_with_next: bool = False,
        space_before: float | None = None,
        indent: float | None = None,
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph(style=style)
        for part in parts:
            text, bold = (part, False) if isinstance(part, str) else part
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
        if align is not None:
            paragraph.alignment = align
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        if space_before is not None:
            paragraph.paragraph_format.space_before = Pt(space_before)
        if indent is not None:
            paragraph.paragraph_format.left_indent = Inches(indent)
        return paragraph

    def line(self, *parts: str | Part, align: WD_ALIGN_PARAGRAPH | None = None) -> None:
        self.para(*parts, style=LINE_STYLE, align=align)

    def tag(self, tag: str) -> None:
        """A paragraph holding only a `{%p ... %}` tag (docxtpl drops the paragraph)."""
        self.para(tag, style=LINE_STYLE)

    def blank(self) -> None:
        self.para("", style=LINE_STYLE)

    def heading(self, text: str) -> None:
        self.para(text, style=SECTION_HEADING_STYLE)

    def bullet(self, *parts: str | Part) -> None:
        self.para(*parts, style=BULLET_STYLE)

    def page_break(self) -> None:
        self.doc.add_paragraph(style=LINE_STYLE).add_run().add_break(WD_BREAK.PAGE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        # A stored draft names the built-in it came from by version: its bytes must
        # be a function of this code alone.
        return fixed_zip(buffer.getvalue())
