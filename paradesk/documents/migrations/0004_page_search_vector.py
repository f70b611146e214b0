"""On PostgreSQL, pages carry their own full-text search vector, with a GIN index.

Used by the ``postgres`` search backend (PARADESK_SEARCH_BACKEND); SQLite installs
search with the tantivy index and get nothing here. The column is generated, so
PostgreSQL computes it whenever a page is written and no code needs to know it exists
(the model does not declare it). Only the first 200,000 characters are indexed: a
tsvector cannot exceed 1 MB, and a "page" can be a whole multi-megabyte text file.
"""

from django.db import migrations

PG_FORWARD = [
    """
    ALTER TABLE documents_page ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, left(text, 200000)))
        STORED
    """,
    """
    CREATE INDEX documents_page_search_vector_gin
        ON documents_page USING gin (search_vector)
    """,
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS documents_page_search_vector_gin",
    "ALTER TABLE documents_page DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_FORWARD:
            schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_BACKWARD:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_ingest_and_pages")]
    operations = [migrations.RunPython(forward, backward)]
