"""No read event is lost when the server is killed after answering.

The real `paradesk serve` answers reads while the audit chain's lock is held from
outside (so nothing can join the chain), is then killed with SIGKILL, and started
again: every read whose answer arrived must then be in the chain, once, and the chain
must verify. The held lock also shows that reads no longer wait for it.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from paradesk.testing.served import (
    ServedFirm,
    database_url_of,
    served_firm,
    start_server,
)

CLIENTS = 8
ROUNDS = 4


@pytest.fixture
def served() -> Iterator[ServedFirm]:
    with served_firm(
        database_url=database_url_of(connection.settings_dict), pages=3
    ) as firm:
        yield firm


def _reads(firm: ServedFirm) -> list[tuple[str, dict[str, str]]]:
    seeded = firm.seeded
    cookie = {"Cookie": firm.cookie_header}
    token = {"Authorization": f"Bearer {seeded.api_token}"}
    page = f"/documents/{seeded.document_id}/v{seeded.version_number}/page"
    return [
        (f"/matters/{seeded.matter_id}/", cookie),
        (f"/documents/{seeded.document_id}/", cookie),
        (f"{page}/1/", cookie),
        (f"{page}/2.png", cookie),
        (f"/documents/versions/{seeded.version_id}/download/", cookie),
        (f"/search/?q={seeded.search_word}", cookie),
        (f"/api/v1/matters/{seeded.matter_id}/documents", token),
        ("/my-work/", cookie),
    ]


def _get(firm: ServedFirm, path: str, headers: dict[str, str], agent: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", firm.port, timeout=60)
    try:
        conn.request("GET", path, headers={**headers, "User-Agent": agent})
        answer = conn.getresponse()
        answer.read()
        return answer.status
    except (OSError, http.client.HTTPException):
        return 0
    finally:
        conn.close()


def test_every_answered_read_is_in_the_chain_after_a_kill(served: ServedFirm) -> None:
    reads = _reads(served) * ROUNDS
    agents = [f"kill-test-{n}" for n in range(len(reads))]
    # A token's first use notes when it was last used (a write, once in a while).
    path, headers = reads[6]
    assert _get(served, path, headers, "warm-up") == 200
    with served.chain_locked(), ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(
            pool.map(
                lambda read, agent: _get(served, read[0], read[1], agent),
                reads,
                agents,
            )
        )
        assert statuses == [200] * len(reads), served.output()
        served.process.kill()
        served.process.wait()
    queued_only = served.query(
        "SELECT COUNT(*) FROM core_auditevent WHERE user_agent LIKE ?", ("kill-test-%",)
    )
    # The lock was held throughout: every answered read was still only queued.
    assert queued_only == [(0,)]

    start_server(served)

    found = served.query(
        "SELECT user_agent, COUNT(*) FROM core_auditevent "
        "WHERE user_agent LIKE ? GROUP BY user_agent",
        ("kill-test-%",),
    )
    assert sorted(found) == sorted((agent, 1) for agent in agents)
    verify = subprocess.run(
        [sys.executable, "-m", "paradesk.cli", "audit", "verify"],
        env=served.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
