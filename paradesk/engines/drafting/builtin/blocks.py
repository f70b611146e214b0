"""Blocks shared by the letters: letterhead, date, recipient, RE block, signature."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from paradesk.engines.drafting.builtin.sheet import (
    LINE_STYLE,
    RE_INDENT,
    RE_VALUE_INDENT,
    SIGNATURE_STYLE,
    Part,
    Sheet,
)


def letterhead(sheet: Sheet) -> None:
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


def date_line(sheet: Sheet) -> None:
    sheet.para("{{ letter.date_long }}")


def recipient_block(sheet: Sheet) -> None:
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


def re_block(sheet: Sheet, subject: str, lines: Sequence[ReLine]) -> None:
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


def _re_paragraph(sheet: Sheet, *parts: Part, detail: bool = False) -> None:
    paragraph = sheet.para(*parts, style=LINE_STYLE)
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(RE_INDENT)
    indent = RE_INDENT
    if detail:
        stops.add_tab_stop(RE_VALUE_INDENT)
        indent = RE_VALUE_INDENT
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.first_line_indent = -indent


def insurer_re_block(sheet: Sheet, subject: str) -> None:
    re_block(
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


def signature_block(sheet: Sheet, *, closing: str = "Sincerely,") -> None:
    """The signature every template carries, with a non-attorney's status line.

    A paralegal's letter must say they are not an attorney (unauthorized practice
    rules, e.g. ABA Model Rule 5.3); the renderer refuses output that lacks it.
    """
    sheet.para(closing, keep_with_next=True)
    sheet.para("{{ signer.name }}", style=SIGNATURE_STYLE, space_before=36)
    signer_lines(sheet)


def signer_lines(sheet: Sheet) -> None:
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


def dear(sheet: Sheet, salutation: str) -> None:
    sheet.para(f"Dear {salutation}:")
