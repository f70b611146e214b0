"""The index on disk is owner-only and does not grow without bound."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from paradesk.engines.fulltext import PageIndex

from .factories import page


def modes(root: Path) -> dict[str, int]:
    found = {}
    for directory, subdirs, files in os.walk(root):
        for name in [*subdirs, *files]:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                found[os.path.relpath(path, root)] = stat.S_IMODE(os.stat(path).st_mode)
    return found


def test_directories_are_0700_and_files_0600(writer: PageIndex, root: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        writer.add_pages(page(f"whiplash {n}") for n in range(50))
        writer.commit()
        writer.rebuild(page(f"fracture {n}") for n in range(50))
        writer.add_pages([page("sprain")])
        writer.commit()
        writer.close()
    finally:
        os.umask(old_umask)

    found = modes(root)
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert any(name.endswith("meta.json") for name in found)
    for name, mode in found.items():
        expected = 0o700 if (root / name).is_dir() else 0o600
        assert mode == expected, name


def test_deleted_pages_do_not_leave_files_behind(writer: PageIndex, root: Path) -> None:
    def footprint() -> int:
        generation = writer.live_path
        assert generation is not None
        return sum(p.stat().st_size for p in generation.iterdir())

    writer.commit()
    empty = footprint()
    for round_ in range(5):
        for version in range(5):
            writer.add_pages(
                page(f"round {round_} whiplash " * 50, version_id=version)
                for _ in range(20)
            )
            writer.commit()
        for version in range(5):
            writer.delete_version(version)
        writer.commit()

        assert footprint() < empty + 4096
