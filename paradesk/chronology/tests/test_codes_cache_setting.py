"""The app hands the engine its cache folder from settings (PARADESK_CACHE_DIR)."""

from __future__ import annotations

from django.conf import settings

from paradesk.engines.medchron import codes


def test_the_app_gives_the_engine_the_settings_cache_folder() -> None:
    assert codes._cache_dir() == settings.PARADESK_CACHE_DIR
