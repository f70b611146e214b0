"""`paradesk demo`: migrate, load the demo firm, say how to sign in, then serve."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.shortcuts import resolve_url

from paradesk.ops.demo import DEMO_PASSWORD, DemoError, LoadedDemo, load_demo_firm
from paradesk.ops.management.commands import serve


class Command(serve.Command):
    help = (
        "Runs the demo firm on this machine: web server and worker, SQLite by default."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PARADESK_DEMO:
            raise CommandError(
                "Demo mode is off in this process: start the demo with `paradesk demo`."
            )
        self.stdout.write(
            f"Preparing the demo database in {settings.PARADESK_HOME} ..."
        )
        call_command("migrate", interactive=False, verbosity=0)
        try:
            loaded = load_demo_firm()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        host, port = str(options["host"]), int(options["port"])
        self.serve(
            host=host,
            port=port,
            with_worker=True,
            banner=self.sign_in_guide(loaded, host=host, port=port),
        )

    def sign_in_guide(self, loaded: LoadedDemo, *, host: str, port: int) -> str:
        url = f"http://{host}:{port}{resolve_url(settings.LOGIN_URL)}"
        command = "paradesk demo-code USERNAME"
        if Path(settings.PARADESK_HOME) != Path("var").resolve():
            command = f"PARADESK_HOME={settings.PARADESK_HOME} {command}"
        width = max(len(p.username) for p in loaded.people)
        rows = [
            f"    {p.username:<{width}}  {p.role_label:<13}  "
            f"{p.first_name} {p.last_name}: {p.about}"
            for p in loaded.people
        ]
        lines = [
            "",
            "The demo firm is " + ("loaded." if loaded.created else "already loaded."),
            "",
            f"  Sign in at   {url}",
            f"  Password     {DEMO_PASSWORD}   (every demo user; demo data only)",
            "",
            "  Users:",
            *rows,
            "",
            "  Every demo user has an authenticator app set up. Get the current",
            "  6-digit code in another terminal, from this folder, with:",
            f"    {command}",
            "  (or .venv/bin/paradesk if paradesk is not on your PATH).",
            "",
        ]
        return "\n".join(lines)
