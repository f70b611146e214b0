"""What a person still holds in the apps above firm, registered by those apps.

Firm decides who may stop being an attorney, but the duties that keep someone one
(responsible for an open matter, reviewer of an open task) live in matters and work,
which firm may not import. Each of those apps registers a function here that names
the person's open duties of its kind, as in `paradesk.work.products`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paradesk.firm.models import User

# person -> what they still hold ("responsible attorney on 2 open matter(s)"), or "".
Duty = Callable[["User"], str]

_attorney_duties: list[Duty] = []


def register_attorney_duty(duty: Duty) -> None:
    """Adds a kind of open work only an attorney may hold."""
    if duty not in _attorney_duties:
        _attorney_duties.append(duty)


def open_attorney_duties(person: User) -> list[str]:
    """The person's open attorney duties, each as a phrase; empty when none."""
    return [held for duty in _attorney_duties if (held := duty(person))]
