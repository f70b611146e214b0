"""Keeping the blob store and the database in step: check, prune, rotate the key.

The database says which blobs must exist (every row's `BlobField`, found by
`paradesk.core.blobrefs`); the store says which do. `check_blobs` proves the first set
is all there and intact, `prune_blobs` removes what is in the second but not the first
once it is old enough, and `rotate_master_key` re-wraps every blob's data key under a
new master key. All three run beside the live app: none takes the store or the
database offline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from paradesk.core.blobrefs import is_referenced, referenced_among, referencing_rows
from paradesk.core.keys import (
    KeyRing,
    begin_home_rotation,
    finish_home_rotation,
    home_key_in_use,
    master_keyring,
)
from paradesk.core.storage import BlobMissingError, StorageError, get_store

# How long a process may keep using the key it read before sealing a blob with it:
# reading the key, encrypting and writing the largest upload. Only after this long
# since the new home key took over can no blob sealed under the old one still appear.
DEFAULT_SETTLE = timedelta(seconds=10)


@dataclass(frozen=True)
class BadBlob:
    """A referenced blob that is missing or does not decrypt to its hash."""

    row: str  # the referencing row, "document version 12"
    sha256: str
    reason: str


@dataclass(frozen=True)
class CheckReport:
    versions: int
    blobs_checked: int
    unreferenced: int
    bad: list[BadBlob]

    @property
    def ok(self) -> bool:
        return not self.bad


def check_blobs() -> CheckReport:
    """Reads every referenced blob through the store, which verifies tag and hash."""
    store = get_store()
    verdicts: dict[str, str | None] = {}
    bad: list[BadBlob] = []
    versions = 0
    for row in referencing_rows():
        versions += 1
        if row.sha256 not in verdicts:
            verdicts[row.sha256] = _verdict(row.sha256)
        reason = verdicts[row.sha256]
        if reason is not None:
            bad.append(
                BadBlob(row=f"{row.label} {row.pk}", sha256=row.sha256, reason=reason)
            )
    unreferenced = sum(1 for name in store.iter_keys() if name not in verdicts)
    return CheckReport(
        versions=versions,
        blobs_checked=len(verdicts),
        unreferenced=unreferenced,
        bad=bad,
    )


def _verdict(sha256: str) -> str | None:
    try:
        get_store().read(sha256)
    except BlobMissingError:
        return "missing from the store"
    except StorageError as exc:
        # The store's messages name only the hash and key ids, never a file name.
        return str(exc).removeprefix(f"Blob {sha256} ")
    return None


@dataclass(frozen=True)
class PruneReport:
    stored: int
    referenced: int
    within_grace: int
    removed: int
    dry_run: bool
    recovered: int = 0


def prune_blobs(*, grace: timedelta, dry_run: bool = False) -> PruneReport:
    """Removes blobs no row references that were stored before the grace period.

    The grace period is what makes this safe beside uploads: an upload writes (or, for
    content already stored, refreshes the mtime of) its blob before committing the
    row that references it, so a blob without a row may belong to an upload that has
    not committed yet. Such a blob is younger than the grace period, so it stays. The
    store re-checks age and references once the blob is set aside (see
    `delete_if_unreferenced`), which also covers an upload landing mid-prune.
    """
    if grace < timedelta(days=1):
        raise StorageError("The grace period must be at least one day.")
    store = get_store()
    recovered = 0 if dry_run else store.recover_pruning()
    cutoff = datetime.now(UTC) - grace
    stored = 0
    old: list[str] = []
    for name in store.iter_keys():
        stored += 1
        try:
            if store.stored_at(name) < cutoff:
                old.append(name)
        except BlobMissingError:
            continue
    referenced = referenced_among(old)
    removed = 0
    for name in old:
        if name in referenced:
            continue
        if dry_run:
            removed += 1
            continue
        if store.delete_if_unreferenced(
            name, stored_before=cutoff, is_referenced=is_referenced
        ):
            removed += 1
    return PruneReport(
        stored=stored,
        referenced=len(referenced),
        within_grace=stored - len(old),
        removed=removed,
        dry_run=dry_run,
        recovered=recovered,
    )


@dataclass
class RotationReport:
    new_key_id: str
    previous_key_ids: list[str]
    blobs: int = 0
    rewrapped: int = 0
    already_current: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    old_key_released: bool = False
    home_key: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


def rotate_master_key(
    *,
    settle: timedelta = DEFAULT_SETTLE,
    sleep: Callable[[float], None] = time.sleep,
) -> RotationReport:
    """Re-wraps every blob's data key under the current master key.

    With the home key file, first replaces that key (keeping the old one as
    `master.key.old` until no blob needs it). Otherwise the operator has already put
    the new key in PARADESK_MASTER_KEY(_FILE) and the old one in
    PARADESK_MASTER_KEY_OLD(_FILE). Each header is rewritten atomically and readers
    hold both keys meanwhile, so nothing goes offline; run again after an
    interruption, it re-wraps only what is left.
    """
    home = home_key_in_use()
    switched_at = begin_home_rotation().switched_at if home else None
    keys = master_keyring()
    report = RotationReport(
        new_key_id=keys.current.key_id_hex,
        previous_key_ids=[key.key_id_hex for key in keys.previous],
        home_key=home,
    )
    deadline = switched_at + settle if switched_at is not None else None
    while True:
        report.failed.clear()
        rewrapped = _rewrap_pass(report, keys)
        report.rewrapped += rewrapped
        if rewrapped:
            # Another pass catches blobs a process sealed under the old key while
            # this one ran: the store is done once a whole pass changes nothing.
            continue
        if deadline is None or report.failed:
            break
        wait = (deadline - datetime.now(UTC)).total_seconds()
        if wait <= 0:
            break
        sleep(wait)
        deadline = None
    report.already_current = max(
        0, report.blobs - report.rewrapped - len(report.failed)
    )
    if home and report.ok:
        finish_home_rotation()
        report.old_key_released = True
    return report


def _rewrap_pass(report: RotationReport, keys: KeyRing) -> int:
    store = get_store()
    blobs = rewrapped = 0
    for name in store.iter_keys():
        try:
            changed = store.rewrap(name, keys)
        except BlobMissingError:
            # Pruned since it was listed.
            continue
        except StorageError as exc:
            report.failed[name] = str(exc).removeprefix(f"Blob {name} ")
            blobs += 1
            continue
        blobs += 1
        rewrapped += changed
    report.blobs = blobs
    return rewrapped
