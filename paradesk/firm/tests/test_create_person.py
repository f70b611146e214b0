"""An administrator adds a person; bad input gets form errors, never a 500."""

from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.firm.models import OnboardingChecklist, ParalegalProfile, Role, User
from paradesk.firm.tests.signing import events, submit_password
from paradesk.testing.personas import Firm

GOOD = {
    "username": "jdoe",
    "first_name": "Jane",
    "last_name": "Doe",
    "email": "jane@firm.test",
    "title": "Paralegal",
    "role": "paralegal",
    "password": "Plenty-long passphrase 42",
}


def test_administrator_adds_a_paralegal_with_profile_and_checklist(firm: Firm) -> None:
    response = firm.client(firm.admin).post("/people/new/", GOOD)

    person = User.objects.get(username="jdoe")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.role == Role.PARALEGAL
    assert person.check_password(GOOD["password"])
    assert ParalegalProfile.objects.filter(user=person).exists()
    assert OnboardingChecklist.objects.filter(user=person).exists()
    created = events("person.created")[-1]
    assert created.actor == firm.admin
    assert created.details == {"role": "paralegal", "password": "set"}


def test_new_person_enrols_at_first_sign_in(firm: Firm) -> None:
    firm.client(firm.admin).post("/people/new/", GOOD)

    response = submit_password(Client(), "jdoe", GOOD["password"])

    assert response["Location"] == "/mfa/enroll/"
    assert not TOTPDevice.objects.filter(user__username="jdoe").exists()


def test_generated_password_is_shown_once_and_works(firm: Firm) -> None:
    data = {**GOOD, "password": "", "role": "attorney"}

    response = firm.client(firm.admin).post("/people/new/", data)

    person = User.objects.get(username="jdoe")
    password = response.context["password"]
    assert response.status_code == 200
    assert password in response.content.decode()
    assert person.check_password(password)
    assert password not in str(events("person.created")[-1].details)
    detail = firm.client(firm.admin).get(f"/people/{person.pk}/").content.decode()
    assert password not in detail


def test_duplicate_username_is_a_form_error(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        "/people/new/", {**GOOD, "username": "Paralegal"}
    )

    assert response.status_code == 200
    assert "already taken" in response.content.decode()
    assert User.objects.filter(username__iexact="paralegal").count() == 1


def test_over_long_fields_are_form_errors(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        "/people/new/",
        {**GOOD, "username": "u" * 151, "first_name": "F" * 151, "title": "T" * 101},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Ensure this value has at most") == 3
    assert not User.objects.filter(first_name="F" * 151).exists()


def test_weak_password_is_refused_with_the_validators_message(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        "/people/new/", {**GOOD, "password": "password"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "too short" in html
    assert "too common" in html
    assert not User.objects.filter(username="jdoe").exists()


def test_unknown_role_is_a_form_error(firm: Firm) -> None:
    response = firm.client(firm.admin).post("/people/new/", {**GOOD, "role": "king"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_create_form_labels_every_field(firm: Firm) -> None:
    html = firm.client(firm.admin).get("/people/new/").content.decode()

    for name in ("username", "first_name", "last_name", "email", "role", "password"):
        assert f'for="id_{name}"' in html
    assert 'autocomplete="new-password"' in html


def test_outsider_and_walled_user_cannot_create_people(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        response = firm.client(user).post("/people/new/", GOOD)

        assert response.status_code == 404
    assert not User.objects.filter(username="jdoe").exists()
