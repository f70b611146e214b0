"""Which dates on a page are dates of service, and which are distractors.

A page of records carries many dates: birth, injury, fax and print stamps, the next
appointment. A date starts an encounter only when a service label stands before it
("DOS:", "Date of Service", "Visit Date", "Exam Date", ...); a bare "Date:" counts only
on a page with no stronger label. Birth, injury and stamp dates never count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from paradesk.engines.medchron.providers import find_clinicians
from paradesk.engines.medchron.text import find_dates

_STRONG = re.compile(
    # "pos:" is how OCR often reads a scanned "DOS:" (a place of service is a number).
    r"(?i)(date\s*of\s*service|d\.?o\.?s\.?|pos(?=\s*:)|service\s*date|visit\s*date|"
    r"date\s*of\s*visit|encounter\s*date|date\s*of\s*encounter|exam(?:ination)?\s*date|"
    r"date\s*of\s*exam(?:ination)?|study\s*date|date\s*of\s*study|"
    r"date\s*of\s*procedure|procedure\s*date|date\s*of\s*surgery|surgery\s*date|"
    r"date\s*of\s*operation|treatment\s*date|date\s*of\s*treatment|admission\s*date|"
    r"tx\.?\s*date|date\s*of\s*tx|svc\.?\s*date|date\s*of\s*svc|"
    r"admit\s*date|date\s*of\s*admission|discharge\s*date|date\s*of\s*discharge|"
    r"consult(?:ation)?\s*date|date\s*of\s*consult(?:ation)?|"
    r"arrival\s*(?:date|time)?|appointment\s*date|"
    r"appt\.?\s*date|seen\s*on|visit\s*on|evaluated\s*on|date\s*seen|date\s*performed|"
    r"performed\s*on|report\s*date|date\s*of\s*report)\s*(?:/\s*time)?\s*[:#\-]?\s*$"
)
_WEAK = re.compile(r"(?i)(?:^|\s{2,}|\|)\s*(date|visit|encounter)\s*[:#\-]?\s*$")
# A visit's heading that names it and gives its date without a label's colon:
# "Office Visit 03/14/2023 Dr. Alan Reyes", "FOLLOW-UP VISIT - March 4, 2023",
# "Chiropractic Treatment Note 3/4/23".
_HEADING_BEFORE = re.compile(
    r"(?i)^[\W_]*(?:[a-z][\w/&'-]*\s+){0,4}(?:visit|note|consult(?:ation)?|"
    r"evaluation|re-?evaluation|re-?exam(?:ination)?|examination|encounter|"
    r"appointment|session|report|procedure|treatment|summary|hospital\s+care)"
    r"\s*[:#\-\u2013\u2014,|]?\s*"
    r"(?:on|of|date[d]?)?\s*$"
)
# ... or that gives the date first: "03/14/2023  OFFICE VISIT  Reyes, Alan MD".
_HEADING_AFTER = re.compile(
    r"(?i)^\s*(?:\d{1,2}:\d\d(?:\s?[ap]\.?m\.?)?\s+)?[-\u2013\u2014:|]?\s*"
    r"(?:[a-z][\w/&'-]*\s+){0,4}(?:visit|note|"
    r"consult(?:ation)?|evaluation|re-?evaluation|re-?exam(?:ination)?|examination|"
    r"encounter|appointment|session|report|procedure|summary|follow[- ]?up)\b"
)
_HEADING_WORDS = 14
# A table whose first column is the date of service ("Encounter Date  Type  Provider
# Location"): the row under it starts with the visit's date.
_SERVICE_TABLE_HEAD = re.compile(
    r"(?i)^\s*(?:encounter date|date of service|service date|visit date|dos|"
    r"date of visit)\b(?:\s*[|/]?\s*[a-z]+){1,6}\s*$"
)
# Words that make such a line a plan or a memory, not the visit's heading.
_NOT_HEADING = re.compile(
    r"(?i)\b(?:return\w*|next|schedul\w*|rtc|due|upcoming|previous|last|prior|"
    r"recheck|planned|pending|will|was|were|had|has|have|seen)\b"
)
_DISTRACTOR = re.compile(
    r"(?i)(d\.?o\.?b\.?|birth|born|d\.?o\.?i\.?\b|"
    r"date\s*of\s*(?:injury|accident|loss|incident)|injury\s*date|accident\s*date|"
    r"incident\s*date|loss\s*date|print(?:ed)?|fax(?:ed)?|received|sent|signed|"
    r"dictated|transcribed|next\s*(?:visit|appt|appointment)|follow[- ]?up|return|"
    r"last\s*(?:visit|seen)|referral\s*date|statement\s*date|due|lmp|onset|reviewed|"
    r"requested|generated|run\s*date|as\s*of|through|thru|from|to|billed|posted|"
    r"created|exp(?:ires|iration)?|effective|since|prior|previous)\s*[:#\-]?\s*$"
)
# Nothing before a row's date but its label or the litter OCR leaves (". 9/5/22").
_LINE_START_DATE = re.compile(r"^[\W_]*(?:DOS\s*[:#-]?\s*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Anchor:
    """A date of service found on a page: its value, the line index and the line."""

    value: date
    line: int
    text: str
    strength: str  # "strong", "weak" or "row"
    # A log row whose date OCR spoiled, read from its neighbours (`_spoiled_rows`).
    repaired: bool = False


def _label_before(line: str, start: int) -> str:
    return line[max(0, start - 40) : start]


_FAX_BANNER = re.compile(
    r"(?i)\bfrom\s*:.*\bto\s*:|\bfrom\s*:\s*\(?\d{3}\)?[\s.-]*\d{3}|"
    r"\bP\.\s?\d{1,3}/\d{1,3}\b|\bfax(?:ed)?\b|"
    r"\bpage\s+\d+\s+of\s+\d+"
)


def find_anchors(
    lines: list[str],
    *,
    rows_are_visits: bool = False,
    min_rows: int = 2,
    skip: frozenset[int] = frozenset(),
) -> list[Anchor]:
    """The dates of service on a page's lines, in order.

    `rows_are_visits` admits a date at the very start of a line as a visit of its own
    (daily-note pages and visit logs write one visit per row), when at least
    `min_rows` rows do (one, on a page that continues a log). Lines in `skip`
    (a history or records-review section: dates reported second-hand) never start a
    visit.
    """
    strong: list[Anchor] = []
    weak: list[Anchor] = []
    rows: list[Anchor] = []
    for index, line in enumerate(lines):
        if index in skip:
            continue
        dates = find_dates(line)
        if not dates or _FAX_BANNER.search(line):
            continue  # no date, or a transmission stamp (never a visit)
        for found in dates:
            before = _label_before(line, found.start)
            if _DISTRACTOR.search(before):
                continue
            planned = _PLANNED.search(before) or _RETOLD.search(before)
            if (
                (_STRONG.search(before) and not planned)
                or _visit_heading(line, found.start, found.end)
                or _clinician_heading(line, found.start, found.end)
            ):
                strong.append(Anchor(found.value, index, line.strip(), "strong"))
            elif (
                not before.strip()
                and index > 0
                and (
                    _STRONG.search(lines[index - 1].strip() + " ")
                    or _SERVICE_TABLE_HEAD.match(lines[index - 1])
                )
            ):
                # The label on its own line above the date (two-column layouts).
                strong.append(Anchor(found.value, index, line.strip(), "strong"))
            elif _WEAK.search(before) and not _under_signature(lines, index):
                weak.append(Anchor(found.value, index, line.strip(), "weak"))
            elif rows_are_visits and _LINE_START_DATE.match(before):
                rows.append(Anchor(found.value, index, line.strip(), "row"))
    if strong:
        return _one_per_line(
            _one_header(
                sorted(strong + _notes_opened_by_weak(lines, weak, strong), key=_at)
            )
        )
    if weak:
        return _one_per_line(weak)
    return _spoiled_rows(lines, _one_per_line(rows)) if len(rows) >= min_rows else []


# A log row's date as OCR may spoil it: a digit misread ("41/22/2023" for 11/22/2023)
# or a space inside a number ("12/1 2/2023").
_SPOILED_ROW_DATE = re.compile(
    r"^[\W_]*(?P<m>\d\s?\d?)\s?/\s?(?P<d>\d\s?\d?)\s?/\s?(?P<y>(?:19|20)\d\d|\d\d)(?!\d)"
)


# A date a plan gives ("Return for a follow-up visit on 04/01/2023", "will be seen on
# ..."): the next visit, not this one.
_PLANNED = re.compile(
    r"(?i)\b(?:return\w*|next|schedul\w*|rtc|due|upcoming|will|planned|pending|"
    r"recheck|to be seen)\b"
)


# A visit another clinician's note retells ("Referred by Dr. Schiller following visit
# on 08/28/2017"): that visit's date, not this note's.
_RETOLD = re.compile(
    r"(?i)\b(?:following|after|since|from|before|prior\s+to|at)\s+"
    r"(?:(?:a|the|an|his|her|their|last|prior|previous|recent)\s+)*"
    r"(?:visit|appointment|evaluation|exam\w*)\s*(?:on|of|dated)?\s*$"
)


_SIGNATURE_TAIL = 3
# What a report's signer writes by the signature: an attestation or a board title.
_ATTESTATION = re.compile(
    r"(?i)\b(?:diplomate|board[- ]certified|american board|"
    r"i (?:declare|attest|certify)|true and correct|"
    r"under (?:the )?penalt(?:y|ies) of perjury)\b"
)


def _under_signature(lines: list[str], index: int) -> bool:
    """A bare "Date:" under a signature ("Emilia Jiménez, M.D., Diplomate ..." /
    "Date: 07/01/2022"): the day the report was signed, not a visit. A signer's
    attestation says so wherever it stands; a plain name or "Signed" only at the end of
    a page (a "Date:" that a note follows opens that note)."""
    above = "\n".join(lines[max(0, index - 2) : index])
    if _ATTESTATION.search(above):
        return True
    after = [line for line in lines[index + 1 :] if line.strip()]
    if len(after) > _SIGNATURE_TAIL or not above.strip():
        return False
    last = next(line for line in reversed(lines[:index]) if line.strip())
    return bool(re.search(r"(?i)\bsign", last)) or bool(find_clinicians(last))


def _visit_heading(line: str, start: int, end: int) -> bool:
    """A short line that is a visit's heading with its date (no colon needed)."""
    if len(line.split()) > _HEADING_WORDS or _NOT_HEADING.search(line):
        return False
    before = line[:start]
    if "|" in line:
        # A table's row, unless the date is the second cell of a note's heading
        # ("Daily Progress Note | 08-10-2022 | Hospital Medicine | Brandon Myers, MD").
        return before.count("|") == 1 and bool(_HEADING_BEFORE.match(before))
    if before.strip():
        return bool(_HEADING_BEFORE.match(before))
    return bool(_HEADING_AFTER.match(line[end:]))


# What may follow a heading's date: its time ("7:21 AM", "14:59").
_TIME_ONLY = re.compile(r"(?i)^\s*(?:\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?)?\s*$")
_HEADING_DASH = re.compile(r"^[\s,]*[-\u2013\u2014|]\s*$")
_DASH_BEFORE_DATE = re.compile(r"[-\u2013\u2014|]\s*$")


def _clinician_heading(line: str, start: int, end: int) -> bool:
    """A note's heading that names its author, then its date and maybe a time
    ("MONICA KSHLERIN, MD - April 18, 2017 7:21 AM", "Dr. Colleen Feest - July 31,
    2017 9:40 AM")."""
    before = line[:start]
    if not _DASH_BEFORE_DATE.search(before) or not _TIME_ONLY.match(line[end:]):
        return False
    named = find_clinicians(before)
    return (
        bool(named)
        and named[0].start <= 1
        and bool(_HEADING_DASH.match(before[named[-1].end :]))
    )


def _spoiled_rows(lines: list[str], rows: list[Anchor]) -> list[Anchor]:
    """The log's rows with those whose date OCR spoiled put back between them.

    A treatment log lists its visits in date order, so a row between two read rows
    whose date does not parse is read as the one date between its neighbours that its
    characters give with the spaces taken out, or else with one digit changed; where
    no such date, or more than one, fits, the row stays part of the visit above it.
    """
    found: list[Anchor] = []
    for before, after in pairwise(rows):
        found.append(before)
        for index in range(before.line + 1, after.line):
            value = _between(lines[index], before.value, after.value)
            if value is not None:
                found.append(Anchor(value, index, lines[index].strip(), "row", True))
    return found + rows[-1:]


def _between(line: str, low: date, high: date) -> date | None:
    spoiled = _SPOILED_ROW_DATE.match(line)
    if spoiled is None or low >= high:
        return None
    month = spoiled["m"].replace(" ", "")
    day = spoiled["d"].replace(" ", "")
    year = int(spoiled["y"]) if len(spoiled["y"]) == 4 else 2000 + int(spoiled["y"])
    as_written = {(month, day)}
    one_digit_off = {(m, day) for m in _one_digit_changed(month)} | {
        (month, d) for d in _one_digit_changed(day)
    }
    for candidates in (as_written, one_digit_off):
        fits = set()
        for m, d in candidates:
            try:
                value = date(year, int(m), int(d))
            except ValueError:
                continue
            if low < value < high:
                fits.add(value)
        if fits:
            return fits.pop() if len(fits) == 1 else None
    return None


def _at(anchor: Anchor) -> int:
    return anchor.line


# A note's own heading, in capitals ("SURGICAL CONSULTATION", "PROGRESS NOTE").
_NOTE_HEADING = re.compile(r"^[A-Z][A-Z &/,-]{6,}[A-Z]$")
# How far below its heading a note's date stands, and how far a stronger label of the
# same note may follow it.
_HEAD_REACH = 3
_NOTE_TOP = 8


def _notes_opened_by_weak(
    lines: list[str], weak: list[Anchor], strong: list[Anchor]
) -> list[Anchor]:
    """The bare "Date:" lines that open a note of their own on a page whose other
    notes have service labels: one page may end one note and begin the next, each in
    its own style. Such a date counts when a heading in capitals stands just above it
    and no service label follows it near the note's top, before the next heading (that
    would be the note's own date of service)."""
    opened = []
    for anchor in weak:
        above = [
            line.strip()
            for line in lines[max(0, anchor.line - _HEAD_REACH) : anchor.line]
        ]
        if not any(_NOTE_HEADING.match(line) for line in above):
            continue
        below = range(anchor.line + 1, min(len(lines), anchor.line + _NOTE_TOP + 1))
        ends = next(
            (i for i in below if _NOTE_HEADING.match(lines[i].strip())), below.stop
        )
        if any(anchor.line <= other.line < ends for other in strong):
            continue
        opened.append(anchor)
    return opened


def _label(anchor: Anchor) -> str:
    """The words before the anchor's first digit: its label ("discharge date")."""
    before = re.split(r"\d", anchor.text, maxsplit=1)[0]
    return re.sub(r"[^a-z]+", " ", before.lower()).strip()


def _one_header(anchors: list[Anchor]) -> list[Anchor]:
    """Labelled dates on consecutive lines under different labels are one note's
    header block ("Discharge Date: 08-12-2022" over "Admission Date 08-08-2022";
    "Exam date" over "Report date"): the first names the note's date of service, the
    next describes it. (The same label again is the next note: a log of visits.)"""
    kept: list[Anchor] = []
    for anchor in anchors:
        if (
            kept
            and anchor.strength == "strong"
            and kept[-1].strength == "strong"
            and anchor.value != kept[-1].value
            and anchor.line - kept[-1].line == 1
            and _label(anchor)
            and _label(kept[-1])
            and _label(anchor) != _label(kept[-1])
        ):
            continue
        kept.append(anchor)
    return kept


def _one_per_line(anchors: list[Anchor]) -> list[Anchor]:
    seen: set[int] = set()
    result = []
    for anchor in anchors:
        if anchor.line not in seen:
            seen.add(anchor.line)
            result.append(anchor)
    return result


# A date inside a sentence ("was evaluated at the clinic in September of 2019", "MRI
# done on 2/3/2023"): narrative, not a page's date of service.
_NARRATIVE = re.compile(
    r"(?i)\b(?:on|in|of|since|until|dated|after|before|around|about|approximately|"
    r"circa|last|by|at|from)\s*$"
)


def any_service_date(
    lines: list[str], skip: frozenset[int] = frozenset()
) -> Anchor | None:
    """A last resort for a page with no labelled date: its first date that is not a
    birth, injury or stamp date, nor a date in a sentence or a history section."""
    for index, line in enumerate(lines):
        if index in skip or _FAX_BANNER.search(line):
            continue
        for found in find_dates(line):
            before = _label_before(line, found.start)
            if not _DISTRACTOR.search(before) and not _NARRATIVE.search(before):
                return Anchor(found.value, index, line.strip(), "guess")
    return None


def _one_digit_changed(number: str) -> Iterator[str]:
    for index in range(len(number)):
        for digit in "0123456789":
            yield number[:index] + digit + number[index + 1 :]
