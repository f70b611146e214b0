from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.matters import services
from paradesk.matters.models import Matter, PartyRole
from paradesk.testing.personas import Firm


def _form(firm: Firm, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Okafor v. City Bus Lines",
        "client_name": "Grace Okafor",
        "injury_type": "motor_vehicle",
        "incident_on": "2025-06-01",
        "jurisdiction": "TX",
        "phase": "intake",
        "responsible_attorney": firm.attorney.pk,
        "team": [firm.paralegal.pk],
    }
    data.update(overrides)
    return data


def test_attorney_opens_a_matter_with_client_party_and_team(firm: Firm) -> None:
    response = firm.client(firm.attorney).post("/matters/open/", _form(firm))
    matter = Matter.objects.get(title="Okafor v. City Bus Lines")
    assert response.status_code == 302
    assert response["Location"] == f"/matters/{matter.pk}/"
    assert matter.parties.get().role == PartyRole.CLIENT
    assert set(matter.members.values_list("user__username", flat=True)) == {
        "attorney",
        "paralegal",
    }
    assert matter.number.endswith("-0003")
    assert AuditEvent.objects.filter(action="matter.opened", matter=matter).count() == 1


def test_duplicate_client_name_warns_but_does_not_block(firm: Firm) -> None:
    response = firm.client(firm.attorney).post(
        "/matters/open/", _form(firm, client_name="maria rivera"), follow=True
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert Matter.objects.filter(title="Okafor v. City Bus Lines").exists()


def test_future_incident_date_and_bad_state_get_field_errors(firm: Firm) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = firm.client(firm.attorney).post(
        "/matters/open/",
        _form(firm, incident_on=tomorrow.isoformat(), jurisdiction="ZZ"),
    )
    assert response.status_code == 200
    assert b"cannot be in the future" in response.content
    assert b"Select a valid choice" in response.content
    assert not Matter.objects.filter(title="Okafor v. City Bus Lines").exists()


def test_malformed_date_and_overlong_title_are_clear_errors(firm: Firm) -> None:
    response = firm.client(firm.attorney).post(
        "/matters/open/", _form(firm, incident_on="31/31/2025", title="x" * 201)
    )
    assert response.status_code == 200
    assert b"Enter a valid date" in response.content
    assert b"at most 200 characters" in response.content


@pytest.mark.parametrize("who", ["paralegal", "billing", "outsider", "walled"])
def test_only_attorneys_and_admins_open_matters(firm: Firm, who: str) -> None:
    user = getattr(firm, who)
    if user.role == "attorney":
        assert firm.client(user).get("/matters/open/").status_code == 200
        return
    assert firm.client(user).get("/matters/open/").status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.open_matter(
            actor=user,
            title="x",
            client_name="y",
            jurisdiction="GA",
            responsible_attorney=firm.attorney,
        )


def test_matter_numbers_are_sequential_per_year(firm: Firm) -> None:
    opened = services.open_matter(
        actor=firm.attorney,
        title="A",
        client_name="A",
        jurisdiction="GA",
        responsible_attorney=firm.attorney,
        incident_on=date(2024, 1, 1),
    ).matter
    year = timezone.localdate().year
    assert opened.number == f"{year}-0003"
