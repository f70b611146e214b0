"""Page kinds and visit types, by weighted cue words.

A rule table, not a model: every decision names the cues that made it, so a reviewer
can see why a page was read as a bill or a therapy note. Weights favour cues that are
specific (a "CMS-1500" header) over cues that are common (the word "pain").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from paradesk.engines.medchron.models import ENCOUNTER_KINDS, PageKind, VisitType
from paradesk.engines.medchron.text import fold


def _split_top(pattern: str) -> list[str]:
    """A pattern's top-level alternatives."""
    parts, depth, start, escaped = [], 0, 0, False
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
    parts.append(pattern[start:])
    return parts


def _gate(alternative: str) -> str | None:
    """The literal text an alternative must start with (lowercase), if it has one."""
    text = re.sub(r"^(?:\\b|\^|\(\?i\))+", "", alternative)
    literal = re.match(r"[A-Za-z0-9 ]+", text)
    if literal is None:
        return None
    word = literal.group(0)
    following = text[len(word) : len(word) + 1]
    if following in ("?", "*", "{"):
        word = word[:-1]  # the last character is optional
    word = word.rstrip()
    return word.lower() if len(word) >= 2 else None


_WORD_START = re.compile(r"\\b([a-z0-9])")


def _lowercase_scan(pattern: str) -> str:
    """`pattern` for lower-cased text, case-sensitive, written so the regex engine
    can skip ahead.

    A pattern run with IGNORECASE, or starting with a word boundary, gives Python's
    regex engine no first character to look for, so it tries the whole pattern at
    every position of the page. On lower-cased text (`fold`) the pattern can be
    lower-cased and case-sensitive, and "\\bx..." becomes "x(?<!\\wx)...": the
    same test (no word character before the x), made after the x, so the engine
    jumps from one candidate first letter to the next. About three times faster
    per cue, the same matches.
    """
    if re.search(r"\\[A-Z]", pattern):
        # Lower-casing would turn \S, \D, \W or \B into their opposites.
        raise ValueError(f"cue pattern with an upper-case escape: {pattern!r}")
    alternatives = []
    for alternative in _distributed(_split_top(pattern.lower())):
        start = _WORD_START.match(alternative)
        if start:
            first = start.group(1)
            alternative = f"{first}(?<!\\w{first}){alternative[start.end() :]}"
        alternatives.append(alternative)
    return "|".join(alternatives)


def _distributed(alternatives: list[str]) -> list[str]:
    """ "\\b(?:a|b)rest" as "\\barest", "\\bbrest": the same matches in the same order,
    each alternative now starting with a letter `_lowercase_scan` can use."""
    out = []
    for alternative in alternatives:
        close = _group_end(alternative, 2) if alternative.startswith("\\b(?:") else -1
        rest = alternative[close + 1 :] if close > 0 else ""
        if close < 0 or rest[:1] in ("?", "*", "+", "{"):
            out.append(alternative)
            continue
        out += [f"\\b{part}{rest}" for part in _split_top(alternative[5:close])]
    return out


def _group_end(pattern: str, start: int) -> int:
    """The index of the ")" closing the group opened at `start`, or -1."""
    depth, escaped, in_class = 0, False, False
    for index in range(start, len(pattern)):
        char = pattern[index]
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1


class _Cues:
    """One kind's cue patterns. A cue runs only when its literal start occurs in the
    (lower-cased) text: a substring test in C instead of a regular-expression scan,
    which made classification the engine's hottest loop. Cues that do run scan the
    lower-cased text (see `_lowercase_scan`)."""

    def __init__(self, *pairs: tuple[str, int]) -> None:
        self.weights = [weight for _, weight in pairs]
        self.patterns = [pattern for pattern, _ in pairs]
        self.regexes = [
            re.compile(_lowercase_scan(p), re.MULTILINE) for p in self.patterns
        ]
        self.gates: list[tuple[str, ...] | None] = []
        for pattern in self.patterns:
            gates = [_gate(part) for part in _split_top(pattern)]
            self.gates.append(
                None if any(g is None for g in gates) else tuple(g for g in gates if g)
            )
        self._checks = list(zip(self.regexes, self.gates, strict=True))

    def hits(self, text: str, lowered: str | None = None) -> list[int]:
        """Matches per cue, in cue order (`lowered`: `fold(text)`, if at hand)."""
        lowered = fold(text) if lowered is None else lowered
        return [
            len(regex.findall(lowered))
            if gates is None or any(gate in lowered for gate in gates)
            else 0
            for regex, gates in self._checks
        ]


def _cues(*pairs: tuple[str, int]) -> _Cues:
    return _Cues(*pairs)


_PAGE_CUES: dict[PageKind, _Cues] = {
    PageKind.BILL: _cues(
        (r"\bitemi[sz]ed (?:statement|bill)", 10),
        (r"\btype of bill\b|\bpat\.? cntl\b|\bstatement covers period\b", 10),
        (
            r"\bstatement of account|\baccount (?:ledger|statement|history)"
            r"|\bpatient ledger",
            6,
        ),
        (r"\bhealth insurance claim form|\bCMS[- ]?1500|\bHCFA", 6),
        # A claim form's own box labels, for a scan whose title OCR broke up
        # ("HEALTH IN SURAN CE CLAIM FORM").
        (
            r"\bsignature of physician or supplier|\bservice facility location"
            r"|\bpatient'?s account no",
            6,
        ),
        (r"\bUB[- ]?0?4\b|\brev(?:enue)? ?(?:code|cd)\b", 6),
        (r"\btotal charges?\b|\bbalance due\b|\bamount due\b|\bpatient balance\b", 3),
        (r"\b(?:charges?|fee)\s*(?:\$|amount)?\s*$", 1),
        # Not a bare "adjustment": a chiropractor's note adjusts the spine
        # ("Adjustments C/T/L") on every visit.
        (
            r"\bins(?:urance)? (?:pmt|payment)|\bcontractual|\bwrite[- ]off"
            r"|\badjustments? (?:amount|total|applied)|\btotal adjustments?",
            2,
        ),
        (r"\bbilling statement\b|\binvoice\b|\bstatement date\b", 4),
    ),
    PageKind.CUSTODIAN: _cues(
        (
            r"\bdear (?:counsel|sir|madam|attorney|mr|ms)|\bsincerely\b|"
            r"\brelease of information\b|\bnot part of the (?:medical )?record",
            6,
        ),
        (r"\bcustodian of (?:the )?records\b", 6),
        (r"\baffidavit\b|\bsworn\b|\bnotary public\b|\bsubscribed and sworn", 4),
        (
            r"\bcertif(?:y|ication) (?:that|of records)"
            r"|\btrue and (?:correct|accurate) cop",
            4,
        ),
        (
            r"\benclosed (?:please find|are)"
            r"|\bin response to your (?:request|subpoena)",
            4,
        ),
        (r"\brecords request\b|\bHIPAA\b|\bauthorization\b|\bre:\s", 2),
        (r"\bnumber of pages\b|\bpages? enclosed\b", 3),
    ),
    PageKind.IMAGING: _cues(
        (r"\bIMPRESSION\s*:", 4),
        (r"\bTECHNIQUE\s*:|\bCOMPARISON\s*:|\bCLINICAL (?:HISTORY|INDICATION)\s*:", 3),
        (r"\b(?:MRI|CT|X-?RAY|radiograph|ultrasound)\b", 2),
        (r"\bradiolog|\binterpreted by\b|\bimaging\b", 2),
        (r"\bEXAM(?:INATION)?\s*:", 2),
    ),
    PageKind.OPERATIVE: _cues(
        (r"\boperative report\b|\bprocedure (?:note|report)\b|\bop note\b", 6),
        (r"\bpre-?operative diagnosis|\bpost-?operative diagnosis", 5),
        (r"\banesthesia\s*:|\bestimated blood loss|\bfluoroscop", 3),
        (r"\bprocedure(?:s)? performed\s*:|\bsurgeon\s*:", 3),
    ),
    PageKind.LAB: _cues(
        (r"\breference (?:range|interval)\b", 5),
        (r"\bspecimen\b|\bcollected\s*:|\bresult(?:ed)?\s*:|\bflag\b", 2),
        (r"\b(?:CBC|BMP|CMP|hemoglobin|hematocrit|WBC|urinalysis|panel)\b", 2),
    ),
    PageKind.THERAPY: _cues(
        (r"\btreatment log\b|\bvisit log\b|\bflow ?sheet\b|\bdaily log\b", 8),
        # Therapy and chiropractic codes, which a log's rows repeat.
        (r"\b9711[0-2]\b|\b97140\b|\b97530\b|\b9894[0-2]\b|\b9701[24]\b", 2),
        (
            r"\bphysical therapy\b|\bPT (?:daily|progress|treatment) note"
            r"|\bdaily note\b",
            5,
        ),
        (
            r"\btherapeutic (?:exercise|activit)|\bmanual therapy\b"
            r"|\bneuromuscular re-?ed",
            4,
        ),
        (
            r"\bchiropractic\b|\bspinal manipulation|\badjust(?:ment|ed)\b"
            r"|\bsubluxation",
            4,
        ),
        (r"\bplan of care\b|\bvisit \d+ of \d+|\bgoals?\s*:", 2),
        (r"\b(?:DPT|MSPT|D\.?C\.?)\b", 2),
    ),
    PageKind.CLINICAL: _cues(
        (r"\bchief complaint\b|\bCC\s*:|\bHPI\b|\bhistory of present illness", 5),
        # A labelled date of service says "a visit is written here".
        (r"\bdate of service\b|\bDOS\s*:|\bvisit date\b|\bencounter date\b", 3),
        (r"\bhistory\s*:|\bexam(?:ination)?\s*:|\bwork status\b|\bimpression\s*:", 1),
        (r"\bassessment\b|\bplan\s*:|\bdiagnos[ie]s\s*:", 2),
        (r"\bsubjective\s*:|\bobjective\s*:|\bphysical exam|\breview of systems", 3),
        (r"\bvital signs\b|\bBP\s*:?\s*\d+/\d+|\btriage\b", 2),
        (r"\bprogress note\b|\boffice visit\b|\bemergency department\b|\bdischarge", 3),
        # A note's sections as headings on lines of their own, as dictated and EHR
        # notes print them ("HISTORY", "IMPRESSION", "RECOMMENDATIONS").
        (
            r"\n\s*(?:history|impression|assessment|plan|recommendations?|"
            r"physical examination|neurological examination|examination|subjective|"
            r"objective|diagnos[ie]s|history of present illness|chief complaint|"
            r"medications|disposition|hospital course|ed course)\s*\n",
            2,
        ),
        (
            r"\bconsultation\b|\bconsult note\b|\bfollow-?up visit\b"
            r"|\bnew patient visit\b|\bre-?evaluation\b|\bvisit note\b",
            3,
        ),
    ),
}

# Ties go to the kind listed first: a bill page that quotes a diagnosis is still a bill.
_ORDER = (
    PageKind.BILL,
    PageKind.CUSTODIAN,
    PageKind.OPERATIVE,
    PageKind.IMAGING,
    PageKind.LAB,
    PageKind.THERAPY,
    PageKind.CLINICAL,
)


@dataclass(frozen=True)
class Classification:
    kind: PageKind
    score: int
    cues: tuple[str, ...]


# An e-mail's or a fax cover's header block: a letter about records, not a record.
_MESSAGE_HEAD = re.compile(
    r"(?im)^\s*(?:from|to|subject|sent|cc|date|re|pages?|attn)\s*:"
)


# An insurer's explanation of benefits: what a plan paid on claims, neither a visit's
# record nor the provider's bill (its amounts are the providers' statements again).
_EXPLANATION_OF_BENEFITS = re.compile(
    r"(?i)\bexplanation\s+of\s+(?:medical\s+)?benefits\b|\bthis\s+is\s+not\s+a\s+bill\b"
)


def classify_page(text: str) -> Classification:
    """The kind of one page, with the cues that decided it."""
    head = "\n".join(text.splitlines()[:12])
    if _EXPLANATION_OF_BENEFITS.search(head):
        return Classification(PageKind.CUSTODIAN, 10, ("explanation of benefits",))
    labels = {
        match.group(0).strip(" :").lower() for match in _MESSAGE_HEAD.finditer(head)
    }
    if {"from", "to"} <= labels and labels & {"subject", "sent", "re", "pages", "page"}:
        return Classification(PageKind.CUSTODIAN, 10, ("message header",))
    best = Classification(PageKind.OTHER, 0, ())
    # OCR glues underscores to words ("_HEALTH INSURANCE CLAIM FORM"), which
    # would hide their word boundaries.
    lowered = fold(text).replace("_", " ")
    for kind in _ORDER:
        cues = _PAGE_CUES[kind]
        counts = cues.hits(text, lowered)
        score = sum(w * min(n, 3) for w, n in zip(cues.weights, counts, strict=True))
        if kind is PageKind.BILL:
            score += _money_density(text)
        if score > best.score:
            used = tuple(p for p, n in zip(cues.patterns, counts, strict=True) if n)
            best = Classification(kind, score, used)
    # One strong cue of a visit's record ("Progress Note", "Office Visit") is enough
    # for a short note; other kinds need more.
    if best.score < (3 if best.kind in ENCOUNTER_KINDS else 4):
        return Classification(PageKind.OTHER, best.score, best.cues)
    return best


# An amount ending its row; not a code that ends like one ("Dx: S13.4XXA, M99.01").
_MONEY_AT_END = re.compile(
    r"(?:(?<![A-Za-z0-9.])\d+(?:,\d{3})*\.{1,2}\s{0,3}\d\d|\$\d+\s{1,3}\d\d)\)?\s*$",
    re.MULTILINE,
)


def _money_density(text: str) -> int:
    """Bills are columns of money: rows ending in an amount are the strongest cue (a
    chiropractic ledger says "manipulation" on every row, but it is still a bill)."""
    rows = len(_MONEY_AT_END.findall(text))
    return 0 if rows < 3 else 2 * min(rows, 20)


_VISIT_CUES: dict[VisitType, _Cues] = {
    VisitType.EMERGENCY: _cues(
        (
            r"\bemergency (?:department|room|medicine)|\bED (?:visit|course|physician)"
            r"|\bER\b",
            6,
        ),
        (r"\btriage\b|\bESI\b|\bEMS\b|\bambulance|\barrival\b|\bED\b", 2),
    ),
    VisitType.URGENT_CARE: _cues(
        (r"\burgent care\b|\bwalk-in\b", 8),
    ),
    VisitType.CHIROPRACTIC: _cues(
        (r"\bchiropractic|\bchiropractor", 8),
        (r"\bspinal manipulation|\bsubluxation|\badjustment|\bCMT\b|\b9894[0-3]\b", 3),
        (r"\bD\.?C\.?\b", 2),
    ),
    VisitType.PHYSICAL_THERAPY: _cues(
        (r"\bphysical therap|\bphysiotherap|\brehabilitation|\brehab\b", 7),
        (
            r"\btherapeutic exercise|\bmanual therapy|\b9711[0-2]\b|\b97140\b"
            r"|\b97530\b",
            3,
        ),
        (r"\b(?:DPT|MSPT|MPT|PTA)\b", 3),
    ),
    VisitType.IMAGING: _cues(
        (r"\bradiology|\bimaging\b|\bopen mri\b|\bdiagnostic imaging", 7),
        (r"\bIMPRESSION\s*:|\bTECHNIQUE\s*:|\bradiologist|\binterpreted by", 3),
        (r"\b(?:MRI|CT|X-?RAY|radiographs?)\b", 1),
    ),
    VisitType.PAIN_MANAGEMENT: _cues(
        (
            r"\bpain (?:management|medicine|specialist|clinic|center|institute)\b"
            r"|\binterventional",
            8,
        ),
        (
            r"\bepidural|\bfacet|\bmedial branch|\bradiofrequency|\btrigger point"
            r"|\binjection",
            3,
        ),
    ),
    VisitType.NEUROLOGY: _cues(
        (r"\bneurolog", 8),
        (r"\bEMG\b|\bnerve conduction|\bconcussion|\bpost-?concussive", 3),
    ),
    VisitType.SURGERY: _cues(
        (
            r"\boperative report|\bsurgery center|\bsurgical center"
            r"|\bpre-?operative diagnosis",
            8,
        ),
        (
            r"\banesthesia\b|\bincision|\bdiscectomy|\bfusion|\barthroscop"
            r"|\blaminectomy",
            3,
        ),
    ),
    VisitType.ORTHOPEDICS: _cues(
        (r"\borthopa?edic", 8),
        (
            r"\bsports medicine|\bjoint"
            r"|\bspine (?:center|institute|clinic|specialists)",
            3,
        ),
    ),
    VisitType.PRIMARY_CARE: _cues(
        (
            r"\bfamily (?:medicine|practice|physicians?)|\binternal medicine"
            r"|\bprimary care",
            8,
        ),
        (r"\bwellness|\bannual physical|\bpediatric", 2),
    ),
}


@lru_cache(maxsize=1024)
def _facility_reading(
    facility: str,
) -> tuple[dict[VisitType, list[int]], tuple[VisitType, tuple[str, ...]] | None]:
    """The visit cues in a facility's name, and the visit type the name alone decides
    (None when the note must be read). A document names its facility on every visit,
    so this is worked out once per name."""
    named = {kind: cues.hits(facility) for kind, cues in _VISIT_CUES.items()}
    decided = [kind for kind, counts in named.items() if any(counts)]
    if len(decided) == 1:
        cues = _VISIT_CUES[decided[0]]
        strongest = max(
            w for w, n in zip(cues.weights, named[decided[0]], strict=True) if n
        )
        if strongest >= 7:
            used = tuple(
                p for p, n in zip(cues.patterns, named[decided[0]], strict=True) if n
            )
            return named, (decided[0], used)
    return named, None


def visit_type(facility: str | None, text: str) -> tuple[VisitType, tuple[str, ...]]:
    """A visit's type from its facility's name (weighted heavily) and its note."""
    best, best_score = VisitType.OTHER, 0
    best_cues: tuple[str, ...] = ()
    # A facility named for one specialty ("... Physical Therapy") decides alone: its
    # name outweighs any note, so the note need not be scanned at all.
    named, decided = _facility_reading(facility or "")
    if decided is not None:
        return decided
    lowered = fold(text)
    for kind, cues in _VISIT_CUES.items():
        in_name = named[kind]
        in_text = cues.hits(text, lowered)
        score = sum(
            weight * (3 * named + min(found, 3))
            for weight, named, found in zip(cues.weights, in_name, in_text, strict=True)
        )
        if score > best_score:
            used = tuple(
                pattern
                for pattern, named, found in zip(
                    cues.patterns, in_name, in_text, strict=True
                )
                if named or found
            )
            best, best_score, best_cues = kind, score, used
    return best, best_cues
