"""Reading runs in a child process on a private temporary copy; the worker stays small.

A child that crashes, is killed or runs too long leaves a failed reading with a reason,
the version and its blob as they were, and can be read again.
"""

from __future__ import annotations

import json
import os
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

from paradesk.core.jobs import STALLED_AFTER
from paradesk.core.storage import get_store
from paradesk.documents import pagereader
from paradesk.documents.models import DocumentVersion, Ingest, IngestState, Page
from paradesk.documents.services import add_document
from paradesk.documents.services.ingest import (
    remove_abandoned_copies,
    retry_ingest,
    run_ingest,
)
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.personas import Firm

MB = 1024 * 1024
LINE = "Progress note: cervical strain improving with therapy; range of motion"


def stored_version(
    firm: Firm, data: bytes, name: str = "records.pdf"
) -> DocumentVersion:
    # The job is queued on commit, which the test transaction never reaches: each
    # test runs the reading itself.
    return add_document(
        actor=firm.paralegal, matter=firm.matter, file=data, name=name
    ).version


def ingest_of(version: DocumentVersion) -> Ingest:
    return Ingest.objects.get(version=version)


def leftover_copies() -> list[Path]:
    return sorted(Path(django_settings.FILE_UPLOAD_TEMP_DIR).glob("ingest-*"))


def child(monkeypatch: pytest.MonkeyPatch, program: str) -> None:
    """Runs `program` (Python source) as the page reader instead of the real one."""
    monkeypatch.setattr(pagereader, "READER_COMMAND", (sys.executable, "-c", program))


@pytest.fixture
def production(firm: Firm) -> DocumentVersion:
    """A 2,000-page text PDF of about 16 MB, stored and waiting to be read."""
    pages = [
        [f"Page {n:04d} line {i:02d}. {LINE} " * 2 for i in range(44)]
        for n in range(1, 2001)
    ]
    data = text_pdf(pages, size=(1224, 792))
    assert len(data) > 15 * MB
    return stored_version(firm, data, "production.pdf")


def test_a_2000_page_pdf_is_read_with_worker_memory_far_below_its_size(
    production: DocumentVersion,
) -> None:
    tracemalloc.start()
    try:
        run_ingest(version_id=production.pk, sha256=production.sha256)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    ingest = ingest_of(production)
    assert (ingest.state, ingest.pages_done, ingest.pages_total) == ("done", 2000, 2000)
    pages = Page.objects.filter(version=production)
    assert pages.count() == 2000
    assert pages.get(number=1999).text.startswith("Page 1999 line 00. Progress note")
    # The worker holds the store's decryption window (a few 1 MiB segments) and one
    # batch of pages, whatever the file's size. Reading the blob whole, as it once
    # did, peaked near 50 MiB for this file: sealed and plain copies, every page.
    size = production.size_bytes
    print(f"worker peak {peak / MB:.1f} MiB for a {size / MB:.1f} MiB file")
    assert peak < 6 * MB
    assert leftover_copies() == []


def test_the_child_gets_an_owner_only_copy_inside_the_home_and_no_secrets(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = stored_version(firm, text_pdf([["Lumbar MRI impression"]]))
    # Read only at start-up, or never by this process: setting them here changes
    # nothing for the worker, but the child must not inherit them.
    monkeypatch.setenv("DATABASE_URL", "postgres://paradesk:secret@db/paradesk")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-for-the-child")
    # The child reports what it was given as the "reason" the file is unreadable.
    child(
        monkeypatch,
        "import json, os, sys; r = json.load(sys.stdin); "
        "facts = {'file': oct(os.stat(r['path']).st_mode & 0o777), "
        "'folder': oct(os.stat(r['workdir']).st_mode & 0o777), "
        "'path': r['path'], 'content': open(r['path'], 'rb').read(5).decode(), "
        "'secrets': [k for k in os.environ if k in "
        "('DATABASE_URL', 'AWS_SECRET_ACCESS_KEY') or k.startswith('PARADESK_')], "
        "'tmp': os.environ['TMPDIR']}; "
        "print(json.dumps({'unread': json.dumps(facts), 'password': False}))",
    )

    run_ingest(version_id=version.pk, sha256=version.sha256)

    facts = json.loads(ingest_of(version).error)
    assert (facts["file"], facts["folder"]) == ("0o600", "0o700")
    assert facts["content"] == "%PDF-"
    home = Path(django_settings.PARADESK_HOME).resolve()
    assert Path(facts["path"]).resolve().is_relative_to(home / "tmp")
    assert facts["tmp"] == str(Path(facts["path"]).parent)
    assert facts["secrets"] == []
    assert not Path(facts["path"]).exists()
    assert leftover_copies() == []


def test_a_crashed_child_fails_the_reading_keeps_the_file_and_can_be_retried(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    version = stored_version(firm, text_pdf([["Cervical strain after collision"]]))
    with monkeypatch.context() as crash:
        child(crash, "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
        run_ingest(version_id=version.pk, sha256=version.sha256)

    ingest = ingest_of(version)
    assert ingest.state == IngestState.FAILED
    assert ingest.error == (
        "The page reader stopped unexpectedly (SIGSEGV). The file is kept as "
        "uploaded; try reading it again."
    )
    assert ingest.job is not None
    assert ingest.job.state == "failed"
    assert not Page.objects.filter(version=version).exists()
    assert get_store().read(version.sha256).startswith(b"%PDF-")
    assert leftover_copies() == []

    with django_capture_on_commit_callbacks(execute=True):
        retry_ingest(actor=firm.paralegal, version=version)
    ingest.refresh_from_db()
    assert (ingest.state, ingest.attempts) == (IngestState.DONE, 2)
    assert "Cervical strain" in Page.objects.get(version=version).text


def test_a_child_that_dies_midway_through_the_pages_stores_none(
    firm: Firm, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = stored_version(firm, text_pdf([["one"], ["two"]]))
    page = {"number": 1, "text": "one", "method": "text", "confidence": None}
    child(
        monkeypatch,
        "import json, sys; sys.stdin.read(); "
        f"print(json.dumps({{'page': {{**{page!r}, 'error': None}}}}), flush=True); "
        "sys.exit(1)",
    )

    run_ingest(version_id=version.pk, sha256=version.sha256)

    ingest = ingest_of(version)
    assert ingest.state == IngestState.FAILED
    assert ingest.error.startswith("The page reader failed with an internal error.")
    assert not Page.objects.filter(version=version).exists()


def test_a_child_over_the_time_limit_is_killed_and_the_reading_fails(
    production: DocumentVersion, settings: Any
) -> None:
    # Starting Python and the pages engine alone takes longer than this.
    settings.PARADESK_INGEST_TIME_LIMIT_SECONDS = 0.2

    run_ingest(version_id=production.pk, sha256=production.sha256)

    ingest = ingest_of(production)
    assert ingest.state == IngestState.FAILED
    assert ingest.error.startswith(
        "Reading took longer than the 0.2-second limit and was stopped."
    )
    assert not Page.objects.filter(version=production).exists()
    assert get_store().exists(production.sha256)
    assert leftover_copies() == []


@pytest.mark.parametrize(
    "line",
    [
        "not json at all",
        '{"attachment": "notes.txt", "file": "../../master.key"}',
        '{"page": {"number": "1", "text": "x", "method": "text", '
        '"confidence": null, "error": null}}',
    ],
)
def test_a_result_the_worker_cannot_trust_fails_the_reading(
    firm: Firm, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    version = stored_version(firm, text_pdf([["Discharge summary"]]))
    child(monkeypatch, f"import sys; sys.stdin.read(); print({line!r})")

    run_ingest(version_id=version.pk, sha256=version.sha256)

    ingest = ingest_of(version)
    assert ingest.state == IngestState.FAILED
    assert ingest.error.startswith(
        "The page reader sent a result that could not be understood."
    )
    assert leftover_copies() == []


def test_copies_left_by_a_killed_worker_are_removed_when_old(firm: Firm) -> None:
    root = Path(django_settings.FILE_UPLOAD_TEMP_DIR)
    old, young = root / "ingest-old", root / "ingest-young"
    for folder in (old, young):
        folder.mkdir(mode=0o700)
        (folder / "content").write_bytes(b"%PDF-1.4 plaintext")
    long_ago = time.time() - django_settings.PARADESK_INGEST_TIME_LIMIT_SECONDS
    long_ago -= STALLED_AFTER.total_seconds() + 60
    os.utime(old, (long_ago, long_ago))
    try:
        assert remove_abandoned_copies() == 1
        assert not old.exists()
        assert (young / "content").exists()
    finally:
        for folder in (old, young):
            if folder.exists():
                (folder / "content").unlink()
                folder.rmdir()
