"""Snippets mark the matched words with <mark> and escape everything else."""

from __future__ import annotations

import pytest

from paradesk.engines.fulltext import PageIndex

from .factories import page


def snippet_for(index: PageIndex, text: str, query: str) -> str:
    index.add_pages([page(text)])
    index.commit()
    (hit,) = index.search(query, matter_ids={1}).hits
    return hit.snippet_html


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        (
            "Patient reports whiplash after the collision.",
            "whiplash",
            "Patient reports <mark>whiplash</mark> after the collision.",
        ),
        (
            "Ran <script>alert('x')</script> whiplash & co",
            "whiplash",
            "Ran &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; "
            "<mark>whiplash</mark> &amp; co",
        ),
        (
            "a <b>bold</b> claim",
            "bold",
            "a &lt;b&gt;<mark>bold</mark>&lt;/b&gt; claim",
        ),
        (
            "Seen by Dr. Müller, café visit, then whiplash.",
            "muller OR cafe",
            "Seen by Dr. <mark>Müller</mark>, <mark>café</mark> visit, then whiplash.",
        ),
        (
            "Cervical injuries and an injured knee.",
            "injur*",
            "Cervical <mark>injuries</mark> and an <mark>injured</mark> knee.",
        ),
        (
            "neck pain, not back pain",
            '"back pain"',
            # tantivy marks each word of a phrase wherever it occurs.
            "neck <mark>pain</mark>, not <mark>back</mark> <mark>pain</mark>",
        ),
        (
            "whiplash and neck strain",
            "whiplash NOT fracture",
            "<mark>whiplash</mark> and neck strain",
        ),
    ],
)
def test_snippet_marks_matches_and_escapes_text(
    writer: PageIndex, text: str, query: str, expected: str
) -> None:
    assert snippet_for(writer, text, query) == expected


def test_script_in_page_text_never_comes_back_as_markup(writer: PageIndex) -> None:
    html = snippet_for(
        writer, '<script src="x"></script><img onerror=1> fracture', "fracture"
    )

    assert "<script" not in html
    assert "<img" not in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_long_page_gives_a_short_snippet_around_the_match(writer: PageIndex) -> None:
    text = "filler " * 200 + "the fracture was displaced " + "filler " * 200

    html = snippet_for(writer, text, "fracture")

    assert "<mark>fracture</mark>" in html
    assert html.startswith("…")
    assert html.endswith("…")
    assert len(html) < 300


def test_page_with_no_markable_word_opens_with_its_first_lines(
    writer: PageIndex,
) -> None:
    # A prefix matching more indexed words than the highlight cap still finds the
    # page; the snippet then falls back to the page's opening.
    writer.add_pages([page(f"zz{n:03d}") for n in range(40)])
    writer.add_pages([page("<zzz> " + "word " * 100, document_id=999)])
    writer.commit()

    result = writer.search("zz*", matter_ids={1}, limit=100)

    (hit,) = [hit for hit in result.hits if hit.document_id == 999]
    assert hit.snippet_html.startswith("&lt;")
    assert hit.snippet_html.endswith("…")
