"""GET /healthz: no login, three keys; the worker is "ok" while a heartbeat is fresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from paradesk.core.models import WorkerHeartbeat
from paradesk.ops.worker import Heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login_and_without_a_worker() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "worker": "absent"}
    assert "Set-Cookie" not in response.headers


def test_healthz_reports_a_worker_with_a_fresh_heartbeat() -> None:
    Heartbeat(name="host-a:4242", every_seconds=10).beat()

    body = Client().get("/healthz").json()

    assert body == {"status": "ok", "database": "ok", "worker": "ok"}


@override_settings(PARADESK_WORKER_HEARTBEAT_SECONDS=10)
def test_healthz_calls_a_stale_heartbeat_absent() -> None:
    WorkerHeartbeat.objects.create(
        name="host-a:4242", pid=4242, seen_at=timezone.now() - timedelta(seconds=31)
    )

    assert Client().get("/healthz").json()["worker"] == "absent"


def test_stopped_heartbeat_removes_its_row() -> None:
    heartbeat = Heartbeat(name="host-a:4242", every_seconds=10)
    heartbeat.beat()
    heartbeat.beat()
    assert WorkerHeartbeat.objects.filter(name="host-a:4242").count() == 1

    heartbeat.stop()

    assert not WorkerHeartbeat.objects.exists()
    assert Client().get("/healthz").json()["worker"] == "absent"


def test_healthz_reveals_nothing_else() -> None:
    Heartbeat(name="host-a:4242", every_seconds=10).beat()

    response = Client().get("/healthz")

    assert set(response.json()) == {"status", "database", "worker"}
    assert b"host-a" not in response.content
    assert b"4242" not in response.content


def test_healthz_refuses_post() -> None:
    assert Client().post("/healthz").status_code == 405
