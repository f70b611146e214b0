"""GET/POST /matters/{id}/parties, GET/DELETE /parties/{id}."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.matters.models import Party, PartyRole
from paradesk.matters.services import add_party
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]

INSURER = {
    "role": "insurer",
    "name": "Granite Mutual",
    "kind": "organization",
    "claim_number": "GM-2025-0042",
    "adjuster_name": "Dana Adjuster",
    "adjuster_email": "dana@granite.test",
}


def test_team_member_lists_parties_and_the_read_is_audited(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.paralegal).get(f"/matters/{firm.matter.pk}/parties")
    assert response.status_code == 200
    assert [(p["role"], p["name"]) for p in response.json()] == [
        ("client", "Maria Rivera")
    ]
    assert AuditEvent.objects.filter(action="party.listed", matter=firm.matter).exists()


def test_adds_an_insurer_with_its_claim_number(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).post(f"/matters/{firm.matter.pk}/parties", INSURER)
    assert response.status_code == 201
    body = response.json()
    assert (body["role"], body["claim_number"], body["kind"]) == (
        "insurer",
        "GM-2025-0042",
        "organization",
    )
    assert Party.objects.filter(pk=body["id"], matter=firm.matter).exists()


def test_insurer_without_claim_number_is_400_with_a_message(
    firm: Firm, api: MakeApi
) -> None:
    response = api(firm.paralegal).post(
        f"/matters/{firm.matter.pk}/parties", {**INSURER, "claim_number": ""}
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "An insurer needs its claim number."}


def test_bad_party_body_is_422_naming_the_fields(firm: Firm, api: MakeApi) -> None:
    response = api(firm.paralegal).post(
        f"/matters/{firm.matter.pk}/parties",
        {"role": "judge", "name": "n" * 201, "adjuster_email": "nope"},
    )
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {
        "role",
        "name",
        "adjuster_email",
    }


def test_get_and_delete_a_party(firm: Firm, api: MakeApi) -> None:
    party = add_party(
        actor=firm.attorney, matter=firm.matter, role=PartyRole.WITNESS, name="Sam"
    )
    client = api(firm.paralegal)
    response = client.get(f"/parties/{party.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Sam"
    assert AuditEvent.objects.filter(
        action="party.viewed", object_id=str(party.pk)
    ).exists()
    assert client.delete(f"/parties/{party.pk}").status_code == 204
    assert not Party.objects.filter(pk=party.pk).exists()
    assert client.get(f"/parties/{party.pk}").status_code == 404


def test_client_party_cannot_be_deleted(firm: Firm, api: MakeApi) -> None:
    client_party = Party.objects.get(matter=firm.matter, role=PartyRole.CLIENT)
    response = api(firm.attorney).delete(f"/parties/{client_party.pk}")
    assert response.status_code == 400
    assert response.json() == {"detail": "The client party cannot be removed."}


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_outsider_and_walled_user_get_404_for_the_parties(
    firm: Firm, api: MakeApi, who: str
) -> None:
    party = add_party(
        actor=firm.attorney, matter=firm.matter, role=PartyRole.WITNESS, name="Sam"
    )
    client = api(getattr(firm, who))
    responses = [
        client.get(f"/matters/{firm.matter.pk}/parties"),
        client.post(f"/matters/{firm.matter.pk}/parties", INSURER),
        client.get(f"/parties/{party.pk}"),
        client.delete(f"/parties/{party.pk}"),
        client.get("/parties/987654"),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    assert all(r.json() == {"detail": "Not found."} for r in responses)
    assert Party.objects.filter(pk=party.pk).exists()
    assert Party.objects.filter(matter=firm.matter).count() == 2
