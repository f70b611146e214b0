"""Dates, money and lines as they appear in US medical records and bills.

Hand-written on purpose: dateutil's fuzzy parser finds a date anywhere in a string but
cannot say *where* it stood or which label it carried, and "DOB: 3/4/61 ... DOS:
03/04/2024" needs both. The formats here are the ones US records use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# A month's name, as a date pattern's named group (and, public, for other readers).
MONTH_NAME = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<mon>{MONTH_NAME})"
# OCR reads 0 as O and 1 as l or I inside numbers; the digit class admits them and
# `_digits` repairs them, only inside a shape that is already a date.
_D = r"[0-9OoIl]"
# The three longer date shapes, kept apart only so each fits on a line; they are
# interpolated verbatim into DATE_PATTERN below.
# A scan may also split the day's two digits ("08/3 1/2023"); only the day, where the
# separator after it keeps the shape whole (a split month would join a number before
# it: "6 1/2/2024").
_NUMERIC = (
    rf"(?P<m2>{_D}{{1,2}})\s?(?P<s>[/.-])\s?(?P<d2>{_D}(?:[ ]?{_D})?)"
    rf"\s?(?P=s)\s?(?P<y2>{_D}{{4}}|{_D}{{2}})"
)
_MONTH_FIRST = (
    rf"{_MONTH}\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y3>(?:19|20)\d\d)"
)
_DAY_FIRST = (
    # OCR may widen a separator ("04- -Sep- 2023"), hence up to three characters.
    rf"(?P<d4>\d{{1,2}})[\s-]{{1,3}}{_MONTH.replace('mon', 'mon4')}\.?"
    rf"[\s-]{{1,3}}(?P<y4>(?:19|20)?\d\d)"
)
DATE_PATTERN = re.compile(
    rf"""(?ix)
    (?<![0-9A-Za-z/.-])
    (?:
        (?P<y1>(?:19|20)\d\d)-(?P<m1>\d\d)-(?P<d1>\d\d)                 # 2024-03-04
      | {_NUMERIC}  # 03/04/2024, 3/4/24
      | {_MONTH_FIRST}   # March 4, 2024
      | {_DAY_FIRST}  # 04-Mar-2024, 4 March 2024
    )
    (?![0-9A-Za-z/])
    """
)


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int


_OCR_DIGITS = str.maketrans("OoIl", "0011")
_OCR_CENTS = str.maketrans("Oo", "00")


def _digits(text: str) -> int:
    return int(text.translate(_OCR_DIGITS).replace(" ", ""))


def _year(text: str, pivot: int) -> int:
    year = _digits(text)
    if year < 100:
        # Two-digit years: up to the pivot (next year) is this century.
        year += 2000 if year <= pivot % 100 else 1900
    return year


def find_dates(text: str, *, pivot_year: int = 2030) -> list[FoundDate]:
    """Every valid calendar date in `text`, in order, with its position."""
    return list(_dates(text, pivot_year))


# A bill's row is read for its dates by several rules in turn (header or not, total
# or not, which columns); the answer for a line is kept rather than scanned again.
@lru_cache(maxsize=4096)
def _dates(text: str, pivot_year: int) -> tuple[FoundDate, ...]:
    found: list[FoundDate] = []
    for match in DATE_PATTERN.finditer(text):
        groups = match.groupdict()
        try:
            if groups["y1"]:
                value = date(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
            elif groups["y2"]:
                value = date(
                    _year(groups["y2"], pivot_year),
                    _digits(groups["m2"]),
                    _digits(groups["d2"]),
                )
            elif groups["y3"]:
                value = date(
                    int(groups["y3"]), _MONTHS[groups["mon"].lower()], int(groups["d3"])
                )
            else:
                value = date(
                    _year(groups["y4"], pivot_year),
                    _MONTHS[groups["mon4"].lower()],
                    int(groups["d4"]),
                )
        except (ValueError, KeyError):
            continue
        if 1900 <= value.year <= pivot_year:
            found.append(FoundDate(value, match.start(), match.end()))
    return tuple(found)


_MONEY = re.compile(
    r"""(?x)
    (?<![\w.])
    (?P<neg>-|\()?(?P<gap>\s)?(?P<cur>[$\u00a7]|S(?=\d))?\s?(?P<neg2>-)?
    # Never a date's year ("08/15/2023, 97" is a date and a code, not $2,023.97).
    (?<![/])(?<!/[ ])(?<!\d-)(?P<int>\d{1,3}(?:,\d{3})+|\d+)
    (?:
        \.(?P<cents>\d\d)
      | [\\'`)]?\.{1,2}[\s\\'`]{1,3}(?P<split>[0-9Oo]{2})(?!\d|\.\d)  # "$423.  00"
      # OCR misreads the point as a comma or colon, then a gap: "55,  00", "49:  00"
      # (never a thousands comma or a time, which have no gap).
      | [,:;][\s\\'`]{1,3}(?P<misread>[0-9Oo]{2})(?!\d|\.\d)
      # ... or puts the point after the gap: "112  .00", "60  \u00a399".
      | \s{1,3}[.\u00a3](?P<shifted>[0-9Oo]{2})(?!\d|\.\d)
      # OCR: "$2809  00", after a currency sign only (a conditional group, so a bare
      # "1  60" is not taken and dropped, hiding the "60  .99" after it).
      | (?(cur)\s{1,3}(?P<bare>\d\d)(?=\s|$)|(?!))
    )
    (?P<close>\))?
    (?![\d%A-Za-z])
    """
)


@dataclass(frozen=True)
class Amount:
    """A money amount found in a line: its cents, sign and place.

    `detached` says the minus stood apart from the number ("- 91.99"), which OCR
    leaves from table rules and stray marks as often as a printer means a credit.
    """

    cents: int
    negative: bool
    start: int
    end: int
    detached: bool = False


def find_amounts(text: str) -> list[Amount]:
    """Money amounts with cents ("1,234.56", "$80.00", "(120.00)", "-45.00")."""
    return list(_amounts(text))


@lru_cache(maxsize=4096)
def _amounts(text: str) -> tuple[Amount, ...]:
    amounts = []
    for match in _MONEY.finditer(text):
        if match["bare"] and match["cur"] not in ("$", "\u00a7"):
            continue  # "12 34" is two numbers unless a dollar sign says otherwise
        cents_text = (
            match["cents"] or match["split"] or match["misread"] or match["shifted"]
        )
        if match["cur"] == "S" and not cents_text:
            continue
        cents_text = (cents_text or match["bare"]).translate(_OCR_CENTS)
        cents = int(match["int"].replace(",", "")) * 100 + int(cents_text)
        negative = (
            bool(match["neg2"])
            or match["neg"] == "-"
            or bool(match["neg"] == "(" and match["close"])
        )
        detached = match["neg"] == "-" and bool(match["gap"]) and not match["neg2"]
        amounts.append(Amount(cents, negative, match.start(), match.end(), detached))
    return tuple(amounts)


# The characters outside ASCII that a case-insensitive match takes for an ASCII
# letter (Python's re folds dotted and dotless i, long s and the Kelvin sign), mapped
# to it before lower-casing; "\u0130" is also the one letter whose lower case is two
# characters long.
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """`text` lower-cased for case-sensitive matching of lower-case ASCII patterns.

    A lower-case pattern matches `fold(text)` where the same pattern with
    IGNORECASE matches `text`, at the same positions (the length never changes), and
    the regex engine can skip ahead through lower-cased text, which it cannot do
    for an IGNORECASE pattern.
    """
    return text.translate(_FOLD).lower()


def squash(text: str) -> str:
    """Whitespace collapsed, for comparing a quote with the page it came from."""
    return " ".join(text.split())


def quote_on_page(quote: str, page_text: str) -> bool:
    """Whether `quote` really stands on the page (whitespace-insensitive)."""
    wanted = squash(quote)
    return bool(wanted) and wanted in squash(page_text)


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]
