"""Restoring a backup into an empty home, verifying everything before writing."""

from __future__ import annotations

import hashlib
import hmac
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import connection

from paradesk.core import audit
from paradesk.core.keys import KeyRing, MasterKeyError, master_keyring
from paradesk.core.storage import StorageError, get_store, unseal
from paradesk.core.workdir import private_workdir
from paradesk.documents.services.indexing import reindex_all
from paradesk.ops.backup.database import check_migrations, restore_database
from paradesk.ops.backup.format import (
    BLOBS,
    DATABASE,
    MANIFEST,
    MANIFEST_MAC,
    BackupError,
    Manifest,
    Say,
    decrypt_stream,
    derive_key,
    parse_manifest,
    sha256_file,
)


class _Archive:
    """The tar opened for reading; members are read by name and never extracted."""

    def __init__(self, path: Path) -> None:
        try:
            self._tar = tarfile.open(path, mode="r:")  # noqa: SIM115 (closed in close())
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(
                f"{path} is not a readable backup archive: {exc}"
            ) from None
        self._members: dict[str, tarfile.TarInfo] = {}
        for member in self._tar.getmembers():
            if not member.isfile():
                raise BackupError("The backup holds something that is not a file.")
            self._members[member.name] = member

    def names(self) -> set[str]:
        return set(self._members)

    def open(self, name: str) -> IO[bytes]:
        member = self._members.get(name)
        handle = self._tar.extractfile(member) if member is not None else None
        if handle is None:
            raise BackupError(f"The backup has no {name}.")
        return handle

    def read(self, name: str) -> bytes:
        with self.open(name) as handle:
            return handle.read()

    def close(self) -> None:
        self._tar.close()


@dataclass(frozen=True)
class RestoreSummary:
    blobs: int
    audit_events: int
    audit_ok: bool
    pages_indexed: int
    pending_migrations: int


def restore_backup(source: Path, *, say: Say) -> RestoreSummary:
    """Restores an archive into an empty home, verifying everything before writing.

    Blobs go in before the database, as in normal operation, so no restored row ever
    points at a blob that is not there yet.

    Raises:
        BackupError: the home is not empty, the archive is altered or made with
            another key, or a step fails; the message names the step.
    """
    archive = _Archive(source)
    try:
        keys = _restore_keys()
        manifest = _verified_manifest(archive, keys)
        say(
            f"manifest verified: made {manifest.created_at}, {manifest.vendor} "
            f"database, {len(manifest.blobs)} blobs, master key {manifest.key_id}"
        )
        _require_empty_home(manifest.vendor)
        pending = check_migrations(manifest.migrations)
        say("home is empty: restoring into it")
        _verify_blobs(archive, manifest, keys)
        say(f"blobs verified: {len(manifest.blobs)}, each decrypts to its hash")
        with private_workdir("backup-") as workdir:
            database = _decrypt_database(archive, manifest, keys, workdir)
            say("database part decrypted and verified")
            _restore_blobs(archive, manifest)
            say(f"blobs restored: {len(manifest.blobs)}")
            restore_database(manifest.vendor, database)
            say(f"database restored ({manifest.vendor})")
    finally:
        archive.close()
    result = audit.verify_chain()
    if result.broken is None:
        say(f"audit chain intact: {result.checked} events, head {result.head_hash}")
    else:
        say(f"audit chain BROKEN at event #{result.broken.seq}: {result.broken.reason}")
    pages = reindex_all()
    say(f"search index rebuilt: {pages} pages")
    if pending:
        say(
            f"{pending} migrations of this Paradesk are newer than the backup: run "
            "`paradesk migrate`"
        )
    return RestoreSummary(
        blobs=len(manifest.blobs),
        audit_events=result.checked,
        audit_ok=result.broken is None,
        pages_indexed=pages,
        pending_migrations=pending,
    )


def _restore_keys() -> KeyRing:
    try:
        # Never create a home key here: a fresh key could not open the backup.
        return master_keyring(create=False)
    except MasterKeyError as exc:
        raise BackupError(str(exc)) from exc


def _verified_manifest(archive: _Archive, keys: KeyRing) -> Manifest:
    raw = archive.read(MANIFEST)
    manifest = parse_manifest(raw)
    master = keys.find(bytes.fromhex(manifest.key_id))
    if master is None:
        raise BackupError(
            f"This backup was made with master key {manifest.key_id}; the configured "
            f"keys are {', '.join(keys.key_ids_hex)}. Configure the key that made it "
            "(PARADESK_MASTER_KEY_FILE; a home on the default key keeps it in "
            "PARADESK_HOME/master.key: copy that file into the new home first)."
        )
    expected = hmac.new(
        derive_key(master, manifest.salt, "manifest"), raw, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, archive.read(MANIFEST_MAC).decode("ascii")):
        raise BackupError("The backup manifest failed authentication: it was altered.")
    expected_names = {MANIFEST, MANIFEST_MAC, DATABASE} | {
        BLOBS + blob.sha256 for blob in manifest.blobs
    }
    if archive.names() != expected_names:
        raise BackupError("The backup's files do not match its manifest.")
    return manifest


def _has_data() -> bool:
    tables = set(connection.introspection.table_names())
    # Every change the app makes writes an audit event, and nothing works without a
    # user: a database with neither holds nothing worth keeping (a bare `migrate`).
    for table in ("core_auditevent", "firm_user"):
        if table in tables:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1"  # noqa: S608 (a fixed table name)
                )
                if cursor.fetchone() is not None:
                    return True
    return False


def _require_empty_home(vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup holds a {vendor} database, but this home is configured for "
            f"{connection.vendor}; restore into the same kind of database."
        )
    if any(True for _ in get_store().iter_keys()):
        raise BackupError(
            "PARADESK_HOME already holds blobs: restore only into an empty home."
        )
    if _has_data():
        raise BackupError(
            "The configured database already holds data: restore only into an empty "
            "home and an empty database."
        )
    if vendor == "postgresql" and connection.introspection.table_names():
        raise BackupError(
            "The PostgreSQL database already has tables: create it afresh and restore "
            "into it without running `paradesk migrate` first."
        )


def _verify_blobs(archive: _Archive, manifest: Manifest, keys: KeyRing) -> None:
    for blob in manifest.blobs:
        sealed = archive.read(BLOBS + blob.sha256)
        if (
            len(sealed) != blob.size
            or hashlib.sha256(sealed).hexdigest() != blob.sealed_sha256
        ):
            raise BackupError(f"Blob {blob.sha256} in the backup was altered.")
        try:
            unseal(sealed, blob.sha256, keys)
        except StorageError as exc:
            raise BackupError(str(exc)) from exc


def _decrypt_database(
    archive: _Archive, manifest: Manifest, keys: KeyRing, workdir: Path
) -> Path:
    master = keys.find(bytes.fromhex(manifest.key_id))
    assert master is not None  # noqa: S101 (checked with the manifest)
    target = workdir / "database"
    with archive.open(DATABASE) as sealed, target.open("wb") as plain:
        decrypt_stream(sealed, plain, derive_key(master, manifest.salt, "database"))
        plain.flush()
        os.fsync(plain.fileno())
    if sha256_file(target) != manifest.plaintext_sha256:
        raise BackupError("The decrypted database does not match the manifest's hash.")
    return target


def _restore_blobs(archive: _Archive, manifest: Manifest) -> None:
    store = get_store()
    for blob in manifest.blobs:
        store.put_sealed(
            blob.sha256, archive.read(BLOBS + blob.sha256), stored_at=blob.stored_at
        )
