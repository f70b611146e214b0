"""GET /audit (administrators only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from paradesk.api.tests.conftest import ApiClient
from paradesk.core.audit import verify_chain
from paradesk.core.models import AuditEvent
from paradesk.firm.models import User
from paradesk.testing.personas import Firm

MakeApi = Callable[[User], ApiClient]


@pytest.mark.parametrize(
    "who", ["attorney", "paralegal", "billing", "outsider", "walled"]
)
def test_anyone_but_an_admin_gets_404(firm: Firm, api: MakeApi, who: str) -> None:
    response = api(getattr(firm, who)).get("/audit")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not AuditEvent.objects.filter(action="audit.viewed").exists()


def test_admin_reads_events_with_their_chain_links(firm: Firm, api: MakeApi) -> None:
    response = api(firm.admin).get("/audit")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == AuditEvent.objects.exclude(action="audit.viewed").count()
    newest, older = body["items"][0], body["items"][1]
    assert newest["seq"] > older["seq"]
    assert newest["prev_hash"] == AuditEvent.objects.get(seq=newest["seq"] - 1).hash
    assert set(newest) >= {
        "seq",
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "matter_id",
        "ip",
        "details",
        "prev_hash",
        "hash",
    }
    assert verify_chain().ok
    assert AuditEvent.objects.filter(action="audit.viewed", actor=firm.admin).exists()


def test_admin_filters_by_actor_action_matter_and_dates(
    firm: Firm, api: MakeApi
) -> None:
    client = api(firm.admin)
    body = client.get("/audit", {"actor": "attorney", "action": "matter."}).json()
    assert body["items"]
    assert {e["actor"] for e in body["items"]} == {"attorney"}
    assert all(e["action"].startswith("matter.") for e in body["items"])
    body = client.get("/audit", {"matter": firm.other_matter.pk}).json()
    assert {e["matter_id"] for e in body["items"]} == {firm.other_matter.pk}
    assert client.get("/audit", {"since": "2999-01-01"}).json()["count"] == 0
    assert client.get("/audit", {"until": "2000-01-01"}).json()["count"] == 0
    page = client.get("/audit", {"page_size": 2}).json()
    assert len(page["items"]) == 2


def test_malformed_dates_and_reversed_range_are_422(firm: Firm, api: MakeApi) -> None:
    client = api(firm.admin)
    response = client.get("/audit", {"since": "yesterday"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "since"]
    response = client.get("/audit", {"since": "2025-02-01", "until": "2025-01-01"})
    assert response.status_code == 422
    assert "since" in response.json()["detail"][0]["msg"]
