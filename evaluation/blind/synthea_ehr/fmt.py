"""Date, money and name formatting used on the printed records."""

from __future__ import annotations

from datetime import date

MONTHS = (
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
)

DATE_STYLES = ("us", "us_nopad", "us_short", "long", "dmy", "iso")


def fdate(d: date, style: str = "us") -> str:
    if style == "us_nopad":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "us_short":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "dmy":
        return f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year}"
    if style == "iso":
        return d.isoformat()
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100:,}.{cents % 100:02d}"


def paren(cents: int) -> str:
    """Credit as printed in a credit column: (600.00)."""
    return f"({money(abs(cents))})"


def phone(digits: str) -> str:
    only = "".join(ch for ch in digits if ch.isdigit())
    if len(only) == 11 and only.startswith("1"):
        only = only[1:]
    if len(only) != 10:
        return digits
    return f"({only[:3]}) {only[3:6]}-{only[6:]}"


def area_code(zip_code: str) -> str:
    """Massachusetts area code for a ZIP (first three digits)."""
    z = zip_code[:3]
    if z in ("010", "011", "012", "013"):
        return "413"
    if z in ("014", "015", "016", "017", "025", "026", "027", "023", "024"):
        return "508"
    if z in ("018", "019"):
        return "978"
    return "617" if z in ("021", "022") else "781"


def age_on(dob: date, when: date) -> int:
    years = when.year - dob.year
    if (when.month, when.day) < (dob.month, dob.day):
        years -= 1
    return years


_SMALL = {"of", "and", "for", "the", "at", "in"}
_KEEP = {"UMASS": "UMass", "CTR": "Ctr", "ST": "St.", "INC": "Inc", "LLC": "LLC"}


def clean_org(name: str) -> str:
    """Synthea organization name -> letterhead name (title case, no stray suffix)."""
    n = name.strip()
    for suffix in (" -", "-1", "-"):
        if n.endswith(suffix):
            n = n[: -len(suffix)].strip()
    n = n.replace(" (THE)", "")
    if n != n.upper():
        return n
    words: list[str] = []
    for i, w in enumerate(n.split()):
        core = w.strip(",")
        tail = w[len(core) :]
        if core in _KEEP:
            words.append(_KEEP[core] + tail)
        elif i > 0 and core.lower() in _SMALL:
            words.append(core.lower() + tail)
        elif core == "&":
            words.append(w)
        else:
            parts = core.split("-")
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in parts) + tail)
    return " ".join(words)
