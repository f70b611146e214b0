"""People screens are for administrators only; everyone else gets 404, never 403."""

from __future__ import annotations

import pytest
from django.test import Client

from paradesk.testing.personas import Firm

ADMIN_PAGES = [
    ("get", "/people/"),
    ("get", "/people/new/"),
    ("post", "/people/new/"),
    ("get", "/people/{pk}/"),
    ("post", "/people/{pk}/edit/"),
    ("post", "/people/{pk}/profile/"),
    ("post", "/people/{pk}/onboarding/"),
    ("get", "/people/{pk}/reset-mfa/"),
    ("post", "/people/{pk}/reset-mfa/"),
    ("post", "/people/{pk}/unlock/"),
    ("get", "/onboarding/"),
]


@pytest.mark.parametrize(
    "who", ["attorney", "paralegal", "billing", "outsider", "walled"]
)
@pytest.mark.parametrize(("method", "url"), ADMIN_PAGES)
def test_non_administrators_get_404_on_people_pages(
    firm: Firm, who: str, method: str, url: str
) -> None:
    client = firm.client(getattr(firm, who))

    response = getattr(client, method)(url.format(pk=firm.paralegal.pk))

    assert response.status_code == 404


def test_administrator_sees_the_people_list_with_status_columns(firm: Firm) -> None:
    html = firm.client(firm.admin).get("/people/").content.decode()

    for heading in (
        "Name",
        "Role",
        "Work mode",
        "Lane",
        "Supervising attorney",
        "MFA enrolled",
        "Onboarding",
    ):
        assert f">{heading}</th>" in html
    assert "Pat Legal" in html
    assert "<progress" in html


def test_unknown_person_is_404_for_the_administrator(firm: Firm) -> None:
    response = firm.client(firm.admin).get("/people/999999/")

    assert response.status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(db: None) -> None:
    response = Client().get("/people/")

    assert response["Location"] == "/login/?next=%2Fpeople%2F"
