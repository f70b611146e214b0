"""A bill page's rows as text: joined where a scan or a narrow column broke them,
and what a row says of itself (its date, code, credit words, provider)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from paradesk.engines.medchron.codes import PROCEDURE_PATTERN, looks_like_procedure
from paradesk.engines.medchron.models import BillLine, EntryKind
from paradesk.engines.medchron.providers import (
    names_with_roles,
)
from paradesk.engines.medchron.text import (
    MONTH_NAME,
    find_amounts,
    find_dates,
)

# Credit wording. A word that also names care is no credit: "Encounter for check up
# (procedure)" is a charge, as is "Closed reduction of fracture"; a check is a payment
# only as "check #", "check no." or "chk".
PAYMENT_WORDS = re.compile(
    r"(?i)\b(pmt|payment|paid|pymt|check\s*(?:#|no\b|number)|chk|ck\s?#|eob|remit|"
    r"copay|co-pay|receipt|received|credit card|visa|mastercard|cash|med ?pay|pip|"
    r"insurance paid|ins paid|patient pay|pt pay|refund)\b"
)
ADJUSTMENT_WORDS = re.compile(
    r"(?i)\b(adj|adjustment|adjmt|write[- ]?off|w/o|contractual|contract adj|discount|"
    r"courtesy|(?:settlement|courtesy|balance|lien|attorney) reduction|allowance|"
    r"disallow\w*|not covered|denial|denied|prompt pay)\b"
)
TOTAL_CHARGES = re.compile(
    r"(?i)(total\s+charges?|total\s+billed|charges?\s+total|"
    r"total\s+amount\s+(?:billed|charged)|grand\s+total|"
    r"total\s+(?:for\s+)?(?:services|charges this statement)|^\s*0001\b.*total|"
    r"\btotal\s+fees?|total\s+price|^\s*totals?\s*[:$]|^\s*totals?\s+(?=[$\d(])|"
    r"^\s*total\s+\$|"
    r"28\.?\s*total charge)"
)
OTHER_TOTALS = re.compile(
    r"(?i)(total\s+(?:payments?|credits?|adjustments?|paid|receipts|insurance|patient)|"
    r"balance|amount\s+due|due\s+from|previous|prior|subtotal|page\s+total|"
    r"amount\s+paid|29\.?\s*amount paid|30\.?\s*rsvd)"
)
_COLUMN_WORDS = (
    (
        EntryKind.CHARGE,
        re.compile(r"(?i)\b(charges?|amount|fee|billed|total charges?)\b"),
    ),
    (
        EntryKind.PAYMENT,
        re.compile(r"(?i)\b(payments?|paid|receipts|credits?|pmts?)\b"),
    ),
    (
        EntryKind.ADJUSTMENT,
        re.compile(r"(?i)\b(adjustments?|adjust\b\.?|adjs?\b\.?|write-?offs?)"),
    ),
    (None, re.compile(r"(?i)\b(balance|bal\.?|running)\b")),
    (
        None,
        re.compile(r"(?i)\b(non-?covered|allowed|deductible|coinsurance|units?|qty)\b"),
    ),
)
REVENUE = re.compile(r"^\s*(0\d{3})\b")


@dataclass(frozen=True)
class Columns:
    """The money columns a table header names, in order (None: not ours to sum)."""

    kinds: tuple[EntryKind | None, ...]


def header_columns(line: str) -> Columns | None:
    if find_amounts(line) or find_dates(line):
        return None
    # OCR puts accents on plain letters ("Charg\u00e9s"); a column head is ASCII.
    line = unicodedata.normalize("NFKD", line).encode("ascii", "ignore").decode()
    positions: list[tuple[int, EntryKind | None]] = []
    for kind, pattern in _COLUMN_WORDS:
        for match in pattern.finditer(line):
            if kind is None and re.match(r"(?i)units?|qty", match.group(0)):
                continue  # units are counts, not money
            positions.append((match.start(), kind))
    kinds = [kind for _, kind in sorted(positions)]
    if sum(1 for kind in kinds if kind is not None) < 1 or len(kinds) < 2:
        return None
    return Columns(tuple(kinds))


_CHARGE_HEAD = re.compile(r"(?i)\b(charges?|amount|fee)\b")
_ROW_HEAD = re.compile(r"(?i)\b(dos|date|cpt|code|hcpcs)\b")


def is_table_head(line: str) -> bool:
    """A bill table's column heads: money columns, or a charge column beside a date
    or code column ("DOS CPT Description Units Charge")."""
    if header_columns(line) is not None:
        return True
    return bool(
        _CHARGE_HEAD.search(line)
        and _ROW_HEAD.search(line)
        and not find_amounts(line)
        and not find_dates(line)
    )


_LONE_AMOUNT = re.compile(r"[$\u00a7(\-]*\s*[\d,.]+\s*\)?")
# Marks OCR leaves before a row's first cell ("- 04/06/2023", "' 7/30/24", "~ 03/09"),
# which would hide its date; a sign or bracket of an amount stays.
_LEADING_LITTER = re.compile(r"^[^\w$\u00a7(]+")


# A written date that a narrow column broke before its year ("March 25th," /
# "2023 99285 ED visit ... 1,601.00").
_DATE_WITHOUT_YEAR = re.compile(
    rf"(?i)\b(?:{MONTH_NAME})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?$"
)
_YEAR_FIRST = re.compile(r"^(?:19|20)\d\d\b")


def _whole_dates(lines: list[str]) -> list[str]:
    """The lines with a date broken before its year joined to its year's line."""
    joined: list[str] = []
    for line in lines:
        if joined and _YEAR_FIRST.match(line) and _DATE_WITHOUT_YEAR.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _dated(line: str) -> bool:
    """The line begins with a date ("09/05/22", "March 25th, 2023")."""
    dates = find_dates(line[:24])
    return bool(dates) and dates[0].start <= 1


def page_rows(text: str) -> list[str]:
    """The page's table rows. A scanned row whose amounts sank onto the next line
    (a slight skew) is joined back to it: a dated line with no amount followed by an
    undated line of amounts; so is one whose amount rose onto the line above (a
    line of a lone amount followed by a dated line with none)."""
    lines = [_LEADING_LITTER.sub("", line.strip()) for line in text.splitlines()]
    lines = _whole_dates([line for line in lines if line])
    rows: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            following
            and _LONE_AMOUNT.fullmatch(line)
            and find_amounts(line)
            and _dated(following)
            and not find_amounts(following)
        ):
            rows.append(f"{following} {line}")
            index += 2
            continue
        if following and not find_amounts(line) and _dated(line):
            # The row's amounts below it: on the next line (a skewed scan), or after
            # its description wrapped over a line or two ("Payment - Blue Cross Blue
            # Shield of" / "Massachusetts" / "(16,088.42)").
            end = _row_end(lines, index)
            if end is not None:
                rows.append(" ".join(lines[index : end + 1]))
                index = end + 1
                continue
        rows.append(line)
        index += 1
    return rows


def _row_end(lines: list[str], start: int) -> int | None:
    """The line that ends the row begun at `start`: the first line with amounts
    within three lines, when none between is dated, a total, or a table's head."""
    for index in range(start + 1, min(start + 4, len(lines))):
        line = lines[index]
        if (
            find_dates(line)
            or TOTAL_CHARGES.search(line)
            or OTHER_TOTALS.search(line)
            or is_table_head(line)
        ):
            return None
        if find_amounts(line):
            return index
        if len(line) > 60:
            return None  # prose, not a wrapped description
    return None


def credit_said(line: str) -> EntryKind | None:
    """The kind of credit a row's words name (payment first), or None."""
    if PAYMENT_WORDS.search(line):
        return EntryKind.PAYMENT
    if ADJUSTMENT_WORDS.search(line):
        return EntryKind.ADJUSTMENT
    return None


def charge_code(line: str) -> str | None:
    """The procedure code of a charge line (HCPCS/CPT), else a UB-04 revenue code."""
    found = charge_code_at(line)
    return found[0] if found else None


def charge_code_at(line: str) -> tuple[str, int] | None:
    """`charge_code` and where it ends in the line."""
    for match in PROCEDURE_PATTERN.finditer(line):
        code = match.group(1)
        if looks_like_procedure(code) and not _is_in_date(line, match.start()):
            return code, match.end(1)
    revenue = REVENUE.match(line)
    return (revenue.group(1), revenue.end(1)) if revenue else None


def _is_in_date(line: str, position: int) -> bool:
    return any(found.start <= position < found.end for found in find_dates(line))


def describe_row(line: str, code: str | None) -> str | None:
    text = line
    for found in reversed(find_dates(text)):
        text = text[: found.start] + " " + text[found.end :]
    for amount in reversed(find_amounts(text)):
        text = text[: amount.start] + " " + text[amount.end :]
    if code:
        text = text.replace(code, " ", 1)
    text = REVENUE.sub(" ", text)
    text = re.sub(r"(?i)\b(?:\d+\s*units?|x\s?\d+)\b", " ", text)
    text = re.sub(r"^(?:\s*\b\d{1,2}\b)+|(?:\b\d{1,2}\b\s*)+$", " ", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" -\u2013|$:,#")
    return text[:120] if re.search(r"[A-Za-z]{3}", text) else None


_BILL_PROVIDER_LABEL = re.compile(
    r"(?i)(rendering|attending|treating|provider|physician|doctor|clinician|"
    r"signature of physician|therapist)"
)


# A speck OCR leaves after a box label may read as a point or colon ("LAST. Vasquez").
_UB_ATTENDING = re.compile(
    r"(?i)ATTENDING\b[^\n]*?\bLAST[.:,]?\s+(?P<last>[A-Za-z'-]+)\s+FIRST[.:,]?\s+"
    r"(?P<first>[A-Za-z'-]+)"
)


# A pharmacy's log of what it dispensed: the clinicians it names prescribed, the
# pharmacy bills.
_DISPENSING = re.compile(
    r"(?i)\bdispens(?:ing|ed)\b|\bprescription history\b|\bNDC\b.*\b(?:rx|drug)\b"
)


def bill_provider(text: str) -> str | None:
    """The clinician a bill names as rendering the services, if any."""
    if _DISPENSING.search(text):
        return None
    attending = _UB_ATTENDING.search(text)
    if attending:
        return f"{attending['first'].capitalize()} {attending['last'].capitalize()}"
    named = [item for item in names_with_roles(text) if item.role != "other"]
    labelled = [
        item
        for item in named
        if item.role == "treating" or _BILL_PROVIDER_LABEL.search(item.line)
    ]
    chosen = labelled or [item for item in named if item.clinician.credentials]
    if not chosen:
        return None
    counts = Counter(item.clinician.key for item in chosen)
    key = counts.most_common(1)[0][0]
    best = max(
        (item.clinician for item in chosen if item.clinician.key == key),
        key=lambda clinician: len(clinician.credentials),
    )
    return best.display


def charge_keys(
    lines: tuple[BillLine, ...], canonical: dict[str, str] | None = None
) -> Counter[tuple[str, date | None, str | None, int]]:
    """Lines as comparable keys: how duplicates across productions are found
    (`canonical` maps a misread code to the code it stands for)."""
    canonical = canonical or {}
    return Counter(
        (
            line.kind.value,
            line.date,
            canonical.get(line.code or "", line.code),
            line.amount_cents,
        )
        for line in lines
    )
