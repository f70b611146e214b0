from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from paradesk.engines.fulltext import SCHEMA_VERSION, PageIndex

# tantivy's floor is 15 MB per indexing thread; one thread keeps the tests light.
SMALL_HEAP = 15_000_000

OpenWriter = Callable[..., PageIndex]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def open_writer(root: Path) -> Iterator[OpenWriter]:
    opened: list[PageIndex] = []

    def open_(*, schema_version: int = SCHEMA_VERSION) -> PageIndex:
        index = PageIndex(
            root,
            writable=True,
            schema_version=schema_version,
            heap_bytes=SMALL_HEAP,
            threads=1,
        )
        opened.append(index)
        return index

    yield open_
    for index in opened:
        index.close()


@pytest.fixture
def writer(open_writer: OpenWriter) -> PageIndex:
    return open_writer()
