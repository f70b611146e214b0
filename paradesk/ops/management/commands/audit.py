"""`paradesk audit verify`: check every link of the audit chain."""

from __future__ import annotations

import re
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand

from paradesk.core import readqueue
from paradesk.core.audit import check_anchor, verify_chain


def _anchor(value: str) -> tuple[int, str]:
    match = re.fullmatch(r"(\d+):([0-9a-f]{64})", value.strip())
    if match is None:
        raise ArgumentTypeError("expected SEQ:HASH as printed by an earlier verify")
    return int(match.group(1)), match.group(2)


class Command(BaseCommand):
    help = "Audit log chores. `verify`: exit 0 if the chain is intact, else 1."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser(
            "verify", help="Check every event's hash and link, in order."
        )
        verify.add_argument(
            "--expect-head",
            type=_anchor,
            metavar="SEQ:HASH",
            help=(
                "an anchor printed by an earlier verify and kept off this machine: "
                "that event must still be in the chain with that hash, which also "
                "detects deletion of the newest events"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        added = readqueue.drain_abandoned()
        if added:
            self.stdout.write(f"{added} queued read events joined the chain first")
        result = verify_chain()
        if result.broken is None and options.get("expect_head"):
            seq, expected = options["expect_head"]
            problem = check_anchor(seq, expected)
            if problem:
                self.stderr.write(f"audit chain BROKEN at event #{seq}: {problem}")
                raise SystemExit(1)
        if result.broken is None:
            self.stdout.write(
                f"audit chain intact: {result.checked} events, head {result.head_hash}"
            )
            if result.checked:
                self.stdout.write(
                    f"anchor: {result.checked}:{result.head_hash} (keep it elsewhere; "
                    "pass it to --expect-head later)"
                )
            return
        broken = result.broken
        self.stderr.write(
            f"audit chain BROKEN at event #{broken.seq} (id {broken.event_id}): "
            f"{broken.reason}"
        )
        raise SystemExit(1)
