"""Matter access is team membership minus ethical walls, for every role and view."""

from __future__ import annotations

import pytest

from paradesk.matters import selectors
from paradesk.testing.personas import Firm


def test_paralegal_sees_only_team_matters(firm: Firm) -> None:
    assert list(selectors.matters_visible_to(firm.paralegal)) == [firm.matter]


def test_walled_user_never_sees_the_walled_matter(firm: Firm) -> None:
    assert list(selectors.matters_visible_to(firm.walled)) == [firm.other_matter]


def test_admin_not_on_the_team_sees_no_client_data(firm: Firm) -> None:
    assert list(selectors.matters_visible_to(firm.admin)) == []


def test_wall_wins_over_a_stale_team_membership(firm: Firm) -> None:
    from paradesk.matters.models import MatterMember

    assert MatterMember.objects.filter(matter=firm.matter, user=firm.walled).exists()
    assert firm.matter not in selectors.matters_visible_to(firm.walled)
    assert firm.walled not in selectors.team_of(firm.matter)


@pytest.mark.parametrize("who", ["outsider", "walled", "admin"])
@pytest.mark.parametrize(
    "path", ["/matters/{m}/", "/matters/{m}/edit/", "/matters/{m}/parties/add/"]
)
def test_matter_pages_are_404_for_people_off_the_team(
    firm: Firm, who: str, path: str
) -> None:
    client = firm.client(getattr(firm, who))
    response = client.get(path.format(m=firm.matter.pk))
    assert response.status_code == 404
    assert b"Rivera" not in response.content


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_matter_list_hides_matters_off_the_team(firm: Firm, who: str) -> None:
    response = firm.client(getattr(firm, who)).get("/matters/")
    assert response.status_code == 200
    assert b"Rivera" not in response.content


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_posts_to_a_hidden_matter_are_404_and_change_nothing(
    firm: Firm, who: str
) -> None:
    client = firm.client(getattr(firm, who))
    before = firm.matter.parties.count()
    response = client.post(
        f"/matters/{firm.matter.pk}/parties/add/",
        {"role": "witness", "kind": "person", "name": "Eve"},
    )
    assert response.status_code == 404
    assert firm.matter.parties.count() == before


def test_team_member_sees_the_matter_and_the_view_is_audited(firm: Firm) -> None:
    from paradesk.core.models import AuditEvent

    response = firm.client(firm.paralegal).get(f"/matters/{firm.matter.pk}/")
    assert response.status_code == 200
    assert b"Rivera v. Acme Trucking" in response.content
    event = AuditEvent.objects.filter(action="matter.viewed").last()
    assert event is not None
    assert event.actor == firm.paralegal
    assert event.matter_id == firm.matter.pk


def test_nonnumeric_and_unknown_ids_are_404(firm: Firm) -> None:
    client = firm.client(firm.attorney)
    assert client.get("/matters/999999/").status_code == 404
    assert client.get("/matters/abc/").status_code == 404
