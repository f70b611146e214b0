"""API test scaffolding: clients carrying a personal token, and a test work product."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from paradesk.firm.models import User
from paradesk.firm.tokens import issue_api_token
from paradesk.matters.models import Matter
from paradesk.testing.personas import Firm
from paradesk.work import products

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

BASE = "/api/v1"


class ApiClient:
    """A Django test client sending a bearer token and JSON bodies, never a session."""

    def __init__(self, secret: str | None) -> None:
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        # CSRF checks on: the API must work without a CSRF token because it reads none.
        self.client = Client(enforce_csrf_checks=True, headers=headers)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Response:
        return self.client.get(BASE + path, params or {})

    def delete(self, path: str) -> Response:
        return self.client.delete(BASE + path)

    def post(self, path: str, body: Any = None) -> Response:
        data = "" if body is None else json.dumps(body)
        return self.client.post(BASE + path, data, content_type="application/json")

    def patch(self, path: str, body: Any) -> Response:
        return self.client.patch(
            BASE + path, json.dumps(body), content_type="application/json"
        )

    def raw(self, method: str, path: str, data: bytes | str) -> Response:
        call = getattr(self.client, method)
        response: Response = call(BASE + path, data, content_type="application/json")
        return response


@pytest.fixture
def api(firm: Firm) -> Callable[[User], ApiClient]:
    """`api(user)` is a client authenticated by a freshly issued token of `user`."""

    def make(user: User) -> ApiClient:
        return ApiClient(issue_api_token(actor=user, name="test").secret)

    return make


# The "testdoc" work product: its current hash is whatever a test puts here.
TESTDOCS: dict[tuple[int, str], str] = {}


def _resolve_testdoc(matter: Matter, product_id: str) -> products.ProductRef | None:
    sha = TESTDOCS.get((matter.pk, product_id))
    if sha is None:
        return None
    return products.ProductRef(
        kind="testdoc", id=product_id, label="Test doc", sha256=sha
    )


@pytest.fixture
def testdoc() -> Iterator[dict[tuple[int, str], str]]:
    products.register("testdoc", _resolve_testdoc)
    TESTDOCS.clear()
    yield TESTDOCS
    TESTDOCS.clear()
