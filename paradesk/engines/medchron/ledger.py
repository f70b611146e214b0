"""A bill's own arithmetic, used to check what was read from it and to repair what the
arithmetic proves.

A scanned bill is read through OCR, which misreads digits and decimal points. A bill
also carries its own checks: a ledger's running balance moves by each row's amount,
and a statement's lines add up to its stated total. A row whose amount breaks its
running balance is repaired only when the balance before it and the rows after it
agree on one value, and that value's digits stand in the row; a row that could not be
read at all is added only when it is exactly what the stated total is missing. Every
repair is noted for the reviewer; a disagreement no single repair explains is noted
and leaves the bill unreconciled, never silently trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from paradesk.engines.medchron.models import BillLine, Citation, EntryKind

_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class Row:
    """A ledger row as read: its line (`index` into the statement's lines), the
    running balance printed at its end, and its text without that balance.

    `alone` says the row had a single amount, so that amount may be the balance with
    the row's own amount unreadable beside it ("79  00  3543.00").
    """

    index: int
    balance_cents: int
    text: str
    alone: bool = False


@dataclass(frozen=True)
class Loose:
    """A row that looks like a charge but could not be read in full: its line as the
    row's best reading. `dated` says the row's own date was read (its amount had
    lost its point: "60  99"), and it counts, with a note; one dated as the row
    above it (its own date spoiled) counts only when the stated total is short by
    exactly it."""

    line: BillLine
    dated: bool


def _signed(line: BillLine) -> int:
    return line.amount_cents if line.kind is EntryKind.CHARGE else -line.amount_cents


def _money(cents: int) -> str:
    """Cents as a bill prints them ("1,234.56", "-5.50"): no currency sign, as the
    rows it is compared with."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}{dollars:,}.{rest:02d}"


def _shows(text: str, cents: int) -> bool:
    """Whether the row's digits hold `cents` written out (e.g. "79  00" for 7900):
    a repair puts back what the row says, it never invents a number."""
    return str(cents) in _DIGITS.sub("", text)


def _shows_cents(text: str, cents: int) -> bool:
    """Whether the row shows at least the cents of `cents` as two digits of their
    own ("... Fak 25 ..." for 71.25)."""
    return re.search(rf"(?<!\d){cents % 100:02d}(?!\d)", text) is not None


def check_running_balances(
    lines: list[BillLine], rows: list[Row]
) -> tuple[list[BillLine], list[str], bool]:
    """Lines checked against the running balance printed on each row.

    Each row should move the balance by its amount (a charge up, a credit down). When
    a row does not, and the balance before it (from the rows above) and the row's own
    balance (confirmed by the row below, or by being the last row) imply one amount
    whose digits the row shows, the amount was misread: it is set to that amount.
    When the row's balance was the misread number (the row below agrees with the
    balance the row's amount gives), nothing changes. Anything else is left as read
    and noted.

    Returns:
        The lines (repaired where proven), notes for the reviewer, and whether every
        row agreed after the repairs.
    """
    repaired = list(lines)
    notes: list[str] = []
    agreed = True
    previous = 0  # a ledger opens at nothing owed
    for position, row in enumerate(rows):
        line = repaired[row.index]
        following = rows[position + 1] if position + 1 < len(rows) else None

        def next_agrees(balance: int, ahead: Row | None = following) -> bool:
            if ahead is None:
                return True
            moved = _signed(repaired[ahead.index])
            if ahead.alone:
                # Its one amount is its own, or its balance with its own amount
                # showing beside it: either way it follows from `balance`.
                owed = ahead.balance_cents - balance
                own = owed if moved > 0 else -owed
                return balance + moved == ahead.balance_cents or (
                    own > 0 and _shows(ahead.text, own)
                )
            return balance + moved == ahead.balance_cents

        if row.alone:
            # Its one amount is its own (the balance unread), or its balance (its
            # own amount unread, its digits beside it): the row below tells which;
            # the last row, with none below, is taken as its balance when its digits
            # show the amount that balance gives.
            implied = row.balance_cents - previous
            amount = implied if line.kind is EntryKind.CHARGE else -implied
            is_balance = next_agrees(row.balance_cents) and (
                following is None or not next_agrees(previous + _signed(line))
            )
            if is_balance and amount > 0 and amount != line.amount_cents:
                if _shows(row.text, amount):
                    notes.append(_repair_note(line, amount))
                elif following is not None and _shows_cents(row.text, amount):
                    # The balances above and below agree on it, and the row's
                    # cents are legible ("Fak 25"): its amount is no guess.
                    notes.append(_repair_note(line, amount, legible=False))
                else:
                    is_balance = False
                if is_balance:
                    repaired[row.index] = replace(line, amount_cents=amount)
                    previous = row.balance_cents
                    continue
            previous += _signed(line)
            continue
        if previous + _signed(line) == row.balance_cents:
            previous = row.balance_cents
            continue
        implied = row.balance_cents - previous
        amount = implied if line.kind is EntryKind.CHARGE else -implied
        if amount > 0 and next_agrees(row.balance_cents) and _shows(row.text, amount):
            notes.append(_repair_note(line, amount))
            repaired[row.index] = replace(line, amount_cents=amount)
            previous = row.balance_cents
        elif next_agrees(previous + _signed(line)):
            previous += _signed(line)  # the balance was misread, not the amount
        else:
            agreed = False
            notes.append(
                f"{line.citation.document} p. {line.citation.page}: "
                f'"{line.citation.quote}" does not agree with the running balance; '
                "check its amount by hand."
            )
            previous = row.balance_cents
    return repaired, notes, agreed


def _repair_note(line: BillLine, amount: int, *, legible: bool = True) -> str:
    shown = (
        "which the row shows"
        if legible
        else "the balances above and below agree, and the row shows its cents"
    )
    return (
        f"{line.citation.document} p. {line.citation.page}: the amount of "
        f'"{line.citation.quote}" was read as {_money(line.amount_cents)}; the '
        f"running balance gives {_money(amount)}; {shown}."
    )


def complete_from_total(
    lines: list[BillLine], loose: list[Loose], stated_total_cents: int | None
) -> tuple[list[BillLine], list[str]]:
    """The lines with the rows read only in part: those with their own date, and
    those dated from the row above when the stated total is short by exactly them
    (all of them, or else exactly one).

    Returns:
        The lines (with the proven rows added) and notes for the reviewer.
    """
    dated = [item.line for item in loose if item.dated]
    notes = [
        f"{line.citation.document} p. {line.citation.page}: the amount of "
        f'"{line.citation.quote}" lost its decimal point; it is counted as '
        f"{_money(line.amount_cents)}."
        for line in dated
    ]
    lines = lines + dated
    undated = [item.line for item in loose if not item.dated]
    if not undated or stated_total_cents is None:
        return lines, notes
    charged = sum(line.amount_cents for line in lines if line.kind is EntryKind.CHARGE)
    missing = stated_total_cents - charged
    fits = [line for line in undated if line.amount_cents == missing]
    if missing > 0 and sum(line.amount_cents for line in undated) == missing:
        added = undated
    elif missing > 0 and len(fits) == 1:
        added = fits
    else:
        return lines, notes
    notes += [
        f"{line.citation.document} p. {line.citation.page}: the date of "
        f'"{line.citation.quote}" could not be read; it is counted (dated as the row '
        "above it) because the stated total is short by exactly its amount."
        for line in added
    ]
    return lines + added, notes


def settle_signs(
    lines: list[BillLine], doubtful: list[int], stated_total_cents: int | None
) -> tuple[list[BillLine], list[str]]:
    """Coded rows read as credits only for a minus sign before their amount, and no
    credit wording ("97110 ... -$162.00"), made charges when the stated total is
    short by exactly them (all of them, or else exactly one): OCR turns table rules
    and specks into minus signs.

    Returns:
        The lines (the proven rows made charges) and notes for the reviewer.
    """
    if not doubtful or stated_total_cents is None:
        return lines, []
    charged = sum(line.amount_cents for line in lines if line.kind is EntryKind.CHARGE)
    missing = stated_total_cents - charged
    if missing <= 0:
        return lines, []
    if sum(lines[index].amount_cents for index in doubtful) == missing:
        flipped = doubtful
    else:
        flipped = [i for i in doubtful if lines[i].amount_cents == missing][:2]
        if len(flipped) != 1:
            return lines, []
    settled = list(lines)
    notes = []
    for index in flipped:
        line = settled[index]
        settled[index] = replace(line, kind=EntryKind.CHARGE)
        notes.append(
            f"{line.citation.document} p. {line.citation.page}: "
            f'"{line.citation.quote}" has a minus sign but no credit wording; it is '
            "counted as a charge because the stated total is short by exactly its "
            "amount."
        )
    return settled, notes


def _one_digit_apart(first: int, second: int) -> bool:
    a, b = str(first), str(second)
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def repair_from_fees(
    lines: list[BillLine], stated_total_cents: int | None
) -> tuple[list[BillLine], list[str]]:
    """A charge whose amount OCR misread in one digit ("2,622.25" for "2,822.25"),
    set to the amount the provider charges for the same code on its other lines, when
    that makes the lines add up to the stated total exactly and no other line could.

    Returns:
        The lines (the one proven line repaired) and notes for the reviewer.
    """
    if stated_total_cents is None:
        return lines, []
    charges = [
        (index, line)
        for index, line in enumerate(lines)
        if line.kind is EntryKind.CHARGE and line.code
    ]
    gap = stated_total_cents - sum(
        line.amount_cents for line in lines if line.kind is EntryKind.CHARGE
    )
    if gap == 0:
        return lines, []
    fees: dict[str, set[int]] = {}
    for _, line in charges:
        fees.setdefault(line.code or "", set()).add(line.amount_cents)
    candidates = [
        (index, line, line.amount_cents + gap)
        for index, line in charges
        if line.amount_cents + gap in fees[line.code or ""]
        and sum(other.amount_cents == line.amount_cents + gap for _, other in charges)
        >= 2
        and _one_digit_apart(line.amount_cents, line.amount_cents + gap)
    ]
    if len(candidates) != 1:
        return lines, []
    index, line, amount = candidates[0]
    repaired = list(lines)
    repaired[index] = replace(line, amount_cents=amount)
    return repaired, [
        f"{line.citation.document} p. {line.citation.page}: the amount of "
        f'"{line.citation.quote}" was read as {_money(line.amount_cents)}; the bill '
        f"charges {_money(amount)} for {line.code} on its other lines, one digit "
        "apart, and with it the lines add up to the stated total."
    ]


def check_balance_due(
    lines: list[BillLine], stated_total_cents: int | None, balance_cents: int | None
) -> str | None:
    """The printed balance due checked against the printed total less the payments
    and adjustments read: a credit OCR misread or lost ("Less adjustments on
    -$210.56") leaves them apart. Nothing is repaired from it (which credit is wrong
    the balance cannot tell).

    Returns:
        A note for the reviewer when they disagree, else None.
    """
    if stated_total_cents is None or balance_cents is None:
        return None
    credited = sum(
        line.amount_cents for line in lines if line.kind is not EntryKind.CHARGE
    )
    if stated_total_cents - credited == balance_cents:
        return None
    where = next((line.citation for line in lines), None)
    place = f"{where.document} p. {where.page}: " if where else ""
    return (
        f"{place}the bill's total {_money(stated_total_cents)} less the payments and "
        f"adjustments read ({_money(credited)}) is not the balance due it prints, "
        f"{_money(balance_cents)}; check its payments and adjustments by hand."
    )


def unchecked(document: str, pages: list[int], missing_total: bool) -> str | None:
    """A bill with charges but neither a printed total that could be read nor a
    running balance: nothing checks its lines. The reviewer is told, but the bill is
    not called unreconciled: only arithmetic that fails proves that.

    Returns:
        A note for the reviewer when so, else None.
    """
    if not missing_total:
        return None
    shown = ", ".join(str(page) for page in pages)
    return (
        f"{document} p. {shown}: no printed total could be read for this bill, so "
        "nothing checks the lines read from it; check them against the page."
    )


@dataclass(frozen=True)
class Unread:
    """A dated row with a procedure code whose amount could not be read: its date and
    code as read, and the text after the code, where its amount stands if anywhere."""

    citation: Citation
    date: date | None
    code: str | None
    after_code: str
    # How many lines of the bill were read before it: where it goes when counted.
    position: int = 0


def shows_amount(text: str, cents: int) -> bool:
    """Whether `text` holds `cents` as one amount of its own: dollars and cents with
    or without the rule between their cells, with the spaces OCR puts around its marks
    and the point it misreads ("2190 25", "219025", "2,190.25", "2, 190 . 25",
    "$162:00", a speck before it: ".653 00"), not digits run together with a date's or
    an NPI's."""
    dollars = f"{cents // 100:,}".replace(",", r"[,\s]{0,2}")
    return (
        re.search(
            rf"(?<![\d,])(?<!\d\.){dollars}[\s.,:;\-]{{0,3}}{cents % 100:02d}(?![\d,])",
            text,
        )
        is not None
    )


def complete_unread_from_total(
    lines: list[BillLine], unread: list[Unread], stated_total_cents: int | None
) -> tuple[list[BillLine], list[Unread], list[str]]:
    """The one row whose amount could not be read, counted at what the stated total
    lacks, when the row itself shows exactly that amount ("A 7 32000" for $320.00: a
    speck before the charges cell spoiled the row's shape, not its digits).

    Never more than one row: with two, the total cannot tell which lacks what.

    Returns:
        The lines, the rows still unread, and a note for each row counted.
    """
    if len(unread) != 1 or stated_total_cents is None:
        return lines, unread, []
    [row] = unread
    charged = sum(line.amount_cents for line in lines if line.kind is EntryKind.CHARGE)
    missing = stated_total_cents - charged
    if missing <= 0 or not shows_amount(row.after_code, missing):
        return lines, unread, []
    line = BillLine(EntryKind.CHARGE, row.date, row.code, None, missing, row.citation)
    note = (
        f"{row.citation.document} p. {row.citation.page}: the amount of "
        f'"{row.citation.quote}" could not be read in its place; it is counted as '
        f"{_money(missing)}, which the stated total lacks and the row shows."
    )
    at = min(row.position, len(lines))
    return [*lines[:at], line, *lines[at:]], [], [note]


def unread_rows(rows: list[Citation]) -> str:
    """The note naming the dated, coded rows of a bill that does not reconcile whose
    amount could not be read at all: the first place a reviewer should look."""
    first = rows[0]
    pages = ", ".join(str(page) for page in sorted({row.page for row in rows}))
    count = f"{len(rows)} rows show" if len(rows) > 1 else "1 row shows"
    return (
        f"{first.document} p. {pages}: {count} a date and a procedure code but no "
        f'amount that could be read (the first: "{first.quote}"); they are not '
        "counted."
    )


def check_credit_totals(
    lines: list[BillLine], printed: dict[EntryKind, BillLine]
) -> list[str]:
    """The payments and adjustments read row by row checked against the totals of
    them the bill prints ("Total payments: $249.05"): a credit row OCR lost or
    misread leaves them apart, and nothing else may check it (a statement with no
    balance due). A printed total of "credits" mixes both kinds and is not used.
    Nothing is repaired from it (the total cannot tell which row is wrong).

    Returns:
        A note for the reviewer per kind whose rows and printed total disagree.
    """
    notes = []
    for kind, total in printed.items():
        if (total.description or "").lower().startswith("credit"):
            continue
        rows = [line.amount_cents for line in lines if line.kind is kind]
        if not rows or sum(rows) == total.amount_cents:
            continue
        what = "payments" if kind is EntryKind.PAYMENT else "adjustments"
        notes.append(
            f"{total.citation.document} p. {total.citation.page}: the {what} read "
            f"row by row add up to {_money(sum(rows))}, but the bill prints "
            f'"{total.citation.quote}"; check its {what} by hand.'
        )
    return notes
