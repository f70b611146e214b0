"""A matter's chronology in the app: built by a job from ingested records, edited,
merged, split, rebuilt without losing edits, reviewed, exported, and scoped.

Every test here starts from the same built chronology, made once for the module
(paradesk.testing.modulerows); a test that needs another firm goes in another module.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import TestCase
from pytest_django.plugin import DjangoDbBlocker

from paradesk.chronology import selectors, services
from paradesk.chronology.models import Chronology, Entry, Origin
from paradesk.core.exceptions import ConcurrentEditError, PermissionDeniedError
from paradesk.core.models import AuditEvent, JobState
from paradesk.documents.services import add_document
from paradesk.engines.medchron import contract
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.chronology import build_sample_chronology
from paradesk.testing.modulerows import fresh_firm, rows_for_module
from paradesk.testing.personas import Firm, build_firm
from paradesk.work import services as work
from paradesk.work.models import TaskState


def _upload(firm: Firm, capture: Any, files: dict[str, list[str]]) -> None:
    for name, pages in files.items():
        with capture(execute=True):
            add_document(
                actor=firm.paralegal,
                matter=firm.matter,
                file=text_pdf([page.splitlines() for page in pages]),
                name=name,
            )


def _build(firm: Firm, capture: Any) -> Chronology:
    with capture(execute=True):
        job = services.request_build(actor=firm.paralegal, matter=firm.matter)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.message
    return Chronology.objects.get(matter=firm.matter)


@pytest.fixture(scope="module")
def sample(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Firm, int]]:
    """The firm, and its matter's chronology built by the job from the sample
    records: read and built once for the module (seconds), each test then starting
    from these rows and rolling its own changes back."""

    def build() -> tuple[Firm, int]:
        firm = build_firm()
        chronology = build_sample_chronology(firm, TestCase.captureOnCommitCallbacks)
        return firm, chronology.pk

    yield from rows_for_module(django_db_blocker, tmp_path_factory, build)


@pytest.fixture
def firm(sample: tuple[Firm, int], db: None) -> Firm:
    return fresh_firm(sample[0])


@pytest.fixture
def built(sample: tuple[Firm, int], db: None) -> Chronology:
    return Chronology.objects.get(pk=sample[1])


def _entry(chronology: Chronology, day: str) -> Entry:
    return chronology.entries.get(date=date.fromisoformat(day), removed=False)


def test_a_job_builds_the_chronology_from_the_ingested_records(
    built: Chronology,
) -> None:
    document = selectors.as_contract(built)
    contract.validate(document)
    assert [e["date"] for e in document["encounters"]] == [
        "2023-01-15",
        "2024-03-04",
        "2024-03-11",
        "2024-03-13",
        "2024-05-20",
    ]
    assert document["encounters"][0]["pre_incident"]
    assert document["totals"]["charges_cents"] == 226250 + 63500 + 155000
    # Every citation opens the exact document version and page, with the quote marked.
    er = _entry(built, "2024-03-04")
    url = selectors.citation_url(built, er.data["citations"][0])
    assert url is not None
    assert "/v1/page/1/" in url
    assert "quote=Date+of+Service" in url
    assert AuditEvent.objects.filter(action="chronology.built").exists()
    assert built.engine.startswith("paradesk.medchron ")


def test_the_review_screen_filters_and_links_each_citation(
    firm: Firm, built: Chronology
) -> None:
    client = firm.client(firm.paralegal)
    page = client.get(f"/matters/{firm.matter.pk}/chronology/").content.decode()
    assert "Maria Chen, MD" in page
    assert "Ana Silva, PT, DPT" in page
    assert "Pre-incident" in page
    assert "/page/1/?quote=" in page
    filtered = client.get(
        f"/matters/{firm.matter.pk}/chronology/", {"type": "physical therapy"}
    ).content.decode()
    assert "Ana Silva" in filtered
    assert "2024-03-04" not in filtered.split("Encounters")[1].split("Specials")[0]
    assert AuditEvent.objects.filter(action="chronology.viewed").exists()


def test_an_edit_keeps_the_machine_reading_and_survives_a_rebuild(
    firm: Firm, built: Chronology, django_capture_on_commit_callbacks: Any
) -> None:
    er = _entry(built, "2024-03-04")
    machine = er.machine
    edited = services.edit_entry(
        actor=firm.paralegal,
        entry=er,
        expected_version=er.version,
        changes={
            "provider": "Maria L. Chen, MD",
            "diagnoses": "S13.4XXA\nM54.2 Neck pain",
            "complaints": "neck pain\nheadache\npain 7/10",
        },
    )
    assert edited.origin == Origin.EDITED
    assert edited.machine == machine
    assert edited.data["provider"] == "Maria L. Chen, MD"
    assert edited.data["diagnoses"] == [
        {
            "code": "S13.4XXA",
            "description": "Sprain of ligaments of cervical spine, initial encounter",
        },
        {"code": "M54.2", "description": "Neck pain"},
    ]
    # A kept fact keeps its citation; nothing typed here was cited by the engine.
    kept = {f["text"]: f for f in edited.data["facts"]["complaints"]}
    assert kept["neck pain"]["citation"]["page"] == 1
    event = AuditEvent.objects.filter(action="chronology.entry_edited").get()
    assert event.details["fields"] == ["provider", "complaints", "diagnoses"]
    assert "Chen" not in str(
        event.details
    )  # no health information in the audit details

    pt = _entry(built, "2024-03-11")
    untouched_version = pt.version
    rebuilt = _build(firm, django_capture_on_commit_callbacks)
    er_after = Entry.objects.get(pk=er.pk)
    assert er_after.data["provider"] == "Maria L. Chen, MD"
    assert er_after.origin == Origin.EDITED
    assert er_after.machine is not None
    assert er_after.machine["provider"] == "Maria Chen, MD"
    assert Entry.objects.get(pk=pt.pk).version == untouched_version + 1
    assert rebuilt.entries.filter(removed=False).count() == 5


def test_new_records_rebuild_the_chronology_by_themselves(
    firm: Firm, built: Chronology, django_capture_on_commit_callbacks: Any
) -> None:
    extra = {
        "ortho_note.pdf": [
            "Peachtree Orthopaedic Associates\nOffice Visit\n"
            "Date of Service: 03/18/2024\n"
            "Provider: Paul Okafor, MD\n"
            "Chief Complaint: neck pain radiating to the left arm.\n"
            "Assessment: Cervicalgia (M54.2)\nPlan: MRI of the cervical spine."
        ]
    }
    # Reading the new record rebuilds the chronology by itself.
    _upload(firm, django_capture_on_commit_callbacks, extra)
    rebuilt = Chronology.objects.get(pk=built.pk)
    assert rebuilt.build_job is not None
    assert rebuilt.build_job.state == JobState.SUCCEEDED
    assert AuditEvent.objects.filter(action="chronology.rebuild_queued").exists()
    ortho = _entry(rebuilt, "2024-03-18")
    assert ortho.provider == "Paul Okafor, MD"
    missing = selectors.as_contract(rebuilt)["missing"]
    assert {
        "kind": "record",
        "provider": "Paul Okafor, MD",
        "date": "2024-03-18",
    } not in missing


def test_merge_split_delete_restore_and_add(firm: Firm, built: Chronology) -> None:
    a, b = _entry(built, "2024-03-11"), _entry(built, "2024-03-13")
    merged = services.merge_entries(
        actor=firm.paralegal,
        target=a,
        others=[b],
        expected_versions={a.pk: a.version, b.pk: b.version},
    )
    assert len(merged.data["citations"]) == 1  # same page: one citation
    b.refresh_from_db()
    assert b.removed
    assert b.merged_into_id == merged.pk
    assert [c["code"] for c in merged.data["procedures"]] == ["97110", "97140"]

    er = _entry(built, "2024-03-04")
    new = services.split_entry(
        actor=firm.paralegal,
        entry=er,
        expected_version=er.version,
        citations=[1],
        day=date(2024, 3, 5),
    )
    er.refresh_from_db()
    assert [c["page"] for c in er.data["citations"]] == [1]
    assert [c["page"] for c in new.data["citations"]] == [2]
    assert new.origin == Origin.ADDED
    assert new.data["date"] == "2024-03-05"
    # The diagnoses were read on page 2, so they moved with it.
    assert [d["code"] for d in new.data["diagnoses"]] == ["S13.4XXA", "M54.2"]
    assert er.data["diagnoses"] == []

    services.delete_entry(actor=firm.paralegal, entry=new, expected_version=new.version)
    new.refresh_from_db()
    assert new.removed
    assert all(
        e["date"] != "2024-03-05" for e in selectors.as_contract(built)["encounters"]
    )
    services.restore_entry(
        actor=firm.paralegal, entry=new, expected_version=new.version
    )

    label = "Piedmont_ER_records.pdf"
    added = services.add_entry(
        actor=firm.paralegal,
        chronology=built,
        day=date(2024, 3, 25),
        provider="Paul Okafor, MD",
        document_label=label,
        page=1,
        quote="Decreased ROM of the neck.",
    )
    assert added.data["citations"][0]["verified"] is True
    wrong = services.add_entry(
        actor=firm.paralegal,
        chronology=built,
        day=date(2024, 3, 26),
        provider="Paul Okafor, MD",
        document_label=label,
        page=2,
        quote="Decreased ROM of the neck.",
    )
    assert wrong.data["citations"][0]["verified"] is False
    with pytest.raises(services.ChronologyError, match="has no page 9"):
        services.add_entry(
            actor=firm.paralegal,
            chronology=built,
            day=None,
            provider="",
            document_label=label,
            page=9,
        )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "chronology.entries_merged",
        "chronology.entry_split",
        "chronology.entry_deleted",
        "chronology.entry_restored",
        "chronology.entry_added",
    } <= actions


def test_bad_edits_are_refused_with_a_reason(firm: Firm, built: Chronology) -> None:
    er = _entry(built, "2024-03-04")
    with pytest.raises(services.ChronologyError, match="not an ICD-10-CM code"):
        services.edit_entry(
            actor=firm.paralegal,
            entry=er,
            expected_version=er.version,
            changes={"diagnoses": "S99.999Z bogus"},
        )
    with pytest.raises(services.ChronologyError, match="not a date"):
        services.edit_entry(
            actor=firm.paralegal,
            entry=er,
            expected_version=er.version,
            changes={"date": "03/04/2024"},
        )
    services.edit_entry(
        actor=firm.paralegal,
        entry=er,
        expected_version=er.version,
        changes={"facility": "Piedmont Hospital"},
    )
    with pytest.raises(ConcurrentEditError):
        services.edit_entry(
            actor=firm.attorney,
            entry=er,
            expected_version=er.version,
            changes={"facility": "Another"},
        )


def test_only_the_team_sees_it_and_billing_cannot_edit(
    firm: Firm, built: Chronology
) -> None:
    er = _entry(built, "2024-03-04")
    for outsider in (firm.outsider, firm.walled):
        client = firm.client(outsider)
        assert client.get(f"/matters/{firm.matter.pk}/chronology/").status_code == 404
        assert client.get(f"/chronology/entries/{er.pk}/").status_code == 404
        assert (
            client.get(f"/matters/{firm.matter.pk}/chronology/export.docx").status_code
            == 404
        )
    with pytest.raises(PermissionDeniedError):
        services.edit_entry(
            actor=firm.billing,
            entry=er,
            expected_version=er.version,
            changes={"facility": "x"},
        )


def test_submit_approve_and_an_edit_after_approval_needs_review_again(
    firm: Firm, built: Chronology
) -> None:
    with pytest.raises(services.ChronologyError, match="No open chronology task"):
        services.submit_for_review(actor=firm.paralegal, chronology=built)
    work.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Medical chronology for the demand",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )
    task = services.submit_for_review(actor=firm.paralegal, chronology=built)
    assert task.state == TaskState.SUBMITTED
    assert task.reviewer == firm.attorney
    assert task.submitted_sha256 == selectors.content_hash(built)
    approved = work.approve_task(actor=task.reviewer, task=task)
    assert approved.approved_sha256 == selectors.content_hash(built)
    assert not work.product_changed_since_approval(approved)
    er = _entry(built, "2024-03-04")
    services.edit_entry(
        actor=firm.paralegal,
        entry=er,
        expected_version=er.version,
        changes={"facility": "Piedmont Hospital"},
    )
    assert work.product_changed_since_approval(approved)


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [
        ("docx", b"PK"),
        ("pdf", b"%PDF"),
        ("xlsx", b"PK"),
        ("csv", b"\xef\xbb\xbf"),
        ("json", b"{"),
    ],
)
def test_exports_download_and_are_audited(
    firm: Firm, built: Chronology, fmt: str, magic: bytes
) -> None:
    response = firm.client(firm.attorney).get(
        f"/matters/{firm.matter.pk}/chronology/export.{fmt}"
    )
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment;" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="chronology.exported").get()
    assert event.details["format"] == fmt
    assert event.details["sha256"] == selectors.content_hash(built)


def test_the_entry_editor_saves_through_the_form(firm: Firm, built: Chronology) -> None:
    er = _entry(built, "2024-03-04")
    client = firm.client(firm.paralegal)
    page = client.get(f"/chronology/entries/{er.pk}/").content.decode()
    assert "Where each fact was read" in page
    assert "diagnosis.icd10cm-code" in page
    response = client.post(
        f"/chronology/entries/{er.pk}/",
        {
            "version": er.version,
            "facility": "Piedmont Hospital ED",
            "date": "2024-03-04",
        },
    )
    assert response.status_code == 302
    er.refresh_from_db()
    assert er.data["facility"] == "Piedmont Hospital ED"
    stale = client.post(
        f"/chronology/entries/{er.pk}/", {"version": er.version - 1, "facility": "X"}
    )
    assert stale.status_code == 200
    assert "Someone changed this entry" in stale.content.decode()


def test_a_split_or_an_add_that_cannot_be_done_is_refused_and_changes_nothing(
    firm: Firm, built: Chronology
) -> None:
    er = _entry(built, "2024-03-04")
    for chosen in ([], [0, 1], [7]):
        with pytest.raises(services.ChronologyError, match="some, not all"):
            services.split_entry(
                actor=firm.paralegal,
                entry=er,
                expected_version=er.version,
                citations=chosen,
            )
    er.refresh_from_db()
    assert len(er.data["citations"]) == 2
    with pytest.raises(services.ChronologyError, match="Choose one of the matter"):
        services.add_entry(
            actor=firm.paralegal,
            chronology=built,
            day=None,
            provider="",
            document_label="not-on-this-matter.pdf",
            page=1,
        )
    assert built.entries.count() == 5
