"""Sessions end after idle time; a session without a second factor is no session."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from paradesk.testing.personas import Firm


def test_idle_session_is_sent_back_to_sign_in(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    assert client.get("/account/tokens/").status_code == 200

    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(timezone.now() + idle):
        response = client.get("/account/tokens/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=" + quote("/account/tokens/", safe="")


def test_activity_within_the_idle_limit_keeps_the_session_alive(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    step = timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)

    with time_machine.travel(timezone.now() + step):
        assert client.get("/account/tokens/").status_code == 200
    with time_machine.travel(timezone.now() + 2 * step):
        assert client.get("/account/tokens/").status_code == 200


def test_session_without_second_factor_is_logged_out(firm: Firm) -> None:
    client = Client()
    client.force_login(firm.attorney)

    response = client.get("/account/tokens/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert "_auth_user_id" not in client.session


def test_next_keeps_the_query_string_urlencoded(db: None) -> None:
    response = Client().get("/audit/?actor=a b&action=task.approve")

    assert response["Location"] == "/login/?next=" + quote(
        "/audit/?actor=a%20b&action=task.approve", safe=""
    )


def test_htmx_request_without_session_asks_for_a_full_page_redirect(db: None) -> None:
    response = Client().get("/account/tokens/", headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")


def test_outsider_and_walled_user_sessions_expire_too(firm: Firm) -> None:
    clients = [firm.client(firm.outsider), firm.client(firm.walled)]
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)

    with time_machine.travel(timezone.now() + idle):
        for client in clients:
            assert client.get("/people/").status_code == 302


def _expiry(client: Client) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_reads_within_a_minute_leave_the_session_row_alone(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    assert client.get("/account/tokens/").status_code == 200
    saved = _expiry(client)

    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        assert client.get("/account/tokens/").status_code == 200

    assert _expiry(client) == saved


def test_a_read_after_a_minute_winds_the_idle_clock_on(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    assert client.get("/account/tokens/").status_code == 200
    saved = _expiry(client)

    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        assert client.get("/account/tokens/").status_code == 200

    assert _expiry(client) > saved
