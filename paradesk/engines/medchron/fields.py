"""The facts of one encounter, read from its lines section by section.

Each fact keeps the line it was read from (its quote and page) and the name of the
rule that read it. Sections follow the headings clinicians use (SOAP, HPI, Exam,
Assessment, Plan, IMPRESSION, Work status); a fact type is read only in the sections
where it belongs, so "no lifting over 10 lb" in a plan is a restriction and "Lifting
boxes at work" in a history is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from paradesk.engines.medchron.codes import (
    PROCEDURE_PATTERN,
    code_for_description,
    find_icd_codes,
    looks_like_procedure,
)
from paradesk.engines.medchron.models import Citation, Coded, Fact, Provenance
from paradesk.engines.medchron.negation import negated
from paradesk.engines.medchron.text import find_dates, fold, quote_on_page, squash


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    section: str


_SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "complaint",
        (
            r"chief complaints?|c/?c|reason for (?:visit|consult(?:ation)?|referral|"
            r"exam)|presenting complaint"
        ),
    ),
    (
        "history",
        (
            r"hpi|history of present(?:ing)? illness|history|subjective|s|"
            r"interval history|patient reports?"
        ),
    ),
    (
        "exam",
        (
            r"objective|o|physical exam(?:ination)?|exam(?:ination)?|pe|"
            r"musculoskeletal|neuro(?:logical)?(?: exam)?|vitals?|vital signs|rom|"
            r"range of motion|observations?"
        ),
    ),
    ("findings", r"findings|impression|results?|interpretation|conclusion"),
    (
        "assessment",
        (
            r"assessment|a|diagnos[ie]s|dx|clinical impression|impression/diagnos[ie]s|"
            r"assessment(?: and| &|/) ?plan|pre-?operative diagnosis|"
            r"post-?operative diagnosis"
        ),
    ),
    (
        "plan",
        (
            r"plan|p|plan of care|treatment plan|recommendations?|follow[- ]?up|"
            r"disposition|discharge instructions|orders?"
        ),
    ),
    (
        "medications",
        (
            r"medications?|current medications|meds|rx|prescriptions?|prescribed|"
            r"medications? (?:prescribed|given|administered)|discharge medications"
        ),
    ),
    (
        "restrictions",
        (
            r"work status|work restrictions?|restrictions?|activity|duty status|"
            r"return to work"
        ),
    ),
    (
        "procedures",
        (
            r"procedures?(?: performed)?|treatments?(?: rendered| today| provided)?|"
            r"services(?: rendered)?|cpt(?: codes?)?|modalities|interventions?|billing"
        ),
    ),
    (
        "course",
        (
            r"ed course|emergency department course|er course|hospital course|"
            r"clinical course|course in (?:the )?(?:ed|er|emergency department)|"
            r"treatment in (?:the )?(?:ed|er|emergency department)|"
            r"medical decision making|mdm"
        ),
    ),
    (
        "other",
        (
            r"past medical history|pmh|past surgical history|psh|social history|"
            r"family history|allergies|review of systems|ros|technique|comparison|"
            r"clinical history|clinical indication|indication|history of injury|"
            r"mechanism of injury|goals?"
        ),
    ),
)
_HEADING = re.compile(
    r"^\s*(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SECTIONS)
    + r")\s*(?::|-|\.|$)\s*",
    re.IGNORECASE,
)


# Page furniture repeated on every page (headers, footers, stamps, signatures) is
# cited but never read as a fact.
_FURNITURE = re.compile(
    r"(?i)(^\s*page\s+\d+(\s+of\s+\d+)?\s*$|\bpage\s+\d+\s+of\s+\d+|"
    r"^\s*(patient(?: name)?|name|dob|d\.o\.b\.|mrn|acct|account|fax|from|to|re|bates|"
    r"printed|date printed|run date)\s*[:#]|\bdob\s*[:#]|\bmrn\s*[:#]|"
    r"^\s*[A-Z]{2,}[-_ ]?\d{4,}\s*$|confidential|\bfax(?:ed)?\b.*\d{3}.*\d{4})"
)
_SIGNATURE = re.compile(
    r"(?i)^\s*(electronically signed|signed by|signature|e-?signed|dictated by|"
    r"transcribed by|attending(?: physician)?\s*:|provider\s*:|therapist\s*:|"
    r"physician\s*:|interpreted by|reviewed and signed|authenticated by)"
)


# Every line `_FURNITURE` finds has one of these in it (on folded text): most lines
# of a note have none and are cleared by this literal scan alone.
_FURNITURE_HINT = re.compile(r"page|[:#]|confidential|fax|\d{4}")


def is_furniture(line: str) -> bool:
    """A running header or footer, stamp or patient banner line."""
    return bool(_FURNITURE_HINT.search(fold(line)) and _FURNITURE.search(line))


def split_sections(lines: list[tuple[int, str]]) -> list[Line]:
    """Each line with the section heading above it ("" before any heading); page
    furniture is dropped and a signature line ends the section it follows."""
    result = []
    section = ""
    for page, text in lines:
        if is_furniture(text):
            continue
        if _SIGNATURE.match(text):
            section = ""
            continue
        match = _HEADING.match(text)
        # A one-letter SOAP heading counts only with its colon ("S:"), not
        # "S1 radiculopathy".
        if match and (len(match.group(0).strip(" :-.")) > 1 or ":" in match.group(0)):
            section = match.lastgroup or section
            rest = text[match.end() :]
            if rest.strip():
                result.append(Line(page, rest, section))
            continue
        result.append(Line(page, text, section))
    return result


Cite = Callable[[Line, str], Citation]


def citer(page_texts: dict[int, str], document: str) -> Cite:
    """A function citing a quote on a line, checked against the page it names."""

    def cite(line: Line, quote: str) -> Citation:
        quote = squash(quote)
        return Citation(
            document,
            line.page,
            quote,
            quote_on_page(quote, page_texts.get(line.page, "")),
        )

    return cite


# A sentence ends at ". " or ";" but not after an initial or a common abbreviation
# ("Maria L. Chen", "Dr. Reyes", "q.d. dosing", "3.5 cm").
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Za-z])(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bvs)(?<!\bapprox)(?<!\bi\.e)"
    r"(?<!\be\.g)[.;](?=\s|$)"
)


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, str], ...]:
    """The sentences of a line with their offsets; a line is split for complaints,
    findings and plans alike, so each split is kept for the next reader."""
    out = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.end()]
        if len(piece.strip()) >= 3:
            out.append((start + len(piece) - len(piece.lstrip()), piece.strip()))
        start = match.end()
    tail = text[start:]
    if len(tail.strip()) >= 3:
        out.append((start + len(tail) - len(tail.lstrip()), tail.strip()))
    return tuple(out)


_BODY = (
    r"(?:neck|cervical|upper back|mid(?:dle)? back|thoracic|lower back|low back|lumbar|"
    r"back|shoulders?|arms?|elbows?|wrists?|hands?|hips?|knees?|legs?|ankles?|feet|"
    r"foot|head|jaw|chest|abdominal|rib|buttock|tailbone|spine|spinal)"
)
_SYMPTOM = re.compile(
    rf"(?i)\b(?:(?:left|right|bilateral|lt|rt)\s+)?(?:{_BODY}(?:\s+and\s+{_BODY})?)\s+"
    rf"(?:pain|stiffness|soreness|tenderness|spasms?|discomfort|injury|numbness|"
    rf"tingling|weakness)"
    r"|\b(?:headaches?|migraines?|dizziness|vertigo|numbness|tingling|paresthesias?|"
    r"radiating pain|radicular pain|nausea|blurred vision|tinnitus|insomnia|"
    r"difficulty sleeping|anxiety|memory (?:loss|problems)|confusion|"
    r"loss of consciousness|fatigue|muscle spasms?|sciatica|weakness|"
    r"light sensitivity)\b"
)
_PAIN_SCORE = re.compile(
    r"(?i)(?:\bpain\b[^.;\n]{0,30}?|\b(?:VAS|NRS|NPRS|pain scale|pain level|pain score|"
    r"pain rating)\b\s*[:=]?\s*|\brates?\s+(?:his|her|their|the)?\s*pain\s+(?:at\s+|"
    r"as\s+)?)(?P<score>10|[0-9])(?:\s*(?:/|out of)\s*10)?(?!\d|/\d|\.\d)"
)


# Every symptom `_SYMPTOM` reads and every score `_PAIN_SCORE` reads has one of these
# in it (lower-case, on folded text: a literal scan, far cheaper than either pattern).
_COMPLAINT_WORDS = re.compile(
    r"pain|stiffness|soreness|tenderness|spasm|discomfort|injury|numbness|tingling|"
    r"weakness|headache|migraine|dizziness|vertigo|paresthesia|nausea|blurred vision|"
    r"tinnitus|insomnia|difficulty sleeping|anxiety|memory|confusion|"
    r"loss of consciousness|fatigue|sciatica|light sensitivity|vas|nrs|nprs"
)


def complaints(lines: list[Line], cite: Cite) -> tuple[list[Fact], list[Fact]]:
    """Affirmed symptoms (negated ones left out) and pain scores."""
    facts: list[Fact] = []
    scores: list[Fact] = []
    seen: set[str] = set()
    for line in lines:
        if line.section not in ("complaint", "history", ""):
            continue
        # Whatever a sentence of the line holds, the whole line holds too: a line
        # with none of the words every symptom and pain score has is passed over.
        if not _COMPLAINT_WORDS.search(fold(line.text)):
            continue
        for _, sentence in _sentences(line.text):
            for match in _SYMPTOM.finditer(sentence):
                if negated(sentence, match.start(), match.end()):
                    continue
                phrase = " ".join(match.group(0).lower().split())
                if phrase not in seen:
                    seen.add(phrase)
                    facts.append(
                        Fact(
                            phrase,
                            cite(line, sentence),
                            Provenance("complaint.symptom-phrase"),
                        )
                    )
            for match in _PAIN_SCORE.finditer(sentence):
                explicit = "10" in match.group(0)[
                    match.start("score") - match.start() :
                ] or re.search(
                    r"(?i)VAS|NRS|NPRS|scale|level|score|rating|rates", match.group(0)
                )
                if not explicit:
                    continue
                text = f"pain {match['score']}/10"
                if text not in seen:
                    seen.add(text)
                    scores.append(
                        Fact(
                            text,
                            cite(line, sentence),
                            Provenance("complaint.pain-score"),
                        )
                    )
    return facts, scores


# A line that ends mid-clause ("There is no") goes on in the next line of the same
# section: a wrapped sentence is read whole.
_OPEN_END = re.compile(
    r"(?i)(?:\b(?:no|not|of|the|a|an|and|or|with|without|to|in|at|for|on|is|are|was|"
    r"were|be|by|from|which|that|than|as|but|there|into|over|under)|[,(\-])\s*$"
)
_CLOSED_END = re.compile(r"[.;:!?]\s*$")
_STARTS_ITEM = re.compile(r"^\s*(?:[-\u2022*]|\d{1,2}[.)]\s|[A-Z][A-Za-z /]{1,30}:)")


def paragraphs(lines: list[Line]) -> list[Line]:
    """Lines of a section joined where a sentence runs on from one to the next (the
    first ends without a stop and the next starts in lower case, or the first ends
    on a word that cannot end a clause); lists, labels and sentence ends split."""
    joined: list[Line] = []
    for line in lines:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.section == line.section
            and last.page == line.page
            and not _CLOSED_END.search(last.text)
            and not _STARTS_ITEM.match(line.text)
            and (_OPEN_END.search(last.text) or line.text.lstrip()[:1].islower())
            and len(last.text) < 600
        ):
            joined[-1] = Line(
                last.page, f"{last.text.rstrip()} {line.text.strip()}", last.section
            )
        else:
            joined.append(line)
    return joined


def findings(lines: list[Line], cite: Cite) -> list[Fact]:
    facts = []
    for line in paragraphs(lines):
        if line.section not in ("exam", "findings"):
            continue
        for _, sentence in _sentences(line.text):
            text = sentence.strip(" -•*")
            if len(text) >= 6 and not re.fullmatch(r"[\W\d]+", text):
                facts.append(
                    Fact(
                        text[:300],
                        cite(line, sentence),
                        Provenance(f"finding.{line.section}-section"),
                    )
                )
    return facts[:20]


def diagnoses(lines: list[Line], cite: Cite) -> list[Coded]:
    """Valid ICD-10-CM codes anywhere; uncoded descriptions in an assessment mapped
    to the one billable code with exactly that description."""
    found: list[Coded] = []
    seen: set[str] = set()
    for line in lines:
        for code, description, _ in find_icd_codes(line.text):
            if code not in seen:
                seen.add(code)
                found.append(
                    Coded(
                        code,
                        description,
                        cite(line, line.text),
                        Provenance("diagnosis.icd10cm-code"),
                    )
                )
        if line.section == "assessment" and not find_icd_codes(line.text):
            text = (
                re.sub(r"^\s*(?:\d+[.)]|[-•*])\s*", "", line.text).strip().rstrip(".")
            )
            mapped = code_for_description(text) if text else None
            if mapped and mapped not in seen:
                seen.add(mapped)
                found.append(
                    Coded(
                        mapped,
                        text,
                        cite(line, line.text),
                        Provenance("diagnosis.description-exact-match"),
                    )
                )
    return found


_PROCEDURE_CONTEXT = re.compile(r"(?i)\b(cpt|hcpcs|procedure|code)\b")
_NOT_PROCEDURE = re.compile(
    r"(?i)\b(zip|mrn|acct|account|phone|fax|npi|tax ?id|ein|ssn|id\s*#|member|policy|"
    r"group|claim|bates|suite|ste\.?|street|st\.|ave|road|rd\.?|box)\b"
)


_FOUR_DIGITS = re.compile(r"\d{4}")


def procedures(lines: list[Line], cite: Cite) -> list[Coded]:
    found: list[Coded] = []
    seen: set[str] = set()
    for line in lines:
        text = line.text
        # Every code `PROCEDURE_PATTERN` reads has four digits in a row.
        if not _FOUR_DIGITS.search(text) or _NOT_PROCEDURE.search(text):
            continue
        in_context = line.section == "procedures" or _PROCEDURE_CONTEXT.search(text)
        for match in PROCEDURE_PATTERN.finditer(text):
            code = match.group(1)
            at_start = not text[: match.start()].strip(" -•*()#:")
            if not (in_context or at_start) or not looks_like_procedure(code):
                continue
            if code in seen:
                continue
            seen.add(code)
            description = _procedure_description(text, match.start(), match.end())
            found.append(
                Coded(
                    code,
                    description,
                    cite(line, text),
                    Provenance("procedure.cpt-hcpcs-code"),
                )
            )
    return found


def _procedure_description(text: str, start: int, end: int) -> str | None:
    after = re.sub(r"^[\s:\-\u2013()]*", "", text[end:])
    after = PROCEDURE_PATTERN.split(after)[0]
    after = re.split(r"\s{2,}|\$|\d+\.\d\d|,|;|\s\(?x\s?\d|\s\(?\d+\s?units?", after)[
        0
    ].strip(" -\u2013,;:()")
    if len(after) >= 3 and re.search(r"[A-Za-z]{3}", after):
        return after[:120]
    before = text[:start].strip(" -\u2013:()")
    before = re.sub(r"(?i)^(cpt|hcpcs|code|procedure)s?\s*[:#]?\s*", "", before)
    return (
        before[:120] if len(before) >= 3 and re.search(r"[A-Za-z]{3}", before) else None
    )


_DRUGS = (
    "acetaminophen|tylenol|ibuprofen|motrin|advil|naproxen|aleve|naprosyn|meloxicam|"
    "mobic|diclofenac|voltaren|celecoxib|celebrex|ketorolac|toradol|etodolac|"
    "nabumetone|cyclobenzaprine|flexeril|methocarbamol|robaxin|tizanidine|zanaflex|"
    "baclofen|carisoprodol|soma|metaxalone|skelaxin|orphenadrine|tramadol|ultram|"
    "hydrocodone|norco|vicodin|oxycodone|percocet|codeine|morphine|gabapentin|"
    "neurontin|pregabalin|lyrica|duloxetine|cymbalta|amitriptyline|nortriptyline|"
    "prednisone|methylprednisolone|medrol|dexamethasone|decadron|lidocaine|kenalog|"
    "triamcinolone|depo-medrol|bupivacaine|marcaine|ondansetron|zofran|sumatriptan|"
    "promethazine|fioricet|butalbital|aspirin|excedrin|trazodone|zolpidem|melatonin|"
    "omeprazole|famotidine|lisinopril|metformin|atorvastatin|amlodipine|levothyroxine|"
    "sertraline|escitalopram|fluoxetine|bupropion|hydroxyzine|diazepam|valium|"
    "lorazepam|alprazolam"
)
_DRUG = re.compile(rf"(?i)\b({_DRUGS})\b")
_CLAUSE_END = re.compile(r"[.;\n]|\s(?:and|with|then|but)\s(?![\d.]+\s?(?:mg|mcg|ml))")


def _drug_mentions(text: str) -> list[str]:
    """Each named drug with what follows it (dose, route, frequency) up to the next
    drug, the clause's end or 60 characters."""
    starts = [match.start() for match in _DRUG.finditer(text)]
    mentions = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        stop = min(stop, start + 70)
        end = _CLAUSE_END.search(text, start + 1, stop)
        mentions.append(text[start : end.start() if end else stop])
    return mentions


_DOSED = re.compile(
    r"\b([A-Z][a-z]{3,}(?:[- ][A-Z][a-z]+)?)\s+\d+(?:\.\d+)?\s?(?:mg|mcg|g|mL|ml|%|"
    r"units?)\b[^.;\n]{0,50}"
)
_NO_MEDS = re.compile(r"(?i)^\s*(none|nkda|no (?:current )?medications|n/a|denies)")


# A sentence that gives, prescribes or continues a drug, whatever its section ("In
# the ED she was given Toradol 30 mg IM", "Discharged home on Naprosyn 500 mg").
_MED_VERB = re.compile(
    r"(?i)\b(?:given|administered|received|prescribed|prescription|rx|started on|"
    r"start(?:ed)?|continue[sd]?|discharged (?:home )?(?:on|with)|refill\w*|"
    r"dispensed|injected|take|taking)\b"
)


def medications(lines: list[Line], cite: Cite) -> list[Fact]:
    """Drugs given, prescribed or continued: in a medication or plan section, or in
    any sentence of the visit (not its history) that says one was given or
    prescribed."""
    facts: list[Fact] = []
    seen: set[str] = set()
    for line in lines:
        if _NO_MEDS.match(line.text):
            continue
        own = line.section in ("medications", "plan", "procedures", "")
        told = (
            not own
            and line.section not in ("history", "other", "complaint")
            and _MED_VERB.search(line.text)
        )
        if not (own or told):
            continue
        candidates = _drug_mentions(line.text)
        if line.section == "medications" or told:
            candidates += [m.group(0) for m in _DOSED.finditer(line.text)]
        for raw in candidates:
            start = line.text.find(raw)
            if negated(line.text, start, start + len(raw)):
                continue
            text = re.split(
                r"(?i)\s{2,}|,\s*(?=[A-Z][a-z]+ \d)|\band\b(?= [A-Z])", raw.strip()
            )[0].strip(" ,")
            key = text.split()[0].lower()
            if key in seen or len(text) < 4:
                continue
            seen.add(key)
            facts.append(
                Fact(text, cite(line, line.text), Provenance("medication.drug-name"))
            )
    return facts


_RESTRICTION = re.compile(
    r"(?i)\b(restrict\w*|light duty|modified duty|sedentary duty|off work|no work|"
    r"remain off|out of work|return to work|may return|no lifting|"
    r"lifting (?:restriction|limit)|lift(?:ing)? (?:no )?more than|"
    r"no (?:bending|twisting|prolonged|overhead|driving|repetitive)|not to lift|"
    r"excused from work|work status|unable to work|"
    r"avoid (?:lifting|bending|prolonged))\b"
)
_RECOMMENDATION = re.compile(
    r"(?i)\b(recommend\w*|refer\w*|follow[- ]?up|return (?:to clinic|in|for)|continue|"
    r"schedule\w*|consider\w*|candidate for|surgical consult\w*|"
    r"future (?:care|medical)|will need|needs?|anticipate\w*|injections?|surgery|MRI|"
    r"CT scan|EMG|physical therapy|PT\b|chiropractic care|home exercise|"
    r"(?:\d|two|three) ?(?:x|times) (?:per|a|/) ?week)\b"
)


def restrictions_and_recommendations(
    lines: list[Line], cite: Cite
) -> tuple[list[Fact], list[Fact]]:
    restrictions: list[Fact] = []
    recommendations: list[Fact] = []
    for line in lines:
        if line.section not in ("plan", "restrictions", "assessment", "findings"):
            continue
        for _, sentence in _sentences(line.text):
            text = sentence.strip(" -•*")
            if len(text) < 6:
                continue
            if line.section == "restrictions" or _RESTRICTION.search(text):
                restrictions.append(
                    Fact(
                        text[:300],
                        cite(line, sentence),
                        Provenance("restriction.work-status"),
                    )
                )
            elif (
                line.section == "plan"
                and _RECOMMENDATION.search(text)
                and not find_dates(text[:12])
            ):
                recommendations.append(
                    Fact(
                        text[:300],
                        cite(line, sentence),
                        Provenance("recommendation.plan"),
                    )
                )
    return restrictions, recommendations
