"""A demand built from the approved chronology: its numbers to the cent, who sets the
amounts, the review gate and the final PDF, and a drafted letter never read back into
the chronology.

Every test here starts from the same firm and chronology, built from the sample
records once for the module (paradesk.testing.modulerows).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from django.test import TestCase
from docx import Document
from pytest_django.plugin import DjangoDbBlocker

from paradesk.chronology import selectors as chronology_selectors
from paradesk.chronology.models import Chronology
from paradesk.core.exceptions import PermissionDeniedError
from paradesk.core.models import AuditEvent
from paradesk.core.storage import get_store
from paradesk.drafting import selectors, services
from paradesk.drafting.context import DraftError
from paradesk.drafting.models import Draft
from paradesk.engines.drafting import pdf, render
from paradesk.testing.chronology import approve_chronology, build_sample_chronology
from paradesk.testing.drafting import builtin_template, latest_docx
from paradesk.testing.modulerows import fresh_firm, rows_for_module
from paradesk.testing.personas import Firm, build_firm
from paradesk.work import services as work
from paradesk.work.models import Task, TaskState

_MONEY = re.compile(r"^-?\$[\d,]+\.\d\d$")


def _cents(text: str) -> int:
    negative = text.startswith("-")
    digits = text.lstrip("-").lstrip("$").replace(",", "")
    dollars, cents = digits.split(".")
    value = int(dollars) * 100 + int(cents)
    return -value if negative else value


def _task(firm: Firm, title: str) -> Task:
    return work.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title=title,
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 1),
    )


@pytest.fixture(scope="module")
def sample(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Firm, int]]:
    """The firm and its matter's chronology, built from the sample records once for
    the module; each test starts from these rows and rolls its own changes back."""

    def build() -> tuple[Firm, int]:
        firm = build_firm()
        chronology = build_sample_chronology(firm, TestCase.captureOnCommitCallbacks)
        return firm, chronology.pk

    yield from rows_for_module(django_db_blocker, tmp_path_factory, build)


@pytest.fixture
def firm(sample: tuple[Firm, int], db: None) -> Firm:
    return fresh_firm(sample[0])


@pytest.fixture
def chronology(sample: tuple[Firm, int], db: None) -> Chronology:
    return Chronology.objects.get(pk=sample[1])


def _specials_rows(data: bytes) -> dict[str, list[int]]:
    """Provider (or "Total") -> the money cells of its row in the specials table."""
    rows: dict[str, list[int]] = {}
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            amounts = [_cents(cell) for cell in cells if _MONEY.match(cell)]
            if len(amounts) >= 4:
                rows[cells[0]] = amounts[:4]
    return rows


def test_a_demand_needs_the_chronology_approved_as_it_stands(
    firm: Firm, chronology: Chronology
) -> None:
    with pytest.raises(DraftError, match="not approved"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=builtin_template("demand"),
            title="Demand",
        )
    assert not Draft.objects.exists()


def test_the_demand_carries_the_chronology_numbers_to_the_cent(
    firm: Firm, chronology: Chronology
) -> None:
    approve_chronology(firm, chronology)
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=builtin_template("demand"),
        title="Demand to the insurer",
        inputs={"facts": "Rear-ended at a red light.", "liability": "Clear."},
    )
    data = latest_docx(draft)
    assert render.watermarks(data) == ["DRAFT"]
    contract = chronology_selectors.as_contract(chronology)
    rows = _specials_rows(data)
    for bill in contract["bills"]:
        assert rows[bill["provider"]] == [
            bill["charges_cents"],
            bill["payments_cents"],
            bill["adjustments_cents"],
            bill["balance_cents"],
        ]
    totals = contract["totals"]
    total_row = next(values for name, values in rows.items() if "Total" in name)
    assert total_row == [
        totals["charges_cents"],
        totals["payments_cents"],
        totals["adjustments_cents"],
        totals["balance_cents"],
    ]
    text = render.document_text(data)
    assert "Rear-ended at a red light." in text
    assert "Ex. 1 at" in text
    # The letter's deadline is 30 days after its date.
    rendering = selectors.latest_rendering(draft)
    assert rendering is not None
    letter = rendering.context["letter"]
    assert date.fromisoformat(letter["response_deadline"]) == date.fromisoformat(
        letter["date"]
    ) + timedelta(days=30)
    assert rendering.chronology_sha256 == chronology_selectors.content_hash(chronology)


def test_only_an_attorney_sets_the_demand_and_general_damages(
    firm: Firm, chronology: Chronology
) -> None:
    approve_chronology(firm, chronology)
    with pytest.raises(PermissionDeniedError, match="the demand amount"):
        services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=builtin_template("demand"),
            title="Demand",
            inputs={"demand_cents": 5_000_000},
        )
    draft = services.create_draft(
        actor=firm.paralegal,
        matter=firm.matter,
        template=builtin_template("demand"),
        title="D",
    )
    attorney_inputs = {
        **draft.inputs,
        "demand_cents": 7_500_000,
        "general_damages": "X",
    }
    with pytest.raises(PermissionDeniedError):
        services.update_draft(
            actor=firm.paralegal,
            draft=draft,
            inputs=attorney_inputs,
            expected_version=draft.version,
        )
    updated = services.update_draft(
        actor=firm.attorney,
        draft=draft,
        inputs=attorney_inputs,
        expected_version=draft.version,
    )
    assert "$75,000.00" in render.document_text(latest_docx(updated))
    assert updated.document is not None
    assert updated.document.versions.count() == 2


def test_review_gate_and_final_pdf(
    firm: Firm, chronology: Chronology, settings: Any
) -> None:
    if pdf.converter() is None:
        pytest.fail(
            "LibreOffice (soffice) is required: install libreoffice-writer-nogui"
        )
    approve_chronology(firm, chronology)
    draft = services.create_draft(
        actor=firm.attorney,
        matter=firm.matter,
        template=builtin_template("demand"),
        title="Demand",
        inputs={"demand_cents": 12_500_000, "general_damages": "Months of pain."},
    )
    with pytest.raises(DraftError, match="Only the version an attorney approved"):
        services.finalize_draft(actor=firm.paralegal, draft=draft)
    task = _task(firm, "Demand letter")
    submitted = services.submit_draft(actor=firm.paralegal, draft=draft, task=task)
    assert submitted.state == TaskState.SUBMITTED
    latest = selectors.latest_rendering(draft)
    assert latest is not None
    assert submitted.submitted_sha256 == latest.document_version.sha256
    work.approve_task(actor=firm.attorney, task=submitted)

    final = services.finalize_draft(actor=firm.paralegal, draft=draft)
    assert final.final_document is not None
    version = final.final_document.versions.get()
    assert version.content_type == "application/pdf"
    document = pdfium.PdfDocument(get_store().read(version.sha256))
    text = "".join(page.get_textpage().get_text_bounded() for page in document)
    assert "DRAFT" not in text
    assert "$125,000.00" in text
    totals = chronology_selectors.as_contract(chronology)["totals"]
    dollars, cents = divmod(totals["charges_cents"], 100)
    assert f"${dollars:,}.{cents:02d}" in text
    assert AuditEvent.objects.filter(action="draft.finalized").exists()

    # A change after approval: the new version is not approved, so it cannot be final.
    services.update_draft(
        actor=firm.attorney,
        draft=final,
        inputs={**final.inputs, "demand_cents": 13_000_000},
        expected_version=final.version,
    )
    assert work.product_changed_since_approval(Task.objects.get(pk=task.pk))
    with pytest.raises(DraftError, match="Only the version an attorney approved"):
        services.finalize_draft(
            actor=firm.paralegal, draft=Draft.objects.get(pk=draft.pk)
        )


def test_a_drafted_letter_is_not_read_back_into_the_chronology(
    firm: Firm, chronology: Chronology, django_capture_on_commit_callbacks: Any
) -> None:
    approve_chronology(firm, chronology)
    before = chronology_selectors.content_hash(chronology)
    # The draft's DOCX is ingested like any document (and that queues a rebuild).
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.create_draft(
            actor=firm.paralegal,
            matter=firm.matter,
            template=builtin_template("demand"),
            title="Demand",
        )
    chronology.refresh_from_db()
    assert chronology_selectors.content_hash(chronology) == before
    assert draft.document is not None
    assert draft.document.title not in chronology.sources
    # ...so the demand can be rendered again from the same approved chronology.
    services.update_draft(
        actor=firm.paralegal,
        draft=draft,
        inputs={**draft.inputs, "facts": "Rear-ended."},
        expected_version=draft.version,
    )
