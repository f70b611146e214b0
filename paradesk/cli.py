"""The `paradesk` command: our management commands and Django's, with the home prepared.

`paradesk demo`, `paradesk serve`, `paradesk worker`, `paradesk audit verify`,
`paradesk demo-code USER`, `paradesk load-demo-firm`, and every Django command
(`paradesk migrate`, ...). Hyphenated names map to the management command with
underscores.

`paradesk pages FILE [--json]` runs the pages engine alone: no Django, no database,
and no PARADESK_HOME, so it works on any machine with the package installed; so do
`paradesk chronology`, `paradesk eval`, `paradesk corpus` and `paradesk draft`
(paradesk.cli_engines).

Demo mode (PARADESK_DEMO) is decided here, before Django reads its settings: `paradesk
demo` always runs in it, and so does every command run against a home where the demo
firm was loaded (its marker file is there), so the worker, a second terminal's
`paradesk demo-code` and a later `paradesk serve` of that home agree. An explicit
PARADESK_DEMO in the environment wins, except for `paradesk demo` itself.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paradesk.engines.pages import Extraction

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


def pages(argv: list[str]) -> int:
    """`paradesk pages FILE [--json]`: a file's text page by page, on stdout.

    Exit status 2 with one line on stderr when the file cannot be read; a page that
    failed alone (time or pixel limit) is named on stderr and the rest still print.
    """
    parser = argparse.ArgumentParser(
        prog="paradesk pages",
        description="Print a file's text page by page (PDF, Word, image, e-mail).",
    )
    parser.add_argument("file", help="the file to read")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"pages": [{"number", "text", "method", "confidence"}, ...]}',
    )
    options = parser.parse_args(argv)
    # Imported here so the Django commands never pay for PDFium and Pillow.
    from paradesk.engines.pages import UnreadableError, read_pages

    try:
        extraction = read_pages(Path(options.file))
    except UnreadableError as exc:
        return _unreadable(options.file, exc.reason)
    except FileNotFoundError:
        return _unreadable(options.file, "not found")
    except IsADirectoryError:
        return _unreadable(options.file, "is a directory, not a file")
    except PermissionError:
        return _unreadable(options.file, "permission denied")
    except OSError as exc:
        return _unreadable(options.file, exc.strerror or "could not be read")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    if options.json:
        listed = [
            {
                "number": page.number,
                "text": page.text,
                "method": page.method,
                "confidence": page.confidence,
            }
            for page in extraction.pages
        ]
        print(json.dumps({"pages": listed}, ensure_ascii=False, indent=2))
    else:
        _print_pages(extraction, prefix="")
    for page in extraction.pages:
        if page.error:
            print(f"paradesk pages: page {page.number}: {page.error}", file=sys.stderr)
    return 0


def _unreadable(file: str, reason: str) -> int:
    print(f"paradesk pages: {file}: {reason}", file=sys.stderr)
    return 2


def _print_pages(extraction: Extraction, *, prefix: str) -> None:
    for page in extraction.pages:
        how: str = page.method
        if page.confidence is not None:
            how += f", confidence {page.confidence:.1f}"
        if page.error:
            how += f", failed: {page.error}"
        print(f"===== {prefix}page {page.number} ({how}) =====")
        print(page.text)
    for attachment in extraction.attachments:
        label = f"{prefix}{attachment.name} / "
        if attachment.extraction is None:
            print(
                f"===== {prefix}attachment {attachment.name}: {attachment.error} ====="
            )
            continue
        print(f"===== {prefix}attachment {attachment.name} =====")
        _print_pages(attachment.extraction, prefix=label)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "pages":
        # Before the home and Django: reading a file needs neither.
        sys.exit(pages(args[2:]))
    if len(args) > 1 and args[1] in ("chronology", "eval", "corpus", "draft"):
        from paradesk.cli_engines import COMMANDS

        sys.exit(COMMANDS[args[1]](args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paradesk.settings")
    # Everything Paradesk writes (the SQLite database and its WAL, the index, keys,
    # temporary uploads, backups) holds client data: owner-only from the start.
    os.umask(0o077)
    home = prepare_home()
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        set_demo_mode(args[1], home)
    args[0] = "paradesk"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
