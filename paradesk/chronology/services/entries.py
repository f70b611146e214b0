"""A person's work on a built chronology's entries: edit, delete, restore, merge,
split, and add a visit the engine missed. Each keeps the engine's reading beside it."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

import jsonschema
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from paradesk.chronology.models import Chronology, Entry, Origin
from paradesk.chronology.services.base import (
    CODED_FIELDS,
    LIST_FIELDS,
    ChronologyError,
    entry_row,
    require_editor,
)
from paradesk.core import audit
from paradesk.core.exceptions import ConcurrentEditError
from paradesk.documents.models import Page
from paradesk.engines.medchron import contract
from paradesk.engines.medchron.assemble import merge
from paradesk.engines.medchron.codes import icd_description
from paradesk.engines.medchron.text import quote_on_page, squash

if TYPE_CHECKING:
    from paradesk.firm.models import User


def _lock_entry(actor: User, entry: Entry, expected_version: int) -> Entry:
    require_editor(actor, entry.chronology.matter)
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
        for name, value in entry_row(data).items():
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
        for name, value in entry_row(detail).items():
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
        for name, value in entry_row(old_detail).items():
            setattr(locked, name, value)
        _touch(actor, locked)
        created = Entry.objects.create(
            chronology=locked.chronology,
            key="",
            machine=None,
            origin=Origin.ADDED,
            edited_by=actor,
            edited_at=timezone.now(),
            **entry_row(new_detail),
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
    require_editor(actor, chronology.matter)
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
            **entry_row(detail),
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
