"""Streaming blobs: bounded memory for huge files, and the segment format's integrity.

The chunked format (STREAM) seals each segment separately, so these tests cut, swap,
drop and append whole segments of real sealed files and expect every change to fail.
"""

from __future__ import annotations

import hashlib
import io
import random
import tracemalloc
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.core.keys import KeyRing, MasterKey, current_master_key
from paradesk.core.storage import (
    HEADER_BYTES,
    LocalEncryptedStore,
    StorageError,
    get_store,
    open_sealed_stream,
    seal_single_shot,
    seal_stream,
    unseal,
)

MIB = 1 << 20
SMALL_LOG2 = 12
SMALL = 1 << SMALL_LOG2
TAG = 16


def _noise(seed: int, size: int) -> bytes:
    """Repeatable test content that does not compress or repeat."""
    return random.Random(seed).randbytes(size)  # noqa: S311 (test data, not a secret)


class GeneratedStream:
    """`size` bytes made on demand, never all in memory: a counter-stamped random block.

    Each 1 MiB block starts with its own index, so blocks differ and a reordering
    would change the hash.
    """

    def __init__(self, size: int, *, seed: int = 7) -> None:
        self.size = size
        self.position = 0
        self._base = _noise(seed, MIB)

    def _byte_range(self, start: int, count: int) -> bytes:
        block, offset = divmod(start, MIB)
        stamped = block.to_bytes(8, "big") + self._base[8:]
        return stamped[offset : offset + count]

    def read(self, size: int = -1) -> bytes:
        left = self.size - self.position
        want = left if size < 0 else min(size, left)
        parts = []
        while want > 0:
            piece = self._byte_range(self.position, want)
            parts.append(piece)
            self.position += len(piece)
            want -= len(piece)
        return b"".join(parts)


def _digest_of(stream: GeneratedStream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(4 * MIB), b""):
        digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture
def home(tmp_path: Path, settings: SettingsWrapper) -> Path:
    settings.PARADESK_MASTER_KEY = ""
    settings.PARADESK_MASTER_KEY_FILE = ""
    settings.PARADESK_HOME = tmp_path / "home"
    settings.PARADESK_STORAGE = "local"
    return tmp_path / "home"


def test_a_300_mb_stream_round_trips_in_bounded_memory(home: Path) -> None:
    size = 300 * MIB + 12345
    expected = _digest_of(GeneratedStream(size))
    store = get_store()

    tracemalloc.start()
    try:
        sha256 = store.put_stream(GeneratedStream(size), size_hint=size)
        _, put_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest = hashlib.sha256()
        original = GeneratedStream(size)
        read_back = 0
        with store.open_stream(sha256) as plain:
            for chunk in iter(lambda: plain.read(4 * MIB), b""):
                assert chunk == original.read(len(chunk))
                digest.update(chunk)
                read_back += len(chunk)
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert sha256 == expected
    assert digest.hexdigest() == expected
    assert read_back == size
    assert put_peak < 64 * MIB, put_peak
    assert read_peak < 64 * MIB, read_peak
    sealed_size = LocalEncryptedStore().path_for(sha256).stat().st_size
    assert sealed_size == HEADER_BYTES + size + TAG * -(-size // MIB)


def test_put_stream_of_stored_content_keeps_one_blob(home: Path) -> None:
    store = get_store()
    first = store.put_stream(io.BytesIO(b"intake form" * 1000))
    second = store.put_stream(io.BytesIO(b"intake form" * 1000))
    assert first == second == store.put(b"intake form" * 1000)
    assert list(store.iter_keys()) == [first]
    leftovers = [p.name for p in (home / "blobs").iterdir() if p.is_file()]
    assert leftovers == []


def test_a_stream_with_short_reads_is_stored_whole(home: Path) -> None:
    class Trickle:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def read(self, size: int = -1) -> bytes:
            take = min(size, 777) if size >= 0 else 777
            piece, self.data = self.data[:take], self.data[take:]
            return piece

    data = _noise(3, 3 * MIB + 5)
    sha256 = get_store().put_stream(Trickle(data))
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert get_store().read(sha256) == data


@pytest.mark.parametrize("size", [0, 1, SMALL - 1, SMALL, SMALL + 1, 5 * SMALL])
def test_segment_boundaries_round_trip(size: int) -> None:
    data = _noise(size, size)
    master = MasterKey.from_bytes(bytes(range(32)))
    sink = io.BytesIO()
    sha256 = seal_stream(io.BytesIO(data), sink, master, segment_log2=SMALL_LOG2)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert unseal(sink.getvalue(), sha256, master) == data


def _sealed_segments(data: bytes) -> tuple[MasterKey, str, bytes, list[bytes]]:
    master = MasterKey.from_bytes(bytes(range(32)))
    sink = io.BytesIO()
    sha256 = seal_stream(io.BytesIO(data), sink, master, segment_log2=SMALL_LOG2)
    sealed = sink.getvalue()
    body = sealed[HEADER_BYTES:]
    chunk = SMALL + TAG
    return (
        master,
        sha256,
        sealed[:HEADER_BYTES],
        [body[i : i + chunk] for i in range(0, len(body), chunk)],
    )


DATA = _noise(11, 4 * SMALL + 100)


def _reorder(segments: list[bytes]) -> list[bytes]:
    return [segments[1], segments[0], *segments[2:]]


def _drop_middle(segments: list[bytes]) -> list[bytes]:
    return segments[:2] + segments[3:]


def _drop_last(segments: list[bytes]) -> list[bytes]:
    return segments[:-1]


def _repeat(segments: list[bytes]) -> list[bytes]:
    return [segments[0], *segments]


def _append(segments: list[bytes]) -> list[bytes]:
    return [*segments, segments[1]]


def _flip(segments: list[bytes]) -> list[bytes]:
    changed = bytearray(segments[2])
    changed[5] ^= 0x80
    return [*segments[:2], bytes(changed), *segments[3:]]


def _cut_inside_last(segments: list[bytes]) -> list[bytes]:
    return [*segments[:-1], segments[-1][:-3]]


@pytest.mark.parametrize(
    "change",
    [_reorder, _drop_middle, _drop_last, _repeat, _append, _flip, _cut_inside_last],
)
def test_an_altered_segment_sequence_fails(change: object) -> None:
    master, sha256, header, segments = _sealed_segments(DATA)
    assert len(segments) == 5
    assert callable(change)
    altered = header + b"".join(change(segments))
    with pytest.raises(StorageError, match="failed authentication"):
        unseal(altered, sha256, master)


def test_a_streaming_reader_hands_out_only_verified_segments() -> None:
    master, sha256, header, segments = _sealed_segments(DATA)
    altered = header + b"".join(_flip(segments))
    with open_sealed_stream(io.BytesIO(altered), sha256, master) as plain:
        assert plain.read(2 * SMALL) == DATA[: 2 * SMALL]
        with pytest.raises(StorageError, match="failed authentication"):
            plain.read(SMALL)


def test_a_blob_moved_to_another_name_fails_its_final_tag() -> None:
    master, _sha256, header, segments = _sealed_segments(DATA)
    other = hashlib.sha256(b"another document").hexdigest()
    with pytest.raises(StorageError, match="failed authentication"):
        unseal(header + b"".join(segments), other, master)


def test_a_header_naming_a_huge_segment_is_refused() -> None:
    master, sha256, header, segments = _sealed_segments(DATA)
    bad = bytearray(header)
    bad[HEADER_BYTES - 5] = 40
    with pytest.raises(StorageError, match="damaged header"):
        unseal(bytes(bad) + b"".join(segments), sha256, master)


def test_a_stored_chunked_blob_tampered_on_disk_fails(home: Path) -> None:
    data = _noise(5, 3 * MIB)
    store = get_store()
    sha256 = store.put(data)
    path = LocalEncryptedStore().path_for(sha256)
    sealed = bytearray(path.read_bytes())
    sealed[HEADER_BYTES + MIB + TAG + 9] ^= 0x01
    path.write_bytes(bytes(sealed))
    with pytest.raises(StorageError, match="failed authentication"):
        store.read(sha256)
    with (
        store.open_stream(sha256) as plain,
        pytest.raises(StorageError, match="failed authentication"),
    ):
        plain.read()


def test_blobs_in_the_single_shot_format_still_read_and_rotate(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"Written by the first release, before segments." * 500
    sha256 = hashlib.sha256(data).hexdigest()
    old = current_master_key()
    store = LocalEncryptedStore()
    path = store.path_for(sha256)
    path.parent.mkdir(parents=True)
    path.write_bytes(seal_single_shot(data, sha256, old))
    assert store.read(sha256) == data
    assert store.open_stream(sha256).read() == data
    assert get_store().put(data) == sha256
    assert path.read_bytes()[4] == 1

    new = MasterKey.from_bytes(bytes(range(32)))
    assert store.rewrap(sha256, KeyRing(current=new, previous=(old,)))
    assert store.key_id_of(sha256) == new.key_id
    assert unseal(path.read_bytes(), sha256, new) == data


def test_rotation_of_a_chunked_blob_keeps_its_segments(home: Path) -> None:
    data = _noise(9, 2 * MIB + 3)
    store = LocalEncryptedStore()
    sha256 = store.put(data)
    path = store.path_for(sha256)
    before = path.read_bytes()
    old = current_master_key()
    new = MasterKey.from_bytes(bytes(range(32)))
    assert store.rewrap(sha256, KeyRing(current=new, previous=(old,)))
    after = path.read_bytes()
    assert after[HEADER_BYTES:] == before[HEADER_BYTES:]
    assert after[4] == before[4] == 2
    assert unseal(after, sha256, new) == data
