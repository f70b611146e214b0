"""Onboarding: four dated steps and MFA ticked from a confirmed authenticator."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.firm import selectors
from paradesk.firm.models import OnboardingChecklist, Role
from paradesk.firm.tests.signing import events
from paradesk.testing.personas import Firm, make_user


def _row(firm: Firm, username: str) -> selectors.PersonRow:
    rows = selectors.onboarding_progress_for(firm.admin)
    return next(r for r in rows if r.user.username == username)


def _done(firm: Firm, username: str) -> int:
    onboarding = _row(firm, username).onboarding
    assert onboarding is not None
    return onboarding.done


def test_mfa_step_is_ticked_from_a_confirmed_device_only(firm: Firm) -> None:
    newbie = make_user("newbie", Role.PARALEGAL)
    assert _done(firm, "newbie") == 0

    device = TOTPDevice.objects.create(user=newbie, name="phone", confirmed=False)
    assert _done(firm, "newbie") == 0

    device.confirmed = True
    device.save()
    onboarding = _row(firm, "newbie").onboarding
    assert onboarding is not None
    assert onboarding.done == 1
    assert onboarding.steps[0].label == "MFA enrolled"
    assert onboarding.steps[0].done


def test_recorded_dates_advance_progress_and_missing_lists_the_rest(
    firm: Firm,
) -> None:
    client = firm.client(firm.admin)
    today = timezone.localdate()

    response = client.post(
        f"/people/{firm.paralegal.pk}/onboarding/",
        {
            "device_provisioned_on": today.isoformat(),
            "confidentiality_training_on": today.isoformat(),
        },
    )

    assert response.status_code == 302
    onboarding = _row(firm, "paralegal").onboarding
    assert onboarding is not None
    assert onboarding.done == 2  # the two dates; MFA not yet enrolled
    assert onboarding.missing == [
        "MFA enrolled",
        "Communication rules acknowledged",
        "First-week reviews done",
    ]
    assert events("onboarding.updated")[-1].details["steps"] == {
        "device_provisioned_on": today.isoformat(),
        "confidentiality_training_on": today.isoformat(),
    }


def test_progress_view_shows_n_of_5_and_what_is_missing(firm: Firm) -> None:
    admin_client = firm.client(firm.admin)
    firm.client(firm.paralegal)  # confirms a TOTP device for the paralegal
    OnboardingChecklist.objects.update_or_create(
        user=firm.paralegal,
        defaults={"communication_rules_on": timezone.localdate()},
    )

    html = admin_client.get("/onboarding/").content.decode()

    assert "Pat Legal" in html
    assert '<progress value="2" max="5"' in html
    assert "Device provisioned" in html
    assert "First-week reviews done" in html


def test_a_future_date_is_refused(firm: Firm) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = firm.client(firm.admin).post(
        f"/people/{firm.paralegal.pk}/onboarding/",
        {"first_week_reviews_on": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    assert "future date" in response.content.decode()


def test_people_list_shows_onboarding_meter_for_paralegals(firm: Firm) -> None:
    html = firm.client(firm.admin).get("/people/").content.decode()

    assert html.count("<progress") == 2  # the paralegal and the walled paralegal


def test_outsider_and_walled_user_cannot_see_or_record_onboarding(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        client = firm.client(user)
        assert client.get("/onboarding/").status_code == 404
        response = client.post(
            f"/people/{firm.paralegal.pk}/onboarding/",
            {"device_provisioned_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 404
