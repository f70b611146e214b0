"""`paradesk keys rotate` re-wraps every data key, resumably, with no downtime."""

from __future__ import annotations

import base64
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.core.keys import (
    MasterKey,
    begin_home_rotation,
    current_master_key,
    generate_key_text,
    master_keyring,
)
from paradesk.core.storage import HEADER_BYTES, LocalEncryptedStore, StorageError

RECORDS = [
    f"Record {n}: MRI of the cervical spine, C5-C6.".encode() * 40 for n in range(6)
]


@pytest.fixture
def home(tmp_path: Path, settings: SettingsWrapper) -> Path:
    for name in (
        "PARADESK_MASTER_KEY",
        "PARADESK_MASTER_KEY_FILE",
        "PARADESK_MASTER_KEY_OLD",
        "PARADESK_MASTER_KEY_OLD_FILE",
    ):
        setattr(settings, name, "")
    home = tmp_path / "home"
    settings.PARADESK_HOME = home
    return home


def _fill() -> tuple[LocalEncryptedStore, list[str]]:
    store = LocalEncryptedStore()
    return store, [store.put(record) for record in RECORDS]


def _rotate(*args: str) -> str:
    out = StringIO()
    call_command("keys", "rotate", "--settle-seconds", "0", *args, stdout=out)
    return out.getvalue()


def _key_of(text: str) -> MasterKey:
    return MasterKey.from_bytes(base64.b64decode(text))


def test_home_key_rotation_leaves_every_blob_readable_with_only_the_new_key(
    home: Path,
) -> None:
    store, names = _fill()
    old_key = current_master_key()

    output = _rotate()

    new_key = current_master_key()
    assert new_key.key_id != old_key.key_id
    assert not (home / "master.key.old").exists()
    assert master_keyring().previous == ()
    assert f"{len(names)} blobs, {len(names)} re-wrapped" in output
    assert "rotation finished" in output
    for name, record in zip(names, RECORDS, strict=True):
        assert store.key_id_of(name) == new_key.key_id
        assert store.read(name) == record


def test_rotation_rewrites_only_the_header_and_keeps_the_blob_age(home: Path) -> None:
    store, names = _fill()
    path = store.path_for(names[0])
    os.utime(path, (1_600_000_000, 1_600_000_000))
    before = path.read_bytes()

    _rotate()

    after = path.read_bytes()
    assert after[HEADER_BYTES:] == before[HEADER_BYTES:]
    assert after[:HEADER_BYTES] != before[:HEADER_BYTES]
    assert path.stat().st_mtime == 1_600_000_000
    assert sorted(p.name for p in path.parent.iterdir()) == [names[0]]


def test_operator_keys_rotate_from_the_old_variable_to_the_new_one(
    home: Path, settings: SettingsWrapper
) -> None:
    old_text, new_text = generate_key_text(), generate_key_text()
    settings.PARADESK_MASTER_KEY = old_text
    store, names = _fill()
    settings.PARADESK_MASTER_KEY = new_text
    with pytest.raises(StorageError, match="PARADESK_MASTER_KEY_OLD"):
        store.read(names[0])
    settings.PARADESK_MASTER_KEY_OLD = old_text
    # Readers hold both keys during the rotation.
    assert store.read(names[0]) == RECORDS[0]

    output = _rotate()

    assert f"master key {_key_of(new_text).key_id_hex} " in output
    assert f"{len(names)} re-wrapped" in output
    settings.PARADESK_MASTER_KEY_OLD = ""
    assert [store.read(name) for name in names] == RECORDS
    assert not (home / "master.key").exists()
    assert "0 re-wrapped" in _rotate()


def test_old_key_file_may_stay_named_while_missing(
    home: Path, tmp_path: Path, settings: SettingsWrapper
) -> None:
    key_file, old_file = tmp_path / "key", tmp_path / "key.old"
    key_file.write_text(generate_key_text())
    settings.PARADESK_MASTER_KEY_FILE = str(key_file)
    settings.PARADESK_MASTER_KEY_OLD_FILE = str(old_file)
    store, names = _fill()
    old_file.write_text(key_file.read_text())
    key_file.write_text(generate_key_text())

    _rotate()
    old_file.unlink()

    assert [store.read(name) for name in names] == RECORDS


def test_an_interrupted_rotation_resumes_where_it_stopped(home: Path) -> None:
    store, names = _fill()
    rotation = begin_home_rotation()
    keys = master_keyring()
    done = names[:2]
    for name in done:
        assert store.rewrap(name, keys)
    # Mid-rotation: blobs under both keys, and every one still readable.
    assert {store.key_id_of(name) for name in names} == {
        rotation.old.key_id,
        rotation.new.key_id,
    }
    assert [store.read(name) for name in names] == RECORDS

    output = _rotate()

    assert f"{len(names)} blobs, {len(names) - len(done)} re-wrapped" in output
    assert current_master_key().key_id == rotation.new.key_id
    assert not (home / "master.key.old").exists()
    assert {store.key_id_of(name) for name in names} == {rotation.new.key_id}
    assert [store.read(name) for name in names] == RECORDS


def test_a_rotation_interrupted_before_the_new_key_was_written_makes_one(
    home: Path,
) -> None:
    store, names = _fill()
    old_key = current_master_key()
    (home / "master.key.old").write_text((home / "master.key").read_text())

    _rotate()

    assert current_master_key().key_id != old_key.key_id
    assert [store.read(name) for name in names] == RECORDS


def test_a_blob_under_an_unknown_key_stops_the_rotation_and_keeps_the_old_key(
    home: Path, settings: SettingsWrapper
) -> None:
    settings.PARADESK_MASTER_KEY = generate_key_text()
    stray = LocalEncryptedStore().put(b"sealed under a key nobody configured")
    settings.PARADESK_MASTER_KEY = ""
    store, names = _fill()
    err = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "keys", "rotate", "--settle-seconds", "0", stdout=StringIO(), stderr=err
        )

    assert exit_info.value.code == 1
    assert f"blob {stray}: was sealed with master key" in err.getvalue()
    assert "rotation NOT finished" in err.getvalue()
    assert (home / "master.key.old").exists()
    assert [store.read(name) for name in names] == RECORDS
