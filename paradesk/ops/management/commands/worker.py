"""`paradesk worker`: run background jobs, with a heartbeat that /healthz reads."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from paradesk.ops.worker import run_worker


class Command(BaseCommand):
    help = "Runs background jobs until stopped (SIGTERM or Ctrl+C stop it cleanly)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to process, comma-separated; '*' (the default) for all.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait between polls of an empty queue (default 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the jobs already queued, then exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run_worker(
            heartbeat_seconds=settings.PARADESK_WORKER_HEARTBEAT_SECONDS,
            queue_names=str(options["queue_name"]).split(","),
            interval=float(options["interval"]),
            batch=bool(options["batch"]),
        )
