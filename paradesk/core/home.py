"""Names of files in PARADESK_HOME that more than one layer knows.

Imports nothing, so the `paradesk` command can use it before Django starts.
"""

from __future__ import annotations

# Written into PARADESK_HOME by the demo loader (paradesk.ops.demo), listing its users;
# the command runs every later command against that home in demo mode.
DEMO_MARKER_NAME = "demo-firm.json"
