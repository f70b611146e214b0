"""Read events on their way into the audit chain: queued durably, appended in batches.

Every view and download of client data is an audit event, and appending to the chain
takes its lock (the database's write lock on SQLite, an advisory lock on PostgreSQL).
Taken by every read in every request thread, that lock queued readers behind each
other. Instead, a request thread writes its read event as one line to this process's
journal file (one `write` to a file opened for appending: no database, no lock held
across threads for longer than the system call) before its response is sent, and the
process appends what its journal holds to the chain, many events per transaction,
once the response is out (`drain_soon`, from the request-finished hook in
`paradesk.core.apps`).

What survives what (stated in docs/security.md):
- The line is in the kernel before the response leaves, so killing the process loses
  nothing: a journal whose process died is appended by the next `drain_abandoned`
  (`paradesk serve` and `paradesk worker` at start, `paradesk audit verify`, the audit
  page and API). A power cut may lose the lines the kernel had not yet written to disk
  and the process had not yet appended (normally milliseconds' worth).
- Each journal's progress (its offset) is stored in `AuditQueueMark` in the same
  transaction as the events it appended: a line is appended exactly once, in journal
  order, however often a drain is interrupted.

Only the process that writes a journal reads it while it lives (it knows which lines
are whole); a journal is read by another process only once the `flock` its writer
held is free, that is once the writer has died.
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import json
import logging
import os
import secrets
import socket
import threading
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from paradesk.core import audit
from paradesk.core.models import AuditQueueMark

log = logging.getLogger(__name__)

_SUFFIX = ".jsonl"
# Lines appended per transaction: one lock and one commit for many reads.
_BATCH_LINES = 1000
_READ_CHUNK = 1 << 20
# A journal this long, once all of it is in the chain, is removed and a new one begun,
# so a long-lived process does not keep every read it ever served on disk.
ROTATE_BYTES = 16 << 20


class _Journal:
    """This process's journal: its file, open for appending, and its whole length."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        host = "".join(c for c in socket.gethostname() if c.isalnum() or c in "-.")
        self.name = f"{host[:40]}-{os.getpid()}-{secrets.token_hex(4)}{_SUFFIX}"
        self.path = folder / self.name
        self.folder = folder
        self.pid = os.getpid()
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        self.fd = os.open(self.path, flags, 0o600)
        # Held for the life of the process: another process that gets it knows the
        # writer is gone and may append (and then remove) what is left.
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.written = 0

    def write(self, line: bytes) -> None:
        view = memoryview(line)
        while view:
            done = os.write(self.fd, view)
            view = view[done:]
        self.written += len(line)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


# One journal per process and folder; `_writing` orders its lines and its length.
_writing = threading.Lock()
_journal: _Journal | None = None
# Drains of this process's own journal, one at a time (see `drain_soon`).
_draining = threading.Lock()
_requested = False


# Set while a request is being answered: its reads are queued, not appended in place.
_in_request: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "paradesk_reads_queued", default=False
)


@contextlib.contextmanager
def queued_reads() -> Iterator[None]:
    """Within this block (a request), `record_read` queues instead of appending."""
    token = _in_request.set(True)
    try:
        yield
    finally:
        _in_request.reset(token)


def queuing() -> bool:
    return _in_request.get()


def queue_folder() -> Path:
    return Path(settings.PARADESK_AUDIT_QUEUE_DIR)


def _own_journal() -> _Journal:
    """This process's journal, opened on first use (again after a fork)."""
    global _journal
    folder = queue_folder()
    current = _journal
    if current is not None and current.pid == os.getpid() and current.folder == folder:
        return current
    if current is not None and current.pid == os.getpid():
        current.close()
    _journal = _Journal(folder)
    return _journal


def enqueue(entry: audit.Entry) -> None:
    """Writes one read event to this process's journal; it is durable on return.

    Raises:
        OSError: the journal cannot be written (the read must then fail too).
    """
    global _requested
    line = journal_line(entry)
    with _writing:
        _own_journal().write(line)
        _requested = True


def journal_line(entry: audit.Entry) -> bytes:
    """One event as its journal holds it: a line of JSON."""
    fields = asdict(entry)
    fields["at"] = entry.at.isoformat()
    text = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def drain_soon() -> None:
    """Appends this process's queued read events to the chain, unless a drain of this
    process is already under way (that one goes round again: see `_requested`).

    Never raises: a failed drain leaves the lines in the journal for the next one.
    """
    global _requested
    while _requested:
        if not _draining.acquire(blocking=False):
            # The thread holding it checks `_requested` again after releasing it,
            # and this thread set it before trying: nothing is left behind.
            return
        try:
            _requested = False
            _drain_own()
        except Exception:
            log.exception("appending queued read events failed; they stay queued")
            return
        finally:
            _draining.release()


def _drain_own() -> None:
    with _writing:
        journal = _journal
        # A journal opened before a fork, or in a folder since moved (tests), is not
        # this process's to read.
        if (
            journal is None
            or journal.pid != os.getpid()
            or journal.folder != queue_folder()
        ):
            return
        end = journal.written
    _drain_file(journal.path, journal.name, end=end)
    if end >= ROTATE_BYTES:
        _rotate(journal, end)


def _rotate(journal: _Journal, end: int) -> None:
    """Begins a new journal if the old one is wholly chained; then removes the old."""
    global _journal
    with _writing:
        if _journal is not journal or journal.written != end:
            return  # written to since: its new lines go first, rotate next time
        _journal = _Journal(journal.folder)
    journal.close()
    with transaction.atomic():
        journal.path.unlink(missing_ok=True)
        AuditQueueMark.objects.filter(journal=journal.name).delete()


def drain_abandoned() -> int:
    """Appends the journals of processes that died, removes them; returns events added.

    This process's own journal is drained too.
    """
    _drain_own()
    added = 0
    folder = queue_folder()
    if not folder.is_dir():
        return 0
    own = _journal.name if _journal is not None else ""
    for path in sorted(folder.glob(f"*{_SUFFIX}")):
        if path.name == own:
            continue
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its writer lives and drains it itself
            end = os.fstat(fd).st_size
            added += _drain_file(path, path.name, end=end)
            with transaction.atomic():
                path.unlink(missing_ok=True)
                AuditQueueMark.objects.filter(journal=path.name).delete()
        finally:
            os.close(fd)
    return added


def _drain_file(path: Path, name: str, *, end: int) -> int:
    """Appends the whole lines of `path` before byte `end` not appended yet."""
    added = 0
    while True:
        with transaction.atomic():
            audit.lock_chain()
            mark, _ = AuditQueueMark.objects.get_or_create(journal=name)
            if mark.offset >= end:
                return added
            entries, consumed = _read_lines(path, mark.offset, end)
            if not entries:
                return added
            audit.append(entries)
            mark.offset += consumed
            mark.save(update_fields=["offset"])
        added += len(entries)
        if mark.offset >= end:
            # Done: no second transaction (on SQLite, a second write lock) to find
            # nothing more.
            return added


def _read_lines(path: Path, start: int, end: int) -> tuple[list[audit.Entry], int]:
    """Up to `_BATCH_LINES` whole lines from `start`, and the bytes they took."""
    entries: list[audit.Entry] = []
    consumed = 0
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(min(end - start, _READ_CHUNK))
    for raw in data.splitlines(keepends=True):
        if not raw.endswith(b"\n") or len(entries) >= _BATCH_LINES:
            break  # a line its writer did not finish: never answered, never counted
        consumed += len(raw)
        entries.append(_entry(raw))
    if not entries and end - start > 0 and consumed == 0 and len(data) == _READ_CHUNK:
        raise ValueError(f"a line longer than {_READ_CHUNK} bytes in {path.name}")
    return entries, consumed


def _entry(raw: bytes) -> audit.Entry:
    fields = json.loads(raw)
    fields["at"] = datetime.fromisoformat(fields["at"])
    return audit.Entry(**fields)
