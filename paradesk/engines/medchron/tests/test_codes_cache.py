"""Where the ICD-10-CM table is cached is the caller's to say: the engine reads no
environment variable."""

from __future__ import annotations

from pathlib import Path

from paradesk.engines.medchron import codes


def test_the_cache_folder_is_the_one_given_else_the_users_cache(tmp_path: Path) -> None:
    before = list(codes._CACHE_DIR)
    try:
        codes._CACHE_DIR.clear()
        assert codes._cache_dir() == Path.home() / ".cache" / "paradesk"
        codes.use_cache_dir(tmp_path)
        assert codes._cache_dir() == tmp_path
    finally:
        codes._CACHE_DIR[:] = before


def test_the_engine_reads_no_environment() -> None:
    source = Path(codes.__file__).read_text(encoding="utf-8")
    assert "os.environ" not in source
    assert "getenv" not in source
