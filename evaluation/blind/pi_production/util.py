"""Small helpers: date and money formatting, identifiers."""

from __future__ import annotations

import datetime as dt
import random

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

DATE_STYLES = ("mdy", "mdy_short", "long", "dmy", "iso", "mdy_dash", "mon", "mdy_nopad")


def fmt_date(d: dt.date, style: str = "mdy") -> str:
    """Format a date the way medical records print it."""
    if style == "mdy":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "mdy_short":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "mdy_nopad":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year}"
    if style == "iso":
        return d.isoformat()
    if style == "mdy_dash":
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if style == "mon":
        return f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"
    if style == "mdy2":
        return f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}"
    raise ValueError(style)


def fmt_time(minutes: int, style: str = "24") -> str:
    h, m = divmod(minutes % (24 * 60), 60)
    if style == "24":
        return f"{h:02d}:{m:02d}"
    if style == "24c":
        return f"{h:02d}{m:02d}"
    suffix = "AM" if h < 12 else "PM"
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {suffix}"


def money(cents: int, dollar: bool = False, parens: bool = False) -> str:
    """1234567 -> '12,345.67'; negative or parens=True -> '(12,345.67)'."""
    neg = cents < 0 or parens
    v = abs(cents)
    s = f"{v // 100:,}.{v % 100:02d}"
    if dollar:
        s = "$" + s
    return f"({s})" if neg else s


def npi(rng: random.Random) -> str:
    """A 10-digit number that passes the NPI Luhn check (prefix 80840)."""
    base = "1" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    digits = "80840" + base
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    check = (10 - total % 10) % 10
    return base + str(check)


def tax_id(rng: random.Random) -> str:
    return f"{rng.randint(10, 98)}-{rng.randint(1000000, 9999999)}"


def phone(rng: random.Random, area: str | None = None, style: int = 0) -> str:
    area = area or rng.choice(["617", "508", "781", "978", "413", "774", "339"])
    line = f"01{rng.randint(0, 99):02d}"
    if style == 1:
        return f"{area}-555-{line}"
    if style == 2:
        return f"{area}.555.{line}"
    return f"({area}) 555-{line}"


def add_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


def next_weekday(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def age_on(dob: dt.date, d: dt.date) -> int:
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))
