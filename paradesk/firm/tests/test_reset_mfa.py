"""An administrator's MFA reset removes the second factors; the person enrols again."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.firm.tests.signing import events, submit_password
from paradesk.testing.personas import Firm


def test_reset_needs_a_post_the_get_only_asks(firm: Firm) -> None:
    firm.client(firm.paralegal)
    client = firm.client(firm.admin)

    page = client.get(f"/people/{firm.paralegal.pk}/reset-mfa/")

    assert page.status_code == 200
    assert "Reset two-step sign-in?" in page.content.decode()
    assert TOTPDevice.objects.filter(user=firm.paralegal).exists()


def test_reset_removes_devices_and_forces_re_enrolment(firm: Firm) -> None:
    paralegal_client = firm.client(firm.paralegal)
    static = StaticDevice.objects.create(user=firm.paralegal, name="r", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")

    response = firm.client(firm.admin).post(f"/people/{firm.paralegal.pk}/reset-mfa/")

    assert response["Location"] == f"/people/{firm.paralegal.pk}/"
    assert not TOTPDevice.objects.filter(user=firm.paralegal).exists()
    assert not StaticDevice.objects.filter(user=firm.paralegal).exists()
    # The open session was verified by the removed device: it ends.
    assert paralegal_client.get("/account/tokens/").status_code == 302
    assert submit_password(Client(), "paralegal")["Location"] == "/mfa/enroll/"


def test_reset_is_audited_with_counts_only(firm: Firm) -> None:
    firm.client(firm.paralegal)

    firm.client(firm.admin).post(f"/people/{firm.paralegal.pk}/reset-mfa/")

    event = events("mfa.reset")[-1]
    assert event.actor == firm.admin
    assert event.object_id == str(firm.paralegal.pk)
    assert event.details == {
        "totp_devices": 1,
        "recovery_devices": 0,
        "api_tokens_revoked": 0,
    }


def test_reset_revokes_the_persons_api_tokens(firm: Firm) -> None:
    from paradesk.firm.tokens import issue_api_token, user_for_token

    issued = issue_api_token(actor=firm.paralegal, name="laptop script")
    assert user_for_token(issued.secret) == firm.paralegal

    firm.client(firm.admin).post(f"/people/{firm.paralegal.pk}/reset-mfa/")

    assert user_for_token(issued.secret) is None
    assert events("mfa.reset")[-1].details["api_tokens_revoked"] == 1


def test_administrator_cannot_reset_their_own_mfa(firm: Firm) -> None:
    client = firm.client(firm.admin)

    client.post(f"/people/{firm.admin.pk}/reset-mfa/")

    assert TOTPDevice.objects.filter(user=firm.admin).exists()
    assert not events("mfa.reset")


def test_people_list_shows_mfa_no_after_reset(firm: Firm) -> None:
    firm.client(firm.paralegal)
    client = firm.client(firm.admin)
    client.post(f"/people/{firm.paralegal.pk}/reset-mfa/")

    row = client.get("/people/").context["rows"]
    paralegal = next(r for r in row if r.user == firm.paralegal)

    assert paralegal.mfa_enrolled is False


def test_outsider_and_walled_user_cannot_reset_anyones_mfa(firm: Firm) -> None:
    firm.client(firm.paralegal)
    for user in (firm.outsider, firm.walled):
        response = firm.client(user).post(f"/people/{firm.paralegal.pk}/reset-mfa/")

        assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=firm.paralegal).exists()
