"""Record shapes our generator never wrote: a visit heading without a colon, a
placeholder name in a note, drugs given in an emergency course, a finding wrapped
over two lines."""

from __future__ import annotations

from datetime import date

from paradesk.engines.medchron import pipeline
from paradesk.engines.medchron.anchors import find_anchors
from paradesk.engines.medchron.models import Encounter, PageText
from paradesk.engines.medchron.providers import find_clinicians


def _visits(*pages: str) -> list[Encounter]:
    documents = [
        (
            "records.pdf",
            [PageText("records.pdf", i + 1, t) for i, t in enumerate(pages)],
        )
    ]
    built = pipeline.build(documents, incident_date=date(2023, 3, 1))
    return [e for e in built.encounters if e.is_visit]


def test_a_heading_gives_its_date_without_a_colon() -> None:
    for line in (
        "Office Visit 03/14/2023 Dr. Alan Reyes",
        "FOLLOW-UP VISIT - March 14, 2023",
        "03/14/2023  ORTHOPEDIC CONSULTATION  Reyes, Alan MD",
        "Chiropractic Treatment Note 3/14/23",
    ):
        [anchor] = find_anchors([line])
        assert anchor.value == date(2023, 3, 14), line
        assert anchor.strength == "strong", line


def test_a_planned_visit_is_not_this_one() -> None:
    assert find_anchors(["Return for follow-up visit on 04/01/2023"]) == []
    assert find_anchors(["Next visit 04/01/2023"]) == []
    [anchor] = find_anchors(["DOS: 03/04/2023   Next appt: 04/01/2023"])
    assert anchor.value == date(2023, 3, 4)


def test_a_placeholder_is_never_a_clinician() -> None:
    assert find_clinicians("Dr. X referred her here.") == []
    assert find_clinicians("Seen by Dr. A B at ABCD Hospital") == []
    [real] = find_clinicians("Signed: Kim Tran, DC")
    assert real.display == "Kim Tran, DC"


_CHIRO = """\
LAKESIDE CHIROPRACTIC
1200 Lake Shore Drive, Chicago, IL 60611   (312) 555-0199
Patient: Jane Doe   DOB: 01/02/1980
Office Visit 03/14/2023 Kim Tran, DC
SUBJECTIVE: Neck pain 6/10. She was referred by Dr. X of ABCD Inc.
OBJECTIVE: Cervical paraspinal spasm. There is no
focal motor deficit in either upper extremity.
ASSESSMENT: Cervical strain S13.4XXA
PLAN: Adjustments three times a week.
Kim Tran, DC
Office Visit 03/21/2023 Kim Tran, DC
SUBJECTIVE: Neck pain 4/10.
ASSESSMENT: Cervical strain S13.4XXA
Kim Tran, DC
"""

_ER = """\
MERCY GENERAL HOSPITAL
Emergency Department
Patient: Jane Doe   DOB: 01/02/1980
Date of Service: 03/01/2023
CHIEF COMPLAINT: Neck pain after a motor vehicle collision.
ED COURSE: The patient was given Toradol 30 mg IM and Zofran 4 mg IV with relief.
DISPOSITION: Discharged home on Cyclobenzaprine 10 mg at bedtime.
Attending physician: Susan Park, MD
"""


def test_a_follow_up_of_the_same_clinician_without_colons_is_a_visit_of_its_own() -> (
    None
):
    visits = _visits(_CHIRO)
    assert [(v.date, v.provider) for v in visits] == [
        (date(2023, 3, 14), "Kim Tran, DC"),
        (date(2023, 3, 21), "Kim Tran, DC"),
    ]
    # The letterhead's practice (no facility word in it), not the note's mark.
    assert {v.facility for v in visits} == {"Lakeside Chiropractic"}


def test_a_finding_wrapped_over_two_lines_is_read_whole() -> None:
    [first, _] = _visits(_CHIRO)
    texts = [fact.text for fact in first.findings]
    assert "There is no focal motor deficit in either upper extremity." in texts
    assert not any(text.endswith("There is no") for text in texts)


def test_drugs_given_and_prescribed_in_an_emergency_course_are_medications() -> None:
    [visit] = _visits(_ER)
    names = {fact.text.split()[0].lower() for fact in visit.medications}
    assert {"toradol", "zofran", "cyclobenzaprine"} <= names
