"""A real `paradesk serve` in a child process, on a database of its own.

For the tests and benchmarks that need the product's own server (waitress and its
thread pool) rather than Django's test client: concurrency, a process that must not
fall over, a process killed in the middle of its work. `served_firm` makes a fresh
home and database (a SQLite file, or a new PostgreSQL database beside the one named
by `database_url`), migrates it, seeds a firm (`python -m paradesk.testing.served`),
starts `paradesk serve --no-worker` on a free loopback port and waits until it answers.

The seeding half runs in its own process too, so this module imports Django only
there: a benchmark can use `served_firm` without configuring Django itself.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# A seeded firm is small unless asked otherwise: enough for every page to have rows.
_SEED_TIMEOUT_SECONDS = 600
_START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Seeded:
    """What the seeding process made, read back by the test or benchmark."""

    session_cookie: str
    api_token: str
    admin_session_cookie: str
    admin_api_token: str
    matter_id: int
    document_id: int
    version_id: int
    version_number: int
    pages: int
    task_id: int
    search_word: str

    @classmethod
    def from_json(cls, text: str) -> Seeded:
        raw = json.loads(text)
        return cls(**{name: raw[name] for name in cls.__dataclass_fields__})


@dataclass
class ServedFirm:
    """A running server: its address, the seeded ids and the child process."""

    url: str
    seeded: Seeded
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    home: Path
    log: Path
    database_url: str = ""
    command: list[str] = field(default_factory=list)

    @property
    def cookie_header(self) -> str:
        return f"sessionid={self.seeded.session_cookie}"

    @property
    def admin_cookie_header(self) -> str:
        return f"sessionid={self.seeded.admin_session_cookie}"

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one query on the server's database (`?` placeholders)."""
        if self.database_url.startswith("sqlite"):
            with contextlib.closing(sqlite3.connect(self._sqlite_path())) as conn:
                return list(conn.execute(sql, params).fetchall())
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            return list(conn.execute(sql.replace("?", "%s"), params).fetchall())

    @contextlib.contextmanager
    def chain_locked(self) -> Iterator[None]:
        """Holds the audit chain's append lock (as `core.audit.lock_chain` takes it)
        from outside the server until the block ends: SQLite's write lock, or
        PostgreSQL's advisory lock."""
        if self.database_url.startswith("sqlite"):
            conn = sqlite3.connect(self._sqlite_path(), isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield
                conn.execute("ROLLBACK")
            finally:
                conn.close()
            return
        import psycopg

        from paradesk.core.audit import PG_AUDIT_LOCK

        with psycopg.connect(self.database_url, autocommit=True) as pg:
            pg.execute("SELECT pg_advisory_lock(%s)", (PG_AUDIT_LOCK,))
            try:
                yield
            finally:
                pg.execute("SELECT pg_advisory_unlock(%s)", (PG_AUDIT_LOCK,))

    def _sqlite_path(self) -> str:
        return self.database_url.removeprefix("sqlite:///")


def database_url_of(settings_dict: dict[str, Any]) -> str | None:
    """The PostgreSQL server a test runs on, as a URL; None on SQLite."""
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        return None
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _child_env(home: Path, database_url: str, extra: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PARADESK_", "PYTEST_", "DATABASE_URL"))
    }
    env.update(
        PARADESK_HOME=str(home),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="paradesk.settings",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def _database(database_url: str | None, home: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file in `home`, or a new PostgreSQL one."""
    if not database_url or database_url.startswith("sqlite"):
        yield f"sqlite:///{home / 'paradesk.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(database_url)
    base = parts.path.lstrip("/") or "postgres"
    name = f"{base}_served_{os.getpid()}_{time.monotonic_ns() % 1_000_000}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _paradesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "paradesk.cli", *args]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode}:\n"
                + log.read_text(errors="replace")[-4000:]
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:  # noqa: S310 (loopback, our own server)
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError("the server did not answer /healthz in time")


def start_server(firm: ServedFirm) -> subprocess.Popen[bytes]:
    """(Re)starts `firm`'s server (`paradesk serve --no-worker`); waits for it."""
    with firm.log.open("ab") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [*firm.command, "--host", "127.0.0.1", "--port", str(firm.port)],
            env=firm.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    firm.process = process
    wait_until_up(firm.url, process, firm.log)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def served_firm(
    *,
    database_url: str | None,
    matters: int = 1,
    documents: int = 1,
    pages: int = 2,
    tasks: int = 2,
    env: dict[str, str] | None = None,
    command: list[str] | None = None,
) -> Iterator[ServedFirm]:
    """A seeded firm behind a real `paradesk serve`, removed afterwards.

    Args:
        database_url: a PostgreSQL URL to put a new database beside, or None (or a
            SQLite URL) for a SQLite file in the new home.
        matters: matters the paralegal is on (the first one holds the documents).
        documents: documents on the first matter.
        pages: pages of each document.
        tasks: tasks on each matter.
        env: extra environment for the server (PARADESK_* settings).
        command: the server's command line, to which --host and --port are added
            (default `paradesk serve --no-worker`).

    Raises:
        RuntimeError: seeding failed or the server did not start.
    """
    home = Path(tempfile.mkdtemp(prefix="paradesk-served-"))
    try:
        with _database(database_url, home) as url:
            child_env = _child_env(home, url, env or {})
            log = home / "server.log"
            subprocess.run(  # noqa: S603 (our own interpreter and module)
                _paradesk("migrate", "-v0"),
                env=child_env,
                check=True,
                timeout=_SEED_TIMEOUT_SECONDS,
            )
            seeding = subprocess.run(  # noqa: S603 (our own interpreter and module)
                [
                    sys.executable,
                    "-m",
                    __name__,
                    f"--matters={matters}",
                    f"--documents={documents}",
                    f"--pages={pages}",
                    f"--tasks={tasks}",
                ],
                env={
                    **child_env,
                    "PARADESK_TASKS_BACKEND": (
                        "django_tasks.backends.immediate.ImmediateBackend"
                    ),
                },
                check=True,
                capture_output=True,
                timeout=_SEED_TIMEOUT_SECONDS,
            )
            seeded = Seeded.from_json(seeding.stdout.decode().strip().splitlines()[-1])
            port = free_port()
            firm = ServedFirm(
                url=f"http://127.0.0.1:{port}",
                seeded=seeded,
                process=None,  # type: ignore[arg-type]  # set by start_server below
                env=child_env,
                home=home,
                log=log,
                database_url=url,
                command=command or _paradesk("serve", "--no-worker"),
            )
            start_server(firm)
            try:
                yield firm
            finally:
                stop(firm.process)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _seed(*, matters: int, documents: int, pages: int, tasks: int) -> Seeded:
    """In the child, with Django set up: personas, matters, documents, tasks."""
    from datetime import date, timedelta

    from paradesk.documents.models import DocumentVersion
    from paradesk.documents.services import add_document
    from paradesk.engines.pages.samples import text_pdf
    from paradesk.firm.tokens import issue_api_token
    from paradesk.matters.services import open_matter
    from paradesk.testing.personas import build_firm
    from paradesk.work import services as work

    firm = build_firm()
    opened = [firm.matter]
    for index in range(1, matters):
        opened.append(
            open_matter(
                actor=firm.attorney,
                title=f"Served matter {index}",
                client_name=f"Client {index}",
                jurisdiction="GA",
                responsible_attorney=firm.attorney,
                incident_on=date(2025, 1, 1) + timedelta(days=index),
                team=[firm.paralegal, firm.attorney2],
            ).matter
        )
    word = "radiculopathy"
    first = None
    for index in range(documents):
        content = text_pdf(
            [
                [
                    f"Document {index} page {page}: lumbar {word} noted",
                    f"Follow-up visit {page} for physical therapy",
                ]
                for page in range(1, pages + 1)
            ]
        )
        added = add_document(
            actor=firm.paralegal,
            matter=firm.matter,
            file=content,
            name=f"records-{index}.pdf",
        )
        first = first or added.document
    task = None
    for matter in opened:
        for index in range(tasks):
            task = work.assign_task(
                actor=firm.attorney,
                matter=matter,
                title=f"Task {index}",
                owner=firm.paralegal,
                reviewer=firm.attorney,
                due_on=date(2026, 1, 1) + timedelta(days=index),
            )
    assert first is not None
    assert task is not None
    version = DocumentVersion.objects.filter(document=first).order_by("-number")[0]
    return Seeded(
        session_cookie=_session_of(firm.paralegal),
        api_token=issue_api_token(actor=firm.paralegal, name="served").secret,
        admin_session_cookie=_session_of(firm.admin),
        admin_api_token=issue_api_token(actor=firm.admin, name="served").secret,
        matter_id=firm.matter.pk,
        document_id=first.pk,
        version_id=version.pk,
        version_number=version.number,
        pages=pages,
        task_id=task.pk,
        search_word=word,
    )


def _session_of(user: Any) -> str:
    """A verified session for `user`, as a sign-in through the pages leaves it."""
    from django.conf import settings

    from paradesk.core.middleware import SESSION_RENEWED_KEY
    from paradesk.testing.personas import verified_client

    client = verified_client(user)
    session = client.session
    session[SESSION_RENEWED_KEY] = int(time.time())
    session.save()
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m paradesk.testing.served")
    for name, default in (("matters", 1), ("documents", 1), ("pages", 2), ("tasks", 2)):
        parser.add_argument(f"--{name}", type=int, default=default)
    options = parser.parse_args(argv)
    import django

    django.setup()
    seeded = _seed(
        matters=options.matters,
        documents=options.documents,
        pages=options.pages,
        tasks=options.tasks,
    )
    print(json.dumps(seeded.__dict__))


if __name__ == "__main__":
    main()
