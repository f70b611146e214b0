"""The page index: one writer (the worker), any number of readers (web processes)."""

from __future__ import annotations

import datetime
import os
import shutil
import threading
from collections.abc import Collection, Iterable
from pathlib import Path
from types import TracebackType

import tantivy

from . import layout
from .exceptions import FullTextError, ReadOnlyIndexError
from .models import Hit, PageEntry, SearchResult
from .query import QueryCompiler
from .schema import (
    DATED,
    DOCUMENT_ID,
    KIND,
    MATTER_ID,
    PAGE_NUMBER,
    SCHEMA_VERSION,
    TAGS,
    TEXT,
    TEXT_TOKENIZER,
    TITLE,
    VERSION_ID,
    build_analyzer,
    build_schema,
)
from .snippets import SnippetMaker

MAX_LIMIT = 1000
MAX_OFFSET = 10_000
DEFAULT_HEAP_BYTES = 128_000_000
_OPEN_ATTEMPTS = 3
_EMPTY = SearchResult(hits=(), total=0)


class PageIndex:
    """The full-text index of document pages, opened on a root directory.

    Open it writable in exactly one process (the worker): the writer takes an exclusive
    lock in the root directory. Web processes open it read-only and call ``reload()``
    to see the writer's commits (or a rebuild swapped in). Searches always carry the
    set of matters the user may see; the restriction is part of the tantivy query, so
    the top hits are ranked among permitted pages only.

    Use it as a context manager, or call ``close()``, to release the writer lock.

    Args:
        root: Root directory of the index; created owner-only (0700) if missing.
        writable: Open as the single writer.
        schema_version: Schema version directory to use. Only tests and schema
            migrations pass anything but the default.
        heap_bytes: Indexing memory budget for the writer, shared by its threads
            (tantivy needs at least 15 MB per thread).
        threads: Indexing threads for the writer; 0 lets tantivy choose.
        snippet_chars: Longest snippet, in characters.

    Raises:
        IndexLockedError: ``writable`` and another writer holds the lock.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        writable: bool = False,
        schema_version: int = SCHEMA_VERSION,
        heap_bytes: int = DEFAULT_HEAP_BYTES,
        threads: int = 0,
        snippet_chars: int = 200,
    ) -> None:
        self._root = Path(root)
        self._versions = layout.version_dir(self._root, schema_version)
        self._schema = build_schema()
        self._compiler = QueryCompiler(self._schema, build_analyzer())
        self._heap_bytes = heap_bytes
        self._threads = threads
        self._snippet_chars = snippet_chars
        self._mutex = threading.Lock()
        self._lock: layout.WriterLock | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._index: tantivy.Index | None = None
        self._generation: Path | None = None
        self.created_fresh = False
        """True when a writer found no index for this schema version and started an
        empty one: the caller should rebuild it from the database."""
        if writable:
            self._open_writer()
        else:
            self.reload()

    def __enter__(self) -> PageIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        """Whether this instance holds the writer lock."""
        return self._lock is not None

    @property
    def live_path(self) -> Path | None:
        """The generation directory this instance reads, or None if none exists yet."""
        return self._generation

    @property
    def page_count(self) -> int:
        """Pages visible to this instance's current searcher, in every matter."""
        index = self._index
        return 0 if index is None else index.searcher().num_docs

    def close(self) -> None:
        """Finish background merges, tighten file modes and release the writer lock.

        Uncommitted changes are discarded. Closing twice is harmless.
        """
        with self._mutex:
            writer, self._writer = self._writer, None
            if writer is not None:
                with layout.owner_only():
                    writer.rollback()
                    writer.wait_merging_threads()
                if self._generation is not None:
                    layout.restrict_tree(self._generation)
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def add_pages(self, entries: Iterable[PageEntry]) -> int:
        """Queue pages for indexing; they become searchable at the next ``commit()``.

        Args:
            entries: The pages to add. Re-adding a version's pages without deleting
                them first indexes them twice: call ``delete_version`` first.

        Returns:
            How many pages were queued.

        Raises:
            ReadOnlyIndexError: The index was opened read-only.
        """
        writer = self._require_writer()
        count = 0
        with layout.owner_only():
            for entry in entries:
                writer.add_document(_document(entry))
                count += 1
        return count

    def delete_version(self, version_id: int) -> None:
        """Queue the removal of every page of one document version.

        Args:
            version_id: The document version's primary key.

        Raises:
            ReadOnlyIndexError: The index was opened read-only.
        """
        self._require_writer().delete_documents_by_term(VERSION_ID, version_id)

    def delete_document(self, document_id: int) -> None:
        """Queue the removal of every page of every version of one document.

        Args:
            document_id: The document's primary key.

        Raises:
            ReadOnlyIndexError: The index was opened read-only.
        """
        self._require_writer().delete_documents_by_term(DOCUMENT_ID, document_id)

    def commit(self) -> None:
        """Make queued additions and deletions durable and visible to new searches.

        Files no longer used by the committed index (merged or fully deleted
        segments) are removed, so the index does not grow without bound.

        Raises:
            ReadOnlyIndexError: The index was opened read-only.
        """
        writer = self._require_writer()
        with layout.owner_only():
            writer.commit()
            writer.garbage_collect_files()
        if self._generation is not None:
            layout.restrict_tree(self._generation)
        if self._index is not None:
            self._index.reload()

    def rebuild(self, entries: Iterable[PageEntry]) -> int:
        """Build a complete new index beside the live one and swap it in atomically.

        Readers keep searching the old index until their next ``reload()``; none ever
        sees a partial one. Uncommitted changes to the old index are discarded, and
        the old index and any other schema version's are deleted after the swap.

        Args:
            entries: Every page that should be searchable.

        Returns:
            How many pages the new index holds.

        Raises:
            ReadOnlyIndexError: The index was opened read-only.
        """
        old_writer = self._require_writer()
        generation = layout.new_generation(self._versions)
        writer: tantivy.IndexWriter | None = None
        try:
            with layout.owner_only():
                index = self._new_index(generation)
                writer = index.writer(self._heap_bytes, self._threads)
                count = 0
                for entry in entries:
                    writer.add_document(_document(entry))
                    count += 1
                writer.commit()
                writer.garbage_collect_files()
                index.reload()
            layout.restrict_tree(generation)
        except BaseException:
            if writer is not None:
                # Its indexing threads would otherwise go on writing segment files
                # into the directory being removed.
                writer.rollback()
                writer.wait_merging_threads()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        layout.publish(self._versions, generation)
        with self._mutex:
            self._index, self._writer, self._generation = index, writer, generation
        with layout.owner_only():
            old_writer.rollback()
            old_writer.wait_merging_threads()
        layout.remove_stale(self._root, generation, other_versions=True)
        self.created_fresh = False
        return count

    def reload(self) -> None:
        """See the latest commit, and move to a newly swapped-in index if there is one.

        Raises:
            FullTextError: The live index could not be opened.
        """
        for _attempt in range(_OPEN_ATTEMPTS):
            generation = layout.live_generation(self._versions)
            if generation is None:
                with self._mutex:
                    self._index, self._generation = None, None
                return
            if generation == self._generation and self._index is not None:
                self._index.reload()
                return
            try:
                index = self._existing_index(generation)
            except ValueError:
                # The writer swapped in a rebuild and deleted this generation between
                # reading the pointer and opening it: read the pointer again.
                continue
            with self._mutex:
                self._index, self._generation = index, generation
            return
        raise FullTextError("The search index could not be opened; try again.")

    def search(
        self,
        query: str,
        *,
        matter_ids: Collection[int],
        limit: int = 10,
        offset: int = 0,
    ) -> SearchResult:
        """Search page text within the permitted matters.

        Args:
            query: The user's query (see ``paradesk.engines.fulltext.query``).
            matter_ids: The matters the user may see. Only their pages are ranked and
                counted; an empty collection returns no hits without reading the index.
            limit: Most hits to return (1 to 1000).
            offset: Hits to skip, for paging (0 to 10,000).

        Returns:
            The hits, best first, and the total number of permitted matches.

        Raises:
            QuerySyntaxError: The query is malformed.
            ValueError: ``limit`` or ``offset`` is out of range.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if not 0 <= offset <= MAX_OFFSET:
            raise ValueError(f"offset must be between 0 and {MAX_OFFSET}")
        compiled = self._compiler.compile(query)
        allowed = sorted({int(matter_id) for matter_id in matter_ids})
        index = self._index
        if not allowed or index is None:
            return _EMPTY
        searcher = index.searcher()
        # A constant score of zero keeps the ranking exactly that of the user's query;
        # as a Must clause the matter set is applied while tantivy collects its top-k.
        permitted = tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(self._schema, MATTER_ID, allowed), 0.0
        )
        combined = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, compiled.query),
                (tantivy.Occur.Must, permitted),
            ]
        )
        result = searcher.search(combined, limit, count=True, offset=offset)
        snippets = SnippetMaker(
            searcher, compiled, self._schema, max_chars=self._snippet_chars
        )
        hits = tuple(
            _hit(searcher.doc(address), float(score), snippets)
            for score, address in result.hits
        )
        # tantivy-py's stub omits SearchResult.count, which exists at runtime.
        total = int(result.count)  # type: ignore[attr-defined]
        return SearchResult(hits=hits, total=total)

    def _open_writer(self) -> None:
        layout.ensure_private_dir(self._root)
        self._lock = layout.WriterLock(self._root)
        try:
            layout.ensure_private_dir(self._versions)
            generation = layout.live_generation(self._versions)
            with layout.owner_only():
                if generation is None:
                    generation = layout.new_generation(self._versions)
                    index = self._new_index(generation)
                    writer = index.writer(self._heap_bytes, self._threads)
                    writer.commit()
                    layout.publish(self._versions, generation)
                    self.created_fresh = True
                else:
                    index = self._new_index(generation)
                    writer = index.writer(self._heap_bytes, self._threads)
            layout.restrict_tree(generation)
            # Leftovers of a rebuild that died before its swap.
            layout.remove_stale(self._root, generation, other_versions=False)
        except BaseException:
            self._lock.release()
            self._lock = None
            raise
        self._index, self._writer, self._generation = index, writer, generation

    def _new_index(self, generation: Path) -> tantivy.Index:
        # reuse=True opens an existing index, and refuses one whose schema differs.
        index = tantivy.Index(self._schema, path=str(generation), reuse=True)
        return self._prepared(index)

    def _existing_index(self, generation: Path) -> tantivy.Index:
        # Index.open never writes, unlike Index(schema, path) which may create files.
        return self._prepared(tantivy.Index.open(str(generation)))

    def _prepared(self, index: tantivy.Index) -> tantivy.Index:
        index.register_tokenizer(TEXT_TOKENIZER, build_analyzer())
        # Readers reload when told to: tantivy's default watcher thread polls
        # meta.json and would fail noisily once a rebuild deletes the directory.
        index.config_reader(reload_policy="manual")
        return index

    def _require_writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise ReadOnlyIndexError(
                "This search index was opened read-only; only the worker writes it."
            )
        return self._writer


def rebuild(
    root: str | os.PathLike[str],
    entries: Iterable[PageEntry],
    *,
    schema_version: int = SCHEMA_VERSION,
    heap_bytes: int = DEFAULT_HEAP_BYTES,
    threads: int = 0,
) -> int:
    """Rebuild the index under ``root`` from scratch and swap it in atomically.

    Args:
        root: Root directory of the index.
        entries: Every page that should be searchable.
        schema_version: Schema version to build; only tests pass anything else.
        heap_bytes: Indexing memory budget.
        threads: Indexing threads; 0 lets tantivy choose.

    Returns:
        How many pages the new index holds.

    Raises:
        IndexLockedError: Another process (normally the worker) is the writer; a
            process that already holds a writer calls ``PageIndex.rebuild`` instead.
    """
    with PageIndex(
        root,
        writable=True,
        schema_version=schema_version,
        heap_bytes=heap_bytes,
        threads=threads,
    ) as index:
        return index.rebuild(entries)


def _document(entry: PageEntry) -> tantivy.Document:
    document = tantivy.Document()
    document.add_integer(DOCUMENT_ID, entry.document_id)
    document.add_integer(VERSION_ID, entry.version_id)
    document.add_integer(PAGE_NUMBER, entry.page_number)
    document.add_integer(MATTER_ID, entry.matter_id)
    document.add_text(TITLE, entry.title)
    document.add_text(TEXT, entry.text)
    if entry.kind:
        document.add_text(KIND, entry.kind)
    for tag in entry.tags:
        document.add_text(TAGS, tag)
    if entry.dated_on is not None:
        midnight = datetime.datetime.combine(
            entry.dated_on, datetime.time(), tzinfo=datetime.UTC
        )
        document.add_date(DATED, midnight)
    return document


def _hit(document: tantivy.Document, score: float, snippets: SnippetMaker) -> Hit:
    return Hit(
        document_id=_stored_int(document, DOCUMENT_ID),
        version_id=_stored_int(document, VERSION_ID),
        page_number=_stored_int(document, PAGE_NUMBER),
        matter_id=_stored_int(document, MATTER_ID),
        title=str(document.get_first(TITLE) or ""),
        score=score,
        snippet_html=snippets.html_for(document),
    )


def _stored_int(document: tantivy.Document, field: str) -> int:
    return int(document[field][0])
