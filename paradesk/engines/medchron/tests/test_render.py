"""Every export renders a realistic chronology and shows what an attorney needs to see.

The chronology is synthetic (no real patient): four providers, a pre-incident visit,
an undated record, a gap in care, a bill whose printed total disagrees with its lines,
a visit with no bill, text outside Latin-1 and record text that looks like a
spreadsheet formula. Encounters are given out of date order on purpose.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from docx import Document
from PIL import Image

from paradesk.engines.medchron import contract
from paradesk.engines.medchron.models import (
    Bill,
    BillLine,
    Chronology,
    Citation,
    Coded,
    Encounter,
    EntryKind,
    Fact,
    Gap,
    Missing,
    Provenance,
    ProviderSummary,
    Totals,
)
from paradesk.engines.medchron.render import FORMATS, format_for, render, timeline_png

RULE = Provenance("test")
INJECTION = '=HYPERLINK("http://example.invalid/x","click")'
ER = "Dr. Zoë Łukasz"
ORTHO = "Coastal Orthopedics"
CHIRO = "Bayside Chiropractic"
PCP = "Harbor Family Medicine"
TITLE = "Rivera v. Acme Freight"
# 1,234.56 + 310.00 + 450.00 + 2,100.00 charged; 500.00 paid; 44.56 adjusted.
TOTAL_CHARGES = "$4,094.56"
TOTAL_PAYMENTS = "$500.00"
BALANCE = "$3,550.00"
DATES_IN_ORDER = [
    date(2023, 11, 2),
    date(2024, 3, 14),
    date(2024, 3, 28),
    date(2024, 6, 20),
    date(2024, 7, 1),
    None,
]


def _cite(document: str, page: int, *, verified: bool = True) -> Citation:
    return Citation(document, page, "quoted words", verified)


def _facts(citation: Citation, *texts: str) -> tuple[Fact, ...]:
    return tuple(Fact(text, citation, RULE) for text in texts)


def _codes(citation: Citation, *pairs: tuple[str, str]) -> tuple[Coded, ...]:
    return tuple(Coded(code, text, citation, RULE) for code, text in pairs)


def _encounters() -> tuple[Encounter, ...]:
    pcp = _cite("PCP_Records.pdf", 1)
    er = _cite("ER_Records.pdf", 3)
    ortho = _cite("Ortho_Records.pdf", 2)
    ortho_later = _cite("Ortho_Records.pdf", 5, verified=False)
    chiro = _cite("Chiro_Records.pdf", 1)
    imaging = _cite("Imaging.pdf", 7)
    return (
        Encounter(
            date=date(2024, 3, 14),
            provider=ER,
            facility="St. Mary\u2019s Hospital",
            visit_type="emergency",
            citations=(er, _cite("ER_Records.pdf", 4)),
            complaints=_facts(er, "neck pain after rear-end collision"),
            pain_scores=_facts(er, "8/10"),
            findings=_facts(er, "café ≥ 5 mm paraspinal swelling", "form\x0cfeed"),
            diagnoses=_codes(er, ("S13.4XXA", "Sprain of ligaments of cervical spine")),
            procedures=_codes(er, ("72040", "X-ray cervical spine, 2-3 views")),
            medications=_facts(er, "cyclobenzaprine 10 mg"),
            recommendations=_facts(er, "follow up with orthopedics"),
        ),
        Encounter(
            date=date(2023, 11, 2),
            provider=PCP,
            facility="Harbor Family Medicine \u2014 Main St.",
            visit_type="primary care",
            citations=(pcp,),
            complaints=_facts(pcp, "annual physical, no neck complaints"),
            pre_incident=True,
        ),
        Encounter(
            date=date(2024, 7, 1),
            provider=CHIRO,
            facility=None,
            visit_type="chiropractic",
            citations=(chiro,),
            procedures=_codes(chiro, ("98940", "Chiropractic manipulation")),
        ),
        Encounter(
            date=date(2024, 3, 28),
            provider=ORTHO,
            facility=None,
            visit_type="orthopedics",
            citations=(ortho,),
            complaints=_facts(ortho, INJECTION),
            findings=_facts(ortho, "reduced cervical range of motion"),
            diagnoses=_codes(ortho, ("M54.2", "Cervicalgia")),
            restrictions=_facts(ortho, "no lifting over 10 lb"),
        ),
        Encounter(
            date=date(2024, 6, 20),
            provider=ORTHO,
            facility=None,
            visit_type="orthopedics",
            citations=(ortho_later,),
            procedures=_codes(ortho_later, ("72141", "MRI cervical spine")),
            recommendations=_facts(ortho_later, "-consider epidural injection"),
        ),
        Encounter(
            date=None,
            provider=None,
            facility="Valley Imaging",
            visit_type="imaging",
            citations=(imaging,),
            findings=_facts(imaging, "C5-C6 disc protrusion"),
        ),
    )


def _line(kind: EntryKind, day: date, code: str | None, cents: int) -> BillLine:
    return BillLine(
        kind, day, code, "professional services", cents, _cite("Bills.pdf", 2)
    )


def chronology() -> Chronology:
    er_bill = Bill(
        provider=ER,
        lines=(
            _line(EntryKind.CHARGE, date(2024, 3, 14), "99284", 123_456),
            _line(EntryKind.CHARGE, date(2024, 3, 14), "72040", 31_000),
            _line(EntryKind.PAYMENT, date(2024, 4, 30), None, 50_000),
            _line(EntryKind.ADJUSTMENT, date(2024, 4, 30), None, 4_456),
        ),
        stated_total_cents=160_000,
        reconciled=False,
    )
    ortho_bill = Bill(
        provider=ORTHO,
        lines=(
            _line(EntryKind.CHARGE, date(2024, 3, 28), "99204", 45_000),
            _line(EntryKind.CHARGE, date(2024, 6, 20), "72141", 210_000),
        ),
        stated_total_cents=255_000,
        reconciled=True,
    )
    return Chronology(
        incident_date=date(2024, 3, 14),
        encounters=_encounters(),
        bills=(er_bill, ortho_bill),
        totals=Totals(409_456, 50_000, 4_456, 355_000),
        gaps=(Gap(date(2024, 3, 28), date(2024, 6, 20)),),
        providers=(
            ProviderSummary(PCP, date(2023, 11, 2), date(2023, 11, 2), 1, 0),
            ProviderSummary(ER, date(2024, 3, 14), date(2024, 3, 14), 1, 154_456),
            ProviderSummary(ORTHO, date(2024, 3, 28), date(2024, 6, 20), 2, 255_000),
            ProviderSummary(CHIRO, date(2024, 7, 1), date(2024, 7, 1), 1, 0),
        ),
        missing=(Missing("bill", CHIRO, date(2024, 7, 1)),),
        warnings=("Ortho_Records.pdf page 6 could not be read",),
    )


CHRONOLOGY = chronology()


@cache
def _output(fmt: str) -> bytes:
    """`CHRONOLOGY` rendered once per format for the tests that only read it."""
    return render(CHRONOLOGY, fmt, title=TITLE)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs]
    return "\n".join(parts)


def _pdf_text(data: bytes) -> tuple[int, str]:
    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return len(pdf), "\n".join(texts)
    finally:
        pdf.close()


def _rows(sheet: Any) -> list[dict[str, Any]]:
    """Each body row as {header: openpyxl cell} (openpyxl ships no type hints)."""
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt: str) -> None:
    assert len(_output(fmt)) > 100


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_chronology_renders_too(fmt: str) -> None:
    empty = Chronology(None, (), (), Totals(0, 0, 0, 0), (), (), (), ())
    assert render(empty, fmt)


def test_docx_shows_providers_totals_citations_and_marks() -> None:
    text = _docx_text(_output("docx"))

    assert f"Medical chronology \u2014 {TITLE}" in text
    for name in (ER, ORTHO, CHIRO, PCP):
        assert name in text
    for figure in (TOTAL_CHARGES, TOTAL_PAYMENTS, BALANCE, "$44.56"):
        assert figure in text
    assert "ER_Records.pdf p. 3" in text
    assert "Ortho_Records.pdf p. 5 (unverified)" in text
    assert "PRE-INCIDENT" in text
    assert "UNVERIFIED CITATION" in text
    assert "S13.4XXA Sprain of ligaments of cervical spine" in text
    assert "café ≥ 5 mm" in text
    assert "formfeed" in text
    assert "DOES NOT RECONCILE: stated total $1,600.00" in text
    assert "No bill" in text
    assert "84" in text
    assert "Ortho_Records.pdf page 6 could not be read" in text
    assert "Confidential \u2014 attorney work product" in text


def test_docx_has_the_timeline_a_landscape_section_and_page_numbers() -> None:
    document = Document(io.BytesIO(_output("docx")))
    assert len(document.inline_shapes) == 1
    picture = document.inline_shapes[0]
    assert picture.width > picture.height
    orientation = [
        (section.page_width or 0) > (section.page_height or 0)
        for section in document.sections
    ]
    assert orientation == [False, True, False]
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer


def test_docx_lists_encounters_by_date_and_shades_only_the_pre_incident_one() -> None:
    document = Document(io.BytesIO(_output("docx")))
    table = next(table for table in document.tables if table.cell(0, 0).text == "Date")
    body = table.rows[1:]
    assert [row.cells[0].text.split("\n")[0] for row in body] == [
        "11/02/2023",
        "03/14/2024",
        "03/28/2024",
        "06/20/2024",
        "07/01/2024",
        "Undated",
    ]
    shaded = [
        row.cells[0].text.split("\n")
        for row in body
        if 'w:fill="FCE4D6"' in row.cells[2]._tc.xml
    ]
    assert shaded == [["11/02/2023", "PRE-INCIDENT"]]
    assert body[3].cells[0].text.split("\n") == ["06/20/2024", "UNVERIFIED CITATION"]


def test_docx_bills_end_with_their_sums_under_the_charge_column() -> None:
    document = Document(io.BytesIO(_output("docx")))
    bills = [table for table in document.tables if table.cell(0, 3).text == "Charge"]
    assert len(bills) == 2
    rows = [[cell.text for cell in row.cells] for row in bills[0].rows]
    assert rows[1] == [
        "03/14/2024",
        "99284",
        "professional services",
        "$1,234.56",
        "Bills.pdf p. 2",
    ]
    assert rows[-5:] == [
        [label] * 3 + [value, ""]
        for label, value in [
            ("Charges", "$1,544.56"),
            ("Payments", "$500.00"),
            ("Adjustments", "$44.56"),
            ("Balance", "$1,000.00"),
            ("Stated total", "$1,600.00"),
        ]
    ]


def test_pdf_has_pages_totals_and_provider_names() -> None:
    pages, text = _pdf_text(_output("pdf"))
    assert pages >= 3
    assert TOTAL_CHARGES in text
    assert BALANCE in text
    assert ORTHO in text
    assert ER in text
    assert "ER_Records.pdf p. 3" in text
    assert "PRE-INCIDENT" in text
    assert "DOES NOT RECONCILE" in text
    assert "café ≥ 5 mm" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text


def test_pdf_bytes_are_the_same_for_the_same_input() -> None:
    assert render(CHRONOLOGY, "pdf", title=TITLE) == render(
        chronology(), "pdf", title=TITLE
    )


def test_pdf_bytes_do_not_depend_on_the_process() -> None:
    script = (
        f"import sys; from {__name__} import render, CHRONOLOGY, TITLE; "
        "sys.stdout.buffer.write(render(CHRONOLOGY, 'pdf', title=TITLE))"
    )
    here = render(CHRONOLOGY, "pdf", title=TITLE)
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(  # noqa: S603  # our own interpreter and a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        check=True,
        env=environment,
        timeout=120,
    )
    assert other.stdout == here


def test_pdf_replaces_what_no_bundled_font_draws_and_splits_a_huge_encounter() -> None:
    citation = _cite("Notes.pdf", 1)
    huge = Encounter(
        date=date(2024, 5, 1),
        provider="Clinic 医院 \U0001f600 <b>&amp;",
        facility=None,
        visit_type=None,
        citations=(citation,),
        findings=_facts(citation, *(f"finding {n} " * 12 for n in range(150))),
    )
    odd = Chronology(None, (huge,), (), Totals(0, 0, 0, 0), (), (), (), ())
    pages, text = _pdf_text(render(odd, "pdf"))
    assert pages > 5
    assert "Clinic ?? ? <b>&amp;" in text
    assert "finding 149" in text


def test_xlsx_has_the_sheets_with_filterable_frozen_headers() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_output("xlsx")))
    expected = {"Encounters", "Specials", "Providers", "Gaps", "Missing", "Summary"}
    assert expected <= set(workbook.sheetnames)
    for name in expected:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref.startswith("A1:"), name
        assert sheet["A1"].font.bold, name
        assert sheet.column_dimensions["A"].width > 8, name


def test_xlsx_dates_are_dates_and_money_is_exact_dollars() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_output("xlsx")))
    encounters = _rows(workbook["Encounters"])
    dates = [row["Date"].value for row in encounters]
    assert [value.date() if value else None for value in dates] == DATES_IN_ORDER
    assert encounters[0]["Date"].is_date

    specials = _rows(workbook["Specials"])
    amounts = [row["Amount"] for row in specials]
    expected = [line.amount_cents for bill in CHRONOLOGY.bills for line in bill.lines]
    assert [Decimal(str(cell.value)) for cell in amounts] == [
        Decimal(cents) / 100 for cents in expected
    ]
    assert all("$" in cell.number_format for cell in amounts)
    assert [row["Provider"].value for row in specials][:4] == [ER] * 4

    providers = _rows(workbook["Providers"])
    assert [row["Provider"].value for row in providers] == [PCP, ER, ORTHO, CHIRO]
    assert providers[2]["Charges"].value == 2550

    bills = _rows(workbook["Bills"])
    assert [row["Reconciles"].value for row in bills] == ["No", "Yes"]
    summary = {
        row["Item"].value: row["Value"].value for row in _rows(workbook["Summary"])
    }
    assert Decimal(str(summary["Total charges"])) == Decimal("4094.56")
    assert summary["Incident date"].date() == date(2024, 3, 14)


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_output("xlsx")))
    encounters = _rows(workbook["Encounters"])
    complaint = encounters[2]["Complaints"]
    assert complaint.value == INJECTION
    assert complaint.data_type == "s"
    assert complaint.quotePrefix
    advice = encounters[3]["Recommendations"]
    assert advice.value == "-consider epidural injection"
    assert advice.quotePrefix
    assert not encounters[2]["Findings"].quotePrefix


def test_xlsx_file_holds_no_formula_at_all() -> None:
    with zipfile.ZipFile(io.BytesIO(_output("xlsx"))) as archive:
        sheets = [
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        ]
    assert any("HYPERLINK" in sheet for sheet in sheets)
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)


def test_csv_has_one_row_per_encounter_in_date_order() -> None:
    data = _output("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(CHRONOLOGY.encounters)
    assert [row["date"] for row in rows] == [
        day.isoformat() if day else "" for day in DATES_IN_ORDER
    ]
    er = rows[1]
    assert er["provider"] == ER
    assert er["diagnoses"] == "S13.4XXA Sprain of ligaments of cervical spine"
    assert er["citations"] == "ER_Records.pdf p. 3; ER_Records.pdf p. 4"
    assert er["complaints"] == "neck pain after rear-end collision; 8/10"
    assert er["findings"] == "café ≥ 5 mm paraspinal swelling; form\x0cfeed"
    assert [row["pre_incident"] for row in rows] == ["yes"] + ["no"] * 5
    assert rows[3]["citations"] == "Ortho_Records.pdf p. 5 (unverified)"


def test_csv_guards_formula_text_from_records() -> None:
    rows = list(csv.DictReader(io.StringIO(_output("csv").decode("utf-8-sig"))))
    assert rows[2]["complaints"] == f"'{INJECTION}"
    assert rows[3]["recommendations"] == "'-consider epidural injection"
    assert rows[2]["findings"] == "reduced cervical range of motion"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_guards_every_formula_trigger(start: str) -> None:
    encounter = replace(CHRONOLOGY.encounters[2], provider=f"{start}SUM(A1:A2)")
    data = render(replace(CHRONOLOGY, encounters=(encounter,)), "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][1] == f"'{start}SUM(A1:A2)"


def test_json_is_the_validated_contract() -> None:
    document = json.loads(_output("json").decode("utf-8"))
    contract.validate(document)
    assert document == contract.to_json(CHRONOLOGY)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("out/chronology.docx", "docx"),
        ("Chronology.PDF", "pdf"),
        (Path("sheet.xlsx"), "xlsx"),
        ("rows.csv", "csv"),
        ("contract.json", "json"),
    ],
)
def test_format_for_reads_the_extension(path: str | Path, fmt: str) -> None:
    assert format_for(path) == fmt


@pytest.mark.parametrize(
    ("path", "found"),
    [("notes.txt", '(".txt")'), ("chronology", "(no extension)")],
)
def test_format_for_rejects_other_names_clearly(path: str, found: str) -> None:
    with pytest.raises(ValueError, match="use a file name ending in") as raised:
        format_for(path)
    message = str(raised.value)
    assert found in message
    assert ".docx, .pdf, .xlsx, .csv, .json" in message


def test_render_rejects_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown chronology format 'txt'"):
        render(CHRONOLOGY, "txt")


@pytest.mark.parametrize("width", [600, 1800, 2400])
def test_timeline_is_a_png_of_the_asked_width(width: int) -> None:
    picture = Image.open(io.BytesIO(timeline_png(CHRONOLOGY, width_px=width)))
    picture.load()
    assert picture.format == "PNG"
    assert picture.width == width
    assert picture.height > 300


def test_timeline_grows_a_lane_per_provider_up_to_a_limit() -> None:
    def height(providers: int) -> int:
        encounters = tuple(
            replace(CHRONOLOGY.encounters[2], provider=f"Provider {n}")
            for n in range(providers)
        )
        data = timeline_png(replace(CHRONOLOGY, encounters=encounters))
        return Image.open(io.BytesIO(data)).height

    assert height(2) < height(3) < height(24)
    assert height(24) == height(25)


def test_a_tall_timeline_fits_the_docx_and_pdf_page() -> None:
    encounters = tuple(
        replace(CHRONOLOGY.encounters[2], provider=f"Provider {n}") for n in range(30)
    )
    many = replace(CHRONOLOGY, encounters=encounters)
    document = Document(io.BytesIO(render(many, "docx")))
    section = document.sections[1]
    margins = (section.top_margin or 0) + (section.bottom_margin or 0)
    room = (section.page_height or 0) - margins
    assert document.inline_shapes[0].height < room
    pages, _text = _pdf_text(render(many, "pdf"))
    assert pages >= 3


def test_timeline_of_nothing_dated_still_draws() -> None:
    undated = replace(CHRONOLOGY, encounters=CHRONOLOGY.encounters[5:], gaps=())
    empty = Chronology(None, (), (), Totals(0, 0, 0, 0), (), (), (), ())
    for chronology_ in (undated, empty):
        assert Image.open(io.BytesIO(timeline_png(chronology_))).width == 1800


def test_timeline_refuses_absurd_widths() -> None:
    with pytest.raises(ValueError, match="600 to 6000"):
        timeline_png(CHRONOLOGY, width_px=50_000)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_timeline_needs_no_writable_home_and_leaves_pyplot_alone() -> None:
    # Nothing can be created under /proc, not even by root, so this home is unwritable
    # however the tests run.
    home = "/proc/self/paradesk-no-home"
    script = (
        f"import io, sys; from {__name__} import timeline_png, CHRONOLOGY; "
        "from PIL import Image; "
        "png = timeline_png(CHRONOLOGY, width_px=900); "
        "assert Image.open(io.BytesIO(png)).width == 900; "
        "assert 'matplotlib.pyplot' not in sys.modules"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"}
    }
    environment["HOME"] = home
    result = subprocess.run(  # noqa: S603  # our own interpreter and a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Matplotlib says when it used a temporary directory of its own instead.
    assert "temporary cache directory" in result.stderr
