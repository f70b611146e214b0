"""The pages engine against the bare libraries it wraps, measured in the same run.

    .venv/bin/python benchmarks/pages_bench.py [--pages 1000] [--ocr-pages 8]

(a) Text: a generated PDF of `--pages` text pages through `read_pages` against bare
    pypdfium2 text extraction (`get_textpage().get_text_bounded()` per page).
(b) OCR: `--ocr-pages` scanned pages through `read_pages` (render + tesseract) against
    bare `tesseract` run on the same images, rendered once beforehand, with 1 and 2
    workers (a pool of that many tesseract processes, OMP_THREAD_LIMIT=1 in both).
Each figure is the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import io
import os
import shutil
import subprocess
import time
from collections.abc import Callable

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from paradesk.engines.pages import PagesOptions, read_pages, samples

DPI = 300


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_text(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    texts = []
    for page in pdf:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_bounded())
        textpage.close()
        page.close()
    pdf.close()
    return texts


def rendered_images(data: bytes) -> list[bytes]:
    pdf = pdfium.PdfDocument(data)
    images = []
    for page in pdf:
        buffer = io.BytesIO()
        page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L").save(
            buffer, format="PPM"
        )
        images.append(buffer.getvalue())
    pdf.close()
    return images


def bare_tesseract(images: list[bytes], workers: int) -> None:
    program = shutil.which("tesseract")
    if program is None:
        raise SystemExit("tesseract is not installed (apt-get install tesseract-ocr)")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: bytes) -> bytes:
        return subprocess.run(  # noqa: S603 - fixed command
            [program, "stdin", "stdout", "-l", "eng", "--dpi", str(DPI), "tsv"],
            input=image,
            capture_output=True,
            env=env,
            check=True,
        ).stdout

    with cf.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, images))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--ocr-pages", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    lines = [
        "Progress note: patient reports neck and lower back pain after the collision.",
        "Exam: tenderness over C5-C6 paraspinals; range of motion reduced by 20%.",
        "Plan: physical therapy twice weekly for six weeks; follow up in 14 days.",
    ]
    text_pdf = samples.text_pdf([[f"Page {n}", *lines] for n in range(args.pages)])
    options = PagesOptions(workers=1)
    engine = best(args.repeat, lambda: read_pages(text_pdf, options=options))
    bare = best(args.repeat, lambda: bare_text(text_pdf))
    print(f"(a) text, {args.pages}-page PDF ({len(text_pdf) / 1e6:.1f} MB)")
    print(
        f"    bare pypdfium2     {bare:8.3f} s  ({bare / args.pages * 1e3:.2f} ms/page)"
    )
    per_page = engine / args.pages * 1e3
    print(f"    read_pages         {engine:8.3f} s  ({per_page:.2f} ms/page)")
    print(f"    ratio              {engine / bare:8.2f}x")

    scans = samples.scanned_pdf(
        [[f"Scanned page {n}", *lines[:2]] for n in range(args.ocr_pages)]
    )
    images = rendered_images(scans)
    print(
        f"(b) OCR, {args.ocr_pages} scanned pages at {DPI} dpi (cpus: {os.cpu_count()})"
    )
    for workers in (1, 2):
        opts = PagesOptions(workers=workers, dpi=DPI)
        engine = best(args.repeat, lambda o=opts: read_pages(scans, options=o))
        bare = best(args.repeat, lambda w=workers: bare_tesseract(images, w))
        per = args.ocr_pages
        print(
            f"    workers={workers}: bare tesseract {bare:6.2f} s"
            f" ({bare / per:.3f} s/page), read_pages {engine:6.2f} s"
            f" ({engine / per:.3f} s/page), ratio {engine / bare:.2f}x"
        )


if __name__ == "__main__":
    main()
