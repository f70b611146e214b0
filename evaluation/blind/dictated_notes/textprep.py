"""Fit an MTSamples transcription to a case: ages, pronouns, dates, ICD-9 remnants.

The text keeps the collection's own placeholders ("Dr. X", "ABCD Hospital", "XYZ").
Dates printed in the source are tied to the case (injury date, this visit's date, a
reported prior event) by the sample's rules or masked as ``MM/DD/YYYY``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .pool import DATE, Sample

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE_RE = (
    r"(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])|\d{1,2}-\d{1,2}-(?:\d{4}|\d{2})(?![\d/-])"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},?\s+\d{4})"
)
_DATE = re.compile(DATE_RE)
_MONTH_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December),?"
    r"\s+(?:of\s+)?(?:19|20)\d\d\b"
)
_NUM_MONTH_YEAR = re.compile(r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:19|20)\d\d\b(?!/)")

HEAD_OPEN = "\u00a7H\u00a7"
HEAD_CLOSE = "\u00a7/H\u00a7"

# Sample ids whose male-written text may be turned to a female patient.
SWAPPABLE = {
    949,
    1058,
    1059,
    212,
    943,
    855,
    854,
    797,
    1173,
    624,
    2525,
    2021,
    2269,
    1168,
    2779,
    211,
    630,
}


@dataclass
class Block:
    heading: str | None
    text: str


@dataclass
class DateHit:
    role: str  # incident / visit / rep / self / shift / mri:<region>
    date: dt.date
    quote: str
    desc: str = ""


@dataclass
class Prepared:
    blocks: list[Block]
    hits: list[DateHit] = field(default_factory=list)


def parse_src_date(s: str) -> dt.date | None:
    s = s.strip()
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})", s)
    try:
        if m:
            mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if y < 100:
                y += 2000 if y < 30 else 1900
            return dt.date(y, mo, d)
        m = re.fullmatch(r"([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})", s)
        if m and m.group(1) in MONTHS:
            return dt.date(
                int(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2))
            )
    except ValueError:
        return None
    return None


def format_like(src: str, d: dt.date) -> str:
    """Print ``d`` the way the source printed its date."""
    if src[0].isalpha():
        comma = "," if "," in src else ""
        return f"{MONTHS[d.month - 1]} {d.day}{comma} {d.year}"
    sep = "-" if "-" in src else "/"
    parts = re.split(r"[/-]", src)
    pad = len(parts[0]) == 2 or len(parts[1]) == 2
    year = f"{d.year}" if len(parts[2]) == 4 else f"{d.year % 100:02d}"
    if pad:
        return f"{d.month:02d}{sep}{d.day:02d}{sep}{year}"
    return f"{d.month}{sep}{d.day}{sep}{year}"


def mask_like(src: str) -> str:
    if src[0].isalpha():
        return "Month DD, YYYY"
    parts = re.split(r"[/-]", src)
    return "MM/DD/YYYY" if len(parts[2]) == 4 else "MM/DD/YY"


_GENERIC_POST = [
    (
        r"(?i)date of (?:injury|incident|accident|loss)\s*(?:of|:)?\s*(__DATE__)",
        "incident",
    ),
    (r"(?i)\binjured on (__DATE__)", "incident"),
    (r"(?i)\binjur(?:y|ies) of (__DATE__)", "incident"),
    (r"(?i)\b(?:accident|collision|MVA|MVC) on (__DATE__)", "incident"),
    (r"(?i)\boccurred on (__DATE__)", "incident"),
    (r"(?i)\b(?:fell|fall) on (__DATE__)", "incident"),
    (
        r"(?i)the (__DATE__),? (?:industrial |work |motor vehicle "
        r")?(?:accident|injury|fall)",
        "incident",
    ),
    (r"(?i)(?:prior to the|result of) (?:the )?(?:accident )?(__DATE__)", "incident"),
    (r"(?i)\baccident (__DATE__)", "incident"),
    (r"(?i)\btoday,? (__DATE__)", "visit"),
    (r"(?i)date of exam(?:ination)?\s*:?\s*(__DATE__)", "visit"),
]

_ICD9 = [
    re.compile(r"\s*\((?:ICD-9(?:-CM)?:?\s*)?\d{3}\.\d{1,2}\)"),
    re.compile(r"\s*[-,]\s*\d{3}\.\d{1,2}(?=[\s.,;]|$)"),
    re.compile(r"(?m)(?<=[:;]) *\d{3}\.\d{1,2} +"),
    re.compile(r"(?<=; )\d{3}\.\d{1,2} +"),
]

_SWAP = [
    (r"\bhe\b", "she"),
    (r"\bHe\b", "She"),
    (r"\bHE\b", "SHE"),
    (r"\bhim\b", "her"),
    (r"\bhis\b", "her"),
    (r"\bHis\b", "Her"),
    (r"\bHIS\b", "HER"),
    (r"\bhimself\b", "herself"),
    (r"\bmale\b", "female"),
    (r"\bMale\b", "Female"),
    (r"\bMALE\b", "FEMALE"),
    (r"\bman\b", "woman"),
    (r"\bMan\b", "Woman"),
    (r"\bgentleman\b", "lady"),
    (r"\bGentleman\b", "Lady"),
    (r"\bMr\.", "Ms."),
    (r"\bboy\b", "girl"),
    (r"\bmen\b", "women"),
]


def swap_to_female(text: str) -> str:
    for pat, rep in _SWAP:
        text = re.sub(pat, rep, text)
    return text


def fix_ages(text: str, age: int) -> str:
    text = re.sub(
        r"\b(\d{1,3})([- ])year([- ])old\b",
        lambda m: f"{age}{m.group(2)}year{m.group(3)}old",
        text,
    )
    text = re.sub(r"(?<=\bA)\d{1,3}-year-old", f" {age}-year-old", text)
    text = re.sub(r"\b\d{1,2} y/o\b", f"{age} y/o", text)
    text = re.sub(r"stated age of \d+", f"stated age of {age}", text)
    return re.sub(
        r"\b(\d{1,2})-year-old(?= (?:white |black |Hispanic |Caucasian )?(?:fe)?male)",
        f"{age}-year-old",
        text,
    )


@dataclass
class Context:
    visit_date: dt.date
    incident_date: dt.date
    age: int
    female: bool
    post_incident: bool
    links: dict[str, dt.date] = field(default_factory=dict)


def prepare(sample: Sample, raw: str, ctx: Context) -> Prepared:
    text = raw
    if sample.strip_icd9:
        for pat in _ICD9:
            text = pat.sub("", text)
    text = text.replace("(ICD-9-CM: )", "")
    tokens: dict[str, str] = {}
    hits: list[DateHit] = []

    def token(value: str) -> str:
        key = f"\x00{len(tokens)}\x00"
        tokens[key] = value
        return key

    anchor_visit = (
        parse_src_date(sample.extra.get("anchor", ""))
        if sample.extra.get("anchor")
        else None
    )
    anchor_inc = (
        parse_src_date(sample.extra["anchor_incident"])
        if sample.extra.get("anchor_incident")
        else None
    )

    def map_date(role: str, src: str) -> dt.date | None:
        d_src = parse_src_date(src)
        if role == "incident":
            return ctx.incident_date
        if role == "visit":
            return ctx.visit_date
        if role.startswith("mri:") and role[4:] in ctx.links:
            return ctx.links[role[4:]]
        if d_src is None:
            return None
        if role in ("self", "shift") and anchor_visit is not None:
            return ctx.visit_date + (d_src - anchor_visit)
        if anchor_inc is not None:
            new = ctx.incident_date + (d_src - anchor_inc)
        elif anchor_visit is not None:
            new = ctx.visit_date + (d_src - anchor_visit)
        else:
            new = ctx.visit_date - dt.timedelta(days=21)
        if role in ("rep", "self") and new >= ctx.visit_date:
            new = ctx.visit_date - dt.timedelta(days=2)
        return new

    def apply(rules: list[tuple[str, str]], body: str) -> str:
        for pat, role in rules:
            if role == "incident_month":
                continue
            rx = re.compile(pat.replace(DATE, DATE_RE))

            def sub(m: re.Match[str], role: str = role) -> str:
                src = m.group(1)
                if parse_src_date(src) is None and role not in ("incident", "visit"):
                    return m.group(0)
                if role == "mask":
                    return (
                        m.group(0)[: m.start(1) - m.start(0)]
                        + token(mask_like(src))
                        + m.group(0)[m.end(1) - m.start(0) :]
                    )
                new = map_date(role, src)
                if new is None:
                    return m.group(0)
                printed = format_like(src, new)
                whole = m.group(0)
                a, b = m.start(1) - m.start(0), m.end(1) - m.start(0)
                quote = whole[:a] + printed
                if role not in ("incident", "visit", "shift"):
                    hits.append(
                        DateHit(
                            role, new, quote.strip(), sample.extra.get("rep_desc", "")
                        )
                    )
                return whole[:a] + token(printed) + whole[b:]

            body = rx.sub(sub, body)
        return body

    text = apply(list(sample.rules), text)
    if ctx.post_incident:
        text = apply(_GENERIC_POST, text)

    def mask(m: re.Match[str]) -> str:
        src = m.group(0)
        if parse_src_date(src) is None:
            return src
        return token(mask_like(src))

    text = _DATE.sub(mask, text)
    for pat, role in sample.rules:
        if role == "incident_month":
            inc = ctx.incident_date
            new_text = token(f"{MONTHS[inc.month - 1]} of {inc.year}")
            text = re.sub(
                pat, lambda m, t=new_text: m.group(0).replace(m.group(1), t), text
            )
    text = _MONTH_YEAR.sub(lambda m: "Month YYYY", text)
    text = _NUM_MONTH_YEAR.sub(lambda m: "MM/YYYY", text)
    for key, value in tokens.items():
        text = text.replace(key, value)
    text = fix_ages(text, ctx.age)
    if ctx.female and sample.sex == "M":
        text = swap_to_female(text)
    return Prepared(parse_blocks(text), hits)


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw_line in text.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        while line.startswith(HEAD_OPEN):
            end = line.find(HEAD_CLOSE)
            if end < 0:
                break
            heading = line[len(HEAD_OPEN) : end].strip()
            rest = line[end + len(HEAD_CLOSE) :].strip()
            nxt = rest.find(HEAD_OPEN)
            if nxt > 0:
                blocks.append(Block(heading, clean(rest[:nxt])))
                line = rest[nxt:]
                continue
            blocks.append(Block(heading, clean(rest)))
            line = ""
            break
        if line:
            if HEAD_OPEN in line:
                line = line.replace(HEAD_OPEN, "").replace(HEAD_CLOSE, " ")
            blocks.append(Block(None, clean(line)))
    return [b for b in blocks if b.heading or b.text]


def clean(s: str) -> str:
    s = s.replace(HEAD_OPEN, "").replace(HEAD_CLOSE, " ")
    s = re.sub(r"[ \t]{2,}", "  ", s)
    return s.strip()


HISTORY_HEADS = re.compile(
    r"^(HISTORY OF PRESENT(ING)? "
    r"(ILLNESS|PROBLEM|COMPLAINT)|HPI|HISTORY|HX|SUBJECTIVE|S|PRESENT COMPLAINTS?|"
    r"CHIEF COMPLAINTS?|CC|REASON FOR (VISIT|REFERRAL)|CLINICAL|HISTORY OF INDUSTRIAL "
    r"INJURY|INDICATIONS?|"
    r"VEHICULAR TRAUMA HISTORY|PATIENT PROFILE|SUMMARY|HISTORY OF PRESENTING "
    r"ILLNESS)\s*:?$",
    re.I,
)


def insert_history(
    blocks: list[Block], sentences: list[str], heading: str = "INTERVAL HISTORY:"
) -> None:
    """Put narrative sentences after the first history-like section of the note."""
    if not sentences:
        return
    text = " ".join(sentences)
    for i, b in enumerate(blocks):
        if b.heading and HISTORY_HEADS.match(b.heading.strip()):
            j = i + 1
            while j < len(blocks) and blocks[j].heading is None and j - i < 4:
                j += 1
            blocks.insert(j, Block(None, text))
            return
    for i, b in enumerate(blocks[:8]):
        if b.heading is None and len(b.text) > 160:
            blocks.insert(i + 1, Block(None, text))
            return
    pos = 0
    while pos < len(blocks) and blocks[pos].heading is None and pos < 3:
        pos += 1
    blocks.insert(pos, Block(heading, text))


_SENT = re.compile(
    r"(?<!\bMs\.)(?<!\bMr\.)(?<!\bDr\.)(?<!\bMrs\.)(?<!\bSt\.)(?<!\bNo\.)(?<!\bvs\.)(?<=[.!?])\s+(?=[A-Z0-9(])"
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text) if s.strip()]


def section(blocks: list[Block], pattern: str) -> list[str]:
    """Texts of the matching section, with its following heading-less lines."""
    rx = re.compile(pattern, re.I)
    out: list[str] = []
    for i, b in enumerate(blocks):
        if b.heading and rx.search(b.heading):
            if b.text:
                out.append(b.text)
            j = i + 1
            while j < len(blocks) and blocks[j].heading is None:
                out.append(blocks[j].text)
                j += 1
            if out:
                return out
    return out


def items(lines: list[str], limit: int = 5, width: int = 220) -> list[str]:
    res: list[str] = []
    for ln in lines:
        parts = re.split(r"(?:^|\s)\(?\d{1,2}[.)]\s+", ln)
        for p in parts:
            p = p.strip(" ;")
            if not p:
                continue
            for s in sentences(p)[:2]:
                s = s.strip()
                if len(s) > width:
                    s = s[:width].rsplit(" ", 1)[0]
                if (
                    len(s) > 6
                    and s not in res
                    and not re.match(r"(?i)(yours|sincerely|thank you)", s)
                ):
                    res.append(s)
                if len(res) >= limit:
                    return res
    return res


def facts(blocks: list[Block]) -> dict[str, list[str]]:
    comp = section(
        blocks,
        r"^(CHIEF COMPLAINTS?|CC|REASON FOR (VISIT|EXAM|REFERRAL)|PRESENT COMPLAINTS?|"
        r"CLINICAL|INDICATIONS?|REASON FOR EXAMINATION)\s*:?\s*$",
    )
    find = section(
        blocks,
        r"^(IMPRESSIONS?|ASSESSMENT|A|DIAGNOS[EI]S|FINAL DIAGNOS[EI]S|CONCLUSIONS?|"
        r"CLINICAL IMPRESSION|IMPRESSION AND PLAN|ASSESSMENT AND PLAN|POSTOPERATIVE "
        r"DIAGNOS[EI]S|"
        r"DISCHARGE DIAGNOS[EI]S|PROVISIONAL DIAGNOSIS|A/P|DIAGNOSIS|IMPRESSION "
        r"DIAGNOSIS)\b",
    )
    meds = section(
        blocks,
        r"^(MEDICATIONS?|CURRENT MEDICATIONS?|MEDS|PRESENT MEDICATIONS|DISCHARGE "
        r"MEDICATIONS|"
        r"CURRENT (GENERAL |SPINE )?MEDICATIONS?|RX)\b",
    )
    recs = section(
        blocks,
        r"^(PLAN|RECOMMENDATIONS?|TREATMENT PLAN|PLAN AND RECOMMENDATIONS|P|"
        r"EVALUATION/TREATMENT PLAN|TREATMENT/PLAN|PLAN AND PROGNOSIS|PLAN / "
        r"RECOMMENDATIONS|"
        r"RECOMMENDATIONS - TREATMENT|EVALUATION/RECOMMENDATION|DISPOSITION)\b",
    )
    rest = section(
        blocks,
        r"^(WORK STATUS|WORK RESTRICTIONS|RESTRICTIONS|ACTIVITY|WORK RESTRICTIONS AND "
        r"DISABILITY)\b",
    )
    med_items = [
        m
        for m in items(meds, 8, 120)
        if not re.fullmatch(r"(?i)none\.?|no (current )?medications\.?", m)
    ]
    return {
        "complaints": items(comp, 2, 160),
        "findings": items(find, 5),
        "medications": med_items,
        "recommendations": items(recs, 3),
        "restrictions": items(rest, 2),
    }
