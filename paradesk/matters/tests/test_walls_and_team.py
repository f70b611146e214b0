from __future__ import annotations

import pytest

from paradesk.core.exceptions import PermissionDeniedError
from paradesk.matters import selectors, services
from paradesk.matters.models import EthicalWall, MatterMember
from paradesk.matters.services import MatterError
from paradesk.testing.personas import Firm


def test_wall_removes_the_user_from_the_team_and_blocks_rejoining(firm: Firm) -> None:
    services.erect_wall(
        actor=firm.attorney, matter=firm.matter, user=firm.paralegal, reason="Conflict"
    )
    assert not MatterMember.objects.filter(
        matter=firm.matter, user=firm.paralegal
    ).exists()
    assert firm.matter not in selectors.matters_visible_to(firm.paralegal)
    with pytest.raises(MatterError, match="behind an ethical wall"):
        services.add_team_member(
            actor=firm.attorney, matter=firm.matter, user=firm.paralegal
        )


def test_wall_via_the_page_and_the_walled_user_gets_404(firm: Firm) -> None:
    client = firm.client(firm.attorney)
    response = client.post(
        f"/matters/{firm.matter.pk}/walls/add/",
        {"user": firm.paralegal.pk, "reason": "Related to the defendant"},
    )
    assert response.status_code == 302
    assert EthicalWall.objects.filter(matter=firm.matter, user=firm.paralegal).exists()
    assert (
        firm.client(firm.paralegal).get(f"/matters/{firm.matter.pk}/").status_code
        == 404
    )


def test_responsible_attorney_cannot_be_walled_or_removed(firm: Firm) -> None:
    with pytest.raises(MatterError):
        services.erect_wall(
            actor=firm.attorney2, matter=firm.matter, user=firm.attorney, reason="x"
        )
    with pytest.raises(MatterError):
        services.remove_team_member(
            actor=firm.attorney2, matter=firm.matter, user=firm.attorney
        )


def test_paralegal_cannot_change_the_team(firm: Firm) -> None:
    with pytest.raises(PermissionDeniedError):
        services.add_team_member(
            actor=firm.paralegal, matter=firm.matter, user=firm.admin
        )
    response = firm.client(firm.paralegal).post(
        f"/matters/{firm.matter.pk}/team/add/", {"user": firm.admin.pk}, follow=True
    )
    assert b"Only the responsible attorney" in response.content
    assert not MatterMember.objects.filter(matter=firm.matter, user=firm.admin).exists()


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_team_and_wall_posts_are_404_off_the_team(firm: Firm, who: str) -> None:
    client = firm.client(getattr(firm, who))
    assert (
        client.post(
            f"/matters/{firm.matter.pk}/team/add/", {"user": firm.admin.pk}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/matters/{firm.matter.pk}/walls/add/",
            {"user": firm.paralegal.pk, "reason": "x"},
        ).status_code
        == 404
    )
