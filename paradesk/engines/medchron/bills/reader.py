"""Reading a bill's pages into statements: the reader, its table columns and the
summary lines a statement prints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from paradesk.engines.medchron.bills.forms import (
    CMS_DATE,
    FORM_PAID,
    FORM_TOTAL,
    UB_REVENUE,
    clean_form_line,
    cms_line,
    compact_date,
    form_facility,
    form_money,
    form_of,
    ub_date,
    ub_line,
)
from paradesk.engines.medchron.bills.rows import (
    ADJUSTMENT_WORDS,
    OTHER_TOTALS,
    PAYMENT_WORDS,
    REVENUE,
    TOTAL_CHARGES,
    Columns,
    bill_provider,
    charge_code,
    charge_code_at,
    credit_said,
    describe_row,
    header_columns,
    is_table_head,
    page_rows,
)
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
)
from paradesk.engines.medchron.text import (
    Amount,
    find_amounts,
    find_dates,
    quote_on_page,
    squash,
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
        is_table_head(line)
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
        self.columns: Columns | None = None
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
        return any(is_table_head(line) for line in top) and any(
            find_amounts(line) and find_dates(line) for line in page_rows(text)
        )

    def page(self, number: int, text: str) -> None:
        provider = bill_provider(text)
        # A claim form has no letterhead (its first line names insurance programs);
        # box 32 names the facility.
        located = form_facility(text) if form_of(text) else None
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
        form = form_of(text)
        for line in page_rows(text):
            if form is not None:
                self._form_line(form, current, number, text, line)
                continue
            columns = header_columns(line)
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
        line = clean_form_line(line)
        parsed = (cms_line if form == "cms1500" else ub_line)(line)
        if parsed is not None:
            when, code, description, cents = parsed
            if cents:
                current.lines.append(
                    BillLine(EntryKind.CHARGE, when, code, description, cents, citation)
                )
            return
        total = FORM_TOTAL.search(line)
        if total:
            current.stated_total_cents = form_money(total.group("money"))
            return
        paid = FORM_PAID.search(line)
        if paid:
            cents = form_money(paid.group("money"))
            if cents:
                current.summary[EntryKind.PAYMENT] = BillLine(
                    EntryKind.PAYMENT, None, None, "Amount paid", cents, citation
                )
            return
        service = (
            CMS_DATE.match(line)
            if form == "cms1500"
            else UB_REVENUE.match(line)
            if not line.startswith("0001")
            else None
        )
        if service is None:
            return
        # After a claim form's date, or after a UB-04 revenue code (whose match
        # runs to the end of the line).
        after = line[service.end() :] if form == "cms1500" else service["rest"]
        coded = charge_code_at(after)
        if coded:
            when = (
                compact_date(*service.groups()) if form == "cms1500" else ub_date(after)
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
        total = TOTAL_CHARGES.search(line)
        if total and not OTHER_TOTALS.search(line.split(":")[0]):
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
        if OTHER_TOTALS.search(line) and not PAYMENT_WORDS.search(line.split(" ")[0]):
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
            and charge_code(line)
            and not PAYMENT_WORDS.search(line)
            and not ADJUSTMENT_WORDS.search(line)
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
        code = charge_code(line)
        description = describe_row(line, code)
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
        said = credit_said(line)
        if said is None or not current.lines or charge_code(line):
            return False
        first = next((amount for amount in amounts if amount.cents), None)
        if first is None:
            return False
        current.lines.append(
            BillLine(
                said,
                current.lines[-1].date,
                None,
                describe_row(line, None),
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
            label = TOTAL_CHARGES.search(line)
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
        coded = charge_code_at(line)
        if coded is None or REVENUE.match(line):
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
                if dates and not (
                    PAYMENT_WORDS.search(line) or ADJUSTMENT_WORDS.search(line)
                ):
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
        if not cents or PAYMENT_WORDS.search(line) or ADJUSTMENT_WORDS.search(line):
            return
        when = dates[0].value if dates else current.lines[-1].date
        current.loose.append(
            Loose(
                BillLine(
                    EntryKind.CHARGE,
                    when,
                    code,
                    describe_row(line, code),
                    cents,
                    self._cite(page, page_text, line),
                ),
                dated=bool(dates),
            )
        )

    def _entry(
        self, line: str, amounts: list[Amount], after_dates: int
    ) -> tuple[EntryKind, int, str | None, str | None] | None:
        code = charge_code(line)
        said = credit_said(line)
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
                    describe_row(line, code),
                )
        first = next((amount for amount in amounts if amount.cents), None)
        if first is None:
            return None
        if said is not None and code is None:
            return said, first.cents, None, describe_row(line, None)
        # A row with a procedure code and no credit wording is a charge even when a
        # mark OCR read as a minus stands before its amount ("97530 ... - 91.99").
        if first.negative and not (first.detached and code and said is None):
            return (
                EntryKind.ADJUSTMENT if said is None else said,
                first.cents,
                None,
                describe_row(line, code),
            )
        if code is None and not re.search(r"[A-Za-z]{3}", line):
            return None
        return EntryKind.CHARGE, first.cents, code, describe_row(line, code)

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
