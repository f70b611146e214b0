"""`paradesk keys rotate`: re-wrap every blob's data key under a new master key."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paradesk.core.keys import MasterKeyError
from paradesk.core.storage import StorageError
from paradesk.ops.blobs import DEFAULT_SETTLE, rotate_master_key

ROTATE_HELP = """\
Re-wrap every blob's data key under the current master key, while the app runs.
Only each blob's 69-byte header is rewritten (temporary file, fsync, rename); content
is never re-encrypted. Readers open blobs under the current or the previous key, so
nothing goes offline. Interrupted, it can simply be run again.

With the default key file (PARADESK_HOME/master.key, neither variable set), this
command makes the new key itself: it keeps the old one as master.key.old, renames a
new key over master.key (every process picks it up at its next use), re-wraps, and
deletes master.key.old once no blob needs it.

With your own key (recommended in production):
  1. Generate a key: python3 -c "import base64, secrets;
     print(base64.b64encode(secrets.token_bytes(32)).decode())"
  2. On every web and worker process, put the OLD key in PARADESK_MASTER_KEY_OLD_FILE
     (or PARADESK_MASTER_KEY_OLD) and the NEW key in PARADESK_MASTER_KEY_FILE (or
     PARADESK_MASTER_KEY). Key files are read at each use: with both _FILE variables
     already set (a missing old-key file means "no old key"), copy the old key to
     the old-key file first, then replace the key file; no restart. Changed
     variables need every process restarted: to avoid failed reads during a rolling
     restart, first restart all with the NEW key as PARADESK_MASTER_KEY_OLD, then
     again with the keys swapped (docs/security.md, "Rotating the master key").
  3. Run `paradesk keys rotate` with the same environment. Run it again once every
     process uses the new key: it must report 0 re-wrapped.
  4. Remove the old key from the processes' environment. Keep it, offline, as long
     as you keep backups made before the rotation: they open only with it.
"""


class Command(BaseCommand):
    help = "Master key chores. `rotate`: re-wrap every blob under the current key."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rotate: ArgumentParser = actions.add_parser(
            "rotate",
            help="Re-wrap every blob's data key under the new master key.",
            description=ROTATE_HELP,
            formatter_class=RawDescriptionHelpFormatter,
        )
        rotate.add_argument(
            "--settle-seconds",
            type=int,
            default=int(DEFAULT_SETTLE.total_seconds()),
            metavar="N",
            help=(
                "with the default key file: how long after the switch to wait before "
                "deleting master.key.old, so an upload that read the old key just "
                "before the switch is re-wrapped too (default %(default)s)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = rotate_master_key(
                settle=timedelta(seconds=max(0, options["settle_seconds"]))
            )
        except (MasterKeyError, StorageError) as exc:
            raise CommandError(str(exc)) from exc
        previous = ", ".join(report.previous_key_ids) or "none configured"
        self.stdout.write(
            f"master key {report.new_key_id} (previous: {previous}): "
            f"{report.blobs} blobs, {report.rewrapped} re-wrapped, "
            f"{report.already_current} already under the current key, "
            f"{len(report.failed)} failed"
        )
        for sha256, reason in sorted(report.failed.items()):
            self.stderr.write(f"blob {sha256}: {reason}")
        if report.failed:
            self.stderr.write(
                "rotation NOT finished: the blobs above still need their key. Fix the "
                "configuration and run `paradesk keys rotate` again."
            )
            raise SystemExit(1)
        if report.old_key_released:
            self.stdout.write(
                "rotation finished: master.key.old deleted; every blob is under the "
                "new key"
            )
        elif report.previous_key_ids:
            self.stdout.write(
                "every blob is under the new key. Once every process runs with the new "
                "key, run this again; when it re-wraps 0, remove the old key from the "
                "environment (keep it offline for older backups)."
            )
