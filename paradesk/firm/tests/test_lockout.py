"""Repeated failures lock the account (django-axes), wrong codes included."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from paradesk.firm.tests.signing import (
    current_code,
    events,
    submit_code,
    submit_password,
)
from paradesk.testing.personas import Firm, enroll_totp

# django-axes' status for a locked-out attempt (its own default when unset).
LOCKED = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)


def _lock_by_passwords(username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        submit_password(Client(), username, "wrong password, again")


def test_failure_limit_wrong_passwords_lock_the_account(firm: Firm) -> None:
    enroll_totp(firm.paralegal)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert submit_password(client, "paralegal", "wrong").status_code == 200

    response = submit_password(client, "paralegal", "wrong")

    assert response.status_code == LOCKED
    html = response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    assert "Account locked" in html
    assert f"locked for {minutes} minutes" in html
    assert "contact your firm's administrator" in html


def test_locked_account_refuses_even_the_right_password(firm: Firm) -> None:
    enroll_totp(firm.paralegal)
    _lock_by_passwords("paralegal")

    response = submit_password(Client(), "paralegal")

    assert response.status_code == LOCKED
    assert "Account locked" in response.content.decode()


def test_wrong_codes_lock_the_account_too(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    responses = [submit_code(client, wrong) for _ in range(settings.AXES_FAILURE_LIMIT)]

    assert responses[-1].status_code == LOCKED
    assert "Account locked" in responses[-1].content.decode()
    # The pending sign-in is gone: the right code now needs the password again.
    assert submit_code(client, current_code(device))["Location"] == "/login/"
    assert submit_password(client, "paralegal").status_code == (LOCKED)


def test_lockout_is_audited(firm: Firm) -> None:
    _lock_by_passwords("paralegal")

    assert events("auth.locked_out")[-1].details == {"username": "paralegal"}
    assert len(events("auth.sign_in_failed")) == settings.AXES_FAILURE_LIMIT


def test_lockout_of_one_person_leaves_others_alone(firm: Firm) -> None:
    device = enroll_totp(firm.attorney)
    _lock_by_passwords("paralegal")
    client = Client()

    submit_password(client, "attorney")
    response = submit_code(client, current_code(device))

    assert response.status_code == 302


def test_administrator_sees_the_lock_and_can_end_it_early(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    _lock_by_passwords("paralegal")
    admin = firm.client(firm.admin)
    assert (
        "Sign-in locked" in admin.get(f"/people/{firm.paralegal.pk}/").content.decode()
    )

    admin.post(f"/people/{firm.paralegal.pk}/unlock/")

    client = Client()
    submit_password(client, "paralegal")
    assert submit_code(client, current_code(device)).status_code == 302
    assert events("auth.unlocked")[-1].actor == firm.admin


def test_outsider_and_walled_user_are_locked_out_like_anyone(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        _lock_by_passwords(user.username)

        response = submit_password(Client(), user.username)

        assert response.status_code == LOCKED
