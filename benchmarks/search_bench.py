"""Search latency of PageIndex against bare tantivy, measured in the same run.

Builds an index of synthetic pages (no real client data), then runs word, phrase, AND
and prefix queries twice: through ``PageIndex.search`` (permission clause over 10 of
50 matters, top 10, stored documents and snippets) and through a bare tantivy
``Searcher.search`` with the same compiled query object (no permission clause, no
documents, no snippets). Prints p50/p95 per kind and overall, and the ratios.

Run on demand, never in the test suite::

    .venv/bin/python benchmarks/search_bench.py [--pages 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import string
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import tantivy

from paradesk.engines.fulltext import PageEntry, PageIndex, QueryCompiler, rebuild

MATTERS = 50
PERMITTED = 10
WORDS_PER_PAGE = 300
QUERIES_PER_KIND = 50

DOMAIN_WORDS = [
    "patient",
    "plaintiff",
    "defendant",
    "collision",
    "whiplash",
    "cervical",
    "lumbar",
    "thoracic",
    "spine",
    "disc",
    "herniation",
    "fracture",
    "sprain",
    "strain",
    "contusion",
    "laceration",
    "concussion",
    "radiology",
    "mri",
    "ct",
    "xray",
    "physical",
    "therapy",
    "chiropractic",
    "orthopedic",
    "neurology",
    "emergency",
    "department",
    "ambulance",
    "insurer",
    "adjuster",
    "liability",
    "negligence",
    "damages",
    "settlement",
    "deposition",
    "interrogatory",
    "subpoena",
    "medical",
    "records",
    "billing",
    "invoice",
    "treatment",
    "diagnosis",
    "prognosis",
    "surgery",
    "injection",
    "epidural",
    "pain",
    "medication",
    "ibuprofen",
    "oxycodone",
    "follow",
    "visit",
    "clinic",
    "hospital",
    "discharge",
    "admission",
    "vehicle",
    "intersection",
    "rear",
    "end",
    "impact",
    "airbag",
    "seatbelt",
    "witness",
    "police",
    "report",
    "statement",
    "claim",
    "policy",
    "coverage",
    "limits",
    "lien",
    "subrogation",
]


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - synthetic benchmark data, not security


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set(DOMAIN_WORDS)
    while len(words) < size:
        length = rng.randint(3, 10)
        words.add("".join(rng.choices(string.ascii_lowercase, k=length)))
    ordered = list(words)
    rng.shuffle(ordered)
    return ordered


def zipf_weights(size: int) -> list[float]:
    weights = [1.0 / (rank + 1) for rank in range(size)]
    total = 0.0
    cumulative = []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


def pages(count: int, vocab: list[str], seed: int) -> Iterator[PageEntry]:
    rng = seeded(seed)
    cumulative = zipf_weights(len(vocab))
    for n in range(count):
        words = rng.choices(vocab, cum_weights=cumulative, k=WORDS_PER_PAGE)
        document_id = n // 10 + 1
        yield PageEntry(
            document_id=document_id,
            version_id=document_id,
            page_number=n % 10 + 1,
            matter_id=document_id % MATTERS + 1,
            title=f"production-{document_id}.pdf",
            text=" ".join(words),
        )


def queries(vocab: list[str], seed: int) -> dict[str, list[str]]:
    rng = seeded(seed)
    # Ranks 0-2000 of the Zipf vocabulary: from very common to fairly rare words.
    pool = vocab[:2000]
    sample_page = next(pages(1, vocab, seed + 1)).text.split()
    return {
        "word": [rng.choice(pool) for _ in range(QUERIES_PER_KIND)],
        "phrase": [
            '"{} {}"'.format(*sample_page[i : i + 2])
            for i in rng.sample(range(len(sample_page) - 1), QUERIES_PER_KIND)
        ],
        "AND": [
            f"{rng.choice(pool)} AND {rng.choice(pool)}"
            for _ in range(QUERIES_PER_KIND)
        ],
        "prefix": [
            rng.choice([w for w in pool if len(w) >= 4])[:3] + "*"
            for _ in range(QUERIES_PER_KIND)
        ],
    }


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = seeded(args.seed)
    vocab = vocabulary(rng, 20_000)
    root = Path(tempfile.mkdtemp(prefix="paradesk-search-bench-"))
    try:
        start = time.perf_counter()
        built = rebuild(
            root, pages(args.pages, vocab, args.seed), heap_bytes=512_000_000
        )
        build_seconds = time.perf_counter() - start
        index = PageIndex(root)
        if index.live_path is None:
            raise SystemExit("the rebuilt index is missing")
        bare_index = tantivy.Index.open(str(index.live_path))
        bare_searcher = bare_index.searcher()
        compiler = QueryCompiler()
        permitted = set(rng.sample(range(1, MATTERS + 1), PERMITTED))
        by_kind = queries(vocab, args.seed)

        print(
            f"Indexed {built:,} pages ({WORDS_PER_PAGE} words each, {MATTERS} matters) "
            f"in {build_seconds:.1f} s; permitted matters: {PERMITTED}"
        )
        for texts in by_kind.values():
            for text in texts:
                index.search(text, matter_ids=permitted)
                bare_searcher.search(compiler.compile(text).query, 10)

        rows: list[tuple[str, list[float], list[float]]] = []
        all_ours: list[float] = []
        all_bare: list[float] = []
        for kind, texts in by_kind.items():
            ours: list[float] = []
            bare: list[float] = []
            for _round in range(args.rounds):
                for text in texts:
                    ours.append(
                        timed(partial(index.search, text, matter_ids=permitted))
                    )
                    query = compiler.compile(text).query
                    bare.append(timed(partial(bare_searcher.search, query, 10)))
            rows.append((kind, ours, bare))
            all_ours += ours
            all_bare += bare
        rows.append(("all", all_ours, all_bare))

        print(
            f"{'kind':<8}{'n':>6}{'PageIndex p50':>15}{'p95':>9}"
            f"{'bare p50':>11}{'p95':>9}{'ratio p50':>11}{'p95':>7}"
        )
        for kind, ours, bare in rows:
            ours50, ours95 = percentiles(ours)
            bare50, bare95 = percentiles(bare)
            print(
                f"{kind:<8}{len(ours):>6}{ours50:>13.2f}ms{ours95:>7.2f}ms"
                f"{bare50:>9.2f}ms{bare95:>7.2f}ms"
                f"{ours50 / bare50:>10.1f}x{ours95 / bare95:>6.1f}x"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
