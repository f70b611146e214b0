"""`paradesk audit verify`: check every link of the audit chain."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from paradesk.core.audit import verify_chain


class Command(BaseCommand):
    help = "Audit log chores. `verify`: exit 0 if the chain is intact, else 1."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify", help="Check every event's hash and link, in order."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if result.broken is None:
            self.stdout.write(
                f"audit chain intact: {result.checked} events, head {result.head_hash}"
            )
            return
        broken = result.broken
        self.stderr.write(
            f"audit chain BROKEN at event #{broken.seq} (id {broken.event_id}): "
            f"{broken.reason}"
        )
        raise SystemExit(1)
