"""Every signed-in page needs a session verified by a second factor (TOTP or recovery code)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Paths that work without a verified session: sign-in steps, health, static files and the
# API (which authenticates each request by token instead of by session).
OPEN_PREFIXES = ("/login", "/logout", "/healthz", "/static/", "/api/", "/mfa/enroll")


class RequireVerifiedLoginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"/login/?next={request.path}")
        if not user.is_verified():  # type: ignore[union-attr]  # set by OTPMiddleware
            # A session without a second factor is not a session: start again.
            logout(request)
            return redirect("/login/")
        return self.get_response(request)
