"""Test-wide configuration: fast hashing, jobs run inline, a private PARADESK_HOME.

The database comes from the environment like everywhere else: scripts/test runs the
suite once on SQLite and once with DATABASE_URL pointing at PostgreSQL.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import setting_changed

pytest_plugins = ["paradesk.testing.pytest_fixtures", "paradesk.testing.browser"]


def pytest_configure(config: pytest.Config) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    # Django is set up before this hook runs, and importing a module with a @task
    # already built the database backend: tell django-tasks the setting changed.
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    home = Path(tempfile.mkdtemp(prefix="paradesk-test-home-"))
    home.chmod(0o700)
    settings.PARADESK_HOME = home
    settings.STATIC_ROOT = home / "static"
    settings.STATIC_ROOT.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(home / "tmp")
    (home / "tmp").mkdir(mode=0o700)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
