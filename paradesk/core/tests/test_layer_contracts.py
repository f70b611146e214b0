"""`lint-imports` holds the layers: run on a copy of the package, it passes as the
code stands, and fails once core imports an app, or an engine verb imports Django."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its contracts, copied: a probe module added here never touches
    the working tree."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(
        ROOT / "paradesk",
        root / "paradesk",
        ignore=shutil.ignore_patterns("__pycache__", "assets"),
    )
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, before the editable install's finder.
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(  # noqa: S603  # our own lint-imports, no shell
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_contracts_hold_as_the_code_stands(copy: Path) -> None:
    result = _lint_imports(copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "named"),
    [
        (
            "paradesk/core/layer_probe.py",
            "from paradesk.matters import models  # noqa: F401\n",
            "Core is the ground: it imports no app, nor ops, api or cli BROKEN",
            "paradesk.core.layer_probe -> paradesk.matters.models",
        ),
        (
            "paradesk/cli/layer_probe.py",
            "import django  # noqa: F401\n",
            "CLI engine verbs import no Django: they start fast, with no home or "
            "database BROKEN",
            "paradesk.cli.layer_probe -> django",
        ),
    ],
)
def test_an_import_across_a_layer_breaks_its_contract(
    copy: Path, module: str, line: str, contract: str, named: str
) -> None:
    probe = copy / module
    probe.write_text(line, encoding="utf-8")
    try:
        result = _lint_imports(copy)
    finally:
        probe.unlink()
    assert result.returncode == 1, result.stdout[-3000:]
    assert contract in result.stdout
    assert named in result.stdout
