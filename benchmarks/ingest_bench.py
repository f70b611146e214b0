"""A whole ingest (read, decrypt, pages, rows, search index) against bare pypdfium2.

    .venv/bin/python benchmarks/ingest_bench.py [--pages 1000] [--repeat 3]

Builds a throwaway home (SQLite, encrypted store, tantivy index) under a temporary
folder, uploads a generated text PDF of `--pages` pages, then times `run_ingest` on it
(what the worker does for every upload) against bare pypdfium2 text extraction of the
same bytes, in the same run. Each figure is the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_text(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    chars = 0
    for page in pdf:
        textpage = page.get_textpage()
        chars += len(textpage.get_text_bounded())
        textpage.close()
        page.close()
    pdf.close()
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="paradesk-ingest-bench-"))
    (home / "tmp").mkdir()
    os.environ["PARADESK_HOME"] = str(home)
    # Jobs are run by hand below, so the queue must not run them on its own.
    os.environ["PARADESK_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paradesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from paradesk.documents.models import Ingest, IngestState, Page
    from paradesk.documents.services import add_document
    from paradesk.documents.services.ingest import run_ingest
    from paradesk.engines.pages import samples
    from paradesk.testing.personas import build_firm

    firm = build_firm()
    lines = [
        "Progress note: patient reports neck pain 4/10, improving with therapy.",
        "Exam: cervical rotation 70 degrees; no focal neurological deficit.",
        "Plan: continue physical therapy twice weekly; recheck in two weeks.",
    ]
    data = samples.text_pdf([[f"Page {n}", *lines] for n in range(args.pages)])
    version = add_document(
        actor=firm.paralegal, matter=firm.matter, file=data, name="bench.pdf"
    ).version

    def ingest() -> None:
        Page.objects.filter(version=version).delete()
        Ingest.objects.filter(version=version).update(state=IngestState.QUEUED)
        run_ingest(version_id=version.pk, sha256=version.sha256)

    bare = best(args.repeat, lambda: bare_text(data))
    full = best(args.repeat, ingest)
    stored = Page.objects.filter(version=version).count()
    size_mb = len(data) / 1024 / 1024
    print(f"{args.pages}-page text PDF ({size_mb:.1f} MB), best of {args.repeat}:")
    print(f"  bare pypdfium2 text extraction   {bare:8.3f} s")
    print(f"  Paradesk ingest (pages + index)  {full:8.3f} s   ({stored} pages stored)")
    print(f"  ratio                            {full / bare:8.2f}x   (aim <= 1.5x)")


if __name__ == "__main__":
    main()
