"""Permitted matters are part of the query: ranking and counts see nothing else."""

from __future__ import annotations

from pathlib import Path

from paradesk.engines.fulltext import PageIndex

from .factories import page

ALLOWED = 1
FORBIDDEN = 2


def test_pages_of_other_matters_are_never_returned(writer: PageIndex) -> None:
    writer.add_pages(
        [
            page("whiplash", matter_id=ALLOWED, document_id=1),
            page("whiplash", matter_id=FORBIDDEN, document_id=2),
            page("whiplash", matter_id=3, document_id=3),
        ]
    )
    writer.commit()

    result = writer.search("whiplash", matter_ids={ALLOWED, 3})

    assert {hit.matter_id for hit in result.hits} == {ALLOWED, 3}
    assert result.total == 2


def test_top_k_is_ranked_among_permitted_pages_only(writer: PageIndex) -> None:
    strong = "whiplash " * 20
    writer.add_pages(
        page(strong, matter_id=FORBIDDEN, document_id=100 + n) for n in range(50)
    )
    weak = "one mention of whiplash among a great many other words " * 5
    writer.add_pages([page(weak, matter_id=ALLOWED, document_id=1)])
    writer.commit()

    result = writer.search("whiplash", matter_ids={ALLOWED}, limit=1)

    assert [hit.document_id for hit in result.hits] == [1]
    assert result.total == 1
    unfiltered = writer.search("whiplash", matter_ids={ALLOWED, FORBIDDEN}, limit=1)
    assert unfiltered.hits[0].score > result.hits[0].score


def test_permission_clause_leaves_scores_unchanged(writer: PageIndex) -> None:
    writer.add_pages(
        [
            page("whiplash neck", matter_id=ALLOWED, document_id=1),
            page("whiplash", matter_id=FORBIDDEN, document_id=2),
        ]
    )
    writer.commit()

    narrow = writer.search("whiplash", matter_ids={ALLOWED}).hits[0]
    wide = writer.search("whiplash", matter_ids={ALLOWED, FORBIDDEN})

    assert narrow.score == next(h.score for h in wide.hits if h.document_id == 1)


def test_negated_query_stays_within_permitted_matters(writer: PageIndex) -> None:
    writer.add_pages(
        [
            page("neck whiplash", matter_id=ALLOWED, document_id=1),
            page("neck strain", matter_id=FORBIDDEN, document_id=2),
        ]
    )
    writer.commit()

    assert writer.search("neck NOT whiplash", matter_ids={ALLOWED}).total == 0


def test_no_permitted_matter_returns_nothing_without_reading(tmp_path: Path) -> None:
    # No index exists at all: an empty permission set must not even look for one.
    reader = PageIndex(tmp_path / "never-created")

    result = reader.search("whiplash", matter_ids=set())

    assert result.hits == ()
    assert result.total == 0
    assert not (tmp_path / "never-created").exists()


def test_empty_permission_set_returns_nothing_on_a_full_index(
    writer: PageIndex,
) -> None:
    writer.add_pages([page("whiplash", matter_id=ALLOWED)])
    writer.commit()

    assert writer.search("whiplash", matter_ids=()).total == 0
