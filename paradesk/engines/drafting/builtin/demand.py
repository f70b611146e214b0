"""The demand letter."""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.table import Table, _Cell, _Row

from paradesk.engines.drafting.builtin.blocks import (
    date_line,
    dear,
    insurer_re_block,
    letterhead,
    recipient_block,
    signature_block,
)
from paradesk.engines.drafting.builtin.sheet import (
    LINE_STYLE,
    PROVIDER_HEADING_STYLE,
    Sheet,
)


def build_demand(sheet: Sheet) -> None:
    letterhead(sheet)
    sheet.para(
        (
            "CONFIDENTIAL SETTLEMENT COMMUNICATION: inadmissible under Federal Rule "
            "of Evidence 408 and its state counterparts",
            True,
        ),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    date_line(sheet)
    recipient_block(sheet)
    insurer_re_block(sheet, "Settlement Demand")
    dear(
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
    signature_block(sheet)
    sheet.line("Enclosures: Exhibits as listed")
    sheet.line("cc: {{ client.name }} (without enclosures)")


def _demand_treatment(sheet: Sheet) -> None:
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


def _demand_specials(sheet: Sheet) -> None:
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


def _demand_future_care(sheet: Sheet) -> None:
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
