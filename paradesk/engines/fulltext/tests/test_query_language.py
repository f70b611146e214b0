"""Words, phrases, AND/OR/NOT, +/-, prefixes and parentheses find the right pages."""

from __future__ import annotations

import pytest

from paradesk.engines.fulltext import PageIndex

from .factories import page

PAGES = {
    1: "Rear-end collision on Route 9; the plaintiff reported neck pain.",
    2: "MRI of the cervical spine shows a disc herniation at C5-C6.",
    3: "Physical therapy for whiplash injury, twelve sessions.",
    4: "Dr. Müller noted lumbar pain and prescribed physical therapy.",
    5: "The defendant's insurer denied the claim for neck injuries.",
}


@pytest.fixture
def index(writer: PageIndex) -> PageIndex:
    writer.add_pages(page(text, document_id=key) for key, text in PAGES.items())
    writer.commit()
    return writer


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("whiplash", {3}),
        ("WHIPLASH", {3}),
        ("neck", {1, 5}),
        ("neck pain", {1}),
        ("neck AND pain", {1}),
        ("+neck +pain", {1}),
        ("neck OR lumbar", {1, 4, 5}),
        ("neck NOT insurer", {1}),
        ("neck -insurer", {1}),
        ("pain NOT (neck OR therapy)", set()),
        ("(neck OR lumbar) AND pain", {1, 4}),
        ('"physical therapy"', {3, 4}),
        ('"therapy physical"', set()),
        ('"neck pain" OR whiplash', {1, 3}),
        ("rear-end", {1}),
        ("injur*", {3, 5}),
        ("herni*", {2}),
        ('"physical ther"*', {3, 4}),
        ("muller", {4}),
        ("Müller", {4}),
        ("c5", {2}),
        ("neck and", set()),
        ("gallbladder", set()),
    ],
)
def test_query_finds_expected_pages(
    index: PageIndex, query: str, expected: set[int]
) -> None:
    result = index.search(query, matter_ids={1})
    assert {hit.document_id for hit in result.hits} == expected
    assert result.total == len(expected)


def test_pages_with_more_matches_rank_first(writer: PageIndex) -> None:
    writer.add_pages(
        [
            page("whiplash once among many other words here", document_id=10),
            page("whiplash whiplash whiplash", document_id=11),
        ]
    )
    writer.commit()

    result = writer.search("whiplash", matter_ids={1})

    assert [hit.document_id for hit in result.hits] == [11, 10]
    assert result.hits[0].score > result.hits[1].score


def test_hit_names_document_version_and_page(writer: PageIndex) -> None:
    writer.add_pages(
        [page("fracture", document_id=7, version_id=70, page_number=12, title="x.pdf")]
    )
    writer.commit()

    (hit,) = writer.search("fracture", matter_ids={1}).hits

    assert (hit.document_id, hit.version_id, hit.page_number) == (7, 70, 12)
    assert (hit.matter_id, hit.title) == (1, "x.pdf")


def test_offset_pages_through_results(writer: PageIndex) -> None:
    writer.add_pages(page("sprain " * n, document_id=n) for n in range(1, 6))
    writer.commit()

    first = writer.search("sprain", matter_ids={1}, limit=2)
    second = writer.search("sprain", matter_ids={1}, limit=2, offset=2)

    assert first.total == second.total == 5
    assert len(first.hits) == len(second.hits) == 2
    seen = {hit.document_id for hit in first.hits + second.hits}
    assert len(seen) == 4
