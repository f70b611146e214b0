"""Clinician names with credentials, facilities from letterheads, and name matching.

Records name the treating clinician many ways ("Maria L. Chen, M.D.", "CHEN, MARIA MD",
"Dr. Maria Chen", "Electronically signed by: ..."), and name others who did not treat
(referring physicians, PCPs, "cc:"). Roles decide: a name after a treating label wins,
a name after a referring label is never the provider.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

_CREDENTIALS = {
    "MD": "MD",
    "M.D.": "MD",
    "M.D": "MD",
    "DO": "DO",
    "D.O.": "DO",
    "D.O": "DO",
    "DC": "DC",
    "D.C.": "DC",
    "D.C": "DC",
    "PT": "PT",
    "DPT": "DPT",
    "MPT": "MPT",
    "MSPT": "MSPT",
    "PTA": "PTA",
    "NP": "NP",
    "FNP": "FNP",
    "FNP-C": "FNP-C",
    "APRN": "APRN",
    "CRNP": "CRNP",
    "PA": "PA",
    "PA-C": "PA-C",
    "OTR": "OTR",
    "OTR/L": "OTR/L",
    "PHD": "PhD",
    "PSYD": "PsyD",
    "LMT": "LMT",
    "DDS": "DDS",
    "DPM": "DPM",
}
_CRED = (
    r"(?:M\.D\.?|D\.O\.?|D\.C\.?|MD|DO|DC|DPT|MSPT|MPT|PTA|PT|FNP-C|FNP|APRN|CRNP|NP|"
    r"PA-C|PA|OTR/L|OTR|PhD|PHD|PsyD|LMT|DDS|DPM)"
)
_CREDS = rf"{_CRED}(?:\s?[,/]\s?{_CRED})*"
# A credential ends the name: no letter follows it, even after a dot ("D.O.B." is a
# date of birth, not a doctor of osteopathy: "Patient: Andrew Campbell D.O.B.").
_CRED_END = r"(?![A-Za-z]|\.[A-Za-z])"
# Letters of names beyond ASCII ("Valdés", "Jiménez", "Montañez", "Ødegaard").
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff"
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:[-'][{_UP}]?[{_LOW}]+)*"
_INITIAL = r"[A-Z]\.?"

# "Maria L. Chen, M.D." / "Ana Silva, PT, DPT" / "Tom Reyes DC"
_FIRST_LAST = re.compile(
    rf"(?<![A-Za-z])(?P<first>{_NAME_WORD}|[A-Z]\.)"
    rf"(?:\s*(?P<middle>{_INITIAL}|{_NAME_WORD}))?\s+"
    rf"(?P<last>(?:(?:Mc|Mac|O'|De|Van|Le)?{_NAME_WORD}))(?:\s+(?:Jr|Sr|II|III)\.?)?"
    rf",?\s+(?P<creds>{_CREDS}){_CRED_END}"
)
# "CHEN, MARIA L MD" / "Chen, Maria, MD"
_LAST_FIRST = re.compile(
    rf"(?<![A-Za-z])(?P<last>[{_UP}][{_UP}{_LOW}'-]+),\s+"
    rf"(?P<first>[{_UP}][{_UP}{_LOW}'-]+)"
    rf"(?:\s+(?P<middle>[A-Z]\.?))?,?\s+(?P<creds>{_CREDS}){_CRED_END}"
)
# "STEFAN IQBAL, DC" / "MARIA L CHEN MD": a name in capitals, first name first.
_UPPER_FIRST_LAST = re.compile(
    rf"(?<![A-Za-z])(?P<first>[{_UP}][{_UP}'-]+)(?:\s+(?P<middle>[A-Z]\.?))?\s+"
    rf"(?P<last>[{_UP}][{_UP}'-]+),?\s+(?P<creds>{_CREDS}){_CRED_END}"
)
# Every name the patterns above find ends in a credential not followed by a
# letter: a line with none (most lines) is passed over with one cheap scan.
_ANY_CREDENTIAL = re.compile(rf"{_CRED}{_CRED_END}")
# "Dr. Maria Chen" (no credentials written)
_DOCTOR = re.compile(
    rf"(?<![A-Za-z])Dr\.?\s+(?P<first>{_NAME_WORD})(?:\s+(?P<middle>{_INITIAL}))?\s+"
    rf"(?P<last>{_NAME_WORD})"
)

TREATING_LABELS = re.compile(
    r"(?i)(?:\b(?:electronically signed|signed|seen|examined|evaluated|interpreted|"
    r"dictated|treated|performed|authored|read|reviewed and signed|"
    r"authenticated)\s+by\b\s*[:\-]?|"
    r"\b(?:signature|signed|attending(?: physician| provider)?|"
    r"rendering(?: provider| physician)?|treating(?: provider| physician)?|provider|"
    r"physician|clinician|reading radiologist|radiologist|therapist|surgeon|author|"
    r"chiropractor|doctor|practitioner|np|pa)\s*[:\-])"
)
OTHER_LABELS = re.compile(
    r"(?i)(referr(?:ing|ed)(?: by)?|ordering|pcp|primary care(?: physician| provider)?|"
    r"cc|copy to|sent to|requested by|family physician|consult(?:ing)? with|attorney|"
    r"custodian|prepared by|records clerk|transcribed by|scribe|nurse|rn|triage nurse|"
    r"assistant|surgeon assistant|co-signed by|supervising)\b[^:\n]{0,20}[:\-]?"
)
# Words that end a name-like run: "Maria Chen MD Orthopaedic" is fine, but
# "Spine Center" after a comma is a facility, not a clinician.
_NOT_NAMES = frozenset(
    {
        "Page",
        "Patient",
        "Date",
        "Medical",
        "Center",
        "Clinic",
        "Health",
        "Hospital",
        "Physical",
        "Therapy",
        "Emergency",
        "Department",
        "Imaging",
        "Radiology",
        "Orthopaedic",
        "Orthopedic",
        "Spine",
        "Pain",
        "Chiropractic",
        "Associates",
        "Family",
        "Internal",
        "Medicine",
        "Urgent",
        "Care",
        "Regional",
        "General",
        "Diagnostic",
        "Neurology",
        "Surgery",
        "Institute",
        "Group",
        "The",
        "And",
        "Of",
        "Services",
        "Billing",
        "Statement",
        "Account",
        "Note",
        "Notes",
        "Progress",
        "Report",
        "Visit",
        "Evaluation",
        "Consultation",
        "Consult",
        "Summary",
        "Exam",
        "Examination",
        "Treatment",
        "Daily",
        "Signed",
        "Provider",
        "Physician",
        "Attending",
        # Roles written before a name ("Surgeon Dylan Barnes, MD", "Assistant ...").
        "Surgeon",
        "Assistant",
        "Anesthesia",
        "Anesthesiologist",
        "Consultant",
        "Radiologist",
        "Therapist",
        "Hospitalist",
        "Resident",
        "Admitting",
        "Ordering",
        "Interpreting",
        "Covering",
        "Total",
        "Rehab",
        "Rehabilitation",
        "Sports",
        "Primary",
        "Electronically",
        "Rendering",
        "Dr",
        "Name",
        "Referring",
        "Plan",
        "Assessment",
        "Vitals",
        "Street",
        "Suite",
        "Road",
        "Avenue",
    }
)


@dataclass(frozen=True)
class Clinician:
    first: str
    last: str
    credentials: tuple[str, ...]
    start: int
    end: int
    titled: bool = False  # written "Dr. First Last": a clinician, credentials unknown

    @property
    def display(self) -> str:
        name = f"{self.first} {self.last}"
        return f"{name}, {', '.join(self.credentials)}" if self.credentials else name

    @property
    def key(self) -> str:
        return person_key(self.first, self.last)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def person_key(first: str, last: str) -> str:
    """Surname and first initial, case- and accent-blind: how names are matched."""
    last_key = re.sub(r"[^a-z]", "", _ascii(last).lower())
    first_key = re.sub(r"[^a-z]", "", _ascii(first).lower())[:1]
    return f"{last_key}:{first_key}"


@lru_cache(maxsize=4096)
def key_of_display(name: str) -> str:
    """The matching key of a display name: "Maria L. Chen, MD", "Dr. Maria Chen",
    "CHEN, MARIA MD" and "Chen, Maria" all give "chen:m"."""
    rest = name.strip()
    while True:
        trimmed = re.sub(rf"[,\s]+{_CRED}\s*$", "", rest)
        if trimmed == rest:
            break
        rest = trimmed
    rest = re.sub(r"^(?i:dr)\.?\s+", "", rest)
    if "," in rest:
        last, _, first = rest.partition(",")
        return person_key(
            first.strip().split(" ")[0] if first.strip() else "", last.strip()
        )
    words = rest.split()
    if not words:
        return ""
    return person_key(words[0] if len(words) > 1 else "", words[-1])


def _credentials(raw: str) -> tuple[str, ...]:
    found = []
    for part in re.split(r"\s?[,/]\s?", raw):
        normal = _CREDENTIALS.get(part.strip().upper())
        if normal is None and part.strip().upper() == "OTR/L":
            normal = "OTR/L"
        if normal and normal not in found:
            found.append(normal)
    return tuple(found)


def _title(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


# De-identified records replace names with marks ("Dr. X", "Dr. A", "ABCD Hospital",
# "XYZ Clinic", "John Doe"): never a clinician or a facility.
_PLACEHOLDER = re.compile(
    r"^(?:[A-Z]\.?|X{1,4}|Y{1,3}|Z{1,3}|ABC|ABCD|ABCDE|XYZ|XXX|AAA|BBB|"
    r"\[?(?:redacted|name|provider|physician|doctor)\]?)$",
    re.IGNORECASE,
)
_PLACEHOLDER_IN = re.compile(r"\b(?:ABCD?E?|XYZ|XXX+)\b")


def is_placeholder(word: str) -> bool:
    """A name word that is a de-identification mark, not a name."""
    return bool(_PLACEHOLDER.match(word.strip(" ,.")))


def has_placeholder(text: str) -> bool:
    """A facility or practice name made of a mark ("ABCD Hospital")."""
    return bool(_PLACEHOLDER_IN.search(text))


def find_clinicians(text: str) -> list[Clinician]:
    """Every clinician-looking name in `text` (with credentials, or "Dr. ...")."""
    found: list[Clinician] = []
    taken: list[tuple[int, int]] = []

    def add(
        first: str,
        last: str,
        creds: tuple[str, ...],
        start: int,
        end: int,
        *,
        titled: bool = False,
    ) -> None:
        if first in _NOT_NAMES or last in _NOT_NAMES:
            return
        if is_placeholder(last) or (
            len(first.strip(".")) > 1 and is_placeholder(first)
        ):
            # "Dr. X", "Dr. A", "ABCD": a de-identification mark, nobody ("R. Osei"
            # is somebody: a first initial is a name's).
            return
        if any(start < stop and end > begin for begin, stop in taken):
            return
        taken.append((start, end))
        found.append(
            Clinician(_title(first), _title(last), creds, start, end, titled=titled)
        )

    if _ANY_CREDENTIAL.search(text):
        for match in _LAST_FIRST.finditer(text):
            creds = _credentials(match["creds"])
            if creds and _plausible_upper_pair(match["last"], match["first"]):
                add(match["first"], match["last"], creds, match.start(), match.end())
        for match in _UPPER_FIRST_LAST.finditer(text):
            creds = _credentials(match["creds"])
            if creds and _plausible_upper_pair(match["last"], match["first"]):
                add(match["first"], match["last"], creds, match.start(), match.end())
        for match in _FIRST_LAST.finditer(text):
            creds = _credentials(match["creds"])
            if not creds:
                continue
            first = match["first"]
            if first in _NOT_NAMES and match["middle"] and len(match["middle"]) > 2:
                # "Progress Note Victor Bashirian, PT": the title's last word is no
                # first name; the name begins after it.
                first = match["middle"]
            add(first, match["last"], creds, match.start(), match.end())
    if "Dr" in text:
        for match in _DOCTOR.finditer(text):
            add(
                match["first"],
                match["last"],
                (),
                match.start(),
                match.end(),
                titled=True,
            )
    found.sort(key=lambda clinician: clinician.start)
    return found


def _plausible_upper_pair(last: str, first: str) -> bool:
    if first.upper().rstrip(".") in _CREDENTIALS or last.upper() in _CREDENTIALS:
        return False
    return last.capitalize() not in _NOT_NAMES and first.capitalize() not in _NOT_NAMES


@dataclass(frozen=True)
class RoleName:
    clinician: Clinician
    role: str  # "treating", "other", "plain" or "told" (a sentence's "seen by")
    line: str


# A treating phrase inside a sentence: words of a sentence before it and no label's
# colon after it ("She was seen by Dr. Hsu", not "Seen by: Dr. Hsu").
_NARRATED = re.compile(
    r"(?i)\b(?:was|were|has been|had been|had|is|being|previously|initially|also|"
    r"then|and)\b[^:]{0,40}\b(?:seen|examined|evaluated|treated|read|performed|"
    r"interpreted)\s+by\s*$"
)


_SENTENCE_WORDS = 8


_WRAPPED_CREDENTIAL = re.compile(
    rf",[ \t]*\n[ \t]*(?={_CREDS}{_CRED_END}[ \t]*(?:\n|$))"
)


def names_with_roles(text: str) -> list[RoleName]:
    """Clinicians in `text`, each with the role its line gives it."""
    result: list[RoleName] = []
    offset = 0
    # A name whose credential a narrow cell wrapped onto the next line ("Warren S.
    # Dasgupta," / "D.O."): one line again, the same length.
    text = _WRAPPED_CREDENTIAL.sub(lambda m: m[0].replace("\n", " "), text)
    for line in text.splitlines(keepends=True):
        if "Dr" not in line and not _ANY_CREDENTIAL.search(line):
            offset += len(line)
            continue  # no name `find_clinicians` could find
        for clinician in find_clinicians(line):
            before = line[: clinician.start]
            # The label nearest before the name decides its role.
            treating = [m.end() for m in TREATING_LABELS.finditer(before)]
            other = [m.end() for m in OTHER_LABELS.finditer(before)]
            if other and (not treating or max(other) >= max(treating)):
                role = "other"
            elif treating and _NARRATED.search(before):
                # "She was seen by Dr. Gordon Hsu in the emergency department":
                # someone who treated her once, told in a sentence; not the note's
                # author unless nothing better names one.
                role = "told"
            elif treating:
                role = "treating"
            elif before.strip() and len(line.split()) > _SENTENCE_WORDS:
                # A name inside a sentence ("She started chiropractic care with Dr.
                # Ethan Rahman on 2/12/24"), not a signature or a header's.
                role = "told"
            else:
                role = "plain"
            shifted = Clinician(
                clinician.first,
                clinician.last,
                clinician.credentials,
                clinician.start + offset,
                clinician.end + offset,
                titled=clinician.titled,
            )
            result.append(RoleName(shifted, role, line.strip()))
        offset += len(line)
    return result


_FACILITY_WORDS = re.compile(
    r"(?i)\b(hospital|medical center|medical centre|health(?:care)?|clinic|"
    r"chiropractic|physical therapy|rehab(?:ilitation)?|orthopa?edic[s]?|imaging|"
    r"radiology|diagnostic|urgent care|emergency|spine|pain|neurology|surgery center|"
    r"surgical|institute|associates|family (?:medicine|practice)|internal medicine|"
    r"primary care|wellness|sports medicine|physicians|medical group|MRI|open mri|"
    r"pharmacy|apothecary)\b"
)
# An office of a facility standing alone where a letterhead would be ("HEALTH
# INFORMATION MANAGEMENT - RELEASE OF INFORMATION") says not whose office it is.
# The offices of a facility that send its records or bills.
_OFFICES = (
    r"health information (?:management|services)|him|release of information|"
    r"medical records(?: department)?|billing(?: department| office| services)?|"
    r"business office|patient (?:accounts|financial services)|central billing office|"
    r"accounts receivable"
)
_DEPARTMENT_ONLY = re.compile(rf"(?i)^\s*(?:{_OFFICES})\b(?:\s*[-\u2013\u2014]\s*.*)?$")
# A store's number after its name ("Medi-Save Pharmacy #4420").
# (A speck or two of scan litter may follow it: "Hometown Apothecary #1306 fs".)
_STORE_NUMBER = re.compile(r"\s*(?P<number>#\s*\d{1,6})(?:\s+\S{1,2})?\s*$")
_FOOTER_LINES = 8
_FACILITY_NOISE = re.compile(
    # "name" as a label only: "Holy Name Memorial Hospital" is a facility's name.
    r"(?i)(patient|\bname\s*[:#|]|^\s*name\b|dob|date|page|fax|phone|tel|mrn|acct|"
    r"account|re:|bates|^to:|"
    r"^from:|statement|invoice|ledger|claim|confidential|\d{3}[-.)]\s?\d{3}[-.]\d{4}|"
    r"www\.|@)"
)


# A letterhead names a place; a line ending in one of these names a document or a
# visit ("PAIN MANAGEMENT CONSULTATION", "MRI LUMBAR SPINE WITHOUT CONTRAST"), however
# many facility words it holds.
_DOCUMENT_HEADING = re.compile(
    r"(?i)\b(?:note|notes|consult(?:ation)?|record|report|evaluation|re-?evaluation|"
    r"re-?exam(?:ination)?|exam(?:ination)?|visit|follow[- ]?up|progress|summary|"
    r"assessment|contrast|log|instructions|procedure|plan of care|discharge|history|"
    r"statement|order|orders|request)\W*$"
)


_DASHED = re.compile(r"\s+[-\u2013\u2014]\s+")


def _without_heading(line: str) -> str:
    """A letterhead line without the document heading a dash joins to it
    ("DAILY TREATMENT LOG - Red Oak Rehab", "Red Oak Rehab - Progress Note")."""
    parts = _DASHED.split(line)
    if len(parts) < 2:
        return line
    kept = [part for part in parts if not _DOCUMENT_HEADING.search(part)]
    return " - ".join(kept) if kept and len(kept) < len(parts) else line


_HEAD_LABEL = re.compile(
    r"(?i)^(facility|location|clinic|practice|hospital)\s*[:\-]\s*(.+)$"
)
_BODY_LABEL = re.compile(r"(?i)^\s*(facility|location|clinic|practice)\s*[:\-]\s*(.+)$")
# Any line `_BODY_LABEL` matches holds this: a page without it skips the line loop.
_ANY_LABEL = re.compile(r"(?i)(facility|location|clinic|practice)\s*[:\-]")
_DIGIT = re.compile(r"\d")


# A sentence's end ("... at Magnolia Spine &\nRehabilitation."): prose, not a
# letterhead (a company's "Inc." or "P.C." is no sentence end).
_SENTENCE_END = re.compile(
    r"(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\bP\.C)(?<!\bP\.A)(?<!\bL\.L\.C)(?<!\bLLC)"
    r"(?<!\bCorp)(?<!\bSt)\.\s*$"
)
# A line that breaks off ("Magnolia Spine &"), or a sentence's middle.
_DANGLING = re.compile(r"(?:[&,/-]|\b(?:and|of|the|at|for|in|with))\s*$|^[a-z]")
# An address or telephone line under a letterhead.
_ADDRESS = re.compile(
    r"(?i)\b\d{1,6}\s+[\w.' ]{2,40}\b(?:st|street|rd|road|ave|avenue|blvd|boulevard|"
    r"dr|drive|way|pkwy|parkway|ln|lane|ct|court|hwy|highway|pl|place|pike|suite|"
    r"ste|plaza|circle|cir|square|sq|trail|loop)\b|"
    r"\b[A-Z][a-z]+,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|"
    r"\(?\d{3}\)?[\s.-]\d{3}[.-]\d{4}"
)
# Two to eight words of letters (and "&", "-", "'", "."), no sentence.
_NAMED_PLACE = re.compile(
    r"^[A-Za-z][A-Za-z&'.,-]*(?:\s+[A-Za-z&][A-Za-z&'.,-]*){1,7}$"
)


def facility_from_letterhead(text: str) -> str | None:
    """The facility named in a page's first lines (its letterhead), if any."""
    head = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            head.append(line)
            if len(head) == 8:
                break
    for index, line in enumerate(head):
        label = _HEAD_LABEL.match(line)
        if label:
            return _tidy_facility(label[2])
        if _DEPARTMENT_ONLY.match(line):
            continue
        line = _without_heading(line)
        number = _STORE_NUMBER.search(line)
        store = ""
        if number and not _DIGIT.search(line[: number.start()]):
            # A store's number after a name of letters only ("Corner Drug #5685").
            store = " " + number["number"].replace(" ", "")
            line = line[: number.start()]
        if line.endswith(":") and line.count(":") == 1 and _FACILITY_WORDS.search(line):
            line = line[:-1]  # a speck OCR read after the letterhead
        if (
            ":" in line
            or _FACILITY_NOISE.search(line)
            or len(_DIGIT.findall(line)) >= 3
            or _DOCUMENT_HEADING.search(line)
        ):
            continue
        if (
            len(line) > 70
            or find_clinicians(line)
            or has_placeholder(line)
            or _SENTENCE_END.search(line)
            or _DANGLING.search(line)
        ):
            continue
        if _FACILITY_WORDS.search(line):
            return _tidy_facility(line + store)
        # A name of the practice's own choosing ("STONEBRIDGE BONE & JOINT") is a
        # letterhead by its place: the page's first lines, its address or telephone
        # just below it.
        if (
            index <= 2
            and _NAMED_PLACE.match(line)
            and any(_ADDRESS.search(below) for below in head[index + 1 : index + 3])
        ):
            return _tidy_facility(line + store)
    footer = _footer_facility(text)
    if footer is not None:
        return footer
    if not _ANY_LABEL.search(text):
        return None
    for line in text.splitlines():
        label = _BODY_LABEL.match(line)
        if label:
            return _tidy_facility(label[2])
    return None


def _footer_facility(text: str) -> str | None:
    """The facility a page prints at its foot, over its address ("Lakeshore General
    Hospital" / "9063 Wellness Way - Port Ellis, MI 35397"), as EHR print-outs and
    pharmacy logs do when they have no letterhead."""
    tail = [line.strip() for line in text.splitlines() if line.strip()]
    tail = tail[-_FOOTER_LINES:]
    for line, below in pairwise(tail):
        name = _STORE_NUMBER.sub("", line)
        if (
            not _ADDRESS.search(below)
            or ":" in name
            or _DIGIT.search(name)
            or _DEPARTMENT_ONLY.match(name)
            or not _NAMED_PLACE.match(name)
            or find_clinicians(name)
            or _SENTENCE_END.search(name)
        ):
            continue
        if _FACILITY_WORDS.search(name):
            return _tidy_facility(line)
    return None


# The office of a facility that sends its records or bills, after a dash or a comma:
# the facility is the one before it.
DEPARTMENT = re.compile(rf"(?i)\s*[-\u2013\u2014,]\s*(?:{_OFFICES})\s*$")


def _tidy_facility(name: str) -> str:
    name = re.split(r"\s{3,}|\t| \| ", name.strip())[0]
    name = DEPARTMENT.sub("", name) or name
    name = name.strip(" -\u2013—|,")
    if name.isupper():
        name = " ".join(
            word
            if len(word) <= 3 and word not in ("AND", "THE", "OF")
            else word.capitalize()
            for word in name.split()
        )
    return name
