"""`paradesk backup` then `paradesk restore` into an empty home: the same data back.

Real processes on real homes: the source is migrated, given the demo firm (matters,
documents with blobs, audit events, all through the services) and its pages read; the
backup is restored into a second, empty home with the same master key. On SQLite, or,
when the suite runs on PostgreSQL (DATABASE_URL), with `pg_dump`/`pg_restore` in
throwaway databases created and dropped here.
"""

from __future__ import annotations

import base64
import io
import json
import os
import secrets
import stat
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

TIMEOUT = 120

READ_PAGES = """
from paradesk.documents.models import DocumentVersion
from paradesk.documents.services.ingest import run_ingest
for version in DocumentVersion.objects.order_by("pk"):
    run_ingest(version_id=version.pk, sha256=version.sha256)
"""

DIGEST = """
import json
from django.apps import apps
from paradesk.core.models import AuditEvent
from paradesk.documents.models import DocumentVersion, Page
from paradesk.matters.models import Matter
print(json.dumps({
    "counts": {
        label: apps.get_model(label).objects.count()
        for label in (
            "firm.User", "matters.Matter", "matters.Party", "matters.MatterMember",
            "work.Task", "documents.Document", "documents.DocumentVersion",
            "documents.Page", "documents.Ingest", "core.AuditEvent",
        )
    },
    "audit": list(AuditEvent.objects.order_by("seq").values_list("seq", "hash")),
    "matters": list(Matter.objects.order_by("pk").values_list("pk", "number", "title")),
    "versions": list(
        DocumentVersion.objects.order_by("pk").values_list(
            "pk", "document__title", "sha256", "size_bytes", "original_name"
        )
    ),
    "pages": list(Page.objects.order_by("pk").values_list("pk", "number", "text")[:5]),
}, default=str))
"""


def _postgres_base() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@dataclass
class Home:
    env: dict[str, str]

    @property
    def path(self) -> Path:
        return Path(self.env["PARADESK_HOME"])

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "paradesk.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def shell(self, code: str) -> str:
        return self.ok("shell", "--no-imports", "-c", code)

    def digest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.shell(DIGEST))
        return data

    def blob_files(self) -> dict[str, bytes]:
        return {
            path.name: path.read_bytes()
            for path in (self.path / "blobs").glob("*/*/*")
            if not path.name.startswith(".")
        }


class Databases:
    """A fresh database per home: a file in it on SQLite, a new one on PostgreSQL."""

    def __init__(self, postgres: str | None) -> None:
        self.postgres = postgres
        self.created: list[str] = []

    def _admin_url(self) -> str:
        assert self.postgres is not None
        return urlunsplit(urlsplit(self.postgres)._replace(path="/postgres"))

    def url_for(self, home: Path) -> str | None:
        if self.postgres is None:
            return None
        import psycopg

        name = f"paradesk_backup_{secrets.token_hex(4)}"
        with psycopg.connect(self._admin_url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        parts = urlsplit(self.postgres)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        if self.postgres is None:
            return
        import psycopg

        with psycopg.connect(self._admin_url(), autocommit=True) as admin:
            for name in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The suite runs once per database (scripts/test): each run restores on its own.
BACKENDS = ["postgresql"] if _postgres_base() else ["sqlite"]


@dataclass
class Made:
    source: Home
    databases: Databases
    master_key: str
    archive: Path
    before: dict[str, Any]
    blobs: dict[str, bytes]
    tmp: Path

    def new_home(self, name: str, *, master_key: str | None = None) -> Home:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("PARADESK_") and k not in {"DATABASE_URL"}
        }
        env["PARADESK_HOME"] = str(self.tmp / name)
        env["PARADESK_MASTER_KEY"] = master_key or self.master_key
        url = self.databases.url_for(self.tmp / name)
        if url:
            env["DATABASE_URL"] = url
        return Home(env)


@pytest.fixture(scope="module", params=BACKENDS)
def made(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Made]:
    databases = Databases(_postgres_base() if request.param == "postgresql" else None)
    tmp = tmp_path_factory.mktemp(f"backup-{request.param}")
    master_key = base64.b64encode(secrets.token_bytes(32)).decode()
    made = Made(
        source=Home({}),
        databases=databases,
        master_key=master_key,
        archive=tmp / "firm.backup",
        before={},
        blobs={},
        tmp=tmp,
    )
    try:
        source = made.new_home("source")
        made.source = source
        source.ok("migrate", "--verbosity", "0")
        source.ok("load-demo-firm")
        source.shell(READ_PAGES)
        made.before = source.digest()
        made.blobs = source.blob_files()
        out = source.ok("backup", str(made.archive))
        assert "backup written: " in out
        yield made
    finally:
        databases.drop_all()


def test_restore_into_an_empty_home_brings_back_identical_data(made: Made) -> None:
    target = made.new_home("restored")

    out = target.ok("restore", str(made.archive))

    steps = [line.split(":")[0] for line in out.splitlines()]
    assert steps == [
        "manifest verified",
        "home is empty",
        "blobs verified",
        "database part decrypted and verified",
        "blobs restored",
        f"database restored ({made_vendor(made)})",
        "audit chain intact",
        "search index rebuilt",
        "restore finished",
    ]
    after = target.digest()
    assert after == made.before
    assert after["versions"]
    assert after["pages"]
    assert target.blob_files() == made.blobs
    head_seq, head_hash = made.before["audit"][-1]
    verify = target.ok("audit", "verify")
    assert verify.startswith(f"audit chain intact: {head_seq} events, head {head_hash}")
    assert target.ok("blobs", "check").startswith("blobs intact: ")
    pages = int(out.split("search index rebuilt: ")[1].split()[0])
    assert pages > 0

    again = target.run("restore", str(made.archive))
    assert again.returncode == 1
    assert "already holds" in again.stderr


def made_vendor(made: Made) -> str:
    return "postgresql" if made.databases.postgres else "sqlite"


def test_the_archive_is_private_and_holds_no_plaintext(made: Made) -> None:
    assert stat.S_IMODE(made.archive.stat().st_mode) == 0o600
    raw = made.archive.read_bytes()
    for title in (row[2] for row in made.before["matters"]):
        assert title.encode() not in raw
    for _, _, text in made.before["pages"]:
        assert text[:40].encode() not in raw
    with tarfile.open(made.archive) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[0] == "database.enc"
    assert set(names[-2:]) == {"manifest.json", "manifest.hmac"}
    assert manifest["database"]["vendor"] == made_vendor(made)
    assert manifest["blob_count"] == len(made.blobs)
    assert {blob["sha256"] for blob in manifest["blobs"]} == set(made.blobs)
    assert "core.0001_initial" in manifest["migrations"]
    backup_events = made.source.shell(
        "from paradesk.core.models import AuditEvent;"
        "print(AuditEvent.objects.filter(action='backup.created').count())",
    )
    assert backup_events.strip() == "1"


def test_restore_needs_the_master_key_that_made_the_backup(made: Made) -> None:
    other_key = base64.b64encode(secrets.token_bytes(32)).decode()
    target = made.new_home("wrong-key", master_key=other_key)

    result = target.run("restore", str(made.archive))

    assert result.returncode == 1
    assert "This backup was made with master key" in result.stderr
    assert not (target.path / "blobs").exists()


def _drop_a_blob(manifest: bytes) -> bytes:
    data = json.loads(manifest)
    data["blobs"].pop()
    data["blob_count"] -= 1
    return json.dumps(data, indent=1, sort_keys=True).encode()


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x01])


def _rewrite(
    source: Path, target: Path, name: str, change: Callable[[bytes], bytes]
) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        changed = False
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith(name) and not changed:
                data, changed = change(data), True
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        ("manifest.json", _drop_a_blob, "manifest failed authentication"),
        ("blobs/", _flip_last_byte, "in the backup was altered"),
        ("database.enc", _flip_last_byte, "failed authentication"),
    ],
)
def test_an_altered_archive_is_refused_before_anything_is_written(
    made: Made, member: str, change: Callable[[bytes], bytes], message: str
) -> None:
    label = member.strip("/").replace(".", "-")
    altered = made.tmp / f"altered-{label}.backup"
    _rewrite(made.archive, altered, member, change)
    target = made.new_home(f"altered-{label}")

    result = target.run("restore", str(altered))

    assert result.returncode == 1
    assert message in result.stderr
    assert not (target.path / "blobs").exists()
