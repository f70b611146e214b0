"""The demo firm: fictional people, two personal-injury matters and their work.

Built only through the services, so the demo's audit log reads like a real firm's and
the chain verifies. The loader writes PARADESK_HOME/demo-firm.json naming the demo
users; `paradesk demo-code` gives TOTP codes only for users named there, and the CLI
runs every command of a home holding that file in demo mode.

One module an idea: `people` (who they are and signing them up), `matters` (the two
matters and their work), `records` (the sample records), `codes` (the home's marker and
the demo users' sign-in codes), `load` (all of it, once).
"""

from __future__ import annotations

from paradesk.ops.demo.codes import DemoCode, current_code, demo_usernames, marker_path
from paradesk.ops.demo.load import LoadedDemo, load_demo_firm
from paradesk.ops.demo.people import DEMO_PASSWORD, PEOPLE, DemoError, DemoPerson

__all__ = [
    "DEMO_PASSWORD",
    "PEOPLE",
    "DemoCode",
    "DemoError",
    "DemoPerson",
    "LoadedDemo",
    "current_code",
    "demo_usernames",
    "load_demo_firm",
    "marker_path",
]
