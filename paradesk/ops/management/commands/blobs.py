"""`paradesk blobs check` and `paradesk blobs prune`: the store against the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from paradesk.core.storage import StorageError
from paradesk.ops.blobs import check_blobs, prune_blobs


class Command(BaseCommand):
    help = (
        "Blob store chores. `check`: every referenced blob exists and decrypts to its "
        "hash (exit 1 otherwise). `prune`: remove old blobs no row references."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "check",
            help=(
                "Read every blob a row (a document or template version) references "
                "and prove it decrypts to its SHA-256; list bad ones by row and hash."
            ),
        )
        prune = actions.add_parser(
            "prune",
            help=(
                "Remove blobs that no row references and that were "
                "stored before the grace period."
            ),
        )
        prune.add_argument(
            "--grace-days",
            type=int,
            default=7,
            metavar="N",
            help=(
                "keep unreferenced blobs stored in the last N days (at least 1): an "
                "upload writes its blob before its row commits (default %(default)s)"
            ),
        )
        prune.add_argument(
            "--dry-run",
            action="store_true",
            help="count what would be removed and remove nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "check":
                self._check()
            else:
                self._prune(
                    grace=timedelta(days=options["grace_days"]),
                    dry_run=options["dry_run"],
                )
        except StorageError as exc:
            raise CommandError(str(exc)) from exc

    def _check(self) -> None:
        report = check_blobs()
        summary = (
            f"{report.versions} versions, {report.blobs_checked} blobs referenced, "
            f"{report.unreferenced} unreferenced"
        )
        if report.ok:
            self.stdout.write(
                f"blobs intact: {summary}; every one decrypts to its hash"
            )
            return
        for bad in report.bad:
            self.stderr.write(f"{bad.row} blob {bad.sha256}: {bad.reason}")
        self.stderr.write(f"blobs BAD: {len(report.bad)} versions affected; {summary}")
        raise SystemExit(1)

    def _prune(self, *, grace: timedelta, dry_run: bool) -> None:
        report = prune_blobs(grace=grace, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        if report.recovered:
            self.stdout.write(
                f"put back {report.recovered} blobs an interrupted prune had set aside"
            )
        self.stdout.write(
            f"{report.stored} blobs stored: {verb} {report.removed} unreferenced, "
            f"kept {report.referenced} referenced and {report.within_grace} stored "
            f"in the last {grace.days} days"
        )
