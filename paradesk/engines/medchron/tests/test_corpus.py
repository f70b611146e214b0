"""The synthetic chronology corpus: deterministic, contract-valid, honest, varied."""

from __future__ import annotations

import difflib
import io
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from paradesk.engines.medchron.corpus import (
    Composed,
    CorpusOptions,
    compose_case,
    generate_case,
    write_corpus,
)
from paradesk.engines.medchron.corpus import vocabulary as vocab
from paradesk.engines.medchron.corpus.expected import expected_document
from paradesk.engines.medchron.corpus.typeset import Text
from paradesk.engines.pages import OcrResult, PagesOptions, read_pages
from paradesk.engines.pages.ocr import tesseract_path

# The contract as shared/ holds it beside the checkout, else the package's copy.
_SHARED = (
    Path(__file__).parents[5] / "shared" / "contracts" / "chronology-1.schema.json"
)
_PACKAGED = resources.files("paradesk.engines.medchron") / "schema" / _SHARED.name
_SCHEMA = (_SHARED if _SHARED.exists() else _PACKAGED).read_text(encoding="utf-8")
VALIDATOR = jsonschema.Draft202012Validator(json.loads(_SCHEMA))
DATE_FORMS = (
    r"\b\d\d/\d\d/\d{4}\b",  # 03/04/2024
    r"\b\d{1,2}/\d{1,2}/\d\d\b",  # 3/4/24
    r"\b[A-Z][a-z]+ \d{1,2}, \d{4}\b",  # March 4, 2024
    r"\b\d\d-[A-Z][a-z]{2}-\d{4}\b",  # 04-Mar-2024
    r"\b\d{4}-\d\d-\d\d\b",  # 2024-03-04
    r"\b\d\d-\d\d-\d{4}\b",  # 03-04-2024
)
Cases = list[tuple[Composed, Any]]  # expected documents are parsed JSON


@pytest.fixture(scope="module")
def thirty() -> Cases:
    cases = [compose_case(seed, CorpusOptions()) for seed in range(1, 31)]
    return [(case, expected_document(case)) for case in cases]


def _texts(case: Composed) -> str:
    sheets = [sheet for production in case.productions for sheet in production.sheets]
    return "\n".join(i.text for sheet in sheets for i in sheet if isinstance(i, Text))


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_same_seed_gives_the_same_bytes() -> None:
    options = CorpusOptions(providers=(3, 3), scanned_share=0.5)
    first, again = generate_case(11, options), generate_case(11, options)
    assert first.files == again.files
    assert first.expected == again.expected
    assert generate_case(12, options).files != first.files


def test_every_expected_document_follows_the_contract(thirty: Cases) -> None:
    for _, expected in thirty:
        VALIDATOR.validate(expected)
        order = [(e["date"], e["provider"]) for e in expected["encounters"]]
        assert order == sorted(order)


def test_every_citation_finds_its_quote_on_its_page() -> None:
    seen = {"text": 0, "scan": 0}
    # A stand-in OCR: only whether a page has a text layer matters here.
    options = PagesOptions(
        ocr=lambda image, dpi, timeout: OcrResult("", None), workers=1
    )
    for seed in (5, 6):
        case = generate_case(seed, CorpusOptions(providers=(3, 3), scanned_share=0.5))
        expected: Any = case.expected
        VALIDATOR.validate(expected)
        cited = [c for e in expected["encounters"] for c in e["citations"]]
        cited += [line["citation"] for b in expected["bills"] for line in b["lines"]]
        for name in {c["document"] for c in cited}:
            pages = read_pages(case.files[name], name=name, options=options).pages
            for c in (c for c in cited if c["document"] == name):
                page = pages[c["page"] - 1]
                seen["scan" if page.method == "ocr" else "text"] += 1
                if page.method == "text":
                    assert _squash(c["quote"]) in _squash(page.text), c
    assert seen["text"]
    assert seen["scan"]


def test_money_adds_up(thirty: Cases) -> None:
    keys = ("charges_cents", "payments_cents", "adjustments_cents", "balance_cents")
    for case, expected in thirty:
        bills = expected["bills"]
        for bill in bills:
            charges = sum(line["charge_cents"] for line in bill["lines"])
            assert bill["charges_cents"] == charges
            paid, adjusted = bill["payments_cents"], bill["adjustments_cents"]
            assert bill["balance_cents"] == charges - paid - adjusted
            assert bill["reconciled"] == (bill["stated_total_cents"] in (None, charges))
        for key in keys:
            assert expected["totals"][key] == sum(bill[key] for bill in bills)
        # A duplicated bill is counted once: one line per billed procedure.
        billed = [v for p in case.plan.providers for v in p.visits if v.billed]
        assert sum(len(b["lines"]) for b in bills) == sum(
            len(v.procedures) for v in billed
        )
        for row in expected["providers"]:
            mine = [e for e in expected["encounters"] if e["provider"] == row["name"]]
            assert row["visits"] == len(mine)
            charged = [
                b["charges_cents"] for b in bills if b["provider"] == row["name"]
            ]
            assert row["charges_cents"] == sum(charged)


def test_negated_findings_are_written_but_never_complaints(thirty: Cases) -> None:
    denials = {*vocab.NEGATIONS, *(region.absent for region in vocab.REGIONS)}
    written = 0
    for case, expected in thirty:
        text = _texts(case).lower()
        written += sum(denial in text for denial in denials)
        for encounter in expected["encounters"]:
            complaints = {c.lower() for c in encounter["complaints"]}
            assert not complaints & denials
            assert not any(
                c.startswith(("no ", "denies", "negative")) for c in complaints
            )
    assert written > len(thirty)


def test_thirty_cases_show_what_real_records_vary(thirty: Cases) -> None:
    quotes: list[str] = []
    seen: set[str] = set()
    for case, expected in thirty:
        for e in expected["encounters"]:
            quotes += [c["quote"] for c in e["citations"]]
            documents = [c["document"] for c in e["citations"]]
            if len(documents) > len(set(documents)):
                seen.add("multi-page visit")
            if len(set(documents)) > 1:
                seen.add("duplicate production")
            if e["pre_incident"]:
                seen.add("pre-incident visit")
        pages = [
            (c["document"], c["page"])
            for e in expected["encounters"]
            for c in e["citations"]
        ]
        if len(pages) > len(set(pages)):
            seen.add("several visits on a page")
        if expected["gaps"]:
            seen.add("gap")
        if not all(bill["reconciled"] for bill in expected["bills"]):
            seen.add("total differs")
        if any(production.scan for production in case.productions):
            seen.add("scanned")
        seen |= {f"missing {m['kind']}" for m in expected["missing"]}
        seen |= {f"bill: {bill.form}" for bill in case.bills}
    assert seen == {
        "multi-page visit", "duplicate production", "pre-incident visit", "gap",
        "several visits on a page", "total differs", "scanned", "missing record",
        "missing bill", "bill: statement", "bill: ledger", "bill: cms1500",
        "bill: ub04",
    }  # fmt: skip
    assert sum(any(re.search(form, q) for q in quotes) for form in DATE_FORMS) >= 5
    for label in (
        "DOS:",
        "Date of Service:",
        "Visit Date:",
        "Encounter date:",
        "Exam Date:",
    ):
        assert any(q.startswith(label) for q in quotes), label
    text = "\n".join(_texts(case) for case, _ in thirty)
    for sign in ("Electronically signed by:", "Dr. ", "M.D.", "Referring physician:"):
        assert sign in text
    assert re.search(r"Page 2 of \d", text)
    assert re.search(r"\b[A-Z]+[- ]?\d{6}\b", text)  # Bates numbers
    assert re.search(r"\(\$?[\d,]+\.\d\d\)", text)  # a credit in parentheses
    assert re.search(r"^-\$?[\d,]+\.\d\d$", text, re.MULTILINE)  # a minus credit


def test_write_corpus_writes_case_folders_with_expected_json(tmp_path: Path) -> None:
    options = CorpusOptions(providers=(3, 4), scanned_share=0)
    folders = write_corpus(tmp_path, cases=2, seed=4, options=options)
    assert [folder.name for folder in folders] == ["case-001", "case-002"]
    for folder in folders:
        raw = (folder / "expected.json").read_text(encoding="utf-8")
        expected = json.loads(raw)
        VALIDATOR.validate(expected)
        assert raw.startswith('{\n  "schema": "paradesk.chronology/1"')
        cited = {c["document"] for e in expected["encounters"] for c in e["citations"]}
        assert cited <= {path.name for path in folder.glob("*.pdf")}


@pytest.mark.ocr
def test_a_scanned_date_of_service_line_is_legible_to_tesseract() -> None:
    if tesseract_path() is None:
        if os.environ.get("PARADESK_REQUIRE_OCR") == "1":
            pytest.fail("PARADESK_REQUIRE_OCR=1 but tesseract is not installed")
        pytest.skip(
            "tesseract is not installed (Debian: apt-get install tesseract-ocr)"
        )
    options = CorpusOptions(providers=(3, 3), scanned_share=1.0)
    case, files = compose_case(7, options), generate_case(7, options).files
    production = next(p for p in case.productions if p.cites[0][0].startswith("v"))
    _, number, quote = production.cites[0]
    one = pdfium.PdfDocument.new()
    one.import_pages(pdfium.PdfDocument(files[production.name]), [number - 1])
    buffer = io.BytesIO()
    one.save(buffer)
    page = read_pages(buffer.getvalue(), options=PagesOptions(workers=1)).pages[0]
    assert page.method == "ocr"
    best = max(
        difflib.SequenceMatcher(None, _squash(quote), _squash(line)).ratio()
        for line in page.text.splitlines()
    )
    assert best >= 0.8, (quote, page.text[:400])
