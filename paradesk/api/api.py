"""The REST API at /api/v1: token auth, the routers, and how errors become responses.

Every error is JSON with a `detail`: a sentence for 4xx refusals, the list of field
errors for a 422. A 404 says only "Not found." whether the object is missing, walled
or someone else's, so the answer never confirms that it exists.
"""

from __future__ import annotations

import json
import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from paradesk.api.auth import TokenAuth
from paradesk.api.routes import (
    audit,
    chronology,
    documents,
    drafting,
    matters,
    parties,
    tasks,
)
from paradesk.core.exceptions import (
    ConcurrentEditError,
    ParadeskError,
    PermissionDeniedError,
)

logger = logging.getLogger(__name__)

NOT_FOUND = "Not found."

api = NinjaAPI(
    title="Paradesk API",
    version="1",
    description=(
        "Matters, parties, tasks with attorney review, documents and search, and "
        "the medical chronology, and the audit log. "
        "Authenticate with a personal API token: `Authorization: Bearer pdk_...`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    # The interactive docs page loads its scripts from a CDN; the schema is enough.
    docs_url=None,
)
api.add_router("", matters.router)
api.add_router("", parties.router)
api.add_router("", tasks.router)
api.add_router("", documents.router)
api.add_router("", chronology.router)
api.add_router("", drafting.router)
api.add_router("", audit.router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="paradesk"'
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja answers a body it cannot parse with a bare "Cannot parse request body".
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, json.JSONDecodeError):
        detail = (
            f"The request body is not valid JSON: {cause.msg} "
            f"at line {cause.lineno} column {cause.colno}."
        )
        return api.create_response(request, {"detail": detail}, status=400)
    if exc.status_code == 400 and isinstance(cause, UnicodeDecodeError):
        detail = "The request body is not valid JSON: it is not UTF-8 text."
        return api.create_response(request, {"detail": detail}, status=400)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(ParadeskError)
def refused(request: HttpRequest, exc: ParadeskError) -> HttpResponse:
    # Every route fetches its object through a selector first, so a permission error
    # here is about an object the user can already see: a 403 confirms nothing new.
    status = 400
    if isinstance(exc, ConcurrentEditError):
        status = 409
    elif isinstance(exc, PermissionDeniedError):
        status = 403
    return api.create_response(request, {"detail": str(exc)}, status=status)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The log gets the route and the traceback; the client gets no internals.
    logger.exception("API error in %s %s", request.method, request.resolver_match)
    return api.create_response(
        request, {"detail": "Internal error. It has been logged."}, status=500
    )
