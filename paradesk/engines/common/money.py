"""Money as people read it: integer cents in, "$1,234.56" out.

Every engine keeps amounts in integer cents; this is the one place they become text,
so the chronology's exports and the letters built from it print the same figures.
"""

from __future__ import annotations


def money(cents: int) -> str:
    """Integer cents as dollars, e.g. 123456 -> "$1,234.56", -500 -> "-$5.00"."""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
