"""A malformed query is a QuerySyntaxError with a plain message, never a trace."""

from __future__ import annotations

import re

import pytest

from paradesk.engines.fulltext import PageIndex, QuerySyntaxError

from .factories import page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "at least one word"),
        ("   ", "at least one word"),
        ('"secretword unbalanced', "never closed"),
        ('whiplash "secretword', "character 10 is never closed"),
        ("AND secretword", "needs a word on each side"),
        ("secretword AND", "must be followed by a word"),
        ("secretword OR", "must be followed by a word"),
        ("secretword AND OR neck", "must be followed by a word"),
        ("secretword NOT", "must be followed by a word"),
        ("(secretword", "never closed"),
        ("secretword)", "has no matching ("),
        ("neck ()", "character 6 are empty"),
        ("NOT secretword", "need a word to search for"),
        ("-secretword", "need a word to search for"),
        ("neck OR -secretword", "need a word to search for"),
        ("neck - secretword", "must be attached to a word"),
        ("neck --secretword", "Doubled operator"),
        ("secr*etword", "not at the end of a word"),
        ("s*", "at least 2 letters"),
        ("*", "no letters or digits"),
        ("!!! ???", "no letters or digits"),
        ("(" * 40 + "neck" + ")" * 40, "nested"),
        ("neck " * 300, "longer than"),
        (" ".join(f"w{n}" for n in range(70)), "more than 64"),
    ],
)
def test_malformed_query_says_why(writer: PageIndex, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)) as caught:
        writer.search(query, matter_ids={1})

    assert "secretword" not in str(caught.value)


def test_malformed_query_is_reported_even_with_no_permitted_matter(
    writer: PageIndex,
) -> None:
    with pytest.raises(QuerySyntaxError):
        writer.search('"unclosed', matter_ids=set())


def test_field_syntax_is_searched_as_plain_words(writer: PageIndex) -> None:
    writer.add_pages([page("matter 2 notes", matter_id=1)])
    writer.commit()

    result = writer.search("matter_id:2", matter_ids={1})

    assert result.total == 0


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (1001, 0), (10, -1)])
def test_out_of_range_paging_is_refused(
    writer: PageIndex, limit: int, offset: int
) -> None:
    with pytest.raises(ValueError, match="must be between"):
        writer.search("neck", matter_ids={1}, limit=limit, offset=offset)
