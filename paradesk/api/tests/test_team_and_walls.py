"""/matters/{id}/team (GET, POST), /team/{user_id} (DELETE), /matters/{id}/walls."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import Role, User
from paradesk.matters.models import EthicalWall, MatterMember
from paradesk.testing.personas import Firm, make_user

MakeApi = Callable[[User], ApiClient]


def test_team_lists_members_minus_walled_users(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).get(f"/matters/{firm.matter.pk}/team")
    assert response.status_code == 200
    ids = {u["id"] for u in response.json()}
    assert ids == {
        firm.attorney.pk,
        firm.attorney2.pk,
        firm.paralegal.pk,
        firm.billing.pk,
    }
    assert AuditEvent.objects.filter(action="team.viewed", matter=firm.matter).exists()


def test_manager_adds_and_removes_a_member(firm: Firm, api: MakeApi) -> None:
    newcomer = make_user("newcomer", Role.PARALEGAL)
    client = api(firm.attorney)
    response = client.post(f"/matters/{firm.matter.pk}/team", {"user_id": newcomer.pk})
    assert response.status_code == 201
    assert response.json()["username"] == "newcomer"
    assert MatterMember.objects.filter(matter=firm.matter, user=newcomer).exists()
    response = client.delete(f"/matters/{firm.matter.pk}/team/{newcomer.pk}")
    assert response.status_code == 204
    assert not MatterMember.objects.filter(matter=firm.matter, user=newcomer).exists()


def test_adding_someone_twice_is_400_with_a_message(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/team", {"user_id": firm.paralegal.pk}
    )
    assert response.status_code == 400
    assert "already on the team" in response.json()["detail"]


def test_walled_user_cannot_be_added_to_the_team(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/team", {"user_id": firm.walled.pk}
    )
    assert response.status_code == 400
    assert "ethical wall" in response.json()["detail"]


def test_unknown_user_is_422_naming_the_field(firm: Firm, api: MakeApi) -> None:
    client = api(firm.attorney)
    response = client.post(f"/matters/{firm.matter.pk}/team", {"user_id": 424242})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "user_id"]
    response = client.delete(f"/matters/{firm.matter.pk}/team/424242")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "user_id"]


def test_responsible_attorney_cannot_be_removed(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).delete(
        f"/matters/{firm.matter.pk}/team/{firm.attorney.pk}"
    )
    assert response.status_code == 400
    assert "responsible attorney" in response.json()["detail"]


def test_paralegal_cannot_change_the_team(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).delete(
        f"/matters/{firm.matter.pk}/team/{firm.billing.pk}"
    )
    assert response.status_code == 403


def test_wall_screens_the_user_from_the_matter(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/walls",
        {"user_id": firm.billing.pk, "reason": "Related to the defendant"},
    )
    assert response.status_code == 201
    assert response.json()["user"]["id"] == firm.billing.pk
    assert EthicalWall.objects.filter(matter=firm.matter, user=firm.billing).exists()
    assert api(firm.billing).get(f"/matters/{firm.matter.pk}").status_code == 404


def test_wall_needs_a_reason(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        f"/matters/{firm.matter.pk}/walls",
        {"user_id": firm.billing.pk, "reason": "   "},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "reason"


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_for_team_and_walls(
    firm: Firm, api: MakeApi, who: str
) -> None:
    client = api(getattr(firm, who))
    pk = firm.matter.pk
    responses = [
        client.get(f"/matters/{pk}/team"),
        client.post(f"/matters/{pk}/team", {"user_id": firm.outsider.pk}),
        client.delete(f"/matters/{pk}/team/{firm.paralegal.pk}"),
        client.post(
            f"/matters/{pk}/walls", {"user_id": firm.paralegal.pk, "reason": "x"}
        ),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    assert all(r.json() == {"detail": "Not found."} for r in responses)
    assert MatterMember.objects.filter(matter=firm.matter, user=firm.paralegal).exists()
