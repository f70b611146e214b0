"""A small closed-loop HTTP load generator for the web benchmarks (loopback only).

Each client is a thread holding one keep-alive connection and sending its next request
as soon as the last answer has been read, so the client count bounds the load. Shared
by `web_bench.py` and `load_test.py`; not part of the package.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# (status, body) -> None when the answer is right, else what is wrong with it.
Check = Callable[[int, bytes], str | None]


def ok_status(status: int, body: bytes) -> str | None:
    return None if status == 200 else f"status {status}"


def png(status: int, body: bytes) -> str | None:
    if status != 200:
        return f"status {status}"
    return None if body.startswith(b"\x89PNG\r\n\x1a\n") else "not a PNG"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    check: Check = ok_status


@dataclass
class Stats:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p99_ms(self) -> float:
        return self.percentile(0.99) * 1000


def hammer(
    host: str,
    port: int,
    endpoints: Sequence[Endpoint],
    *,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
) -> dict[str, Stats]:
    """Runs `clients` closed-loop clients for `seconds`, cycling through `endpoints`.

    Answers during the first `warmup` seconds are checked but not timed.
    """
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("the load generator talks to loopback only")
    stats = {endpoint.name: Stats(endpoint.name) for endpoint in endpoints}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    begin = [0.0]

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        index = offset
        mine: list[tuple[str, float | None, str | None]] = []
        start.wait()
        measure_from = begin[0] + warmup
        stop_at = measure_from + seconds
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                break
            endpoint = endpoints[index % len(endpoints)]
            index += 1
            try:
                conn.request("GET", endpoint.path, headers=endpoint.headers)
                answer = conn.getresponse()
                body = answer.read()
                status = answer.status
                if answer.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=60)
            except ConnectionRefusedError:
                # Nothing listens any more (the server died): this client stops.
                mine.append((endpoint.name, None, "connection refused"))
                break
            except (OSError, http.client.HTTPException) as exc:
                status, body = 0, repr(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            took = time.perf_counter() - now
            problem = endpoint.check(status, body)
            if problem is not None:
                mine.append((endpoint.name, None, problem))
            elif now >= measure_from:
                mine.append((endpoint.name, took, None))
        conn.close()
        with lock:
            for name, took_s, problem in mine:
                if problem is not None:
                    stats[name].errors.append(problem)
                elif took_s is not None:
                    stats[name].latencies.append(took_s)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    begin[0] = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    for item in stats.values():
        item.seconds = seconds
    return stats
