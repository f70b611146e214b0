"""Search latency of the PostgreSQL backend against bare PostgreSQL SQL, same run.

Creates a scratch PostgreSQL database (dropped afterwards), migrates it, and loads
synthetic pages (no real client data; the same generator, vocabulary and queries as
``search_bench.py``) across 50 matters with COPY. Then runs word, phrase, AND and
prefix queries twice:

- through ``PostgresBackend.search`` (query translation, 10 of 50 matters permitted
  in the WHERE clause, latest read version only, ts_rank top 10, total count, and
  ``ts_headline`` snippets for the 10 hits);
- as bare SQL: the same tsquery, ``WHERE search_vector @@ q ORDER BY ts_rank(...)
  DESC LIMIT 10`` (no permission clause, no version rule, no count, no headline).

Prints p50/p95 per kind and overall, and the ratios. Run on demand, never in the
test suite::

    .venv/bin/python benchmarks/search_pg_bench.py \\
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres] \\
        [--pages 100000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The sibling script: the same synthetic pages and queries as the tantivy benchmark.
from search_bench import (
    MATTERS,
    PERMITTED,
    WORDS_PER_PAGE,
    pages,
    percentiles,
    queries,
    seeded,
    timed,
    vocabulary,
)

PAGES_PER_DOCUMENT = 10
BARE_SQL = """
SELECT p.id
FROM documents_page AS p
WHERE p.search_vector @@ to_tsquery('english', %(q)s)
ORDER BY ts_rank(p.search_vector, to_tsquery('english', %(q)s), 1) DESC
LIMIT 10
"""


def scratch_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def load(page_count: int, vocab: list[str], seed: int) -> float:
    """Migrate the scratch database and fill it; returns the seconds spent loading."""
    from django.core.management import call_command
    from django.db import connection

    from paradesk.documents.models import (
        Document,
        DocumentVersion,
        Ingest,
        IngestState,
    )
    from paradesk.firm.models import Role
    from paradesk.matters.models import Contact, Matter
    from paradesk.testing.personas import make_user

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    user = make_user("bench", Role.ATTORNEY)
    client = Contact.objects.create(name="Synthetic Client")
    Matter.objects.bulk_create(
        Matter(
            id=n,
            number=f"B-{n:04d}",
            title=f"Synthetic matter {n}",
            client=client,
            jurisdiction="GA",
            responsible_attorney=user,
            opened_by=user,
        )
        for n in range(1, MATTERS + 1)
    )
    documents = -(-page_count // PAGES_PER_DOCUMENT)
    Document.objects.bulk_create(
        (
            Document(
                id=n,
                matter_id=n % MATTERS + 1,
                title=f"production-{n}.pdf",
                created_by=user,
            )
            for n in range(1, documents + 1)
        ),
        batch_size=2000,
    )
    DocumentVersion.objects.bulk_create(
        (
            DocumentVersion(
                id=n,
                document_id=n,
                number=1,
                sha256=f"{n:064x}",
                size_bytes=1,
                content_type="application/pdf",
                original_name=f"production-{n}.pdf",
                uploaded_by=user,
            )
            for n in range(1, documents + 1)
        ),
        batch_size=2000,
    )
    Ingest.objects.bulk_create(
        (Ingest(version_id=n, state=IngestState.DONE) for n in range(1, documents + 1)),
        batch_size=2000,
    )
    raw = connection.connection
    with raw.cursor() as cursor:
        copy_sql = (
            "COPY documents_page (version_id, number, text, method, error) FROM STDIN"
        )
        with cursor.copy(copy_sql) as copy:
            for entry in pages(page_count, vocab, seed):
                copy.write_row(
                    (entry.version_id, entry.page_number, entry.text, "text", "")
                )
        cursor.execute("ANALYZE")
    raw.commit()
    return time.perf_counter() - start


def measure(args: argparse.Namespace) -> None:
    from django.db import connection

    from paradesk.documents.search.postgres import PostgresBackend
    from paradesk.documents.search.tsquery import to_tsquery_text

    rng = seeded(args.seed)
    vocab = vocabulary(rng, 20_000)
    seconds = load(args.pages, vocab, args.seed)
    permitted = set(rng.sample(range(1, MATTERS + 1), PERMITTED))
    by_kind = queries(vocab, args.seed)
    backend = PostgresBackend()
    print(
        f"Loaded {args.pages:,} pages ({WORDS_PER_PAGE} words each, {MATTERS} "
        f"matters) with COPY and indexed them in {seconds:.1f} s; "
        f"permitted matters: {PERMITTED}"
    )

    def ours(text: str) -> object:
        return backend.search(text, matter_ids=permitted, limit=10, offset=0)

    def bare(text: str) -> object:
        with connection.cursor() as cursor:
            cursor.execute(BARE_SQL, {"q": to_tsquery_text(text)})
            return cursor.fetchall()

    for texts in by_kind.values():
        for text in texts:
            ours(text)
            bare(text)

    rows: list[tuple[str, list[float], list[float]]] = []
    all_ours: list[float] = []
    all_bare: list[float] = []
    for kind, texts in by_kind.items():
        ours_ms: list[float] = []
        bare_ms: list[float] = []
        for _round in range(args.rounds):
            for text in texts:
                ours_ms.append(timed(partial(ours, text)))
                bare_ms.append(timed(partial(bare, text)))
        rows.append((kind, ours_ms, bare_ms))
        all_ours += ours_ms
        all_bare += bare_ms
    rows.append(("all", all_ours, all_bare))

    print(
        f"{'kind':<8}{'n':>6}{'backend p50':>13}{'p95':>10}"
        f"{'bare p50':>11}{'p95':>10}{'ratio p50':>11}{'p95':>7}"
    )
    for kind, ours_ms, bare_ms in rows:
        ours50, ours95 = percentiles(ours_ms)
        bare50, bare95 = percentiles(bare_ms)
        print(
            f"{kind:<8}{len(ours_ms):>6}{ours50:>11.2f}ms{ours95:>8.2f}ms"
            f"{bare50:>9.2f}ms{bare95:>8.2f}ms"
            f"{ours50 / bare50:>10.1f}x{ours95 / bare95:>6.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "PARADESK_BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL database URL whose user may create databases",
    )
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database to explore it"
    )
    args = parser.parse_args()

    name = f"paradesk_search_bench_{os.getpid()}"
    admin: dict[str, Any] = {"autocommit": True}
    with psycopg.connect(args.admin_url, **admin) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    home = tempfile.mkdtemp(prefix="paradesk-search-pg-bench-")
    os.environ["DATABASE_URL"] = scratch_url(args.admin_url, name)
    os.environ["PARADESK_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paradesk.settings")
    try:
        import django

        django.setup()
        from django.db import connections

        try:
            measure(args)
        finally:
            connections.close_all()
    finally:
        if args.keep:
            print(f"kept the scratch database {name}; drop it when done")
        else:
            with psycopg.connect(args.admin_url, **admin) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
