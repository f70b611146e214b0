"""`paradesk load-demo-firm`: load the fictional demo firm once (later runs: no-op)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from paradesk.ops.demo import DemoError, load_demo_firm


class Command(BaseCommand):
    help = "Loads the demo firm into an empty database; does nothing if it is there."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_demo_firm()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if loaded.created:
            self.stdout.write(
                f"Demo firm loaded: {len(loaded.people)} people, 2 matters."
            )
        else:
            self.stdout.write("The demo firm is already loaded; nothing changed.")
