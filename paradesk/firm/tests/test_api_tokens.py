"""Account → API tokens: create (secret shown once), list, revoke."""

from __future__ import annotations

from django.test import Client

from paradesk.firm.models import ApiToken
from paradesk.firm.tokens import issue_api_token, user_for_token
from paradesk.testing.personas import Firm


def test_creating_a_token_shows_the_secret_once(firm: Firm) -> None:
    client = firm.client(firm.paralegal)

    response = client.post("/account/tokens/", {"name": "Intake script"})

    secret = response.context["issued"].secret
    assert response.status_code == 200
    assert secret in response.content.decode()
    assert "shown only once" in response.content.decode()
    listing = client.get("/account/tokens/").content.decode()
    assert "Intake script" in listing
    assert secret not in listing
    assert secret[:12] in listing
    assert user_for_token(secret) == firm.paralegal


def test_revoked_token_no_longer_resolves(firm: Firm) -> None:
    issued = issue_api_token(actor=firm.paralegal, name="Laptop")
    client = firm.client(firm.paralegal)

    response = client.post(f"/account/tokens/{issued.token.pk}/revoke/")

    assert response["Location"] == "/account/tokens/"
    assert user_for_token(issued.secret) is None
    assert "Revoked" in client.get("/account/tokens/").content.decode()


def test_revoking_twice_says_so(firm: Firm) -> None:
    issued = issue_api_token(actor=firm.paralegal, name="Laptop")
    client = firm.client(firm.paralegal)
    client.post(f"/account/tokens/{issued.token.pk}/revoke/")

    response = client.post(f"/account/tokens/{issued.token.pk}/revoke/", follow=True)

    assert "already revoked" in response.content.decode()


def test_revoke_needs_a_post(firm: Firm) -> None:
    issued = issue_api_token(actor=firm.paralegal, name="Laptop")

    response = firm.client(firm.paralegal).get(
        f"/account/tokens/{issued.token.pk}/revoke/"
    )

    assert response.status_code == 405
    assert user_for_token(issued.secret) == firm.paralegal


def test_over_long_and_empty_names_are_form_errors(firm: Firm) -> None:
    client = firm.client(firm.paralegal)

    long_name = client.post("/account/tokens/", {"name": "n" * 101})
    empty = client.post("/account/tokens/", {"name": "   "})

    assert long_name.status_code == 400
    assert "at most 100 characters" in long_name.content.decode()
    assert empty.status_code == 400
    assert not ApiToken.objects.exists()


def test_each_person_sees_only_their_own_tokens(firm: Firm) -> None:
    issue_api_token(actor=firm.attorney, name="Attorney's script")

    html = firm.client(firm.paralegal).get("/account/tokens/").content.decode()

    assert "Attorney&#x27;s script" not in html
    assert "You have no API tokens" in html


def test_outsider_and_walled_user_cannot_revoke_someone_elses_token(firm: Firm) -> None:
    issued = issue_api_token(actor=firm.paralegal, name="Laptop")
    for user in (firm.outsider, firm.walled):
        response = firm.client(user).post(f"/account/tokens/{issued.token.pk}/revoke/")

        assert response.status_code == 404
    assert user_for_token(issued.secret) == firm.paralegal


def test_signed_out_visitor_is_sent_to_sign_in(db: None) -> None:
    response = Client().get("/account/tokens/")

    assert response["Location"] == "/login/?next=%2Faccount%2Ftokens%2F"
