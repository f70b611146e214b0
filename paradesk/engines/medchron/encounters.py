"""Segmenting a document's clinical pages into encounters, page by page.

Pages arrive in order and are not kept: a `DocumentReader` holds only the encounter it
is building (a visit may run over several pages) and hands each finished one back. A
labelled date of service starts an encounter; a page with none continues the visit
from the page before; a page may hold several visits (daily notes, visit logs).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from paradesk.engines.medchron import fields
from paradesk.engines.medchron.anchors import Anchor, any_service_date, find_anchors
from paradesk.engines.medchron.classify import visit_type
from paradesk.engines.medchron.models import (
    Citation,
    Coded,
    Encounter,
    PageKind,
    Provenance,
)
from paradesk.engines.medchron.providers import (
    Clinician,
    facility_from_letterhead,
    find_clinicians,
    names_with_roles,
)
from paradesk.engines.medchron.reading.history import SectionTracker, reported_events
from paradesk.engines.medchron.text import quote_on_page, squash

# The first lines of a page before its first date of service belong to the new visit
# (letterhead, patient block) when the date stands this near the top; further down,
# they end the visit carried over from the page before.
_HEADER_LINES = 14
# The sections a visit note is written in; a page with two of them is a note even
# when its date and author cannot be read.
_NOTE_SECTION = re.compile(
    r"(?im)^\s*(?:chief complaints?|cc|subjective|objective|assessment|plan|"
    r"impression|exam(?:ination)?|physical exam\w*|diagnos[ie]s|hpi|"
    r"history of present illness)\s*[:\-]"
)
_CONTINUED = re.compile(r"(?i)\b(continued|cont'?d|page\s+([2-9]|\d\d)\s+of\s+\d+)\b")


@dataclass
class _Building:
    document: str
    date: date | None
    anchor_quote: str
    anchor_page: int
    strength: str
    header: list[str]
    facility: str | None
    # The page's head above a later visit on the same page (a log's "Treating: ...",
    # "Dx: ..." lines): read for the provider and diagnoses only.
    context: list[tuple[int, str]] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)
    pages: dict[int, str] = field(default_factory=dict)
    kinds: list[PageKind] = field(default_factory=list)
    # Its date read from a log's neighbouring rows, OCR having spoiled its own.
    repaired: bool = False
    # A log row's clinician, by the initials the row gives and the log's key.
    clinician: Clinician | None = None

    def add(self, page: int, page_text: str, kind: PageKind, lines: list[str]) -> None:
        self.pages[page] = page_text
        if kind not in self.kinds:
            self.kinds.append(kind)
        self.lines.extend((page, line) for line in lines if line.strip())


def _another_author(lines: list[str], anchor: Anchor, building: _Building) -> bool:
    """The anchor's heading (its line and the next) names a clinician, and none of
    them appears in the visit being built."""
    heading = "\n".join(lines[anchor.line : anchor.line + 2])
    named = {clinician.key for clinician in find_clinicians(heading)}
    if not named:
        return False
    seen = {
        clinician.key
        for clinician in find_clinicians("\n".join(line for _, line in building.lines))
    }
    return not named & seen


# A log row that records no visit: "Pt cancelled - no charge", "No show".
_NOT_SEEN = re.compile(
    r"(?i)\b(?:cancel+ed|cx'?d|no[- ]?show|did not (?:show|attend|come)|"
    r"not seen|resched\w*)\b"
)
# A log's key to the initials in its rows: "MS = Michelle Smith, DPT; BR = Beverly
# Reed, PTA".
_KEY_ENTRY = re.compile(
    r"(?<![A-Za-z])(?P<initials>[A-Z]{2,3})\s*[=:\-]\s*(?P<name>[^;=\n]+?)"
    r"(?=\s*;|\s+[A-Z]{2,3}\s*[=:]|\s*$)",
    re.MULTILINE,
)
# A row's initials as OCR may case them ("Jc" for "JC").
_INITIALS = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,3}(?![A-Za-z])")


def initials_key(text: str) -> dict[str, Clinician]:
    """The clinicians a log's key names by their initials (empty without a key)."""
    key: dict[str, Clinician] = {}
    for entry in _KEY_ENTRY.finditer(text):
        named = find_clinicians(entry["name"])
        if named:
            key.setdefault(entry["initials"], named[0])
    return key


class DocumentReader:
    """Reads one document's pages in order and yields its encounters."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.open: _Building | None = None
        self.facility: str | None = None
        self.providers: Counter[str] = Counter()
        self.provider_names: dict[str, Clinician] = {}
        # Every clinician named as treating at each facility of this document, for
        # `fill_providers`.
        self.at_facility: dict[str | None, set[str]] = {}
        self.sections = SectionTracker()
        # Dated events the history sections report (never visits).
        self.reported: list[Encounter] = []
        # Pages that read like clinical text but name no date, clinician or facility.
        self.unplaced: list[int] = []
        # The key to the clinicians' initials in this document's visit log.
        self.initials: dict[str, Clinician] = {}

    def page(self, number: int, text: str, kind: PageKind) -> list[Encounter]:
        """Feeds one classified page; returns the encounters it finished."""
        finished: list[Encounter] = []
        lines = text.splitlines()
        letterhead = facility_from_letterhead(text)
        if letterhead:
            if letterhead != self.facility:
                # Another provider's records begin (one file may hold several): the
                # clinician seen so far is no default for them.
                self.providers.clear()
                self.sections.reset()
            self.facility = letterhead
        if kind not in (
            PageKind.CLINICAL,
            PageKind.IMAGING,
            PageKind.LAB,
            PageKind.OPERATIVE,
            PageKind.THERAPY,
        ):
            if kind is PageKind.OTHER and self.open and _CONTINUED.search(text):
                self.open.add(number, text, kind, lines)
            else:
                finished += self.close()
                self.sections.reset()
            return finished
        flags = self.sections.mark(lines)
        history = frozenset(index for index, flag in enumerate(flags) if flag)
        if history:
            self.reported += reported_events(self.document, number, text, lines, flags)
        continues_log = self.open is not None and self.open.strength == "row"
        anchors = find_anchors(
            lines,
            rows_are_visits=kind is PageKind.THERAPY,
            min_rows=1 if continues_log else 2,
            skip=history,
        )
        if not anchors and self.open is None:
            guess = any_service_date(lines, history)
            if guess is None and not (
                letterhead
                or find_clinicians(text)
                or len(_NOTE_SECTION.findall(text)) >= 2
            ):
                # No date of service, clinician, letterhead or a note's sections: a
                # page about care (an intake summary, a letter), not a visit's record.
                self.unplaced.append(number)
                return finished
            anchors = [guess] if guess else [Anchor(date.min, 0, "", "none")]
        if not anchors and self.open is not None:
            self.open.add(number, text, kind, lines)
            return finished
        if (
            self.open is not None
            and anchors[0].value == self.open.date
            # A second clinician's note of the same day (the radiologist reading
            # the emergency room's films) is a visit of its own: another kind of
            # page that does not say it continues.
            and (kind in self.open.kinds or _CONTINUED.search(anchors[0].text))
            # ... unless its heading names a clinician the open visit never did: the
            # day's next note (the emergency physician's, then the admitting
            # physician's history and physical, then the consultant's).
            and not _another_author(lines, anchors[0], self.open)
        ):
            # The visit's date repeated at the top of its next page ("Date of Service:
            # 02/24/2023 (continued)"): the same visit goes on.
            stop = anchors[1].line if len(anchors) > 1 else len(lines)
            self.open.add(number, text, kind, lines[:stop])
            anchors = anchors[1:]
            if not anchors:
                return finished
            lines_before = stop
        else:
            lines_before = 0
        if any(anchor.strength == "row" for anchor in anchors):
            self.initials.update(initials_key(text))
        first = anchors[0].line
        head = lines[lines_before:first]
        if self.open is not None and first >= _HEADER_LINES:
            self.open.add(number, text, kind, head)
            head = []
        finished += self.close()
        for index, anchor in enumerate(anchors):
            stop = anchors[index + 1].line if index + 1 < len(anchors) else len(lines)
            body = lines[anchor.line : stop]
            building = _Building(
                self.document,
                None if anchor.value == date.min else anchor.value,
                anchor.text,
                number,
                anchor.strength,
                header=head if index == 0 else [],
                facility=self.facility,
                context=[]
                if index == 0
                else [(number, line) for line in head if line.strip()],
                repaired=anchor.repaired,
            )
            building.add(number, text, kind, (head if index == 0 else []) + body)
            if anchor.strength == "row":
                if _NOT_SEEN.search(anchor.text):
                    continue  # a cancelled appointment: no visit
                building.clinician = next(
                    (
                        self.initials[initials.upper()]
                        for initials in _INITIALS.findall(anchor.text)
                        if initials.upper() in self.initials
                    ),
                    None,
                )
            if index + 1 < len(anchors):
                finished += self._finish(building)
            else:
                self.open = building
        return finished

    def close(self) -> list[Encounter]:
        if self.open is None:
            return []
        building, self.open = self.open, None
        return self._finish(building)

    def _finish(self, building: _Building) -> list[Encounter]:
        # Names in a history or a records review are other clinicians' (who saw the
        # patient before): the treating clinician is read from the rest.
        history = SectionTracker().mark([line for _, line in building.lines])
        text = "\n".join(
            line
            for (_, line), told in zip(building.lines, history, strict=True)
            if not told
        )
        context = "\n".join(line for _, line in building.context)
        provider: str | None
        if building.clinician is not None:
            provider = building.clinician.display
            provider_rule = "provider.log-initials-key"
        else:
            # The clinician the note's heading names ("28-Mar-2022 - Physical Therapy
            # Initial Evaluation - Ana Fadel, PT") before any other its page names (a
            # referring doctor in the patient block).
            headed = (
                self._named(building.anchor_quote) if building.anchor_quote else None
            )
            provider, provider_rule = (
                (headed[0], "provider.heading")
                if headed is not None
                else self._provider(text, context)
            )
        facility = building.facility
        kind, _ = visit_type(facility, text)
        cite = fields.citer(building.pages, building.document)
        lines = fields.split_sections(building.lines)
        complaints, pain = fields.complaints(lines, cite)
        restrictions, recommendations = fields.restrictions_and_recommendations(
            lines, cite
        )
        citations = self._citations(building)
        return [
            Encounter(
                date=building.date,
                provider=provider,
                facility=facility,
                visit_type=kind.value,
                citations=citations,
                complaints=tuple(complaints),
                pain_scores=tuple(pain),
                findings=tuple(fields.findings(lines, cite)),
                diagnoses=tuple(self._diagnoses(lines, building, cite)),
                procedures=tuple(fields.procedures(lines, cite)),
                medications=tuple(fields.medications(lines, cite)),
                restrictions=tuple(restrictions),
                recommendations=tuple(recommendations),
                kinds=tuple(building.kinds),
                provenance=Provenance(
                    f"segment.{building.strength}-date;"
                    + (
                        "date.spoiled-row-between-neighbours;"
                        if building.repaired
                        else ""
                    )
                    + provider_rule
                ),
            )
        ]

    def fill_providers(self, encounters: list[Encounter]) -> list[Encounter]:
        """The document's encounters, with a visit whose clinician could not be read
        (a name OCR broke: "J enna Okafor") given the one clinician the document names
        at the same facility, whether before or after it. Where the facility has
        several clinicians, or none, the visit keeps no provider (and its warning)."""
        filled = []
        for encounter in encounters:
            known = self.at_facility.get(encounter.facility, set())
            if encounter.provider is None and len(known) == 1:
                key = next(iter(known))
                rule = encounter.provenance.rule.replace(
                    "provider.none", "provider.facility-sole-clinician"
                )
                encounter = replace(
                    encounter,
                    provider=self.provider_names[key].display,
                    provenance=replace(encounter.provenance, rule=rule),
                )
            filled.append(encounter)
        return filled

    @staticmethod
    def _diagnoses(
        lines: list[fields.Line], building: _Building, cite: fields.Cite
    ) -> list[Coded]:
        own = fields.diagnoses(lines, cite)
        if not building.context:
            return own
        codes = {item.code for item in own}
        shared = fields.diagnoses(fields.split_sections(building.context), cite)
        return own + [item for item in shared if item.code not in codes]

    def _provider(self, text: str, context: str = "") -> tuple[str | None, str]:
        """The treating clinician: a name under a treating label first, then any
        credentialed name not under another role, then the page head's, then this
        document's usual one."""
        found = self._named(text)
        if found is None and context:
            found = self._named(context)
        if found is not None:
            return found
        if self.providers:
            key = self.providers.most_common(1)[0][0]
            return self.provider_names[key].display, "provider.document-default"
        return None, "provider.none"

    def _named(self, text: str) -> tuple[str, str] | None:
        named = names_with_roles(text)
        others = {item.clinician.key for item in named if item.role == "other"}
        for role, rule in (
            ("treating", "provider.treating-label"),
            ("plain", "provider.credentialed-name"),
            ("told", "provider.named-in-a-sentence"),
        ):
            candidates = [
                item.clinician
                for item in named
                if item.role == role
                and item.clinician.key not in others
                and (
                    role in ("treating", "told")
                    or item.clinician.credentials
                    or item.clinician.titled
                )
            ]
            if candidates:
                counts = Counter(clinician.key for clinician in candidates)
                key = counts.most_common(1)[0][0]
                best = max(
                    (clinician for clinician in candidates if clinician.key == key),
                    key=lambda clinician: len(clinician.credentials),
                )
                self.providers[key] += 1
                self.at_facility.setdefault(self.facility, set()).add(key)
                known = self.provider_names.get(key)
                if known is None or len(best.credentials) > len(known.credentials):
                    self.provider_names[key] = best
                return self.provider_names[key].display, rule
        return None

    @staticmethod
    def _citations(building: _Building) -> tuple[Citation, ...]:
        citations = []
        # Lines grouped by page once: a visit carried over many pages is not rescanned
        # for each of them.
        by_page: dict[int, list[str]] = {}
        for page, line in building.lines:
            by_page.setdefault(page, []).append(line.strip())
        for page, page_text in building.pages.items():
            if page == building.anchor_page and building.anchor_quote:
                quote = building.anchor_quote
            else:
                # The page's first line of substance, not its running header.
                on_page = by_page.get(page, [])
                quote = next(
                    (
                        line
                        for line in on_page
                        if len(line.split()) >= 3 and not fields.is_furniture(line)
                    ),
                    next((line for line in on_page if len(line.split()) >= 2), ""),
                )
            quote = squash(quote)
            citations.append(
                Citation(
                    building.document, page, quote, quote_on_page(quote, page_text)
                )
            )
        return tuple(citations)
