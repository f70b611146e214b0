"""Many page pictures at once never bring the server down.

PDFium is not thread-safe, and `paradesk serve` renders page pictures on its thread
pool: the test fires bursts of concurrent requests at the real server in a child
process (on a database of its own) and checks every answer and that it is still up.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from paradesk.testing.served import ServedFirm, database_url_of, served_firm

CLIENTS = 16
PAGES = 8
ROUNDS = 4


@pytest.fixture(scope="module")
def served() -> Iterator[ServedFirm]:
    with served_firm(
        database_url=database_url_of(connection.settings_dict), pages=PAGES
    ) as firm:
        yield firm


def _fetch(firm: ServedFirm, path: str, start: threading.Barrier) -> tuple[int, bytes]:
    host = firm.url.removeprefix("http://")
    conn = http.client.HTTPConnection(host, timeout=60)
    try:
        start.wait(timeout=60)
        conn.request("GET", path, headers={"Cookie": firm.cookie_header})
        answer = conn.getresponse()
        return answer.status, answer.read()
    except (OSError, http.client.HTTPException) as exc:
        return 0, repr(exc).encode()
    finally:
        conn.close()


def test_concurrent_page_images_all_render_and_the_server_stays_up(
    served: ServedFirm,
) -> None:
    seeded = served.seeded
    paths = [
        f"/documents/{seeded.document_id}/v{seeded.version_number}"
        f"/page/{1 + index % PAGES}.png"
        for index in range(CLIENTS)
    ]
    for _round in range(ROUNDS):
        start = threading.Barrier(CLIENTS)
        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = list(
                pool.map(_fetch, [served] * CLIENTS, paths, [start] * CLIENTS)
            )
        failed = [(status, body[:80]) for status, body in answers if status != 200]
        assert not failed, f"{failed}, exit {served.process.poll()}\n{served.output()}"
        assert all(body.startswith(b"\x89PNG\r\n\x1a\n") for _, body in answers)
        assert served.alive(), served.output()
