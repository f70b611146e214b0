"""Writes of chronologies: build by a job, rebuild without losing edits, edit, merge,
split, delete, add, submit for review, export. One transaction each, audited inside it.

Audit details hold ids, counts and field names only: never the health information
itself (the entry's history is its `machine`/`data` pair and the audit trail).

One module an idea: `build` (queue, run and store a build), `entries` (a person's
edits), `review` (submit for review, export), over `base` (the error, the editor check
and the fields they share).
"""

from __future__ import annotations

from paradesk.chronology.services.base import CODED_FIELDS, LIST_FIELDS, ChronologyError
from paradesk.chronology.services.build import (
    apply_build,
    records_changed,
    request_build,
    run_build,
)
from paradesk.chronology.services.entries import (
    add_entry,
    delete_entry,
    edit_entry,
    merge_entries,
    restore_entry,
    split_entry,
)
from paradesk.chronology.services.review import EXPORT_TYPES, export, submit_for_review

__all__ = [
    "CODED_FIELDS",
    "EXPORT_TYPES",
    "LIST_FIELDS",
    "ChronologyError",
    "add_entry",
    "apply_build",
    "delete_entry",
    "edit_entry",
    "export",
    "merge_entries",
    "records_changed",
    "request_build",
    "restore_entry",
    "run_build",
    "split_entry",
    "submit_for_review",
]
