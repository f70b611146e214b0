"""Plain text: lenient decoding, one page per form feed."""

from __future__ import annotations

import pytest

from paradesk.engines.pages import read_pages


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (
            b"Intake call notes.\nClient reports neck pain.\n",
            "notes.txt",
            ["Intake call notes.\nClient reports neck pain."],
        ),
        (
            b"Page one.\r\n\fPage two.\r\n\fPage three.\f",
            "report.txt",
            ["Page one.", "Page two.", "Page three."],
        ),
        (
            "Résumé — naïve café\fSeite zwei".encode(),
            "x",
            ["Résumé — naïve café", "Seite zwei"],
        ),
        (
            b"Caf\xe9 receipt \x96 $12",
            "receipt.txt",
            ["Caf\u00e9 receipt \u2013 $12"],
        ),
        ("UTF-16 note\fsecond".encode("utf-16"), "note.txt", ["UTF-16 note", "second"]),
    ],
    ids=[
        "one-page",
        "form-feeds",
        "utf-8",
        "cp1252-by-extension",
        "utf-16-by-extension",
    ],
)
def test_text_is_decoded_and_split_on_form_feeds(
    data: bytes, name: str, expected: list[str]
) -> None:
    extraction = read_pages(data, name=name)

    assert extraction.kind == "text"
    assert [p.text for p in extraction.pages] == expected
    assert {(p.method, p.confidence) for p in extraction.pages} == {("text", None)}
