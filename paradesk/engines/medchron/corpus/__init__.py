"""Synthetic personal-injury medical records and bills, with their ground truth.

Writes an accuracy corpus for the chronology engine: each case is a folder of PDF
productions (records, bills, cover letters, duplicates, scans) and an
`expected.json` in the paradesk.chronology/1 contract. Everything is invented and
deterministic per seed.

    from paradesk.engines.medchron.corpus import write_corpus
    write_corpus(Path("corpus"), cases=30, seed=0)

Conventions beyond the contract: a visit billed but absent from every record is
not an encounter (it is `missing` a record); pre-incident visits are never billed
and not reported as missing a bill; a duplicated bill counts once, its lines cited
to the first file that holds them.
"""

from __future__ import annotations

import json
from pathlib import Path

from paradesk.engines.medchron.corpus.expected import expected_document
from paradesk.engines.medchron.corpus.models import Case, CorpusOptions
from paradesk.engines.medchron.corpus.productions import Composed, compose_case
from paradesk.engines.medchron.corpus.render import render

__all__ = [
    "Case",
    "Composed",
    "CorpusOptions",
    "compose_case",
    "generate_case",
    "write_corpus",
]

_DEFAULT_OPTIONS = CorpusOptions()
_CASE_STRIDE = 1000  # case i of a corpus with seed s uses seed s * 1000 + i


def generate_case(seed: int, options: CorpusOptions = _DEFAULT_OPTIONS) -> Case:
    """One case: its files' bytes and its expected chronology.

    Args:
        seed: any integer; the same seed and options give the same bytes.
        options: how often scans, duplicates, mismatched totals and the rest occur.

    Returns:
        The case.
    """
    composed = compose_case(seed, options)
    files = {production.name: render(production) for production in composed.productions}
    name = f"{composed.plan.claimant.last.lower()}-{seed}"
    return Case(name=name, files=files, expected=expected_document(composed))


def write_corpus(
    out_dir: Path,
    *,
    cases: int,
    seed: int = 0,
    options: CorpusOptions = _DEFAULT_OPTIONS,
) -> list[Path]:
    """Writes `out_dir/case-NNN/<files>` and `out_dir/case-NNN/expected.json`.

    Args:
        out_dir: the corpus folder (created if missing).
        cases: how many cases.
        seed: the corpus seed.
        options: passed to every case.

    Returns:
        The case folders, in order.
    """
    folders = []
    for number in range(1, cases + 1):
        case = generate_case(seed * _CASE_STRIDE + number, options)
        folder = out_dir / f"case-{number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in case.files.items():
            (folder / name).write_bytes(data)
        text = json.dumps(case.expected, indent=2, ensure_ascii=False) + "\n"
        (folder / "expected.json").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders
