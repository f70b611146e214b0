"""Personal API tokens: issued once in clear, stored as SHA-256, revocable.

A token has the same scope as its user: every API read goes through the same selectors.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from paradesk.core import audit
from paradesk.core.exceptions import NotVisibleError, ParadeskError
from paradesk.firm.models import ApiToken, User

TOKEN_PREFIX = "pdk_"  # noqa: S105  # a public marker, not a secret
# last_used_at is refreshed at most this often, so API reads do not each cost a write.
_TOUCH_EVERY = timedelta(minutes=5)


class TokenError(ParadeskError):
    pass


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_api_token(*, actor: User, name: str) -> IssuedToken:
    """Issues a token for the actor; the clear secret is returned once, never stored."""
    if not name.strip():
        raise TokenError("Name the token after where it will be used.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name.strip()[:100],
            prefix=secret[:12],
            digest=digest(secret),
        )
        audit.record("api_token.issued", actor=actor, obj=token)
    return IssuedToken(token=token, secret=secret)


def revoke_api_token(*, actor: User, token: ApiToken) -> None:
    """Revokes a token; only its owner or an administrator may."""
    if token.user_id != actor.pk and not actor.is_firm_admin:
        raise TokenError("You can revoke only your own tokens.")
    if token.revoked_at is not None:
        raise TokenError("This token is already revoked.")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            "api_token.revoked",
            actor=actor,
            obj=token,
            details={"user_id": token.user_id},
        )


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user: User) -> list[ApiToken]:
    """The user's own tokens, newest first, revoked ones included."""
    return list(ApiToken.objects.filter(user=user))


def token_of(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; anyone else's is a 404.

    Raises:
        NotVisibleError: no such token among the user's own.
    """
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise NotVisibleError("No such token.")
    return token
