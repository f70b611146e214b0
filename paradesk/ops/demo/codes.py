"""The demo home's marker file, naming the demo users, and the sign-in code a demo
user's authenticator app would show (`paradesk demo-code`)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from paradesk.core.home import DEMO_MARKER_NAME
from paradesk.ops.demo.people import PEOPLE, DemoError, totp_token


@dataclass(frozen=True)
class DemoCode:
    code: str
    # Seconds until the authenticator would show the next code.
    seconds_left: int


def marker_path() -> Path:
    return Path(settings.PARADESK_HOME) / DEMO_MARKER_NAME


def demo_usernames() -> set[str]:
    """The users the demo loader created in this home; empty when it never ran here."""
    try:
        data = json.loads(marker_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    names = data.get("usernames") if isinstance(data, dict) else None
    return {str(name) for name in names} if isinstance(names, list) else set()


def write_marker() -> None:
    path = marker_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "usernames": [person.username for person in PEOPLE],
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def current_code(username: str) -> DemoCode:
    """The code a demo user's authenticator app would show now, not yet used.

    A code signs in once: if the current one was used, this gives the next one, which
    the server already accepts (its tolerance is one step either side).

    Raises:
        DemoError: not a demo user of this home, or no confirmed authenticator.
    """
    if username not in demo_usernames():
        raise DemoError(
            f"“{username}” is not a user of the demo firm, so no code is given. "
            "Demo users: " + ", ".join(p.username for p in PEOPLE) + "."
        )
    device = (
        TOTPDevice.objects.filter(user__username=username, confirmed=True)
        .order_by("pk")
        .first()
    )
    if device is None:
        raise DemoError(f"“{username}” has no authenticator set up.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now = time.time()
    step = int(device.step)
    steps_ahead = max(0, int(device.last_t) + 1 - int(totp.t()))
    seconds_left = step - int(now - device.t0) % step + steps_ahead * step
    return DemoCode(
        code=totp_token(device, at=now + steps_ahead * step), seconds_left=seconds_left
    )
