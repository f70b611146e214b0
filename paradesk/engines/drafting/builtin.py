"""The letter templates Paradesk ships, built as DOCX with docxtpl tags.

Each template is written here in code with python-docx rather than kept as a binary
file, so a reviewer reads every sentence in a diff and the tags can only name fields of
`context.DraftContext`. The bytes are deterministic: the same code builds the same file
in every process, so a stored draft can name the built-in version it came from.

Tag rules (docxtpl): a `{%p ... %}` tag stands alone in its own paragraph and that whole
paragraph is replaced by the tag; a `{%tr ... %}` tag replaces its whole table row.
Inline `{{ ... }}` and `{% if %}` stay inside one run.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from paradesk.engines.common.packages import fixed_zip

BUILTIN_VERSION = "1"

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
_RE_INDENT = Inches(0.6)
_RE_VALUE_INDENT = Inches(2.2)


@dataclass(frozen=True)
class Builtin:
    """One template we ship.

    Attributes:
        key: Stable identifier (`template_bytes(key)`).
        name: The name a person sees in the template library.
        kind: The kind of document it drafts.
        description: One sentence on what it is for.
    """

    key: str
    name: str
    kind: str
    description: str


BUILTINS: tuple[Builtin, ...] = (
    Builtin(
        key="demand",
        name="Personal injury demand letter",
        kind="demand",
        description=(
            "Settlement demand to the liability insurer: facts, liability, treatment "
            "by provider with record citations, medical specials table, future care, "
            "general damages, the demand and its response deadline, and exhibits."
        ),
    ),
    Builtin(
        key="records_request",
        name="Medical records request",
        kind="records_request",
        description=(
            "Request to a provider for complete records, itemized billing and a "
            "custodian certification, with the HIPAA authorization enclosed."
        ),
    ),
    Builtin(
        key="hipaa_authorization",
        name="HIPAA authorization",
        kind="hipaa_authorization",
        description=(
            "The client's authorization to disclose health information to the firm, "
            "with the core elements and statements of 45 CFR 164.508(c)."
        ),
    ),
    Builtin(
        key="representation",
        name="Letter of representation",
        kind="representation",
        description=(
            "Notice to the insurer that the firm represents the client: direct all "
            "contact to the firm, preserve evidence, disclose policy limits."
        ),
    ),
    Builtin(
        key="client_status",
        name="Client status letter",
        kind="client_status",
        description="Tells the client where the case stands and what comes next.",
    ),
)

_BY_KEY = {builtin.key: builtin for builtin in BUILTINS}

# A run of text and whether it is bold.
Part = tuple[str, bool]


class _Sheet:
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


# Blocks shared by the letters


def _letterhead(sheet: _Sheet) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    sheet.para(("{{ firm.name }}", True), style=LINE_STYLE, align=center).runs[
        0
    ].font.size = Pt(14)
    sheet.tag("{%p for address_line in firm.address_lines %}")
    sheet.line("{{ address_line }}", align=center)
    sheet.tag("{%p endfor %}")
    sheet.line(
        "{% if firm.phone %}Tel. {{ firm.phone }}{% endif %}"
        "{% if firm.phone and firm.email %}  |  {% endif %}"
        "{{ firm.email }}",
        align=center,
    )
    _rule(sheet.para("", style=LINE_STYLE))
    sheet.blank()


def _rule(paragraph: Paragraph) -> None:
    """A thin line under the letterhead (a paragraph bottom border, not an image)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1")):
        bottom.set(qn(f"w:{attr}"), value)
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _date_line(sheet: _Sheet) -> None:
    sheet.para("{{ letter.date_long }}")


def _recipient_block(sheet: _Sheet) -> None:
    sheet.tag("{%p if recipient.email %}")
    sheet.para(("Via email to {{ recipient.email }} and U.S. Mail", True))
    sheet.tag("{%p endif %}")
    sheet.line("{{ recipient.name }}")
    sheet.tag("{%p if recipient.attention %}")
    sheet.line("Attn: {{ recipient.attention }}")
    sheet.tag("{%p endif %}")
    sheet.tag("{%p for address_line in recipient.address_lines %}")
    sheet.line("{{ address_line }}")
    sheet.tag("{%p endfor %}")
    sheet.blank()


# One detail line of an RE block: its label, its value, and the field whose emptiness
# leaves the line out ("" for a line that always prints).
ReLine = tuple[str, str, str]


def _re_block(sheet: _Sheet, subject: str, lines: Sequence[ReLine]) -> None:
    """The bold `Re:` block: a subject, then labelled lines on tab stops.

    `letter.re`, when given, is the whole RE line and replaces the block (a demand
    built from the chronology sets it), so the same facts never print twice.
    """
    sheet.tag("{%p if letter.re %}")
    _re_paragraph(sheet, ("Re:\t", True), ("{{ letter.re }}", True))
    sheet.tag("{%p else %}")
    _re_paragraph(sheet, ("Re:\t", True), (subject, True))
    for label, value, when in lines:
        if when:
            sheet.tag(f"{{%p if {when} %}}")
        _re_paragraph(sheet, ("\t" + label + "\t", True), (value, True), detail=True)
        if when:
            sheet.tag("{%p endif %}")
    sheet.tag("{%p endif %}")
    sheet.blank()


def _re_paragraph(sheet: _Sheet, *parts: Part, detail: bool = False) -> None:
    paragraph = sheet.para(*parts, style=LINE_STYLE)
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(_RE_INDENT)
    indent = _RE_INDENT
    if detail:
        stops.add_tab_stop(_RE_VALUE_INDENT)
        indent = _RE_VALUE_INDENT
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.first_line_indent = -indent


def _insurer_re_block(sheet: _Sheet, subject: str) -> None:
    _re_block(
        sheet,
        subject,
        (
            ("Our Client:", "{{ client.name }}", ""),
            ("Your Insured:", "{{ insurer.insured }}", "insurer.insured"),
            ("Claim No.:", "{{ insurer.claim_number }}", "insurer.claim_number"),
            ("Date of Loss:", "{{ incident.date_long }}", "incident.date_long"),
            ("Our File No.:", "{{ matter.number }}", "matter.number"),
        ),
    )


def _signature_block(sheet: _Sheet, *, closing: str = "Sincerely,") -> None:
    """The signature every template carries, with a non-attorney's status line.

    A paralegal's letter must say they are not an attorney (unauthorized practice
    rules, e.g. ABA Model Rule 5.3); the renderer refuses output that lacks it.
    """
    sheet.para(closing, keep_with_next=True)
    sheet.para("{{ signer.name }}", style=SIGNATURE_STYLE, space_before=36)
    _signer_lines(sheet)


def _signer_lines(sheet: _Sheet) -> None:
    sheet.tag("{%p if signer.title %}")
    sheet.para("{{ signer.title }}", style=SIGNATURE_STYLE)
    sheet.tag("{%p endif %}")
    sheet.tag("{%p if signer.status %}")
    sheet.para("{{ signer.status }}", style=SIGNATURE_STYLE)
    sheet.tag("{%p endif %}")
    sheet.tag("{%p if signer.bar_number %}")
    sheet.para("Bar No. {{ signer.bar_number }}", style=SIGNATURE_STYLE)
    sheet.tag("{%p endif %}")
    sheet.para("{{ firm.name }}", style=SIGNATURE_STYLE)
    sheet.tag("{%p if signer.phone %}")
    sheet.para("Direct: {{ signer.phone }}", style=SIGNATURE_STYLE)
    sheet.tag("{%p endif %}")
    sheet.tag("{%p if signer.email %}")
    sheet.para("{{ signer.email }}", style=SIGNATURE_STYLE)
    sheet.tag("{%p endif %}")
    sheet.blank()


def _dear(sheet: _Sheet, salutation: str) -> None:
    sheet.para(f"Dear {salutation}:")


# The demand letter


def _build_demand(sheet: _Sheet) -> None:
    _letterhead(sheet)
    sheet.para(
        (
            "CONFIDENTIAL SETTLEMENT COMMUNICATION: inadmissible under Federal Rule "
            "of Evidence 408 and its state counterparts",
            True,
        ),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _date_line(sheet)
    _recipient_block(sheet)
    _insurer_re_block(sheet, "Settlement Demand")
    _dear(
        sheet,
        "{% if insurer.adjuster %}{{ insurer.adjuster }}"
        "{% else %}Claims Representative{% endif %}",
    )
    sheet.para(
        "As you know, this firm represents {{ client.name }} for the injuries and "
        "losses suffered in the incident of {{ incident.date_long }}"
        "{% if incident.location %} at {{ incident.location }}{% endif %}. We write "
        "to present our client's claim against your insured"
        "{% if insurer.insured %}, {{ insurer.insured }}{% endif %}, and to offer to "
        "resolve it on the terms below. The medical records and bills cited in this "
        "letter are enclosed as the exhibits listed at its end."
    )

    sheet.heading("Facts of the Incident")
    sheet.para("{{ incident.facts }}")

    sheet.heading("Liability")
    sheet.para("{{ incident.liability }}")

    _demand_treatment(sheet)
    _demand_specials(sheet)
    _demand_future_care(sheet)

    sheet.heading("General Damages")
    sheet.tag("{%p if letter.general_damages %}")
    sheet.para("{{ letter.general_damages }}")
    sheet.tag("{%p else %}")
    sheet.para(("[General damages: to be written by the attorney.]", True))
    sheet.tag("{%p endif %}")

    sheet.heading("Demand")
    sheet.para(
        "For the reasons above, {{ client.name }} demands "
        "{% if letter.demand %}{{ letter.demand }}"
        "{% else %}[demand amount to be entered by the attorney]{% endif %} "
        "in full settlement of all claims against your insured arising from this "
        "incident."
    )
    sheet.para(
        "Please respond in writing within {{ letter.response_days }} days of the "
        "date of this letter, on or before {{ letter.response_deadline_long }}. If "
        "we do not receive your response by then, we will advise our client on the "
        "next steps available, which may include filing suit."
    )

    sheet.heading("Exhibits")
    sheet.tag("{%p for exhibit in exhibits %}")
    sheet.bullet(
        ("{{ exhibit.label }}", True),
        ": {{ exhibit.title }}"
        "{% if exhibit.description %} ({{ exhibit.description }}){% endif %}",
    )
    sheet.tag("{%p endfor %}")
    sheet.blank()

    sheet.para(
        "Thank you for your attention to this claim. Please contact me with any "
        "questions or to discuss its resolution."
    )
    _signature_block(sheet)
    sheet.line("Enclosures: Exhibits as listed")
    sheet.line("cc: {{ client.name }} (without enclosures)")


def _demand_treatment(sheet: _Sheet) -> None:
    sheet.heading("Injuries and Treatment")
    sheet.para(
        "{{ client.name }} received the following care for the injuries caused by "
        "this incident. Record citations refer to the enclosed exhibits."
    )
    sheet.tag("{%p for care in treatment %}")
    sheet.para("{{ care.provider }}", style=PROVIDER_HEADING_STYLE)
    visits = sheet.para(
        "{% if care.visit_types %}{{ care.visit_types }}; {% endif %}"
        "{{ care.first_visit }}"
        "{% if care.last_visit and care.last_visit != care.first_visit %} to "
        "{{ care.last_visit }}{% endif %}; {{ care.visits }} "
        "visit{% if care.visits != 1 %}s{% endif %}",
        style=LINE_STYLE,
        keep_with_next=True,
    )
    visits.runs[0].italic = True
    visits.paragraph_format.space_after = Pt(6)
    sheet.tag("{%p if care.complaints %}")
    sheet.para(
        ("Complaints: ", True),
        "{{ care.complaints|join('; ') }}",
        style=LINE_STYLE,
        keep_with_next=True,
    )
    sheet.tag("{%p endif %}")
    sheet.tag("{%p if care.diagnoses %}")
    sheet.para(
        ("Diagnoses:", True), style=LINE_STYLE, keep_with_next=True, space_before=6
    )
    sheet.tag("{%p for diagnosis in care.diagnoses %}")
    sheet.bullet(
        "{% if diagnosis.code %}{{ diagnosis.code }}: {% endif %}"
        "{{ diagnosis.description }}"
    )
    sheet.tag("{%p endfor %}")
    sheet.tag("{%p endif %}")
    sheet.tag("{%p if care.procedures %}")
    sheet.para(
        ("Procedures:", True), style=LINE_STYLE, keep_with_next=True, space_before=6
    )
    sheet.tag("{%p for procedure in care.procedures %}")
    sheet.bullet(
        "{% if procedure.code %}{{ procedure.code }}: {% endif %}"
        "{{ procedure.description }}"
    )
    sheet.tag("{%p endfor %}")
    sheet.tag("{%p endif %}")
    sheet.tag("{%p if care.summary or care.citations %}")
    sheet.para(
        "{% if care.summary %}{{ care.summary }}{% endif %}"
        "{% if care.summary and care.citations %} {% endif %}"
        "{% if care.citations %}(See {{ care.citations }}.){% endif %}",
        space_before=6,
    )
    sheet.tag("{%p endif %}")
    sheet.tag("{%p endfor %}")


SPECIALS_HEADER = (
    "Provider",
    "Charges",
    "Payments",
    "Adjustments",
    "Balance",
    "Exhibit",
)
_SPECIALS_WIDTHS = (1.6, 0.95, 0.95, 1.05, 0.95, 1.0)
_LINE_CELLS = (
    "{{ line.provider }}",
    "{{ line.charges }}",
    "{{ line.payments }}",
    "{{ line.adjustments }}",
    "{{ line.balance }}",
    "{{ line.exhibit }}",
)
_TOTAL_CELLS = (
    "Total",
    "{{ specials.total.charges }}",
    "{{ specials.total.payments }}",
    "{{ specials.total.adjustments }}",
    "{{ specials.total.balance }}",
    "",
)


def _demand_specials(sheet: _Sheet) -> None:
    sheet.heading("Medical Specials")
    sheet.para(
        "The medical expenses incurred to date total {{ specials.total.charges }}, "
        "itemized below by provider and supported by the enclosed bills.",
        keep_with_next=True,
    )
    table = sheet.doc.add_table(rows=5, cols=len(SPECIALS_HEADER))
    table.style = sheet.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header, loop_start, line, loop_end, total = table.rows
    _fill_row(header.cells, SPECIALS_HEADER, bold=True)
    _repeat_as_header(table)
    # docxtpl replaces each whole row that holds a `{%tr %}` tag with the bare tag,
    # so the one row between them repeats per line.
    loop_start.cells[0].paragraphs[0].add_run("{%tr for line in specials.lines %}")
    _fill_row(line.cells, _LINE_CELLS, bold=False)
    loop_end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _fill_row(total.cells, _TOTAL_CELLS, bold=True)
    # Word reads the cell widths and LibreOffice the grid's, so both are set.
    for column, width in zip(table.columns, _SPECIALS_WIDTHS, strict=True):
        column.width = Inches(width)
    for index, row in enumerate(table.rows):
        _keep_row_whole(row, with_next=index < len(table.rows) - 1)
        for cell, width in zip(row.cells, _SPECIALS_WIDTHS, strict=True):
            cell.width = Inches(width)
    sheet.blank()


def _fill_row(cells: Sequence[_Cell], texts: Sequence[str], *, bold: bool) -> None:
    for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.style = LINE_STYLE
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(11)
        if 1 <= index <= 4:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _keep_row_whole(row: _Row, *, with_next: bool) -> None:
    """A row never splits across pages, and keeps with the next row when it can."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if with_next:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _repeat_as_header(table: Table) -> None:
    """Mark the first row as a header row, repeated on each page the table spans."""
    row_props = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_props.append(header)


def _demand_future_care(sheet: _Sheet) -> None:
    sheet.heading("Future Medical Care")
    sheet.tag("{%p if future_care %}")
    sheet.para(
        "{{ client.name }}'s providers have recommended the following further care:"
    )
    sheet.tag("{%p for plan in future_care %}")
    sheet.bullet(
        "{{ plan.recommendation }}"
        "{% if plan.provider %}, recommended by {{ plan.provider }}{% endif %}"
        "{% if plan.date_long %} on {{ plan.date_long }}{% endif %}"
        "{% if plan.citation %} ({{ plan.citation }}){% endif %}."
    )
    sheet.tag("{%p endfor %}")
    sheet.tag("{%p else %}")
    sheet.para(
        "No further medical care has been recommended to date. {{ client.name }} "
        "reserves the right to supplement this demand if further treatment is needed."
    )
    sheet.tag("{%p endif %}")


# The HIPAA authorization


def _authorization(sheet: _Sheet) -> None:
    """The authorization form; the stand-alone form and the records request share it.

    Each numbered part is one element or statement 45 CFR 164.508(c) requires, in
    plain language as (c)(3) demands.
    """
    text, line, heading = FORM_TEXT_STYLE, FORM_LINE_STYLE, FORM_HEADING_STYLE
    sheet.para("AUTHORIZATION FOR USE AND DISCLOSURE", style=FORM_TITLE_STYLE)
    sheet.para("OF PROTECTED HEALTH INFORMATION", style=FORM_TITLE_STYLE)
    sheet.para("(45 CFR 164.508)", style=text, align=WD_ALIGN_PARAGRAPH.CENTER).runs[
        0
    ].italic = True

    sheet.para(("Patient name: ", True), "{{ client.name }}", style=line)
    sheet.para(("Date of birth: ", True), "{{ client.date_of_birth }}", style=line)
    sheet.para(("Address:", True), style=line)
    sheet.tag("{%p for address_line in client.address_lines %}")
    sheet.para("{{ address_line }}", style=line, indent=0.5)
    sheet.tag("{%p endfor %}")

    # 164.508(c)(1)(i)
    sheet.para("1. Information to be disclosed", style=heading)
    sheet.para(
        # trim('.'): a description may end in a period; the sentence supplies one.
        "{% if records.description %}{{ records.description|trim('. ') }}"
        "{% else %}My complete medical record and billing records, including office "
        "and hospital notes, test and imaging results, and itemized bills{% endif %}"
        "; dates of service from "
        "{% if records.from_date %}{{ records.from_date }}{% else %}my first visit"
        "{% endif %} through "
        "{% if records.to_date %}{{ records.to_date }}{% else %}the date this "
        "authorization expires{% endif %}.",
        style=text,
    )
    # 164.508(a)(2) and (b)(3)(ii): psychotherapy notes need their own authorization.
    sheet.para(
        "This authorization does not cover psychotherapy notes. Psychotherapy "
        "notes may be released only with a separate authorization that covers "
        "them alone.",
        style=text,
    )
    sheet.para(
        "Some information has extra protection under federal or state law. It will "
        "be released only if I write my initials next to it here:",
        style=line,
        keep_with_next=True,
    )
    for item in (
        "HIV/AIDS-related information and test results",
        "Mental health records (other than psychotherapy notes)",
        "Substance use disorder (alcohol or drug) treatment records protected "
        "by 42 CFR Part 2",
    ):
        initials = sheet.para(f"________\t{item}", style=line, indent=1.3)
        initials.paragraph_format.first_line_indent = Inches(-0.8)
        initials.paragraph_format.tab_stops.add_tab_stop(Inches(1.3))

    # 164.508(c)(1)(ii)
    sheet.para("2. Who may disclose the information", style=heading)
    sheet.para("{{ provider.name }}", style=line)
    sheet.tag("{%p for address_line in provider.address_lines %}")
    sheet.para("{{ address_line }}", style=line)
    sheet.tag("{%p endfor %}")
    sheet.para(
        "{% if provider.phone %}Tel. {{ provider.phone }}{% endif %}"
        "{% if provider.phone and provider.fax %}  {% endif %}"
        "{% if provider.fax %}Fax {{ provider.fax }}{% endif %}",
        style=line,
    )

    # 164.508(c)(1)(iii)
    sheet.para("3. Who may receive the information", style=heading)
    sheet.para("{{ firm.name }}, its attorneys and staff", style=line)
    sheet.tag("{%p for address_line in firm.address_lines %}")
    sheet.para("{{ address_line }}", style=line)
    sheet.tag("{%p endfor %}")
    sheet.para(
        "{% if firm.phone %}Tel. {{ firm.phone }}{% endif %}"
        "{% if firm.phone and firm.email %}  {% endif %}{{ firm.email }}",
        style=line,
    )

    # 164.508(c)(1)(iv)
    sheet.para("4. Purpose", style=heading)
    sheet.para(
        "{% if records.purpose %}{{ records.purpose }}"
        "{% else %}At the request of the individual.{% endif %}",
        style=text,
    )

    # 164.508(c)(1)(v)
    sheet.para("5. Expiration", style=heading)
    sheet.para(
        "Expiration date or event: "
        "{% if records.expires %}{{ records.expires|trim('. ') }}"
        "{% else %}one year after the date I sign it{% endif %}.",
        style=text,
    )

    # 164.508(c)(2)(i)
    sheet.para("6. My right to revoke this authorization", style=heading)
    sheet.para(
        "I may revoke this authorization at any time by sending written notice to "
        "{{ provider.name }} at the address in part 2. My revocation will not "
        "affect any action already taken in reliance on this authorization before "
        "the provider received my written notice.",
        style=text,
    )

    # 164.508(c)(2)(ii)
    sheet.para("7. Signing is voluntary", style=heading)
    sheet.para(
        "I do not have to sign this authorization. {{ provider.name }} may not "
        "condition my treatment, payment, enrollment in a health plan, or "
        "eligibility for benefits on whether I sign it.",
        style=text,
    )

    # 164.508(c)(2)(iii)
    sheet.para("8. Redisclosure", style=heading)
    sheet.para(
        "Information disclosed under this authorization may be redisclosed by the "
        "person who receives it and may then no longer be protected by the federal "
        "privacy rules (the HIPAA Privacy Rule, 45 CFR Parts 160 and 164).",
        style=text,
    )

    # 164.508(c)(4)
    sheet.para("9. My copy", style=heading)
    sheet.para(
        "I am entitled to a copy of this authorization after I sign it.", style=text
    )

    # 164.508(c)(1)(vi)
    sheet.para("10. Signature", style=heading)
    _form_blank(sheet, "Signature of patient or personal representative", "Date")
    sheet.para(
        "If a personal representative signs for the patient:",
        style=line,
        keep_with_next=True,
        space_before=6,
    )
    _form_blank(sheet, "Printed name of personal representative", "")
    sheet.para(
        "Description of authority to act for the patient (for example, parent of a "
        "minor, legal guardian, health care power of attorney, or executor of the "
        "estate; please attach the document that gives this authority):",
        style=line,
        keep_with_next=True,
        space_before=6,
    )
    sheet.para("_" * 70, style=line, space_before=12)
    sheet.blank()


def _form_blank(sheet: _Sheet, caption: str, second: str) -> None:
    """A line to write on with its caption under it (and a second, shorter one)."""
    stop = Inches(4.5)
    rule = "_" * 45 + ("\t" + "_" * 20 if second else "")
    written = sheet.para(rule, style=FORM_LINE_STYLE, space_before=18)
    written.paragraph_format.keep_with_next = True
    written.paragraph_format.tab_stops.add_tab_stop(stop)
    captioned = sheet.para(
        caption + ("\t" + second if second else ""), style=FORM_LINE_STYLE
    )
    captioned.paragraph_format.tab_stops.add_tab_stop(stop)
    captioned.runs[0].font.size = Pt(9)


def _build_hipaa_authorization(sheet: _Sheet) -> None:
    _authorization(sheet)
    sheet.para(
        ("Please return the signed authorization to:", True),
        style=SIGNATURE_STYLE,
        space_before=6,
    )
    sheet.para("{{ signer.name }}", style=SIGNATURE_STYLE)
    _signer_lines(sheet)


# The records request


def _build_records_request(sheet: _Sheet) -> None:
    _letterhead(sheet)
    _date_line(sheet)
    sheet.tag("{%p if provider.fax %}")
    sheet.para(("Via fax to {{ provider.fax }} and U.S. Mail", True))
    sheet.tag("{%p endif %}")
    sheet.line("{{ provider.name }}")
    sheet.line("Attn: Custodian of Medical and Billing Records")
    sheet.tag("{%p for address_line in provider.address_lines %}")
    sheet.line("{{ address_line }}")
    sheet.tag("{%p endfor %}")
    sheet.blank()
    _re_block(
        sheet,
        "Request for Medical and Billing Records",
        (
            ("Patient:", "{{ client.name }}", ""),
            ("Date of Birth:", "{{ client.date_of_birth }}", "client.date_of_birth"),
            (
                "Dates of Service:",
                "{% if records.from_date %}{{ records.from_date }}{% else %}All dates"
                "{% endif %} through "
                "{% if records.to_date %}{{ records.to_date }}{% else %}present"
                "{% endif %}",
                "",
            ),
            ("Date of Incident:", "{{ incident.date_long }}", "incident.date_long"),
            ("Our File No.:", "{{ matter.number }}", "matter.number"),
        ),
    )
    _dear(sheet, "Custodian of Records")
    sheet.para(
        "This firm represents {{ client.name }}, your patient, in connection with "
        "injuries from the incident of {{ incident.date_long }}. Enclosed is our "
        "client's authorization for the release of this information under the "
        "HIPAA Privacy Rule (45 CFR 164.508). Please send us copies of the "
        "following for dates of service from "
        "{% if records.from_date %}{{ records.from_date }}{% else %}the first visit"
        "{% endif %} through "
        "{% if records.to_date %}{{ records.to_date }}{% else %}the present"
        "{% endif %}:",
        keep_with_next=True,
    )
    sheet.bullet(
        ("Complete medical records", True),
        ", including intake forms and histories, physician, nursing and therapy "
        "notes, emergency department records, consultation and operative reports, "
        "test results, imaging reports, discharge summaries, referrals and "
        "correspondence{% if records.description %}, and in particular: "
        "{{ records.description|trim('. ') }}{% endif %}.",
    )
    sheet.bullet(
        ("Itemized billing", True),
        ": a UB-04 or CMS-1500 claim form or an itemized statement showing each "
        "date of service with its CPT or HCPCS code, diagnosis codes, charge, and "
        "every payment, adjustment and write-off, with the balance due.",
    )
    sheet.bullet(
        ("Custodian certification", True),
        ": a signed certification or affidavit of the custodian of records that "
        "the copies are true and complete and were made and kept in the regular "
        "course of business. If you hold no records for these dates, please say so "
        "in a signed certificate of no records.",
    )
    sheet.blank()
    sheet.para(
        "Please charge no more than the law allows for copies. Under the HIPAA "
        "right of access (45 CFR 164.524), a patient's own request may be charged "
        "only a reasonable, cost-based fee, and state law may set further limits. "
        "If the fee will exceed $50.00, please call our office with the amount "
        "before sending the records."
    )
    sheet.para(
        "Electronic copies (PDF) are preferred"
        "{% if firm.email %} and may be sent to {{ firm.email }}{% endif %}; paper "
        "copies may be mailed to the address above. Please include our file "
        "number{% if matter.number %} ({{ matter.number }}){% endif %} with your "
        "response."
    )
    sheet.para("Thank you for your prompt help.")
    _signature_block(sheet)
    sheet.line("Enclosure: HIPAA authorization (45 CFR 164.508)")
    sheet.page_break()
    _authorization(sheet)


# The letter of representation


def _build_representation(sheet: _Sheet) -> None:
    _letterhead(sheet)
    _date_line(sheet)
    _recipient_block(sheet)
    _insurer_re_block(sheet, "Letter of Representation")
    _dear(
        sheet,
        "{% if insurer.adjuster %}{{ insurer.adjuster }}"
        "{% else %}Claims Representative{% endif %}",
    )
    sheet.para(
        "Please be advised that this firm represents {{ client.name }} for injuries "
        "and losses arising from the incident of {{ incident.date_long }}"
        "{% if incident.location %} at {{ incident.location }}{% endif %}"
        "{% if insurer.insured %}, involving your insured, {{ insurer.insured }}"
        "{% endif %}"
        "{% if insurer.claim_number %} (your claim number "
        "{{ insurer.claim_number }}){% endif %}."
    )
    sheet.heading("Contact")
    sheet.para(
        "Please direct all further communication about this claim to this office"
        "{% if insurer.adjuster %}, and confirm that {{ insurer.adjuster }} is the "
        "adjuster assigned to it{% endif %}. Do not contact our client directly for "
        "any reason, including to request a recorded statement, medical "
        "authorizations or records. Any payment on this claim should be made "
        "payable to our client and this firm jointly."
    )
    sheet.heading("Preservation of Evidence")
    sheet.para(
        "Please preserve, and ask your insured to preserve, all evidence relating "
        "to the incident, including photographs, video and surveillance footage, "
        "incident and accident reports, witness statements, recorded statements, "
        "electronic and vehicle data, maintenance and inspection records, claim "
        "notes, and any physical evidence. Do not repair, alter or destroy anything "
        "involved in the incident until we have had an opportunity to inspect it."
    )
    sheet.heading("Insurance Information")
    sheet.para(
        "Please send us a copy of the declarations page of every policy that may "
        "cover this claim, stating the liability limits, including any excess or "
        "umbrella policy. If your policy provides medical payments or personal "
        "injury protection coverage available to our client, please open that claim "
        "and send us the forms needed to apply for it."
    )
    sheet.para(
        "Please acknowledge this letter and send the information requested within "
        "{{ letter.response_days }} days. Thank you for your cooperation."
    )
    _signature_block(sheet)
    sheet.line("cc: {{ client.name }}")


# The client status letter


def _build_client_status(sheet: _Sheet) -> None:
    _letterhead(sheet)
    sheet.para(
        ("PRIVILEGED AND CONFIDENTIAL: ATTORNEY-CLIENT COMMUNICATION", True),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _date_line(sheet)
    sheet.line("{{ client.name }}")
    sheet.tag("{%p for address_line in client.address_lines %}")
    sheet.line("{{ address_line }}")
    sheet.tag("{%p endfor %}")
    sheet.blank()
    _re_block(
        sheet,
        "Status of Your Case",
        (
            ("Case:", "{{ matter.title }}", "matter.title"),
            ("Our File No.:", "{{ matter.number }}", "matter.number"),
        ),
    )
    _dear(sheet, "{{ client.name }}")
    sheet.para(
        "We are writing to let you know where your case stands and what comes next."
    )
    sheet.tag("{%p if letter.body %}")
    sheet.para("{{ letter.body }}")
    sheet.tag("{%p else %}")
    sheet.para(("[Status and next steps: to be written before sending.]", True))
    sheet.tag("{%p endif %}")
    sheet.heading("What We Need From You")
    for reminder in (
        "Keep your medical appointments and follow your doctors' advice, and tell "
        "us about any new doctor, hospital, bill or health insurance payment.",
        "Do not discuss your case with anyone from an insurance company; refer "
        "them to us.",
        "Do not post about the incident, your injuries or your activities on "
        "social media.",
        "Let us know right away if your address, phone number or email changes.",
    ):
        sheet.bullet(reminder)
    sheet.blank()
    sheet.para(
        "If you have any questions, please call us"
        "{% if firm.phone %} at {{ firm.phone }}{% endif %}"
        "{% if firm.email %} or email {{ firm.email }}{% endif %}."
    )
    _signature_block(sheet)


_BUILDERS: dict[str, Callable[[_Sheet], None]] = {
    "demand": _build_demand,
    "records_request": _build_records_request,
    "hipaa_authorization": _build_hipaa_authorization,
    "representation": _build_representation,
    "client_status": _build_client_status,
}


def builtin(key: str) -> Builtin:
    """The built-in template named `key`.

    Raises:
        KeyError: No built-in has that key.
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(sorted(_BY_KEY))
        raise KeyError(
            f"no built-in template {key!r}; the built-ins are: {known}"
        ) from None


@functools.cache
def template_bytes(key: str) -> bytes:
    """The DOCX of the built-in template `key`, identical in every process.

    Args:
        key: One of the keys in `BUILTINS`.

    Returns:
        The template as DOCX bytes with docxtpl tags, built once per process.

    Raises:
        KeyError: No built-in has that key.
    """
    sheet = _Sheet(builtin(key))
    _BUILDERS[key](sheet)
    return sheet.to_bytes()
