"""`python -m paradesk.cli`: the `paradesk` command (how `serve` starts its worker)."""

from paradesk.cli import main

main()
