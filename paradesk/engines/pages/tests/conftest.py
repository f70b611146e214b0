"""OCR tests run against the real tesseract; without it they skip, or fail in CI."""

from __future__ import annotations

import os

import pytest

from paradesk.engines.pages.ocr import tesseract_path


@pytest.fixture(autouse=True)
def _tesseract_for_ocr_tests(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("ocr") is None or tesseract_path():
        return
    reason = "tesseract is not installed (Debian: apt-get install tesseract-ocr)"
    if os.environ.get("PARADESK_REQUIRE_OCR") == "1":
        pytest.fail(f"PARADESK_REQUIRE_OCR=1 but {reason}")
    pytest.skip(reason)
