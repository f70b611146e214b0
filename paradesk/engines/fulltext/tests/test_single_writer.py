"""One writer at a time; readers see its commits when they reload."""

from __future__ import annotations

from pathlib import Path

import pytest

from paradesk.engines.fulltext import (
    IndexLockedError,
    PageIndex,
    ReadOnlyIndexError,
)

from .conftest import OpenWriter
from .factories import page


def test_second_writer_is_refused_while_the_lock_is_held(
    writer: PageIndex, open_writer: OpenWriter
) -> None:
    with pytest.raises(IndexLockedError, match="only one writer"):
        open_writer()


def test_writer_lock_is_released_on_close(
    writer: PageIndex, open_writer: OpenWriter
) -> None:
    writer.close()

    assert open_writer().writable


def test_reader_cannot_write(writer: PageIndex, root: Path) -> None:
    reader = PageIndex(root)

    with pytest.raises(ReadOnlyIndexError):
        reader.add_pages([page("whiplash")])
    with pytest.raises(ReadOnlyIndexError):
        reader.delete_version(1)
    with pytest.raises(ReadOnlyIndexError):
        reader.commit()


def test_reader_sees_a_commit_only_after_reload(writer: PageIndex, root: Path) -> None:
    reader = PageIndex(root)
    writer.add_pages([page("whiplash")])
    writer.commit()

    before = reader.search("whiplash", matter_ids={1}).total
    reader.reload()
    after = reader.search("whiplash", matter_ids={1}).total

    assert (before, after) == (0, 1)


def test_uncommitted_pages_are_not_searchable(writer: PageIndex, root: Path) -> None:
    writer.add_pages([page("whiplash")])

    assert writer.search("whiplash", matter_ids={1}).total == 0
    assert PageIndex(root).search("whiplash", matter_ids={1}).total == 0


def test_committed_pages_survive_reopening(
    writer: PageIndex, open_writer: OpenWriter, root: Path
) -> None:
    writer.add_pages([page("whiplash")])
    writer.commit()
    writer.close()

    reopened = open_writer()

    assert not reopened.created_fresh
    assert reopened.search("whiplash", matter_ids={1}).total == 1
    assert PageIndex(root).search("whiplash", matter_ids={1}).total == 1


def test_close_discards_uncommitted_pages(
    writer: PageIndex, open_writer: OpenWriter
) -> None:
    writer.add_pages([page("whiplash")])
    writer.close()

    assert open_writer().search("whiplash", matter_ids={1}).total == 0


def test_delete_version_removes_only_that_versions_pages(writer: PageIndex) -> None:
    writer.add_pages(
        [
            page("whiplash", document_id=1, version_id=10, page_number=1),
            page("whiplash", document_id=1, version_id=10, page_number=2),
            page("whiplash", document_id=1, version_id=11, page_number=1),
        ]
    )
    writer.commit()

    writer.delete_version(10)
    writer.commit()

    result = writer.search("whiplash", matter_ids={1})
    assert [(hit.version_id, hit.page_number) for hit in result.hits] == [(11, 1)]


def test_delete_document_removes_every_version(writer: PageIndex) -> None:
    writer.add_pages(
        [
            page("whiplash", document_id=1, version_id=10),
            page("whiplash", document_id=1, version_id=11),
            page("whiplash", document_id=2, version_id=20),
        ]
    )
    writer.commit()

    writer.delete_document(1)
    writer.commit()

    result = writer.search("whiplash", matter_ids={1})
    assert [hit.document_id for hit in result.hits] == [2]


def test_reader_on_a_missing_index_finds_nothing_until_one_exists(
    root: Path, open_writer: OpenWriter
) -> None:
    reader = PageIndex(root)
    assert reader.search("whiplash", matter_ids={1}).total == 0

    writer = open_writer()
    writer.add_pages([page("whiplash")])
    writer.commit()
    reader.reload()

    assert reader.search("whiplash", matter_ids={1}).total == 1
