"""The chronology engine's commands: no server, no database and no PARADESK_HOME.

    paradesk chronology FILE... [--incident-date YYYY-MM-DD] [--gap-days N] [-o OUT]
                                [--format json|docx|pdf|xlsx|csv] [--title TEXT]
    paradesk eval chronology CORPUS_DIR [--json]
    paradesk corpus chronology OUT_DIR [--cases N] [--seed S] [--scanned-share F]

An unreadable input exits with status 2 and one line on stderr saying why, as
`paradesk pages` does; so does a bad argument.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def chronology(argv: list[str]) -> int:
    """`paradesk chronology`: records and bills in, a cited chronology out."""
    _use_cache_dir()
    parser = argparse.ArgumentParser(
        prog="paradesk chronology",
        description="Build a cited medical chronology from record and bill files.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--incident-date", type=_day, help="YYYY-MM-DD")
    parser.add_argument(
        "--gap-days", type=_positive, default=30, help="gap in care threshold (30)"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="file to write")
    parser.add_argument(
        "--format",
        choices=("json", "docx", "pdf", "xlsx", "csv"),
        help="output format (default: from OUT's extension; json on stdout)",
    )
    parser.add_argument("--title", help="title printed on the exports")
    parser.add_argument(
        "--patient",
        metavar="NAME",
        help="the client's name: pages naming another patient are left out and listed",
    )
    parser.add_argument("--dob", type=_day, help="the client's date of birth")
    options = parser.parse_args(argv)

    from paradesk.engines.medchron import pipeline, render
    from paradesk.engines.medchron.files import Documents, UnreadableRecordError
    from paradesk.engines.medchron.models import Patient

    fmt = options.format
    if fmt is None and options.output:
        try:
            fmt = render.format_for(options.output)
        except ValueError as error:
            return _fail("chronology", str(error))
    fmt = fmt or "json"
    if options.output is None and fmt != "json" and fmt != "csv":
        return _fail("chronology", f"{fmt} output needs -o OUT (a file to write)")
    paths = [Path(name) for name in options.files]
    for path in paths:
        if not path.is_file():
            return _fail("chronology", f"{path}: no such file")
    documents = Documents(paths)
    try:
        built = pipeline.build(
            documents,
            incident_date=options.incident_date,
            gap_days=options.gap_days,
            warnings=documents.warnings,
            patient=(
                Patient(options.patient, options.dob)
                if options.patient or options.dob
                else None
            ),
        )
    except UnreadableRecordError as error:
        return _fail("chronology", str(error))
    data = render.render(built, fmt, title=options.title)
    if options.output:
        Path(options.output).write_bytes(data)
        print(
            f"paradesk chronology: {len(built.encounters)} encounters, "
            f"{len(built.bills)} bills, {len(built.warnings)} warnings "
            f"-> {options.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def eval_command(argv: list[str]) -> int:
    """`paradesk eval chronology CORPUS_DIR`: precision, recall and exact totals."""
    _use_cache_dir()
    parser = argparse.ArgumentParser(
        prog="paradesk eval",
        description="Score an engine against a corpus with known answers.",
    )
    parser.add_argument("engine", choices=("chronology",))
    parser.add_argument("corpus", metavar="CORPUS_DIR")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    options = parser.parse_args(argv)

    from paradesk.engines.medchron import evaluate

    corpus = Path(options.corpus)
    if not evaluate.case_folders(corpus):
        return _fail("eval", f"{corpus}: no case folders with an expected.json")

    def progress(case: evaluate.CaseScore) -> None:
        print(
            f"  {case.name}: {case.matched}/{case.expected} encounters matched, "
            f"{case.found} found, totals {'exact' if case.totals_exact else 'WRONG'}, "
            f"{case.seconds:.1f} s",
            file=sys.stderr,
        )

    score = evaluate.evaluate(corpus, progress=progress)
    if options.json:
        print(json.dumps(score.as_json(), indent=2))
    else:
        print(evaluate.report(score))
    return 0


def corpus_command(argv: list[str]) -> int:
    """`paradesk corpus chronology OUT_DIR`: synthetic records, no real health data."""
    _use_cache_dir()
    parser = argparse.ArgumentParser(
        prog="paradesk corpus",
        description=(
            "Write a synthetic corpus of medical records with expected answers."
        ),
    )
    parser.add_argument("engine", choices=("chronology",))
    parser.add_argument("out", metavar="OUT_DIR")
    parser.add_argument("--cases", type=_positive, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scanned-share", type=float, default=None)
    options = parser.parse_args(argv)

    from paradesk.engines.medchron.corpus import CorpusOptions, write_corpus

    corpus_options = CorpusOptions()
    if options.scanned_share is not None:
        if not 0 <= options.scanned_share <= 1:
            return _fail("corpus", "--scanned-share must be between 0 and 1")
        corpus_options = CorpusOptions(scanned_share=options.scanned_share)
    written = write_corpus(
        Path(options.out),
        cases=options.cases,
        seed=options.seed,
        options=corpus_options,
    )
    print(f"paradesk corpus: {len(written)} cases in {options.out}", file=sys.stderr)
    return 0


def _use_cache_dir() -> None:
    from paradesk.cli.home import cache_dir
    from paradesk.engines.medchron import codes

    codes.use_cache_dir(cache_dir())


def _fail(command: str, reason: str) -> int:
    print(f"paradesk {command}: {reason}", file=sys.stderr)
    return 2
