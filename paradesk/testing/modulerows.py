"""Rows built once for a whole test module, for fixtures too slow to build per test.

A test still runs in its own transaction, rolled back after it. Here that transaction
nests, as a savepoint, inside an outer one opened before the module's first test and
rolled back after its last: every test of the module starts from the same rows, none
sees another's changes, and no other module ever sees them.

Only for modules whose tests all use the shared rows (a test that builds its own firm
beside them would collide with it), with the database's own transactions: not with
`transactional_db`, a live server or threads that open their own connections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from django.conf import settings
from django.db import transaction
from pytest_django.plugin import DjangoDbBlocker

from paradesk.testing.personas import Firm

T = TypeVar("T")


def rows_for_module(
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
    build: Callable[[], T],
) -> Iterator[T]:
    """The body of a module-scoped fixture: yields what `build` made, inside the outer
    transaction, and rolls it all back after the module.

    `build` runs with a search index of its own, so pages it indexes never meet
    another test's; to run the background jobs it queues, it captures their on-commit
    callbacks with `django.test.TestCase.captureOnCommitCallbacks(execute=True)`, the
    module-wide form of `django_capture_on_commit_callbacks`.
    """
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        index = settings.PARADESK_SEARCH_INDEX
        settings.PARADESK_SEARCH_INDEX = str(tmp_path_factory.mktemp("module-index"))
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
        finally:
            settings.PARADESK_SEARCH_INDEX = index
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def fresh_firm(firm: Firm) -> Firm:
    """The same people and matters, read again: a test that changes an instance in
    memory leaves the next test's copy alone (its database changes roll back)."""
    return Firm(
        **{
            name: type(instance).objects.get(pk=instance.pk)
            for name, instance in vars(firm).items()
        }
    )
