"""Where the index lives on disk, who may write it, and how a rebuild is swapped in.

Layout under the root directory::

    <root>/writer.lock            held (flock) by the one process allowed to write
    <root>/v<SCHEMA_VERSION>/
        current -> g-<id>         symlink naming the live generation
        g-<id>/                   one complete tantivy index

A rebuild writes a new ``g-<id>`` beside the live one and replaces ``current`` with
``os.replace``, which is atomic on POSIX: a reader resolves the link to either the old
or the new generation, never to a half-built one. Everything is owner-only (0700
directories, 0600 files) because the index holds the text of client documents.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from .exceptions import IndexLockedError

POINTER = "current"
LOCK_FILE = "writer.lock"
_GENERATION_PREFIX = "g-"
_VERSION_PREFIX = "v"


@contextlib.contextmanager
def owner_only() -> Iterator[None]:
    """Create files and directories readable by the owner only while inside.

    The umask is process-wide; tightening it briefly can only make another thread's
    new files stricter, never looser.

    Yields:
        Nothing.
    """
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if needed and make it owner-only (0700).

    Args:
        path: The directory.
    """
    with owner_only():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)


def restrict_tree(path: Path) -> None:
    """Make every file under ``path`` 0600 and every directory 0700.

    tantivy writes merged segments from its own threads after the call that started
    them has returned, possibly outside ``owner_only``; this sweep catches those files.

    Args:
        path: The directory to sweep.
    """
    for directory, subdirs, files in os.walk(path):
        os.chmod(directory, 0o700)
        for name in subdirs:
            os.chmod(os.path.join(directory, name), 0o700, follow_symlinks=False)
        for name in files:
            full = os.path.join(directory, name)
            with contextlib.suppress(FileNotFoundError):
                if not os.path.islink(full):
                    os.chmod(full, 0o600)


class WriterLock:
    """An exclusive, non-blocking ``flock`` on ``<root>/writer.lock``.

    ``flock`` belongs to the open file, not the process, so a second writer is refused
    whether it is in another process or (by mistake) in the same one; the kernel drops
    the lock if the holder dies, so a crashed worker never leaves the index locked.

    Args:
        root: The index root directory.

    Raises:
        IndexLockedError: Another writer holds the lock.
    """

    def __init__(self, root: Path) -> None:
        path = root / LOCK_FILE
        with owner_only():
            self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise IndexLockedError(
                f"Another process is writing the search index in {root}; only one "
                "writer (the worker) may hold it at a time."
            ) from None

    def release(self) -> None:
        """Release the lock; releasing twice is harmless."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def version_dir(root: Path, schema_version: int) -> Path:
    """Return the directory holding every generation for one schema version.

    Args:
        root: The index root directory.
        schema_version: The schema version.

    Returns:
        ``<root>/v<schema_version>``.
    """
    return root / f"{_VERSION_PREFIX}{schema_version}"


def live_generation(versions: Path) -> Path | None:
    """Return the generation ``current`` points to, or None if there is none yet.

    Args:
        versions: A schema version directory.

    Returns:
        The live generation directory, or None.
    """
    try:
        target = os.readlink(versions / POINTER)
    except (FileNotFoundError, NotADirectoryError):
        return None
    generation = versions / target
    return generation if generation.is_dir() else None


def new_generation(versions: Path) -> Path:
    """Create an empty, owner-only directory for a new generation.

    Args:
        versions: A schema version directory.

    Returns:
        The new directory.
    """
    name = f"{_GENERATION_PREFIX}{time.time_ns():x}-{uuid.uuid4().hex[:8]}"
    generation = versions / name
    ensure_private_dir(generation)
    return generation


def publish(versions: Path, generation: Path) -> None:
    """Atomically make ``generation`` the live one.

    Args:
        versions: The schema version directory holding ``generation``.
        generation: The complete, committed generation to publish.
    """
    staging = versions / f".{POINTER}-{uuid.uuid4().hex}"
    os.symlink(generation.name, staging)
    os.replace(staging, versions / POINTER)
    descriptor = os.open(versions, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_stale(root: Path, keep: Path, *, other_versions: bool) -> None:
    """Delete every generation except ``keep`` (and other schema versions if asked).

    Only the writer-lock holder may call this. A reader still using a deleted
    generation keeps working on the files it has open and moves on at its next reload.

    Args:
        root: The index root directory.
        keep: The live generation directory.
        other_versions: Also delete the directories of other schema versions. Only
            after a rebuild: until then, processes still running the previous release
            keep searching their own version.
    """
    for versions in root.iterdir():
        if not versions.name.startswith(_VERSION_PREFIX) or not versions.is_dir():
            continue
        if versions != keep.parent:
            if other_versions:
                shutil.rmtree(versions, ignore_errors=True)
            continue
        for entry in versions.iterdir():
            if entry.name.startswith(_GENERATION_PREFIX) and entry != keep:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith(f".{POINTER}-"):
                entry.unlink(missing_ok=True)
