"""The background worker: django-tasks-db's queue loop plus a heartbeat.

`paradesk worker` runs `run_worker`. The heartbeat row says "this process is alive"
every PARADESK_WORKER_HEARTBEAT_SECONDS; /healthz calls the worker "ok" while one row is
fresh, and jobs running in a worker whose row went stale were cut off. Each beat also
sweeps for such jobs (`jobs.sweep_interrupted_work`), so a killed worker's work is
queued again or marked failed while the other workers run. A clean stop (SIGTERM,
SIGINT) removes the row, so a stopped worker shows as absent at once instead of after
the freshness window.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from types import FrameType

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from paradesk.core import jobs, readqueue
from paradesk.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def worker_name() -> str:
    """`host:pid`, unique among the workers sharing one database."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Heartbeat:
    """Upserts this process's WorkerHeartbeat row on a daemon thread until stopped."""

    def __init__(self, *, name: str, every_seconds: float) -> None:
        self.name = name
        self.every_seconds = every_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._loop, name="paradesk-heartbeat", daemon=True
        )

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            name=self.name, defaults={"pid": os.getpid(), "seen_at": timezone.now()}
        )

    def tick(self) -> None:
        """One beat, then one sweep for work that stopped workers left behind."""
        self.beat()
        # Read events left queued on this machine by a web process that died.
        readqueue.drain_abandoned()
        swept = jobs.sweep_interrupted_work()
        if swept:
            log.info("worker %s found %s interrupted job(s)", self.name, swept)

    def start(self) -> None:
        # The first tick is synchronous so /healthz sees the worker as soon as it runs,
        # and a database that refuses writes stops the worker before it claims a task.
        self.tick()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every_seconds + 5)
        WorkerHeartbeat.objects.filter(name=self.name).delete()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.every_seconds):
                # The thread has its own connection; drop it if the server went away.
                close_old_connections()
                try:
                    self.tick()
                except Exception:
                    # A database hiccup must not kill the heartbeat: the next beat
                    # retries, and /healthz says "absent" meanwhile, which is true.
                    log.exception("worker heartbeat failed")
        finally:
            connection.close()


def run_worker(
    *,
    heartbeat_seconds: float,
    queue_names: list[str],
    interval: float = 1.0,
    batch: bool = False,
    backend_name: str = "default",
) -> None:
    """Runs the task queue until SIGTERM or SIGINT (with `batch`: until it is empty)."""
    name = worker_name()
    heartbeat = Heartbeat(name=name, every_seconds=heartbeat_seconds)
    worker = Worker(
        queue_names=queue_names,
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        # db_worker limits ids to 64 characters; a long host name is cut, the pid kept.
        worker_id=name[-64:],
        excluded_queue_names=[],
    )
    previous = {sig: signal.getsignal(sig) for sig in _STOP_SIGNALS}

    def stop(signum: int, frame: FrameType | None) -> None:
        # db_worker's own handler raises SystemExit wherever the main thread is, which
        # can be in the middle of BEGIN on SQLite and leave the connection inside a
        # transaction. Ours only clears the flag: the loop ends after the job in hand,
        # or after at most `interval` seconds of waiting for one.
        if not worker.running:
            log.warning(
                "worker %s: second stop signal, abandoning the job in hand", name
            )
            raise SystemExit(1)
        log.info("worker %s stopping", name)
        worker.running = False

    # Signals are taken over before the first beat, so a stop during start-up is clean.
    for sig in _STOP_SIGNALS:
        signal.signal(sig, stop)
    jobs.set_current_worker(name)
    try:
        heartbeat.start()
        log.info("worker %s started", name)
        worker.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        # A forced stop may have interrupted a query; the row is deleted afresh.
        connection.close()
        heartbeat.stop()
        jobs.set_current_worker("")
        log.info("worker %s stopped", name)
