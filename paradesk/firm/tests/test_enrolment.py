"""First sign-in without an authenticator: QR code, confirm, recovery codes, in."""

from __future__ import annotations

import re

from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.firm.tests.signing import actions, current_code, events, submit_password
from paradesk.testing.personas import Firm, enroll_totp


def _start(client: Client, username: str) -> TOTPDevice:
    response = submit_password(client, username)
    assert response["Location"] == "/mfa/enroll/"
    client.get("/mfa/enroll/")
    device: TOTPDevice = TOTPDevice.objects.get(user__username=username)
    return device


def test_password_step_sends_a_person_without_a_device_to_enrolment(firm: Firm) -> None:
    response = submit_password(Client(), "paralegal")

    assert response.status_code == 302
    assert response["Location"] == "/mfa/enroll/"


def test_enrolment_page_shows_qr_code_uri_and_manual_key(firm: Firm) -> None:
    client = Client()
    submit_password(client, "paralegal")

    html = client.get("/mfa/enroll/").content.decode()
    device = TOTPDevice.objects.get(user=firm.paralegal)

    assert device.confirmed is False
    assert 'src="data:image/png;base64,' in html
    assert "otpauth://totp/" in html
    assert device.config_url.replace("&", "&amp;") in html
    secret = re.search(r'aria-label="Secret key">([A-Z2-7 ]+)<', html)
    assert secret is not None
    assert 'autocomplete="one-time-code"' in html


def test_reloading_the_enrolment_page_keeps_the_same_key(firm: Firm) -> None:
    client = Client()
    submit_password(client, "paralegal")
    client.get("/mfa/enroll/")
    client.get("/mfa/enroll/")

    assert TOTPDevice.objects.filter(user=firm.paralegal).count() == 1


def test_another_session_never_sees_the_same_key(firm: Firm) -> None:
    intruder, owner = Client(), Client()
    submit_password(intruder, "paralegal")
    intruder.get("/mfa/enroll/")
    seen_by_intruder = TOTPDevice.objects.get(user=firm.paralegal).key

    submit_password(owner, "paralegal")
    owner.get("/mfa/enroll/")
    device = TOTPDevice.objects.get(user=firm.paralegal)

    assert device.key != seen_by_intruder
    assert device.confirmed is False


def test_wrong_confirmation_code_is_refused_and_counted(firm: Firm) -> None:
    client = Client()
    device = _start(client, "paralegal")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post("/mfa/enroll/", {"code": wrong})

    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert events("auth.sign_in_failed")[-1].details["stage"] == "enrolment"


def test_confirming_shows_ten_recovery_codes_once_then_signs_in(firm: Firm) -> None:
    client = Client()
    device = _start(client, "paralegal")

    shown = client.post("/mfa/enroll/", {"code": current_code(device)})
    html = shown.content.decode()
    codes = list(
        StaticToken.objects.filter(device__user=firm.paralegal).values_list(
            "token", flat=True
        )
    )

    assert shown.status_code == 200
    assert len(codes) == 10
    assert all(code in html for code in codes)
    assert "I have saved these codes" in html
    # Not signed in until the person says the codes are saved.
    assert client.get("/account/tokens/").status_code == 302

    again = client.get("/mfa/enroll/").content.decode()
    assert not any(code in again for code in codes)

    done = client.post("/mfa/enroll/done/")
    assert done["Location"] == "/"
    assert client.get("/account/tokens/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed is True
    assert "mfa.enrolled" in actions()
    assert events("auth.signed_in")[-1].actor == firm.paralegal


def test_enrolment_audit_holds_no_secret_or_code(firm: Firm) -> None:
    client = Client()
    device = _start(client, "paralegal")
    client.post("/mfa/enroll/", {"code": current_code(device)})

    event = events("mfa.enrolled")[-1]
    assert set(event.details) == {"device_id", "recovery_codes"}
    tokens = StaticToken.objects.filter(device__user=firm.paralegal)
    assert not any(t.token in str(event.details) for t in tokens)


def test_finishing_enrolment_without_confirming_starts_again(firm: Firm) -> None:
    client = Client()
    _start(client, "paralegal")

    response = client.post("/mfa/enroll/done/")

    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_enrolled_person_cannot_enrol_a_second_device(firm: Firm) -> None:
    enroll_totp(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")

    response = client.get("/mfa/enroll/")

    assert response["Location"] == "/login/verify/"


def test_enrolment_without_the_password_step_starts_again(db: None) -> None:
    response = Client().get("/mfa/enroll/")

    assert response["Location"] == "/login/"


def test_outsider_and_walled_user_enrol_only_themselves(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        client = Client()
        device = _start(client, user.username)
        client.post("/mfa/enroll/", {"code": current_code(device)})
        client.post("/mfa/enroll/done/")

        assert device.user == user
        assert client.get("/people/").status_code == 404
