"""One encrypted, consistent archive of the database and every blob; and its restore.

The archive is a plain tar (`paradesk backup DEST`) holding:

    manifest.json    format, time, database vendor, applied migrations, the master key
                     id, and every blob's name, size and hash as archived
    manifest.hmac    HMAC-SHA256 of manifest.json, keyed from the master key
    database.enc     the database snapshot, encrypted (below)
    blobs/<sha256>   each blob exactly as stored: already sealed under the master key

Consistency while the app runs comes from the order: the database is snapshotted first
(SQLite's online backup API, or `pg_dump`, each a single transaction's view), then the
blobs are copied. Blobs are written before the rows that reference them and never
change content, so every blob the snapshot references already exists; a blob stored
after the snapshot is merely unreferenced in it.

The database part is encrypted with AES-256-GCM under a key derived (HKDF-SHA256, a
random salt per backup) from the master key, in 1 MiB chunks whose nonces carry the
chunk number and a last-chunk flag, so a reordered, dropped or truncated chunk fails
authentication. Without the master key the archive yields neither the database nor a
blob's content, and the manifest cannot be altered unnoticed.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from paradesk.core import audit
from paradesk.core.blobrefs import referencing_rows
from paradesk.core.durable import fsync_dir
from paradesk.core.exceptions import ParadeskError
from paradesk.core.keys import KeyRing, MasterKey, MasterKeyError, master_keyring
from paradesk.core.storage import (
    HEADER_BYTES,
    StorageError,
    get_store,
    is_sha256,
    parse_header,
    unseal,
)
from paradesk.core.workdir import private_workdir

FORMAT = "paradesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_MAC = "manifest.hmac"
DATABASE = "database.enc"
BLOBS = "blobs/"

_DB_MAGIC = b"PDBK"
_DB_HEADER = struct.Struct(">4sBI")
_CHUNK_BYTES = 1 << 20
_TAG_BYTES = 16
_SALT_BYTES = 32

Say = Callable[[str], None]


class BackupError(ParadeskError):
    """A backup cannot be made or restored; the message says why and what to do."""


def _derive(master: MasterKey, salt: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=salt,
        info=f"paradesk backup v{FORMAT_VERSION} {purpose}".encode(),
    ).derive(master.material)


def _nonce(counter: int, *, final: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def encrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Encrypts `source` into `target` chunk by chunk (memory stays at two chunks)."""
    header = _DB_HEADER.pack(_DB_MAGIC, FORMAT_VERSION, _CHUNK_BYTES)
    target.write(header)
    aead = AESGCM(key)
    counter = 0
    chunk = source.read(_CHUNK_BYTES)
    while True:
        following = source.read(_CHUNK_BYTES)
        final = not following
        target.write(aead.encrypt(_nonce(counter, final=final), chunk, header))
        if final:
            return
        chunk = following
        counter += 1


def decrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes) -> None:
    """Decrypts what `encrypt_stream` wrote, refusing any altered or missing chunk.

    Raises:
        BackupError: not this format, or authentication failed.
    """
    header = source.read(_DB_HEADER.size)
    if len(header) != _DB_HEADER.size:
        raise BackupError("The database part of the backup is truncated.")
    magic, version, chunk_bytes = _DB_HEADER.unpack(header)
    if magic != _DB_MAGIC or version != FORMAT_VERSION or chunk_bytes > 1 << 26:
        raise BackupError("The database part of the backup is not in a known format.")
    aead = AESGCM(key)
    size = chunk_bytes + _TAG_BYTES
    counter = 0
    block = source.read(size)
    while True:
        following = source.read(size)
        final = not following
        try:
            target.write(aead.decrypt(_nonce(counter, final=final), block, header))
        except InvalidTag:
            raise BackupError(
                "The database part of the backup failed authentication: it was "
                "altered or truncated."
            ) from None
        if final:
            return
        block = following
        counter += 1


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Database snapshots ------------------------------------------------------------


def _pg_environment() -> dict[str, str]:
    """libpq variables for the configured database: no password on a command line."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) of the server's major version "
            "or newer."
        )
    return found


def _run_pg_tool(arguments: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 (a PostgreSQL tool found on PATH, no shell)
        arguments,
        env=_pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tool = Path(arguments[0]).name
        detail = result.stderr.strip().splitlines()
        raise BackupError(
            f"{tool} failed (exit {result.returncode}): "
            f"{detail[-1] if detail else 'no message'}"
        )


@dataclass(frozen=True)
class Snapshot:
    vendor: str
    path: Path
    migrations: list[str]


def _snapshot_database(workdir: Path) -> Snapshot:
    vendor = connection.vendor
    if vendor == "sqlite":
        target = workdir / "database.sqlite3"
        connection.ensure_connection()
        live = connection.connection
        copy = sqlite3.connect(target)
        try:
            # One step (pages=-1): the whole copy is made under one read transaction,
            # so it is a single consistent state while writers carry on in WAL.
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            rows = copy.execute(
                "SELECT app, name FROM django_migrations ORDER BY app, name"
            ).fetchall()
        finally:
            copy.close()
        return Snapshot(
            vendor=vendor,
            path=target,
            migrations=[f"{app}.{name}" for app, name in rows],
        )
    if vendor == "postgresql":
        target = workdir / "database.pgdump"
        _run_pg_tool(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ]
        )
        # pg_dump's snapshot is not shared with this connection; schema changes
        # during a backup are not expected (migrations run with the app stopped).
        applied = MigrationRecorder(connection).applied_migrations()
        return Snapshot(
            vendor=vendor,
            path=target,
            migrations=sorted(f"{app}.{name}" for app, name in applied),
        )
    raise BackupError(f"Backups of a {vendor} database are not supported.")


# --- Backup ------------------------------------------------------------------------


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
    salt = secrets.token_bytes(_SALT_BYTES)
    store = get_store()
    with private_workdir("backup-") as workdir:
        snapshot = _snapshot_database(workdir)
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
        encrypt_stream(plain, sealed, _derive(master, salt, "database"))
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
                "plaintext_sha256": _sha256_file(snapshot.path),
                "plaintext_bytes": snapshot.path.stat().st_size,
                "encrypted_sha256": _sha256_file(encrypted),
            },
            "migrations": snapshot.migrations,
            "blob_count": len(blobs),
            "blobs": blobs,
        }
        manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
        mac = hmac.new(
            _derive(master, salt, "manifest"), manifest_bytes, hashlib.sha256
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


# --- Restore -----------------------------------------------------------------------


@dataclass(frozen=True)
class BlobEntry:
    sha256: str
    sealed_sha256: str
    size: int
    stored_at: datetime


@dataclass(frozen=True)
class Manifest:
    created_at: str
    key_id: str
    salt: bytes
    vendor: str
    plaintext_sha256: str
    encrypted_sha256: str
    migrations: list[str]
    blobs: list[BlobEntry]


def _field(data: Any, name: str, kind: type) -> Any:
    value = data.get(name) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise BackupError(f"The backup manifest has no valid {name!r}.")
    return value


def _parse_manifest(raw: bytes) -> Manifest:
    try:
        data: Any = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError("The backup manifest is not valid JSON.") from None
    if _field(data, "format", str) != FORMAT:
        raise BackupError("This file is not a Paradesk backup.")
    if _field(data, "format_version", int) != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {data['format_version']}; this Paradesk "
            f"reads version {FORMAT_VERSION}."
        )
    database = _field(data, "database", dict)
    blobs = []
    for item in _field(data, "blobs", list):
        sha256 = _field(item, "sha256", str)
        if not is_sha256(sha256):
            raise BackupError("The backup manifest names a blob that is not a hash.")
        blobs.append(
            BlobEntry(
                sha256=sha256,
                sealed_sha256=_field(item, "sealed_sha256", str),
                size=_field(item, "bytes", int),
                stored_at=datetime.fromisoformat(_field(item, "stored_at", str)),
            )
        )
    if _field(data, "blob_count", int) != len(blobs):
        raise BackupError("The backup manifest's blob count does not match its list.")
    return Manifest(
        created_at=_field(data, "created_at", str),
        key_id=_field(data, "key_id", str),
        salt=bytes.fromhex(_field(data, "salt", str)),
        vendor=_field(database, "vendor", str),
        plaintext_sha256=_field(database, "plaintext_sha256", str),
        encrypted_sha256=_field(database, "encrypted_sha256", str),
        migrations=[str(name) for name in _field(data, "migrations", list)],
        blobs=blobs,
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
        pending = _check_migrations(manifest.migrations)
        say("home is empty: restoring into it")
        _verify_blobs(archive, manifest, keys)
        say(f"blobs verified: {len(manifest.blobs)}, each decrypts to its hash")
        with private_workdir("backup-") as workdir:
            database = _decrypt_database(archive, manifest, keys, workdir)
            say("database part decrypted and verified")
            _restore_blobs(archive, manifest)
            say(f"blobs restored: {len(manifest.blobs)}")
            _restore_database(manifest.vendor, database)
            say(f"database restored ({manifest.vendor})")
    finally:
        archive.close()
    result = audit.verify_chain()
    if result.broken is None:
        say(f"audit chain intact: {result.checked} events, head {result.head_hash}")
    else:
        say(f"audit chain BROKEN at event #{result.broken.seq}: {result.broken.reason}")
    from paradesk.documents.services.indexing import reindex_all

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
    manifest = _parse_manifest(raw)
    master = keys.find(bytes.fromhex(manifest.key_id))
    if master is None:
        raise BackupError(
            f"This backup was made with master key {manifest.key_id}; the configured "
            f"keys are {', '.join(keys.key_ids_hex)}. Configure the key that made it "
            "(PARADESK_MASTER_KEY_FILE; a home on the default key keeps it in "
            "PARADESK_HOME/master.key: copy that file into the new home first)."
        )
    expected = hmac.new(
        _derive(master, manifest.salt, "manifest"), raw, hashlib.sha256
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


def _check_migrations(applied: list[str]) -> int:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(applied) - known)
    if unknown:
        raise BackupError(
            f"This backup was made by a newer Paradesk (it has {len(unknown)} "
            f"migrations this one does not know, such as {unknown[0]}); upgrade first."
        )
    return len(known - set(applied))


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
        decrypt_stream(sealed, plain, _derive(master, manifest.salt, "database"))
        plain.flush()
        os.fsync(plain.fileno())
    if _sha256_file(target) != manifest.plaintext_sha256:
        raise BackupError("The decrypted database does not match the manifest's hash.")
    return target


def _restore_blobs(archive: _Archive, manifest: Manifest) -> None:
    store = get_store()
    for blob in manifest.blobs:
        store.put_sealed(
            blob.sha256, archive.read(BLOBS + blob.sha256), stored_at=blob.stored_at
        )


def _restore_database(vendor: str, database: Path) -> None:
    if vendor == "postgresql":
        _run_pg_tool(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(database),
            ]
        )
        return
    target = Path(settings.DATABASES["default"]["NAME"])
    # The live file is empty (checked): close it, and drop its WAL so SQLite cannot
    # replay stale pages onto the restored file.
    connections.close_all()
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    staged = target.with_name(f".{target.name}.restore")
    shutil.copyfile(database, staged)
    staged.chmod(0o600)
    with staged.open("rb") as handle:
        os.fsync(handle.fileno())
    staged.replace(target)
    fsync_dir(target.parent)
