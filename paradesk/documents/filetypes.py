"""Detected file types for the documents app, and their labels for people.

Detection itself lives in the pure engine (`paradesk.engines.pages.detect`), which
reads the files; this module re-exports it so the app names one place for types.
"""

from __future__ import annotations

from paradesk.engines.pages.detect import (
    DOCX,
    EMAIL,
    JPEG,
    MSG,
    PDF,
    PNG,
    TEXT,
    TIFF,
    UNKNOWN,
    ZIP,
    detect_content_type,
)

__all__ = [
    "DOCX",
    "EMAIL",
    "JPEG",
    "LABELS",
    "MSG",
    "PDF",
    "PNG",
    "TEXT",
    "TIFF",
    "UNKNOWN",
    "ZIP",
    "detect_content_type",
    "label_for",
]

LABELS = {
    PDF: "PDF",
    DOCX: "Word",
    ZIP: "ZIP archive",
    PNG: "PNG image",
    JPEG: "JPEG image",
    TIFF: "TIFF image",
    TEXT: "Text",
    EMAIL: "E-mail",
    MSG: "Outlook e-mail",
    UNKNOWN: "Other",
}


def label_for(content_type: str) -> str:
    """A short human name for a detected type ("PDF", "Word", "E-mail")."""
    return LABELS.get(content_type, content_type)
