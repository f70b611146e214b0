"""A wrong code is refused, counted as a failed login, and audited without the code."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from paradesk.firm.tests.signing import (
    current_code,
    events,
    submit_code,
    submit_password,
)
from paradesk.testing.personas import Firm, enroll_totp


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_wrong_code_is_refused_with_a_clear_message(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")

    response = submit_code(client, _wrong(current_code(device)))

    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_code_counts_as_a_failed_login_for_lockout(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")

    submit_code(client, _wrong(current_code(device)))

    attempt = AccessAttempt.objects.get(username="paralegal")
    assert attempt.failures_since_start == 1


def test_wrong_code_is_audited_without_the_code(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")
    wrong = _wrong(current_code(device))

    submit_code(client, wrong)

    failed = events("auth.sign_in_failed")[-1]
    assert failed.details == {"username": "paralegal", "stage": "second_factor"}
    assert failed.object_id == str(firm.paralegal.pk)


def test_right_code_after_a_wrong_one_works_once_the_short_wait_is_over(
    firm: Firm,
) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")
    submit_code(client, _wrong(current_code(device)))

    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = submit_code(client, current_code(device))

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_right_code_straight_after_a_wrong_one_is_throttled(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")
    with time_machine.travel(timezone.now(), tick=False):
        submit_code(client, _wrong(current_code(device)))
        response = submit_code(client, current_code(device))

    assert response.status_code == 200
    assert "wait a few seconds" in response.content.decode()


def test_outsider_and_walled_user_wrong_codes_are_refused_too(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        device = enroll_totp(user)
        client = Client()
        submit_password(client, user.username)
        response = submit_code(client, _wrong(current_code(device)))

        assert response.status_code == 200
        assert client.get("/people/").status_code == 302
