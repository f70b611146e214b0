"""`paradesk blobs check`: every referenced blob is there and decrypts to its hash."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.core.storage import LocalEncryptedStore
from paradesk.documents.models import DocumentVersion
from paradesk.documents.services import add_document
from paradesk.drafting.models import TemplateVersion
from paradesk.drafting.services import install_builtin_templates
from paradesk.testing.personas import Firm

NOTE = b"Discharge summary: follow up with orthopedics in two weeks.\n" * 20
BILL = b"Itemized bill: CPT 72141 MRI cervical spine without contrast.\n" * 20


@pytest.fixture
def home(tmp_path: Path, settings: SettingsWrapper) -> Path:
    home = tmp_path / "home"
    settings.PARADESK_HOME = home
    return home


def _add(firm: Firm, content: bytes, name: str) -> DocumentVersion:
    return add_document(
        actor=firm.paralegal, matter=firm.matter, file=content, name=name
    ).version


def _check() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("blobs", "check", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_intact_blobs_exit_zero_with_counts(home: Path, firm: Firm) -> None:
    _add(firm, NOTE, "discharge.txt")
    _add(firm, BILL, "bill.txt")
    LocalEncryptedStore().put(b"stored by an upload that never committed its row")

    code, out, err = _check()

    assert (code, err) == (0, "")
    assert out.strip() == (
        "blobs intact: 2 versions, 2 blobs referenced, 1 unreferenced; every one "
        "decrypts to its hash"
    )


def test_a_tampered_blob_is_listed_by_version_and_hash(home: Path, firm: Firm) -> None:
    good = _add(firm, NOTE, "discharge.txt")
    bad = _add(firm, BILL, "Harper_itemized_bill.txt")
    path = LocalEncryptedStore().path_for(bad.sha256)
    sealed = bytearray(path.read_bytes())
    sealed[-3] ^= 0x40
    path.write_bytes(bytes(sealed))

    code, out, err = _check()

    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"document version {bad.pk} blob {bad.sha256}: failed ")
    assert lines[-1] == (
        "blobs BAD: 1 versions affected; 2 versions, 2 blobs referenced, 0 unreferenced"
    )
    assert good.sha256 not in err
    assert "Harper" not in err
    assert "bill" not in err.lower()


def test_a_missing_blob_is_listed(home: Path, firm: Firm) -> None:
    version = _add(firm, NOTE, "discharge.txt")
    LocalEncryptedStore().path_for(version.sha256).unlink()

    code, _, err = _check()

    assert code == 1
    assert (
        f"document version {version.pk} blob {version.sha256}: missing from the store"
        in err
    )


def test_an_empty_store_and_database_are_intact(home: Path, db: None) -> None:
    code, out, _ = _check()

    assert code == 0
    assert out.startswith("blobs intact: 0 versions, 0 blobs referenced")


def test_a_template_versions_blob_is_checked_too(home: Path, firm: Firm) -> None:
    install_builtin_templates()
    version = TemplateVersion.objects.order_by("pk").first()
    assert version is not None
    LocalEncryptedStore().path_for(version.sha256).unlink()

    code, _, err = _check()

    assert code == 1
    assert f"template version {version.pk} blob {version.sha256}: missing" in err
