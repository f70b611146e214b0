"""`paradesk chronology`, `paradesk eval` and `paradesk corpus` as a user runs them: no
server, no database, no PARADESK_HOME; clear one-line errors; scores that mean
something."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest

from paradesk.cli import chronology as command
from paradesk.engines.medchron import contract
from paradesk.engines.medchron.corpus import CorpusOptions, write_corpus
from paradesk.engines.medchron.evaluate import evaluate, score_case
from paradesk.engines.medchron.samples import SAMPLE_FILES
from paradesk.engines.pages.samples import text_pdf

SHARED_SCHEMA = (
    Path(__file__).resolve().parents[4]
    / ".."
    / "shared"
    / "contracts"
    / "chronology-1.schema.json"
)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PARADESK"))
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and entry point
        [sys.executable, "-m", "paradesk.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def records(tmp_path: Path) -> list[Path]:
    paths = []
    for name, pages in SAMPLE_FILES.items():
        path = tmp_path / name
        path.write_bytes(text_pdf([page.splitlines() for page in pages]))
        paths.append(path)
    return paths


def test_the_command_prints_the_contract_and_writes_docx(
    records: list[Path], tmp_path: Path
) -> None:
    shown = _run(
        "chronology", *map(str, records), "--incident-date", "2024-03-04", cwd=tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    document = json.loads(shown.stdout)
    contract.validate(document)
    assert document["incident_date"] == "2024-03-04"
    assert document["totals"]["charges_cents"] == 444750
    assert next(e["pre_incident"] for e in document["encounters"]) is True

    out = tmp_path / "chronology.docx"
    written = _run("chronology", *map(str, records), "-o", str(out), cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    text = "\n".join(
        cell.text
        for table in docx.Document(str(out)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Maria Chen, MD" in text
    assert not (tmp_path / "var").exists()  # no home, no database: nothing else written


def _in_process(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The command's own entry point, run in this process (start-up is tested above)."""
    try:
        status = command.chronology(list(args))
    except SystemExit as exit_:  # argparse refuses a bad argument this way
        status = int(exit_.code or 0)
    return status, capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged"),
        (b"\x00\x01binary nonsense\xff" * 10, "not a type"),
    ],
)
def test_an_unreadable_input_is_one_line_and_status_2(
    tmp_path: Path, content: bytes, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    status, err = _in_process(str(bad), capsys=capsys)
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("paradesk chronology: ")
    assert "bad.pdf" in lines[0]


def test_bad_arguments_are_refused_with_status_2(
    records: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args, says in (
        (("--incident-date", "03/04/2024"), "not a date in the form YYYY-MM-DD"),
        (("--gap-days", "0"), "must be at least 1"),
        (("-o", str(tmp_path / "out.txt")), ".txt"),
        (("--format", "pdf"), "needs -o OUT"),
    ):
        status, err = _in_process(str(records[0]), *args, capsys=capsys)
        assert status == 2, args
        assert says in err
    status, err = _in_process(str(tmp_path / "nope.pdf"), capsys=capsys)
    assert status == 2
    assert "no such file" in err


def test_the_packaged_schema_is_the_shared_contract() -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip("shared/contracts is not beside this checkout")
    assert json.loads(SHARED_SCHEMA.read_text()) == contract.schema()


def _encounter(day: str, provider: str, codes: list[str]) -> dict[str, Any]:
    return {
        "date": day,
        "provider": provider,
        "facility": None,
        "visit_type": None,
        "complaints": [],
        "findings": [],
        "diagnoses": [{"code": code, "description": None} for code in codes],
        "procedures": [],
        "medications": [],
        "restrictions": [],
        "recommendations": [],
        "pre_incident": False,
        "citations": [{"document": "a.pdf", "page": 1, "quote": "", "verified": True}],
    }


def _document(encounters: list[dict[str, Any]], charges: int) -> dict[str, Any]:
    return {
        "schema": "paradesk.chronology/1",
        "incident_date": None,
        "encounters": encounters,
        "bills": [],
        "totals": {
            "charges_cents": charges,
            "payments_cents": 0,
            "adjustments_cents": 0,
            "balance_cents": charges,
        },
        "gaps": [],
        "providers": [],
        "missing": [],
        "warnings": [],
    }


def test_scores_count_matches_by_date_and_provider_name_key() -> None:
    expected = _document(
        [
            _encounter("2024-03-04", "Maria Chen, MD", ["S13.4XXA", "M54.2"]),
            _encounter("2024-03-11", "Ana Silva, PT, DPT", []),
            _encounter("2024-04-01", "Paul Okafor, MD", ["M54.2"]),
        ],
        1000,
    )
    found = _document(
        [
            _encounter("2024-03-04", "CHEN, MARIA L MD", ["S13.4XXA", "S16.1XXA"]),
            _encounter("2024-03-11", "Dr. Ana Silva", []),
            _encounter("2024-03-12", "Paul Okafor, MD", []),
        ],
        999,
    )
    score = score_case("case", expected, found)
    assert (score.expected, score.found, score.matched) == (3, 3, 2)
    assert (score.codes_expected, score.codes_found, score.codes_matched) == (2, 2, 1)
    assert score.totals_exact is False
    assert score.missed == ("2024-04-01 okafor:p",)


def test_eval_runs_the_engine_over_a_generated_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path, cases=2, seed=11, options=CorpusOptions(scanned_share=0.0))
    score = evaluate(tmp_path)
    assert len(score.cases) == 2
    assert score.encounter_recall >= 0.9
    assert score.encounter_precision >= 0.9
    assert command.eval_command(["chronology", str(tmp_path / "none")]) == 2
