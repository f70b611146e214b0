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

from paradesk.engines.medchron.bills.reader import BillReader, opens_bill
from paradesk.engines.medchron.bills.rows import charge_keys

__all__ = ["BillReader", "charge_keys", "opens_bill"]
