"""A recovery code signs the person in once, in place of a TOTP code."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from paradesk.firm import services
from paradesk.firm.models import User
from paradesk.firm.tests.signing import (
    current_code,
    events,
    submit_code,
    submit_password,
)
from paradesk.testing.personas import Firm, enroll_totp


def _codes_for(user: User) -> list[str]:
    enroll_totp(user)
    device = StaticDevice.objects.create(
        user=user, name="Recovery codes", confirmed=True
    )
    codes = ["abcd2345", "efgh6723"]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes


def test_recovery_code_signs_in_and_tells_how_many_remain(firm: Firm) -> None:
    codes = _codes_for(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")

    response = submit_code(client, codes[0].upper())

    assert response.status_code == 302
    page = client.get("/account/tokens/").content.decode()
    assert "1 remain" in page
    assert list(
        StaticToken.objects.filter(device__user=firm.paralegal).values_list(
            "token", flat=True
        )
    ) == [codes[1]]


def test_recovery_code_works_only_once(firm: Firm) -> None:
    codes = _codes_for(firm.paralegal)
    first = Client()
    submit_password(first, "paralegal")
    submit_code(first, codes[0])

    second = Client()
    submit_password(second, "paralegal")
    response = submit_code(second, codes[0])

    assert response.status_code == 200
    assert "unused recovery code" in response.content.decode()
    assert "_auth_user_id" not in second.session


def test_recovery_code_use_is_audited_without_the_code(firm: Firm) -> None:
    codes = _codes_for(firm.paralegal)
    client = Client()
    submit_password(client, "paralegal")
    submit_code(client, codes[0])

    used = events("mfa.recovery_code_used")[-1]
    assert used.details == {"recovery_codes_left": 1}
    assert events("auth.signed_in")[-1].details == {"factor": "recovery_code"}


def test_issued_codes_from_enrolment_are_ten_distinct_codes(firm: Firm) -> None:
    device = services.start_enrolment(actor=firm.billing)
    codes = services.confirm_enrolment(
        actor=firm.billing, device=device, code=current_code(device)
    )

    assert len(set(codes)) == 10


def test_someone_elses_recovery_code_does_not_work(firm: Firm) -> None:
    codes = _codes_for(firm.paralegal)
    enroll_totp(firm.outsider)
    client = Client()
    submit_password(client, "outsider")

    response = submit_code(client, codes[0])

    assert response.status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).exists()


def test_walled_user_signed_in_by_recovery_code_still_gets_404_on_people(
    firm: Firm,
) -> None:
    codes = _codes_for(firm.walled)
    client = Client()
    submit_password(client, "walled")
    submit_code(client, codes[0])

    assert client.get("/people/").status_code == 404
