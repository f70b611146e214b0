"""`paradesk pages FILE [--json]`: runs without Django or a home, fails in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paradesk.engines.pages import samples

ASSETS = Path(__file__).parent / "assets"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PARADESK_HOME"] = str(tmp_path / "home-must-not-exist")
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "paradesk.cli", "pages", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=60,
    )


def test_json_lists_each_page_with_exactly_its_four_fields(tmp_path: Path) -> None:
    path = tmp_path / "Résumé 診療.pdf"
    path.write_bytes(
        samples.text_pdf(
            [
                ["First page of the records, from the clinic."],
                ["Second page: the billing ledger summary."],
            ]
        )
    )

    result = _run(tmp_path, str(path), "--json")

    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {
        "pages": [
            {
                "number": 1,
                "text": "First page of the records, from the clinic.",
                "method": "text",
                "confidence": None,
            },
            {
                "number": 2,
                "text": "Second page: the billing ledger summary.",
                "method": "text",
                "confidence": None,
            },
        ]
    }
    assert not (tmp_path / "home-must-not-exist").exists()


def test_without_json_prints_each_page_under_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Intake notes\fFollow-up notes", encoding="utf-8")

    result = _run(tmp_path, str(path))

    assert result.returncode == 0
    assert result.stdout == (
        "===== page 1 (text) =====\nIntake notes\n"
        "===== page 2 (text) =====\nFollow-up notes\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "locked.pdf",
            (ASSETS / "password-protected.pdf").read_bytes(),
            "the PDF is password-protected",
        ),
        (
            "cut.pdf",
            samples.text_pdf([["Some text"]])[:180],
            "the PDF is damaged or truncated",
        ),
        ("empty ä.pdf", b"", "the file is empty"),
        (
            "archive.pdf",
            b"PK\x05\x06" + bytes(18),
            "unsupported type: a ZIP archive is not one document",
        ),
        ("missing.pdf", None, "not found"),
    ],
    ids=["password", "corrupt", "empty", "unsupported", "not-found"],
)
def test_unreadable_file_exits_2_with_one_line_on_stderr(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    result = _run(tmp_path, str(path), "--json")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"paradesk pages: {path}: {reason}\n"
