"""PostgreSQL full-text search, for installs whose machines share no disk.

The searchable text lives in the database itself: migration 0004 adds a generated
``tsvector`` column over each page's text with a GIN index on it, so PostgreSQL keeps
it in step with every page written and there is no separate index to write, rebuild
or copy between machines. One SQL statement does the whole search: the permission
clause and "latest read version of each document" are in its WHERE clause, ranking,
LIMIT and OFFSET happen in SQL, and only the returned slice gets a headline.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Collection

from django.db import connection

from paradesk.documents.models import DocumentVersion, IngestState, Page
from paradesk.documents.search.base import SearchHit, SearchHits, check_window
from paradesk.documents.search.tsquery import to_tsquery_text
from paradesk.engines.fulltext import QuerySyntaxError

# Text search configuration and the length of page text that is searchable; both are
# fixed by migration 0004 (tsvector values are limited to 1 MB, so a "page" that is a
# whole multi-megabyte text file is searchable over its first 200,000 characters).
CONFIG = "english"
SEARCHABLE_CHARS = 200_000

_ELLIPSIS = "…"
_EDGE_WORDS = 3
_WORD = re.compile(r"[^\W_]+")
# About the 200 characters of the tantivy backend's snippets.
_HEADLINE_OPTIONS = "MaxWords=30, MinWords=12, MaxFragments=1"

# Every tsquery comes from `to_tsquery_text`, whose operands are all quoted; the
# expression is repeated rather than put in a CTE so the planner sees a constant
# query it can match against the GIN index.
_SEARCH_SQL = """
WITH matches AS (
    SELECT p.id, p.number, p.version_id, v.document_id, d.matter_id,
           ts_rank(p.search_vector, to_tsquery('english', %(query)s), 1) AS rank
    FROM documents_page AS p
    JOIN documents_documentversion AS v ON v.id = p.version_id
    JOIN documents_document AS d ON d.id = v.document_id
    JOIN documents_ingest AS i ON i.version_id = v.id
    WHERE p.search_vector @@ to_tsquery('english', %(query)s)
      AND querytree(to_tsquery('english', %(query)s)) <> 'T'
      AND d.matter_id = ANY(%(matter_ids)s::bigint[])
      AND i.state = %(done)s
      AND p.error = ''
      AND NOT EXISTS (
          SELECT 1
          FROM documents_documentversion AS newer
          JOIN documents_ingest AS newer_ingest ON newer_ingest.version_id = newer.id
          WHERE newer.document_id = v.document_id
            AND newer.number > v.number
            AND newer_ingest.state = %(done)s
      )
),
top AS (
    SELECT * FROM matches ORDER BY rank DESC, id LIMIT %(limit)s OFFSET %(offset)s
)
SELECT counted.total,
       numnode(to_tsquery('english', %(query)s)),
       querytree(to_tsquery('english', %(query)s)),
       top.document_id, top.version_id, top.number, top.matter_id, top.rank,
       ts_headline(
           'english', left(page.text, 200000), to_tsquery('english', %(query)s),
           %(options)s
       ),
       left(page.text, 300), right(left(page.text, 200000), 300)
FROM (SELECT count(*) AS total FROM matches) AS counted
LEFT JOIN top ON true
LEFT JOIN documents_page AS page ON page.id = top.id
ORDER BY top.rank DESC, top.id
"""

_SEARCHABLE_SQL = """
SELECT count(*)
FROM documents_page AS p
JOIN documents_ingest AS i ON i.version_id = p.version_id
JOIN documents_documentversion AS v ON v.id = p.version_id
WHERE i.state = %(done)s
  AND p.error = ''
  AND NOT EXISTS (
      SELECT 1
      FROM documents_documentversion AS newer
      JOIN documents_ingest AS newer_ingest ON newer_ingest.version_id = newer.id
      WHERE newer.document_id = v.document_id
        AND newer.number > v.number
        AND newer_ingest.state = %(done)s
  )
"""


class PostgresBackend:
    """Pages searched where they are stored, with PostgreSQL's full-text search."""

    name = "postgres"

    def location(self) -> str:
        return "the PostgreSQL database (documents_page.search_vector)"

    def index_version(self, version: DocumentVersion) -> int:
        # The generated column was computed when the pages were written, and the
        # "latest read version" rule is applied at search time: nothing to write.
        return Page.objects.filter(version=version, error="").count()

    def reindex_all(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(_SEARCHABLE_SQL, {"done": IngestState.DONE.value})
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def search(
        self,
        query: str,
        *,
        matter_ids: Collection[int],
        limit: int,
        offset: int,
    ) -> SearchHits:
        check_window(limit, offset)
        tsquery = to_tsquery_text(query)
        allowed = sorted({int(matter_id) for matter_id in matter_ids})
        if not allowed:
            return SearchHits(hits=(), total=0)
        # Random per search, letters and digits only: page text cannot contain them
        # by chance, HTML escaping leaves them alone, and they need no quoting in
        # the options string.
        start, stop = f"pdsmark{secrets.token_hex(8)}", f"pdsend{secrets.token_hex(8)}"
        with connection.cursor() as cursor:
            cursor.execute(
                _SEARCH_SQL,
                {
                    "query": tsquery,
                    "matter_ids": allowed,
                    "done": IngestState.DONE.value,
                    "limit": limit,
                    "offset": offset,
                    "options": f"StartSel={start}, StopSel={stop}, "
                    + _HEADLINE_OPTIONS,
                },
            )
            rows = cursor.fetchall()
        total, nodes, tree = int(rows[0][0]), int(rows[0][1]), str(rows[0][2])
        if nodes == 0:
            raise QuerySyntaxError(
                "The query has only very common words (such as the, and, of), "
                "which are not searchable; add a more specific word."
            )
        if tree == "T":
            raise QuerySyntaxError(
                "NOT and - need a searchable word beside them, as in: "
                "whiplash NOT neck (very common words such as the do not count)."
            )
        hits = tuple(
            SearchHit(
                document_id=int(document_id),
                version_id=int(version_id),
                page_number=int(page_number),
                matter_id=int(matter_id),
                score=float(rank),
                snippet_html=_snippet(
                    headline, opening, ending, start=start, stop=stop
                ),
            )
            for (
                _total,
                _nodes,
                _tree,
                document_id,
                version_id,
                page_number,
                matter_id,
                rank,
                headline,
                opening,
                ending,
            ) in rows
            if document_id is not None
        )
        return SearchHits(hits=hits, total=total)


def _snippet(headline: str, opening: str, ending: str, *, start: str, stop: str) -> str:
    # Only our own tags may be markup: the page text (which may well hold "<") is
    # escaped first, then the placeholders become <mark> tags.
    marked = (
        html.escape(headline.strip()).replace(start, "<mark>").replace(stop, "</mark>")
    )
    # ts_headline rebuilds the text from its tokens (it drops anything its parser
    # takes for an HTML tag), so where the extract sits is judged by its words.
    words = _WORD.findall(headline.replace(start, " ").replace(stop, " "))
    if not words:
        return marked
    head, tail = words[:_EDGE_WORDS], words[-_EDGE_WORDS:]
    if _WORD.findall(opening)[: len(head)] != head:
        marked = _ELLIPSIS + marked
    if _WORD.findall(ending)[-len(tail) :] != tail:
        marked += _ELLIPSIS
    return marked
