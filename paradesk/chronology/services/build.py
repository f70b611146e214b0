"""Building a matter's chronology: queued by a person or by new records, run by the
job, stored without losing anyone's edits."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from paradesk.chronology.models import Chronology, Entry, Origin
from paradesk.chronology.services.base import entry_row, require_editor
from paradesk.core import audit, jobs
from paradesk.core.models import JobState
from paradesk.documents.models import Document, DocumentVersion, IngestState, Page
from paradesk.engines.medchron import contract, pipeline
from paradesk.engines.medchron.assemble import encounter_warnings, provider_key
from paradesk.engines.medchron.models import ENGINE, ENGINE_VERSION, PageText, Patient
from paradesk.matters.models import ContactKind

if TYPE_CHECKING:
    from paradesk.core.models import JobProgress
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

log = logging.getLogger(__name__)

_READ = {IngestState.DONE, IngestState.UNLOCKED}


def request_build(*, actor: User, matter: Matter) -> JobProgress:
    """Queues (re)building the matter's chronology from its read documents."""
    require_editor(actor, matter)
    with transaction.atomic():
        chronology, _ = Chronology.objects.select_for_update().get_or_create(
            matter=matter,
            defaults={"incident_date": matter.incident_on},
        )
        job = _queue_build(chronology, actor, "Building the medical chronology")
        audit.record(
            "chronology.build_requested", actor=actor, obj=chronology, matter=matter
        )
    return job


def records_changed(*, matter: Matter, actor: User) -> JobProgress | None:
    """New records were read on `matter`: rebuild its chronology, if it has one,
    unless a build is already waiting to start (that one will read them too).

    Called by the ingest job when a version's pages are stored; `actor` is the person
    whose upload brought the records.
    """
    with transaction.atomic():
        chronology = (
            # Only the chronology row is locked: PostgreSQL cannot lock the nullable
            # side of the outer join to its build job.
            Chronology.objects.select_for_update(of=("self",))
            .select_related("build_job")
            .filter(matter=matter)
            .first()
        )
        if chronology is None:
            return None
        if chronology.build_job and chronology.build_job.state == JobState.QUEUED:
            return None
        job = _queue_build(
            chronology, actor, "Rebuilding the medical chronology with new records"
        )
        audit.record(
            "chronology.rebuild_queued",
            actor=None,
            obj=chronology,
            matter=matter,
            details={"reason": "records read"},
        )
    return job


def _queue_build(chronology: Chronology, actor: User, label: str) -> JobProgress:
    """A progress record and the build job, enqueued when the caller commits."""
    from paradesk.chronology.jobs import build_chronology_job

    job = jobs.create_progress(
        actor=actor, kind="chronology.build", label=label, matter=chronology.matter
    )
    chronology.build_job = job
    chronology.save(update_fields=["build_job", "updated_at"])
    chronology_id, job_id = chronology.pk, str(job.pk)
    transaction.on_commit(lambda: build_chronology_job.enqueue(chronology_id, job_id))
    return job


def _versions(matter: Matter) -> list[DocumentVersion]:
    """Each record's newest version that has been read, oldest document first.

    Letters the firm drafted (`drafting`'s drafts and their final PDFs) are matter
    documents too, but not records: reading a demand's own specials table back into
    the chronology it was built from would change what the attorney approved.
    """
    versions = []
    records = Document.objects.filter(
        matter=matter, draft__isnull=True, final_of_draft__isnull=True
    )
    for document in records.order_by("created_at", "pk"):
        version = (
            document.versions.filter(ingest__state__in=_READ)
            .order_by("-number")
            .first()
        )
        if version is not None:
            versions.append(version)
    return versions


def _labels(versions: list[DocumentVersion]) -> dict[int, str]:
    """A unique citation label per version: its file name, numbered when repeated."""
    labels: dict[int, str] = {}
    taken: set[str] = set()
    for version in versions:
        label, n = version.original_name or f"document-{version.document_id}", 1
        while label in taken:
            n += 1
            stem, dot, suffix = (version.original_name or "document").rpartition(".")
            label = f"{stem} ({n}).{suffix}" if dot else f"{suffix} ({n})"
        taken.add(label)
        labels[version.pk] = label
    return labels


def run_build(*, chronology_id: int, job_id: str) -> None:
    """The build job's body: reads every page from the database, one at a time."""
    chronology = (
        Chronology.objects.select_related("matter", "build_job__created_by")
        .filter(pk=chronology_id)
        .first()
    )
    if chronology is None:
        return
    matter = chronology.matter
    actor = chronology.build_job.created_by if chronology.build_job else None
    versions = _versions(matter)
    labels = _labels(versions)
    total = sum(version.pages.count() for version in versions)
    done = 0
    jobs.report(job_id, done=0, total=total, message="Reading the records")

    def documents() -> Iterator[tuple[str, Iterator[PageText]]]:
        for version in versions:
            yield labels[version.pk], pages_of(version)

    def pages_of(version: DocumentVersion) -> Iterator[PageText]:
        nonlocal done
        rows = Page.objects.filter(version=version).order_by("number")
        for page in rows.only("number", "text").iterator(chunk_size=200):
            yield PageText(labels[version.pk], page.number, page.text)
            done += 1
            if done % 100 == 0:
                jobs.report(
                    job_id, done=done, total=total, message="Reading the records"
                )

    try:
        built = pipeline.build(
            documents(),
            incident_date=matter.incident_on,
            gap_days=chronology.gap_days,
            patient=_client_of(matter),
        )
    except Exception as error:
        log.exception("chronology build %s failed", chronology_id)
        jobs.fail(job_id, message=f"The build failed: {type(error).__name__}.")
        raise
    sources = {
        labels[v.pk]: {"document": v.document_id, "version": v.number} for v in versions
    }
    stats = apply_build(chronology, built, sources=sources, actor=actor)
    jobs.finish(
        job_id,
        result={**stats, "pages": total},
        message=f"{stats['entries']} encounters from {total} pages",
    )


def apply_build(
    chronology: Chronology,
    built: Any,
    *,
    sources: dict[str, dict[str, int]],
    actor: User | None,
) -> dict[str, int]:
    """Stores a build, keeping every person's work.

    An entry nobody edited takes the new reading; an edited, added or deleted entry
    keeps what the person made of it and only its `machine` reading is refreshed. A
    visit the new build no longer finds is dropped if untouched, kept and marked stale
    if a person worked on it.
    """
    readings: dict[str, dict[str, Any]] = {}
    for encounter in built.encounters:
        readings.setdefault(_key(encounter), contract.encounter_detail(encounter))
    derived = set(encounter_warnings(built.encounters))
    with transaction.atomic():
        locked = Chronology.objects.select_for_update().get(pk=chronology.pk)
        existing = {entry.key: entry for entry in locked.entries.exclude(key="")}
        added = refreshed = kept = dropped = 0
        for key, detail in readings.items():
            entry = existing.pop(key, None)
            if entry is None:
                Entry.objects.create(
                    chronology=locked, key=key, machine=detail, **entry_row(detail)
                )
                added += 1
            elif entry.origin == Origin.ENGINE and not entry.removed:
                entry.machine, entry.stale = detail, False
                for name, value in entry_row(detail).items():
                    setattr(entry, name, value)
                entry.version += 1
                entry.save()
                refreshed += 1
            else:
                entry.machine, entry.stale = detail, False
                entry.save(update_fields=["machine", "stale"])
                kept += 1
        for entry in existing.values():
            if entry.origin == Origin.ENGINE and not entry.merged.exists():
                entry.delete()
                dropped += 1
            else:
                entry.machine, entry.stale = None, True
                entry.save(update_fields=["machine", "stale"])
        locked.bills = [contract.bill_json(bill) for bill in built.bills]
        locked.warnings = [w for w in built.warnings if w not in derived]
        document = contract.to_json(built)
        locked.patient = document.get("patient")
        locked.excluded = document["excluded"]
        locked.sources = sources
        locked.incident_date = built.incident_date
        locked.engine = f"{ENGINE} {ENGINE_VERSION}"
        locked.built_at = timezone.now()
        locked.revision += 1
        locked.save()
        stats = {
            "entries": locked.entries.filter(removed=False).count(),
            "added": added,
            "refreshed": refreshed,
            "kept_edits": kept,
            "dropped": dropped,
            "bills": len(locked.bills),
        }
        audit.record(
            "chronology.built",
            actor=actor,
            obj=locked,
            matter=locked.matter,
            details={**stats, "engine": locked.engine},
        )
    return stats


def _client_of(matter: Matter) -> Patient | None:
    """The matter's client as the engine compares pages with it (by name: a contact
    has no date of birth yet); an organization is no patient."""
    client = matter.client
    if client is None or client.kind != ContactKind.PERSON or not client.name.strip():
        return None
    return Patient(client.name, None)


def _key(encounter: Any) -> str:
    day = encounter.date.isoformat() if encounter.date else "undated"
    told = "" if encounter.is_visit else "reported|"
    return f"{told}{day}|{provider_key(encounter)}"[:200]
