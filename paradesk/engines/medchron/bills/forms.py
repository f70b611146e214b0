"""Claim forms: CMS-1500 box 24 lines and boxes 32/33, UB-04 revenue lines and box 1."""

from __future__ import annotations

import re
from datetime import date

from paradesk.engines.medchron.codes import PROCEDURE_PATTERN, looks_like_procedure
from paradesk.engines.medchron.text import (
    find_amounts,
    find_dates,
)

# Box 33 (who bills) and box 32 (where care was given), each followed by a name on
# the same line or the next.
_BILLING_BOX = re.compile(
    r"(?i)\b33\.?\s*BILLING PROVIDER INFO(?:RMATION)?\s*(?:&|AND)?\s*PH\s*#?[^\n]*\n"
    r"\s*(?P<name>[^\n]{3,})"
)
_FACILITY_BOX = re.compile(
    r"(?i)SERVICE FACILITY LOCATION(?:\s+INFORMATION)?\s*:?[ \t]*(?P<same>[^,\n]*)"
    r"(?:\n\s*(?P<next>[^\n]{3,}))?"
)


# A UB-04's box 1: the billing provider's name under a row of box labels, before its
# street number ("1 BILLING PROVIDER 3a PAT CNTL # 4 TYPE OF" / "BILL" / "6 STATEMENT
# COVERS PERIOD" / "Lakeshore General Hospital 9063 Wellness").
_UB_BOX_ONE = re.compile(r"(?i)^\s*1\.?\s+BILLING PROVIDER\b")
_UB_LABEL_WORDS = re.compile(
    r"(?i)\b(?:bill|type|statement|covers|period|cntl|pat|fed|tax|med\.?\s*rec|no)\b"
)
_UB_NAME = re.compile(
    r"^\s*(?P<name>[A-Za-z][A-Za-z&'.,-]*(?:\s+[A-Za-z&][A-Za-z&'.,-]*)+)"
)


def _ub_billing_provider(text: str) -> str | None:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not _UB_BOX_ONE.match(line):
            continue
        for candidate in lines[index + 1 : index + 6]:
            found = _UB_NAME.match(candidate)
            if found is None or _UB_LABEL_WORDS.search(found["name"]):
                continue
            return found["name"].strip(" ,")
    return None


def form_facility(text: str) -> str | None:
    """A claim form's billing provider (CMS-1500 box 33, UB-04 box 1), else its
    service facility (box 32)."""
    billing = _BILLING_BOX.search(text)
    if billing and not re.search(r"\d{3}", billing["name"][:12]):
        return billing["name"].strip(" ,")
    on_ub = _ub_billing_provider(text)
    if on_ub:
        return on_ub
    located = _FACILITY_BOX.search(text)
    if located is None:
        return None
    same = located["same"].strip()
    if len(same) >= 3:
        return same
    return (located["next"] or "").strip(" ,") or None


_CMS = re.compile(
    r"(?i)health insurance claim form|\bCMS-?1500\b|\bHCFA\b|\b24A\.?\s+DOS"
)
_UB = re.compile(
    r"(?i)\bTYPE OF BILL\b|REV\.? ?CD\b|\bUB-?04\b|\bPAT\.? CNTL\b|"
    r"STATEMENT COVERS PERIOD"
)
# The cents cell may stand behind a printed rule ("$ 313 | 00").
_FORM_MONEY = (
    r"(?P<money>\d{1,3}(?:,\d{3})+(?:\s?\|\s?|[.\s])\d{2}|\d+(?:\s?\|\s?|[.\s])\d{2})"
)
# The box's printed "$" and a "\u00a7" OCR made of a smudge may both stand before the
# amount ("28. TOTAL CHARGE \u00a7$ 714 00", "$$" once cleaned).
FORM_TOTAL = re.compile(
    rf"(?i)(?:(?:28\.?\s*)?total charges?\b|"
    rf"^\s*0001\b.*?\btotals?\b)[\s$]*{_FORM_MONEY}\b"
)
FORM_PAID = re.compile(rf"(?i)(?:amount paid|prior payments?)[\s$]*{_FORM_MONEY}\b")
# Box 24: from date (MM DD YY), to date, place of service, CPT/HCPCS, modifiers,
# diagnosis pointer, charges (dollars and cents in separate cells), units, NPI.
_CMS_LINE = re.compile(
    # The place of service may come out of a scan as anything ("11", "ia", "1l").
    r"(?:^|\s)(?P<pos>\S{1,3})\s+(?:[A-Z]\s+)?"
    # The diagnosis pointer may carry a speck OCR read as a colon or point ("A:").
    r"(?P<code>\d{4}[0-9FTU]|[A-V]\d{4})(?:\s+[A-Z0-9]{2}(?=\s))*\s+"
    r"(?:[A-L]{1,4}[:.]?\s+)?"
    # The charges box prints dollars and cents in two cells; OCR reads the rule
    # between them as a space, a point or a dash ("228-00").
    r"\$?\s?(?P<money>\d{1,3}(?:,\d{3})+[-.\s\u2013\u2014]?\d{2}"
    r"|\d+[-.\s\u2013\u2014]?\d{2})"
    r"(?:\s+\d+(?:\.\d+)?)?(?:\s+(?:NPI\s+)?\d{10})?\s*$"
)
# A box 24A date: MM DD YY, with or without separators.
# A form may number its six lines ("1 03 17 23 03 17 23 11 99214 ...").
CMS_DATE = re.compile(
    r"^\s*(?:[1-6]\s+(?=\d\d[\s/-]?\d\d))?(\d{2})[\s/-]?(\d{2})[\s/-]?(\d{4}|\d{2})(?!\d)"
)
# A UB-04 service line: revenue code, description, HCPCS, date (MMDDYY), units, charges.
UB_REVENUE = re.compile(r"^\s*(?P<rev>0\d{3})\b\.?(?P<rest>.*)$")
_UB_DATE = re.compile(r"(?<!\d)(\d{6}|\d{8})(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}")
# OCR litter on scanned forms: stray quotes, bars, semicolons, copyright signs.
_LITTER = re.compile(
    r"[|;\"'\u00a9\u00ae\u2122\u201c\u201d\u2018\u2019`~_!\u00b0\u00ab\u00bb]"
)


# A bracket or plus sign glued to the front or back of a number ("11+ (72141").
_GLUED = re.compile(r"(?<!\S)[(\[{+]+(?=\d)|(?<=\d)[)\]}+]+(?!\S)")


def clean_form_line(line: str) -> str:
    """A form line without OCR litter: stray marks, lone punctuation, \u00a7 for $,
    brackets glued to numbers (a form's boxes print no brackets)."""
    line = _GLUED.sub("", line)
    words = _LITTER.sub(" ", line.replace("\u00a7", "$")).split()
    return " ".join(
        word for word in words if not re.fullmatch(r"[.,:*~\-\u2013\u2014]+", word)
    )


def form_of(text: str) -> str | None:
    if _CMS.search(text):
        return "cms1500"
    if _UB.search(text):
        return "ub04"
    return None


def form_money(raw: str) -> int:
    """Cents of "1,234.56", "1234 56" or "123456" (a form's dollars and cents cells)."""
    digits = re.sub(r"[^0-9]", "", raw)
    return int(digits[:-2] or 0) * 100 + int(digits[-2:])


def compact_date(month: str, day: str, year: str) -> date | None:
    try:
        number = int(year)
        if number < 100:
            number += 2000 if number <= 30 else 1900
        return date(number, int(month), int(day))
    except ValueError:
        return None


def cms_line(line: str) -> tuple[date | None, str, str | None, int] | None:
    """A box 24 line, read from its right end (place of service, code, pointer,
    charges, units, NPI), where scans keep their shape best; the date of service at its
    start is read when it is legible and left empty when it is not. The charges
    column prints dollars and cents in two cells, so "427 00" and "42700" are $427.00.
    """
    line = _TOKEN_DOTS.sub("", line)
    match = _CMS_LINE.search(line)
    if match is None or not looks_like_procedure(match["code"]):
        return None
    start = CMS_DATE.match(line[: match.start()])
    when = compact_date(*start.groups()) if start else None
    return when, match["code"], None, form_money(match["money"])


# A dot or dash OCR put after a token ("99215." "A." "72141-"), not a decimal point
# (a claim form prints neither there).
_TOKEN_DOTS = re.compile(r"(?<=[0-9A-Za-z])[.\-](?=\s|$)")


def ub_date(text: str) -> date | None:
    """The first service date of a UB-04 line's text (MMDDYY, MMDDYYYY or M/D/YY)."""
    found = _UB_DATE.search(text)
    if found is None:
        return None
    raw = found.group(0)
    if "/" in raw:
        parsed = find_dates(raw)
        return parsed[0].value if parsed else None
    return compact_date(raw[:2], raw[2:4], raw[4:])


def ub_line(line: str) -> tuple[date | None, str, str | None, int] | None:
    """A UB-04 service line: revenue code, description, HCPCS, date, units, charges
    (then non-covered charges, which are not billed amounts)."""
    match = UB_REVENUE.match(line)
    if match is None or match["rev"] == "0001":
        return None
    rest = match["rest"]
    found_date = _UB_DATE.search(rest)
    amounts = find_amounts(rest)
    if found_date is None or not amounts or amounts[0].start < found_date.end():
        return None
    when = ub_date(found_date.group(0))
    before = rest[: found_date.start()]
    code_match = PROCEDURE_PATTERN.search(before)
    code = code_match.group(1) if code_match else None
    described = before[: code_match.start()] if code_match else before
    description = " ".join(described.split()).strip(" .,-") or None
    return when, code or match["rev"], description, amounts[0].cents
