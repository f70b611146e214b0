"""A document as a task's work product: its hash is the latest version's."""

from __future__ import annotations

from datetime import date

import pytest

from paradesk.documents.services import add_document, add_version
from paradesk.testing.personas import Firm
from paradesk.work import products, services
from paradesk.work.services import WorkflowError


def test_the_resolver_reports_the_latest_version_and_its_hash(firm: Firm) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"summary v1", name="summary.txt"
    )
    ref = products.resolve(firm.matter, "document", str(added.document.pk))
    assert ref.kind == "document"
    assert ref.id == str(added.document.pk)
    assert ref.sha256 == added.version.sha256
    assert ref.label == "summary (v1)"
    assert ref.url == f"/documents/{added.document.pk}/"

    v2 = add_version(
        actor=firm.paralegal, document=added.document, file=b"summary v2", name="s.txt"
    )
    changed = products.resolve(firm.matter, "document", str(added.document.pk))
    assert changed.sha256 == v2.sha256 != ref.sha256
    assert changed.label == "summary (v2)"


@pytest.mark.parametrize("product_id", ["999999", "abc", ""])
def test_an_unknown_document_is_not_a_product(firm: Firm, product_id: str) -> None:
    with pytest.raises(products.UnknownProductError):
        products.resolve(firm.matter, "document", product_id)


def test_a_document_of_another_matter_is_not_a_product_here(firm: Firm) -> None:
    elsewhere = add_document(
        actor=firm.attorney2, matter=firm.other_matter, file=b"theirs", name="t.txt"
    )
    with pytest.raises(products.UnknownProductError):
        products.resolve(firm.matter, "document", str(elsewhere.document.pk))


def test_a_new_version_after_approval_sends_the_task_back_for_review(
    firm: Firm,
) -> None:
    added = add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"chronology v1", name="c.txt"
    )
    task = services.assign_task(
        actor=firm.attorney,
        matter=firm.matter,
        title="Summarize the ER records",
        owner=firm.paralegal,
        reviewer=firm.attorney,
        due_on=date(2030, 1, 15),
    )
    task = services.start_task(actor=firm.paralegal, task=task)
    task = services.submit_task(
        actor=firm.paralegal,
        task=task,
        product_kind="document",
        product_id=str(added.document.pk),
    )
    task = services.approve_task(actor=firm.attorney, task=task)
    assert task.approved_sha256 == added.version.sha256
    assert not services.product_changed_since_approval(task)

    add_version(
        actor=firm.paralegal, document=added.document, file=b"chronology v2", name="c"
    )
    assert services.product_changed_since_approval(task)
    with pytest.raises(WorkflowError, match="needs review again"):
        services.deliver_task(actor=firm.attorney, task=task)
