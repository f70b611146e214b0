"""The chronology's exports are the same bytes for the same chronology, whatever the
clock says (a fresh-clone CI run once failed on a clock-dependent render)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from paradesk.engines.medchron import pipeline, render
from paradesk.engines.medchron.models import PageText
from paradesk.engines.medchron.samples import SAMPLE_FILES


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "csv", "json"])
def test_an_export_is_the_same_bytes_across_a_clock_change(fmt: str) -> None:
    chronology = pipeline.build(
        [
            (name, [PageText(name, i + 1, page) for i, page in enumerate(pages)])
            for name, pages in SAMPLE_FILES.items()
        ],
        incident_date=date(2024, 3, 4),
    )
    with time_machine.travel(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), tick=False):
        first = render.render(chronology, fmt, title="Harper")
    with time_machine.travel(datetime(2031, 7, 8, 9, 10, 11, tzinfo=UTC), tick=False):
        second = render.render(chronology, fmt, title="Harper")
    assert first == second
