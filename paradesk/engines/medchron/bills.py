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
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from paradesk.engines.medchron.codes import PROCEDURE_PATTERN, looks_like_procedure
from paradesk.engines.medchron.ledger import (
    Loose,
    Row,
    Unread,
    check_balance_due,
    check_credit_totals,
    check_running_balances,
    complete_from_total,
    complete_unread_from_total,
    repair_from_fees,
    settle_signs,
    unchecked,
    unread_rows,
)
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

# Credit wording. A word that also names care is no credit: "Encounter for check up
# (procedure)" is a charge, as is "Closed reduction of fracture"; a check is a payment
# only as "check #", "check no." or "chk".
_PAYMENT = re.compile(
    r"(?i)\b(pmt|payment|paid|pymt|check\s*(?:#|no\b|number)|chk|ck\s?#|eob|remit|"
    r"copay|co-pay|receipt|received|credit card|visa|mastercard|cash|med ?pay|pip|"
    r"insurance paid|ins paid|patient pay|pt pay|refund)\b"
)
_ADJUSTMENT = re.compile(
    r"(?i)\b(adj|adjustment|adjmt|write[- ]?off|w/o|contractual|contract adj|discount|"
    r"courtesy|(?:settlement|courtesy|balance|lien|attorney) reduction|allowance|"
    r"disallow\w*|not covered|denial|denied|prompt pay)\b"
)
_TOTAL_CHARGES = re.compile(
    r"(?i)(total\s+charges?|total\s+billed|charges?\s+total|"
    r"total\s+amount\s+(?:billed|charged)|grand\s+total|"
    r"total\s+(?:for\s+)?(?:services|charges this statement)|^\s*0001\b.*total|"
    r"\btotal\s+fees?|total\s+price|^\s*totals?\s*[:$]|^\s*totals?\s+(?=[$\d(])|"
    r"^\s*total\s+\$|"
    r"28\.?\s*total charge)"
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
_REVENUE = re.compile(r"^\s*(0\d{3})\b")


@dataclass(frozen=True)
class _Columns:
    """The money columns a table header names, in order (None: not ours to sum)."""

    kinds: tuple[EntryKind | None, ...]


def _header_columns(line: str) -> _Columns | None:
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
    return _Columns(tuple(kinds))


_CHARGE_HEAD = re.compile(r"(?i)\b(charges?|amount|fee)\b")
_ROW_HEAD = re.compile(r"(?i)\b(dos|date|cpt|code|hcpcs)\b")


def _is_table_head(line: str) -> bool:
    """A bill table's column heads: money columns, or a charge column beside a date
    or code column ("DOS CPT Description Units Charge")."""
    if _header_columns(line) is not None:
        return True
    return bool(
        _CHARGE_HEAD.search(line)
        and _ROW_HEAD.search(line)
        and not find_amounts(line)
        and not find_dates(line)
    )


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
    # Rows of a ledger with a running balance, for `ledger.check_running_balances`.
    rows: list[Row] = field(default_factory=list)
    # Charge rows read only in part, for `ledger.complete_from_total`.
    loose: list[Loose] = field(default_factory=list)
    # Coded rows read as credits for a minus sign alone, for `ledger.settle_signs`.
    doubtful: list[int] = field(default_factory=list)
    # Dated rows with a procedure code whose amount could not be read at all, named
    # to the reviewer when the bill does not reconcile.
    unread: list[Unread] = field(default_factory=list)
    # The printed balance due, checked against the total less payments and
    # adjustments (`ledger.check_balance_due`).
    stated_balance_cents: int | None = None


# A bill's own title, as it heads its first page.
_BILL_TITLE = re.compile(
    r"(?i)^[\W_]*(?:itemi[sz]ed (?:statement|bill)|account (?:ledger|statement)|"
    r"statement of account|patient ledger)\b"
)


def opens_bill(text: str) -> bool:
    """Whether `text` is the first page of a statement or ledger, whatever else its
    words say: a bill's title near its top, then a table's column heads. (A scan
    whose charge column OCR lost keeps only "manipulation" and "97140" on its
    rows, and would be read as a therapy note, its provider lost to the bill.)"""
    lines = [line for line in text.splitlines() if line.strip()]
    return any(_BILL_TITLE.match(line) for line in lines[:12]) and any(
        _is_table_head(line)
        or (
            len(set(_ROW_WORDS.findall(line.lower()))) >= 3
            and not find_amounts(line)
            and not find_dates(line)
        )
        for line in lines[:20]
    )


# The heads of a bill table's row columns, which stand even where OCR lost its money
# columns ("DOS CPT Description Units").
_ROW_WORDS = re.compile(r"\b(dos|date|cpt|code|hcpcs|description|units?|qty)\b")


class BillReader:
    """Reads one document's bill pages in order into statements."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.current: _StatementBuilder | None = None
        self.columns: _Columns | None = None
        # Whether the table's last column is a running balance.
        self.running = False
        self.statements: list[Statement] = []

    def continues(self, text: str) -> bool:
        """Whether `text` is the next page of the statement being read, whatever its
        words: it repeats the table's column heads at its top and has rows of money.
        (A therapy ledger's second page is all "manual therapy" and "97140", and
        would be read as a therapy note.)"""
        current = self.current
        if current is None or current.stated_total_cents is not None:
            return False
        top = [line for line in text.splitlines() if line.strip()][:4]
        return any(_is_table_head(line) for line in top) and any(
            find_amounts(line) and find_dates(line) for line in _rows(text)
        )

    def page(self, number: int, text: str) -> None:
        provider = _bill_provider(text)
        # A claim form has no letterhead (its first line names insurance programs);
        # box 32 names the facility.
        located = _form_facility(text) if _form_of(text) else None
        facility = located or facility_from_letterhead(text)
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
            self.running = False
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
                self.running = bool(_BALANCE_LAST.search(line))
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
            return
        service = (
            _CMS_DATE.match(line)
            if form == "cms1500"
            else _UB_REVENUE.match(line)
            if not line.startswith("0001")
            else None
        )
        if service is None:
            return
        # After a claim form's date, or after a UB-04 revenue code (whose match
        # runs to the end of the line).
        after = line[service.end() :] if form == "cms1500" else service["rest"]
        coded = _charge_code_at(after)
        if coded:
            when = (
                _compact_date(*service.groups())
                if form == "cms1500"
                else _ub_date(after)
            )
            current.unread.append(
                Unread(citation, when, coded[0], after[coded[1] :], len(current.lines))
            )

    def _line(
        self, current: _StatementBuilder, page: int, page_text: str, line: str
    ) -> None:
        amounts = find_amounts(line)
        if not amounts:
            self._loose(current, page, page_text, line)
            return
        citation = Citation(
            self.document, page, squash(line), quote_on_page(line, page_text)
        )
        total = _TOTAL_CHARGES.search(line)
        if total and not _OTHER_TOTALS.search(line.split(":")[0]):
            current.stated_total_cents = self._total(current, line, amounts, citation)
            return
        summary = _SUMMARY.match(line)
        if summary and not find_dates(line):
            kind = (
                EntryKind.PAYMENT
                if re.match(r"(?i)pay|paid|credit|receipt", summary.group("what"))
                else EntryKind.ADJUSTMENT
            )
            if amounts[-1].cents:
                cents = amounts[-1].cents
                before = current.summary.get(kind)
                if before is not None and not _TOTAL_WORD.match(line):
                    # "Plan paid 171.76" then "Patient paid 62.93": each payer's
                    # part; a "Total payments" line after them gives the sum itself.
                    cents += before.amount_cents
                current.summary[kind] = BillLine(
                    kind,
                    None,
                    None,
                    summary.group("what").capitalize(),
                    cents,
                    citation,
                )
            return
        if _BALANCE_DUE.match(line) and len(amounts) == 1 and not find_dates(line):
            due = amounts[0]
            current.stated_balance_cents = -due.cents if due.negative else due.cents
            return
        if _OTHER_TOTALS.search(line) and not _PAYMENT.search(line.split(" ")[0]):
            return
        dates = find_dates(line)
        if not dates:
            if self._undated_credit(current, line, amounts, citation):
                return
            self._loose(current, page, page_text, line, amounts)
            return
        when = dates[0].value
        several = self._row_entries(line, amounts)
        if several is not None:
            for kind, cents, code, description in several:
                current.lines.append(
                    BillLine(kind, when, code, description, cents, citation)
                )
            return
        entry = self._entry(line, amounts, dates[-1].end)
        if entry is None:
            return
        kind, cents, code, description = entry
        if cents == 0:
            return
        current.lines.append(BillLine(kind, when, code, description, cents, citation))
        if (
            kind is EntryKind.ADJUSTMENT
            and _charge_code(line)
            and not _PAYMENT.search(line)
            and not _ADJUSTMENT.search(line)
        ):
            current.doubtful.append(len(current.lines) - 1)
        if self.running:
            last = amounts[-1]
            current.rows.append(
                Row(
                    len(current.lines) - 1,
                    last.cents,
                    line[: last.start] + line[last.end :],
                    alone=len(amounts) == 1,
                )
            )

    def _row_entries(
        self, line: str, amounts: list[Amount]
    ) -> list[tuple[EntryKind, int, str | None, str | None]] | None:
        """A row that charges and credits at once, under the table's columns
        ("95886 ... 680.00 219.00 0.00 461.00" under "Charges Payments Adjust.
        Balance"): each money column its own entry. A balance column must be the
        row's own (charge less its credits); a running balance is read row by row
        instead (`ledger.check_running_balances`)."""
        columns = self.columns
        if not columns or len(amounts) != len(columns.kinds) or len(amounts) < 2:
            return None
        by_kind: dict[EntryKind, int] = {}
        balance: int | None = None
        for kind, amount in zip(columns.kinds, amounts, strict=True):
            cents = -amount.cents if amount.negative else amount.cents
            if kind is None:
                balance = cents if balance is None else balance
            elif kind not in by_kind:
                by_kind[kind] = abs(cents)
        charge = by_kind.get(EntryKind.CHARGE, 0)
        credits = {
            kind: cents
            for kind, cents in by_kind.items()
            if kind is not EntryKind.CHARGE and cents
        }
        if not charge or not credits:
            return None
        if balance is not None and charge - sum(credits.values()) != balance:
            return None
        code = _charge_code(line)
        description = _description(line, code)
        entries: list[tuple[EntryKind, int, str | None, str | None]] = [
            (EntryKind.CHARGE, charge, code, description)
        ]
        entries += [(kind, cents, None, description) for kind, cents in credits.items()]
        return entries

    def _undated_credit(
        self,
        current: _StatementBuilder,
        line: str,
        amounts: list[Amount],
        citation: Citation,
    ) -> bool:
        """A credit row printed without its own date under the row it settles
        ("Contractual adjustment (600.00)", "Insurance payment - BCBS 250.00"):
        a payment or adjustment of the row above, when its words say so and it has
        no procedure code."""
        said = _credit_said(line)
        if said is None or not current.lines or _charge_code(line):
            return False
        first = next((amount for amount in amounts if amount.cents), None)
        if first is None:
            return False
        current.lines.append(
            BillLine(
                said,
                current.lines[-1].date,
                None,
                _description(line, None),
                first.cents,
                citation,
            )
        )
        return True

    def _total(
        self,
        current: _StatementBuilder,
        line: str,
        amounts: list[Amount],
        citation: Citation,
    ) -> int:
        """The total charges a totals row prints. A row under the table's money
        columns ("Totals 1,250.00 (300.00) (600.00) 350.00") gives each column's sum:
        the charges column is the total, the payment and adjustment columns are the
        sums the itemized credits are checked against (never the balance column)."""
        columns = self.columns
        if columns and len(amounts) == len(columns.kinds) and len(amounts) > 1:
            by_kind: dict[EntryKind, Amount] = {}
            for kind, amount in zip(columns.kinds, amounts, strict=True):
                if kind is not None and kind not in by_kind:
                    by_kind[kind] = amount
            for kind in (EntryKind.PAYMENT, EntryKind.ADJUSTMENT):
                credit = by_kind.get(kind)
                if credit is not None and credit.cents:
                    current.summary.setdefault(
                        kind,
                        BillLine(
                            kind,
                            None,
                            None,
                            f"Total {kind.value}s",
                            credit.cents,
                            citation,
                        ),
                    )
            if EntryKind.CHARGE in by_kind:
                return by_kind[EntryKind.CHARGE].cents
        if len(amounts) > 1:
            # "Total charges 1,250.00  Balance 350.00": the amount after the words.
            label = _TOTAL_CHARGES.search(line)
            after = [a for a in amounts if label is None or a.start >= label.end()]
            return (after or amounts)[0].cents
        return amounts[-1].cents

    def _loose(
        self,
        current: _StatementBuilder,
        page: int,
        page_text: str,
        line: str,
        amounts: list[Amount] | None = None,
    ) -> None:
        """A charge row read only in part: a procedure code and an amount but a date
        OCR spoiled ("41-Jan-2023"), or a date and a code but an amount whose point
        is lost ("60  99", "168.  0.0"). Kept aside for the stated total to judge,
        dated as the row above it (rows run in date order)."""
        coded = _charge_code_at(line)
        if coded is None or _REVENUE.match(line):
            return
        code, code_end = coded
        dates = find_dates(line)
        if not dates and not current.lines:
            return  # no row above to date it by
        if amounts:
            if dates or len(amounts) != 1 or amounts[0].negative:
                return
            cents = amounts[0].cents
        else:
            loose = _LOOSE_AMOUNT.search(line)
            if not dates or loose is None:
                if dates and not (_PAYMENT.search(line) or _ADJUSTMENT.search(line)):
                    current.unread.append(
                        Unread(
                            self._cite(page, page_text, line),
                            dates[0].value,
                            code,
                            line[code_end:],
                            len(current.lines),
                        )
                    )
                return
            cents = int(loose["int"].replace(",", "")) * 100 + int(
                loose["tens"] + loose["ones"]
            )
        if not cents or _PAYMENT.search(line) or _ADJUSTMENT.search(line):
            return
        when = dates[0].value if dates else current.lines[-1].date
        current.loose.append(
            Loose(
                BillLine(
                    EntryKind.CHARGE,
                    when,
                    code,
                    _description(line, code),
                    cents,
                    self._cite(page, page_text, line),
                ),
                dated=bool(dates),
            )
        )

    def _entry(
        self, line: str, amounts: list[Amount], after_dates: int
    ) -> tuple[EntryKind, int, str | None, str | None] | None:
        code = _charge_code(line)
        said = _credit_said(line)
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
        # A row with a procedure code and no credit wording is a charge even when a
        # mark OCR read as a minus stands before its amount ("97530 ... - 91.99").
        if first.negative and not (first.detached and code and said is None):
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
        # A bill whose rows show a date and a code but whose amounts OCR lost
        # altogether is still a bill: dropped, it would vanish from the specials
        # without a word.
        if current is None or not (
            current.lines
            or current.stated_total_cents is not None
            or current.summary
            or current.unread
        ):
            return
        lines, notes, agree = check_running_balances(current.lines, current.rows)
        pages = sorted(
            {line.citation.page for line in current.lines}
            | {row.citation.page for row in current.unread}
        )
        lines, signed = settle_signs(
            lines, current.doubtful, current.stated_total_cents
        )
        lines, completed = complete_from_total(
            lines, current.loose, current.stated_total_cents
        )
        lines, unread, counted = complete_unread_from_total(
            lines, current.unread, current.stated_total_cents
        )
        completed += counted
        if not current.rows:
            # A ledger's rows are checked by their balances; a statement's only by
            # its total.
            lines, fees = repair_from_fees(lines, current.stated_total_cents)
            notes += fees
        notes += signed
        credits = check_credit_totals(lines, current.summary)
        if credits:
            agree = False
            notes += credits
        for kind, summary_line in current.summary.items():
            if not any(line.kind is kind for line in lines):
                lines.append(summary_line)
        checks = [
            check_balance_due(
                lines, current.stated_total_cents, current.stated_balance_cents
            ),
        ]
        # What nothing could check, or whose bill it is, is for the reviewer to see;
        # it does not make the bill unreconciled (only failed arithmetic does).
        told = unchecked(
            current.document,
            pages,
            bool(
                current.stated_total_cents is None
                and not current.rows
                and (lines or current.unread)
            ),
        )
        if told is not None:
            notes.append(told)
            if current.unread:
                # Rows that show a date and a code but no amount: money is missing
                # from the bill as read, which is proof enough.
                agree = False
        if not (current.provider or current.facility):
            # Its total may be right, but filed under no name it is no one's
            # specials: a person must say whose bill it is.
            shown = ", ".join(str(page) for page in pages)
            notes.append(
                f"{current.document} p. {shown}: no provider or facility could be "
                "read on this bill; check whose bill it is."
            )
        for note in checks:
            if note is not None:
                agree = False
                notes.append(note)
        charged = sum(
            line.amount_cents for line in lines if line.kind is EntryKind.CHARGE
        )
        if unread and (not agree or current.stated_total_cents not in (None, charged)):
            notes.append(unread_rows([row.citation for row in unread]))
        self.statements.append(
            Statement(
                document=current.document,
                provider=current.provider or current.facility or "Unknown provider",
                facility=current.facility,
                lines=tuple(lines),
                stated_total_cents=current.stated_total_cents,
                notes=tuple(notes + completed),
                balances_agree=agree,
            )
        )


# The balance a statement says is owed ("BALANCE DUE $976.24", "Balance due:").
_BALANCE_DUE = re.compile(r"(?i)^[\W_]*(?:balance due|amount due|patient balance)\b")
# A table whose last column is the running balance ("... Charges Credits Balance").
_BALANCE_LAST = re.compile(r"(?i)\b(?:balance|bal\.?)\W*$")
# The end of a row whose amount lost its point to OCR: "60  99", "168.  0.0".
_LOOSE_AMOUNT = re.compile(
    r"(?<![\d.,/])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\s{2,3}|\.?\s{1,3}[.,]?)"
    r"(?P<tens>\d)\.?(?P<ones>\d)[^\w]*$"
)
_TOTAL_WORD = re.compile(r"(?i)^[\W_]*total\b")
_SUMMARY = re.compile(
    r"(?i)^[\W_]*(?:less|total|minus|prior|insurance|patient|plan)?[\W_]*"
    r"(?P<what>payments?(?: received)?|paid|credits?|receipts|adjustments?|"
    r"write-?offs?)\s*(?:to date|applied)?"
    # A speck OCR read as a short lower-case word, maybe after stray marks ("Less
    # adjustments on -$210.56", "Less adjustments ; . a (447.08)").
    r"(?:[^\w$\u00a7(\-]*\s[a-z]{1,3}(?=[^\w]))?"
    r"[^\w$\u00a7(-]*[-($\u00a7]*\s*[$\u00a7]?\d"
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


def _form_facility(text: str) -> str | None:
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
_FORM_TOTAL = re.compile(
    rf"(?i)(?:(?:28\.?\s*)?total charges?\b|"
    rf"^\s*0001\b.*?\btotals?\b)[\s$]*{_FORM_MONEY}\b"
)
_FORM_PAID = re.compile(rf"(?i)(?:amount paid|prior payments?)[\s$]*{_FORM_MONEY}\b")
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
_CMS_DATE = re.compile(
    r"^\s*(?:[1-6]\s+(?=\d\d[\s/-]?\d\d))?(\d{2})[\s/-]?(\d{2})[\s/-]?(\d{4}|\d{2})(?!\d)"
)
# A UB-04 service line: revenue code, description, HCPCS, date (MMDDYY), units, charges.
_UB_REVENUE = re.compile(r"^\s*(?P<rev>0\d{3})\b\.?(?P<rest>.*)$")
_UB_DATE = re.compile(r"(?<!\d)(\d{6}|\d{8})(?!\d)|\d{1,2}/\d{1,2}/\d{2,4}")
# OCR litter on scanned forms: stray quotes, bars, semicolons, copyright signs.
_LITTER = re.compile(
    r"[|;\"'\u00a9\u00ae\u2122\u201c\u201d\u2018\u2019`~_!\u00b0\u00ab\u00bb]"
)


# A bracket or plus sign glued to the front or back of a number ("11+ (72141").
_GLUED = re.compile(r"(?<!\S)[(\[{+]+(?=\d)|(?<=\d)[)\]}+]+(?!\S)")


def _clean(line: str) -> str:
    """A form line without OCR litter: stray marks, lone punctuation, \u00a7 for $,
    brackets glued to numbers (a form's boxes print no brackets)."""
    line = _GLUED.sub("", line)
    words = _LITTER.sub(" ", line.replace("\u00a7", "$")).split()
    return " ".join(
        word for word in words if not re.fullmatch(r"[.,:*~\-\u2013\u2014]+", word)
    )


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


# A dot or dash OCR put after a token ("99215." "A." "72141-"), not a decimal point
# (a claim form prints neither there).
_TOKEN_DOTS = re.compile(r"(?<=[0-9A-Za-z])[.\-](?=\s|$)")


def _ub_date(text: str) -> date | None:
    """The first service date of a UB-04 line's text (MMDDYY, MMDDYYYY or M/D/YY)."""
    found = _UB_DATE.search(text)
    if found is None:
        return None
    raw = found.group(0)
    if "/" in raw:
        parsed = find_dates(raw)
        return parsed[0].value if parsed else None
    return _compact_date(raw[:2], raw[2:4], raw[4:])


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
    when = _ub_date(found_date.group(0))
    before = rest[: found_date.start()]
    code_match = PROCEDURE_PATTERN.search(before)
    code = code_match.group(1) if code_match else None
    described = before[: code_match.start()] if code_match else before
    description = " ".join(described.split()).strip(" .,-") or None
    return when, code or match["rev"], description, amounts[0].cents


_LONE_AMOUNT = re.compile(r"[$\u00a7(\-]*\s*[\d,.]+\s*\)?")
# Marks OCR leaves before a row's first cell ("- 04/06/2023", "' 7/30/24", "~ 03/09"),
# which would hide its date; a sign or bracket of an amount stays.
_LEADING_LITTER = re.compile(r"^[^\w$\u00a7(]+")


# A written date that a narrow column broke before its year ("March 25th," /
# "2023 99285 ED visit ... 1,601.00").
_DATE_WITHOUT_YEAR = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?$"
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


def _rows(text: str) -> list[str]:
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
            or _TOTAL_CHARGES.search(line)
            or _OTHER_TOTALS.search(line)
            or _is_table_head(line)
        ):
            return None
        if find_amounts(line):
            return index
        if len(line) > 60:
            return None  # prose, not a wrapped description
    return None


def _credit_said(line: str) -> EntryKind | None:
    """The kind of credit a row's words name (payment first), or None."""
    if _PAYMENT.search(line):
        return EntryKind.PAYMENT
    if _ADJUSTMENT.search(line):
        return EntryKind.ADJUSTMENT
    return None


def _charge_code(line: str) -> str | None:
    """The procedure code of a charge line (HCPCS/CPT), else a UB-04 revenue code."""
    found = _charge_code_at(line)
    return found[0] if found else None


def _charge_code_at(line: str) -> tuple[str, int] | None:
    """`_charge_code` and where it ends in the line."""
    for match in PROCEDURE_PATTERN.finditer(line):
        code = match.group(1)
        if looks_like_procedure(code) and not _is_in_date(line, match.start()):
            return code, match.end(1)
    revenue = _REVENUE.match(line)
    return (revenue.group(1), revenue.end(1)) if revenue else None


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


def _bill_provider(text: str) -> str | None:
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
