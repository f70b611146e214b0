"""Background entry points of the documents app: ids in, services do the work."""

from __future__ import annotations

from django_tasks import task

from paradesk.documents.services.ingest import run_ingest


@task()
def ingest_version_job(version_id: int, sha256: str) -> None:
    """Reads one version's pages; harmless to run twice (see `run_ingest`)."""
    run_ingest(version_id=version_id, sha256=sha256)
