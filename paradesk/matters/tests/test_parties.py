from __future__ import annotations

import pytest

from paradesk.matters import services
from paradesk.matters.models import Party, PartyRole
from paradesk.matters.services import MatterError
from paradesk.testing.personas import Firm


def test_insurer_is_added_with_claim_number_and_adjuster(firm: Firm) -> None:
    response = firm.client(firm.paralegal).post(
        f"/matters/{firm.matter.pk}/parties/add/",
        {
            "role": "insurer",
            "kind": "organization",
            "name": "Peachtree Mutual",
            "claim_number": "PM-2025-00417",
            "adjuster_name": "Dana Brooks",
        },
    )
    assert response.status_code == 302
    party = Party.objects.get(matter=firm.matter, role=PartyRole.INSURER)
    assert (party.claim_number, party.adjuster_name) == ("PM-2025-00417", "Dana Brooks")
    page = firm.client(firm.paralegal).get(f"/matters/{firm.matter.pk}/")
    assert b"PM-2025-00417" in page.content


def test_insurer_without_claim_number_is_refused_with_a_message(firm: Firm) -> None:
    response = firm.client(firm.paralegal).post(
        f"/matters/{firm.matter.pk}/parties/add/",
        {"role": "insurer", "kind": "organization", "name": "Peachtree Mutual"},
    )
    assert response.status_code == 200
    assert b"needs its claim number" in response.content
    assert not Party.objects.filter(role=PartyRole.INSURER).exists()


def test_claim_number_on_a_witness_is_refused(firm: Firm) -> None:
    with pytest.raises(MatterError, match="insurer party only"):
        services.add_party(
            actor=firm.paralegal,
            matter=firm.matter,
            role="witness",
            name="W",
            claim_number="1",
        )


def test_client_party_cannot_be_removed(firm: Firm) -> None:
    client_party = Party.objects.get(matter=firm.matter, role=PartyRole.CLIENT)
    response = firm.client(firm.attorney).post(
        f"/matters/{firm.matter.pk}/parties/{client_party.pk}/remove/", follow=True
    )
    assert b"cannot be removed" in response.content
    assert Party.objects.filter(pk=client_party.pk).exists()


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_party_of_a_hidden_matter_is_404(firm: Firm, who: str) -> None:
    witness = services.add_party(
        actor=firm.attorney, matter=firm.matter, role="witness", name="Sam Witness"
    )
    response = firm.client(getattr(firm, who)).post(
        f"/matters/{firm.matter.pk}/parties/{witness.pk}/remove/"
    )
    assert response.status_code == 404
    assert Party.objects.filter(pk=witness.pk).exists()


def test_party_of_another_matter_is_404_through_this_matter(firm: Firm) -> None:
    other_party = services.add_party(
        actor=firm.attorney2, matter=firm.other_matter, role="witness", name="Other"
    )
    response = firm.client(firm.attorney2).post(
        f"/matters/{firm.matter.pk}/parties/{other_party.pk}/remove/"
    )
    assert response.status_code == 404
