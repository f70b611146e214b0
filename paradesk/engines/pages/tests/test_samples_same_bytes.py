"""The PDFs this engine writes (unlocked copies) and the sample files (the demo
firm's records, the tests' inputs) are the same bytes for the same input, whatever
the clock says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from paradesk.engines.pages import decrypt_pdf, samples

ASSETS = Path(__file__).parent / "assets"
PASSWORD = "records-2025"  # see test_read_pdf.py
BEFORE = datetime(2026, 3, 1, 23, 59, 58, tzinfo=UTC)
AFTER = datetime(2027, 11, 15, 8, 30, 1, tzinfo=UTC)
PAGES = [["Emergency department visit", "Cervical strain"], ["Discharged home"]]

MAKERS: dict[str, Callable[[], bytes]] = {
    "text pdf": lambda: samples.text_pdf(PAGES),
    "scanned pdf": lambda: samples.scanned_pdf(PAGES),
    "docx": lambda: samples.docx_file(PAGES, table=[["Date", "Code"], ["3/4", "A"]]),
    "combined pdf": lambda: samples.combine(
        samples.text_pdf(PAGES[:1]), samples.scanned_pdf(PAGES[1:])
    ),
    "tiff": lambda: samples.image_file(PAGES, fmt="TIFF"),
    "e-mail": lambda: samples.eml_file(
        "See attached.",
        attachments=[("note.pdf", "application/pdf", samples.text_pdf(PAGES))],
    ),
}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_a_sample_is_the_same_bytes_across_a_clock_change(kind: str) -> None:
    with time_machine.travel(BEFORE, tick=False):
        first = MAKERS[kind]()
    with time_machine.travel(AFTER, tick=False):
        second = MAKERS[kind]()

    assert second == first


def test_an_unlocked_copy_is_the_same_bytes_each_time() -> None:
    locked = (ASSETS / "password-protected.pdf").read_bytes()

    first = decrypt_pdf(locked, password=PASSWORD)
    second = decrypt_pdf(locked, password=PASSWORD)

    assert first.startswith(b"%PDF-")
    assert second == first
