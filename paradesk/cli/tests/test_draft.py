"""`paradesk draft` as a user runs it, and docs/drafting.md's examples checked against
the models they document, so neither can drift from the other."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from docx import Document
from pydantic import BaseModel

from paradesk.cli import run_engine_verb
from paradesk.cli.chronology import chronology
from paradesk.engines.drafting import fields
from paradesk.engines.drafting.context import DraftContext
from paradesk.engines.drafting.demand import DemandInputs
from paradesk.engines.drafting.render import WATERMARK_NOTE, document_text, watermarks
from paradesk.engines.medchron import contract
from paradesk.engines.medchron.samples import SAMPLE_FILES
from paradesk.engines.pages.samples import text_pdf

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "drafting.md"
MATTER_EXAMPLE = ROOT / "docs" / "examples" / "draft-matter.json"
DATA_EXAMPLE = ROOT / "docs" / "examples" / "draft-data.json"
PARADESK = ROOT / ".venv" / "bin" / "paradesk"


def _draft(
    *args: str | Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """`paradesk draft ARGS` as `paradesk.cli.main` dispatches it, in this process
    (the installed command's start-up is run once, by a subprocess, below)."""
    status = run_engine_verb("draft", [str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _template(tmp_path: Path, *paragraphs: str, name: str = "letter.docx") -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def _json(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def chronology_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """CHRON.json as `paradesk chronology` writes it from the sample record PDFs."""
    folder = tmp_path_factory.mktemp("records")
    paths = []
    for name, pages in SAMPLE_FILES.items():
        path = folder / name
        path.write_bytes(text_pdf([page.splitlines() for page in pages]))
        paths.append(str(path))
    out = folder / "chronology.json"
    status = chronology([*paths, "--incident-date", "2024-03-01", "-o", str(out)])
    assert status == 0
    return out


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    return _template(
        tmp_path,
        "{{ letter.date_long }}",
        "Dear {{ recipient.name }}:",
        "Our client {{ client.name }} claims {{ specials.total.charges }}.",
        "{{ signer.name }}",
        "{{ signer.status }}",
    )


def test_render_fills_the_template_from_the_documented_example(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.docx"

    status, stdout, stderr = _draft(
        "render", letter, DATA_EXAMPLE, "-o", out, capsys=capsys
    )

    assert (status, stdout, stderr) == (0, "", "")
    text = document_text(out.read_bytes())
    assert "Dear Dana Whitfield:" in text
    assert "Our client Renee Harper claims $9,215.00." in text
    assert watermarks(out.read_bytes()) == []


def test_render_with_draft_adds_the_watermark(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.docx"

    status, _, _ = _draft(
        "render", letter, DATA_EXAMPLE, "-o", out, "--draft", capsys=capsys
    )

    assert status == 0
    assert watermarks(out.read_bytes()) == ["DRAFT"]
    assert WATERMARK_NOTE in document_text(out.read_bytes())


def test_render_to_pdf_goes_through_libreoffice(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.pdf"

    status, _, stderr = _draft("render", letter, DATA_EXAMPLE, "-o", out, capsys=capsys)

    assert (status, stderr) == (0, "")
    assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.docx", "out.pdf"]


def test_demand_runs_as_an_installed_command(
    tmp_path: Path, chronology_json: Path
) -> None:
    out = tmp_path / "demand.docx"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PARADESK"))
    }

    done = subprocess.run(  # noqa: S603 - our own installed entry point
        [
            str(PARADESK),
            "draft",
            "demand",
            "--chronology",
            str(chronology_json),
            "--matter",
            str(MATTER_EXAMPLE),
            "-o",
            str(out),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    notes = done.stderr.splitlines()
    assert notes
    assert all(line.startswith("paradesk draft demand: note: ") for line in notes)
    assert any("pre-incident visit" in line for line in notes)
    totals = json.loads(chronology_json.read_text())["totals"]
    document = Document(str(out))
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "Provider"]
    total_row = [cell.text for cell in table.rows[-1].cells]
    assert total_row[:5] == [
        "Total",
        _money(totals["charges_cents"]),
        _money(totals["payments_cents"]),
        _money(totals["adjustments_cents"]),
        _money(totals["balance_cents"]),
    ]
    text = document_text(out.read_bytes())
    assert "$75,000.00" in text
    assert "Paralegal; not an attorney." in text
    assert "Piedmont Regional Medical Center records and bill" in text  # its title


def _money(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def test_demand_with_a_firm_template_and_draft(
    tmp_path: Path, chronology_json: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _template(
        tmp_path,
        "{% for line in specials.lines %}{{ line.provider }}: {{ line.balance }}. "
        "{% endfor %}",
        "Total {{ specials.total.balance }}; respond by "
        "{{ letter.response_deadline_long }}",
    )
    matter = _json(tmp_path, "matter.json", {"letter": {"date": "2024-09-16"}})
    out = tmp_path / "demand.docx"

    status, _, stderr = _draft(
        "demand",
        "--chronology",
        chronology_json,
        "--matter",
        matter,
        "--template",
        template,
        "-o",
        out,
        "--draft",
        capsys=capsys,
    )

    assert status == 0, stderr
    assert "note: No demand amount yet" in stderr
    text = document_text(out.read_bytes())
    assert "Piedmont Regional Medical Center: $1,162.50. " in text
    assert "Total $3,092.50; respond by October 16, 2024" in text
    assert watermarks(out.read_bytes()) == ["DRAFT"]


def test_fields_lists_the_paths(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, stdout, stderr = _draft("fields", letter, capsys=capsys)

    assert (status, stderr) == (0, "")
    assert stdout.splitlines() == [
        "letter.date_long",
        "recipient.name",
        "client.name",
        "specials.total.charges",
        "signer.name",
        "signer.status",
    ]

    status, stdout, _ = _draft("fields", letter, "--json", capsys=capsys)
    assert status == 0
    assert json.loads(stdout)["problems"] == []
    assert json.loads(stdout)["fields"][0] == "letter.date_long"


def test_fields_lists_the_good_fields_then_refuses_the_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = _template(tmp_path, "{{ client.name }}", "{{ client.nmae }}")

    status, stdout, stderr = _draft("fields", template, "--json", capsys=capsys)

    assert status == 2
    assert json.loads(stdout) == {
        "fields": ["client.name"],
        "problems": [
            'Unknown field "client.nmae" in the body, paragraph 2 ("{{ client.nmae }}")'
        ],
    }
    assert stderr.splitlines() == [
        'paradesk draft: Unknown field "client.nmae" in the body, paragraph 2 '
        '("{{ client.nmae }}")'
    ]


def test_builtin_writes_a_template_that_checks_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demand.docx"

    status, _, _ = _draft("builtin", "demand", "-o", out, capsys=capsys)

    assert status == 0
    assert "specials.total.charges" in fields.check(out.read_bytes()).paths


def _broken_chronology(chronology_json: Path, tmp_path: Path) -> Path:
    document = json.loads(chronology_json.read_text())
    del document["totals"]["balance_cents"]
    return _json(tmp_path, "broken.json", document)


def _unbalanced_chronology(chronology_json: Path, tmp_path: Path) -> Path:
    document = json.loads(chronology_json.read_text())
    document["totals"]["charges_cents"] += 1
    contract.validate(document)  # still a valid document: only the sums disagree
    return _json(tmp_path, "unbalanced.json", document)


# Each case: the arguments, split on spaces, with placeholders for the fixtures'
# files; and what the one line on stderr must say.
ERRORS: list[tuple[str, str, str]] = [
    (
        "missing template",
        "render {tmp}/nope.docx {data} -o {tmp}/o.docx",
        "nope.docx: no such file",
    ),
    (
        "missing data",
        "render {letter} {tmp}/nope.json -o {tmp}/o.docx",
        "nope.json: no such file",
    ),
    (
        "bad JSON",
        "render {letter} {bad_json} -o {tmp}/o.docx",
        "bad.json: the data is not valid JSON (line 1: Expecting ',' delimiter)",
    ),
    (
        "data not UTF-8",
        "render {letter} {latin1} -o {tmp}/o.docx",
        "latin1.json: the data is not UTF-8 text",
    ),
    (
        "data with an unknown key",
        "render {letter} {unknown_key} -o {tmp}/o.docx",
        "unknown.json: client.nmae: Extra inputs are not permitted",
    ),
    (
        "data with a wrong type",
        "render {letter} {wrong_type} -o {tmp}/o.docx",
        "wrong.json: letter.demand_cents: Input should be a valid integer",
    ),
    (
        "a MATTER.json given as DATA.json",
        "render {letter} {matter} -o {tmp}/o.docx",
        "draft-matter.json: schema: Input should be 'paradesk.draft-context/1'",
    ),
    (
        "data that is not an object",
        "render {letter} {list_json} -o {tmp}/o.docx",
        "list.json: (top level): Input should be a valid dictionary",
    ),
    (
        "template that is not a docx",
        "render {data} {data} -o {tmp}/o.docx",
        "This is not a Word document (.docx)",
    ),
    (
        "unknown template field",
        "render {typo} {data} -o {tmp}/o.docx",
        'Unknown field "letter.demnd" in the body, paragraph 2 '
        '("We demand {{ letter.demnd }}.")',
    ),
    (
        "template syntax error",
        "render {unclosed} {data} -o {tmp}/o.docx",
        'Template syntax error in the body, paragraph 1 ("{% if client.name %}")',
    ),
    (
        "non-attorney signature without status",
        "render {unsigned} {paralegal} -o {tmp}/o.docx",
        "a non-attorney's signature must state it",
    ),
    (
        "wrong output extension",
        "render {letter} {data} -o {tmp}/o.txt",
        "o.txt: the output must end in .docx or .pdf",
    ),
    (
        "output folder missing",
        "render {letter} {data} -o {tmp}/no/such/o.docx",
        "o.docx: cannot write (No such file or directory)",
    ),
    (
        "chronology breaking the contract",
        "demand --chronology {broken} --matter {matter} -o {out}",
        "broken.json: not a paradesk.chronology/1 document "
        "(totals: 'balance_cents' is a required property)",
    ),
    (
        "chronology that is not JSON",
        "demand --chronology {bad_json} --matter {matter} -o {out}",
        "bad.json: the chronology is not valid JSON",
    ),
    (
        "bills that disagree with the totals",
        "demand --chronology {unbalanced} --matter {matter} -o {out}",
        "The chronology's bills do not add up to its totals "
        "(charges $4,447.50 against $4,447.51)",
    ),
    (
        "matter with an unknown key",
        "demand --chronology {chron} --matter {bad_matter} -o {out}",
        "bad_matter.json: letter.demand: Extra inputs are not permitted",
    ),
    (
        "matter without a letter date",
        "demand --chronology {chron} --matter {undated} -o {out}",
        "undated.json: letter.date: Field required",
    ),
    (
        "demand to a wrong extension",
        "demand --chronology {chron} --matter {matter} -o {tmp}/demand.doc",
        "demand.doc: the output must end in .docx or .pdf",
    ),
    (
        "missing argument",
        "render {letter}",
        "the following arguments are required: DATA.json, -o/--output "
        "(see paradesk draft render -h)",
    ),
    ("no verb", "", "say what to do: render | demand | fields | builtin"),
    ("unknown verb", "print", "say what to do: render | demand | fields | builtin"),
    (
        "unknown built-in",
        "builtin will -o {tmp}/o.docx",
        "argument name: invalid choice: 'will'",
    ),
]


@pytest.fixture
def files(tmp_path: Path, letter: Path, chronology_json: Path) -> dict[str, str]:
    data = json.loads(DATA_EXAMPLE.read_text())
    paralegal = {
        **data,
        "signer": {"name": "Pat Lee", "title": "Paralegal", "is_attorney": False},
    }
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"client": {"name": "Zoë"}}'.encode("latin-1"))
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"client": {"name": "x"} "firm": {}}', encoding="utf-8")
    return {
        "tmp": str(tmp_path),
        "letter": str(letter),
        "data": str(DATA_EXAMPLE),
        "matter": str(MATTER_EXAMPLE),
        "chron": str(chronology_json),
        "out": str(tmp_path / "demand.docx"),
        "bad_json": str(bad_json),
        "latin1": str(latin1),
        "unknown_key": str(
            _json(tmp_path, "unknown.json", {"client": {"nmae": "Renee"}})
        ),
        "wrong_type": str(
            _json(tmp_path, "wrong.json", {"letter": {"demand_cents": "a lot"}})
        ),
        "list_json": str(_json(tmp_path, "list.json", [])),
        "paralegal": str(_json(tmp_path, "paralegal.json", paralegal)),
        "typo": str(
            _template(tmp_path, "Hi", "We demand {{ letter.demnd }}.", name="typo.docx")
        ),
        "unclosed": str(_template(tmp_path, "{% if client.name %}", name="if.docx")),
        "unsigned": str(
            _template(tmp_path, "Sincerely,", "{{ signer.name }}", name="s.docx")
        ),
        "broken": str(_broken_chronology(chronology_json, tmp_path)),
        "unbalanced": str(_unbalanced_chronology(chronology_json, tmp_path)),
        "bad_matter": str(
            _json(
                tmp_path,
                "bad_matter.json",
                {"letter": {"date": "2024-09-16", "demand": 100}},
            )
        ),
        "undated": str(_json(tmp_path, "undated.json", {"letter": {}})),
    }


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        pytest.param(arguments, expected, id=case)
        for case, arguments, expected in ERRORS
    ],
)
def test_every_error_exits_2_with_one_line(
    arguments: str,
    expected: str,
    files: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = set(tmp_path.rglob("*"))

    status, stdout, stderr = _draft(
        *(word.format(**files) for word in arguments.split()), capsys=capsys
    )

    assert status == 2
    assert stdout == ""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("paradesk draft: ")
    assert expected in lines[0]
    assert set(tmp_path.rglob("*")) == before  # nothing written


def test_a_pdf_without_libreoffice_names_the_package(
    tmp_path: Path,
    letter: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A machine without LibreOffice: nothing named soffice on its PATH.
    monkeypatch.setenv("PATH", str(tmp_path))

    status, _, stderr = _draft(
        "render", letter, DATA_EXAMPLE, "-o", tmp_path / "o.pdf", capsys=capsys
    )

    assert status == 2
    assert stderr.splitlines() == [
        "paradesk draft: LibreOffice is not installed, and a PDF needs it: install "
        "the Debian package libreoffice-writer-nogui (apt-get install "
        "libreoffice-writer-nogui)."
    ]
    assert not (tmp_path / "o.pdf").exists()


# --- docs/drafting.md stays true -------------------------------------------------


def _json_blocks(markdown: str) -> list[Any]:
    return [
        json.loads(block)
        for block in re.findall(r"```json\n(.*?)\n```", markdown, flags=re.DOTALL)
    ]


def _paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every path a template can use, as `paradesk draft fields` prints them."""
    found: set[str] = set()
    for name, field in model.model_fields.items():
        if name.endswith("_"):
            continue
        path = f"{prefix}{name}"
        annotation = field.annotation
        item = get_args(annotation)[0] if get_origin(annotation) is list else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found |= _paths(annotation, f"{path}.")
            continue
        found.add(path)
        if isinstance(item, type) and issubclass(item, BaseModel):
            found |= _paths(item, f"{path}[].")
    return found


def test_the_documented_matter_example_is_valid_and_matches_its_file() -> None:
    (block,) = _json_blocks(DOC.read_text(encoding="utf-8"))
    on_disk = json.loads(MATTER_EXAMPLE.read_text(encoding="utf-8"))

    assert block == on_disk
    inputs = DemandInputs.model_validate(block)
    assert set(block) == {
        field.alias or name for name, field in DemandInputs.model_fields.items()
    }
    assert inputs.letter.demand_cents == 7_500_000


def test_the_documented_data_example_is_a_complete_valid_context() -> None:
    raw = json.loads(DATA_EXAMPLE.read_text(encoding="utf-8"))

    context = DraftContext.model_validate(raw)

    # Complete: every field is written out, so the example shows the whole shape.
    assert context.as_json() == raw


def test_the_context_fields_section_lists_every_field_and_no_other() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Context fields\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_.\[\]]+)` \|", section, flags=re.M))

    assert documented == _paths(DraftContext)


def test_the_matter_table_names_every_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### MATTER.json", 1)[1].split("\n### ", 1)[0]
    keys = {
        key.split(".")[0]
        for key in re.findall(r"^\| `([a-z_.]+)`", section, flags=re.M)
    }

    assert keys == {
        field.alias or name for name, field in DemandInputs.model_fields.items()
    }
