"""What the chronology's services share: their error, the editor check, the entry
fields a person edits, and an entry's indexed columns from its detail."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from paradesk.core.exceptions import ParadeskError, PermissionDeniedError
from paradesk.firm.models import Role
from paradesk.matters.selectors import can_see_matter

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

_EDITORS = {Role.PARALEGAL, Role.ATTORNEY, Role.ADMIN}
LIST_FIELDS = (
    "complaints",
    "findings",
    "medications",
    "restrictions",
    "recommendations",
)
CODED_FIELDS = ("diagnoses", "procedures")


class ChronologyError(ParadeskError):
    pass


def require_editor(actor: User, matter: Matter) -> None:
    if not can_see_matter(actor, matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    if actor.role not in _EDITORS:
        raise PermissionDeniedError("Only paralegals and attorneys edit chronologies.")


def entry_row(detail: dict[str, Any]) -> dict[str, Any]:
    """An entry's columns from its contract detail (the date, provider and visit type
    are indexed for the review screen's filters)."""
    return {
        "data": detail,
        "date": date.fromisoformat(detail["date"]) if detail.get("date") else None,
        "provider": (detail.get("provider") or "")[:200],
        "visit_type": (detail.get("visit_type") or "")[:40],
    }
