"""The chronology as an Excel workbook (openpyxl): one sheet per table, for filtering.

Dates are real Excel dates and money real numbers (exact `Decimal` dollars) with a
currency format, so a paralegal can sort and sum. Text read from records is never
left for Excel to evaluate: see `_text`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from paradesk.engines.common.packages import fixed_office
from paradesk.engines.medchron.models import Chronology, Fact
from paradesk.engines.medchron.render import content

Value = str | int | Decimal | date | None

DATE_FORMAT = "mm/dd/yyyy"
MONEY_FORMAT = '"$"#,##0.00_);("$"#,##0.00)'
# Excel's limit for one cell; openpyxl would cut silently, we say so in the cell.
_CELL_LIMIT = 32_767
_TRUNCATED = " [truncated]"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_PRE_INCIDENT_FILL = PatternFill("solid", fgColor="FCE4D6")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Money:
    """Integer cents, to be written as a currency number."""

    cents: int


Cell = Value | Money


@dataclass(frozen=True)
class Column:
    header: str
    width: float


def render_xlsx(chronology: Chronology, *, title: str | None = None) -> bytes:
    """The chronology as XLSX bytes; see `render.render`."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    _summary(summary, chronology, title)
    _encounters(workbook.create_sheet("Encounters"), chronology)
    _specials(workbook.create_sheet("Specials"), chronology)
    _bills(workbook.create_sheet("Bills"), chronology)
    _sheet(
        workbook.create_sheet("Providers"),
        (
            Column("Provider", 40),
            Column("First visit", 13),
            Column("Last visit", 13),
            Column("Visits", 9),
            Column("Charges", 15),
        ),
        [
            [
                item.name,
                item.first_visit,
                item.last_visit,
                item.visits,
                Money(item.charges_cents),
            ]
            for item in chronology.providers
        ],
    )
    _sheet(
        workbook.create_sheet("Gaps"),
        (Column("From", 13), Column("To", 13), Column("Days without treatment", 24)),
        [[gap.start, gap.end, gap.days] for gap in chronology.gaps],
    )
    _sheet(
        workbook.create_sheet("Missing"),
        (Column("Missing", 14), Column("Provider", 40), Column("Date of service", 16)),
        [
            [content.missing_kind(item.kind), item.provider, item.date]
            for item in chronology.missing
        ],
    )
    workbook.properties.title = content.clean(content.heading(title))
    workbook.properties.creator = "Paradesk"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Same chronology, same bytes: no clock in the zip or its properties.
    return fixed_office(buffer.getvalue())


def _text(value: str) -> str:
    text = content.clean(value)
    if len(text) > _CELL_LIMIT:
        text = text[: _CELL_LIMIT - len(_TRUNCATED)] + _TRUNCATED
    return text


def _write(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Money):
        cell.value = content.dollars(value.cents)
        cell.number_format = MONEY_FORMAT
        return
    if isinstance(value, str):
        text = _text(value)
        cell.value = text
        # openpyxl stores a string starting with "=" as a formula and "#N/A" as an
        # error; record text must stay text. quotePrefix is Excel's own apostrophe
        # mark: the text shows unchanged and stays text if someone edits the cell.
        cell.data_type = "s"
        if content.starts_like_formula(text):
            cell.quotePrefix = True
        return
    cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT


def _sheet(
    sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]
) -> None:
    """A table with a bold, frozen, filterable header row that prints landscape."""
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_index, values in enumerate(rows, start=2):
        for column_index, value in enumerate(values, start=1):
            _write(sheet, row_index, column_index, value)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _joined(facts: tuple[Fact, ...]) -> str:
    return "\n".join(fact.text for fact in facts)


def _encounters(sheet: Worksheet, chronology: Chronology) -> None:
    columns = (
        Column("Date", 12),
        Column("Provider", 28),
        Column("Facility", 24),
        Column("Visit type", 16),
        Column("Complaints", 36),
        Column("Findings", 36),
        Column("Diagnoses", 36),
        Column("Procedures", 30),
        Column("Medications", 24),
        Column("Restrictions", 24),
        Column("Recommendations", 28),
        Column("Pre-incident", 12),
        Column("Unverified citation", 12),
        Column("Citations", 26),
    )
    ordered = content.in_date_order(chronology.encounters)
    rows: list[list[Cell]] = [
        [
            item.date,
            item.provider,
            item.facility,
            item.visit_type,
            "\n".join(fact.text for fact in item.complaints + item.pain_scores),
            _joined(item.findings),
            "\n".join(content.coded(code) for code in item.diagnoses),
            "\n".join(content.coded(code) for code in item.procedures),
            _joined(item.medications),
            _joined(item.restrictions),
            _joined(item.recommendations),
            "Yes" if item.pre_incident else "No",
            "No" if item.verified else "Yes",
            "\n".join(content.citations(item.citations)),
        ]
        for item in ordered
    ]
    _sheet(sheet, columns, rows)
    for row_index, item in enumerate(ordered, start=2):
        for cell in sheet[row_index]:
            cell.alignment = _WRAP
            if item.pre_incident:
                cell.fill = _PRE_INCIDENT_FILL


def _specials(sheet: Worksheet, chronology: Chronology) -> None:
    """Every bill line, payments and adjustments included (filter on Type)."""
    columns = (
        Column("Provider", 32),
        Column("Type", 12),
        Column("Date", 12),
        Column("Code", 10),
        Column("Description", 40),
        Column("Amount", 14),
        Column("Document", 28),
        Column("Page", 7),
    )
    rows: list[list[Cell]] = [
        [
            bill.provider,
            line.kind.value,
            line.date,
            line.code,
            line.description,
            Money(line.amount_cents),
            line.citation.document,
            line.citation.page,
        ]
        for bill in chronology.bills
        for line in bill.lines
    ]
    _sheet(sheet, columns, rows)


def _bills(sheet: Worksheet, chronology: Chronology) -> None:
    columns = (
        Column("Provider", 32),
        Column("Charges", 14),
        Column("Payments", 14),
        Column("Adjustments", 14),
        Column("Balance", 14),
        Column("Stated total", 14),
        Column("Reconciles", 11),
        Column("Note", 60),
    )
    rows: list[list[Cell]] = [
        [
            bill.provider,
            Money(bill.charges_cents),
            Money(bill.payments_cents),
            Money(bill.adjustments_cents),
            Money(bill.balance_cents),
            None if bill.stated_total_cents is None else Money(bill.stated_total_cents),
            "Yes" if bill.reconciled else "No",
            content.reconciliation_note(bill),
        ]
        for bill in chronology.bills
    ]
    _sheet(sheet, columns, rows)


def _summary(sheet: Worksheet, chronology: Chronology, title: str | None) -> None:
    encounters = chronology.encounters
    dated = [item.date for item in encounters if item.date]
    figures = chronology.totals
    rows: list[list[Cell]] = [
        ["Title", content.heading(title)],
        ["Incident date", chronology.incident_date],
        ["First treatment", min(dated) if dated else None],
        ["Last treatment", max(dated) if dated else None],
        ["Encounters", len(encounters)],
        ["Pre-incident encounters", sum(1 for item in encounters if item.pre_incident)],
        [
            "Encounters with an unverified citation",
            sum(1 for item in encounters if not item.verified),
        ],
        ["Providers", len(chronology.providers)],
        ["Total charges", Money(figures.charges_cents)],
        ["Total payments", Money(figures.payments_cents)],
        ["Total adjustments", Money(figures.adjustments_cents)],
        ["Balance", Money(figures.balance_cents)],
        [f"Gaps in care over {chronology.gap_days} days", len(chronology.gaps)],
        ["Missing records or bills", len(chronology.missing)],
        [
            "Bills that do not reconcile",
            sum(1 for bill in chronology.bills if not bill.reconciled),
        ],
        ["Note", content.CONFIDENTIAL],
    ]
    rows += [["Warning", warning] for warning in chronology.warnings]
    _sheet(sheet, (Column("Item", 40), Column("Value", 70)), rows)
    for row in sheet.iter_rows(min_row=2, max_col=2):
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
