"""The database part: a consistent snapshot of the live database (SQLite's online
backup, or pg_dump), the migrations it holds, and putting a snapshot back."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from paradesk.core.durable import fsync_dir
from paradesk.ops.backup.format import BackupError


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


def snapshot_database(workdir: Path) -> Snapshot:
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


def check_migrations(applied: list[str]) -> int:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(applied) - known)
    if unknown:
        raise BackupError(
            f"This backup was made by a newer Paradesk (it has {len(unknown)} "
            f"migrations this one does not know, such as {unknown[0]}); upgrade first."
        )
    return len(known - set(applied))


def restore_database(vendor: str, database: Path) -> None:
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
