"""Token auth: missing, bad and revoked tokens, sessions, CSRF, audit context."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from paradesk.api.tests.conftest import BASE, ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.firm.tokens import issue_api_token, revoke_api_token
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]


def test_no_token_is_401_saying_the_token_is_missing(firm: Firm) -> None:
    response = ApiClient(None).get("/matters")
    assert response.status_code == 401
    assert "No API token" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401_saying_invalid_or_revoked(firm: Firm) -> None:
    response = ApiClient("pdk_not-a-real-token").get("/matters")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked API token."}


def test_revoked_token_is_401(firm: Firm) -> None:
    issued = issue_api_token(actor=firm.attorney, name="laptop")
    client = ApiClient(issued.secret)
    assert client.get("/matters").status_code == 200
    revoke_api_token(actor=firm.attorney, token=issued.token)
    response = client.get("/matters")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked API token."}


def test_token_of_deactivated_user_is_401(firm: Firm) -> None:
    issued = issue_api_token(actor=firm.paralegal, name="laptop")
    User.objects.filter(pk=firm.paralegal.pk).update(is_active=False)
    assert ApiClient(issued.secret).get("/matters").status_code == 401


def test_header_without_bearer_scheme_is_401_saying_malformed(firm: Firm) -> None:
    secret = issue_api_token(actor=firm.attorney, name="x").secret
    client = Client(headers={"Authorization": f"Token {secret}"})
    response = client.get(f"{BASE}/matters")
    assert response.status_code == 401
    assert "Malformed" in response.json()["detail"]


def test_signed_in_browser_session_is_not_accepted(firm: Firm) -> None:
    response = firm.client(firm.attorney).get(f"{BASE}/matters")
    assert response.status_code == 401


def test_writes_need_no_csrf_token_with_a_bearer_token(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/parties", {"role": "witness", "name": "Sam Seen"}
    )
    assert response.status_code == 201


def test_audit_events_from_the_api_carry_ip_and_user_agent(firm: Firm) -> None:
    secret = issue_api_token(actor=firm.attorney, name="x").secret
    client = Client(
        headers={"Authorization": f"Bearer {secret}", "User-Agent": "paradesk-cli/1.0"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert client.get(f"{BASE}/matters/{firm.matter.pk}").status_code == 200
    event = AuditEvent.objects.get(action="matter.viewed")
    assert event.actor_id == firm.attorney.pk
    assert event.ip == "203.0.113.7"
    assert event.user_agent == "paradesk-cli/1.0"


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_valid_token_still_gets_404_for_a_matter_off_its_team(
    firm: Firm, api: MakeApi, who: str
) -> None:
    response = api(getattr(firm, who)).get(f"/matters/{firm.matter.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
