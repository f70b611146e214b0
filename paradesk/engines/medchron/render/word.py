"""The chronology as a Word document (python-docx).

Portrait pages for the summary and the short tables, a landscape section for the
timeline and the encounters table. python-docx has no API for field codes, cell
shading or repeating header rows, so those few elements are written as WordprocessingML
(ECMA-376 part 1, 17.16 fields, 17.4.33 shd, 17.4.49 tblHeader).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Emu, Inches, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from PIL import Image

from paradesk.engines.common.packages import fixed_office
from paradesk.engines.medchron.models import Chronology
from paradesk.engines.medchron.render import content
from paradesk.engines.medchron.render.timeline import timeline_png

_HEADER_FILL = "1F4E79"
_PRE_INCIDENT_FILL = "FCE4D6"
_ALERT = RGBColor(0xC0, 0x00, 0x00)
_WHITE = RGBColor(0xFF, 0xFF, 0xFF)
_MUTED = RGBColor(0x59, 0x59, 0x59)
_PROVIDER_WIDTHS = (2.6, 1.0, 1.0, 0.7, 1.2)
_LINE_WIDTHS = (0.9, 0.8, 2.5, 1.0, 1.8)
# Columns holding money or counts, right-aligned so the digits line up.
_PROVIDER_FIGURES = frozenset({3, 4})
_LINE_FIGURES = frozenset({3})
_LABEL_FILL = "F2F2F2"
_TABLE_STYLE = "Chronology Table"


def render_docx(chronology: Chronology, *, title: str | None = None) -> bytes:
    """The chronology as DOCX bytes; see `render.render`."""
    document = Document()
    _set_up(document, title)
    first = document.sections[0]
    _page(first, landscape=False)
    _header_footer(first)

    document.add_heading(content.clean(content.heading(title)), level=0)
    _key_values(document, content.summary(chronology))
    document.add_heading("Providers", level=1)
    _table(
        document,
        content.PROVIDER_HEADERS,
        content.provider_rows(chronology),
        _PROVIDER_WIDTHS,
        _PROVIDER_FIGURES,
    )

    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    document.add_heading("Treatment timeline", level=1)
    _picture(document, timeline_png(chronology), Inches(10), Inches(6.3))
    document.add_heading("Encounters", level=1)
    _note(document, content.ENCOUNTERS_LEGEND)
    _encounters(document, chronology)

    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    document.add_heading(f"Gaps in care over {chronology.gap_days} days", level=1)
    if chronology.gaps:
        _table(
            document, content.GAP_HEADERS, content.gap_rows(chronology), (1.5, 1.5, 2.0)
        )
    else:
        _note(document, "None.")
    _specials(document, chronology)
    document.add_heading("Missing records and bills", level=1)
    if chronology.missing:
        _table(
            document,
            content.MISSING_HEADERS,
            content.missing_rows(chronology),
            (1.5, 3.0, 1.5),
        )
    else:
        _note(document, "None found.")
    if chronology.warnings:
        document.add_heading("Warnings", level=1)
        for warning in chronology.warnings:
            document.add_paragraph(content.clean(warning), style="List Bullet")

    buffer = io.BytesIO()
    document.save(buffer)
    # Same chronology, same bytes: no clock in the zip or its properties.
    return fixed_office(buffer.getvalue())


def _set_up(document: DocumentObject, title: str | None) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    # Cell text size and spacing come from one table style rather than from every run:
    # the same look, and python-docx writes a 500-row table several times faster.
    table = document.styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = document.styles["Table Grid"]
    table.font.size = Pt(8.5)
    table.paragraph_format.space_after = Pt(0)
    table.paragraph_format.line_spacing = 1.0
    properties = document.core_properties
    properties.title = content.clean(content.heading(title))
    properties.author = "Paradesk"
    properties.last_modified_by = "Paradesk"
    properties.comments = content.CONFIDENTIAL


def _page(section: Section, *, landscape: bool) -> None:
    short, long = Inches(8.5), Inches(11)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (long, short) if landscape else (short, long)
    )
    margin = Inches(0.5 if landscape else 0.75)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = Inches(0.7)


def _picture(document: DocumentObject, png: bytes, width: int, height: int) -> None:
    """The picture scaled to fit `width` x `height` EMU: Word clips, never shrinks,
    a picture taller than the page."""
    with Image.open(io.BytesIO(png)) as image:
        pixels_wide, pixels_high = image.size
    scale = min(width / pixels_wide, height / pixels_high)
    document.add_picture(
        io.BytesIO(png),
        width=Emu(round(pixels_wide * scale)),
        height=Emu(round(pixels_high * scale)),
    )


def _header_footer(section: Section) -> None:
    """Later sections link to these (Word's default), so one definition covers all."""
    header = section.header.paragraphs[0]
    _run(header, content.CONFIDENTIAL, size=8, color=_MUTED, italic=True)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "Page ", size=8, color=_MUTED)
    _field(footer, "PAGE")
    _run(footer, " of ", size=8, color=_MUTED)
    _field(footer, "NUMPAGES")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word computes when it lays out the page (17.16.18 complex fields)."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, shown, end):
        run._r.append(element)


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
) -> None:
    run = paragraph.add_run(content.clean(text))
    # Only set what differs from the style: each setting adds XML to the run.
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = color


def _note(document: DocumentObject, text: str) -> None:
    _run(document.add_paragraph(), text, italic=True, size=9, color=_MUTED)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _new_table(
    document: DocumentObject,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: int,
    figures: frozenset[int] = frozenset(),
) -> list[tuple[_Cell, ...]]:
    """A table with its header row filled in; returns the cells of its `rows` body
    rows. All rows are made at once: python-docx's `add_row` rescans the table."""
    table = document.add_table(rows=1 + rows, cols=len(headers))
    table.style = document.styles[_TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Inches(width)
    body = [row.cells for row in table.rows]
    for cells in body:
        for cell, width in zip(cells, widths, strict=True):
            cell.width = Inches(width)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for index, (cell, text) in enumerate(zip(body[0], headers, strict=True)):
        _shade(cell, _HEADER_FILL)
        paragraph = cell.paragraphs[0]
        if index in figures:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, text, bold=True, color=_WHITE)
    return body[1:]


def _fill(
    cell: _Cell, lines: Sequence[str], *, right: bool = False, bold: bool = False
) -> None:
    paragraph = cell.paragraphs[0]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(paragraph, "\n".join(lines), bold=bold)


def _table(
    document: DocumentObject,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    figures: frozenset[int] = frozenset(),
    *,
    extra_rows: int = 0,
) -> list[tuple[_Cell, ...]]:
    """A filled table; returns the cells of `extra_rows` empty rows left at its end."""
    body = _new_table(document, headers, widths, len(rows) + extra_rows, figures)
    for cells, values in zip(body, rows, strict=False):
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            _fill(cell, [value], right=index in figures)
    return body[len(rows) :]


def _key_values(document: DocumentObject, rows: Sequence[tuple[str, str]]) -> None:
    table = document.add_table(rows=len(rows), cols=2)
    table.style = document.styles[_TABLE_STYLE]
    table.autofit = False
    label_width, value_width = Inches(2.6), Inches(3.4)
    table.columns[0].width, table.columns[1].width = label_width, value_width
    for row, (label, value) in zip(table.rows, rows, strict=True):
        label_cell, value_cell = row.cells
        label_cell.width, value_cell.width = label_width, value_width
        _shade(label_cell, _LABEL_FILL)
        _run(label_cell.paragraphs[0], label, bold=True, size=9.5)
        _run(value_cell.paragraphs[0], value, size=9.5)


def _encounters(document: DocumentObject, chronology: Chronology) -> None:
    ordered = content.in_date_order(chronology.encounters)
    body = _new_table(
        document, content.ENCOUNTER_HEADERS, content.ENCOUNTER_WIDTHS, len(ordered)
    )
    for cells, encounter in zip(body, ordered, strict=True):
        row = content.encounter_row(encounter)
        when, who = cells[0], cells[1]
        _run(when.paragraphs[0], row.date, bold=True)
        for flag in row.flags:
            _run(when.add_paragraph(), flag, bold=True, size=7.5, color=_ALERT)
        _run(who.paragraphs[0], row.provider, bold=True)
        for extra in (row.facility, row.visit_type):
            if extra:
                _run(who.add_paragraph(), extra)
        columns = (
            row.complaints_findings,
            row.diagnoses,
            row.procedures,
            row.medications,
            row.restrictions_recommendations,
            row.citations,
        )
        for cell, lines in zip(cells[2:], columns, strict=True):
            _fill(cell, lines)
        if row.pre_incident:
            for cell in cells:
                _shade(cell, _PRE_INCIDENT_FILL)


def _specials(document: DocumentObject, chronology: Chronology) -> None:
    document.add_heading("Specials (medical bills)", level=1)
    if not chronology.bills:
        _note(document, "No bills in the records.")
    for bill in chronology.bills:
        document.add_heading(content.clean(bill.provider), level=2)
        if not bill.charges:
            _note(document, "No itemised charges.")
        sums = content.bill_sums(bill)
        spare = _table(
            document,
            content.BILL_LINE_HEADERS,
            content.bill_line_rows(bill),
            _LINE_WIDTHS,
            _LINE_FIGURES,
            extra_rows=len(sums),
        )
        # The sums sit under the Charge column, labelled across the first three.
        for cells, (label, value) in zip(spare, sums, strict=True):
            for cell in cells:
                _shade(cell, _LABEL_FILL)
            _fill(cells[3], [value], right=True, bold=True)
            _fill(cells[0].merge(cells[2]), [label], right=True, bold=True)
        note = content.reconciliation_note(bill)
        if note:
            _run(document.add_paragraph(), note, bold=True, size=9, color=_ALERT)
    document.add_heading("Totals", level=2)
    _key_values(document, content.totals(chronology))
