"""Highlighted, HTML-safe extracts of matching pages."""

from __future__ import annotations

import html

import tantivy

from .query import CompiledQuery
from .schema import TEXT

_ELLIPSIS = "…"
# Each prefix is expanded to at most this many indexed words for highlighting; the
# search itself matches every word with the prefix, only the marking is capped.
_PREFIX_EXPANSIONS = 32
_MAX_EDGE_CHARS = 8


class SnippetMaker:
    """Cuts the best extract of a page for one search and marks the matched words.

    tantivy's own ``Snippet.to_html`` marks with ``<b>`` and gives no say in the
    markup, and its snippet generator finds no words to mark for a prefix query (a
    range over the term dictionary has no terms of its own). So the highlight query is
    built here from the positive words of the user's query plus the indexed words each
    prefix expands to, and the HTML is assembled from the fragment and its highlighted
    byte ranges.

    Args:
        searcher: The searcher the hits came from.
        compiled: The compiled user query.
        schema: The index schema.
        max_chars: Longest extract, in characters.
    """

    def __init__(
        self,
        searcher: tantivy.Searcher,
        compiled: CompiledQuery,
        schema: tantivy.Schema,
        *,
        max_chars: int,
    ) -> None:
        self._max_chars = max_chars
        words = list(compiled.highlight_words)
        for prefix in compiled.highlight_prefixes:
            expansions = searcher.terms_with_prefix(
                TEXT, prefix, limit=_PREFIX_EXPANSIONS
            )
            words.extend(word for word, _doc_freq in expansions)
        self._generator: tantivy.SnippetGenerator | None = None
        if words:
            highlight = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.term_query(schema, TEXT, w))
                    for w in dict.fromkeys(words)
                ]
            )
            self._generator = tantivy.SnippetGenerator.create(
                searcher, highlight, schema, TEXT
            )
            self._generator.set_max_num_chars(max_chars)

    def html_for(self, document: tantivy.Document) -> str:
        """Return the marked, escaped extract of one stored page.

        Args:
            document: The stored page, as returned by ``Searcher.doc``.

        Returns:
            HTML in which only ``<mark>`` tags are markup.
        """
        text = str(document.get_first(TEXT) or "")
        if self._generator is not None:
            snippet = self._generator.snippet_from_doc(document)
            fragment = snippet.fragment()
            if fragment:
                return self._marked(text, fragment, snippet)
        return self._opening(text)

    def _marked(self, text: str, fragment: str, snippet: tantivy.Snippet) -> str:
        # tantivy reports byte offsets into the UTF-8 fragment, not str indices.
        raw = fragment.encode()
        parts: list[str] = []
        cursor = 0
        for span in sorted(snippet.highlighted(), key=lambda r: r.start):
            if span.start < cursor:
                continue
            parts.append(html.escape(raw[cursor : span.start].decode()))
            word = html.escape(raw[span.start : span.end].decode())
            parts.append(f"<mark>{word}</mark>")
            cursor = span.end
        parts.append(html.escape(raw[cursor:].decode()))
        where = snippet.fragment_range()
        whole = text.encode()
        return (
            _edge(whole[: where.start].decode())
            + "".join(parts).strip()
            + _edge(whole[where.end :].decode())
        )

    def _opening(self, text: str) -> str:
        if len(text) <= self._max_chars:
            return html.escape(text.strip())
        return html.escape(text[: self._max_chars].rstrip()) + _ELLIPSIS


def _edge(rest: str) -> str:
    # tantivy cuts fragments at word boundaries, so a page's closing full stop falls
    # outside its fragment; keep such a word-less edge instead of an ellipsis.
    if any(char.isalnum() for char in rest):
        return _ELLIPSIS
    if len(rest) > _MAX_EDGE_CHARS:
        return _ELLIPSIS
    return html.escape(rest.strip())
