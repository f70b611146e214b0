"""Web views against a bare one-query Django view, on the same server, in the same run.

Seeds a firm (its own home and database: a SQLite file, and with --database-url a
scratch database on that PostgreSQL server), starts `bench_server.py` (the waitress
server `paradesk serve` uses, with a bare one-query Django view at /bench/bare beside
the app), then drives each main page and API list alone with 8 and 32 closed-loop
clients on loopback. Prints requests/s, p50 and p99 per view and client count, and
the ratio of the bare view's requests/s to the view's (1.0 = as fast as bare Django).

Run on demand, never in the test suite::

    .venv/bin/python benchmarks/web_bench.py [--seconds 5] [--clients 8 32]
        [--database-url postgres://postgres@127.0.0.1:5432/paradesk_bench]
        [--threads 8] [--only sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from httpload import Endpoint, Stats, hammer

from paradesk.testing.served import ServedFirm, served_firm

HERE = Path(__file__).resolve().parent
MAX_CLIENTS = 64
# The seeded firm: enough rows that a query per row would show.
MATTERS = 30
DOCUMENTS = 25
PAGES = 4
TASKS = 8


def endpoints(firm: ServedFirm) -> list[Endpoint]:
    seeded = firm.seeded
    cookie = {"Cookie": firm.cookie_header}
    admin = {"Cookie": firm.admin_cookie_header}
    token = {"Authorization": f"Bearer {seeded.api_token}"}
    admin_token = {"Authorization": f"Bearer {seeded.admin_api_token}"}
    matter = seeded.matter_id
    return [
        Endpoint("bare one-query view", "/bench/bare"),
        Endpoint("/healthz", "/healthz"),
        Endpoint("matter list", "/matters/", cookie),
        Endpoint("matter page", f"/matters/{matter}/", cookie),
        Endpoint("document list", f"/matters/{matter}/documents/", cookie),
        Endpoint("document page", f"/documents/{seeded.document_id}/", cookie),
        Endpoint(
            "page viewer",
            f"/documents/{seeded.document_id}/v{seeded.version_number}/page/1/",
            cookie,
        ),
        Endpoint("task list (my work)", "/my-work/", cookie),
        Endpoint("dashboard", "/", cookie),
        Endpoint("task page", f"/tasks/{seeded.task_id}/", cookie),
        Endpoint("audit page", "/audit/", admin),
        Endpoint("search", f"/search/?q={seeded.search_word}", cookie),
        Endpoint("API matters", "/api/v1/matters", token),
        Endpoint("API tasks", "/api/v1/tasks", token),
        Endpoint("API documents", f"/api/v1/matters/{matter}/documents", token),
        Endpoint("API search", f"/api/v1/search?q={seeded.search_word}", token),
        Endpoint("API audit", "/api/v1/audit", admin_token),
    ]


def run_backend(
    name: str, database_url: str | None, options: argparse.Namespace
) -> bool:
    print(
        f"\n== {name}: seeding {MATTERS} matters, {DOCUMENTS} documents...", flush=True
    )
    command = [sys.executable, str(HERE / "bench_server.py")]
    if options.threads:
        command += ["--threads", str(options.threads)]
    clean = True
    with served_firm(
        database_url=database_url,
        matters=MATTERS,
        documents=DOCUMENTS,
        pages=PAGES,
        tasks=TASKS,
        command=command,
        env={"PARADESK_LOG_LEVEL": "ERROR"},
    ) as firm:
        views = endpoints(firm)
        print(
            f"{'view':<22}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'errors':>8}{'x bare':>8}"
        )
        for clients in options.clients:
            bare_rps = 0.0
            for endpoint in views:
                stats: Stats = hammer(
                    "127.0.0.1",
                    firm.port,
                    [endpoint],
                    clients=clients,
                    seconds=options.seconds,
                )[endpoint.name]
                if endpoint.path == "/bench/bare":
                    bare_rps = stats.rps
                ratio = bare_rps / stats.rps if stats.rps else float("inf")
                clean = clean and not stats.errors
                print(
                    f"{endpoint.name:<22}{clients:>8}{stats.rps:>9.1f}"
                    f"{stats.p50_ms:>9.1f}{stats.p99_ms:>9.1f}"
                    f"{len(stats.errors):>8}{ratio:>8.1f}",
                    flush=True,
                )
                for problem in sorted(set(stats.errors))[:2]:
                    print(f"    e.g. {problem}")
        if not firm.alive():
            print("the server died:\n" + firm.output(), file=sys.stderr)
            clean = False
    return clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PARADESK_BENCH_DATABASE_URL"),
        help="a PostgreSQL server to make a scratch database on",
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    options = parser.parse_args()
    if any(not 1 <= n <= MAX_CLIENTS for n in options.clients):
        parser.error(f"--clients must be 1 to {MAX_CLIENTS}")
    print(
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}"
        f", {options.seconds:.0f} s per view and client count, 1 s warm-up"
    )
    clean = True
    if options.only != "postgres":
        clean = run_backend("SQLite", None, options) and clean
    if options.database_url and options.only != "sqlite":
        clean = run_backend("PostgreSQL", options.database_url, options) and clean
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
