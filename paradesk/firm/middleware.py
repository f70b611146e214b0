"""Every signed-in page needs a session verified by a second factor.

The second factor is a TOTP code or a recovery code (see `paradesk.firm.views.auth`).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

# Paths that work without a verified session: sign-in steps, health, static files and
# the API (which authenticates each request by token instead of by session).
OPEN_PREFIXES = ("/login", "/logout", "/healthz", "/static/", "/api/", "/mfa/enroll")


def is_verified(user: object) -> bool:
    """Whether OTPMiddleware found a second factor for this session's user."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def _to_login(request: HttpRequest) -> HttpResponse:
    url = f"{reverse('firm:login')}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        # An htmx request would swap the sign-in page into a fragment; ask htmx to
        # load it as a whole page instead.
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


class RequireVerifiedLoginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return _to_login(request)
        if not is_verified(user):
            # A session without a second factor is not a session: start again.
            logout(request)
            return _to_login(request)
        return self.get_response(request)
