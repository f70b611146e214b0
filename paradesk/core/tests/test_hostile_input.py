"""Input that once reached the database raw: every one is a clear 4xx, never a 500."""

from __future__ import annotations

import json

import pytest

from paradesk.core import audit
from paradesk.core.models import AuditEvent
from paradesk.firm.tokens import issue_api_token
from paradesk.matters.models import Party
from paradesk.testing.personas import Firm


@pytest.mark.parametrize(
    ("who", "url"),
    [("attorney", "/matters/?q=%00"), ("admin", "/audit/?actor=%00")],
)
def test_nul_in_a_query_string_is_400(firm: Firm, who: str, url: str) -> None:
    response = firm.client(getattr(firm, who)).get(url)
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_nul_in_a_form_is_400_and_stores_nothing(firm: Firm) -> None:
    response = firm.client(firm.attorney).post(
        f"/matters/{firm.matter.pk}/parties/add/",
        {"role": "witness", "kind": "person", "name": "Ev\x00e"},
    )
    assert response.status_code == 400
    assert not Party.objects.filter(role="witness").exists()


def test_nul_in_api_json_is_400(firm: Firm) -> None:
    token = issue_api_token(actor=firm.attorney, name="t").secret
    response = firm.client(firm.attorney).post(
        f"/api/v1/matters/{firm.matter.pk}/parties",
        data=json.dumps({"role": "witness", "name": "Ev\u0000e"}),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_hidden_matter_with_nul_is_still_not_a_500(firm: Firm, who: str) -> None:
    response = firm.client(getattr(firm, who)).get(f"/matters/{firm.matter.pk}/?x=%00")
    assert response.status_code == 400


def test_overlong_email_is_a_form_error(firm: Firm) -> None:
    response = firm.client(firm.attorney).post(
        f"/matters/{firm.matter.pk}/parties/add/",
        {
            "role": "witness",
            "kind": "person",
            "name": "Sam",
            "email": "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com",
        },
    )
    assert response.status_code == 200
    assert b"at most 254 characters" in response.content


def test_far_future_audit_filter_is_answered(firm: Firm) -> None:
    response = firm.client(firm.admin).get("/audit/?until=9999-12-31")
    assert response.status_code == 200


def test_ip_addresses_are_stored_as_hashed(firm: Firm) -> None:
    client = firm.client(firm.paralegal)
    client.get(f"/matters/{firm.matter.pk}/", REMOTE_ADDR="2001:DB8:0:0::1")
    client.get(f"/matters/{firm.matter.pk}/", REMOTE_ADDR="not-an-address")
    events = list(AuditEvent.objects.filter(action="matter.viewed").order_by("seq"))
    assert [e.ip for e in events[-2:]] == ["2001:db8::1", None]
    assert audit.verify_chain().ok


def test_details_that_would_not_round_trip_are_stored_as_text(firm: Firm) -> None:
    event = audit.record(
        "test.details", actor=None, details={"f": 1e16, "s": {3, 1}, "n": "a\x00b"}
    )
    event.refresh_from_db()
    assert event.details == {"f": "1e+16", "s": [1, 3], "n": "ab"}
    assert audit.verify_chain().ok


def test_api_refusals_keep_the_json_error_shape(firm: Firm) -> None:
    token = issue_api_token(actor=firm.attorney, name="t").secret
    response = firm.client(firm.attorney).get(
        "/api/v1/matters?q=%00", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request contains a NUL character, which is never valid input."
    }


def test_an_oversized_json_body_is_413_not_a_crash(
    firm: Firm, settings: object
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # type: ignore[attr-defined]
    token = issue_api_token(actor=firm.attorney, name="t").secret
    response = firm.client(firm.attorney).post(
        f"/api/v1/matters/{firm.matter.pk}/parties",
        data=json.dumps({"role": "witness", "name": "x" * 500}),
        content_type="application/json",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
    assert "larger than this server accepts" in response.json()["detail"]


# 2**63 is one past the largest id the databases store; 2**64 and a 30-digit number
# are what a fuzzer sends next.
HUGE_IDS = [str(2**63), str(2**64), "9" * 30]
WEB_ID_URLS = [
    "/matters/{id}/",
    "/matters/{id}/edit/",
    "/documents/{id}/",
    "/documents/1/v{id}/page/1/",
    "/documents/1/v1/page/{id}/",
    "/documents/1/v1/page/{id}.png",
    "/tasks/{id}/",
    "/drafts/{id}/",
    "/templates/{id}/",
    "/people/{id}/",
    "/matters/{id}/chronology/",
    "/chronology/entries/{id}/",
]


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("url", WEB_ID_URLS)
def test_an_id_past_64_bits_in_a_page_url_is_404(
    firm: Firm, url: str, huge: str
) -> None:
    who = firm.admin if url.startswith("/people/") else firm.attorney
    response = firm.client(who).get(url.format(id=huge))
    assert response.status_code == 404


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_an_id_past_64_bits_in_the_audit_filter_is_a_form_error(
    firm: Firm, huge: str
) -> None:
    response = firm.client(firm.admin).get(f"/audit/?matter={huge}")
    assert response.status_code == 200
    assert b"Ensure this value is less than or equal to" in response.content


API_ID_URLS = [
    "/matters/{id}",
    "/matters/{id}/parties",
    "/matters/{id}/chronology",
    "/documents/{id}",
    "/documents/{id}/v1/pages/1",
    "/documents/1/v{id}/pages/1",
    "/documents/1/v1/pages/{id}",
    "/documents/versions/{id}/pages",
    "/tasks/{id}",
    "/drafts/{id}",
    "/parties/{id}",
    "/search?q=strain&matter={id}",
]


@pytest.mark.parametrize("url", API_ID_URLS)
def test_an_id_past_64_bits_in_an_api_url_is_json_and_never_a_500(
    firm: Firm, url: str
) -> None:
    token = issue_api_token(actor=firm.attorney, name="t").secret
    response = firm.client(firm.attorney).get(
        "/api/v1" + url.format(id=2**63), headers={"authorization": f"Bearer {token}"}
    )
    assert response["Content-Type"].startswith("application/json")
    if "?" in url:
        # A query parameter names its field.
        assert response.status_code == 422
        error = response.json()["detail"][0]
        assert "less than or equal to 9223372036854775807" in error["msg"]
    else:
        # A path naming no row is an unknown path, like an object one may not see.
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_a_search_page_past_ten_thousand_results_is_a_422(firm: Firm) -> None:
    token = issue_api_token(actor=firm.attorney, name="t").secret
    response = firm.client(firm.attorney).get(
        "/api/v1/search?q=strain&page=300&page_size=50",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["query", "page"]
    assert "first 10,000 results" in error["msg"]
    assert "page 201" in error["msg"]
