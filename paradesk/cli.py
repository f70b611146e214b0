"""The `paradesk` command: our management commands and Django's, with the home prepared.

`paradesk demo`, `paradesk serve`, `paradesk worker`, `paradesk audit verify`,
`paradesk demo-code USER`, `paradesk load-demo-firm`, and every Django command
(`paradesk migrate`, ...). Hyphenated names map to the management command with
underscores.

Demo mode (PARADESK_DEMO) is decided here, before Django reads its settings: `paradesk
demo` always runs in it, and so does every command run against a home where the demo
firm was loaded (its marker file is there), so the worker, a second terminal's
`paradesk demo-code` and a later `paradesk serve` of that home agree. An explicit
PARADESK_DEMO in the environment wins, except for `paradesk demo` itself.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

# Written into PARADESK_HOME by the demo loader (paradesk.core.demo), listing its users.
DEMO_MARKER_NAME = "demo-firm.json"


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


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paradesk.settings")
    home = prepare_home()
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        set_demo_mode(args[1], home)
    args[0] = "paradesk"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
