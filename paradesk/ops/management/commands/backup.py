"""`paradesk backup DEST`: one encrypted, consistent archive of database and blobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paradesk.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one consistent, encrypted snapshot of the database and every blob to "
        "DEST (a new file, mode 0600) while the app runs. Restoring it needs the "
        "master key: keep the key apart from the backups."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="the archive to create")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = create_backup(options["dest"], say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup written: {summary.path} ({summary.vendor} database, "
            f"{summary.blobs} blobs, master key {summary.key_id})"
        )
