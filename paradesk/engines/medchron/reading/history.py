"""Second-hand dates: what a note says happened before, not what it documents.

A history of present illness ("MRI done on 2/3/2023 showed ..."), a past history, a
records review listing a patient's prior treatment: their dates are real events, but
the note's own provider did not see the patient on them. Such dates are never the
start of a visit; they become `reported` events with their citation, kept apart from
visits (never billed, never in gaps in care).

`SectionTracker` follows the headings down a document's pages and says, for each
line, whether it stands in such a section. A structural label of the note's own
("Date of Service:", "DOS", "Visit Date", "Exam Date") ends the section: it opens
the next note.
"""

from __future__ import annotations

import re

from paradesk.engines.medchron.models import (
    Citation,
    Encounter,
    EncounterKind,
    Fact,
    Provenance,
)
from paradesk.engines.medchron.providers import find_clinicians
from paradesk.engines.medchron.text import find_dates, quote_on_page, squash

_HISTORY_NAMES = (
    r"hpi|history of (?:the )?present(?:ing)? illness|history|interval history|"
    r"past medical history|pmh|past surgical history|psh|surgical history|"
    r"social history|family history|clinical history|clinical information|"
    r"history of injury|mechanism of injury|prior (?:medical )?(?:history|treatment|"
    r"care|records|injuries|imaging)|previous (?:treatment|care|history)|"
    r"treatment history|medical history|"
    r"(?:review|summary|chronology) of (?:the )?(?:medical )?(?:records|treatment)|"
    r"(?:medical )?records? (?:reviewed|review)|documents? reviewed|"
    r"records provided(?: for review)?"
)
# A heading: the name alone on its line, or followed by a colon or dash and text.
_HISTORY_HEADING = re.compile(rf"(?i)^\s*(?:{_HISTORY_NAMES})\s*(?:[:\-\u2013]|$)")
# Any other section heading ends a history section.
_OTHER_HEADING = re.compile(
    r"(?i)^\s*(?:chief complaints?|c/?c|reason for (?:visit|consult\w*|referral|exam)|"
    r"physical exam\w*|exam(?:ination)?|objective|vitals?|vital signs|"
    r"review of systems|ros|assessment|impression|diagnos[ie]s|dx|plan|"
    r"recommendations?|"
    r"findings|results?|medications?|current medications|allergies|"
    r"subjective|procedures?(?: performed)?|treatment(?: today| rendered)?|"
    r"work status|restrictions?|disposition|discharge \w+|technique|comparison|"
    r"conclusion|interpretation|musculoskeletal|neuro\w*|range of motion|"
    r"o|a|p)\s*(?:[:\-\u2013]|$)"
)
# The note's own labels: a new note (or the same note's header) begins.
_OWN_DATE = re.compile(
    r"(?i)\b(?:date\s*of\s*service|d\.?o\.?s\.?|service\s*date|visit\s*date|"
    r"date\s*of\s*visit|encounter\s*date|date\s*of\s*encounter|exam(?:ination)?\s*date|"
    r"date\s*of\s*exam(?:ination)?|admission\s*date|date\s*of\s*admission)\s*[:#]"
)
_SIGNED = re.compile(r"(?i)^\s*(?:electronically signed|signed by|e-?signed)")


class SectionTracker:
    """Which lines of a document stand in a history or records-review section."""

    def __init__(self) -> None:
        self.in_history = False

    def reset(self) -> None:
        self.in_history = False

    def mark(self, lines: list[str]) -> list[bool]:
        flags = []
        for line in lines:
            if _HISTORY_HEADING.match(line):
                self.in_history = True
            elif (
                _OTHER_HEADING.match(line)
                or _OWN_DATE.search(line)
                or _SIGNED.match(line)
            ):
                self.in_history = False
            flags.append(self.in_history)
        return flags


# Dates in history that are not events of care: birth, the injury itself.
_NOT_EVENT = re.compile(
    r"(?i)(d\.?o\.?b\.?|birth|born|date\s*of\s*(?:injury|accident|loss|incident)|"
    r"\bdoi\b|injury\s*date|accident\s*date|dictated|transcribed|signed|printed|"
    r"fax)\W*$"
)


def reported_events(
    document: str, page: int, page_text: str, lines: list[str], flags: list[bool]
) -> list[Encounter]:
    """The dated events a page's history lines report, one per date and line."""
    found: list[Encounter] = []
    for line, in_history in zip(lines, flags, strict=True):
        if not in_history:
            continue
        for when in find_dates(line):
            if _NOT_EVENT.search(line[max(0, when.start - 30) : when.start]):
                continue
            quote = squash(line)
            named = find_clinicians(line)
            citation = Citation(document, page, quote, quote_on_page(quote, page_text))
            found.append(
                Encounter(
                    date=when.value,
                    provider=named[0].display if named else None,
                    facility=None,
                    visit_type=None,
                    citations=(citation,),
                    findings=(
                        Fact(quote[:300], citation, Provenance("reported.history")),
                    ),
                    provenance=Provenance("reported.history-date"),
                    kind=EncounterKind.REPORTED,
                )
            )
    return found
