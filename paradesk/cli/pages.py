"""`paradesk pages FILE [--json]`: the pages engine alone, no Django, no database."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paradesk.engines.pages import Extraction


def pages(argv: list[str]) -> int:
    """`paradesk pages FILE [--json]`: a file's text page by page, on stdout.

    Exit status 2 with one line on stderr when the file cannot be read; a page that
    failed alone (time or pixel limit) is named on stderr and the rest still print.
    """
    parser = argparse.ArgumentParser(
        prog="paradesk pages",
        description="Print a file's text page by page (PDF, Word, image, e-mail).",
    )
    parser.add_argument("file", help="the file to read")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"pages": [{"number", "text", "method", "confidence"}, ...]}',
    )
    options = parser.parse_args(argv)
    # Imported here so the Django commands never pay for PDFium and Pillow.
    from paradesk.engines.pages import UnreadableError, read_pages

    try:
        extraction = read_pages(Path(options.file))
    except UnreadableError as exc:
        return _unreadable(options.file, exc.reason)
    except FileNotFoundError:
        return _unreadable(options.file, "not found")
    except IsADirectoryError:
        return _unreadable(options.file, "is a directory, not a file")
    except PermissionError:
        return _unreadable(options.file, "permission denied")
    except OSError as exc:
        return _unreadable(options.file, exc.strerror or "could not be read")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    if options.json:
        listed = [
            {
                "number": page.number,
                "text": page.text,
                "method": page.method,
                "confidence": page.confidence,
            }
            for page in extraction.pages
        ]
        print(json.dumps({"pages": listed}, ensure_ascii=False, indent=2))
    else:
        _print_pages(extraction, prefix="")
    for page in extraction.pages:
        if page.error:
            print(f"paradesk pages: page {page.number}: {page.error}", file=sys.stderr)
    return 0


def _unreadable(file: str, reason: str) -> int:
    print(f"paradesk pages: {file}: {reason}", file=sys.stderr)
    return 2


def _print_pages(extraction: Extraction, *, prefix: str) -> None:
    for page in extraction.pages:
        how: str = page.method
        if page.confidence is not None:
            how += f", confidence {page.confidence:.1f}"
        if page.error:
            how += f", failed: {page.error}"
        print(f"===== {prefix}page {page.number} ({how}) =====")
        print(page.text)
    for attachment in extraction.attachments:
        label = f"{prefix}{attachment.name} / "
        if attachment.extraction is None:
            print(
                f"===== {prefix}attachment {attachment.name}: {attachment.error} ====="
            )
            continue
        print(f"===== {prefix}attachment {attachment.name} =====")
        _print_pages(attachment.extraction, prefix=label)
