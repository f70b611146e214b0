"""The `paradesk` command: our management commands and Django's, with the home prepared.

`paradesk demo`, `paradesk serve`, `paradesk worker`, `paradesk audit verify`,
`paradesk demo-code USER`, and every Django command (`paradesk migrate`, ...).
Hyphenated names map to the management command with underscores.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def prepare_home() -> Path:
    """Creates PARADESK_HOME (owner-only) and its secret key file on first use."""
    home = Path(os.environ.get("PARADESK_HOME", "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    home.chmod(0o700)
    key_file = home / "secret_key"
    if not key_file.exists() and not os.environ.get("PARADESK_SECRET_KEY"):
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
    os.environ["PARADESK_HOME"] = str(home)
    return home


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paradesk.settings")
    prepare_home()
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "paradesk"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
