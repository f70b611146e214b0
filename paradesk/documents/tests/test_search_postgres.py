"""Full-text search with the PostgreSQL backend: the same behaviour as with tantivy.

The translation of the query language into tsquery text is pure Python and is tested
on every database; everything that searches needs PostgreSQL and is skipped on SQLite.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from paradesk.core.models import AuditEvent
from paradesk.documents.models import Document
from paradesk.documents.search import get_backend
from paradesk.documents.search.tantivy import TantivyBackend
from paradesk.documents.search.tsquery import to_tsquery_text
from paradesk.documents.selectors import search_pages
from paradesk.documents.services import add_document, add_version
from paradesk.documents.services.indexing import reindex_all
from paradesk.engines.fulltext import QuerySyntaxError
from paradesk.engines.pages.samples import text_pdf
from paradesk.testing.personas import Firm

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the postgres search backend needs PostgreSQL: set DATABASE_URL to run it",
)

RECORD = [
    ["Emergency department visit after a rear-end collision", "Cervical strain"],
    ["Lumbar MRI ordered; follow up with orthopedics in two weeks time"],
]
NOTE = (
    "Vitals: BP <120/80 & HR 72. Patient says \"it's fine\"; lumbar pain 'mild'. "
    "<script>alert(1)</script> Lumbar exam normal."
)
INJECTIONS = [
    "foo:* | bar & !baz",
    "')&('",
    "lumbar:*",
    "lumbar | cervical",
    "lumbar & !cervical",
    "lumbar <-> mri",
    "'lumbar' | 'cervical'",
    "lumbar\\' | 'cervical",
    "lumbar:A",
    "!!lumbar",
    "lumbar\x00cervical",
    "\"lumbar') | ('cervical\"",
    "(lumbar",
    "*",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lumbar", "'lumbar'"),
        ("lumbar mri", "('lumbar' & 'mri')"),
        ('"rear-end collision"', "'rear-end collision'"),
        ("cervical OR orthopedics", "('cervical' | 'orthopedics')"),
        ("cervical AND NOT lumbar", "('cervical' & !'lumbar')"),
        ("+cervical -lumbar", "('cervical' & !'lumbar')"),
        ("ortho*", "'ortho':*"),
        ('"follow up with ortho"*', "'follow up with ortho':*"),
        ("(a OR b) c", "(('a' | 'b') & 'c')"),
        ("lumbar !!! ...", "'lumbar'"),
    ],
)
def test_queries_translate_to_tsquery(query: str, expected: str) -> None:
    assert to_tsquery_text(query) == expected


@pytest.mark.parametrize("query", INJECTIONS)
def test_tsquery_syntax_stays_inside_quoted_operands(query: str) -> None:
    try:
        translated = to_tsquery_text(query)
    except QuerySyntaxError:
        return
    # Outside the quoted operands only our own operators and parentheses remain.
    outside = translated.split("'")[::2]
    assert all(set(part) <= set("()&|!<-> :*") for part in outside)
    assert "\x00" not in translated
    assert "\\" not in translated


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "NOT lumbar", "-lumbar", "lumbar OR NOT mri", "o*", "---", ""],
)
def test_malformed_queries_are_refused_like_tantivy(query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        to_tsquery_text(query)


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="checks the refusal on other databases"
)
def test_the_postgres_backend_refuses_other_databases(settings: Any) -> None:
    settings.PARADESK_SEARCH_BACKEND = "postgres"
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        get_backend()


def test_an_unknown_backend_is_refused(settings: Any) -> None:
    settings.PARADESK_SEARCH_BACKEND = "elastic"
    with pytest.raises(ImproperlyConfigured, match="tantivy, postgres"):
        get_backend()


@pytest.fixture
def postgres_search(settings: Any) -> None:
    settings.PARADESK_SEARCH_BACKEND = "postgres"


def _add(
    firm: Firm, capture: Any, data: bytes, name: str, *, matter: Any = None
) -> Document:
    with capture(execute=True):
        added = add_document(
            actor=firm.paralegal if matter is None else firm.attorney2,
            matter=firm.matter if matter is None else matter,
            file=data,
            name=name,
        )
    return added.document


@pytest.fixture
def record(
    firm: Firm, postgres_search: None, django_capture_on_commit_callbacks: Any
) -> Document:
    return _add(firm, django_capture_on_commit_callbacks, text_pdf(RECORD), "er.pdf")


@on_postgres
def test_a_word_finds_its_page_with_a_highlight(firm: Firm, record: Document) -> None:
    found = search_pages(firm.paralegal, "lumbar")
    assert [(h.document, h.page_number) for h in found.hits] == [(record, 2)]
    assert found.hits[0].version_number == 1
    assert "<mark>Lumbar</mark>" in found.hits[0].snippet_html
    assert found.total == 1


@on_postgres
@pytest.mark.parametrize(
    ("query", "pages"),
    [
        ("lumbar", [2]),
        ("lumbar mri", [2]),
        ('"rear-end collision"', [1]),
        ('"collision rear-end"', []),
        ("cervical OR orthopedics", [1, 2]),
        ("cervical AND NOT lumbar", [1]),
        ("+cervical -lumbar", [1]),
        ("ortho*", [2]),
        ('"follow up with ortho"*', [2]),
        ("(cervical OR lumbar) AND mri", [2]),
        ("Müller", []),
    ],
)
def test_query_language(
    firm: Firm, record: Document, query: str, pages: list[int]
) -> None:
    found = search_pages(firm.paralegal, query)
    assert sorted(h.page_number for h in found.hits) == pages
    assert found.total == len(pages)


@on_postgres
def test_both_backends_find_the_same_pages(firm: Firm, record: Document) -> None:
    tantivy = TantivyBackend()
    tantivy.reindex_all()
    postgres = get_backend()
    for query in ("lumbar", '"rear-end collision"', "cervical OR ortho*", "strain"):
        ours = postgres.search(query, matter_ids={firm.matter.pk}, limit=10, offset=0)
        theirs = tantivy.search(query, matter_ids={firm.matter.pk}, limit=10, offset=0)
        assert {(h.version_id, h.page_number) for h in ours.hits} == {
            (h.version_id, h.page_number) for h in theirs.hits
        }
        assert ours.total == theirs.total


@on_postgres
def test_highlights_are_the_only_markup(
    firm: Firm, postgres_search: None, django_capture_on_commit_callbacks: Any
) -> None:
    _add(firm, django_capture_on_commit_callbacks, NOTE.encode(), "note.txt")
    (hit,) = search_pages(firm.paralegal, "lumbar").hits
    snippet = hit.snippet_html
    assert "<mark>lumbar</mark>" in snippet
    assert "<mark>Lumbar</mark>" in snippet
    assert "&lt;120/80 &amp; HR" in snippet
    assert "&#x27;mild&#x27;" in snippet
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
    assert ">" not in snippet.replace("<mark>", "").replace("</mark>", "")


@on_postgres
def test_the_snippet_of_a_long_page_is_an_extract(
    firm: Firm, postgres_search: None, django_capture_on_commit_callbacks: Any
) -> None:
    words = [f"filler{n}" for n in range(200)]
    words[100] = "whiplash"
    _add(firm, django_capture_on_commit_callbacks, " ".join(words).encode(), "l.txt")
    (hit,) = search_pages(firm.paralegal, "whiplash").hits
    assert hit.snippet_html.startswith("…")
    assert hit.snippet_html.endswith("…")
    assert "<mark>whiplash</mark>" in hit.snippet_html
    assert len(hit.snippet_html) < 400


@on_postgres
@pytest.mark.parametrize("who", ["outsider", "walled", "admin"])
def test_people_off_the_team_find_nothing(
    firm: Firm, record: Document, who: str
) -> None:
    assert search_pages(getattr(firm, who), "lumbar").hits == []


@on_postgres
def test_only_permitted_matters_are_ranked_and_counted(
    firm: Firm, record: Document, django_capture_on_commit_callbacks: Any
) -> None:
    other = _add(
        firm,
        django_capture_on_commit_callbacks,
        text_pdf([["Lumbar fusion consult"]]),
        "other.pdf",
        matter=firm.other_matter,
    )
    both = search_pages(firm.attorney2, "lumbar")
    assert {h.document for h in both.hits} == {record, other}
    assert both.total == 2
    one = search_pages(firm.attorney2, "lumbar", matter=firm.other_matter)
    assert [h.document for h in one.hits] == [other]
    assert one.total == 1
    assert [h.document for h in search_pages(firm.outsider, "lumbar").hits] == [other]
    assert [h.document for h in search_pages(firm.paralegal, "lumbar").hits] == [record]


@on_postgres
def test_paging_keeps_the_total(firm: Firm, record: Document) -> None:
    first = search_pages(firm.paralegal, "cervical OR lumbar", limit=1)
    second = search_pages(firm.paralegal, "cervical OR lumbar", limit=1, offset=1)
    beyond = search_pages(firm.paralegal, "cervical OR lumbar", limit=1, offset=5)
    assert (first.total, second.total, beyond.total) == (2, 2, 2)
    assert len(first.hits) == len(second.hits) == 1
    assert first.hits[0].page_number != second.hits[0].page_number
    assert beyond.hits == []


@on_postgres
def test_only_the_latest_read_version_is_found(
    firm: Firm, record: Document, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        add_version(
            actor=firm.paralegal,
            document=record,
            file=text_pdf([["Amended record: thoracic strain only"]]),
            name="er-v2.pdf",
        )
    assert search_pages(firm.paralegal, "lumbar").hits == []
    (hit,) = search_pages(firm.paralegal, "thoracic").hits
    assert (hit.document, hit.version_number, hit.page_number) == (record, 2, 1)
    assert reindex_all() == 1


@on_postgres
@pytest.mark.parametrize("who", ["outsider", "walled"])
def test_searching_a_hidden_matter_is_404(
    firm: Firm, record: Document, who: str
) -> None:
    response = firm.client(getattr(firm, who)).get(
        f"/search/?q=lumbar&matter={firm.matter.pk}"
    )
    assert response.status_code == 404


@on_postgres
def test_the_search_page_shows_hits_and_is_audited(
    firm: Firm, record: Document
) -> None:
    response = firm.client(firm.paralegal).get("/search/?q=cervical")
    assert response.status_code == 200
    assert b"<mark>Cervical</mark>" in response.content
    assert f"/documents/{record.pk}/v1/page/1/?q=cervical".encode() in response.content
    event = AuditEvent.objects.get(action="search.performed")
    assert event.details["hits"] == 1
    assert event.details["document_ids"] == [record.pk]


@on_postgres
@pytest.mark.parametrize("query", ['"unclosed', "the", "the -lumbar", "NOT lumbar"])
def test_a_malformed_or_empty_query_is_a_clear_400(
    firm: Firm, record: Document, query: str
) -> None:
    response = firm.client(firm.paralegal).get("/search/", {"q": query})
    assert response.status_code == 400
    assert b"flash-error" in response.content
    with pytest.raises(QuerySyntaxError):
        search_pages(firm.paralegal, query)


@on_postgres
@pytest.mark.parametrize("query", INJECTIONS)
def test_tsquery_injection_is_plain_words_or_refused(
    firm: Firm, record: Document, query: str
) -> None:
    response = firm.client(firm.paralegal).get("/search/", {"q": query})
    assert response.status_code in (200, 400)


@on_postgres
@pytest.mark.parametrize(
    ("query", "pages"),
    [
        # Were these operators, each would find page 2, page 1 or both pages.
        ("lumbar | cervical", []),
        ("foo:* | lumbar", []),
        ("lumbar & !cervical", []),
        ("'lumbar' | 'cervical'", []),
        ("cervical:*", [1]),
    ],
)
def test_tsquery_operators_typed_by_a_user_are_punctuation(
    firm: Firm, record: Document, query: str, pages: list[int]
) -> None:
    found = search_pages(firm.paralegal, query)
    assert sorted(h.page_number for h in found.hits) == pages


@on_postgres
def test_search_before_anything_is_read_finds_nothing(
    firm: Firm, postgres_search: None
) -> None:
    assert search_pages(firm.paralegal, "anything").hits == []


@on_postgres
def test_reindex_counts_the_searchable_pages(firm: Firm, record: Document) -> None:
    assert reindex_all() == 2
    assert [h.page_number for h in search_pages(firm.paralegal, "lumbar").hits] == [2]
