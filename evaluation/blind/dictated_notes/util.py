"""Small date and money helpers."""

from __future__ import annotations

import datetime as dt

MON = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
MONTH = [
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
DATE_FORMATS = ["mdY", "mdy", "long", "dmonY", "iso", "mon", "mdY-", "md_Y"]


def fmt_date(d: dt.date, code: str) -> str:
    if code == "mdY":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if code == "mdy":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if code == "long":
        return f"{MONTH[d.month - 1]} {d.day}, {d.year}"
    if code == "dmonY":
        return f"{d.day:02d}-{MON[d.month - 1]}-{d.year}"
    if code == "iso":
        return d.isoformat()
    if code == "mon":
        return f"{MON[d.month - 1]} {d.day}, {d.year}"
    if code == "mdY-":
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if code == "md_Y":
        return f"{d.month}/{d.day}/{d.year}"
    raise ValueError(code)


def fmt_time(minutes: int, h24: bool = False) -> str:
    h, m = divmod(minutes % (24 * 60), 60)
    if h24:
        return f"{h:02d}:{m:02d}"
    suffix = "AM" if h < 12 else "PM"
    h12 = h % 12 or 12
    return f"{h12}:{m:02d} {suffix}"


def money(cents: int, dollar: bool = False) -> str:
    sign = "-" if cents < 0 else ""
    c = abs(cents)
    s = f"{c // 100:,}.{c % 100:02d}"
    return f"{sign}${s}" if dollar else f"{sign}{s}"


def business_day(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def age_on(dob: dt.date, d: dt.date) -> int:
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))
