"""Private working folders for plaintext client data (ingest copies, letters to PDF)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings


def temp_root() -> Path:
    """Where working folders go: FILE_UPLOAD_TEMP_DIR, else PARADESK_HOME/tmp.

    Never the system's /tmp: what goes there is plaintext client data, and the home is
    owner-only (and, per the deployment checklist, on an encrypted volume).
    """
    configured = settings.FILE_UPLOAD_TEMP_DIR
    root = Path(configured) if configured else Path(settings.PARADESK_HOME) / "tmp"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


@contextlib.contextmanager
def private_workdir(prefix: str) -> Iterator[Path]:
    """A folder under `temp_root` only this process's user can enter (0700), removed
    whatever happens.

    Raises:
        OSError: the folder could not be made.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=temp_root()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
