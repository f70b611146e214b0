"""The S3-compatible blob store, on moto's in-process S3.

moto (`mock_aws`) is the one mock this project allows: the store talks to a
third-party cloud service that cannot exist on a test machine, so moto stands in for
S3's HTTP API. Everything of ours runs for real: sealing, keys, the documents app, the
`blobs check` command.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from moto import mock_aws
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.core.keys import KeyRing, MasterKey, current_master_key
from paradesk.core.models import AuditEvent
from paradesk.core.storage import (
    HEADER_BYTES,
    BlobMissingError,
    S3Config,
    S3EncryptedStore,
    StorageError,
    get_store,
    s3_client,
    unseal,
)
from paradesk.documents.services import add_document
from paradesk.testing.personas import Firm

BUCKET = "paradesk-test-blobs"
PREFIX = "firm-a"
NOTE = b"Emergency room record: patient complains of lower back pain. " * 200


@pytest.fixture
def s3(tmp_path: Path, settings: SettingsWrapper) -> Iterator[Any]:
    settings.PARADESK_MASTER_KEY = ""
    settings.PARADESK_MASTER_KEY_FILE = ""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        setattr(settings, name, "testing")
    settings.AWS_SESSION_TOKEN = ""
    settings.PARADESK_HOME = tmp_path / "home"
    settings.PARADESK_STORAGE = "s3"
    settings.PARADESK_S3_BUCKET = BUCKET
    settings.PARADESK_S3_REGION = "us-east-1"
    settings.PARADESK_S3_PREFIX = f"/{PREFIX}/"
    settings.PARADESK_S3_ENDPOINT_URL = ""
    # A cached client made outside this mock would try to reach the real service.
    s3_client.cache_clear()
    with mock_aws():
        client = s3_client(S3Config.from_settings())
        client.create_bucket(Bucket=BUCKET)
        yield client
    s3_client.cache_clear()


def _objects(client: Any, prefix: str = "") -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _key(sha256: str) -> str:
    return f"{PREFIX}/blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def test_get_store_follows_the_setting(s3: Any, settings: SettingsWrapper) -> None:
    assert isinstance(get_store(), S3EncryptedStore)
    settings.PARADESK_STORAGE = "local"
    assert not isinstance(get_store(), S3EncryptedStore)
    settings.PARADESK_STORAGE = "ftp"
    with pytest.raises(StorageError, match="local or s3"):
        get_store()
    settings.PARADESK_STORAGE = "s3"
    settings.PARADESK_S3_BUCKET = ""
    with pytest.raises(StorageError, match="PARADESK_S3_BUCKET"):
        get_store()


def test_credentials_may_come_from_files(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.PARADESK_S3_BUCKET = BUCKET
    settings.AWS_ACCESS_KEY_ID = ""
    settings.AWS_SECRET_ACCESS_KEY = ""
    (tmp_path / "id").write_text("AKIAFROMFILE\n")
    (tmp_path / "secret").write_text("secret-from-file\n")
    settings.AWS_ACCESS_KEY_ID_FILE = str(tmp_path / "id")
    settings.AWS_SECRET_ACCESS_KEY_FILE = str(tmp_path / "secret")
    config = S3Config.from_settings()
    assert (config.access_key_id, config.secret_access_key) == (
        "AKIAFROMFILE",
        "secret-from-file",
    )
    assert "secret-from-file" not in repr(config)


def test_put_read_exists_delete_and_list_round_trip(s3: Any) -> None:
    store = get_store()
    first = store.put(NOTE)
    second = store.put_stream(io.BytesIO(b"Billing ledger, synthetic."))
    assert first == hashlib.sha256(NOTE).hexdigest()
    assert store.exists(first)
    assert store.read(first) == NOTE
    assert store.open(first).read() == NOTE
    with store.open_stream(first) as plain:
        assert plain.read() == NOTE
    assert list(store.iter_keys()) == sorted([first, second])
    assert _key(first) in _objects(s3)

    assert store.delete(first)
    assert not store.exists(first)
    assert not store.delete(first)
    assert list(store.iter_keys()) == [second]
    with pytest.raises(BlobMissingError):
        store.read(first)
    with pytest.raises(BlobMissingError):
        store.stored_at(first)


def test_the_bucket_holds_only_hashes_and_ciphertext(s3: Any) -> None:
    store = get_store()
    sha256 = store.put(NOTE)
    stored = _objects(s3, f"{PREFIX}/blobs/")
    assert list(stored) == [_key(sha256)]
    sealed = stored[_key(sha256)]
    assert b"lower back pain" not in sealed
    assert NOTE[:16] not in sealed
    # The same sealed format as on local disk: our code opens it with the master key.
    assert sealed[:4] == b"PDBL"
    assert unseal(sealed, sha256, current_master_key()) == NOTE
    assert store.open_sealed(sha256).read() == sealed
    assert all(key.endswith(f"/{sha256}") for key in _objects(s3))


def test_put_is_idempotent(s3: Any) -> None:
    store = get_store()
    first = store.put(NOTE)
    sealed = _objects(s3)[_key(first)]
    assert store.put(NOTE) == first
    assert store.put_stream(io.BytesIO(NOTE)) == first
    assert _objects(s3)[_key(first)] == sealed
    assert list(store.iter_keys()) == [first]


def test_a_large_blob_goes_up_in_parts_and_streams_back(
    s3: Any, settings: SettingsWrapper
) -> None:
    data = b"".join(hashlib.sha256(str(i).encode()).digest() * 1024 for i in range(700))
    assert len(data) > 20 * 2**20
    store = get_store()
    sha256 = store.put_stream(io.BytesIO(data), size_hint=len(data))
    head = s3.head_object(Bucket=BUCKET, Key=_key(sha256))
    # A multipart upload's ETag ends in the number of parts.
    assert head["ETag"].strip('"').endswith("-3")
    digest = hashlib.sha256()
    with store.open_stream(sha256) as plain:
        for chunk in iter(lambda: plain.read(1 << 20), b""):
            digest.update(chunk)
    assert digest.hexdigest() == sha256
    assert list((Path(settings.PARADESK_HOME) / "staging").iterdir()) == []


def test_a_tampered_object_fails(s3: Any) -> None:
    store = get_store()
    sha256 = store.put(NOTE)
    sealed = bytearray(_objects(s3)[_key(sha256)])
    sealed[HEADER_BYTES + 100] ^= 0x01
    s3.put_object(Bucket=BUCKET, Key=_key(sha256), Body=bytes(sealed))
    with pytest.raises(StorageError, match="failed authentication"):
        store.read(sha256)


def test_rotation_rewrites_the_header_and_keeps_the_age(s3: Any) -> None:
    store = get_store()
    sha256 = store.put(NOTE)
    old = current_master_key()
    long_ago = datetime.now(UTC) - timedelta(days=40)
    store.put_sealed(sha256, _objects(s3)[_key(sha256)], stored_at=long_ago)
    before = _objects(s3)[_key(sha256)]
    new = MasterKey.from_bytes(bytes(range(32)))
    ring = KeyRing(current=new, previous=(old,))

    assert store.rewrap(sha256, ring)
    assert not store.rewrap(sha256, ring)
    after = _objects(s3)[_key(sha256)]
    assert after[HEADER_BYTES:] == before[HEADER_BYTES:]
    assert store.key_id_of(sha256) == new.key_id
    assert unseal(after, sha256, new) == NOTE
    assert store.stored_at(sha256) == long_ago


def test_prune_removes_old_unreferenced_blobs_only(s3: Any) -> None:
    store = get_store()
    long_ago = datetime.now(UTC) - timedelta(days=40)
    cutoff = datetime.now(UTC) - timedelta(days=7)
    names = {}
    for label in ("orphan", "referenced", "young", "uploaded-again"):
        content = f"{label} blob content".encode()
        sha256 = store.put(content)
        if label != "young":
            store.put_sealed(sha256, _objects(s3)[_key(sha256)], stored_at=long_ago)
        names[label] = (sha256, content)
    # An upload of content already stored marks it used, like a local mtime refresh.
    store.put(names["uploaded-again"][1])
    referenced = {names["referenced"][0]}

    removed = {
        label
        for label, (sha256, _) in names.items()
        if store.delete_if_unreferenced(
            sha256, stored_before=cutoff, is_referenced=referenced.__contains__
        )
    }

    assert removed == {"orphan"}
    assert not store.exists(names["orphan"][0])
    for label in ("referenced", "young", "uploaded-again"):
        sha256, content = names[label]
        assert store.read(sha256) == content
    assert _objects(s3, f"{PREFIX}/pruning/") == {}


def test_a_blob_set_aside_by_a_crashed_prune_is_put_back(s3: Any) -> None:
    store = get_store()
    sha256 = store.put(NOTE)
    aside = f"{PREFIX}/pruning/{sha256}"
    s3.copy_object(
        Bucket=BUCKET, Key=aside, CopySource={"Bucket": BUCKET, "Key": _key(sha256)}
    )
    s3.delete_object(Bucket=BUCKET, Key=_key(sha256))
    assert not store.exists(sha256)

    assert store.recover_pruning() == 1
    assert store.read(sha256) == NOTE
    assert _objects(s3, f"{PREFIX}/pruning/") == {}


def test_documents_upload_and_download_through_s3(
    s3: Any, firm: Firm, settings: SettingsWrapper
) -> None:
    content = b"%PDF-1.4\n% synthetic billing ledger stored in a bucket\n" * 40
    version = add_document(
        actor=firm.paralegal, matter=firm.matter, file=content, name="ledger.pdf"
    ).version
    assert list(get_store().iter_keys()) == [version.sha256]
    assert not (Path(settings.PARADESK_HOME) / "blobs").exists()

    url = reverse("documents:download", args=[version.pk])
    response = firm.client(firm.billing).get(url)
    assert response.status_code == 200
    assert response.content == content
    assert AuditEvent.objects.filter(action="document.downloaded").count() == 1
    for who in (firm.outsider, firm.walled):
        denied = firm.client(who).get(url)
        assert denied.status_code == 404
        assert content not in denied.content
    assert AuditEvent.objects.filter(action="document.downloaded").count() == 1


def test_blobs_check_reads_every_blob_from_s3(s3: Any, firm: Firm) -> None:
    good = add_document(
        actor=firm.paralegal, matter=firm.matter, file=NOTE, name="er.txt"
    ).version
    bad = add_document(
        actor=firm.paralegal, matter=firm.matter, file=b"bill " * 300, name="b.txt"
    ).version
    get_store().put(b"stored by an upload that never committed its row")
    out = StringIO()
    call_command("blobs", "check", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith(
        "blobs intact: 2 versions, 2 blobs referenced, 1 unreferenced"
    )

    sealed = bytearray(_objects(s3)[_key(bad.sha256)])
    sealed[-3] ^= 0x40
    s3.put_object(Bucket=BUCKET, Key=_key(bad.sha256), Body=bytes(sealed))
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("blobs", "check", stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert f"version {bad.pk} blob {bad.sha256}: failed " in err.getvalue()
    assert f"version {good.pk} " not in err.getvalue()
