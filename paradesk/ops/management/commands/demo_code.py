"""`paradesk demo-code USER`: a demo user's current TOTP code, in demo mode only."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from paradesk.ops.demo import DemoError, current_code

# Exit status of a refusal, distinct from Django's 1 for other command errors.
REFUSED = 2


class Command(BaseCommand):
    help = "Prints a demo user's current 6-digit sign-in code (demo mode only)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="A demo user, e.g. diane.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PARADESK_DEMO:
            raise CommandError(
                "Refused: this install is not in demo mode, and real users' codes come "
                "only from their own authenticator app.",
                returncode=REFUSED,
            )
        try:
            code = current_code(str(options["username"]))
        except DemoError as exc:
            raise CommandError(f"Refused: {exc}", returncode=REFUSED) from exc
        self.stdout.write(code.code)
        self.stderr.write(
            f"Sign-in code for {options['username']}; it changes in "
            f"{code.seconds_left} s. Each code signs in once: for another sign-in, "
            "run this again."
        )
