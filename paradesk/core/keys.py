"""The master key that wraps every blob's data key: where it comes from, its id.

The key comes from, in order: `PARADESK_MASTER_KEY` (base64 of 32 bytes), the file named
by `PARADESK_MASTER_KEY_FILE` (the same base64 text), or `PARADESK_HOME/master.key`,
created on first use with mode 0600. The last is a convenience for the demo and a
single machine: in production keep the key OUTSIDE the home (a secrets mount, a
KMS-fed file), because a backup of the home that carries its own key protects nothing.

settings.py reads those variables; this module reads the settings and the key files at
call time, never at import, so a rotation that replaces a key file under running
processes, or a test that overrides a setting, gets the key it now names.

Rotation (`paradesk keys rotate`) needs readers to open blobs sealed under the key being
retired while their headers are re-wrapped, so besides the current key a process also
knows the previous one, from `PARADESK_MASTER_KEY_OLD`, the file named by
`PARADESK_MASTER_KEY_OLD_FILE` (a missing file means no previous key, so the variable
can stay set between rotations), or, with the home key file, `PARADESK_HOME/
master.key.old`, which exists only while a rotation of that file is under way.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from paradesk.core.durable import fsync_dir
from paradesk.core.exceptions import ParadeskError

KEY_BYTES = 32
KEY_ID_BYTES = 8
KEY_FILE_NAME = "master.key"
OLD_KEY_FILE_NAME = "master.key.old"


class MasterKeyError(ParadeskError):
    """The master key is missing, malformed or not the one a blob was sealed with."""


@dataclass(frozen=True)
class MasterKey:
    """A 256-bit master key and its public id (a hash prefix that reveals nothing)."""

    material: bytes = field(repr=False)
    key_id: bytes

    @classmethod
    def from_bytes(cls, material: bytes) -> MasterKey:
        if len(material) != KEY_BYTES:
            raise MasterKeyError(
                f"The master key must be {KEY_BYTES} bytes (base64 encoded); "
                f"got {len(material)} bytes."
            )
        digest = hashlib.sha256(b"paradesk-master-key-id\0" + material).digest()
        return cls(material=material, key_id=digest[:KEY_ID_BYTES])

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()


def _decode(text: str, source: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{source} is not valid base64.") from None


def generate_key_text() -> str:
    """A fresh master key in the text form the variables and key files hold."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _home_key_path() -> Path:
    return Path(settings.PARADESK_HOME) / KEY_FILE_NAME


def _write_key_file(path: Path, key_text: str, *, replace: bool) -> None:
    """Writes a key file (0600) without ever exposing a partial one.

    The key goes to a private temporary file first. A new file is then hard-linked into
    place: the link fails if another process won the race, and then both use the
    winner's key. A replacement is renamed over the old file, which readers see whole,
    before or after.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    tmp_path = Path(tmp_name)
    try:
        try:
            os.write(fd, (key_text + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            tmp_path.replace(path)
        else:
            with contextlib.suppress(FileExistsError):
                os.link(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)
    fsync_dir(path.parent)


def _create_home_key(path: Path) -> None:
    _write_key_file(path, generate_key_text(), replace=False)


def _read_key_file(path: Path, source: str) -> MasterKey:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise MasterKeyError(f"{source} names a file that cannot be read.") from None
    return MasterKey.from_bytes(_decode(text, source))


def _configured(name: str) -> str:
    """One of the PARADESK_MASTER_KEY* settings; empty when not set."""
    return str(getattr(settings, name)).strip()


def home_key_in_use() -> bool:
    """Whether the key is the home key file (neither variable names another)."""
    return not (
        _configured("PARADESK_MASTER_KEY") or _configured("PARADESK_MASTER_KEY_FILE")
    )


def current_master_key(*, create: bool = True) -> MasterKey:
    """The configured master key, creating the home key file when nothing names one.

    Args:
        create: create `PARADESK_HOME/master.key` when it is the key in use and is
            missing (a restore passes False: a fresh key could not open a backup).

    Raises:
        MasterKeyError: the configured key is unreadable or not 32 bytes of base64, or
            it is missing and `create` is False.
    """
    value = _configured("PARADESK_MASTER_KEY")
    if value:
        return MasterKey.from_bytes(_decode(value, "PARADESK_MASTER_KEY"))
    key_file = _configured("PARADESK_MASTER_KEY_FILE")
    if key_file:
        return _read_key_file(Path(key_file), "PARADESK_MASTER_KEY_FILE")
    path = _home_key_path()
    if not path.exists():
        if not create:
            raise MasterKeyError(
                "No master key is configured: set PARADESK_MASTER_KEY_FILE (or "
                f"PARADESK_MASTER_KEY), or put the key file at {path}."
            )
        _create_home_key(path)
    return MasterKey.from_bytes(_decode(path.read_text(encoding="ascii"), str(path)))


def previous_master_key() -> MasterKey | None:
    """The key being retired by a rotation, if one is configured.

    Raises:
        MasterKeyError: a configured previous key is malformed or unreadable.
    """
    value = _configured("PARADESK_MASTER_KEY_OLD")
    if value:
        return MasterKey.from_bytes(_decode(value, "PARADESK_MASTER_KEY_OLD"))
    key_file = _configured("PARADESK_MASTER_KEY_OLD_FILE")
    if key_file:
        path = Path(key_file)
        if not path.exists():
            return None
        return _read_key_file(path, "PARADESK_MASTER_KEY_OLD_FILE")
    if home_key_in_use():
        old_path = _home_key_path().with_name(OLD_KEY_FILE_NAME)
        if old_path.exists():
            return _read_key_file(old_path, str(old_path))
    return None


@dataclass(frozen=True)
class KeyRing:
    """The key that seals new blobs and the keys that may still open older ones."""

    current: MasterKey
    previous: tuple[MasterKey, ...] = ()

    def find(self, key_id: bytes) -> MasterKey | None:
        for key in (self.current, *self.previous):
            if key.key_id == key_id:
                return key
        return None

    @property
    def key_ids_hex(self) -> list[str]:
        return [key.key_id_hex for key in (self.current, *self.previous)]


def master_keyring(*, create: bool = True) -> KeyRing:
    """The current master key and the previous one while a rotation is under way.

    Raises:
        MasterKeyError: a configured key is missing, malformed or unreadable.
    """
    current = current_master_key(create=create)
    previous = previous_master_key()
    if previous is None or previous.key_id == current.key_id:
        return KeyRing(current=current)
    return KeyRing(current=current, previous=(previous,))


@dataclass(frozen=True)
class HomeRotation:
    """A rotation of the home key file: old key, new key, when the new one took over."""

    old: MasterKey
    new: MasterKey
    switched_at: datetime


def begin_home_rotation() -> HomeRotation:
    """Starts, or resumes, replacing `PARADESK_HOME/master.key` with a new key.

    The current key is first kept as `master.key.old`, then a new key is renamed over
    `master.key`. Every process reads both files at each use, so from the rename on
    new blobs are sealed with the new key and old ones still open. Run again after a
    crash at any point, it finds `master.key.old` and carries on with the same keys
    instead of minting a third.

    Raises:
        MasterKeyError: the home key file is not the key in use, or is unreadable.
    """
    if not home_key_in_use():
        raise MasterKeyError(
            "PARADESK_MASTER_KEY or PARADESK_MASTER_KEY_FILE names the key: rotate it "
            "by putting the new key there and the old one in PARADESK_MASTER_KEY_OLD "
            "or PARADESK_MASTER_KEY_OLD_FILE."
        )
    path = _home_key_path()
    old_path = path.with_name(OLD_KEY_FILE_NAME)
    current = current_master_key()
    if not old_path.exists():
        _write_key_file(
            old_path, base64.b64encode(current.material).decode(), replace=False
        )
    old = _read_key_file(old_path, str(old_path))
    if old.key_id == current.key_id:
        _write_key_file(path, generate_key_text(), replace=True)
    switched_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return HomeRotation(old=old, new=current_master_key(), switched_at=switched_at)


def finish_home_rotation() -> None:
    """Forgets the retired home key once no blob needs it any more."""
    old_path = _home_key_path().with_name(OLD_KEY_FILE_NAME)
    old_path.unlink(missing_ok=True)
    fsync_dir(old_path.parent)
