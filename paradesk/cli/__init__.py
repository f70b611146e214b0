"""The `paradesk` command: our management commands and Django's, with the home prepared.

`paradesk demo`, `paradesk serve`, `paradesk worker`, `paradesk audit verify`,
`paradesk demo-code USER`, `paradesk load-demo-firm`, and every Django command
(`paradesk migrate`, ...). Hyphenated names map to the management command with
underscores.

`paradesk pages FILE [--json]` runs the pages engine alone: no Django, no database,
and no PARADESK_HOME, so it works on any machine with the package installed; so do
`paradesk chronology`, `paradesk eval`, `paradesk corpus` and `paradesk draft`
(paradesk.cli_engines). One module per verb family: `cli/home.py` prepares the
home, `cli/pages.py` reads files.

Demo mode (PARADESK_DEMO) is decided here, before Django reads its settings: `paradesk
demo` always runs in it, and so does every command run against a home where the demo
firm was loaded (its marker file is there), so the worker, a second terminal's
`paradesk demo-code` and a later `paradesk serve` of that home agree. An explicit
PARADESK_DEMO in the environment wins, except for `paradesk demo` itself.
"""

from __future__ import annotations

import os
import sys

from paradesk.cli.home import prepare_home, set_demo_mode
from paradesk.cli.pages import pages

__all__ = ["main", "prepare_home", "set_demo_mode"]


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
