"""The `paradesk` command end to end, in real processes on a private SQLite home."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 120


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "PARADESK_DEMO"}
    }
    environment["PARADESK_HOME"] = str(tmp_path / "home")
    return environment


def paradesk(
    env: dict[str, str], *args: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "paradesk.cli", *args],
        env={**env, **(extra or {})},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def database(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(Path(env["PARADESK_HOME"]) / "paradesk.sqlite3")


def test_demo_home_round_trip(env: dict[str, str]) -> None:
    assert paradesk(env, "migrate", "--verbosity", "0").returncode == 0
    loaded = paradesk(env, "load-demo-firm")
    assert loaded.returncode == 0, loaded.stderr

    intact = paradesk(env, "audit", "verify")
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.startswith("audit chain intact: ")

    # The home now holds the demo marker, so the CLI runs it in demo mode by itself.
    code = paradesk(env, "demo-code", "priya")
    assert code.returncode == 0, code.stderr
    assert code.stdout.strip().isdigit()
    assert len(code.stdout.strip()) == 6

    refused = paradesk(env, "demo-code", "priya", extra={"PARADESK_DEMO": "0"})
    assert refused.returncode == 2
    assert "not in demo mode" in refused.stderr
    assert refused.stdout == ""

    with database(env) as db:
        db.execute("DROP TRIGGER core_auditevent_no_update")
        db.execute("UPDATE core_auditevent SET details = '{}' WHERE seq = 5")
    broken = paradesk(env, "audit", "verify")
    assert broken.returncode == 1
    assert "audit chain BROKEN at event #5 (id " in broken.stderr


def test_serve_refuses_unapplied_migrations(env: dict[str, str]) -> None:
    result = paradesk(env, "serve", "--no-worker", "--port", "1")

    assert result.returncode == 1
    assert "unapplied migration" in result.stderr
    assert "paradesk migrate" in result.stderr


def test_worker_beats_and_stops_cleanly_on_sigterm(env: dict[str, str]) -> None:
    assert paradesk(env, "migrate", "--verbosity", "0").returncode == 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "paradesk.cli", "worker"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stderr is not None
        # The worker logs "started" after its first, synchronous heartbeat.
        for line in worker.stderr:
            if "started" in line:
                break
        with database(env) as db:
            beats = db.execute("SELECT name, pid FROM core_workerheartbeat").fetchall()
        assert [pid for _name, pid in beats] == [worker.pid]

        worker.send_signal(signal.SIGTERM)
        _out, rest = worker.communicate(timeout=TIMEOUT)
        assert worker.returncode == 0, rest
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    with database(env) as db:
        assert db.execute("SELECT count(*) FROM core_workerheartbeat").fetchone() == (
            0,
        )
