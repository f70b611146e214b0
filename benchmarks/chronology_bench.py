"""The chronology pipeline against bare pypdfium2 text extraction, in the same run.

    .venv/bin/python benchmarks/chronology_bench.py [--pages 1000 5000] [--repeat 3]

For each size, a text-layer PDF of that many pages of synthetic records (emergency,
therapy, orthopedic and primary-care notes and bills, dates moving on a day per cycle of
five pages, so even 5,000 pages stay within real dates: a date past the engine's 2030
pivot is no date, and pages without one would all run into a single visit) is written
once.
Then, each in a fresh child process so peak memory is its own:

- bare: pypdfium2 opens the file and extracts every page's text (nothing kept);
- chronology: `paradesk chronology FILE --format json` run in-process by its own entry
  point (read pages, classify, segment, extract, bills, assemble, JSON), output
  discarded.

Printed: seconds (best of --repeat), the ratio chronology/bare (aim: <= 3x), and each
child's peak RSS, so growth with page count can be read off (aim: flat apart from the
results themselves). Interpreter start-up and imports are excluded from both timings
and reported apart: for the chronology that includes the modules the command imports
when it runs (the engine, and the exporters' libraries, which load whatever the
format).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from paradesk.engines.medchron.samples import ER_1, ER_2, ER_BILL, PCP_OLD, PT_NOTES
from paradesk.engines.pages.samples import text_pdf

_CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if mode == "bare":
    import pypdfium2 as pdfium
    imported = time.perf_counter()
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_bounded()
        textpage.close()
        page.close()
    pdf.close()
else:
    import io
    from paradesk.cli import chronology as command
    from paradesk.engines.medchron import codes, files, pipeline, render
    # The ICD-10-CM table and its description index load once per process (from the
    # cache after the first run): start-up, not work per page.
    codes._table()
    codes._codes_by_description()
    imported = time.perf_counter()
    class Out:
        buffer = io.BytesIO()
        def write(self, text): return len(text)
        def flush(self): pass
    sys.stdout = Out()
    status = command.chronology(
        [path, "--format", "json", "--incident-date", "2024-03-01"]
    )
    sys.stdout = sys.__stdout__
    assert status == 0, status
done = time.perf_counter()
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "startup": imported - started, "work": done - imported, "peak_mib": peak_kib / 1024
}))
"""


def _shift(text: str, days: int) -> str:
    """The sample page with every date but the date of birth moved on by `days`."""
    import re

    def move(match: re.Match[str]) -> str:
        month, day, year = (int(part) for part in match.group(0).split("/"))
        moved = date(year, month, day) + timedelta(days=days)
        return moved.strftime("%m/%d/%Y")

    # The patient's date of birth stays put: one client, one birthday (moving it would
    # make every cycle another patient and time the identity check's worst case).
    return "\n".join(
        line if "DOB" in line else re.sub(r"\b\d\d/\d\d/\d{4}\b", move, line)
        for line in text.splitlines()
    )


def records_pdf(pages: int) -> bytes:
    cycle = [ER_1, ER_2, ER_BILL, PT_NOTES, PCP_OLD]
    out = []
    for index in range(pages):
        text = _shift(cycle[index % len(cycle)], index // len(cycle))
        out.append([line for line in text.splitlines() if line.strip()][:40])
    return text_pdf(out)


def child(mode: str, path: Path) -> dict[str, float]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _CHILD, mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print(
        f"{'pages':>6} {'bare s':>8} {'chron s':>8} {'ratio':>6} "
        f"{'bare MiB':>9} {'chron MiB':>9} {'startup s':>9}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for pages in options.pages:
            path = Path(folder) / f"records-{pages}.pdf"
            path.write_bytes(records_pdf(pages))
            bare = [child("bare", path) for _ in range(options.repeat)]
            chron = [child("chronology", path) for _ in range(options.repeat)]
            bare_s = min(run["work"] for run in bare)
            chron_s = min(run["work"] for run in chron)
            print(
                f"{pages:>6} {bare_s:>8.2f} {chron_s:>8.2f} {chron_s / bare_s:>6.2f} "
                f"{max(r['peak_mib'] for r in bare):>9.1f} "
                f"{max(r['peak_mib'] for r in chron):>9.1f} "
                f"{min(r['startup'] for r in chron):>9.2f}"
            )


if __name__ == "__main__":
    main()
