"""Reads only the API needs: people named by id."""

from __future__ import annotations

from paradesk.firm.models import User


def active_user(user_id: int) -> User | None:
    """An active member of the firm by id (people, not client data, so unscoped)."""
    return User.objects.filter(pk=user_id, is_active=True).first()
