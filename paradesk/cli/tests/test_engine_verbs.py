"""The engine verbs run with no Django: each one, dispatched by `paradesk.cli.main` in
a fresh interpreter, leaves no django module loaded (lint-imports checks the imports
it can see; this checks what actually runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Each verb is given an input that reaches its engine's imports and then fails fast,
# but for `corpus`, stopped by argparse: its engine loads the ICD-10-CM table (seconds),
# and the engines contract already keeps every engine free of Django.
SCRIPT = """
import sys
from paradesk.cli import ENGINE_VERBS, main

missing = sys.argv[1]
calls = {
    "pages": ["pages", missing],
    "chronology": ["chronology", missing],
    "eval": ["eval", "chronology", missing],
    "corpus": ["corpus", "chronology"],
    "draft": ["draft", "fields", missing],
}
assert set(calls) == ENGINE_VERBS, sorted(ENGINE_VERBS)
for verb, argv in calls.items():
    try:
        main(["paradesk", *argv])
    except SystemExit as stop:
        assert stop.code == 2, (verb, stop.code)
loaded = sorted(name for name in sys.modules if name.split(".")[0] == "django")
assert not loaded, loaded[:5]
assert "paradesk.settings" not in sys.modules
"""


def test_no_engine_verb_loads_django(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603  # our own interpreter and a fixed script
        [sys.executable, "-c", SCRIPT, str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
