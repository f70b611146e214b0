"""Pages about care that are not a visit's record make no junk visits."""

from __future__ import annotations

from paradesk.engines.medchron import pipeline
from paradesk.engines.medchron.models import PageText

_INTAKE = """\
Intake summary: Harper v. Southline Freight Lines

Client: Tamika Harper. Stopped in traffic when a tractor-trailer struck her sedan.
Injuries reported: neck pain, lower-back pain radiating to the left leg.
Treatment so far: emergency department the same evening; physical therapy at Magnolia
Spine &
Rehabilitation.
"""

_EMAIL = """\
From: records@magnolia.example
To: lena@okafor-webb.example
Subject: Records request - Tamika Harper
Date: 03/03/2025
Please find the progress note attached.
"""

_SHORT_NOTE = """\
Magnolia Spine & Rehabilitation - Progress Note
Date: 10/29/2026   Visits to date: 8
Cervical rotation improved to 70 degrees; lumbar pain 3/10
"""


def test_an_intake_summary_and_an_email_are_not_visits() -> None:
    built = pipeline.build(
        [
            ("intake.txt", [PageText("intake.txt", 1, _INTAKE)]),
            ("reply.eml", [PageText("reply.eml", 1, _EMAIL)]),
        ]
    )
    assert built.encounters == ()
    assert any("intake.txt p. 1: clinical text" in w for w in built.warnings)


def test_a_short_progress_note_is_a_visit() -> None:
    built = pipeline.build([("note.pdf", [PageText("note.pdf", 1, _SHORT_NOTE)])])
    [visit] = built.encounters
    assert visit.date is not None
    assert visit.facility == "Magnolia Spine & Rehabilitation"
