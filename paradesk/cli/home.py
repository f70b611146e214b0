"""The home folder every Django command runs against, prepared before Django starts."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from paradesk.core.home import DEMO_MARKER_NAME


def prepare_home() -> Path:
    """Creates PARADESK_HOME (owner-only), its upload spool and secret key if absent."""
    home = Path(os.environ.get("PARADESK_HOME", "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    # Django spools large uploads here in plaintext (settings.FILE_UPLOAD_TEMP_DIR).
    spool = home / "tmp"
    spool.mkdir(exist_ok=True)
    spool.chmod(0o700)
    key_file = home / "secret_key"
    if not key_file.exists() and not os.environ.get("PARADESK_SECRET_KEY"):
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
    os.environ["PARADESK_HOME"] = str(home)
    return home


def set_demo_mode(command: str, home: Path) -> None:
    if command == "demo":
        os.environ["PARADESK_DEMO"] = "1"
    elif (home / DEMO_MARKER_NAME).exists():
        os.environ.setdefault("PARADESK_DEMO", "1")


def cache_dir() -> Path:
    """Where public reference tables (ICD-10-CM) are cached: PARADESK_CACHE_DIR, else
    $XDG_CACHE_HOME/paradesk, else ~/.cache/paradesk (settings.py reads the same for
    the app; the engine commands run without Django)."""
    explicit = os.environ.get("PARADESK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "paradesk"
