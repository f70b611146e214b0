"""A rebuild is built beside the live index and swapped in atomically."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paradesk.engines.fulltext import IndexLockedError, PageEntry, PageIndex, rebuild

from .conftest import SMALL_HEAP, OpenWriter
from .factories import page


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("v*/g-*"))


def test_rebuild_replaces_the_content(writer: PageIndex) -> None:
    writer.add_pages([page("whiplash")])
    writer.commit()

    count = writer.rebuild([page("fracture"), page("fracture")])

    assert count == 2
    assert writer.search("whiplash", matter_ids={1}).total == 0
    assert writer.search("fracture", matter_ids={1}).total == 2


def test_reader_opened_before_the_swap_keeps_working(
    writer: PageIndex, root: Path
) -> None:
    writer.add_pages([page("whiplash")])
    writer.commit()
    old_reader = PageIndex(root)
    old_generation = old_reader.live_path

    writer.rebuild([page("fracture")])

    assert old_generation is not None
    assert not old_generation.exists()
    assert old_reader.search("whiplash", matter_ids={1}).total == 1
    assert PageIndex(root).search("fracture", matter_ids={1}).total == 1
    assert PageIndex(root).search("whiplash", matter_ids={1}).total == 0
    old_reader.reload()
    assert old_reader.search("fracture", matter_ids={1}).total == 1
    assert old_reader.search("whiplash", matter_ids={1}).total == 0


def test_writer_keeps_writing_to_the_rebuilt_index(
    writer: PageIndex, root: Path
) -> None:
    writer.rebuild([page("fracture")])

    writer.add_pages([page("whiplash")])
    writer.commit()

    assert PageIndex(root).search("fracture OR whiplash", matter_ids={1}).total == 2


def test_old_generations_are_removed_after_the_swap(
    writer: PageIndex, root: Path
) -> None:
    writer.rebuild([page("fracture")])
    writer.rebuild([page("sprain")])

    assert len(generations(root)) == 1


def test_failed_rebuild_leaves_the_live_index_untouched(
    writer: PageIndex, root: Path
) -> None:
    writer.add_pages([page("whiplash")])
    writer.commit()
    before = generations(root)

    def entries() -> Iterator[PageEntry]:
        yield page("fracture")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        writer.rebuild(entries())

    assert generations(root) == before
    assert PageIndex(root).search("whiplash", matter_ids={1}).total == 1
    writer.add_pages([page("sprain")])
    writer.commit()
    assert PageIndex(root).search("sprain", matter_ids={1}).total == 1


def test_rebuild_function_is_refused_while_the_worker_writes(
    writer: PageIndex, root: Path
) -> None:
    with pytest.raises(IndexLockedError):
        rebuild(root, [page("fracture")], heap_bytes=SMALL_HEAP, threads=1)


def test_rebuild_function_builds_a_fresh_root(
    root: Path, open_writer: OpenWriter
) -> None:
    count = rebuild(root, [page("fracture")], heap_bytes=SMALL_HEAP, threads=1)

    assert count == 1
    assert PageIndex(root).search("fracture", matter_ids={1}).total == 1
    assert open_writer().writable
