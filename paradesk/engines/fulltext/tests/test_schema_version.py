"""An index of another schema version is never read: a fresh one starts beside it."""

from __future__ import annotations

from pathlib import Path

from paradesk.engines.fulltext import PageIndex

from .conftest import OpenWriter
from .factories import page


def test_new_schema_version_starts_empty_and_asks_for_a_rebuild(
    open_writer: OpenWriter, root: Path
) -> None:
    old = open_writer(schema_version=1)
    assert old.created_fresh
    old.add_pages([page("whiplash")])
    old.commit()
    old.close()

    new = open_writer(schema_version=2)

    assert new.created_fresh
    assert new.search("whiplash", matter_ids={1}).total == 0
    assert (
        PageIndex(root, schema_version=2).search("whiplash", matter_ids={1}).total == 0
    )


def test_old_version_stays_readable_until_the_new_one_is_rebuilt(
    open_writer: OpenWriter, root: Path
) -> None:
    old = open_writer(schema_version=1)
    old.add_pages([page("whiplash")])
    old.commit()
    old.close()
    new = open_writer(schema_version=2)

    assert PageIndex(root, schema_version=1).search("whiplash", matter_ids={1}).total
    new.rebuild([page("whiplash")])

    assert not (root / "v1").exists()
    assert new.search("whiplash", matter_ids={1}).total == 1
