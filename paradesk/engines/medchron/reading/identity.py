"""Whose records a page is: the patient's name and date of birth, page by page.

Productions carry misfiled pages: another patient's note in the middle of a file, a
whole document of someone else's. Each page's patient block ("Patient: DOE, JANE
DOB: 01/02/1980", "RE: Jane Doe (DOB 1/2/80)", "Name ... Date of Birth ...") is read
here; a page that names no one takes the identity of the page before it in the same
document (a note's second page rarely repeats the banner). `Identities` then decides,
once every page is read, which pages belong to someone other than the client.

Name comparison is tolerant of what OCR and record systems do to a name (order,
capitals, a middle initial, one spoiled letter in a long surname); a date of birth may
differ by one digit (OCR) and still agree. A page is another patient's only when what
it says disagrees and nothing it says agrees: a different name with no matching birth
date, never a birth date alone (insured's and guarantor's birth dates stand on forms).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from paradesk.engines.medchron.models import (
    Encounter,
    Excluded,
    Patient,
    Statement,
)
from paradesk.engines.medchron.text import find_dates

# The label before a patient's name. Other people's names ("Insured's Name",
# "Provider Name", "Guarantor") are not the patient's.
_NAME_LABEL = re.compile(
    r"(?i)(?:^|(?<=\s\s)|(?<=\|)|(?<=\t))\s*(?:patient(?:'s)?(?:\s+(?:full\s+)?name)?|"
    r"pt\.?(?:\s+name)?|name(?:\s+of\s+patient)?|re|regarding|client|claimant|"
    r"examinee)\s*(?:\(last,\s*first\))?\s*[:#]\s*"
)
# A label alone on its line, its value on the next (a stacked patient block).
_NAME_ALONE = re.compile(
    r"(?i)^\s*(?:patient(?:'s)?\s+name|pt\.?\s+name|name\s+of\s+patient|patient)\s*:?\s*$"
)
_DOB_ALONE = re.compile(
    r"(?i)^\s*(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date)\s*:?\s*$"
)
# "RE: Jane Doe" without a colon after RE is common in letters.
_RE_LINE = re.compile(r"^\s*(?:RE|Re)\s*[:.]?\s+(?=[A-Z])")
_DOB_LABEL = re.compile(
    r"(?i)\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthdate|born)\s*"
    r"[:#.]?\s*"
)
# A name's words: letters, apostrophes and hyphens; a comma may stand after the
# surname ("DOE, JANE A").
_NAME = re.compile(r"(?P<name>[A-Za-z][A-Za-z'\-]+(?:,?\s+[A-Za-z][A-Za-z'\-.]*){1,3})")
_STOP_WORDS = frozenset(
    {
        "dob",
        "d.o.b",
        "date",
        "mrn",
        "acct",
        "account",
        "sex",
        "age",
        "gender",
        "id",
        "dos",
        "of",
        "birth",
        "chart",
        "page",
        "visit",
        "phone",
        "ssn",
        "claim",
        "the",
        "and",
        "provider",
        "physician",
        "insurance",
        "male",
        "female",
        "m",
        "f",
    }
)
# Words of an organisation's or a document's name, never of a patient's.
_NOT_A_PERSON = frozenset(
    {
        "law",
        "group",
        "llc",
        "llp",
        "inc",
        "pc",
        "pllc",
        "services",
        "service",
        "department",
        "dept",
        "records",
        "record",
        "request",
        "copy",
        "medical",
        "center",
        "hospital",
        "clinic",
        "insurance",
        "company",
        "associates",
        "office",
        "firm",
        "attorneys",
        "legal",
        "health",
        "release",
        "information",
        "subpoena",
        "claim",
        "mutual",
        "casualty",
    }
)
# A patient table's head: a name column and a birth-date column, no colons.
_TABLE_HEAD = re.compile(
    r"(?i)^\s*(?:pt\.?\s*|patient\s*)?name\b.{0,40}\b(?:dob|d\.o\.b\.?|date of birth|"
    r"birth\s?date)\b"
)
_LITERALS = ("patient", "pt", "name", "re", "dob", "d.o.b", "birth", "born", "claimant")


def _plain(text: str) -> str:
    return (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    )


@dataclass(frozen=True)
class PersonName:
    """A patient's name as words, with the surname known when a comma said so."""

    words: tuple[str, ...]
    last: str | None = None

    @classmethod
    def parse(cls, raw: str) -> PersonName | None:
        raw = raw.strip(" ,.;:-")
        last: str | None = None
        if "," in raw:
            before, _, after = raw.partition(",")
            words = [*_words(after), *_words(before)]
            last = next(iter(_words(before)[-1:]), None)
        else:
            words = _words(raw)
            last = words[-1] if len(words) >= 2 else None
        words = [word for word in words if len(word) > 1 or words.index(word) == 0]
        if len(words) < 2 or any(word in _STOP_WORDS for word in words[:2]):
            return None
        if any(word in _NOT_A_PERSON for word in words):
            return None  # "re: Castellano Injury Law Group": a firm, not a patient
        return cls(tuple(words), last)

    @property
    def display(self) -> str:
        ordered = [w for w in self.words if w != self.last] + (
            [self.last] if self.last else []
        )
        return " ".join(word.capitalize() for word in ordered)

    def agrees(self, other: PersonName) -> bool:
        """The same person's name, as far as words can say: both surnames (or the
        last words) agree, and a first name or initial does too."""
        mine, theirs = set(self.words), set(other.words)
        mine_last = self.last or self.words[-1]
        theirs_last = other.last or other.words[-1]
        if not _close(mine_last, theirs_last) and not (
            mine_last in theirs or theirs_last in mine
        ):
            return False
        rest_mine = [w for w in self.words if w != mine_last]
        rest_theirs = [w for w in other.words if w != theirs_last]
        if not rest_mine or not rest_theirs:
            return True
        return any(
            _close(a, b) or (a[0] == b[0] and (len(a) == 1 or len(b) == 1))
            for a in rest_mine
            for b in rest_theirs
        ) or bool((mine - {mine_last}) & (theirs - {theirs_last}))


def _words(text: str) -> list[str]:
    return [
        word
        for word in re.split(r"[\s.]+", _plain(text))
        if word and word not in ("jr", "sr", "ii", "iii", "mr", "mrs", "ms", "miss")
    ]


def _close(first: str, second: str) -> bool:
    """Equal, or one letter changed in a name of five letters or more (OCR)."""
    if first == second:
        return True
    if len(first) != len(second) or len(first) < 5:
        return False
    return sum(a != b for a, b in zip(first, second, strict=True)) == 1


def _dob_agrees(first: date, second: date) -> bool:
    """Equal, or one digit of YYYYMMDD misread (OCR)."""
    if first == second:
        return True
    a = f"{first.year:04d}{first.month:02d}{first.day:02d}"
    b = f"{second.year:04d}{second.month:02d}{second.day:02d}"
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


@dataclass(frozen=True)
class PageIdentity:
    """What one page says of its patient (either part may be missing)."""

    name: PersonName | None
    dob: date | None

    @property
    def empty(self) -> bool:
        return self.name is None and self.dob is None

    def verdict(self, client: PageIdentity) -> bool | None:
        """True: the client's page; False: another patient's; None: cannot say."""
        name = (
            None
            if self.name is None or client.name is None
            else self.name.agrees(client.name)
        )
        dob = (
            None
            if self.dob is None or client.dob is None
            else _dob_agrees(self.dob, client.dob)
        )
        if name is True or dob is True:
            return True
        if name is False:
            return False
        return None


def read_identity(text: str) -> PageIdentity:
    """The patient's name and date of birth as the page's banner or block gives them
    (the first of each, from the page's top down)."""
    folded = _plain(text[:3000])
    if not any(literal in folded for literal in _LITERALS):
        return PageIdentity(None, None)
    name: PersonName | None = None
    dob: date | None = None
    lines = text.splitlines()[:60]
    for index, line in enumerate(lines):
        if name is None and _TABLE_HEAD.match(line) and ":" not in line:
            # "Pt Name  MRN  DOB  Sex" over "OKAFOR, TREVOR 6496823 12/12/1976 M".
            values = next((v for v in lines[index + 1 : index + 3] if v.strip()), "")
            found = _NAME.match(re.split(r"\d", values.strip())[0].strip())
            name = PersonName.parse(found["name"]) if found else None
            if dob is None:
                dates = find_dates(values)
                dob = dates[0].value if dates else None
            continue
        below = next((v.strip() for v in lines[index + 1 : index + 3] if v.strip()), "")
        if name is None and _NAME_ALONE.match(line):
            # A block of labels over their values ("Pt Name" / "Brekke, Olen").
            found = _NAME.fullmatch(below)
            name = PersonName.parse(found["name"]) if found else None
            continue
        if dob is None and _DOB_ALONE.match(line):
            dates = find_dates(below)
            if dates and dates[0].start == 0:
                dob = dates[0].value
            continue
        if dob is None:
            label = _DOB_LABEL.search(line)
            if label:
                dates = [d for d in find_dates(line) if d.start >= label.start()]
                if dates and dates[0].start - label.end() <= 3:
                    dob = dates[0].value
        if name is None:
            name = _name_on(line)
        if name is not None and dob is not None:
            break
    return PageIdentity(name, dob)


def _name_on(line: str) -> PersonName | None:
    label = _NAME_LABEL.search(line) or _RE_LINE.match(line)
    if label is None:
        return None
    before = _plain(line[: label.start()])
    if re.search(
        r"(insured|guarantor|provider|physician|facility|employer|"
        r"emergency|contact|father|mother|spouse|parent|attorney)\W*$",
        before,
    ):
        return None
    rest = line[label.end() :]
    # The name ends where the next label or a number begins.
    rest = re.split(
        r"\s{2,}|\t|\||\(|\d|\b(?i:dob|d\.o\.b|mrn|sex|age|acct|"
        r"date of birth|account|dos|id)\b",
        rest,
    )[0]
    found = _NAME.match(rest.strip())
    return PersonName.parse(found["name"]) if found else None


@dataclass
class Identities:
    """Every page's identity, as read or carried from the page before it."""

    pages: dict[tuple[str, int], PageIdentity] = field(default_factory=dict)
    _last: dict[str, PageIdentity] = field(default_factory=dict)

    def skip(self, document: str, page: int) -> None:
        """A page that names people other than the patient (a fax cover, an
        affidavit, a letter): no identity of its own, and none to pass on."""
        self.pages[(document, page)] = PageIdentity(None, None)

    def read(self, document: str, page: int, text: str) -> PageIdentity:
        found = read_identity(text)
        if found.empty:
            found = self._last.get(document, found)
        elif found.name is None or found.dob is None:
            # A page that repeats only part of the banner keeps the rest of it when
            # what it repeats agrees.
            before = self._last.get(document)
            if before is not None and found.verdict(before) is True:
                found = PageIdentity(found.name or before.name, found.dob or before.dob)
        self._last[document] = found
        self.pages[(document, page)] = found
        return found

    def client(self, given: PageIdentity | None = None) -> PageIdentity | None:
        """The client: as given, or else the identity most pages name."""
        if given is not None and not given.empty:
            return given
        # Pages are counted per distinct identity first: a production names its
        # patient on thousands of pages but in few ways, and the comparison is
        # between ways (linear in pages, not quadratic).
        counts: Counter[PageIdentity] = Counter(
            identity for identity in self.pages.values() if not identity.empty
        )
        if not counts:
            return None
        distinct = list(counts)
        votes = {
            identity: sum(
                counts[other] for other in distinct if identity.verdict(other) is True
            )
            for identity in distinct
        }
        return max(
            distinct,
            key=lambda identity: (votes[identity], _completeness(identity)),
        )

    def others(self, client: PageIdentity | None) -> dict[str, list[int]]:
        """Per document, the pages that name another patient than `client`."""
        found: dict[str, list[int]] = {}
        if client is None:
            return found
        verdicts: dict[PageIdentity, bool | None] = {}
        for (document, page), identity in self.pages.items():
            if identity.empty:
                continue
            if identity not in verdicts:
                verdicts[identity] = identity.verdict(client)
            if verdicts[identity] is False:
                found.setdefault(document, []).append(page)
        return found

    def unnamed(self) -> list[str]:
        """The documents none of whose pages names a patient."""
        named = {doc for (doc, _), ident in self.pages.items() if not ident.empty}
        return sorted({doc for doc, _ in self.pages} - named)


def _completeness(identity: PageIdentity) -> int:
    return (identity.name is not None) + (identity.dob is not None)


@dataclass(frozen=True)
class Separated:
    """The client's visits and bills, and what was left out as someone else's."""

    encounters: list[Encounter]
    statements: list[Statement]
    patient: Patient | None
    excluded: tuple[Excluded, ...]
    notes: tuple[str, ...]


def _pages_text(pages: list[int]) -> str:
    return ", ".join(str(page) for page in pages)


def separate(
    encounters: list[Encounter],
    statements: list[Statement],
    identities: Identities,
    given: Patient | None = None,
) -> Separated:
    """Keeps another patient's pages out of the client's chronology, never merged.

    A visit whose first page names someone else is left out with its pages; a bill
    whose pages all do is left out too. Each such run of pages is listed for review
    ("belongs to another patient?"); documents that name no patient at all are noted.
    """
    wanted = (
        None
        if given is None
        else PageIdentity(
            PersonName.parse(given.name) if given.name else None, given.dob
        )
    )
    client = identities.client(wanted)
    others = identities.others(client)
    out = {(doc, page) for doc, pages in others.items() for page in pages}
    kept: list[Encounter] = []
    for encounter in encounters:
        first = encounter.citations[0]
        if (first.document, first.page) in out:
            continue
        citations = tuple(
            c for c in encounter.citations if (c.document, c.page) not in out
        )
        kept.append(replace(encounter, citations=citations))
    bills = [
        statement
        for statement in statements
        if not statement.lines
        or any(
            (line.citation.document, line.citation.page) not in out
            for line in statement.lines
        )
    ]
    notes = []
    excluded = []
    for document in sorted(others):
        pages = sorted(set(others[document]))
        names = {identities.pages[(document, page)].name for page in pages} - {None}
        who = ", ".join(sorted(name.display for name in names if name)) or "another"
        excluded.append(Excluded(document, tuple(pages), "another patient"))
        notes.append(
            f"{document} p. {_pages_text(pages)} name{'s' if len(pages) == 1 else ''} "
            f"another patient ({who}): left out of the chronology. Belongs to another "
            "patient? Check and remove it from the production."
        )
    for document in identities.unnamed():
        notes.append(
            f"{document} names no patient on any page; check that it is the "
            "client's record."
        )
    patient = (
        None
        if client is None
        else Patient(client.name.display if client.name else None, client.dob)
    )
    return Separated(kept, bills, patient, tuple(excluded), tuple(notes))
