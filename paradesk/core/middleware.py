"""Request-wide concerns: where the request came from (for audit), security headers."""

from __future__ import annotations

import time
from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from paradesk.core import readqueue
from paradesk.core.audit import (
    RequestMeta,
    normalize_ip,
    reset_request_meta,
    set_request_meta,
)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the audit log records it.

    Behind a reverse proxy the firm names the header its proxy sets in
    PARADESK_TRUSTED_PROXY_HEADER (for example HTTP_X_FORWARDED_FOR). Only the
    right-most entry is trusted: it was added by our proxy, everything left of it was
    sent by the client and can be forged.
    """
    header = settings.PARADESK_TRUSTED_PROXY_HEADER
    if header and request.META.get(header):
        return normalize_ip(str(request.META[header]).split(",")[-1])
    return normalize_ip(request.META.get("REMOTE_ADDR"))


class RequestContextMiddleware:
    """Makes the request's IP and user agent available to `audit.record`, and queues
    the request's read events (`core.readqueue`) instead of appending them in place."""

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
            with readqueue.queued_reads():
                return self.get_response(request)
        finally:
            reset_request_meta(token)


# The session key holding when its idle clock was last wound on (epoch seconds).
SESSION_RENEWED_KEY = "_paradesk_renewed_at"
# A session is saved again (its expiry pushed PARADESK_SESSION_IDLE_MINUTES ahead) at
# most this often: the idle limit then holds to within a minute, and a reader's request
# writes nothing in the other 59 seconds.
SESSION_RENEW_SECONDS = 60


class RenewIdleSessionMiddleware:
    """Saves a session when it changed or when its idle clock is a minute old.

    Replaces SESSION_SAVE_EVERY_REQUEST, which wrote the session row on every
    request. Placed just inside SessionMiddleware, which does the saving.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or (session.session_key is None and not session.modified):
            return response
        if session.is_empty():
            return response  # signed out (flushed), or never signed in
        now = int(time.time())
        renewed = session.get(SESSION_RENEWED_KEY)
        if (
            session.modified
            or not isinstance(renewed, int)
            or not 0 <= now - renewed < SESSION_RENEW_SECONDS
        ):
            session[SESSION_RENEWED_KEY] = now
        return response


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


class RefuseNulCharactersMiddleware:
    """Answers 400 to any request carrying a NUL character in its parameters or JSON.

    PostgreSQL text and jsonb cannot hold NUL, so such input would otherwise fail deep
    in a query as a server error; no legitimate form or API client sends one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = self._carries_nul(request)
        except RequestDataTooBig:
            return _refusal(
                request,
                "The request body is larger than this server accepts.",
                status=413,
            )
        except (TooManyFilesSent, TooManyFieldsSent):
            return _refusal(
                request,
                "The request carries more files or fields than this server accepts "
                "in one go; send them in smaller batches.",
                status=400,
            )
        except MultiPartParserError:
            # Django refuses, among others, a part whose headers pass 1 KB: a file
            # name of a thousand characters.
            return _refusal(
                request,
                "The form data could not be read: each part's headers (its file "
                "name among them) must stay under 1 KB.",
                status=400,
            )
        if refused:
            return _refusal(
                request,
                "The request contains a NUL character, which is never valid input.",
                status=400,
            )
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            return True
        if request.content_type == "application/json":
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            return any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.POST.lists()
            )
        return False


API_PREFIX = "/api/"
# Headers of an error answer that still hold once its body is JSON.
_KEPT_HEADERS = {"content-type", "content-length"}


class ApiJsonErrorsMiddleware:
    """Every error the API answers is JSON with a `detail`, whoever produced it.

    The API's own handlers answer in JSON; this catches the rest, which Django and
    ninja render as HTML or plain text: the CSRF refusal, a method a route does not
    take, a body Django cannot parse, the 500 page. Outermost, so it sees them all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Error"
        answer = JsonResponse({"detail": f"{reason}."}, status=status)
        for name, value in response.headers.items():
            if name.lower() not in _KEPT_HEADERS:
                answer.headers[name] = value
        return answer


def _refusal(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    # The API promises {"detail": ...} for every error; pages get plain text.
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(
        message, status=status, content_type="text/plain; charset=utf-8"
    )
