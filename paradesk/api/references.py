"""Ids in a request turned into the people they name, or a 422 naming the field."""

from __future__ import annotations

from ninja.errors import ValidationError

from paradesk.api import selectors
from paradesk.firm.models import User


def user_named(user_id: int, *, loc: tuple[str | int, ...]) -> User:
    """The active user with this id; a 422 at `loc` when there is none.

    `loc` follows ninja's own error locations, e.g. ("body", "payload", "owner_id").
    """
    user = selectors.active_user(user_id)
    if user is None:
        raise ValidationError(
            [
                {
                    "type": "unknown_user",
                    "loc": list(loc),
                    "msg": "No active user has this id.",
                }
            ]
        )
    return user
