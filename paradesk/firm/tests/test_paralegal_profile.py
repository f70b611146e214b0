"""A paralegal's profile: hybrid needs duties, remote has none, attorney supervises."""

from __future__ import annotations

import pytest

from paradesk.firm import services
from paradesk.firm.models import InPersonDuty, Lane, ParalegalProfile, WorkMode
from paradesk.firm.tests.signing import events
from paradesk.testing.personas import Firm


def _post(firm: Firm, **data: object) -> str:
    payload = {
        "work_mode": "remote",
        "lane": "records",
        "supervising_attorney": firm.attorney.pk,
        "time_zone": "America/Chicago",
        **data,
    }
    response = firm.client(firm.admin).post(
        f"/people/{firm.paralegal.pk}/profile/", payload
    )
    return response.content.decode() if response.status_code != 302 else "saved"


def test_hybrid_paralegal_with_duties_is_saved_and_audited(firm: Firm) -> None:
    result = _post(
        firm,
        work_mode="hybrid",
        in_person_duties=["courthouse_filings", "records_pickup"],
    )

    profile = ParalegalProfile.objects.get(user=firm.paralegal)
    assert result == "saved"
    assert profile.work_mode == WorkMode.HYBRID
    assert profile.in_person_duties == ["courthouse_filings", "records_pickup"]
    assert profile.supervising_attorney == firm.attorney
    assert profile.lane == Lane.RECORDS
    assert events("paralegal_profile.updated")[-1].details["work_mode"] == "hybrid"


def test_hybrid_without_duties_is_refused(firm: Firm) -> None:
    html = _post(firm, work_mode="hybrid")

    assert "needs at least one named in-person duty" in html
    assert not ParalegalProfile.objects.filter(
        user=firm.paralegal, work_mode=WorkMode.HYBRID
    ).exists()


def test_remote_with_duties_is_refused(firm: Firm) -> None:
    html = _post(firm, work_mode="remote", in_person_duties=["client_meetings"])

    assert "has no in-person duties" in html


def test_supervisor_who_is_not_an_attorney_is_refused_by_the_form(firm: Firm) -> None:
    html = _post(firm, supervising_attorney=firm.billing.pk)

    assert "Select a valid choice" in html


def test_supervisor_who_is_not_an_attorney_is_refused_by_the_service(
    firm: Firm,
) -> None:
    with pytest.raises(services.FirmError, match="active attorney"):
        services.update_paralegal_profile(
            actor=firm.admin,
            person=firm.paralegal,
            work_mode=WorkMode.REMOTE,
            in_person_duties=[],
            supervising_attorney=firm.paralegal,
            lane=Lane.GENERAL,
        )


def test_unknown_time_zone_is_a_form_error(firm: Firm) -> None:
    html = _post(firm, time_zone="Mars/Olympus")

    assert "Unknown time zone" in html


def test_only_paralegals_have_a_profile(firm: Firm) -> None:
    response = firm.client(firm.admin).post(
        f"/people/{firm.attorney.pk}/profile/",
        {"work_mode": "remote", "lane": "general"},
    )

    assert response.status_code == 404


def test_profile_form_uses_fieldsets_for_the_choice_groups(firm: Firm) -> None:
    html = firm.client(firm.admin).get(f"/people/{firm.paralegal.pk}/").content.decode()

    assert "<legend>In-person duties" in html
    for duty in InPersonDuty:
        assert duty.label in html


def test_outsider_and_walled_user_cannot_change_profiles(firm: Firm) -> None:
    for user in (firm.outsider, firm.walled):
        response = firm.client(user).post(
            f"/people/{firm.paralegal.pk}/profile/",
            {"work_mode": "remote", "lane": "general"},
        )

        assert response.status_code == 404
