"""The `paradesk` command: our management commands and Django's, with the home prepared.

`paradesk demo`, `paradesk serve`, `paradesk worker`, `paradesk audit verify`,
`paradesk demo-code USER`, `paradesk load-demo-firm`, and every Django command
(`paradesk migrate`, ...). Hyphenated names map to the management command with
underscores.

The engine verbs run an engine alone: no Django, no database and no PARADESK_HOME, so
they work on any machine with the package installed (`lint-imports` holds them to it).
One module per verb family: `cli/pages.py` (`paradesk pages FILE [--json]`),
`cli/chronology.py` (`paradesk chronology`, `eval`, `corpus`) and `cli/draft.py`
(`paradesk draft`); `cli/home.py` prepares the home for every other verb.

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

__all__ = ["ENGINE_VERBS", "main", "prepare_home", "run_engine_verb", "set_demo_mode"]

ENGINE_VERBS = frozenset({"pages", "chronology", "eval", "corpus", "draft"})


def run_engine_verb(verb: str, argv: list[str]) -> int:
    """Runs one of ENGINE_VERBS and returns its exit status.

    Its module is imported only now, so the Django verbs never load the engines'
    commands, and one engine verb never loads another's.
    """
    if verb == "pages":
        from paradesk.cli.pages import pages

        return pages(argv)
    if verb == "draft":
        from paradesk.cli.draft import draft

        return draft(argv)
    from paradesk.cli import chronology

    commands = {
        "chronology": chronology.chronology,
        "eval": chronology.eval_command,
        "corpus": chronology.corpus_command,
    }
    return commands[verb](argv)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in ENGINE_VERBS:
        # Before the home and Django: an engine verb needs neither.
        sys.exit(run_engine_verb(args[1], args[2:]))
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
