"""Sign-in events for the audit log: successes, failures, lockouts, sign-outs."""

from __future__ import annotations

from django.db import transaction

from paradesk.core import audit
from paradesk.firm.models import (
    User,
)
from paradesk.firm.services.base import FactorKind


def record_sign_in(*, actor: User, kind: FactorKind) -> None:
    """Records a completed sign-in (password and second factor)."""
    with transaction.atomic():
        audit.record("auth.signed_in", actor=actor, obj=actor, details={"factor": kind})


def _attempted(username: str) -> tuple[User | None, dict[str, object]]:
    """The user an attempt named, and what of the typed name the log may keep.

    Only a name that belongs to an account is kept: the log is permanent, and what
    people type into the username box by mistake is often their password.
    """
    user = User.objects.filter(username=username).first() if username else None
    if user is None:
        return None, {"username_known": False}
    return user, {"username": user.username}


def record_failed_sign_in(*, username: str, stage: str) -> None:
    """Records a refused attempt: the account if it exists, never the secret."""
    user, who = _attempted(username)
    with transaction.atomic():
        audit.record(
            "auth.sign_in_failed", actor=None, obj=user, details={**who, "stage": stage}
        )


def record_lockout(*, username: str) -> None:
    """Records that a username hit the lockout limit."""
    user, who = _attempted(username)
    with transaction.atomic():
        audit.record("auth.locked_out", actor=None, obj=user, details=who)


def record_sign_out(*, actor: User) -> None:
    """Records a sign-out."""
    with transaction.atomic():
        audit.record("auth.signed_out", actor=actor, obj=actor)
