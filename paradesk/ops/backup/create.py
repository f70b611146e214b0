"""Making a backup: the database snapshot first, then every blob, into one new file."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import secrets
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction

from paradesk.core import audit
from paradesk.core.blobrefs import referencing_rows
from paradesk.core.durable import fsync_dir
from paradesk.core.keys import MasterKey, MasterKeyError, master_keyring
from paradesk.core.storage import HEADER_BYTES, StorageError, get_store, parse_header
from paradesk.core.workdir import private_workdir
from paradesk.ops.backup.database import Snapshot, snapshot_database
from paradesk.ops.backup.format import (
    BLOBS,
    DATABASE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MANIFEST_MAC,
    SALT_BYTES,
    BackupError,
    Say,
    derive_key,
    encrypt_stream,
    sha256_file,
)


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    vendor: str
    blobs: int
    key_id: str


def _tar_info(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    return info


def _version() -> str:
    try:
        return metadata.version("paradesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def create_backup(dest: Path, *, say: Say) -> BackupSummary:
    """Writes the archive to `dest` (new file, mode 0600, complete or absent).

    Raises:
        BackupError: `dest` exists, the database cannot be dumped, or a referenced
            blob is missing.
    """
    dest = dest.absolute()
    if dest.exists():
        raise BackupError(f"{dest} already exists; choose a new file name.")
    if not dest.parent.is_dir():
        raise BackupError(f"{dest.parent} is not a directory.")
    try:
        keys = master_keyring()
    except MasterKeyError as exc:
        raise BackupError(str(exc)) from exc
    master = keys.current
    salt = secrets.token_bytes(SALT_BYTES)
    store = get_store()
    with private_workdir("backup-") as workdir:
        snapshot = snapshot_database(workdir)
        say(f"database: {snapshot.vendor} snapshot taken")
        referenced = {row.sha256 for row in referencing_rows()}
        fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                manifest = _write_archive(
                    handle,
                    snapshot=snapshot,
                    workdir=workdir,
                    master=master,
                    salt=salt,
                    referenced=referenced,
                    store_names=list(store.iter_keys()),
                )
                handle.flush()
                os.fsync(handle.fileno())
            tmp.chmod(0o600)
            try:
                # A link, not a rename: it refuses to replace a file created meanwhile.
                os.link(tmp, dest)
            except FileExistsError:
                raise BackupError(
                    f"{dest} already exists; choose a new file name."
                ) from None
        finally:
            tmp.unlink(missing_ok=True)
    fsync_dir(dest.parent)
    blob_count = len(manifest["blobs"])
    say(f"blobs: {blob_count} copied (already encrypted)")
    with transaction.atomic():
        audit.record(
            "backup.created",
            actor=None,
            details={
                "vendor": snapshot.vendor,
                "blobs": blob_count,
                "key_id": master.key_id_hex,
            },
        )
    return BackupSummary(
        path=dest, vendor=snapshot.vendor, blobs=blob_count, key_id=master.key_id_hex
    )


def _write_archive(
    handle: BinaryIO,
    *,
    snapshot: Snapshot,
    workdir: Path,
    master: MasterKey,
    salt: bytes,
    referenced: set[str],
    store_names: list[str],
) -> dict[str, Any]:
    store = get_store()
    encrypted = workdir / DATABASE
    with snapshot.path.open("rb") as plain, encrypted.open("wb") as sealed:
        encrypt_stream(plain, sealed, derive_key(master, salt, "database"))
    now = datetime.now(UTC)
    blobs: list[dict[str, Any]] = []
    with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:
        with encrypted.open("rb") as part:
            archive.addfile(
                _tar_info(DATABASE, encrypted.stat().st_size, now.timestamp()), part
            )
        copied: set[str] = set()
        for name in store_names:
            try:
                with store.open_sealed(name) as blob_file:
                    sealed_bytes = blob_file.read()
                stored_at = store.stored_at(name)
            except StorageError:
                # Pruned since it was listed: prune takes only unreferenced blobs,
                # and a referenced one missing is reported below.
                continue
            header = parse_header(sealed_bytes[:HEADER_BYTES], name)
            archive.addfile(
                _tar_info(BLOBS + name, len(sealed_bytes), stored_at.timestamp()),
                io.BytesIO(sealed_bytes),
            )
            copied.add(name)
            blobs.append(
                {
                    "sha256": name,
                    "sealed_sha256": hashlib.sha256(sealed_bytes).hexdigest(),
                    "bytes": len(sealed_bytes),
                    "key_id": header.key_id.hex(),
                    "stored_at": stored_at.isoformat(),
                }
            )
        missing = referenced - copied
        if missing:
            raise BackupError(
                f"{len(missing)} blobs referenced by the database are missing "
                "from the store, so this backup could not be restored whole. Run "
                "`paradesk blobs check` to list them."
            )
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "paradesk_version": _version(),
            "key_id": master.key_id_hex,
            "salt": salt.hex(),
            "database": {
                "vendor": snapshot.vendor,
                "member": DATABASE,
                "plaintext_sha256": sha256_file(snapshot.path),
                "plaintext_bytes": snapshot.path.stat().st_size,
                "encrypted_sha256": sha256_file(encrypted),
            },
            "migrations": snapshot.migrations,
            "blob_count": len(blobs),
            "blobs": blobs,
        }
        manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
        mac = hmac.new(
            derive_key(master, salt, "manifest"), manifest_bytes, hashlib.sha256
        ).hexdigest()
        archive.addfile(
            _tar_info(MANIFEST, len(manifest_bytes), now.timestamp()),
            io.BytesIO(manifest_bytes),
        )
        archive.addfile(
            _tar_info(MANIFEST_MAC, len(mac), now.timestamp()),
            io.BytesIO(mac.encode("ascii")),
        )
    return manifest
