"""`paradesk serve`: the web app on waitress, with a worker process beside it."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from argparse import ArgumentParser
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from paradesk.core import readqueue
from paradesk.core.workdir import temp_root

log = logging.getLogger(__name__)

# Seconds a stopping worker gets to finish the job in hand before it is killed.
WORKER_STOP_GRACE = 30


def create_web_server(
    application: Any,
    *,
    host: str,
    port: int,
    threads: int | None = None,
    sockets: list[socket.socket] | None = None,
) -> BaseWSGIServer | MultiSocketServer:
    """waitress serving `application`, with request bodies capped and kept at home.

    waitress reads each whole body before the app (and sign-in) sees it, spooling any
    over 512 KB to a temporary file: by default up to 1 GiB, in plaintext, in the
    system temporary folder. Here the body is capped at PARADESK_MAX_REQUEST_BODY_MB
    (larger is answered 413 unread) and spooled only in PARADESK_HOME/tmp. waitress
    takes its spool folder from `tempfile`, so this process's temporary folder is set.

    Raises:
        OSError: host:port cannot be bound.
    """
    tempfile.tempdir = str(temp_root())
    # Already-bound sockets (shared by several server processes) replace host:port.
    where: dict[str, Any] = (
        {"sockets": sockets} if sockets else {"host": host, "port": port}
    )
    return create_server(
        application,
        **where,
        threads=threads or settings.PARADESK_SERVER_THREADS,
        ident="",
        max_request_body_size=settings.PARADESK_MAX_REQUEST_BODY_MB * 1024 * 1024,
    )


def unapplied_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def start_worker() -> subprocess.Popen[bytes]:
    # A session of its own: Ctrl+C in the terminal reaches only the server, which then
    # stops the worker once, gracefully, instead of the worker seeing the signal twice.
    return subprocess.Popen(
        [sys.executable, "-m", "paradesk.cli", "worker"], start_new_session=True
    )


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_GRACE)
    except subprocess.TimeoutExpired:
        log.warning("worker did not stop within %s s; killing it", WORKER_STOP_GRACE)
        worker.kill()
        worker.wait()


def _watch_worker(worker: subprocess.Popen[bytes], stopping: threading.Event) -> None:
    status = worker.wait()
    if not stopping.is_set():
        log.error(
            "the worker exited with status %s; background jobs wait until one runs "
            "again (start one with `paradesk worker`)",
            status,
        )


def _stop_serving(signum: int, frame: FrameType | None) -> None:
    # waitress ends its loop cleanly on KeyboardInterrupt; SIGTERM would otherwise kill
    # the process at once and leave the worker running.
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serves Paradesk on waitress and runs a background worker beside it."
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a worker (run `paradesk worker` elsewhere).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                f"The database has {len(pending)} unapplied migration(s) "
                f"({', '.join(pending[:5])}{', ...' if len(pending) > 5 else ''}). "
                "Run `paradesk migrate` first, then start the server again."
            )
        self.serve(
            host=str(options["host"]),
            port=int(options["port"]),
            with_worker=not options["no_worker"],
        )

    def serve(
        self, *, host: str, port: int, with_worker: bool, banner: str = ""
    ) -> None:
        """Binds host:port, starts the worker, prints `banner`, serves until stopped."""
        # Static files come from the apps through WhiteNoise's finders; it still warns
        # at start-up when STATIC_ROOT is missing, so give it the (empty) folder.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        from paradesk.wsgi import application

        # Read events a previous server left queued (killed before it appended them)
        # join the audit chain before anything else is served.
        added = readqueue.drain_abandoned()
        if added:
            log.info("%s queued read events joined the audit chain", added)
        # The server thread pool opens its own connections; this one is done.
        connection.close()
        try:
            server = create_web_server(application, host=host, port=port)
        except OSError as exc:
            raise CommandError(
                f"Cannot listen on {host}:{port} ({exc.strerror}). Is another server "
                "running there? Choose another port with --port."
            ) from exc
        worker = start_worker() if with_worker else None
        stopping = threading.Event()
        if worker is not None:
            threading.Thread(
                target=_watch_worker, args=(worker, stopping), daemon=True
            ).start()
        previous = signal.signal(signal.SIGTERM, _stop_serving)
        if banner:
            self.stdout.write(banner)
        self.stdout.write(
            f"Paradesk is serving on http://{host}:{port}/"
            + (" with a background worker" if worker else " (no worker)")
            + ". Press Ctrl+C to stop."
        )
        try:
            server.run()
        finally:
            # Nothing here writes to stdout before the worker is stopped: a terminal or
            # pipe that went away with Ctrl+C must not leave the worker running.
            signal.signal(signal.SIGTERM, previous)
            stopping.set()
            if worker is not None:
                log.info("stopping the worker")
                stop_worker(worker)
        self.stdout.write("Stopped.")
