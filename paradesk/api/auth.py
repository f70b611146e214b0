"""Personal API tokens, and only tokens: the API never accepts a session cookie.

Because no cookie is read, no request can ride on a signed-in browser, so the API needs
no CSRF token. The request's IP and user agent for the audit log are already set by
`paradesk.core.middleware.RequestContextMiddleware`, which wraps every request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from paradesk.firm.models import User
from paradesk.firm.tokens import TOKEN_PREFIX, user_for_token

MISSING = (
    f"No API token: send the header 'Authorization: Bearer {TOKEN_PREFIX}...'. "
    "The API does not accept browser sessions."
)
MALFORMED = "Malformed Authorization header: expected 'Bearer <token>'."
INVALID = "Invalid or revoked API token."


class TokenAuth(HttpBearer):
    """Resolves `Authorization: Bearer pdk_...` to the token's active user, or a 401."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "").strip()
        if not header:
            raise AuthenticationError(message=MISSING)
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise AuthenticationError(message=MALFORMED)
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError(message=INVALID)
        return user


def actor_of(request: HttpRequest) -> User:
    """The user whose token authenticated this request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise AuthenticationError(message=MISSING)
    return user
