"""Which dates on a page are dates of service, and which are distractors.

A page of records carries many dates: birth, injury, fax and print stamps, the next
appointment. A date starts an encounter only when a service label stands before it
("DOS:", "Date of Service", "Visit Date", "Exam Date", ...); a bare "Date:" counts only
on a page with no stronger label. Birth, injury and stamp dates never count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from paradesk.engines.medchron.text import find_dates

_STRONG = re.compile(
    # "pos:" is how OCR often reads a scanned "DOS:" (a place of service is a number).
    r"(?i)(date\s*of\s*service|d\.?o\.?s\.?|pos(?=\s*:)|service\s*date|visit\s*date|"
    r"date\s*of\s*visit|encounter\s*date|date\s*of\s*encounter|exam(?:ination)?\s*date|"
    r"date\s*of\s*exam(?:ination)?|study\s*date|date\s*of\s*study|"
    r"date\s*of\s*procedure|procedure\s*date|date\s*of\s*surgery|surgery\s*date|"
    r"date\s*of\s*operation|treatment\s*date|date\s*of\s*treatment|admission\s*date|"
    r"admit\s*date|date\s*of\s*admission|arrival\s*(?:date|time)?|appointment\s*date|"
    r"appt\.?\s*date|seen\s*on|visit\s*on|evaluated\s*on|date\s*seen|date\s*performed|"
    r"performed\s*on|report\s*date|date\s*of\s*report)\s*(?:/\s*time)?\s*[:#\-]?\s*$"
)
_WEAK = re.compile(r"(?i)(?:^|\s{2,}|\|)\s*(date|visit|encounter)\s*[:#\-]?\s*$")
_DISTRACTOR = re.compile(
    r"(?i)(d\.?o\.?b\.?|birth|born|d\.?o\.?i\.?\b|"
    r"date\s*of\s*(?:injury|accident|loss|incident)|injury\s*date|accident\s*date|"
    r"incident\s*date|loss\s*date|print(?:ed)?|fax(?:ed)?|received|sent|signed|"
    r"dictated|transcribed|next\s*(?:visit|appt|appointment)|follow[- ]?up|return|"
    r"last\s*(?:visit|seen)|referral\s*date|statement\s*date|due|lmp|onset|reviewed|"
    r"requested|generated|run\s*date|as\s*of|through|thru|from|to|billed|posted|"
    r"created|exp(?:ires|iration)?|effective|since|prior)\s*[:#\-]?\s*$"
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


def _label_before(line: str, start: int) -> str:
    return line[max(0, start - 40) : start]


_FAX_BANNER = re.compile(
    r"(?i)\bfrom\s*:.*\bto\s*:|\bP\.\s?\d{3}/\d{3}\b|\bfax(?:ed)?\b|"
    r"\bpage\s+\d+\s+of\s+\d+"
)


def find_anchors(
    lines: list[str], *, rows_are_visits: bool = False, min_rows: int = 2
) -> list[Anchor]:
    """The dates of service on a page's lines, in order.

    `rows_are_visits` admits a date at the very start of a line as a visit of its own
    (daily-note pages and visit logs write one visit per row), when at least
    `min_rows` rows do (one, on a page that continues a log).
    """
    strong: list[Anchor] = []
    weak: list[Anchor] = []
    rows: list[Anchor] = []
    for index, line in enumerate(lines):
        dates = find_dates(line)
        if not dates or _FAX_BANNER.search(line):
            continue  # no date, or a transmission stamp (never a visit)
        for found in dates:
            before = _label_before(line, found.start)
            if _DISTRACTOR.search(before):
                continue
            if _STRONG.search(before):
                strong.append(Anchor(found.value, index, line.strip(), "strong"))
            elif (
                not before.strip()
                and index > 0
                and _STRONG.search(lines[index - 1].strip() + " ")
            ):
                # The label on its own line above the date (two-column layouts).
                strong.append(Anchor(found.value, index, line.strip(), "strong"))
            elif _WEAK.search(before):
                weak.append(Anchor(found.value, index, line.strip(), "weak"))
            elif rows_are_visits and _LINE_START_DATE.match(before):
                rows.append(Anchor(found.value, index, line.strip(), "row"))
    if strong:
        return _one_per_line(strong)
    if weak:
        return _one_per_line(weak)
    return _one_per_line(rows) if len(rows) >= min_rows else []


def _one_per_line(anchors: list[Anchor]) -> list[Anchor]:
    seen: set[int] = set()
    result = []
    for anchor in anchors:
        if anchor.line not in seen:
            seen.add(anchor.line)
            result.append(anchor)
    return result


def any_service_date(lines: list[str]) -> Anchor | None:
    """A last resort for a page with no labelled date: its first date that is not a
    birth, injury or stamp date."""
    for index, line in enumerate(lines):
        for found in find_dates(line):
            if not _DISTRACTOR.search(_label_before(line, found.start)):
                return Anchor(found.value, index, line.strip(), "guess")
    return None
