"""`paradesk search reindex`: rebuild the full-text index from the database."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from paradesk.documents.search import get_backend
from paradesk.documents.services.indexing import reindex_all
from paradesk.engines.fulltext import FullTextError


class Command(BaseCommand):
    help = "Search index chores. `reindex`: rebuild it beside the live one and swap."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "reindex",
            help="Rebuild the index from every read page; searches keep working.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pages = reindex_all()
        except FullTextError as error:
            raise CommandError(f"the index could not be rebuilt: {error}") from None
        self.stdout.write(
            f"search index rebuilt: {pages} pages in {get_backend().location()}"
        )
