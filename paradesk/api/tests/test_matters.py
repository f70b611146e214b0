"""GET/POST /matters, GET/PATCH /matters/{id}."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.matters.models import Matter, Phase
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]


def _new_matter(firm: Firm, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Okafor v. Metro Transit",
        "client_name": "Grace Okafor",
        "jurisdiction": "NY",
        "responsible_attorney_id": firm.attorney.pk,
        "incident_on": "2025-01-02",
        "injury_type": "motor_vehicle",
        "team_ids": [firm.paralegal.pk],
    }
    body.update(overrides)
    return body


def test_paralegal_lists_only_matters_of_their_teams(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).get("/matters")
    assert response.status_code == 200
    body = response.json()
    assert [m["id"] for m in body["items"]] == [firm.matter.pk]
    assert body["count"] == 1
    assert body["items"][0]["client"]["name"] == "Maria Rivera"


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_do_not_see_the_matter_in_the_list(
    firm: Firm, api: MakeApi, who: str
) -> None:
    ids = [m["id"] for m in api(getattr(firm, who)).get("/matters").json()["items"]]
    assert firm.matter.pk not in ids
    assert ids == [firm.other_matter.pk]


def test_admin_on_no_team_lists_nothing(firm: Firm, api: MakeApi) -> None:
    assert api(firm.admin).get("/matters").json()["items"] == []


def test_list_filters_by_query_and_phase_and_paginates(
    firm: Firm, api: MakeApi
) -> None:
    client = api(firm.attorney2)
    assert [
        m["id"] for m in client.get("/matters", {"q": "rivera"}).json()["items"]
    ] == [firm.matter.pk]
    Matter.objects.filter(pk=firm.other_matter.pk).update(phase=Phase.DEMAND)
    assert [
        m["id"] for m in client.get("/matters", {"phase": "demand"}).json()["items"]
    ] == [firm.other_matter.pk]
    first = client.get("/matters", {"page_size": 1}).json()
    second = client.get("/matters", {"page_size": 1, "page": 2}).json()
    assert first["count"] == second["count"] == 2
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {
        firm.matter.pk,
        firm.other_matter.pk,
    }


def test_bad_list_filters_are_422_naming_the_parameter(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.attorney).get("/matters", {"phase": "bogus", "page": "0"})
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert locs == {("query", "phase"), ("query", "page")}


def test_listing_is_audited_with_the_ids_returned_but_not_the_search_words(
    firm: Firm, api: MakeApi
) -> None:
    api(firm.paralegal).get("/matters", {"q": "Rivera"})
    event = AuditEvent.objects.get(action="matter.listed")
    assert event.actor_id == firm.paralegal.pk
    assert event.details["ids"] == [firm.matter.pk]
    assert event.details["searched"] is True
    assert "Rivera" not in str(event.details)


def test_attorney_opens_a_matter_and_gets_201_with_the_matter(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.attorney).post("/matters", _new_matter(firm))
    assert response.status_code == 201
    body = response.json()
    assert body["warnings"] == []
    matter = Matter.objects.get(pk=body["matter"]["id"])
    assert body["matter"]["number"] == matter.number
    assert body["matter"]["jurisdiction"] == "NY"
    assert body["matter"]["responsible_attorney"]["id"] == firm.attorney.pk
    assert set(matter.members.values_list("user_id", flat=True)) == {
        firm.attorney.pk,
        firm.paralegal.pk,
    }
    assert AuditEvent.objects.filter(action="matter.opened", matter=matter).exists()


def test_duplicate_client_name_warns_but_opens(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        "/matters", _new_matter(firm, client_name="maria rivera")
    )
    assert response.status_code == 201
    assert len(response.json()["warnings"]) == 1
    assert "already exists" in response.json()["warnings"][0]


def test_paralegal_may_not_open_a_matter(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).post("/matters", _new_matter(firm))
    assert response.status_code == 403
    assert "attorneys and administrators" in response.json()["detail"]


def test_open_with_bad_body_is_422_naming_each_field(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).post(
        "/matters",
        {
            "title": "x" * 201,
            "jurisdiction": "ZZ",
            "responsible_attorney_id": "abc",
            "incident_on": "2025-02-30",
            "injury_type": "papercut",
            "client_email": "not-an-email",
            "number": "2025-9999",
        },
    )
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert fields == {
        "title",
        "client_name",
        "jurisdiction",
        "responsible_attorney_id",
        "incident_on",
        "injury_type",
        "client_email",
        "number",
    }
    assert not Matter.objects.filter(title__startswith="xxx").exists()


def test_unknown_responsible_attorney_or_team_member_is_422_naming_the_field(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.attorney).post(
        "/matters",
        _new_matter(firm, responsible_attorney_id=999_999, team_ids=[1, 888_888]),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == [
        "body",
        "payload",
        "responsible_attorney_id",
    ]
    response = api(firm.attorney).post(
        "/matters", _new_matter(firm, team_ids=[888_888])
    )
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "team_ids", 0]


def test_inactive_user_cannot_be_named(firm: Firm, api: MakeApi) -> None:
    User.objects.filter(pk=firm.attorney2.pk).update(is_active=False)
    response = api(firm.attorney).post(
        "/matters", _new_matter(firm, responsible_attorney_id=firm.attorney2.pk)
    )
    assert response.status_code == 422


def test_future_incident_date_is_refused_with_a_message(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.attorney).post(
        "/matters", _new_matter(firm, incident_on="2999-01-01")
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The incident date cannot be in the future."}


def test_get_matter_returns_it_and_audits_the_view(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).get(f"/matters/{firm.matter.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Rivera v. Acme Trucking"
    event = AuditEvent.objects.get(action="matter.viewed")
    assert (event.actor_id, event.matter_id) == (firm.paralegal.pk, firm.matter.pk)


@pytest.mark.parametrize("who", ["outsider", "walled", "admin"])
def test_matter_off_your_team_is_404_like_a_missing_one(
    firm: Firm, api: MakeApi, who: str
) -> None:
    client = api(getattr(firm, who))
    hidden = client.get(f"/matters/{firm.matter.pk}")
    missing = client.get("/matters/987654")
    huge = client.get("/matters/99999999999999999999999")
    assert hidden.status_code == missing.status_code == huge.status_code == 404
    assert hidden.json() == missing.json() == huge.json() == {"detail": "Not found."}
    assert not AuditEvent.objects.filter(action="matter.viewed").exists()


def test_patch_changes_only_the_fields_sent(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).patch(
        f"/matters/{firm.matter.pk}",
        {"phase": "treating", "description": "Rear-ended."},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["phase"], body["description"]) == ("treating", "Rear-ended.")
    assert body["title"] == "Rivera v. Acme Trucking"
    event = AuditEvent.objects.get(action="matter.updated")
    assert sorted(event.details["fields"]) == ["description", "phase"]


def test_patch_may_clear_the_incident_date_but_not_the_title(
    firm: Firm, api: MakeApi
) -> None:
    client = api(firm.attorney)
    assert (
        client.patch(f"/matters/{firm.matter.pk}", {"incident_on": None}).json()[
            "incident_on"
        ]
        is None
    )
    response = client.patch(f"/matters/{firm.matter.pk}", {"title": None})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "title"


def test_patch_refuses_fields_that_cannot_change_here(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).patch(
        f"/matters/{firm.matter.pk}", {"number": "1999-0001"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "number"


def test_patch_with_over_long_title_is_422(firm: Firm, api: MakeApi) -> None:
    response = api(firm.attorney).patch(
        f"/matters/{firm.matter.pk}", {"title": "x" * 201}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "string_too_long"


def test_paralegal_on_the_team_may_not_patch_and_is_told_so(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.paralegal).patch(
        f"/matters/{firm.matter.pk}", {"phase": "demand"}
    )
    assert response.status_code == 403
    assert "responsible attorney" in response.json()["detail"]


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_cannot_patch(
    firm: Firm, api: MakeApi, who: str
) -> None:
    response = api(getattr(firm, who)).patch(
        f"/matters/{firm.matter.pk}", {"phase": "demand"}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    firm.matter.refresh_from_db()
    assert firm.matter.phase == Phase.INTAKE
