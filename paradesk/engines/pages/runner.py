"""Pages collected in order while their OCR runs on up to `workers` at once."""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Iterator
from types import TracebackType

from paradesk.engines.pages.models import OcrResult, Page, PagesOptions
from paradesk.engines.pages.ocr import tesseract


class PageRunner:
    """Collects a document's pages, OCR'ing images on a pool of `options.workers`.

    Each OCR call starts its own tesseract process, so a thread only waits on that
    process; rendering stays on the caller's thread because PDFium is not thread-safe.
    At most two images per worker wait in memory, so a 2,000-page scan stays bounded.

    Args:
        total: how many pages the document has, for the progress callback.
        options: the reading options (OCR function, time limit, workers, progress).
    """

    def __init__(self, total: int, options: PagesOptions) -> None:
        self._total = total
        self._options = options
        self._ocr = options.ocr or tesseract
        self._pages: dict[int, Page] = {}
        # The next page `ready` hands out: pages stream out in order, and once out
        # they are not held here.
        self._next = 1
        self._done = 0
        self._pending: dict[cf.Future[OcrResult], int] = {}
        self._pool = cf.ThreadPoolExecutor(max_workers=max(1, options.workers))

    def __enter__(self) -> PageRunner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)

    def add(self, page: Page) -> None:
        """Records a page that needs no OCR (read from text, or already failed)."""
        self._pages[page.number] = page
        self._done += 1
        self._report()

    def add_image(self, number: int, image: bytes, *, dpi: int | None) -> None:
        """Queues page `number`'s image for OCR, waiting first if the queue is full."""
        while len(self._pending) >= 2 * max(1, self._options.workers):
            done, _ = cf.wait(self._pending, return_when=cf.FIRST_COMPLETED)
            self._collect(done)
        future = self._pool.submit(
            self._ocr, image, dpi=dpi, timeout=self._options.page_timeout
        )
        self._pending[future] = number

    def finish(self) -> tuple[Page, ...]:
        """Waits for every OCR and returns the pages in order."""
        self._collect(cf.wait(self._pending).done)
        return tuple(self._pages[number] for number in sorted(self._pages))

    def ready(self) -> Iterator[Page]:
        """The pages finished so far that continue the order, each given once and
        then forgotten (pages after one still in OCR wait for it)."""
        if self._pending:
            self._collect({future for future in self._pending if future.done()})
        while self._next in self._pages:
            yield self._pages.pop(self._next)
            self._next += 1

    def drain(self) -> Iterator[Page]:
        """Waits for every OCR and gives the remaining pages in order."""
        self._collect(cf.wait(self._pending).done)
        while self._pages:
            yield self._pages.pop(min(self._pages))

    def _collect(self, done: set[cf.Future[OcrResult]]) -> None:
        for future in done:
            number = self._pending.pop(future)
            self._pages[number] = _ocr_page(number, future, self._options)
            self._done += 1
            self._report()

    def _report(self) -> None:
        if self._options.progress is not None:
            self._options.progress(self._done, self._total)


def _ocr_page(number: int, future: cf.Future[OcrResult], options: PagesOptions) -> Page:
    try:
        result = future.result()
    except TimeoutError:
        return Page(
            number=number,
            text="",
            method="ocr",
            error=f"OCR ran past the {options.page_timeout:g}-second page limit",
        )
    except FileNotFoundError:
        return Page(
            number=number, text="", method="ocr", error="tesseract is not installed"
        )
    except (OSError, RuntimeError, ValueError) as exc:
        return Page(number=number, text="", method="ocr", error=f"OCR failed: {exc}")
    return Page(
        number=number, text=result.text, method="ocr", confidence=result.confidence
    )


def pixel_limit_error(
    width: float, height: float, options: PagesOptions, what: str
) -> str | None:
    """Why an image of `width` x `height` pixels is refused, or None if it fits."""
    pixels = int(width) * int(height)
    if pixels <= options.max_image_pixels:
        return None
    return (
        f"the {what} would be {int(width)} x {int(height)} pixels, over the"
        f" {options.max_image_pixels:,}-pixel limit"
    )
