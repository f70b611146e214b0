"""An administrator changes a person's role or deactivates them."""

from __future__ import annotations

from django.test import Client

from paradesk.firm.models import ParalegalProfile, Role
from paradesk.firm.tests.signing import events, submit_password
from paradesk.testing.personas import Firm


def _data(**changes: object) -> dict[str, object]:
    return {
        "first_name": "Bill",
        "last_name": "Ledger",
        "email": "billing@firm.test",
        "title": "",
        "role": "billing",
        "is_active": "on",
        **changes,
    }


def test_role_change_is_saved_and_audited_with_old_and_new_role(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        f"/people/{firm.billing.pk}/edit/", _data(role="paralegal")
    )

    firm.billing.refresh_from_db()
    assert response.status_code == 302
    assert firm.billing.role == Role.PARALEGAL
    assert ParalegalProfile.objects.filter(user=firm.billing).exists()
    assert events("person.updated")[-1].details == {
        "fields": ["role"],
        "role": {"from": "billing", "to": "paralegal"},
    }


def test_deactivated_person_cannot_sign_in(firm: Firm) -> None:
    firm.client(firm.admin).post(
        f"/people/{firm.billing.pk}/edit/", _data(is_active="")
    )

    response = submit_password(Client(), "billing")

    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()


def test_deactivated_person_loses_an_open_session(firm: Firm) -> None:
    billing_client = firm.client(firm.billing)
    firm.client(firm.admin).post(
        f"/people/{firm.billing.pk}/edit/", _data(is_active="")
    )

    assert billing_client.get("/account/tokens/").status_code == 302


def test_administrator_cannot_deactivate_or_demote_themselves(firm: Firm) -> None:
    client = firm.client(firm.admin)
    own = {"first_name": "Ada", "last_name": "Admin", "email": "", "title": ""}

    deactivate = client.post(
        f"/people/{firm.admin.pk}/edit/", {**own, "role": "admin", "is_active": ""}
    )
    demote = client.post(
        f"/people/{firm.admin.pk}/edit/", {**own, "role": "attorney", "is_active": "on"}
    )

    firm.admin.refresh_from_db()
    assert deactivate.status_code == 400
    assert "cannot deactivate your own account" in deactivate.content.decode()
    assert "cannot remove your own administrator role" in demote.content.decode()
    assert firm.admin.is_active
    assert firm.admin.role == Role.ADMIN


def test_over_long_email_is_a_form_error(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        f"/people/{firm.billing.pk}/edit/", _data(email="a" * 250 + "@firm.test")
    )

    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()


def test_outsider_and_walled_user_cannot_edit_people(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        response = firm.client(user).post(
            f"/people/{firm.billing.pk}/edit/", _data(role="admin")
        )

        assert response.status_code == 404
    firm.billing.refresh_from_db()
    assert firm.billing.role == Role.BILLING


def test_attorney_with_open_matters_cannot_be_demoted(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        f"/people/{firm.attorney.pk}/edit/",
        _data(first_name="Alice", last_name="Counsel", role="paralegal"),
    )

    firm.attorney.refresh_from_db()
    assert response.status_code == 400
    assert b"Reassign them first" in response.content
    assert firm.attorney.role == Role.ATTORNEY
