"""The chronology as a PDF (reportlab platypus), the same sections as the DOCX.

Built with `invariant=1` so the same chronology gives the same bytes (no creation
time, a fixed document id). Text uses Bitstream Vera, which ships inside reportlab,
so nothing outside the installed packages is read; characters Vera lacks are replaced
(see `_printable`) instead of drawing empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from paradesk.engines.medchron.models import Bill, Chronology
from paradesk.engines.medchron.render import content
from paradesk.engines.medchron.render.timeline import timeline_png

_FONT = "ParadeskVera"
_FACES = {
    _FONT: "Vera.ttf",
    f"{_FONT}-Bold": "VeraBd.ttf",
    f"{_FONT}-Italic": "VeraIt.ttf",
    f"{_FONT}-BoldItalic": "VeraBI.ttf",
}
_MARGIN = 0.5 * inch
_HEADER_FILL = colors.HexColor("#1F4E79")
_PRE_INCIDENT_FILL = colors.HexColor("#FCE4D6")
_LABEL_FILL = colors.HexColor("#F2F2F2")
_GRID = colors.HexColor("#A6A6A6")
_ALERT = "#C00000"
_MUTED = colors.HexColor("#595959")
_PROVIDER_WIDTHS = (3.0, 1.1, 1.1, 0.8, 1.3)
_LINE_WIDTHS = (0.9, 0.8, 2.6, 1.0, 2.0)
# Columns holding money or counts, right-aligned so the digits line up.
_PROVIDER_FIGURES = frozenset({3, 4})
_LINE_FIGURES = frozenset({3})


@cache
def _fonts() -> frozenset[int]:
    """Registers Vera once per process; returns the code points it can draw."""
    for name, file in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, file))
    pdfmetrics.registerFontFamily(
        _FONT,
        normal=_FONT,
        bold=f"{_FONT}-Bold",
        italic=f"{_FONT}-Italic",
        boldItalic=f"{_FONT}-BoldItalic",
    )
    face = pdfmetrics.getFont(_FONT).face
    return frozenset(code for code in face.charToGlyph if code != 0xFFFF)


def _printable(text: str) -> str:
    return content.fit_to_font(text, _fonts())


def _markup(text: str) -> str:
    """Plain text as platypus paragraph markup (which is a small XML dialect)."""
    return escape(_printable(text)).replace("\n", "<br/>").replace("\t", " ")


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("body", fontName=_FONT, fontSize=9, leading=11.5)
        self.body = base
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=18,
            leading=22,
            spaceAfter=10,
        )
        self.h1 = ParagraphStyle(
            "h1",
            parent=base,
            fontName=f"{_FONT}-Bold",
            fontSize=13,
            leading=16,
            spaceBefore=12,
            spaceAfter=6,
            textColor=_HEADER_FILL,
        )
        self.h2 = ParagraphStyle(
            "h2", parent=self.h1, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        )
        self.note = ParagraphStyle(
            "note",
            parent=base,
            fontName=f"{_FONT}-Italic",
            textColor=_MUTED,
            spaceAfter=4,
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.2)
        self.head = ParagraphStyle(
            "head", parent=self.cell, fontName=f"{_FONT}-Bold", textColor=colors.white
        )
        self.figure = ParagraphStyle("figure", parent=self.cell, alignment=TA_RIGHT)
        self.head_figure = ParagraphStyle(
            "head_figure", parent=self.head, alignment=TA_RIGHT
        )
        self.alert = ParagraphStyle(
            "alert",
            parent=base,
            fontName=f"{_FONT}-Bold",
            textColor=colors.HexColor(_ALERT),
        )


def render_pdf(chronology: Chronology, *, title: str | None = None) -> bytes:
    """The chronology as PDF bytes; see `render.render`."""
    _fonts()
    styles = _Styles()
    heading = content.heading(title)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=letter,
        invariant=1,
        title=_printable(heading),
        author="Paradesk",
        creator="Paradesk medchron",
        subject=content.CONFIDENTIAL,
    )
    document.addPageTemplates(
        [
            _template("portrait", letter, heading),
            _template("landscape", landscape(letter), heading),
        ]
    )
    story: list[Flowable] = [Paragraph(_markup(heading), styles.title)]
    story.append(_key_values(content.summary(chronology), styles))
    story.append(Paragraph("Providers", styles.h1))
    story.append(
        _table(
            content.PROVIDER_HEADERS,
            content.provider_rows(chronology),
            _PROVIDER_WIDTHS,
            styles,
            _PROVIDER_FIGURES,
        )
    )
    story += [NextPageTemplate("landscape"), PageBreak()]
    story.append(Paragraph("Treatment timeline", styles.h1))
    story.append(_picture(timeline_png(chronology), 10 * inch, 6.4 * inch))
    story.append(Paragraph("Encounters", styles.h1))
    story.append(Paragraph(_markup(content.ENCOUNTERS_LEGEND), styles.note))
    story.append(_encounters(chronology, styles))
    story += [NextPageTemplate("portrait"), PageBreak()]
    story.append(Paragraph(f"Gaps in care over {chronology.gap_days} days", styles.h1))
    if chronology.gaps:
        story.append(
            _table(
                content.GAP_HEADERS,
                content.gap_rows(chronology),
                (1.6, 1.6, 2.2),
                styles,
            )
        )
    else:
        story.append(Paragraph("None.", styles.note))
    story += _specials(chronology, styles)
    story.append(Paragraph("Missing records and bills", styles.h1))
    if chronology.missing:
        story.append(
            _table(
                content.MISSING_HEADERS,
                content.missing_rows(chronology),
                (1.6, 3.4, 1.6),
                styles,
            )
        )
    else:
        story.append(Paragraph("None found.", styles.note))
    if chronology.warnings:
        story.append(Paragraph("Warnings", styles.h1))
        story += [
            Paragraph(_markup(warning), styles.body, bulletText="\N{BULLET}")
            for warning in chronology.warnings
        ]
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _template(name: str, size: tuple[float, float], heading: str) -> PageTemplate:
    width, height = size
    frame = Frame(
        _MARGIN,
        _MARGIN,
        width - 2 * _MARGIN,
        height - 2 * _MARGIN - 0.15 * inch,
        id=name,
    )
    label = _printable(heading)

    def header(canvas: Canvas, _document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(f"{_FONT}-Italic", 7.5)
        canvas.setFillColor(_MUTED)
        top = height - _MARGIN + 0.1 * inch
        canvas.drawString(_MARGIN, top, content.CONFIDENTIAL)
        canvas.drawRightString(width - _MARGIN, top, label)
        canvas.restoreState()

    return PageTemplate(id=name, frames=[frame], onPage=header, pagesize=size)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Writes "Page N of M": M is known only once every page is laid out, so pages are
    held until `save` (ActiveState recipe 576832, "page x of y" for reportlab)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802  # reportlab's method name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.saveState()
            self.setFont(_FONT, 7.5)
            self.setFillColor(_MUTED)
            self.drawCentredString(
                width / 2, _MARGIN - 0.25 * inch, f"Page {self._pageNumber} of {total}"
            )
            self.restoreState()
            super().showPage()
        super().save()


def _picture(png: bytes, width: float, height: float) -> Image:
    """The picture scaled to fit `width` x `height` (a picture taller than the frame
    would stop the whole build with a LayoutError)."""
    picture = Image(io.BytesIO(png))
    scale = min(width / picture.imageWidth, height / picture.imageHeight)
    picture.drawWidth = picture.imageWidth * scale
    picture.drawHeight = picture.imageHeight * scale
    return picture


def _grid(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def _cells(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    styles: _Styles,
    figures: frozenset[int],
) -> list[list[Flowable | str]]:
    def cell(column: int, text: str, *, head: bool = False) -> Paragraph:
        if column in figures:
            return Paragraph(
                _markup(text), styles.head_figure if head else styles.figure
            )
        return Paragraph(_markup(text), styles.head if head else styles.cell)

    data: list[list[Flowable | str]] = [
        [cell(column, text, head=True) for column, text in enumerate(headers)]
    ]
    data += [[cell(column, text) for column, text in enumerate(row)] for row in rows]
    return data


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    styles: _Styles,
    figures: frozenset[int] = frozenset(),
) -> Table:
    return Table(
        _cells(headers, rows, styles, figures),
        colWidths=[width * inch for width in widths],
        repeatRows=1,
        hAlign="LEFT",
        style=_grid([("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL)]),
    )


def _key_values(rows: Sequence[tuple[str, str]], styles: _Styles) -> Table:
    bold = ParagraphStyle("label", parent=styles.body, fontName=f"{_FONT}-Bold")
    data = [
        [Paragraph(_markup(label), bold), Paragraph(_markup(value), styles.body)]
        for label, value in rows
    ]
    return Table(
        data,
        colWidths=[2.8 * inch, 3.6 * inch],
        hAlign="LEFT",
        style=_grid([("BACKGROUND", (0, 0), (0, -1), _LABEL_FILL)]),
    )


def _bill(bill: Bill, styles: _Styles) -> Table:
    """The charge lines, then the bill's sums as rows ending in the Charge column."""
    data = _cells(
        content.BILL_LINE_HEADERS, content.bill_line_rows(bill), styles, _LINE_FIGURES
    )
    first = len(data)
    label = ParagraphStyle("sum", parent=styles.figure, fontName=f"{_FONT}-Bold")
    data += [
        [Paragraph(_markup(name), label), "", "", Paragraph(_markup(value), label), ""]
        for name, value in content.bill_sums(bill)
    ]
    spans = [("SPAN", (0, row), (2, row)) for row in range(first, len(data))]
    return Table(
        data,
        colWidths=[width * inch for width in _LINE_WIDTHS],
        repeatRows=1,
        hAlign="LEFT",
        style=_grid(
            [
                ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
                ("BACKGROUND", (0, first), (-1, -1), _LABEL_FILL),
                *spans,
            ]
        ),
    )


def _lines(lines: Sequence[str], style: ParagraphStyle) -> list[Flowable]:
    """One paragraph per line: a table row splits across pages between paragraphs
    far faster than inside one long paragraph."""
    return [Paragraph(_markup(line), style) for line in lines]


def _encounters(chronology: Chronology, styles: _Styles) -> Table:
    data: list[list[Flowable | list[Flowable]]] = [
        [Paragraph(_markup(text), styles.head) for text in content.ENCOUNTER_HEADERS]
    ]
    shaded: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL)]
    for encounter in content.in_date_order(chronology.encounters):
        row = content.encounter_row(encounter)
        flags = "".join(
            f'<br/><font color="{_ALERT}"><b>{escape(flag)}</b></font>'
            for flag in row.flags
        )
        who = f"<b>{_markup(row.provider)}</b>" + "".join(
            f"<br/>{_markup(extra)}"
            for extra in (row.facility, row.visit_type)
            if extra
        )
        data.append(
            [
                Paragraph(f"<b>{_markup(row.date)}</b>{flags}", styles.cell),
                Paragraph(who, styles.cell),
                _lines(row.complaints_findings, styles.cell),
                _lines(row.diagnoses, styles.cell),
                _lines(row.procedures, styles.cell),
                _lines(row.medications, styles.cell),
                _lines(row.restrictions_recommendations, styles.cell),
                _lines(row.citations, styles.cell),
            ]
        )
        if row.pre_incident:
            index = len(data) - 1
            shaded.append(("BACKGROUND", (0, index), (-1, index), _PRE_INCIDENT_FILL))
    # splitInRow lets one very long encounter continue on the next page instead of
    # failing the whole export with a LayoutError.
    return Table(
        data,
        colWidths=[width * inch for width in content.ENCOUNTER_WIDTHS],
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
        style=_grid(shaded),
    )


def _specials(chronology: Chronology, styles: _Styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("Specials (medical bills)", styles.h1)]
    if not chronology.bills:
        story.append(Paragraph("No bills in the records.", styles.note))
    for bill in chronology.bills:
        story.append(Paragraph(_markup(bill.provider), styles.h2))
        if not bill.charges:
            story.append(Paragraph("No itemised charges.", styles.note))
        tail: list[Flowable] = [_bill(bill, styles)]
        note = content.reconciliation_note(bill)
        if note:
            tail += [Spacer(1, 3), Paragraph(_markup(note), styles.alert)]
        # A short bill stays on one page with its note; a long one just flows.
        story += [KeepTogether(tail)] if len(bill.charges) < 25 else tail
    story.append(Paragraph("Totals", styles.h2))
    story.append(_key_values(content.totals(chronology), styles))
    return story
