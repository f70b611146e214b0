"""Background entry points of the chronology app: ids in, services do the work."""

from __future__ import annotations

from django_tasks import task

from paradesk.chronology.services import run_build


@task()
def build_chronology_job(chronology_id: int, job_id: str) -> None:
    """Builds (or rebuilds) one matter's chronology from its read documents."""
    run_build(chronology_id=chronology_id, job_id=job_id)
