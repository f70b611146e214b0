"""Zip expansion: ordinary archives in, bombs and traversal out, nothing half-taken."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from paradesk.engines.archives import ArchiveError, Limits, expand, is_zip, safe_name


def make_zip(
    files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_files_come_out_in_order_with_their_paths() -> None:
    data = make_zip({"records/er.pdf": b"%PDF-1.4 er", "bills/ub04.txt": b"UB-04"})
    entries, skipped = expand(data)
    assert [(e.name, e.data) for e in entries] == [
        ("records/er.pdf", b"%PDF-1.4 er"),
        ("bills/ub04.txt", b"UB-04"),
    ]
    assert skipped == []
    assert is_zip(data)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a/b.pdf", "a/b.pdf"),
        ("./a//b.pdf", "a/b.pdf"),
        ("a\\b.pdf", "a/b.pdf"),
        ("../etc/passwd", None),
        ("a/../../b", None),
        ("/etc/passwd", None),
        ("C:/Windows/x", None),
        ("", None),
    ],
)
def test_safe_name(raw: str, expected: str | None) -> None:
    assert safe_name(raw) == expected


def test_traversal_and_absolute_entries_are_skipped_not_written() -> None:
    data = make_zip({"../evil.txt": b"x", "/abs.txt": b"y", "ok.txt": b"fine"})
    entries, skipped = expand(data)
    assert [e.name for e in entries] == ["ok.txt"]
    assert {s.reason for s in skipped} == {"its path points outside the archive"}


def test_symlink_entries_are_skipped() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("real.txt", b"real")
    entries, skipped = expand(buffer.getvalue())
    assert [e.name for e in entries] == ["real.txt"]
    assert skipped[0].reason == "a symbolic link, not a file"


def test_a_zip_bomb_is_refused_before_expanding() -> None:
    bomb = make_zip({"zeros.bin": b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(ArchiveError, match="zip bomb"):
        expand(bomb)


def test_total_size_limit_is_checked_on_declared_sizes() -> None:
    data = make_zip({"a.txt": b"a" * 5000, "b.txt": b"b" * 5000}, compression=0)
    with pytest.raises(ArchiveError, match="would expand to"):
        expand(data, limits=Limits(max_total_bytes=8000))


def test_too_many_entries_is_refused() -> None:
    data = make_zip({f"{n}.txt": b"x" for n in range(11)})
    with pytest.raises(ArchiveError, match="holds 11 files"):
        expand(data, limits=Limits(max_entries=10))


def test_an_entry_that_lies_about_its_size_is_not_taken() -> None:
    data = bytearray(make_zip({"liar.txt": b"A" * 1000}, compression=0))
    # Shrink the declared size in both headers: the stored bytes are still 1000.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    data[22:26] = (10).to_bytes(4, "little")
    entries, skipped = expand(bytes(data))
    assert entries == []
    assert skipped[0].reason.startswith("damaged in the archive")


def test_empty_and_clutter_entries_are_left_out() -> None:
    data = make_zip(
        {
            "__MACOSX/._a.pdf": b"junk",
            ".DS_Store": b"junk",
            "empty.txt": b"",
            "a.txt": b"a",
        }
    )
    entries, skipped = expand(data)
    assert [e.name for e in entries] == ["a.txt"]
    assert [(s.name, s.reason) for s in skipped] == [("empty.txt", "empty")]


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 truncated", b"not a zip at all"])
def test_unreadable_archives_say_so(data: bytes) -> None:
    with pytest.raises(ArchiveError, match="cannot be read"):
        expand(data)


def test_unicode_and_long_names_survive() -> None:
    name = "Médical/" + "é" * 200 + ".txt"
    entries, _ = expand(make_zip({name: b"x"}))
    assert entries[0].name == name
