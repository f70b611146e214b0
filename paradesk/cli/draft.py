"""`paradesk draft`: fill letters from templates with no server, database or home.

    paradesk draft render TEMPLATE.docx DATA.json -o OUT.docx|OUT.pdf [--draft]
    paradesk draft demand --chronology CHRON.json --matter MATTER.json -o OUT
                          [--template TEMPLATE.docx] [--draft]
    paradesk draft fields TEMPLATE.docx [--json]
    paradesk draft builtin NAME -o OUT.docx

DATA.json is a `paradesk.draft-context/1` document, MATTER.json a
`paradesk.draft-matter/1` one (docs/drafting.md shows both). `--draft` adds the DRAFT
watermark. Every error exits with status 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError


class _RefusedError(Exception):
    """One line for stderr; the command exits 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line too, not usage plus the error."""

    def error(self, message: str) -> NoReturn:
        raise _RefusedError(f"{message} (see {self.prog} -h)")


def _fail(reason: str) -> int:
    print(f"paradesk draft: {reason}", file=sys.stderr)
    return 2


def _read_json(path: str, what: str) -> Any:
    file = Path(path)
    if not file.is_file():
        raise _RefusedError(f"{path}: no such file")
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise _RefusedError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise _RefusedError(f"{path}: {what} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise _RefusedError(
            f"{path}: {what} is not valid JSON (line {error.lineno}: {error.msg})"
        ) from None


def _read_bytes(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise _RefusedError(f"{path}: no such file")
    try:
        return file.read_bytes()
    except OSError as error:
        raise _RefusedError(f"{path}: cannot read ({error.strerror})") from None


def _output(path: str) -> str:
    """OUT, refused before any work when it names neither a .docx nor a .pdf."""
    if Path(path).suffix.lower() not in (".docx", ".pdf"):
        raise _RefusedError(f"{path}: the output must end in .docx or .pdf")
    return path


def _invalid(path: str, error: ValidationError) -> _RefusedError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return _RefusedError(f"{path}: {where}: {first['msg']}")


def _write(data: bytes, output: str) -> None:
    """Writes DOCX bytes to OUT, or their PDF when OUT ends in .pdf."""
    target = Path(_output(output))
    if target.suffix.lower() == ".pdf":
        from paradesk.engines.drafting.pdf import docx_to_pdf

        workdir = Path(tempfile.mkdtemp(prefix="paradesk-draft-"))
        try:
            data = docx_to_pdf(data, workdir=workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    try:
        target.write_bytes(data)
    except OSError as error:
        raise _RefusedError(f"{output}: cannot write ({error.strerror})") from None


def _render(argv: list[str]) -> None:
    parser = _Parser(prog="paradesk draft render")
    parser.add_argument("template", metavar="TEMPLATE.docx")
    parser.add_argument("data", metavar="DATA.json")
    parser.add_argument("-o", "--output", required=True, metavar="OUT")
    parser.add_argument("--draft", action="store_true", help="add the DRAFT watermark")
    options = parser.parse_args(argv)
    _output(options.output)

    from paradesk.engines.drafting.context import DraftContext
    from paradesk.engines.drafting.render import render

    template = _read_bytes(options.template)
    raw = _read_json(options.data, "the data")
    try:
        context = DraftContext.model_validate(raw)
    except ValidationError as error:
        raise _invalid(options.data, error) from None
    document = render(template, context, watermark="DRAFT" if options.draft else None)
    _write(document, options.output)


def _demand(argv: list[str]) -> None:
    parser = _Parser(prog="paradesk draft demand")
    parser.add_argument("--chronology", required=True, metavar="CHRON.json")
    parser.add_argument("--matter", required=True, metavar="MATTER.json")
    parser.add_argument("-o", "--output", required=True, metavar="OUT")
    parser.add_argument("--template", metavar="TEMPLATE.docx", help="default: built-in")
    parser.add_argument("--draft", action="store_true", help="add the DRAFT watermark")
    options = parser.parse_args(argv)
    _output(options.output)

    import jsonschema

    from paradesk.engines.drafting import builtin
    from paradesk.engines.drafting.demand import DemandInputs, build_demand
    from paradesk.engines.drafting.render import render
    from paradesk.engines.medchron import contract

    document = _read_json(options.chronology, "the chronology")
    try:
        contract.validate(document)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise _RefusedError(
            f"{options.chronology}: not a paradesk.chronology/1 document "
            f"({where}: {error.message})"
        ) from None
    raw = _read_json(options.matter, "the matter")
    try:
        inputs = DemandInputs.model_validate(raw)
    except ValidationError as error:
        raise _invalid(options.matter, error) from None
    template = (
        _read_bytes(options.template)
        if options.template
        else builtin.template_bytes("demand")
    )
    demand = build_demand(contract.from_json(document), inputs)
    for warning in demand.warnings:
        print(f"paradesk draft demand: note: {warning}", file=sys.stderr)
    letter = render(
        template, demand.context, watermark="DRAFT" if options.draft else None
    )
    _write(letter, options.output)


def _fields(argv: list[str]) -> None:
    parser = _Parser(prog="paradesk draft fields")
    parser.add_argument("template", metavar="TEMPLATE.docx")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(argv)

    from paradesk.engines.drafting.exceptions import TemplateFieldError
    from paradesk.engines.drafting.fields import inspect

    result = inspect(_read_bytes(options.template))
    if options.json:
        print(
            json.dumps(
                {
                    "fields": result.paths,
                    "problems": [str(problem) for problem in result.problems],
                },
                indent=2,
            )
        )
    else:
        for path in result.paths:
            print(path)
    if result.problems:
        raise TemplateFieldError(result.problems)


def _builtin(argv: list[str]) -> None:
    from paradesk.engines.drafting import builtin

    parser = _Parser(prog="paradesk draft builtin")
    parser.add_argument("name", choices=[item.key for item in builtin.BUILTINS])
    parser.add_argument("-o", "--output", required=True, metavar="OUT.docx")
    options = parser.parse_args(argv)
    _write(builtin.template_bytes(options.name), options.output)


_VERBS = {"render": _render, "demand": _demand, "fields": _fields, "builtin": _builtin}


def draft(argv: list[str]) -> int:
    """`paradesk draft VERB ...`."""
    from paradesk.engines.drafting.exceptions import DraftingError

    if not argv or argv[0] not in _VERBS:
        return _fail(
            f"say what to do: {' | '.join(_VERBS)} (e.g. paradesk draft render -h)"
        )
    try:
        _VERBS[argv[0]](argv[1:])
    except _RefusedError as error:
        return _fail(str(error))
    except DraftingError as error:
        return _fail(str(error))
    return 0
