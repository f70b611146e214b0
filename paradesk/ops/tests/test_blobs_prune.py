"""`paradesk blobs prune` removes only old, unreferenced blobs."""

from __future__ import annotations

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.core.storage import LocalEncryptedStore
from paradesk.documents.services import add_document
from paradesk.drafting.models import TemplateVersion
from paradesk.drafting.services import install_builtin_templates
from paradesk.testing.personas import Firm

DAY = 24 * 3600


@pytest.fixture
def home(tmp_path: Path, settings: SettingsWrapper) -> Path:
    home = tmp_path / "home"
    settings.PARADESK_HOME = home
    return home


@pytest.fixture
def store(home: Path) -> LocalEncryptedStore:
    return LocalEncryptedStore()


def _age(store: LocalEncryptedStore, sha256: str, days: float) -> None:
    when = time.time() - days * DAY
    os.utime(store.path_for(sha256), (when, when))


def _prune(*args: str) -> str:
    out = StringIO()
    call_command("blobs", "prune", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def blobs(store: LocalEncryptedStore, firm: Firm) -> dict[str, str]:
    referenced = add_document(
        actor=firm.paralegal,
        matter=firm.matter,
        file=b"Physical therapy notes, visits 1-12.\n" * 30,
        name="pt.txt",
    ).version.sha256
    abandoned = store.put(b"an upload whose row was never committed, long ago")
    young = store.put(b"an upload still committing its row")
    _age(store, referenced, 30)
    _age(store, abandoned, 8)
    _age(store, young, 0.5)
    return {"referenced": referenced, "abandoned": abandoned, "young": young}


def test_prune_removes_an_old_unreferenced_blob_and_keeps_the_rest(
    store: LocalEncryptedStore, blobs: dict[str, str]
) -> None:
    output = _prune()

    assert not store.exists(blobs["abandoned"])
    assert store.exists(blobs["referenced"])
    assert store.exists(blobs["young"])
    assert output.strip() == (
        "3 blobs stored: removed 1 unreferenced, kept 1 referenced and 1 stored in "
        "the last 7 days"
    )


def test_dry_run_removes_nothing(
    store: LocalEncryptedStore, blobs: dict[str, str]
) -> None:
    output = _prune("--dry-run")

    assert "would remove 1 unreferenced" in output
    assert all(store.exists(name) for name in blobs.values())


def test_grace_days_sets_how_old_an_unreferenced_blob_must_be(
    store: LocalEncryptedStore, blobs: dict[str, str]
) -> None:
    _prune("--grace-days", "10")
    assert store.exists(blobs["abandoned"])

    _prune("--grace-days", "1")
    assert not store.exists(blobs["abandoned"])
    assert store.exists(blobs["young"])
    assert store.exists(blobs["referenced"])


def test_uploading_old_unreferenced_content_again_restarts_its_grace_period(
    store: LocalEncryptedStore, blobs: dict[str, str], firm: Firm
) -> None:
    content = b"an upload whose row was never committed, long ago"
    # The store finds the content present and refreshes it instead of writing it;
    # the row commits later, so only the fresh age protects the blob meanwhile.
    assert store.put(content) == blobs["abandoned"]

    _prune()

    assert store.exists(blobs["abandoned"])


def test_a_blob_set_aside_by_a_crashed_prune_is_put_back(
    store: LocalEncryptedStore, blobs: dict[str, str]
) -> None:
    path = store.path_for(blobs["referenced"])
    path.rename(path.with_name(f".prune-{blobs['referenced']}"))

    output = _prune()

    assert output.startswith("put back 1 blobs an interrupted prune had set aside")
    assert store.exists(blobs["referenced"])


def test_a_grace_period_under_a_day_is_refused(home: Path, db: None) -> None:
    with pytest.raises(CommandError, match="at least one day"):
        _prune("--grace-days", "0")


def test_prune_keeps_the_letter_templates_files(
    store: LocalEncryptedStore, firm: Firm
) -> None:
    install_builtin_templates()
    template_blobs = set(TemplateVersion.objects.values_list("sha256", flat=True))
    for sha256 in template_blobs:
        _age(store, sha256, 30)

    _prune()

    assert template_blobs
    assert all(store.exists(sha256) for sha256 in template_blobs)
