"""Writes of chronologies: build by a job, rebuild without losing edits, edit, merge,
split, delete, add, submit for review, export. One transaction each, audited inside it.

Audit details hold ids, counts and field names only: never the health information
itself (the entry's history is its `machine`/`data` pair and the audit trail).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import jsonschema
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from paradesk.chronology.models import Chronology, Entry, Origin
from paradesk.chronology.selectors import as_result, content_hash
from paradesk.core import audit, jobs
from paradesk.core.exceptions import (
    ConcurrentEditError,
    ParadeskError,
    PermissionDeniedError,
)
from paradesk.core.models import JobState
from paradesk.documents.models import Document, DocumentVersion, IngestState, Page
from paradesk.engines.medchron import contract, pipeline, render
from paradesk.engines.medchron.assemble import encounter_warnings, merge, provider_key
from paradesk.engines.medchron.codes import icd_description
from paradesk.engines.medchron.models import ENGINE, ENGINE_VERSION, PageText, Patient
from paradesk.engines.medchron.text import quote_on_page, squash
from paradesk.firm.models import Role
from paradesk.matters.models import ContactKind
from paradesk.matters.selectors import can_see_matter

if TYPE_CHECKING:
    from paradesk.core.models import JobProgress
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter
    from paradesk.work.models import Task

log = logging.getLogger(__name__)

_READ = {IngestState.DONE, IngestState.UNLOCKED}
# Media types of the exports, by format.
EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
_EDITORS = {Role.PARALEGAL, Role.ATTORNEY, Role.ADMIN}
LIST_FIELDS = (
    "complaints",
    "findings",
    "medications",
    "restrictions",
    "recommendations",
)
CODED_FIELDS = ("diagnoses", "procedures")


class ChronologyError(ParadeskError):
    pass


def _require_editor(actor: User, matter: Matter) -> None:
    if not can_see_matter(actor, matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    if actor.role not in _EDITORS:
        raise PermissionDeniedError("Only paralegals and attorneys edit chronologies.")


# ---------------------------------------------------------------- building


def request_build(*, actor: User, matter: Matter) -> JobProgress:
    """Queues (re)building the matter's chronology from its read documents."""
    _require_editor(actor, matter)
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
                    chronology=locked, key=key, machine=detail, **_row(detail)
                )
                added += 1
            elif entry.origin == Origin.ENGINE and not entry.removed:
                entry.machine, entry.stale = detail, False
                for name, value in _row(detail).items():
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


def _row(detail: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": detail,
        "date": date.fromisoformat(detail["date"]) if detail.get("date") else None,
        "provider": (detail.get("provider") or "")[:200],
        "visit_type": (detail.get("visit_type") or "")[:40],
    }


# ---------------------------------------------------------------- editing


def _lock_entry(actor: User, entry: Entry, expected_version: int) -> Entry:
    _require_editor(actor, entry.chronology.matter)
    locked = (
        Entry.objects.select_for_update().select_related("chronology").get(pk=entry.pk)
    )
    if locked.version != expected_version:
        raise ConcurrentEditError(
            "Someone changed this entry while you were editing it. Reload to see "
            "their change, then edit again."
        )
    return locked


def _touch(actor: User, entry: Entry, origin: str | None = None) -> None:
    if origin is not None:
        entry.origin = origin
    elif entry.origin == Origin.ENGINE:
        entry.origin = Origin.EDITED
    entry.edited_by = actor
    entry.edited_at = timezone.now()
    entry.version += 1
    entry.save()
    Chronology.objects.filter(pk=entry.chronology_id).update(revision=F("revision") + 1)


def _check(detail: dict[str, Any]) -> None:
    try:
        contract.validate_encounter(contract.contract_encounter(detail))
    except jsonschema.ValidationError as error:
        raise ChronologyError(
            f"The entry would break the chronology contract: {error.message}"
        ) from None


def _person(actor: User) -> dict[str, str]:
    return {
        "rule": f"edited by {actor.get_username()}",
        "origin": "person",
        "engine": "",
    }


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    return [squash(str(item)) for item in value if squash(str(item))]


def _parse_coded(value: Any, *, field: str) -> list[tuple[str | None, str | None]]:
    """Lines "CODE description" (or just a description) -> (code, description)."""
    parsed = []
    for line in _lines(value):
        match = re.match(r"^([A-Z0-9][A-Z0-9.]{2,7})\b\s*[-\u2013:]?\s*(.*)$", line)
        if (
            field == "diagnoses"
            and match
            and re.match(r"^[A-TV-Z][0-9][0-9AB]", match[1])
        ):
            code = (
                match[1]
                if "." in match[1] or len(match[1]) <= 3
                else f"{match[1][:3]}.{match[1][3:]}"
            )
            description = icd_description(code)
            if description is None:
                raise ChronologyError(f"{code} is not an ICD-10-CM code.")
            parsed.append((code, match[2] or description))
        elif (
            field == "procedures"
            and match
            and re.fullmatch(r"\d{4}[0-9FTU]|[A-V]\d{4}", match[1])
        ):
            parsed.append((match[1], match[2] or None))
        else:
            parsed.append((None, line))
    return parsed


def edit_entry(
    *, actor: User, entry: Entry, expected_version: int, changes: dict[str, Any]
) -> Entry:
    """Changes an entry's fields. Facts a person keeps keep their citations; facts a
    person types are marked as theirs.

    Raises:
        PermissionDeniedError: the actor may not edit this matter's chronology.
        ConcurrentEditError: the entry changed since `expected_version`.
        ChronologyError: a bad date or code.
    """
    with transaction.atomic():
        locked = _lock_entry(actor, entry, expected_version)
        data = dict(locked.data)
        facts = {name: list(items) for name, items in (data.get("facts") or {}).items()}
        changed = []
        for name in ("provider", "facility", "visit_type"):
            if name in changes:
                value = squash(str(changes[name] or "")) or None
                if value != data.get(name):
                    data[name] = value
                    changed.append(name)
        if "date" in changes:
            raw = changes["date"]
            try:
                value = date.fromisoformat(str(raw)).isoformat() if raw else None
            except ValueError:
                raise ChronologyError(f"{raw!r} is not a date (YYYY-MM-DD).") from None
            if value != data.get("date"):
                data["date"] = value
                changed.append("date")
        for name in LIST_FIELDS:
            if name not in changes:
                continue
            wanted = _lines(changes[name])
            current = facts.get(name, [])
            if name == "complaints":
                current = current + facts.get("pain_scores", [])
            if wanted == [fact["text"] for fact in current]:
                continue
            by_text = {fact["text"]: fact for fact in current}
            kept = [
                by_text.get(text) or {"text": text, "citation": None, **_person(actor)}
                for text in wanted
            ]
            facts[name] = kept
            if name == "complaints":
                facts["pain_scores"] = []
            data[name] = wanted
            changed.append(name)
        for name in CODED_FIELDS:
            if name not in changes:
                continue
            wanted_coded = _parse_coded(changes[name], field=name)
            current = facts.get(name, [])
            if wanted_coded == [
                (item["code"], item["description"]) for item in current
            ]:
                continue
            by_pair = {(item["code"], item["description"]): item for item in current}
            by_code = {item["code"]: item for item in current if item["code"]}
            facts[name] = [
                by_pair.get(pair)
                or (
                    by_code[pair[0]] | {"description": pair[1]}
                    if pair[0] in by_code
                    else None
                )
                or {
                    "code": pair[0],
                    "description": pair[1],
                    "citation": None,
                    **_person(actor),
                }
                for pair in wanted_coded
            ]
            data[name] = [{"code": c, "description": d} for c, d in wanted_coded]
            changed.append(name)
        if not changed:
            return locked
        data["facts"] = facts
        _check(data)
        locked.data = data
        for name, value in _row(data).items():
            setattr(locked, name, value)
        _touch(actor, locked)
        audit.record(
            "chronology.entry_edited",
            actor=actor,
            obj=locked,
            matter=locked.chronology.matter,
            details={"fields": changed, "version": locked.version},
        )
    return locked


def delete_entry(*, actor: User, entry: Entry, expected_version: int) -> Entry:
    with transaction.atomic():
        locked = _lock_entry(actor, entry, expected_version)
        locked.removed = True
        _touch(
            actor,
            locked,
            origin=locked.origin if locked.origin != Origin.ENGINE else Origin.EDITED,
        )
        audit.record(
            "chronology.entry_deleted",
            actor=actor,
            obj=locked,
            matter=locked.chronology.matter,
        )
    return locked


def restore_entry(*, actor: User, entry: Entry, expected_version: int) -> Entry:
    with transaction.atomic():
        locked = _lock_entry(actor, entry, expected_version)
        locked.removed = False
        locked.merged_into = None
        _touch(actor, locked)
        audit.record(
            "chronology.entry_restored",
            actor=actor,
            obj=locked,
            matter=locked.chronology.matter,
        )
    return locked


def merge_entries(
    *,
    actor: User,
    target: Entry,
    others: list[Entry],
    expected_versions: dict[int, int],
) -> Entry:
    """Merges `others` into `target`: one visit citing every page; the others are kept,
    removed and pointing at the target."""
    if not others:
        raise ChronologyError("Choose at least two entries to merge.")
    with transaction.atomic():
        locked = _lock_entry(actor, target, expected_versions.get(target.pk, -1))
        merged = contract.encounter_from_detail(locked.data)
        for other in others:
            if other.chronology_id != locked.chronology_id or other.pk == locked.pk:
                raise ChronologyError(
                    "Only entries of the same chronology can be merged."
                )
            other_locked = _lock_entry(
                actor, other, expected_versions.get(other.pk, -1)
            )
            merged = merge(merged, contract.encounter_from_detail(other_locked.data))
            other_locked.removed = True
            other_locked.merged_into = locked
            _touch(actor, other_locked)
        detail = contract.encounter_detail(merged)
        locked.data = detail
        for name, value in _row(detail).items():
            setattr(locked, name, value)
        _touch(actor, locked)
        audit.record(
            "chronology.entries_merged",
            actor=actor,
            obj=locked,
            matter=locked.chronology.matter,
            details={"merged": [other.pk for other in others]},
        )
    return locked


def split_entry(
    *,
    actor: User,
    entry: Entry,
    expected_version: int,
    citations: list[int],
    day: date | None = None,
) -> Entry:
    """Moves the chosen citations (by position) of an entry into a new entry of its own:
    for a reading that ran two visits together."""
    with transaction.atomic():
        locked = _lock_entry(actor, entry, expected_version)
        cited = list(locked.data["citations"])
        chosen = sorted(set(citations))
        if (
            not chosen
            or any(i < 0 or i >= len(cited) for i in chosen)
            or len(chosen) == len(cited)
        ):
            raise ChronologyError(
                "Choose some, not all, of the entry's pages for the new entry."
            )
        moved = [cited[i] for i in chosen]
        remaining = [c for i, c in enumerate(cited) if i not in chosen]
        pages = {(c["document"], c["page"]) for c in moved}
        facts = locked.data.get("facts") or {}

        def on(
            pages_wanted: set[tuple[str, int]], inside: bool
        ) -> dict[str, list[Any]]:
            out = {}
            for name, items in facts.items():
                out[name] = [
                    item
                    for item in items
                    if (
                        item.get("citation")
                        and (item["citation"]["document"], item["citation"]["page"])
                        in pages_wanted
                    )
                    == inside
                ]
            return out

        new_detail = {**locked.data, "citations": moved, "facts": on(pages, True)}
        old_detail = {**locked.data, "citations": remaining, "facts": on(pages, False)}
        if day is not None:
            new_detail["date"] = day.isoformat()
        for detail in (new_detail, old_detail):
            _refresh_lists(detail)
        locked.data = old_detail
        for name, value in _row(old_detail).items():
            setattr(locked, name, value)
        _touch(actor, locked)
        created = Entry.objects.create(
            chronology=locked.chronology,
            key="",
            machine=None,
            origin=Origin.ADDED,
            edited_by=actor,
            edited_at=timezone.now(),
            **_row(new_detail),
        )
        audit.record(
            "chronology.entry_split",
            actor=actor,
            obj=locked,
            matter=locked.chronology.matter,
            details={"new_entry": created.pk, "pages_moved": len(moved)},
        )
    return created


def _refresh_lists(detail: dict[str, Any]) -> None:
    """The contract's lists from the detailed facts (after facts moved)."""
    facts = detail.get("facts") or {}
    for name in LIST_FIELDS:
        if name in facts:
            detail[name] = [f["text"] for f in facts[name]]
    if "pain_scores" in facts:
        detail["complaints"] = detail["complaints"] + [
            f["text"] for f in facts["pain_scores"]
        ]
    for name in CODED_FIELDS:
        if name in facts:
            detail[name] = [
                {"code": f["code"], "description": f["description"]}
                for f in facts[name]
            ]


def add_entry(
    *,
    actor: User,
    chronology: Chronology,
    day: date | None,
    provider: str,
    document_label: str,
    page: int,
    quote: str = "",
    facility: str = "",
    visit_type: str = "",
) -> Entry:
    """A visit the engine missed, typed in by a person. It must cite a page of one of
    the matter's read documents; a quote is checked against that page."""
    _require_editor(actor, chronology.matter)
    source = chronology.sources.get(document_label)
    if source is None:
        raise ChronologyError("Choose one of the matter's documents to cite.")
    page_row = Page.objects.filter(
        version__document_id=source["document"],
        version__number=source["version"],
        version__document__matter=chronology.matter,
        number=page,
    ).first()
    if page_row is None:
        raise ChronologyError(f"{document_label} has no page {page}.")
    quote = squash(quote)
    citation = {
        "document": document_label,
        "page": page,
        "quote": quote,
        "verified": bool(quote) and quote_on_page(quote, page_row.text),
    }
    detail: dict[str, Any] = {
        "date": day.isoformat() if day else None,
        "provider": squash(provider) or None,
        "facility": squash(facility) or None,
        "visit_type": squash(visit_type) or None,
        **{name: [] for name in (*LIST_FIELDS, *CODED_FIELDS)},
        "pre_incident": False,
        "citations": [citation],
        "facts": {},
        "provenance": _person(actor),
    }
    _check(detail)
    with transaction.atomic():
        entry = Entry.objects.create(
            chronology=chronology,
            key="",
            origin=Origin.ADDED,
            edited_by=actor,
            edited_at=timezone.now(),
            **_row(detail),
        )
        Chronology.objects.filter(pk=chronology.pk).update(revision=F("revision") + 1)
        audit.record(
            "chronology.entry_added",
            actor=actor,
            obj=entry,
            matter=chronology.matter,
            details={"verified": citation["verified"]},
        )
    return entry


# ---------------------------------------------------------------- review and export


def submit_for_review(*, actor: User, chronology: Chronology, note: str = "") -> Task:
    """Submits the chronology with the actor's open chronology task (one the attorney
    assigned: a task titled as a chronology, or already carrying this chronology).

    Raises:
        ChronologyError: no such task is assigned to the actor on this matter.
        PermissionDeniedError, WorkflowError: as `work.services.submit_task`.
    """
    from django.db.models import Case, IntegerField, Q, Value, When

    from paradesk.work import services as work
    from paradesk.work.models import Task, TaskState

    matter = chronology.matter
    _require_editor(actor, matter)
    task = (
        Task.objects.filter(
            matter=matter,
            owner=actor,
            state__in=(
                TaskState.ASSIGNED,
                TaskState.IN_PROGRESS,
                TaskState.CHANGES_REQUESTED,
                TaskState.APPROVED,
            ),
        )
        .filter(
            Q(product_kind="chronology", product_id=str(chronology.pk))
            | Q(product_kind="", title__icontains="chronolog")
        )
        .annotate(
            carries=Case(
                When(product_kind="chronology", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("carries", "-pk")
        .first()
    )
    if task is None:
        raise ChronologyError(
            "No open chronology task is assigned to you on this matter. Ask the "
            "responsible attorney to assign one (a task whose title names the "
            "chronology)."
        )
    open_task: Task = task
    if open_task.state == TaskState.ASSIGNED:
        open_task = work.start_task(actor=actor, task=open_task)
    return work.submit_task(
        actor=actor,
        task=open_task,
        product_kind="chronology",
        product_id=str(chronology.pk),
        note=note,
    )


def export(*, actor: User, chronology: Chronology, fmt: str) -> tuple[bytes, str]:
    """The chronology as a file, audited with its content hash."""
    if not can_see_matter(actor, chronology.matter):
        raise PermissionDeniedError("You are not on this matter's team.")
    result = as_result(chronology)
    data = render.render(
        result, fmt, title=f"{chronology.matter.number} {chronology.matter.title}"
    )
    with transaction.atomic():
        audit.record(
            "chronology.exported",
            actor=actor,
            obj=chronology,
            matter=chronology.matter,
            details={"format": fmt, "sha256": content_hash(chronology)},
        )
    return data, f"chronology-{chronology.matter.number}.{fmt}"
