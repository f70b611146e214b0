"""Load test: the real `paradesk serve` must answer everything and never fall over.

Starts `paradesk serve --no-worker` on loopback with a freshly seeded firm (its own
home and database: a SQLite file, or a new database on the PostgreSQL server named by
--database-url), then hammers page pictures, downloads and searches (pages and API)
with a bounded number of concurrent clients. Prints throughput and errors per kind,
and exits non-zero on any error, any wrong answer, or a server that died.

Run on demand, never in the test suite::

    .venv/bin/python benchmarks/load_test.py [--clients 32] [--seconds 20]
        [--database-url postgres://postgres@127.0.0.1:5432/paradesk_bench]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from httpload import Endpoint, Stats, hammer, ok_status, png

from paradesk.testing.served import served_firm

PAGES = 8
MAX_CLIENTS = 64


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 32: 16 did not bring down the server this test was written against (PDFium
    # called from several threads); 32 did within seconds.
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PARADESK_BENCH_DATABASE_URL"),
        help="a PostgreSQL server to create a scratch database on (default SQLite)",
    )
    options = parser.parse_args()
    if not 1 <= options.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be 1 to {MAX_CLIENTS}")
    backend = "PostgreSQL" if options.database_url else "SQLite"
    print(f"seeding a firm and starting paradesk serve on {backend}...", flush=True)
    with served_firm(
        database_url=options.database_url, documents=3, pages=PAGES
    ) as firm:
        seeded = firm.seeded
        cookie = {"Cookie": firm.cookie_header}
        token = {"Authorization": f"Bearer {seeded.api_token}"}
        base = f"/documents/{seeded.document_id}/v{seeded.version_number}"
        endpoints = [
            *(
                Endpoint(f"page image {n}", f"{base}/page/{n}.png", cookie, png)
                for n in range(1, PAGES + 1)
            ),
            Endpoint(
                "download",
                f"/documents/versions/{seeded.version_id}/download/",
                cookie,
                ok_status,
            ),
            Endpoint("search page", f"/search/?q={seeded.search_word}", cookie),
            Endpoint("search API", f"/api/v1/search?q={seeded.search_word}", token),
        ]
        stats = hammer(
            "127.0.0.1",
            firm.port,
            endpoints,
            clients=options.clients,
            seconds=options.seconds,
        )
        alive = firm.alive()
        log = firm.output()
    kinds: dict[str, list[str]] = {}
    for name in stats:
        kinds.setdefault("page image" if name.startswith("page image") else name, [])
        kinds["page image" if name.startswith("page image") else name].append(name)
    print(
        f"\n{options.clients} clients for {options.seconds:.0f} s on {backend} "
        f"(loopback, {os.cpu_count()} cores)"
    )
    print(f"{'kind':<14}{'requests':>10}{'req/s':>9}{'p50 ms':>9}", end="")
    print(f"{'p99 ms':>9}{'errors':>8}")
    errors = 0
    total = 0
    for kind, names in kinds.items():
        latencies = [t for name in names for t in stats[name].latencies]
        problems = [p for name in names for p in stats[name].errors]
        merged = Stats(kind, latencies, problems, options.seconds)
        errors += len(problems)
        total += merged.count
        print(
            f"{kind:<14}{merged.count:>10}{merged.rps:>9.1f}{merged.p50_ms:>9.0f}"
            f"{merged.p99_ms:>9.0f}{len(problems):>8}"
        )
        for problem in sorted(set(problems))[:3]:
            print(f"    e.g. {problem}")
    print(f"{'all':<14}{total:>10}{total / options.seconds:>9.1f}")
    if not alive:
        print("FAILED: the server process died\n" + log, file=sys.stderr)
        return 1
    if errors:
        print(f"FAILED: {errors} errors", file=sys.stderr)
        return 1
    print("ok: no errors, the server stayed up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
