"""The schema at /api/v1/openapi.json, no docs page, and answers to bad requests."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from paradesk.api.tests.conftest import BASE, ApiClient
from paradesk.firm.models import User
from paradesk.matters.models import Party
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]


def test_openapi_schema_is_served_and_lists_the_matters_endpoint(firm: Firm) -> None:
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {
        "title": "Paradesk API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert "/api/v1/matters" in schema["paths"]
    assert "/api/v1/tasks/{task_id}/approve" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {s["scheme"] for s in schemes.values()} == {"bearer"}


def test_no_docs_page_that_would_load_scripts_from_a_cdn(firm: Firm) -> None:
    response = Client().get(f"{BASE}/docs")
    assert response.status_code == 404
    assert b"cdn" not in response.content.lower()


def test_unknown_api_path_is_a_json_404(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).get("/nothing/here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_malformed_json_is_400_saying_so(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).raw(
        "post", f"/matters/{firm.matter.pk}/parties", '{"role": '
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request body is not valid JSON")


def test_body_that_is_not_utf8_is_400(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).raw(
        "post", f"/matters/{firm.matter.pk}/parties", b'{"name": "\xff"}'
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.json()["detail"]


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "42", "null"])
def test_json_that_is_not_an_object_is_a_4xx(
    firm: Firm, api: MakeApi, body: str
) -> None:
    response = api(firm.attorney).raw(
        "post", f"/matters/{firm.matter.pk}/parties", body
    )
    assert response.status_code in {400, 422}
    assert response.json()["detail"]
    assert Party.objects.filter(matter=firm.matter).count() == 1


def test_wrong_method_is_405(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).delete("/matters")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed."}
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_an_unknown_path_is_a_json_404_not_a_csrf_page(
    firm: Firm, api: MakeApi, method: str
) -> None:
    for client in (api(firm.attorney).client, Client(enforce_csrf_checks=True)):
        response = getattr(client, method)(
            f"{BASE}/nothing/here", "{}", "application/json"
        )
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_a_file_name_too_long_to_parse_is_a_json_400(firm: Firm, api: MakeApi) -> None:
    name = "scan-" + "a" * 2000 + ".pdf"
    body = (
        b"--BoUnDaRy\r\n"
        b'Content-Disposition: form-data; name="file"; filename="'
        + name.encode()
        + b'"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n--BoUnDaRy--\r\n'
    )
    response = api(firm.attorney).client.post(
        f"{BASE}/matters/{firm.matter.pk}/documents",
        body,
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 400
    assert "under 1 KB" in response.json()["detail"]


def test_every_route_answers_json_to_every_method(firm: Firm, api: MakeApi) -> None:
    paths = Client().get(f"{BASE}/openapi.json").json()["paths"]
    client = api(firm.outsider).client
    not_json = []
    for template in paths:
        url = re.sub(r"\{[^}]+\}", "1", template)
        for method in ("get", "delete"):
            response = getattr(client, method)(url)
            if not response["Content-Type"].startswith("application/json"):
                not_json.append((method, url, response.status_code))
        for method in ("post", "put", "patch"):
            response = getattr(client, method)(url, "{}", content_type="text/plain")
            if not response["Content-Type"].startswith("application/json"):
                not_json.append((method, url, response.status_code))

    # The outsider sees no matter 1, so nothing answers a file: every answer is JSON.
    assert not_json == []
