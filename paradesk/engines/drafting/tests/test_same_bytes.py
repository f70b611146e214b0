"""Every file the drafting engine writes is the same bytes for the same input,
whatever the clock says: letters (DOCX), the built-in templates, and the PDFs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from paradesk.engines.drafting import builtin, pdf
from paradesk.engines.drafting.render import render
from paradesk.engines.drafting.samples import sample_context

# Two moments far apart, on either side of midnight and of a two-second zip step.
BEFORE = datetime(2026, 3, 1, 23, 59, 58, tzinfo=UTC)
AFTER = datetime(2027, 11, 15, 8, 30, 1, tzinfo=UTC)
KEYS = [item.key for item in builtin.BUILTINS]


@pytest.mark.parametrize("key", KEYS)
def test_a_letter_renders_to_the_same_bytes_across_a_clock_change(key: str) -> None:
    with time_machine.travel(BEFORE, tick=False):
        template = builtin.template_bytes.__wrapped__(key)
        first = render(template, sample_context(), watermark="DRAFT")
    with time_machine.travel(AFTER, tick=False):
        again = builtin.template_bytes.__wrapped__(key)
        second = render(again, sample_context(), watermark="DRAFT")

    assert again == template
    assert second == first


def test_a_letters_pdf_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    if pdf.converter() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    letter = render(
        builtin.template_bytes("client_status"), sample_context(), watermark=""
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    # LibreOffice reads the real clock, in whole seconds; each conversion takes
    # longer than one, so the two are stamped differently before the fix-up.
    first = pdf.docx_to_pdf(letter, workdir=tmp_path / "a")
    second = pdf.docx_to_pdf(letter, workdir=tmp_path / "b")

    assert first.startswith(b"%PDF-")
    assert second == first
    assert b"/CreationDate(D:19800101000000" in first
