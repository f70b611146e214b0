"""The administrators' audit viewer and CSV export: admins only, and audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from paradesk.core.models import AuditEvent
from paradesk.testing.personas import Firm

NON_ADMINS = ["attorney", "paralegal", "billing", "outsider", "walled"]
HEADER = [
    "seq", "at", "actor", "action", "object_type", "object_id", "matter_id", "ip",
    "user_agent", "details", "prev_hash", "hash",
]  # fmt: skip


def test_admin_sees_the_audit_log(firm: Firm) -> None:
    response = firm.client(firm.admin).get(reverse("ops:audit"))

    assert response.status_code == 200
    assert b"matter.opened" in response.content
    assert AuditEvent.objects.filter(action="audit.viewed", actor=firm.admin).exists()


def test_admin_filters_by_action(firm: Firm) -> None:
    response = firm.client(firm.admin).get(
        reverse("ops:audit"), {"action": "matter.wall"}
    )

    assert response.status_code == 200
    page = response.context["page"]
    assert {e.action for e in page.object_list} == {"matter.wall_erected"}


@pytest.mark.parametrize("who", NON_ADMINS)
def test_non_admins_get_404_for_the_log(firm: Firm, who: str) -> None:
    response = firm.client(getattr(firm, who)).get(reverse("ops:audit"))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="audit.viewed").exists()


@pytest.mark.parametrize("who", NON_ADMINS)
def test_non_admins_get_404_for_the_export(firm: Firm, who: str) -> None:
    response = firm.client(getattr(firm, who)).get(reverse("ops:audit_export"))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="audit.exported").exists()


@pytest.mark.parametrize("who", NON_ADMINS)
def test_non_admins_get_404_for_verification(firm: Firm, who: str) -> None:
    response = firm.client(getattr(firm, who)).post(reverse("ops:audit_verify"))

    assert response.status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(firm: Firm) -> None:
    response = Client().get(reverse("ops:audit_export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("firm:login"))


def test_csv_export_has_the_header_and_every_event_and_is_audited(firm: Firm) -> None:
    before = AuditEvent.objects.count()

    response = firm.client(firm.admin).get(reverse("ops:audit_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0] == HEADER
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor == firm.admin
    # The export lists the events up to and including its own record, newest first.
    assert len(rows) - 1 == before + 1
    assert rows[1][0] == str(exported.seq)
    assert rows[1][3] == "audit.exported"


def test_csv_export_honours_filters(firm: Firm) -> None:
    response = firm.client(firm.admin).get(
        reverse("ops:audit_export"), {"action": "matter.opened"}
    )

    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert {row[3] for row in rows[1:]} == {"matter.opened"}
    assert len(rows) == 3
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.details == {"filters": {"action": "matter.opened"}}
