"""The index schema and the text analysis shared by indexing and query parsing.

Bump ``SCHEMA_VERSION`` whenever a field or the analyzer changes: an index written under
another version is never opened, a fresh one is started beside it and must be rebuilt.
"""

from __future__ import annotations

import tantivy

SCHEMA_VERSION = 1

TEXT_TOKENIZER = "paradesk_text"

# tantivy's default tokenizer drops tokens over 40 bytes; so do we, and the same
# analyzer must serve the query side or a query word would never meet its indexed token.
_MAX_TOKEN_BYTES = 40

DOCUMENT_ID = "document_id"
VERSION_ID = "version_id"
PAGE_NUMBER = "page_number"
MATTER_ID = "matter_id"
TITLE = "title"
TEXT = "text"
KIND = "kind"
TAGS = "tags"
DATED = "dated"


def build_schema() -> tantivy.Schema:
    """Build the schema of the page index.

    Returns:
        The tantivy schema for ``SCHEMA_VERSION``.
    """
    builder = tantivy.SchemaBuilder()
    for name in (DOCUMENT_ID, VERSION_ID, MATTER_ID):
        builder.add_integer_field(name, stored=True, indexed=True, fast=True)
    builder.add_integer_field(PAGE_NUMBER, stored=True, fast=True)
    builder.add_text_field(TITLE, stored=True, tokenizer_name=TEXT_TOKENIZER)
    builder.add_text_field(TEXT, stored=True, tokenizer_name=TEXT_TOKENIZER)
    builder.add_text_field(KIND, stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field(TAGS, stored=True, fast=True, tokenizer_name="raw")
    builder.add_date_field(DATED, stored=True, indexed=True, fast=True)
    return builder.build()


def build_analyzer() -> tantivy.TextAnalyzer:
    """Build the analyzer used for page text, titles and query words.

    Words are split on anything that is not a letter or digit, lowercased and folded
    to ASCII, so ``Müller`` is found by ``muller``. No stemming: legal search wants the
    word typed, and prefix search (``injur*``) covers the variants.

    Returns:
        A tantivy text analyzer.
    """
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(_MAX_TOKEN_BYTES))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
