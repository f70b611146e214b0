"""The encrypted, content-addressed blob store on a real disk, with real keys."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.core.keys import generate_key_text
from paradesk.core.storage import (
    BlobMissingError,
    LocalEncryptedStore,
    StorageError,
    get_store,
)

PLAINTEXT = b"Progress note: patient reports neck pain after the collision. " * 64


@pytest.fixture
def home(tmp_path: Path, settings: SettingsWrapper) -> Path:
    settings.PARADESK_MASTER_KEY = ""
    settings.PARADESK_MASTER_KEY_FILE = ""
    home = tmp_path / "home"
    settings.PARADESK_HOME = home
    return home


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _blob_path(home: Path, sha256: str) -> Path:
    return home / "blobs" / sha256[:2] / sha256[2:4] / sha256


def test_put_then_read_returns_the_same_bytes(home: Path) -> None:
    store = get_store()
    sha256 = store.put(PLAINTEXT)
    assert sha256 == hashlib.sha256(PLAINTEXT).hexdigest()
    assert store.exists(sha256)
    assert store.read(sha256) == PLAINTEXT
    assert store.open(sha256).read() == PLAINTEXT
    assert _blob_path(home, sha256).is_file()


def test_store_follows_paradesk_home_changed_after_import(
    home: Path, settings: SettingsWrapper
) -> None:
    get_store().put(b"first home")
    settings.PARADESK_HOME = home.parent / "elsewhere"
    sha256 = get_store().put(b"second home")
    assert _blob_path(home.parent / "elsewhere", sha256).is_file()
    assert not _blob_path(home, sha256).exists()


def test_ciphertext_on_disk_does_not_contain_the_plaintext(home: Path) -> None:
    sha256 = get_store().put(PLAINTEXT)
    on_disk = _blob_path(home, sha256).read_bytes()
    assert b"neck pain" not in on_disk
    assert PLAINTEXT[:16] not in on_disk
    assert len(on_disk) > len(PLAINTEXT)


def test_the_same_content_is_sealed_under_a_fresh_data_key_each_time(
    home: Path,
) -> None:
    first = get_store().put(PLAINTEXT)
    sealed_once = _blob_path(home, first).read_bytes()
    _blob_path(home, first).unlink()
    get_store().put(PLAINTEXT)
    assert _blob_path(home, first).read_bytes() != sealed_once


@pytest.mark.parametrize("offset", [0, 4, 8, 30, 60, 70, -20, -1])
def test_a_tampered_blob_raises_storage_error(home: Path, offset: int) -> None:
    sha256 = get_store().put(PLAINTEXT)
    path = _blob_path(home, sha256)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        get_store().read(sha256)


def test_a_truncated_blob_raises_storage_error(home: Path) -> None:
    sha256 = get_store().put(PLAINTEXT)
    path = _blob_path(home, sha256)
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(StorageError, match="truncated"):
        get_store().read(sha256)


def test_a_blob_moved_under_another_name_fails_authentication(home: Path) -> None:
    store = get_store()
    genuine = store.put(b"the genuine record")
    other = store.put(b"another record")
    _blob_path(home, other).write_bytes(_blob_path(home, genuine).read_bytes())
    with pytest.raises(StorageError, match="failed authentication"):
        store.read(other)


def test_a_different_master_key_cannot_read_the_blob(
    home: Path, settings: SettingsWrapper
) -> None:
    settings.PARADESK_MASTER_KEY = generate_key_text()
    sha256 = get_store().put(PLAINTEXT)
    settings.PARADESK_MASTER_KEY = generate_key_text()
    with pytest.raises(StorageError, match="master key"):
        get_store().read(sha256)


def test_master_key_file_is_used_when_named(
    home: Path, tmp_path: Path, settings: SettingsWrapper
) -> None:
    key_text = generate_key_text()
    key_file = tmp_path / "secret-key"
    key_file.write_text(key_text + "\n")
    settings.PARADESK_MASTER_KEY_FILE = str(key_file)
    sha256 = get_store().put(PLAINTEXT)
    assert not (home / "master.key").exists()
    settings.PARADESK_MASTER_KEY_FILE = ""
    settings.PARADESK_MASTER_KEY = key_text
    assert get_store().read(sha256) == PLAINTEXT


@pytest.mark.parametrize(
    "bad_key",
    ["not base64 at all!", base64.b64encode(b"too short").decode()],
)
def test_a_malformed_master_key_is_refused_clearly(
    home: Path, settings: SettingsWrapper, bad_key: str
) -> None:
    settings.PARADESK_MASTER_KEY = bad_key
    with pytest.raises(StorageError, match=r"base64|32 bytes"):
        get_store().put(PLAINTEXT)


def test_without_configuration_a_home_key_file_is_created_once(home: Path) -> None:
    sha256 = get_store().put(PLAINTEXT)
    key_file = home / "master.key"
    assert key_file.is_file()
    assert _mode(key_file) == 0o600
    first_key = key_file.read_text()
    assert get_store().read(sha256) == PLAINTEXT
    assert key_file.read_text() == first_key
    assert [p.name for p in home.iterdir() if p.name.startswith(".master.key")] == []


def test_put_of_existing_content_is_a_no_op(home: Path) -> None:
    store = get_store()
    sha256 = store.put(PLAINTEXT)
    path = _blob_path(home, sha256)
    before = (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns)
    assert store.put(PLAINTEXT) == sha256
    assert (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns) == before
    assert list(store.iter_keys()) == [sha256]


def test_blob_files_are_0600_and_directories_0700(home: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        sha256 = get_store().put(PLAINTEXT)
    finally:
        os.umask(old_umask)
    path = _blob_path(home, sha256)
    assert _mode(path) == 0o600
    for directory in (path.parent, path.parent.parent, home / "blobs"):
        assert _mode(directory) == 0o700, directory
    assert [p.name for p in path.parent.iterdir()] == [sha256]


def test_a_missing_blob_raises_blob_missing_error(home: Path) -> None:
    with pytest.raises(BlobMissingError):
        get_store().read("0" * 64)


@pytest.mark.parametrize("name", ["../../etc/passwd", "A" * 64, "abc", "0" * 63 + "/"])
def test_names_that_are_not_a_sha256_are_refused(home: Path, name: str) -> None:
    store = get_store()
    with pytest.raises(StorageError, match="64 lowercase"):
        store.read(name)
    with pytest.raises(StorageError):
        store.exists(name)
    with pytest.raises(StorageError):
        store.delete(name)


def test_delete_removes_a_blob_once(home: Path) -> None:
    store = get_store()
    sha256 = store.put(PLAINTEXT)
    assert store.delete(sha256) is True
    assert store.delete(sha256) is False
    assert not store.exists(sha256)


def test_iter_keys_lists_every_blob_sorted_and_skips_strays(tmp_path: Path) -> None:
    store = LocalEncryptedStore(root=tmp_path / "blobs")
    names = sorted(store.put(f"record {n}".encode()) for n in range(5))
    shard = store.path_for(names[0]).parent
    (shard / ".tmp-unfinished").write_bytes(b"partial")
    (shard / ("f" * 64)).write_bytes(b"in the wrong shard")
    assert list(store.iter_keys()) == names


def test_iter_keys_of_an_empty_store_is_empty(tmp_path: Path) -> None:
    assert list(LocalEncryptedStore(root=tmp_path / "nothing").iter_keys()) == []
