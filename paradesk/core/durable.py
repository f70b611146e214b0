"""Making a new or renamed file survive a crash: the folder's entry is synced too."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Flushes folder `path` to disk, so a file just created, linked or renamed in it
    is still there after a power loss (fsync of the file alone does not promise it).

    Raises:
        OSError: the folder cannot be opened or synced.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
