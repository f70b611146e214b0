"""`paradesk restore SRC`: bring a backup back into an empty home, then verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paradesk.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `paradesk backup` archive into an empty PARADESK_HOME and empty "
        "database, with the master key that made it: verify the manifest and every "
        "blob, restore blobs and database, verify the audit chain, rebuild search. "
        "Exit 1 if any step fails or the audit chain is broken."
    )
    # The database may not exist yet; nothing here needs the system checks.
    requires_system_checks: list[str] = []  # noqa: RUF012 (Django's own attribute)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="the archive to restore")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(options["src"], say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(f"restore refused or failed: {exc}") from exc
        if not summary.audit_ok:
            self.stderr.write("restore finished, but the audit chain does NOT verify")
            raise SystemExit(1)
        self.stdout.write("restore finished")
