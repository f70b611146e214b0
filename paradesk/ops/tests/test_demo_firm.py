"""The demo firm loader and `paradesk demo-code`."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.chronology.models import Chronology
from paradesk.chronology.selectors import as_contract
from paradesk.core import audit
from paradesk.firm import services as firm_services
from paradesk.firm.models import ParalegalProfile, Role, User, WorkMode
from paradesk.matters.models import EthicalWall, Matter, Party, PartyRole
from paradesk.matters.selectors import can_see_matter
from paradesk.ops import demo
from paradesk.ops.management.commands.demo import Command as DemoCommand
from paradesk.testing.personas import make_user
from paradesk.work.models import Task, TaskState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def home(tmp_path: Path) -> Iterator[Path]:
    with override_settings(PARADESK_HOME=tmp_path):
        yield tmp_path


def _code(username: str) -> str:
    out = StringIO()
    with override_settings(PARADESK_DEMO=True):
        call_command("demo_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_loader_builds_the_demo_firm(
    home: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # The worker's jobs (reading the sample records, building the chronology) run
    # here as the loader's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        loaded = demo.load_demo_firm()

    assert loaded.created
    roles = sorted(User.objects.values_list("role", flat=True))
    assert roles == sorted(
        [Role.ADMIN, Role.ATTORNEY, Role.ATTORNEY] + [Role.PARALEGAL] * 3
    )
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in User.objects.all())
    assert TOTPDevice.objects.filter(confirmed=True).count() == 6
    profiles = {
        p.user.username: p for p in ParalegalProfile.objects.select_related("user")
    }
    assert profiles["jordan"].work_mode == WorkMode.HYBRID
    assert profiles["jordan"].in_person_duties == [
        "courthouse_filings",
        "original_signatures",
    ]
    assert profiles["priya"].work_mode == WorkMode.REMOTE
    assert profiles["lena"].lane == "records"

    harper = Matter.objects.get(title__startswith="Harper")
    assert harper.jurisdiction == "GA"
    assert harper.injury_type == "motor_vehicle"
    roles_on_harper = list(harper.parties.values_list("role", flat=True))
    assert roles_on_harper.count(PartyRole.MEDICAL_PROVIDER) == 2
    insurer = Party.objects.get(matter=harper, role=PartyRole.INSURER)
    assert insurer.claim_number
    assert insurer.adjuster_name
    assert {PartyRole.CLIENT, PartyRole.ADVERSE_PARTY} <= set(roles_on_harper)

    delgado = Matter.objects.get(title__startswith="Delgado")
    lena = User.objects.get(username="lena")
    assert EthicalWall.objects.filter(matter=delgado, user=lena).exists()
    assert not can_see_matter(lena, delgado)
    assert can_see_matter(lena, harper)

    states = set(Task.objects.values_list("state", flat=True))
    assert states == {
        TaskState.ASSIGNED,
        TaskState.IN_PROGRESS,
        TaskState.SUBMITTED,
        TaskState.APPROVED,
    }
    approved = Task.objects.get(state=TaskState.APPROVED)
    assert approved.approved_sha256 == approved.submitted_sha256 != ""
    waiting = Task.objects.get(state=TaskState.SUBMITTED)
    assert waiting.reviewer.username == "diane"
    overdue = [t for t in Task.objects.all() if t.is_overdue]
    assert len(overdue) == 1
    assert overdue[0].due_on < timezone.localdate()
    assert all(t.reviewer.role == Role.ATTORNEY for t in Task.objects.all())

    # The sample records were read and the chronology built from them, cited.
    chronology = Chronology.objects.get(matter=harper)
    document = as_contract(chronology)
    providers = {e["provider"] for e in document["encounters"]}
    assert {"R. Osei, MD", "K. Alvarez, PT, DPT"} <= providers
    assert document["totals"]["charges_cents"] == 51000
    assert all(e["citations"] for e in document["encounters"])

    # The letter templates are installed and Priya's demand task waits for her.
    from paradesk.drafting.models import Template

    assert set(Template.objects.values_list("builtin", flat=True)) >= {
        "demand",
        "records_request",
        "hipaa_authorization",
        "representation",
        "client_status",
    }
    demand = Task.objects.get(title__startswith="Draft the demand letter")
    assert (demand.owner.username, demand.reviewer.username) == ("priya", "diane")

    assert audit.verify_chain().ok
    assert demo.demo_usernames() == {p.username for p in demo.PEOPLE}
    assert (home / "demo-firm.json").exists()


def test_loader_is_idempotent() -> None:
    demo.load_demo_firm()
    counts = (User.objects.count(), Matter.objects.count(), Task.objects.count())
    events = audit.verify_chain().checked

    again = demo.load_demo_firm()

    assert not again.created
    assert counts == (
        User.objects.count(),
        Matter.objects.count(),
        Task.objects.count(),
    )
    assert audit.verify_chain().checked == events


def test_load_command_says_when_nothing_changed() -> None:
    first, second = StringIO(), StringIO()

    call_command("load_demo_firm", stdout=first)
    call_command("load_demo_firm", stdout=second)

    assert "Demo firm loaded" in first.getvalue()
    assert "already loaded" in second.getvalue()


def test_loader_refuses_a_database_with_other_people(home: Path) -> None:
    make_user("realuser", Role.ADMIN)

    with pytest.raises(demo.DemoError, match="already has users"):
        demo.load_demo_firm()

    assert User.objects.count() == 1
    assert not (home / "demo-firm.json").exists()


def test_demo_code_signs_in_once_and_the_next_one_works_too() -> None:
    demo.load_demo_firm()
    diane = User.objects.get(username="diane")

    first = _code("diane")
    firm_services.verify_second_factor(actor=diane, code=first)
    second = _code("diane")
    firm_services.verify_second_factor(actor=diane, code=second)

    assert len(first) == 6
    assert first.isdigit()
    assert second != first
    with pytest.raises(firm_services.SecondFactorError):
        firm_services.verify_second_factor(actor=diane, code=first)


def test_demo_code_is_refused_outside_demo_mode() -> None:
    demo.load_demo_firm()
    out = StringIO()

    with override_settings(PARADESK_DEMO=False), pytest.raises(CommandError) as refused:
        call_command("demo_code", "diane", stdout=out)

    assert refused.value.returncode == 2
    assert "not in demo mode" in str(refused.value)
    assert out.getvalue() == ""


def test_demo_code_is_refused_for_a_user_outside_the_demo_firm() -> None:
    demo.load_demo_firm()
    make_user("realuser", Role.ATTORNEY)

    with pytest.raises(CommandError) as refused:
        _code("realuser")

    assert refused.value.returncode == 2
    assert "not a user of the demo firm" in str(refused.value)


def test_demo_code_is_refused_without_the_demo_marker(home: Path) -> None:
    demo.load_demo_firm()
    (home / "demo-firm.json").unlink()

    with pytest.raises(CommandError) as refused:
        _code("diane")

    assert refused.value.returncode == 2


def test_sign_in_guide_names_every_user_the_password_and_demo_code() -> None:
    loaded = demo.load_demo_firm()

    guide = DemoCommand().sign_in_guide(loaded, host="127.0.0.1", port=8765)

    assert "http://127.0.0.1:8765/login/" in guide
    assert demo.DEMO_PASSWORD in guide
    assert "paradesk demo-code USERNAME" in guide
    for person in demo.PEOPLE:
        assert person.username in guide
        assert person.role_label in guide
