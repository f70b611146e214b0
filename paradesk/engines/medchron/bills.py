"""Specials from bills: line items, payments, adjustments and stated totals, in cents.

Bills come as itemized statements, account ledgers with running balances, CMS-1500
claim forms (box 24 lines) and UB-04 facility bills (revenue code lines, total line
0001). Text extraction keeps a row's values in order but drops empty cells, so a row's
amounts are mapped to the columns its header names when their counts agree, and
otherwise by what the row says it is (a code makes a charge; "INS PMT" a payment;
"contractual adj" an adjustment). A printed total is compared with the sum of the
lines, never trusted in its place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from paradesk.engines.medchron.codes import PROCEDURE_PATTERN, looks_like_procedure
from paradesk.engines.medchron.models import BillLine, Citation, EntryKind, Statement
from paradesk.engines.medchron.providers import (
    facility_from_letterhead,
    names_with_roles,
)
from paradesk.engines.medchron.text import (
    Amount,
    find_amounts,
    find_dates,
    quote_on_page,
    squash,
)

_PAYMENT = re.compile(
    r"(?i)\b(pmt|payment|paid|pymt|check|chk|ck\s?#|eob|remit|copay|co-pay|receipt|"
    r"received|credit card|visa|mastercard|cash|med ?pay|pip|insurance paid|ins paid|"
    r"patient pay|pt pay|refund)\b"
)
_ADJUSTMENT = re.compile(
    r"(?i)\b(adj|adjustment|adjmt|write[- ]?off|w/o|contractual|contract adj|discount|"
    r"courtesy|reduction|allowance|disallow\w*|not covered|denial|denied|prompt pay|"
    r"settlement reduction)\b"
)
_TOTAL_CHARGES = re.compile(
    r"(?i)(total\s+charges?|total\s+billed|charges?\s+total|"
    r"total\s+amount\s+(?:billed|charged)|grand\s+total|"
    r"total\s+(?:for\s+)?(?:services|charges this statement)|^\s*0001\b.*total|"
    r"\btotal\s+fees?|^\s*totals?\s*[:$]|^\s*total\s+\$|28\.?\s*total charge)"
)
_OTHER_TOTALS = re.compile(
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
    (EntryKind.ADJUSTMENT, re.compile(r"(?i)\b(adjustments?|adj\.?|write-?offs?)\b")),
    (None, re.compile(r"(?i)\b(balance|bal\.?|running)\b")),
    (
        None,
        re.compile(r"(?i)\b(non-?covered|allowed|deductible|coinsurance|units?|qty)\b"),
    ),
)
_REVENUE = re.compile(r"^\s*(0\d{3})\b")


@dataclass(frozen=True)
class _Columns:
    """The money columns a table header names, in order (None: not ours to sum)."""

    kinds: tuple[EntryKind | None, ...]


def _header_columns(line: str) -> _Columns | None:
    if find_amounts(line) or find_dates(line):
        return None
    positions: list[tuple[int, EntryKind | None]] = []
    for kind, pattern in _COLUMN_WORDS:
        for match in pattern.finditer(line):
            if kind is None and re.match(r"(?i)units?|qty", match.group(0)):
                continue  # units are counts, not money
            positions.append((match.start(), kind))
    kinds = [kind for _, kind in sorted(positions)]
    if sum(1 for kind in kinds if kind is not None) < 1 or len(kinds) < 2:
        return None
    return _Columns(tuple(kinds))


@dataclass
class _StatementBuilder:
    document: str
    provider: str | None
    facility: str | None
    lines: list[BillLine] = field(default_factory=list)
    stated_total_cents: int | None = None
    # Payments and adjustments a statement gives only as sums ("Less payments",
    # "Total payments", box 29 "AMOUNT PAID"), used when it itemizes none.
    summary: dict[EntryKind, BillLine] = field(default_factory=dict)


class BillReader:
    """Reads one document's bill pages in order into statements."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.current: _StatementBuilder | None = None
        self.columns: _Columns | None = None
        self.statements: list[Statement] = []

    def page(self, number: int, text: str) -> None:
        provider = _bill_provider(text)
        facility = facility_from_letterhead(text)
        current = self.current
        if (
            current is None
            or current.stated_total_cents is not None
            or (provider and current.provider and provider != current.provider)
            or (
                facility
                and current.facility
                and facility != current.facility
                and not provider
            )
        ):
            self.close()
            current = self.current = _StatementBuilder(
                self.document, provider, facility
            )
            self.columns = None
        current.provider = current.provider or provider
        current.facility = current.facility or facility
        form = _form_of(text)
        for line in _rows(text):
            if form is not None:
                self._form_line(form, current, number, text, line)
                continue
            columns = _header_columns(line)
            if columns is not None:
                self.columns = columns
                continue
            self._line(current, number, text, line)

    def _cite(self, page: int, page_text: str, line: str) -> Citation:
        return Citation(
            self.document, page, squash(line), quote_on_page(line, page_text)
        )

    def _form_line(
        self,
        form: str,
        current: _StatementBuilder,
        page: int,
        page_text: str,
        line: str,
    ) -> None:
        """A line of a claim form, whose boxes have their own layout."""
        citation = self._cite(page, page_text, line)
        line = _clean(line)
        parsed = (_cms_line if form == "cms1500" else _ub_line)(line)
        if parsed is not None:
            when, code, description, cents = parsed
            if cents:
                current.lines.append(
                    BillLine(EntryKind.CHARGE, when, code, description, cents, citation)
                )
            return
        total = _FORM_TOTAL.search(line)
        if total:
            current.stated_total_cents = _form_money(total.group("money"))
            return
        paid = _FORM_PAID.search(line)
        if paid:
            cents = _form_money(paid.group("money"))
            if cents:
                current.summary[EntryKind.PAYMENT] = BillLine(
                    EntryKind.PAYMENT, None, None, "Amount paid", cents, citation
                )

    def _line(
        self, current: _StatementBuilder, page: int, page_text: str, line: str
    ) -> None:
        amounts = find_amounts(line)
        if not amounts:
            return
        citation = Citation(
            self.document, page, squash(line), quote_on_page(line, page_text)
        )
        if _TOTAL_CHARGES.search(line) and not _OTHER_TOTALS.search(line.split(":")[0]):
            current.stated_total_cents = amounts[-1].cents
            return
        summary = _SUMMARY.match(line)
        if summary and not find_dates(line):
            kind = (
                EntryKind.PAYMENT
                if re.match(r"(?i)pay|paid|credit|receipt", summary.group("what"))
                else EntryKind.ADJUSTMENT
            )
            if amounts[-1].cents:
                current.summary[kind] = BillLine(
                    kind,
                    None,
                    None,
                    summary.group("what").capitalize(),
                    amounts[-1].cents,
                    citation,
                )
            return
        if _OTHER_TOTALS.search(line) and not _PAYMENT.search(line.split(" ")[0]):
            return
        dates = find_dates(line)
        if not dates:
            return
        when = dates[0].value
        entry = self._entry(line, amounts, dates[-1].end)
        if entry is None:
            return
        kind, cents, code, description = entry
        if cents == 0:
            return
        current.lines.append(BillLine(kind, when, code, description, cents, citation))

    def _entry(
        self, line: str, amounts: list[Amount], after_dates: int
    ) -> tuple[EntryKind, int, str | None, str | None] | None:
        code = _charge_code(line)
        said = (
            EntryKind.PAYMENT
            if _PAYMENT.search(line)
            else EntryKind.ADJUSTMENT
            if _ADJUSTMENT.search(line)
            else None
        )
        columns = self.columns
        if columns and len(amounts) == len(columns.kinds) and len(amounts) > 1:
            picked = [
                (kind, amount)
                for kind, amount in zip(columns.kinds, amounts, strict=True)
                if kind is not None and amount.cents
            ]
            if said is not None:
                picked = [
                    (kind, a) for kind, a in picked if kind is not EntryKind.CHARGE
                ] or picked
            if picked:
                kind, amount = picked[0]
                if kind is EntryKind.CHARGE and said is not None and code is None:
                    kind = said
                return (
                    kind,
                    amount.cents,
                    code if kind is EntryKind.CHARGE else None,
                    _description(line, code),
                )
        first = next((amount for amount in amounts if amount.cents), None)
        if first is None:
            return None
        if said is not None and code is None:
            return said, first.cents, None, _description(line, None)
        if first.negative:
            return (
                EntryKind.ADJUSTMENT if said is None else said,
                first.cents,
                None,
                _description(line, code),
            )
        if code is None and not re.search(r"[A-Za-z]{3}", line):
            return None
        return EntryKind.CHARGE, first.cents, code, _description(line, code)

    def close(self) -> None:
        current, self.current = self.current, None
        if current is None or not (
            current.lines or current.stated_total_cents is not None or current.summary
        ):
            return
        for kind, summary_line in current.summary.items():
            if not any(line.kind is kind for line in current.lines):
                current.lines.append(summary_line)
        self.statements.append(
            Statement(
                document=current.document,
                provider=current.provider or current.facility or "Unknown provider",
                facility=current.facility,
                lines=tuple(current.lines),
                stated_total_cents=current.stated_total_cents,
            )
        )


_SUMMARY = re.compile(
    r"(?i)^[\W_]*(?:less|total|minus|prior|insurance|patient)?\s*"
    r"(?P<what>payments?(?: received)?|paid|credits?|receipts|adjustments?|"
    r"write-?offs?)\s*(?:to date|applied)?[^\w$(-]*[-($]*\s*\$?\d"
)
_CMS = re.compile(
    r"(?i)health insurance claim form|\bCMS-?1500\b|\bHCFA\b|\b24A\.?\s+DOS"
)
_UB = re.compile(
    r"(?i)\bTYPE OF BILL\b|REV\.? ?CD\b|\bUB-?04\b|\bPAT\.? CNTL\b|"
    r"STATEMENT COVERS PERIOD"
)
_FORM_MONEY = r"(?P<money>\d{1,3}(?:,\d{3})+(?:[.\s]\d{2})|\d+[.\s]\d{2})"
_FORM_TOTAL = re.compile(
    rf"(?i)(?:(?:28\.?\s*)?total charges?\b|"
    rf"^\s*0001\b.*?\btotals?\b)\s*\$?\s*{_FORM_MONEY}\b"
)
_FORM_PAID = re.compile(rf"(?i)(?:amount paid|prior payments?)\s*\$?\s*{_FORM_MONEY}\b")
# Box 24: from date (MM DD YY), to date, place of service, CPT/HCPCS, modifiers,
# diagnosis pointer, charges (dollars and cents in separate cells), units, NPI.
_CMS_LINE = re.compile(
    # The place of service may come out of a scan as anything ("11", "ia", "1l").
    r"(?:^|\s)(?P<pos>\S{1,3})\s+(?:[A-Z]\s+)?"
    r"(?P<code>\d{4}[0-9FTU]|[A-V]\d{4})(?:\s+[A-Z0-9]{2}(?=\s))*\s+(?:[A-L]{1,4}\s+)?"
    r"\$?\s?(?P<money>\d{1,3}(?:,\d{3})+[.\s]?\d{2}|\d+[.\s]?\d{2})"
    r"(?:\s+\d+(?:\.\d+)?)?(?:\s+\d{10})?\s*$"
)
# A box 24A date: MM DD YY, with or without separators.
_CMS_DATE = re.compile(r"^\s*(\d{2})[\s/-]?(\d{2})[\s/-]?(\d{4}|\d{2})(?!\d)")
# A UB-04 service line: revenue code, description, HCPCS, date (MMDDYY), units, charges.
_UB_REVENUE = re.compile(r"^\s*(?P<rev>0\d{3})\b\.?(?P<rest>.*)$")
_UB_DATE = re.compile(r"(?<!\d)(\d{6}|\d{8})(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}")
# OCR litter on scanned forms: stray quotes, bars, semicolons, copyright signs.
_LITTER = re.compile(r"[|;\"'\u00a9\u00ae\u2122\u201c\u201d\u2018\u2019`~_]")


def _clean(line: str) -> str:
    """A form line without OCR litter: stray marks, lone punctuation, \u00a7 for $."""
    words = _LITTER.sub(" ", line.replace("\u00a7", "$")).split()
    return " ".join(word for word in words if not re.fullmatch(r"[.,:*~-]+", word))


def _form_of(text: str) -> str | None:
    if _CMS.search(text):
        return "cms1500"
    if _UB.search(text):
        return "ub04"
    return None


def _form_money(raw: str) -> int:
    """Cents of "1,234.56", "1234 56" or "123456" (a form's dollars and cents cells)."""
    digits = re.sub(r"[^0-9]", "", raw)
    return int(digits[:-2] or 0) * 100 + int(digits[-2:])


def _compact_date(month: str, day: str, year: str) -> date | None:
    try:
        number = int(year)
        if number < 100:
            number += 2000 if number <= 30 else 1900
        return date(number, int(month), int(day))
    except ValueError:
        return None


def _cms_line(line: str) -> tuple[date | None, str, str | None, int] | None:
    """A box 24 line, read from its right end (place of service, code, pointer,
    charges, units, NPI), where scans keep their shape best; the date of service at its
    start is read when it is legible and left empty when it is not. The charges
    column prints dollars and cents in two cells, so "427 00" and "42700" are $427.00.
    """
    line = _TOKEN_DOTS.sub("", line)
    match = _CMS_LINE.search(line)
    if match is None or not looks_like_procedure(match["code"]):
        return None
    start = _CMS_DATE.match(line[: match.start()])
    when = _compact_date(*start.groups()) if start else None
    return when, match["code"], None, _form_money(match["money"])


# A dot OCR put after a token ("99215." "A."), not a decimal point.
_TOKEN_DOTS = re.compile(r"(?<=[0-9A-Za-z])\.(?=\s|$)")


def _ub_line(line: str) -> tuple[date | None, str, str | None, int] | None:
    """A UB-04 service line: revenue code, description, HCPCS, date, units, charges
    (then non-covered charges, which are not billed amounts)."""
    match = _UB_REVENUE.match(line)
    if match is None or match["rev"] == "0001":
        return None
    rest = match["rest"]
    found_date = _UB_DATE.search(rest)
    amounts = find_amounts(rest)
    if found_date is None or not amounts or amounts[0].start < found_date.end():
        return None
    raw = found_date.group(0)
    if "/" in raw:
        parsed = find_dates(raw)
        when = parsed[0].value if parsed else None
    else:
        when = _compact_date(raw[:2], raw[2:4], raw[4:])
    before = rest[: found_date.start()]
    code_match = PROCEDURE_PATTERN.search(before)
    code = code_match.group(1) if code_match else None
    described = before[: code_match.start()] if code_match else before
    description = " ".join(described.split()).strip(" .,-") or None
    return when, code or match["rev"], description, amounts[0].cents


def _rows(text: str) -> list[str]:
    """The page's table rows. A scanned row whose amounts sank onto the next line
    (a slight skew) is joined back to it: a dated line with no amount followed by an
    undated line of amounts."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (
            following
            and not find_amounts(line)
            and find_dates(line[:12])
            and find_amounts(following)
            and not find_dates(following)
        ):
            rows.append(f"{line} {following}")
            index += 2
            continue
        rows.append(line)
        index += 1
    return rows


def _charge_code(line: str) -> str | None:
    """The procedure code of a charge line (HCPCS/CPT), else a UB-04 revenue code."""
    for match in PROCEDURE_PATTERN.finditer(line):
        code = match.group(1)
        if looks_like_procedure(code) and not _is_in_date(line, match.start()):
            return code
    revenue = _REVENUE.match(line)
    return revenue.group(1) if revenue else None


def _is_in_date(line: str, position: int) -> bool:
    return any(found.start <= position < found.end for found in find_dates(line))


def _description(line: str, code: str | None) -> str | None:
    text = line
    for found in reversed(find_dates(text)):
        text = text[: found.start] + " " + text[found.end :]
    for amount in reversed(find_amounts(text)):
        text = text[: amount.start] + " " + text[amount.end :]
    if code:
        text = text.replace(code, " ", 1)
    text = _REVENUE.sub(" ", text)
    text = re.sub(r"(?i)\b(?:\d+\s*units?|x\s?\d+)\b", " ", text)
    text = re.sub(r"^(?:\s*\b\d{1,2}\b)+|(?:\b\d{1,2}\b\s*)+$", " ", text.strip())
    text = re.sub(r"\s+", " ", text).strip(" -\u2013|$:,#")
    return text[:120] if re.search(r"[A-Za-z]{3}", text) else None


_BILL_PROVIDER_LABEL = re.compile(
    r"(?i)(rendering|attending|treating|provider|physician|doctor|clinician|"
    r"signature of physician|therapist)"
)


_UB_ATTENDING = re.compile(
    r"(?i)ATTENDING\b[^\n]*?\bLAST\s+(?P<last>[A-Za-z'-]+)\s+FIRST\s+"
    r"(?P<first>[A-Za-z'-]+)"
)


def _bill_provider(text: str) -> str | None:
    """The clinician a bill names as rendering the services, if any."""
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
    lines: tuple[BillLine, ...],
) -> Counter[tuple[str, date | None, str | None, int]]:
    """Lines as comparable keys: how duplicates across productions are found."""
    return Counter(
        (line.kind.value, line.date, line.code, line.amount_cents) for line in lines
    )
