"""Request-wide concerns: where the request came from (for audit), security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from paradesk.core.audit import RequestMeta, reset_request_meta, set_request_meta


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the firm sets PARADESK_TRUSTED_PROXY_HEADER (for example
    # HTTP_X_REAL_IP); otherwise only the socket address is trusted.
    header = getattr(settings, "PARADESK_TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the request's IP and user agent available to `audit.record`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_request_meta(
            RequestMeta(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_meta(token)


class SecurityHeadersMiddleware:
    """Content Security Policy and no-store caching for pages that carry client data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.PARADESK_CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if not request.path.startswith(settings.STATIC_URL):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
