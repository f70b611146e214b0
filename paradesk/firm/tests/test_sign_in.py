"""Signing in takes a password, then a code from the authenticator app."""

from __future__ import annotations

import json

from django.test import Client

from paradesk.firm.tests.signing import (
    current_code,
    events,
    submit_code,
    submit_password,
)
from paradesk.testing.personas import PASSWORD, Firm, enroll_totp


def test_password_and_current_code_sign_the_person_in(firm: Firm) -> None:
    device = enroll_totp(firm.paralegal)
    client = Client()

    step_one = submit_password(client, "paralegal")
    assert step_one.status_code == 302
    assert step_one["Location"] == "/login/verify/"
    # After the password alone the person is not signed in anywhere.
    assert "_auth_user_id" not in client.session
    assert client.get("/account/tokens/").status_code == 302

    step_two = submit_code(client, current_code(device))

    assert step_two.status_code == 302
    assert step_two["Location"] == "/"
    assert client.get("/account/tokens/").status_code == 200
    assert events("auth.signed_in")[-1].actor == firm.paralegal


def test_login_page_has_labelled_fields_with_autocomplete_hints(db: None) -> None:
    html = Client().get("/login/").content.decode()

    assert 'for="id_username"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "autofocus" in html


def test_code_page_asks_for_a_one_time_code(firm: Firm) -> None:
    enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")

    html = client.get("/login/verify/").content.decode()

    assert 'autocomplete="one-time-code"' in html
    assert 'for="id_code"' in html


def test_wrong_password_stays_on_the_first_step_with_a_clear_message(
    firm: Firm,
) -> None:
    enroll_totp(firm.paralegal)
    client = Client()

    response = submit_password(client, "paralegal", "not the password at all")

    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    failed = events("auth.sign_in_failed")[-1]
    assert failed.details == {"username": "paralegal", "stage": "password"}
    assert "not the password" not in json.dumps(failed.details)


def test_code_step_without_the_password_step_starts_again(db: None) -> None:
    response = Client().post("/login/verify/", {"code": "123456"})

    assert response.status_code == 302
    assert response["Location"] == "/login/"


def test_next_on_this_site_is_honoured(firm: Firm) -> None:
    device = enroll_totp(firm.attorney)
    client = Client()

    submit_password(client, "attorney", next_url="/account/tokens/?tab=1")
    response = submit_code(client, current_code(device))

    assert response["Location"] == "/account/tokens/?tab=1"


def test_next_to_another_site_is_ignored(firm: Firm) -> None:
    device = enroll_totp(firm.attorney)
    client = Client()

    submit_password(client, "attorney", next_url="https://evil.example/steal")
    response = submit_code(client, current_code(device))

    assert response["Location"] == "/"


def test_audit_of_a_sign_in_holds_no_secret(firm: Firm) -> None:
    device = enroll_totp(firm.billing)
    client = Client()
    submit_password(client, "billing")
    code = current_code(device)
    submit_code(client, code)

    event = events("auth.signed_in")[-1]
    blob = json.dumps(event.details)
    assert event.details == {"factor": "totp"}
    assert code not in blob
    assert PASSWORD not in blob


def test_sign_out_ends_the_session_and_is_audited(firm: Firm) -> None:
    client = firm.client(firm.paralegal)

    response = client.post("/logout/")

    assert response["Location"] == "/login/"
    assert client.get("/account/tokens/").status_code == 302
    assert events("auth.signed_out")[-1].actor == firm.paralegal


def test_outsider_and_walled_user_signed_in_still_get_404_on_people(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        device = enroll_totp(user)
        client = Client()
        submit_password(client, user.username)
        submit_code(client, current_code(device))

        assert client.get("/account/tokens/").status_code == 200
        assert client.get("/people/").status_code == 404


def test_an_unknown_username_is_not_kept_in_the_permanent_log(db: None) -> None:
    from django.test import Client

    Client().post("/login/", {"username": "hunter2-my-password", "password": "x"})
    failed = events("auth.sign_in_failed")[-1]
    assert failed.details == {"username_known": False, "stage": "password"}
    assert "hunter2" not in str(failed.details)
