"""The master key that wraps every blob's data key: where it comes from, its id.

The key comes from, in order: `PARADESK_MASTER_KEY` (base64 of 32 bytes), the file named
by `PARADESK_MASTER_KEY_FILE` (the same base64 text), or `PARADESK_HOME/master.key`,
created on first use with mode 0600. The last is a convenience for the demo and a
single machine: in production keep the key OUTSIDE the home (a secrets mount, a
KMS-fed file), because a backup of the home that carries its own key protects nothing.

Everything is read at call time, never at import, so a process (or a test) that
changes the environment or `settings.PARADESK_HOME` gets the key it now names.
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
from pathlib import Path

from django.conf import settings

from paradesk.core.exceptions import ParadeskError

KEY_BYTES = 32
KEY_ID_BYTES = 8
KEY_FILE_NAME = "master.key"


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


def _create_home_key(path: Path) -> None:
    """Writes a new key file without ever exposing a partial one.

    The key goes to a private temporary file first and is then hard-linked into place:
    the link fails if another process won the race, and then both use the winner's key.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{KEY_FILE_NAME}.")
    tmp_path = Path(tmp_name)
    try:
        try:
            os.write(fd, (generate_key_text() + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileExistsError):
            os.link(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def current_master_key() -> MasterKey:
    """The configured master key, creating the home key file when nothing names one.

    Raises:
        MasterKeyError: the configured key is unreadable or not 32 bytes of base64.
    """
    value = os.environ.get("PARADESK_MASTER_KEY", "")
    if value.strip():
        return MasterKey.from_bytes(_decode(value, "PARADESK_MASTER_KEY"))
    key_file = os.environ.get("PARADESK_MASTER_KEY_FILE", "")
    if key_file.strip():
        try:
            text = Path(key_file).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            raise MasterKeyError(
                "PARADESK_MASTER_KEY_FILE names a file that cannot be read."
            ) from None
        return MasterKey.from_bytes(_decode(text, "PARADESK_MASTER_KEY_FILE"))
    path = _home_key_path()
    if not path.exists():
        _create_home_key(path)
    return MasterKey.from_bytes(_decode(path.read_text(encoding="ascii"), str(path)))
