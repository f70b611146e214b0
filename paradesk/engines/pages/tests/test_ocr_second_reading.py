"""A scanned page whose first OCR reading leaves a column unread is read again.

`assets/skewed-statement.pdf` is page 1 of a statement from the synthetic corpus
(`paradesk corpus chronology --seed 1414`, case 18), stored 1-bit: a chiropractic
statement fed crooked through the scanner, whose Units and Charge columns tesseract's
single-column mode leaves out entirely.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PIL import Image, ImageDraw

from paradesk.engines.pages import read_pages
from paradesk.engines.pages.ocr import (
    UNREAD_INK_LIMIT,
    dark_pixels,
    run_tesseract,
    tesseract_path,
    unread_ink,
    word_boxes,
)

STATEMENT = Path(__file__).parent / "assets" / "skewed-statement.pdf"

_TSV_HEAD = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\t"
    "left\ttop\twidth\theight\tconf\ttext"
)


def _page_picture() -> bytes:
    pdf = pdfium.PdfDocument(STATEMENT)
    try:
        bitmap = pdf[0].render(scale=300 / 72, grayscale=True)
        picture = io.BytesIO()
        bitmap.to_pil().convert("L").save(picture, format="PPM")
        return picture.getvalue()
    finally:
        pdf.close()


@pytest.mark.ocr
def test_a_column_the_first_reading_lost_is_read_the_second_time() -> None:
    picture = _page_picture()
    program = tesseract_path()
    assert program is not None
    first = run_tesseract(program, picture, dpi=300, timeout=120, language="eng", psm=4)
    # What the second reading is for: the first leaves the charges column unread.
    assert not re.search(r"\b\d+\.\d\d\b", first)
    assert unread_ink(dark_pixels(picture), first) > UNREAD_INK_LIMIT

    [page] = read_pages(STATEMENT.read_bytes(), name=STATEMENT.name).pages

    assert page.method == "ocr"
    # Service rows: a date and a code (OCR puts specks before some of them).
    rows = [
        line
        for line in page.text.splitlines()
        if re.search(r"\b\d{1,2}/\d{1,2}/24\b.*\b(?:9\d{4}|G0283)\b", line)
    ]
    with_charge = [line for line in rows if re.search(r"\b\d{2,3}\.\d\d\b", line)]
    # 39 service rows on the page; a row or two may lose its amount to the scan.
    assert len(rows) >= 37
    assert len(with_charge) >= len(rows) - 2
    assert re.search(r"99203 .*257\.00", page.text)


def test_unread_ink_is_the_share_of_dark_pixels_outside_every_word() -> None:
    ink = np.zeros((100, 200), dtype=bool)
    ink[10:20, 10:50] = True  # a word tesseract read: 400 pixels
    ink[10:20, 150:190] = True  # a word it did not: 400 pixels
    tsv = "\n".join(
        [
            _TSV_HEAD,
            "5\t1\t1\t1\t1\t1\t10\t10\t40\t10\t95.0\tTOTAL",
            "5\t1\t1\t1\t1\t2\t60\t10\t30\t10\t-1\t ",  # an empty word box
        ]
    )

    assert word_boxes(tsv) == [(10, 10, 40, 10)]
    assert unread_ink(ink, tsv) == pytest.approx(0.5)
    assert unread_ink(None, tsv) == 0.0
    assert unread_ink(np.zeros((5, 5), dtype=bool), tsv) == 0.0


def test_a_picture_that_cannot_be_decoded_gives_no_ink() -> None:
    assert dark_pixels(b"not a picture") is None


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def test_transparent_parts_are_paper_and_solid_areas_are_not_text() -> None:
    clear = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    clear_ink = dark_pixels(_png(clear))
    assert clear_ink is not None
    assert not clear_ink.any()

    page = Image.new("L", (256, 256), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 255, 63), fill=0)  # a scanner's black edge
    draw.line((20, 150, 200, 150), fill=0, width=2)  # a stroke of a letter
    ink = dark_pixels(_png(page))
    assert ink is not None
    assert not ink[:64].any()
    assert int(ink.sum()) == 181 * 2


def test_specks_alone_never_call_for_a_second_reading() -> None:
    ink = np.zeros((1000, 1000), dtype=bool)
    ink[::100, ::100] = True  # 100 specks, none of them read as words
    assert unread_ink(ink, _TSV_HEAD) == 0.0
